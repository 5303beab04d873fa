package docusaurus_test

import (
	"fmt"
	"path"
	"strings"
	"testing"

	"github.com/goccy/go-yaml"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/importer/docusaurus"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/validate"
)

// The portal's pages, written here from the model the way the portal's
// authors wrote them (not with the generator): the Deal bullets, the
// template's headings, Details bullets, :::warning boxes, one task table
// per phase with the phase's own columns, extra sections in place and the
// document control at the end.

// docusaurusRecord writes plan p (of template t) as a Docusaurus record page.
// form3 picks the Docusaurus 3 admonition title form.
func docusaurusRecord(p *model.Plan, t *model.Template, reg model.StatusRegistry, form3 bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\nsidebar_label: %q\n---\n\n", p.Title, p.SidebarLabel)
	fmt.Fprintf(&b, "- **Deal Id:** [%s](%s)\n- **Deal name:** %s\n", esc(p.Deal.ID), p.Deal.CRM, esc(p.Deal.Name))
	if p.Status != "" {
		s := reg.Lookup(p.Status)
		fmt.Fprintf(&b, "- **Status:** %s %s\n", s.Emoji, s.Label)
	}
	body(&b, p, t, reg, form3)
	docControl(&b, p.Document)
	return b.String()
}

// docusaurusTemplate writes template t as its Docusaurus page.
func docusaurusTemplate(t *model.Template, reg model.StatusRegistry, form3 bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\n", t.Title)
	if t.LinkTitle != "" {
		fmt.Fprintf(&b, "sidebar_label: %q\n", t.LinkTitle)
	}
	fmt.Fprintf(&b, "sidebar_position: %d\n---\n\n- **Deal Id:** [DEAL_ID_LINK]\n- **Deal name:** [DEAL_NAME]\n", t.Weight)
	body(&b, &model.Plan{}, t, reg, form3)
	return b.String()
}

// body writes the page's sections: the template's, filled by p.
func body(b *strings.Builder, p *model.Plan, t *model.Template, reg model.StatusRegistry, form3 bool) {
	if p.Status != "" {
		s := reg.Lookup(p.Status)
		fmt.Fprintf(b, "- **Status:** %s %s\n", s.Emoji, s.Label)
	}
	rows := model.Resolve(t, p)
	extras := func(after string, level int) {
		for _, x := range p.ExtraSections {
			if x.After == after {
				fmt.Fprintf(b, "\n%s %s\n", strings.Repeat("#", level), x.Title)
				for _, bl := range x.Content {
					b.WriteString("\n" + block(bl, form3) + "\n")
				}
			}
		}
	}
	model.WalkTree(t.Sections, func(s *model.Section, depth int) {
		fmt.Fprintf(b, "\n%s %s\n", strings.Repeat("#", depth+2), s.Title)
		if len(s.Fields) > 0 {
			b.WriteString("\n")
			for _, f := range s.Fields {
				v := p.FieldText(f.Key)
				switch {
				case f.Value != "":
					v = f.Value
				case v == "":
					v = "[" + f.Placeholder + "]"
					if f.Hint != "" {
						v += " (" + f.Hint + ")"
					}
				}
				fmt.Fprintf(b, "- **%s:** %s\n", f.Label, esc(v))
			}
		}
		for _, bl := range s.Content {
			if bl.Placeholder != "" {
				if fill, ok := p.Sections[s.Key]; ok {
					b.WriteString("\n" + strings.TrimSpace(fill) + "\n")
					continue
				}
			}
			b.WriteString("\n" + block(bl, form3) + "\n")
		}
		if s.Tasks {
			for _, ph := range rows {
				fmt.Fprintf(b, "\n%s %s %s\n\n", strings.Repeat("#", depth+3), ph.Emoji, ph.Title)
				taskTable(b, ph, reg)
			}
		}
	}, func(s *model.Section, depth int) { extras(s.Key, depth+2) })
	extras("", 2)
}

func block(bl model.Block, form3 bool) string {
	for _, k := range model.BoxKinds {
		if md := k.Of(&bl); md != "" {
			if form3 {
				return ":::" + k.Key + "[" + k.Title + "]\n" + md + "\n:::"
			}
			return ":::" + k.Key + "\n" + md + "\n:::"
		}
	}
	switch {
	case bl.Placeholder != "":
		s := "[" + bl.Placeholder + "]"
		if bl.Example != "" {
			s += " Example: " + bl.Example
		}
		return s
	case bl.Table != nil:
		var b strings.Builder
		mdTable(&b, bl.Table.Columns, bl.Table.Rows)
		return strings.TrimSpace(b.String())
	}
	return bl.Text
}

