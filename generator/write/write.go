// Package write puts generated pages into content/ safely. It never touches
// a file that lacks the generated mark and its own fingerprint in its front
// matter (a hand-written page, or one edited by hand), removes generated
// files whose source is gone, leaves unchanged files alone (their mtime
// stays), never writes through a symbolic link, and applies all of a run's
// changes or none. It decides everything before changing anything, so a
// conflict changes nothing on disk.
package write

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"sort"
	"strings"

	"github.com/adrg/frontmatter"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/internal/walk"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/render"
)

// Report says what a run did (or, from Changes, would do), by content path.
type Report struct {
	Created, Updated, Unchanged, Removed []string
}

// Conflict is a generated page that would overwrite a hand-written file.
type Conflict struct {
	Path   string // the hand-written file, relative to the site root
	Source string // the data file whose page wants that path
	// Edited is set when the file has the generated mark but not its own
	// fingerprint: a copy of a generated page, or one edited by hand.
	Edited bool
}

// ConflictError lists every conflict found.
type ConflictError []Conflict

func (e ConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d generated page(s) would overwrite hand-written files; nothing was written:", len(e))
	for _, c := range e {
		why := fmt.Sprintf("its front matter has no \"generatedBy: %s\" mark", paths.Generated)
		if c.Edited {
			why = "it has the generated mark, but its content does not match its fingerprint (params.generatedHash): " +
				"it was edited or copied by hand, or written by a qmsplan from before fingerprints; if it holds nothing of yours, delete it"
		}
		fmt.Fprintf(&b, "\n  %s: is hand-written (%s), but %s generates a page at this path; "+
			"move or rename the hand-written page, or change the slug in %s",
			c.Path, why, c.Source, c.Source)
	}
	return b.String()
}

// Changes are the writes and removals a run will make under content/.
type Changes struct {
	Report
	fsys   afero.Fs
	root   string
	writes map[string][]byte // full path -> content
	stale  []string          // full paths of generated files to remove
	temps  []string          // leftovers of an interrupted run
	// foreign are the full paths of the pages under contentDir that are
	// not qmsplan's (hand-written, or a generated page edited or copied by
	// hand), sorted; they stay as they are.
	foreign []string
}

// Foreign lists the pages under the content directory that qmsplan did not
// write (hand-written, or a generated page edited or copied by hand) and
// leaves as they are, sorted: wherever they are, they are their authors'.
func (p *Changes) Foreign() []string { return p.foreign }

const tempPrefix = ".qmsplan-"

// Prepare compares the desired pages with what is under contentDir and
// returns the plan, or a ConflictError if any page would replace a
// hand-written file. It changes nothing.
func Prepare(fsys afero.Fs, contentDir string, pages []render.Page) (*Changes, error) {
	return PrepareKnowing(fsys, contentDir, pages, nil)
}

// Known says what a file under the content directory holds by its stat
// alone, as the record of the run that wrote it says (git's index trusts
// a stat the same way): the Identity of the generated page it still is,
// with ok false for a file it cannot vouch for, which is read.
type Known func(full string, fi fs.FileInfo) (identity string, ok bool)

