package docusaurus

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

// Docusaurus admonitions are a container syntax of its own (remark-directive),
// not Markdown: goldmark reads ":::warning" as a paragraph. So they are turned,
// line by line and before parsing, into the GitHub alerts this site renders
// (> [!WARNING] Title). Every line stays on its line, so the positions of
// everything after an admonition still point into the original file.
//
// Both title forms: Docusaurus 2 ":::note Title" and Docusaurus 3
// ":::note[Title]". The opening fence may be longer than three colons, for
// nesting; the closing fence has as many.
var admonitionOpen = regexp.MustCompile(`^(\s*)(:{3,})([A-Za-z]*)\s*(?:\[(.*)\]|(.*?))\s*$`)

// boxAlert maps a Docusaurus admonition keyword to the alert name that the
// site renders, through the one table of box kinds. Docusaurus 2 also knew
// "caution" (its warning box, renamed in 3) and "important" (shown as info).
func boxAlert(keyword string) (string, bool) {
	switch strings.ToLower(keyword) {
	case "caution":
		keyword = "warning"
	case "important":
		keyword = "info"
	}
	for _, k := range model.BoxKinds {
		if strings.EqualFold(k.Key, keyword) {
			return k.Alert, true
		}
	}
	return "", false
}

// admonitions rewrites the admonitions of lines in place. pos gives the
// position of a line (0-based index) for findings.
func admonitions(lines []string, pos func(line, col int) diag.Pos, ds *diag.List) {
	type open struct {
		fence string
		line  int
	}
	var stack []open
	inFence := ""
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		if inFence == "" && len(stack) == 0 {
			if f := codeFence(l); f != "" {
				inFence = f
				continue
			}
		} else if inFence != "" {
			if strings.HasPrefix(strings.TrimSpace(l), inFence) {
				inFence = ""
			}
			continue
		}
		prefix := strings.Repeat("> ", len(stack))
		m := admonitionOpen.FindStringSubmatch(l)
		switch {
		case m != nil && m[3] == "" && len(stack) > 0 && m[2] == stack[len(stack)-1].fence && m[4] == "" && m[5] == "":
			// The closing fence: a blank line ends the blockquote.
			stack = stack[:len(stack)-1]
			lines[i] = strings.Repeat("> ", len(stack))
		case m != nil && m[3] != "":
			alert, ok := boxAlert(m[3])
			if !ok {
				ds.Add(diag.Errorf(pos(i, len(m[1])+len(m[2])+1), "unknown admonition %q", m[3]).
					Fix("use one of note, tip, info, warning, danger"))
				alert = "NOTE"
			}
			title := m[4]
			if title == "" {
				title = m[5]
			}
			lines[i] = strings.TrimRight(fmt.Sprintf("%s> [!%s] %s", prefix, alert, strings.TrimSpace(title)), " ")
			stack = append(stack, open{m[2], i})
		case len(stack) > 0:
			lines[i] = strings.TrimRight(prefix+strings.TrimLeft(l, " \t"), " ")
			if f := codeFence(l); f != "" {
				// A code block inside a box stays whole.
				for i+1 < len(lines) {
					i++
					lines[i] = strings.TrimRight(prefix+lines[i], " ")
					if strings.HasPrefix(strings.TrimSpace(strings.TrimPrefix(lines[i], prefix)), f) {
						break
					}
				}
			}
		}
	}
	for _, o := range stack {
		ds.Add(diag.Errorf(pos(o.line, 1), "admonition opened here is never closed").
			Fix("end it with a line of " + o.fence))
	}
}

// codeFence returns the fence a line opens (``` or ~~~), or "".
func codeFence(l string) string {
	t := strings.TrimLeft(l, " ")
	if len(l)-len(t) > 3 {
		return ""
	}
	for _, f := range []string{"```", "~~~"} {
		if strings.HasPrefix(t, f) {
			return f
		}
	}
	return ""
}
