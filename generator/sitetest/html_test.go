package sitetest_test

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/qmsplan/qmsplan/generator/linkcheck"
	"github.com/qmsplan/qmsplan/generator/model"
)

// The page the portal's reference text was read from.
const (
	jsonOnlyKey = "integrated-json-only"
	jsonOnlyURL = "/records/GP-009/T-009-001/t-009-001-integrated-json-only-template/"
)

// confidentiality closes every page of the portal, word for word.
const confidentiality = "All the information contained in this QMS is confidential. The recipient agrees not to transmit or reproduce the information, neither by himself nor by third parties, through whichever means, without obtaining the prior written permission of Legit.Health (AI Labs Group S.L.)"

func TestJSONOnlyURL(t *testing.T) {
	s := site(t)
	if got := templateURL(s.template(t, jsonOnlyKey)); got != jsonOnlyURL {
		t.Fatalf("the JSON Only template is published at %s, want %s (people have bookmarks)", got, jsonOnlyURL)
	}
	if !s.exists(jsonOnlyURL) {
		t.Fatalf("%s is not in the built site", jsonOnlyURL)
	}
}

func TestBreadcrumbs(t *testing.T) {
	s := site(t)
	tp := s.template(t, jsonOnlyKey)
	doc := s.doc(t, jsonOnlyURL)
	nav := find(doc, withAttr(atom.Nav, "aria-label", "Breadcrumbs"))
	if nav == nil {
		t.Fatal(`no <nav aria-label="Breadcrumbs">`)
	}
	items := findAll(nav, tag(atom.Li))
	type crumb struct{ label, href string }
	want := []crumb{
		{"", "/"}, // The home icon: a link with an accessible name, no text.
		{"Records", "/records/"},
		{"GP-009 Sales", "/records/GP-009/"},
		{"T-009-001", "/records/GP-009/T-009-001/"},
		{tp.Title, ""}, // The current page: not a link.
	}
	if len(items) != len(want) {
		var got []string
		for _, li := range items {
			got = append(got, text(li))
		}
		t.Fatalf("breadcrumbs have %d items %q, want %d", len(items), got, len(want))
	}
	for i, w := range want {
		li := items[i]
		a := find(li, tag(atom.A))
		if w.href == "" {
			if a != nil {
				t.Errorf("crumb %d (current page) is a link to %s; want plain text", i, attrOr(a, "href"))
			}
			if got := text(li); got != w.label {
				t.Errorf("crumb %d = %q, want %q", i, got, w.label)
			}
			if find(li, func(n *html.Node) bool { return attrOr(n, "aria-current") == "page" }) == nil &&
				attrOr(li, "aria-current") != "page" {
				t.Errorf("current crumb %q has no aria-current=page", w.label)
			}
			continue
		}
		if a == nil {
			t.Errorf("crumb %d (%q) is not a link", i, w.label)
			continue
		}
		if got := attrOr(a, "href"); got != w.href {
			t.Errorf("crumb %d links to %s, want %s", i, got, w.href)
		}
		if !s.exists(w.href) {
			t.Errorf("crumb %d links to %s, which is not in the site", i, w.href)
		}
		if i == 0 {
			if got := text(a); got != "" {
				t.Errorf("home crumb shows text %q; want an icon only", got)
			}
			if accessibleName(a) == "" {
				t.Error("home crumb has no accessible name (aria-label)")
			}
			continue
		}
		if got := text(a); got != w.label {
			t.Errorf("crumb %d = %q, want %q", i, got, w.label)
		}
	}
}

// sidebarOf returns the page's docs sidebar: the element the menu button
// controls.
func sidebarOf(t *testing.T, doc *html.Node) *html.Node {
	t.Helper()
	sb := find(doc, func(n *html.Node) bool { return attrOr(n, "id") == "DocsSidebar" })
	if sb == nil {
		t.Fatal(`no sidebar (id="DocsSidebar")`)
	}
	return sb
}

// sidebarItem returns the sidebar's list item whose own link reads label.
func sidebarItem(t *testing.T, sb *html.Node, label string) *html.Node {
	t.Helper()
	for _, a := range findAll(sb, tag(atom.A)) {
		if text(a) == label {
			if li := ancestor(a, tag(atom.Li)); li != nil {
				return li
			}
		}
	}
	t.Fatalf("no sidebar entry %q", label)
	return nil
}

// subList returns the nested list of a sidebar item, nil if its children
// are not rendered.
func subList(li *html.Node) *html.Node {
	return find(li, func(n *html.Node) bool { return n != li && n.DataAtom == atom.Ul })
}

