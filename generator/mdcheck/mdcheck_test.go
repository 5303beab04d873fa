package mdcheck

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// want is one expected problem: substrings of its message and hint, and
// where it is.
type want struct {
	line, col int
	msg, hint string
}

const (
	html      = "raw HTML"
	hHTML     = `write \< to show a literal '<'`
	scheme    = "has a scheme the portal does not allow"
	hScheme   = "link to an http(s) address or a site path"
	remote    = "is loaded from outside the portal"
	hRemote   = "put the image under static/"
	shortcode = "Hugo shortcode syntax"
	hShort    = "write it as {{ < (with a space)"
	setext    = "underlined (setext) heading"
	hSetext   = "write it as '# Title'"
	hFence    = "close it with a line"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name string
		md   string
		want []want
	}{
		// Raw HTML, inline and block.
		{"block tag", "<div>", []want{{1, 1, `raw HTML "<div>" is not allowed`, hHTML}}},
		{"inline tag", "some <b>bold</b> text", []want{{1, 6, `"<b>"`, hHTML}, {1, 13, `"</b>"`, hHTML}}},
		{"block comment", "<!-- note -->", []want{{1, 1, `raw HTML "<!-- note -->"`, hHTML}}},
		{"inline comment", "a <!-- c --> b", []want{{1, 3, `"<!-- c -->"`, hHTML}}},
		{"processing instruction", "a <?php echo 1 ?> b", []want{{1, 3, `"<?php echo 1 ?>"`, hHTML}}},
		{"block processing instruction", "<?php x ?>", []want{{1, 1, `"<?php x ?>"`, hHTML}}},
		{"declaration", "<!DOCTYPE html>", []want{{1, 1, `"<!DOCTYPE html>"`, hHTML}}},
		{"cdata", "a <![CDATA[x]]> b", []want{{1, 3, `"<![CDATA[x]]>"`, hHTML}}},
		{"tag split over lines, block", "<div\nclass=x>\n</div>", []want{{1, 1, `"<div"`, hHTML}}},
		{"tag split over lines, inline", "x <span\nclass=x>y", []want{{1, 3, `"<span\nclass=x>"`, hHTML}}},
		{"script at end of line", "Text.\n<script\nalert(1)\n</script>", []want{{2, 1, `"<script"`, hHTML}}},
		{"self-closing", "a <br/> b", []want{{1, 3, `"<br/>"`, hHTML}}},
		{"tag with attribute", `<a href="x">`, []want{{1, 1, `"<a href=\"x\">"`, hHTML}}},
		{"in table cell", "| a | b |\n|---|---|\n| <i>x</i> | y |", []want{{3, 3, `"<i>"`, hHTML}, {3, 7, `"</i>"`, hHTML}}},
		{"in link text", "[<b>](x)", []want{{1, 2, `"<b>"`, hHTML}}},
		{"after multibyte text", "é <b>", []want{{1, 3, `"<b>"`, hHTML}}},
		{"indented, trimmed as rendered", "    <div>", []want{{1, 5, `"<div>"`, hHTML}}},
		{"after CRLF", "a\r\n<div>", []want{{2, 1, `"<div>"`, hHTML}}},
		{"long tag is clipped", `<span title="` + strings.Repeat("x", 60) + `">`, []want{{1, 1, `xxx…"`, hHTML}}},

		// Link and image schemes.
		{"javascript link", "[x](javascript:alert(1))", []want{{1, 1, `link "javascript:alert(1)" has a scheme the portal does not allow`, hScheme}}},
		{"upper case", "see [x](JavaScript:alert(1))", []want{{1, 5, scheme, hScheme}}},
		{"vbscript", "[x](vbscript:msgbox)", []want{{1, 1, scheme, hScheme}}},
		{"data link", "[x](data:text/html,hi)", []want{{1, 1, scheme, hScheme}}},
		{"file link", "[x](file:///etc/passwd)", []want{{1, 1, scheme, hScheme}}},
		{"leading space", "[x]( javascript:x)", []want{{1, 1, scheme, hScheme}}},
		{"leading control", "[x](<&#1;javascript:x>)", []want{{1, 1, `reads as "javascript:"`, hScheme}}},
		{"hex entity", "[x](jav&#x61;script:alert(1))", []want{{1, 1, `link "jav&#x61;script:alert(1)" has a scheme the portal does not allow (it reads as "javascript:")`, hScheme}}},
		{"decimal entity", "[x](&#106;avascript:x)", []want{{1, 1, `reads as "javascript:"`, hScheme}}},
		{"named entity colon", "[x](javascript&colon;x)", []want{{1, 1, `reads as "javascript:"`, hScheme}}},
		{"entity newline inside", "[x](java&NewLine;script:x)", []want{{1, 1, `reads as "javascript:"`, hScheme}}},
		{"tab inside pointy", "[x](<java\tscript:x>)", []want{{1, 1, `reads as "javascript:"`, hScheme}}},
		{"reference link", "see [x][r]\n\n[r]: javascript:alert(1)", []want{{1, 5, `link "javascript:alert(1)"`, hScheme}}},
		{"shortcut reference", "[r]\n\n[r]: <vbscript:x>", []want{{1, 1, scheme, hScheme}}},
		{"autolink", "go <javascript:alert(1)>", []want{{1, 4, `link "javascript:alert(1)"`, hScheme}}},
		{"tel autolink", "<tel:123>", []want{{1, 1, scheme, hScheme}}},
		{"empty link text", "a [](javascript:x)", []want{{1, 3, scheme, hScheme}}},
		{"in footnote", "x[^1]\n\n[^1]: see [a](vbscript:x)", []want{{3, 11, scheme, hScheme}}},
		{"data image", "![x](data:image/png;base64,AAAA)", []want{{1, 1, `image "data:image/png;base64,AAAA" has a scheme`, hScheme}}},

		// Images from outside the portal.
		{"https image", "![flow](https://example.org/flow.png)", []want{{1, 1, `image "https://example.org/flow.png" is loaded from outside the portal`, hRemote}}},
		{"http image upper case", "x ![f](HTTP://e/f.png)", []want{{1, 3, remote, hRemote}}},
		{"protocol-relative image", "![f](//cdn.example.org/f.png)", []want{{1, 1, remote, hRemote}}},
		{"backslash host image", `![f](/\cdn.example.org/f.png)`, []want{{1, 1, remote, hRemote}}},
		{"brackets in alt", "text\n![a [b] c](https://e/x.png)", []want{{2, 1, remote, hRemote}}},
		{"reference image", "![r][]\n\n[r]: https://e/x.png", []want{{1, 1, remote, hRemote}}},
		{"image in link", "[![i](https://e/i.png)](/x/)", []want{{1, 2, remote, hRemote}}},

		// Hugo shortcodes, code included.
		{"shortcode", "{{< figure src=x >}}", []want{{1, 1, `Hugo shortcode syntax "{{<" is not allowed in plan text`, hShort}}},
		{"markdown shortcode", "a {{% note %}}", []want{{1, 3, `"{{%"`, hShort}}},
		{"shortcode in code span", "`{{< x >}}`", []want{{1, 2, `"{{<"`, hShort}}},
		{"shortcode in fenced code", "```\nx {{% y %}}\n```", []want{{2, 3, `"{{%"`, hShort}}},
		{"shortcode in indented code", "para\n\n    {{< y >}}", []want{{3, 5, `"{{<"`, hShort}}},
		{"triple brace", "{{{<", []want{{1, 2, `"{{<"`, hShort}}},

		// Setext headings.
		{"setext =", "Title\n===", []want{{1, 1, `underlined (setext) heading "Title" is not supported`, hSetext}}},
		{"setext -", "Intro\n\nTitle\n---\nmore", []want{{3, 1, `heading "Title"`, hSetext}}},
		{"setext two lines", "One\nTwo\n===", []want{{1, 1, `heading "One Two"`, hSetext}}},
		{"setext hash without space", "#foo\n---", []want{{1, 1, `heading "#foo"`, hSetext}}},
		{"setext indented", "   Title\n===", []want{{1, 4, `heading "Title"`, hSetext}}},
		{"setext in list", "- Title\n  ---", []want{{1, 3, `heading "Title"`, hSetext}}},
		{"setext in quote", "> Title\n> ===", []want{{1, 3, `heading "Title"`, hSetext}}},

		// Unclosed code fences run to the end of the value.
		{"unclosed fence", "Intro\n\n```\ncode\n\nMore text.", []want{{3, 1, "code fence \"```\" is never closed", hFence}}},
		{"unclosed tilde fence", "~~~~ go\nx", []want{{1, 1, `"~~~~"`, hFence}}},
		{"unclosed empty fence", "```", []want{{1, 1, "\"```\"", hFence}}},
		{"unclosed fence in a list", "- a\n\n  ```\n  x", []want{{3, 3, "\"```\"", hFence}}},
		{"closed by a longer fence", "```\nx\n````", nil},
		{"closed at the end without newline", "```\nx\n```", nil},
		{"closed then blank lines", "```\nx\n```\n\n", nil},
		{"shorter fence does not close", "````\nx\n```", []want{{1, 1, "\"````\"", hFence}}},

		// Heading ids: made from the text, never written.
		{"explicit heading id", "Intro\n\n## Plan {#Main}", []want{{3, 1, `heading id "Main" written as {#Main}`, "remove {#Main}"}}},
		{"explicit task anchor", "# T {#task-planning}", []want{{1, 1, `heading id "task-planning"`, "remove"}}},
		{"braces that are no attribute", "# Set {a, b}", nil},

		// Invisible controls.

		// Several, in source order.
		{"source order", "![i](https://e/i.png) <b>\n{{< x >}}", []want{
			{1, 1, remote, hRemote}, {1, 23, html, hHTML}, {2, 1, shortcode, hShort}}},

		// Not problems.
		{"less than", "a < b", nil},
		{"less than no space", "a<b and x<y", nil},
		{"heart", "<3", nil},
		{"escaped tag", `\<b>`, nil},
		{"entity tag", "&lt;b&gt;", nil},
		{"tag in code span", "`<b>`", nil},
		{"fenced code with div", "```html\n<div>\n</div>\n```", nil},
		{"indented code with tag", "para\n\n    <div>", nil},
		{"autolink https", "<https://example.org>", nil},
		{"autolink email", "<qa@example.org>", nil},
		{"autolink mailto", "<mailto:qa@example.org>", nil},
		{"mailto link", "[mail](mailto:qa@example.org)", nil},
		{"https link", "[x](https://example.org/a?b=c#d)", nil},
		{"http link upper", "[x](HTTP://example.org)", nil},
		{"protocol-relative link", "[x](//example.org/x)", nil},
		{"site path image", "![flow](/img/flow.png)", nil},
		{"relative image", "![flow](img/flow.png)", nil},
		{"relative link", "[GP-009](../GP-009/)", nil},
		{"site path link", "[GP-009](/records/GP-009/)", nil},
		{"fragment link", "[x](#risks)", nil},
		{"colon after path", "[x](/a:b)", nil},
		{"empty destination", "[x]()", nil},
		{"nul entity is not stripped", "[x](&#0;javascript:x)", nil},
		{"backslash escape is not a scheme", `[x](\javascript:x)`, nil},
		{"braces in code", "`{{ x }}` and {{ .Title }}", nil},
		{"spaced shortcode", "{{ < x > }}", nil},
		{"atx heading", "# Title\n\n## Sub ##", nil},
		{"atx heading then rule", "# Title\n---", nil},
		{"empty atx heading", "#", nil},
		{"thematic break after blank line", "Text\n\n---\n\nMore", nil},
		{"rule of stars", "Text\n***", nil},
		{"table", "| a | b |\n|---|---|\n| 1 | 2 |", nil},
		{"definition list", "Term\n: definition", nil},
		{"task list", "- [x] done\n- [ ] open", nil},
		{"plain text", "Plain *emphasis* and **strong** ~~strike~~.", nil},
		{"empty", "", nil},
		{"lrm is fine", "a\u200Fb", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Check(tt.md, nil)
			if len(got) != len(tt.want) {
				t.Fatalf("Check(%q, nil) = %d problems, want %d:\n%s", tt.md, len(got), len(tt.want), dump(got))
			}
			for i, w := range tt.want {
				g := got[i]
				if g.Line != w.line || g.Col != w.col ||
					!strings.Contains(g.Message, w.msg) || !strings.Contains(g.Hint, w.hint) {
					t.Errorf("Check(%q, nil)[%d] = %d:%d %q (hint %q)\nwant %d:%d message containing %q, hint containing %q",
						tt.md, i, g.Line, g.Col, g.Message, g.Hint, w.line, w.col, w.msg, w.hint)
				}
			}
		})
	}
}

