package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/walk"
	"github.com/qmsplan/qmsplan/generator/linkcheck"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/sitebuild"
)

// Options says how to build the site of a prepared run.
type Options struct {
	// Destination is the output directory, relative to the site root
	// unless absolute. Empty builds in memory and writes nothing.
	Destination string
	// BaseURL, if set, overrides the baseURL of hugo.toml.
	BaseURL string
	// Packs renders the audit packs too (sitebuild.Options.Packs), for
	// qmsplan pdf.
	Packs bool
}

// Summary is what a build made, and what it found wrong with the site.
type Summary struct {
	Pages int // Hugo's count: home, sections and pages
	Files int // files in the built site
	// Destination is where the site went (absolute); "" in memory.
	Destination string
	// Output is the built site, rooted at its top: in memory, or the
	// destination.
	Output afero.Fs
	// Diags are Hugo's problems and the broken links. A problem in a
	// generated page is reported at the data file it comes from, which is
	// where to fix it.
	Diags diag.List
}

// Build builds the site of res with Hugo and checks every internal link
// and anchor in it. With a destination, the disk changes only when all of
// that succeeded: Hugo builds from the overlay (the generated pages in
// memory) into a new directory beside the destination; only then are the
// generated pages written into content/ and the new site swapped in for
// the old, which comes back if writing content/ fails. res.Root must be
// absolute: Hugo reads the site by absolute path.
func Build(ctx context.Context, fsys afero.Fs, res *Result, opts Options) (Summary, error) {
	if !filepath.IsAbs(res.Root) {
		return Summary{}, fmt.Errorf("building the site: root %s is not absolute", res.Root)
	}
	overlay, err := res.Overlay(fsys, res.Root)
	if err != nil {
		return Summary{}, err
	}
	if opts.Destination == "" {
		return res.site(ctx, overlay, opts, "", nil)
	}
	dest, err := destination(fsys, res.Root, opts.Destination)
	if err != nil {
		return Summary{}, err
	}
	if err := restoreAside(fsys, dest); err != nil {
		return Summary{}, err
	}
	next := dest + ".qmsplan-new"
	if err := fsys.RemoveAll(next); err != nil {
		return Summary{}, err
	}
	sum, err := res.site(ctx, overlay, opts, next, fsys)
	if err == nil {
		err = mark(fsys, next)
	}
	if err != nil {
		fsys.RemoveAll(next)
		return sum, fmt.Errorf("%w\nnothing on disk was changed", err)
	}
	if err := swap(fsys, next, dest, res.Changes.Apply); err != nil {
		return sum, err
	}
	sum.Destination, sum.Output = dest, afero.NewBasePathFs(fsys, dest)
	return sum, nil
}

// mark marks dir as a directory qmsplan made, which the next run may
// replace whole.
func mark(fsys afero.Fs, dir string) error {
	return afero.WriteFile(fsys, filepath.Join(dir, paths.SiteMarker), []byte("built by qmsplan; this directory is replaced by every build\n"), 0o644)
}

// ReplaceDir makes a new output directory with fill and puts it in place of
// the directory flag names (relative to root unless absolute), as Build
// does with the site: fill writes into a directory beside the destination,
// and only when it succeeded is that swapped in; a failure leaves the
// destination as it was. It refuses the destinations Build refuses.
func ReplaceDir(fsys afero.Fs, root, flag string, fill func(dir string) error) (string, error) {
	dest, err := destination(fsys, root, flag)
	if err != nil {
		return "", err
	}
	if err := restoreAside(fsys, dest); err != nil {
		return "", err
	}
	next := dest + ".qmsplan-new"
	if err := fsys.RemoveAll(next); err != nil {
		return "", err
	}
	err = fsys.MkdirAll(next, 0o755)
	if err == nil {
		err = fill(next)
	}
	if err == nil {
		err = mark(fsys, next)
	}
	if err != nil {
		fsys.RemoveAll(next)
		return "", fmt.Errorf("%w\nnothing on disk was changed", err)
	}
	return dest, swap(fsys, next, dest, func() error { return nil })
}

// swap puts the new site in place, then runs apply (writing content/); if
// apply fails, the old site comes back and the run changed nothing. Where
// the file system can (Linux), the two directories are exchanged in one
// step, so that the destination always holds a whole site, whenever the
// run is killed. Elsewhere the old site is renamed aside first; a kill
// between the two renames leaves it there, and the next build puts it back
// (restoreAside) before anything else.
func swap(fsys afero.Fs, next, dest string, apply func() error) error {
	if ok, err := afero.DirExists(fsys, dest); err != nil {
		return err
	} else if ok {
		err := exchange(fsys, next, dest)
		if errors.Is(err, errNoExchange) {
			return swapByRenames(fsys, next, dest, apply)
		}
		if err != nil {
			fsys.RemoveAll(next)
			return err
		}
		// next now holds the old site.
		if err := apply(); err != nil {
			if xerr := exchange(fsys, next, dest); xerr != nil {
				return fmt.Errorf("%w\nand the previous site could not be restored: %v; it is in %s", err, xerr, next)
			}
			fsys.RemoveAll(next)
			return fmt.Errorf("%w\nthe previous site was restored", err)
		}
		removeOld(fsys, next)
		return nil
	}
	if err := fsys.Rename(next, dest); err != nil {
		fsys.RemoveAll(next)
		return err
	}
	if err := apply(); err != nil {
		fsys.RemoveAll(dest)
		return fmt.Errorf("%w\nthe new site was removed; there was none before", err)
	}
	return nil
}

