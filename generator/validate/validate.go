// Package validate checks the loaded data as a whole: references between
// files (templates, statuses, roles), uniqueness, dates and URLs. It reports
// every problem in one run, each at the file:line:col of the offending value
// with a hint on how to fix it. Suspicious but valid data (unfilled
// placeholders, a task marked done that ends after the as-of date) are
// warnings.
package validate

import (
	"fmt"
	"maps"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/mdcheck"
	"github.com/qmsplan/qmsplan/generator/model"
)

// Aliases reports plan aliases at a URL the site already uses for something
// else: a hand-written page or a static file (taken maps such site paths,
// lower-cased and without a trailing slash, to the file that owns them).
// Hugo would replace that page with a redirect, or fail on the file.
func Aliases(d *model.Data, taken map[string]string) diag.List {
	var ds diag.List
	for _, p := range d.Plans {
		for i, a := range p.Aliases {
			if owner, ok := taken[strings.ToLower(strings.TrimSuffix(a, "/"))]; ok {
				ds.Errorf(p.Src.At("aliases"), "an alias is an old URL that redirects here; remove it, or fix the path",
					"aliases[%d] %q is the URL of %s: the redirect would replace it", i, a, owner)
			}
		}
	}
	return ds
}

// Check validates data as of the given date (the "today" of the run).
func Check(d *model.Data, asOf model.Date) diag.List {
	v := &checker{d: d, ix: d.Index(), asOf: asOf}
	v.registries()
	keys, slugs := map[string]diag.Pos{}, map[string]diag.Pos{}
	for _, t := range d.Templates {
		v.unique(keys, t.Key, t.Src.At("key"), "template key")
		v.uniqueFold(slugs, t.Slug, t.Src.At("slug"), "template slug")
		v.template(t)
	}
	v.plans()
	return v.ds
}

type checker struct {
	d    *model.Data
	ix   model.Index
	asOf model.Date
	ds   diag.List
}

var (
	slugRE  = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
	aliasRE = regexp.MustCompile(`^(/[A-Za-z0-9._-]+)+/?$`)
)

func (v *checker) registries() {
	seen := map[string]diag.Pos{}
	for _, r := range v.d.Roles.Roles {
		v.nonEmpty(r.Src, "code", r.Code)
		v.unique(seen, r.Code, r.Src.At("code"), "role code")
	}
	seen = map[string]diag.Pos{}
	for _, s := range v.d.Statuses.Statuses {
		v.nonEmpty(s.Src, "key", s.Key)
		v.nonEmpty(s.Src, "label", s.Label)
		v.unique(seen, s.Key, s.Src.At("key"), "status key")
	}
	// An empty registry would show up only as hundreds of follow-on errors
	// in plans; say so once, at the registry.
	if v.d.Roles.Src.File != "" && len(v.d.Roles.Roles) == 0 {
		v.ds.Errorf(v.d.Roles.Src.At("roles"), "list at least the roles the templates name, e.g. - code: Deal Owner", "no roles are defined")
	}
	if v.d.Statuses.Src.File != "" && len(v.d.Statuses.Statuses) == 0 {
		v.ds.Errorf(v.d.Statuses.Src.At("statuses"), "list the statuses, at least - key: pending", "no statuses are defined")
	}
	if len(v.d.Statuses.Statuses) > 0 && v.ix.Statuses[model.DefaultStatus] == nil {
		v.ds.Errorf(v.d.Statuses.Src.At("statuses"), "add a status with key: pending", "the status %q is missing: it is the status of tasks that give none", model.DefaultStatus)
	}
}

