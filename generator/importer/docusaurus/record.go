package docusaurus

import (
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// A record page (R-009-001) is read against the template it was made from:
// its headings find the template's sections and phases, its Details bullets
// the template's fields, its task tables the template's tasks (by name).
// What the template lacks becomes extra_sections and extra_tasks; what has
// no place in a plan is reported.

var (
	fieldItem = regexp.MustCompile(`^\*\*(.+?):?\*\*:?\s*(.*)$`)
	mdLink    = regexp.MustCompile(`^\[(.+?)\]\((\S+?)\)$`)
	bracketed = regexp.MustCompile(`^\[[A-Z0-9_-]+\]`)
)

// docControlTitles are the headings a record's document control stands
// under on the portal.
var docControlTitles = []string{"document control", "version control", "signatures"}

// recordIn is what reading a record needs besides the page.
type recordIn struct {
	data *model.Data
	slug string
	url  string // the page's URL on the old portal
	asOf model.Date
}

// field is one "**Label**: value" bullet.
type field struct {
	label, value string
	line         int
}

func fields(p part) []field {
	var out []field
	for i, it := range p.listItems() {
		if m := fieldItem.FindStringSubmatch(it); m != nil {
			out = append(out, field{plain(m[1]), strings.TrimSpace(m[2]), p.line + i})
		}
	}
	return out
}

// readRecord turns a record page into a plan.
func readRecord(b *body, fm frontMatter, in recordIn, ds *diag.List) *model.Plan {
	t := recognise(b, in.data.Templates, ds)
	if t == nil {
		return nil
	}
	p := &model.Plan{Template: t.Key, Slug: in.slug, Title: fm.str("title"), SidebarLabel: fm.str("sidebar_label"),
		Fields: map[string]string{}, Sections: map[string]string{}, Tasks: map[string]model.TaskFill{}}
	if err := paths.Slug(in.slug); err != nil {
		ds.Add(diag.Errorf(b.pos(0, 1), "%s", err.(*paths.SlugError).Message()).
			Fix("rename the file (or its slug) to a safe one; the old URL is kept as an alias"))
	}
	if in.url != "" && !paths.SamePath(in.url, paths.PlanURL(in.slug)) {
		p.Aliases = []string{in.url}
	}
	r := recordReader{b: b, t: t, p: p, data: in.data, ds: ds, lastAt: map[int]string{}, doc: &docReader{}, docHeadings: map[string]bool{}}
	for _, pt := range b.parts {
		r.part(pt)
	}
	r.flushFill()
	r.missingTasks()
	r.dropEmptyExtras()
	if p.Title == "" {
		p.Title = r.h1
	}
	if p.Title == "" {
		p.Title = "R-009-001 " + in.slug
	}
	if p.SidebarLabel == "" {
		p.SidebarLabel = strings.TrimSpace(strings.TrimPrefix(p.Title, "R-009-001"))
	}
	p.Document = r.doc.control(b, p, in.asOf, ds)
	r.deal()
	return p
}

type recordReader struct {
	b    *body
	t    *model.Template
	p    *model.Plan
	data *model.Data
	ds   *diag.List
	h1   string

	sec        *model.Section
	phase      *model.Phase
	extra      *model.ExtraSection
	extraLevel int
	inDoc      bool
	fill       []string // the page's blocks in sec that the template does not have
	fillLine   int
	lastAt     map[int]string // heading level -> key of the last template section at it
	lastTask   string
	seenTasks  map[string]bool
	preamble   []field
	doc        *docReader
	// docHeadings are the extra headings that held document-control tables.
	docHeadings map[string]bool
}

func (r *recordReader) part(pt part) {
	if pt.heading {
		r.heading(pt)
		return
	}
	// A version-control or signature table is the document control
	// wherever it stands.
	if pt.kind == "table" && isDocTable(pt) {
		r.doc.part(pt)
		if r.extra != nil {
			r.docHeadings[r.extra.Title] = true
		}
		return
	}
	switch {
	case r.inDoc && (pt.kind == "list" || pt.kind == "table"):
		r.doc.part(pt)
	case r.inDoc:
		r.notCarried(pt, "text in the document control", "a plan's document control is its document: fields; say it in the revision's reason")
	case r.phase != nil:
		if pt.kind == "table" {
			r.taskTable(pt)
			return
		}
		r.notCarried(pt, "text under a phase heading", "move it into a task's notes or a section of the plan")
	case r.extra != nil:
		r.extraBlock(pt)
	case r.sec != nil:
		r.sectionBlock(pt)
	case pt.kind == "list":
		r.preamble = append(r.preamble, fields(pt)...)
	default:
		r.notCarried(pt, "text before the first section", "move it into a section of the plan")
	}
}

func (r *recordReader) notCarried(pt part, what, fix string) {
	r.ds.Add(diag.Warnf(r.b.pos(pt.line, 1), "%s not carried over: %s", what, firstLine(pt.raw)).Fix(fix))
}

func firstLine(s string) string {
	l, _, cut := strings.Cut(s, "\n")
	if cut || len(l) > 60 {
		if len(l) > 60 {
			l = l[:60]
		}
		return l + "…"
	}
	return l
}

func (r *recordReader) heading(pt part) {
	if pt.level == 1 {
		r.h1 = plain(pt.title)
		return
	}
	if pt.id != "" {
		r.ds.Add(diag.Warnf(r.b.pos(pt.line, 1), "heading id {#%s} not carried over", pt.id).
			Fix("a generated record's headings get their ids from their titles; update links to #" + pt.id))
	}
	if r.extra != nil && pt.level > r.extraLevel {
		r.extra.Content = appendText(r.extra.Content, pt.raw)
		return
	}
	r.flushFill()
	r.phase, r.extra, r.inDoc = nil, nil, false
	if r.sec != nil && r.sec.Tasks {
		if ph := r.findPhase(pt.title); ph != nil && pt.level > r.secLevel() {
			r.phase, r.lastTask = ph, ""
			return
		}
	}
	if s := r.findSection(pt.title); s != nil {
		r.sec = s
		r.lastAt[pt.level] = s.Key
		for l := range r.lastAt {
			if l > pt.level {
				delete(r.lastAt, l)
			}
		}
		return
	}
	if slices.Contains(docControlTitles, norm(pt.title)) {
		r.inDoc, r.sec = true, nil
		return
	}
	x := model.ExtraSection{After: r.lastAt[pt.level], Title: plain(pt.title)}
	r.p.ExtraSections = append(r.p.ExtraSections, x)
	r.extra = &r.p.ExtraSections[len(r.p.ExtraSections)-1]
	r.extraLevel, r.sec = pt.level, nil
}

func (r *recordReader) secLevel() int {
	for l, k := range r.lastAt {
		if k == r.sec.Key {
			return l
		}
	}
	return 2
}

func (r *recordReader) findSection(title string) *model.Section {
	var found *model.Section
	model.Walk(r.t.Sections, func(s *model.Section, _ int) {
		if found == nil && norm(s.Title) == norm(title) {
			found = s
		}
	})
	return found
}

func (r *recordReader) findPhase(title string) *model.Phase {
	for i := range r.t.Phases {
		ph := &r.t.Phases[i]
		if norm(ph.Title) == norm(title) || norm(ph.Emoji+" "+ph.Title) == norm(title) {
			return ph
		}
	}
	return nil
}

func appendText(bs []model.Block, raw string) []model.Block {
	if n := len(bs); n > 0 && bs[n-1].Text != "" {
		bs[n-1].Text += "\n\n" + raw
		return bs
	}
	return append(bs, model.Block{Text: raw})
}

func (r *recordReader) extraBlock(pt part) {
	switch pt.kind {
	case "table":
		header, rows := pt.cells()
		tb := &model.Table{Columns: plainAll(header)}
		for _, row := range rows {
			tb.Rows = append(tb.Rows, plainAll(row))
		}
		r.extra.Content = append(r.extra.Content, model.Block{Table: tb})
	case "box":
		if k, ok := boxKind(pt.alert); ok && pt.title == "" {
			var bl model.Block
			k.Set(&bl, pt.boxText())
			r.extra.Content = append(r.extra.Content, bl)
			return
		}
		r.extra.Content = appendText(r.extra.Content, pt.raw)
	default:
		r.extra.Content = appendText(r.extra.Content, pt.raw)
	}
}

func plainAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = plain(s)
	}
	return out
}