// swapByRenames is swap where directories cannot be exchanged: the old
// site goes aside, the new one in.
func swapByRenames(fsys afero.Fs, next, dest string, apply func() error) error {
	old := aside(dest)
	if err := fsys.RemoveAll(old); err != nil {
		fsys.RemoveAll(next)
		return err
	}
	if err := fsys.Rename(dest, old); err != nil {
		fsys.RemoveAll(next)
		return err
	}
	if err := fsys.Rename(next, dest); err != nil {
		fsys.Rename(old, dest)
		fsys.RemoveAll(next)
		return err
	}
	if err := apply(); err != nil {
		fsys.RemoveAll(dest)
		fsys.Rename(old, dest)
		return fmt.Errorf("%w\nthe previous site was restored", err)
	}
	removeOld(fsys, old)
	return nil
}

// removeOld removes the old site once the new one is in place. Failing
// here fails nothing: the new site and content/ are whole, and the next
// build removes what is left before it starts.
func removeOld(fsys afero.Fs, dir string) { _ = fsys.RemoveAll(dir) }

// aside is where swapByRenames keeps the old site while it swaps.
func aside(dest string) string { return dest + ".qmsplan-old" }

// restoreAside puts back an old site that a build killed in
// swapByRenames left aside, with no site in the destination.
func restoreAside(fsys afero.Fs, dest string) error {
	if ok, err := afero.Exists(fsys, dest); err != nil || ok {
		return err
	}
	if ok, err := afero.DirExists(fsys, aside(dest)); err != nil || !ok {
		return err
	}
	return fsys.Rename(aside(dest), dest)
}

// destination resolves --destination and refuses one whose replacement
// could cost anybody files: the site's own sources, or a directory that is
// neither empty nor a site qmsplan built. Every build replaces it whole.
func destination(fsys afero.Fs, root, flag string) (string, error) {
	dest := flag
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(root, dest)
	}
	dest = filepath.Clean(dest)
	if within(root, dest) {
		return "", fmt.Errorf("--destination %s holds the site's own sources; choose a directory outside them, such as public", dest)
	}
	if within(dest, root) {
		rel, _ := filepath.Rel(root, dest)
		if dir, ok := paths.SourceDir(filepath.ToSlash(rel)); ok {
			return "", fmt.Errorf("--destination %s is inside the site's %s/ directory; choose a directory outside the sources, such as public", dest, dir)
		}
	}
	if l, ok := fsys.(afero.Lstater); ok {
		if fi, _, err := l.LstatIfPossible(dest); err == nil && fi.Mode()&fs.ModeSymlink != 0 {
			return "", fmt.Errorf("--destination %s is a symbolic link; every build replaces its destination whole, so it must be a real directory: give --destination the directory itself, or remove the link", dest)
		}
	}
	entries, err := afero.ReadDir(fsys, dest)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return dest, nil
	}
	if err != nil {
		return "", err
	}
	if ok, _ := afero.Exists(fsys, filepath.Join(dest, paths.SiteMarker)); ok {
		return dest, nil
	}
	// The default public/ of a site may hold a build from before the marker
	// (or from plain Hugo): it is build output by convention.
	if dest == filepath.Join(root, paths.Public) {
		if ok, _ := afero.Exists(fsys, filepath.Join(dest, "index.html")); ok {
			return dest, nil
		}
	}
	return "", fmt.Errorf("%s is not empty and is not a site qmsplan built; every build replaces its destination, so choose an empty or new directory", dest)
}

// within reports whether path p is dir or below it.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// site builds the site from srcFs into dest on destFs (in memory when dest
// is empty) and checks its links.
func (res *Result) site(ctx context.Context, srcFs afero.Fs, opts Options, dest string, destFs afero.Fs) (Summary, error) {
	out, err := sitebuild.Build(ctx, sitebuild.Options{
		Source: res.Root, Destination: dest, BaseURL: opts.BaseURL,
		ToMemory: dest == "", SourceFs: srcFs, DestFs: destFs, Packs: opts.Packs,
	})
	sum := Summary{Pages: out.Pages, Files: out.Files, Output: out.Output}
	var hugo *sitebuild.BuildError
	if errors.As(err, &hugo) {
		sum.Diags = res.hugoFindings(hugo.Problems())
		return sum, fmt.Errorf("hugo build failed: %d problem(s)", len(sum.Diags))
	}
	if err != nil {
		return sum, err
	}
	exports, err := res.WriteExports(out.Output, out.BaseURL)
	sum.Files += len(exports)
	if err != nil {
		return sum, err
	}
	problems, err := linkcheck.Check(afero.NewIOFS(out.Output), linkcheck.Options{BaseURL: opts.BaseURL})
	if err != nil {
		return sum, err
	}
	sum.Diags = res.linkFindings(srcFs, problems)
	if len(problems) > 0 {
		return sum, fmt.Errorf("%d broken link(s) in the built site", len(problems))
	}
	return sum, nil
}

