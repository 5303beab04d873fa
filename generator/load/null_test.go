package load_test

import (
	"encoding/json"
	"testing"

	"github.com/qmsplan/qmsplan/generator/schema"
)

// The loader refuses null everywhere because no type of the shipped JSON
// Schemas admits it. A schema that starts to allow null somewhere must teach
// the loader where, or the two would disagree on what a valid file is.
func TestSchemaAdmitsNoNull(t *testing.T) {
	for _, kind := range schema.Kinds() {
		b, err := schema.Generate(kind)
		if err != nil {
			t.Fatal(err)
		}
		var v any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatal(err)
		}
		var walk func(v any, at string)
		walk = func(v any, at string) {
			switch v := v.(type) {
			case map[string]any:
				for k, x := range v {
					if k == "type" && admitsNull(x) {
						t.Errorf("%s schema admits null at %s: teach load's decoder (null) where", kind, at)
					}
					walk(x, at+"/"+k)
				}
			case []any:
				for _, x := range v {
					walk(x, at)
				}
			}
		}
		walk(v, "")
	}
}

func admitsNull(t any) bool {
	switch t := t.(type) {
	case string:
		return t == "null"
	case []any:
		for _, x := range t {
			if x == "null" {
				return true
			}
		}
	}
	return false
}
