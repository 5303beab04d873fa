package pdf

import (
	"path"
	"strconv"
	"strings"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// Record is a page printed alone: a plan, or a template.
type Record struct {
	// ID is the record ID (R-009-001-2025-014); a template's is its
	// document ID and key (T-009-001-integrated-iframe): all templates
	// share the ID T-009-001.
	ID       string
	Revision string // "" when the page carries no document control
	State    string // draft, effective, superseded; "" as Revision
	Title    string
	URL      string // site path of the page, with its trailing slash
}

// File is the name of the record's PDF: its ID and revision.
func (r Record) File() string {
	if r.Revision == "" {
		return r.ID + ".pdf"
	}
	return r.ID + "_rev" + r.Revision + ".pdf"
}

// Pack is the audit pack of a generated section: its records in the
// order of the section (the layout's, list.pack.html).
type Pack struct {
	ID    string // the section's record series: R-009-001, T-009-001; GP-009-portfolio
	Title string // the PDF's title: "R-009-001 Implementation plans"
	URL   string // the pack's site path
	// Records is how many records it holds; 0 for as many as its contents
	// list (the portfolio's pages, which its pagination decides).
	Records int
}

// PortfolioPack is the portfolio pack's ID: the portfolio is no record
// series, it is process GP-009's view of the plans.
const PortfolioPack = "GP-009-portfolio"

// File is the name of the pack's PDF.
func (p Pack) File() string { return p.ID + "_audit-pack.pdf" }

// Records are the data's records to print alone, and the packs of the
// generated sections: the plans, the templates and the portfolio.
func Records(data *model.Data) ([]Record, []Pack) {
	var recs []Record
	for _, t := range data.Templates {
		r := Record{ID: t.ID + "-" + t.Key, Title: t.Title, URL: paths.TemplateURL(t.Slug) + "/"}
		if d := t.Document; d != nil {
			r.Revision, r.State = strconv.Itoa(d.Revision), d.State
		}
		recs = append(recs, r)
	}
	for _, p := range data.Plans {
		recs = append(recs, Record{
			ID: p.Document.ID, Revision: strconv.Itoa(p.Document.Revision), State: p.Document.State,
			Title: p.Title, URL: paths.PlanURL(p.Slug) + "/",
		})
	}
	pack := func(section, title string, n int) Pack {
		id := strings.ToUpper(path.Base(section))
		return Pack{ID: id, Title: id + " " + title, URL: paths.PackURL(section), Records: n}
	}
	packs := []Pack{
		pack(paths.PlansSection, "Implementation plans", len(data.Plans)),
		pack(paths.TemplatesSection, "Templates", len(data.Templates)),
		{ID: PortfolioPack, Title: "GP-009 Portfolio", URL: paths.PackURL(paths.PortfolioSection)},
	}
	return recs, packs
}
