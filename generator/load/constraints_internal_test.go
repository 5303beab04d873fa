package load

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

func TestTagOptions(t *testing.T) {
	for _, c := range []struct {
		tag  string
		want []string
	}{
		{"required", []string{"required"}},
		{"", []string{""}},
		{`required,pattern=^[a-z]+$,description=What plans write\, e.g. in-progress.`,
			[]string{"required", "pattern=^[a-z]+$", "description=What plans write, e.g. in-progress."}},
		// An escaped comma followed by "required" is part of the description.
		{`description=a\,required,minimum=0`, []string{"description=a,required", "minimum=0"}},
		{`pattern=^\d{1\,3}$`, []string{`pattern=^\d{1,3}$`}},
		{`a\`, []string{`a\`}},
	} {
		if got := tagOptions(c.tag); !slices.Equal(got, c.want) {
			t.Errorf("tagOptions(%q) = %q, want %q", c.tag, got, c.want)
		}
	}
}

func TestPatternWords(t *testing.T) {
	for src, want := range map[string]string{
		`^[a-z0-9][a-z0-9_-]*$`:        "use lower-case letters, digits, '_' and '-', starting with a lower-case letter or a digit",
		`^[a-z][a-z0-9-]*$`:            "use lower-case letters, digits and '-', starting with a lower-case letter",
		`^[a-z0-9][a-z0-9_]*$`:         "use lower-case letters, digits and '_', starting with a lower-case letter or a digit",
		`^[A-Z0-9_-]+$`:                "use capital letters, digits, '_' and '-'",
		`^[A-Za-z0-9][A-Za-z0-9._-]*$`: "use letters, digits, '.', '_' and '-', starting with a letter or a digit",
		`^[a-z]+$`:                     "use lower-case letters",
		`^[a-z\.]+$`:                   "use lower-case letters and '.'",
		// Anything else is quoted as it is.
		`^\d{4}$`:        `must match ^\d{4}$`,
		`^[^ ]+$`:        `must match ^[^ ]+$`,
		`^[a-f0-9]+$`:    `must match ^[a-f0-9]+$`,
		`^[a-z]*$`:       `must match ^[a-z]*$`,
		`[a-z]+`:         `must match [a-z]+`,
		`^(ab|cd)+$`:     `must match ^(ab|cd)+$`,
		`^[\w-]+$`:       `must match ^[\w-]+$`,
		`^[a-zé]+$`:      `must match ^[a-zé]+$`,
		`^[[:alpha:]]+$`: `must match ^[[:alpha:]]+$`,
	} {
		if got := compilePattern(src).words; got != want {
			t.Errorf("%s: %q, want %q", src, got, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	for _, c := range []struct{ pattern, in, want string }{
		{`^[a-z0-9][a-z0-9_-]*$`, "Sum mary!", "sum_mary"},
		{`^[a-z0-9][a-z0-9_-]*$`, " legal_review ", "legal_review"},
		{`^[a-z0-9][a-z0-9_-]*$`, "!!!", ""},
		{`^[a-z0-9][a-z0-9_-]*$`, "_x", "x"},
		{`^[a-z][a-z0-9-]*$`, "In Progress", "in-progress"},
		{`^[a-z][a-z0-9-]*$`, "1st", ""},
		{`^[A-Z0-9_-]+$`, "start date", "START_DATE"},
		{`^\d+$`, " 12 ", "12"},
		{`^\d+$`, "1 2", ""},
	} {
		if got := compilePattern(c.pattern).suggest(c.in); got != c.want {
			t.Errorf("%s: suggest(%q) = %q, want %q", c.pattern, c.in, got, c.want)
		}
	}
}

// Every pattern in the model compiles and reads as words, not as a regexp;
// every minimum parses. (computeFields panics on a broken tag.)
func TestModelPatterns(t *testing.T) {
	seen := map[reflect.Type]bool{}
	n := 0
	var walk func(t reflect.Type)
	walk = func(ty reflect.Type) {
		for ty.Kind() == reflect.Pointer || ty.Kind() == reflect.Slice || ty.Kind() == reflect.Map {
			ty = ty.Elem()
		}
		if ty.Kind() != reflect.Struct || seen[ty] {
			return
		}
		seen[ty] = true
		fields, _ := computeFields(ty)
		for name, f := range fields {
			if f.check != nil && f.check.pattern != nil {
				n++
				if strings.HasPrefix(f.check.pattern.words, "must match") {
					t.Errorf("%s.%s: pattern %s has no reading in words", ty.Name(), name, f.check.pattern.src)
				}
			}
			walk(ty.FieldByIndex(f.index).Type)
		}
	}
	for _, ty := range []reflect.Type{reflect.TypeFor[model.Plan](), reflect.TypeFor[model.Template](),
		reflect.TypeFor[model.RoleRegistry](), reflect.TypeFor[model.StatusRegistry]()} {
		walk(ty)
	}
	if n < 5 {
		t.Errorf("found %d patterns in the model, expected the keys' and placeholders'", n)
	}
}

// Constraints also apply to lists of strings, to minimums other than 0 and
// to fractional numbers.
func TestConstraintKinds(t *testing.T) {
	type doc struct {
		Tags  []string `yaml:"tags" jsonschema:"pattern=^[a-z]+$"`
		Count int      `yaml:"count" jsonschema:"minimum=2"`
		Ratio float64  `yaml:"ratio" jsonschema:"minimum=0.5"`
		Src   model.Src
	}
	var v doc
	var ds diag.List
	decodeFile("f.yaml", []byte("tags: [ok, Not, fine]\ncount: 1\nratio: 0.25\n"), &v, &ds)
	want := []string{
		`f.yaml:1:12: error: tags[1] "Not" is not allowed: use lower-case letters (write it as "not")`,
		`f.yaml:2:8: error: count: 1 is less than 2, the smallest allowed (write a number of 2 or more)`,
		`f.yaml:3:8: error: ratio: 0.25 is less than 0.5, the smallest allowed (write a number of 0.5 or more)`,
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.String())
	}
	if !slices.Equal(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
