package write

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/render"
)

const gen = "---\ntitle: X\nparams:\n  generatedBy: qmsplan\n---\nbody\n"

func page(p, body string) render.Page {
	return render.Page{Path: p, Source: "data/plans/" + p, Data: []byte(body)}
}

// stamp fingerprints pages as the pipeline does.
func stamp(t *testing.T, pages ...render.Page) []render.Page {
	t.Helper()
	stamped, err := Stamp(pages)
	if err != nil {
		t.Fatal(err)
	}
	return stamped
}

func run(t *testing.T, fsys afero.Fs, pages ...render.Page) Report {
	t.Helper()
	p, err := Prepare(fsys, "content", stamp(t, pages...))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Apply(); err != nil {
		t.Fatal(err)
	}
	return p.Report
}

func TestCreateUpdateUnchangedRemove(t *testing.T) {
	fsys := afero.NewMemMapFs()
	r := run(t, fsys, page("a/one.md", gen), page("a/two.md", gen))
	if len(r.Created) != 2 {
		t.Fatalf("created = %v, want 2 files", r.Created)
	}
	// A second run with no change writes nothing: the mtime stays.
	old := time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, f := range []string{"content/a/one.md", "content/a/two.md"} {
		if err := fsys.Chtimes(f, old, old); err != nil {
			t.Fatal(err)
		}
	}
	r = run(t, fsys, page("a/one.md", gen), page("a/two.md", gen+"changed\n"))
	if len(r.Unchanged) != 1 || len(r.Updated) != 1 || len(r.Created)+len(r.Removed) != 0 {
		t.Fatalf("report = %+v", r)
	}
	fi, _ := fsys.Stat("content/a/one.md")
	if !fi.ModTime().Equal(old) {
		t.Errorf("unchanged file was rewritten: mtime %v", fi.ModTime())
	}
	// A page whose source is gone is removed, with its now-empty directory.
	r = run(t, fsys, page("b/three.md", gen))
	if strings.Join(r.Removed, ",") != "content/a/one.md,content/a/two.md" {
		t.Fatalf("removed = %v", r.Removed)
	}
	if ok, _ := afero.DirExists(fsys, "content/a"); ok {
		t.Error("empty generated directory was left behind")
	}
}

func TestHandWrittenPageIsNeverTouched(t *testing.T) {
	for _, hand := range []string{
		"---\ntitle: Hand\n---\nmine\n",
		"+++\ntitle = 'Hand'\n+++\nmine\n",
		"no front matter at all\n",
		"---\ntitle: [unclosed\n---\n",
		"---\nparams:\n  generatedBy: somebody-else\n---\n",
	} {
		fsys := afero.NewMemMapFs()
		afero.WriteFile(fsys, "content/a/hand.md", []byte(hand), 0o644)
		afero.WriteFile(fsys, "content/a/other.md", []byte(hand), 0o644)
		_, err := Prepare(fsys, "content", stamp(t, page("a/hand.md", gen), page("a/new.md", gen)))
		var ce ConflictError
		if !errors.As(err, &ce) || len(ce) != 1 || ce[0].Path != "content/a/hand.md" {
			t.Fatalf("%q: err = %v, want one conflict at content/a/hand.md", hand, err)
		}
		if !strings.Contains(err.Error(), "hand-written") || !strings.Contains(err.Error(), "nothing was written") {
			t.Errorf("message does not say why: %v", err)
		}
		// Nothing changed: the new page was not written either.
		if ok, _ := afero.Exists(fsys, "content/a/new.md"); ok {
			t.Error("a page was written despite the conflict")
		}
		// A hand-written page that no generated page wants is not removed.
		r := run(t, fsys, page("b/x.md", gen))
		if len(r.Removed) != 0 {
			t.Errorf("%q: removed %v", hand, r.Removed)
		}
		for _, f := range []string{"content/a/hand.md", "content/a/other.md"} {
			if b, _ := afero.ReadFile(fsys, f); string(b) != hand {
				t.Errorf("%s changed to %q", f, b)
			}
		}
	}
}

