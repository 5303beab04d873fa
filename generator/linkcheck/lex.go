package linkcheck

import (
	stdhtml "html"

	lexinput "github.com/tdewolff/parse/v2"
	"github.com/tdewolff/parse/v2/html"
)

// attribute is one attribute of a start tag, of checkedAttrs: its key in
// lower case and its value with character references decoded.
type attribute struct {
	Key, Val string
}

// lexTags calls tag for every start tag of the HTML document b, with the
// tag's name in lower case and its attributes of checkedAttrs, and style
// with the text of every <style> element. It accepts any input, as a
// browser does. b is lexed in place: its tag and attribute names are
// lowered.
//
// tdewolff's lexer rather than golang.org/x/net/html's tokenizer: the link
// check reads every byte the build writes (at 10,000 plans, 750 MB of
// HTML), and that tokenizer copies every tag name and attribute it returns
// (bytes.ReplaceAll, which always allocates); this lexer returns slices of
// b. The check's tests hold it to x/net/html's tokens on the same input.
func lexTags(b []byte, tag func(name string, attrs []attribute), style func(css []byte)) {
	input := lexinput.NewInputBytes(b)
	defer input.Restore() // it writes a NUL after b, in b's capacity
	lexer := html.NewLexer(input)
	var attrs []attribute // the current tag's, of checkedAttrs, reused
	var name string
	inStyle := false
	for {
		tt, data := lexer.Next()
		switch tt {
		case html.ErrorToken:
			return // io.EOF; a tag cut off by the end is no tag, as in a browser
		case html.StartTagToken:
			name, attrs = string(lexer.Text()), attrs[:0]
		case html.AttributeToken: // only ever after a StartTagToken
			if checkedAttrs[string(lexer.AttrKey())] {
				attrs = append(attrs, attribute{Key: string(lexer.AttrKey()), Val: attrValue(lexer.AttrVal())})
			}
		case html.StartTagCloseToken, html.StartTagVoidToken:
			tag(name, attrs)
			inStyle = name == "style" && tt == html.StartTagCloseToken
		case html.TextToken:
			if inStyle {
				style(data)
			}
			inStyle = false
		case html.EndTagToken:
			inStyle = false
		case html.SVGToken, html.MathToken, html.XMLToken:
			// The lexer returns an inline <svg> or <math> element whole
			// ("<svg ...>...</svg>", its name lowered). Its tags and
			// attributes read as in HTML, so lex it again, renamed (the
			// last letter of its name) so that it is not returned whole
			// once more.
			foreign := string(lexer.Text())
			renamed := foreign[:len(foreign)-1] + "_"
			data[len(foreign)] = '_'
			lexTags(data, func(n string, a []attribute) {
				if n == renamed {
					n = foreign
				}
				tag(n, a)
			}, style)
		}
	}
}

// attrValue is an attribute's value as a browser reads it: without its
// quotes, its character references decoded.
func attrValue(v []byte) string {
	if n := len(v); n >= 2 && (v[0] == '"' || v[0] == '\'') && v[n-1] == v[0] {
		v = v[1 : n-1]
	} else if n >= 1 && (v[0] == '"' || v[0] == '\'') {
		v = v[1:] // unterminated at the end of the input
	}
	return stdhtml.UnescapeString(string(v))
}
