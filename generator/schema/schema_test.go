package schema_test

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/schema"
)

var update = flag.Bool("update", false, "rewrite the shipped schemas in data/schema")

const shipped = "../../" + paths.Schema

// The schemas editors use are committed; they must be what the Go types say.
func TestShippedSchemasAreCurrent(t *testing.T) {
	for _, kind := range schema.Kinds() {
		want, err := schema.Generate(kind)
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(shipped, schema.FileName(kind))
		if *update {
			if err := os.WriteFile(file, want, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		got, err := os.ReadFile(file)
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s is out of date: run go test ./generator/schema -update", file)
		}
	}
}

func compile(t *testing.T, kind string) *jsonschema.Schema {
	t.Helper()
	b, err := schema.Generate(kind)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource(kind+".json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(kind + ".json")
	if err != nil {
		t.Fatalf("%s schema does not compile: %v", kind, err)
	}
	return s
}

// yamlToJSON turns a YAML file into the JSON value an editor's schema
// validator sees (dates stay strings, as YAML language servers treat them).
func yamlToJSON(t *testing.T, file string) any {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	f, err := parser.ParseBytes(b, 0)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(ast.Node) any
	walk = func(n ast.Node) any {
		switch n := n.(type) {
		case *ast.MappingNode:
			m := map[string]any{}
			for _, kv := range n.Values {
				m[kv.Key.GetToken().Value] = walk(kv.Value)
			}
			return m
		case *ast.SequenceNode:
			l := []any{}
			for _, c := range n.Values {
				l = append(l, walk(c))
			}
			return l
		case *ast.IntegerNode, *ast.FloatNode:
			v := n.GetToken().Value
			if strings.Contains(v, "_") || strings.HasPrefix(v, "0x") {
				return v
			}
			return json.Number(v)
		case *ast.BoolNode:
			return n.Value
		case *ast.NullNode:
			return nil
		case *ast.StringNode:
			return n.Value
		case *ast.LiteralNode:
			return n.Value.Value
		}
		t.Fatalf("%s: no JSON for a YAML %s", file, n.Type())
		return nil
	}
	return walk(f.Docs[0].Body)
}

// The shipped data validates against the schemas, so an editor shows no
// false errors on it.
func TestSampleDataMatchesSchemas(t *testing.T) {
	files := map[string][]string{
		"roles":    {"../../data/roles.yaml"},
		"statuses": {"../../data/statuses.yaml"},
	}
	files["template"], _ = filepath.Glob("../../data/templates/*.yaml")
	files["plan"], _ = filepath.Glob("../../data/plans/*.yaml")
	if len(files["plan"]) == 0 {
		t.Fatal("no sample plans")
	}
	for kind, list := range files {
		s := compile(t, kind)
		for _, f := range list {
			if err := s.Validate(yamlToJSON(t, f)); err != nil {
				t.Errorf("%s: %v", f, err)
			}
		}
	}
}

// The schema rejects what the loader rejects: unknown keys and bad values.
func TestSchemaRejectsMistakes(t *testing.T) {
	s := compile(t, "plan")
	good := yamlToJSON(t, "../../data/plans/2025-08-22-br-lm-oncoderm-ae.yaml").(map[string]any)
	for name, mutate := range map[string]func(map[string]any){
		"unknown key":   func(m map[string]any) { m["sidebar_lable"] = "x" },
		"missing deal":  func(m map[string]any) { delete(m, "deal") },
		"bad slug":      func(m map[string]any) { m["slug"] = "../etc" },
		"bad state":     func(m map[string]any) { m["document"].(map[string]any)["state"] = "final" },
		"bad task date": func(m map[string]any) { m["tasks"] = map[string]any{"conception": map[string]any{"start": "1 May"}} },
		"two kinds in a block": func(m map[string]any) {
			m["extra_sections"] = []any{map[string]any{"after": "scope", "title": "X", "content": []any{map[string]any{"text": "a", "danger": "b"}}}}
		},
		"a block of no kind": func(m map[string]any) {
			m["extra_sections"] = []any{map[string]any{"after": "scope", "title": "X", "content": []any{map[string]any{}}}}
		},
	} {
		b, _ := json.Marshal(good)
		var m map[string]any
		json.Unmarshal(b, &m)
		mutate(m)
		if err := s.Validate(m); err == nil {
			t.Errorf("%s: schema accepted it", name)
		}
	}
}

// An editor refuses the slugs qmsplan refuses, and only those.
func TestSchemaSlugIsPathsSlug(t *testing.T) {
	samples := map[string]string{
		"plan":     "../../data/plans/2025-08-22-br-lm-oncoderm-ae.yaml",
		"template": "../../data/templates/integrated-json-only.yaml",
	}
	for kind, file := range samples {
		s := compile(t, kind)
		for _, slug := range []string{"index", "Index", "_index", "a b", "../x", "a..b", "Ok-1.2", "index-2", "x.index"} {
			m := yamlToJSON(t, file).(map[string]any)
			m["slug"] = slug
			schemaOK := s.Validate(m) == nil
			if want := paths.Slug(slug) == nil; schemaOK != want {
				t.Errorf("%s schema: slug %q accepted: %v, paths.Slug accepts it: %v", kind, slug, schemaOK, want)
			}
		}
	}
}
