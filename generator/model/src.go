package model

import (
	"slices"
	"strings"

	"github.com/qmsplan/qmsplan/generator/diag"
)

// Src records where a value came from: the position of the mapping itself
// and of each of its keys' values. The loader fills it; validation uses it to
// point at the exact line and column of a bad value.
type Src struct {
	diag.Pos
	// keys are the positions of the keys' values, sorted by key, one each
	// (see WithKeys). A slice, not a map: a model holds a Src for every
	// mapping of every file, most with a handful of keys, and a map of even
	// one key takes a table of eight; at 10,000 plans the maps were most of
	// the model's heap.
	keys []KeyPos
	// Bad holds the keys whose values the loader could not decode (and
	// reported): validation leaves them alone rather than report the same
	// mistake again as, say, an empty value.
	Bad map[string]bool
}

// KeyPos is where the value under one key was written.
type KeyPos struct {
	Key string
	Pos diag.Pos
}

// WithKeys returns s with the positions of kps, in the order they were
// written (it sorts kps in place); of a key written twice, the last counts.
func (s Src) WithKeys(kps []KeyPos) Src {
	slices.SortStableFunc(kps, func(a, b KeyPos) int { return strings.Compare(a.Key, b.Key) })
	out := kps[:0]
	for i, kp := range kps {
		if i+1 < len(kps) && kps[i+1].Key == kp.Key {
			continue
		}
		out = append(out, kp)
	}
	s.keys = slices.Clip(out)
	return s
}

// Valid reports whether key was written and decoded.
func (s Src) Valid(key string) bool { return s.Has(key) && !s.Bad[key] }

// At returns the position of the value under key, or of the mapping itself
// when the key was not written.
func (s Src) At(key string) diag.Pos {
	if i, ok := s.find(key); ok {
		return s.keys[i].Pos
	}
	return s.Pos
}

// Has reports whether key was written in the source.
func (s Src) Has(key string) bool {
	_, ok := s.find(key)
	return ok
}

func (s Src) find(key string) (int, bool) {
	return slices.BinarySearchFunc(s.keys, key, func(kp KeyPos, k string) int { return strings.Compare(kp.Key, k) })
}
