package main

import (
	"errors"
	"io/fs"
	"os"
	"strings"

	"flag"
	"fmt"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/paths"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/linkcheck"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/sitebuild"
)

// siteFlags are the flags of the commands that run Hugo.
type siteFlags struct {
	common
	destination string
	baseURL     string
}

func (s *siteFlags) register(fs *flag.FlagSet) {
	s.common.register(fs)
	fs.StringVar(&s.destination, "destination", "public", "output directory, relative to --source")
	fs.StringVar(&s.baseURL, "base-url", "", "the site's base URL, e.g. https://qms.example.com/ (default: baseURL in hugo.toml)")
}

// check validates the data, renders every page and builds the whole site in
// memory, failing on any error or Hugo warning; nothing on disk changes.
func (e *env) check(args []string) error {
	var s siteFlags
	fs := e.flags("check")
	s.register(fs)
	if err := fs.Parse(args); err != nil {
		return parseErr(err)
	}
	start := time.Now()
	res, overlay, err := e.prepareSite(&s)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "pages: %d generated in memory\n", len(res.Pages))
	out, err := e.hugo(s, res, overlay, "")
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "check passed: %d pages built in memory, links checked, in %s\n", out.Pages, time.Since(start).Round(time.Millisecond))
	return nil
}

// prepareSite runs the pre-build step and returns the site as the run will
// leave it, in an overlay: Hugo builds from it before anything on disk
// changes. It makes s.source absolute, as Hugo reads the site by absolute
// path.
func (e *env) prepareSite(s *siteFlags) (*pipeline.Result, afero.Fs, error) {
	abs, err := filepath.Abs(s.source)
	if err != nil {
		return nil, nil, err
	}
	s.source = abs
	res, _, err := e.prepare(s.common)
	if err != nil {
		return nil, nil, err
	}
	overlay, err := res.Overlay(e.fs, s.source)
	return res, overlay, err
}

// build runs the pre-build step and Hugo, and changes the disk only when
// both succeeded: Hugo builds from the overlay into a new directory beside
// the destination, its links are checked, and only then are the generated
// pages written into content/ and the new site swapped in for the old.
func (e *env) build(args []string) error {
	var s siteFlags
	fs := e.flags("build")
	s.register(fs)
	if err := fs.Parse(args); err != nil {
		return parseErr(err)
	}
	start := time.Now()
	res, overlay, err := e.prepareSite(&s)
	if err != nil {
		return err
	}
	dest, err := destination(s.source, s.destination)
	if err != nil {
		return err
	}
	next := dest + ".qmsplan-new"
	if err := os.RemoveAll(next); err != nil {
		return err
	}
	out, err := e.hugo(s, res, overlay, next)
	if err != nil {
		os.RemoveAll(next)
		return fmt.Errorf("%w\nnothing on disk was changed", err)
	}
	if err := os.WriteFile(filepath.Join(next, paths.SiteMarker), []byte("built by qmsplan; this directory is replaced by every build\n"), 0o644); err != nil {
		os.RemoveAll(next)
		return err
	}
	// The new site goes in first, the old one aside: if writing content/
	// then fails, the old site comes back and the run changed nothing.
	old := dest + ".qmsplan-old"
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(dest, old); err != nil && !os.IsNotExist(err) {
		os.RemoveAll(next)
		return err
	}
	if err := os.Rename(next, dest); err != nil {
		os.Rename(old, dest)
		os.RemoveAll(next)
		return err
	}
	if err := res.Plan.Apply(); err != nil {
		os.RemoveAll(dest)
		os.Rename(old, dest)
		return err
	}
	os.RemoveAll(old)
	e.summary(res)
	fmt.Fprintf(e.stderr, "built %d pages (%d files) into %s in %s\n", out.Pages, out.Files, dest, time.Since(start).Round(time.Millisecond))
	return nil
}

// destination resolves --destination and refuses one whose replacement
// could cost anybody files: the site's own sources, or a directory that is
// neither empty nor a site qmsplan built. Every build replaces it whole.
func destination(source, flag string) (string, error) {
	dest := flag
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(source, dest)
	}
	dest = filepath.Clean(dest)
	if rel, err := filepath.Rel(dest, source); err == nil && !strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("--destination %s holds the site's own sources; choose a directory outside them, such as public", dest)
	}
	if rel, err := filepath.Rel(source, dest); err == nil && !strings.HasPrefix(rel, "..") {
		if first, ok := paths.SourceDir(filepath.ToSlash(rel)); ok {
			return "", fmt.Errorf("--destination %s is inside the site's %s/ directory; choose a directory outside the sources, such as public", dest, first)
		}
	}
	entries, err := os.ReadDir(dest)
	if errors.Is(err, fs.ErrNotExist) || (err == nil && len(entries) == 0) {
		return dest, nil
	}
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(dest, paths.SiteMarker)); err == nil {
		return dest, nil
	}
	// The default public/ of a site may hold a build from before the marker
	// (or from plain Hugo): it is build output by convention.
	if dest == filepath.Join(source, "public") {
		if _, err := os.Stat(filepath.Join(dest, "index.html")); err == nil {
			return dest, nil
		}
	}
	return "", fmt.Errorf("%s is not empty and is not a site qmsplan built; every build replaces its destination, so choose an empty or new directory", dest)
}

