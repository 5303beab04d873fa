package yamlout

import (
	"testing"

	"github.com/goccy/go-yaml/token"
)

// quotingCases are strings at every edge of goccy's quoting rules.
var quotingCases = []string{
	"", "plain text", "yes", "No", "on", "OFF", "y", "null", "~", "NULL", "true", "FALSE",
	"123", "-123", "+1", "0x1F", "0o17", "0b101", "017", "1e3", "1.50", ".5", "-.5", "1_000", "_1", "9223372036854775808",
	"99999999999999999999999", ".inf", "-.Inf", ".NaN", "inf", "NaN", "Infinity", "-", "--", "-x", "- x",
	"2025-01-10", "2025-1-2", "2025-01-10T10:00:00Z", "2025-01-10 10:00:00", "-2025-01-10", "+2025-01-10", "12:30", "1:2",
	"a: b", "a:b", "a:", "a #b", "a#b", "# c", "? x", "?x", ": x", "'q'", `"q"`, `back\slash`, "@x", "`x", "%x", "!x", "&x",
	"*x", "|", ">", "{x}", "[x]", "]x", "}x", ",x", "x,y", "x]", "x}", "x'", `x"`, "http://x", "a:/b", " lead", "trail ",
	"two\nlines", "tab\there", "cr\rx", "nul\x00", "del\x7f", "a\n\n b", "trail\n", "J&J <b>20250822</b>", "ü ⛔ 🧭",
	"---", "...", "<svg viewBox=\"0 0 10 10\"><text>a: b</text></svg>", "\u0085nel", "\u2028ls", "x\u00a0",
}

type scalars struct {
	S    string            `yaml:"s"`
	Flow []string          `yaml:"flow,flow"`
	Seq  []string          `yaml:"seq"`
	M    map[string]string `yaml:"m"`
}

type shapes struct {
	Title   string            `yaml:"title"`
	Weight  int               `yaml:"weight"`
	Zero    int               `yaml:"zero"`
	Neg     int64             `yaml:"neg,omitempty"`
	U       uint              `yaml:"u"`
	On      bool              `yaml:"on"`
	Off     bool              `yaml:"off,omitempty"`
	Empty   string            `yaml:"empty"`
	Skip    string            `yaml:"skip,omitempty"`
	Dash    string            `yaml:"-"`
	private string            //nolint:unused // goccy skips it too
	Ptr     *inner            `yaml:"ptr,omitempty"`
	NilPtr  *inner            `yaml:"nilPtr,omitempty"`
	Items   []inner           `yaml:"items"`
	PItems  []*inner          `yaml:"pItems,omitempty"`
	Map     map[string]inner  `yaml:"map"`
	Strs    map[string]string `yaml:"strs,omitempty"`
	Ints    []int             `yaml:"ints,flow"`
	NoInts  []int             `yaml:"noInts,omitempty,flow"`
	Names   []string          `yaml:"names"`
}

type inner struct {
	Key   string      `yaml:"key"`
	Deep  *innermost  `yaml:"deep,omitempty"`
	List  []string    `yaml:"list,omitempty"`
	Cols  []string    `yaml:"cols,flow"`
	Rows  []innermost `yaml:"rows,omitempty"`
	Other string      `yaml:"other,omitempty"`
}

type innermost struct {
	A string `yaml:"a"`
	B int    `yaml:"b,omitempty"`
}

// The fast encoder writes what goccy writes, byte for byte, for every
// shape it takes on; for the rest it says so and Marshal uses goccy.
func TestFastMatchesGoccy(t *testing.T) {
	deep := &innermost{A: "x: y", B: 2}
	in := inner{Key: "k", Deep: deep, List: []string{"a", "- b"}, Cols: []string{"task", "a,b", "http://x", "c:"}, Rows: []innermost{{A: "1"}, {A: "yes", B: 3}}, Other: "o"}
	cases := []any{
		shapes{Title: "t", Weight: 3, Neg: -4, U: 5, On: true, Ptr: &in, Items: []inner{in, {Key: "2025-01-01", Cols: []string{"x"}}},
			PItems: []*inner{&in}, Map: map[string]inner{"b": in, "a: x": {Key: "z", Cols: []string{"y"}}, "2": {Key: "n", Cols: []string{"q"}}},
			Strs: map[string]string{"yes": "no", "k": ""}, Ints: []int{1, -2, 3}, Names: []string{"", "~", "a\nb"}},
		&shapes{Title: "pointer to the top", Items: []inner{{Cols: []string{"c"}}}, Map: map[string]inner{"m": {Cols: []string{"c"}}}, Ints: []int{0}, Names: []string{"n"}},
	}
	for _, s := range quotingCases {
		cases = append(cases, scalars{S: s, Flow: []string{s, "x"}, Seq: []string{s}, M: map[string]string{s: s}})
	}
	for i, v := range cases {
		want, err := Reference(v)
		if err != nil {
			t.Fatalf("case %d: goccy: %v", i, err)
		}
		got, err := Fast(v)
		if err != nil {
			t.Errorf("case %d: the fast encoder refused %#v: %v", i, v, err)
			continue
		}
		if string(got) != string(want) {
			t.Errorf("case %d: fast encoder wrote\n%s\ngoccy wrote\n%s", i, got, want)
		}
	}
}

// Shapes whose goccy output the fast encoder does not copy are refused,
// so that Marshal falls back on goccy for them.
func TestFastRefusesOtherShapes(t *testing.T) {
	type noTag struct{ A string }
	type nilPtr struct {
		P *innermost `yaml:"p"`
	}
	type emptySeq struct {
		S []string `yaml:"s"`
	}
	type emptyMap struct {
		M map[string]string `yaml:"m"`
	}
	type byValue struct {
		V innermost `yaml:"v,omitempty"`
	}
	type anyValue struct {
		V any `yaml:"v"`
	}
	type inline struct {
		V innermost `yaml:",inline"`
	}
	type floats struct {
		F float64 `yaml:"f"`
	}
	for _, v := range []any{noTag{"a"}, nilPtr{}, emptySeq{}, emptyMap{}, byValue{}, anyValue{"x"}, inline{}, floats{1.5}, "top-level string", []string{"a"}} {
		if _, err := Fast(v); err != ErrShape {
			t.Errorf("%#v: fast encoder gave %v, want ErrShape", v, err)
		}
		if got, err := Marshal(v); err == nil {
			if want, _ := Reference(v); string(got) != string(want) {
				t.Errorf("%#v: Marshal wrote\n%s\ngoccy\n%s", v, got, want)
			}
		}
	}
}

// needQuoted is token.IsNeedQuoted, faster.
func FuzzNeedQuoted(f *testing.F) {
	for _, s := range quotingCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := needQuoted(s), token.IsNeedQuoted(s); got != want {
			t.Errorf("needQuoted(%q) = %v, token.IsNeedQuoted says %v", s, got, want)
		}
		v := scalars{S: s, Flow: []string{s}, Seq: []string{s}, M: map[string]string{"k": s}}
		want, err := Reference(v)
		if err != nil {
			return
		}
		if got, err := Fast(v); err != nil || string(got) != string(want) {
			t.Errorf("%q: fast encoder wrote\n%s (%v)\ngoccy wrote\n%s", s, got, err, want)
		}
	})
}
