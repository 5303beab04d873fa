package docusaurus

import (
	"encoding/json"
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/spf13/afero"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/yamlout"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// page converts a hand-written page: its front matter mapped to Hugo's,
// admonitions to boxes, MDX reported and taken out, relative links to
// other pages rewritten to the pages' site paths.
func (imp *importer) page(s *source) {
	file := imp.file(s.rel)
	ds := &imp.res.Diags
	b := parseBody(file, s.line, s.body, ds)
	imp.links(s, b)
	fm := yaml.MapSlice{}
	title := s.fm.str("title")
	lines := b.lines
	if len(b.parts) > 0 && b.parts[0].heading && b.parts[0].level == 1 {
		// Docusaurus shows a leading # heading as the title; Hugo's layout
		// shows the title itself.
		if title == "" {
			title = plain(b.parts[0].title)
		}
		if norm(title) == norm(b.parts[0].title) {
			lines = append(append([]string{}, lines[:b.parts[0].line]...), lines[b.parts[0].line+1:]...)
		}
	}
	if title == "" {
		title = path.Base(s.url)
	}
	fm = append(fm, yaml.MapItem{Key: "title", Value: title})
	for _, k := range sortedKeys(s.fm.vals) {
		v := s.fm.vals[k]
		switch k {
		case "title", "id":
		case "sidebar_label":
			fm = append(fm, yaml.MapItem{Key: "linkTitle", Value: v})
		case "sidebar_position":
			fm = append(fm, yaml.MapItem{Key: "weight", Value: v})
		case "description", "keywords", "draft":
			fm = append(fm, yaml.MapItem{Key: k, Value: v})
		case "slug":
		default:
			ds.Add(diag.Warnf(s.fm.pos(file, k), "front matter %q not carried over", k).
				Fix("this site has no such setting; drop it"))
		}
	}
	if u := "/" + strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(s.out, paths.Content+"/"), ".md"), "/_index"); u != s.url && s.url != "/" {
		// id or slug moved the page away from its file's path: url keeps
		// it at the old one (the sidebar still follows the file).
		fm = append(fm, yaml.MapItem{Key: "url", Value: s.url + "/"})
	}
	imp.res.Files = append(imp.res.Files, File{Path: s.out, From: file, What: "page " + s.url, Data: pageFile(fm, strings.Join(lines, "\n"))})
}

func pageFile(fm yaml.MapSlice, body string) []byte {
	y, _ := yamlout.Marshal(fm)
	return []byte("---\n" + string(y) + "---\n\n" + squeeze(body) + "\n")
}

// squeeze folds the blank lines that taking MDX out leaves into one,
// outside code blocks.
func squeeze(body string) string {
	var out []string
	fence := ""
	for _, l := range strings.Split(strings.TrimSpace(body), "\n") {
		switch {
		case fence != "":
			if strings.HasPrefix(strings.TrimSpace(l), fence) {
				fence = ""
			}
		case codeFence(l) != "":
			fence = codeFence(l)
		case strings.TrimSpace(l) == "" && len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "":
			continue
		}
		out = append(out, l)
	}
	return strings.Join(out, "\n")
}

// links rewrites the page's relative links to other pages of the tree (by
// file, .md or .mdx) to their site paths, which the site's link hook
// resolves; a link to a file the tree does not have is reported.
func (imp *importer) links(s *source, b *body) {
	src := []byte(strings.Join(b.lines, "\n"))
	doc := md.Parser().Parse(text.NewReader(src))
	starts := lineStarts(src)
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		l, ok := n.(*ast.Link)
		if !entering || !ok {
			return ast.WalkContinue, nil
		}
		dest := string(l.Destination)
		u, err := url.Parse(dest)
		if err != nil || u.Scheme != "" || u.Host != "" || u.Path == "" || strings.HasPrefix(u.Path, "/") {
			return ast.WalkContinue, nil
		}
		if !strings.HasSuffix(u.Path, ".md") && !strings.HasSuffix(u.Path, ".mdx") {
			return ast.WalkContinue, nil
		}
		line := lineOf(starts, max(nodeStart(l), 0))
		target := path.Join(path.Dir(s.rel), u.Path)
		t, ok := imp.byRel[target]
		if !ok {
			imp.res.Diags.Add(diag.Warnf(b.pos(line, 1), "link to %s: no such page in the tree", dest).
				Fix("correct the link, or import the page it names"))
			return ast.WalkContinue, nil
		}
		to := t.sitePath()
		if u.Fragment != "" {
			to += "#" + u.Fragment
		}
		for i := line; i < len(b.lines); i++ {
			if j := strings.Index(b.lines[i], "("+dest); j >= 0 {
				b.lines[i] = b.lines[i][:j+1] + to + b.lines[i][j+1+len(dest):]
				break
			}
		}
		return ast.WalkContinue, nil
	})
}

