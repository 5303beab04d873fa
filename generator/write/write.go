// Package write puts generated pages into content/ safely. It never touches a
// file that lacks the generated mark in its front matter (a hand-written
// page), removes generated files whose source is gone, leaves unchanged files
// alone (their mtime stays), and replaces each file atomically. It decides
// everything before changing anything, so a conflict changes nothing on disk.
package write

import (
	"bytes"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/adrg/frontmatter"
	"github.com/spf13/afero"

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
}

// ConflictError lists every conflict found.
type ConflictError []Conflict

func (e ConflictError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d generated page(s) would overwrite hand-written files; nothing was written:", len(e))
	for _, c := range e {
		fmt.Fprintf(&b, "\n  %s: is hand-written (its front matter has no \"generatedBy: %s\" mark), but %s generates a page at this path; "+
			"move or rename the hand-written page, or change the slug in %s", c.Path, paths.Generated, c.Source, c.Source)
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
}

const tempPrefix = ".qmsplan-"

// Prepare compares the desired pages with what is under contentDir and
// returns the plan, or a ConflictError if any page would replace a
// hand-written file. It changes nothing.
func Prepare(fsys afero.Fs, contentDir string, pages []render.Page) (*Changes, error) {
	existing, temps, err := scan(fsys, contentDir)
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
	for _, pg := range pages {
		if err := pageName(pg.Path); err != nil {
			return nil, fmt.Errorf("page from %s: %w", pg.Source, err)
		}
		full := path.Join(contentDir, pg.Path)
		if want[full] {
			return nil, fmt.Errorf("two generated pages at %s (the second from %s): check for duplicate slugs", full, pg.Source)
		}
		want[full] = true
		for _, other := range byURL[urlKey(contentDir, full)] {
			if other != full && !existing[other] {
				conflicts = append(conflicts, Conflict{Path: other, Source: pg.Source})
			}
		}
		generated, exists := existing[full]
		switch {
		case !exists:
			p.Created = append(p.Created, full)
			p.writes[full] = pg.Data
		case !generated:
			conflicts = append(conflicts, Conflict{Path: full, Source: pg.Source})
		default:
			old, err := afero.ReadFile(fsys, full)
			if err != nil {
				return nil, err
			}
			if bytes.Equal(old, pg.Data) {
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
	for full, generated := range existing {
		if generated && !want[full] {
			p.Removed = append(p.Removed, full)
			p.stale = append(p.stale, full)
		}
	}
	for _, l := range [][]string{p.Created, p.Updated, p.Unchanged, p.Removed, p.stale} {
		sort.Strings(l)
	}
	return p, nil
}

// Apply carries out the plan. Each file is written to a temporary file in
// its directory and renamed over the old one, so an interrupted run leaves
// either the old or the new content, never half of either.
func (p *Changes) Apply() error {
	for _, t := range p.temps {
		_ = p.fsys.Remove(t)
	}
	paths := make([]string, 0, len(p.writes))
	for full := range p.writes {
		paths = append(paths, full)
	}
	sort.Strings(paths)
	for _, full := range paths {
		if err := atomicWrite(p.fsys, full, p.writes[full]); err != nil {
			return err
		}
	}
	for _, full := range p.stale {
		if err := p.fsys.Remove(full); err != nil {
			return fmt.Errorf("removing stale generated page: %w", err)
		}
		removeEmptyDirs(p.fsys, p.root, path.Dir(full))
	}
	return nil
}

// pageName checks a generated page's path: clean and under content/, and
// named by a slug (or the section's _index.md). Validation has checked the
// slugs; this keeps a mistake in rendering from writing anywhere else.
func pageName(p string) error {
	if path.Clean(p) != p || path.IsAbs(p) || p == ".." || strings.HasPrefix(p, "../") {
		return fmt.Errorf("%s is not a clean page path under content/", p)
	}
	if base := path.Base(p); base != "_index.md" {
		return paths.Slug(strings.TrimSuffix(base, ".md"))
	}
	return nil
}

func atomicWrite(fsys afero.Fs, full string, data []byte) error {
	dir := path.Dir(full)
	if err := fsys.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := afero.TempFile(fsys, dir, tempPrefix+"*.tmp")
	if err != nil {
		return err
	}
	tmp := f.Name()
	// No fsync: rename makes the swap atomic for every reader and for a
	// crashed or killed run, which is what matters here; after a power cut
	// the next build regenerates every page anyway, and an fsync per page
	// made 10,000 plans several times slower.
	_, werr := f.Write(data)
	cerr := f.Close()
	if werr == nil {
		werr = cerr
	}
	if werr == nil {
		werr = fsys.Chmod(tmp, 0o644)
	}
	if werr == nil {
		werr = fsys.Rename(tmp, full)
	}
	if werr != nil {
		_ = fsys.Remove(tmp)
		return fmt.Errorf("writing %s: %w", full, werr)
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

// scan finds every Markdown file under contentDir and whether it carries the
// generated mark, plus temporary files left by an interrupted run.
func scan(fsys afero.Fs, contentDir string) (files map[string]bool, temps []string, err error) {
	files = map[string]bool{}
	if ok, err := afero.DirExists(fsys, contentDir); err != nil || !ok {
		return files, nil, err
	}
	err = afero.Walk(fsys, contentDir, func(p string, info fs.FileInfo, err error) error {
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
		case strings.HasSuffix(name, ".md"):
			files[p] = isGenerated(fsys, p)
		case strings.HasSuffix(name, ".html") || strings.HasSuffix(name, ".markdown"):
			files[p] = false // a hand-written page in another format
		}
		return nil
	})
	return files, temps, err
}

// isGenerated reads a page's front matter. Anything unreadable counts as
// hand-written: when in doubt, never overwrite.
func isGenerated(fsys afero.Fs, p string) bool {
	f, err := fsys.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	var fm struct {
		Params struct {
			GeneratedBy string `yaml:"generatedBy" toml:"generatedBy" json:"generatedBy"`
		} `yaml:"params" toml:"params" json:"params"`
	}
	if _, err := frontmatter.Parse(f, &fm); err != nil {
		return false
	}
	return fm.Params.GeneratedBy == paths.Generated
}
