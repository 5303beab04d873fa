// Package sitebuild builds the portal's Hugo site with Hugo embedded as a
// library, so that nobody has to install Hugo.
//
// Hugo's Go packages (hugolib, config/allconfig, hugofs, commands) carry no
// API stability promise: any Hugo upgrade may change how a site is wired up
// and built. This package is the one place in qmsplan that touches them. It
// is deliberately small and has its own tests, which build tiny sites, so a
// Hugo upgrade that breaks the wiring fails here and nowhere else.
//
// [Build] calls hugolib directly instead of commands.Execute (what the hugo
// binary runs): commands.Execute changes GOMAXPROCS for the whole process,
// and with --panicOnWarning turns some warnings into Go panics. Calling
// hugolib lets [Build] count Hugo's warnings and errors and fail cleanly. It
// treats every warning as a failure, so CI stops on a missing layout, a
// warnf in a template, a broken ref or two pages at one path.
//
// [Serve] runs Hugo's own development server (with live reload) through
// commands.Execute. That is acceptable for a long-running, interactive mode.
package sitebuild

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strings"
	"sync"
	"time"

	"github.com/bep/logg"
	"github.com/gohugoio/hugo/common/herrors"
	"github.com/gohugoio/hugo/common/loggers"
	"github.com/gohugoio/hugo/config"
	"github.com/gohugoio/hugo/config/allconfig"
	"github.com/gohugoio/hugo/deps"
	"github.com/gohugoio/hugo/hugofs"
	"github.com/gohugoio/hugo/hugolib"
	"github.com/gohugoio/hugo/hugolib/filesystems"
	"github.com/gohugoio/hugo/resources/page"
	"github.com/spf13/afero"
	"github.com/spf13/fsync"

	"github.com/qmsplan/qmsplan/generator/paths"
)

// Options says what to build and where.
type Options struct {
	// Source is the site root: the directory holding hugo.toml.
	Source string
	// Destination is the output directory. A relative path is relative to
	// Source, as in Hugo. Empty means the site's publishDir ("public" by
	// default). Ignored if ToMemory is set.
	Destination string
	// BaseURL, if set, overrides the site's baseURL.
	BaseURL string
	// ToMemory renders into an in-memory file system (Result.Output) and
	// writes nothing to disk.
	ToMemory bool
	// SourceFs, if set, is read instead of the disk: `qmsplan check` builds
	// from an overlay holding the generated pages in memory.
	SourceFs afero.Fs
	// DestFs, if set, is written instead of the disk (without ToMemory).
	DestFs afero.Fs
	// Packs renders the audit packs (hugo.toml's pack output format) of
	// paths.PackSections. Only qmsplan pdf prints them, and they repeat
	// every record of their section (the portfolio's, every portfolio page
	// with its Gantts), so the other builds leave them out.
	Packs bool
	// Logger receives Hugo's own log lines. Nil discards them; warnings and
	// errors are returned in any case.
	Logger io.Writer
}

// Result describes a build.
type Result struct {
	// Pages is the number of pages Hugo rendered (its "Pages" statistic:
	// home, sections and regular pages, over all languages).
	Pages int
	// Files is the number of files in the output after the build (pages,
	// static files, aliases, robots.txt and the like).
	Files int
	// Warnings and Errors are the distinct warning and error messages Hugo
	// logged. Any of them makes Build fail.
	Warnings, Errors []string
	Duration         time.Duration
	// Output is the destination file system, rooted at the output
	// directory: a memory file system with ToMemory, else the directory on
	// disk. It is nil if the build did not start.
	Output afero.Fs
	// BaseURL is the site's base URL as Hugo resolved it (hugo.toml or
	// Options.BaseURL), for files made beside Hugo's output.
	BaseURL string
}

// BuildError is the error Build returns when Hugo failed or logged any
// warning or error.
type BuildError struct {
	Warnings, Errors []string
	// Err is the error hugolib returned, if any.
	Err error
}