// hugo builds the site from srcFs into dest (in memory when dest is empty)
// and checks every internal link and anchor in it. Problems in generated
// pages name the data file they come from, which is where to fix them.
func (e *env) hugo(s siteFlags, res *pipeline.Result, srcFs afero.Fs, dest string) (sitebuild.Result, error) {
	out, err := sitebuild.Build(e.ctx, sitebuild.Options{
		Source: s.source, Destination: dest, BaseURL: s.baseURL,
		ToMemory: dest == "", SourceFs: srcFs,
	})
	if err != nil {
		var pairs []string
		for _, pg := range res.Pages {
			f := filepath.Join(s.source, paths.Content, pg.Path)
			pairs = append(pairs, f+`"`, f+`" (generated from `+pg.Source+`)`)
		}
		return out, errors.New(strings.NewReplacer(pairs...).Replace(err.Error()))
	}
	problems, err := linkcheck.Check(afero.NewIOFS(out.Output), linkcheck.Options{BaseURL: s.baseURL})
	if err != nil {
		return out, err
	}
	byPage := map[string]string{}
	for _, pg := range res.Pages {
		u := strings.TrimSuffix(strings.TrimSuffix(pg.Path, ".md"), "_index")
		byPage[strings.TrimSuffix(u, "/")+"/index.html"] = pg.Source
	}
	// Reported like data findings, in the chosen format, so CI annotates
	// the data file; a hand-written page is named by its built page.
	var ds diag.List
	for _, p := range problems {
		file, where := p.Page, ""
		if src, ok := byPage[p.Page]; ok {
			file, where = src, " in its page "+p.Page
		}
		ds.Add(diag.Errorf(diag.Pos{File: file}, "link %q%s: %s", p.Link, where, p.Reason).Fix("fix or remove the link"))
	}
	if f, _ := diag.ParseFormat(s.format); len(ds) > 0 {
		out := e.stderr
		if f == diag.JSON {
			out = e.stdout
		}
		ds.Write(out, f)
	}
	if len(problems) > 0 {
		return out, fmt.Errorf("%d broken link(s) in the built site", len(problems))
	}
	return out, nil
}

// serve generates the pages, then runs Hugo's development server. Edits
// under data/ regenerate the pages (Hugo's own watcher then reloads the
// browser); invalid data is reported and the previous pages stay.
func (e *env) serve(args []string) error {
	var s siteFlags
	var port int
	fs := e.flags("serve")
	s.common.register(fs) // Hugo's server renders to memory: no destination
	fs.StringVar(&s.baseURL, "base-url", "", "the site's base URL (default: baseURL in hugo.toml)")
	fs.IntVar(&port, "port", 1313, "port to listen on (127.0.0.1)")
	if err := fs.Parse(args); err != nil {
		return parseErr(err)
	}
	regenerate := func() {
		res, _, err := e.prepare(s.common)
		if err != nil {
			if err != errReported {
				fmt.Fprintln(e.stderr, "qmsplan serve:", err)
			}
			return
		}
		if err := res.Plan.Apply(); err != nil {
			fmt.Fprintln(e.stderr, "qmsplan serve:", err)
			return
		}
		e.summary(res)
	}
	regenerate()
	w, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	defer w.Close()
	for _, dir := range []string{paths.Data, paths.Templates, paths.Plans} {
		if err := w.Add(filepath.Join(s.source, dir)); err != nil {
			return fmt.Errorf("watching %s: %w", dir, err)
		}
	}
	go func() {
		// Editors save in bursts (temp file, rename, chmod): wait for quiet.
		var timer <-chan time.Time
		for {
			select {
			case <-e.ctx.Done():
				return
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if strings.HasSuffix(ev.Name, ".yaml") {
					timer = time.After(150 * time.Millisecond)
				}
			case <-timer:
				fmt.Fprintln(e.stderr, "data changed: regenerating")
				regenerate()
			case err := <-w.Errors:
				fmt.Fprintln(e.stderr, "qmsplan serve: watching data:", err)
			}
		}
	}()
	return sitebuild.Serve(e.ctx, sitebuild.ServeOptions{Source: s.source, Port: port, BaseURL: s.baseURL})
}