// PrepareKnowing is Prepare, taking the files known vouches for as the
// generated pages it says they are instead of reading them: reading every
// generated page was a third of a run after one edit at 10,000 plans. A
// nil known reads every page.
func PrepareKnowing(fsys afero.Fs, contentDir string, pages []render.Page, known Known) (*Changes, error) {
	rels := make([]string, len(pages))
	for i, pg := range pages {
		rels[i] = pg.Path
	}
	if err := noLinks(fsys, contentDir, rels); err != nil {
		return nil, err
	}
	// Each page's fingerprint is checked on every core, and scan, which
	// reads every generated page on disk anyway, compares it with the page
	// that would replace it: a page is read once, and one found equal to a
	// page stamped and marked here is one ownerOf would call generated. A
	// page marked Stamped is taken to carry its fingerprint, as Stamp takes
	// it: whoever marks it (render.Reuse, serve's memo of the last run) gives
	// back bytes checked or stamped before, and hashing them again was most
	// of this step's work after one edit.
	ok := make([]bool, len(pages))
	parallel.For(len(pages), func(i int) { ok[i] = pages[i].Stamped || stamped(pages[i].Path, pages[i].Data) })
	wanted := map[string][]byte{}
	for i, pg := range pages {
		_, _, marked := findLine(frontMatter(pg.Data), markText, 0)
		if full := path.Join(contentDir, pg.Path); ok[i] && marked {
			if _, dup := wanted[full]; !dup {
				wanted[full] = pg.Data // the first: a second at its path is an error below
			}
		}
	}
	existing, same, temps, err := scan(fsys, contentDir, wanted, known)
	if err != nil {
		return nil, err
	}
	p := &Changes{fsys: fsys, root: path.Clean(contentDir), writes: map[string][]byte{}, temps: temps}
	var conflicts ConflictError
	want := map[string]bool{}
	// Hugo gives a/b.md, a/b/index.md and a/b/_index.md the same URL, and a
	// case-insensitive disk makes A/b.md the same file: a hand-written page at
	// any of those would silently replace a generated one, or hide it.
	byURL := map[string][]string{}
	for f := range existing {
		u := urlKey(contentDir, f)
		byURL[u] = append(byURL[u], f)
	}
	for i, pg := range pages {
		if err := pageName(pg.Path); err != nil {
			return nil, fmt.Errorf("page from %s: %w", pg.Source, err)
		}
		if !ok[i] {
			return nil, fmt.Errorf("page %s from %s has no fingerprint of its own (see Stamp): it could not be told from a hand-written page", pg.Path, pg.Source)
		}
		full := path.Join(contentDir, pg.Path)
		if want[full] {
			return nil, fmt.Errorf("two generated pages at %s (the second from %s): check for duplicate slugs", full, pg.Source)
		}
		want[full] = true
		for _, other := range byURL[urlKey(contentDir, full)] {
			if o := existing[other]; other != full && o != generated {
				conflicts = append(conflicts, Conflict{Path: other, Source: pg.Source, Edited: o == edited})
			}
		}
		o, exists := existing[full]
		switch {
		case !exists:
			p.Created = append(p.Created, full)
			p.writes[full] = pg.Data
		case o != generated:
			conflicts = append(conflicts, Conflict{Path: full, Source: pg.Source, Edited: o == edited})
		default:
			if same[full] {
				p.Unchanged = append(p.Unchanged, full)
			} else {
				p.Updated = append(p.Updated, full)
				p.writes[full] = pg.Data
			}
		}
	}
	if len(conflicts) > 0 {
		return nil, conflicts
	}
	for full, o := range existing {
		switch {
		case o == generated && !want[full]:
			p.Removed = append(p.Removed, full)
			p.stale = append(p.stale, full)
		case o != generated:
			p.foreign = append(p.foreign, full)
		}
	}
	for _, l := range [][]string{p.Created, p.Updated, p.Unchanged, p.Removed, p.stale, p.foreign} {
		sort.Strings(l)
	}
	return p, nil
}

// Apply carries out the plan, all or nothing: if any change to the disk
// fails, content/ is put back as it was. Every new page is first written
// beside its target (a temporary file in the same directory); only when
// all are on disk are they renamed in, each old or stale page first renamed
// aside, so undoing is renaming back. A run killed midway leaves temporary
// files, which the next run removes; each page is whole, old or new.
func (p *Changes) Apply() error {
	for _, t := range p.temps {
		_ = p.fsys.Remove(t)
	}
	tx := &txn{fsys: p.fsys}
	if err := tx.apply(p); err != nil {
		tx.undo()
		return fmt.Errorf("%w\ncontent/ was left as it was", err)
	}
	tx.done()
	for _, full := range p.stale {
		removeEmptyDirs(p.fsys, p.root, path.Dir(full))
	}
	return nil
}

