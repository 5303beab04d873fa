package main

import (
	"errors"
	"io/fs"
	"os"
	"strings"

	"flag"
	"fmt"
	"github.com/fsnotify/fsnotify"
	"github.com/qmsplan/qmsplan/generator/load"
	"path/filepath"
	"time"

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
	dest := s.destination
	if !filepath.IsAbs(dest) {
		dest = filepath.Join(s.source, dest)
	}
	if rel, err := filepath.Rel(dest, s.source); err == nil && !strings.HasPrefix(rel, "..") {
		return fmt.Errorf("--destination %s holds the site's own sources; choose a directory outside them, such as public", dest)
	}
	if err := replaceable(dest); err != nil {
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
	if err := os.WriteFile(filepath.Join(next, siteMarker), []byte("built by qmsplan; this directory is replaced by every build\n"), 0o644); err != nil {
		return err
	}
	if err := res.Plan.Apply(); err != nil {
		os.RemoveAll(next)
		return err
	}
	e.summary(res)
	if err := swap(dest, next); err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "built %d pages (%d files) into %s in %s\n", out.Pages, out.Files, dest, time.Since(start).Round(time.Millisecond))
	return nil
}

// siteMarker marks a directory as a site qmsplan built, which the next build
// may replace.
const siteMarker = ".qmsplan-site"

// replaceable refuses to replace a directory that holds something other
// than a built site: --destination pointed at the wrong place must not cost
// anybody their files.
func replaceable(dir string) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return err
	}
	if len(entries) == 0 {
		return nil
	}
	for _, name := range []string{siteMarker, "index.html"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			return nil
		}
	}
	return fmt.Errorf("%s is not empty and does not hold a built site; every build replaces its destination, so choose an empty or new directory", dir)
}

// swap puts the new site in place of the old with two renames, so a reader
// of the destination sees one whole site or the other.
func swap(dest, next string) error {
	old := dest + ".qmsplan-old"
	if err := os.RemoveAll(old); err != nil {
		return err
	}
	if err := os.Rename(dest, old); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if err := os.Rename(next, dest); err != nil {
		return err
	}
	return os.RemoveAll(old)
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
			f := filepath.Join(s.source, pipeline.ContentDir, pg.Path)
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
	for _, p := range problems {
		if src, ok := byPage[p.Page]; ok {
			fmt.Fprintf(e.stderr, "%s: %s (in its page %s)\n", src, strings.TrimPrefix(p.String(), p.Page+": "), p.Page)
			continue
		}
		fmt.Fprintln(e.stderr, p)
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
	s.register(fs)
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
	for _, dir := range []string{load.DataDir, load.TemplatesDir, load.PlansDir} {
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
