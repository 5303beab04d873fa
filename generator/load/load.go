// Package load reads the plan data under data/ into the model, keeping the
// position of every value. It checks only the shape of each file (syntax,
// keys, types, required keys); cross-references are validate's job.
package load

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"syscall"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/internal/walk"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// Load reads everything under root/data. File names in findings are relative
// to root, as a user would type them.
func Load(fsys afero.Fs, root string) (*model.Data, diag.List) {
	return LoadSeen(fsys, root, nil)
}

// LoadSeen is Load that also hands seen (if not nil) the SHA-256 of the
// bytes of every data file it parses, by path relative to root, from
// several goroutines at once: the content-hash cache (pipeline) records
// what a run really read, so an edit made while it ran cannot be taken for
// what it generated from.
func LoadSeen(fsys afero.Fs, root string, seen func(rel string, sum [sha256.Size]byte)) (*model.Data, diag.List) {
	return LoadReusing(fsys, root, seen, nil)
}

// PlanDecode is what decoding one plan file gave: the plan (if OK), and
// the findings about the file, in order.
type PlanDecode struct {
	Plan  *model.Plan
	Diags diag.List
	OK    bool
}

// Decodes lets a run reuse an earlier decode of a plan file. Decoding is a
// function of the file's path and bytes alone, and nothing downstream
// changes a plan, so an earlier result is as good as a new one. Its
// methods are called from several goroutines at once.
type Decodes interface {
	// Plan is called with the file's path (relative to root) and the
	// SHA-256 of the bytes just read from it, and returns decode() or what
	// decode() returned for the same path and bytes before.
	Plan(rel string, sum [sha256.Size]byte, decode func() PlanDecode) PlanDecode
	// Unchanged is called before the file is read, with its path (full,
	// and rel relative to root) and its stat: if the stat vouches that the
	// file has the bytes of an earlier decode (as git's index vouches for
	// a file by its stat), it returns their SHA-256 and that decode, and
	// the file is not read. Reading every plan file was most of a run's
	// load after one edit at 10,000 plans.
	Unchanged(full, rel string, fi fs.FileInfo) (sum [sha256.Size]byte, d PlanDecode, ok bool)
}

// LoadReusing is LoadSeen that decodes each plan file through reuse (nil:
// the parser, always): a long-lived process (serve) parses again only the
// plans whose bytes changed. Registries and templates are few, and always
// parsed.
func LoadReusing(fsys afero.Fs, root string, seen func(rel string, sum [sha256.Size]byte), reuse Decodes) (*model.Data, diag.List) {
	var ds diag.List
	data := &model.Data{Broken: map[string]bool{}}
	st := &site{fsys: fsys, root: root}
	// A registry with any error is broken: a role it fails to define would
	// otherwise be reported as unknown by every plan that names it.
	registry := func(rel string, v any) {
		n := len(ds)
		if !readOne(st, rel, v, &ds, seen) || ds[n:].HasErrors() {
			data.Broken[rel] = true
		}
	}
	registry(paths.Roles, &data.Roles)
	registry(paths.Statuses, &data.Statuses)
	for _, f := range list(fsys, root, paths.Templates, &ds) {
		t := &model.Template{}
		if readOne(st, f, t, &ds, seen) {
			data.Templates = append(data.Templates, t)
		} else {
			data.Broken[f] = true // its key, which plans name, is unknown
		}
	}
	// Plans are many and independent: parse them on every core, then keep
	// them (and their findings) in file order so runs stay deterministic.
	files := list(fsys, root, paths.Plans, &ds)
	plans := make([]*model.Plan, len(files))
	found := make([]diag.List, len(files))
	ok := make([]bool, len(files))
	parallel.For(len(files), func(i int) {
		rel := files[i]
		full, fi, readable := st.dataFile(rel, &found[i])
		if !readable {
			return
		}
		sum, d, kept := reuseUnchanged(reuse, full, rel, fi)
		if !kept {
			b, read := readFile(fsys, full, rel, &found[i])
			if !read {
				return
			}
			if seen != nil || reuse != nil {
				sum = sha256.Sum256(b)
			}
			decode := func() PlanDecode {
				d := PlanDecode{Plan: &model.Plan{}}
				d.OK = decodeFile(rel, b, d.Plan, &d.Diags)
				return d
			}
			if reuse != nil {
				d = reuse.Plan(rel, sum, decode)
			} else {
				d = decode()
			}
		}
		if seen != nil {
			seen(rel, sum)
		}
		plans[i], ok[i] = d.Plan, d.OK
		found[i] = append(found[i], d.Diags...)
	})
	for i := range files {
		ds = append(ds, found[i]...)
		if ok[i] {
			data.Plans = append(data.Plans, plans[i])
		}
	}
	return data, ds
}

