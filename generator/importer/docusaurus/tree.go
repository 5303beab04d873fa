// Package docusaurus imports a Docusaurus docs tree into this site: record
// pages (R-009-001) become plan data under data/plans, hand-written pages
// become Hugo content at the same URLs, and a report says what each file
// became and what could not be carried over, at file:line:col.
//
// Nothing is written until every file has been read and checked, and an
// existing file is never overwritten (see Result.Apply).
package docusaurus

import (
	"io/fs"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// File is one file the import writes, relative to the site root.
type File struct {
	Path string `json:"path"`
	From string `json:"from"` // the Docusaurus file, relative to the tree
	What string `json:"what"` // "plan", "page", "section"
	Data []byte `json:"-"`
}

// Result is an import: what it would write and what it found.
type Result struct {
	Files   []File   `json:"files"`
	Skipped []string `json:"skipped,omitempty"` // Docusaurus files not carried over, with why
	Diags   diag.List
}

// source is one Markdown page of the tree.
type source struct {
	rel  string // relative to the tree, slash-separated
	data []byte
	fm   frontMatter
	body string
	line int    // the file's line of the body's first line
	url  string // its URL on the old portal
	out  string // its new path under content/, or under data/plans
	kind string // "plan", "template" or "page"
}

// numberPrefix is the ordering prefix Docusaurus drops from file and
// directory names ("01-intro"); like Docusaurus, not a date or a version
// ("2025-08-22-…", "1.0-…"): the prefix must not be followed by a digit.
var numberPrefix = regexp.MustCompile(`^\d+[-_.]\s*`)

func stripNumber(name string) string {
	if m := numberPrefix.FindString(name); m != "" && m != name && (name[len(m)] < '0' || name[len(m)] > '9') {
		return name[len(m):]
	}
	return name
}

// Import reads the Docusaurus docs tree at dir (on fsys) against the site's
// data (templates, statuses, roles). asOf dates what the import must make
// up (a missing author's signature). Findings name files as dir/rel.
func Import(fsys afero.Fs, dir string, data *model.Data, asOf model.Date) *Result {
	res := &Result{}
	for _, c := range []string{"docusaurus.config.js", "docusaurus.config.ts", "docusaurus.config.mjs"} {
		if ok, _ := afero.Exists(fsys, path.Join(dir, c)); ok {
			// Its src/, blog/ and node_modules/ are not docs, and every URL
			// would start with /docs.
			res.Diags.Add(diag.Errorf(fileStart(path.Join(dir, c)), "%s is a Docusaurus site, not its docs tree", dir).
				Fix("name the docs directory: " + path.Join(dir, "docs")))
			return res
		}
	}
	var pages []*source
	var cats []string
	err := afero.Walk(fsys, dir, func(p string, fi fs.FileInfo, err error) error {
		if err != nil {
			res.Diags.Add(diag.Errorf(fileStart(p), "%v", err).Fix("make the tree readable"))
			return nil
		}
		rel := strings.TrimPrefix(strings.TrimPrefix(filepath.ToSlash(p), filepath.ToSlash(dir)), "/")
		name := path.Base(rel)
		switch {
		case fi.IsDir():
			if strings.HasPrefix(name, "_") || strings.HasPrefix(name, ".") && rel != "" {
				res.Skipped = append(res.Skipped, path.Join(dir, rel)+"/: Docusaurus ignores it")
				return fs.SkipDir
			}
		case name == "_category_.json" || name == "_category_.yml" || name == "_category_.yaml":
			cats = append(cats, rel)
		case strings.HasSuffix(name, ".md") || strings.HasSuffix(name, ".mdx"):
			if strings.HasPrefix(name, "_") {
				res.Skipped = append(res.Skipped, path.Join(dir, rel)+": a partial (Docusaurus does not publish files starting with _)")
				return nil
			}
			b, err := afero.ReadFile(fsys, p)
			if err != nil {
				res.Diags.Add(diag.Errorf(fileStart(p), "%v", err).Fix("make the file readable"))
				return nil
			}
			pages = append(pages, &source{rel: rel, data: b})
		default:
			res.Diags.Add(diag.Warnf(fileStart(path.Join(dir, rel)), "file not carried over").
				Fix("copy it under static/ and link to it from there"))
		}
		return nil
	})
	if err != nil {
		res.Diags.Add(diag.Errorf(fileStart(dir), "%v", err).Fix("name a Docusaurus docs directory"))
		return res
	}
	// The templates this import adds join the site's for recognising
	// records; the caller's data is not changed.
	own := *data
	own.Templates = append([]*model.Template(nil), data.Templates...)
	imp := &importer{dir: dir, data: &own, asOf: asOf, res: res, byRel: map[string]*source{}}
	for _, s := range pages {
		imp.classify(s)
	}
	// Templates first: the records of this tree may be made from them.
	for _, s := range pages {
		if s.kind == "template" {
			imp.convert(s)
		}
	}
	for _, s := range pages {
		if s.kind != "template" {
			imp.convert(s)
		}
	}
	for _, c := range cats {
		imp.category(fsys, c)
	}
	sort.Slice(res.Files, func(i, j int) bool { return res.Files[i].Path < res.Files[j].Path })
	res.Diags.Sort()
	return res
}

// fileStart points a finding about a whole file at its first line, so that
// every entry of the report has file:line:col.
func fileStart(file string) diag.Pos { return diag.Pos{File: file, Line: 1, Col: 1} }

type importer struct {
	dir   string
	data  *model.Data
	asOf  model.Date
	res   *Result
	byRel map[string]*source
	pages []*source
}

func (imp *importer) file(rel string) string { return path.Join(imp.dir, rel) }

// classify reads a page's front matter and decides what it becomes and
// where: the URL Docusaurus gave it (file path without number prefixes,
// id and slug applied) is the URL it keeps.
func (imp *importer) classify(s *source) {
	file := imp.file(s.rel)
	s.fm, s.body, s.line = readFrontMatter(file, s.data, &imp.res.Diags)
	dir, name := path.Split(s.rel)
	name = strings.TrimSuffix(strings.TrimSuffix(name, ".mdx"), ".md")
	var segs []string
	for _, d := range strings.Split(strings.Trim(dir, "/"), "/") {
		if d != "" {
			segs = append(segs, stripNumber(d))
		}
	}
	name = stripNumber(name)
	fileURL := strings.Join(append(segs, name), "/")
	index := strings.EqualFold(name, "index") || strings.EqualFold(name, "readme") || (len(segs) > 0 && name == segs[len(segs)-1])
	if index {
		fileURL = strings.Join(segs, "/")
	}
	url := fileURL
	if id := s.fm.str("id"); id != "" && !index {
		url = strings.Join(append(segs, id), "/")
	}
	if slug := s.fm.str("slug"); slug != "" {
		if strings.HasPrefix(slug, "/") {
			url = strings.Trim(slug, "/")
		} else {
			url = strings.Join(append(segs, strings.Trim(slug, "/")), "/")
		}
	}
	s.url = "/" + url
	title := s.fm.str("title")
	low := strings.ToLower(name)
	switch {
	case strings.HasPrefix(low, "r-009-001") || strings.HasPrefix(title, "R-009-001"):
		// The file is named by the record; the URL it had (file path, id or
		// slug) is kept as an alias.
		s.kind = "plan"
		s.out = path.Join(paths.Plans, name+".yaml")
	case strings.HasPrefix(low, "t-009-001") || strings.HasPrefix(title, "T-009-001"):
		s.kind = "template"
	default:
		s.kind = "page"
		out := fileURL + ".md"
		if index {
			out = path.Join(fileURL, "_index.md")
		}
		s.out = path.Join(paths.Content, out)
	}
	imp.byRel[s.rel] = s
	imp.pages = append(imp.pages, s)
}

// convert turns one page into its file.
func (imp *importer) convert(s *source) {
	file := imp.file(s.rel)
	ds := &imp.res.Diags
	switch s.kind {
	case "template":
		imp.template(s)
	case "plan":
		b := parseBody(file, s.line, s.body, ds)
		slug := strings.TrimSuffix(path.Base(s.out), ".yaml")
		p := readRecord(b, s.fm, recordIn{data: imp.data, slug: slug, url: s.url, asOf: imp.asOf}, ds)
		if p == nil {
			return
		}
		for _, k := range sortedKeys(s.fm.vals) {
			switch k {
			case "title", "sidebar_label", "slug", "id", "sidebar_position":
			default:
				ds.Add(diag.Warnf(s.fm.pos(file, k), "front matter %q not carried over", k).
					Fix("a plan has no such key; drop it, or say it in a section"))
			}
		}
		y, err := PlanYAML(p, imp.data)
		if err != nil {
			ds.Add(diag.Errorf(fileStart(file), "writing the plan: %v", err).Fix("report this as a bug"))
			return
		}
		imp.res.Files = append(imp.res.Files, File{Path: s.out, From: file, What: "plan (template " + p.Template + ")", Data: y})
	default:
		imp.page(s)
	}
}

// template turns a T-009-001 page into data/templates/<key>.yaml, unless
// data/templates has it already (then it is left as it is).
func (imp *importer) template(s *source) {
	file := imp.file(s.rel)
	title := plain(s.fm.str("title"))
	slug := path.Base(s.url)
	for _, t := range imp.data.Templates {
		if norm(t.Title) == norm(title) || strings.EqualFold(t.Slug, slug) {
			imp.res.Skipped = append(imp.res.Skipped, file+": template "+t.Key+", already in the site's data (not overwritten)")
			if !paths.SamePath(s.url, paths.TemplateURL(t.Slug)) {
				imp.res.Diags.Add(diag.Warnf(fileStart(file), "the template's old URL %s is not its URL here, %s", s.url, paths.TemplateURL(t.Slug)).
					Fix("set the template's slug to " + slug + " so old links keep working"))
			}
			return
		}
	}
	b := parseBody(file, s.line, s.body, &imp.res.Diags)
	t := readTemplate(b, s.fm, slug, &imp.res.Diags)
	if !paths.SamePath(s.url, paths.TemplateURL(slug)) {
		imp.res.Diags.Add(diag.Warnf(fileStart(file), "the template's old URL %s is not under %s; templates have no aliases", s.url, paths.TemplatesSection).
			Fix("update the links to it to " + paths.TemplateURL(slug)))
	}
	y, err := TemplateYAML(t)
	if err != nil {
		imp.res.Diags.Add(diag.Errorf(fileStart(file), "writing the template: %v", err).Fix("report this as a bug"))
		return
	}
	s.out = path.Join(paths.Templates, t.Key+".yaml")
	imp.data.Templates = append(imp.data.Templates, t)
	imp.res.Files = append(imp.res.Files, File{Path: s.out, From: file, What: "template " + t.Key, Data: y})
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
