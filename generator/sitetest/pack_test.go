package sitetest_test

import (
	"os"
	"path"
	"regexp"
	"slices"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/paths"
)

// An audit pack's cover states the run's as-of date in its HTML: no page
// may need a script to show its content (the print-date script only fills
// "Printed on").
func TestPackCoverStatesTheAsOfDateWithoutAScript(t *testing.T) {
	s := site(t)
	for _, section := range []string{paths.PlanGroup("2025"), paths.TemplatesSection} {
		body := string(s.file(t, "/"+section+"/pack.html"))
		re := regexp.MustCompile(`<dt>As of</dt><dd>` + regexp.QuoteMeta(asOf.String()) + `</dd>`)
		if !re.MatchString(body) {
			t.Errorf("%s/pack.html: the cover does not state the as-of date %s in its HTML", section, asOf)
		}
	}
}

// The audit packs are one a year of the plans, the templates' and the
// portfolio's, and no more: a year's list of plans is paginated, but its
// pack is one document, not one a page of the list (nor a redirect to it).
func TestPackFiles(t *testing.T) {
	s := site(t)
	want := []string{paths.PackURL(paths.PortfolioSection), paths.PackURL(paths.TemplatesSection)}
	for _, y := range []string{"2023", "2024", "2025", "2026"} {
		want = append(want, paths.PackURL(paths.PlanGroup(y)))
	}
	var got []string
	if err := afero.Walk(s.out, "/", func(p string, fi os.FileInfo, err error) error {
		if err == nil && path.Base(p) == paths.PackFile {
			got = append(got, p)
		}
		return err
	}); err != nil {
		t.Fatal(err)
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("pack.html files %q, want %q", got, want)
	}
}
