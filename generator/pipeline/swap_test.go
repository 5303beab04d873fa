package pipeline

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/internal/faultfs"
)

// exchangeFs is a faultfs.FS that can exchange directories, as the OS
// file system on Linux, or not.
type exchangeFs struct {
	*faultfs.FS
	no bool // as on a file system without RENAME_EXCHANGE
}

func (e exchangeFs) Exchange(a, b string) error {
	if e.no {
		return errNoExchange
	}
	if err := e.Change("exchange", a); err != nil {
		return err
	}
	return exchange(e.Fs, a, b)
}

func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, s := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func readTree(dir string) map[string]string {
	out := map[string]string{}
	filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(b)
		}
		return nil
	})
	return out
}

// A kill at any step of the swap leaves a whole site in the destination:
// the old one or the new one, never none and never a mix. So does a
// failure to write content/, after which the old site is back. Where
// directories cannot be exchanged, the next build restores the site first.
func TestSwapKilledAtEveryStepLeavesAWholeSite(t *testing.T) {
	oldSite := map[string]string{"index.html": "old", "a/index.html": "old a", ".qmsplan-site": ""}
	newSite := map[string]string{"index.html": "new", "b/index.html": "new b", ".qmsplan-site": ""}
	for _, c := range []struct{ applyFails, noExchange bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
		applyFails := c.applyFails
		for n := 1; ; n++ {
			dir := t.TempDir()
			dest, next := filepath.Join(dir, "public"), filepath.Join(dir, "public.qmsplan-new")
			writeTree(t, dest, oldSite)
			writeTree(t, next, newSite)
			k := exchangeFs{&faultfs.FS{Fs: afero.NewOsFs(), At: n, Kill: true}, c.noExchange}
			apply := func() error {
				if err := afero.WriteFile(k, filepath.Join(dir, "content.md"), []byte("x"), 0o644); err != nil {
					return err
				}
				if applyFails {
					return errors.New("disk full")
				}
				return nil
			}
			err, _ := faultfs.Run(func() error { return swap(k, next, dest, apply) })
			if c.noExchange {
				if err := restoreAside(afero.NewOsFs(), dest); err != nil {
					t.Fatal(err)
				}
			}
			got := readTree(dest)
			if !maps.Equal(got, oldSite) && !maps.Equal(got, newSite) {
				t.Fatalf("killed at change %d (%+v): %s holds %v, neither the old site nor the new", n, c, dest, slices.Sorted(maps.Keys(got)))
			}
			if !k.Reached() { // ran to the end
				switch {
				case applyFails && (err == nil || !maps.Equal(got, oldSite)):
					t.Fatalf("apply failed: err %v, site %v; want an error and the old site", err, got)
				case !applyFails && (err != nil || !maps.Equal(got, newSite)):
					t.Fatalf("err %v, site %v; want the new site", err, got)
				}
				for _, d := range []string{next, aside(dest)} {
					if _, err := os.Stat(d); !os.IsNotExist(err) {
						t.Errorf("%+v: %s left behind", c, d)
					}
				}
				break
			}
		}
	}
}

// A destination that is a symbolic link is refused: the swap would replace
// the link, or a build would fill what it points to.
func TestDestinationThatIsALinkIsRefused(t *testing.T) {
	dir := t.TempDir()
	root, elsewhere := filepath.Join(dir, "site"), filepath.Join(dir, "www")
	writeTree(t, elsewhere, map[string]string{"index.html": "theirs", ".qmsplan-site": ""})
	os.MkdirAll(root, 0o755)
	link := filepath.Join(root, "public")
	if err := os.Symlink(elsewhere, link); err != nil {
		t.Fatal(err)
	}
	_, err := destination(afero.NewOsFs(), root, "public")
	if err == nil || !strings.Contains(err.Error(), link+" is a symbolic link") {
		t.Errorf("err = %v, want a refusal naming the link", err)
	}
}
