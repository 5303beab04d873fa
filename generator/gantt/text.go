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
		switch {
		case r >= 0x1100 && (r <= 0x115f || r >= 0x2e80):
			em += 1.05 // CJK, emoji: full width
		case strings.ContainsRune("mwMW@%", r):
			em += 1.0
		case unicode.IsUpper(r):
			em += 0.8
		case unicode.IsSpace(r), strings.ContainsRune(".,:;'!|il", r):
			em += 0.4
		default:
			em += 0.66
		}
	}
	return em * size
}

// shorten cuts s to fit width at size, ending it with an ellipsis.
func shorten(s string, width, size float64) string {
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
