// Package faultfs is a file system for tests that stops working at its
// Nth change to the disk: the change fails, as on a full disk, or the run
// stops there, as if killed. Running a step once for every N shows what
// each possible failure leaves behind.
package faultfs

import (
	"fmt"
	"io/fs"
	"os"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/afero"
)

// FS counts the changes made through it: creating or opening a file for
// writing, each Write, Mkdir, MkdirAll of a missing directory, Rename,
// Remove, RemoveAll, Chmod and Chtimes. The At-th (1-based) fails with an
// error, or, with Kill, panics with Killed, so nothing after it happens.
type FS struct {
	afero.Fs
	At   int
	Kill bool
	// Full makes every change from the At-th on that takes space (open
	// for writing, write, mkdir) fail with ENOSPC, as on a disk that has
	// filled up; removing and renaming still work.
	Full     bool
	N        int        // changes counted so far (including those that failed)
	Failures int        // changes failed so far
	mu       sync.Mutex // N and Failures, for changes made on several goroutines
}

// Killed is the panic of a killed run.
type Killed struct{}

// Reached reports whether the At-th change was reached: if not, the run
// made fewer changes, and had no failure.
func (f *FS) Reached() bool { return f.N >= f.At }

// Change counts one change to the disk, for a wrapper that makes its own:
// it fails (or kills) as the others do.
func (f *FS) Change(op, name string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.N++
	takesSpace := op == "open" || op == "write" || op == "mkdir"
	if f.Full && (f.N < f.At || !takesSpace) || !f.Full && f.N != f.At {
		return nil
	}
	f.Failures++
	if f.Kill {
		panic(Killed{})
	}
	if f.Full {
		return &fs.PathError{Op: op, Path: name, Err: syscall.ENOSPC}
	}
	return &fs.PathError{Op: op, Path: name, Err: fmt.Errorf("injected failure of change %d", f.N)}
}

func (f *FS) Create(name string) (afero.File, error) {
	return f.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_TRUNC, 0o666)
}

func (f *FS) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) == 0 {
		return f.Fs.OpenFile(name, flag, perm)
	}
	if err := f.Change("open", name); err != nil {
		return nil, err
	}
	file, err := f.Fs.OpenFile(name, flag, perm)
	if err != nil {
		return nil, err
	}
	return writer{file, f}, nil
}

func (f *FS) Mkdir(name string, perm os.FileMode) error {
	if err := f.Change("mkdir", name); err != nil {
		return err
	}
	return f.Fs.Mkdir(name, perm)
}

func (f *FS) MkdirAll(name string, perm os.FileMode) error {
	if ok, _ := afero.DirExists(f.Fs, name); ok {
		return nil
	}
	if err := f.Change("mkdir", name); err != nil {
		return err
	}
	return f.Fs.MkdirAll(name, perm)
}

func (f *FS) Rename(old, new string) error {
	if err := f.Change("rename", old); err != nil {
		return err
	}
	return f.Fs.Rename(old, new)
}

func (f *FS) Remove(name string) error {
	if err := f.Change("remove", name); err != nil {
		return err
	}
	return f.Fs.Remove(name)
}

func (f *FS) RemoveAll(name string) error {
	if err := f.Change("remove", name); err != nil {
		return err
	}
	return f.Fs.RemoveAll(name)
}

func (f *FS) Chmod(name string, mode os.FileMode) error {
	if err := f.Change("chmod", name); err != nil {
		return err
	}
	return f.Fs.Chmod(name, mode)
}

func (f *FS) Chtimes(name string, a, m time.Time) error {
	if err := f.Change("chtimes", name); err != nil {
		return err
	}
	return f.Fs.Chtimes(name, a, m)
}

// Run calls step, turning the panic of a kill into killed.
func Run(step func() error) (err error, killed bool) {
	defer func() {
		if r := recover(); r != nil {
			if _, ok := r.(Killed); !ok {
				panic(r)
			}
			killed = true
		}
	}()
	return step(), false
}

type writer struct {
	afero.File
	fs *FS
}

func (w writer) Write(p []byte) (int, error) {
	if err := w.fs.Change("write", w.Name()); err != nil {
		return 0, err
	}
	return w.File.Write(p)
}

func (w writer) WriteString(s string) (int, error) { return w.Write([]byte(s)) }