func boxKind(alert string) (model.BoxKind, bool) {
	for _, k := range model.BoxKinds {
		if k.Alert == alert {
			return k, true
		}
	}
	return model.BoxKind{}, false
}

// sectionBlock reads a block of a template section: its fields, a block the
// template has itself (skipped), or the plan's fill of the placeholder.
func (r *recordReader) sectionBlock(pt part) {
	if pt.kind == "list" && len(r.sec.Fields) > 0 {
		if fs := fields(pt); len(fs) > 0 {
			for _, f := range fs {
				r.field(f)
			}
			return
		}
	}
	for _, b := range r.sec.Content {
		if sameBlock(b, pt) {
			return
		}
	}
	if len(r.fill) == 0 {
		r.fillLine = pt.line
	}
	r.fill = append(r.fill, pt.raw)
}

// sameBlock reports whether a page block is the template's own block b.
func sameBlock(b model.Block, pt part) bool {
	switch {
	case b.Text != "":
		return pt.kind != "box" && plain(pt.raw) == plain(b.Text)
	case pt.kind == "box":
		k, ok := boxKind(pt.alert)
		return ok && plain(k.Of(&b)) == plain(pt.boxText())
	}
	return false
}

func (r *recordReader) flushFill() {
	if r.sec == nil || len(r.fill) == 0 {
		r.fill = nil
		return
	}
	fill := strings.Join(r.fill, "\n\n")
	r.fill = nil
	ph, ok := r.sec.PlaceholderBlock()
	if !ok {
		r.ds.Add(diag.Warnf(r.b.pos(r.fillLine, 1), "text in %q that its template does not have, not carried over: %s", r.sec.Title, firstLine(fill)).
			Fix("add it to the plan as an extra section, or to the template"))
		return
	}
	if strings.HasPrefix(fill, "["+ph.Placeholder+"]") {
		return // left unfilled, as on the template
	}
	r.p.Sections[r.sec.Key] = fill
}

