package pdf

import (
	"errors"
	"fmt"
	"html"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"

	"github.com/spf13/afero"

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
	// ID names the pack: the section's record series and, for the plans,
	// the year (R-009-001-2025, R-009-001-undated); T-009-001;
	// GP-009-portfolio.
	ID    string
	Title string // the PDF's title: "R-009-001 Implementation plans, 2025"
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

// Records are the data's records to print alone: the templates and the
// plans.
func Records(data *model.Data) []Record {
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
	return recs
}

// contentsIDRE is a record's ID in a pack's contents (list.pack.html).
var contentsIDRE = regexp.MustCompile(`<a href="#R\d+">([^<]*)</a>`)

// Packs are the audit packs of the built site: one per year of the plans,
// years ascending, then the undated; the templates'; the portfolio's. The
// years are found in the site (each pack.html of a sub-section of the
// plans, hugo.toml), not worked out here: which year a plan belongs to is
// render's rule alone. It fails unless the year packs' contents, together,
// list every plan of the data exactly once.
func Packs(site afero.Fs, data *model.Data) ([]Pack, error) {
	series := strings.ToUpper(path.Base(paths.PlansSection))
	dirs, err := afero.ReadDir(site, "/"+paths.PlansSection)
	if err != nil {
		return nil, fmt.Errorf("the built site: %w", err)
	}
	want := map[string]bool{}
	for _, p := range data.Plans {
		want[p.Document.ID] = true
	}
	in := map[string]string{} // record ID: the pack listing it
	var packs []Pack
	var errs []error
	for _, d := range dirs { // sorted by name: the years, then "undated"
		url := paths.PackURL(path.Join(paths.PlansSection, d.Name()))
		page, err := afero.ReadFile(site, url)
		if !d.IsDir() || errors.Is(err, fs.ErrNotExist) {
			continue // a plan's page, which has no pack
		}
		if err != nil {
			return nil, fmt.Errorf("the built site: %w", err)
		}
		pk := Pack{ID: series + "-" + d.Name(), Title: series + " Implementation plans, " + d.Name(), URL: url}
		for _, m := range contentsIDRE.FindAllSubmatch(page, -1) {
			id := html.UnescapeString(string(m[1]))
			switch {
			case !want[id]:
				errs = append(errs, fmt.Errorf("%s: its contents list %q, no plan of the data: is it built by layouts/list.pack.html?", url, id))
			case in[id] != "":
				errs = append(errs, fmt.Errorf("%s: its contents list %s, which %s lists too: a plan belongs to one year (render.groupOf)", url, id, in[id]))
			default:
				in[id] = url
			}
			pk.Records++
		}
		packs = append(packs, pk)
	}
	for _, p := range data.Plans {
		if in[p.Document.ID] == "" {
			errs = append(errs, fmt.Errorf("plan %s (%s) is in no year's audit pack: is %s built with a pack.html for each year (hugo.toml cascade)?", p.Document.ID, p.Src.File, "/"+paths.PlansSection))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	tpl := strings.ToUpper(path.Base(paths.TemplatesSection))
	return append(packs,
		Pack{ID: tpl, Title: tpl + " Templates", URL: paths.PackURL(paths.TemplatesSection), Records: len(data.Templates)},
		Pack{ID: PortfolioPack, Title: "GP-009 Portfolio", URL: paths.PackURL(paths.PortfolioSection)},
	), nil
}