func (e *BuildError) Error() string {
	var b strings.Builder
	b.WriteString("hugo build failed")
	if len(e.Warnings)+len(e.Errors) > 0 {
		fmt.Fprintf(&b, ": %d warning(s), %d error(s)", len(e.Warnings), len(e.Errors))
	}
	for _, m := range e.Errors {
		b.WriteString("\n  ERROR ")
		b.WriteString(m)
	}
	for _, m := range e.Warnings {
		b.WriteString("\n  WARN  ")
		b.WriteString(m)
	}
	if e.Err != nil {
		b.WriteString("\n  ")
		b.WriteString(e.Err.Error())
	}
	return b.String()
}

func (e *BuildError) Unwrap() error { return e.Err }

// Problem is one thing Hugo reported, at the file it is about when Hugo
// says which in a structured error. A logged message carries no position:
// its File is empty and any file it names is in its Message.
type Problem struct {
	Warning bool
	// File is the file as Hugo read it (absolute, under the site root).
	File      string
	Line, Col int
	Message   string
}

// Problems lists what made the build fail: the logged errors and
// warnings, then the errors Hugo returned, each at its file when it has one.
func (e *BuildError) Problems() []Problem {
	var out []Problem
	for _, m := range e.Errors {
		out = append(out, Problem{Message: m})
	}
	for _, m := range e.Warnings {
		out = append(out, Problem{Warning: true, Message: m})
	}
	for _, err := range herrors.Errors(e.Err) {
		fe := herrors.UnwrapFileError(err)
		if fe == nil {
			out = append(out, Problem{Message: err.Error()})
			continue
		}
		pos := fe.Position()
		msg := fe.Error()
		if cause := errors.Unwrap(fe); cause != nil {
			msg = cause.Error() // fe.Error() starts with the position
		}
		out = append(out, Problem{File: pos.Filename, Line: pos.LineNumber, Col: pos.ColumnNumber, Message: msg})
	}
	return out
}

// buildMu serialises builds: Hugo keeps process-wide state (the global
// logger used for deprecations, the clock, livereload), so two builds must
// not run at the same time in one process. One after another is fine.
var buildMu sync.Mutex

