package model

import "strings"

// Walk calls fn for every section of ss and their subsections, in page
// order, with depth 0 for ss itself. With WalkTree it is the one recursion
// over a template's sections that validation, rendering and the skeleton
// share.
func Walk(ss []Section, fn func(s *Section, depth int)) { WalkTree(ss, fn, nil) }

// WalkTree is Walk that also calls leave (if not nil) after a section's
// subsections, for what comes after a section's whole subtree (a plan's
// extra sections).
func WalkTree(ss []Section, enter, leave func(s *Section, depth int)) {
	var walk func(ss []Section, depth int)
	walk = func(ss []Section, depth int) {
		for i := range ss {
			enter(&ss[i], depth)
			walk(ss[i].Sections, depth+1)
			if leave != nil {
				leave(&ss[i], depth)
			}
		}
	}
	walk(ss, 0)
}

// PlaceholderBlock returns the section's first placeholder block: the part
// a plan fills under sections.<key>. A section has at most one fill.
func (s *Section) PlaceholderBlock() (Block, bool) {
	for _, b := range s.Content {
		if b.Placeholder != "" {
			return b, true
		}
	}
	return Block{}, false
}

// ListFieldKeys are the template fields a plan fills with a top-level list
// (features:, conditions:) rather than a value under fields:. This and
// ListField are the one place that knows them.
var ListFieldKeys = []string{"features", "conditions"}

// ListField returns the plan's list for a list-valued field key, or false
// for a field filled under fields:.
func (p *Plan) ListField(key string) (*[]string, bool) {
	switch key {
	case "features":
		return &p.Features, true
	case "conditions":
		return &p.Conditions, true
	}
	return nil, false
}

// FieldText is the text a plan gives a template field: its list joined
// with ", ", or its value under fields:.
func (p *Plan) FieldText(key string) string {
	if l, ok := p.ListField(key); ok {
		return strings.Join(*l, ", ")
	}
	return p.Fields[key]
}