// reuseUnchanged is reuse.Unchanged, nothing for a nil reuse.
func reuseUnchanged(reuse Decodes, full, rel string, fi fs.FileInfo) ([sha256.Size]byte, PlanDecode, bool) {
	if reuse == nil {
		return [sha256.Size]byte{}, PlanDecode{}, false
	}
	return reuse.Unchanged(full, rel, fi)
}

func readOne(st *site, rel string, v any, ds *diag.List, seen func(string, [sha256.Size]byte)) bool {
	b, ok := readBytes(st, rel, ds, seen)
	return ok && decodeFile(rel, b, v, ds)
}

// readBytes reads the data file rel, refusing what is not one (see
// dataFile), and hands the SHA-256 of its bytes to seen.
func readBytes(st *site, rel string, ds *diag.List, seen func(string, [sha256.Size]byte)) ([]byte, bool) {
	full, _, ok := st.dataFile(rel, ds)
	if !ok {
		return nil, false
	}
	b, ok := readFile(st.fsys, full, rel, ds)
	if !ok {
		return nil, false
	}
	if seen != nil {
		seen(rel, sha256.Sum256(b))
	}
	return b, true
}

// dataFile is the full path and stat of the data file rel, if it may be
// read: a regular file inside the site, of at most MaxFileSize bytes.
func (st *site) dataFile(rel string, ds *diag.List) (string, fs.FileInfo, bool) {
	fsys := st.fsys
	full := path.Join(st.root, rel)
	if st.outside(full) {
		// Reading it would publish, or print in a finding, a file that is
		// not part of the site: a link to ~/.ssh/id_rsa in a pull request.
		ds.Add(diag.Errorf(diag.Pos{File: rel}, "refused: a symbolic link to a file outside the site").Fix("replace the link with the file itself; data is read only from inside the site"))
		return "", nil, false
	}
	// Stat follows symbolic links: what matters is what would be read.
	fi, err := fsys.Stat(full)
	if err != nil {
		readError(fsys, full, rel, false, err, ds)
		return "", nil, false
	}
	if !fileKind(fi, rel, ds) {
		return "", nil, false
	}
	if fi.Size() > MaxFileSize {
		ds.Add(diag.Errorf(diag.Pos{File: rel}, "file is %d bytes, more than the %d allowed", fi.Size(), MaxFileSize).Fix("split it or remove what does not belong in it"))
		return "", nil, false
	}
	return full, fi, true
}

// readFile reads a file already found to be a regular one. It checks again
// on the open file, in case it was replaced in between, and reads at most
// one byte more than MaxFileSize, in case it grew.
func readFile(fsys afero.Fs, full, rel string, ds *diag.List) ([]byte, bool) {
	f, err := fsys.Open(full)
	if err != nil {
		readError(fsys, full, rel, false, err, ds)
		return nil, false
	}
	defer f.Close()
	fi, err := f.Stat()
	if err == nil && !fileKind(fi, rel, ds) {
		return nil, false
	}
	// Read into a buffer of the size Stat gave, with bytes.MinRead to spare
	// so that ReadFrom sees the end without growing it (as os.ReadFile),
	// rather than io.ReadAll's doubling from 512 bytes: a plan is read in
	// one allocation instead of four or five.
	size := int64(0)
	if err == nil {
		size = min(max(fi.Size(), 0), MaxFileSize)
	}
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	_, err = buf.ReadFrom(io.LimitReader(f, MaxFileSize+1))
	b := buf.Bytes()
	if err != nil {
		readError(fsys, full, rel, false, err, ds)
		return nil, false
	}
	return b, true
}

