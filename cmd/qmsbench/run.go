package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/qmsplan/qmsplan/generator/fixture"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/sitebuild"
)

// runCmd builds fixture sites of each size with the real qmsplan binary
// and, alternating with it, the same generated content with plain Hugo and
// a bare layout, each a child process so that its peak memory is its own,
// and prints the medians as a Markdown table.
func runCmd(args []string, stdout, stderr io.Writer) error {
	fl := flag.NewFlagSet("run", flag.ContinueOnError)
	fl.SetOutput(stderr)
	sizes := fl.String("plans", "100,1000,10000", "the fixture sizes, comma-separated")
	runs := fl.Int("runs", 3, "runs of each measurement; the table gives medians")
	asOfFlag := fl.String("as-of", defaultAsOf, "the as-of date of the fixtures and builds (YYYY-MM-DD)")
	seed := fl.Uint64("seed", 1, "the fixtures' seed")
	src := fl.String("source", ".", "the repository: the site the fixtures copy and the module qmsplan is built from")
	keep := fl.Bool("keep", false, "keep the fixture sites and builds (their directory is printed)")
	if err := fl.Parse(args); err != nil {
		return err
	}
	if fl.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fl.Args())
	}
	var ns []int
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n < 1 {
			return fmt.Errorf("--plans: %q is not a whole number of plans, 1 or more", s)
		}
		ns = append(ns, n)
	}
	if *runs < 1 {
		return errors.New("--runs must be 1 or more")
	}
	asOf, err := model.ParseDate(*asOfFlag)
	if err != nil {
		return fmt.Errorf("--as-of: %v", err)
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "qmsbench-")
	if err != nil {
		return err
	}
	if *keep {
		fmt.Fprintf(stderr, "fixtures and builds in %s\n", tmp)
	} else {
		defer os.RemoveAll(tmp)
	}
	qmsplan := filepath.Join(tmp, "qmsplan")
	fmt.Fprintln(stderr, "go build ./cmd/qmsplan")
	gob := exec.Command("go", "build", "-o", qmsplan, "./cmd/qmsplan")
	gob.Dir, gob.Stdout, gob.Stderr = *src, stderr, stderr
	if err := gob.Run(); err != nil {
		return fmt.Errorf("go build ./cmd/qmsplan: %w", err)
	}

	var rows []result
	for _, n := range ns {
		r, err := measureSize(n, *runs, fixture.Options{Plans: n, Seed: *seed, AsOf: asOf}, *src, tmp, qmsplan, self, stderr)
		if err != nil {
			return fmt.Errorf("%d plans: %w", n, err)
		}
		rows = append(rows, r)
	}
	fmt.Fprintf(stdout, "\n%s", table(rows, *runs))
	return nil
}

// sample is one child process: its wall time and peak resident memory.
type sample struct {
	wall time.Duration
	rss  int64 // bytes
}

// result is the medians for one fixture size.
type result struct {
	plans                  int
	build, bare            sample
	generate, generateNoop time.Duration
	outBytes               int64
	pages                  int
	pageBytes              int64 // HTML bytes
}

func measureSize(n, runs int, opt fixture.Options, src, tmp, qmsplan, self string, log io.Writer) (result, error) {
	site := filepath.Join(tmp, fmt.Sprintf("site-%d", n))
	bare := filepath.Join(tmp, fmt.Sprintf("bare-%d", n))
	trash := filepath.Join(tmp, fmt.Sprintf("trash-%d", n))
	fmt.Fprintf(log, "%d plans: writing the fixture\n", n)
	if err := fixture.Write(src, site, opt); err != nil {
		return result{}, err
	}
	if err := writeBare(site, bare); err != nil {
		return result{}, err
	}
	asOf := opt.AsOf.String()
	var builds, bares []sample
	var gens, noops []time.Duration
	for i := range runs {
		fmt.Fprintf(log, "%d plans: run %d of %d\n", n, i+1, runs)
		if err := clean(site, trash); err != nil {
			return result{}, err
		}
		g, err := child(qmsplan, "generate", "--source", site, "--as-of", asOf)
		if err != nil {
			return result{}, err
		}
		g2, err := child(qmsplan, "generate", "--source", site, "--as-of", asOf)
		if err != nil {
			return result{}, err
		}
		// A build as CI runs it: no generated pages, no earlier output.
		if err := clean(site, trash); err != nil {
			return result{}, err
		}
		b, err := child(qmsplan, "build", "--source", site, "--as-of", asOf)
		if err != nil {
			return result{}, err
		}
		// The bare build reads the pages this build generated.
		if err := moveAside(filepath.Join(bare, paths.Public), trash); err != nil {
			return result{}, err
		}
		h, err := child(self, "hugo-bare", bare)
		if err != nil {
			return result{}, err
		}
		gens, noops = append(gens, g.wall), append(noops, g2.wall)
		builds, bares = append(builds, b), append(bares, h)
	}
	r := result{plans: n, build: medianSample(builds), bare: medianSample(bares), generate: median(gens), generateNoop: median(noops)}
	err := filepath.WalkDir(filepath.Join(site, paths.Public), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		r.outBytes += fi.Size()
		if strings.HasSuffix(p, ".html") {
			r.pages++
			r.pageBytes += fi.Size()
		}
		return nil
	})
	return r, err
}

