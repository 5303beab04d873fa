// Package export writes the portfolio's rows as files people take away:
// tasks.csv for spreadsheets, tasks.json for programs (its schema is
// data/schema/tasks.schema.json) and iCalendar feeds of the milestones,
// one for all plans and one per role, that calendar apps subscribe to.
// Every file is drawn from generator/portfolio alone, so it holds exactly
// the tasks the pages show, and its bytes depend only on the data and the
// as-of date.
package export

import (
	"bytes"
	"errors"
	"fmt"
	"io"
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

// export is one file to make: what it is called and how it is drawn, into
// a writer, as it is drawn.
type export struct {
	file, title string
	draw        func(io.Writer, *url.URL) error
}

// feedTitle begins a feed's title: what its events are.
const feedTitle = "Milestones and deadlines: "

// exports lists every export of the portfolio, in a fixed order: the CSV,
// the JSON, the feed of all plans, then one feed per role in the
// registry's order, holding the milestones and deadlines it is
// responsible for. Two
// roles whose feeds would share a file are an error.
func exports(pf *portfolio.Portfolio) ([]export, error) {
	all := pf.Events()
	// Each event is drawn once, on every core, for all the feeds it is in
	// (the feed of all plans and its roles'): drawing it again for each
	// was most of the feeds' time. Only when a feed is drawn: Links draws
	// none, and Files draws with one base URL.
	var drawn sync.Once
	var events []string
	feedOf := func(name, role string) func(io.Writer, *url.URL) error {
		return func(w io.Writer, base *url.URL) error {
			drawn.Do(func() {
				events = make([]string, len(all))
				parallel.For(len(all), func(i int) { events[i] = event(all[i], base).Serialize(icsConfig) })
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
			return feed(w, name, mine)
		}
	}
	const allPlans = feedTitle + "all plans"
	out := []export{
		{paths.TasksCSV, "Every task, for spreadsheets", func(w io.Writer, _ *url.URL) error { return CSV(w, pf) }},
		{paths.TasksJSON, "Every plan and task, for programs", func(w io.Writer, _ *url.URL) error { return JSON(w, pf) }},
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
	ex, err := exports(pf)
	if err != nil {
		return nil, err
	}
	out := make([]Link, len(ex))
	for i, e := range ex {
		out[i] = e.link()
	}
	return out, nil
}

// Write makes every export of the portfolio, in the order of Links, each
// into the writer create returns for it, which Write closes. baseURL is
// the site's base URL; the feeds' links are resolved against it, so
// calendar apps can open them when it is absolute. Each file is written as
// it is drawn, never whole in memory: at 10,000 plans they are 200 MB.
func Write(pf *portfolio.Portfolio, baseURL string, create func(Link) (io.WriteCloser, error)) error {
	base, err := url.Parse(baseURL)
	if err != nil {
		return fmt.Errorf("exports: base URL %q: %w", baseURL, err)
	}
	ex, err := exports(pf)
	if err != nil {
		return err
	}
	// Each file on every core: they read the rows and write nothing shared
	// (at 10,000 plans the feeds alone were seconds of one core).
	errs := make([]error, len(ex))
	parallel.For(len(ex), func(i int) {
		w, err := create(ex[i].link())
		if err == nil {
			err = ex[i].draw(w, base)
			if cerr := w.Close(); err == nil {
				err = cerr
			}
		}
		if err != nil {
			errs[i] = fmt.Errorf("exports: %s: %w", ex[i].file, err)
		}
	})
	return errors.Join(errs...)
}

// Files is Write into memory: every export with its bytes, in the order
// of Links.
func Files(pf *portfolio.Portfolio, baseURL string) ([]File, error) {
	links, err := Links(pf)
	if err != nil {
		return nil, err
	}
	out := make([]File, len(links))
	bufs := map[string]*bytes.Buffer{}
	for i, l := range links {
		out[i].Link = l
		bufs[l.Path] = new(bytes.Buffer)
	}
	if err := Write(pf, baseURL, func(l Link) (io.WriteCloser, error) { return bufferCloser{bufs[l.Path]}, nil }); err != nil {
		return nil, err
	}
	for i := range out {
		out[i].Data = bufs[out[i].Path].Bytes()
	}
	return out, nil
}

// bufferCloser is a buffer as a file: closing it does nothing.
type bufferCloser struct{ *bytes.Buffer }

func (bufferCloser) Close() error { return nil }

// grow makes room for about n more bytes in w when w can (a bytes.Buffer,
// as the files are held before they are written whole), so that a file of
// tens of megabytes is not grown by doubling, copying and clearing it: a
// third of tasks.json's time at 10,000 plans.
func grow(w io.Writer, n int) {
	if g, ok := w.(interface{ Grow(int) }); ok && n > 0 {
		g.Grow(n)
	}
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
