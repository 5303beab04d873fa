package model

import "github.com/qmsplan/qmsplan/generator/diag"

// Src records where a value came from: the position of the mapping itself
// and of each of its keys' values. The loader fills it; validation uses it to
// point at the exact line and column of a bad value.
type Src struct {
	diag.Pos
	Keys map[string]diag.Pos
	// Bad holds the keys whose values the loader could not decode (and
	// reported): validation leaves them alone rather than report the same
	// mistake again as, say, an empty value.
	Bad map[string]bool
}

// Valid reports whether key was written and decoded.
func (s Src) Valid(key string) bool { return s.Has(key) && !s.Bad[key] }

// At returns the position of the value under key, or of the mapping itself
// when the key was not written.
func (s Src) At(key string) diag.Pos {
	if p, ok := s.Keys[key]; ok {
		return p
	}
	return s.Pos
}

// Has reports whether key was written in the source.
func (s Src) Has(key string) bool {
	_, ok := s.Keys[key]
	return ok
}
