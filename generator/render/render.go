// Package render turns the validated model into Hugo content pages: Markdown
// with YAML front matter, written with text/template and sprig. Every value
// from the data is escaped for Markdown (or, for the Markdown-valued fields,
// kept away from Hugo's shortcodes); Hugo's renderer, with raw HTML off, does
// the rest, so no raw HTML passes from data to pages.
package render

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"go.yaml.in/yaml/v3"

	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// Page is one generated content file.
type Page struct {
	Path   string // relative to content/, slash-separated
	Source string // the data file it comes from
	Data   []byte
}

//go:embed templates/*.tmpl
var templateFS embed.FS

var pageTmpl = template.Must(template.New("page.md.tmpl").
	Funcs(sprig.TxtFuncMap()).
	Funcs(template.FuncMap{"text": Text}).
	ParseFS(templateFS, "templates/*.tmpl"))

// Render returns every generated page, in a stable order.
func Render(d *model.Data) ([]Page, error) {
	ix := d.Index()
	r := renderer{ix: ix, statuses: d.Statuses, plansByID: map[string]*model.Plan{}}
	for _, p := range d.Plans {
		r.plansByID[p.Document.ID] = p
	}
	var pages []Page

	templates := slices.Clone(d.Templates)
	slices.SortStableFunc(templates, func(a, b *model.Template) int { return a.Weight - b.Weight })
	sec, err := r.section(paths.TemplatesSection, "T-009-001", "", 10,
		"Templates for sales implementation plans. Each filled plan is a record R-009-001.", paths.Templates)
	if err != nil {
		return nil, err
	}
	pages = append(pages, sec)
	for _, t := range templates {
		p, err := r.templatePage(t)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.Src.File, err)
		}
		pages = append(pages, p)
	}

	sec, err = r.section(paths.PlansSection, "R-009-001 Implementation plans", "", 20,
		"Sales implementation plans (records R-009-001), each made from a T-009-001 template.", paths.Plans)
	if err != nil {
		return nil, err
	}
	pages = append(pages, sec)
	plans := slices.Clone(d.Plans)
	slices.SortStableFunc(plans, func(a, b *model.Plan) int { return strings.Compare(a.Slug, b.Slug) })
	planPages := make([]Page, len(plans))
	errs := make([]error, len(plans))
	parallel.For(len(plans), func(i int) {
		p := plans[i]
		t := ix.Templates[p.Template]
		if t == nil {
			errs[i] = fmt.Errorf("%s: unknown template %q (validate first)", p.Src.File, p.Template)
			return
		}
		pg, err := r.planPage(p, t, i+1)
		if err != nil {
			errs[i] = fmt.Errorf("%s: %w", p.Src.File, err)
		}
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
}

// FrontMatter is what generated pages tell Hugo and the layouts.
type FrontMatter struct {
	Title     string   `yaml:"title"`
	LinkTitle string   `yaml:"linkTitle,omitempty"`
	Weight    int      `yaml:"weight"`
	Aliases   []string `yaml:"aliases,omitempty"`
	Params    Params   `yaml:"params"`
}

// Params are the page parameters the layouts read.
type Params struct {
	// GeneratedBy marks the file as generated: only files with this mark
	// are ever overwritten or removed.
	GeneratedBy string      `yaml:"generatedBy"`
	Source      string      `yaml:"source"`
	Kind        string      `yaml:"kind"`
	Template    string      `yaml:"template,omitempty"`
	Status      *StatusView `yaml:"status,omitempty"`
	DocControl  *DocView    `yaml:"docControl,omitempty"`
}

// StatusView is a status as shown.
type StatusView struct {
	Key   string `yaml:"key"`
	Emoji string `yaml:"emoji"`
	Label string `yaml:"label"`
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
	Sections  []sectionView
}

type phaseView struct {
	Emoji, Title string
	Headers      []string
	Rows         [][]string
}

func (r renderer) section(dir, title, linkTitle string, weight int, intro, source string) (Page, error) {
	fm := FrontMatter{Title: title, LinkTitle: linkTitle, Weight: weight,
		Params: Params{GeneratedBy: paths.Generated, Source: source, Kind: "section"}}
	b, err := yaml.Marshal(fm)
	if err != nil {
		return Page{}, err
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "---\n%s---\n\n%s\n", b, Text(intro))
	return Page{Path: paths.SectionPage(dir), Source: source, Data: out.Bytes()}, nil
}

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
	return r.execute(paths.TemplatePage(t.Slug), t.Src.File, fm, v)
}

