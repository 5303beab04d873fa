package model

import (
	"slices"
	"testing"
)

func TestParseDate(t *testing.T) {
	for _, tc := range []struct {
		in string
		ok bool
	}{
		{"2025-02-28", true}, {"2024-02-29", true}, {"2025-02-29", false}, {"2025-02-30", false},
		{"2025-13-01", false}, {"2025-2-3", false}, {"2025-02-03T10:00:00Z", false}, {"", false},
	} {
		_, err := ParseDate(tc.in)
		if (err == nil) != tc.ok {
			t.Errorf("ParseDate(%q) error = %v, want ok=%v", tc.in, err, tc.ok)
		}
	}
}

func TestResponsibleRoles(t *testing.T) {
	got := ResponsibleRoles("Deal Owner & JD-013/JD-027")
	if !slices.Equal(got, []string{"Deal Owner", "JD-013", "JD-027"}) {
		t.Errorf("got %q", got)
	}
}

func TestUnfilled(t *testing.T) {
	for in, want := range map[string]string{
		"[START_DATE]": "[START_DATE]", "due [YYYY-MM-DD]": "[YYYY-MM-DD]", "see [docs](x)": "", "[a]": "",
	} {
		if got := Unfilled(in); got != want {
			t.Errorf("Unfilled(%q) = %q, want %q", in, got, want)
		}
	}
}

var statuses = map[string]*Status{
	"pending": {Key: "pending"}, "in-progress": {Key: "in-progress"}, "blocked": {Key: "blocked"},
	"done": {Key: "done", Closed: true}, "cancelled": {Key: "cancelled", Closed: true},
}

func plan(fills map[string]string) (*Template, *Plan) {
	t := &Template{Phases: []Phase{{Key: "p", Tasks: []Task{{Key: "a"}, {Key: "b"}}}}}
	p := &Plan{Tasks: map[string]TaskFill{}}
	for k, s := range fills {
		p.Tasks[k] = TaskFill{Status: s}
	}
	return t, p
}

func TestPlanStatus(t *testing.T) {
	for _, tc := range []struct {
		fills map[string]string
		want  string
	}{
		{nil, "pending"},
		{map[string]string{"a": "done"}, "in-progress"},
		{map[string]string{"a": "done", "b": "done"}, "done"},
		{map[string]string{"a": "done", "b": "cancelled"}, "done"},
		{map[string]string{"a": "cancelled", "b": "cancelled"}, "cancelled"},
		{map[string]string{"a": "done", "b": "blocked"}, "blocked"},
	} {
		tm, p := plan(tc.fills)
		if got := PlanStatus(p, Resolve(tm, p), statuses); got != tc.want {
			t.Errorf("%v: status %q, want %q", tc.fills, got, tc.want)
		}
	}
	tm, p := plan(map[string]string{"a": "done"})
	p.Status = "cancelled"
	if got := PlanStatus(p, Resolve(tm, p), statuses); got != "cancelled" {
		t.Errorf("override ignored: %q", got)
	}
}

func TestResolvePlacesExtraTasks(t *testing.T) {
	tm, p := plan(map[string]string{"a": "done"})
	p.ExtraTasks = []ExtraTask{
		{Phase: "p", Key: "end", Name: "End"},
		{Phase: "p", After: "a", Key: "x", Name: "X"},
		{Phase: "p", After: "a", Key: "y", Name: "Y"},
		{Phase: "other", Key: "z"},
	}
	var keys []string
	for _, r := range Resolve(tm, p)[0].Rows {
		keys = append(keys, r.Task.Key)
	}
	if !slices.Equal(keys, []string{"a", "x", "y", "b", "end"}) {
		t.Errorf("rows = %v", keys)
	}
	if r := Resolve(tm, p)[0].Rows[0]; r.Fill.StatusKey() != "done" || r.Extra {
		t.Errorf("template row = %+v", r)
	}
}

func TestSpan(t *testing.T) {
	d := MustDate("2025-03-01")
	if s, e := (TaskFill{Date: d}).Span(); !s.Equal(d) || !e.Equal(d) {
		t.Error("a one-day task spans its date")
	}
}
