package pdf_test

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/pdf"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// killOn is the site, served as it is, but the browser's process is
// killed when it asks for the page at path: a crash in the middle of a run.
type killOn struct {
	afero.Fs
	path string
	kill func()
	once sync.Once
}

func (k *killOn) Open(name string) (afero.File, error) {
	if strings.TrimPrefix(filepath.ToSlash(name), "/") == strings.TrimPrefix(k.path, "/") {
		k.once.Do(k.kill)
	}
	return k.Fs.Open(name)
}

// A browser that dies while printing fails the run at once: the error
// names the page it was printing and says the browser exited; the run does
// not wait out the page's bound nor try the rest of the pages; the
// destination is as the last good run left it.
func TestPrintBrowserCrash(t *testing.T) {
	s := sampleSite(t)
	b := startBrowser(t)
	recs, packs := pdf.Records(s.res.Data), samplePacks(t, s)
	root := t.TempDir()
	fsys := afero.NewOsFs()
	first := recs[:1]
	if _, err := pipeline.ReplaceDir(fsys, root, "pdf", func(dir string) error {
		_, err := pdf.Print(context.Background(), b, s.out, first, nil, fsys, dir, pdf.Options{AsOf: asOf})
		return err
	}); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, root)

	var victim pdf.Record
	for _, r := range recs {
		if r.ID == "R-009-001-2025-014" {
			victim = r
		}
	}
	proc := chromedp.FromContext(b.Context()).Browser.Process()
	site := &killOn{Fs: s.out, path: victim.URL + "index.html", kill: func() { proc.Kill() }}
	const bound = time.Minute
	start := time.Now()
	_, err := pipeline.ReplaceDir(fsys, root, "pdf", func(dir string) error {
		_, err := pdf.Print(context.Background(), b, site, recs, packs, fsys, dir, pdf.Options{AsOf: asOf, Tabs: 2, PageTimeout: bound})
		return err
	})
	took := time.Since(start)
	if err == nil {
		t.Fatal("the run succeeded though the browser was killed")
	}
	msg := err.Error()
	t.Logf("after %s: %v", took, err)
	if !strings.Contains(msg, victim.ID+": page "+victim.URL+":") || !strings.Contains(msg, "the browser exited") {
		t.Errorf("the error does not name the page being printed (%s %s) and the browser's exit:\n%s", victim.ID, victim.URL, msg)
	}
	if n := strings.Count(msg, "\n") + 1; n > 4 {
		t.Errorf("the error has %d lines, one for every page the dead browser could not print; want the pages it was printing and the count of the rest:\n%s", n, msg)
	}
	if took >= bound {
		t.Errorf("the run took %s, the whole page bound (%s): it waited for a dead browser", took, bound)
	}
	if after := snapshot(t, root); !reflect.DeepEqual(before, after) {
		t.Errorf("the failed run changed the destination:\nbefore %v\nafter  %v", before, after)
	}
}

// snapshot is every file below root with its content.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	files := map[string]string{}
	err := filepath.Walk(root, func(path string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		files[path] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return files
}
