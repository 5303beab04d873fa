// Package paths is the site's layout and naming rules, stated once: where
// the data, the pages and the static files live, where generated pages go
// and at which URLs, which slugs are allowed, and how qmsplan marks what it
// owns. Everything that needs one of these asks here; nothing else spells
// them. It imports only the standard library, so any package may use it.
package paths

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
)

// The site's files and directories, relative to the site root.
const (
	Data      = "data"
	Roles     = "data/roles.yaml"
	Statuses  = "data/statuses.yaml"
	Templates = "data/templates"
	Plans     = "data/plans"
	Schema    = "data/schema"
	Content   = "content"
	Static    = "static"
	Config    = "hugo.toml"
	Public    = "public" // Hugo's default output directory
)

// sources are the directories Hugo reads a site from. A build must never
// write into one: its output would become input, or destroy it.
var sources = []string{"archetypes", "assets", Content, Data, "i18n", "layouts", Static, "themes"}

// SourceDir reports whether rel, a slash-separated path relative to the
// site root, lies in one of Hugo's source directories, and which.
func SourceDir(rel string) (dir string, ok bool) {
	first, _, _ := strings.Cut(rel, "/")
	return first, slices.Contains(sources, first)
}

// Generated is the value of params.generatedBy in a generated page's front
// matter: qmsplan only ever overwrites or removes files carrying it.
const Generated = "qmsplan"

// Lock is the file, in the site root, that a run writing the site holds
// locked (see pipeline.Lock).
const Lock = ".qmsplan.lock"

// Cache is the file, in the site root, where a run of generate leaves the
// record the next one checks to skip its work (see pipeline.Generate). It
// is safe to delete at any time.
const Cache = ".qmsplan-cache"

// SiteMarker is the file that marks a directory as a site qmsplan built,
// which the next build may replace whole.
const SiteMarker = ".qmsplan-site"

// Where generated pages live, relative to content/ (and so their URLs):
// the portal's URLs, which people have bookmarked.
const (
	TemplatesSection = "records/GP-009/T-009-001"
	PlansSection     = "records/GP-009/r-009-001"
)

// PortfolioPage is the path under content/ of a portfolio page that has no
// pages below it; sub is its place below the section ("2025", "overdue/2").
// A page with pages below it is a section (SectionPage).
func PortfolioPage(sub string) string { return path.Join(PortfolioSection, sub+".md") }

// PortfolioURL is the site path of a portfolio page, with a trailing slash.
func PortfolioURL(sub string) string {
	if sub == "" {
		return "/" + PortfolioSection + "/"
	}
	return "/" + PortfolioSection + "/" + sub + "/"
}

// Numbered is the sub path of page n (from 1) of a paginated portfolio page:
// the first page is the page itself, the others sub/2, sub/3, ...
func Numbered(sub string, n int) string {
	if n <= 1 {
		return sub
	}
	return path.Join(sub, fmt.Sprint(n))
}

// Rel is the link from the page at site path from (a directory, with its
// trailing slash) to the site path to. Generated pages link relatively, so
// that links hold under any base URL, inside an SVG too, where Hugo does
// not rewrite them.
func Rel(from, to string) string {
	// A link to a place on the page itself (every bar of a plan's own
	// Gantt) is its fragment alone; splitting and joining the paths for it
	// was a tenth of drawing that Gantt.
	if target, frag, ok := strings.Cut(to, "#"); ok && frag != "" && target == from {
		return "#" + frag
	}
	fromDirs := strings.Split(strings.Trim(from, "/"), "/")
	target, frag, _ := strings.Cut(to, "#")
	toParts := strings.Split(strings.TrimPrefix(target, "/"), "/")
	i := 0
	for i < len(fromDirs) && i < len(toParts)-1 && fromDirs[i] == toParts[i] {
		i++
	}
	rel := strings.Repeat("../", len(fromDirs)-i) + strings.Join(toParts[i:], "/")
	if frag != "" {
		rel += "#" + frag
	}
	if rel == "" {
		return "./"
	}
	return rel
}

// PlanGroup is the path under content/ (and the site path, without
// slashes) of the section listing the plans of one group: a year ("2025")
// or Undated. The plans' section lists the groups, each group its plans, so
// that no page lists every plan; the plans stay where they are
// (PlanPage), only the lists are grouped.
func PlanGroup(name string) string { return path.Join(PlansSection, name) }

// RawShortcodes are the layouts' shortcodes that put their inner content on
// the page as HTML: the tables and Gantts qmsplan draws in Go, every value
// escaped there. Only generated pages may use them; the pipeline refuses
// them in a hand-written page, where they would pass raw HTML through.
var RawShortcodes = []string{"tasks", "portfolio-table", "plan-gantt", "portfolio-gantt"}

