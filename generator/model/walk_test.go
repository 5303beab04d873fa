package model

import (
	"slices"
	"testing"
)

func TestWalkIsPageOrderWithDepth(t *testing.T) {
	ss := []Section{
		{Key: "a", Sections: []Section{{Key: "a1", Sections: []Section{{Key: "a11"}}}, {Key: "a2"}}},
		{Key: "b"},
	}
	var got []string
	Walk(ss, func(s *Section, depth int) { got = append(got, s.Key+":"+string(rune('0'+depth))) })
	if want := []string{"a:0", "a1:1", "a11:2", "a2:1", "b:0"}; !slices.Equal(got, want) {
		t.Errorf("Walk = %v, want %v", got, want)
	}
	got = nil
	WalkTree(ss, func(s *Section, _ int) { got = append(got, s.Key) }, func(s *Section, _ int) { got = append(got, "/"+s.Key) })
	if want := []string{"a", "a1", "a11", "/a11", "/a1", "a2", "/a2", "/a", "b", "/b"}; !slices.Equal(got, want) {
		t.Errorf("WalkTree = %v, want %v", got, want)
	}
}

func TestListFields(t *testing.T) {
	p := &Plan{Features: []string{"Triage", "Scoring"}, Fields: map[string]string{"country": "Spain", "features": "ignored"}}
	for _, c := range []struct{ key, want string }{
		{"features", "Triage, Scoring"}, // the list, not fields.features
		{"conditions", ""},
		{"country", "Spain"},
	} {
		if got := p.FieldText(c.key); got != c.want {
			t.Errorf("FieldText(%q) = %q, want %q", c.key, got, c.want)
		}
	}
	for _, k := range ListFieldKeys {
		if _, ok := p.ListField(k); !ok {
			t.Errorf("ListField(%q) is not a list", k)
		}
	}
	if _, ok := p.ListField("country"); ok {
		t.Error("country is a list")
	}
}
