package pipeline

import (
	"bytes"
	"crypto/sha256"
	"debug/elf"
	"encoding/binary"
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/internal/walk"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/render"
	"github.com/qmsplan/qmsplan/generator/write"
)

// The record of the last run lives in the site root, beside the lock: it
// goes through the same afero file system as everything else (tests run it
// on memory), belongs to one checkout and goes with it (deleting the site, or
// `git clean -X`, deletes it), and needs no name derived from the root's
// absolute path, which a symbolic link or a moved checkout would change.
// It is outside content/, which Hugo reads and write's scan cleans of
// .qmsplan-* files, and git-ignored.
const cacheTemp = paths.Cache + ".tmp"

// cacheMagic starts a record: a record of another format is ignored, as is
// one of another build of qmsplan, whose ID is in the key.
const cacheMagic = "qmsplan-cache 1\n"

// record is what a run that succeeded leaves for the next one: its inputs'
// key, the pages it left under content/ and the findings it printed.
type record struct {
	Key     [sha256.Size]byte
	Outputs []output // by Path
	Diags   diag.List
}

// output is a generated page as the run left it: a stat match means
// unchanged (as in git's index); a mismatch means read it and compare.
type output struct {
	Path     string // as write.Report names it: the site root joined with its path under it
	Size     int64
	ModTime  int64 // Unix nanoseconds
	Mode     fs.FileMode
	Identity string            // write.Identity of its bytes
	PageKey  [sha256.Size]byte // a plan page's render.Page.Key, for render.Reuse
}

// inputs is what a run's output depends on, as found on disk.
type inputs struct {
	key  [sha256.Size]byte
	data map[string][sha256.Size]byte // SHA-256 of each data file, by path relative to root
	// generated is every file under the generated sections of content/, by
	// path as write.Report names it: the outputs, compared with the record rather
	// than hashed into the key.
	generated map[string]fs.FileInfo
}

// generatedDirs are the sections of content/ only qmsplan writes.
var generatedDirs = []string{paths.TemplatesSection, paths.PlansSection, paths.PortfolioSection}

// Generate is Prepare with the record of the last run (paths.Cache in
// root): if every input is as that run found it (buildID, asOf, every file
// under data/ by path and bytes, every file under content/ outside the
// generated sections by path and bytes, every path under static/) and every
// page it wrote is still as it left it (and no other file is in the
// generated sections), it loads and renders nothing and returns the last
// run's findings and a Changes that writes nothing. Otherwise it runs
// Prepare, and its Result's Apply writes a new record. An empty buildID
// turns the cache off. Nothing about the record changes what is written.
func Generate(fsys afero.Fs, root string, asOf model.Date, buildID string) (*Result, error) {
	return generate(fsys, root, asOf, buildID, true, nil)
}

// Refresh is Generate without reading the record: always a full run,
// which writes a new one, with Key set. For serve, which needs the whole
// Result for its exports.
func Refresh(fsys afero.Fs, root string, asOf model.Date, buildID string) (*Result, error) {
	return generate(fsys, root, asOf, buildID, false, nil)
}

func generate(fsys afero.Fs, root string, asOf model.Date, buildID string, useRecord bool, memo *Memo) (*Result, error) {
	if buildID == "" {
		return prepare(fsys, root, asOf, nil, nil, memo, nil)
	}
	in, err := scanInputs(fsys, root, asOf, buildID, memo.fileHashes())
	if err != nil {
		// Something could not be read: the full run reports it better.
		return prepare(fsys, root, asOf, nil, nil, memo, nil)
	}
	contentDir := path.Join(path.Clean(filepath.ToSlash(root)), paths.Content)
	rec := readRecord(fsys, root)
	if useRecord && rec != nil && rec.Key == in.key && outputsMatch(fsys, contentDir, rec.Outputs, in.generated) {
		unchanged := make([]string, len(rec.Outputs))
		for i, o := range rec.Outputs {
			unchanged[i] = o.Path
		}
		return &Result{Root: root, AsOf: asOf, Diags: rec.Diags, Cached: true, Key: hex.EncodeToString(in.key[:]),
			Changes: &write.Changes{Report: write.Report{Unchanged: unchanged}}}, nil
	}
	var mu sync.Mutex
	read := map[string][sha256.Size]byte{}
	res, err := prepare(fsys, root, asOf, func(rel string, h [sha256.Size]byte) {
		mu.Lock()
		read[rel] = h
		mu.Unlock()
	}, reuse(fsys, contentDir, asOf, buildID, rec, read, memo), memo, rec.known())
	if err != nil {
		return res, err
	}
	res.Key = hex.EncodeToString(in.key[:])
	res.saveRecord = func() { saveRecord(fsys, root, asOf, buildID, res, in, read, memo) }
	return res, nil
}

