package diag

import (
	"fmt"
	"slices"
	"strings"

	"github.com/agnivade/levenshtein"
)

// DidYouMean suggests the closest of known names to got, for hints about
// keys and references (template keys, statuses, roles): "did you mean "x"?"
// when one is close, else the list of known names.
func DidYouMean(got string, known []string) string {
	best, bestD := "", 1<<30
	for _, k := range known {
		if dist := levenshtein.ComputeDistance(strings.ToLower(got), strings.ToLower(k)); dist < bestD {
			best, bestD = k, dist
		}
	}
	if best != "" && bestD <= max(2, len(got)/3) {
		return fmt.Sprintf("did you mean %q?", best)
	}
	return "known keys: " + strings.Join(slices.Sorted(slices.Values(known)), ", ")
}
