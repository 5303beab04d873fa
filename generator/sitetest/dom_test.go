package sitetest_test

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Small helpers over golang.org/x/net/html: enough to find elements by
// predicate and read their text, without a selector engine.

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Namespace == "" && a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func attrOr(n *html.Node, key string) string {
	v, _ := attr(n, key)
	return v
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attrOr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func isElem(n *html.Node, a atom.Atom) bool {
	return n != nil && n.Type == html.ElementNode && n.DataAtom == a
}

// findAll returns the elements under n (n included) matching pred, in
// document order.
func findAll(n *html.Node, pred func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && pred(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func find(n *html.Node, pred func(*html.Node) bool) *html.Node {
	if all := findAll(n, pred); len(all) > 0 {
		return all[0]
	}
	return nil
}

func tag(a atom.Atom) func(*html.Node) bool {
	return func(n *html.Node) bool { return n.DataAtom == a }
}

func withAttr(a atom.Atom, key, val string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		v, ok := attr(n, key)
		return n.DataAtom == a && ok && v == val
	}
}

// ancestor returns the nearest ancestor of n matching pred.
func ancestor(n *html.Node, pred func(*html.Node) bool) *html.Node {
	for p := n.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && pred(p) {
			return p
		}
	}
	return nil
}

// children returns the element children of n matching pred.
func children(n *html.Node, pred func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && pred(c) {
			out = append(out, c)
		}
	}
	return out
}

// text is the text content of n with whitespace collapsed; text in
// different elements is separated by a space, as a reader would see it in
// block layout (good enough for comparing labels).
func text(n *html.Node) string { return textWithout(n, nil) }

// textWithout is text, leaving out the elements matching skip.
func textWithout(n *html.Node, skip func(*html.Node) bool) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			b.WriteString(n.Data)
		case html.ElementNode:
			if n.DataAtom == atom.Script || n.DataAtom == atom.Style || n.DataAtom == atom.Template ||
				(skip != nil && skip(n)) {
				return
			}
			if !inline[n.DataAtom] {
				b.WriteByte(' ')
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
		if n.Type == html.ElementNode && !inline[n.DataAtom] {
			b.WriteByte(' ')
		}
	}
	walk(n)
	return norm(b.String())
}

var inline = map[atom.Atom]bool{
	atom.A: true, atom.Abbr: true, atom.B: true, atom.Code: true, atom.Em: true, atom.I: true,
	atom.Kbd: true, atom.Mark: true, atom.Q: true, atom.S: true, atom.Small: true, atom.Span: true,
	atom.Strong: true, atom.Sub: true, atom.Sup: true, atom.Time: true, atom.U: true, atom.Var: true,
	atom.Br: true, atom.Svg: true,
}

// norm collapses runs of white space (and drops zero-width spaces, which
// the heading anchors use as their content).
func norm(s string) string {
	s = strings.ReplaceAll(s, "\u200b", "")
	return strings.Join(strings.Fields(s), " ")
}

// accessibleName approximates the accessible name of a link or control:
// aria-label, else the text and the alt of images, else title.
func accessibleName(n *html.Node) string {
	if v := strings.TrimSpace(attrOr(n, "aria-label")); v != "" {
		return v
	}
	name := text(n)
	for _, img := range findAll(n, tag(atom.Img)) {
		name = norm(name + " " + attrOr(img, "alt"))
	}
	if name == "" {
		name = strings.TrimSpace(attrOr(n, "title"))
	}
	return name
}

// focusable says whether n takes focus with Tab, by the HTML rules (hidden
// styles are the browser tests' business).
func focusable(n *html.Node) bool {
	if n.Type != html.ElementNode {
		return false
	}
	if ti, ok := attr(n, "tabindex"); ok {
		return !strings.HasPrefix(strings.TrimSpace(ti), "-")
	}
	if _, ok := attr(n, "disabled"); ok {
		return false
	}
	switch n.DataAtom {
	case atom.A, atom.Area:
		_, ok := attr(n, "href")
		return ok
	case atom.Input:
		return attrOr(n, "type") != "hidden"
	case atom.Button, atom.Select, atom.Textarea, atom.Iframe:
		return true
	case atom.Summary:
		return isElem(n.Parent, atom.Details)
	}
	return false
}

// inTable says whether n is inside a table.
func inTable(n *html.Node) bool { return ancestor(n, tag(atom.Table)) != nil }
