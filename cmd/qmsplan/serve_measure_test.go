package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// TestMeasureServe measures the path from a saved plan file to the edited
// page served by `qmsplan serve`, on a site of QMSPLAN_MEASURE_PLANS copies
// of the sample plan (or on the site in QMSPLAN_MEASURE_SITE, e.g. one
// written by `qmsbench fixtures`, whose plan QMSPLAN_MEASURE_PLAN is
// edited). It starts serve in a child process, waits for the plan's page,
// then QMSPLAN_MEASURE_EDITS times (default 7) rewrites one task's notes
// in the plan file and polls the page over HTTP until the new text is
// served. It prints every edit's latency, their median, and Hugo's own
// times: the first build ("Built in") and each rebuild ("Total in").
// Skipped unless a variable is set:
//
//	flock /work/measure.lock env QMSPLAN_MEASURE_PLANS=1000 go test ./cmd/qmsplan -run MeasureServe -v
func TestMeasureServe(t *testing.T) {
	n, _ := strconv.Atoi(os.Getenv("QMSPLAN_MEASURE_PLANS"))
	site := os.Getenv("QMSPLAN_MEASURE_SITE")
	if n == 0 && site == "" {
		t.Skip("set QMSPLAN_MEASURE_PLANS to the number of plans, or QMSPLAN_MEASURE_SITE to a site")
	}
	edits := 7
	if e, err := strconv.Atoi(os.Getenv("QMSPLAN_MEASURE_EDITS")); err == nil {
		edits = e
	}
	slug := os.Getenv("QMSPLAN_MEASURE_PLAN")
	if site == "" {
		site = measureSite(t, n)
		slug = measureSlug(n / 2)
	}
	plan := filepath.Join(site, "data/plans", slug+".yaml")
	orig, err := os.ReadFile(plan)
	if err != nil {
		t.Fatal(err)
	}
	// A task's notes: text on the plan page only (no portfolio page shows
	// it), the most common kind of edit.
	notesRE := regexp.MustCompile(`(?m)^(  [a-z_]+: \{[^\n]*?notes: )("[^"\n]*"|[^,}\n]+)`)
	if !notesRE.Match(orig) {
		t.Fatalf("%s: no task with notes to edit", plan)
	}

	srv := startServe(t, site, "--as-of", "2026-12-01")
	page := srv.url + "/records/GP-009/r-009-001/" + slug + "/"
	start := time.Now()
	srv.waitFor(t, page, 20*time.Minute, func(string) bool { return true })
	ready := time.Since(start)
	t.Logf("serve: first page after %s", ready.Round(time.Millisecond))

	var lat []time.Duration
	for i := range edits {
		marker := fmt.Sprintf("Edited %d at %d", i, time.Now().UnixNano())
		edited := notesRE.ReplaceAll(orig, []byte("${1}"+marker))
		t0 := time.Now()
		if err := os.WriteFile(plan, edited, 0o644); err != nil {
			t.Fatal(err)
		}
		srv.waitFor(t, page, 2*time.Minute, func(b string) bool { return strings.Contains(b, marker) })
		d := time.Since(t0)
		lat = append(lat, d)
		// Let the rebuild's output settle before the next edit.
		time.Sleep(1500 * time.Millisecond)
		var said strings.Builder
		for _, l := range srv.out.since(t0) {
			fmt.Fprintf(&said, "\t+%5d ms  %s\n", l.at.Sub(t0).Milliseconds(), l.text)
		}
		t.Logf("edit %d: visible after %s; serve said:\n%s", i, d.Round(time.Millisecond), said.String())
	}
	out := srv.out.String()
	built := regexp.MustCompile(`Built in (\d+) ms`).FindStringSubmatch(out)
	var totals []time.Duration
	for _, m := range regexp.MustCompile(`Total in (\d+) ms`).FindAllStringSubmatch(out, -1) {
		ms, _ := strconv.Atoi(m[1])
		totals = append(totals, time.Duration(ms)*time.Millisecond)
	}
	cold := "?"
	if built != nil {
		cold = built[1] + " ms"
	}
	t.Logf("plans=%d edits=%d: edit→visible median %s (min %s, max %s); Hugo: first build %s, rebuilds median %s (%d rebuilds: %v); serve ready after %s",
		n, edits, median(lat), slices.Min(lat), slices.Max(lat), cold, median(totals), len(totals), totals, ready.Round(time.Millisecond))
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2].Round(time.Millisecond)
}

// measureSite is a copy of the site with n copies of the sample plan, each
// with its own slug, sidebar label and record ID, and start dates spread
// over ten years so that the portfolio's year pages fill.
func measureSite(t *testing.T, n int) string {
	t.Helper()
	site := siteCopy(t)
	os.RemoveAll(filepath.Join(site, "content/records/GP-009/portfolio"))
	plans := filepath.Join(site, "data/plans")
	sample, err := os.ReadFile(filepath.Join(plans, "2025-08-22-br-lm-oncoderm-ae.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(plans); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(plans, 0o755); err != nil {
		t.Fatal(err)
	}
	s := string(sample)
	for _, old := range []string{"slug: 2025-08-22-br-lm-oncoderm-ae\n", "sidebar_label: \"BR L&M 20250822\"\n", "  id: R-009-001-2025-014\n"} {
		if strings.Count(s, old) != 1 {
			t.Fatalf("sample plan changed: %q is not there once; update measureSite", old)
		}
	}
	for i := range n {
		p := strings.Replace(s, "slug: 2025-08-22-br-lm-oncoderm-ae\n", "slug: "+measureSlug(i)+"\n", 1)
		p = strings.Replace(p, "sidebar_label: \"BR L&M 20250822\"\n", fmt.Sprintf("sidebar_label: \"BR L&M %06d\"\n", i), 1)
		p = strings.Replace(p, "  id: R-009-001-2025-014\n", fmt.Sprintf("  id: R-009-001-2025-%06d\n", 100000+i), 1)
		if err := os.WriteFile(filepath.Join(plans, measureSlug(i)+".yaml"), []byte(p), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return site
}

func measureSlug(i int) string { return fmt.Sprintf("2025-08-22-br-lm-oncoderm-ae-%06d", i) }