func (r renderer) planPage(p *model.Plan, t *model.Template, weight int) (Page, error) {
	rows := model.Resolve(t, p)
	st := model.PlanStatus(p, rows, r.statuses)
	fm := FrontMatter{Title: p.Title, LinkTitle: p.SidebarLabel, Weight: weight, Aliases: p.Aliases,
		Params: Params{GeneratedBy: paths.Generated, Source: p.Src.File, Kind: "plan", Template: t.Key,
			Status: r.status(st), DocControl: r.doc(&p.Document)}}
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
	v.Sections = r.sections(t, p, t.Sections, 2)
	for _, x := range p.ExtraSections {
		if x.After == "" {
			v.Sections = append(v.Sections, r.extra(x, 2))
		}
	}
	return r.execute(paths.PlanPage(p.Slug), p.Src.File, fm, v)
}

func (r renderer) execute(file, source string, fm FrontMatter, v pageView) (Page, error) {
	b, err := yaml.Marshal(fm)
	if err != nil {
		return Page{}, err
	}
	v.FrontMatter = string(b)
	var out bytes.Buffer
	if err := pageTmpl.Execute(&out, v); err != nil {
		return Page{}, err
	}
	return Page{Path: file, Source: source, Data: tidy(out.Bytes())}, nil
}

// sections renders a template's sections, filled from p when p is not nil.
func (r renderer) sections(t *model.Template, p *model.Plan, ss []model.Section, level int) []sectionView {
	var out []sectionView
	for _, s := range ss {
		sv := sectionView{Level: level, Title: s.Title, TaskLevel: level + 1}
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
					sv.Blocks = append(sv.Blocks, Nested(md, level))
					continue
				}
				sv.Blocks = append(sv.Blocks, placeholder(b.Placeholder, ""))
				continue
			}
			sv.Blocks = append(sv.Blocks, block(b, level))
		}
		if s.Tasks {
			sv.Tasks = r.phases(model.Resolve(t, p), p == nil)
		}
		sv.Sections = r.sections(t, p, s.Sections, level+1)
		out = append(out, sv)
		if p != nil {
			for _, x := range p.ExtraSections {
				if x.After == s.Key {
					out = append(out, r.extra(x, level))
				}
			}
		}
	}
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
	switch {
	case b.Text != "":
		return Nested(b.Text, level)
	case b.Note != "":
		return "> [!NOTE]\n" + Quote(b.Note)
	case b.Tip != "":
		return "> [!TIP]\n" + Quote(b.Tip)
	case b.Info != "":
		return "> [!INFO]\n" + Quote(b.Info)
	case b.Warning != "":
		return "> [!WARNING]\n" + Quote(b.Warning)
	case b.Danger != "":
		return "> [!DANGER]\n" + Quote(b.Danger)
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

// phases renders the task tables. On a template page (blank) dates show
// the [YYYY-MM-DD] placeholder as in the portal.
func (r renderer) phases(rows []model.PhaseRows, blank bool) []phaseView {
	var out []phaseView
	for _, ph := range rows {
		pv := phaseView{Emoji: ph.Emoji, Title: ph.Title}
		for _, c := range ph.Columns {
			pv.Headers = append(pv.Headers, model.ColumnTitles[c])
		}
		for _, row := range ph.Rows {
			start, end := row.Fill.Span()
			var cells []string
			for _, c := range ph.Columns {
				var cell string
				switch c {
				case model.ColTask:
					cell = Text(row.Task.Name)
				case model.ColDescription:
					cell = Text(row.Task.Description)
				case model.ColResponsible:
					cell = Text(row.Task.Responsible)
				case model.ColStart, model.ColDate:
					cell = date(start, blank)
				case model.ColEnd:
					cell = date(end, blank)
				case model.ColStatus:
					s := r.status(r.statuses.Of(row.Fill))
					cell = Text(s.Emoji + " " + s.Label)
				case model.ColNotes:
					cell = Text(row.Fill.Notes)
				}
				cells = append(cells, cell)
			}
			pv.Rows = append(pv.Rows, cells)
		}
		out = append(out, pv)
	}
	return out
}

func date(d model.Date, blank bool) string {
	if blank {
		return Text("[YYYY-MM-DD]")
	}
	return d.String() // "" when not set
}

func (r renderer) status(key string) *StatusView {
	if s := r.ix.Statuses[key]; s != nil {
		return &StatusView{Key: s.Key, Emoji: s.Emoji, Label: s.Label}
	}
	return &StatusView{Key: key, Label: key}
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
// outside fenced code blocks, so pages are stable and diff cleanly.
func tidy(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	var out []string
	fence, blank := false, false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if !fence && t == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return []byte(strings.TrimSpace(strings.Join(out, "\n")) + "\n")
}
