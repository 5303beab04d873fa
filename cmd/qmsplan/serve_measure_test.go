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

	"github.com/qmsplan/qmsplan/generator/fixture"
	"github.com/qmsplan/qmsplan/generator/model"
)

// TestMeasureServe measures the path from a saved plan file to the edited
// page served by `qmsplan serve`, on a fixture site of QMSPLAN_MEASURE_PLANS
// plans (generator/fixture), or on the site in QMSPLAN_MEASURE_SITE (e.g.
// one `qmsbench fixtures` wrote). It starts serve in a child process, waits
// for the page of a plan in the middle, then QMSPLAN_MEASURE_EDITS times
// (default 7) renames one of the plan's extra tasks and polls the page over
// HTTP until the new name is served. It prints what serve said after each
// edit, each line timed from the save, every edit's latency and their
// median, and Hugo's own times: its first build ("Built in") and each
// rebuild ("Total in"). Skipped unless a variable is set:
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
	asOf, _ := model.ParseDate("2026-12-01")
	if site == "" {
		site = t.TempDir()
		if err := fixture.Write("../..", site, fixture.Options{Plans: n, Seed: 1, AsOf: asOf}); err != nil {
			t.Fatal(err)
		}
	}
	// The first extra task's name: text on the plan page, and on the
	// portfolio's lists that show the task.
	nameRE := regexp.MustCompile(`(?s)(\nextra_tasks:\n.*?\n    name: )([^\n]+)`)
	files, _ := filepath.Glob(filepath.Join(site, "data/plans/*.yaml"))
	var plan string
	var orig []byte
	for _, f := range files[len(files)/2:] {
		if b, err := os.ReadFile(f); err == nil && nameRE.Match(b) {
			plan, orig = f, b
			break
		}
	}
	if plan == "" {
		t.Fatalf("%s: no plan with an extra task to rename", site)
	}
	slug := strings.TrimSuffix(filepath.Base(plan), ".yaml")

	srv := startServe(t, site, "--as-of", asOf.String())
	page := srv.url + "/records/GP-009/r-009-001/" + slug + "/"
	start := time.Now()
	srv.waitFor(t, page, 20*time.Minute, func(string) bool { return true })
	ready := time.Since(start)
	t.Logf("serve: first page after %s", ready.Round(time.Millisecond))

	var lat []time.Duration
	for i := range edits {
		marker := fmt.Sprintf("Renamed %d at %d", i, time.Now().UnixNano())
		edited := nameRE.ReplaceAll(orig, []byte("${1}"+marker))
		t0 := time.Now()
		if err := os.WriteFile(plan, edited, 0o644); err != nil {
			t.Fatal(err)
		}
		srv.waitFor(t, page, 5*time.Minute, func(b string) bool { return strings.Contains(b, marker) })
		d := time.Since(t0)
		lat = append(lat, d)
		// Let the rebuild's output settle before the next edit.
		time.Sleep(2 * time.Second)
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
	t.Logf("%s, %d plans, %d edits: edit→visible median %s (min %s, max %s); Hugo: first build %s, rebuilds median %s (%v); serve ready after %s",
		site, len(files), edits, median(lat), slices.Min(lat).Round(time.Millisecond), slices.Max(lat).Round(time.Millisecond), cold, median(totals), totals, ready.Round(time.Millisecond))
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2].Round(time.Millisecond)
}
