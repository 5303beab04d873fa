package main

import (
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
		return errReported
	}
	start := time.Now()
	// Hugo reads the site by absolute path; the overlay must hold the pages
	// at exactly those paths.
	abs, err := filepath.Abs(s.source)
	if err != nil {
		return err
	}
	s.source = abs
	res, _, err := e.prepare(s.common)
	if err != nil {
		return err
	}
	overlay, err := pipeline.Overlay(e.fs, s.source, res.Pages)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "pages: %d generated in memory\n", len(res.Pages))
	out, err := e.hugo(s, overlay, true)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "check passed: %d pages built in memory, links checked, in %s\n", out.Pages, time.Since(start).Round(time.Millisecond))
	return nil
}

// build runs the pre-build step, then Hugo into the destination.
func (e *env) build(args []string) error {
	var s siteFlags
	fs := e.flags("build")
	s.register(fs)
	if err := fs.Parse(args); err != nil {
		return errReported
	}
	start := time.Now()
	res, _, err := e.prepare(s.common)
	if err != nil {
		return err
	}
	if err := res.Plan.Apply(); err != nil {
		return err
	}
	e.summary(res)
	out, err := e.hugo(s, nil, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "built %d pages (%d files) into %s in %s\n", out.Pages, out.Files,
		filepath.Join(s.source, s.destination), time.Since(start).Round(time.Millisecond))
	return nil
}

// hugo builds the site and checks every internal link and anchor in it.
func (e *env) hugo(s siteFlags, srcFs afero.Fs, toMemory bool) (sitebuild.Result, error) {
	out, err := sitebuild.Build(e.ctx, sitebuild.Options{
		Source: s.source, Destination: s.destination, BaseURL: s.baseURL,
		ToMemory: toMemory, SourceFs: srcFs,
	})
	if err != nil {
		return out, err
	}
	problems, err := linkcheck.Check(afero.NewIOFS(out.Output), linkcheck.Options{BaseURL: s.baseURL})
	if err != nil {
		return out, err
	}
	for _, p := range problems {
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
		return errReported
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
