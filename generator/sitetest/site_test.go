package sitetest_test

import (
	"bytes"
	"context"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/net/html"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/sitebuild"
)

// asOf is the fixed "today" of every build in this package, so the output
// does not depend on the clock.
var asOf = model.MustDate("2026-11-27")

// builtSite is the sample site built once per test binary.
type builtSite struct {
	root string
	// out is the built site (the publish directory), in memory.
	out afero.Fs
	// data is the plan data the site was built from, loaded independently
	// of the pipeline so tests assert against the data, not against text
	// copied from the pages.
	data *model.Data
}

var (
	siteOnce sync.Once
	siteVal  *builtSite
	siteErr  error
)

// site returns the sample site, building it on first use.
func site(t testing.TB) *builtSite {
	t.Helper()
	siteOnce.Do(func() {
		siteVal, siteErr = buildSite(context.Background(), asOf)
	})
	if siteErr != nil {
		t.Fatalf("building the sample site: %v", siteErr)
	}
	return siteVal
}

// repoRoot is the repository root: the site source, holding hugo.toml.
func repoRoot() (string, error) { return filepath.Abs("../..") }

// buildSite does in memory what `qmsplan check` does: the generated pages
// go into a memory layer over the real tree, and Hugo renders into memory.
// Nothing on disk changes.
func buildSite(ctx context.Context, asOf model.Date) (*builtSite, error) {
	root, err := repoRoot()
	if err != nil {
		return nil, err
	}
	res, err := pipeline.Prepare(afero.NewReadOnlyFs(afero.NewOsFs()), root, asOf)
	if err != nil {
		if res != nil && len(res.Diags) > 0 {
			return nil, fmt.Errorf("%w\n%s", err, formatDiags(res.Diags))
		}
		return nil, err
	}
	overlay, err := res.Overlay(afero.NewOsFs(), root)
	if err != nil {
		return nil, err
	}
	out, err := sitebuild.Build(ctx, sitebuild.Options{Source: root, ToMemory: true, SourceFs: overlay, Packs: true})
	if err != nil {
		return nil, err
	}
	// The exports are build output beside the pages, as pipeline.Build
	// writes them: the portfolio page links to them.
	if _, err := res.WriteExports(out.Output, out.BaseURL); err != nil {
		return nil, err
	}
	data, ds := load.Load(afero.NewReadOnlyFs(afero.NewOsFs()), root)
	if ds.HasErrors() {
		return nil, fmt.Errorf("loading the data:\n%s", formatDiags(ds))
	}
	return &builtSite{root: root, out: out.Output, data: data}, nil
}

func formatDiags(ds diag.List) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintln(&b, d)
	}
	return b.String()
}

// file returns a file of the built site; p is a URL path such as
// /records/GP-009/ (index.html is added to directory paths).
func (s *builtSite) file(t testing.TB, p string) []byte {
	t.Helper()
	b, err := afero.ReadFile(s.out, filePath(p))
	if err != nil {
		t.Fatalf("built site: %v", err)
	}
	return b
}

// exists says whether the URL path p resolves to a file of the built site.
func (s *builtSite) exists(p string) bool {
	fi, err := s.out.Stat(filePath(p))
	return err == nil && !fi.IsDir()
}

func filePath(p string) string {
	if p == "" || strings.HasSuffix(p, "/") {
		p += "index.html"
	}
	return path.Clean("/" + p)
}

// doc parses a page of the built site.
func (s *builtSite) doc(t testing.TB, p string) *html.Node {
	t.Helper()
	n, err := html.Parse(bytes.NewReader(s.file(t, p)))
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	return n
}

// files lists every file of an output fs, sorted, as slash paths from the
// root.
func files(fsys afero.Fs) ([]string, error) {
	var names []string
	err := fs.WalkDir(afero.NewIOFS(fsys), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			names = append(names, p)
		}
		return nil
	})
	sort.Strings(names)
	return names, err
}

// template returns the template with the given key.
func (s *builtSite) template(t testing.TB, key string) *model.Template {
	t.Helper()
	for _, tp := range s.data.Templates {
		if tp.Key == key {
			return tp
		}
	}
	t.Fatalf("no template %q in the data", key)
	return nil
}

// templateURL is where a template's page is published.
func templateURL(tp *model.Template) string {
	return "/records/GP-009/T-009-001/" + tp.Slug + "/"
}

// planURL is where a plan's page is published.
func planURL(p *model.Plan) string {
	return "/records/GP-009/r-009-001/" + p.Slug + "/"
}

// screenshotDir is where the browser tests save what they capture.
func screenshotDir(t testing.TB) string {
	t.Helper()
	if d := os.Getenv("QMSPLAN_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		return d
	}
	return t.TempDir()
}

func TestMain(m *testing.M) {
	code := m.Run()
	closeBrowser()
	os.Exit(code)
}
