//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `new plan` writes a new file, never through a link: not through a
// dangling one at the plan's name, nor into a data/plans/ that is a link.
func TestNewPlanWritesNoLink(t *testing.T) {
	for _, tc := range []struct {
		name string
		link func(dir, outside string) string // makes the link, returns it
		want string
	}{
		{"dangling link at the plan's name", func(dir, outside string) string {
			l := filepath.Join(dir, "data/plans/2026-12-01-xx-acme.yaml")
			os.Symlink(filepath.Join(outside, "stolen.yaml"), l)
			return l
		}, "is a symbolic link"},
		{"plans directory is a link", func(dir, outside string) string {
			l := filepath.Join(dir, "data/plans")
			os.RemoveAll(l)
			os.Symlink(outside, l)
			return l
		}, "is a symbolic link"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := siteCopy(t)
			outside := t.TempDir()
			link := tc.link(dir, outside)
			code, out := runOS(t, "new", "plan", "--source", dir, "--template", "integrated-json-only", "--slug", "2026-12-01-xx-acme")
			if code != 1 || !strings.Contains(out, link) || !strings.Contains(out, tc.want) {
				t.Errorf("exit %d, want 1 and %q naming %s:\n%s", code, tc.want, link, out)
			}
			if entries, _ := os.ReadDir(outside); len(entries) != 0 {
				t.Errorf("written outside the site: %v", entries)
			}
		})
	}
}
