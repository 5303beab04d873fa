// Package runmemo keeps what one run of a long-lived process (serve) made,
// by name and by a key of what it was made from, for the next run to take
// instead of making it again. Only the last run's values are kept: a name
// no run asks for again goes with the next run.
package runmemo

import "sync"

// Memo holds the last run's values by name, each with its key; a nil *Memo
// keeps nothing and has nothing. Get and Put may be called from several
// goroutines at once, between one Begin and its End.
type Memo[K comparable, V any] struct {
	mu         sync.Mutex
	last, next map[string]entry[K, V]
	made       int // values the run in progress (or the last) made: Put
}

type entry[K comparable, V any] struct {
	key K
	v   V
}

// Begin starts a run.
func (m *Memo[K, V]) Begin() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.next, m.made = make(map[string]entry[K, V], len(m.last)), 0
	m.mu.Unlock()
}

// End makes the run's values those the next run may take.
func (m *Memo[K, V]) End() {
	if m == nil {
		return
	}
	m.mu.Lock()
	m.last, m.next = m.next, nil
	m.mu.Unlock()
}

// Get is the last run's value for name if it was made from key; it is kept
// for the next run too.
func (m *Memo[K, V]) Get(name string, key K) (V, bool) {
	v, ok := m.Peek(name, key)
	if ok {
		m.mu.Lock()
		m.next[name] = entry[K, V]{key, v}
		m.mu.Unlock()
	}
	return v, ok
}

// Peek is the last run's value for name if it was made from key, as Get
// is, but not kept for the next run by this: for a look from outside the
// run that keeps the values, between its End and the next Begin too.
func (m *Memo[K, V]) Peek(name string, key K) (V, bool) {
	var zero V
	if m == nil {
		return zero, false
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	e, ok := m.last[name]
	if !ok || e.key != key {
		return zero, false
	}
	return e.v, true
}

// Put counts a value the run made for name, and keeps it for the next run
// if keep (a value made from what no key says is counted, not kept).
func (m *Memo[K, V]) Put(name string, key K, v V, keep bool) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	m.made++
	if keep {
		m.next[name] = entry[K, V]{key, v}
	}
}

// Made is the number of values the last run made rather than took.
func (m *Memo[K, V]) Made() int {
	if m == nil {
		return 0
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.made
}
