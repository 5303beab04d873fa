package gantt

import (
	"strings"
	"unicode"
)

// textWidth is a conservative estimate of how wide s is drawn at size in a
// sans-serif font. No font is measured at build time, so labels are placed
// by this estimate, which errs wide (DejaVu Sans, the widest common default,
// is the reference): overestimating costs a little space, underestimating
// would overlap text.
func textWidth(s string, size float64) float64 {
	var em float64
	for _, r := range s {
		em += runeEm(r)
	}
	return em * size
}

// runeEm is how wide r is drawn, in em.
func runeEm(r rune) float64 {
	switch {
	case r >= 0x1100 && (r <= 0x115f || r >= 0x2e80):
		return 1.05 // CJK, emoji: full width
	case strings.ContainsRune("mwMW@%", r):
		return 1.0
	case unicode.IsUpper(r):
		return 0.8
	case unicode.IsSpace(r), strings.ContainsRune(".,:;'!|il", r):
		return 0.4
	}
	return 0.66
}

// shorten cuts s to fit width at size, ending it with an ellipsis. It
// sums the runes' widths once, in the order textWidth does, so that each
// cut is weighed as textWidth would weigh it, without measuring every
// prefix again.
func shorten(s string, width, size float64) string {
	if textWidth(s, size) <= width {
		return s
	}
	r := []rune(s)
	sum := make([]float64, len(r)+1) // sum[i]: the em of r[:i]
	for i, c := range r {
		sum[i+1] = sum[i] + runeEm(c)
	}
	dots := runeEm('…')
	for n := len(r) - 1; n > 0; n-- {
		k := n // r[:n] without its trailing spaces
		for k > 0 && r[k-1] == ' ' {
			k--
		}
		if (sum[k]+dots)*size <= width {
			return string(r[:k]) + "…"
		}
	}
	return "…"
}
