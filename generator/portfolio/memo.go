package portfolio

import (
	"crypto/sha256"

	"github.com/qmsplan/qmsplan/generator/internal/runmemo"
)

// Memo is what a long-lived process (serve) keeps of the portfolio between
// its runs: each plan's rows by the plan's file and the SHA-256 of its
// inputs (see BuildReusing), so that after one edit only the edited plan's
// rows are made again. Rows are not changed once built, so a run shares
// them with the last. A nil *Memo keeps nothing.
type Memo struct {
	rows runmemo.Memo[[sha256.Size]byte, *Plan]
}

// Built is the number of plans whose rows the last run built rather than
// took from m.
func (m *Memo) Built() int { return m.memo().Made() }

// memo is m's rows, nil for a nil m.
func (m *Memo) memo() *runmemo.Memo[[sha256.Size]byte, *Plan] {
	if m == nil {
		return nil
	}
	return &m.rows
}
