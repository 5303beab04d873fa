package diag

import (
	"strconv"
	"unicode/utf8"
)

// MaxQuote is how many characters of a value a finding quotes.
const MaxQuote = 64

// Quote is how every finding quotes text from the input: in Go's double
// quotes, with control characters, invalid UTF-8 and invisible format
// characters escaped (so a value cannot forge a line of output or a CI
// command), and clipped to MaxQuote characters followed by "…". The input
// may not be data at all: a plan that is a link to a secret, a binary file,
// a megabyte on one line; a finding shows enough to find the place, never
// the whole.
func Quote(s string) string {
	if utf8.RuneCountInString(s) <= MaxQuote {
		return strconv.Quote(s)
	}
	n, i := 0, 0
	for i < len(s) && n < MaxQuote {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		n++
	}
	return strconv.Quote(s[:i]) + "…"
}
