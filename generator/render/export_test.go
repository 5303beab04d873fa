package render

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"text/template"
)

// pageTemplate is the text/template a page was written with before
// drawPage (testdata/page.md.tmpl), kept as the oracle drawPage must
// agree with byte for byte.
var pageTemplate = template.Must(template.New("page.md.tmpl").
	Funcs(template.FuncMap{"text": Text, "repeat": func(n int, s string) string { return strings.Repeat(s, n) }}).
	ParseFiles("testdata/page.md.tmpl"))

// byTemplate is the page v as the template writes it.
func byTemplate(v *pageView) ([]byte, error) {
	var b bytes.Buffer
	err := pageTemplate.Execute(&b, *v)
	return b.Bytes(), err
}

// DrawAgainstTemplate has every page rendered until restore is called drawn
// by the template too; differ names the pages (by their front matter's
// first line after the title, which is enough to find them) whose bytes
// differ, before tidy, and counts the pages compared.
func DrawAgainstTemplate() (differ func() ([]string, int), restore func()) {
	var mu sync.Mutex
	var bad []string
	n := 0
	draw = func(b *bytes.Buffer, v *pageView) {
		drawPage(b, v)
		want, err := byTemplate(v)
		mu.Lock()
		defer mu.Unlock()
		n++
		if err != nil || !bytes.Equal(b.Bytes(), want) {
			first, _, _ := strings.Cut(v.FrontMatter, "\n")
			bad = append(bad, fmt.Sprintf("%s (template error %v)", first, err))
		}
	}
	return func() ([]string, int) {
			mu.Lock()
			defer mu.Unlock()
			return bad, n
		}, func() {
			draw = drawPage
		}
}