// esc is what an MDX author escapes in text: < and { would start JSX.
var esc = strings.NewReplacer("<", `\<`, "{", `\{`).Replace

func mdTable(b *strings.Builder, cols []string, rows [][]string) {
	cell := strings.NewReplacer("|", `\|`, "\n", " ", "<", `\<`, "{", `\{`)
	b.WriteString("|")
	for _, c := range cols {
		b.WriteString(" " + cell.Replace(c) + " |")
	}
	b.WriteString("\n|" + strings.Repeat(" --- |", len(cols)) + "\n")
	for _, r := range rows {
		b.WriteString("|")
		for _, c := range r {
			b.WriteString(" " + cell.Replace(c) + " |")
		}
		b.WriteString("\n")
	}
}

func taskTable(b *strings.Builder, ph model.PhaseRows, reg model.StatusRegistry) {
	var cols []string
	for _, c := range ph.Columns {
		cols = append(cols, model.ColumnTitles[c])
	}
	var rows [][]string
	for _, r := range ph.Rows {
		var row []string
		for _, c := range ph.Columns {
			row = append(row, cellOf(r, c, reg))
		}
		rows = append(rows, row)
	}
	mdTable(b, cols, rows)
}

func cellOf(r model.Row, col string, reg model.StatusRegistry) string {
	date := func(d model.Date) string {
		if d.IsZero() {
			return "[YYYY-MM-DD]"
		}
		return d.String()
	}
	switch col {
	case model.ColTask:
		return r.Task.Name
	case model.ColDescription:
		return r.Task.Description
	case model.ColResponsible:
		return r.Task.Responsible
	case model.ColStart:
		return date(r.Fill.Start)
	case model.ColEnd:
		return date(r.Fill.End)
	case model.ColDate:
		return date(r.Fill.Date)
	case model.ColStatus:
		s := reg.Lookup(reg.Of(r.Fill))
		return s.Emoji + " " + s.Label
	case model.ColNotes:
		return r.Fill.Notes
	}
	panic("unknown column " + col)
}

func docControl(b *strings.Builder, d model.DocControl) {
	fmt.Fprintf(b, "\n## Document control\n\n- **Document ID:** %s\n- **Revision:** %d\n- **State:** %s\n", d.ID, d.Revision, d.State)
	if !d.Effective.IsZero() {
		fmt.Fprintf(b, "- **Effective date:** %s\n", d.Effective)
	}
	if d.SupersededBy != "" {
		fmt.Fprintf(b, "- **Superseded by:** %s\n", d.SupersededBy)
	}
	b.WriteString("\n")
	rows := [][]string{{"Written by", d.Author.Name, d.Author.Role, d.Author.Date.String()}}
	for _, s := range []struct {
		who string
		s   *model.Signature
	}{{"Reviewed by", d.Reviewer}, {"Approved by", d.Approver}} {
		if s.s != nil {
			rows = append(rows, []string{s.who, s.s.Name, s.s.Role, s.s.Date.String()})
		}
	}
	mdTable(b, []string{"", "Name", "Role", "Date"}, rows)
	if len(d.History) > 0 {
		b.WriteString("\n")
		var hist [][]string
		for _, h := range d.History {
			hist = append(hist, []string{fmt.Sprint(h.Revision), h.Date.String(), h.Reason, h.Author})
		}
		mdTable(b, []string{"Revision", "Date", "Reason", "Author"}, hist)
	}
}

// sampleData is the repository's own data.
func sampleData(t *testing.T) *model.Data {
	t.Helper()
	d, ds := load.Load(afero.NewOsFs(), "../../..")
	if ds.HasErrors() {
		t.Fatalf("sample data: %v", ds)
	}
	return d
}

