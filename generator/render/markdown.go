package render

import (
	"net/url"
	"strings"
)

// inlineEscaper makes plain text literal in Markdown: every character that
// could start emphasis, a link, a table cell, raw HTML, an entity or a Hugo
// shortcode is backslash-escaped (CommonMark allows escaping any ASCII
// punctuation), and line breaks become spaces so a value stays in its cell.
var inlineEscaper = strings.NewReplacer(
	`\`, `\\`, "`", "\\`", `*`, `\*`, `_`, `\_`, `[`, `\[`, `]`, `\]`,
	`<`, `\<`, `>`, `\>`, `!`, `\!`, `|`, `\|`, `&`, `\&`, `~`, `\~`,
	`#`, `\#`, `{`, `\{`, `}`, `\}`, `$`, `\$`,
	"\r\n", " ", "\n", " ", "\r", " ", "\t", " ",
)

// Text escapes plain text for use inline in Markdown.
func Text(s string) string { return inlineEscaper.Replace(strings.TrimSpace(s)) }

// Markdown passes author-written Markdown through, neutralising only what
// would reach Hugo itself rather than the Markdown renderer: shortcode
// delimiters. Raw HTML needs nothing here because Hugo's Markdown renderer
// drops it (unsafe is off).
func Markdown(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	return strings.ReplaceAll(s, "{{", "&#123;&#123;")
}

// Quote renders Markdown as the body of a blockquote (an admonition).
func Quote(s string) string {
	lines := strings.Split(Markdown(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight("> "+l, " ")
	}
	return strings.Join(lines, "\n")
}

// Link renders a Markdown link to an external address. The address was
// validated as http(s); characters that could end the destination early are
// percent-encoded.
func Link(text, href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return Text(text)
	}
	dest := strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E").Replace(u.String())
	return "[" + Text(text) + "](" + dest + ")"
}
