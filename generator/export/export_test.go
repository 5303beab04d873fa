package export_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
	goical "github.com/emersion/go-ical"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/export"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/portfolio"
	"github.com/qmsplan/qmsplan/generator/validate"
)

var d = model.MustDate

const (
	script  = `<script>alert(1)</script> & "x"`
	formula = `=HYPERLINK("http://x")`
	// Long and multi-byte, so the feeds must fold it, never inside a character.
	long = "Revue de l’intégration, phase 2; très longue — vérifier chaque écran et chaque rapport 📋 avant la mise en production"
)

func ptr[T any](v T) *T { return &v }

// hostile is a portfolio whose names try to break out of each format.
func hostile(t *testing.T) *portfolio.Portfolio {
	t.Helper()
	data := &model.Data{
		Roles: model.RoleRegistry{Roles: []model.Role{{Code: "Deal Owner"}, {Code: "Client"}, {Code: "JD-013", Title: "Project Manager"}}},
		Statuses: model.StatusRegistry{Statuses: []model.Status{
			{Key: "pending", Emoji: "⏳", Label: "Pending", Default: true}, {Key: "in-progress", Emoji: "🔄", Label: "In progress", Ongoing: true},
			{Key: "done", Emoji: "✅", Label: "Done", Closed: true, Completed: true}, {Key: "blocked", Emoji: "⛔", Label: "Blocked", Wins: true},
			{Key: "cancelled", Emoji: "❌", Label: "Cancelled", Closed: true},
		}},
		Templates: []*model.Template{{Key: "t", Phases: []model.Phase{
			{Key: "kickoff", Title: "Kickoff", Columns: []string{"task", "date", "status"}, Tasks: []model.Task{
				{Key: "kickoff_meeting", Name: "Kick-off, first; call", Responsible: "Deal Owner & Client"},
			}},
			{Key: "exec", Title: "Execution", Columns: []string{"task", "responsible", "start", "end", "status"}, Tasks: []model.Task{
				{Key: "build", Name: script, Responsible: "JD-013", Milestone: ptr(true)},
				{Key: "golive", Name: formula, Responsible: "JD-013/Client", Milestone: ptr(true)},
				{Key: "review", Name: long, Responsible: "Deal Owner", Milestone: ptr(true)},
				{Key: "handover", Name: "-1+1", Responsible: "Client"},
			}},
		}}},
	}
	doc := func(id string, rev int) model.DocControl {
		return model.DocControl{ID: id, Revision: rev, State: "effective", Effective: d("2025-09-01"),
			Author: model.Signature{Date: d("2025-08-20")}, History: []model.Revision{{Revision: rev, Date: d("2025-10-02")}}}
	}
	data.Plans = []*model.Plan{
		{Template: "t", Slug: "p-one", Title: "R-009-001 BR J&J, «Oncoderm»", SidebarLabel: "BR J&J", Document: doc("R-1", 3),
			Tasks: map[string]model.TaskFill{
				"kickoff_meeting": {Date: d("2025-09-10"), Status: "done"},
				"build":           {Start: d("2025-09-11"), End: d("2025-10-01"), Status: "in-progress"},
				"golive":          {Date: d("2025-11-01")},
				"review":          {Date: d("2025-11-01"), Status: "cancelled"},
				"handover":        {Start: d("2025-11-02"), End: d("2025-11-30")},
			}},
		{Template: "t", Slug: "p-two", Title: "Plan two", SidebarLabel: "Two", Document: doc("R-2", 0),
			Tasks: map[string]model.TaskFill{"kickoff_meeting": {Date: d("2026-01-05")}}},
	}
	return portfolio.Build(data, d("2025-10-15"))
}

// sample is the portfolio of the shipped sample data.
func sample(t *testing.T) *portfolio.Portfolio {
	t.Helper()
	data, ds := load.Load(afero.NewOsFs(), "../..")
	asOf := d("2026-12-01")
	ds = append(ds, validate.Check(data, asOf, nil)...)
	if err := ds.Err(); err != nil {
		t.Fatal(err)
	}
	return portfolio.Build(data, asOf)
}