// expanded says whether a sidebar item shows its children: they are
// rendered and no <details> between the item and them is closed.
func expanded(li *html.Node) bool {
	ul := subList(li)
	if ul == nil {
		return false
	}
	for p := ul.Parent; p != nil && p != li.Parent; p = p.Parent {
		if p.DataAtom == atom.Details {
			if _, open := attr(p, "open"); !open {
				return false
			}
		}
	}
	return true
}

// childLabels are the labels of the entries directly under a sidebar item.
func childLabels(li *html.Node) []string {
	ul := subList(li)
	if ul == nil {
		return nil
	}
	var out []string
	for _, c := range children(ul, tag(atom.Li)) {
		if a := find(c, tag(atom.A)); a != nil {
			out = append(out, text(a))
		}
	}
	return out
}

func TestSidebar(t *testing.T) {
	s := site(t)
	tp := s.template(t, jsonOnlyKey)
	doc := s.doc(t, jsonOnlyURL)
	sb := sidebarOf(t, doc)

	// Top level, in the portal's order (explicit, not alphabetical).
	top := find(sb, tag(atom.Ul))
	var topLabels []string
	for _, li := range children(top, tag(atom.Li)) {
		topLabels = append(topLabels, text(find(li, tag(atom.A))))
	}
	wantTop := []string{"Welcome to your QMS", "Quality Manual", "Procedures", "Records",
		"Legit.Health Plus Version 1.1.0.0", "Legit.Health Plus Version 1.1.0.1", "Legit.Health Utilities",
		"Licenses and accreditations", "Applicable Standards and Regulations", "BSI Non-Conformities",
		"Pricing", "Public tenders"}
	if !slices.Equal(topLabels, wantTop) {
		t.Errorf("sidebar top level:\n got %q\nwant %q", topLabels, wantTop)
	}

	// Expanded along the path to the current page.
	for _, label := range []string{"Records", "GP-009 Sales", "T-009-001"} {
		if li := sidebarItem(t, sb, label); !expanded(li) {
			t.Errorf("sidebar entry %q is collapsed; it is on the current page's path", label)
		}
	}
	// Collapsed elsewhere.
	for _, label := range []string{"Procedures", "R-009-001 Implementation plans", "GP-001 Documents and records control",
		"Legit.Health Plus Version 1.1.0.0"} {
		if li := sidebarItem(t, sb, label); expanded(li) {
			t.Errorf("sidebar entry %q is expanded (%q); only the current page's path should be", label, childLabels(li))
		}
	}

	// GP-009 Sales holds the templates, then the implementation plans, then
	// the portfolio drawn from them.
	if got, want := childLabels(sidebarItem(t, sb, "GP-009 Sales")), []string{"T-009-001", "R-009-001 Implementation plans", "Portfolio"}; !slices.Equal(got, want) {
		t.Errorf("GP-009 Sales holds %q, want %q", got, want)
	}
	// The templates in the order of their weights in the data.
	tps := slices.Clone(s.data.Templates)
	slices.SortStableFunc(tps, func(a, b *model.Template) int { return a.Weight - b.Weight })
	var wantT []string
	for _, x := range tps {
		label := x.LinkTitle
		if label == "" {
			label = x.Title
		}
		wantT = append(wantT, label)
	}
	if got := childLabels(sidebarItem(t, sb, "T-009-001")); !slices.Equal(got, wantT) {
		t.Errorf("T-009-001 holds\n %q\nwant (by weight)\n %q", got, wantT)
	}

	// aria-current="page" on exactly the current page's link.
	cur := findAll(sb, func(n *html.Node) bool { return attrOr(n, "aria-current") == "page" })
	if len(cur) != 1 {
		t.Fatalf("%d sidebar elements have aria-current=page, want 1", len(cur))
	}
	if cur[0].DataAtom != atom.A || attrOr(cur[0], "href") != jsonOnlyURL || text(cur[0]) != tp.Title {
		t.Errorf("aria-current=page is on <%s href=%q>%s, want the link to %s", cur[0].Data, attrOr(cur[0], "href"), text(cur[0]), jsonOnlyURL)
	}

	// Every sidebar link resolves.
	for _, a := range findAll(sb, tag(atom.A)) {
		if h := attrOr(a, "href"); !s.exists(h) {
			t.Errorf("sidebar link %q -> %s is not in the site", text(a), h)
		}
	}
}

