// Package export writes the portfolio's rows as files people take away:
// tasks.csv for spreadsheets, tasks.json for programs (its schema is
// data/schema/tasks.schema.json) and iCalendar feeds of the milestones,
// one for all plans and one per role, that calendar apps subscribe to.
// Every file is drawn from generator/portfolio alone, so it holds exactly
// the tasks the pages show, and its bytes depend only on the data and the
// as-of date.
package export

import (
	"fmt"
	"net/url"
	"path"
	"strings"

	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/portfolio"
)

// File is one export: its path in the built site and its bytes.
type File struct {
	Path string // slash-separated, relative to the site's root
	Data []byte
}

// Files returns every export of the portfolio, in a fixed order: the CSV,
// the JSON, the feed of all plans, then one feed per role in the
// registry's order. baseURL is the site's base URL; the feeds' links are
// resolved against it, so calendar apps can open them when it is absolute.
func Files(pf *portfolio.Portfolio, baseURL string) ([]File, error) {
	base, err := url.Parse(baseURL)
	if err != nil {
		return nil, fmt.Errorf("exports: base URL %q: %w", baseURL, err)
	}
	csvData, err := CSV(pf)
	if err != nil {
		return nil, err
	}
	jsonData, err := JSON(pf)
	if err != nil {
		return nil, err
	}
	out := []File{
		{exportPath(paths.TasksCSV), csvData},
		{exportPath(paths.TasksJSON), jsonData},
		{exportPath(paths.MilestonesICS), ICS(pf, Feed{Name: "Milestones: all plans"}, base)},
	}
	owner := map[string]string{}
	for _, r := range pf.Roles.Roles {
		name := paths.RoleFeed(r.Code)
		if other, ok := owner[name]; ok {
			return nil, fmt.Errorf("exports: roles %q and %q would share the feed %s: rename one in %s", other, r.Code, name, paths.Roles)
		}
		owner[name] = r.Code
		out = append(out, File{exportPath(name), ICS(pf, Feed{Name: "Milestones: " + roleName(r.Code, r.Title), Role: r.Code}, base)})
	}
	return out, nil
}

func exportPath(file string) string { return path.Join(paths.PortfolioSection, file) }

func roleName(code, title string) string {
	if title == "" {
		return code
	}
	return code + " (" + title + ")"
}

// responsible is a task's roles as one cell, in the data's own spelling.
func responsible(t *portfolio.Task) string { return strings.Join(t.Roles, " & ") }
