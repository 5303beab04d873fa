package render

import (
	"strings"
	"testing"
)

// tidyByLines is tidy as first written, line by line with strings: the
// oracle the in-place tidy must agree with byte for byte.
func tidyByLines(b []byte) []byte {
	lines := strings.Split(string(b), "\n")
	var out []string
	fence, blank := false, false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fence = !fence
		}
		if !fence && t == "" {
			if blank {
				continue
			}
			blank = true
		} else {
			blank = false
		}
		out = append(out, l)
	}
	return []byte(strings.TrimSpace(strings.Join(out, "\n")) + "\n")
}

var tidyCases = []string{
	"",
	"\n",
	"a",
	"a\n",
	"\n\n\na\n\n\nb\n\n\n",
	"a\n \n\t\n  \nb",
	"```\n\n\n\n```\n\n\nc",
	"  ~~~go\n\n\n  ~~~\n\n\n",
	"```\nunclosed\n\n\n",
	"x\n\u00a0\n\u0085\n\ny",      // Unicode white space is blank too
	"\u00a0 lead\n\ntrail \u2003", // and trimmed at both ends
	"a\r\n\r\n\r\nb\r\n",
}

func TestTidyAgreesWithLineByLine(t *testing.T) {
	for _, c := range tidyCases {
		want := string(tidyByLines([]byte(c)))
		buf := []byte(c)
		if got := string(tidy(buf)); got != want {
			t.Errorf("tidy(%q) = %q, want %q", c, got, want)
		}
	}
}

func FuzzTidy(f *testing.F) {
	for _, c := range tidyCases {
		f.Add(c)
	}
	f.Fuzz(func(t *testing.T, c string) {
		if got, want := string(tidy([]byte(c))), string(tidyByLines([]byte(c))); got != want {
			t.Errorf("tidy(%q) = %q, want %q", c, got, want)
		}
	})
}
