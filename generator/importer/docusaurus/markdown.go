package docusaurus

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"

	"github.com/qmsplan/qmsplan/generator/diag"
)

// A body is a page's Markdown after the front matter, cut into headings and
// the top-level blocks between them: what both the record reader and the
// page converter walk. Lines are the page's own lines, admonitions already
// turned into alerts and MDX taken out, one for one.
type body struct {
	file  string
	first int // the file's line number of lines[0]
	lines []string
	parts []part
}

// part is a heading or one top-level block.
type part struct {
	heading bool
	level   int    // of a heading
	title   string // of a heading, without its {#id}
	id      string // a heading's {#custom-id}
	// kind of a block: "table", "box" (an alert), "list" or "text".
	kind  string
	raw   string // the block's Markdown, whole lines
	line  int    // index into lines
	node  ast.Node
	src   []byte
	alert string // a box's alert name (WARNING), title in title
}

func (b *body) pos(line, col int) diag.Pos {
	return diag.Pos{File: b.file, Line: b.first + line, Col: col}
}

var md = goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))

var (
	headingID = regexp.MustCompile(`\s*\{#([A-Za-z0-9_:.-]+)\}\s*$`)
	alertLine = regexp.MustCompile(`^\s*>\s*\[!([A-Za-z]+)\][ \t]*(.*)$`)
)

// parseBody reads the Markdown of a page whose body starts on line first of
// file: admonitions and MDX are handled, then goldmark cuts it into parts.
func parseBody(file string, first int, src string, ds *diag.List) *body {
	b := &body{file: file, first: first, lines: strings.Split(strings.ReplaceAll(src, "\r\n", "\n"), "\n")}
	mdx(b.lines, b.pos, ds)
	admonitions(b.lines, b.pos, ds)
	b.parts = cut(b.lines)
	return b
}

// cut parses lines and returns their top-level parts in order.
func cut(lines []string) []part {
	src := []byte(strings.Join(lines, "\n"))
	doc := md.Parser().Parse(text.NewReader(src))
	starts := lineStarts(src)
	var nodes []ast.Node
	var at []int
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		nodes = append(nodes, n)
		at = append(at, lineOf(starts, nodeStart(n)))
	}
	var parts []part
	for i, n := range nodes {
		end := len(lines)
		if i+1 < len(nodes) {
			end = at[i+1]
		}
		raw := strings.TrimSpace(strings.Join(lines[at[i]:end], "\n"))
		p := part{line: at[i], raw: raw, node: n, src: src}
		switch n := n.(type) {
		case *ast.Heading:
			p.heading, p.level = true, n.Level
			t := strings.TrimSpace(string(n.Lines().Value(src)))
			if m := headingID.FindStringSubmatch(t); m != nil {
				p.id = m[1]
				t = strings.TrimSpace(t[:len(t)-len(m[0])])
			}
			p.title = t
		case *east.Table:
			p.kind = "table"
		case *ast.Blockquote:
			p.kind = "text"
			if m := alertLine.FindStringSubmatch(lines[at[i]]); m != nil {
				p.kind, p.alert, p.title = "box", strings.ToUpper(m[1]), strings.TrimSpace(m[2])
			}
		case *ast.List:
			p.kind = "list"
		default:
			p.kind = "text"
		}
		parts = append(parts, p)
	}
	return parts
}

// boxText is the Markdown inside a box part, its "> " taken off.
func (p part) boxText() string {
	ls := strings.Split(p.raw, "\n")[1:]
	for i, l := range ls {
		l = strings.TrimLeft(l, " ")
		l = strings.TrimPrefix(l, ">")
		ls[i] = strings.TrimPrefix(l, " ")
	}
	return strings.TrimSpace(strings.Join(ls, "\n"))
}

// cells returns a table part's header and rows as the cells' Markdown, each
// with the column (1-based) it starts at, for findings.
func (p part) cells() (header []string, rows [][]string) {
	for r := p.node.FirstChild(); r != nil; r = r.NextSibling() {
		var row []string
		for c := r.FirstChild(); c != nil; c = c.NextSibling() {
			row = append(row, strings.TrimSpace(string(c.Lines().Value(p.src))))
		}
		if _, ok := r.(*east.TableHeader); ok {
			header = row
		} else {
			rows = append(rows, row)
		}
	}
	return header, rows
}

// rowLine returns the index into lines of a table part's row i (0 is the
// first row after the header).
func (p part) rowLine(i int) int { return p.line + 2 + i }

// listItems returns the Markdown of each item of a list part.
func (p part) listItems() []string {
	var out []string
	for it := p.node.FirstChild(); it != nil; it = it.NextSibling() {
		var b bytes.Buffer
		for c := it.FirstChild(); c != nil; c = c.NextSibling() {
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			b.Write(c.Lines().Value(p.src))
		}
		out = append(out, strings.TrimSpace(b.String()))
	}
	return out
}

// nodeStart is the byte offset a block begins at: its first line, or its
// first descendant's (lists and blockquotes have no lines of their own).
func nodeStart(n ast.Node) int {
	if n.Type() == ast.TypeBlock && n.Lines().Len() > 0 {
		return n.Lines().At(0).Start
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if s := nodeStart(c); s >= 0 {
			return s
		}
	}
	if n.Type() == ast.TypeInline {
		if t, ok := n.(*ast.Text); ok {
			return t.Segment.Start
		}
		return -1
	}
	return n.Pos()
}

func lineStarts(src []byte) []int {
	starts := []int{0}
	for i, c := range src {
		if c == '\n' {
			starts = append(starts, i+1)
		}
	}
	return starts
}

// lineOf returns the index of the line holding byte offset off.
func lineOf(starts []int, off int) int {
	lo, hi := 0, len(starts)-1
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if starts[mid] <= off {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	return lo
}

var mdEscape = regexp.MustCompile("\\\\([!-/:-@\\[-`{-~])")

// plain is the text of inline Markdown as a reader sees it, for comparing
// with data: backslash escapes undone and emphasis markers of a whole
// value taken off.
func plain(s string) string {
	s = mdEscape.ReplaceAllString(strings.TrimSpace(s), "$1")
	return strings.Join(strings.Fields(s), " ")
}

// norm folds a title for matching: case, spacing and a leading emoji do not
// count.
func norm(s string) string {
	s = strings.ToLower(plain(s))
	s = strings.TrimLeftFunc(s, func(r rune) bool { return r > 0x2000 || r == ' ' || r == '\ufe0f' })
	return s
}
