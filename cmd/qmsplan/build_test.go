package main

import (
	"encoding/json"

	"context"
	"github.com/qmsplan/qmsplan/generator/diag"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
)

// siteCopy copies the site's sources (not its build output) into a temp dir.
func siteCopy(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	for _, part := range []string{"hugo.toml", "data", "content", "layouts", "static"} {
		src := filepath.Join("../..", part)
		err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel("../..", p)
			if d.IsDir() {
				return os.MkdirAll(filepath.Join(dst, rel), 0o755)
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	// Only the hand-written pages: a developer's generated ones are build output.
	os.RemoveAll(filepath.Join(dst, "content/records/GP-009/T-009-001"))
	os.RemoveAll(filepath.Join(dst, "content/records/GP-009/r-009-001"))
	return dst
}

func runOS(t *testing.T, args ...string) (int, string) {
	t.Helper()
	var o, e strings.Builder
	code := (&env{ctx: context.Background(), fs: afero.NewOsFs(), stdout: &o, stderr: &e,
		getenv: func(k string) string { return pinned[k] },
		now:    func() time.Time { t.Fatal("the clock was read"); return time.Time{} }}).run(args)
	return code, o.String() + e.String()
}

// tree lists every file under dir with its content.
func tree(t *testing.T, dir string) map[string]string {
	out := map[string]string{}
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			b, _ := os.ReadFile(p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

func TestBuildChangesNothingUnlessItSucceeds(t *testing.T) {
	site := siteCopy(t)
	code, out := runOS(t, "build", "--source", site)
	if code != 0 {
		t.Fatalf("build failed:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(site, "public/records/GP-009/T-009-001/t-009-001-integrated-json-only-template/index.html")); err != nil {
		t.Fatal("template page not built")
	}
	// Break the site in a way only the built site shows: a link to a page
	// that does not exist.
	tmpl := filepath.Join(site, "data/templates/integrated-json-only.yaml")
	b, _ := os.ReadFile(tmpl)
	os.WriteFile(tmpl, []byte(strings.Replace(string(b), "text: These are certain issues", "text: These are [certain](/records/nowhere/) issues", 1)), 0o644)
	before := tree(t, filepath.Join(site, "content"))
	for p, c := range tree(t, filepath.Join(site, "public")) {
		before[p] = c
	}
	code, out = runOS(t, "build", "--source", site)
	if code != 1 || !strings.Contains(out, "nothing on disk was changed") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	after := tree(t, filepath.Join(site, "content"))
	for p, c := range tree(t, filepath.Join(site, "public")) {
		after[p] = c
	}
	if len(after) != len(before) {
		t.Errorf("%d files before, %d after a failed build", len(before), len(after))
	}
	for p, c := range before {
		if after[p] != c {
			t.Errorf("%s changed in a failed build", p)
		}
	}
	if _, err := os.Stat(filepath.Join(site, "public.qmsplan-new")); err == nil {
		t.Error("the half-built site was left behind")
	}
}

func TestBuildRefusesAForeignDestination(t *testing.T) {
	site := siteCopy(t)
	dest := t.TempDir()
	os.WriteFile(filepath.Join(dest, "thesis.docx"), []byte("years of work"), 0o644)
	code, out := runOS(t, "build", "--source", site, "--destination", dest)
	if code != 1 || !strings.Contains(out, "is not a site qmsplan built") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	if b, _ := os.ReadFile(filepath.Join(dest, "thesis.docx")); string(b) != "years of work" {
		t.Error("a file in the destination was lost")
	}
	for bad, why := range map[string]string{
		".": "holds the site's own sources", "..": "holds the site's own sources", site: "holds the site's own sources",
		"content/site": "inside the site's content/", "static/x": "inside the site's static/",
	} {
		if code, out := runOS(t, "build", "--source", site, "--destination", bad); code != 1 || !strings.Contains(out, why) {
			t.Errorf("--destination %s: exit %d, want %q\n%s", bad, code, why, out)
		}
	}
	// Someone's own web site is not a site qmsplan built.
	mine := t.TempDir()
	os.WriteFile(filepath.Join(mine, "index.html"), []byte("<h1>mine</h1>"), 0o644)
	os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("precious"), 0o644)
	if code, _ := runOS(t, "build", "--source", site, "--destination", mine); code != 1 {
		t.Error("a foreign site with an index.html was replaced")
	}
	if b, _ := os.ReadFile(filepath.Join(mine, "notes.txt")); string(b) != "precious" {
		t.Error("a file in a foreign site was lost")
	}
	// A built site is replaced whole, stale files included.
	code, out = runOS(t, "build", "--source", site, "--destination", filepath.Join(dest, "site")+"/")
	if code != 0 || !strings.Contains(out, "into "+filepath.Join(dest, "site")+" ") {
		t.Fatalf("exit %d:\n%s", code, out)
	}
	os.WriteFile(filepath.Join(dest, "site/stale.html"), []byte("old"), 0o644)
	if code, out = runOS(t, "build", "--source", site, "--destination", filepath.Join(dest, "site")); code != 0 {
		t.Fatalf("rebuild failed:\n%s", out)
	}
	if _, err := os.Stat(filepath.Join(dest, "site/stale.html")); err == nil {
		t.Error("a stale file survived the rebuild")
	}
}

// check builds exactly what build would: a stale generated page on disk
// (its plan deleted) is not part of the site it checks.
func TestCheckIgnoresStaleGeneratedPages(t *testing.T) {
	site := siteCopy(t)
	if code, out := runOS(t, "generate", "--source", site); code != 0 {
		t.Fatal(out)
	}
	os.Remove(filepath.Join(site, "data/plans/2025-08-22-br-lm-oncoderm-ae.yaml"))
	code, out := runOS(t, "check", "--source", site)
	if code != 0 {
		t.Fatalf("check failed:\n%s", out)
	}
	code2, out2 := runOS(t, "build", "--source", site)
	if code2 != 0 {
		t.Fatal(out2)
	}
	if _, err := os.Stat(filepath.Join(site, "public/records/GP-009/r-009-001/2025-08-22-br-lm-oncoderm-ae")); err == nil {
		t.Error("the deleted plan's page was published")
	}
	pagesIn := func(s string) string { i := strings.Index(s, "check passed: "); return strings.Fields(s[i:])[2] }
	built := strings.Fields(out2[strings.Index(out2, "built "):])[1]
	if pagesIn(out) != built {
		t.Errorf("check built %s pages, build %s", pagesIn(out), built)
	}
}

// A run prints one JSON document, whatever stage found the problems: a
// tool reading stdout parses one array, with the data's warnings and the
// broken link together.
func TestJSONIsOneDocumentWhenALinkIsBroken(t *testing.T) {
	site := siteCopy(t)
	tmpl := filepath.Join(site, "data/templates/integrated-json-only.yaml")
	b, _ := os.ReadFile(tmpl)
	os.WriteFile(tmpl, []byte(strings.Replace(string(b), "text: These are certain issues", "text: These are [certain](#nowhere) issues", 1)), 0o644)
	var o, e strings.Builder
	code := (&env{ctx: context.Background(), fs: afero.NewOsFs(), stdout: &o, stderr: &e,
		getenv: func(k string) string { return pinned[k] },
		now:    func() time.Time { t.Fatal("the clock was read"); return time.Time{} }}).run([]string{"check", "--source", site, "--format", "json"})
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s%s", code, o.String(), e.String())
	}
	dec := json.NewDecoder(strings.NewReader(o.String()))
	var found []diag.Diagnostic
	if err := dec.Decode(&found); err != nil {
		t.Fatalf("stdout is not JSON: %v\n%s", err, o.String())
	}
	if dec.More() {
		t.Fatalf("stdout holds more than one JSON document:\n%s", o.String())
	}
	var link, warn bool
	for _, d := range found {
		link = link || strings.Contains(d.Message, "#nowhere")
		warn = warn || d.Severity == diag.Warning
	}
	if !link || !warn {
		t.Errorf("the document lacks the broken link (%v) or the data's warnings (%v):\n%s", link, warn, o.String())
	}
}
