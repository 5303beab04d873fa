package pipeline

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/qmsplan/qmsplan/generator/paths"
)

// SiteLock is a site held by one run that writes it (build, generate,
// serve): two at once would interleave their pages in content/ and build
// into the same directory beside the destination.
type SiteLock struct{ f *os.File }

// ErrLocked is the error of a run that finds the site locked.
var ErrLocked = errors.New("the site is locked")

// Lock locks the site at root for what (e.g. "qmsplan build"), or says who
// holds it. The lock is the operating system's, on the open file
// root/.qmsplan.lock: it goes with the process that holds it, so a killed
// run leaves no lock to clear by hand (its file, naming it, stays).
func Lock(root, what string) (*SiteLock, error) {
	name := filepath.Join(root, paths.Lock)
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking the site: %w", err)
	}
	if err := lockFile(f); err != nil {
		holder, _ := os.ReadFile(name)
		f.Close()
		if errors.Is(err, errHeld) {
			return nil, fmt.Errorf("%w: another qmsplan run (%s) is writing %s; wait for it to finish, then run again",
				ErrLocked, strings.TrimSpace(string(holder)), root)
		}
		return nil, fmt.Errorf("locking the site (%s): %w", name, err)
	}
	// Who holds it, for the message of the next run.
	if err := f.Truncate(0); err == nil {
		fmt.Fprintf(f, "pid %d, %s, since %s\n", os.Getpid(), what, time.Now().UTC().Format(time.RFC3339))
	}
	return &SiteLock{f}, nil
}

// Release unlocks the site. The file stays: removing it would let a run
// that opened it before lock a file no later run sees.
func (l *SiteLock) Release() {
	if l != nil && l.f != nil {
		l.f.Close() // closing the file releases the lock
		l.f = nil
	}
}
