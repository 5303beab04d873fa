package render

import (
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/export"
	"github.com/qmsplan/qmsplan/generator/gantt"
	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/internal/yamlout"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/portfolio"
)

// PerPage is the most rows a portfolio list page carries; longer lists go on
// numbered pages, so that every page stays bounded whatever the number of
// plans.
// Each page costs Hugo its shell (sidebar, breadcrumbs, footer), so pages
// are long: 500 rows are some 150 KB of HTML.
const PerPage = 500

// The portfolio's horizons, in days after (or before) the as-of date.
const (
	activeDays = 90 // the portfolio's Gantt: plans running or starting or ending within
	soonDays   = 30
	staleDays  = 30 // overdue by more than this is a data-quality finding
)

// PortfolioView is a portfolio page's data (params.portfolio), drawn by the
// portfolio-* shortcodes (layouts/_shortcodes): its few counts and links.
// Its tables (tasks, findings, plans and statuses, a Gantt's rows) are
// drawn in Go (tables.go) into the body: as front matter they were most of
// the portfolio's cost in Hugo. Links are relative to the page.
type PortfolioView struct {
	AsOf   string      `yaml:"asOf"`
	Counts []CountView `yaml:"counts,omitempty"`
	Chart  *ChartView  `yaml:"chart,omitempty"`
	Links  []LinkView  `yaml:"links,omitempty"`
	// Pager is every page of a paginated list, the current one without Href;
	// empty when the list fits one page.
	Pager []LinkView `yaml:"pager,omitempty"`
	// Exports are the files of the same rows the build writes beside the
	// pages (generator/export), listed on the portfolio page.
	Exports []export.Link `yaml:"exports,omitempty"`
}

// CountView is one number of the portfolio and the page that lists it.
type CountView struct {
	Label string `yaml:"label"`
	N     int    `yaml:"n"`
	Href  string `yaml:"href,omitempty"`
}

// LinkView is a link to another portfolio page.
type LinkView struct {
	Label string `yaml:"label"`
	Href  string `yaml:"href,omitempty"`
	Note  string `yaml:"note,omitempty"`
}

// ChartView is one Gantt: its SVGs and its rows, which the page shows as a
// table: the chart's text alternative. A plan page's chart has no rows: its
// task tables are its text alternative.
//
// A portfolio chart is drawn once, in chunks of at most gantt.PrintRows
// rows, each a whole SVG with its own axis, legend and as-of line: the
// screen shows them one under the other, print puts each on an A4
// landscape page of its own. Drawing the chart a second time whole for the
// screen doubled the pages' SVG (some 20 MB at 1,000 plans) and the
// drawing. A plan page's chart is one SVG, on screen and in print.
//
// The SVGs are not front matter but the page body's: the inner content of
// the shortcode that draws the chart, one SVG a line (gantt.Render writes
// one line, with no "{{"). In front matter YAML would escape every quote of
// them and Hugo parse them back: that was a third of the portfolio's cost
// at 1,000 plans.
type ChartView struct {
	SVGs  []string            `yaml:"-"`
	Title string              `yaml:"title"`
	Lanes []ChartLaneView     `yaml:"-"` // drawn by chartRows, after the chart
	keys  [][sha256.Size]byte // each SVG's chartKey, when drawn through Charts
}

// ChartLaneView is one lane of a Gantt and its bars: a group of rows of its
// table (chartRows).
type ChartLaneView struct {
	Label, Href string
	Rows        []ChartRowView
}

// inner is the charts' SVGs as their shortcode's inner content, in parts.
func (c ChartView) inner() []string {
	return append([]string{"\n"}, c.SVGs...)
}

// ChartRowView is one bar of a Gantt, a row of its table (chartRows).
type ChartRowView struct {
	Label, Kind, Href, Start, End, Status string
	Overdue                               bool
}

// TaskRowView is one task of an index page (taskRows).
type TaskRowView struct {
	Plan, Task, Href, Phase, Roles, Start, End, Status string
	Days                                               int // overdue by
}

// FindingView is one data-quality finding (findingsTable): where the data
// says it (file:line:col) and the place on the plan page it is about.
type FindingView struct {
	Where, Message, Plan, Href string
}

// PlanCountView is one plan's number of tasks per status (planCounts).
type PlanCountView struct {
	Plan, Href string
	Counts     []int
}

// pfPage is one portfolio page before it is Markdown.
type pfPage struct {
	sub       string // below the portfolio section; "" the portfolio itself
	section   bool   // has pages below it (its _index.md)
	title     string
	linkTitle string
	weight    int
	intro     string // Markdown
	blocks    []pfBlock
	view      PortfolioView
}

// pfBlock is a heading (may be empty) and the shortcode drawing its part,
// with its inner content when it has one, in parts: the page is written
// once, at its size, rather than copied from part to part (a Gantt page's
// SVGs and table are a megabyte).
type pfBlock struct {
	heading, shortcode string
	inner              []string
}

// Portfolio returns the portfolio's pages: the portfolio, a Gantt per year,
// the index pages and the data-quality page. warnings are validation's,
// shown on the data-quality page with the portfolio's own findings.
func Portfolio(pf *portfolio.Portfolio, warnings diag.List) ([]Page, error) {
	return PortfolioReusing(pf, warnings, nil)
}

