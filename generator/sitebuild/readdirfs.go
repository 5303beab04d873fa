package sitebuild

import (
	"io/fs"
	"os"

	"github.com/spf13/afero"
)

// readDirFs makes every directory it opens an fs.ReadDirFile. Hugo reads
// every directory of its source with ReadDir alone (its module collector
// and hugofs type-assert each to fs.ReadDirFile), but an afero.File need not
// have it: in the overlay Hugo builds from (pipeline.Result.Overlay), a
// directory of the disk that hides stale pages does not; without this Hugo
// panics with an interface conversion error.
type readDirFs struct{ afero.Fs }

func (f readDirFs) Open(name string) (afero.File, error) {
	return wrapFile(f.Fs.Open(name))
}

func (f readDirFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	return wrapFile(f.Fs.OpenFile(name, flag, perm))
}

func wrapFile(file afero.File, err error) (afero.File, error) {
	if err != nil {
		return nil, err
	}
	if _, ok := file.(fs.ReadDirFile); ok {
		return file, nil
	}
	return readDirFile{file}, nil
}

type readDirFile struct{ afero.File }

func (f readDirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	fis, err := f.Readdir(n)
	des := make([]fs.DirEntry, len(fis))
	for i, fi := range fis {
		des[i] = fs.FileInfoToDirEntry(fi)
	}
	return des, err
}
