package validate

import (
	"crypto/sha256"
	"maps"
	"slices"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/runmemo"
	"github.com/qmsplan/qmsplan/generator/model"
)

// Memo is what a long-lived process (serve) keeps of validation between
// its runs: each plan's own findings (checker.plan) by the plan's file and
// a key of everything they are drawn from, so that after one edit only the
// edited plan is checked again; checking every plan's text was most of
// validation, and validation a third of serve's run at 10,000 plans. The
// checks across plans (unique slugs, IDs and aliases, supersession) run
// whole every time. It holds the last run's plans only. One run at a time;
// a nil *Memo keeps nothing.
type Memo struct {
	findings runmemo.Memo[[sha256.Size]byte, planFindings]
}

// keptFindings is a run's view of a Memo: the findings kept, how a plan's
// inputs read (see CheckReusing), and the key of what every plan's findings
// depend on beyond them (context).
type keptFindings struct {
	findings *runmemo.Memo[[sha256.Size]byte, planFindings]
	inputs   func(*model.Plan, *model.Template) ([]byte, bool)
	context  [sha256.Size]byte
}

// planFindings is what checking one plan on its own found.
type planFindings struct {
	ds       diag.List
	deferred []markdownValue
	skipped  map[string]int
}

// Checked is the number of plans the last run checked rather than took
// from m.
func (m *Memo) Checked() int {
	if m == nil {
		return 0
	}
	return m.findings.Made()
}

// CheckReusing is Check, taking from m the findings of each plan whose
// inputs are those of the last run with m: the bytes inputs gives for the
// plan and its template (its file's, its template's, the registries' and
// the as-of date, as render.Reuse.Inputs gives them), and the site's pages
// and the hand-written ones its links may name. A plan inputs knows nothing
// of (false) is checked every time. With a nil m, it is Check.
func CheckReusing(d *model.Data, asOf model.Date, taken TakenPaths, inputs func(*model.Plan, *model.Template) ([]byte, bool), m *Memo) diag.List {
	if m == nil || inputs == nil {
		return check(d, asOf, taken, nil)
	}
	m.findings.Begin()
	defer m.findings.End()
	return check(d, asOf, taken, &keptFindings{findings: &m.findings, inputs: inputs})
}

// begin takes the run's context into the key: the site paths a plan's
// links and aliases are checked against (v.pages, v.taken) and whether
// links into the generated sections wait for the portfolio's pages.
func (k *keptFindings) begin(v *checker) {
	if k == nil {
		return
	}
	h := sha256.New()
	for _, p := range slices.Sorted(maps.Keys(v.pages)) {
		h.Write(append([]byte(p), 0))
	}
	h.Write([]byte{1})
	for _, p := range slices.Sorted(maps.Keys(v.taken)) {
		h.Write(append(append(append([]byte(p), 0), v.taken[p]...), 0))
	}
	if v.taken == nil {
		h.Write([]byte("no site"))
	}
	if v.deferring {
		h.Write([]byte("deferring"))
	}
	h.Write([]byte(v.asOf.String()))
	h.Sum(k.context[:0])
}

// key is the key of p's findings in this run, false if it has none.
func (k *keptFindings) key(v *checker, p *model.Plan) ([sha256.Size]byte, bool) {
	if k == nil {
		return [sha256.Size]byte{}, false
	}
	t := v.ix.Templates[p.Template]
	if t == nil {
		return [sha256.Size]byte{}, false // its findings name the other templates
	}
	in, ok := k.inputs(p, t)
	if !ok {
		return [sha256.Size]byte{}, false
	}
	h := sha256.New()
	h.Write(k.context[:])
	h.Write(in)
	var key [sha256.Size]byte
	h.Sum(key[:0])
	return key, true
}

// kept is the last run's findings for p's file if they have this key.
func (k *keptFindings) kept(p *model.Plan, key [sha256.Size]byte, ok bool) (planFindings, bool) {
	if k == nil || !ok {
		return planFindings{}, false
	}
	return k.findings.Get(p.Src.File, key)
}

// keep counts the findings of a plan just checked, and keeps them for the
// next run if they have a key.
func (k *keptFindings) keep(p *model.Plan, key [sha256.Size]byte, ok bool, f planFindings) {
	if k == nil {
		return
	}
	k.findings.Put(p.Src.File, key, f, ok)
}