// sitePath is where a link to the page points after the import: the page
// Hugo finds at that path (a content page, or a generated record).
func (s *source) sitePath() string {
	switch s.kind {
	case "plan":
		return paths.PlanURL(strings.TrimSuffix(path.Base(s.out), ".yaml"))
	case "template":
		return s.url
	}
	return "/" + strings.TrimSuffix(strings.TrimSuffix(strings.TrimPrefix(s.out, paths.Content+"/"), ".md"), "/_index")
}

// category turns a _category_.json or _category_.yml into the directory's
// _index.md: label to title, position to weight. Docusaurus's generated
// index is what this site's list layout draws for every section.
func (imp *importer) category(fsys afero.Fs, rel string) {
	file := imp.file(rel)
	ds := &imp.res.Diags
	b, err := afero.ReadFile(fsys, file)
	if err != nil {
		ds.Add(diag.Errorf(fileStart(file), "%v", err).Fix("make the file readable"))
		return
	}
	var c map[string]any
	if strings.HasSuffix(rel, ".json") {
		err = json.Unmarshal(b, &c)
	} else {
		err = yaml.Unmarshal(b, &c)
	}
	if err != nil {
		ds.Add(diag.Errorf(fileStart(file), "%v", err).Fix("make it valid " + strings.TrimPrefix(path.Ext(rel), ".")))
		return
	}
	var segs []string
	for _, d := range strings.Split(path.Dir(rel), "/") {
		if d != "." {
			segs = append(segs, stripNumber(d))
		}
	}
	dir := strings.Join(segs, "/")
	if dir == paths.TemplatesSection || dir == paths.PlansSection {
		imp.res.Skipped = append(imp.res.Skipped, file+": the section's page is generated from data")
		return
	}
	out := path.Join(paths.Content, dir, "_index.md")
	for _, f := range imp.res.Files {
		if f.Path == out {
			ds.Add(diag.Warnf(fileStart(file), "the directory has an index page (%s); its label and position are not carried over", f.From).
				Fix("give that page linkTitle and weight in its front matter"))
			return
		}
	}
	label, _ := c["label"].(string)
	if label == "" {
		label = path.Base(dir)
	}
	fm := yaml.MapSlice{{Key: "title", Value: label}}
	if p, ok := c["position"].(float64); ok && p == float64(int(p)) {
		fm = append(fm, yaml.MapItem{Key: "weight", Value: int(p)})
	} else if p, ok := c["position"]; ok {
		fm = append(fm, yaml.MapItem{Key: "weight", Value: p})
	}
	body := ""
	for _, k := range sortedKeys(c) {
		switch k {
		case "label", "position", "collapsible", "collapsed":
			// The sidebar here is collapsed except along the current page.
		case "link":
			lk, _ := c[k].(map[string]any)
			switch lk["type"] {
			case "generated-index":
				if d, ok := lk["description"].(string); ok {
					body = d
				}
			default:
				ds.Add(diag.Warnf(fileStart(file), "link %v not carried over", c[k]).
					Fix("the section's page lists its children; put the linked page's text into _index.md"))
			}
		default:
			ds.Add(diag.Warnf(fileStart(file), "%q not carried over", k).Fix("this site has no such setting; drop it"))
		}
	}
	imp.res.Files = append(imp.res.Files, File{Path: out, From: file, What: fmt.Sprintf("section /%s", dir), Data: pageFile(fm, body)})
}