// fileKind reports fi unless it is a regular file. Reading a named pipe
// would block until something writes to it, that is forever; a device could
// be endless.
func fileKind(fi fs.FileInfo, rel string, ds *diag.List) bool {
	switch m := fi.Mode(); {
	case m.IsRegular():
		return true
	case m.IsDir():
		ds.Add(diag.Errorf(diag.Pos{File: rel}, "cannot read file: it is a directory").Fix("expected a file: move the directory away and put the file in its place"))
	default:
		ds.Add(diag.Errorf(diag.Pos{File: rel}, "not a regular file (%s)", modeName(m)).Fix("replace it with an ordinary text file"))
	}
	return false
}

func modeName(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeIrregular != 0:
		return "of an unknown kind"
	}
	return "mode " + m.String()
}

// readProblems say, per cause, why a data file or directory cannot be read
// and how to fix it: one table for both, so their wording cannot drift.
var readProblems = []struct {
	cause           error
	problem         string // "" for the error's own short text
	fileFix, dirFix string
}{
	{syscall.ELOOP, "too many levels of symbolic links",
		"fix the symbolic link: it points to itself or to a link that leads back to it",
		"fix the symbolic link: it points to itself or to a link that leads back to it"},
	{fs.ErrNotExist, "not found", "create it; see the README for its format", "create the directory"},
	{fs.ErrPermission, "permission denied",
		"check the file's permissions (and those of its directories)", "check the directory's permissions"},
	{syscall.ENOTDIR, "", "a directory on its path is a file; make it a directory",
		"expected a directory: move the file away and create the directory"},
	{syscall.EISDIR, "it is a directory", "expected a file: move the directory away and put the file in its place", ""},
}

// readError reports why the file (dir false) or directory at full, shown as
// rel, cannot be read, with a hint that fits the cause.
func readError(fsys afero.Fs, full, rel string, dir bool, err error, ds *diag.List) {
	what, pos := "file", diag.Pos{File: rel}
	if dir {
		what = "directory"
	}
	if !dir && errors.Is(err, fs.ErrNotExist) && isSymlink(fsys, full) {
		ds.Add(diag.Errorf(pos, "cannot read file: it is a symbolic link to a file that does not exist").Fix("fix the symbolic link, or replace it with the file"))
		return
	}
	for _, p := range readProblems {
		fix := p.fileFix
		if dir {
			fix = p.dirFix
		}
		if !errors.Is(err, p.cause) || fix == "" {
			continue
		}
		problem := p.problem
		switch {
		case problem == "" && dir:
			problem = "not a directory"
		case problem == "":
			problem = shortErr(err)
		}
		ds.Add(diag.Errorf(pos, "cannot read %s: %s", what, problem).Fix(fix))
		return
	}
	ds.Add(diag.Errorf(pos, "cannot read %s: %v", what, shortErr(err)).Fix("check that the " + what + " can be read"))
}

// site is the site a load reads, with what it found out about its
// directories: resolving the root and each data file's directory once a
// load, rather than every path of every file (two EvalSymlinks a plan were
// a tenth of a run after one edit at 10,000 plans in serve).
type site struct {
	fsys afero.Fs
	root string
	mu   sync.Mutex
	real map[string]string // directory -> its path with symbolic links resolved ("" when that failed)
}

