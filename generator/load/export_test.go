package load

import (
	"fmt"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// Trees returns the tree of data as goccy parses it and as fastParse does
// (nil if it leaves the file to goccy), each written out as the decoder
// reads it: node kinds, positions (d.pos) and values.
func Trees(data []byte) (goccy string, goccyOK bool, fast string, fastOK bool) {
	d := &decoder{file: "f"}
	if _, _, deep := tooDeep(data); deep {
		return // decodeFile refuses these before parsing
	}
	if f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey()); err == nil && len(f.Docs) == 1 && f.Docs[0].Start == nil && f.Docs[0].Body != nil {
		var b strings.Builder
		dumpTree(&b, d, f.Docs[0].Body)
		goccy, goccyOK = b.String(), true
	}
	if n := fastParse(data); n != nil {
		var b strings.Builder
		dumpTree(&b, d, n)
		fast, fastOK = b.String(), true
	}
	return goccy, goccyOK, fast, fastOK
}

func dumpTree(b *strings.Builder, d *decoder, n ast.Node) {
	p := d.pos(n)
	fmt.Fprintf(b, "%T %v %d:%d", n, n.Type(), p.Line, p.Col)
	switch n := n.(type) {
	case *ast.MappingNode:
		fmt.Fprintf(b, " flow=%v {\n", n.IsFlowStyle)
		for _, kv := range n.Values {
			dumpTree(b, d, kv.Key)
			b.WriteString(" => ")
			dumpTree(b, d, kv.Value)
		}
		b.WriteString("}\n")
	case *ast.SequenceNode:
		fmt.Fprintf(b, " flow=%v [\n", n.IsFlowStyle)
		for _, v := range n.Values {
			dumpTree(b, d, v)
		}
		b.WriteString("]\n")
	case *ast.BoolNode:
		fmt.Fprintf(b, " %q %v\n", n.GetToken().Value, n.Value)
	case *ast.IntegerNode:
		fmt.Fprintf(b, " %q %v\n", n.GetToken().Value, n.Value)
	default:
		s, ok := scalar(n)
		fmt.Fprintf(b, " %q %v\n", s, ok)
	}
}