const base = "https://qms.example.com/"

func files(t *testing.T, pf *portfolio.Portfolio) map[string][]byte {
	t.Helper()
	fs, err := export.Files(pf, base)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, f := range fs {
		out[strings.TrimPrefix(f.Path, paths.PortfolioSection+"/")] = f.Data
	}
	return out
}

func portfolios(t *testing.T) map[string]*portfolio.Portfolio {
	return map[string]*portfolio.Portfolio{"hostile": hostile(t), "sample": sample(t)}
}

// The CSV holds exactly the portfolio's tasks, one row each, in its order,
// every cell as the portfolio says (less the neutralising quote).
func TestCSVHoldsExactlyThePortfolioTasks(t *testing.T) {
	for name, pf := range portfolios(t) {
		t.Run(name, func(t *testing.T) {
			rows, err := csv.NewReader(bytes.NewReader(files(t, pf)[paths.TasksCSV])).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			tasks := pf.Tasks()
			if len(rows) != len(tasks)+1 || len(tasks) == 0 {
				t.Fatalf("%d rows for %d tasks and a header", len(rows), len(tasks))
			}
			if rows[0][0] != "record_id" || rows[0][6] != "task" || rows[0][10] != "status" {
				t.Errorf("header %v", rows[0])
			}
			for i, x := range tasks {
				want := []string{x.Plan.RecordID, x.Plan.Slug, x.Plan.Title, x.Plan.Status.Key, x.Phase.Key, x.Key, x.Name,
					strings.Join(x.Roles, " & "), x.Start.String(), x.End.String(), x.Status.Key,
					strconv.FormatBool(x.Milestone), strconv.Itoa(x.DaysOverdue), x.URL()}
				for j := range want {
					want[j] = export.Neutralise(want[j])
				}
				if got := rows[i+1]; !slices.Equal(got, want) {
					t.Errorf("row %d:\n got %q\nwant %q", i+1, got, want)
				}
			}
		})
	}
}

func TestCSVIsRFC4180WithInertCells(t *testing.T) {
	b := files(t, hostile(t))[paths.TasksCSV]
	if !utf8.Valid(b) || bytes.HasPrefix(b, []byte("\uFEFF")) {
		t.Error("not plain UTF-8")
	}
	if n, crlf := bytes.Count(b, []byte("\n")), bytes.Count(b, []byte("\r\n")); n != crlf || n != len(hostile(t).Tasks())+1 {
		t.Errorf("%d line ends, %d CRLF", n, crlf)
	}
	for _, want := range []string{
		`"'=HYPERLINK(""http://x"")"`, // quoted by encoding/csv, neutralised
		`"<script>alert(1)</script> & ""x"""`,
		`,'-1+1,`,
		`,Deal Owner & Client,`,
		`,done,`, // status as its word, not emoji
	} {
		if !bytes.Contains(b, []byte(want)) {
			t.Errorf("no %s in\n%s", want, b)
		}
	}
	for _, emoji := range []string{"✅", "⏳", "🔄"} {
		if bytes.Contains(b, []byte(emoji)) {
			t.Errorf("status emoji %s in the CSV", emoji)
		}
	}
}

