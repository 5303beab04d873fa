// Package mdcheck finds what the portal will not render, or must not, in
// author-written Markdown.
//
// It parses the Markdown with goldmark configured as the site's hugo.toml
// configures Hugo (tables, strikethrough, task lists, definition lists and
// footnotes on; linkify off; no attributes), so what it reports as raw HTML,
// a link or a heading is what Hugo will see as one, not what a regular
// expression guesses.
package mdcheck

import (
	"bytes"
	"fmt"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	gmparser "github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/qmsplan/qmsplan/generator/paths"
)

// plansURL is where the plans are, as an example of a site path.
const plansURL = "/" + paths.PlansSection + "/"

// Problem is one thing in a Markdown value that the portal will not render,
// or must not.
type Problem struct {
	// Line and Col are 1-based, within the Markdown value; Col counts
	// characters (runes), not bytes, so a tab or an "é" is one column.
	Line, Col int
	Message   string // what is wrong, e.g. `raw HTML "<div>" is not allowed`
	Hint      string // how to fix it
}

const (
	hintHTML      = `use Markdown instead (**bold**, *italic*), or write \< to show a literal '<'`
	hintScheme    = "link to an http(s) address or a site path such as " + plansURL
	hintImage     = "put the image under static/ and use its site path, e.g. /img/flow.png, or link to it instead of embedding it"
	hintShortcode = "write it as {{ < (with a space) if you need to show it"
	hintSetext    = "write it as '# Title'; a line of --- under text makes a heading, put a blank line before it for a horizontal rule"
	hintSitePath  = "check the path: a plan is at " + plansURL + "<slug>/, a static file at its path under " + paths.Static + "/"
)

// parser mirrors [markup.goldmark] in hugo.toml, heading attributes
// ({#id}) included. Only parsing matters here; goldmark parsers keep no
// state between calls, so one is shared.
var parser = goldmark.New(goldmark.WithParserOptions(gmparser.WithAttribute()), goldmark.WithExtensions(
	extension.Table,
	extension.Strikethrough,
	extension.TaskList,
	extension.DefinitionList,
	extension.Footnote,
)).Parser()

// Check parses md as Hugo's goldmark would (GFM: tables, strikethrough,
// linkify off, autolinks on) and reports, in source order: raw HTML (inline
// and block), links and images whose scheme is not http, https or mailto,
// images loaded from outside the portal, Hugo shortcode delimiters ({{< and
// {{%, code included) and setext (underlined) headings. Invisible control
// characters are not its business: validation checks every text value for
// them, Markdown or not, in one place.
//
// Leading white space is dropped before parsing, as the renderer does
// (render.Markdown trims the value), so "    <div>" is HTML here, not an
// indented code block; positions still refer to md as given.
//
// With site not nil, links and images to site paths (/records/…) must name
// something site reports to exist; site gets the path without query,
// fragment or trailing slash.
func Check(md string, site func(path string) bool) []Problem {
	problems, _ := Scan(md, site)
	return problems
}

// Scan is Check and Headings from one parse of md: validation wants both
// of every Markdown value, and parsing each value twice was a fifth of its
// time at 10,000 plans.
func Scan(md string, site func(path string) bool) ([]Problem, []Heading) {
	c := &checker{md: md, site: site}
	c.shortcodes()

	// Parse what the renderer emits: the value without its leading space.
	skip := len(md) - len(strings.TrimLeftFunc(md, unicode.IsSpace))
	c.base = skip
	c.src = []byte(md[skip:])
	doc := parser.Parse(text.NewReader(c.src))
	var headings []Heading
	var hat cursor
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			c.node(n)
			if h, ok := heading(n, c.src); ok {
				line, col := hat.advance(md, skip+n.Pos())
				headings = append(headings, Heading{line, col, h})
			}
		}
		return ast.WalkContinue, nil
	})

	sort.SliceStable(c.found, func(i, j int) bool { return c.found[i].off < c.found[j].off })
	var out []Problem
	var at cursor
	for _, f := range c.found {
		f.Line, f.Col = at.advance(md, f.off)
		out = append(out, f.Problem)
	}
	return out, headings
}

// cursor walks md forwards to each finding in turn, so that positions cost
// one pass over md in all: counting from the start for each finding made
// the check quadratic in a value full of findings (300 KB of <b>: 30 s).
type cursor struct{ off, line, col int }