// txn is an Apply in progress: what it made, so that it can be undone.
type txn struct {
	fsys   afero.Fs
	dirs   []string    // directories it created, parents first
	staged []string    // new pages' temporary files, not yet renamed in
	moves  [][2]string // renames done, in order: from, to
	aside  []string    // old pages renamed aside, removed when all is done
}

func (tx *txn) apply(p *Changes) error {
	targets := make([]string, 0, len(p.writes))
	for full := range p.writes {
		targets = append(targets, full)
	}
	sort.Strings(targets)
	// The directories first, one by one (undo removes them in reverse);
	// then the pages are staged on every core: at 10,000 plans writing
	// 0.4 GB into new files is most of Apply, and it is CPU time in the
	// kernel (copying, allocating inodes), not waiting for the disk.
	made := map[string]bool{}
	for _, full := range targets {
		if dir := path.Dir(full); !made[dir] {
			if err := tx.mkdirAll(dir); err != nil {
				return fmt.Errorf("writing %s: %w", full, err)
			}
			made[dir] = true
		}
	}
	temps := make([]string, len(targets))
	errs := make([]error, len(targets))
	parallel.For(len(targets), func(i int) { temps[i], errs[i] = stage(tx.fsys, targets[i], p.writes[targets[i]]) })
	for _, tmp := range temps {
		if tmp != "" {
			tx.staged = append(tx.staged, tmp)
		}
	}
	for i, err := range errs {
		if err != nil {
			return fmt.Errorf("writing %s: %w", targets[i], err)
		}
	}
	for i, full := range targets {
		if err := tx.putAside(full); err != nil {
			return fmt.Errorf("replacing %s: %w", full, err)
		}
		if err := tx.rename(temps[i], full); err != nil {
			return fmt.Errorf("replacing %s: %w", full, err)
		}
	}
	for _, full := range p.stale {
		if err := tx.putAside(full); err != nil {
			return fmt.Errorf("removing stale generated page: %w", err)
		}
	}
	return nil
}

// stage writes data into a new temporary file beside full, in a directory
// that exists, and returns its name ("" if none was made).
func stage(fsys afero.Fs, full string, data []byte) (string, error) {
	f, err := afero.TempFile(fsys, path.Dir(full), tempPrefix+"*.tmp")
	if err != nil {
		return "", err
	}
	// No fsync: rename makes the swap atomic for every reader and for a
	// crashed or killed run, which is what matters here; after a power cut
	// the next build regenerates every page anyway, and an fsync per page
	// made 10,000 plans several times slower.
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = fsys.Chmod(f.Name(), 0o644)
	}
	return f.Name(), err
}

// putAside renames an existing page out of the way; one that does not
// exist is nothing to do.
func (tx *txn) putAside(full string) error {
	if ok, err := afero.Exists(tx.fsys, full); err != nil || !ok {
		return err
	}
	old := path.Join(path.Dir(full), tempPrefix+path.Base(full)+".old.tmp")
	if err := tx.rename(full, old); err != nil {
		return err
	}
	tx.aside = append(tx.aside, old)
	return nil
}

func (tx *txn) rename(from, to string) error {
	if err := tx.fsys.Rename(from, to); err != nil {
		return err
	}
	tx.moves = append(tx.moves, [2]string{from, to})
	return nil
}

// mkdirAll creates dir and its missing parents one by one, remembering
// them.
func (tx *txn) mkdirAll(dir string) error {
	var missing []string
	for d := dir; d != "." && d != "/"; d = path.Dir(d) {
		if ok, err := afero.DirExists(tx.fsys, d); err != nil || ok {
			break
		}
		missing = append(missing, d)
	}
	for i := len(missing) - 1; i >= 0; i-- {
		if err := tx.fsys.Mkdir(missing[i], 0o755); err != nil {
			return err
		}
		tx.dirs = append(tx.dirs, missing[i])
	}
	return nil
}

