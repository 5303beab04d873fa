package pipeline

import "testing"

// TestKeepStamped: a page kept with its stamped bytes says yes to its own
// unstamped bytes and no to any other, wherever the line was put in, and
// when the line starts as the bytes after it do.
func TestKeepStamped(t *testing.T) {
	for _, c := range []struct {
		name, unstamped, stamped string
		keep                     bool
		others                   []string // other pages at the path: not its unstamped bytes
	}{
		{"a line in the middle", "---\na\nb\n", "---\na\nH\nb\n", true, []string{"---\na\nc\n", "---\na\n", "---\na\nb\nb\n", "---\na\nH\nb\n"}},
		{"at the start", "b\n", "H\nb\n", true, []string{"c\n", "", "H\nb\n"}},
		{"at the end", "a\n", "a\nH\n", true, []string{"b\n", "a\nH\n", "a"}},
		{"the line starts as what follows it", "x  a\n", "x  h\n  a\n", true, []string{"x  b\n", "x  h\n  a\n", "x  a\n  a\n"}},
		{"a byte changed, not put in", "---\na\n", "---\nb\n", false, nil},
		{"nothing put in", "a\n", "a\n", false, nil},
		{"bytes taken out", "a\nb\n", "a\n", false, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			k, ok := keepStamped([]byte(c.unstamped), []byte(c.stamped))
			if ok != c.keep {
				t.Fatalf("kept: %v, want %v", ok, c.keep)
			}
			if !ok {
				return
			}
			if !k.unstamped([]byte(c.unstamped)) {
				t.Errorf("its own unstamped bytes %q not recognised", c.unstamped)
			}
			for _, o := range c.others {
				if k.unstamped([]byte(o)) {
					t.Errorf("%q taken for its unstamped bytes %q", o, c.unstamped)
				}
			}
		})
	}
}
