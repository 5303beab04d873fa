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

func TestParseResponsible(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []RoleRef
	}{
		{"Deal Owner & JD-013/JD-027", []RoleRef{{"", "Deal Owner"}, {"&", "JD-013"}, {"/", "JD-027"}}},
		{"JD-013", []RoleRef{{"", "JD-013"}}},
		{" & JD-013 /", []RoleRef{{"", "JD-013"}}},
		{"A / & B", []RoleRef{{"", "A"}, {"&", "B"}}},
		{"A & / B", []RoleRef{{"", "A"}, {"&", "B"}}},
		{"&/", nil},
	} {
		if got := ParseResponsible(tc.in); !slices.Equal(got, tc.want) {
			t.Errorf("ParseResponsible(%q) = %q, want %q", tc.in, got, tc.want)
		}
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

// statuses is the roll-up of data/statuses.yaml under other keys, so the
// test shows that the rule lives in the flags, not in the words.
var statuses = StatusRegistry{Statuses: []Status{
	{Key: "todo", Default: true}, {Key: "doing", Ongoing: true},
	{Key: "finished", Closed: true, Completed: true}, {Key: "stuck", Wins: true}, {Key: "dropped", Closed: true},
}}

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
		{nil, "todo"},
		{map[string]string{"a": "finished"}, "doing"},
		{map[string]string{"a": "finished", "b": "finished"}, "finished"},
		{map[string]string{"a": "finished", "b": "dropped"}, "finished"},
		{map[string]string{"a": "dropped", "b": "dropped"}, "dropped"},
		{map[string]string{"a": "finished", "b": "stuck"}, "stuck"},
		{map[string]string{"a": "stuck"}, "stuck"},
		{map[string]string{"a": "doing"}, "doing"},
		{map[string]string{"a": "dropped"}, "doing"},
		{map[string]string{"a": "todo", "b": "todo"}, "todo"},
	} {
		tm, p := plan(tc.fills)
		if got := PlanStatus(p, Resolve(tm, p), statuses); got != tc.want {
			t.Errorf("%v: status %q, want %q", tc.fills, got, tc.want)
		}
	}
	tm, p := plan(map[string]string{"a": "finished"})
	p.Status = "dropped"
	if got := PlanStatus(p, Resolve(tm, p), statuses); got != "dropped" {
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
	if r := Resolve(tm, p)[0].Rows[0]; statuses.Of(r.Fill) != "done" || r.Extra {
		t.Errorf("template row = %+v", r)
	}
}

func TestSpan(t *testing.T) {
	d := MustDate("2025-03-01")
	if s, e := (TaskFill{Date: d}).Span(); !s.Equal(d) || !e.Equal(d) {
		t.Error("a one-day task spans its date")
	}
}
