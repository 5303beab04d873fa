// Package yamlout writes the YAML the generator produces, page front matter
// and new plan files, with goccy/go-yaml: the library that reads it back
// (the loader, and Hugo for front matter).
package yamlout

import (
	"errors"
	"strings"
	"unicode"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/printer"
	"github.com/goccy/go-yaml/token"
)

// Node returns v as a YAML tree, two spaces a level with list items indented
// under their key, for a caller to reorder or comment before Print.
func Node(v any) (ast.Node, error) {
	n, err := yaml.ValueToNode(v, yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return nil, err
	}
	ast.Walk(quoter{}, n)
	return n, nil
}

// Print returns the text of n, ending in a newline.
func Print(n ast.Node) []byte {
	var p printer.Printer
	b := p.PrintNode(n)
	if len(b) == 0 || b[len(b)-1] != '\n' {
		b = append(b, '\n')
	}
	return b
}

// Marshal returns v as YAML.
func Marshal(v any) ([]byte, error) {
	if b, err := fast(v); !errors.Is(err, errShape) {
		return b, err
	}
	return reference(v)
}

// reference is Marshal by goccy's encoder and printer: the output fast
// must match.
func reference(v any) ([]byte, error) {
	n, err := Node(v)
	if err != nil {
		return nil, err
	}
	return Print(n), nil
}

// quoter double-quotes the strings the encoder would write plain although a
// parser reads them back as something else.
type quoter struct{}

func (q quoter) Visit(n ast.Node) ast.Visitor {
	if s, ok := n.(*ast.StringNode); ok && misread(s.Value) {
		s.Token.Type = token.DoubleQuoteType // printed with strconv.Quote
	}
	return q
}

// misread reports text that goccy's encoder leaves plain but that does not
// read back as the same text: words YAML gives another type (.inf, .nan),
// a leading '?' (a mapping key), and control characters, tabs included,
// which goccy's parser drops from a plain scalar. A line break is among
// them: a quoted string keeps every line exactly, a literal block does not
// always.
func misread(s string) bool {
	if s == "" || s[0] == '"' {
		return false // the encoder quoted it already
	}
	return token.New(s, s, &token.Position{}).Type != token.StringType || s[0] == '?' ||
		strings.ContainsFunc(s, unicode.IsControl)
}