// Apply makes the run's changes (Changes.Apply), then, for a run of
// Generate, writes its record.
func (res *Result) Apply() error {
	if err := res.Changes.Apply(); err != nil {
		return err
	}
	if res.saveRecord != nil {
		res.saveRecord()
	}
	return nil
}

// saveRecord writes the record of a run that has applied its changes, if
// it can vouch for it: the inputs now must be those found before the run
// (before), and every data file the run parsed must have had the bytes they
// have now, else an edit made while it ran (even one undone since) would be
// taken for what the pages were made from. Otherwise the old record goes:
// the next run is a full one. Failing to write it fails nothing but the
// next run's shortcut.
func saveRecord(fsys afero.Fs, root string, asOf model.Date, buildID string, res *Result, before *inputs, read map[string][sha256.Size]byte, memo *Memo) {
	drop := func() { _ = fsys.Remove(path.Join(root, paths.Cache)) }
	after, err := scanInputs(fsys, root, asOf, buildID, memo.fileHashes())
	if err != nil || after.key != before.key || len(after.generated) != len(res.Pages) {
		drop()
		return
	}
	for rel, h := range read {
		if now, ok := after.data[rel]; !ok || now != h {
			drop()
			return
		}
	}
	rec := record{Key: after.key, Diags: res.Diags, Outputs: make([]output, 0, len(res.Pages))}
	for _, pg := range res.Pages {
		full := path.Join(filepath.ToSlash(root), paths.Content, pg.Path)
		fi, ok := after.generated[full]
		id := write.Identity(pg.Data)
		if !ok || id == "" {
			drop()
			return
		}
		rec.Outputs = append(rec.Outputs, output{Path: full, Size: fi.Size(), ModTime: fi.ModTime().UnixNano(),
			Mode: fi.Mode(), Identity: id, PageKey: pg.Key})
	}
	slices.SortFunc(rec.Outputs, func(a, b output) int { return strings.Compare(a.Path, b.Path) })
	var payload bytes.Buffer
	if err := gob.NewEncoder(&payload).Encode(rec); err != nil {
		drop()
		return
	}
	sum := sha256.Sum256(payload.Bytes())
	b := append(append([]byte(cacheMagic), sum[:]...), payload.Bytes()...)
	tmp := path.Join(root, cacheTemp)
	if err := afero.WriteFile(fsys, tmp, b, 0o644); err != nil {
		_ = fsys.Remove(tmp)
		drop()
		return
	}
	if err := fsys.Rename(tmp, path.Join(root, paths.Cache)); err != nil {
		_ = fsys.Remove(tmp)
		drop()
	}
}

// reuse lets a full run take the pages of the plans whose inputs are as
// the last run (rec) found them from disk instead of rendering them again
// (render.Reuse): one edited plan re-renders its own page, not every one.
// A page is taken only if it still has the bytes rec says (its fingerprint
// and identity), whatever its stat; the plan's inputs are the bytes this
// run parsed (read, filled by load before render asks). A page memo kept
// from its last run with the same key is taken from memory: the bytes a
// key renders to are the same wherever they come from, and write compares
// them with the disk anyway.
func reuse(fsys afero.Fs, contentDir string, asOf model.Date, buildID string, rec *record, read map[string][sha256.Size]byte, memo *Memo) *render.Reuse {
	outs := map[string]*output{} // none without a record: every page is rendered, and keyed for the next run
	if rec != nil {
		for i := range rec.Outputs {
			outs[rec.Outputs[i].Path] = &rec.Outputs[i]
		}
	}
	// A plan's inputs are asked for by validate, the portfolio and render
	// (after load has filled read): made once a run. Callers only read them.
	var mu sync.Mutex
	made := map[[2]string][]byte{}
	return &render.Reuse{
		Inputs: func(p *model.Plan, t *model.Template) ([]byte, bool) {
			k := [2]string{p.Src.File, t.Src.File}
			mu.Lock()
			b, done := made[k]
			mu.Unlock()
			if done {
				return b, b != nil
			}
			b = fmt.Appendf(nil, "%s%q %s\n", cacheMagic, buildID, asOf)
			for _, f := range []string{p.Src.File, t.Src.File, paths.Roles, paths.Statuses} {
				h, ok := read[f]
				if !ok {
					b = nil
					break
				}
				b = append(append(fmt.Appendf(b, "%d:%s", len(f), f), h[:]...), '\n')
			}
			mu.Lock()
			made[k] = b
			mu.Unlock()
			return b, b != nil
		},
		Page: func(rel string, key [sha256.Size]byte) ([]byte, bool) {
			if b, ok := memo.page(rel, key); ok {
				return b, true
			}
			o := outs[path.Join(contentDir, rel)]
			if o == nil || o.PageKey != key {
				return nil, false
			}
			b, err := afero.ReadFile(fsys, o.Path)
			return b, err == nil && write.Identity(b) == o.Identity && write.Stamped(rel, b)
		},
	}
}

