// Package render turns the validated model into Hugo content pages: Markdown
// with YAML front matter, drawn in Go (drawPage). Every value from the
// data is escaped for Markdown (or, for the Markdown-valued fields, kept away
// from Hugo's shortcodes); Hugo's renderer, with raw HTML off, does the rest,
// so no raw HTML passes from data to pages. Tables of data and Gantt charts
// are not Markdown: they are drawn here (tables.go, generator/gantt), every
// value escaped, and carried as their shortcodes' inner content.
package render

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/qmsplan/qmsplan/generator/gantt"
	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/internal/yamlout"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/portfolio"
)

// Page is one generated content file.
type Page struct {
	Path   string // relative to content/, slash-separated
	Source string // the data file it comes from
	Data   []byte
	// Key is, for a plan's page rendered with a Reuse, the SHA-256 of
	// everything it is made from; zero otherwise.
	Key [sha256.Size]byte
	// Stamped is set on a page whose Data carries its fingerprint already:
	// one a Reuse gave back as an earlier run wrote it, or one write.Stamp
	// stamped.
	Stamped bool
}

// Reuse lets Render take a plan's page as an earlier run wrote it instead
// of rendering it again, when everything the page is made from is as it
// was then: the plan's file, its template's, the registries, the program,
// the as-of date (Inputs says those) and what Render knows of the other
// plans (the page's weight, that is its place among them; its year; the
// ID, title and slug of the plan superseding it).
type Reuse struct {
	// Inputs is the key of the plan's own inputs, false if they are not
	// known (then the page is rendered).
	Inputs func(p *model.Plan, t *model.Template) ([]byte, bool)
	// Page is the stamped page at path (under content/) that an earlier
	// run rendered from key, if it has it: on disk as that run wrote it
	// (the record of the last run) or kept in memory (serve's Memo); the
	// bytes are the same wherever they come from.
	Page func(path string, key [sha256.Size]byte) ([]byte, bool)
}

// sectionPages are the two generated sections' own pages (_index.md).
var sectionPages = []struct {
	dir, title, source, intro string
	weight                    int
}{
	{paths.TemplatesSection, "T-009-001", paths.Templates,
		"Templates for sales implementation plans. Each filled plan is a record R-009-001.", 10},
	{paths.PlansSection, "R-009-001 Implementation plans", paths.Plans,
		"Sales implementation plans (records R-009-001), each made from a T-009-001 template, listed by the year they start in.", 20},
}

// Render returns every generated page, in a stable order. pf is the
// portfolio of d, from which each plan page draws its own Gantt.
func Render(d *model.Data, pf *portfolio.Portfolio) ([]Page, error) {
	return RenderReusing(d, pf, nil)
}