// clean moves what a build leaves in the site (generated pages, output and
// Hugo's cache) into trash, which the run removes with its directory at
// the end. Moved, not removed: on ext4 without a journal (these machines'
// disks) the kernel skips every inode freed in the last minutes when it
// picks one for a new file, so a run that creates 10,000 files right after
// deleting 10,000 pays for their product, which no build in CI pays.
func clean(site, trash string) error {
	content := filepath.Join(site, paths.Content)
	for _, dir := range []string{
		filepath.Join(content, filepath.FromSlash(paths.TemplatesSection)),
		filepath.Join(content, filepath.FromSlash(paths.PlansSection)),
		filepath.Join(content, filepath.FromSlash(paths.PortfolioSection)),
		filepath.Join(site, paths.Public),
		filepath.Join(site, "resources"),
	} {
		if err := moveAside(dir, trash); err != nil {
			return err
		}
	}
	return nil
}

// moveAside moves dir, if it exists, into a new directory under trash.
func moveAside(dir, trash string) error {
	if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err := os.MkdirAll(trash, 0o755); err != nil {
		return err
	}
	to, err := os.MkdirTemp(trash, "")
	if err != nil {
		return err
	}
	return os.Rename(dir, filepath.Join(to, filepath.Base(dir)))
}

// child runs a command and measures it; its output is shown only if it
// fails.
func child(name string, args ...string) (sample, error) {
	var out bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s %s: %w\n%s", filepath.Base(name), strings.Join(args, " "), err, out.Bytes())
	}
	ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage)
	if !ok {
		return sample{}, errors.New("no resource usage for the child (not Linux?)")
	}
	return sample{wall: wall, rss: ru.Maxrss * 1024}, nil // Linux gives KiB
}

func median(ds []time.Duration) time.Duration {
	s := slices.Clone(ds)
	slices.Sort(s)
	return s[len(s)/2]
}

func medianSample(ss []sample) sample {
	var walls []time.Duration
	var rss []int64
	for _, s := range ss {
		walls = append(walls, s.wall)
		rss = append(rss, s.rss)
	}
	slices.Sort(rss)
	return sample{wall: median(walls), rss: rss[len(rss)/2]}
}

// table is the results as Markdown: growth compares time per plan with the
// smallest size's (1.00 is linear).
func table(rows []result, runs int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Medians of %d run(s); peak RSS is the child process's (getrusage ru_maxrss).\n\n", runs)
	b.WriteString("| plans | `qmsplan build` | peak RSS | output | pages | bytes/page | `generate` alone | `generate`, no change | bare Hugo | bare RSS | build/bare | growth |\n")
	b.WriteString("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	first := rows[0]
	for _, r := range rows {
		growth := r.build.wall.Seconds() / first.build.wall.Seconds() * float64(first.plans) / float64(r.plans)
		perPage := int64(0)
		if r.pages > 0 {
			perPage = r.pageBytes / int64(r.pages)
		}
		fmt.Fprintf(&b, "| %d | %s | %s | %s | %d | %s | %s | %s | %s | %s | %.2f | %.2f |\n",
			r.plans, secs(r.build.wall), size(r.build.rss), size(r.outBytes), r.pages, size(perPage),
			secs(r.generate), secs(r.generateNoop), secs(r.bare.wall), size(r.bare.rss),
			r.build.wall.Seconds()/r.bare.wall.Seconds(), growth)
	}
	return b.String()
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func size(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.0f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.0f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// The bare site: the fixture's content, mounted, with layouts that print a
// page's title and content and nothing else, and the site's shortcodes as
// stubs that print nothing (so the content builds without the layouts
// that draw it).
const (
	bareConfig = `# A bare site for comparison (qmsbench): the content of %q, no layouts.
baseURL = "/"
title = "bare"
disablePathToLower = true
disableKinds = ["taxonomy", "term", "rss", "sitemap"]
[outputs]
  home = ["html"]
  section = ["html"]
  page = ["html"]
[[module.mounts]]
  source = %q
  target = "content"
`
	barePage = `<!doctype html><html><head><meta charset="utf-8"><title>{{ .Title }}</title></head><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>
`
)

func writeBare(site, bare string) error {
	content, err := filepath.Abs(filepath.Join(site, paths.Content))
	if err != nil {
		return err
	}
	files := map[string]string{
		"hugo.toml":         fmt.Sprintf(bareConfig, site, content),
		"layouts/page.html": barePage,
		"layouts/list.html": barePage,
	}
	codes, err := filepath.Glob(filepath.Join(site, "layouts", "_shortcodes", "*.html"))
	if err != nil {
		return err
	}
	// A stub draws nothing. One whose shortcode takes inner content (the
	// Gantts' SVGs) names .Inner as it does: Hugo wants a closing tag for
	// a shortcode that reads it, and none for one that does not.
	for _, c := range codes {
		real, err := os.ReadFile(c)
		if err != nil {
			return err
		}
		stub := ""
		if strings.Contains(string(real), ".Inner") {
			stub = "{{- with .Inner }}{{ end -}}"
		}
		files["layouts/_shortcodes/"+filepath.Base(c)] = stub
	}
	for name, text := range files {
		p := filepath.Join(bare, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			return err
		}
	}
	return nil
}

// hugoBare builds the bare site DIR with the embedded Hugo, as qmsplan
// does, into DIR/public.
func hugoBare(args []string, stderr io.Writer) error {
	if len(args) != 1 {
		return errors.New("give the bare site's directory")
	}
	res, err := sitebuild.Build(context.Background(), sitebuild.Options{Source: args[0]})
	if err != nil {
		return err
	}
	fmt.Fprintf(stderr, "built %d pages (%d files) in %s\n", res.Pages, res.Files, res.Duration.Round(time.Millisecond))
	return nil
}