func TestPrevNext(t *testing.T) {
	s := site(t)
	doc := s.doc(t, jsonOnlyURL)
	for _, c := range []struct{ rel, sub, label string }{
		{"prev", "Previous", "T-009-001 Integrated Iframe Template"},
		{"next", "Next", "T-009-001 Non-Integrated Iframe Template"},
	} {
		links := findAll(doc, withAttr(atom.A, "rel", c.rel))
		if len(links) != 1 {
			t.Errorf("%d links with rel=%s, want 1", len(links), c.rel)
			continue
		}
		a := links[0]
		if got := text(a); !strings.Contains(got, c.label) || !strings.Contains(got, c.sub) {
			t.Errorf("%s link reads %q, want %q and %q", c.rel, got, c.sub, c.label)
		}
		href := attrOr(a, "href")
		if !s.exists(href) {
			t.Errorf("%s link %s is not in the site", c.rel, href)
			continue
		}
		// It leads to the page it names.
		h1 := find(s.doc(t, href), tag(atom.H1))
		if h1 == nil || text(h1) != c.label {
			t.Errorf("%s link %s leads to a page titled %q, want %q", c.rel, href, text(h1), c.label)
		}
	}
}

// tocEntry is a line of a table of contents and its nesting depth.
type tocEntry struct {
	label string
	depth int
}

func (e tocEntry) String() string { return fmt.Sprintf("%s%s", strings.Repeat("  ", e.depth), e.label) }

// referenceTOC is the right-hand table of contents of the reference page.
var referenceTOC = []tocEntry{
	{"Project Summary", 0},
	{"Details", 1}, {"Technical Implementation", 1}, {"Scope", 1}, {"Success Metrics", 1},
	{"Doubts, questions and issues", 0},
	{"Project timeline and milestones", 0},
	{"Project tasks", 1},
	{"🧭 Definition & planning", 2}, {"📝 Contracting", 2}, {"🏁 Kickoff", 2},
	{"🔌 Integration workflow (Phase 1 - Technical Setup)", 2}, {"🚀 Project Execution", 2},
	{"🔁 Follow-up Meetings", 2}, {"✅ Project Close", 2},
	{"Clinical Workflows", 0},
	{"System Architecture & Logic", 1},
}

func TestTOC(t *testing.T) {
	s := site(t)
	doc := s.doc(t, jsonOnlyURL)
	ids := map[string]bool{}
	for _, n := range findAll(doc, func(n *html.Node) bool { _, ok := attr(n, "id"); return ok }) {
		ids[attrOr(n, "id")] = true
	}
	// The desktop TOC (right-hand column) and, if present, the phone's
	// "On this page" fold must both list the reference entries.
	navs := findAll(doc, func(n *html.Node) bool {
		l := strings.ToLower(attrOr(n, "aria-label"))
		return n.DataAtom == atom.Nav && (l == "table of contents" || l == "on this page")
	})
	if len(navs) == 0 {
		t.Fatal(`no <nav aria-label="Table of contents">`)
	}
	for _, nav := range navs {
		var got []tocEntry
		for _, a := range findAll(nav, tag(atom.A)) {
			depth := -1
			for p := a.Parent; p != nav && p != nil; p = p.Parent {
				if p.DataAtom == atom.Ul || p.DataAtom == atom.Ol {
					depth++
				}
			}
			got = append(got, tocEntry{text(a), depth})
			href := attrOr(a, "href")
			if !strings.HasPrefix(href, "#") || !ids[strings.TrimPrefix(href, "#")] {
				t.Errorf("%s: TOC entry %q links to %q, not to an id on the page", attrOr(nav, "aria-label"), text(a), href)
			}
		}
		if !slices.Equal(got, referenceTOC) {
			t.Errorf("%s:\n got %v\nwant %v", attrOr(nav, "aria-label"), got, referenceTOC)
		}
	}
}

