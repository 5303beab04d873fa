package pipeline

import (
	"errors"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/spf13/afero"
)

// killFs stops the run at its killAt-th change to the disk (1-based), as a
// kill would: that change and everything after it never happen.
type killFs struct {
	afero.Fs
	killAt, n  int
	noExchange bool // as on a file system without RENAME_EXCHANGE
}

type killed struct{}

func (k *killFs) change() {
	k.n++
	if k.n == k.killAt {
		panic(killed{})
	}
}

func (k *killFs) Create(name string) (afero.File, error) { k.change(); return k.Fs.Create(name) }
func (k *killFs) OpenFile(name string, flag int, perm os.FileMode) (afero.File, error) {
	if flag&(os.O_WRONLY|os.O_RDWR|os.O_CREATE|os.O_TRUNC|os.O_APPEND) != 0 {
		k.change()
	}
	return k.Fs.OpenFile(name, flag, perm)
}
func (k *killFs) Mkdir(name string, perm os.FileMode) error {
	k.change()
	return k.Fs.Mkdir(name, perm)
}
func (k *killFs) MkdirAll(name string, perm os.FileMode) error {
	k.change()
	return k.Fs.MkdirAll(name, perm)
}
func (k *killFs) Rename(old, new string) error           { k.change(); return k.Fs.Rename(old, new) }
func (k *killFs) Remove(name string) error               { k.change(); return k.Fs.Remove(name) }
func (k *killFs) RemoveAll(name string) error            { k.change(); return k.Fs.RemoveAll(name) }
func (k *killFs) Chmod(name string, m os.FileMode) error { k.change(); return k.Fs.Chmod(name, m) }
func (k *killFs) Chtimes(name string, a, m time.Time) error {
	k.change()
	return k.Fs.Chtimes(name, a, m)
}
func (k *killFs) Exchange(a, b string) error {
	if k.noExchange {
		return errNoExchange
	}
	k.change()
	return exchange(k.Fs, a, b)
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
			k := &killFs{Fs: afero.NewOsFs(), killAt: n, noExchange: c.noExchange}
			apply := func() error {
				if err := afero.WriteFile(k, filepath.Join(dir, "content.md"), []byte("x"), 0o644); err != nil {
					return err
				}
				if applyFails {
					return errors.New("disk full")
				}
				return nil
			}
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil && r != (killed{}) {
						panic(r)
					}
				}()
				err = swap(k, next, dest, apply)
			}()
			if c.noExchange {
				if err := restoreAside(afero.NewOsFs(), dest); err != nil {
					t.Fatal(err)
				}
			}
			got := readTree(dest)
			if !maps.Equal(got, oldSite) && !maps.Equal(got, newSite) {
				t.Fatalf("killed at change %d (%+v): %s holds %v, neither the old site nor the new", n, c, dest, slices.Sorted(maps.Keys(got)))
			}
			if k.n < n { // ran to the end
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