// Build builds the site described by opts and returns an error if Hugo
// failed or logged any warning or error (a *BuildError when Hugo ran).
//
// Before rendering, the destination directory is cleaned like
// `hugo --cleanDestinationDir`: everything not in the static directories is
// removed (except .gitignore, .gitattributes and dot-directories such as
// .git), then static files are copied and pages rendered. Without this,
// pages that were renamed or deleted would linger in the output and be
// published, and a link checker run on the output could not see that links
// to them are broken. Build refuses to clean a destination that is the
// source directory or one of its parents.
//
// ctx is only checked before the build starts: hugolib cannot be
// cancelled mid-build.
func Build(ctx context.Context, opts Options) (res Result, err error) {
	if err := ctx.Err(); err != nil {
		return res, err
	}
	buildMu.Lock()
	defer buildMu.Unlock()
	defer boundCaches()()
	if !opts.ToMemory {
		// In memory the output is live heap too (1 GB at 10,000 plans),
		// which the budget does not hold: there the limit cost a third
		// more CPU (qmsplan check, 10,000 plans, 56 -> 76 s).
		defer boundHeap()()
	}

	start := time.Now()
	defer func() { res.Duration = time.Since(start) }()
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("hugo panicked: %v", r)
		}
	}()

	src, err := filepath.Abs(opts.Source)
	if err != nil {
		return res, err
	}
	var srcFs afero.Fs = hugofs.Os
	if opts.SourceFs != nil {
		srcFs = readDirFs{opts.SourceFs}
	}
	if fi, err := srcFs.Stat(src); err != nil {
		return res, fmt.Errorf("site source: %w", err)
	} else if !fi.IsDir() {
		return res, fmt.Errorf("site source %s is not a directory", src)
	}
	logw := opts.Logger
	if logw == nil {
		logw = io.Discard
	}

	col := &collector{}
	// One logger for loading the config, one for the build (it needs the
	// site's ignoreLogs, known only once the config is loaded). Both
	// report to col.
	cfgLogger := col.newLogger(logw, nil)
	prevGlobal := loggers.Log()
	loggers.SetGlobalLogger(cfgLogger) // Deprecations go to the global logger.
	defer loggers.SetGlobalLogger(prevGlobal)

	flags := config.New()
	flags.Set("workingDir", src)
	flags.Set("environment", "production")
	flags.Set("printPathWarnings", true)
	// A group's list of plans: its size a page is Go's, so that validation
	// knows the numbered pages (paths.ListPageURL) a plan may link to.
	flags.Set("pagination", map[string]any{"pagerSize": paths.PlansPerListPage, "path": paths.ListPagePath})
	if opts.BaseURL != "" {
		flags.Set("baseURL", opts.BaseURL)
	}
	if opts.Packs {
		// A flag replaces the config's value: this cascade stands in for
		// any of hugo.toml's, which therefore has none (a cascade there
		// would be lost in qmsplan pdf's build; add it here too).
		flags.Set("cascade", []map[string]any{{
			"outputs": []string{"html", "pack"},
			"target":  map[string]any{"kind": "section", "path": paths.PackSections},
		}})
	}
	metricsFile := os.Getenv(MetricsEnv)
	if metricsFile != "" {
		flags.Set("templateMetrics", true)
		// The hints time every partial twice more (to compare cached and
		// not): a third of the build's CPU, which distorts the timings.
		flags.Set("templateMetricsHints", os.Getenv(MetricsHintsEnv) != "")
	}
	if opts.Destination != "" && !opts.ToMemory {
		flags.Set("publishDir", opts.Destination)
	}
	configs, err := allconfig.LoadConfig(allconfig.ConfigSourceDescriptor{
		Flags:       flags,
		Fs:          srcFs,
		ConfigDir:   "config",
		Environment: "production",
		Logger:      cfgLogger,
	})
	if err != nil {
		return res, fmt.Errorf("hugo config: %w", err)
	}
	if len(configs.LoadingInfo.ConfigFiles) == 0 {
		return res, fmt.Errorf("no Hugo config file (hugo.toml) in %s", src)
	}
	if err := col.failure(nil); err != nil {
		return res, err // Warnings while loading the config.
	}
	res.BaseURL = configs.Base.BaseURL

	var dest afero.Fs
	if opts.ToMemory {
		dest = afero.NewMemMapFs()
		// As `hugo --renderToMemory`: publish to the root of the memory fs.
		flags.Set("publishDir", "/")
		flags.Set("publishDirDynamic", "/")
		flags.Set("publishDirStatic", "/")
		// MemMapFs tells "a" from "/a": root it so both name the same file.
		res.Output = afero.NewBasePathFs(dest, "/")
	} else {
		pub := configs.Base.PublishDir
		if !filepath.IsAbs(pub) {
			pub = filepath.Join(src, pub)
		}
		if err := checkDestination(src, pub); err != nil {
			return res, err
		}
		dest = opts.DestFs
		if dest == nil {
			dest = hugofs.Os
		}
		flags.Set("publishDir", pub)
		flags.Set("publishDirDynamic", pub)
		flags.Set("publishDirStatic", pub)
		res.Output = afero.NewBasePathFs(dest, pub)
	}
	// Hugo's errors can be lost if it gets stuck (buildOrGiveUp): what
	// the publish fs saw is kept apart.
	writes := &writeErrFs{Fs: dest}
	hfs := hugofs.NewFromSourceAndDestination(srcFs, writes, flags)
	// hugolib only reports duplicate target paths if the publish fs counts
	// the files written to it (the hugo command wraps it the same way).
	hfs.PublishDir = hugofs.NewCreateCountingFs(hfs.PublishDir)

	buildLogger := col.newLogger(logw, configs.GetFirstLanguageConfig().IgnoredLogs())
	loggers.SetGlobalLogger(buildLogger)
	h, err := hugolib.NewHugoSites(deps.DepsCfg{
		Configs:    configs,
		Fs:         hfs,
		TestLogger: buildLogger, // Our logger, so we can collect messages.
		LogLevel:   logg.LevelWarn,
		StdOut:     logw,
		StdErr:     logw,
	})
	if err != nil {
		return res, fmt.Errorf("hugo: %w", err)
	}
	stuck := false
	defer func() {
		if !stuck {
			h.Close()
		}
		// Hugo's sort cache is a package variable, cleared when a build
		// starts, not when it ends: it would keep the last sorted lists of
		// pages and through them the whole site (at 10,000 plans about
		// 0.8 GB, live while the caller writes the exports and checks the
		// links).
		page.Clear()
	}()

	if err := syncStatic(h, hfs.PublishDirStatic, !opts.ToMemory); err != nil {
		return res, fmt.Errorf("copying static files: %w", err)
	}

	// The build lock is a file in the source directory; ToMemory must not
	// write to disk, and buildMu already keeps our own builds apart.
	var buildErr error
	buildErr, stuck = buildOrGiveUp(h, hugolib.BuildCfg{NoBuildLock: opts.ToMemory}, writes)
	if stuck {
		return res, buildErr
	}

	if metricsFile != "" && h.Metrics != nil {
		if err := writeMetrics(h, metricsFile); err != nil {
			return res, err
		}
	}
	for _, s := range h.Sites {
		res.Pages += int(s.PathSpec.ProcessingStats.Pages)
	}
	res.Files, _ = countFiles(res.Output)
	// Hugo counts distinct messages; trust the counter if the hook missed any.
	col.fillCounts(h.Log.LoggCount(logg.LevelWarn), h.Log.LoggCount(logg.LevelError))
	res.Warnings, res.Errors = col.messages()
	return res, col.failure(buildErr)
}