func TestTaskRows(t *testing.T) {
	s := site(t)
	tp := s.template(t, jsonOnlyKey)
	doc := s.doc(t, jsonOnlyURL)
	rows := findAll(doc, tag(atom.Tr))
	for _, ph := range tp.Phases {
		title := ph.Emoji + " " + ph.Title
		table := phaseTable(doc, title)
		if table == nil {
			t.Errorf("no task table under a heading %q", title)
			continue
		}
		var wantCols, gotCols []string
		for _, c := range ph.Columns {
			wantCols = append(wantCols, model.ColumnTitles[c])
		}
		for _, th := range findAll(table, tag(atom.Th)) {
			gotCols = append(gotCols, text(th))
		}
		if !slices.Equal(gotCols, wantCols) {
			t.Errorf("%s: columns %q, want %q", title, gotCols, wantCols)
		}
		for _, task := range ph.Tasks {
			n := 0
			for _, tr := range rows {
				if td := find(tr, tag(atom.Td)); td != nil && text(td) == task.Name {
					n++
					if ancestor(tr, tag(atom.Table)) != table {
						t.Errorf("task %q is not in the %s table", task.Name, title)
					}
					cells := findAll(tr, tag(atom.Td))
					if len(cells) != len(ph.Columns) {
						t.Errorf("task %q has %d cells, want %d", task.Name, len(cells), len(ph.Columns))
						continue
					}
					for i, col := range ph.Columns {
						got := text(cells[i])
						switch col {
						case model.ColDescription:
							if got != norm(task.Description) {
								t.Errorf("task %q: description %q, want %q", task.Name, got, task.Description)
							}
						case model.ColResponsible:
							if got != task.Responsible {
								t.Errorf("task %q: responsible %q, want %q", task.Name, got, task.Responsible)
							}
						case model.ColStatus:
							if got != "⏳ Pending" {
								t.Errorf("task %q: status %q, want %q", task.Name, got, "⏳ Pending")
							}
						}
					}
				}
			}
			if n != 1 {
				t.Errorf("task %q (%s) appears in %d rows, want exactly 1", task.Name, title, n)
			}
		}
	}
}

// phaseTable returns the table that follows the heading reading title, nil
// if there is none before the next heading.
func phaseTable(doc *html.Node, title string) *html.Node {
	h := find(doc, func(n *html.Node) bool {
		return (n.DataAtom == atom.H2 || n.DataAtom == atom.H3 || n.DataAtom == atom.H4 || n.DataAtom == atom.H5) && text(n) == title
	})
	if h == nil {
		return nil
	}
	for n := nextInDoc(h); n != nil; n = nextInDoc(n) {
		if n.Type != html.ElementNode {
			continue
		}
		switch n.DataAtom {
		case atom.Table:
			return n
		case atom.H1, atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
			return nil
		}
	}
	return nil
}

// nextInDoc returns the node after n in document order.
func nextInDoc(n *html.Node) *html.Node {
	if n.FirstChild != nil {
		return n.FirstChild
	}
	for ; n != nil; n = n.Parent {
		if n.NextSibling != nil {
			return n.NextSibling
		}
	}
	return nil
}

// pages returns the URL paths of the built site's HTML pages, without the
// alias redirects.
func (s *builtSite) pages(t *testing.T) []string {
	t.Helper()
	var out []string
	for _, p := range s.htmlFiles(t) {
		b, _ := afero.ReadFile(s.out, p)
		if !bytes.Contains(b, []byte(`http-equiv="refresh"`)) {
			out = append(out, p)
		}
	}
	return out
}

func TestEveryPageFooterRobotsSkipLink(t *testing.T) {
	s := site(t)
	pages := s.pages(t)
	if len(pages) < 20 {
		t.Fatalf("only %d HTML pages in the site", len(pages))
	}
	for _, p := range pages {
		doc := s.doc(t, p)
		// The confidentiality notice, word for word, in the footer.
		var ok bool
		for _, f := range findAll(doc, tag(atom.Footer)) {
			for _, n := range findAll(f, func(*html.Node) bool { return true }) {
				if text(n) == confidentiality {
					ok = true
				}
			}
		}
		if !ok {
			t.Errorf("%s: no footer element reading exactly the confidentiality notice", p)
		}
		// Not for search engines.
		robots := find(doc, withAttr(atom.Meta, "name", "robots"))
		if robots == nil || !strings.HasPrefix(attrOr(robots, "content"), "noindex") {
			t.Errorf("%s: no <meta name=robots content=noindex...>", p)
		}
		// "Skip to main content" is the first thing Tab reaches, and leads
		// to the main content.
		body := find(doc, tag(atom.Body))
		first := find(body, focusable)
		if first == nil || first.DataAtom != atom.A || text(first) != "Skip to main content" {
			t.Errorf("%s: first focusable element is %s, want the skip link", p, describe(first))
			continue
		}
		target := strings.TrimPrefix(attrOr(first, "href"), "#")
		main := find(doc, func(n *html.Node) bool { return attrOr(n, "id") == target })
		if main == nil || main.DataAtom != atom.Main {
			t.Errorf("%s: skip link points at %q, which is %s, want <main>", p, attrOr(first, "href"), describe(main))
		}
	}
}