func (v *checker) template(t *model.Template) {
	v.nonEmpty(t.Src, "key", t.Key)
	v.nonEmpty(t.Src, "title", t.Title)
	v.slug(t.Src, t.Slug)
	sectionKeys := map[string]diag.Pos{}
	fieldKeys := map[string]diag.Pos{}
	taskSections := 0
	var walk func(ss []model.Section)
	walk = func(ss []model.Section) {
		for _, s := range ss {
			v.nonEmpty(s.Src, "title", s.Title)
			v.unique(sectionKeys, s.Key, s.Src.At("key"), "section key")
			if s.Tasks {
				taskSections++
			}
			for _, f := range s.Fields {
				v.unique(fieldKeys, f.Key, f.Src.At("key"), "field key")
				if (f.Value == "") == (f.Placeholder == "") {
					v.ds.Errorf(f.Src.Pos, "give the fixed text as value:, or a placeholder: that plans fill", "field %q needs exactly one of value and placeholder", f.Key)
				}
			}
			v.blocks(s.Content, true)
			walk(s.Sections)
		}
	}
	walk(t.Sections)
	if taskSections != 1 {
		v.ds.Errorf(t.Src.At("sections"), "mark the one section that holds the task tables with tasks: true",
			"%d sections have tasks: true; exactly one must", taskSections)
	}
	phaseKeys := map[string]diag.Pos{}
	taskKeys := map[string]diag.Pos{}
	if len(t.Phases) == 0 && t.Src.File != "" {
		v.ds.Errorf(t.Src.At("phases"), "list the project phases (the portal's templates have seven), each with its tasks", "the template has no phases")
	}
	for _, ph := range t.Phases {
		if len(ph.Tasks) == 0 && ph.Key != "" {
			v.ds.Warnf(ph.Src.Pos, "add its tasks, or remove the phase", "phase %q has no tasks: its table will be empty", ph.Key)
		}
		v.unique(phaseKeys, ph.Key, ph.Src.At("key"), "phase key")
		v.nonEmpty(ph.Src, "title", ph.Title)
		v.columns(ph)
		for _, task := range ph.Tasks {
			v.unique(taskKeys, task.Key, task.Src.At("key"), "task key")
			v.nonEmpty(task.Src, "name", task.Name)
			v.responsible(task.Src.At("responsible"), task.Responsible)
		}
	}
	if t.Document != nil {
		v.document(t.Document)
	}
}

func (v *checker) columns(ph model.Phase) {
	seen := map[string]diag.Pos{}
	for _, c := range ph.Columns {
		if _, ok := model.ColumnTitles[c]; !ok {
			v.ds.Errorf(ph.Src.At("columns"), load.DidYouMean(c, slices.Sorted(maps.Keys(model.ColumnTitles))), "phase %q: unknown column %q", ph.Key, c)
		}
		v.unique(seen, c, ph.Src.At("columns"), "column")
	}
	if !slices.Contains(ph.Columns, model.ColTask) {
		v.ds.Errorf(ph.Src.At("columns"), "add task to the columns", "phase %q has no task column", ph.Key)
	}
	hasDate := slices.Contains(ph.Columns, model.ColDate)
	hasSpan := slices.Contains(ph.Columns, model.ColStart) || slices.Contains(ph.Columns, model.ColEnd)
	if hasDate && hasSpan {
		v.ds.Errorf(ph.Src.At("columns"), "use either date, or start and end", "phase %q has both a date column and start/end columns", ph.Key)
	}
}

// blocks checks section content. inTemplate allows placeholders, which only
// templates have.
func (v *checker) blocks(bs []model.Block, inTemplate bool) {
	for _, b := range bs {
		if inTemplate {
			// A plan's blocks are checked with the rest of its text.
			for kind, md := range map[string]string{"text": b.Text, "note": b.Note, "tip": b.Tip, "info": b.Info, "warning": b.Warning, "danger": b.Danger, "example": b.Example} {
				if md != "" {
					v.markdown(b.Src.At(kind), kind, md)
				}
			}
		}
		n := 0
		for _, s := range []string{b.Text, b.Note, b.Tip, b.Info, b.Warning, b.Danger, b.Placeholder} {
			if s != "" {
				n++
			}
		}
		if b.Table != nil {
			n++
			v.table(b.Table)
		}
		if n != 1 {
			v.ds.Errorf(b.Src.Pos, "split it into one list item per block: text, note, tip, info, warning, danger, placeholder or table",
				"a content block needs exactly one kind, found %d", n)
		}
		if b.Example != "" && b.Placeholder == "" {
			v.ds.Errorf(b.Src.At("example"), "put the example in the same item as its placeholder", "example: without placeholder:")
		}
		if b.Placeholder != "" && !inTemplate {
			v.ds.Errorf(b.Src.At("placeholder"), "write the text itself with text:", "placeholders belong in templates, not plans")
		}
	}
}

