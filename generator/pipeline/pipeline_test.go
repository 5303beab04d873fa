package pipeline_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

func TestAliasesCannotTakeOverTheSite(t *testing.T) {
	for alias, owner := range map[string]string{
		"/quality-manual":   "content/quality-manual.md",
		"/Procedures/":      "content/procedures/_index.md",
		"/css/qms.css":      "static/css/qms.css",
		"/robots.txt":       "robots.txt",
		"/records/GP-009/x": "",                 // free: no finding
		"/moved-here":       "content/notes.md", // its url: front matter
	} {
		found := findingWith(t, "slug: ", "aliases: [\""+alias+"\"]\nslug: ", "the redirect would replace it")
		switch {
		case owner == "" && found != "":
			t.Errorf("%s: unexpected %s", alias, found)
		case owner != "" && !strings.Contains(found, owner):
			t.Errorf("%s: want a finding naming %s, got %q", alias, owner, found)
		}
	}
}

// findingWith prepares a small site (a hand-written page, a section, a static
// file and the repository's data) with one sample plan edited, and returns
// the last finding whose message contains msg ("" if none).
func findingWith(t *testing.T, old, new, msg string) string {
	t.Helper()
	return findingIn(t, nil, old, new, msg)
}

// findingIn is findingWith with extra files in the site.
func findingIn(t *testing.T, extra map[string]string, old, new, msg string) string {
	t.Helper()
	fsys := afero.NewMemMapFs()
	afero.WriteFile(fsys, "site/content/quality-manual.md", []byte("---\ntitle: QM\n---\n"), 0o644)
	afero.WriteFile(fsys, "site/content/procedures/_index.md", []byte("---\ntitle: P\n---\n"), 0o644)
	afero.WriteFile(fsys, "site/static/css/qms.css", []byte("body{}"), 0o644)
	afero.WriteFile(fsys, "site/content/notes.md", []byte("---\ntitle: Notes\nurl: /Moved-Here/\n---\n"), 0o644)
	for name, s := range extra {
		afero.WriteFile(fsys, "site/"+name, []byte(s), 0o644)
	}
	copyData(t, fsys)
	plan := "site/data/plans/2025-08-22-br-lm-oncoderm-ae.yaml"
	b, _ := afero.ReadFile(fsys, plan)
	afero.WriteFile(fsys, plan, []byte(strings.Replace(string(b), old, new, 1)), 0o644)
	res, _ := pipeline.Prepare(fsys, "site", model.MustDate("2026-11-27"))
	var found string
	for _, d := range res.Diags {
		if strings.Contains(d.Message, msg) {
			found = d.String()
		}
	}
	return found
}

// A hand-written page or a static file at a record's URL is an error at the
// record's slug: Hugo would publish one of the two and drop the other.
func TestRecordURLsTakenByTheSite(t *testing.T) {
	const url = "/records/GP-009/r-009-001/2025-08-22-br-lm-oncoderm-ae"
	for _, tc := range []struct{ file, content string }{
		{"static" + url + "/index.html", "<p>mine</p>"},
		{"content/elsewhere.md", "---\ntitle: Mine\nurl: " + url + "/\n---\n"},
		{"content/elsewhere.org", "#+TITLE: Mine\n"}, // not at the URL: no finding
	} {
		found := findingIn(t, map[string]string{tc.file: tc.content}, "", "", "is the URL of "+tc.file)
		want := strings.Contains(tc.content, url) || strings.HasPrefix(tc.file, "static")
		switch {
		case want && !strings.Contains(found, "data/plans/2025-08-22-br-lm-oncoderm-ae.yaml:") || want && !strings.Contains(found, "slug"):
			t.Errorf("%s: finding %q, want one at the plan's slug naming it", tc.file, found)
		case !want && found != "":
			t.Errorf("%s: unexpected %s", tc.file, found)
		}
	}
}

func copyData(t *testing.T, fsys afero.Fs) {
	t.Helper()
	osfs := afero.NewOsFs()
	afero.Walk(osfs, "../../data", func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		b, _ := afero.ReadFile(osfs, p)
		return afero.WriteFile(fsys, "site/"+strings.TrimPrefix(p, "../../"), b, 0o644)
	})
}

func TestAsOf(t *testing.T) {
	now := func() time.Time { return time.Date(2026, 11, 27, 23, 59, 0, 0, time.UTC) }
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	for _, tc := range []struct {
		flag string
		env  map[string]string
		want string
		from string
	}{
		{"2025-01-02", map[string]string{"SOURCE_DATE_EPOCH": "0"}, "2025-01-02", "--as-of"},
		{"", map[string]string{"SOURCE_DATE_EPOCH": "86400"}, "1970-01-02", "SOURCE_DATE_EPOCH"},
		{"", nil, "2026-11-27", "today's date"},
	} {
		d, from, err := pipeline.AsOf(tc.flag, env(tc.env), now)
		if err != nil || d.String() != tc.want || from != tc.from {
			t.Errorf("AsOf(%q, %v) = %s, %q, %v", tc.flag, tc.env, d, from, err)
		}
	}
	if _, _, err := pipeline.AsOf("", env(map[string]string{"SOURCE_DATE_EPOCH": "yesterday"}), now); err == nil {
		t.Error("a bad SOURCE_DATE_EPOCH was accepted")
	}
}

func TestMarkdownLinksAreCheckedAgainstTheSite(t *testing.T) {
	for link, ok := range map[string]bool{
		"/quality-manual/": true, // hand-written
		"/records/GP-009/r-009-001/2024-06-10-fr-lumiderm-acne-calculator/": true, // generated
		"/records/GP-009/T-009-001/t-009-001-integrated-iframe-template":    true,
		"/css/qms.css":      true, // static
		"/records/nowhere/": false,
	} {
		found := findingWith(t, "  scope: |\n", "  scope: |\n    See [it]("+link+").\n\n", "goes to no page")
		if ok == (found != "") {
			t.Errorf("%s: ok=%v, finding %q", link, ok, found)
		}
		if !ok && !strings.Contains(found, "2025-08-22-br-lm-oncoderm-ae.yaml:") {
			t.Errorf("%s: finding does not name the plan: %q", link, found)
		}
	}
}