// CacheLimitEnv is Hugo's bound, in GB, on the rendered content and
// other results it keeps in memory (HUGO_MEMORYLIMIT); unset, Hugo takes a
// quarter of the machine's memory.
const CacheLimitEnv = "HUGO_MEMORYLIMIT"

// buildCacheLimit is the bound a build gives Hugo's caches unless the user
// sets one: a build renders each page once and reuses little of them. At
// 10,000 plans (a qmsbench fixture, qmsplan build, /usr/bin/time, both
// orders) 1 GB took the peak from 9.05 to 7.34 GB in the same time (78 s),
// 0.25 GB no lower (7.46 GB, slower). serve keeps Hugo's default: it
// rebuilds from those caches.
const buildCacheLimit = "1"

// boundCaches sets CacheLimitEnv for the build unless it is set (Hugo
// reads it when it makes its caches), and returns what restores it.
func boundCaches() (restore func()) {
	if _, set := os.LookupEnv(CacheLimitEnv); set {
		return func() {}
	}
	os.Setenv(CacheLimitEnv, buildCacheLimit)
	return func() { os.Unsetenv(CacheLimitEnv) }
}

// buildHeapBudget is the soft limit on Go's memory (debug.SetMemoryLimit)
// during a build to disk: issue 10's budget of 3 GB of peak RSS for a build, less
// a margin for what the limit does not count (the binary, memory not yet
// given back). Below the limit the GC runs as GOGC says (the heap may grow
// to twice the live heap); near it, more often. At 10,000 plans, where the
// live heap peaks at about 1.9 GB in Hugo's build, it took the peak RSS
// from 3.9 to 2.6 GB at no CPU cost we could tell from the noise (2 GiB
// cost a sixth more CPU for 2.2 GB; GOGC=50 a quarter more for 3.0 GB).
const buildHeapBudget = 2560 << 20

// liveHeapMultiple bounds the soft limit from below by the live heap when
// the build starts (what the caller holds: the pages Hugo reads), so that
// a site larger than the budget was made for does not starve the GC: the
// live heap at 10,000 plans grows about 3.4 times in Hugo's build (0.55 to
// 1.9 GB), and the GC needs room above that.
const liveHeapMultiple = 4

// boundHeap sets the soft memory limit for the build, unless GOMEMLIMIT
// sets one (which then wins, as the runtime read it at start), and returns
// what ends the budget: it restores the previous limit and gives the
// memory of the build, let go of by then (Build's later defers run first),
// back to the system. The runtime does that only slowly, and what the
// caller does next (qmsplan build: the exports and the link check) grew
// the process past the budget on top of it: at 10,000 plans 3.03 GB of
// peak RSS against 2.6 GB in Hugo's build.
func boundHeap() (restore func()) {
	if _, set := os.LookupEnv("GOMEMLIMIT"); set {
		return debug.FreeOSMemory
	}
	prev := debug.SetMemoryLimit(heapLimit(liveHeap()))
	return func() {
		debug.SetMemoryLimit(prev)
		debug.FreeOSMemory()
	}
}

// heapLimit is the soft memory limit of a build that starts with live
// bytes of live heap.
func heapLimit(live int64) int64 { return max(buildHeapBudget, liveHeapMultiple*live) }

