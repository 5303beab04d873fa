package paths

import (
	"errors"
	"regexp"
	"testing"
)

func TestSlug(t *testing.T) {
	for _, tc := range []struct {
		slug, problem string
	}{
		{"2025-08-22-br-jj", ""},
		{"Ok-1.2", ""},
		{"index.v2", ""},
		{"indexes", ""},
		{"index", "is reserved by Hugo"},
		{"index.html", "ends in .html or .htm: Hugo would write the page as that file, not as a directory"},
		{"a.HTM", "ends in .html or .htm: Hugo would write the page as that file, not as a directory"},
		{"a.html.v2", ""},
		{"INDEX", "is reserved by Hugo"},
		{"_index", "is not safe in a URL"},
		{"a b", "is not safe in a URL"},
		{"../x", "is not safe in a URL"},
		{"a..b", "is not safe in a URL"},
		{"", "is not safe in a URL"},
		{"-a", "is not safe in a URL"},
		{"é", "is not safe in a URL"},
		{"2025", "is the URL of the list of plans of a year (or of the undated ones)"},
		{"Undated", "is the URL of the list of plans of a year (or of the undated ones)"},
		{"20251", ""},
		{"2025-x", ""},
		{"undated-2", ""},
	} {
		err := Slug(tc.slug)
		var se *SlugError
		switch {
		case tc.problem == "" && err != nil:
			t.Errorf("Slug(%q) = %v, want nil", tc.slug, err)
		case tc.problem != "" && !errors.As(err, &se):
			t.Errorf("Slug(%q) = %v, want a *SlugError", tc.slug, err)
		case tc.problem != "" && se.Problem != tc.problem:
			t.Errorf("Slug(%q): %q, want %q", tc.slug, se.Problem, tc.problem)
		}
		// The schema says the rule with the two patterns: they must agree.
		inSchema := regexp.MustCompile(SlugPattern).MatchString(tc.slug) && !regexp.MustCompile(NotSlugPattern).MatchString(tc.slug)
		if inSchema != (err == nil) {
			t.Errorf("%q: the schema's patterns accept it: %v; Slug: %v", tc.slug, inSchema, err)
		}
	}
}

func TestBuiltFileAndContentURL(t *testing.T) {
	for _, tc := range []struct {
		rel, file, url string
		page           bool
	}{
		{"_index.md", "index.html", "", true},
		{"records/GP-009/r-009-001/_index.md", "records/GP-009/r-009-001/index.html", "/records/gp-009/r-009-001", true},
		{"records/GP-009/r-009-001/p1.md", "records/GP-009/r-009-001/p1/index.html", "/records/gp-009/r-009-001/p1", true},
		{"a/b/index.md", "a/b/index.html", "/a/b", true},
		{"a/b.html", "a/b/index.html", "/a/b", true},
		{"a/bindex.md", "a/bindex/index.html", "/a/bindex", true},
		{"a/logo.png", "", "", false},
	} {
		file, ok := BuiltFile(tc.rel)
		if file != tc.file || ok != tc.page {
			t.Errorf("BuiltFile(%q) = %q, %v; want %q, %v", tc.rel, file, ok, tc.file, tc.page)
		}
		url, ok := ContentURL(tc.rel)
		if url != tc.url || ok != tc.page {
			t.Errorf("ContentURL(%q) = %q, %v; want %q, %v", tc.rel, url, ok, tc.url, tc.page)
		}
	}
}

func TestRoleFeed(t *testing.T) {
	for _, c := range []struct{ code, want string }{
		{"Deal Owner", "milestones-deal-owner.ics"},
		{"JD-013", "milestones-jd-013.ics"},
		{"Client IT", "milestones-client-it.ics"},
		{"  R&D / QA ", "milestones-r-d-qa.ics"},
		{"Médico", "milestones-m-dico.ics"},
	} {
		if got := RoleFeed(c.code); got != c.want {
			t.Errorf("RoleFeed(%q) = %q, want %q", c.code, got, c.want)
		}
	}
}

func TestRel(t *testing.T) {
	for _, tc := range []struct{ from, to, want string }{
		{"/records/GP-009/portfolio/", TaskURL("p1", "kickoff"), "../r-009-001/p1/#task-kickoff"},
		{"/records/GP-009/portfolio/2025/2/", TaskURL("p1", "kickoff"), "../../../r-009-001/p1/#task-kickoff"},
		{"/records/GP-009/portfolio/", PortfolioURL("2025"), "2025/"},
		{"/records/GP-009/portfolio/overdue/", PortfolioURL(""), "../"},
		{"/records/GP-009/portfolio/", PortfolioURL(""), "./"},
		{"/records/GP-009/r-009-001/p1/", TaskURL("p1", "x"), "#task-x"},
		{"/records/GP-009/r-009-001/p1/", "/records/GP-009/r-009-001/p1/#", "./"},
		{"/records/GP-009/r-009-001/p1/", "/records/GP-009/r-009-001/p1/", "./"},
		{"/records/GP-009/r-009-001/p2/", TaskURL("p1", "x"), "../p1/#task-x"},
	} {
		if got := Rel(tc.from, tc.to); got != tc.want {
			t.Errorf("Rel(%q, %q) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}
