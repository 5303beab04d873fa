package gantt

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
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

// A pattern is drawn over the status colour. outline draws no fill at all,
// only the colour as a thick border, so it is told apart even in greyscale.
type pattern struct {
	name string
	// defs is the <pattern> body; empty for patterns that are not an overlay.
	defs string
}

// patterns is the pattern vocabulary. Each overlay is defined once per chart,
// in <defs>, with the id <chart ID>-p-<name>.
var patterns = []pattern{
	{name: "solid"},
	{name: "hatched", defs: `<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2" stroke="#000" stroke-opacity="0.55" stroke-width="1.5"/>`},
	{name: "dotted", defs: `<circle cx="3" cy="3" r="1.3" fill="#000" fill-opacity="0.6"/>`},
	{name: "crosshatch", defs: `<path d="M-1,1 l2,-2 M0,6 l6,-6 M5,7 l2,-2 M-1,5 l2,2 M0,0 l6,6 M5,-1 l2,2" stroke="#000" stroke-opacity="0.5" stroke-width="1"/>`},
	{name: "outline"},
}

func patternNames() []string {
	names := make([]string, len(patterns))
	for i, p := range patterns {
		names[i] = p.name
	}
	return names
}

func findPattern(name string) (pattern, bool) {
	for _, p := range patterns {
		if p.name == name {
			return p, true
		}
	}
	return pattern{}, false
}

// Colours go into SVG attributes, so only these shapes pass: #rgb, #rrggbb,
// or a custom property with a hex fallback, var(--name, #rrggbb), which
// page CSS may restyle and which still shows when the SVG stands alone.
var colourPattern = regexp.MustCompile(`^(#[0-9a-fA-F]{3}|#[0-9a-fA-F]{6}|var\(--[a-zA-Z0-9-]+, ?#[0-9a-fA-F]{6}\))$`)

// Status keys become CSS class names (gantt-st-<key>).
var keyPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]{0,63}$`)

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
		if _, ok := findPattern(st.Pattern); !ok {
			errs = append(errs, fmt.Errorf("style %q: unknown pattern %q (known: %s)", st.Key, st.Pattern, strings.Join(patternNames(), ", ")))
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
