// Package walk is afero.Walk and afero.ReadDir, looking at a directory's
// entries (lstat) on every core: a run walks the data and content
// directories three times and lists the plans once, and at 10,000 plans
// each was some 70 ms of one core, most of it waiting on lstat one entry
// after another.
package walk

import (
	"errors"
	"io/fs"
	"path/filepath"
	"sort"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/internal/parallel"
)

// serial is the most entries of a directory looked at on one core: for a
// few, starting goroutines costs more than it saves.
const serial = 32

// Walk is afero.Walk: fn is called for root and every file and directory
// below it, in lexical order, with what afero.Walk gives it, and its
// returns (fs.SkipDir included) mean what they mean there. Only the lstat
// calls of a directory's entries run at once, before fn sees the first.
func Walk(fsys afero.Fs, root string, fn filepath.WalkFunc) error {
	info, err := lstat(fsys, root)
	if err != nil {
		return fn(root, nil, err)
	}
	return walk(fsys, root, info, fn)
}

func walk(fsys afero.Fs, dir string, info fs.FileInfo, fn filepath.WalkFunc) error {
	if err := fn(dir, info, nil); err != nil {
		if info.IsDir() && err == filepath.SkipDir {
			return nil
		}
		return err
	}
	if !info.IsDir() {
		return nil
	}
	names, err := readDirNames(fsys, dir)
	if err != nil {
		return fn(dir, info, err)
	}
	infos, errs := lstatAll(fsys, dir, names)
	for i, name := range names {
		p := filepath.Join(dir, name)
		if errs[i] != nil {
			if err := fn(p, infos[i], errs[i]); err != nil && err != filepath.SkipDir {
				return err
			}
			continue
		}
		if err := walk(fsys, p, infos[i], fn); err != nil {
			if !infos[i].IsDir() || err != filepath.SkipDir {
				return err
			}
		}
	}
	return nil
}

// ReadDir is afero.ReadDir: the entries of dir, sorted by name, each as
// lstat gives it (an entry gone before it is looked at is left out, as
// os.File.Readdir leaves it), looked at on every core.
func ReadDir(fsys afero.Fs, dir string) ([]fs.FileInfo, error) {
	names, err := readDirNames(fsys, dir)
	if err != nil {
		return nil, err
	}
	infos, errs := lstatAll(fsys, dir, names)
	out := infos[:0]
	for i, fi := range infos {
		switch {
		case errors.Is(errs[i], fs.ErrNotExist):
		case errs[i] != nil:
			return nil, errs[i]
		default:
			out = append(out, fi)
		}
	}
	return out, nil
}

// lstatAll is the lstat of each of names in dir, on every core when they
// are many.
func lstatAll(fsys afero.Fs, dir string, names []string) ([]fs.FileInfo, []error) {
	infos := make([]fs.FileInfo, len(names))
	errs := make([]error, len(names))
	look := func(i int) { infos[i], errs[i] = lstat(fsys, filepath.Join(dir, names[i])) }
	if len(names) <= serial {
		for i := range names {
			look(i)
		}
	} else {
		parallel.For(len(names), look)
	}
	return infos, errs
}

func readDirNames(fsys afero.Fs, dir string) ([]string, error) {
	f, err := fsys.Open(dir)
	if err != nil {
		return nil, err
	}
	names, err := f.Readdirnames(-1)
	f.Close()
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	return names, nil
}

func lstat(fsys afero.Fs, p string) (fs.FileInfo, error) {
	if l, ok := fsys.(afero.Lstater); ok {
		fi, _, err := l.LstatIfPossible(p)
		return fi, err
	}
	return fsys.Stat(p)
}
