package diag_test

import (
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/diag"
)

func TestQuote(t *testing.T) {
	long := strings.Repeat("x", diag.MaxQuote)
	for _, c := range []struct{ in, want string }{
		{"", `""`},
		{"JD-013", `"JD-013"`},
		{long, `"` + long + `"`},
		{long + "secret", `"` + long + `"…`},
		{strings.Repeat("é", diag.MaxQuote+1), `"` + strings.Repeat("é", diag.MaxQuote) + `"…`},
		{"a\nb\r::error::x", `"a\nb\r::error::x"`},
		{"\x1b[31mred", `"\x1b[31mred"`},
		{"ab\u202ecd", `"ab\u202ecd"`},
		{"bad \xff byte", `"bad \xff byte"`},
		{`say "hi"`, `"say \"hi\""`},
	} {
		if got := diag.Quote(c.in); got != c.want {
			t.Errorf("Quote(%.20q) = %s, want %s", c.in, got, c.want)
		}
	}
}
