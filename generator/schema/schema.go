// Package schema derives the JSON Schemas of the data files from the Go
// types, so editors can validate and complete plan files as they are typed
// and the schema can never drift from what the loader accepts.
package schema

import (
	"encoding/json"
	"fmt"
	"reflect"
	"sort"

	"github.com/invopop/jsonschema"

	"github.com/qmsplan/qmsplan/generator/export"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

var kinds = map[string]any{
	"plan":     &model.Plan{},
	"template": &model.Template{},
	"roles":    &model.RoleRegistry{},
	"statuses": &model.StatusRegistry{},
	// Not a data file but an export (tasks.json of the portfolio): shipped
	// beside the others so its consumers validate against the same kind of
	// schema, generated the same way.
	"tasks": &export.Tasks{},
}

// Kinds lists the schema names: plan, roles, statuses, tasks, template.
func Kinds() []string {
	var out []string
	for k := range kinds {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// FileName is the schema's file name in paths.Schema.
func FileName(kind string) string { return kind + ".schema.json" }

// mapType gives the schema of the model's types that are not what their Go
// structure says: a Date is written as text.
func mapType(t reflect.Type) *jsonschema.Schema {
	if t == reflect.TypeFor[model.Date]() {
		return &jsonschema.Schema{Type: "string", Format: "date", Pattern: `^\d{4}-\d{2}-\d{2}$`,
			Description: "A calendar date, YYYY-MM-DD."}
	}
	return nil
}

// extensions add to a type's schema what its Go structure cannot say, from
// the model's tables that the loader and validate use too.
var extensions = map[reflect.Type]func(*jsonschema.Schema){
	// A block has exactly one kind (an example goes with its placeholder),
	// and each box is described.
	reflect.TypeFor[model.Block](): func(s *jsonschema.Schema) {
		for _, k := range model.BlockKinds() {
			s.OneOf = append(s.OneOf, &jsonschema.Schema{Required: []string{k}})
		}
		for _, k := range model.BoxKinds {
			if p, ok := s.Properties.Get(k.Key); ok {
				p.Description = "Markdown in the portal's " + k.Title + " box."
			}
		}
	},
	// A status's colour and pattern come from the palette and the patterns.
	reflect.TypeFor[model.Status](): func(s *jsonschema.Schema) {
		for name, list := range map[string][]string{"colour": model.PaletteNames(), "pattern": model.Patterns} {
			if p, ok := s.Properties.Get(name); ok {
				for _, v := range list {
					p.Enum = append(p.Enum, v)
				}
			}
		}
	},
}

// Generate returns the schema of one kind of data file.
func Generate(kind string) ([]byte, error) {
	v, ok := kinds[kind]
	if !ok {
		return nil, fmt.Errorf("unknown schema %q: choose one of %v", kind, Kinds())
	}
	r := &jsonschema.Reflector{
		// Unknown keys are errors in the loader; say so to editors too.
		AllowAdditionalProperties: false,
		DoNotReference:            false,
		ExpandedStruct:            true,
		Mapper:                    mapType,
	}
	s := r.Reflect(v)
	for t, extend := range extensions {
		if d, ok := s.Definitions[t.Name()]; ok {
			extend(d)
		}
	}
	if p, ok := s.Properties.Get("slug"); ok && (kind == "plan" || kind == "template") {
		slugRule(p)
	}
	s.ID = jsonschema.ID("https://qmsplan.invalid/schema/" + FileName(kind))
	s.Title = "qmsplan " + kind + " file"
	if kind == "tasks" {
		s.Title = "qmsplan tasks.json export"
	}
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}

// slugRule says paths.Slug's rule on a slug property: a struct tag cannot
// name the package's constants, and a copy of the pattern would drift.
func slugRule(p *jsonschema.Schema) {
	p.Pattern = paths.SlugPattern
	p.Not = &jsonschema.Schema{Pattern: paths.NotSlugPattern}
}
