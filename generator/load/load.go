// Package load reads the plan data under data/ into the model, keeping the
// position of every value. It checks only the shape of each file (syntax,
// keys, types, required keys); cross-references are validate's job.
package load

import (
	"path"
	"sort"
	"strings"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/model"
)

// Layout of the data directory, relative to the site root.
const (
	DataDir      = "data"
	RolesFile    = "data/roles.yaml"
	StatusesFile = "data/statuses.yaml"
	TemplatesDir = "data/templates"
	PlansDir     = "data/plans"
)

// Load reads everything under root/data. File names in findings are relative
// to root, as a user would type them.
func Load(fsys afero.Fs, root string) (*model.Data, diag.List) {
	var ds diag.List
	data := &model.Data{}
	readOne(fsys, root, RolesFile, &data.Roles, &ds)
	readOne(fsys, root, StatusesFile, &data.Statuses, &ds)
	for _, f := range list(fsys, root, TemplatesDir, &ds) {
		t := &model.Template{}
		if readOne(fsys, root, f, t, &ds) {
			data.Templates = append(data.Templates, t)
		}
	}
	// Plans are many and independent: parse them on every core, then keep
	// them (and their findings) in file order so runs stay deterministic.
	files := list(fsys, root, PlansDir, &ds)
	plans := make([]*model.Plan, len(files))
	found := make([]diag.List, len(files))
	ok := make([]bool, len(files))
	parallel.For(len(files), func(i int) {
		plans[i] = &model.Plan{}
		ok[i] = readOne(fsys, root, files[i], plans[i], &found[i])
	})
	for i := range files {
		ds = append(ds, found[i]...)
		if ok[i] {
			data.Plans = append(data.Plans, plans[i])
		}
	}
	return data, ds
}

func readOne(fsys afero.Fs, root, rel string, v any, ds *diag.List) bool {
	full := path.Join(root, rel)
	fi, err := fsys.Stat(full)
	if err != nil {
		ds.Errorf(diag.Pos{File: rel}, "create it; see the README for its format", "cannot read file: %v", shortErr(err))
		return false
	}
	if fi.Size() > MaxFileSize {
		ds.Errorf(diag.Pos{File: rel}, "split it or remove what does not belong in it",
			"file is %d bytes, more than the %d allowed", fi.Size(), MaxFileSize)
		return false
	}
	b, err := afero.ReadFile(fsys, full)
	if err != nil {
		ds.Errorf(diag.Pos{File: rel}, "check the file's permissions", "cannot read file: %v", shortErr(err))
		return false
	}
	return decodeFile(rel, b, v, ds)
}

// list returns the .yaml files of a directory, sorted so that runs are
// deterministic. Other files are reported, since a plan saved as .yml or .txt
// would otherwise silently vanish from the portal.
func list(fsys afero.Fs, root, dir string, ds *diag.List) []string {
	entries, err := afero.ReadDir(fsys, path.Join(root, dir))
	if err != nil {
		ds.Errorf(diag.Pos{File: dir}, "create the directory", "cannot read directory: %v", shortErr(err))
		return nil
	}
	var files []string
	for _, e := range entries {
		name := e.Name()
		switch {
		case strings.HasPrefix(name, ".") || strings.EqualFold(name, "README.md"):
		case e.IsDir():
			ds.Errorf(diag.Pos{File: path.Join(dir, name)}, "move its files up into "+dir, "sub-directories are not read")
		case strings.HasSuffix(name, ".yaml"):
			files = append(files, path.Join(dir, name))
		default:
			ds.Errorf(diag.Pos{File: path.Join(dir, name)}, "rename it to end in .yaml, or move it out of "+dir,
				"not a .yaml file, so it would be ignored")
		}
	}
	sort.Strings(files)
	return files
}

func shortErr(err error) string {
	s := err.Error()
	if i := strings.LastIndex(s, ": "); i >= 0 {
		return s[i+2:]
	}
	return s
}