// PlansPerListPage is how many plans a group's page lists a page; the rest
// are on numbered pages (ListPageURL). sitebuild gives it to Hugo as
// pagination.pagerSize, so that validation knows the numbered pages a
// plan's text may link to.
const PlansPerListPage = 100

// ListPagePath is the directory of a list's numbered pages (Hugo's
// pagination.path, which sitebuild sets from here).
const ListPagePath = "page"

// ListPageURL is the site path, without a trailing slash, of page n (from
// 2) of a list whose first page is at site path first.
func ListPageURL(first string, n int) string {
	return strings.TrimSuffix(first, "/") + "/" + ListPagePath + "/" + strconv.Itoa(n)
}

// Undated is the group of the plans with no dated task.
const Undated = "undated"

// TemplatePage and PlanPage are a generated page's path under content/.
func TemplatePage(slug string) string { return path.Join(TemplatesSection, slug+GeneratedExt) }
func PlanPage(slug string) string     { return path.Join(PlansSection, slug+GeneratedExt) }

// PackFile is the audit pack of a generated section (the output format
// "pack" of hugo.toml), beside the section's index.html.
const PackFile = "pack.html"

// PackSections are the sections that have an audit pack, as a Hugo path
// glob (Hugo matches page paths in lower case): each year of the plans (one
// file of 10,000 records helps no auditor), the templates and the portfolio
// (not its sub-sections: its pack holds them).
var PackSections = "{/" + strings.ToLower(PlansSection) + "/*,/" + strings.ToLower(TemplatesSection) +
	",/" + strings.ToLower(PortfolioSection) + "}"

// PackURL is the site path of a section's audit pack.
func PackURL(section string) string { return "/" + section + "/" + PackFile }

// SectionPage is the path under content/ of a generated section's list page.
func SectionPage(section string) string { return path.Join(section, "_index.md") }

// URLs of the generated pages, as site paths without a trailing slash.
func TemplateURL(slug string) string { return "/" + TemplatesSection + "/" + slug }
func PlanURL(slug string) string     { return "/" + PlansSection + "/" + slug }

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
	base, ok := pageBase(rel)
	if !ok || base == "" {
		return "", ok
	}
	return "/" + strings.ToLower(base), true
}

// BuiltFile is the file of the built site that Hugo renders the content
// file rel (slash-separated, under content/) into, relative to the output
// directory, with the site's pretty URLs and case kept (hugo.toml sets
// disablePathToLower): a/b.md and a/b/_index.md both
// become a/b/index.html. ok is false for files that are not pages.
func BuiltFile(rel string) (file string, ok bool) {
	base, ok := pageBase(rel)
	if !ok {
		return "", false
	}
	return path.Join(base, "index.html"), true
}

// ContentExts are the endings of the content files Hugo reads as pages
// (its default content media types; a sitebuild test holds them to
// Hugo's). A hand-written page in any of them at a generated page's URL
// would replace it or be dropped.
var ContentExts = []string{
	".html", ".htm",
	".md", ".mdown", ".markdown",
	".adoc", ".asciidoc", ".ad",
	".pandoc", ".pdc",
	".rst",
	".org",
}

// GeneratedExt is the ending of every generated page.
const GeneratedExt = ".md"

// pageBase is the page's path without extension and without the index
// or _index that makes a file its directory's page.
func pageBase(rel string) (string, bool) {
	ext := path.Ext(rel)
	if !slices.Contains(ContentExts, ext) {
		return "", false
	}
	rel = strings.TrimSuffix(rel, ext)
	if rel == "_index" || rel == "index" {
		return "", true
	}
	return strings.TrimSuffix(strings.TrimSuffix(rel, "/_index"), "/index"), true
}

// The slug rule, in pieces the JSON Schema can say too (it speaks the
// common subset of RE2 and ECMA-262 regular expressions).
const (
	// SlugPattern is what a slug is made of: safe in a URL and a file name.
	SlugPattern = `^[A-Za-z0-9][A-Za-z0-9._-]*$`
	// NotSlugPattern matches the slugs SlugPattern lets through that are
	// still refused: a ".." (a path out of the section, to a reader) and
	// names Hugo reserves (index.md is the page of its directory, so a plan
	// of that name would replace the whole list). A leading "_" (_index.md
	// is the section itself) is already outside SlugPattern. A slug ending
	// in .html or .htm is a file to Hugo, not a directory: index.html took
	// the place of the list of records, and every page's link to it broke.
	// A slug that is a year or "undated" is the URL of a group of plans
	// (PlanGroup).
	NotSlugPattern = outOfSection + "|" + reserved + "|" + fileName + "|" + group

	outOfSection = `\.\.`
	reserved     = `^[Ii][Nn][Dd][Ee][Xx]$`
	group        = `^[0-9]{4}$|^[Uu][Nn][Dd][Aa][Tt][Ee][Dd]$`
	fileName     = `\.[Hh][Tt][Mm][Ll]?$`
)

