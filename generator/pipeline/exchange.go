package pipeline

import (
	"errors"

	"github.com/spf13/afero"
)

// exchanger is a file system that can swap two directories in one step.
type exchanger interface {
	Exchange(a, b string) error
}

// errNoExchange means the file system cannot swap two directories in one
// step (not Linux, or a file system without RENAME_EXCHANGE).
var errNoExchange = errors.New("cannot swap directories atomically here")

// exchange swaps directories a and b in one step, so that no reader, and no
// kill, ever sees either path missing.
func exchange(fsys afero.Fs, a, b string) error {
	switch f := fsys.(type) {
	case exchanger:
		return f.Exchange(a, b)
	case *afero.OsFs:
		return renameExchange(a, b)
	}
	return errNoExchange
}
