package sitebuild

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/gohugoio/hugo/media"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/paths"
)

// site is a fixture: file path (slash-separated, relative to the site root)
// to content.
type site map[string]string

const baseConfig = `baseURL = "https://example.org/"
title = "Fixture"
disableKinds = ["taxonomy", "term", "rss", "sitemap", "404"]
`

const pageLayout = `<!doctype html><html><body><h1>{{ .Title }}</h1>{{ .Content }}</body></html>`

const listLayout = `<!doctype html><html><body><h1>{{ .Title }}</h1><ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul></body></html>`

// goodSite returns a small valid site; tests modify the copy they get.
func goodSite() site {
	return site{
		"hugo.toml":              baseConfig,
		"layouts/home.html":      listLayout,
		"layouts/section.html":   listLayout,
		"layouts/page.html":      pageLayout,
		"content/_index.md":      "---\ntitle: Home\n---\n",
		"content/docs/_index.md": "---\ntitle: Docs\n---\n",
		"content/docs/a.md":      "---\ntitle: A\n---\nSee [B](../b/).\n",
		"content/docs/b.md":      "---\ntitle: B\n---\nBody of B.\n",
		"static/css/site.css":    "body { margin: 0 }\n",
	}
}

func (s site) write(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range s {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBuildGoodSite(t *testing.T) {
	dir := goodSite().write(t)
	var log bytes.Buffer
	res, err := Build(context.Background(), Options{Source: dir, Logger: &log})
	if err != nil {
		t.Fatalf("Build: %v\nlog:\n%s", err, log.String())
	}
	if res.Pages != 4 { // home, docs, a, b
		t.Errorf("Pages = %d, want 4", res.Pages)
	}
	want := []string{"css/site.css", "docs/a/index.html", "docs/b/index.html", "docs/index.html", "index.html"}
	if got := diskFiles(t, filepath.Join(dir, "public")); !slices.Equal(got, want) {
		t.Errorf("public/ = %q, want %q", got, want)
	}
	if res.Files != len(want) {
		t.Errorf("Files = %d, want %d", res.Files, len(want))
	}
	if len(res.Warnings)+len(res.Errors) != 0 {
		t.Errorf("warnings %q, errors %q", res.Warnings, res.Errors)
	}
	b, err := afero.ReadFile(res.Output, "docs/a/index.html")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "<h1>A</h1>") {
		t.Errorf("docs/a/index.html = %s", b)
	}
}

func TestBuildFailures(t *testing.T) {
	tests := []struct {
		name   string
		change site
		remove []string
		want   string // in the error
	}{
		{
			name:   "missing layout",
			remove: []string{"layouts/page.html"},
			want:   `found no layout file for "html" for kind "page"`,
		},
		{
			name:   "warnf in template",
			change: site{"layouts/page.html": `{{ warnf "page %s needs review" .Title }}` + pageLayout},
			want:   "page A needs review",
		},
		{
			name:   "broken ref",
			change: site{"layouts/page.html": `<a href="{{ ref . "/docs/nope.md" }}">x</a>` + pageLayout},
			want:   `"/docs/nope.md"`,
		},
		{
			name:   "broken ref shortcode",
			change: site{"content/docs/b.md": "---\ntitle: B\n---\n[x]({{< ref \"missing.md\" >}})\n"},
			want:   `"missing.md"`,
		},
		{
			name: "two pages at one path",
			change: site{
				"content/docs/a.md": "---\ntitle: A\nurl: /same/\n---\n",
				"content/docs/b.md": "---\ntitle: B\nurl: /same/\n---\n",
			},
			want: "Duplicate target paths: /same/index.html (2)",
		},
		{
			name:   "template error",
			change: site{"layouts/page.html": `{{ .NoSuchMethod }}`},
			want:   "NoSuchMethod",
		},
		{
			name:   "bad config",
			change: site{"hugo.toml": "title = \n"},
			want:   "hugo config",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := goodSite()
			for _, name := range tt.remove {
				delete(s, name)
			}
			for name, data := range tt.change {
				s[name] = data
			}
			dir := s.write(t)
			_, err := Build(context.Background(), Options{Source: dir, ToMemory: true})
			if err == nil {
				t.Fatal("Build succeeded, want an error")
			}
			t.Log(err)
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error does not name the problem %q:\n%v", tt.want, err)
			}
		})
	}
}

func TestBuildWarningIsBuildError(t *testing.T) {
	s := goodSite()
	s["layouts/page.html"] = `{{ warnf "careful" }}` + pageLayout
	res, err := Build(context.Background(), Options{Source: s.write(t), ToMemory: true})
	var be *BuildError
	if !errors.As(err, &be) {
		t.Fatalf("error %v (%T) is not a *BuildError", err, err)
	}
	// Distinct messages: two pages log the same warning once.
	if want := []string{"careful"}; !slices.Equal(be.Warnings, want) || !slices.Equal(res.Warnings, want) {
		t.Errorf("warnings = %q / %q, want %q", be.Warnings, res.Warnings, want)
	}
	if len(be.Errors) != 0 {
		t.Errorf("errors = %q", be.Errors)
	}
	if res.Pages != 4 {
		t.Errorf("Pages = %d, want 4 even when failing", res.Pages)
	}
}

