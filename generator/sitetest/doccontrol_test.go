package sitetest_test

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// TestDocControlLabel: the state and revision a controlled page prints, on
// screen and in the running header, come from one partial; revision 0 is a
// revision, a missing one is a dash, and a state outside the vocabulary stops
// the build naming the page.
func TestDocControlLabel(t *testing.T) {
	for _, c := range []struct {
		front, badge, revision, header string
	}{
		{"{id: R-1, revision: 0, state: draft}", "Draft", "0", "Rev. 0 · DRAFT"},
		{"{id: R-1, revision: 3, state: Superseded}", "Superseded", "3", "Rev. 3 · SUPERSEDED"},
		{"{id: R-1, state: effective}", "Effective", "—", "Rev. — · EFFECTIVE"},
	} {
		doc := hookPage(t, "-- content/r.md --\n---\ntitle: R\ndocControl: "+c.front+"\n---\nBody.\n", "/r/")
		badge := find(doc, func(n *html.Node) bool { return hasClass(n, "status-badge") })
		if badge == nil || text(badge) != c.badge || !hasClass(badge, "status-"+strings.ToLower(c.badge)) {
			t.Errorf("%s: badge %q", c.front, text(badge))
		}
		dds := findAll(doc, tag(atom.Dd))
		if len(dds) < 2 || text(dds[1]) != c.revision {
			t.Errorf("%s: revision cell not %q", c.front, c.revision)
		}
		var style strings.Builder
		if n := find(doc, withAttr(atom.Style, "media", "print")); n != nil {
			html.Render(&style, n)
		}
		if !strings.Contains(style.String(), `@top-right { content: "`+c.header+`"; }`) {
			t.Errorf("%s: running header does not say %q:\n%s", c.front, c.header, style.String())
		}
	}
	_, err := buildHookSite(t, "-- content/r.md --\n---\ntitle: R\ndocControl: {id: R-1, state: retired}\n---\n")
	if err == nil || !strings.Contains(err.Error(), `r.md`) || !strings.Contains(err.Error(), `docControl.state "retired"`) {
		t.Errorf("state retired: %v", err)
	}
}