func TestNeutralise(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{"plain", "plain"},
		{"=1+1", "'=1+1"},
		{"+1", "'+1"},
		{"-1", "'-1"},
		{"@SUM(A1)", "'@SUM(A1)"},
		{"\t=1", "'\t=1"},
		{"\r=1", "'\r=1"},
		{"\n=1", "'\n=1"},
		{"a=1", "a=1"},
		{" =1", " =1"}, // spreadsheets do not run a formula after a space
		{"2025-09-01", "2025-09-01"},
		{"'=1", "'=1"},
	} {
		if got := export.Neutralise(c.in); got != c.want {
			t.Errorf("Neutralise(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// tasks.json holds exactly the portfolio's plans and tasks.
func TestJSONHoldsExactlyThePortfolioTasks(t *testing.T) {
	for name, pf := range portfolios(t) {
		t.Run(name, func(t *testing.T) {
			var doc export.Tasks
			b := files(t, pf)[paths.TasksJSON]
			if err := json.Unmarshal(b, &doc); err != nil {
				t.Fatal(err)
			}
			if doc.AsOf != pf.AsOf.String() || len(doc.Plans) != len(pf.Plans) {
				t.Fatalf("as_of %s, %d plans of %d", doc.AsOf, len(doc.Plans), len(pf.Plans))
			}
			n := 0
			for i, p := range pf.Plans {
				jp := doc.Plans[i]
				if jp.RecordID != p.RecordID || jp.Slug != p.Slug || jp.Title != p.Title || jp.Status != p.Status.Key ||
					jp.Revision != p.Revision || jp.Start != p.Start.String() || jp.End != p.End.String() || jp.URL != p.URL() {
					t.Errorf("plan %d: %+v", i, jp)
				}
				if len(jp.Tasks) != len(p.Tasks) {
					t.Fatalf("plan %s: %d tasks of %d", p.Slug, len(jp.Tasks), len(p.Tasks))
				}
				for j, x := range p.Tasks {
					want := export.Task{Key: x.Key, Name: x.Name, Phase: x.Phase.Key, Responsible: x.Roles, Start: x.Start.String(),
						End: x.End.String(), Status: x.Status.Key, Milestone: x.Milestone, Extra: x.Extra, DaysOverdue: x.DaysOverdue, URL: x.URL()}
					if want.Responsible == nil {
						want.Responsible = []string{}
					}
					if got := jp.Tasks[j]; fmt.Sprintf("%#v", got) != fmt.Sprintf("%#v", want) {
						t.Errorf("task %s/%s:\n got %#v\nwant %#v", p.Slug, x.Key, got, want)
					}
					n++
				}
			}
			if n != len(pf.Tasks()) {
				t.Errorf("%d tasks of %d", n, len(pf.Tasks()))
			}
		})
	}
}

// tasks.json is one document with a plan a line between its head and its
// end, with no plans as with some.
func TestJSONAPlanALine(t *testing.T) {
	pf := hostile(t)
	for _, n := range []int{0, 1, len(pf.Plans)} {
		some := *pf
		some.Plans = pf.Plans[:n]
		b, err := export.JSON(&some)
		if err != nil {
			t.Fatal(err)
		}
		var doc export.Tasks
		if err := json.Unmarshal(b, &doc); err != nil || len(doc.Plans) != n || doc.AsOf != pf.AsOf.String() {
			t.Fatalf("%d plans: %d plans as of %q, %v:\n%s", n, len(doc.Plans), doc.AsOf, err, b)
		}
		lines := strings.Split(strings.TrimSuffix(string(b), "\n"), "\n")
		if n == 0 {
			if len(lines) != 1 {
				t.Errorf("no plans: %d lines, want 1:\n%s", len(lines), b)
			}
			continue
		}
		if len(lines) != n+2 {
			t.Fatalf("%d plans: %d lines, want a plan a line between head and end:\n%s", n, len(lines), b)
		}
		for i, l := range lines[1 : n+1] {
			var p export.Plan
			if err := json.Unmarshal([]byte(strings.TrimSuffix(l, ",")), &p); err != nil || p.Slug != pf.Plans[i].Slug {
				t.Errorf("line %d is not plan %s: %v", i+2, pf.Plans[i].Slug, err)
			}
		}
	}
}

func TestJSONNamesAreInert(t *testing.T) {
	b := files(t, hostile(t))[paths.TasksJSON]
	for _, bad := range []string{"<script", "</script>", "&"} {
		if bytes.Contains(b, []byte(bad)) {
			t.Errorf("%q unescaped in tasks.json", bad)
		}
	}
	if !bytes.Contains(b, []byte(`"name":"\u003cscript\u003ealert(1)\u003c/script\u003e \u0026 \"x\""`)) {
		t.Errorf("the script task's name is not escaped as expected:\n%s", b)
	}
}

// feeds maps each feed file to the tasks it must hold: every dated
// milestone and every deadline (an open task's end date; a milestone is
// not a deadline too), or those of one role. The status's meaning is
// read from the registry here, not from portfolio's Open.
func feeds(pf *portfolio.Portfolio) map[string][]*portfolio.Task {
	closed := map[string]bool{}
	for _, s := range pf.Statuses.Statuses {
		closed[s.Key] = s.Closed
	}
	var all []*portfolio.Task
	for _, x := range pf.Tasks() {
		if !x.End.IsZero() && (x.Milestone || !closed[x.Status.Key]) {
			all = append(all, x)
		}
	}
	out := map[string][]*portfolio.Task{paths.MilestonesICS: all}
	for _, r := range pf.Roles.Roles {
		var mine []*portfolio.Task
		for _, x := range all {
			if slices.Contains(x.Roles, r.Code) {
				mine = append(mine, x)
			}
		}
		out[paths.RoleFeed(r.Code)] = mine
	}
	return out
}

// Each feed, read by an independent iCalendar implementation, holds
// exactly its milestones and deadlines, each as an all-day event with the
// record's data.
func TestFeedsAreExactlyTheMilestonesAndDeadlines(t *testing.T) {
	for name, pf := range portfolios(t) {
		t.Run(name, func(t *testing.T) {
			got := files(t, pf)
			want := feeds(pf)
			if len(want[paths.MilestonesICS]) == 0 {
				t.Fatal("no milestones to test with")
			}
			for file, tasks := range want {
				cal, err := goical.NewDecoder(bytes.NewReader(got[file])).Decode()
				if err != nil {
					t.Fatalf("%s does not parse: %v", file, err)
				}
				events := cal.Events()
				if len(events) != len(tasks) {
					t.Errorf("%s: %d events for %d milestones and deadlines", file, len(events), len(tasks))
					continue
				}
				byUID := map[string]goical.Event{}
				for _, e := range events {
					byUID[e.Props.Get(goical.PropUID).Value] = e
				}
				for _, x := range tasks {
					e, ok := byUID[export.UID(x)]
					if !ok {
						t.Errorf("%s: no event for %s/%s", file, x.Plan.Slug, x.Key)
						continue
					}
					checkEvent(t, file, e, x)
				}
			}
		})
	}
}

func checkEvent(t *testing.T, file string, e goical.Event, x *portfolio.Task) {
	t.Helper()
	where := file + " " + x.Plan.Slug + "/" + x.Key
	for prop, date := range map[string]model.Date{goical.PropDateTimeStart: x.End, goical.PropDateTimeEnd: x.End.AddDays(1)} {
		p := e.Props.Get(prop)
		if p == nil || p.ValueType() != goical.ValueDate || p.Value != date.Time().Format("20060102") {
			t.Errorf("%s: %s = %+v, want the date %s", where, prop, p, date)
		}
	}
	text := func(name string) string {
		p := e.Props.Get(name)
		if p == nil {
			t.Errorf("%s: no %s", where, name)
			return ""
		}
		s, err := p.Text()
		if err != nil {
			t.Errorf("%s: %s: %v", where, name, err)
		}
		return s
	}
	want := x.Name + " (" + x.Plan.Label + ")"
	if !x.Milestone {
		want = "Due: " + want
	}
	if got := text(goical.PropSummary); got != want {
		t.Errorf("%s: SUMMARY %q, want %q", where, got, want)
	}
	if got := text(goical.PropDescription); !strings.Contains(got, "Plan: "+x.Plan.Title+" ("+x.Plan.RecordID) ||
		!strings.Contains(got, "\nStatus: "+x.Status.Label+"\n"+strings.TrimSuffix(base, "/")+x.URL()) {
		t.Errorf("%s: DESCRIPTION %q", where, got)
	}
	if got, want := e.Props.Get(goical.PropDateTimeStamp).Value, x.Plan.Revised.Time().Format("20060102")+"T000000Z"; got != want {
		t.Errorf("%s: DTSTAMP %s, want %s", where, got, want)
	}
	if n, err := e.Props.Get(goical.PropSequence).Int(); err != nil || n != x.Plan.Revision {
		t.Errorf("%s: SEQUENCE %d (%v), want %d", where, n, err, x.Plan.Revision)
	}
	u, err := e.Props.Get(goical.PropURL).URI()
	if want := strings.TrimSuffix(base, "/") + x.URL(); err != nil || u.String() != want {
		t.Errorf("%s: URL %v (%v), want %s", where, u, err, want)
	}
}

// The feeds keep RFC 5545's line rules: CRLF ends, lines of at most 75
// octets folded between characters, and nothing in a name can start a
// property of its own.
func TestFeedLines(t *testing.T) {
	for name, pf := range portfolios(t) {
		t.Run(name, func(t *testing.T) {
			folded := 0
			for file := range feeds(pf) {
				b := files(t, pf)[file]
				if !bytes.HasSuffix(b, []byte("END:VCALENDAR\r\n")) {
					t.Errorf("%s does not end with END:VCALENDAR CRLF", file)
				}
				lines := strings.Split(strings.TrimSuffix(string(b), "\r\n"), "\r\n")
				for i, l := range lines {
					if strings.ContainsAny(l, "\r\n") {
						t.Errorf("%s:%d: a bare CR or LF in %q", file, i+1, l)
					}
					if len(l) > 75 {
						t.Errorf("%s:%d: %d octets: %q", file, i+1, len(l), l)
					}
					if !utf8.ValidString(l) {
						t.Errorf("%s:%d: folded inside a character: %q", file, i+1, l)
					}
					if strings.HasPrefix(l, " ") {
						folded++
					}
				}
			}
			if name == "hostile" && folded == 0 {
				t.Error("no line was folded: the long name should have been")
			}
		})
	}
}

func TestFeedTextIsEscaped(t *testing.T) {
	b := string(files(t, hostile(t))[paths.MilestonesICS])
	unfolded := strings.ReplaceAll(b, "\r\n ", "")
	for _, want := range []string{
		`SUMMARY:Kick-off\, first\; call (BR J&J)`,
		`SUMMARY:<script>alert(1)</script> & "x" (BR J&J)`,
		`DTSTART;VALUE=DATE:20251101`,
		`DTEND;VALUE=DATE:20251102`,
		"SEQUENCE:3\r\n",
		"DTSTAMP:20251002T000000Z\r\n",
	} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("no %q in\n%s", want, unfolded)
		}
	}
}

// A line break in a name stays inside its value: it cannot add a property.
func TestFeedNameCannotInjectAProperty(t *testing.T) {
	pf := hostile(t)
	pf.Plans[0].Tasks[0].Name = "Kick-off\r\nATTENDEE:mailto:x@example.com\nX-EVIL:1\x00"
	b := files(t, pf)[paths.MilestonesICS]
	cal, err := goical.NewDecoder(bytes.NewReader(b)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cal.Events() {
		if e.Props.Get(goical.PropAttendee) != nil || e.Props.Get("X-EVIL") != nil {
			t.Errorf("a name added a property:\n%s", b)
		}
		if e.Props.Get(goical.PropUID).Value == export.UID(pf.Plans[0].Tasks[0]) {
			if s, _ := e.Props.Get(goical.PropSummary).Text(); s != "Kick-off\nATTENDEE:mailto:x@example.com\nX-EVIL:1 (BR J&J)" {
				t.Errorf("SUMMARY %q", s)
			}
		}
	}
}

// UIDs are a name-based UUID of record ID and task key: the same in every
// build, different for every task.
func TestUIDsAreStable(t *testing.T) {
	pf := hostile(t)
	if got, want := export.UID(pf.Plans[0].Tasks[0]), "f13c9da5-b3db-55d9-8d73-55101c44b795"; got != want {
		t.Errorf("UID of R-1/kickoff_meeting = %s, want %s (a changed UID duplicates every subscriber's events)", got, want)
	}
	seen := map[string]bool{}
	for _, pf := range portfolios(t) {
		for _, x := range pf.Tasks() {
			if uid := export.UID(x); seen[uid] {
				t.Errorf("UID %s twice", uid)
			} else {
				seen[uid] = true
			}
		}
	}
}

func TestSameDataSameBytes(t *testing.T) {
	a, b := files(t, sample(t)), files(t, sample(t))
	if len(a) != len(sample(t).Roles.Roles)+3 {
		t.Errorf("%d files", len(a))
	}
	for f := range a {
		if !bytes.Equal(a[f], b[f]) {
			t.Errorf("%s differs between two runs", f)
		}
	}
}

func TestRolesSharingAFeedFail(t *testing.T) {
	pf := hostile(t)
	pf.Roles.Roles = append(pf.Roles.Roles, model.Role{Code: "Deal-Owner"})
	_, err := export.Files(pf, base)
	if err == nil || !strings.Contains(err.Error(), `"Deal Owner" and "Deal-Owner"`) || !strings.Contains(err.Error(), paths.Roles) {
		t.Errorf("err = %v", err)
	}
}

func TestRelativeBaseLinksInTheDescription(t *testing.T) {
	pf := hostile(t)
	fs, err := export.Files(pf, "/")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := goical.NewDecoder(bytes.NewReader(fs[2].Data)).Decode()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range cal.Events() {
		if e.Props.Get(goical.PropURL) != nil {
			t.Errorf("URL %s: not an absolute URI", e.Props.Get(goical.PropURL).Value)
		}
		if s, _ := e.Props.Get(goical.PropDescription).Text(); !strings.Contains(s, "\n/records/GP-009/r-009-001/p-") {
			t.Errorf("no site path in DESCRIPTION %q", s)
		}
	}
}

// tasks.json validates against its shipped schema, which is strict enough
// to refuse a task that lost its key or gained a field.
func TestJSONMatchesShippedSchema(t *testing.T) {
	f, err := os.Open("../../" + paths.Schema + "/tasks.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("tasks.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("tasks.json")
	if err != nil {
		t.Fatal(err)
	}
	for name, pf := range portfolios(t) {
		v, err := jsonschema.UnmarshalJSON(bytes.NewReader(files(t, pf)[paths.TasksJSON]))
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Validate(v); err != nil {
			t.Errorf("%s: %v", name, err)
		}
		task := v.(map[string]any)["plans"].([]any)[0].(map[string]any)["tasks"].([]any)[0].(map[string]any)
		task["colour"] = "red"
		if s.Validate(v) == nil {
			t.Errorf("%s: the schema accepts an unknown field", name)
		}
		delete(task, "colour")
		delete(task, "key")
		if s.Validate(v) == nil {
			t.Errorf("%s: the schema accepts a task without a key", name)
		}
	}
}

// A page lists what the build writes: the links are the files, in order.
func TestLinksAreTheFiles(t *testing.T) {
	pf := sample(t)
	links, err := export.Links(pf)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := export.Files(pf, base)
	if err != nil {
		t.Fatal(err)
	}
	if len(links) != len(fs) {
		t.Fatalf("%d links, %d files", len(links), len(fs))
	}
	for i, l := range links {
		if l != fs[i].Link {
			t.Errorf("link %d = %+v, file %+v", i, l, fs[i].Link)
		}
		if !strings.HasPrefix(l.Path, paths.PortfolioSection+"/") || !strings.HasSuffix(l.Path, "."+l.Kind) || l.Title == "" {
			t.Errorf("link %+v", l)
		}
	}
	if links[0].Kind != "csv" || links[1].Kind != "json" || links[2].Path != paths.PortfolioSection+"/"+paths.MilestonesICS ||
		links[3].Title != "Milestones and deadlines: Deal Owner" || links[len(links)-1].Path != paths.PortfolioSection+"/"+paths.RoleFeed(pf.Roles.Roles[len(pf.Roles.Roles)-1].Code) {
		t.Errorf("links %+v", links[:4])
	}
}

// A feed is what the library writes for a calendar of its events, though
// each event is written once for all the feeds it is in.
func TestFeedIsTheLibrarys(t *testing.T) {
	pf := hostile(t)
	for _, baseURL := range []string{"https://qms.example.com/", "/"} {
		base, err := url.Parse(baseURL)
		if err != nil {
			t.Fatal(err)
		}
		const name = "Milestones & deadlines: all plans, a name long enough to be folded at 75 octets"
		cal := export.Calendar(name)
		var events []string
		for _, task := range pf.Events() {
			cal.AddVEvent(export.Event(task, base))
			events = append(events, export.Event(task, base).Serialize(export.ICSConfig))
		}
		if len(events) < 3 {
			t.Fatalf("%d events, want a few", len(events))
		}
		want := cal.Serialize(ics.WithNewLineWindows)
		if got := string(export.Feed(name, events)); got != want {
			t.Errorf("base %s: the feed differs from the library's calendar:\n%s\nwant:\n%s", baseURL, got, want)
		}
	}
}

// TestFilesReusing: with a Memo, each run's files are those drawn without
// it, whatever the run before drew: the same rows (nothing drawn), one plan
// rebuilt (its parts alone), another base URL (every event again), and a
// portfolio of other rows altogether.
func TestFilesReusing(t *testing.T) {
	pf := sample(t)
	edited := *pf
	edited.Plans = slices.Clone(pf.Plans)
	i := len(edited.Plans) / 2
	p := *edited.Plans[i] // a plan rebuilt: other rows, at other addresses
	p.Title += " (edited)"
	p.Tasks = nil
	for _, x := range edited.Plans[i].Tasks {
		y := *x
		y.Plan = &p
		p.Tasks = append(p.Tasks, &y)
	}
	edited.Plans[i] = &p
	var m export.Memo
	for _, run := range []struct {
		name  string
		pf    *portfolio.Portfolio
		base  string
		drawn func(n int) bool
	}{
		{"first run: everything drawn", pf, base, func(n int) bool { return n > len(pf.Plans)*2 }},
		{"the same rows: nothing", pf, base, func(n int) bool { return n == 0 }},
		{"one plan rebuilt: its JSON line, its rows and its events", &edited, base, func(n int) bool { return n >= 2 && n <= 2+len(p.Tasks) }},
		{"another base URL: the events again", &edited, "https://other.example.com/", func(n int) bool { return n > 0 }},
		{"the hostile portfolio", hostile(t), base, func(n int) bool { return n > 0 }},
	} {
		got, err := export.FilesReusing(run.pf, run.base, &m)
		if err != nil {
			t.Fatal(err)
		}
		want, err := export.Files(run.pf, run.base)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("%s: %d files, want %d", run.name, len(got), len(want))
		}
		for j := range got {
			if got[j].Path != want[j].Path || !bytes.Equal(got[j].Data, want[j].Data) {
				t.Errorf("%s: %s differs from the file drawn without the Memo", run.name, got[j].Path)
			}
		}
		if n := m.Drawn(); !run.drawn(n) {
			t.Errorf("%s: drew %d parts", run.name, n)
		}
	}
}
