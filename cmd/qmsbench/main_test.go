package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
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