func describe(n *html.Node) string {
	if n == nil {
		return "nothing"
	}
	var b strings.Builder
	html.Render(&b, n)
	s := b.String()
	if len(s) > 160 {
		s = s[:160] + "…"
	}
	return s
}

// plan returns the plan whose deal name contains sub.
func (s *builtSite) plan(t *testing.T, sub string) *model.Plan {
	t.Helper()
	for _, p := range s.data.Plans {
		if strings.Contains(p.Deal.Name, sub) {
			return p
		}
	}
	t.Fatalf("no plan whose deal name contains %q", sub)
	return nil
}

// nonTableText is the text of the page outside its tables and outside the
// sidebar, TOC and footer: what the page itself says.
func bodyText(doc *html.Node) string {
	art := find(doc, tag(atom.Article))
	if art == nil {
		art = find(doc, tag(atom.Main))
	}
	return text(art)
}

func TestPlanPage(t *testing.T) {
	s := site(t)
	ix := s.data.Index()
	for _, p := range s.data.Plans {
		t.Run(p.Slug, func(t *testing.T) {
			tp := s.template(t, p.Template)
			doc := s.doc(t, planURL(p))
			art := find(doc, tag(atom.Article))
			if art == nil {
				t.Fatal("no <article>")
			}
			if h1 := find(art, tag(atom.H1)); h1 == nil || text(h1) != p.Title {
				t.Errorf("title %q, want %q", text(h1), p.Title)
			}

			// The plan's overall status, emoji and label, outside the task
			// tables (the tables show each task's own status).
			st := ix.Statuses[model.PlanStatus(p, model.Resolve(tp, p), s.data.Statuses)]
			if st == nil {
				t.Fatalf("plan status not in the registry")
			}
			want := st.Emoji + " " + st.Label
			if !strings.Contains(textWithout(art, tag(atom.Table)), want) {
				t.Errorf("the plan's overall status %q is not shown outside the task tables", want)
			}

			// Every row of every phase, in order, with its status as emoji
			// and label.
			for _, ph := range model.Resolve(tp, p) {
				title := ph.Emoji + " " + ph.Title
				table := phaseTable(doc, title)
				if table == nil {
					t.Errorf("no task table under a heading %q", title)
					continue
				}
				var got, want []string
				for _, tr := range findAll(table, tag(atom.Tr)) {
					cells := findAll(tr, tag(atom.Td))
					if len(cells) != len(ph.Columns) {
						continue // The header row.
					}
					row := text(cells[0])
					if i := slices.Index(ph.Columns, model.ColStatus); i >= 0 {
						row += " | " + text(cells[i])
					}
					got = append(got, row)
				}
				for _, r := range ph.Rows {
					row := norm(r.Task.Name)
					if slices.Contains(ph.Columns, model.ColStatus) {
						st := ix.Statuses[s.data.Statuses.Of(r.Fill)]
						row += " | " + st.Emoji + " " + st.Label
					}
					want = append(want, row)
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s rows (task | status):\n got %q\nwant %q", title, got, want)
				}
			}

			// Document control: record ID, revision and state.
			dc := p.Document
			body := bodyText(doc)
			if !strings.Contains(body, dc.ID) {
				t.Errorf("document ID %s not on the page", dc.ID)
			}
			if !strings.Contains(body, fmt.Sprintf("Revision %d", dc.Revision)) && !strings.Contains(body, fmt.Sprintf("Rev. %d", dc.Revision)) {
				t.Errorf("revision %d not on the page (as \"Revision %[1]d\" or \"Rev. %[1]d\")", dc.Revision)
			}
			stateLabel := map[string]string{model.StateDraft: "Draft", model.StateEffective: "Effective", model.StateSuperseded: "Superseded"}[dc.State]
			if !strings.Contains(body, "Status "+stateLabel) {
				t.Errorf("document state %s: the page does not say \"Status %s\"", dc.State, stateLabel)
			}
			for state, mark := range map[string]string{model.StateDraft: "DRAFT", model.StateSuperseded: "SUPERSEDED"} {
				if marked := strings.Contains(body, mark); marked != (dc.State == state) {
					t.Errorf("document state %s, but the page %s marked %s", dc.State, map[bool]string{true: "is", false: "is not"}[marked], mark)
				}
			}
		})
	}
}