func dump(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\t%d:%d %s | %s\n", p.Line, p.Col, p.Message, p.Hint)
	}
	return b.String()
}

func FuzzCheck(f *testing.F) {
	for _, s := range []string{
		"<div>", "a <b>x</b>", "[x](jav&#x61;script:1)", "![a [b] c](https://e/x.png)",
		"Title\n===", "```\n{{< x >}}\n```", "| a |\n|---|\n| <i> |", "\u202Ex\x00",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		lines := strings.Count(md, "\n") + 1
		start := time.Now()
		ps := Check(md, nil)
		// A slow input is a denial of service in a pull request (300 KB of
		// <b> once took 30 s); the bound is loose for a shared CI machine.
		if took := time.Since(start); took > 5*time.Second {
			t.Fatalf("slow input: %d bytes took %s", len(md), took)
		}
		for _, p := range ps {
			if p.Line < 1 || p.Col < 1 || p.Line > lines {
				t.Fatalf("Check(%q, nil): bad position %d:%d in %q", md, p.Line, p.Col, p.Message)
			}
			if p.Message == "" || p.Hint == "" {
				t.Fatalf("Check(%q, nil): empty message or hint: %+v", md, p)
			}
		}
	})
}

func TestSitePaths(t *testing.T) {
	site := func(p string) bool {
		return map[string]bool{"": true, "/records/GP-009": true, "/img/flow.png": true}[p]
	}
	for _, tc := range []struct {
		md   string
		want string // "" for no problem
	}{
		{"[GP-009](/records/GP-009/)", ""},
		{"[home](/)", ""},
		{"[sec](/records/GP-009/#details) and [q](/records/GP-009?x=1)", ""},
		{"![flow](/img/flow.png)", ""},
		{"[rel](../x/) and [ext](https://example.org/nowhere/)", ""},
		{"see\n[old](/records/GP-009/nowhere/)", `2:1 link "/records/GP-009/nowhere/" goes to no page or file of the portal`},
		{"![gone](/img/gone.png)", `1:1 image "/img/gone.png" goes to no page`},
	} {
		got := Check(tc.md, site)
		switch {
		case tc.want == "" && len(got) != 0:
			t.Errorf("%q: unexpected %v", tc.md, got)
		case tc.want != "" && (len(got) != 1 || !strings.Contains(fmt.Sprintf("%d:%d %s", got[0].Line, got[0].Col, got[0].Message), tc.want)):
			t.Errorf("%q: got %v, want %q", tc.md, got, tc.want)
		}
	}
}

// Headings are the ATX headings Hugo makes ids of, with their plain text:
// not code, not setext headings (refused by Check).
func TestHeadings(t *testing.T) {
	for _, c := range []struct {
		md, want string
	}{
		{"# One\n\ntext\n\n  ## Two *b* `c` ##", "1:1 One; 5:3 Two b c"},
		{"```\n# not\n```\nx\n===\n\n- # In a list", "7:3 In a list"},
		{"  # Trimmed", "1:3 Trimmed"},
		{"#hashtag", ""},
	} {
		var got []string
		for _, h := range Headings(c.md) {
			got = append(got, fmt.Sprintf("%d:%d %s", h.Line, h.Col, h.Text))
		}
		if s := strings.Join(got, "; "); s != c.want {
			t.Errorf("Headings(%q) = %q, want %q", c.md, s, c.want)
		}
	}
}
