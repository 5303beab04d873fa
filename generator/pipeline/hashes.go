package pipeline

import (
	"crypto/sha256"
	"io/fs"
	"time"

	"github.com/qmsplan/qmsplan/generator/internal/runmemo"
)

// fileStat is a file's stat as statOf reads it.
type fileStat struct {
	dev, ino     uint64
	size         int64
	mtime, ctime int64 // Unix nanoseconds
}

// hashes is what serve's Memo keeps of the files scanInputs hashed, by
// path: the stat each had and the SHA-256 of its bytes. A file whose stat
// is the same is not read again: scanInputs runs twice a run (before, and
// after to see edits made meanwhile), and reading and hashing every data
// file twice was, in serve's process at 10,000 plans, 1.4 to 2.5 s of a
// run after one edit. As git's index does with its "racily clean" entries,
// a file changed less than racyWindow before it was looked at is not kept:
// a write in the same tick of the kernel's clock could leave its stat as
// it was. A nil *hashes keeps nothing.
type hashes struct {
	sums runmemo.Memo[fileStat, [sha256.Size]byte]
}

// racyWindow is how long before a scan a file must have last changed for
// its hash to be kept: far more than the kernel's clock tick (at most 10
// ms) and than the skew between the clock and file times on a local disk.
const racyWindow = time.Second

// clock is the time a scan starts at; tests move it on.
var clock = time.Now

// memo is h's hashes, nil for a nil h.
func (h *hashes) memo() *runmemo.Memo[fileStat, [sha256.Size]byte] {
	if h == nil {
		return nil
	}
	return &h.sums
}

// begin starts a scan, before any file is looked at.
func (h *hashes) begin() { h.memo().Begin() }

// end makes the scan's hashes those the next scan goes by.
func (h *hashes) end() { h.memo().End() }

// lookup is the hash of the file at p as the last scan kept it, if its
// stat (fi) is the same.
func (h *hashes) lookup(p string, fi fs.FileInfo) ([sha256.Size]byte, bool) {
	st, ok := statOf(fi)
	if !ok {
		return [sha256.Size]byte{}, false
	}
	return h.memo().Get(p, st)
}

// peek is lookup from outside a scan: load's, after the run's scan.
func (h *hashes) peek(p string, fi fs.FileInfo) ([sha256.Size]byte, bool) {
	st, ok := statOf(fi)
	if !ok {
		return [sha256.Size]byte{}, false
	}
	return h.memo().Peek(p, st)
}

// keep keeps the hash of the file at p, looked at (fi) in a scan that
// began at start, unless it changed too shortly before.
func (h *hashes) keep(p string, fi fs.FileInfo, sum [sha256.Size]byte, start time.Time) {
	st, ok := statOf(fi)
	racy := st.ctime >= start.Add(-racyWindow).UnixNano() || st.mtime >= start.Add(-racyWindow).UnixNano()
	h.memo().Put(p, st, sum, ok && !racy)
}
