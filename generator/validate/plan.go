package validate

import (
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"slices"
	"strings"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

func (v *checker) plans() {
	// What no two plans may share, in file order: the first keeps it.
	slugs := map[string]diag.Pos{}
	ids := map[string]diag.Pos{}
	aliases := map[string]diag.Pos{}
	for _, p := range v.d.Plans {
		// Case-folded: on macOS or Windows two slugs differing in case
		// would be one file.
		v.uniqueFold(slugs, p.Slug, p.Src.At("slug"), "plan slug")
		v.recordID(ids, &p.Document)
		for _, a := range p.Aliases {
			if v.aliasProblem(a) == "" {
				v.uniqueFold(aliases, strings.TrimSuffix(a, "/"), p.Src.At("aliases"), "alias")
			}
		}
		v.supersession(p)
	}
	// Each plan on its own (against its template and the registries, its
	// text) is checked by a checker of its own (its findings, anchors and
	// deferred links), on every core, or taken from the memo, and their
	// findings are then taken in file order: the same findings in the same
	// order as one checker going through the plans, in half the time.
	each := make([]planFindings, len(v.d.Plans))
	parallel.For(len(v.d.Plans), func(i int) {
		p := v.d.Plans[i]
		key, ok := v.memo.key(v, p)
		if f, kept := v.memo.kept(p, key, ok); kept {
			each[i] = f
			return
		}
		c := &checker{d: v.d, ix: v.ix, asOf: v.asOf, taken: v.taken, pages: v.pages, deferring: v.deferring, skipped: map[string]int{}}
		c.plan(p)
		each[i] = planFindings{ds: c.ds, deferred: c.deferred, skipped: c.skipped}
		v.memo.keep(p, key, ok, each[i])
	})
	for _, f := range each {
		v.ds = append(v.ds, f.ds...)
		v.deferred = append(v.deferred, f.deferred...)
		for file, n := range f.skipped {
			v.skipped[file] += n
		}
	}
	v.supersessionCycles()
}

// plan checks what the plan p says on its own: its fields, its record,
// what it fills of its template, the roles and statuses it names, its
// text. Nothing it finds depends on another plan but through the site's
// pages (v.pages, which links may name), so that Memo can keep it.
func (v *checker) plan(p *model.Plan) {
	v.slug(p.Src, p.Slug)
	v.nonEmpty(p.Src, "title", p.Title)
	v.nonEmpty(p.Src, "sidebar_label", p.SidebarLabel)
	v.short(p.Src, "title", p.Title, maxTitle)
	v.short(p.Src, "sidebar_label", p.SidebarLabel, maxLabel)
	for i, a := range p.Aliases {
		switch v.aliasProblem(a) {
		case "unsafe":
			v.ds.Add(diag.Errorf(p.Src.At("aliases"), "aliases[%d] %s is not a safe site path", i, diag.Quote(a)).Fix("write a site path such as /" + paths.TemplatesSection + "/R-009-001-20251104-es-novartis"))
		case "generated":
			v.ds.Add(diag.Errorf(p.Src.At("aliases"), "aliases[%d] %s is the URL of a generated page: the redirect would replace that page", i, diag.Quote(a)).Fix("an alias is an old URL that redirects here; remove it, or fix the path"))
		}
	}
	v.deal(p)
	if p.Status != "" {
		v.status(p.Src.At("status"), p.Status)
	}
	v.document(&p.Document)
	t := v.ix.Templates[p.Template]
	switch {
	case t == nil && v.brokenTemplate():
	case t == nil:
		var keys []string
		for _, t := range v.d.Templates {
			keys = append(keys, t.Key)
		}
		v.ds.Add(diag.Errorf(p.Src.At("template"), "unknown template %s", diag.Quote(p.Template)).Fix(diag.DidYouMean(p.Template, keys)))
	default:
		v.planAgainst(p, t)
		v.anchors = taskAnchors(t, p)
	}
	v.placeholders(reflect.ValueOf(p), p.Src, "")
}

// aliasProblem says what is wrong with the alias a on its own: "unsafe"
// (not a site path a redirect may take), "generated" (the URL of a
// generated page), or "" for nothing.
func (v *checker) aliasProblem(a string) string {
	switch {
	case !aliasRE.MatchString(a) || strings.Contains(a, "..") || strings.Contains(a+"/", "/./") ||
		strings.HasSuffix(strings.ToLower(strings.TrimSuffix(a, "/")), ".html"):
		return "unsafe"
	case v.pages[strings.ToLower(strings.TrimSuffix(a, "/"))]:
		return "generated"
	}
	return ""
}

// recordID checks that a record ID is one a reader can tell from every
// other: "R-1" and "r-1", or "R-1" and "R-1 ", read as the same record.
func (v *checker) recordID(seen map[string]diag.Pos, d *model.DocControl) {
	if strings.TrimSpace(d.ID) != d.ID {
		v.ds.Add(diag.Errorf(d.Src.At("id"), "record ID %q has white space at its start or end", d.ID).Fix("delete it"))
		return
	}
	v.uniqueFold(seen, d.ID, d.Src.At("id"), "record ID")
}

// supersessionCycles reports records that supersede each other in a ring
// (A by B, B by A): each names an existing record, yet none is current.
// A ring is reported once, at its first record in file order.
func (v *checker) supersessionCycles() {
	byID := map[string]int{}
	for i, p := range v.d.Plans {
		if _, dup := byID[p.Document.ID]; !dup && p.Document.ID != "" {
			byID[p.Document.ID] = i
		}
	}
	for i, p := range v.d.Plans {
		ring := []string{p.Document.ID}
		for j, ok := i, true; ok; {
			next := v.d.Plans[j].Document.SupersededBy
			if j, ok = byID[next]; !ok || j < i || next == ring[len(ring)-1] {
				break // no record, one reported from an earlier start, or itself (said apart)
			}
			ring = append(ring, next)
			if j == i {
				v.ds.Add(diag.Errorf(p.Document.Src.At("superseded_by"), "supersession cycle: %s", strings.Join(ring, " → ")).Fix("one of these records must be the current one: remove its superseded_by and set its state"))
				break
			}
			if len(ring) > len(v.d.Plans) {
				break // a ring that does not pass through p
			}
		}
	}
}

// supersession checks that a superseded record names an existing record
// that replaces it.
func (v *checker) supersession(p *model.Plan) {
	d := &p.Document
	switch {
	case d.SupersededBy == "" && d.State == model.StateSuperseded:
		v.ds.Add(diag.Warnf(d.Src.At("state"), "superseded record does not say which record replaces it").Fix("add superseded_by: with the record ID of the plan that replaces it"))
	case d.SupersededBy == "":
	case d.State != model.StateSuperseded:
		v.ds.Add(diag.Errorf(d.Src.At("superseded_by"), "superseded_by is set but the state is %s", diag.Quote(d.State)).Fix("set state: superseded, or remove superseded_by"))
	case d.SupersededBy == d.ID:
		v.ds.Add(diag.Errorf(d.Src.At("superseded_by"), "record %s cannot supersede itself", d.ID).Fix("name the newer record"))
	default:
		if v.recordIDs == nil {
			// Looked up once for every superseded record: going through
			// the plans for each was quadratic (a quarter of a second of
			// a run at 10,000 plans, a fifth of them superseded).
			v.recordIDs = make(map[string]bool, len(v.d.Plans))
			for _, q := range v.d.Plans {
				v.recordIDs[q.Document.ID] = true
			}
		}
		if v.recordIDs[d.SupersededBy] {
			return
		}
		var ids []string
		for _, q := range v.d.Plans {
			if q != p {
				ids = append(ids, q.Document.ID)
			}
		}
		v.ds.Add(diag.Errorf(d.Src.At("superseded_by"), "no plan has the record ID %s", diag.Quote(d.SupersededBy)).Fix(diag.DidYouMean(d.SupersededBy, ids)))
	}
}

func (v *checker) deal(p *model.Plan) {
	v.nonEmpty(p.Deal.Src, "id", p.Deal.ID)
	v.nonEmpty(p.Deal.Src, "name", p.Deal.Name)
	if !p.Deal.Src.Has("crm") {
		return // the loader reported it missing
	}
	u, err := url.Parse(p.Deal.CRM)
	if err == nil && u.User != nil {
		v.ds.Add(diag.Errorf(p.Deal.Src.At("crm"), "deal.crm contains credentials").Fix("remove the user name and password from the link: the portal would publish them"))
		return
	}
	if err == nil && strings.ContainsFunc(u.Host, func(r rune) bool { return r > 127 }) {
		v.ds.Add(diag.Errorf(p.Deal.Src.At("crm"), "deal.crm host %s is not ASCII", diag.Quote(u.Host)).Fix("copy the link from the CRM's address bar; its host is plain ASCII"))
		return
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(p.Deal.CRM, " \t\n<>\"") {
		v.ds.Add(diag.Errorf(p.Deal.Src.At("crm"), "deal.crm %s is not an http(s) link", diag.Quote(p.Deal.CRM)).Fix("paste the deal's address from the CRM, starting with https://"))
	}
}

// planAgainst checks what a plan fills against its template: fields,
// sections, tasks, extra tasks and extra sections.
func (v *checker) planAgainst(p *model.Plan, t *model.Template) {
	fields := map[string]model.Field{}
	sections := map[string]*model.Section{}
	var placeholders []string // section keys with a placeholder block, in page order
	model.Walk(t.Sections, func(s *model.Section, _ int) {
		sections[s.Key] = s
		for _, f := range s.Fields {
			fields[f.Key] = f
		}
		if _, ok := s.PlaceholderBlock(); ok {
			placeholders = append(placeholders, s.Key)
		}
	})
	v.planFields(p, t, fields)
	v.planSections(p, t, sections, placeholders)
	tasks := v.planTasks(p, t)
	v.extraTasks(p, t, tasks)
	v.extraSections(p, t, sections)
}

// planFields: every key must exist and take a value; every placeholder
// field left unfilled is a warning.
func (v *checker) planFields(p *model.Plan, t *model.Template, fields map[string]model.Field) {
	for _, key := range slices.Sorted(maps.Keys(p.Fields)) {
		f, ok := fields[key]
		pos := p.Src.At("fields." + key)
		_, isList := p.ListField(key)
		switch {
		case !ok:
			v.ds.Add(diag.Errorf(pos, "template %s has no field %s", diag.Quote(t.Key), diag.Quote(key)).Fix(diag.DidYouMean(key, fillable(fields))))
		case f.Placeholder == "":
			v.ds.Add(diag.Errorf(pos, "field %s is fixed by the template as %s", diag.Quote(key), diag.Quote(f.Value)).Fix("remove it: the template fixes this field"))
		case isList:
			v.ds.Add(diag.Errorf(pos, "fields.%s: use the top-level %s list", key, key).Fix(fmt.Sprintf("write it as the list %s: at the top level", key)))
		}
	}
	for _, key := range fillable(fields) {
		where, at := "fields."+key, "fields"
		if list, isList := p.ListField(key); isList {
			if len(*list) > 0 {
				continue
			}
			where, at = key, key
		} else if p.Fields[key] != "" {
			continue
		}
		v.ds.Add(diag.Warnf(p.Src.At(at), "unfilled placeholder [%s] (%s)", fields[key].Placeholder, fields[key].Label).Fix("fill " + where))
	}
	for _, key := range model.ListFieldKeys {
		if _, ok := fields[key]; !ok && p.Src.Has(key) {
			v.ds.Add(diag.Errorf(p.Src.At(key), "template %s has no %s field", diag.Quote(t.Key), key).Fix("remove it, or use a template with this field"))
		}
		list, _ := p.ListField(key)
		for i, s := range *list {
			// An item the loader refused (an alias, a list) decoded as "".
			if strings.TrimSpace(s) == "" && !p.Src.Bad[key] {
				v.ds.Add(diag.Errorf(p.Src.At(key), "%s[%d] is empty", key, i).Fix("remove empty list items"))
			}
		}
	}
}

// planSections: sections.<key> fill placeholder blocks.
func (v *checker) planSections(p *model.Plan, t *model.Template, sections map[string]*model.Section, placeholders []string) {
	for _, key := range slices.Sorted(maps.Keys(p.Sections)) {
		if !slices.Contains(placeholders, key) {
			v.ds.Add(diag.Errorf(p.Src.At("sections."+key), "template %s has no section %s to fill", diag.Quote(t.Key), diag.Quote(key)).Fix(diag.DidYouMean(key, placeholders)))
		}
	}
	for _, key := range placeholders {
		if strings.TrimSpace(p.Sections[key]) == "" {
			v.ds.Add(diag.Warnf(p.Src.At("sections"), "unfilled section %s (%s)", diag.Quote(key), sections[key].Title).Fix("fill sections." + key))
		}
	}
}

// planTasks checks the plan's fills of template tasks and returns the
// phase of every task key, for the extra tasks to be checked against.
func (v *checker) planTasks(p *model.Plan, t *model.Template) map[string]*model.Phase {
	tasks := map[string]*model.Phase{}
	for i := range t.Phases {
		for _, task := range t.Phases[i].Tasks {
			tasks[task.Key] = &t.Phases[i]
		}
	}
	for _, key := range slices.Sorted(maps.Keys(p.Tasks)) {
		ph, ok := tasks[key]
		if !ok {
			v.ds.Add(diag.Errorf(p.Src.At("tasks."+key), "template %s has no task %s", diag.Quote(t.Key), diag.Quote(key)).Fix(diag.DidYouMean(key, slices.Sorted(maps.Keys(tasks))) + "; add new tasks under extra_tasks"))
			continue
		}
		f := p.Tasks[key]
		v.fill(ph, "tasks."+key, f.Src, f.Start, f.End, f.Date, f.Status)
		if f.Responsible != "" {
			v.responsible(f.Src.At("responsible"), f.Responsible)
		}
	}
	return tasks
}

func (v *checker) extraTasks(p *model.Plan, t *model.Template, tasks map[string]*model.Phase) {
	phases := map[string]*model.Phase{}
	for i := range t.Phases {
		phases[t.Phases[i].Key] = &t.Phases[i]
	}
	// The ids of the template's headings, which an extra task's anchor
	// must not take (the template's own tasks are checked with it).
	headings := map[string]string{}
	model.Walk(t.Sections, func(s *model.Section, _ int) { headings[paths.HeadingID(s.Title)] = s.Title })
	for _, ph := range t.Phases {
		headings[paths.HeadingID(phaseHeading(ph))] = ph.Title
	}
	for i, x := range p.ExtraTasks {
		path := fmt.Sprintf("extra_tasks[%d]", i)
		if h, ok := headings[paths.TaskAnchor(x.Key)]; ok {
			v.ds.Add(diag.Errorf(x.Src.At("key"), "%s: task key %q has the anchor %q, the id of the template's heading %q", path, x.Key, paths.TaskAnchor(x.Key), h).Fix("choose another key: #" + paths.TaskAnchor(x.Key) + " must lead to the task's row"))
		}
		ph := phases[x.Phase]
		if ph == nil {
			v.ds.Add(diag.Errorf(x.Src.At("phase"), "%s: unknown phase %s", path, diag.Quote(x.Phase)).Fix(diag.DidYouMean(x.Phase, slices.Sorted(maps.Keys(phases)))))
			continue
		}
		if _, dup := tasks[x.Key]; dup {
			v.ds.Add(diag.Errorf(x.Src.At("key"), "%s: task key %s is already used", path, diag.Quote(x.Key)).Fix("choose a key not used by the template or another extra task"))
		} else {
			tasks[x.Key] = ph
		}
		if x.After != "" && !slices.ContainsFunc(ph.Tasks, func(t model.Task) bool { return t.Key == x.After }) {
			var keys []string
			for _, t := range ph.Tasks {
				keys = append(keys, t.Key)
			}
			v.ds.Add(diag.Errorf(x.Src.At("after"), "%s: phase %s has no task %s to come after", path, diag.Quote(x.Phase), diag.Quote(x.After)).Fix(diag.DidYouMean(x.After, keys)))
		}
		v.nonEmpty(x.Src, "name", x.Name)
		v.responsible(x.Src.At("responsible"), x.Responsible)
		v.fill(ph, path, x.Src, x.Start, x.End, x.Date, x.Status)
	}
}

func (v *checker) extraSections(p *model.Plan, t *model.Template, sections map[string]*model.Section) {
	anchors := taskAnchors(t, p)
	for i, s := range p.ExtraSections {
		v.headingID(s.Src.At("title"), "section title", s.Title, anchors)
		if s.After != "" {
			if _, ok := sections[s.After]; !ok {
				v.ds.Add(diag.Errorf(s.Src.At("after"), "extra_sections[%d]: template %s has no section %s to come after", i, diag.Quote(t.Key), diag.Quote(s.After)).Fix(diag.DidYouMean(s.After, slices.Sorted(maps.Keys(sections)))))
			}
		}
		v.nonEmpty(s.Src, "title", s.Title)
		v.blocks(s.Content, false)
	}
}

// fill checks a task's dates and status against its phase's columns.
func (v *checker) fill(ph *model.Phase, path string, src model.Src, start, end, date model.Date, status string) {
	v.status(src.At("status"), status)
	single := slices.Contains(ph.Columns, model.ColDate)
	switch {
	case !date.IsZero() && (!start.IsZero() || !end.IsZero()):
		v.ds.Add(diag.Errorf(src.At("date"), "%s: date together with start/end", path).Fix("a one-day task has date:, a longer one start: and end:"))
	case single && (!start.IsZero() || !end.IsZero()):
		v.ds.Add(diag.Errorf(src.At("start"), "%s: phase %s has a single Date column", path, diag.Quote(ph.Key)).Fix("write date: instead"))
	case !start.IsZero() && !end.IsZero() && end.Before(start):
		v.ds.Add(diag.Errorf(src.At("end"), "%s: end %s is before start %s", path, end, start).Fix("swap the dates, or correct the end date"))
	}
	_, e := model.TaskFill{Start: start, End: end, Date: date}.Span()
	if src.Has("notes") && !slices.Contains(ph.Columns, model.ColNotes) {
		v.ds.Add(diag.Warnf(src.At("notes"), "%s: notes are not shown", path).Fix("the phase's table has no Notes column; put it in a section such as doubts, or add notes to the phase's columns"))
	}
	if s := v.ix.Statuses[status]; s != nil && s.Completed && !e.IsZero() && e.After(v.asOf) {
		v.ds.Add(diag.Warnf(src.At("status"), "%s: marked %s but ends %s, after the as-of date %s", path, s.Key, e, v.asOf).Fix("check the status or the date"))
	}
}

func (v *checker) document(d *model.DocControl) {
	v.nonEmpty(d.Src, "id", d.ID)
	switch d.State {
	case model.StateDraft, model.StateEffective, model.StateSuperseded:
	case "":
		if d.Src.Has("state") {
			v.ds.Add(diag.Errorf(d.Src.At("state"), "document state is empty").Fix("write draft, effective or superseded"))
		}
	default:
		v.ds.Add(diag.Errorf(d.Src.At("state"), "unknown document state %s", diag.Quote(d.State)).Fix(diag.DidYouMean(d.State, []string{"draft", "effective", "superseded"})))
	}
	if d.State != "" && d.State != model.StateDraft && d.Effective.IsZero() && !d.Src.Bad["effective"] {
		v.ds.Add(diag.Errorf(d.Src.Pos, "the record is %s, so it needs an effective date", d.State).Fix("add effective: YYYY-MM-DD, or set state: draft"))
	}
	for _, s := range []*model.Signature{&d.Author, d.Reviewer, d.Approver} {
		if s == nil {
			continue
		}
		v.nonEmpty(s.Src, "name", s.Name)
		if v.ix.Roles[s.Role] == nil && s.Src.Has("role") && !v.unchecked(paths.Roles) {
			v.ds.Add(diag.Errorf(s.Src.At("role"), "unknown role %s", diag.Quote(s.Role)).Fix(diag.DidYouMean(s.Role, v.roleCodes())))
		}
	}
	if d.State == model.StateEffective && d.Approver == nil {
		v.ds.Add(diag.Errorf(d.Src.Pos, "an effective record needs an approver").Fix("add approver: with name, role and date, or set state: draft"))
	}
	last := -1
	for i, h := range d.History {
		if h.Revision <= last {
			v.ds.Add(diag.Errorf(h.Src.At("revision"), "history[%d]: revision %d does not follow %d", i, h.Revision, last).Fix("list revisions oldest first, each once"))
		}
		last = h.Revision
	}
	if len(d.History) > 0 && last != d.Revision {
		v.ds.Add(diag.Warnf(d.Src.At("revision"), "revision is %d but the history ends at %d", d.Revision, last).Fix("add a history entry for the current revision"))
	}
}

// brokenTemplate reports, for a plan naming no loaded template, whether a
// template file failed to load: its key is unknown, so the plan may well
// name it. The plan is then not checked, and that is counted once at each
// such file.
func (v *checker) brokenTemplate() bool {
	found := false
	for f := range v.d.Broken {
		if strings.HasPrefix(f, paths.Templates+"/") {
			v.skipped[f]++
			found = true
		}
	}
	return found
}