// outside reports whether full, a file's path under the root, leads out of
// the site through a symbolic link (the file's or a directory's on its
// way). Only the disk's own file system has links that lead anywhere.
func (st *site) outside(full string) bool {
	if _, ok := st.fsys.(*afero.OsFs); !ok {
		return false
	}
	r := st.resolve(st.root)
	if r == "" {
		return false
	}
	f := ""
	if fi, err := os.Lstat(full); err == nil && fi.Mode()&fs.ModeSymlink == 0 {
		// Not a link itself: it is where its directory really is.
		if d := st.resolve(filepath.Dir(full)); d != "" {
			f = filepath.Join(d, filepath.Base(full))
		}
	} else if err == nil {
		f, _ = filepath.EvalSymlinks(full)
	}
	if f == "" {
		return false // as for a file that is not there: reading it says why
	}
	rel, err := filepath.Rel(r, f)
	return err != nil || rel == ".." || strings.HasPrefix(rel, "../")
}

// resolve is dir with its symbolic links resolved, once a load; "" when
// that fails.
func (st *site) resolve(dir string) string {
	st.mu.Lock()
	defer st.mu.Unlock()
	if r, ok := st.real[dir]; ok {
		return r
	}
	r, err := filepath.EvalSymlinks(dir)
	if err != nil {
		r = ""
	}
	if st.real == nil {
		st.real = map[string]string{}
	}
	st.real[dir] = r
	return r
}

func isSymlink(fsys afero.Fs, full string) bool {
	l, ok := fsys.(afero.Lstater)
	if !ok {
		return false
	}
	fi, lstat, err := l.LstatIfPossible(full)
	return err == nil && lstat && fi.Mode()&fs.ModeSymlink != 0
}

// list returns the .yaml files of a directory, sorted so that runs are
// deterministic. Other files are reported, since a plan saved as .yml or .txt
// would otherwise silently vanish from the portal. Dotfiles (.gitkeep,
// .DS_Store, editor swap files) and a README are skipped, but a hidden .yaml
// file is reported: it looks like a plan and would not be one.
func list(fsys afero.Fs, root, dir string, ds *diag.List) []string {
	entries, err := walk.ReadDir(fsys, path.Join(root, dir))
	if err != nil {
		readError(fsys, path.Join(root, dir), dir, true, err, ds)
		return nil
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		rel := path.Join(dir, name)
		if strings.HasPrefix(name, ".") && !hiddenYAML(name) || strings.EqualFold(name, "README.md") {
			continue
		}
		fi := e
		if e.Mode()&fs.ModeSymlink != 0 {
			// What the link points to decides; a broken link is reported
			// by readOne if it looks like a data file.
			if t, err := fsys.Stat(path.Join(root, rel)); err == nil {
				fi = t
			}
		}
		switch {
		case fi.IsDir() && strings.HasPrefix(name, "."):
		case fi.IsDir():
			ds.Add(diag.Errorf(diag.Pos{File: rel}, "sub-directories are not read").Fix("move its files up into " + dir))
		case strings.HasPrefix(name, "."):
			ds.Add(diag.Errorf(diag.Pos{File: rel}, "hidden file is not read").Fix("rename it without the leading dot, or move it out of " + dir))
		case !strings.HasSuffix(name, ".yaml"):
			ds.Add(diag.Errorf(diag.Pos{File: rel}, "not a .yaml file, so it would be ignored").Fix("rename it to end in .yaml, or move it out of " + dir))
		case fi.Mode()&fs.ModeSymlink == 0 && !fi.Mode().IsRegular():
			fileKind(fi, rel, ds)
		default:
			files = append(files, rel)
		}
	}
	sort.Strings(files)
	return files
}

// hiddenYAML reports whether a dotfile looks like a data file someone meant
// to be read: .yaml or .yml in any case. Emacs lock files (.#p1.yaml) and
// macOS metadata files (._p1.yaml) only look like one.
func hiddenYAML(name string) bool {
	ext := strings.ToLower(path.Ext(name))
	return (ext == ".yaml" || ext == ".yml") &&
		!strings.HasPrefix(name, ".#") && !strings.HasPrefix(name, "._")
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		return s[i+2:]
	}
	return s
}