// undo reverses the renames, newest first, then removes what it created.
// Each step is tried whatever the others did: the more it puts back, the
// better.
func (tx *txn) undo() {
	for i := len(tx.moves) - 1; i >= 0; i-- {
		_ = tx.fsys.Rename(tx.moves[i][1], tx.moves[i][0])
	}
	for _, t := range tx.staged {
		_ = tx.fsys.Remove(t)
	}
	for i := len(tx.dirs) - 1; i >= 0; i-- {
		_ = tx.fsys.Remove(tx.dirs[i])
	}
}

// done removes the old pages put aside. One left behind (the disk failed
// now) is a temporary file the next run removes: content/ is whole anyway.
func (tx *txn) done() {
	for _, old := range tx.aside {
		_ = tx.fsys.Remove(old)
	}
}

// pageName checks a generated page's path: clean and under content/, and
// named by a slug (or the section's _index.md). Validation has checked the
// slugs; this keeps a mistake in rendering from writing anywhere else.
func pageName(p string) error {
	if path.Clean(p) != p || path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
		return fmt.Errorf("%s is not a clean page path under content/", p)
	}
	if base := path.Base(p); base != "_index.md" {
		return paths.PageName(strings.TrimSuffix(base, paths.GeneratedExt))
	}
	return nil
}

// urlKey is the site path of a content file under contentDir.
func urlKey(contentDir, file string) string {
	u, _ := paths.ContentURL(strings.TrimPrefix(file, path.Clean(contentDir)+"/"))
	return u
}

// removeEmptyDirs removes dir and its parents while they are empty, up to
// (not including) the content root.
func removeEmptyDirs(fsys afero.Fs, root, dir string) {
	for strings.HasPrefix(dir, root+"/") {
		entries, err := afero.ReadDir(fsys, dir)
		if err != nil || len(entries) > 0 {
			return
		}
		if fsys.Remove(dir) != nil {
			return
		}
		dir = path.Dir(dir)
	}
}

// owner is who wrote a page, as far as its content tells.
type owner int

const (
	handWritten owner = iota // no generated mark
	edited                   // the mark, but not its own fingerprint
	generated                // the mark and its own fingerprint
)

// scan finds every page under contentDir, in any content format, and who
// wrote it, plus temporary files left by an interrupted run; same holds the
// generated pages whose bytes are those wanted at their path (each stamped).
func scan(fsys afero.Fs, contentDir string, wanted map[string][]byte, known Known) (files map[string]owner, same map[string]bool, temps []string, err error) {
	files, same = map[string]owner{}, map[string]bool{}
	root := path.Clean(contentDir)
	if ok, err := afero.DirExists(fsys, contentDir); err != nil || !ok {
		return files, same, nil, err
	}
	var pages []string
	err = walk.Walk(fsys, contentDir, func(p string, info fs.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if info.IsDir() {
			return nil
		}
		name := path.Base(p)
		switch {
		case strings.HasPrefix(name, tempPrefix) && strings.HasSuffix(name, ".tmp"):
			temps = append(temps, p)
		case path.Ext(name) == paths.GeneratedExt:
			if id, ok := vouched(known, p, info); ok {
				files[p] = generated
				if w, want := wanted[p]; want && Identity(w) == id {
					same[p] = true // the identity is the fingerprint, which covers every other byte
				}
				return nil
			}
			pages = append(pages, p)
		case slices.Contains(paths.ContentExts, path.Ext(name)):
			files[p] = handWritten // in another format
		}
		return nil
	})
	owners := make([]owner, len(pages))
	equal := make([]bool, len(pages))
	parallel.For(len(pages), func(i int) {
		b, err := afero.ReadFile(fsys, pages[i])
		switch w, ok := wanted[pages[i]]; {
		case err != nil:
			owners[i] = handWritten // when in doubt, never overwrite
		case ok && bytes.Equal(b, w):
			owners[i], equal[i] = generated, true // its fingerprint is w's, checked
		default:
			owners[i] = ownerOf(b, strings.TrimPrefix(pages[i], root+"/"))
		}
	})
	for i, p := range pages {
		files[p] = owners[i]
		if equal[i] {
			same[p] = true
		}
	}
	return files, same, temps, err
}