func TestPlanPageEscapesUserText(t *testing.T) {
	s := site(t)
	p := s.plan(t, "<Dermatology>")
	doc := s.doc(t, planURL(p))
	if got := bodyText(doc); !strings.Contains(got, p.Deal.Name) {
		t.Errorf("the deal name %q is not shown as text", p.Deal.Name)
	}
	if n := find(doc, func(n *html.Node) bool { return n.Data == "dermatology" }); n != nil {
		t.Errorf("the deal name became markup: %s", describe(n))
	}
	// The sidebar label and title keep their apostrophe.
	if h1 := find(doc, tag(atom.H1)); h1 == nil || text(h1) != p.Title {
		t.Errorf("title %q, want %q", text(h1), p.Title)
	}
}

func TestAliasesRedirect(t *testing.T) {
	s := site(t)
	n := 0
	for _, p := range s.data.Plans {
		for _, alias := range p.Aliases {
			n++
			u := strings.TrimSuffix(alias, "/") + "/"
			if !s.exists(u) {
				t.Errorf("old URL %s (plan %s) is not in the site", u, p.Slug)
				continue
			}
			doc := s.doc(t, u)
			refresh := find(doc, withAttr(atom.Meta, "http-equiv", "refresh"))
			if refresh == nil {
				t.Errorf("%s: no <meta http-equiv=refresh>", u)
				continue
			}
			content := attrOr(refresh, "content")
			_, target, ok := strings.Cut(content, "url=")
			if !ok {
				t.Errorf("%s: refresh %q has no url=", u, content)
				continue
			}
			tu, err := url.Parse(target)
			if err != nil {
				t.Errorf("%s: refresh target %q: %v", u, target, err)
				continue
			}
			if tu.Host != "" {
				t.Errorf("%s: redirects to another host: %q", u, target)
			}
			if tu.Path != planURL(p) {
				t.Errorf("%s redirects to %s, want %s", u, tu.Path, planURL(p))
			}
			if !s.exists(tu.Path) {
				t.Errorf("%s redirects to %s, which is not in the site", u, tu.Path)
			}
			if c := find(doc, withAttr(atom.Link, "rel", "canonical")); c == nil || path.Clean(attrOr(c, "href")) != path.Clean(target) {
				t.Errorf("%s: canonical link %q, want %q", u, attrOr(c, "href"), target)
			}
		}
	}
	if n == 0 {
		t.Fatal("no plan in the data has an alias: the test checks nothing")
	}
	// The one the brief names.
	if !s.exists("/records/GP-009/T-009-001/R-009-001-20231104-es-farmadermis-psoriasis/") {
		t.Error("the old URL /records/GP-009/T-009-001/R-009-001-20231104-es-farmadermis-psoriasis/ is gone")
	}
}

func TestLinkCheck(t *testing.T) {
	s := site(t)
	problems, err := linkcheck.Check(afero.NewIOFS(s.out), linkcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range problems {
		t.Error(p)
	}
}

func TestBuildIsDeterministic(t *testing.T) {
	s := site(t)
	again, err := buildSite(t.Context(), asOf)
	if err != nil {
		t.Fatal(err)
	}
	a, err := files(s.out)
	if err != nil {
		t.Fatal(err)
	}
	b, err := files(again.out)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a, b) {
		t.Fatalf("the two builds have different files:\n%q\n%q", a, b)
	}
	for _, name := range a {
		x, _ := afero.ReadFile(s.out, "/"+name)
		y, _ := afero.ReadFile(again.out, "/"+name)
		if !bytes.Equal(x, y) {
			t.Errorf("%s differs between two builds", name)
		}
	}
}

func TestHeadingAnchorLabels(t *testing.T) {
	s := site(t)
	for _, p := range s.pages(t) {
		doc := s.doc(t, p)
		for _, h := range findAll(doc, func(n *html.Node) bool {
			switch n.DataAtom {
			case atom.H2, atom.H3, atom.H4, atom.H5, atom.H6:
				_, ok := attr(n, "id")
				return ok
			}
			return false
		}) {
			id := attrOr(h, "id")
			self := find(h, withAttr(atom.A, "href", "#"+id))
			if self == nil {
				continue
			}
			heading := textWithout(h, func(n *html.Node) bool { return n == self })
			want := "Direct link to " + heading
			if got := attrOr(self, "aria-label"); got != want {
				t.Errorf("%s#%s: anchor link labelled %q, want %q", p, id, got, want)
			}
		}
	}
}
