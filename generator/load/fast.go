package load

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"
)

// fastParse builds, for the common well-formed plan file, the same syntax
// tree goccy's parser would (the nodes, values and positions the decoder
// reads) in about a quarter of the time: goccy's lexer and parser were two
// thirds of loading 10,000 plans. It knows only block mappings with plain keys,
// block lists, and scalars on one line (plain, double- or single-quoted,
// with simple escapes), plus comment and blank lines; anything else (flow
// collections, block scalars, anchors, tags, documents, a null, a tab, a
// line it cannot place) makes it return nil, and goccy parses the file:
// errors and odd files always get goccy's tree and therefore the same
// findings. TestFastParseIsGoccys compares the two trees.
func fastParse(data []byte) ast.Node {
	p := fastParser{src: data, str: string(data)}
	if !p.splitLines() || len(p.lines) == 0 || p.lines[0].indent != 0 {
		return nil
	}
	// Most lines are "key: value": positions of the key, the ':' and the
	// value, two or three tokens, two text nodes and an entry. Room for
	// about that many from the start is one allocation of each kind a
	// file; a file needing more gets them a chunk at a time.
	l := len(p.lines)
	p.poss, p.tks = make([]token.Position, 0, 3*l), make([]token.Token, 0, 2*l)
	p.bases, p.strs, p.kvs = make([]ast.BaseNode, 0, 2*l), make([]ast.StringNode, 0, 2*l), make([]ast.MappingValueNode, 0, l)
	var n ast.Node
	if p.isEntry(0) {
		n = p.sequence(0)
	} else {
		n = p.mapping(0)
	}
	if n == nil || p.i != len(p.lines) {
		return nil
	}
	return n
}

type fastParser struct {
	src []byte
	// str is src as one string: every key and value without escapes is a
	// part of it, not a string of its own (one allocation a file instead of
	// one a scalar).
	str   string
	lines []fastLine
	i     int // the line being read
	depth int // of the collections being read
	// Positions, tokens and nodes are allocated together (see fastParse,
	// alloc): one allocation each was most of the parser's time.
	poss  []token.Position
	tks   []token.Token
	bases []ast.BaseNode
	strs  []ast.StringNode
	kvs   []ast.MappingValueNode
}

const fastChunk = 64

// alloc is v, placed in the next free element of *chunk, or of a new chunk
// when that one is full: the elements already given out stay where they are.
func alloc[T any](chunk *[]T, v T) *T {
	if len(*chunk) == cap(*chunk) {
		*chunk = make([]T, 0, fastChunk)
	}
	*chunk = append(*chunk, v)
	return &(*chunk)[len(*chunk)-1]
}

// text is a text node of the token tk, the way ast.String makes one.
func (p *fastParser) text(tk *token.Token) *ast.StringNode {
	return alloc(&p.strs, ast.StringNode{BaseNode: alloc(&p.bases, ast.BaseNode{}), Token: tk, Value: tk.Value})
}

// token is a plain scalar's token, the way token.New makes one: a reserved
// word (null, true, .inf ...) or a number starts with one of a few
// characters and is at most five long, or is a number; the rest is text.
func (p *fastParser) token(s string, pos *token.Position) *token.Token {
	c := s[0]
	letter := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
	if !letter || len(s) <= 5 && strings.IndexByte("nNtTfF", c) >= 0 {
		return token.New(s, s, pos)
	}
	return alloc(&p.tks, token.Token{Type: token.StringType, CharacterType: token.CharacterTypeMiscellaneous,
		Indicator: token.NotIndicator, Value: s, Origin: s, Position: pos})
}

// quoted is a quoted scalar's token, as token.DoubleQuote (or SingleQuote)
// makes one, but with the text as its Origin: the decoder reads only its
// Value and Position.
func (p *fastParser) quoted(typ token.Type, s string, pos *token.Position) *token.Token {
	return alloc(&p.tks, token.Token{Type: typ, CharacterType: token.CharacterTypeIndicator,
		Indicator: token.QuotedScalarIndicator, Value: s, Origin: s, Position: pos})
}

// mappingValue is the entry key: val of a mapping, its ':' at pos, the way
// ast.MappingValue and token.MappingValue make one.
func (p *fastParser) mappingValue(pos *token.Position, key *ast.StringNode, val ast.Node) *ast.MappingValueNode {
	colon := alloc(&p.tks, token.Token{Type: token.MappingValueType, CharacterType: token.CharacterTypeIndicator,
		Indicator: token.BlockStructureIndicator, Value: ":", Origin: ":", Position: pos})
	return alloc(&p.kvs, ast.MappingValueNode{BaseNode: alloc(&p.bases, ast.BaseNode{}), Start: colon, Key: key, Value: val})
}

// fastLine is a line holding something: not blank, not only a comment.
type fastLine struct {
	num    int // 1-based
	start  int // offset of the line's first byte
	indent int // offset of its content from start (spaces before it)
	end    int // offset of its end (the '\n' or the end of the file)
	ascii  bool
}

