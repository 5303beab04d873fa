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

// StampInPlace stamps a page with room to spare where it lies and any
// other as Stamp does: the same bytes as Stamp's for every page, the same
// error for a page without the mark or with a fingerprint already, and no
// copy of a page whose capacity holds its line; both mark what they stamp
// Stamped.
func TestStampInPlaceIsStamp(t *testing.T) {
	roomy := func(body string, room int) []byte { return append(make([]byte, 0, len(body)+room), body...) }
	for _, tc := range []struct {
		name  string
		data  []byte
		moved bool // whether the page must be copied: too little room
	}{
		{"room to spare", roomy(gen, 96), false},
		{"room for the line exactly", roomy(gen, len("  generatedHash: ")+64+1), false},
		{"a byte short", roomy(gen, len("  generatedHash: ")+64), true},
		{"no room", []byte(gen)[:len(gen):len(gen)], true},
		{"deeper indentation, text after the mark", roomy("---\ntitle: X\nparams:\n      generatedBy: qmsplan\n      kind: plan\n---\nbody\n\nmore\n", 96), false},
		{"mark as the front matter's last line", roomy("---\nparams:\n  generatedBy: qmsplan\n---\n", 96), false},
		{"no mark", roomy("---\ntitle: X\n---\nbody\n", 96), false},
		{"stamped already", roomy(string(stamp(t, page("a/one.md", gen))[0].Data), 96), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := page("a/one.md", string(tc.data))
			want, werr := Stamp([]render.Page{in})
			in.Data = append(make([]byte, 0, cap(tc.data)), tc.data...)
			first := &in.Data[:1][0]
			got, err := StampInPlace([]render.Page{in})
			if (err == nil) != (werr == nil) || err != nil && err.Error() != werr.Error() {
				t.Fatalf("error %v, Stamp's %v", err, werr)
			}
			if err != nil {
				return
			}
			if string(got[0].Data) != string(want[0].Data) {
				t.Fatalf("stamped in place\n%q\nby Stamp\n%q", got[0].Data, want[0].Data)
			}
			if !got[0].Stamped || !want[0].Stamped {
				t.Errorf("stamped, yet not marked Stamped (in place %v, Stamp %v): Prepare would hash it again", got[0].Stamped, want[0].Stamped)
			}
			if moved := &got[0].Data[0] != first; moved != tc.moved {
				t.Errorf("copied %v, want %v (capacity %d for %d bytes)", moved, tc.moved, cap(in.Data), len(got[0].Data))
			}
		})
	}
}
