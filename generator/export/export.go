// Package export writes the portfolio's rows as files people take away:
// tasks.csv for spreadsheets, tasks.json for programs (its schema is
// data/schema/tasks.schema.json) and iCalendar feeds of the milestones,
// one for all plans and one per role, that calendar apps subscribe to.
// Every file is drawn from generator/portfolio alone, so it holds exactly
// the tasks the pages show, and its bytes depend only on the data and the
// as-of date.
package export

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"slices"
	"strings"
	"sync"

	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/portfolio"
)

// File is one export: its path in the built site and its bytes.
type File struct {
	Link
	Data []byte
}

// Link names one export for a page that lists them (the portfolio page's
// params.exports, drawn by layouts/_partials/portfolio/exports.html).
type Link struct {
	Path  string `yaml:"path" json:"path"` // slash-separated, relative to the site's root
	Title string `yaml:"title" json:"title"`
	Kind  string `yaml:"kind" json:"kind"` // csv, json or ics: the file's extension
}

// export is one file to make: what it is called and how it is drawn.
type export struct {
	file, title string
	draw        func(*url.URL) ([]byte, error)
}

// feedTitle begins a feed's title: what its events are.
const feedTitle = "Milestones and deadlines: "

// exports lists every export of the portfolio, in a fixed order: the CSV,
// the JSON, the feed of all plans, then one feed per role in the
// registry's order, holding the milestones and deadlines it is
// responsible for. Two
// roles whose feeds would share a file are an error.
func exports(pf *portfolio.Portfolio, m *Memo) ([]export, error) {
	// Each event is drawn once, on every core, for all the feeds it is in
	// (the feed of all plans and its roles'): drawing it again for each
	// was most of the feeds' time. Only when a feed is drawn: Links draws
	// none (nor sorts them), and Files draws with one base URL.
	var drawn sync.Once
	var all []*portfolio.Task
	var events []string
	feedOf := func(name, role string) func(*url.URL) ([]byte, error) {
		return func(base *url.URL) ([]byte, error) {
			drawn.Do(func() {
				all = pf.Events()
				events = make([]string, len(all))
				parallel.For(len(all), func(i int) {
					events[i], _ = part(m, func(m *Memo) *parts[*portfolio.Task, string] { return &m.events }, all[i], func() (string, error) {
						return event(all[i], base).Serialize(icsConfig), nil
					})
				})
			})
			mine := events
			if role != "" {
				mine = nil
				for i, t := range all {
					if slices.Contains(t.Roles, role) {
						mine = append(mine, events[i])
					}
				}
			}
			return feed(name, mine), nil
		}
	}
	const allPlans = feedTitle + "all plans"
	out := []export{
		{paths.TasksCSV, "Every task, for spreadsheets", func(*url.URL) ([]byte, error) { return csvReusing(pf, m) }},
		{paths.TasksJSON, "Every plan and task, for programs", func(*url.URL) ([]byte, error) { return jsonReusing(pf, m) }},
		{paths.MilestonesICS, allPlans, feedOf(allPlans, "")},
	}
	owner := map[string]string{}
	for _, r := range pf.Roles.Roles {
		name := paths.RoleFeed(r.Code)
		if other, ok := owner[name]; ok {
			return nil, fmt.Errorf("exports: roles %q and %q would share the feed %s: rename one in %s", other, r.Code, name, paths.Roles)
		}
		owner[name] = r.Code
		title := feedTitle + roleName(r.Code, r.Title)
		out = append(out, export{name, title, feedOf(title, r.Code)})
	}
	return out, nil
}

// Links lists the exports Files makes, without making them.
func Links(pf *portfolio.Portfolio) ([]Link, error) {
	ex, err := exports(pf, nil)
	if err != nil {
		return nil, err
	}
	out := make([]Link, len(ex))
	for i, e := range ex {
		out[i] = e.link()
	}
	return out, nil
}

// Files makes every export of the portfolio, in the order of Links. baseURL
// is the site's base URL; the feeds' links are resolved against it, so
// calendar apps can open them when it is absolute.
func Files(pf *portfolio.Portfolio, baseURL string) ([]File, error) {
	return FilesReusing(pf, baseURL, nil)
}

// FilesReusing is Files, taking from m (if not nil) the parts of the files
// the last run with m drew from the same rows, and keeping this run's in
// it for the next.
func FilesReusing(pf *portfolio.Portfolio, baseURL string, m *Memo) (out []File, err error) {
	base, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("exports: base URL %q: %w", baseURL, err)
	}
	m.begin(baseURL)
	defer func() { m.end(err == nil) }()
	ex, err := exports(pf, m)
	if err != nil {
		return nil, err
	}
	// Each file on every core: they read the rows and write nothing shared
	// (at 10,000 plans the feeds alone were seconds of one core).
	out = make([]File, len(ex))
	errs := make([]error, len(ex))
	parallel.For(len(ex), func(i int) {
		b, err := ex[i].draw(base)
		if err != nil {
			errs[i] = fmt.Errorf("exports: %s: %w", ex[i].file, err)
			return
		}
		out[i] = File{ex[i].link(), b}
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return out, nil
}

func (e export) link() Link {
	return Link{Path: path.Join(paths.PortfolioSection, e.file), Title: e.title, Kind: strings.TrimPrefix(path.Ext(e.file), ".")}
}

func roleName(code, title string) string {
	if title == "" || title == code {
		return code
	}
	return code + " (" + title + ")"
}

// responsible is a task's roles as one cell, in the data's own spelling.
func responsible(t *portfolio.Task) string { return strings.Join(t.Roles, " & ") }