func (v *checker) table(t *model.Table) {
	for i, row := range t.Rows {
		if len(row) != len(t.Columns) {
			v.ds.Errorf(t.Src.At("rows"), fmt.Sprintf("give each row one cell per column (%s)", strings.Join(t.Columns, ", ")),
				"table row %d has %d cells for %d columns", i+1, len(row), len(t.Columns))
		}
	}
}

func (v *checker) responsible(p diag.Pos, s string) {
	if strings.TrimSpace(s) == "" {
		v.ds.Errorf(p, "name a role from data/roles.yaml, e.g. Deal Owner & JD-013", "responsible is empty")
		return
	}
	for _, code := range model.ResponsibleRoles(s) {
		if v.ix.Roles[code] == nil {
			v.ds.Errorf(p, load.DidYouMean(code, v.roleCodes())+"; or add it to data/roles.yaml",
				"unknown role %q in responsible %q", code, s)
		}
	}
}

func (v *checker) roleCodes() []string {
	var out []string
	for _, r := range v.d.Roles.Roles {
		out = append(out, r.Code)
	}
	return out
}

func (v *checker) status(p diag.Pos, key string) {
	if key != "" && v.ix.Statuses[key] == nil {
		var keys []string
		for _, s := range v.d.Statuses.Statuses {
			keys = append(keys, s.Key)
		}
		v.ds.Errorf(p, load.DidYouMean(key, keys), "unknown status %q", key)
	}
}

func (v *checker) plans() {
	slugs := map[string]diag.Pos{}
	ids := map[string]diag.Pos{}
	aliases := map[string]diag.Pos{}
	pages := map[string]bool{}
	for u := range v.d.GeneratedURLs() {
		pages[strings.ToLower(u)] = true
	}
	for _, p := range v.d.Plans {
		v.slug(p.Src, p.Slug)
		// Case-folded: on macOS or Windows two slugs differing in case
		// would be one file.
		v.uniqueFold(slugs, p.Slug, p.Src.At("slug"), "plan slug")
		v.unique(ids, p.Document.ID, p.Document.Src.At("id"), "record ID")
		v.nonEmpty(p.Src, "title", p.Title)
		v.nonEmpty(p.Src, "sidebar_label", p.SidebarLabel)
		for i, a := range p.Aliases {
			pos := p.Src.At("aliases")
			if !aliasRE.MatchString(a) || strings.Contains(a, "..") || strings.Contains(a+"/", "/./") ||
				strings.HasSuffix(strings.ToLower(strings.TrimSuffix(a, "/")), ".html") {
				v.ds.Errorf(pos, "write a site path such as /records/GP-009/T-009-001/R-009-001-20251104-es-novartis",
					"aliases[%d] %q is not a safe site path", i, a)
				continue
			}
			if pages[strings.ToLower(strings.TrimSuffix(a, "/"))] {
				v.ds.Errorf(pos, "an alias is an old URL that redirects here; remove it, or fix the path",
					"aliases[%d] %q is the URL of a generated page: the redirect would replace that page", i, a)
				continue
			}
			v.uniqueFold(aliases, strings.TrimSuffix(a, "/"), pos, "alias")
		}
		v.deal(p)
		if p.Status != "" {
			v.status(p.Src.At("status"), p.Status)
		}
		v.document(&p.Document)
		v.supersession(p)
		t := v.ix.Templates[p.Template]
		if t == nil {
			var keys []string
			for _, t := range v.d.Templates {
				keys = append(keys, t.Key)
			}
			v.ds.Errorf(p.Src.At("template"), load.DidYouMean(p.Template, keys), "unknown template %q", p.Template)
			continue
		}
		v.planAgainst(p, t)
	}
	for _, p := range v.d.Plans {
		v.placeholders(reflect.ValueOf(p), p.Src, "")
	}
}

