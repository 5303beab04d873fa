package pipeline

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/bep/overlayfs"
	"github.com/spf13/afero"
)

// pagesFs serves the generated pages from their own byte slices, read-only:
// the run already holds every page (Result.Pages), and Hugo reads each one
// once, so a second copy of them in memory (what an afero.MemMapFs under a
// CopyOnWriteFs held, ~0.7 GB at 10,000 plans) is not needed. Neither afero
// nor Hugo has such a piece: afero's mem package and MemMapFs copy what is
// written into them, and testing/fstest.MapFS (through afero.FromIOFS),
// which would not copy, looks every missing name up by scanning all its
// files, and the overlay asks it first about every file of the site. The
// union with the disk is Hugo's own (bep/overlayfs, see Result.Overlay).
//
// Its directories are the pages' directories and all their parents up to
// the root, each listing its pages and subdirectories by name. Every file
// and directory has the same modification time, the run's as-of date, so
// that what Hugo sees depends on the run's data and as-of date only (the
// layouts never read a page file's time: hugo.toml has no :fileModTime).
type pagesFs struct {
	files map[string][]byte   // cleaned path -> the page's bytes
	dirs  map[string][]string // cleaned path -> its entries' names, sorted
	mod   time.Time
}

// newPagesFs serves files (cleaned absolute paths -> bytes, not copied). A
// page at the path of another's directory is an error: the name would be
// both.
func newPagesFs(files map[string][]byte, mod time.Time) (*pagesFs, error) {
	p := &pagesFs{files: files, dirs: map[string][]string{}, mod: mod}
	for name := range files {
		for child, dir := name, filepath.Dir(name); child != dir; child, dir = dir, filepath.Dir(dir) {
			_, seen := p.dirs[dir]
			p.dirs[dir] = append(p.dirs[dir], filepath.Base(child))
			if seen {
				break // dir's parents have it already
			}
		}
	}
	var both []string
	for dir, names := range p.dirs {
		if _, ok := files[dir]; ok {
			both = append(both, dir)
		}
		slices.Sort(names)
		p.dirs[dir] = slices.Compact(names)
	}
	if len(both) > 0 {
		slices.Sort(both)
		return nil, fmt.Errorf("generated page %s is also the directory of another generated page: the pages cannot be laid over the site; this is a bug in qmsplan, please report it with the data", both[0])
	}
	return p, nil
}

var (
	_ afero.Fs       = (*pagesFs)(nil)
	_ afero.Lstater  = (*pagesFs)(nil)
	_ fs.ReadDirFile = (*dirFile)(nil)
)

func (p *pagesFs) Name() string { return "qmsplan generated pages" }

func (p *pagesFs) stat(op, name string) (os.FileInfo, error) {
	name = filepath.Clean(name)
	if b, ok := p.files[name]; ok {
		return pageInfo{name: filepath.Base(name), size: int64(len(b)), mod: p.mod}, nil
	}
	if _, ok := p.dirs[name]; ok {
		return pageInfo{name: filepath.Base(name), dir: true, mod: p.mod}, nil
	}
	return nil, notExist(op, name)
}

func (p *pagesFs) Stat(name string) (os.FileInfo, error) { return p.stat("stat", name) }

// LstatIfPossible is Stat: there are no links among the pages.
func (p *pagesFs) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	fi, err := p.stat("lstat", name)
	return fi, false, err
}

func (p *pagesFs) Open(name string) (afero.File, error) {
	clean := filepath.Clean(name)
	if b, ok := p.files[clean]; ok {
		return &pageFile{Reader: bytes.NewReader(b), name: name, info: pageInfo{name: filepath.Base(clean), size: int64(len(b)), mod: p.mod}}, nil
	}
	if names, ok := p.dirs[clean]; ok {
		entries := make([]fs.DirEntry, len(names))
		for i, n := range names {
			fi, _ := p.stat("readdir", filepath.Join(clean, n)) // every entry is in p
			entries[i] = fs.FileInfoToDirEntry(fi)
		}
		info, _ := p.stat("stat", clean)
		return &dirFile{name: name, info: info, entries: entries}, nil
	}
	return nil, notExist("open", name)
}

func (p *pagesFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_APPEND|os.O_CREATE|os.O_TRUNC) != 0 {
		return nil, readOnly("open", name)
	}
	return p.Open(name)
}

// readOnly is the error of every change to a page: the pages go to disk
// only through Result.Changes.
func readOnly(op, name string) error {
	return &fs.PathError{Op: op, Path: name, Err: syscall.EROFS}
}

