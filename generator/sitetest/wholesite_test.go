package sitetest_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/paths"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlFiles lists every HTML file of the built site, redirect pages
// included: a check that holds for every page holds for those too.
func (s *builtSite) htmlFiles(t *testing.T) []string {
	t.Helper()
	names, err := files(s.out)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, n := range names {
		if strings.HasSuffix(n, ".html") {
			out = append(out, "/"+n)
		}
	}
	if len(out) < 20 {
		t.Fatalf("only %d HTML files in the site", len(out))
	}
	return out
}

// policy parses a Content-Security-Policy: directive -> its sources.
func policy(s string) map[string][]string {
	out := map[string][]string{}
	for _, d := range strings.Split(s, ";") {
		f := strings.Fields(d)
		if len(f) > 0 {
			out[strings.ToLower(f[0])] = f[1:]
		}
	}
	return out
}

// Every page carries a Content-Security-Policy that lets nothing run or
// load but the site's own files (defence in depth: even an escaping bug
// could not run a script), and the pages themselves keep to it: no inline
// script, no event-handler or style attribute, and an inline <style> only
// with its hash in the policy.
func TestEveryPageHasAStrictCSP(t *testing.T) {
	s := site(t)
	for _, p := range s.htmlFiles(t) {
		for _, problem := range cspProblems(s.doc(t, p)) {
			t.Errorf("%s: %s", p, problem)
		}
	}
}

// cspProblems lists what in a page breaks TestEveryPageHasAStrictCSP's rule.
func cspProblems(doc *html.Node) []string {
	var out []string
	add := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	metas := findAll(doc, func(n *html.Node) bool {
		return isElem(n, atom.Meta) && strings.EqualFold(attrOr(n, "http-equiv"), "Content-Security-Policy")
	})
	if len(metas) != 1 {
		add("%d Content-Security-Policy metas, want 1", len(metas))
		return out
	}
	// A policy applies only to what follows it; after the charset meta,
	// nothing may come before it that loads or runs.
	for n := find(doc, tag(atom.Head)).FirstChild; n != nil && n != metas[0]; n = n.NextSibling {
		if n.Type == html.ElementNode && !(n.DataAtom == atom.Meta && attrOr(n, "http-equiv") == "") {
			add("<%s> comes before the Content-Security-Policy", n.Data)
		}
	}
	csp := policy(attrOr(metas[0], "content"))
	if !slices.Equal(csp["default-src"], []string{"'self'"}) {
		add("default-src is %q, want 'self'", csp["default-src"])
	}
	for _, d := range []string{"script-src", "style-src", "object-src", "base-uri", "form-action"} {
		if len(csp[d]) == 0 {
			add("the policy has no %s", d)
		}
	}
	for d, srcs := range csp {
		for _, src := range srcs {
			if src == "'unsafe-inline'" || src == "'unsafe-eval'" || src == "*" || strings.HasPrefix(src, "http") || src == "data:" {
				add("%s allows %s", d, src)
			}
		}
	}
	for _, n := range findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
				add("<%s %s=…>: an attribute the policy blocks", n.Data, a.Key)
			}
			if (a.Key == "href" || a.Key == "src") && strings.HasPrefix(strings.ToLower(strings.TrimSpace(a.Val)), "javascript:") {
				add("<%s %s=%q>", n.Data, a.Key, a.Val)
			}
		}
		switch n.DataAtom {
		case atom.Script:
			if attrOr(n, "src") == "" {
				add("inline <script>: move it into a file under static/")
			}
		case atom.Style:
			var b strings.Builder
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				b.WriteString(c.Data)
			}
			sum := sha256.Sum256([]byte(b.String()))
			if h := "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"; !slices.Contains(csp["style-src"], h) {
				add("inline <style> whose hash %s is not in style-src %q", h, csp["style-src"])
			}
		}
	}
	return out
}

// voidElements have no end tag.
var voidElements = map[string]bool{
	"area": true, "base": true, "br": true, "col": true, "embed": true, "hr": true, "img": true, "input": true,
	"link": true, "meta": true, "source": true, "track": true, "wbr": true,
}

// wellFormed checks an HTML page as a tokenizer reads it: every element
// that is opened is closed, in order (no end tag left to the parser's
// guesses), and no id is used twice. It returns the problems, each with
// its line.
func wellFormed(r io.Reader) []string {
	z := html.NewTokenizer(r)
	var open []string
	var problems []string
	ids := map[string]int{}
	line := 1
	for {
		tt := z.Next()
		raw := z.Raw()
		at := line
		line += bytes.Count(raw, []byte("\n"))
		switch tt {
		case html.ErrorToken:
			if z.Err() != io.EOF {
				problems = append(problems, fmt.Sprintf("line %d: %v", at, z.Err()))
			}
			for i := len(open) - 1; i >= 0; i-- {
				problems = append(problems, fmt.Sprintf("<%s> never closed", open[i]))
			}
			return problems
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			for _, a := range tok.Attr {
				if a.Key != "id" {
					continue
				}
				if first, dup := ids[a.Val]; dup {
					problems = append(problems, fmt.Sprintf("line %d: id %q is already used at line %d", at, a.Val, first))
				} else {
					ids[a.Val] = at
				}
			}
			if tt == html.StartTagToken && !voidElements[tok.Data] {
				open = append(open, tok.Data)
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			if len(open) == 0 || open[len(open)-1] != string(name) {
				problems = append(problems, fmt.Sprintf("line %d: </%s> closes %s", at, name, strings.Join(open, " > ")))
				return problems
			}
			open = open[:len(open)-1]
		}
	}
}

// Every page of the sample site is well-formed HTML with unique ids: a
// duplicate id breaks #links, labels and the TOC's targets.
func TestEveryPageIsWellFormedWithUniqueIDs(t *testing.T) {
	s := site(t)
	for _, p := range s.htmlFiles(t) {
		b, err := afero.ReadFile(s.out, p)
		if err != nil {
			t.Fatal(err)
		}
		for _, problem := range wellFormed(bytes.NewReader(b)) {
			t.Errorf("%s: %s", p, problem)
		}
	}
}

// The well-formedness check itself fails on what it must catch.
func TestWellFormedCatches(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`<div id="a"><p id="a">x</p></div>`, `line 1: id "a" is already used at line 1`},
		{"<div>\n<span>x</div>", "line 2: </div> closes div > span"},
		{"<div><p>x</p>", "<div> never closed"},
		{`<p>a<br>b<img src="x"></p>`, ""},
	} {
		got := strings.Join(wellFormed(strings.NewReader(c.in)), "; ")
		if got != c.want {
			t.Errorf("wellFormed(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// paths.HeadingID, which validation uses to keep heading ids off task
// anchors, is the id Hugo gives every heading of the sample site (Hugo's
// -1, -2… of a repeated id aside).
func TestHeadingIDIsHugos(t *testing.T) {
	s := site(t)
	n := 0
	for _, p := range s.pages(t) {
		if strings.HasSuffix(p, "/"+paths.PackFile) {
			continue // an audit pack prefixes its records' ids: they are its own, not Hugo's
		}
		for _, h := range findAll(s.doc(t, p), func(n *html.Node) bool { return hasClass(n, "anchor") }) {
			id, want := attrOr(h, "id"), paths.HeadingID(text(h))
			if id != want && !strings.HasPrefix(id, want+"-") {
				t.Errorf("%s: Hugo's id of the heading %q is %q, paths.HeadingID says %q", p, text(h), id, want)
			}
			n++
		}
	}
	if n < 100 {
		t.Errorf("only %d headings checked", n)
	}
}
