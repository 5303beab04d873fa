//go:build linux || darwin || dragonfly || freebsd || netbsd || openbsd

package load_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
)

// loadOS loads the site at dir from the OS file system, failing the test
// instead of hanging if Load blocks (as it did reading a named pipe).
func loadOS(t *testing.T, dir string) (*model.Data, diag.List) {
	t.Helper()
	type result struct {
		data *model.Data
		ds   diag.List
	}
	done := make(chan result, 1)
	go func() {
		data, ds := load.Load(afero.NewOsFs(), dir)
		done <- result{data, ds}
	}()
	select {
	case r := <-done:
		return r.data, r.ds
	case <-time.After(10 * time.Second):
		t.Fatal("Load did not return within 10s")
		return nil, nil
	}
}

// Only regular files are read, after following symbolic links; reading a
// named pipe used to block forever. Each kind of unreadable path gets its
// own message and hint.
func TestSpecialFiles(t *testing.T) {
	const pipeHint = "replace it with an ordinary text file"
	const linkHint = "fix the symbolic link"
	for _, c := range []struct {
		name string
		edit func(t *testing.T, dir string, tr tree)
		want []want
	}{
		{
			name: "named pipe as a plan",
			edit: func(t *testing.T, dir string, _ tree) { mkfifo(t, filepath.Join(dir, "data/plans/x.yaml")) },
			want: []want{errAt(0, 0, "not a regular file (a named pipe)").In("data/plans/x.yaml").Hinting(pipeHint)},
		},
		{
			name: "named pipe as a registry",
			edit: func(t *testing.T, dir string, _ tree) {
				must(t, os.Remove(filepath.Join(dir, rolesFile)))
				mkfifo(t, filepath.Join(dir, rolesFile))
			},
			want: []want{errAt(0, 0, "not a regular file (a named pipe)").In(rolesFile).Hinting(pipeHint)},
		},
		{
			name: "symbolic link to a named pipe",
			edit: func(t *testing.T, dir string, _ tree) {
				mkfifo(t, filepath.Join(dir, "pipe"))
				must(t, os.Symlink(filepath.Join(dir, "pipe"), filepath.Join(dir, "data/plans/x.yaml")))
			},
			want: []want{errAt(0, 0, "not a regular file (a named pipe)").In("data/plans/x.yaml").Hinting(pipeHint)},
		},
		{
			name: "named pipe not named .yaml",
			edit: func(t *testing.T, dir string, _ tree) { mkfifo(t, filepath.Join(dir, "data/plans/x.txt")) },
			want: []want{errAt(0, 0, "not a .yaml file").In("data/plans/x.txt")},
		},
		{
			name: "symbolic link to a plan is read",
			edit: func(t *testing.T, dir string, tr tree) {
				must(t, os.WriteFile(filepath.Join(dir, "elsewhere.yaml"), []byte(tr[planFile]), 0o644))
				must(t, os.Symlink(filepath.Join(dir, "elsewhere.yaml"), filepath.Join(dir, "data/plans/p2.yaml")))
			},
			want: []want{}, // both plans load; validate reports the duplicate slug
		},
		{
			// The link's target was printed whole in the finding, and so in
			// CI logs.
			name: "symbolic link to a secret outside the site",
			edit: func(t *testing.T, dir string, _ tree) {
				secret := filepath.Join(t.TempDir(), "token")
				must(t, os.WriteFile(secret, []byte("API_TOKEN=hunter2-do-not-print\n"), 0o600))
				must(t, os.Symlink(secret, filepath.Join(dir, "data/plans/x.yaml")))
			},
			want: []want{errAt(0, 0, "refused: a symbolic link to a file outside the site").In("data/plans/x.yaml").Hinting("replace the link with the file itself")},
		},
		{
			name: "registry is a relative link out of the site",
			edit: func(t *testing.T, dir string, tr tree) {
				must(t, os.WriteFile(filepath.Join(dir, "../roles.yaml"), []byte(tr[rolesFile]), 0o644))
				must(t, os.Remove(filepath.Join(dir, rolesFile)))
				must(t, os.Symlink("../../roles.yaml", filepath.Join(dir, rolesFile)))
			},
			want: []want{errAt(0, 0, "refused: a symbolic link to a file outside the site").In(rolesFile)},
		},
		{
			name: "plans directory is a link out of the site",
			edit: func(t *testing.T, dir string, tr tree) {
				other := t.TempDir()
				must(t, os.WriteFile(filepath.Join(other, "p1.yaml"), []byte(tr[planFile]), 0o644))
				must(t, os.RemoveAll(filepath.Join(dir, "data/plans")))
				must(t, os.Symlink(other, filepath.Join(dir, "data/plans")))
			},
			want: []want{errAt(0, 0, "refused: a symbolic link to a file outside the site").In(planFile)},
		},
		{
			name: "symbolic link loop as a registry",
			edit: func(t *testing.T, dir string, _ tree) {
				must(t, os.Remove(filepath.Join(dir, rolesFile)))
				must(t, os.Symlink("roles.yaml", filepath.Join(dir, rolesFile)))
			},
			want: []want{errAt(0, 0, "cannot read file: too many levels of symbolic links").In(rolesFile).Hinting(linkHint)},
		},
		{
			name: "symbolic link loop as a plan",
			edit: func(t *testing.T, dir string, _ tree) {
				must(t, os.Symlink("b.yaml", filepath.Join(dir, "data/plans/a.yaml")))
				must(t, os.Symlink("a.yaml", filepath.Join(dir, "data/plans/b.yaml")))
			},
			want: []want{
				errAt(0, 0, "too many levels of symbolic links").In("data/plans/a.yaml").Hinting(linkHint),
				errAt(0, 0, "too many levels of symbolic links").In("data/plans/b.yaml").Hinting(linkHint),
			},
		},
		{
			name: "broken symbolic link",
			edit: func(t *testing.T, dir string, _ tree) {
				must(t, os.Symlink("gone.yaml", filepath.Join(dir, "data/plans/x.yaml")))
			},
			want: []want{errAt(0, 0, "symbolic link to a file that does not exist").In("data/plans/x.yaml").Hinting(linkHint)},
		},
		{
			name: "symbolic link to a directory",
			edit: func(t *testing.T, dir string, _ tree) {
				must(t, os.Symlink(filepath.Join(dir, "data/templates"), filepath.Join(dir, "data/plans/x.yaml")))
			},
			want: []want{errAt(0, 0, "sub-directories are not read").In("data/plans/x.yaml")},
		},
		{
			name: "registry is a symbolic link to a directory",
			edit: func(t *testing.T, dir string, _ tree) {
				must(t, os.Remove(filepath.Join(dir, rolesFile)))
				must(t, os.Symlink("templates", filepath.Join(dir, rolesFile)))
			},
			want: []want{errAt(0, 0, "cannot read file: it is a directory").In(rolesFile).Hinting("expected a file")},
		},
		{
			name: "plans directory is a file",
			edit: func(t *testing.T, dir string, _ tree) {
				must(t, os.RemoveAll(filepath.Join(dir, "data/plans")))
				must(t, os.WriteFile(filepath.Join(dir, "data/plans"), nil, 0o644))
			},
			want: []want{errAt(0, 0, "cannot read directory: not a directory").In("data/plans").Hinting("expected a directory")},
		},
		{
			name: "plans directory is a symbolic link loop",
			edit: func(t *testing.T, dir string, _ tree) {
				must(t, os.RemoveAll(filepath.Join(dir, "data/plans")))
				must(t, os.Symlink("plans", filepath.Join(dir, "data/plans")))
			},
			want: []want{errAt(0, 0, "cannot read directory: too many levels of symbolic links").In("data/plans").Hinting(linkHint)},
		},
		{
			name: "data is a file",
			edit: func(t *testing.T, dir string, _ tree) {
				must(t, os.RemoveAll(filepath.Join(dir, "data")))
				must(t, os.WriteFile(filepath.Join(dir, "data"), nil, 0o644))
			},
			want: []want{
				errAt(0, 0, "cannot read file: not a directory").In(rolesFile).Hinting("a directory on its path is a file"),
				errAt(0, 0, "cannot read file: not a directory").In(statusesFile),
				errAt(0, 0, "cannot read directory: not a directory").In("data/templates"),
				errAt(0, 0, "cannot read directory: not a directory").In("data/plans"),
			},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := baseline(t)
			dir := osTree(t, tr)
			c.edit(t, dir, tr)
			_, ds := loadOS(t, dir)
			expect(t, ds, c.want...)
			for _, d := range ds {
				if strings.Contains(d.String(), "hunter2") {
					t.Errorf("a finding prints the secret: %s", d)
				}
			}
		})
	}
}

func mkfifo(t *testing.T, path string) {
	t.Helper()
	if err := syscall.Mkfifo(path, 0o644); err != nil {
		t.Skipf("cannot make a named pipe: %v", err)
	}
}