// liveHeap collects and returns the live heap, in bytes. The last GC's
// figure is stale: it counts what the caller has let go of since
// (pipeline's DropModel and the pre-build's garbage). At 10,000 plans it
// said 1.24 GB where 0.55 GB was live, which made the limit 5 GB, no limit
// at all.
func liveHeap() int64 {
	runtime.GC()
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 0
	}
	return int64(s[0].Value.Uint64())
}

// MetricsEnv names the environment variable that, set to a file name, makes
// every build write Hugo's template metrics there (hugo --templateMetrics):
// time and calls per template and partial. For profiling; it slows the
// build.
const MetricsEnv = "QMSPLAN_TEMPLATE_METRICS"

// MetricsHintsEnv, set to anything with MetricsEnv, adds Hugo's caching
// hints (--templateMetricsHints: which partials would gain from
// partialCached). They cost about a third of the build's CPU, so the times
// beside them are not the build's.
const MetricsHintsEnv = "QMSPLAN_TEMPLATE_METRICS_HINTS"

func writeMetrics(h *hugolib.HugoSites, name string) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("%s: %w", MetricsEnv, err)
	}
	h.Metrics.WriteMetrics(f)
	return f.Close()
}

// stuckAfterStop is how long Build waits for Hugo to return once it has
// stopped on errors.
const stuckAfterStop = 5 * time.Second

// buildOrGiveUp runs h.Build, and gives up on it if it does not return
// soon after stopping. Past ten errors rendering pages (e.g. every write
// failing on a full disk) Hugo stops, and its page walker can then wait
// forever to hand a page to workers that have left (hugolib v0.165,
// site_render.go, renderPages). The errors it collected are lost with it,
// so the error says what the publish fs saw. stuck is true if it gave up:
// the build's goroutine is left blocked and h must not be used again.
func buildOrGiveUp(h *hugolib.HugoSites, cfg hugolib.BuildCfg, writes *writeErrFs) (err error, stuck bool) {
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("hugo panicked: %v", r)
			}
		}()
		done <- h.Build(cfg)
	}()
	select {
	case err := <-done:
		return err, false
	case <-h.Done():
	}
	select {
	case err := <-done:
		return err, false
	case <-time.After(stuckAfterStop):
		if werr := writes.first(); werr != nil {
			return fmt.Errorf("writing the site: %w (hugo stopped on this error and more)", werr), true
		}
		return errors.New("hugo stopped after ten or more errors rendering pages and did not return; they were lost with it"), true
	}
}

// writeErrFs is a publish fs that keeps the first write that failed.
type writeErrFs struct {
	afero.Fs
	mu  sync.Mutex
	err error
}

func (w *writeErrFs) keep(err error) error {
	if err != nil {
		w.mu.Lock()
		if w.err == nil {
			w.err = err
		}
		w.mu.Unlock()
	}
	return err
}

func (w *writeErrFs) first() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.err
}

func (w *writeErrFs) Create(name string) (afero.File, error) {
	f, err := w.Fs.Create(name)
	return w.file(f, err)
}

func (w *writeErrFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	f, err := w.Fs.OpenFile(name, flag, perm)
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_APPEND|os.O_TRUNC) == 0 {
		return f, err // a read: not the site being written
	}
	return w.file(f, err)
}

func (w *writeErrFs) Mkdir(name string, perm os.FileMode) error {
	return w.keep(w.Fs.Mkdir(name, perm))
}

func (w *writeErrFs) MkdirAll(name string, perm os.FileMode) error {
	return w.keep(w.Fs.MkdirAll(name, perm))
}

func (w *writeErrFs) file(f afero.File, err error) (afero.File, error) {
	if errors.Is(err, fs.ErrNotExist) {
		return nil, err // its directory is missing: Hugo makes it and tries again
	}
	if w.keep(err) != nil {
		return nil, err
	}
	return writeErrFile{f, w}, nil
}

type writeErrFile struct {
	afero.File
	w *writeErrFs
}

func (f writeErrFile) Write(p []byte) (int, error) {
	n, err := f.File.Write(p)
	return n, f.w.keep(err)
}

func (f writeErrFile) Close() error { return f.w.keep(f.File.Close()) }