var (
	slugRE         = regexp.MustCompile(SlugPattern)
	outOfSectionRE = regexp.MustCompile(outOfSection)
	reservedRE     = regexp.MustCompile(reserved)
	fileNameRE     = regexp.MustCompile(fileName)
	groupRE        = regexp.MustCompile(group)
)

// SlugError says why a slug is refused and how to choose a good one.
type SlugError struct {
	Slug    string
	Problem string // e.g. "is reserved by Hugo"
	Fix     string
}

func (e *SlugError) Error() string {
	return fmt.Sprintf("slug %q %s (%s)", e.Slug, e.Problem, e.Fix)
}

// Message is the error without its fix, for findings that carry the fix
// apart.
func (e *SlugError) Message() string { return fmt.Sprintf("slug %q %s", e.Slug, e.Problem) }

const slugExample = "2025-08-22-br-johnson-oncoderm-ae"

// Slug checks a slug of the data (the last part of a generated page's URL
// and its file name): nil, or a *SlugError.
func Slug(s string) error {
	if groupRE.MatchString(s) {
		return &SlugError{s, "is the URL of the list of plans of a year (or of the undated ones)", "add to it, e.g. " + slugExample}
	}
	return PageName(s)
}

// PageName checks the name of a generated page's file (without its
// extension): a slug, or a name qmsplan gives a page itself ("2025", a
// year's page).
func PageName(s string) error {
	switch {
	case !slugRE.MatchString(s) || outOfSectionRE.MatchString(s):
		return &SlugError{s, "is not safe in a URL", "use letters, digits, '.', '_' and '-' only, e.g. " + slugExample}
	case reservedRE.MatchString(s):
		return &SlugError{s, "is reserved by Hugo", "choose a descriptive slug, e.g. " + slugExample}
	case fileNameRE.MatchString(s):
		return &SlugError{s, "ends in .html or .htm: Hugo would write the page as that file, not as a directory", "remove the extension, e.g. " + slugExample}
	}
	return nil
}

// TaskAnchor is the id of a task's row on its plan or template page: task
// keys are unique within a plan, so it is unique on the page, and other
// pages (the portfolio, the indexes, calendar feeds) link to it.
func TaskAnchor(key string) string { return "task-" + key }

// TaskURL is the site path of a task's row on its plan's page.
func TaskURL(planSlug, key string) string { return PlanURL(planSlug) + "/#" + TaskAnchor(key) }

// PortfolioSection is where the portfolio's pages and exports live,
// relative to content/ and to the built site.
const PortfolioSection = "records/GP-009/portfolio"

// The portfolio's exports: files of the built site in PortfolioSection.
const (
	TasksCSV      = "tasks.csv"
	TasksJSON     = "tasks.json"
	MilestonesICS = "milestones.ics"
)

// StatusStylesheet is the file, in PortfolioSection of the built site, of
// the rules that draw the portfolio's status cells, one per status of the
// registry (render.StatusStylesheet).
const StatusStylesheet = "statuses.css"

// RoleFeed is the file name of one role's milestone feed, e.g.
// milestones-deal-owner.ics for "Deal Owner": the code in lower case, each
// run of other characters than ASCII letters and digits as one '-'.
func RoleFeed(code string) string { return "milestones-" + RoleSlug(code) + ".ics" }

// RoleSlug is a role code as a file or URL segment: the code in lower case,
// each run of other characters than ASCII letters and digits as one '-'
// ("Deal Owner" is deal-owner). The role's feed and its portfolio page are
// named by it.
func RoleSlug(code string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(code) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}

// ExportURL is the site path of a portfolio export.
func ExportURL(file string) string { return "/" + PortfolioSection + "/" + file }

// HeadingID is the id Hugo gives a heading of the given text, as hugo.toml
// configures it (autoHeadingIDType "github"): letters lower-cased, digits
// and '_' kept, each space or '-' a '-', all else dropped. Hugo adds -1,
// -2… to a repeated id; that is its business, not this function's.
func HeadingID(text string) string {
	var b strings.Builder
	for _, r := range strings.TrimSpace(text) {
		switch {
		case r == '-' || r == ' ':
			b.WriteByte('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}
