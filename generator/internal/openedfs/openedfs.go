// Package openedfs is an afero file system that records the files opened
// for reading through it, for tests that check what a step reads.
package openedfs

import (
	"os"
	"path/filepath"
	"slices"
	"sync"

	"github.com/spf13/afero"
)

// FS records the files (not directories) opened for reading through it.
type FS struct {
	afero.Fs
	mu     sync.Mutex
	opened []string
}

// New wraps fsys.
func New(fsys afero.Fs) *FS { return &FS{Fs: fsys} }

func (f *FS) Open(name string) (afero.File, error) {
	if fi, err := f.Fs.Stat(name); err == nil && !fi.IsDir() {
		f.mu.Lock()
		f.opened = append(f.opened, filepath.ToSlash(name))
		f.mu.Unlock()
	}
	return f.Fs.Open(name)
}

func (f *FS) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag == os.O_RDONLY {
		return f.Open(name)
	}
	return f.Fs.OpenFile(name, flag, perm)
}

// Opened is the files opened for reading so far, sorted.
func (f *FS) Opened() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Sorted(slices.Values(f.opened))
}
