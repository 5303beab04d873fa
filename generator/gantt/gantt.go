// Package gantt draws a Gantt chart as SVG at build time, for inlining in an
// HTML page: bars are links, text is real text, and it needs no script and no
// external CSS to look right, so it prints and can be opened alone.
//
// The input is plain data: a Chart of Lanes (one per plan on the portfolio,
// one per phase on a plan's own page), each with Bars. How a status looks is
// a Styles table passed in, so the status vocabulary stays in its registry;
// Render fails on a status the table does not know rather than guessing.
package gantt

import (
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/qmsplan/qmsplan/generator/model"
)

// Chart is one SVG.
type Chart struct {
	// ID prefixes the ids inside the SVG (title, stripes, clip path), so
	// that several charts can be inlined in one page; it must be unique in
	// the page, or a chart hidden by CSS (display: none) takes the stripes
	// of the others with it. Lowercase letters, digits and '-', starting
	// with a letter.
	ID    string
	Title string
	Desc  string
	AsOf  model.Date
	// From and To, when set, fix the time window (both days included);
	// bars outside it are cut at its edges. When zero, the window is the
	// bars' span widened to take in AsOf.
	From, To model.Date
	Lanes    []Lane
}

// Lane is one swimlane, labelled in the left column.
type Lane struct {
	Label, Href string
	Bars        []Bar
}

// Kind is what a bar stands for; it decides the shape drawn.
type Kind int

const (
	Task Kind = iota
	Summary
	Milestone
)

// kinds is the Kind vocabulary, by its name in messages.
var kinds = map[Kind]string{
	Task:      "task",
	Summary:   "phase summary",
	Milestone: "milestone",
}

func (k Kind) String() string {
	if n, ok := kinds[k]; ok {
		return n
	}
	return fmt.Sprintf("Kind(%d)", int(k))
}

// Bar is a task, a phase summary or a milestone. Start and End are both
// included: a one-day task has Start == End. A milestone is drawn at Start.
type Bar struct {
	Label, Href string
	Start, End  model.Date
	Kind        Kind
	// Status is a key of the Styles table.
	Status  string
	Overdue bool
}

var idPattern = regexp.MustCompile(`^[a-z][a-z0-9-]{0,63}$`)

// Render draws c as SVG, one line of text. It reports every problem it
// finds in c and styles, joined in one error, and then draws nothing.
func Render(c Chart, styles Styles) (string, error) {
	if err := check(c, styles); err != nil {
		return "", err
	}
	return draw(c, styles), nil
}

func check(c Chart, styles Styles) error {
	errs := styles.check()
	known := styles.byKey()
	if !idPattern.MatchString(c.ID) {
		errs = append(errs, fmt.Errorf("chart ID %q: use lowercase letters, digits and '-', starting with a letter", c.ID))
	}
	if c.AsOf.IsZero() {
		errs = append(errs, errors.New("chart has no as-of date: set Chart.AsOf"))
	}
	if c.From.IsZero() != c.To.IsZero() || (!c.From.IsZero() && c.To.Before(c.From)) {
		errs = append(errs, fmt.Errorf("chart window %q–%q: set both From and To, From not after To, or neither", c.From, c.To))
	}
	// where names a lane or bar in a message; built only for one, as
	// checking is on every chart drawn.
	for i, l := range c.Lanes {
		lane := func() string { return fmt.Sprintf("lane %d %q", i+1, l.Label) }
		errs = append(errs, checkHref(lane, l.Href)...)
		for j, b := range l.Bars {
			where := func() string { return fmt.Sprintf("%s, bar %d %q", lane(), j+1, b.Label) }
			errs = append(errs, checkHref(where, b.Href)...)
			if _, ok := kinds[b.Kind]; !ok {
				errs = append(errs, fmt.Errorf("%s: unknown kind %v (known: %v, %v, %v)", where(), b.Kind, Task, Summary, Milestone))
			}
			switch {
			case b.Start.IsZero() || b.End.IsZero():
				errs = append(errs, fmt.Errorf("%s: needs both a start and an end date (a milestone: the same day twice)", where()))
			case b.End.Before(b.Start):
				errs = append(errs, fmt.Errorf("%s: ends %s before it starts %s", where(), b.End, b.Start))
			}
			if _, ok := known[b.Status]; !ok {
				errs = append(errs, fmt.Errorf("%s: status %q has no style (known: %s)", where(), b.Status, strings.Join(styles.keys(), ", ")))
			}
		}
	}
	return errors.Join(errs...)
}

// checkHref refuses links that would run something when followed: only
// relative URLs and http(s) are drawn.
func checkHref(where func() string, href string) []error {
	if href == "" {
		return nil
	}
	u, err := url.Parse(href)
	if err != nil {
		return []error{fmt.Errorf("%s: link %q is not a URL: %v", where(), href, err)}
	}
	if u.Scheme != "" && u.Scheme != "http" && u.Scheme != "https" {
		return []error{fmt.Errorf("%s: link %q: only relative, http and https links are drawn", where(), href)}
	}
	return nil
}
