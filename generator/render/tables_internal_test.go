package render

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/qmsplan/qmsplan/generator/model"
)

var testStatuses = map[string]StatusView{"done": {Key: "done", Emoji: "✅", Label: "Done", Colour: "bluish-green", Pattern: "solid"}}

// A task table holds the data's text as text: markup, entities and Hugo's
// shortcode delimiters from the data are inert, and read back unchanged.
func TestTaskTableEscapes(t *testing.T) {
	hostile := `<script>alert(1)</script> & "x" 'y' {{< param x >}} {{% y %}}`
	ph := PhaseData{Key: "p", Title: hostile, Columns: []string{"task", "description", "responsible", "start", "end", "status", "notes"},
		Tasks: []TaskData{{Key: "k", Anchor: "task-k", Name: hostile, Description: hostile, Notes: hostile, Status: "done",
			Responsible: []RoleData{{Code: hostile, Title: hostile}, {Join: "&", Code: "JD-1"}}}}}
	out, err := taskTable(ph, testStatuses, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"<script", "{{", `"x"`} {
		if strings.Contains(out, bad) {
			t.Errorf("table holds %q: %s", bad, out)
		}
	}
	doc, err := html.Parse(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	var label, title string
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			for _, a := range n.Attr {
				switch {
				case n.Data == "div" && a.Key == "aria-label":
					label = a.Val
				case n.Data == "abbr" && a.Key == "title":
					title = a.Val
				}
			}
			if n.Data == "script" {
				t.Error("a script element")
			}
		}
		if n.Type == html.TextNode && strings.Contains(n.Data, "alert") {
			texts = append(texts, n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if label != hostile || title != hostile {
		t.Errorf("attributes read back as %q, %q", label, title)
	}
	if len(texts) != 4 { // name, description, role code, notes
		t.Fatalf("%d text nodes hold the name, want 4: %q", len(texts), texts)
	}
	for _, s := range texts {
		if s != hostile {
			t.Errorf("text read back as %q", s)
		}
	}
}

// Anything outside the tables' vocabularies fails, naming it.
func TestTaskTableRefusesUnknownKeys(t *testing.T) {
	for _, tc := range []struct {
		name string
		ph   PhaseData
		want string
	}{
		{"status", PhaseData{Key: "p", Columns: []string{"status"}, Tasks: []TaskData{{Status: "finished"}}}, `task status "finished"`},
		{"column", PhaseData{Key: "p", Columns: []string{"owner"}}, `column "owner"`},
		{"join", PhaseData{Key: "p", Columns: []string{"responsible"}, Tasks: []TaskData{{Responsible: []RoleData{{Code: "A"}, {Join: "+", Code: "B"}}}}}, `unknown join "+"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := taskTable(tc.ph, testStatuses, "")
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), `phase "p"`) {
				t.Errorf("error %v, want one naming phase \"p\" and %s", err, tc.want)
			}
		})
	}
}

// tableWriter.esc skips esc for text without the characters it replaces:
// those must be exactly the ones esc changes.
func TestEscapedAreWhatEscChanges(t *testing.T) {
	for r := rune(0); r < 0x3000; r++ {
		s := string(r)
		if changed, listed := esc(s) != s, strings.ContainsRune(escaped, r); changed != listed {
			t.Errorf("%q: esc changes it %v, listed in escaped %v", s, changed, listed)
		}
	}
}

// A portfolio list's status cell says its status in words, overdue too,
// and its class is the one the status stylesheet draws; a status outside
// the registry fails.
func TestStCell(t *testing.T) {
	tests := []struct {
		key     string
		overdue bool
		want    string
		err     bool
	}{
		{"done", false, `<td class="st-done"><i></i>Done</td>`, false},
		{"done", true, `<td class="st-done overdue"><i></i>Done <strong>(overdue)</strong></td>`, false},
		{"lost", false, "", true},
	}
	for _, tt := range tests {
		var w tableWriter
		w.stCell(testStatuses, tt.key, tt.overdue)
		if got := w.String(); got != tt.want || (w.err != nil) != tt.err {
			t.Errorf("stCell(%q, %v) = %q, %v; want %q, error %v", tt.key, tt.overdue, got, w.err, tt.want, tt.err)
		}
	}
}

// The status stylesheet has the rules of every status of the registry,
// its colour, pattern and emoji (escaped, read out as nothing), and
// refuses what the stylesheet cannot draw.
func TestStatusStylesheet(t *testing.T) {
	good := model.Status{Key: "done", Emoji: `✅"\`, Label: "Done", Colour: "bluish-green", Pattern: "solid"}
	css, err := StatusStylesheet(model.StatusRegistry{Statuses: []model.Status{good}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		".st-done{--status-colour:var(--okabe-ito-bluish-green)}",
		"td.st-done>i::before{background:var(--pattern-solid);box-shadow:var(--pattern-solid-ring,var(--swatch-ring))}",
		`.st-done>i::after{content:"\2705 \22 \5c "/""}`,
	} {
		if !strings.Contains(string(css), want) {
			t.Errorf("stylesheet lacks %s:\n%s", want, css)
		}
	}
	for _, bad := range []model.Status{
		{Key: "Done!", Emoji: "x", Label: "x", Colour: "blue", Pattern: "solid"},
		{Key: "x", Emoji: "x", Label: "x", Colour: "teal", Pattern: "solid"},
		{Key: "x", Emoji: "x", Label: "x", Colour: "blue", Pattern: "wavy"},
	} {
		if _, err := StatusStylesheet(model.StatusRegistry{Statuses: []model.Status{good, bad}}); err == nil {
			t.Errorf("StatusStylesheet takes %+v", bad)
		}
	}
}
