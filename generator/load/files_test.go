package load_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/load"
)

// A hidden file ending in .yaml looks like a plan to whoever saved it, so it
// is reported rather than silently skipped; other dotfiles are skipped.
func TestHiddenFiles(t *testing.T) {
	const hint = "rename it without the leading dot, or move it out of data/plans"
	for _, c := range []struct {
		name string
		file string
		want []want
	}{
		{name: "named only .yaml", file: "data/plans/.yaml",
			want: []want{errAt(0, 0, "hidden file is not read").In("data/plans/.yaml").Hinting(hint)}},
		{name: "draft", file: "data/plans/.draft.yaml",
			want: []want{errAt(0, 0, "hidden file is not read").In("data/plans/.draft.yaml").Hinting(hint)}},
		{name: "draft in capitals, .yml", file: "data/plans/.draft.YML",
			want: []want{errAt(0, 0, "hidden file is not read").In("data/plans/.draft.YML").Hinting(hint)}},
		{name: "hidden template", file: "data/templates/.old.yaml",
			want: []want{errAt(0, 0, "hidden file is not read").In("data/templates/.old.yaml").
				Hinting("rename it without the leading dot, or move it out of data/templates")}},
		{name: ".gitkeep", file: "data/plans/.gitkeep"},
		{name: ".DS_Store", file: "data/plans/.DS_Store"},
		{name: "vim swap file", file: "data/plans/.p1.yaml.swp"},
		{name: "emacs lock file", file: "data/plans/.#p1.yaml"},
		{name: "macOS metadata file", file: "data/plans/._p1.yaml"},
		{name: "file in a hidden directory", file: "data/plans/.git/x.yaml"},
		{name: "file in a hidden directory named like a plan", file: "data/plans/.old.yaml/x.yaml"},
		{name: "README", file: "data/plans/README.md"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tr := baseline(t)
			tr[c.file] = tr[planFile]
			data, ds := load.Load(tr.FS(t), root)
			expect(t, ds, c.want...)
			if len(data.Plans) != 1 || len(data.Templates) != 1 {
				t.Errorf("loaded %d plans and %d templates, want the baseline's", len(data.Plans), len(data.Templates))
			}
		})
	}
}

// A path that is a directory where a file is expected, or a data directory
// that is missing or a file, each gets its own message and hint.
func TestWrongKindOfPath(t *testing.T) {
	for _, c := range []struct {
		name string
		edit func(*testing.T, afero.Fs)
		want []want
	}{
		{
			name: "registry is a directory",
			edit: func(t *testing.T, fsys afero.Fs) {
				must(t, fsys.Remove(root+"/"+rolesFile))
				must(t, fsys.MkdirAll(root+"/"+rolesFile, 0o755))
			},
			want: []want{errAt(0, 0, "cannot read file: it is a directory").In(rolesFile).Hinting("expected a file")},
		},
		{
			name: "registry is missing",
			edit: func(t *testing.T, fsys afero.Fs) { must(t, fsys.Remove(root+"/"+statusesFile)) },
			want: []want{errAt(0, 0, "cannot read file: not found").In(statusesFile).Hinting("create it; see the README")},
		},
		{
			name: "plans directory is missing",
			edit: func(t *testing.T, fsys afero.Fs) { must(t, fsys.RemoveAll(root+"/data/plans")) },
			want: []want{errAt(0, 0, "cannot read directory: not found").In("data/plans").Hinting("create the directory")},
		},
		{
			name: "directory named like a plan",
			edit: func(t *testing.T, fsys afero.Fs) { must(t, fsys.MkdirAll(root+"/data/plans/p2.yaml", 0o755)) },
			want: []want{errAt(0, 0, "sub-directories are not read").In("data/plans/p2.yaml")},
		},
	} {
		t.Run(c.name, func(t *testing.T) {
			fsys := baseline(t).FS(t)
			c.edit(t, fsys)
			_, ds := load.Load(fsys, root)
			expect(t, ds, c.want...)
		})
	}
}

// denyFs refuses to open one file, as the OS does for a file without read
// permission (which a test running as root cannot set up).
type denyFs struct {
	afero.Fs
	name string
}

func (d denyFs) Open(name string) (afero.File, error) {
	if name == d.name {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrPermission}
	}
	return d.Fs.Open(name)
}

func TestPermissionDenied(t *testing.T) {
	for _, c := range []struct {
		name, path string
		want       want
	}{
		{"file", root + "/" + planFile,
			errAt(0, 0, "cannot read file: permission denied").Hinting("check the file's permissions")},
		{"registry", root + "/" + rolesFile,
			errAt(0, 0, "cannot read file: permission denied").In(rolesFile).Hinting("check the file's permissions")},
		{"directory", root + "/data/plans",
			errAt(0, 0, "cannot read directory: permission denied").In("data/plans").Hinting("check the directory's permissions")},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, ds := load.Load(denyFs{baseline(t).FS(t), c.path}, root)
			expect(t, ds, c.want)
		})
	}
}

// osTree writes tr into a temporary directory and returns it, for cases the
// in-memory file system cannot express (symbolic links, named pipes).
func osTree(t *testing.T, tr tree) string {
	t.Helper()
	dir := t.TempDir()
	for _, d := range []string{"data/templates", "data/plans"} {
		must(t, os.MkdirAll(filepath.Join(dir, d), 0o755))
	}
	for name, content := range tr {
		p := filepath.Join(dir, filepath.FromSlash(name))
		must(t, os.MkdirAll(filepath.Dir(p), 0o755))
		must(t, os.WriteFile(p, []byte(content), 0o644))
	}
	return dir
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
