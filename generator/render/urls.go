package render

import (
	"strings"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/portfolio"
)

// URLs are the site paths, without a trailing slash, of the pages Render
// and Portfolio make of d as of asOf: the same pages, named by the same
// code, so that validation lets a plan's text link to any of them and to
// nothing else. It runs before the data is known to be valid, so plans
// naming an unknown template (an error of their own) are left out, and
// the data-quality pages are counted without validation's warnings:
// a link to one of them past the first holds only when the portfolio's
// own findings fill it.
func URLs(d *model.Data, asOf model.Date) ([]string, error) {
	ix := d.Index()
	known := *d
	known.Plans = nil
	for _, p := range d.Plans {
		if ix.Templates[p.Template] != nil {
			known.Plans = append(known.Plans, p)
		}
	}
	var urls []string
	for _, sp := range sectionPages {
		urls = append(urls, "/"+sp.dir)
	}
	for _, t := range d.Templates {
		urls = append(urls, paths.TemplateURL(t.Slug))
	}
	for _, p := range d.Plans {
		urls = append(urls, paths.PlanURL(p.Slug))
	}
	pf := portfolio.Build(&known, asOf)
	r := renderer{rows: map[string]*portfolio.Plan{}}
	for _, p := range pf.Plans {
		r.rows[p.Slug] = p
	}
	for _, g := range r.groups(known.Plans) {
		first := "/" + paths.PlanGroup(g.name)
		urls = append(urls, first)
		for n := 2; (n-1)*paths.PlansPerListPage < len(g.plans); n++ {
			urls = append(urls, paths.ListPageURL(first, n))
		}
	}
	pages, err := pfPages(pf, nil, nil)
	if err != nil {
		return nil, err
	}
	for _, p := range pages {
		urls = append(urls, strings.TrimSuffix(paths.PortfolioURL(p.sub), "/"))
	}
	return urls, nil
}
