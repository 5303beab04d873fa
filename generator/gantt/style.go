package gantt

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/qmsplan/qmsplan/generator/model"
)

// Style is how one status looks: a colour and a pattern, so that status is
// never told by colour alone, and the label shown in the legend and in each
// bar's tooltip.
type Style struct {
	Key     string
	Colour  string
	Pattern string
	Label   string
}

// Styles is the status table, in the order the legend shows it.
type Styles []Style

// fill is how one pattern of model.Patterns, the one list of the names a
// status may give, is drawn. The stylesheet draws the same names as swatches
// and the bars look like them: the colour on white, in a thin dark ring.
//
// No SVG <pattern>: Chromium prints a <pattern> as every one of its tiles
// drawn apart, 30 MB of PDF for one chart of 14 lanes. Stripes are
// repeating gradients instead (a few KB) and dots a dashed line with round
// caps.
type fill struct {
	solid, dots, outline bool
	// stripes are diagonal bands of the colour, 4 units apart: dir 1 rises
	// to the right, -1 falls; share is the part of the 4 units in colour.
	stripes []stripe
}

type stripe struct{ dir, share float64 }

var fills = map[string]fill{
	"solid":      {solid: true},
	"striped":    {stripes: []stripe{{1, 0.5}}},
	"dotted":     {dots: true},
	"crosshatch": {stripes: []stripe{{1, 0.375}, {-1, 0.375}}},
	"outline":    {outline: true},
}

// findFill returns how pattern is drawn; ok is false for a name that is not
// in model.Patterns or that this package cannot draw (a test keeps the two
// lists equal, so that is a name in neither).
func findFill(pattern string) (f fill, ok bool) {
	f, ok = fills[pattern]
	return f, ok && slices.Contains(model.Patterns, pattern)
}

// Colours go into SVG attributes, so only these shapes pass: #rgb, #rrggbb,
// or a custom property with a hex fallback, var(--name, #rrggbb), which
// page CSS may restyle and which still shows when the SVG stands alone.
var colourPattern = regexp.MustCompile(`^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|var\(--[a-zA-Z0-9-]+, ?#[0-9a-fA-F]{6}\))$`)

// Status keys become part of ids (the stripes', <chart>-p-<key>-<n>).
var keyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

// Check reports every style the charts cannot draw: a key unfit for an
// id or class, a key twice, an unknown pattern, a colour that is not one,
// a missing label. Render checks its styles too; this is for what else
// draws the same statuses (render.StatusStylesheet).
func (s Styles) Check() error { return errors.Join(s.check()...) }

func (s Styles) check() []error {
	var errs []error
	seen := map[string]bool{}
	for _, st := range s {
		if !keyPattern.MatchString(st.Key) {
			errs = append(errs, fmt.Errorf("style %q: a status key is lowercase letters, digits and '-'", st.Key))
		}
		if seen[st.Key] {
			errs = append(errs, fmt.Errorf("style %q: defined twice", st.Key))
		}
		seen[st.Key] = true
		if _, ok := findFill(st.Pattern); !ok {
			errs = append(errs, fmt.Errorf("style %q: unknown pattern %q (known: %s)", st.Key, st.Pattern, strings.Join(model.Patterns, ", ")))
		}
		if !colourPattern.MatchString(st.Colour) {
			errs = append(errs, fmt.Errorf("style %q: colour %q is not #rgb, #rrggbb or var(--name, #rrggbb)", st.Key, st.Colour))
		}
		if st.Label == "" {
			errs = append(errs, fmt.Errorf("style %q: needs a label for the legend", st.Key))
		}
	}
	return errs
}

func (s Styles) byKey() map[string]Style {
	m := make(map[string]Style, len(s))
	for _, st := range s {
		m[st.Key] = st
	}
	return m
}

func (s Styles) keys() []string {
	keys := make([]string, len(s))
	for i, st := range s {
		keys[i] = st.Key
	}
	sort.Strings(keys)
	return keys
}
