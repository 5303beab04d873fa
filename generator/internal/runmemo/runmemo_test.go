package runmemo

import "testing"

func TestMemo(t *testing.T) {
	var m Memo[int, string]
	for _, run := range []struct {
		name string
		put  map[string]int // name -> key the run makes a value from (and keeps)
		get  map[string]int // name -> key the run asks for
		want map[string]bool
		made int
	}{
		{name: "first run: nothing kept", get: map[string]int{"a": 1}, want: map[string]bool{"a": false}, put: map[string]int{"a": 1, "b": 1}, made: 2},
		{name: "same keys", get: map[string]int{"a": 1, "b": 1}, want: map[string]bool{"a": true, "b": true}},
		{name: "a key changed", get: map[string]int{"a": 2, "b": 1}, want: map[string]bool{"a": false, "b": true}, put: map[string]int{"a": 2}, made: 1},
		{name: "b not asked for: gone after this run", get: map[string]int{"a": 2}, want: map[string]bool{"a": true}},
		{name: "b gone", get: map[string]int{"b": 1}, want: map[string]bool{"b": false}},
	} {
		m.Begin()
		for name, key := range run.get {
			if _, ok := m.Get(name, key); ok != run.want[name] {
				t.Errorf("%s: Get(%s, %d) found %v, want %v", run.name, name, key, ok, run.want[name])
			}
		}
		for name, key := range run.put {
			m.Put(name, key, name, true)
		}
		m.End()
		if m.Made() != run.made {
			t.Errorf("%s: made %d, want %d", run.name, m.Made(), run.made)
		}
	}
	var none *Memo[int, string]
	none.Begin()
	none.Put("a", 1, "a", true)
	if _, ok := none.Get("a", 1); ok || none.Made() != 0 {
		t.Error("a nil Memo kept something")
	}
	none.End()
}

// TestPeek: Peek finds what Get would, between runs too, and keeps nothing
// for the next run.
func TestPeek(t *testing.T) {
	var m Memo[int, string]
	m.Begin()
	m.Put("a", 1, "A", true)
	m.Put("b", 1, "B", true)
	m.End()
	for _, c := range []struct {
		name string
		key  int
		want bool
	}{{"a", 1, true}, {"a", 2, false}, {"c", 1, false}} {
		if v, ok := m.Peek(c.name, c.key); ok != c.want || (ok && v != "A") {
			t.Errorf("between runs, Peek(%s, %d) = %q, %v; want found %v", c.name, c.key, v, ok, c.want)
		}
	}
	m.Begin()
	if _, ok := m.Peek("a", 1); !ok {
		t.Error("in a run, Peek(a, 1) found nothing")
	}
	if _, ok := m.Get("b", 1); !ok {
		t.Error("Get(b, 1) found nothing")
	}
	m.End()
	if _, ok := m.Peek("a", 1); ok {
		t.Error("a, only peeked at in the last run, is still kept")
	}
	if _, ok := m.Peek("b", 1); !ok {
		t.Error("b, got in the last run, is gone")
	}
	var none *Memo[int, string]
	if _, ok := none.Peek("a", 1); ok {
		t.Error("a nil Memo has something")
	}
}
