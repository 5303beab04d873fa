package docusaurus

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"github.com/adrg/frontmatter"

	"github.com/qmsplan/qmsplan/generator/diag"
)

// frontMatter is a Docusaurus page's front matter with the line of each
// top-level key, for findings.
type frontMatter struct {
	vals map[string]any
	line map[string]int
}

func (f frontMatter) str(key string) string {
	switch v := f.vals[key].(type) {
	case string:
		return v
	case nil:
		return ""
	default:
		return fmt.Sprint(v)
	}
}

var fmKey = regexp.MustCompile(`^([A-Za-z_][\w-]*)\s*:`)

// readFrontMatter splits a page into its front matter and body, and gives
// the file's line number of the body's first line.
func readFrontMatter(file string, data []byte, ds *diag.List) (frontMatter, string, int) {
	fm := frontMatter{vals: map[string]any{}, line: map[string]int{}}
	rest, err := frontmatter.Parse(bytes.NewReader(data), &fm.vals)
	if err != nil {
		ds.Add(diag.Errorf(fileStart(file), "front matter: %v", err).
			Fix("make the block between the --- lines valid YAML"))
		return fm, string(data), 1
	}
	head := data[:len(data)-len(rest)]
	for i, l := range strings.Split(string(head), "\n") {
		if m := fmKey.FindStringSubmatch(l); m != nil {
			fm.line[m[1]] = i + 1
		}
	}
	return fm, string(rest), bytes.Count(head, []byte("\n")) + 1
}

func (f frontMatter) pos(file, key string) diag.Pos {
	return diag.Pos{File: file, Line: max(f.line[key], 1), Col: 1}
}
