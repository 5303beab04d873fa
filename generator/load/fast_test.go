package load_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/fixture"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
)

// fastCases are small files at the edges of what the fast parser reads:
// it must build goccy's tree for each, or leave it to goccy.
var fastCases = []string{
	"a: b\n",
	"a: b",
	"a:  b  \n",
	"a: b # note\nc: d\n",
	"# head\n\na: b\n\n# tail\n",
	"a:\n  b: c\n  d:\n    e: f\ng: h\n",
	"a:\n  - x\n  - y\nb: c\n",
	"a:\n- x\n- y\n",
	"a:\n  - k: v\n    l: w\n  - k: v2\n",
	"a:\n  -   k: v\n      l: w\n",
	"a:\n  - x\n    y\n",
	"a: b\n  c\n",
	"a:\n  b: c\n d: e\n",
	"a: \"q\\n\\\"x\\\\ \\/\\t\"\n",
	"a: \"\\u00e9\"\n",
	"a: \"unclosed\n",
	"a: 'it''s' # c\n",
	"a: 'x'y\n",
	"a: 12\nb: -3\nc: 0x10\nd: 1.5\ne: true\nf: yes\ng: null\nh: ~\ni: 2025-01-02\nj: .inf\n",
	"a: 010\nb: 1_000\nc: +1\n",
	"a: x: y\n",
	"a: x:\n",
	"a: http://x.example/a:b\n",
	"a: [1, 2]\n",
	"a: {b: c}\n",
	"a: &x b\n",
	"a: !!str b\n",
	"a: |\n  text\n",
	"a: >\n  text\n",
	"a:\n",
	"a: b\na: c\n",
	"true: x\n",
	"1: x\n",
	"\"a\": b\n",
	"a b: c\n",
	"- a\n- b\n",
	"- a: b\n  c: d\n- e\n",
	"a:\tb\n",
	"a: b\r\nc: d\r\n",
	"---\na: b\n",
	"a: b\n---\nc: d\n",
	"a: b\n...\n",
	"%YAML 1.2\n---\na: b\n",
	"  a: b\n",
	"a: Giménez — ü\nbé: c\nd: \"é\" # ö\n",
	"a:\n  - Giménez\n  - k: ö\n    l: 'ß'\n",
	"a: b #\nc: d#e\n",
	"a: b\n#c: d\n  # indented comment\ne: f\n",
	"a:\n  # comment\n  b: c\n",
	"a: -x\nb: ?x\nc: :x\nd: ,x\ne: %x\nf: @x\ng: `x\n",
	"a: x]\nb: x}\nc: x,y\n",
	"a: \"\"\nb: ''\n",
	"a: - b\n",
	"-a: b\n",
	"a-: b\n",
	"a:\n  -\n  - b\n",
	"a:\n  - # c\n    b\n",
	"",
	"# only a comment\n",
	"a",
	":",
	"a:b\n",
}

// fastInputs are the files the fast parser is compared with goccy on: the
// cases above, the fuzz corpus, the repository's data and a fixture's.
func fastInputs(t *testing.T) (all map[string][]byte, fixturePlans []string) {
	all = map[string][]byte{}
	for i, c := range fastCases {
		all["case "+strconv.Itoa(i)] = []byte(c)
	}
	corpus, _ := filepath.Glob("testdata/fuzz/*/*")
	for _, f := range corpus {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		_, arg, _ := strings.Cut(string(b), "[]byte(")
		s, err := strconv.Unquote(strings.TrimSuffix(strings.TrimSpace(arg), ")"))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		all[f] = []byte(s)
	}
	dir := t.TempDir()
	if err := fixture.Write("../..", dir, fixture.Options{Plans: 120, Seed: 7, AsOf: model.MustDate("2026-12-01")}); err != nil {
		t.Fatal(err)
	}
	for _, root := range []string{"../../data", filepath.Join(dir, "data")} {
		files, _ := filepath.Glob(filepath.Join(root, "*", "*.yaml"))
		more, _ := filepath.Glob(filepath.Join(root, "*.yaml"))
		for _, f := range append(files, more...) {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			all[f] = b
			if root != "../../data" && strings.Contains(f, "/plans/") {
				fixturePlans = append(fixturePlans, f)
			}
		}
	}
	return all, fixturePlans
}

// Where the fast parser reads a file, its tree is goccy's, node for node,
// with the same positions and values; and it reads every plan of a
// fixture (the common case it is for).
func TestFastParseIsGoccys(t *testing.T) {
	all, fixturePlans := fastInputs(t)
	fast := 0
	for name, b := range all {
		g, gok, f, fok := load.Trees(b)
		if !fok {
			continue
		}
		fast++
		if !gok {
			t.Errorf("%s: the fast parser read a file goccy refuses:\n%s\n%s", name, b, f)
		} else if f != g {
			t.Errorf("%s: trees differ for\n%s\nfast:\n%s\ngoccy:\n%s", name, b, f, g)
		}
	}
	for _, f := range fixturePlans {
		if _, _, _, ok := load.Trees(all[f]); !ok {
			t.Errorf("%s: left to goccy, yet it is a fixture's plan:\n%s", f, all[f])
		}
	}
	if len(fixturePlans) < 100 {
		t.Errorf("only %d fixture plans", len(fixturePlans))
	}
	t.Logf("the fast parser read %d of %d files", fast, len(all))
}

func FuzzFastParse(f *testing.F) {
	for _, c := range fastCases {
		f.Add([]byte(c))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		if len(b) > 4096 {
			return // goccy's parser is slow on some large inputs; plans are read whole by the test above
		}
		g, gok, fast, fok := load.Trees(b)
		if fok && (!gok || fast != g) {
			t.Errorf("input %q:\nfast:\n%s\ngoccy (ok %v):\n%s", b, fast, gok, g)
		}
	})
}

// Lists nested deeper than MaxDepth are left to goccy.
func TestFastParseLeavesDeepNestingToGoccy(t *testing.T) {
	for _, c := range []struct {
		depth int
		fast  bool
	}{{load.MaxDepth - 1, true}, {load.MaxDepth + 1, false}} {
		in := "a:\n  " + strings.Repeat("- ", c.depth) + "x\n"
		if _, _, _, ok := load.Trees([]byte(in)); ok != c.fast {
			t.Errorf("lists %d deep: read by the fast parser %v, want %v", c.depth, ok, c.fast)
		}
	}
}
