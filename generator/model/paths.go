package model

import "strings"

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
