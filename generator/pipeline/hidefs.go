package pipeline

import (
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/spf13/afero"
)

// hideFs is a read view of a filesystem without some files: the stale
// generated pages a real run would remove, so that Hugo, building from an
// overlay, sees the site exactly as the run will leave it.
type hideFs struct {
	afero.Fs
	hidden map[string]bool // cleaned paths
}

func (h hideFs) isHidden(name string) bool { return h.hidden[filepath.Clean(name)] }

func notExist(op, name string) error { return &fs.PathError{Op: op, Path: name, Err: fs.ErrNotExist} }

func (h hideFs) Open(name string) (afero.File, error) {
	if h.isHidden(name) {
		return nil, notExist("open", name)
	}
	f, err := h.Fs.Open(name)
	if err != nil {
		return nil, err
	}
	return hideFile{f, h, filepath.Clean(name)}, nil
}

func (h hideFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if h.isHidden(name) {
		return nil, notExist("open", name)
	}
	f, err := h.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return hideFile{f, h, filepath.Clean(name)}, nil
}

func (h hideFs) Stat(name string) (os.FileInfo, error) {
	if h.isHidden(name) {
		return nil, notExist("stat", name)
	}
	return h.Fs.Stat(name)
}

func (h hideFs) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	if h.isHidden(name) {
		return nil, false, notExist("lstat", name)
	}
	if l, ok := h.Fs.(afero.Lstater); ok {
		return l.LstatIfPossible(name)
	}
	fi, err := h.Fs.Stat(name)
	return fi, false, err
}

func (h hideFs) Chtimes(name string, a, m time.Time) error { return h.Fs.Chtimes(name, a, m) }

// hideFile filters hidden entries out of directory listings.
type hideFile struct {
	afero.File
	h   hideFs
	dir string
}

func (f hideFile) Readdir(n int) ([]os.FileInfo, error) {
	fis, err := f.File.Readdir(n)
	out := fis[:0]
	for _, fi := range fis {
		if !f.h.isHidden(filepath.Join(f.dir, fi.Name())) {
			out = append(out, fi)
		}
	}
	return out, err
}

func (f hideFile) Readdirnames(n int) ([]string, error) {
	names, err := f.File.Readdirnames(n)
	out := names[:0]
	for _, name := range names {
		if !f.h.isHidden(filepath.Join(f.dir, name)) {
			out = append(out, name)
		}
	}
	return out, err
}
