package export

import (
	"sync"

	"github.com/qmsplan/qmsplan/generator/portfolio"
)

// Memo is what a long-lived process (serve) keeps of the exports between
// runs, so that one edit draws again only the edited plan's part of them:
// each plan's JSON line and CSV rows, and each milestone's or deadline's
// event, by the rows it is drawn from, compared by pointer.
// portfolio.BuildReusing hands back the very rows of a plan whose inputs
// are unchanged (the as-of date and the registries among them) and builds
// new ones otherwise, and a row is never changed once built, so a part
// drawn from the same row is the same part. Drawing every export again
// after each edit was some 1.5 s of CPU and 1 GB of allocation at 10,000
// plans, taken from Hugo's rebuild of the same edit. Events link to the
// base URL too: a run with another keeps none. It holds the last run's
// parts only. One run at a time; a nil *Memo keeps nothing.
type Memo struct {
	mu     sync.Mutex
	base   string // the base URL of the events kept
	json   parts[*portfolio.Plan, []byte]
	csv    parts[*portfolio.Plan, []byte]
	events parts[*portfolio.Task, string]
	drawn  int // parts the run in progress (or the last) drew rather than took
}

// parts are the last run's parts and the run in progress's, by the row
// each is drawn from.
type parts[K comparable, V any] struct{ last, next map[K]V }

// Drawn is how many parts (a plan's JSON line or CSV rows, an event) the
// last run drew rather than took from the run before.
func (m *Memo) Drawn() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.drawn
}

// begin starts a run with the base URL base.
func (m *Memo) begin(base string) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if base != m.base {
		m.events.last = nil
	}
	m.base, m.drawn = base, 0
	m.json.next, m.csv.next, m.events.next = map[*portfolio.Plan][]byte{}, map[*portfolio.Plan][]byte{}, map[*portfolio.Task]string{}
}

// end makes the run's parts the last run's; a run that failed (ok false)
// keeps none.
func (m *Memo) end(ok bool) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, p := range []interface{ turn(bool) }{&m.json, &m.csv, &m.events} {
		p.turn(ok)
	}
}

func (p *parts[K, V]) turn(ok bool) {
	p.last, p.next = p.next, nil
	if !ok {
		p.last = nil
	}
}

// part is draw(), or what the last run with m drew from the same row; it
// is kept for the next run. It may be called from several goroutines.
func part[K comparable, V any](m *Memo, p func(*Memo) *parts[K, V], row K, draw func() (V, error)) (V, error) {
	if m == nil {
		return draw()
	}
	m.mu.Lock()
	ps := p(m)
	v, ok := ps.last[row]
	m.mu.Unlock()
	if !ok {
		var err error
		if v, err = draw(); err != nil {
			return v, err
		}
	}
	m.mu.Lock()
	ps.next[row] = v
	if !ok {
		m.drawn++
	}
	m.mu.Unlock()
	return v, nil
}