// advance moves to byte offset off (not before the last one) and returns
// its 1-based line and column; lines end at "\n" ("\r\n" therefore too)
// and columns count runes. An unknown offset (-1) is 1:1.
func (c *cursor) advance(md string, off int) (line, col int) {
	if off < 0 || off > len(md) {
		return 1, 1
	}
	if c.line == 0 {
		c.line, c.col = 1, 1
	}
	for _, r := range md[c.off:off] {
		if r == '\n' {
			c.line, c.col = c.line+1, 1
		} else {
			c.col++
		}
	}
	c.off = off
	return c.line, c.col
}

type found struct {
	off int // byte offset in md; -1 when unknown
	Problem
}

type checker struct {
	site  func(string) bool
	md    string
	src   []byte // md[base:], what goldmark parsed
	base  int
	found []found
}

// add records a problem at byte offset off of md; Check works out the
// positions once all are found.
func (c *checker) add(off int, hint, format string, args ...any) {
	c.found = append(c.found, found{off, Problem{Message: fmt.Sprintf(format, args...), Hint: hint}})
}

// at converts an offset in the parsed source to one in md, -1 if unknown.
func (c *checker) at(srcOff int) int {
	if srcOff < 0 || srcOff > len(c.src) {
		return -1
	}
	return c.base + srcOff
}

func (c *checker) node(n ast.Node) {
	switch n := n.(type) {
	case *ast.RawHTML:
		off := n.Pos()
		var b strings.Builder
		for i := range n.Segments.Len() {
			s := n.Segments.At(i)
			if i == 0 {
				off = s.Start
			}
			b.Write(s.Value(c.src))
		}
		c.add(c.at(off), hintHTML, "raw HTML %q is not allowed", clip(b.String()))
	case *ast.HTMLBlock:
		off, first := n.Pos(), ""
		if n.Lines().Len() > 0 {
			s := n.Lines().At(0)
			s = s.TrimLeftSpace(c.src)
			off, first = s.Start, strings.TrimSpace(string(s.Value(c.src)))
		}
		c.add(c.at(off), hintHTML, "raw HTML %q is not allowed", clip(first))
	case *ast.FencedCodeBlock:
		c.fence(n)
	case *ast.Link:
		c.destination(n.Pos(), "link", n.Destination)
	case *ast.Image:
		c.destination(n.Pos(), "image", n.Destination)
	case *ast.AutoLink:
		c.destination(n.Pos(), "link", n.URL(c.src))
	case *ast.Heading:
		// An id written by hand could take a task row's #task-<key> or an
		// id of the layouts; Hugo makes one from the text.
		if id, ok := n.AttributeString("id"); ok {
			s := fmt.Sprintf("%s", id)
			c.add(c.at(n.Pos()), "remove {#"+s+"}: the heading's id is made from its text", "heading id %q written as {#%s} is not allowed in plan text", s, s)
		}
		// goldmark records a setext heading at its first text line and an
		// ATX heading at its '#', before the text.
		if n.Lines().Len() == 0 || n.Lines().At(0).Start != n.Pos() {
			return
		}
		var words []string
		for i := range n.Lines().Len() {
			s := n.Lines().At(i)
			words = append(words, strings.TrimSpace(string(s.Value(c.src))))
		}
		first := n.Lines().At(0)
		off := first.TrimLeftSpace(c.src).Start
		c.add(c.at(off), hintSetext, "underlined (setext) heading %q is not supported", clip(strings.Join(words, " ")))
	}
}

// Heading is an ATX heading of a Markdown value: where it is, and its
// text, from which Hugo makes its id.
type Heading struct {
	Line, Col int
	Text      string
}

// Headings lists the ATX headings of md, in order, as Check's parse sees
// them (code excluded).
func Headings(md string) []Heading {
	_, hs := Scan(md, nil)
	return hs
}