func (p *pagesFs) Create(name string) (afero.File, error)    { return nil, readOnly("create", name) }
func (p *pagesFs) Mkdir(name string, _ os.FileMode) error    { return readOnly("mkdir", name) }
func (p *pagesFs) MkdirAll(name string, _ os.FileMode) error { return readOnly("mkdir", name) }
func (p *pagesFs) Remove(name string) error                  { return readOnly("remove", name) }
func (p *pagesFs) RemoveAll(name string) error               { return readOnly("remove", name) }
func (p *pagesFs) Rename(old, _ string) error                { return readOnly("rename", old) }
func (p *pagesFs) Chmod(name string, _ os.FileMode) error    { return readOnly("chmod", name) }
func (p *pagesFs) Chown(name string, _, _ int) error         { return readOnly("chown", name) }
func (p *pagesFs) Chtimes(name string, _, _ time.Time) error { return readOnly("chtimes", name) }

// scratchFs keeps in memory what Hugo writes to its source, and refuses
// every change under content (the generated pages go to disk only through
// Result.Changes, and Hugo has no reason to write there). Hugo does write
// to its source file system, outside the pages: loading the config makes
// its cache directory there (helpers.GetCacheDir: the user's cache
// directory, else one under the system's temporary directory), and its
// file caches (resources/_gen, fetched and processed resources) are on it
// (filecache.NewCaches). Refusing those would fail every build on a
// machine without those directories, as the CopyOnWriteFs the overlay was
// before never did.
type scratchFs struct {
	afero.Fs
	content string // cleaned
}

func (s scratchFs) refuse(name string) bool { return within(filepath.Clean(name), s.content) }

func (s scratchFs) Create(name string) (afero.File, error) {
	if s.refuse(name) {
		return nil, readOnly("create", name)
	}
	return s.Fs.Create(name)
}

func (s scratchFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_APPEND|os.O_CREATE|os.O_TRUNC) != 0 && s.refuse(name) {
		return nil, readOnly("open", name)
	}
	return s.Fs.OpenFile(name, flag, perm)
}

func (s scratchFs) change(op, name string, do func() error) error {
	if s.refuse(name) {
		return readOnly(op, name)
	}
	return do()
}

func (s scratchFs) Mkdir(name string, perm os.FileMode) error {
	return s.change("mkdir", name, func() error { return s.Fs.Mkdir(name, perm) })
}

func (s scratchFs) MkdirAll(name string, perm os.FileMode) error {
	return s.change("mkdir", name, func() error { return s.Fs.MkdirAll(name, perm) })
}

func (s scratchFs) Remove(name string) error {
	return s.change("remove", name, func() error { return s.Fs.Remove(name) })
}

// RemoveAll refuses a directory holding content, too.
func (s scratchFs) RemoveAll(name string) error {
	if within(s.content, filepath.Clean(name)) {
		return readOnly("remove", name)
	}
	return s.change("remove", name, func() error { return s.Fs.RemoveAll(name) })
}

func (s scratchFs) Rename(old, new string) error {
	if s.refuse(new) || within(s.content, filepath.Clean(old)) {
		return readOnly("rename", old)
	}
	return s.change("rename", old, func() error { return s.Fs.Rename(old, new) })
}

func (s scratchFs) Chmod(name string, mode os.FileMode) error {
	return s.change("chmod", name, func() error { return s.Fs.Chmod(name, mode) })
}

func (s scratchFs) Chown(name string, uid, gid int) error {
	return s.change("chown", name, func() error { return s.Fs.Chown(name, uid, gid) })
}

func (s scratchFs) Chtimes(name string, a, m time.Time) error {
	return s.change("chtimes", name, func() error { return s.Fs.Chtimes(name, a, m) })
}

// pageInfo describes a page or a directory of pages.
type pageInfo struct {
	name string
	size int64
	dir  bool
	mod  time.Time
}

func (i pageInfo) Name() string       { return i.name }
func (i pageInfo) Size() int64        { return i.size }
func (i pageInfo) ModTime() time.Time { return i.mod }
func (i pageInfo) IsDir() bool        { return i.dir }
func (i pageInfo) Sys() any           { return nil }

func (i pageInfo) Mode() fs.FileMode {
	if i.dir {
		return fs.ModeDir | 0o555
	}
	return 0o444
}

// pageFile reads a page from its bytes through a bytes.Reader, which
// copies only into the caller's buffer.
type pageFile struct {
	*bytes.Reader
	name string
	info pageInfo
}

func (f *pageFile) Stat() (os.FileInfo, error) { return f.info, nil }
func (f *pageFile) Name() string               { return f.name }
func (f *pageFile) Close() error               { return nil }
func (f *pageFile) Sync() error                { return nil }

func (f *pageFile) Readdir(int) ([]os.FileInfo, error) {
	return nil, &fs.PathError{Op: "readdir", Path: f.name, Err: syscall.ENOTDIR}
}