// checkDestination refuses destinations whose cleaning would delete the
// site's sources.
func checkDestination(src, pub string) error {
	rel, err := filepath.Rel(pub, src)
	if err != nil {
		return nil // Different volumes: unrelated.
	}
	if rel == "." || (rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))) {
		return fmt.Errorf("destination %s contains the site source %s: refusing to clean it", pub, src)
	}
	return nil
}

// syncStatic copies the static directories (the union Hugo mounts, themes
// and modules included) into the publish fs, as the hugo command does:
// hugolib itself does not copy static files. With clean, anything in the
// destination that is not a static file is deleted first, as with
// `hugo --cleanDestinationDir`, and before rendering, so freshly rendered
// pages are kept.
func syncStatic(h *hugolib.HugoSites, destFs afero.Fs, clean bool) error {
	statics := h.BaseFs.SourceFilesystems.Static
	if len(statics) == 0 {
		// No static directory: still clean.
		statics = map[string]*filesystems.SourceFilesystem{"": {Fs: afero.NewMemMapFs()}}
	}
	for _, sfs := range statics {
		dst := string(filepath.Separator)
		if sfs.PublishFolder != "" {
			dst = filepath.Join(dst, sfs.PublishFolder)
		}
		s := fsync.NewSyncer()
		s.SrcFs = sfs.Fs
		s.DestFs = destFs
		s.NoTimes = h.Configs.Base.NoTimes
		s.NoChmod = h.Configs.Base.NoChmod
		s.ChmodFilter = func(_, src os.FileInfo) bool {
			return src.IsDir() || src.Mode().Perm()&0o200 == 0
		}
		s.Delete = clean
		s.DeleteFilter = func(f fsync.FileInfo) bool {
			name := f.Name()
			return name == ".gitignore" || name == ".gitattributes" ||
				(f.IsDir() && strings.HasPrefix(name, "."))
		}
		if err := destFs.MkdirAll(dst, 0o777); err != nil {
			return err
		}
		if err := s.Sync(dst, string(filepath.Separator)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return err
		}
	}
	return nil
}

func countFiles(fsys afero.Fs) (int, error) {
	n := 0
	err := afero.Walk(fsys, "/", func(_ string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		if !fi.IsDir() {
			n++
		}
		return nil
	})
	return n, err
}

// collector gathers the warning and error messages of Hugo's loggers.
type collector struct {
	mu               sync.Mutex
	warnings, errors []string
}

func (c *collector) newLogger(w io.Writer, suppress map[string]bool) loggers.Logger {
	return loggers.New(loggers.Options{
		Level:              logg.LevelWarn,
		DistinctLevel:      logg.LevelWarn, // Drop repeats, as Hugo does.
		StdOut:             w,
		StdErr:             w,
		SuppressStatements: suppress,
		HandlerPost:        c.record,
	})
}

func (c *collector) record(e *logg.Entry) error {
	msg := strings.TrimSpace(e.Message)
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case e.Level >= logg.LevelError:
		c.errors = append(c.errors, msg)
	case e.Level == logg.LevelWarn:
		c.warnings = append(c.warnings, msg)
	}
	return nil
}

func (c *collector) fillCounts(warnings, errors int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := warnings - len(c.warnings); n > 0 {
		c.warnings = append(c.warnings, fmt.Sprintf("%d more warning(s) logged by Hugo", n))
	}
	if n := errors - len(c.errors); n > 0 {
		c.errors = append(c.errors, fmt.Sprintf("%d more error(s) logged by Hugo", n))
	}
}

func (c *collector) messages() (warnings, errors []string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.warnings...), append([]string(nil), c.errors...)
}

// loggedCountRe matches hugolib's summary error, which only repeats the
// number of errors already collected.
var loggedCountRe = regexp.MustCompile(`^logged \d+ error\(s\)$`)

// failure returns a *BuildError if err is set or anything was logged.
func (c *collector) failure(err error) error {
	w, e := c.messages()
	if err != nil && len(e) > 0 && loggedCountRe.MatchString(err.Error()) {
		err = nil
	}
	if err == nil && len(w) == 0 && len(e) == 0 {
		return nil
	}
	return &BuildError{Warnings: w, Errors: e, Err: err}
}
