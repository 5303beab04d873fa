package sitetest_test

import (
	"regexp"
	"testing"

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