// heading returns the text of n if it is an ATX heading (a setext heading
// starts at its text), from which Hugo makes its id. A heading holds no
// heading, so the walk that finds it may go on into its children.
func heading(n ast.Node, src []byte) (string, bool) {
	h, ok := n.(*ast.Heading)
	if !ok || h.Lines().Len() == 0 || h.Lines().At(0).Start == h.Pos() {
		return "", false
	}
	var b strings.Builder
	_ = ast.Walk(h, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		switch c := c.(type) {
		case *ast.Text:
			if entering {
				b.Write(c.Segment.Value(src))
				if c.SoftLineBreak() {
					b.WriteByte(' ')
				}
			}
		case *ast.String:
			if entering {
				b.Write(c.Value)
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String(), true
}

// fence reports a code fence that is never closed: goldmark runs it to the
// end of its container, so the rest of the text, whole sections of the
// record, would show as code.
func (c *checker) fence(n *ast.FencedCodeBlock) {
	open := n.Pos()
	if open < 0 || open >= len(c.src) {
		return
	}
	end := open
	for end < len(c.src) && c.src[end] == c.src[open] {
		end++
	}
	fence := string(c.src[open:end])
	after := len(c.src)
	if l := n.Lines(); l.Len() > 0 {
		after = l.At(l.Len() - 1).Stop
	} else if i := bytes.IndexByte(c.src[open:], '\n'); i >= 0 {
		after = open + i + 1
	}
	// The line after the code, without its list indent or quote marker.
	next, _, _ := bytes.Cut(c.src[after:], []byte("\n"))
	if bytes.HasPrefix(bytes.TrimLeft(next, " \t>"), []byte(fence)) {
		return
	}
	c.add(c.at(open), "close it with a line "+fence+" after the code", "code fence %q is never closed: everything after it shows as code", fence)
}

// destination checks a link or image destination as the browser will read
// it once goldmark has rendered it.
func (c *checker) destination(pos int, what string, dest []byte) {
	u := browserURL(dest)
	scheme := schemeOf(u)
	switch {
	case what == "image" && (scheme == "http" || scheme == "https" || protocolRelative(u)):
		c.add(c.at(pos), hintImage, "image %q is loaded from outside the portal", clip(string(dest)))
	case scheme == "" && c.site != nil && strings.HasPrefix(u, "/") && !protocolRelative(u):
		p, _, _ := strings.Cut(u, "#")
		p, _, _ = strings.Cut(p, "?")
		if p = strings.TrimSuffix(p, "/"); !c.site(p) {
			c.add(c.at(pos), hintSitePath, "%s %q goes to no page or file of the portal", what, clip(string(dest)))
		}
	case scheme != "" && scheme != "http" && scheme != "https" && scheme != "mailto":
		msg := fmt.Sprintf("%s %q has a scheme the portal does not allow", what, clip(string(dest)))
		if !strings.HasPrefix(strings.ToLower(string(dest)), scheme+":") {
			msg += fmt.Sprintf(" (it reads as %q)", scheme+":")
		}
		c.add(c.at(pos), hintScheme, "%s", msg)
	}
}

// browserURL is dest as a browser resolves it: goldmark's renderer undoes
// backslash escapes and character references (util.URLEscape with
// resolveReference), and the URL parser drops leading C0 controls and
// spaces and every tab and line break.
func browserURL(dest []byte) string {
	v := util.UnescapePunctuations(dest)
	v = util.ResolveNumericReferences(v)
	v = util.ResolveEntityNames(v)
	s := strings.TrimLeftFunc(string(v), func(r rune) bool { return r <= ' ' })
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' {
			return -1
		}
		return r
	}, s)
}

// schemeOf is the lower-cased URL scheme of u, "" if u has none (a path).
func schemeOf(u string) string {
	for i := 0; i < len(u); i++ {
		ch := u[i]
		switch {
		case 'a' <= ch && ch <= 'z', 'A' <= ch && ch <= 'Z':
		case i > 0 && ('0' <= ch && ch <= '9' || ch == '+' || ch == '-' || ch == '.'):
		case i > 0 && ch == ':':
			return strings.ToLower(u[:i])
		default:
			return ""
		}
	}
	return ""
}

// protocolRelative reports whether u names another host ("//host/x");
// browsers read a backslash there as a slash.
func protocolRelative(u string) bool {
	return len(u) >= 2 && (u[0] == '/' || u[0] == '\\') && (u[1] == '/' || u[1] == '\\')
}

// shortcodes finds Hugo shortcode openers. Hugo reads them before Markdown,
// so they count inside code spans and code blocks too.
func (c *checker) shortcodes() {
	for i := 0; ; {
		j := strings.Index(c.md[i:], "{{")
		if j < 0 {
			return
		}
		i += j
		if i+2 < len(c.md) && (c.md[i+2] == '<' || c.md[i+2] == '%') {
			c.add(i, hintShortcode, "Hugo shortcode syntax %q is not allowed in plan text", c.md[i:i+3])
		}
		i++
	}
}

// clip shortens s for quoting in a message.
func clip(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)
	return string(r[:max]) + "…"
}