// placeholders warns about every [PLACEHOLDER] left in a plan's text, at the
// position of the value that holds it.
func (v *checker) placeholders(rv reflect.Value, src model.Src, path string) {
	switch rv.Kind() {
	case reflect.Pointer:
		if !rv.IsNil() {
			v.placeholders(rv.Elem(), src, path)
		}
	case reflect.Struct:
		if f := rv.FieldByName("Src"); f.IsValid() {
			if s, ok := f.Interface().(model.Src); ok {
				src = s
			}
		}
		for i := range rv.NumField() {
			f := rv.Type().Field(i)
			name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			if name == "-" || name == "" || !f.IsExported() {
				continue
			}
			fv := rv.Field(i)
			switch fv.Kind() {
			case reflect.String:
				v.placeholderAt(src.At(name), join(path, name), fv.String())
				if markdownKeys[name] {
					v.markdown(src.At(name), join(path, name), fv.String())
				}
			case reflect.Map:
				keys := fv.MapKeys()
				slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
				for _, k := range keys {
					if e := fv.MapIndex(k); e.Kind() == reflect.String {
						v.placeholderAt(src.At(name+"."+k.String()), join(path, name)+"."+k.String(), e.String())
						if markdownKeys[name] { // sections.<key> is Markdown
							v.markdown(src.At(name+"."+k.String()), join(path, name)+"."+k.String(), e.String())
						}
					} else {
						// Task fills: their notes are plan text too.
						v.placeholders(e, src, join(path, name)+"."+k.String())
					}
				}
			case reflect.Slice:
				for j := range fv.Len() {
					item := fv.Index(j)
					p := fmt.Sprintf("%s[%d]", join(path, name), j)
					if item.Kind() == reflect.String {
						v.placeholderAt(src.At(name), p, item.String())
					} else {
						v.placeholders(item, src, p)
					}
				}
			default:
				v.placeholders(fv, src, join(path, name))
			}
		}
	}
}

func (v *checker) placeholderAt(p diag.Pos, path, s string) {
	if ph := model.Unfilled(s); ph != "" {
		v.ds.Warnf(p, "replace it with the real value", "%s: unfilled placeholder %s", path, ph)
	}
	if i := strings.IndexFunc(s, isBidiControl); i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		v.ds.Errorf(p, "delete it: it makes text read differently from what it says", "%s: invisible control character %U", path, r)
	}
}

// isBidiControl reports the Unicode controls that reorder text on screen
// (the "Trojan Source" characters): a record must read as it is written.
func isBidiControl(r rune) bool {
	return (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// blank reports text that shows nothing: spaces and invisible format
// characters such as zero-width joiners only.
func blank(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }) == ""
}

// markdownKeys are the plan keys whose values are Markdown rather than text.
var markdownKeys = map[string]bool{"sections": true, "text": true, "note": true, "tip": true, "info": true, "warning": true, "danger": true}

