package render

import (
	"net/url"
	"regexp"
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
// would reach Hugo itself rather than the Markdown renderer: the shortcode
// delimiters {{< and {{%, which validation rejects; this is the second line
// of defence. Plain {{ is left alone, so code showing it stays intact. Raw
// HTML needs nothing here because Hugo's Markdown renderer drops it (unsafe
// is off), and validation rejects it too.
func Markdown(s string) string {
	s = strings.ReplaceAll(strings.TrimSpace(s), "\r\n", "\n")
	return shortcodeEscaper.Replace(s)
}

var shortcodeEscaper = strings.NewReplacer("{{<", "&#123;&#123;<", "{{%", "&#123;&#123;%")

var atxHeading = regexp.MustCompile(`^ {0,3}(#{1,6})([ \t]|$)`)

// Nested is Markdown placed under a heading of the given level: its own
// headings move below that level, so an author's "# Risks" inside a section
// cannot break the page outline or the table of contents. Headings that would
// sink past level 6 become bold lines.
func Nested(s string, level int) string {
	lines := strings.Split(Markdown(s), "\n")
	fence := ""
	for i, l := range lines {
		t := strings.TrimLeft(l, " ")
		if fence == "" && (strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~")) {
			fence = t[:3]
			continue
		}
		if fence != "" {
			if strings.HasPrefix(t, fence) {
				fence = ""
			}
			continue
		}
		m := atxHeading.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		text := strings.TrimSpace(strings.TrimRight(strings.TrimSpace(l[len(m[0]):]), "#"))
		if n := level + len(m[1]); n <= 6 {
			lines[i] = strings.Repeat("#", n) + " " + text
		} else {
			lines[i] = "**" + text + "**"
		}
	}
	return strings.Join(lines, "\n")
}

// Quote renders Markdown as the body of a blockquote (an admonition).
func Quote(s string) string {
	lines := strings.Split(Markdown(s), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight("> "+l, " ")
	}
	return strings.Join(lines, "\n")
}

var destEscaper = strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E")

// Link renders a Markdown link to an external address. The address was
// validated as http(s); characters that could end the destination early are
// percent-encoded.
func Link(text, href string) string {
	u, err := url.Parse(href)
	if err != nil {
		return Text(text)
	}
	dest := destEscaper.Replace(u.String())
	return "[" + Text(text) + "](" + dest + ")"
}
