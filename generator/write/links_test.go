//go:build unix

package write

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// qmsplan writes only into real directories below content/: a symbolic
// link anywhere on a page's path (content/ itself, a section, the page)
// would make it write through into, or over, what the link points to.
// Every link is named, and nothing is written.
func TestLinksOnAPagesPathAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		link string // made a link to dir/legacy
		page string // the generated page, under content/
	}{
		{"section", "content/records/sec", "records/sec/p.md"},
		{"a parent of the section", "content/records", "records/sec/p.md"},
		{"content/ itself", "content", "records/sec/p.md"},
		{"the page", "content/records/sec/p.md", "records/sec/p.md"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			legacy := filepath.Join(dir, "legacy")
			os.MkdirAll(legacy, 0o755)
			hand := filepath.Join(legacy, "p.md")
			os.WriteFile(hand, []byte(gen), 0o644) // looks generated: only the link tells
			link := filepath.Join(dir, tc.link)
			os.MkdirAll(filepath.Dir(link), 0o755)
			target := legacy
			if strings.HasSuffix(tc.link, ".md") {
				target = hand
			}
			if err := os.Symlink(target, link); err != nil {
				t.Fatal(err)
			}
			fsys := afero.NewOsFs()
			c, err := Prepare(fsys, filepath.Join(dir, "content"), stamp(t, page(tc.page, gen+"new\n")))
			var le LinkError
			if !errors.As(err, &le) || !strings.Contains(err.Error(), link+" is a symbolic link") {
				if err == nil {
					c.Apply()
				}
				t.Fatalf("err = %v, want one naming the link %s", err, link)
			}
			if b, _ := os.ReadFile(hand); string(b) != gen {
				t.Errorf("written through the link: %s is now %q", hand, b)
			}
			if entries, _ := os.ReadDir(legacy); len(entries) != 1 {
				t.Errorf("%s has %d entries, want its one file", legacy, len(entries))
			}
		})
	}
}