// splitLines finds the lines with content, refusing what this parser does
// not read: tabs, carriage returns, document markers and directives.
func (p *fastParser) splitLines() bool {
	num := 0
	for start := 0; start < len(p.src); {
		num++
		end := bytes.IndexByte(p.src[start:], '\n')
		if end < 0 {
			end = len(p.src)
		} else {
			end += start
		}
		l := p.src[start:end]
		ascii := true
		for _, c := range l {
			if c == '\t' || c == '\r' {
				return false
			}
			if c >= utf8.RuneSelf {
				ascii = false
			}
		}
		if !ascii && !utf8.Valid(l) {
			return false // goccy reads invalid bytes as U+FFFD
		}
		ind := 0
		for ind < len(l) && l[ind] == ' ' {
			ind++
		}
		switch {
		case ind == len(l) || l[ind] == '#':
			// blank, or a comment
		case ind == 0 && (bytes.HasPrefix(l, []byte("---")) || bytes.HasPrefix(l, []byte("...")) || l[0] == '%'):
			return false
		default:
			p.lines = append(p.lines, fastLine{num: num, start: start, indent: ind, end: end, ascii: ascii})
		}
		start = end + 1
	}
	return true
}

// pos is the position of byte offset off of line l, its column in runes as
// goccy counts.
func (p *fastParser) pos(l *fastLine, off int) *token.Position {
	col := off - l.start
	if !l.ascii {
		col = utf8.RuneCount(p.src[l.start:off])
	}
	return alloc(&p.poss, token.Position{Line: l.num, Column: col + 1, Offset: off})
}

// isEntry reports whether line i starts a list entry ("- ").
func (p *fastParser) isEntry(i int) bool {
	l := &p.lines[i]
	c := l.start + l.indent
	return p.src[c] == '-' && c+1 < l.end && p.src[c+1] == ' '
}

// mapping reads the block mapping whose keys start indent bytes into their
// lines, from line p.i on.
func (p *fastParser) mapping(indent int) ast.Node {
	if !p.enter() {
		return nil
	}
	defer p.leave()
	var values []*ast.MappingValueNode
	for p.i < len(p.lines) && p.lines[p.i].indent == indent {
		if p.isEntry(p.i) {
			return nil // a list where a key belongs
		}
		l := &p.lines[p.i]
		kStart := l.start + l.indent
		k := kStart
		for k < l.end && keyByte(p.src[k]) {
			k++
		}
		if k == kStart || k == l.end || p.src[k] != ':' || k+1 < l.end && p.src[k+1] != ' ' {
			return nil
		}
		name := p.str[kStart:k]
		ktk := p.token(name, p.pos(l, kStart))
		if ktk.Type != token.StringType {
			return nil // a key such as true, null or 1 is for goccy
		}
		key := p.text(ktk)
		colon := p.pos(l, k)
		v := k + 1
		for v < l.end && p.src[v] == ' ' {
			v++
		}
		var val ast.Node
		if v == l.end || p.src[v] == '#' {
			// The value is on the lines below, indented further: a
			// mapping or a list. Nothing there would be a null.
			p.i++
			if p.i == len(p.lines) || p.lines[p.i].indent <= indent {
				return nil
			}
			if p.isEntry(p.i) {
				val = p.sequence(p.lines[p.i].indent)
			} else {
				val = p.mapping(p.lines[p.i].indent)
			}
		} else {
			if v != k+2 {
				return nil // goccy places a value after more spaces elsewhere
			}
			val = p.scalar(l, v)
			p.i++
			if p.i < len(p.lines) && p.lines[p.i].indent > indent {
				return nil // a scalar continued on the next line
			}
		}
		if val == nil {
			return nil
		}
		values = append(values, p.mappingValue(colon, key, val))
	}
	if len(values) == 0 {
		return nil
	}
	// As ast.Mapping makes it, but for a copy of values.
	return &ast.MappingNode{BaseNode: alloc(&p.bases, ast.BaseNode{}), Start: values[0].Start, Values: values}
}

// sequence reads the block list whose dashes are indent bytes into their
// lines, from line p.i on.
func (p *fastParser) sequence(indent int) ast.Node {
	if !p.enter() {
		return nil
	}
	defer p.leave()
	var seq *ast.SequenceNode
	for p.i < len(p.lines) && p.lines[p.i].indent == indent && p.isEntry(p.i) {
		l := &p.lines[p.i]
		dash := l.start + l.indent
		tk := token.SequenceEntry("-", p.pos(l, dash))
		if seq == nil {
			seq = ast.Sequence(tk, false)
		}
		v := dash + 1
		for v < l.end && p.src[v] == ' ' {
			v++
		}
		if v == l.end || p.src[v] == '#' {
			return nil // the item on the lines below, or a null
		}
		var val ast.Node
		switch {
		case p.startsMapping(l, v):
			// "- key: value": a mapping whose keys line up with this one,
			// read as if this line were indented to it.
			l.indent = v - l.start
			val = p.mapping(l.indent)
		case p.src[v] == '-' && v+1 < l.end && p.src[v+1] == ' ':
			// "- - item": a list in a list, the same way.
			l.indent = v - l.start
			val = p.sequence(l.indent)
		case v != dash+2:
			return nil
		default:
			val = p.scalar(l, v)
			p.i++
		}
		if val == nil || p.i < len(p.lines) && p.lines[p.i].indent > indent {
			return nil // a scalar continued, or a line out of place
		}
		seq.Values = append(seq.Values, val)
	}
	if seq == nil {
		return nil
	}
	return seq
}