// normal is a plan as its page shows it, as YAML: the default status
// written or not, a Responsible equal to the template's, placeholders left
// as they are and values no column shows all mean the same page.
func normal(t *testing.T, p *model.Plan, tm *model.Template, reg model.StatusRegistry) string {
	t.Helper()
	q := *p
	q.Fields, q.Sections, q.Tasks = map[string]string{}, map[string]string{}, map[string]model.TaskFill{}
	model.Walk(tm.Sections, func(s *model.Section, _ int) {
		for _, f := range s.Fields {
			if v, ok := p.Fields[f.Key]; ok && v != "["+f.Placeholder+"]" {
				q.Fields[f.Key] = v
			}
		}
		if b, ok := s.PlaceholderBlock(); ok {
			if v, ok := p.Sections[s.Key]; ok && !strings.HasPrefix(v, "["+b.Placeholder+"]") {
				q.Sections[s.Key] = strings.TrimSpace(v)
			}
		}
	})
	for _, ph := range tm.Phases {
		shows := map[string]bool{}
		for _, c := range ph.Columns {
			shows[c] = true
		}
		for _, task := range ph.Tasks {
			f := p.Tasks[task.Key]
			f.Status = reg.Of(f)
			if f.Responsible == task.Responsible {
				f.Responsible = ""
			}
			if !shows[model.ColNotes] {
				f.Notes = ""
			}
			q.Tasks[task.Key] = f
		}
	}
	// An extra task's key is not on the page, and its place is where the
	// table shows it: after the template task before it.
	q.ExtraTasks = nil
	for _, ph := range model.Resolve(tm, p) {
		after := ""
		for _, r := range ph.Rows {
			if !r.Extra {
				after = r.Task.Key
				continue
			}
			for _, x := range p.ExtraTasks {
				if x.Key == r.Task.Key {
					x.Status = reg.Of(model.TaskFill{Status: x.Status})
					x.Key, x.After = "", after
					q.ExtraTasks = append(q.ExtraTasks, x)
				}
			}
		}
	}
	// A list field shows as its items joined by ", ": that text is what
	// the page says.
	q.Features, q.Conditions = nil, nil
	for _, k := range model.ListFieldKeys {
		if v := p.FieldText(k); v != "" && !strings.HasPrefix(v, "[") {
			q.Fields[k] = v
		}
	}
	q.ExtraSections = nil
	for _, x := range p.ExtraSections {
		x.Content = append([]model.Block(nil), x.Content...)
		for i := range x.Content {
			x.Content[i].Text = strings.TrimSpace(x.Content[i].Text)
		}
		q.ExtraSections = append(q.ExtraSections, x)
	}
	b, err := yaml.Marshal(q)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestRoundTrip: every sample plan, written as a Docusaurus record page and
// imported again, gives the same plan; the imported file loads and
// validates.
func TestRoundTrip(t *testing.T) {
	data := sampleData(t)
	asOf := model.MustDate("2026-12-01")
	tree := afero.NewMemMapFs()
	byKey := map[string]*model.Template{}
	for _, tm := range data.Templates {
		byKey[tm.Key] = tm
	}
	for i, p := range data.Plans {
		page := docusaurusRecord(p, byKey[p.Template], data.Statuses, i%2 == 1)
		file := path.Join("docs", paths.PlansSection, p.Slug+".md")
		if len(p.Aliases) > 0 {
			// The portal's older records live at their old URL: the file
			// there, named by the slug, its URL set by slug:.
			file = path.Join("docs", path.Dir(p.Aliases[0]), p.Slug+".md")
			page = strings.Replace(page, "---\n", "---\nslug: "+p.Aliases[0]+"\n", 1)
		}
		if err := afero.WriteFile(tree, file, []byte(page), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	res := docusaurus.Import(tree, "docs", data, asOf)
	for _, d := range res.Diags {
		t.Errorf("finding: %s", d)
	}
	if len(res.Files) != len(data.Plans) {
		t.Fatalf("%d files for %d plans", len(res.Files), len(data.Plans))
	}
	site := siteWith(t, res.Files)
	got, ds := load.Load(site, ".")
	for _, d := range ds {
		t.Errorf("load: %s", d)
	}
	// Only the imported plans: the check of the whole data (unique IDs,
	// aliases) is the import command's (the originals are not beside them).
	for _, d := range validate.Check(got, asOf, validate.TakenPaths{}) {
		if d.Severity == diag.Error {
			t.Errorf("check: %s", d)
		}
	}
	gotBySlug := map[string]*model.Plan{}
	for _, p := range got.Plans {
		gotBySlug[p.Slug] = p
	}
	for _, want := range data.Plans {
		p := gotBySlug[want.Slug]
		if p == nil {
			t.Errorf("%s: not imported", want.Slug)
			continue
		}
		tm := byKey[want.Template]
		if g, w := normal(t, p, tm, data.Statuses), normal(t, want, tm, data.Statuses); g != w {
			t.Errorf("%s: round trip differs:\n%s", want.Slug, lineDiff(w, g))
		}
	}
}

// TestTemplateRoundTrip: every sample template, written as its Docusaurus
// page and imported into a site without templates, gives the same template
// but for its keys (they are not on the page, so the import derives them);
// the imported templates load and validate.
func TestTemplateRoundTrip(t *testing.T) {
	data := sampleData(t)
	tree := afero.NewMemMapFs()
	for i, tm := range data.Templates {
		file := path.Join("docs", paths.TemplatesSection, tm.Slug+".md")
		if err := afero.WriteFile(tree, file, []byte(docusaurusTemplate(tm, data.Statuses, i%2 == 0)), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	bare := *data
	bare.Templates, bare.Plans = nil, nil
	res := docusaurus.Import(tree, "docs", &bare, model.MustDate("2026-12-01"))
	for _, d := range res.Diags {
		t.Errorf("finding: %s", d)
	}
	site := siteWith(t, nil)
	for _, tm := range data.Templates {
		site.Remove(path.Join(paths.Templates, tm.Key+".yaml"))
	}
	for _, f := range res.Files {
		afero.WriteFile(site, f.Path, f.Data, 0o644)
	}
	site.MkdirAll(paths.Plans, 0o755)
	got, ds := load.Load(site, ".")
	for _, d := range ds {
		t.Errorf("load: %s", d)
	}
	for _, d := range validate.Check(got, model.MustDate("2026-12-01"), validate.TakenPaths{}) {
		if d.Severity == diag.Error {
			t.Errorf("check: %s", d)
		}
	}
	if len(got.Templates) != len(data.Templates) {
		t.Fatalf("%d templates imported of %d", len(got.Templates), len(data.Templates))
	}
	byKey := map[string]*model.Template{}
	for _, tm := range got.Templates {
		byKey[tm.Key] = tm
	}
	for _, want := range data.Templates {
		g := byKey[want.Key]
		if g == nil {
			t.Errorf("%s: not imported under its key", want.Key)
			continue
		}
		if gy, wy := keyless(t, g), keyless(t, want); gy != wy {
			t.Errorf("%s: round trip differs:\n%s", want.Key, lineDiff(wy, gy))
		}
	}
}

// keyless is a template as YAML without the keys of its sections, fields,
// phases and tasks.
func keyless(t *testing.T, tm *model.Template) string {
	t.Helper()
	b, err := yaml.Marshal(tm)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(b), "\n") {
		if k := strings.TrimLeft(l, " -"); strings.HasPrefix(k, "key: ") && k != l {
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// siteWith is a site in memory with the sample registries and templates
// and the given files.
func siteWith(t *testing.T, files []docusaurus.File) afero.Fs {
	t.Helper()
	site := afero.NewMemMapFs()
	osfs := afero.NewOsFs()
	for _, f := range []string{paths.Roles, paths.Statuses} {
		copyFile(t, osfs, site, f)
	}
	tpls, _ := afero.Glob(osfs, "../../../"+paths.Templates+"/*.yaml")
	for _, f := range tpls {
		copyFile(t, osfs, site, strings.TrimPrefix(f, "../../../"))
	}
	for _, f := range files {
		if err := afero.WriteFile(site, f.Path, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return site
}

func copyFile(t *testing.T, from, to afero.Fs, rel string) {
	b, err := afero.ReadFile(from, "../../../"+rel)
	if err != nil {
		t.Fatal(err)
	}
	if err := afero.WriteFile(to, rel, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// lineDiff shows the lines of want missing from got and the other way round.
func lineDiff(want, got string) string {
	count := func(s string) map[string]int {
		m := map[string]int{}
		for _, l := range strings.Split(s, "\n") {
			m[l]++
		}
		return m
	}
	w, g := count(want), count(got)
	var b strings.Builder
	for _, l := range strings.Split(want, "\n") {
		if g[l] == 0 {
			fmt.Fprintf(&b, "  - %s\n", l)
		}
	}
	for _, l := range strings.Split(got, "\n") {
		if w[l] == 0 {
			fmt.Fprintf(&b, "  + %s\n", l)
		}
	}
	return b.String()
}
