package gantt

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// num's fast path prints what strconv does for the value rounded to
// tenths, sign, zero and huge values included.
func TestNumAsStrconv(t *testing.T) {
	want := func(v float64) string { return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64) }
	vals := []float64{0, -0.0, 0.04, -0.04, 0.05, -0.05, 0.96, 1, 9.95, 10, 12.34, -12.34, 719.99, 720, 2.83, -2.83,
		1e15, -1e15, 1e300, math.Inf(1), math.Inf(-1), math.NaN(), math.MaxInt64, 0.1 + 0.2}
	r := rand.New(rand.NewPCG(1, 2))
	for range 100000 {
		vals = append(vals, (r.Float64()-0.3)*3000)
	}
	for _, v := range vals {
		if got := num(v); got != want(v) {
			t.Errorf("num(%v) = %q, want %q", v, got, want(v))
		}
	}
}

// e writes what esc returns, plain strings as they are.
func TestWriteEscapedAsEsc(t *testing.T) {
	for _, s := range []string{"", "Plan A 2025", hostile, "a'b", `a"b`, "{{< x >}}", "{{% x %}}", "tab\tnew\nline\r", "Zürich 東京 🎉",
		"bad \x00 \ufffe", "\x7f", "a&b", "<", "x>y", "../r-009-001/2025-02-03-uk/#task-kick_off"} {
		var b svg
		b.e(s)
		if b.String() != esc(s) {
			t.Errorf("e(%q) wrote %q, esc gives %q", s, b.String(), esc(s))
		}
	}
}

// shorten cuts where measuring every shorter prefix with textWidth would.
func TestShortenAsMeasuringEachPrefix(t *testing.T) {
	slow := func(s string, width, size float64) string {
		if textWidth(s, size) <= width {
			return s
		}
		r := []rune(s)
		for len(r) > 0 {
			r = r[:len(r)-1]
			t := strings.TrimRight(string(r), " ") + "…"
			if textWidth(t, size) <= width {
				return t
			}
		}
		return "…"
	}
	for _, s := range []string{"", "Plan", "CH Dermalia 20250112 with a name too long for the column", "a    b    c    d    e    f    g    h    i",
		"WWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWWW", "東京の皮膚科クリニック東京の皮膚科クリニック", "ilililililililililililililililililililililililil", hostile + hostile} {
		for _, width := range []float64{0, 5, 40, 100, 196, 300} {
			if got, want := shorten(s, width, labelFont), slow(s, width, labelFont); got != want {
				t.Errorf("shorten(%q, %v) = %q, want %q", s, width, got, want)
			}
		}
	}
}