// enter counts a collection opened; one nested deeper than MaxDepth (such
// as "- - - ..." on one long line) is left to goccy, as the parser's
// recursion would otherwise be as deep as the file is long.
func (p *fastParser) enter() bool {
	p.depth++
	return p.depth <= MaxDepth
}

func (p *fastParser) leave() { p.depth-- }

// startsMapping reports whether the text at offset v of line l is a plain
// key followed by ':' and a space or the end of the line.
func (p *fastParser) startsMapping(l *fastLine, v int) bool {
	k := v
	for k < l.end && keyByte(p.src[k]) {
		k++
	}
	return k > v && k < l.end && p.src[k] == ':' && (k+1 == l.end || p.src[k+1] == ' ')
}

// keyByte is a byte of the plain keys this parser reads.
func keyByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}

// scalar reads the scalar starting at offset v of line l and running to
// the end of the line (or a comment).
func (p *fastParser) scalar(l *fastLine, v int) ast.Node {
	switch p.src[v] {
	case '"':
		s, end, ok := doubleQuoted(p.str[v:l.end])
		if !ok || !restIsComment(p.src[v+end:l.end]) {
			return nil
		}
		return p.text(p.quoted(token.DoubleQuoteType, s, p.pos(l, v)))
	case '\'':
		s, end, ok := singleQuoted(p.str[v:l.end])
		if !ok || !restIsComment(p.src[v+end:l.end]) {
			return nil
		}
		return p.text(p.quoted(token.SingleQuoteType, s, p.pos(l, v)))
	}
	if strings.IndexByte("-?:,[]{}#&*!|>%@`", p.src[v]) >= 0 {
		return nil // an indicator: goccy's to read
	}
	text := p.src[v:l.end]
	if i := bytes.Index(text, []byte(" #")); i >= 0 {
		text = text[:i]
	}
	if len(text) == 0 || text[len(text)-1] == ' ' {
		return nil // goccy places a scalar with spaces after it elsewhere
	}
	if bytes.Contains(text, []byte(": ")) || text[len(text)-1] == ':' {
		return nil
	}
	s := p.str[v : v+len(text)]
	tk := p.token(s, p.pos(l, v))
	switch tk.Type {
	case token.StringType:
		return p.text(tk)
	case token.IntegerType:
		return ast.Integer(tk)
	case token.BoolType:
		return ast.Bool(tk)
	}
	return nil // null, floats, infinities and other numbers are for goccy
}

// restIsComment reports whether what follows a quoted scalar on its line
// is only spaces, and maybe a comment after them.
func restIsComment(rest []byte) bool {
	t := bytes.TrimLeft(rest, " ")
	return len(t) == 0 || t[0] == '#' && len(t) < len(rest)
}

// doubleQuoted decodes the double-quoted scalar at the start of b, on one
// line, with the escapes \n, \t, \", \\ and \/ only. end is the offset just
// after the closing quote.
func doubleQuoted(b string) (s string, end int, ok bool) {
	var out []byte
	for i := 1; i < len(b); i++ {
		switch c := b[i]; c {
		case '"':
			if out == nil {
				return b[1:i], i + 1, true
			}
			return string(out), i + 1, true
		case '\\':
			if out == nil {
				out = append(make([]byte, 0, len(b)), b[1:i]...)
			}
			if i+1 == len(b) {
				return "", 0, false
			}
			i++
			switch b[i] {
			case 'n':
				out = append(out, '\n')
			case 't':
				out = append(out, '\t')
			case '"', '\\', '/':
				out = append(out, b[i])
			default:
				return "", 0, false
			}
		default:
			if out != nil {
				out = append(out, c)
			}
		}
	}
	return "", 0, false
}

// singleQuoted decodes the single-quoted scalar at the start of b, on one
// line (” is a quote).
func singleQuoted(b string) (s string, end int, ok bool) {
	var out []byte
	for i := 1; i < len(b); i++ {
		if b[i] != '\'' {
			if out != nil {
				out = append(out, b[i])
			}
			continue
		}
		if i+1 < len(b) && b[i+1] == '\'' {
			if out == nil {
				out = append(make([]byte, 0, len(b)), b[1:i]...)
			}
			out = append(out, '\'')
			i++
			continue
		}
		if out == nil {
			return b[1:i], i + 1, true
		}
		return string(out), i + 1, true
	}
	return "", 0, false
}
