package model

import (
	"path"
	"strings"
)

// Where generated pages live in the site, relative to content/ (and so their
// URLs): the portal's URLs, which people have bookmarked.
const (
	TemplatesSection = "records/GP-009/T-009-001"
	PlansSection     = "records/GP-009/r-009-001"
)

// URLs of the generated pages, as site paths without a trailing slash.
func TemplateURL(slug string) string { return "/" + TemplatesSection + "/" + slug }
func PlanURL(slug string) string     { return "/" + PlansSection + "/" + slug }

// GeneratedURLs lists every site path the generator creates a page at.
func (d *Data) GeneratedURLs() map[string]bool {
	urls := map[string]bool{"/" + TemplatesSection: true, "/" + PlansSection: true}
	for _, t := range d.Templates {
		urls[TemplateURL(t.Slug)] = true
	}
	for _, p := range d.Plans {
		urls[PlanURL(p.Slug)] = true
	}
	return urls
}

// SamePath compares site paths the way a case-insensitive file system
// (macOS, Windows) would, where two of them would be one file.
func SamePath(a, b string) bool {
	return strings.EqualFold(strings.TrimSuffix(a, "/"), strings.TrimSuffix(b, "/"))
}

// ContentURL is the site path Hugo gives a content file (rel is its path
// under content/, slash-separated), folded to lower case and without a
// trailing slash: "" for the home page. a/b.md, a/b/index.md and
// a/b/_index.md share one. ok is false for files that are not pages.
func ContentURL(rel string) (url string, ok bool) {
	ext := path.Ext(rel)
	if ext != ".md" && ext != ".markdown" && ext != ".html" {
		return "", false
	}
	rel = strings.TrimSuffix(rel, ext)
	rel = strings.TrimSuffix(strings.TrimSuffix(rel, "/_index"), "/index")
	if rel == "_index" || rel == "index" {
		return "", true
	}
	return "/" + strings.ToLower(rel), true
}
