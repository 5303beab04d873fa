package docusaurus

import (
	"regexp"
	"strings"

	"github.com/qmsplan/qmsplan/generator/diag"
)

// What MDX adds to Markdown has no meaning in Hugo: module lines, JSX
// components and JSX comments. None is carried over, and none silently:
// each is taken out of the page and reported where it stood, so a person
// can rewrite what it showed (a component's content is usually plain
// Markdown or a box). Docusaurus 3 reads .md files as MDX too, so both are
// scanned. Code blocks and code spans are left alone.
var (
	mdxModule  = regexp.MustCompile(`^(import|export)\s`)
	jsxTag     = regexp.MustCompile(`</?[A-Za-z][\w.]*(\s[^<>]*?)?/?>`)
	jsxComment = regexp.MustCompile(`\{/\*.*?\*/\}`)
)

// mdx removes the MDX constructs of lines in place and reports them.
func mdx(lines []string, pos func(line, col int) diag.Pos, ds *diag.List) {
	inFence := ""
	comment := -1 // the line a multi-line {/* */} comment opened on
	for i, l := range lines {
		if inFence != "" {
			if strings.HasPrefix(strings.TrimSpace(l), inFence) {
				inFence = ""
			}
			continue
		}
		if comment >= 0 {
			if end := strings.Index(l, "*/}"); end >= 0 {
				lines[i] = l[end+3:]
				comment = -1
			} else {
				lines[i] = ""
			}
			continue
		}
		if f := codeFence(l); f != "" {
			inFence = f
			continue
		}
		if mdxModule.MatchString(l) {
			ds.Add(diag.Warnf(pos(i, 1), "MDX %s line not carried over: %s", strings.Fields(l)[0], strings.TrimSpace(l)).
				Fix("Hugo has no modules; put what the imported component showed into the page as Markdown"))
			lines[i] = ""
			continue
		}
		l = replaceOutsideCode(l, jsxComment, func(col int, m string) string {
			ds.Add(diag.Warnf(pos(i, col), "MDX comment not carried over: %s", m).
				Fix("nothing to do if it was a note to authors; otherwise write it into the page as text"))
			return ""
		})
		if start := strings.Index(l, "{/*"); start >= 0 && !inCode(l, start) {
			ds.Add(diag.Warnf(pos(i, start+1), "MDX comment not carried over").
				Fix("nothing to do if it was a note to authors; otherwise write it into the page as text"))
			lines[i] = l[:start]
			comment = i
			continue
		}
		l = replaceOutsideCode(l, jsxTag, func(col int, m string) string {
			ds.Add(diag.Warnf(pos(i, col), "JSX or HTML tag %s not carried over", m).
				Fix("the portal renders Markdown only: write its content as Markdown (a box is > [!NOTE])"))
			return ""
		})
		lines[i] = l
	}
}

// replaceOutsideCode replaces the matches of re in l that are not in a code
// span, calling f with the 1-based column of each.
func replaceOutsideCode(l string, re *regexp.Regexp, f func(col int, m string) string) string {
	var b strings.Builder
	last := 0
	for _, m := range re.FindAllStringIndex(l, -1) {
		if inCode(l, m[0]) || isAutolink(l[m[0]:m[1]]) || m[0] > 0 && l[m[0]-1] == '\\' {
			continue
		}
		b.WriteString(l[last:m[0]])
		b.WriteString(f(m[0]+1, l[m[0]:m[1]]))
		last = m[1]
	}
	b.WriteString(l[last:])
	return b.String()
}

// inCode reports whether byte i of l is inside a `code span`.
func inCode(l string, i int) bool { return strings.Count(l[:i], "`")%2 == 1 }

// isAutolink tells <https://…> and <mail@…> (Markdown) from a tag.
func isAutolink(s string) bool {
	return strings.Contains(s, "://") || (strings.Contains(s, "@") && !strings.Contains(s, " "))
}
