package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestFixtures(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "site")
	var stderr bytes.Buffer
	if code := run([]string{"fixtures", "--plans", "3", "--out", dir, "--source", "../.."}, &stderr, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, &stderr)
	}
	plans, _ := filepath.Glob(filepath.Join(dir, "data/plans/*.yaml"))
	if len(plans) != 3 {
		t.Errorf("%d plans written, want 3", len(plans))
	}
}

func TestFixturesUsage(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"fixtures", "--plans", "3"}, "give --out DIR"},
		{[]string{"fixtures", "--out", "x", "--as-of", "2026-02-30"}, "--as-of"},
		{[]string{"fixtures", "--out", "x", "--plans", "-1"}, "--plans"},
	} {
		var stderr bytes.Buffer
		if code := run(c.args, &stderr, &stderr); code != 1 || !strings.Contains(stderr.String(), c.want) {
			t.Errorf("%v: exit %d, %q; want exit 1 and %q", c.args, code, &stderr, c.want)
		}
	}
}

// TestMain lets the test binary stand in for qmsbench as run's child:
// run starts os.Executable() hugo-bare DIR.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "hugo-bare" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// TestRun proves the command works end to end on a tiny fixture; what it
// prints is not a measurement.
func TestRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds qmsplan and two small sites (-short)")
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"run", "--plans", "20", "--runs", "1", "--source", "../.."}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, &stderr)
	}
	out := stdout.String()
	for _, want := range []string{"| plans | `qmsplan build` | peak RSS |", "\n| 20 | "} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestTable(t *testing.T) {
	rows := []result{
		{plans: 100, build: sample{wall: 2 * time.Second, rss: 200 << 20}, bare: sample{wall: time.Second, rss: 100 << 20},
			generate: time.Second, generateNoop: time.Second / 2, outBytes: 3 << 30, pages: 10, pageBytes: 40 << 10},
		{plans: 1000, build: sample{wall: 30 * time.Second, rss: 1 << 30}, bare: sample{wall: 10 * time.Second, rss: 512 << 20},
			generate: 8 * time.Second, generateNoop: 4 * time.Second, outBytes: 30 << 20, pages: 100, pageBytes: 4 << 20},
	}
	got := table(rows, 3)
	for _, want := range []string{
		"| 100 | 2.00 s | 200 MB | 3.00 GB | 10 | 4 KB | 1.00 s | 0.50 s | 1.00 s | 100 MB | 2.00 | 1.00 |",
		// 30 s for 10 times the plans is 1.5 times the time per plan.
		"| 1000 | 30.00 s | 1.00 GB | 30 MB | 100 | 41 KB | 8.00 s | 4.00 s | 10.00 s | 512 MB | 3.00 | 1.50 |",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("table lacks\n%s\ngot:\n%s", want, got)
		}
	}
}