// PortfolioReusing is Portfolio, taking from charts (if not nil) the
// Gantt SVGs an earlier run drew of the same chart, and keeping this run's
// in it for the next.
func PortfolioReusing(pf *portfolio.Portfolio, warnings diag.List, charts *Charts) ([]Page, error) {
	charts.begin()
	all, err := pfPages(pf, warnings, charts)
	charts.end(err == nil)
	if err != nil {
		return nil, err
	}
	// Pages are independent once drawn: written out on every core.
	pages := make([]Page, len(all))
	errs := make([]error, len(all))
	parallel.For(len(all), func(i int) {
		p := all[i]
		file := paths.PortfolioPage(p.sub)
		if p.section {
			file = paths.SectionPage(strings.TrimSuffix(paths.PortfolioSection+"/"+p.sub, "/"))
		}
		v := p.view
		v.AsOf = pf.AsOf.String()
		fm := FrontMatter{Title: p.title, LinkTitle: p.linkTitle, Weight: p.weight,
			Params: Params{GeneratedBy: paths.Generated, Source: paths.Plans, Kind: "portfolio",
				Portfolio: &v}}
		var body []string
		if p.intro != "" {
			body = append(body, p.intro, "\n\n")
		}
		for _, b := range p.blocks {
			if b.heading != "" {
				body = append(body, "## ", Text(b.heading), "\n\n")
			}
			body = append(body, "{{< ", b.shortcode, " >}}")
			if len(b.inner) > 0 {
				body = append(append(body, b.inner...), "{{< /", b.shortcode, " >}}")
			}
			body = append(body, "\n\n")
		}
		pages[i], errs[i] = pfExecute(file, fm, body)
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return pages, nil
}

// pfPages is the portfolio's pages, in order, before they are Markdown.
func pfPages(pf *portfolio.Portfolio, warnings diag.List, charts *Charts) ([]pfPage, error) {
	r := pfRenderer{pf: pf, styles: ganttStyles(pf.Statuses), views: statusViews(pf.Statuses), charts: charts, env: env(pf)}
	// The parts are drawn on every core (a year's Gantts are, within its
	// part), and taken in this order.
	parts := []func() []pfPage{r.home, r.years, r.overdue, r.statuses, r.roles, r.phases, r.milestones,
		func() []pfPage { return r.quality(warnings) }}
	drawn := make([][]pfPage, len(parts))
	parallel.For(len(parts), func(i int) { drawn[i] = parts[i]() })
	all := slices.Concat(drawn...)
	// A page's weight is its place in this order, so that the sidebar
	// lists each section's pages as drawn here: weights of each part's
	// own (a year's 10+i, the overdue list's 40+i) interleaved a year's
	// numbered pages with the others' once a part had more than ten. The
	// portfolio's own page is weighted among GP-009's sections.
	for i := range all {
		all[i].weight = i
	}
	all[0].weight = 30
	return all, r.err // the drawing is done: no lock needed
}

type pfRenderer struct {
	pf     *portfolio.Portfolio
	styles gantt.Styles
	views  map[string]StatusView // the status registry as cells show it
	charts *Charts               // the SVGs and pages drawn before; nil: draw every one
	env    keyBytes              // what every page is drawn from: the as-of date and the statuses
	mu     sync.Mutex            // pages are drawn on every core
	err    error                 // the first failure
}

// env is what every portfolio page is drawn from besides its own strings
// and rows, as the start of a key for remember. A row is built from the
// statuses too (portfolio.BuildReusing), but a page without rows is not.
func env(pf *portfolio.Portfolio) keyBytes {
	var k keyBytes
	k.date(pf.AsOf)
	for _, s := range pf.Statuses.Statuses {
		s.Src = model.Src{}          // where it is written draws nothing
		k.str(fmt.Sprintf("%#v", s)) // every field, whatever fields Status grows
	}
	return k
}

// key is the start of a key for remember: the run's env, then ss.
func (r *pfRenderer) key(ss ...string) keyBytes {
	k := slices.Clone(r.env)
	k.str(ss...)
	return k
}

// fail keeps err unless an error is kept already.
func (r *pfRenderer) fail(err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil && r.err == nil {
		r.err = err
	}
}

// table is a table drawn in Go as a block's inner content; the first
// error is kept for the run.
func (r *pfRenderer) table(heading, html string, err error) pfBlock {
	r.fail(err)
	return pfBlock{heading, "portfolio-table", []string{"\n", html, "\n"}}
}

// statusCSS is the link from the page at sub to the status cells'
// stylesheet.
func statusCSS(sub string) string {
	return paths.Rel(pfURL(sub), "/"+paths.PortfolioSection+"/"+paths.StatusStylesheet)
}

// ganttStyles is the status registry as the Gantt draws it: the palette's
// hex, the value of the stylesheet's token. Not the token itself,
// var(--okabe-ito-…, #hex): a chart is on a white ground in every theme,
// so nothing restyles it, and the token's name was a sixth of every bar.
func ganttStyles(reg model.StatusRegistry) gantt.Styles {
	var out gantt.Styles
	for _, s := range reg.Statuses {
		hex, _ := model.PaletteHex(s.Colour) // validated: a palette name
		out = append(out, gantt.Style{Key: s.Key, Colour: hex, Pattern: s.Pattern, Label: s.Label})
	}
	return out
}

// pfURL is a portfolio page's site path.
func pfURL(sub string) string { return paths.PortfolioURL(sub) }

func (r *pfRenderer) asOf() string { return r.pf.AsOf.String() }

// home is the portfolio page: the counts, the Gantt of the active plans
// (numbered pages beyond gantt.MaxLanes lanes) and the pages per year.
func (r *pfRenderer) home() []pfPage {
	pf := r.pf
	here := pfURL("")
	open, closed := 0, 0
	for _, t := range pf.Tasks() {
		if t.Open() {
			open++
		} else {
			closed++
		}
	}
	var counts []CountView
	for _, c := range pf.PlanCounts() {
		counts = append(counts, CountView{Label: "Plans " + c.Status.Emoji + " " + c.Status.Label, N: c.N,
			Href: paths.Rel(here, pfURL("statuses")) + "#plans-per-status"})
	}
	counts = append(counts,
		CountView{Label: "Open tasks", N: open, Href: paths.Rel(here, pfURL("statuses"))},
		CountView{Label: "Overdue tasks", N: len(pf.Overdue()), Href: paths.Rel(here, pfURL("overdue"))},
		CountView{Label: fmt.Sprintf("Milestones in the next %d days", soonDays),
			N: len(pf.Milestones(pf.AsOf, pf.AsOf.AddDays(soonDays))), Href: paths.Rel(here, pfURL("milestones/next-30"))})
	var years []LinkView
	for _, y := range pf.Years() {
		years = append(years, LinkView{Label: fmt.Sprint(y.Year), Href: paths.Rel(here, pfURL(fmt.Sprint(y.Year))),
			Note: plural(len(y.Plans), "plan")})
	}
	index := []LinkView{
		{Label: "Overdue tasks", Href: paths.Rel(here, pfURL("overdue"))},
		{Label: "Tasks by status", Href: paths.Rel(here, pfURL("statuses"))},
		{Label: "Open tasks by responsible role", Href: paths.Rel(here, pfURL("roles"))},
		{Label: "Tasks by phase", Href: paths.Rel(here, pfURL("phases"))},
		{Label: "Milestones", Href: paths.Rel(here, pfURL("milestones"))},
		{Label: "Data quality", Href: paths.Rel(here, pfURL("data-quality"))},
	}
	title := fmt.Sprintf("Active plans: running on %s or starting or ending within %d days", r.asOf(), activeDays)
	pages := r.ganttPages("", "Portfolio", "Portfolio", title, pf.Active(activeDays))
	pages[0].section = true
	pages[0].intro = Text(fmt.Sprintf("Every sales implementation plan (R-009-001) as of %s: what runs when, what is late, who carries what, what comes next.", r.asOf()))
	pages[0].view.Counts = counts
	pages[0].view.Links = append(years, index...)
	exports, err := export.Links(pf)
	r.fail(err)
	pages[0].view.Exports = exports
	pages[0].blocks = append([]pfBlock{{"Counts", "portfolio-counts", nil}, {"Gantt pages and index pages", "portfolio-links", nil},
		{"Exports and calendar feeds", "portfolio-exports", nil}}, pages[0].blocks...)
	return pages
}

// years is a Gantt page per year of the plans that start in it, the
// sidebar listing each year's numbered pages together, years in order.
func (r *pfRenderer) years() []pfPage {
	// Drawing the years' Gantts is most of the portfolio's pre-build work:
	// on every core, then in order.
	years := r.pf.Years()
	pages := make([][]pfPage, len(years))
	parallel.For(len(years), func(i int) {
		name := fmt.Sprint(years[i].Year)
		pages[i] = r.ganttPages(name, "Portfolio "+name, name, "Plans starting in "+name, years[i].Plans)
	})
	return slices.Concat(pages...)
}

// ganttPages draws plans on pages of at most gantt.MaxLanes lanes, the
// first at sub, the others at sub/2, sub/3...
func (r *pfRenderer) ganttPages(sub, title, linkTitle, chartTitle string, plans []*portfolio.Plan) []pfPage {
	groups := portfolio.Pages(plans, gantt.MaxLanes)
	if len(groups) == 0 {
		groups = [][]*portfolio.Plan{nil}
	}
	out := make([]pfPage, len(groups))
	parallel.For(len(groups), func(i int) {
		g := groups[i]
		s := paths.Numbered(sub, i+1)
		key := r.key("gantt", sub, title, linkTitle, chartTitle)
		key.int(i)
		key.int(len(groups))
		out[i] = remember(r.charts, s, key, g, func() pfPage {
			p := pfPage{sub: s, title: title, linkTitle: linkTitle}
			ct := chartTitle
			if len(groups) > 1 {
				p.title = fmt.Sprintf("%s (page %d of %d)", title, i+1, len(groups))
				p.linkTitle = fmt.Sprintf("%s (%d/%d)", linkTitle, i+1, len(groups))
				ct = fmt.Sprintf("%s (page %d of %d)", chartTitle, i+1, len(groups))
			}
			c := r.portfolioChart("gantt", pfURL(s), ct, g)
			cv := r.chart(c, true)
			p.view.Chart = &cv
			p.view.Pager = pager(sub, i, len(groups))
			table, err := chartRows(cv.Title, cv.Lanes, r.views, statusCSS(s))
			p.blocks = []pfBlock{{"Gantt", "portfolio-gantt", cv.inner()}, r.table("", table, err), {"", "portfolio-pager", nil}}
			return p
		})
	})
	return out
}

// portfolioChart has a lane per plan: a summary bar per phase and the
// milestones, linked to their tasks.
func (r *pfRenderer) portfolioChart(id, here, title string, plans []*portfolio.Plan) gantt.Chart {
	c := gantt.Chart{ID: id, Title: title, AsOf: r.pf.AsOf,
		Desc: "One lane per plan, by start date: a bar per phase, coloured and patterned by its status, and the milestones as diamonds; the line marks the as-of date. The task tables below list the same tasks, phase by phase, each bar linking to its row."}
	for _, p := range plans {
		l := gantt.Lane{Label: p.Label, Href: paths.Rel(here, p.URL())}
		for _, ph := range p.Phases {
			if ph.Start.IsZero() {
				continue
			}
			b := gantt.Bar{Label: ph.Title, Start: ph.Start, End: ph.End, Kind: gantt.Summary, Status: ph.Status.Key,
				Href: paths.Rel(here, ph.Tasks[0].URL())}
			for _, t := range ph.Tasks {
				b.Overdue = b.Overdue || t.Overdue()
			}
			l.Bars = append(l.Bars, b)
		}
		for _, t := range p.Tasks {
			if t.Milestone && t.Dated() {
				l.Bars = append(l.Bars, taskBar(here, t))
			}
		}
		c.Lanes = append(c.Lanes, l)
	}
	return c
}

// PlanChart is a plan page's own Gantt: a lane per phase, its summary and
// its tasks.
func planChart(p *portfolio.Plan, styles gantt.Styles, asOf model.Date) (ChartView, error) {
	here := p.URL()
	c := gantt.Chart{ID: "plan-gantt", Title: p.Title + ": phases and tasks", AsOf: asOf,
		Desc: "One lane per phase: the phase's span, then each task, coloured and patterned by its status; milestones as diamonds; the line marks the as-of date. The task tables below list the same tasks, phase by phase, each bar linking to its row."}
	for _, ph := range p.Phases {
		l := gantt.Lane{Label: ph.Title}
		if !ph.Start.IsZero() {
			l.Bars = append(l.Bars, gantt.Bar{Label: ph.Title, Start: ph.Start, End: ph.End, Kind: gantt.Summary,
				Status: ph.Status.Key, Href: paths.Rel(here, ph.Tasks[0].URL())})
		}
		for _, t := range ph.Tasks {
			if t.Dated() {
				l.Bars = append(l.Bars, taskBar(here, t))
			}
		}
		c.Lanes = append(c.Lanes, l)
	}
	r := pfRenderer{styles: styles}
	v := r.chart(c, false)
	// The page's own task tables are the chart's text alternative: a second
	// copy of the rows cost every plan page a table and its front matter
	// (a tenth of a 1,000-plan build).
	v.Lanes = nil
	return v, r.err
}

func taskBar(here string, t *portfolio.Task) gantt.Bar {
	b := gantt.Bar{Label: t.Name, Href: paths.Rel(here, t.URL()), Start: t.Start, End: t.End,
		Kind: gantt.Task, Status: t.Status.Key, Overdue: t.Overdue()}
	if t.Milestone {
		b.Kind = gantt.Milestone
	}
	return b
}

var kindNames = map[gantt.Kind]string{gantt.Task: "task", gantt.Summary: "phase", gantt.Milestone: "milestone"}

// chart renders c, with its rows: when chunked in chunks of
// gantt.PrintRows rows (ChartView). A plan page's own chart is not chunked:
// its few lanes print as one chart scaled to the page.
func (r *pfRenderer) chart(c gantt.Chart, chunked bool) ChartView {
	parts := []gantt.Chart{c}
	if chunked {
		parts = gantt.Chunks(c, gantt.PrintRows)
	}
	v := ChartView{Title: c.Title, SVGs: make([]string, 0, len(parts)), keys: make([][sha256.Size]byte, 0, len(parts))}
	for _, p := range parts {
		svg, key, err := r.charts.draw(p, r.styles)
		if err != nil {
			r.fail(fmt.Errorf("%s: %w", c.Title, err))
			return ChartView{}
		}
		v.SVGs, v.keys = append(v.SVGs, svg), append(v.keys, key)
	}
	v.Lanes = make([]ChartLaneView, len(c.Lanes))
	for i, l := range c.Lanes {
		rows := make([]ChartRowView, len(l.Bars))
		for j, b := range l.Bars {
			rows[j] = ChartRowView{Label: b.Label, Kind: kindNames[b.Kind], Href: b.Href,
				Start: b.Start.String(), End: b.End.String(), Status: b.Status, Overdue: b.Overdue}
		}
		v.Lanes[i] = ChartLaneView{Label: l.Label, Href: l.Href, Rows: rows}
	}
	return v
}

// taskList puts tasks on pages of PerPage rows, the first at sub, the
// others at sub/2, sub/3...
func (r *pfRenderer) taskList(sub, title, linkTitle string, intro, heading string, tasks []*portfolio.Task) []pfPage {
	groups := portfolio.Pages(tasks, PerPage)
	if len(groups) == 0 {
		groups = [][]*portfolio.Task{nil}
	}
	var out []pfPage
	for i, g := range groups {
		s := paths.Numbered(sub, i+1)
		key := r.key("tasks", sub, title, linkTitle, intro, heading)
		key.int(i)
		key.int(len(groups))
		out = append(out, remember(r.charts, s, key, g, func() pfPage {
			p := pfPage{sub: s, title: title, linkTitle: linkTitle, intro: intro}
			if len(groups) > 1 {
				p.title = fmt.Sprintf("%s (page %d of %d)", title, i+1, len(groups))
				p.linkTitle = fmt.Sprintf("%s (%d/%d)", linkTitle, i+1, len(groups))
			}
			table, err := taskRows(p.title, rows(p.sub, g), r.views, r.asOf(), statusCSS(p.sub))
			p.blocks = []pfBlock{r.table(heading, table, err), {"", "portfolio-pager", nil}}
			p.view.Pager = pager(sub, i, len(groups))
			return p
		}))
	}
	return out
}

// rows are tasks as index rows, linked from the page at sub.
func rows(sub string, tasks []*portfolio.Task) []TaskRowView {
	here := pfURL(sub)
	out := make([]TaskRowView, len(tasks))
	for i, t := range tasks {
		out[i] = TaskRowView{Plan: t.Plan.Label, Task: t.Name,
			Href: paths.Rel(here, t.URL()), Phase: t.Phase.Title, Roles: strings.Join(t.Roles, ", "),
			Start: t.Start.String(), End: t.End.String(), Status: t.Status.Key, Days: t.DaysOverdue}
	}
	return out
}

func (r *pfRenderer) overdue() []pfPage {
	intro := Text(fmt.Sprintf("Open tasks whose end date lies before %s, oldest first. A task ending on the as-of date is not overdue.", r.asOf()))
	return r.taskList("overdue", "Overdue tasks", "Overdue tasks", intro, "", r.pf.Overdue())
}

// statuses is the counts per status and per plan, and a list page per open
// status; closed tasks are counted only (the full list is the exports').
func (r *pfRenderer) statuses() []pfPage {
	here := pfURL("statuses")
	p := pfPage{sub: "statuses", section: true, title: "Tasks by status", linkTitle: "By status",
		blocks: []pfBlock{{"Tasks per status", "portfolio-counts", nil}, {"Plans per status", "portfolio-links", nil}}}
	var open []*model.Status
	var keys []string           // the per-plan table's columns
	byStatus := r.pf.ByStatus() // once: it walks every task
	for _, c := range byStatus {
		cv := CountView{Label: c.Status.Emoji + " " + c.Status.Label, N: c.N}
		if !c.Status.Closed {
			cv.Href = paths.Rel(here, pfURL("statuses/"+c.Status.Key))
			s := c.Status
			open = append(open, &s)
		}
		p.view.Counts = append(p.view.Counts, cv)
		keys = append(keys, c.Status.Key)
	}
	for _, c := range r.pf.PlanCounts() {
		p.view.Links = append(p.view.Links, LinkView{Label: c.Status.Emoji + " " + c.Status.Label, Note: plural(c.N, "plan")})
	}
	// The per-plan table is bounded too: the first PerPage plans here, the
	// rest on numbered pages of their own.
	plans := portfolio.Pages(r.pf.Plans, PerPage)
	var extra []pfPage
	for i, g := range plans {
		target := &p
		if i > 0 {
			extra = append(extra, pfPage{sub: paths.Numbered("statuses", i+1),
				title: fmt.Sprintf("Tasks by status (page %d of %d)", i+1, len(plans)), linkTitle: fmt.Sprintf("By status (%d/%d)", i+1, len(plans))})
			target = &extra[len(extra)-1]
		}
		key := r.key(append([]string{"plan-counts"}, keys...)...)
		table := remember(r.charts, target.sub+"#plan-counts", key, g, func() pfPage {
			h := pfURL(target.sub)
			counts := make([]PlanCountView, len(g))
			for j, pl := range g {
				counts[j] = PlanCountView{Plan: pl.Label, Href: paths.Rel(h, pl.URL()), Counts: r.pf.PlanByStatus(pl)}
			}
			table, err := planCounts(keys, counts, r.views)
			return pfPage{blocks: []pfBlock{r.table("Tasks per plan and status", table, err)}}
		}).blocks[0]
		target.blocks = append(target.blocks, table)
		if i > 0 {
			target.blocks = append(target.blocks, pfBlock{"", "portfolio-pager", nil})
		}
		target.view.Pager = pager("statuses", i, len(plans))
	}
	if len(plans) > 1 {
		p.blocks = append(p.blocks, pfBlock{"", "portfolio-pager", nil})
	}
	out := append([]pfPage{p}, extra...)
	for _, s := range open {
		var tasks []*portfolio.Task
		for _, t := range r.pf.Tasks() {
			if t.Status.Key == s.Key {
				tasks = append(tasks, t)
			}
		}
		out = append(out, r.taskList("statuses/"+s.Key, "Tasks "+s.Emoji+" "+s.Label, s.Label,
			Text("Every task in status "+s.Label+", in portfolio order."), "", tasks)...)
	}
	return out
}

// roles is the workload view: every role's open tasks and next due date,
// and a page per role.
func (r *pfRenderer) roles() []pfPage {
	here := pfURL("roles")
	p := pfPage{sub: "roles", section: true, title: "Open tasks by responsible role", linkTitle: "By role",
		blocks: []pfBlock{{"Workload", "portfolio-links", nil}}}
	var out []pfPage
	for _, w := range r.pf.ByRole() {
		sub := "roles/" + paths.RoleSlug(w.Role.Code) // as its feed is named
		name := w.Role.Code
		if w.Role.Title != "" && w.Role.Title != w.Role.Code {
			name += " " + w.Role.Title
		}
		note := plural(len(w.Open), "open task")
		if !w.NextDue.IsZero() {
			note += ", next due " + w.NextDue.String()
		}
		p.view.Links = append(p.view.Links, LinkView{Label: name, Href: paths.Rel(here, pfURL(sub)), Note: note})
		out = append(out, r.taskList(sub, "Open tasks of "+name, w.Role.Code,
			Text("The open tasks whose Responsible names "+name+", by end date; "+note+"."), "", w.Open)...)
	}
	return append([]pfPage{p}, out...)
}

// phases lists each phase's open tasks across plans, with its counts.
func (r *pfRenderer) phases() []pfPage {
	here := pfURL("phases")
	p := pfPage{sub: "phases", section: true, title: "Tasks by phase", linkTitle: "By phase",
		blocks: []pfBlock{{"Phases", "portfolio-links", nil}}}
	var out []pfPage
	for _, ph := range r.pf.ByPhase() {
		sub := "phases/" + ph.Key
		var open []*portfolio.Task
		for _, t := range ph.Tasks {
			if t.Open() {
				open = append(open, t)
			}
		}
		note := fmt.Sprintf("%s, %d open", plural(len(ph.Tasks), "task"), len(open))
		p.view.Links = append(p.view.Links, LinkView{Label: ph.Emoji + " " + ph.Title, Href: paths.Rel(here, pfURL(sub)), Note: note})
		out = append(out, r.taskList(sub, "Open tasks: "+ph.Emoji+" "+ph.Title, ph.Title,
			Text("The open tasks of phase "+ph.Title+" across plans, in portfolio order; "+note+"."), "", open)...)
	}
	return append([]pfPage{p}, out...)
}

// milestones: the next 30 and 90 days and the last 30.
func (r *pfRenderer) milestones() []pfPage {
	a := r.pf.AsOf
	here := pfURL("milestones")
	p := pfPage{sub: "milestones", section: true, title: "Milestones", linkTitle: "Milestones",
		intro:  Text("Which tasks are milestones is data: the template marks them (milestone:), by default the one-day tasks."),
		blocks: []pfBlock{{"Windows", "portfolio-counts", nil}}}
	out := []pfPage{p}
	for _, w := range []struct {
		sub, title string
		from, to   model.Date
	}{
		{"milestones/next-30", "Milestones in the next 30 days", a, a.AddDays(30)},
		{"milestones/next-90", "Milestones in the next 90 days", a, a.AddDays(90)},
		{"milestones/last-30", "Milestones in the last 30 days", a.AddDays(-30), a},
	} {
		ms := r.pf.Milestones(w.from, w.to)
		out[0].view.Counts = append(out[0].view.Counts, CountView{Label: w.title, N: len(ms), Href: paths.Rel(here, pfURL(w.sub))})
		out = append(out, r.taskList(w.sub, w.title, w.title,
			Text(fmt.Sprintf("Milestones dated %s to %s, both included, by date.", w.from, w.to)), "", ms)...)
	}
	return out
}

// quality is the data-quality page: validation's warnings and the
// portfolio's own findings, each at its data file and line, linked to the
// place on the plan page.
func (r *pfRenderer) quality(warnings diag.List) []pfPage {
	bySource := make(map[string]*portfolio.Plan, len(r.pf.Plans))
	for _, p := range r.pf.Plans {
		bySource[p.Src.File] = p
	}
	// The task a warning is at: a plan's few tasks are looked through for
	// the few warnings, rather than every task put in a map every run.
	taskAt := func(p *portfolio.Plan, at diag.Pos) *portfolio.Task {
		if p == nil {
			return nil
		}
		var last *portfolio.Task
		for _, t := range p.Tasks {
			if t.Src.File == at.File && t.Src.Line == at.Line {
				last = t // as a map by line would keep the last
			}
		}
		return last
	}
	type finding struct {
		pos  diag.Pos
		msg  string
		plan *portfolio.Plan
		task *portfolio.Task
	}
	var fs []finding
	for _, w := range warnings {
		if w.Severity != diag.Warning {
			continue
		}
		msg := w.Message
		if w.Hint != "" {
			msg += " (" + w.Hint + ")"
		}
		p := bySource[w.File]
		f := finding{pos: w.Pos, msg: msg, plan: p, task: taskAt(p, w.Pos)}
		fs = append(fs, f)
	}
	for _, t := range r.pf.Tasks() {
		if t.DaysOverdue > staleDays {
			fs = append(fs, finding{pos: t.Src, plan: t.Plan, task: t,
				msg: fmt.Sprintf("task %q is overdue by %d days (more than %d): update its status or its dates", t.Name, t.DaysOverdue, staleDays)})
		}
	}
	for _, f := range r.pf.Findings() {
		fs = append(fs, finding{pos: f.Pos, msg: f.Msg, plan: f.Plan, task: f.Task})
	}
	slices.SortStableFunc(fs, func(a, b finding) int {
		if c := strings.Compare(a.pos.File, b.pos.File); c != 0 {
			return c
		}
		return a.pos.Line - b.pos.Line
	})
	groups := portfolio.Pages(fs, PerPage)
	if len(groups) == 0 {
		groups = [][]finding{nil}
	}
	var out []pfPage
	for i, g := range groups {
		sub := paths.Numbered("data-quality", i+1)
		p := pfPage{sub: sub, title: "Data quality", linkTitle: "Data quality",
			intro: Text(fmt.Sprintf("Valid but suspicious data as of %s: %s. Each names the data file and line to fix and links to the place on the plan page.",
				r.asOf(), plural(len(fs), "finding"))),
		}
		if len(groups) > 1 {
			p.title = fmt.Sprintf("Data quality (page %d of %d)", i+1, len(groups))
			p.linkTitle = fmt.Sprintf("Data quality (%d/%d)", i+1, len(groups))
		}
		var findings []FindingView
		for _, f := range g {
			fv := FindingView{Where: f.pos.String(), Message: f.msg}
			switch {
			case f.task != nil:
				fv.Plan, fv.Href = f.task.Plan.Label, paths.Rel(pfURL(sub), f.task.URL())
			case f.plan != nil:
				fv.Plan, fv.Href = f.plan.Label, paths.Rel(pfURL(sub), f.plan.URL())
			}
			findings = append(findings, fv)
		}
		p.blocks = []pfBlock{r.table("", findingsTable(p.title, findings, r.asOf()), nil), {"", "portfolio-pager", nil}}
		p.view.Pager = pager("data-quality", i, len(groups))
		out = append(out, p)
	}
	return out
}

// pager links every page of a list of n pages from page i (from 0).
func pager(sub string, i, n int) []LinkView {
	if n < 2 {
		return nil
	}
	here := pfURL(paths.Numbered(sub, i+1))
	out := make([]LinkView, n)
	for j := range n {
		out[j].Label = fmt.Sprint(j + 1)
		if j != i {
			out[j].Href = paths.Rel(here, pfURL(paths.Numbered(sub, j+1)))
		}
	}
	return out
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// pfExecute is the page of front matter fm and the body of the parts
// given, written into one slice of its size (and StampRoom to spare).
func pfExecute(file string, fm FrontMatter, body []string) (Page, error) {
	b, err := yamlout.Marshal(fm)
	if err != nil {
		return Page{}, err
	}
	parts := append([]string{"---\n", string(b), "---\n\n"}, body...)
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	data := make([]byte, 0, n+StampRoom)
	for _, p := range parts {
		data = append(data, p...)
	}
	return Page{Path: file, Source: paths.Plans, Data: data}, nil
}

// Charts is what a long-lived process (serve) keeps of the portfolio
// between runs, so that one edit draws again only what it changed:
//   - each Gantt SVG the last run drew, by the SHA-256 of everything
//     gantt.Render draws it from (chartKey): drawing the Gantts was most of
//     the portfolio pages' cost in a run after one edit, and one edit
//     changes the chunks of the lanes of one plan;
//   - each Gantt and list page the last run drew (remember), by its path,
//     with its strings and the rows it showed: a page drawn from the same
//     strings and the same rows is the same page. Rows are compared by
//     pointer: portfolio.BuildReusing hands back the very rows of a plan
//     whose inputs are unchanged and builds new ones otherwise, and a row is
//     never changed once built. Drawing the list pages again was most of a
//     run's portfolio cost once the Gantts were kept (0.5 of 0.9 s of CPU
//     at 10,000 plans).
//
// A drawing is a function of what it is keyed by alone, so the pages are
// those drawn without. It holds the last run's drawings only. One run at a
// time; a nil *Charts draws everything.
type Charts struct {
	mu         sync.Mutex
	last, next map[[sha256.Size]byte]string
	drawn      int // charts the run in progress (or the last) drew, not reused
	// lastPages and nextPages are the pages drawn by remember, by path.
	lastPages, nextPages map[string]keptPage
	reused, redrawn      int // pages the run in progress (or the last) took from lastPages, and drew
}

// keptPage is a page remember drew: what it was drawn from (key, rows)
// and the drawing (page), with the Gantt SVGs it holds by their chartKey,
// which go on to the next run with it.
type keptPage struct {
	key  string
	rows any // a []T of pointers to portfolio rows
	page pfPage
	svgs map[[sha256.Size]byte]string
}

// Drawn is how many charts the last run drew rather than reused.
func (c *Charts) Drawn() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.drawn
}

// Pages is how many pages (or parts of one) the last run took as the run
// before drew them, and how many it drew.
func (c *Charts) Pages() (reused, redrawn int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.reused, c.redrawn
}

func (c *Charts) begin() {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.next, c.drawn = make(map[[sha256.Size]byte]string, len(c.last)), 0
	c.nextPages, c.reused, c.redrawn = make(map[string]keptPage, len(c.lastPages)), 0, 0
	c.mu.Unlock()
}

// end makes the run's drawings the last run's; a run that failed (ok
// false) may have drawn a page around its failure, so it keeps none.
func (c *Charts) end(ok bool) {
	if c == nil {
		return
	}
	c.mu.Lock()
	c.last, c.next = c.next, nil
	c.lastPages, c.nextPages = c.nextPages, nil
	if !ok {
		c.last, c.lastPages = nil, nil
	}
	c.mu.Unlock()
}

// remember is draw's page, or the page the last run drew at the same path
// (sub; or a part of the page at it, named after a #) from the same key and the same rows (compared by pointer: see
// Charts). key must hold every other thing the page is drawn from: its
// strings, its place in its list and the run's (pfRenderer.env). The
// page's Gantt SVGs go on to the next run with it.
func remember[T comparable](c *Charts, sub string, key keyBytes, rows []T, draw func() pfPage) pfPage {
	if c == nil {
		return draw()
	}
	c.mu.Lock()
	k, ok := c.lastPages[sub]
	c.mu.Unlock()
	if last, same := k.rows.([]T); ok && same && k.key == string(key) && slices.Equal(last, rows) {
		c.mu.Lock()
		c.nextPages[sub] = k
		maps.Copy(c.next, k.svgs)
		c.reused++
		c.mu.Unlock()
		return k.page
	}
	p := draw()
	k = keptPage{key: string(key), rows: rows, page: p}
	if p.view.Chart != nil {
		k.svgs = make(map[[sha256.Size]byte]string, len(p.view.Chart.SVGs))
		for i, svg := range p.view.Chart.SVGs {
			k.svgs[p.view.Chart.keys[i]] = svg
		}
	}
	c.mu.Lock()
	c.nextPages[sub] = k
	c.redrawn++
	c.mu.Unlock()
	return p
}

// draw is gantt.Render of ch as a string, or the SVG an earlier run drew
// of the same chart and styles, with its chartKey (none for a nil c).
func (c *Charts) draw(ch gantt.Chart, styles gantt.Styles) (string, [sha256.Size]byte, error) {
	if c == nil {
		svg, err := gantt.Render(ch, styles)
		return svg, [sha256.Size]byte{}, err
	}
	key := chartKey(ch, styles)
	c.mu.Lock()
	svg, ok := c.last[key]
	c.mu.Unlock()
	if !ok {
		var err error
		if svg, err = gantt.Render(ch, styles); err != nil {
			return "", key, err
		}
		c.mu.Lock()
		c.drawn++
		c.mu.Unlock()
	}
	c.mu.Lock()
	c.next[key] = svg
	c.mu.Unlock()
	return svg, key, nil
}

// chartKey is the SHA-256 of every field of c and styles, each string
// with its length so that no two charts hash alike. Keep it in step with
// gantt.Chart, Lane, Bar and Style: TestChartKey fails on a field it
// leaves out.
func chartKey(c gantt.Chart, styles gantt.Styles) [sha256.Size]byte {
	var k keyBytes
	k.str(c.ID, c.Title, c.Desc)
	k.date(c.AsOf, c.From, c.To)
	k.int(len(c.Lanes))
	for _, l := range c.Lanes {
		k.str(l.Label, l.Href)
		k.int(len(l.Bars))
		for _, b := range l.Bars {
			k.str(b.Label, b.Href, b.Status)
			k.date(b.Start, b.End)
			k.int(int(b.Kind))
			k.bool(b.Overdue)
		}
	}
	k.int(len(styles))
	for _, s := range styles {
		k.str(s.Key, s.Colour, s.Pattern, s.Label)
	}
	return sha256.Sum256(k)
}

// keyBytes is what a key is hashed from: numbers as 8 bytes, strings
// length first.
type keyBytes []byte

func (k *keyBytes) int(n int) { *k = binary.BigEndian.AppendUint64(*k, uint64(n)) }

func (k *keyBytes) str(ss ...string) {
	for _, s := range ss {
		k.int(len(s))
		*k = append(*k, s...)
	}
}

// date writes a date's instant: dates are days at midnight UTC.
func (k *keyBytes) date(ds ...model.Date) {
	for _, d := range ds {
		k.int(int(d.Time().Unix()))
	}
}

func (k *keyBytes) bool(b bool) {
	n := 0
	if b {
		n = 1
	}
	k.int(n)
}