// known vouches for the pages the record's run wrote that have the stat
// it left them with, as outputsMatch does; nil for no record.
func (rec *record) known() write.Known {
	if rec == nil {
		return nil
	}
	outs := make(map[string]*output, len(rec.Outputs))
	for i := range rec.Outputs {
		outs[rec.Outputs[i].Path] = &rec.Outputs[i]
	}
	return func(full string, fi fs.FileInfo) (string, bool) {
		o := outs[full]
		if o == nil || fi.Mode() != o.Mode || fi.Size() != o.Size || fi.ModTime().UnixNano() != o.ModTime {
			return "", false
		}
		return o.Identity, true
	}
}

// readRecord is the record in root, or nil if there is none that is whole
// and of this format: a torn or corrupt one is as good as none.
func readRecord(fsys afero.Fs, root string) *record {
	b, err := afero.ReadFile(fsys, path.Join(root, paths.Cache))
	if err != nil || !bytes.HasPrefix(b, []byte(cacheMagic)) || len(b) < len(cacheMagic)+sha256.Size {
		return nil
	}
	b = b[len(cacheMagic):]
	sum, payload := b[:sha256.Size], b[sha256.Size:]
	if got := sha256.Sum256(payload); !bytes.Equal(got[:], sum) {
		return nil
	}
	var rec record
	if err := gob.NewDecoder(bytes.NewReader(payload)).Decode(&rec); err != nil {
		return nil
	}
	return &rec
}

// outputsMatch reports whether the files in the generated sections now
// (found) are exactly the recorded outputs, each unchanged: the same stat,
// or, where the stat differs, bytes that carry their own fingerprint with
// the recorded identity.
func outputsMatch(fsys afero.Fs, contentDir string, outs []output, found map[string]fs.FileInfo) bool {
	if len(found) != len(outs) {
		return false
	}
	same := make([]bool, len(outs))
	parallel.For(len(outs), func(i int) {
		o := outs[i]
		fi, ok := found[o.Path]
		if !ok || !fi.Mode().IsRegular() || fi.Mode() != o.Mode {
			return
		}
		if fi.Size() == o.Size && fi.ModTime().UnixNano() == o.ModTime {
			same[i] = true
			return
		}
		b, err := afero.ReadFile(fsys, o.Path)
		rel := strings.TrimPrefix(o.Path, contentDir+"/")
		same[i] = err == nil && int64(len(b)) == o.Size && write.Identity(b) == o.Identity && write.Stamped(rel, b)
	})
	return !slices.Contains(same, false)
}