// RenderReusing is Render, taking the plan pages reuse (if not nil) has
// as they were and setting every plan page's Key.
func RenderReusing(d *model.Data, pf *portfolio.Portfolio, reuse *Reuse) ([]Page, error) {
	ix := d.Index()
	r := renderer{ix: ix, statuses: d.Statuses, plansByID: map[string]*model.Plan{},
		rows: map[string]*portfolio.Plan{}, styles: ganttStyles(d.Statuses), asOf: pf.AsOf,
		statusViews: statusViews(d.Statuses)}
	for _, p := range pf.Plans {
		r.rows[p.Slug] = p
	}
	for _, p := range d.Plans {
		r.plansByID[p.Document.ID] = p
	}
	var pages []Page

	for _, sp := range sectionPages {
		fm := FrontMatter{Title: sp.title, Weight: sp.weight,
			Params: Params{GeneratedBy: paths.Generated, Source: sp.source, Kind: "section", AsOf: pf.AsOf.String()}}
		pg, err := r.execute(paths.SectionPage(sp.dir), sp.source, fm, pageView{Intro: Text(sp.intro)})
		if err != nil {
			return nil, err
		}
		pages = append(pages, pg)
	}
	templates := slices.Clone(d.Templates)
	slices.SortStableFunc(templates, func(a, b *model.Template) int { return a.Weight - b.Weight })
	for _, t := range templates {
		p, err := r.templatePage(t)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.Src.File, err)
		}
		pages = append(pages, p)
	}

	groups := r.groups(d.Plans)
	var plans []*model.Plan
	var weights []int
	w := 1
	for _, g := range groups {
		pg, err := r.groupPage(g, w)
		if err != nil {
			return nil, err
		}
		pages = append(pages, pg)
		w++
		for _, p := range g.plans {
			plans = append(plans, p)
			weights = append(weights, w)
			w++
		}
	}
	planPages := make([]Page, len(plans))
	errs := make([]error, len(plans))
	parallel.For(len(plans), func(i int) {
		p := plans[i]
		t := ix.Templates[p.Template]
		if t == nil {
			errs[i] = fmt.Errorf("%s: unknown template %q (validate first)", p.Src.File, p.Template)
			return
		}
		var key [sha256.Size]byte
		if reuse != nil {
			in, ok := reuse.Inputs(p, t)
			if ok {
				key = r.planKey(in, p, weights[i])
				if b, ok := reuse.Page(paths.PlanPage(p.Slug), key); ok {
					planPages[i] = Page{Path: paths.PlanPage(p.Slug), Source: p.Src.File, Data: b, Key: key, Stamped: true}
					return
				}
			}
		}
		pg, err := r.planPage(p, t, weights[i])
		if err != nil {
			errs[i] = fmt.Errorf("%s: %w", p.Src.File, err)
		}
		pg.Key = key
		planPages[i] = pg
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	pages = append(pages, planPages...)
	return pages, nil
}

type renderer struct {
	ix        model.Index
	statuses  model.StatusRegistry
	plansByID map[string]*model.Plan
	rows      map[string]*portfolio.Plan // by slug
	styles    gantt.Styles
	asOf      model.Date
	// statusViews is every status of the registry as pages show it; every
	// page with tasks carries it (its own Gantt rolls statuses up).
	statusViews map[string]StatusView
}

// FrontMatter is what generated pages tell Hugo and the layouts.
type FrontMatter struct {
	Title     string   `yaml:"title"`
	LinkTitle string   `yaml:"linkTitle,omitempty"`
	Weight    int      `yaml:"weight"`
	Aliases   []string `yaml:"aliases,omitempty"`
	Params    Params   `yaml:"params"`
}

// Params are the page parameters: what the layouts draw (status,
// docControl, gantt, portfolio) and what tells qmsplan's
// own files apart (generatedBy, source, kind, template).
type Params struct {
	// GeneratedBy marks the file as generated: only files with this mark
	// are ever overwritten or removed.
	GeneratedBy string `yaml:"generatedBy"`
	Source      string `yaml:"source"`
	Kind        string `yaml:"kind"`
	Template    string `yaml:"template,omitempty"`
	// Group is the group a plan is listed in, and on a group's page (kind
	// group) its own name (paths.PlanGroup); Plans is how many plans it
	// lists. The sidebar and the lists find a plan's group by it.
	Group      string      `yaml:"group,omitempty"`
	Plans      int         `yaml:"plans,omitempty"`
	Status     *StatusView `yaml:"status,omitempty"`
	DocControl *DocView    `yaml:"docControl,omitempty"`
	// Portfolio is a portfolio page's data (kind portfolio).
	Portfolio *PortfolioView `yaml:"portfolio,omitempty"`
	// Gantt is a plan page's own Gantt of its phases and tasks: its title
	// here, its SVG in the body (ChartView).
	Gantt *ChartView `yaml:"gantt,omitempty"`
	// AsOf is the run's as-of date on a generated section's page: its audit
	// pack's cover states it without needing a script.
	AsOf string `yaml:"asOf,omitempty"`
}

// StatusView is a status as shown: emoji and label, and the colour and
// pattern of its swatch.
type StatusView struct {
	Key     string `yaml:"key"`
	Emoji   string `yaml:"emoji"`
	Label   string `yaml:"label"`
	Colour  string `yaml:"colour,omitempty"`
	Pattern string `yaml:"pattern,omitempty"`
}

// PhaseData is one phase's task table (taskTable). Its column keys (model.ColTask,
// ...), in order, decide the cells.
type PhaseData struct {
	Key     string
	Title   string
	Columns []string
	Tasks   []TaskData
}

// TaskData is one task row. Anchor is unique on the page (task keys are
// unique within a plan), so other pages can link to a task.
type TaskData struct {
	Key         string
	Anchor      string
	Name        string
	Description string
	Responsible []RoleData
	Start       string
	End         string
	Status      string
	Notes       string
}

// RoleData is one role of a Responsible cell: its code, its title from
// data/roles.yaml when known, and how it joins the role before it ("&"
// all, "/" either, "" for the first).
type RoleData struct {
	Join  string
	Code  string
	Title string
}

// DocView is the document control block the layouts print.
type DocView struct {
	ID        string     `yaml:"id"`
	Revision  int        `yaml:"revision"`
	State     string     `yaml:"state"`
	Effective string     `yaml:"effective,omitempty"`
	Author    *SignView  `yaml:"author,omitempty"`
	Reviewer  *SignView  `yaml:"reviewer,omitempty"`
	Approver  *SignView  `yaml:"approver,omitempty"`
	History   []HistView `yaml:"history,omitempty"`
}

// SignView is a signature as shown.
type SignView struct {
	Name string `yaml:"name"`
	Role string `yaml:"role"` // "JD-013 Project Manager", or the bare code
	Date string `yaml:"date"`
}

// HistView is a revision history row.
type HistView struct {
	Revision int    `yaml:"revision"`
	Date     string `yaml:"date"`
	Reason   string `yaml:"reason"`
	Author   string `yaml:"author"`
}

type pageView struct {
	FrontMatter string
	Gantt       string // the page's own Gantt's SVG (its title is in params.gantt)
	Intro       string
	Preamble    []fieldView
	Sections    []sectionView
}

type fieldView struct{ Label, Value string }

type sectionView struct {
	Level     int
	Title     string
	Fields    []fieldView
	Blocks    []string
	Tasks     []phaseView
	TaskLevel int
}

// phaseView is a phase's heading and its task table (taskTable) in the body.
type phaseView struct{ Key, Emoji, Title, Table string }

func (r renderer) templatePage(t *model.Template) (Page, error) {
	fm := FrontMatter{Title: t.Title, LinkTitle: t.LinkTitle, Weight: t.Weight,
		Params: Params{GeneratedBy: paths.Generated, Source: t.Src.File, Kind: "template"}}
	if t.Document != nil {
		fm.Params.DocControl = r.doc(t.Document)
	}
	v := pageView{Preamble: []fieldView{
		{"Deal Id", placeholder("DEAL_ID_LINK", "")},
		{"Deal name", placeholder("DEAL_NAME", "")},
	}}
	v.Sections = r.sections(t, nil, t.Sections, 2)
	if err := r.tables(v.Sections, model.Resolve(t, nil), "[YYYY-MM-DD]"); err != nil {
		return Page{}, fmt.Errorf("%s: %w", t.Src.File, err)
	}
	return r.execute(paths.TemplatePage(t.Slug), t.Src.File, fm, v)
}

// group is the plans of one year (or the undated ones), by slug.
type group struct {
	name, title, linkTitle string
	plans                  []*model.Plan
}

// groups sorts the plans into the groups their section lists: by the year
// their first dated task starts (as the portfolio counts a plan's year),
// years ascending, then the plans with no dated task; in each, by slug.
func (r renderer) groups(all []*model.Plan) []group {
	plans := slices.Clone(all)
	slices.SortStableFunc(plans, func(a, b *model.Plan) int { return strings.Compare(a.Slug, b.Slug) })
	byName := map[string]*group{}
	var names []string
	for _, p := range plans {
		name := r.groupOf(p)
		g := byName[name]
		if g == nil {
			g = &group{name: name, linkTitle: name, title: "R-009-001 plans starting in " + name}
			if name == paths.Undated {
				g.linkTitle, g.title = "Undated", "R-009-001 plans with no dated task"
			}
			byName[name] = g
			names = append(names, name)
		}
		g.plans = append(g.plans, p)
	}
	// Years are four digits: they sort as strings, and before "undated".
	slices.Sort(names)
	out := make([]group, len(names))
	for i, n := range names {
		out[i] = *byName[n]
	}
	return out
}

// groupOf is the name of the group a plan is listed in.
func (r renderer) groupOf(p *model.Plan) string {
	if pr := r.rows[p.Slug]; pr != nil && !pr.Start.IsZero() {
		return fmt.Sprintf("%04d", pr.Start.Time().Year())
	}
	return paths.Undated
}

// groupPage is a group's section page. Its list of plans is drawn by the
// layouts (child-list.html, paginated), from the plans whose params.group
// names it; params.plans says how many there are.
func (r renderer) groupPage(g group, weight int) (Page, error) {
	fm := FrontMatter{Title: g.title, LinkTitle: g.linkTitle, Weight: weight,
		Params: Params{GeneratedBy: paths.Generated, Source: paths.Plans, Kind: "group", Group: g.name, Plans: len(g.plans), AsOf: r.asOf.String()}}
	intro := "Sales implementation plans (records R-009-001) whose first dated task starts in " + g.name + "."
	if g.name == paths.Undated {
		intro = "Sales implementation plans (records R-009-001) with no dated task yet."
	}
	return r.execute(paths.SectionPage(paths.PlanGroup(g.name)), paths.Plans, fm, pageView{Intro: Text(intro)})
}

// planKey is the key of a plan page (see Reuse): its own inputs' key and
// everything planPage reads of the other plans, each with its length so
// that no two lists hash alike. Keep it in step with planPage.
func (r renderer) planKey(inputs []byte, p *model.Plan, weight int) [sha256.Size]byte {
	h := sha256.New()
	parts := []string{string(inputs), strconv.Itoa(weight), r.groupOf(p)}
	if by := r.plansByID[p.Document.SupersededBy]; by != nil {
		parts = append(parts, by.Document.ID, by.Title, by.Slug)
	}
	for _, s := range parts {
		fmt.Fprintf(h, "%d:%s", len(s), s)
	}
	var key [sha256.Size]byte
	copy(key[:], h.Sum(nil))
	return key
}

func (r renderer) planPage(p *model.Plan, t *model.Template, weight int) (Page, error) {
	rows := model.Resolve(t, p)
	st := model.PlanStatus(p, rows, r.statuses)
	fm := FrontMatter{Title: p.Title, LinkTitle: p.SidebarLabel, Weight: weight, Aliases: p.Aliases,
		Params: Params{GeneratedBy: paths.Generated, Source: p.Src.File, Kind: "plan", Template: t.Key,
			Group: r.groupOf(p), Status: r.status(st), DocControl: r.doc(&p.Document)}}
	sv := fm.Params.Status
	v := pageView{Preamble: []fieldView{
		{"Deal Id", Link(p.Deal.ID, p.Deal.CRM)},
		{"Deal name", Text(p.Deal.Name)},
		{"Plan status", Text(sv.Emoji + " " + sv.Label)},
	}}
	if by := r.plansByID[p.Document.SupersededBy]; by != nil {
		v.Preamble = append(v.Preamble, fieldView{"Superseded by",
			"[" + Text(by.Document.ID+" "+by.Title) + "](../" + by.Slug + "/)"})
	}
	if pr := r.rows[p.Slug]; pr != nil {
		g, err := planChart(pr, r.styles, r.asOf)
		if err != nil {
			return Page{}, err
		}
		fm.Params.Gantt = &g
		v.Gantt = g.SVGs[0]
	}
	v.Sections = r.sections(t, p, t.Sections, 2)
	for _, x := range p.ExtraSections {
		if x.After == "" {
			v.Sections = append(v.Sections, r.extra(x, 2))
		}
	}
	if err := r.tables(v.Sections, rows, ""); err != nil {
		return Page{}, fmt.Errorf("%s: %w", p.Src.File, err)
	}
	return r.execute(paths.PlanPage(p.Slug), p.Src.File, fm, v)
}

func (r renderer) execute(file, source string, fm FrontMatter, v pageView) (Page, error) {
	b, err := yamlout.Marshal(fm)
	if err != nil {
		return Page{}, err
	}
	v.FrontMatter = string(b)
	// The page is drawn into a buffer reused from page to page: grown
	// afresh for each of 10,000 pages of ~70 KB it was a gigabyte of garbage.
	out := execBufs.Get().(*bytes.Buffer)
	defer execBufs.Put(out)
	out.Reset()
	draw(out, &v)
	return Page{Path: file, Source: source, Data: tidy(out.Bytes())}, nil
}

var execBufs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// draw is drawPage; a test puts the text/template the page was first
// written with beside it, to hold the two to the same bytes.
var draw = drawPage

// drawPage writes a page's Markdown: the front matter, the intro, the
// preamble's fields, the page's own Gantt and the sections, each section
// its heading, fields, blocks and phases (a phase's heading stays Markdown,
// it is in the table of contents; its table, drawn in Go by tables.go, is
// the tasks shortcode's inner content). Every value in v is escaped
// already. It was a text/template, whose reflection was a quarter of a plan
// page's cost; it writes the same bytes (TestDrawPageIsTheTemplate), blank
// lines included, which tidy collapses.
func drawPage(b *bytes.Buffer, v *pageView) {
	b.WriteString("---\n")
	b.WriteString(v.FrontMatter)
	b.WriteString("---\n")
	if v.Intro != "" {
		b.WriteString("\n")
		b.WriteString(v.Intro)
		b.WriteString("\n")
	}
	b.WriteString("\n")
	drawFields(b, v.Preamble)
	// The Gantt's SVG is the shortcode's inner content, not front matter:
	// one line that YAML would have to escape and Hugo to parse back.
	if v.Gantt != "" {
		b.WriteString("\n## Timeline\n\n{{< plan-gantt >}}\n")
		b.WriteString(v.Gantt)
		b.WriteString("{{< /plan-gantt >}}\n")
	}
	for i := range v.Sections {
		b.WriteString("\n")
		drawSection(b, &v.Sections[i])
	}
}

func drawFields(b *bytes.Buffer, fs []fieldView) {
	for _, f := range fs {
		b.WriteString("- **")
		b.WriteString(Text(f.Label))
		b.WriteString("**: ")
		b.WriteString(f.Value)
		b.WriteString("\n")
	}
}

func drawSection(b *bytes.Buffer, s *sectionView) {
	hashes(b, s.Level)
	b.WriteString(" ")
	b.WriteString(Text(s.Title))
	b.WriteString("\n")
	if len(s.Fields) > 0 {
		b.WriteString("\n")
		drawFields(b, s.Fields)
	}
	for _, bl := range s.Blocks {
		b.WriteString("\n")
		b.WriteString(bl)
		b.WriteString("\n")
	}
	for _, ph := range s.Tasks {
		b.WriteString("\n")
		hashes(b, s.TaskLevel)
		b.WriteString(" ")
		b.WriteString(Text(ph.Emoji))
		b.WriteString(" ")
		b.WriteString(Text(ph.Title))
		b.WriteString("\n\n{{< tasks >}}\n")
		b.WriteString(ph.Table)
		b.WriteString("\n{{< /tasks >}}\n")
	}
}

// hashes writes n '#' (none for n <= 0, as strings.Repeat would panic on
// a negative count and the template's repeat did).
func hashes(b *bytes.Buffer, n int) {
	for range n {
		b.WriteByte('#')
	}
}

// sections renders a template's sections, filled from p when p is not nil.
func (r renderer) sections(t *model.Template, p *model.Plan, ss []model.Section, level int) []sectionView {
	var out []sectionView
	enter := func(s *model.Section, depth int) {
		lvl := level + depth
		sv := sectionView{Level: lvl, Title: s.Title, TaskLevel: lvl + 1}
		for _, f := range s.Fields {
			sv.Fields = append(sv.Fields, fieldView{Label: f.Label, Value: r.fieldValue(f, p)})
		}
		filled := false
		for _, b := range s.Content {
			if b.Placeholder != "" && p != nil {
				if filled {
					continue
				}
				filled = true
				if md := strings.TrimSpace(p.Sections[s.Key]); md != "" {
					sv.Blocks = append(sv.Blocks, Nested(md, lvl))
					continue
				}
				sv.Blocks = append(sv.Blocks, placeholder(b.Placeholder, ""))
				continue
			}
			sv.Blocks = append(sv.Blocks, block(b, lvl))
		}
		if s.Tasks {
			for _, ph := range t.Phases {
				sv.Tasks = append(sv.Tasks, phaseView{Key: ph.Key, Emoji: ph.Emoji, Title: ph.Title})
			}
		}
		out = append(out, sv)
	}
	// A plan's extra section after a template section comes after that
	// section's subsections, at its level.
	leave := func(s *model.Section, depth int) {
		if p == nil {
			return
		}
		for _, x := range p.ExtraSections {
			if x.After == s.Key {
				out = append(out, r.extra(x, level+depth))
			}
		}
	}
	model.WalkTree(ss, enter, leave)
	return out
}

func (r renderer) extra(x model.ExtraSection, level int) sectionView {
	sv := sectionView{Level: level, Title: x.Title}
	for _, b := range x.Content {
		sv.Blocks = append(sv.Blocks, block(b, level))
	}
	return sv
}

func (r renderer) fieldValue(f model.Field, p *model.Plan) string {
	if f.Value != "" {
		return Text(f.Value)
	}
	if p != nil {
		if v := p.FieldText(f.Key); strings.TrimSpace(v) != "" {
			return Text(v)
		}
		return placeholder(f.Placeholder, "")
	}
	return placeholder(f.Placeholder, f.Hint)
}

func placeholder(name, hint string) string {
	s := Text("[" + name + "]")
	if hint != "" {
		s += " " + Text("("+hint+")")
	}
	return s
}

func block(b model.Block, level int) string {
	for _, k := range model.BoxKinds {
		if md := k.Of(&b); md != "" {
			return "> [!" + k.Alert + "]\n" + Quote(md)
		}
	}
	switch {
	case b.Text != "":
		return Nested(b.Text, level)
	case b.Placeholder != "":
		s := placeholder(b.Placeholder, "")
		if b.Example != "" {
			s += " Example: " + Text(b.Example)
		}
		return s
	case b.Table != nil:
		return table(b.Table.Columns, b.Table.Rows)
	}
	return ""
}

func table(cols []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("|")
	for _, c := range cols {
		b.WriteString(" " + Text(c) + " |")
	}
	b.WriteString("\n|")
	for range cols {
		b.WriteString(" --- |")
	}
	for _, row := range rows {
		b.WriteString("\n|")
		for _, c := range row {
			b.WriteString(" " + Text(c) + " |")
		}
	}
	return b.String()
}

// tables draws each phase's task table (taskTable), by phase key, and
// puts it under its heading in the page body. A date left empty shows
// datePlaceholder ("[YYYY-MM-DD]" on template pages).
func (r renderer) tables(secs []sectionView, rows []model.PhaseRows, datePlaceholder string) error {
	byKey := map[string]string{}
	for _, ph := range rows {
		pd := PhaseData{Key: ph.Key, Title: ph.Title}
		pd.Columns = ph.Columns
		for _, row := range ph.Rows {
			start, end := row.Fill.Span()
			key := r.statuses.Of(row.Fill)
			td := TaskData{Key: row.Task.Key, Anchor: paths.TaskAnchor(row.Task.Key), Name: row.Task.Name,
				Description: row.Task.Description, Start: start.String(), End: end.String(),
				Status: key, Notes: row.Fill.Notes}
			for _, ref := range model.ParseResponsible(row.Task.Responsible) {
				rd := RoleData{Join: ref.Join, Code: ref.Code}
				if ro := r.ix.Roles[ref.Code]; ro != nil && ro.Title != ro.Code {
					rd.Title = ro.Title
				}
				td.Responsible = append(td.Responsible, rd)
			}
			pd.Tasks = append(pd.Tasks, td)
		}
		t, err := taskTable(pd, r.statusViews, datePlaceholder)
		if err != nil {
			return err
		}
		byKey[ph.Key] = t
	}
	for i := range secs {
		for j := range secs[i].Tasks {
			ph := &secs[i].Tasks[j]
			t, ok := byKey[ph.Key]
			if !ok {
				return fmt.Errorf("phase %q has a heading but no task table", ph.Key)
			}
			ph.Table = t
		}
	}
	return nil
}

func (r renderer) status(key string) *StatusView {
	if v, ok := r.statusViews[key]; ok {
		return &v
	}
	return &StatusView{Key: key, Label: key}
}

// statusViews is every status of the registry as pages show it, by key:
// not only the ones a page's tasks name, since its Gantt draws phase and
// plan statuses rolled up from them.
func statusViews(reg model.StatusRegistry) map[string]StatusView {
	out := make(map[string]StatusView, len(reg.Statuses))
	for _, s := range reg.Statuses {
		if _, dup := out[s.Key]; !dup { // the first wins, as in model.Index
			out[s.Key] = StatusView{Key: s.Key, Emoji: s.Emoji, Label: s.Label, Colour: s.Colour, Pattern: s.Pattern}
		}
	}
	return out
}

func (r renderer) doc(d *model.DocControl) *DocView {
	v := &DocView{ID: d.ID, Revision: d.Revision, State: d.State, Effective: d.Effective.String(),
		Author: r.sign(&d.Author), Reviewer: r.sign(d.Reviewer), Approver: r.sign(d.Approver)}
	for _, h := range d.History {
		v.History = append(v.History, HistView{h.Revision, h.Date.String(), h.Reason, h.Author})
	}
	return v
}

func (r renderer) sign(s *model.Signature) *SignView {
	if s == nil || s.Name == "" {
		return nil
	}
	role := s.Role
	if ro := r.ix.Roles[s.Role]; ro != nil && ro.Title != "" && ro.Title != ro.Code {
		role = s.Role + " " + ro.Title
	}
	return &SignView{Name: s.Name, Role: role, Date: s.Date.String()}
}

// tidy collapses the blank lines the template's control structures leave,
// outside fenced code blocks, so pages are stable and diff cleanly. It
// compacts b in place (a kept line never moves right) and returns a new
// slice of the page's size (and StampRoom to spare), so b can be reused.
func tidy(b []byte) []byte {
	w := 0 // b[:w] is the output so far
	fence, blank := false, false
	for r, first := 0, true; r <= len(b); first = false {
		end := bytes.IndexByte(b[r:], '\n')
		if end < 0 {
			end = len(b)
		} else {
			end += r
		}
		l := b[r:end]
		t := bytes.TrimSpace(l)
		if bytes.HasPrefix(t, fenceTicks) || bytes.HasPrefix(t, fenceTildes) {
			fence = !fence
		}
		r = end + 1
		if !fence && len(t) == 0 {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		if !first {
			b[w] = '\n'
			w++
		}
		w += copy(b[w:], l)
	}
	t := bytes.TrimSpace(b[:w])
	out := make([]byte, len(t)+1, len(t)+1+StampRoom)
	copy(out, t)
	out[len(t)] = '\n'
	return out
}

// StampRoom is the capacity a page's Data is drawn with beyond its bytes:
// room for the fingerprint line write.StampInPlace puts into its front
// matter (indentation, "generatedHash: ", 64 hex digits, a newline), so that
// the page is stamped where it lies rather than copied.
const StampRoom = 96

var fenceTicks, fenceTildes = []byte("```"), []byte("~~~")