// hugoFindings reports Hugo's problems as findings. One in a generated page
// is reported at the data file the page comes from, naming the page too;
// Hugo's position is one in the page, not in the data file.
func (res *Result) hugoFindings(problems []sitebuild.Problem) diag.List {
	rel := func(file string) string {
		r, err := filepath.Rel(res.Root, file)
		if err != nil {
			return file
		}
		return filepath.ToSlash(r)
	}
	var ds diag.List
	for _, p := range problems {
		msg := "hugo: " + p.Message
		if p.Warning {
			msg = "hugo warning: " + p.Message
		}
		pos := diag.Pos{File: paths.Config} // Hugo named no file
		if p.File != "" {
			pos = diag.Pos{File: rel(p.File), Line: p.Line, Col: p.Col}
		}
		hint := "fix the file Hugo names; every Hugo warning or error fails the build"
		for _, pg := range res.Pages {
			page := filepath.Join(res.Root, paths.Content, pg.Path)
			if p.File != page && (p.File != "" || !strings.Contains(p.Message, page)) {
				continue
			}
			in := rel(page)
			if p.Line > 0 {
				in = fmt.Sprintf("%s:%d:%d", in, p.Line, p.Col)
			}
			pos, msg = diag.Pos{File: pg.Source}, msg+" (in its generated page "+in+")"
			hint = "the page is generated from this file: fix the value that makes it"
			break
		}
		ds.Add(diag.Errorf(pos, "%s", msg).Fix(hint))
	}
	return ds
}

// linkFindings reports broken links like data findings, so CI annotates
// the file to fix: a link is reported at the line and column where it is
// written, in a generated page's data file or its plan's template, or in a
// hand-written page's content file; a link every page of a template repeats
// is reported once. A link no file writes (a layout's) names its built page.
func (res *Result) linkFindings(fsys afero.Fs, problems []linkcheck.Problem) diag.List {
	sources := res.linkSources(fsys)
	texts := map[string]string{}
	text := func(file string) string {
		if _, ok := texts[file]; !ok {
			b, _ := afero.ReadFile(fsys, filepath.Join(res.Root, file))
			texts[file] = string(b)
		}
		return texts[file]
	}
	var ds diag.List
	seen := map[string]bool{}
	for _, p := range problems {
		src, ok := sources[p.Page]
		pos, where := diag.Pos{File: p.Page}, ""
		if ok {
			pos = diag.Pos{File: src.files[0]}
			if src.generated {
				where = " in its page " + p.Page
			}
		}
		for _, f := range src.files {
			if at, ok := written(text(f), p.Link); ok {
				pos = diag.Pos{File: f, Line: at.Line, Col: at.Col}
				break
			}
		}
		if key := pos.String() + " " + p.Link; pos.Line > 0 {
			if seen[key] {
				continue // the same text, repeated in another page
			}
			seen[key] = true
		}
		ds.Add(diag.Errorf(pos, "link %q%s: %s", p.Link, where, p.Reason).Fix("fix or remove the link"))
	}
	return ds
}

// linkSource is what writes the text of a built page.
type linkSource struct {
	files     []string // relative to the site root: the page's own file first
	generated bool     // files are data files (a plan's, then its template's)
}

// linkSources maps every built page that a file writes to its sources.
func (res *Result) linkSources(fsys afero.Fs) map[string]linkSource {
	out := map[string]linkSource{}
	for _, pg := range res.Pages {
		if built, ok := paths.BuiltFile(pg.Path); ok {
			src := linkSource{files: []string{pg.Source}, generated: true}
			if t := res.planTemplates[pg.Source]; t != "" {
				src.files = append(src.files, t)
			}
			out[built] = src
		}
	}
	content := filepath.Join(res.Root, paths.Content)
	_ = walk.Walk(fsys, content, func(p string, fi fs.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(content, p)
		if built, ok := paths.BuiltFile(filepath.ToSlash(rel)); ok {
			if _, generated := out[built]; !generated {
				out[built] = linkSource{files: []string{filepath.ToSlash(filepath.Join(paths.Content, rel))}}
			}
		}
		return nil
	})
	return out
}

// written finds where a link is written in a data file's text: the link
// as the page has it, else its #fragment (Hugo rewrites a link to a page,
// not its fragment). Line and column count from 1, the column in runes.
func written(text, link string) (diag.Pos, bool) {
	cands := []string{link}
	if _, frag, ok := strings.Cut(link, "#"); ok && frag != "" {
		cands = append(cands, "#"+frag)
	}
	for _, c := range cands {
		if i := strings.Index(text, c); i >= 0 {
			start := strings.LastIndexByte(text[:i], '\n') + 1
			return diag.Pos{Line: strings.Count(text[:i], "\n") + 1, Col: utf8.RuneCountInString(text[start:i]) + 1}, true
		}
	}
	return diag.Pos{}, false
}