// scanInputs hashes what a run's output depends on into a key. A file is
// hashed by its kind and bytes (data/ and hand-written content/) or by its
// kind alone (static/: only its path decides which URLs it takes); a
// symbolic link by its target and what it leads to. Nothing that is not a
// regular file is read: a named pipe would block.
func scanInputs(fsys afero.Fs, root string, asOf model.Date, buildID string, known *hashes) (*inputs, error) {
	in := &inputs{data: map[string][sha256.Size]byte{}, generated: map[string]fs.FileInfo{}}
	type entry struct {
		rel, line string // line: what the key says of it besides its bytes
		read      bool
		fi        fs.FileInfo
		hash      [sha256.Size]byte
	}
	start := clock() // for known's racy window only: nothing the run writes depends on it
	known.begin()
	defer known.end()
	var entries []entry
	root = path.Clean(filepath.ToSlash(root))
	contentDir := path.Join(root, paths.Content)
	for _, dir := range []string{paths.Data, paths.Content, paths.Static} {
		base := path.Join(root, dir)
		if ok, err := afero.DirExists(fsys, base); err != nil || !ok {
			continue // as good as empty: no file in it has a say
		}
		err := walk.Walk(fsys, base, func(p string, fi fs.FileInfo, err error) error {
			if err != nil {
				return err
			}
			p = filepath.ToSlash(p)
			rel := relTo(root, p)
			if dir == paths.Content && fi.IsDir() && slices.Contains(generatedDirs, strings.TrimPrefix(p, contentDir+"/")) {
				err := walk.Walk(fsys, p, func(q string, fi fs.FileInfo, err error) error {
					if err == nil && !fi.IsDir() {
						in.generated[filepath.ToSlash(q)] = fi
					}
					return err
				})
				if err != nil {
					return err
				}
				return fs.SkipDir
			}
			if fi.IsDir() {
				return nil // only files have a say: a run makes the directories of its pages
			}
			e := entry{rel: rel, line: fi.Mode().Type().String(), fi: fi}
			if fi.Mode()&fs.ModeSymlink != 0 {
				target := ""
				if l, ok := fsys.(afero.LinkReader); ok {
					target, _ = l.ReadlinkIfPossible(p)
				}
				e.line += " -> " + target
				t, err := fsys.Stat(p)
				e.read = err == nil && t.Mode().IsRegular() && dir != paths.Static
			} else {
				e.read = fi.Mode().IsRegular() && dir != paths.Static
			}
			entries = append(entries, e)
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	var errs []error
	var mu sync.Mutex
	parallel.For(len(entries), func(i int) {
		e := &entries[i]
		if !e.read {
			return
		}
		p := path.Join(root, e.rel)
		if sum, ok := known.lookup(p, e.fi); ok {
			e.hash = sum
			return
		}
		f, err := fsys.Open(p)
		if err == nil {
			h := sha256.New()
			buf := copyBufs.Get().(*[]byte)
			_, err = io.CopyBuffer(h, f, *buf)
			copyBufs.Put(buf)
			f.Close()
			h.Sum(e.hash[:0])
			if err == nil {
				known.keep(p, e.fi, e.hash, start)
			}
		}
		if err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	})
	if len(errs) > 0 {
		return nil, errs[0]
	}
	h := sha256.New()
	fmt.Fprintf(h, "%sbuild %q\nas-of %s\n", cacheMagic, buildID, asOf)
	for _, e := range entries {
		// Lengths first, so that no two lists of entries hash alike.
		binary.Write(h, binary.BigEndian, [2]int64{int64(len(e.rel)), int64(len(e.line))})
		io.WriteString(h, e.rel+e.line)
		if e.read {
			h.Write(e.hash[:])
			if strings.HasPrefix(e.rel, paths.Data+"/") {
				in.data[e.rel] = e.hash
			}
		} else {
			h.Write(make([]byte, sha256.Size))
		}
	}
	copy(in.key[:], h.Sum(nil))
	return in, nil
}

// copyBufs are the buffers scanInputs hashes files through: io.Copy's own,
// one per file, were 70 MB of garbage a scan at 1,000 plans, and serve,
// whose heap holds Hugo's site, pays for garbage in collections.
var copyBufs = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// BuildID identifies the running program, for the cache's key: its Go
// build ID, which changes with every byte of the program (read from the
// ELF note, without reading the whole executable), else the SHA-256 of the
// executable, else "" (no cache).
var BuildID = sync.OnceValue(func() string {
	exe, err := os.Executable()
	if err != nil {
		return ""
	}
	if f, err := elf.Open(exe); err == nil {
		defer f.Close()
		if s := f.Section(".note.go.buildid"); s != nil {
			if b, err := s.Data(); err == nil && len(b) > 16 {
				return "go:" + string(bytes.TrimRight(b[16:], "\x00"))
			}
		}
	}
	f, err := os.Open(exe)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return ""
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
})

// relTo is p, a path below root, relative to it, as load names data files.
func relTo(root, p string) string {
	if root == "." {
		return p
	}
	return strings.TrimPrefix(p, strings.TrimSuffix(root, "/")+"/")
}
