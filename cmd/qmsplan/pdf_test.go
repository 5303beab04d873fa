package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/pdf"
)

// qmsplan pdf fails before printing on what it can check first, and a run
// that fails while printing leaves the destination as the last good run
// left it.
func TestPDFCommand(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the site and starts a browser")
	}
	src := siteCopy(t)
	dest := filepath.Join(t.TempDir(), "pdf")
	for _, tc := range []struct {
		name   string
		chrome string // QMSPLAN_CHROME
		args   []string
		code   int
		want   string // in the output
	}{
		{"no browser", "qmsplan-no-such-browser", nil, 1, "QMSPLAN_CHROME=qmsplan-no-such-browser"},
		{"unknown record", "", []string{"--only", "R-009-001-2025-01"}, 1, `no record "R-009-001-2025-01" (did you mean "R-009-001-2025-014"?)`},
		{"stray argument", "", []string{"R-009-001-2025-014"}, 1, "record IDs go after --only"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			pinned["QMSPLAN_CHROME"] = tc.chrome
			defer delete(pinned, "QMSPLAN_CHROME")
			code, out := runOS(t, append([]string{"pdf", "--source", src, "--as-of", "2026-12-01", "--destination", dest}, tc.args...)...)
			if code != tc.code || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want %d, with %q in:\n%s", code, tc.code, tc.want, out)
			}
			if _, err := os.Stat(dest); err == nil {
				t.Errorf("the failed run made %s", dest)
			}
		})
	}

	if _, err := pdf.FindChrome(os.Getenv); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("chromium not installed (CI is set, so this is a failure): %s", pdf.Install)
		}
		t.Skipf("chromium not installed: %s", pdf.Install)
	}
	code, out := runOS(t, "pdf", "--source", src, "--as-of", "2026-12-01", "--destination", dest, "--only", "R-009-001-2025-014,R-009-001-2026-011")
	if code != 0 {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	before := tree(t, dest)
	for _, f := range []string{"R-009-001-2025-014_rev3.pdf", "R-009-001-2026-011_rev0.pdf", pdf.ManifestCSV, pdf.ManifestJSON} {
		if _, ok := before[filepath.Join(dest, f)]; !ok {
			t.Errorf("no %s in %s", f, dest)
		}
	}
	// Too short a bound for any page: the run fails, naming the page.
	code, out = runOS(t, "pdf", "--source", src, "--as-of", "2026-12-01", "--destination", dest, "--page-timeout", "1ms", "--only", "R-009-001-2024-009")
	if code != 1 || !strings.Contains(out, "R-009-001-2024-009: page /records/GP-009/r-009-001/") || !strings.Contains(out, "not done in 1ms") {
		t.Errorf("a page over its bound: exit %d:\n%s", code, out)
	}
	if after := tree(t, dest); !reflect.DeepEqual(before, after) {
		t.Errorf("the failed run changed %s", dest)
	}
	if entries, _ := os.ReadDir(filepath.Dir(dest)); len(entries) != 1 {
		t.Errorf("the failed run left %d entries beside the destination", len(entries))
	}
}
