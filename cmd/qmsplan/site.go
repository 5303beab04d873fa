package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/paths"
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
	fs.StringVar(&s.destination, "destination", paths.Public, "output directory, relative to --source")
	fs.StringVar(&s.baseURL, "base-url", "", "the site's base URL, e.g. https://qms.example.com/ (default: baseURL in hugo.toml)")
}

// check validates the data, renders every page and builds the whole site in
// memory, failing on any error or Hugo warning; nothing on disk changes.
func (e *env) check(args []string) error {
	start := time.Now()
	_, sum, err := e.site("check", args, false)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stderr, "check passed: %d pages built in memory, links checked, in %s\n", sum.Pages, time.Since(start).Round(time.Millisecond))
	return nil
}

// build runs the pre-build step and Hugo, and changes the disk only when
// both succeeded (see pipeline.Build).
func (e *env) build(args []string) error {
	start := time.Now()
	res, sum, err := e.site("build", args, true)
	if err != nil {
		return err
	}
	e.summary(res)
	fmt.Fprintf(e.stderr, "built %d pages (%d files) into %s in %s\n", sum.Pages, sum.Files, sum.Destination, time.Since(start).Round(time.Millisecond))
	return nil
}

// site is check and build: the pre-build step, then the site, into the
// destination (toDisk) or in memory. Findings are printed here.
func (e *env) site(name string, args []string, toDisk bool) (*pipeline.Result, pipeline.Summary, error) {
	var s siteFlags
	fs := e.flags(name)
	s.register(fs)
	if err := parse(fs, args); err != nil {
		return nil, pipeline.Summary{}, err
	}
	// Hugo reads the site by absolute path.
	abs, err := filepath.Abs(s.source)
	if err != nil {
		return nil, pipeline.Summary{}, err
	}
	s.source = abs
	if toDisk {
		lock, err := e.lock(s.source, name)
		if err != nil {
			return nil, pipeline.Summary{}, err
		}
		defer lock.Release()
	}
	// Hugo builds from the pages in memory (Result.Overlay) and the exports
	// from the portfolio's rows: a record of the last run has neither.
	res, err := e.prepare(s.common, noRecord, nil)
	if err != nil {
		return nil, pipeline.Summary{}, err
	}
	res.DropModel() // Hugo's build is where the memory peaks
	opts := pipeline.Options{BaseURL: s.baseURL}
	if toDisk {
		opts.Destination = s.destination
	} else {
		fmt.Fprintf(e.stderr, "pages: %d generated in memory\n", len(res.Pages))
	}
	sum, err := pipeline.Build(e.ctx, e.fs, res, opts)
	e.report(append(res.Diags[:len(res.Diags):len(res.Diags)], sum.Diags...), s.format)
	return res, sum, err
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
	if err := parse(fs, args); err != nil {
		return err
	}
	// Hugo serves the static files, and the exports written beside them,
	// from a directory of this run's own: never public/, which holds the
	// last build.
	static, err := os.MkdirTemp("", "qmsplan-serve-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(static)
	served := afero.NewBasePathFs(afero.NewOsFs(), static)
	var exported []string
	exportedKey := "" // the inputs' key (Result.Key) of the run whose exports are served
	exportsURL := s.baseURL
	if exportsURL == "" {
		exportsURL = fmt.Sprintf("http://localhost:%d/", port)
	}
	// The plans this serve decoded, by path and bytes: after an edit only
	// the edited plan is parsed again.
	memo := &pipeline.Memo{}
	regenerate := func() {
		start := time.Now()
		lock, err := e.lock(s.source, "serve")
		if err != nil {
			fmt.Fprintln(e.stderr, "qmsplan serve:", err)
			return
		}
		defer lock.Release()
		// The record can answer only once this serve's exports are of the
		// data it vouches for (the same Key): the first run, and the one
		// after exports failed, need the whole Result.
		rec := useRecord
		if exportedKey == "" {
			rec = renewRecord
		}
		res, err := e.prepare(s.common, rec, memo)
		if err == nil && res.Cached && res.Key != exportedKey {
			// The pages are of other data than the exports served (a
			// generate ran in between).
			res, err = e.prepare(s.common, renewRecord, memo)
		}
		if err != nil {
			if err != errReported {
				fmt.Fprintln(e.stderr, "qmsplan serve:", err)
			}
			return
		}
		e.report(res.Diags, s.format)
		if err := res.Apply(); err != nil {
			fmt.Fprintln(e.stderr, "qmsplan serve:", err)
			return
		}
		// Said now: Hugo's watcher has the pages; the exports come after.
		e.summary(res)
		fmt.Fprintf(e.stderr, "pages written in %s\n", time.Since(start).Round(time.Millisecond))
		if res.Cached {
			return // the exports served are this data's already
		}
		// The last run's exports go first: a role's feed may be gone.
		for _, f := range exported {
			served.Remove(f)
		}
		exportedKey = ""
		if exported, err = res.WriteExports(served, exportsURL); err != nil {
			fmt.Fprintln(e.stderr, "qmsplan serve:", err)
			return
		}
		exportedKey = res.Key
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
	go coalesce(e.ctx, w.Events, time.After, func() {
		fmt.Fprintln(e.stderr, "data changed: regenerating")
		regenerate()
	})
	go func() {
		for err := range w.Errors {
			fmt.Fprintln(e.stderr, "qmsplan serve: watching data:", err)
		}
	}()
	return sitebuild.Serve(e.ctx, sitebuild.ServeOptions{Source: s.source, Port: port, BaseURL: s.baseURL, StaticDir: static})
}

// quiet is how long serve waits after a change under data/ before it
// regenerates. An editor saves in a burst (a temporary file, a rename, a
// chmod: microseconds apart), and a burst is one edit; every millisecond
// here is a millisecond before the browser shows the edit.
const quiet = 30 * time.Millisecond

// coalesce calls run once the changes to YAML files on events have been
// quiet for [quiet], however many came. It calls run on its own goroutine,
// one run at a time: changes made while run runs wait for it, then make one
// run more. It returns when ctx is done or events is closed.
func coalesce(ctx context.Context, events <-chan fsnotify.Event, after func(time.Duration) <-chan time.Time, run func()) {
	var timer <-chan time.Time
	for {
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-events:
			if !ok {
				return
			}
			if strings.HasSuffix(ev.Name, ".yaml") {
				timer = after(quiet)
			}
		case <-timer:
			timer = nil
			run()
		}
	}
}