func TestLeftoverTempFilesAreCleaned(t *testing.T) {
	fsys := afero.NewMemMapFs()
	afero.WriteFile(fsys, "content/a/.qmsplan-123.tmp", []byte("half"), 0o644)
	run(t, fsys, page("a/one.md", gen))
	if ok, _ := afero.Exists(fsys, "content/a/.qmsplan-123.tmp"); ok {
		t.Error("temp file of an interrupted run was left")
	}
	entries, _ := afero.ReadDir(fsys, "content/a")
	if len(entries) != 1 {
		t.Errorf("content/a has %d entries, want just one.md", len(entries))
	}
}

// failingFs fails renames, as a full disk or a crash would mid-write.
type failingFs struct{ afero.Fs }

func (f failingFs) Rename(string, string) error { return errors.New("disk full") }

func TestFailedWriteKeepsOldContent(t *testing.T) {
	mem := afero.NewMemMapFs()
	run(t, mem, page("a/one.md", gen))
	p, err := Prepare(failingFs{mem}, "content", stamp(t, page("a/one.md", gen+"new\n")))
	if err != nil {
		t.Fatal(err)
	}
	if err := p.Apply(); err == nil {
		t.Fatal("Apply succeeded on a failing disk")
	}
	if b, _ := afero.ReadFile(mem, "content/a/one.md"); string(b) != string(stamp(t, page("a/one.md", gen))[0].Data) {
		t.Errorf("old content damaged: %q", b)
	}
	entries, _ := afero.ReadDir(mem, "content/a")
	if len(entries) != 1 {
		t.Errorf("temp file left after failure: %d entries", len(entries))
	}
}

func TestDuplicatePagePathIsAnError(t *testing.T) {
	_, err := Prepare(afero.NewMemMapFs(), "content", stamp(t, page("a.md", gen), page("a.md", gen)))
	if err == nil || !strings.Contains(err.Error(), "two generated pages") {
		t.Fatalf("err = %v", err)
	}
}

// A hand-written page at the same URL as a generated one, under another
// file name, is a conflict too: Hugo would publish only one of them.
func TestHandWrittenPageAtTheSameURL(t *testing.T) {
	for _, hand := range []string{
		"content/a/one/index.md", "content/a/one/_index.md", "content/a/One.md", "content/a/one.html",
		// Every content format Hugo reads, and a bundle's index in any.
		"content/a/one.htm", "content/a/one.markdown", "content/a/one.mdown", "content/a/one.org",
		"content/a/one.adoc", "content/a/one.asciidoc", "content/a/one.ad", "content/a/one.rst",
		"content/a/one.pandoc", "content/a/one.pdc", "content/a/one/index.org", "content/a/one/_index.adoc",
	} {
		fsys := afero.NewMemMapFs()
		afero.WriteFile(fsys, hand, []byte("---\ntitle: Mine\n---\n"), 0o644)
		_, err := Prepare(fsys, "content", stamp(t, page("a/one.md", gen)))
		var ce ConflictError
		if !errors.As(err, &ce) || ce[0].Path != hand {
			t.Errorf("%s: err = %v, want a conflict naming it", hand, err)
		}
	}
	// A section's hand-written index.md would hide every generated page in it.
	fsys := afero.NewMemMapFs()
	afero.WriteFile(fsys, "content/a/index.md", []byte("---\ntitle: Mine\n---\n"), 0o644)
	if _, err := Prepare(fsys, "content", stamp(t, page("a/_index.md", gen))); err == nil {
		t.Error("hand-written index.md beside a generated _index.md accepted")
	}
}

// The writer refuses a page named by a slug that paths.Slug refuses: it
// would take over its section (index.md), or land outside it.
func TestPageNamesFollowTheSlugRule(t *testing.T) {
	for _, tc := range []struct {
		path string
		want string // in the error; "" if written
	}{
		{"records/x/_index.md", ""},
		{"records/x/2025-01-10-es-acme.md", ""},
		{"records/x/index.md", `slug "index" is reserved by Hugo`},
		{"records/x/a b.md", `slug "a b" is not safe in a URL`},
		{"records/x/../../y.md", `is not a clean page path`},
	} {
		_, err := Prepare(afero.NewMemMapFs(), "content", stamp(t, page(tc.path, gen)))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.path, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want %q", tc.path, err, tc.want)
		}
	}
}