func (f *pageFile) Readdirnames(int) ([]string, error) {
	return nil, &fs.PathError{Op: "readdir", Path: f.name, Err: syscall.ENOTDIR}
}

func (f *pageFile) Write([]byte) (int, error)          { return 0, readOnly("write", f.name) }
func (f *pageFile) WriteAt([]byte, int64) (int, error) { return 0, readOnly("write", f.name) }
func (f *pageFile) WriteString(string) (int, error)    { return 0, readOnly("write", f.name) }
func (f *pageFile) Truncate(int64) error               { return readOnly("truncate", f.name) }

// dirFile is an open directory: its entries, listed as an os.File lists
// them, in the order given: with n > 0 at most n a call and io.EOF at the
// end, else all that are left.
type dirFile struct {
	name    string // as opened
	info    os.FileInfo
	entries []fs.DirEntry
	off     int
}

func (d *dirFile) next(n int) ([]fs.DirEntry, error) {
	left := d.entries[d.off:]
	if n <= 0 {
		d.off = len(d.entries)
		return left, nil
	}
	if len(left) == 0 {
		return nil, io.EOF
	}
	left = left[:min(n, len(left))]
	d.off += len(left)
	return left, nil
}

func (d *dirFile) ReadDir(n int) ([]fs.DirEntry, error) {
	des, err := d.next(n)
	return slices.Clone(des), err
}

func (d *dirFile) Readdir(n int) ([]os.FileInfo, error) {
	des, err := d.next(n)
	out := make([]os.FileInfo, 0, len(des))
	for _, de := range des {
		fi, ierr := de.Info()
		if ierr != nil {
			return out, ierr
		}
		out = append(out, fi)
	}
	return out, err
}

func (d *dirFile) Readdirnames(n int) ([]string, error) {
	des, err := d.next(n)
	out := make([]string, len(des))
	for i, de := range des {
		out[i] = de.Name()
	}
	return out, err
}

func (d *dirFile) Stat() (os.FileInfo, error) { return d.info, nil }
func (d *dirFile) Name() string               { return d.name }
func (d *dirFile) Close() error               { return nil }
func (d *dirFile) Sync() error                { return nil }

func (d *dirFile) isDir(op string) error {
	return &fs.PathError{Op: op, Path: d.name, Err: syscall.EISDIR}
}

func (d *dirFile) Read([]byte) (int, error)           { return 0, d.isDir("read") }
func (d *dirFile) ReadAt([]byte, int64) (int, error)  { return 0, d.isDir("read") }
func (d *dirFile) Seek(int64, int) (int64, error)     { return 0, d.isDir("seek") }
func (d *dirFile) Write([]byte) (int, error)          { return 0, readOnly("write", d.name) }
func (d *dirFile) WriteAt([]byte, int64) (int, error) { return 0, readOnly("write", d.name) }
func (d *dirFile) WriteString(string) (int, error)    { return 0, readOnly("write", d.name) }
func (d *dirFile) Truncate(int64) error               { return readOnly("truncate", d.name) }

// listedDirs lists each directory that its overlayfs.OverlayFs merges from
// more than one file system as a dirFile: overlayfs's own *Dir (v0.11.0)
// gives empty entries from its second ReadDir(n) with n > 0, as it bounds
// n by all its entries and not by those left. Hugo reads directories with
// ReadDir(-1) alone, which is right there, but a listing read by parts
// must be whole too.
type listedDirs struct{ afero.Fs }

func (l listedDirs) Open(name string) (afero.File, error) {
	return listed(l.Fs.Open(name))
}

func (l listedDirs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	return listed(l.Fs.OpenFile(name, flag, perm))
}

func (l listedDirs) LstatIfPossible(name string) (os.FileInfo, bool, error) {
	return l.Fs.(afero.Lstater).LstatIfPossible(name)
}

func listed(f afero.File, err error) (afero.File, error) {
	d, ok := f.(*overlayfs.Dir)
	if err != nil || !ok {
		return f, err
	}
	defer d.Close() // back to overlayfs's pool: d must not be used after
	info, err := d.Stat()
	if err != nil {
		return nil, err
	}
	entries, err := d.ReadDir(-1)
	if err != nil {
		return nil, err
	}
	return &dirFile{name: d.Name(), info: info, entries: entries}, nil
}

// mergeByName is the listing of a directory both the pages and the disk
// have: the pages' entries (first, lo) and the disk's (bo) that no page
// shadows, in name order, as Readdir of one directory gives them.
func mergeByName(lo, bo []fs.DirEntry) []fs.DirEntry {
	seen := make(map[string]bool, len(lo))
	for _, e := range lo {
		seen[e.Name()] = true
	}
	for _, e := range bo {
		if !seen[e.Name()] {
			lo = append(lo, e)
		}
	}
	slices.SortFunc(lo, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return lo
}
