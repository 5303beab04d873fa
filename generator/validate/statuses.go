package validate

import (
	"fmt"
	"slices"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

// statusFlags checks what data/statuses.yaml says the statuses mean: the
// plan roll-up (model.PlanStatus) needs exactly one default and one ongoing
// status, and flags that contradict each other would make it depend on the
// order it tests them in. Colours and patterns must be ones the stylesheet
// draws.
func (v *checker) statusFlags() {
	reg := v.d.Statuses
	if len(reg.Statuses) == 0 {
		return // reported once as "no statuses are defined"
	}
	v.exactlyOne(reg, "default", func(s model.Status) bool { return s.Default },
		"the status of tasks that give none")
	v.exactlyOne(reg, "ongoing", func(s model.Status) bool { return s.Ongoing },
		"the status of a plan under way")
	for _, s := range reg.Statuses {
		for _, c := range []struct {
			bad        bool
			key, other string
		}{
			{s.Default && s.Closed, "default", "closed"},
			{s.Default && s.Wins, "default", "wins"},
			{s.Default && s.Ongoing, "default", "ongoing"},
			{s.Ongoing && s.Closed, "ongoing", "closed"},
			{s.Ongoing && s.Wins, "ongoing", "wins"},
			{s.Wins && s.Closed, "wins", "closed"},
		} {
			if c.bad {
				v.ds.Add(diag.Errorf(s.Src.At(c.key), "status %s: %s and %s contradict each other", diag.Quote(s.Key), c.key, c.other).
					Fix(fmt.Sprintf("keep one of %s and %s", c.key, c.other)))
			}
		}
		if s.Completed && !s.Closed {
			v.ds.Add(diag.Errorf(s.Src.At("completed"), "status %s: completed but not closed", diag.Quote(s.Key)).
				Fix("add closed: true, or remove completed"))
		}
		v.oneOf(s.Src, "colour", s.Colour, model.PaletteNames(), "a colour of the Okabe-Ito palette")
		v.oneOf(s.Src, "pattern", s.Pattern, model.Patterns, "a pattern")
	}
}

func (v *checker) exactlyOne(reg model.StatusRegistry, flag string, has func(model.Status) bool, what string) {
	var first *model.Status
	for i, s := range reg.Statuses {
		if !has(s) {
			continue
		}
		if first == nil {
			first = &reg.Statuses[i]
			continue
		}
		v.ds.Add(diag.Errorf(s.Src.At(flag), "status %s: a second %s status (%s)", diag.Quote(s.Key), flag, what).
			Fix(fmt.Sprintf("keep %s: true on one status only; %s has it", flag, first.Src.At(flag))))
	}
	if first == nil {
		v.ds.Add(diag.Errorf(reg.Src.At("statuses"), "no status is marked %s (%s)", flag, what).
			Fix(fmt.Sprintf("add %s: true to one status", flag)))
	}
}

// oneOf reports a value outside a fixed vocabulary; an empty one is left to
// the loader's required-key check.
func (v *checker) oneOf(src model.Src, key, val string, known []string, what string) {
	if val == "" || slices.Contains(known, val) {
		return
	}
	v.ds.Add(diag.Errorf(src.At(key), "unknown %s %s: choose %s", key, diag.Quote(val), what).Fix(diag.DidYouMean(val, known)))
}
