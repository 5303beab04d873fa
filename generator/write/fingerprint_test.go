package write

import (
	"errors"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/render"
)

// A generated page carries a fingerprint of its path and content
// (params.generatedHash): a file with the generated mark whose fingerprint
// does not match was written or edited by hand, so it is never removed or
// overwritten, and a page that wants its place is refused naming it.
func TestFingerprintTellsAnEditedCopyFromOurOwnFile(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edit     func(fsys afero.Fs) // after a run that generated a/one.md
		pages    []render.Page       // the next run's
		conflict string              // "" if the run goes through
		kept     string              // a file that must survive unchanged
	}{
		{
			name: "a copy of a generated page, edited, in another place",
			edit: func(fsys afero.Fs) {
				b, _ := afero.ReadFile(fsys, "content/a/one.md")
				afero.WriteFile(fsys, "content/a/mine.md", []byte(strings.Replace(string(b), "body", "my own notes", 1)), 0o644)
			},
			pages: []render.Page{page("a/one.md", gen)},
			kept:  "content/a/mine.md",
		},
		{
			name: "an exact copy in another place",
			edit: func(fsys afero.Fs) {
				b, _ := afero.ReadFile(fsys, "content/a/one.md")
				afero.WriteFile(fsys, "content/a/mine.md", b, 0o644)
			},
			pages: []render.Page{page("a/one.md", gen)},
			kept:  "content/a/mine.md",
		},
		{
			name: "a generated page edited by hand",
			edit: func(fsys afero.Fs) {
				b, _ := afero.ReadFile(fsys, "content/a/one.md")
				afero.WriteFile(fsys, "content/a/one.md", []byte(strings.Replace(string(b), "body", "fixed by hand", 1)), 0o644)
			},
			pages:    []render.Page{page("a/one.md", gen+"new\n")},
			conflict: "content/a/one.md",
			kept:     "content/a/one.md",
		},
		{
			name: "a generated page edited by hand, whose source is gone",
			edit: func(fsys afero.Fs) {
				b, _ := afero.ReadFile(fsys, "content/a/one.md")
				afero.WriteFile(fsys, "content/a/one.md", []byte(strings.Replace(string(b), "body", "fixed by hand", 1)), 0o644)
			},
			pages: []render.Page{page("b/two.md", gen)},
			kept:  "content/a/one.md",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			run(t, fsys, page("a/one.md", gen))
			tc.edit(fsys)
			before, _ := afero.ReadFile(fsys, tc.kept)
			c, err := Prepare(fsys, "content", stamp(t, tc.pages...))
			var ce ConflictError
			switch {
			case tc.conflict != "" && (!errors.As(err, &ce) || ce[0].Path != tc.conflict || !strings.Contains(err.Error(), "fingerprint")):
				t.Fatalf("err = %v, want a conflict at %s saying its fingerprint does not match", err, tc.conflict)
			case tc.conflict == "" && err != nil:
				t.Fatal(err)
			case err == nil:
				if err := c.Apply(); err != nil {
					t.Fatal(err)
				}
			}
			if b, _ := afero.ReadFile(fsys, tc.kept); string(b) != string(before) {
				t.Errorf("%s changed or was removed: %q", tc.kept, b)
			}
		})
	}
}

// An unstamped page is a mistake of the program: refused loudly.
func TestUnstampedPageIsRefused(t *testing.T) {
	_, err := Prepare(afero.NewMemMapFs(), "content", []render.Page{{Path: "a/one.md", Source: "x", Data: []byte(gen)}})
	if err == nil || !strings.Contains(err.Error(), "fingerprint") {
		t.Fatalf("err = %v", err)
	}
}