func (r *recordReader) field(f field) {
	var tf *model.Field
	model.Walk(r.t.Sections, func(s *model.Section, _ int) {
		for i := range s.Fields {
			if tf == nil && norm(s.Fields[i].Label) == norm(f.label) {
				tf = &s.Fields[i]
			}
		}
	})
	pos := r.b.pos(f.line, 1)
	switch {
	case tf == nil:
		r.ds.Add(diag.Warnf(pos, "field %q is not in template %s, not carried over", f.label, r.t.Key).
			Fix("add it to the template's fields, or write it into a section of the plan"))
	case tf.Value != "":
		// recognise matched it
	case bracketed.MatchString(f.value) && strings.HasPrefix(f.value, "["+tf.Placeholder+"]"):
		// left unfilled
	default:
		v := plain(f.value)
		if l, ok := r.p.ListField(tf.Key); ok {
			*l = splitList(v)
			return
		}
		r.p.Fields[tf.Key] = v
	}
}

// deal reads the preamble: Deal Id (a link to the CRM) and Deal name.
func (r *recordReader) deal() {
	d := &r.p.Deal
	for _, f := range r.preamble {
		pos := r.b.pos(f.line, 1)
		switch norm(f.label) {
		case "deal id":
			if m := mdLink.FindStringSubmatch(f.value); m != nil {
				d.ID, d.CRM = plain(m[1]), m[2]
			} else {
				d.ID = plain(f.value)
			}
		case "deal name":
			d.Name = plain(f.value)
		case "superseded by":
			// the document control says it
		case "status", "plan status":
			// A plan's own status (a lost deal), over the one its tasks give.
			r.p.Status = r.status(f.line, f.value)
		default:
			r.ds.Add(diag.Warnf(pos, "%q above the first section not carried over", f.label).
				Fix("move it into a section of the plan"))
		}
	}
	top := r.b.pos(0, 1)
	if d.ID == "" || bracketed.MatchString(d.ID) {
		d.ID = "[DEAL_ID]"
		r.ds.Add(diag.Warnf(top, "no Deal Id on the page; wrote [DEAL_ID]").Fix("fill deal.id in the plan"))
	}
	if d.CRM == "" {
		d.CRM = "https://app.hubspot.com/[DEAL_LINK]"
		r.ds.Add(diag.Warnf(top, "the Deal Id is not a link to the CRM; wrote a placeholder link").Fix("fill deal.crm in the plan"))
	}
	if d.Name == "" || bracketed.MatchString(d.Name) {
		d.Name = "[DEAL_NAME]"
		r.ds.Add(diag.Warnf(top, "no Deal name on the page; wrote [DEAL_NAME]").Fix("fill deal.name in the plan"))
	}
}

// missingTasks reports template tasks the page's tables do not have.
func (r *recordReader) missingTasks() {
	for _, ph := range r.t.Phases {
		for _, task := range ph.Tasks {
			if !r.seenTasks[task.Key] {
				r.ds.Add(diag.Warnf(r.b.pos(0, 1), "task %q of template %s (%s) is not on the page; the plan shows it with the default status", task.Name, r.t.Key, ph.Title).
					Fix("give it dates and a status in the plan, or mark it cancelled"))
			}
		}
	}
}

func atoi(s string) (int, bool) {
	n, err := strconv.Atoi(strings.TrimSpace(s))
	return n, err == nil
}

// splitList splits a list field as the page joins it, "A, B (x, y)", at
// the commas outside brackets.
func splitList(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, c := range s {
		switch c {
		case '(', '[':
			depth++
		case ')', ']':
			depth--
		case ',':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + 1
			}
		}
	}
	return append(out, strings.TrimSpace(s[start:]))
}

// dropEmptyExtras leaves out the extra sections with nothing under them:
// a heading over document-control tables only, or an empty one (reported).
func (r *recordReader) dropEmptyExtras() {
	kept := r.p.ExtraSections[:0]
	for _, x := range r.p.ExtraSections {
		if len(x.Content) > 0 {
			kept = append(kept, x)
		} else if !r.docHeadings[x.Title] {
			r.ds.Add(diag.Warnf(r.b.pos(0, 1), "heading %q has nothing under it; not carried over", x.Title).
				Fix("give it content in the plan's extra_sections, or leave it out"))
		}
	}
	r.p.ExtraSections = kept
	if len(kept) == 0 {
		r.p.ExtraSections = nil
	}
}