func TestBuildTwiceInOneProcess(t *testing.T) {
	dir := goodSite().write(t)
	for i := range 2 {
		res, err := Build(context.Background(), Options{Source: dir})
		if err != nil {
			t.Fatalf("build %d: %v", i+1, err)
		}
		if res.Pages != 4 {
			t.Errorf("build %d: Pages = %d, want 4", i+1, res.Pages)
		}
	}
	// And another site in between does not disturb the first.
	other := goodSite()
	other["content/docs/c.md"] = "---\ntitle: C\n---\n"
	if res, err := Build(context.Background(), Options{Source: other.write(t), ToMemory: true}); err != nil || res.Pages != 5 {
		t.Fatalf("other site: Pages = %d, err = %v", res.Pages, err)
	}
	if _, err := Build(context.Background(), Options{Source: dir}); err != nil {
		t.Fatalf("third build: %v", err)
	}
}

func TestBuildToMemoryWritesNothing(t *testing.T) {
	dir := goodSite().write(t)
	before := diskFiles(t, dir)
	res, err := Build(context.Background(), Options{Source: dir, ToMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	if after := diskFiles(t, dir); !slices.Equal(before, after) {
		t.Errorf("source tree changed:\nbefore %q\nafter  %q", before, after)
	}
	for _, name := range []string{"index.html", "docs/a/index.html", "css/site.css"} {
		if _, err := res.Output.Stat(name); err != nil {
			t.Errorf("memory output lacks %s: %v", name, err)
		}
	}
	if res.Files != 5 {
		t.Errorf("Files = %d, want 5", res.Files)
	}
}

func TestBuildDisablePathToLower(t *testing.T) {
	s := goodSite()
	s["hugo.toml"] = baseConfig + "disablePathToLower = true\n"
	s["content/Plans/_index.md"] = "---\ntitle: Plans\n---\n"
	s["content/Plans/MyPlan-T-009.md"] = "---\ntitle: My plan\n---\n"
	res, err := Build(context.Background(), Options{Source: s.write(t), ToMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Plans/index.html", "Plans/MyPlan-T-009/index.html"} {
		if _, err := res.Output.Stat(name); err != nil {
			t.Errorf("output lacks %s: %v", name, err)
		}
	}
}

func TestBuildBaseURLAndDestination(t *testing.T) {
	dir := goodSite().write(t)
	out := filepath.Join(t.TempDir(), "site")
	res, err := Build(context.Background(), Options{Source: dir, Destination: out, BaseURL: "https://example.org/qms/"})
	if err != nil {
		t.Fatal(err)
	}
	if res.BaseURL != "https://example.org/qms/" {
		t.Errorf("Result.BaseURL = %q", res.BaseURL)
	}
	b, err := os.ReadFile(filepath.Join(out, "docs", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `href="/qms/docs/a/"`) {
		t.Errorf("baseURL path not applied:\n%s", b)
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("public/ written although Destination was set: %v", err)
	}
}

func TestBuildCleansDestination(t *testing.T) {
	dir := goodSite().write(t)
	pub := filepath.Join(dir, "public")
	for name, data := range map[string]string{
		"stale/index.html": "old page",
		"stale.css":        "old",
		".git/HEAD":        "keep",
		".gitignore":       "keep",
	} {
		p := filepath.Join(pub, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Build(context.Background(), Options{Source: dir}); err != nil {
		t.Fatal(err)
	}
	got := diskFiles(t, pub)
	want := []string{".git/HEAD", ".gitignore", "css/site.css", "docs/a/index.html", "docs/b/index.html", "docs/index.html", "index.html"}
	if !slices.Equal(got, want) {
		t.Errorf("public/ = %q, want %q", got, want)
	}
}

func TestBuildRefusesToCleanSource(t *testing.T) {
	dir := goodSite().write(t)
	for _, dest := range []string{".", "..", dir} {
		if _, err := Build(context.Background(), Options{Source: dir, Destination: dest}); err == nil || !strings.Contains(err.Error(), "refusing") {
			t.Errorf("Destination %q: err = %v, want a refusal", dest, err)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "hugo.toml")); err != nil {
		t.Fatalf("source damaged: %v", err)
	}
}

func TestBuildNoSite(t *testing.T) {
	if _, err := Build(context.Background(), Options{Source: t.TempDir(), ToMemory: true}); err == nil {
		t.Error("Build of an empty directory succeeded")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, Options{Source: goodSite().write(t)}); !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled ctx: err = %v", err)
	}
}

// diskFiles lists the files under dir, slash-separated and sorted.
func diskFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

// paths.ContentExts is the list of content formats qmsplan counts as pages
// (a hand-written one at a generated page's URL is a conflict): exactly
// the formats this Hugo reads.
func TestContentFormatsAreHugos(t *testing.T) {
	c := media.DefaultContentTypes
	var hugo []string
	for _, m := range []media.Type{c.HTML, c.Markdown, c.AsciiDoc, c.Pandoc, c.ReStructuredText, c.EmacsOrgMode} {
		for _, s := range m.Suffixes() {
			hugo = append(hugo, "."+s)
		}
	}
	slices.Sort(hugo)
	ours := slices.Sorted(slices.Values(paths.ContentExts))
	if !slices.Equal(ours, hugo) {
		t.Errorf("paths.ContentExts = %v, Hugo reads %v", ours, hugo)
	}
}

// A build bounds Hugo's caches unless the user has, and leaves the
// environment as it found it.
func TestBoundCaches(t *testing.T) {
	for _, tc := range []struct {
		name, set, during string
	}{
		{"unset", "", buildCacheLimit},
		{"set by the user", "3", "3"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.set != "" {
				t.Setenv(CacheLimitEnv, tc.set)
			} else {
				t.Setenv(CacheLimitEnv, "") // restored after the test
				os.Unsetenv(CacheLimitEnv)
			}
			restore := boundCaches()
			if got := os.Getenv(CacheLimitEnv); got != tc.during {
				t.Errorf("during the build %s=%q, want %q", CacheLimitEnv, got, tc.during)
			}
			restore()
			got, set := os.LookupEnv(CacheLimitEnv)
			if set != (tc.set != "") || got != tc.set {
				t.Errorf("after the build %s=%q (set %v), want %q", CacheLimitEnv, got, set, tc.set)
			}
		})
	}
}

// TestBuildLetsGoOfTheSite checks that nothing of a build outlives it: its
// caller goes on (writes the exports, checks the links) with the memory
// Hugo used for the site, which at scale is gigabytes. Hugo's sort cache is
// a package variable that keeps the last sorted lists of pages, and with
// them every page and the whole site. The site is built from a file system
// of the test's own, which Hugo keeps as long as it keeps the site.
func TestBuildLetsGoOfTheSite(t *testing.T) {
	s := goodSite()
	s["layouts/section.html"] = strings.Replace(listLayout, "range .Pages", "range .Pages.ByTitle", 1)
	dir := s.write(t)
	released := make(chan struct{})
	func() {
		src := &ownFs{afero.NewOsFs()}
		runtime.AddCleanup(src, func(c chan struct{}) { close(c) }, released)
		if _, err := Build(context.Background(), Options{Source: dir, ToMemory: true, SourceFs: src}); err != nil {
			t.Fatal(err)
		}
	}()
	for range 20 {
		runtime.GC()
		select {
		case <-released:
			return
		case <-time.After(10 * time.Millisecond): // cleanups run on their own goroutine
		}
	}
	t.Error("the build's source file system is still reachable after Build: something keeps the site")
}

// ownFs is a file system only its test refers to.
type ownFs struct{ afero.Fs }

func TestBoundHeap(t *testing.T) {
	for _, tc := range []struct {
		name, set string
		during    func(before int64) int64
	}{
		{"unset", "", func(int64) int64 { return buildHeapBudget }},
		{"set by the user", "4GiB", func(before int64) int64 { return before }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.set != "" {
				t.Setenv("GOMEMLIMIT", tc.set)
			} else {
				t.Setenv("GOMEMLIMIT", "") // restored after the test
				os.Unsetenv("GOMEMLIMIT")
			}
			before := debug.SetMemoryLimit(-1)
			restore := boundHeap()
			if got, want := debug.SetMemoryLimit(-1), tc.during(before); got != want {
				t.Errorf("during the build the memory limit is %d, want %d", got, want)
			}
			restore()
			if got := debug.SetMemoryLimit(-1); got != before {
				t.Errorf("after the build the memory limit is %d, want %d as before", got, before)
			}
		})
	}
}

// A site whose live heap is already large when the build starts gets room
// above it, not the budget.
func TestHeapLimitGrowsWithTheLiveHeap(t *testing.T) {
	for _, tc := range []struct{ live, want int64 }{
		{0, buildHeapBudget},
		{buildHeapBudget / liveHeapMultiple, buildHeapBudget},
		{1 << 30, liveHeapMultiple << 30},
	} {
		if got := heapLimit(tc.live); got != tc.want {
			t.Errorf("heapLimit(%d) = %d, want %d", tc.live, got, tc.want)
		}
	}
}