// markdown checks a Markdown value for what the portal will not show.
// markdown reports what the portal will not render in a Markdown value.
// Problems of one kind (say, an opening and a closing HTML tag) are reported
// once, with a count, so one mistake reads as one finding.
func (v *checker) markdown(p diag.Pos, path, s string) {
	problems := mdcheck.Check(s)
	more := map[string]int{}
	for _, pr := range problems {
		more[pr.Hint]++
	}
	for _, pr := range problems {
		n := more[pr.Hint]
		if n == 0 {
			continue // reported with the first of its kind
		}
		more[pr.Hint] = 0
		where := path
		if strings.Contains(strings.TrimSpace(s), "\n") {
			where = fmt.Sprintf("%s (line %d of the text)", path, pr.Line)
		}
		msg := pr.Message
		if n > 1 {
			msg += fmt.Sprintf(", and %d more like it", n-1)
		}
		v.ds.Errorf(p, pr.Hint, "%s: %s", where, msg)
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// supersession checks that a superseded record names an existing record
// that replaces it.
func (v *checker) supersession(p *model.Plan) {
	d := &p.Document
	switch {
	case d.SupersededBy == "" && d.State == model.StateSuperseded:
		v.ds.Warnf(d.Src.At("state"), "add superseded_by: with the record ID of the plan that replaces it",
			"superseded record does not say which record replaces it")
	case d.SupersededBy == "":
	case d.State != model.StateSuperseded:
		v.ds.Errorf(d.Src.At("superseded_by"), "set state: superseded, or remove superseded_by", "superseded_by is set but the state is %q", d.State)
	case d.SupersededBy == d.ID:
		v.ds.Errorf(d.Src.At("superseded_by"), "name the newer record", "record %s cannot supersede itself", d.ID)
	default:
		var ids []string
		for _, q := range v.d.Plans {
			if q.Document.ID == d.SupersededBy {
				return
			}
			if q != p {
				ids = append(ids, q.Document.ID)
			}
		}
		v.ds.Errorf(d.Src.At("superseded_by"), load.DidYouMean(d.SupersededBy, ids), "no plan has the record ID %q", d.SupersededBy)
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
		v.ds.Errorf(p.Deal.Src.At("crm"), "remove the user name and password from the link: the portal would publish them",
			"deal.crm contains credentials")
		return
	}
	if err == nil && strings.ContainsFunc(u.Host, func(r rune) bool { return r > 127 }) {
		v.ds.Errorf(p.Deal.Src.At("crm"), "copy the link from the CRM's address bar; its host is plain ASCII",
			"deal.crm host %q is not ASCII", u.Host)
		return
	}
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || strings.ContainsAny(p.Deal.CRM, " \t\n<>\"") {
		v.ds.Errorf(p.Deal.Src.At("crm"), "paste the deal's address from the CRM, starting with https://",
			"deal.crm %q is not an http(s) link", p.Deal.CRM)
	}
}

func (v *checker) planAgainst(p *model.Plan, t *model.Template) {
	fields := map[string]model.Field{}
	sections := map[string]model.Section{}
	var placeholders []string // section keys with placeholder blocks, in page order
	var walk func(ss []model.Section)
	walk = func(ss []model.Section) {
		for _, s := range ss {
			sections[s.Key] = s
			for _, f := range s.Fields {
				fields[f.Key] = f
			}
			for _, b := range s.Content {
				if b.Placeholder != "" {
					placeholders = append(placeholders, s.Key)
					break
				}
			}
			walk(s.Sections)
		}
	}
	walk(t.Sections)

	// Fields: every key must exist and take a value; every placeholder
	// field left unfilled is a warning.
	for _, key := range slices.Sorted(maps.Keys(p.Fields)) {
		f, ok := fields[key]
		pos := p.Src.At("fields." + key)
		switch {
		case !ok:
			v.ds.Errorf(pos, load.DidYouMean(key, fillable(fields)), "template %q has no field %q", t.Key, key)
		case f.Placeholder == "":
			v.ds.Errorf(pos, "remove it: the template fixes this field", "field %q is fixed by the template as %q", key, f.Value)
		case key == "features" || key == "conditions":
			v.ds.Errorf(pos, fmt.Sprintf("write it as the list %s: at the top level", key), "fields.%s: use the top-level %s list", key, key)
		}
	}
	for _, key := range fillable(fields) {
		filled := p.Fields[key] != "" ||
			(key == "features" && len(p.Features) > 0) || (key == "conditions" && len(p.Conditions) > 0)
		if !filled {
			where, at := "fields."+key, "fields"
			if key == "features" || key == "conditions" {
				where, at = key, key
			}
			v.ds.Warnf(p.Src.At(at), "fill "+where, "unfilled placeholder [%s] (%s)", fields[key].Placeholder, fields[key].Label)
		}
	}
	for _, key := range []string{"features", "conditions"} {
		if _, ok := fields[key]; !ok && p.Src.Has(key) {
			v.ds.Errorf(p.Src.At(key), "remove it, or use a template with this field", "template %q has no %s field", t.Key, key)
		}
	}
	for key, list := range map[string][]string{"features": p.Features, "conditions": p.Conditions} {
		for i, s := range list {
			if strings.TrimSpace(s) == "" {
				v.ds.Errorf(p.Src.At(key), "remove empty list items", "%s[%d] is empty", key, i)
			}
		}
	}

	// Sections fill placeholder blocks.
	for _, key := range slices.Sorted(maps.Keys(p.Sections)) {
		if !slices.Contains(placeholders, key) {
			v.ds.Errorf(p.Src.At("sections."+key), load.DidYouMean(key, placeholders), "template %q has no section %q to fill", t.Key, key)
		}
	}
	for _, key := range placeholders {
		if strings.TrimSpace(p.Sections[key]) == "" {
			v.ds.Warnf(p.Src.At("sections"), "fill sections."+key, "unfilled section %q (%s)", key, sections[key].Title)
		}
	}

	// Tasks.
	tasks := map[string]*model.Phase{}
	for i := range t.Phases {
		for _, task := range t.Phases[i].Tasks {
			tasks[task.Key] = &t.Phases[i]
		}
	}
	for _, key := range slices.Sorted(maps.Keys(p.Tasks)) {
		ph, ok := tasks[key]
		if !ok {
			v.ds.Errorf(p.Src.At("tasks."+key), load.DidYouMean(key, slices.Sorted(maps.Keys(tasks)))+"; add new tasks under extra_tasks",
				"template %q has no task %q", t.Key, key)
			continue
		}
		f := p.Tasks[key]
		v.fill(ph, "tasks."+key, f.Src, f.Start, f.End, f.Date, f.Status)
		if f.Responsible != "" {
			v.responsible(f.Src.At("responsible"), f.Responsible)
		}
	}
	phases := map[string]*model.Phase{}
	for i := range t.Phases {
		phases[t.Phases[i].Key] = &t.Phases[i]
	}
	for i, x := range p.ExtraTasks {
		path := fmt.Sprintf("extra_tasks[%d]", i)
		ph := phases[x.Phase]
		if ph == nil {
			v.ds.Errorf(x.Src.At("phase"), load.DidYouMean(x.Phase, slices.Sorted(maps.Keys(phases))), "%s: unknown phase %q", path, x.Phase)
			continue
		}
		if _, dup := tasks[x.Key]; dup {
			v.ds.Errorf(x.Src.At("key"), "choose a key not used by the template or another extra task", "%s: task key %q is already used", path, x.Key)
		} else {
			tasks[x.Key] = ph
		}
		if x.After != "" && !slices.ContainsFunc(ph.Tasks, func(t model.Task) bool { return t.Key == x.After }) {
			var keys []string
			for _, t := range ph.Tasks {
				keys = append(keys, t.Key)
			}
			v.ds.Errorf(x.Src.At("after"), load.DidYouMean(x.After, keys), "%s: phase %q has no task %q to come after", path, x.Phase, x.After)
		}
		v.nonEmpty(x.Src, "name", x.Name)
		v.responsible(x.Src.At("responsible"), x.Responsible)
		v.fill(ph, path, x.Src, x.Start, x.End, x.Date, x.Status)
	}
	for i, s := range p.ExtraSections {
		if s.After != "" {
			if _, ok := sections[s.After]; !ok {
				v.ds.Errorf(s.Src.At("after"), load.DidYouMean(s.After, slices.Sorted(maps.Keys(sections))),
					"extra_sections[%d]: template %q has no section %q to come after", i, t.Key, s.After)
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
		v.ds.Errorf(src.At("date"), "a one-day task has date:, a longer one start: and end:", "%s: date together with start/end", path)
	case single && (!start.IsZero() || !end.IsZero()):
		v.ds.Errorf(src.At("start"), "write date: instead", "%s: phase %q has a single Date column", path, ph.Key)
	case !start.IsZero() && !end.IsZero() && end.Before(start):
		v.ds.Errorf(src.At("end"), "swap the dates, or correct the end date",
			"%s: end %s is before start %s", path, end, start)
	}
	_, e := model.TaskFill{Start: start, End: end, Date: date}.Span()
	if src.Has("notes") && !slices.Contains(ph.Columns, model.ColNotes) {
		v.ds.Warnf(src.At("notes"), "the phase's table has no Notes column; put it in a section such as doubts, or add notes to the phase's columns",
			"%s: notes are not shown", path)
	}
	if status == "done" && !e.IsZero() && e.After(v.asOf) {
		v.ds.Warnf(src.At("status"), "check the status or the date", "%s: marked done but ends %s, after the as-of date %s", path, e, v.asOf)
	}
}

func (v *checker) document(d *model.DocControl) {
	v.nonEmpty(d.Src, "id", d.ID)
	switch d.State {
	case model.StateDraft, model.StateEffective, model.StateSuperseded:
	case "":
		if d.Src.Has("state") {
			v.ds.Errorf(d.Src.At("state"), "write draft, effective or superseded", "document state is empty")
		}
	default:
		v.ds.Errorf(d.Src.At("state"), load.DidYouMean(d.State, []string{"draft", "effective", "superseded"}),
			"unknown document state %q", d.State)
	}
	if d.State != "" && d.State != model.StateDraft && d.Effective.IsZero() {
		v.ds.Errorf(d.Src.Pos, "add effective: YYYY-MM-DD, or set state: draft", "the record is %s, so it needs an effective date", d.State)
	}
	for _, s := range []*model.Signature{&d.Author, d.Reviewer, d.Approver} {
		if s == nil {
			continue
		}
		v.nonEmpty(s.Src, "name", s.Name)
		if v.ix.Roles[s.Role] == nil && s.Src.Has("role") {
			v.ds.Errorf(s.Src.At("role"), load.DidYouMean(s.Role, v.roleCodes()), "unknown role %q", s.Role)
		}
	}
	if d.State == model.StateEffective && d.Approver == nil {
		v.ds.Errorf(d.Src.Pos, "add approver: with name, role and date, or set state: draft", "an effective record needs an approver")
	}
	last := -1
	for i, h := range d.History {
		if h.Revision <= last {
			v.ds.Errorf(h.Src.At("revision"), "list revisions oldest first, each once", "history[%d]: revision %d does not follow %d", i, h.Revision, last)
		}
		last = h.Revision
	}
	if len(d.History) > 0 && last != d.Revision {
		v.ds.Warnf(d.Src.At("revision"), "add a history entry for the current revision", "revision is %d but the history ends at %d", d.Revision, last)
	}
}

func (v *checker) slug(src model.Src, s string) {
	if !src.Valid("slug") {
		return // missing or undecodable: the loader said so
	}
	switch {
	case !slugRE.MatchString(s) || strings.Contains(s, ".."):
		v.ds.Errorf(src.At("slug"), "use letters, digits, '.', '_' and '-' only, e.g. 2025-08-22-br-johnson-oncoderm-ae",
			"slug %q is not safe in a URL", s)
	case strings.EqualFold(s, "index") || strings.HasPrefix(s, "_"):
		// Hugo reads index.md as the page of its directory and _index.md
		// as its section: such a page would replace the whole list.
		v.ds.Errorf(src.At("slug"), "choose a descriptive slug, e.g. 2025-08-22-br-johnson-oncoderm-ae",
			"slug %q is reserved by Hugo", s)
	}
}

func (v *checker) nonEmpty(src model.Src, key, val string) {
	if src.Valid(key) && blank(val) {
		v.ds.Errorf(src.At(key), "write a value", "%s must not be empty (or invisible)", key)
	}
}

// uniqueFold is unique ignoring case: on macOS and Windows two paths that
// differ only in case are one file.
func (v *checker) uniqueFold(seen map[string]diag.Pos, key string, p diag.Pos, what string) {
	if key == "" {
		return
	}
	if first, dup := seen[strings.ToLower(key)]; dup {
		v.ds.Errorf(p, fmt.Sprintf("choose another; %s:%d:%d already uses it (letter case aside)", first.File, first.Line, first.Col), "duplicate %s %q", what, key)
		return
	}
	seen[strings.ToLower(key)] = p
}

func (v *checker) unique(seen map[string]diag.Pos, key string, p diag.Pos, what string) {
	if key == "" {
		return
	}
	if first, dup := seen[key]; dup {
		v.ds.Errorf(p, fmt.Sprintf("choose another; %s:%d:%d already uses it", first.File, first.Line, first.Col), "duplicate %s %q", what, key)
		return
	}
	seen[key] = p
}

func fillable(fields map[string]model.Field) []string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(fields)) {
		if fields[k].Placeholder != "" {
			out = append(out, k)
		}
	}
	return out
}