// vouched is known's word on the file at p, if it has one: only for a
// regular file, and never an empty identity.
func vouched(known Known, p string, fi fs.FileInfo) (string, bool) {
	if known == nil || !fi.Mode().IsRegular() {
		return "", false
	}
	id, ok := known(p, fi)
	return id, ok && id != ""
}

// ownerOf tells who wrote b, the page at rel under content/.
func ownerOf(b []byte, rel string) owner {
	// Our own page, as its fingerprint proves, needs no YAML parse: the
	// fingerprint covers every byte but its own line, the mark's included.
	if _, _, marked := findLine(frontMatter(b), markText, 0); marked && stamped(rel, b) {
		return generated
	}
	var fm struct {
		Params struct {
			GeneratedBy string `yaml:"generatedBy" toml:"generatedBy" json:"generatedBy"`
		} `yaml:"params" toml:"params" json:"params"`
	}
	switch _, err := frontmatter.Parse(bytes.NewReader(b), &fm); {
	case err != nil || fm.Params.GeneratedBy != paths.Generated:
		return handWritten
	case !stamped(rel, b):
		return edited
	}
	return generated
}

// LinkError lists the symbolic links found where qmsplan would write:
// writing through one would change what it points to, inside the site or
// out of it.
type LinkError []string

func (e LinkError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d symbolic link(s) where qmsplan writes; nothing was written:", len(e))
	for _, l := range e {
		fmt.Fprintf(&b, "\n  %s is a symbolic link: qmsplan writes only into real files and directories it owns; "+
			"remove the link, or put the real directory or file in its place", l)
	}
	return b.String()
}

// NewFile writes data into the new file rel (slash-separated) under root,
// refusing one that exists, even as a dangling link, and a symbolic link on
// its way from root: either would write out of the site.
func NewFile(fsys afero.Fs, root, rel string, data []byte) error {
	if err := noLinks(fsys, root, []string{rel}); err != nil {
		return err
	}
	full := path.Join(root, rel)
	f, err := fsys.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; choose another slug", full)
	}
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fsys.Remove(full)
		return fmt.Errorf("writing %s: %w", full, err)
	}
	return nil
}

// noLinks refuses symbolic links where qmsplan writes: root itself (e.g.
// content/), each directory below it on the way to each of rels, and the
// file. A walk does not follow links, so a linked section would look empty
// and be written through.
func noLinks(fsys afero.Fs, root string, rels []string) error {
	l, ok := fsys.(afero.Lstater)
	if !ok {
		return nil // no links on this file system
	}
	root = path.Clean(root)
	// Every path on the way to each of rels, once, looked at on every core
	// (one lstat a page, 10,000 at 10,000 plans, were a tenth of a run
	// after one edit): one below a link or a missing path is looked at for
	// nothing, which is cheaper than looking one after another.
	at := map[string]int{}
	var all []string
	ways := make([][]int, len(rels)) // each rel's paths from root, as indices into all
	for j, rel := range rels {
		p := root
		for _, part := range append([]string{""}, strings.Split(rel, "/")...) {
			p = path.Join(p, part)
			i, ok := at[p]
			if !ok {
				i = len(all)
				at[p] = i
				all = append(all, p)
			}
			ways[j] = append(ways[j], i)
		}
	}
	link := make([]bool, len(all))
	real := make([]bool, len(all)) // there, and not a link
	parallel.For(len(all), func(i int) {
		fi, _, err := l.LstatIfPossible(all[i])
		link[i] = err == nil && fi.Mode()&fs.ModeSymlink != 0
		real[i] = err == nil && !link[i]
	})
	named := make([]bool, len(all))
	var links LinkError
	for _, way := range ways {
		for _, i := range way {
			if link[i] && !named[i] {
				links = append(links, all[i])
				named[i] = true
			}
			if !real[i] {
				break // nothing to look at below a link or a missing path
			}
		}
	}
	if len(links) > 0 {
		sort.Strings(links)
		return links
	}
	return nil
}
