package docusaurus

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path"
	"sort"

	"github.com/goccy/go-yaml"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/internal/yamlout"
	"github.com/qmsplan/qmsplan/generator/model"
)

// PlanYAML writes a plan as data/plans/*.yaml with the project's one YAML
// writer (what it writes the loader reads back exactly): the schema line first, the
// keys in the model's order, the tasks in the template's order (a Go map
// would sort them by key).
func PlanYAML(p *model.Plan, data *model.Data) ([]byte, error) {
	q := *p
	q.Tasks = nil
	head, err := yamlout.Marshal(q)
	if err != nil {
		return nil, err
	}
	var tasks yaml.MapSlice
	for _, t := range data.Templates {
		if t.Key != p.Template {
			continue
		}
		for _, ph := range t.Phases {
			for _, task := range ph.Tasks {
				if f, ok := p.Tasks[task.Key]; ok {
					tasks = append(tasks, yaml.MapItem{Key: task.Key, Value: f})
				}
			}
		}
	}
	out := "# yaml-language-server: $schema=../schema/plan.schema.json\n" + string(head)
	if len(tasks) > 0 {
		t, err := yamlout.Marshal(yaml.MapSlice{{Key: "tasks", Value: tasks}})
		if err != nil {
			return nil, err
		}
		out += string(t)
	}
	return []byte(out), nil
}

// TemplateYAML writes a template as data/templates/*.yaml.
func TemplateYAML(t *model.Template) ([]byte, error) {
	y, err := yamlout.Marshal(t)
	if err != nil {
		return nil, err
	}
	return append([]byte("# yaml-language-server: $schema=../schema/template.schema.json\n"), y...), nil
}

// Apply writes the files under root, and only if none of them exists: an
// existing file is never overwritten, and the refusal names every one. On
// dryRun it checks and writes nothing.
func (r *Result) Apply(fsys afero.Fs, root string, dryRun bool) error {
	var ds diag.List
	seen := map[string]string{}
	for _, f := range r.Files {
		if other, ok := seen[f.Path]; ok {
			ds.Add(diag.Errorf(fileStart(f.From), "becomes %s, as %s does", f.Path, other).
				Fix("rename one of them (or set its slug)"))
		}
		seen[f.Path] = f.From
		if ok, _ := afero.Exists(fsys, path.Join(root, f.Path)); ok {
			ds.Add(diag.Errorf(fileStart(path.Join(root, f.Path)), "already exists; the import does not overwrite it (it would come from %s)", f.From).
				Fix("move or delete it first, or leave that file out of the tree"))
		}
	}
	if err := ds.Err(); err != nil || dryRun {
		return err
	}
	for _, f := range r.Files {
		full := path.Join(root, f.Path)
		if err := fsys.MkdirAll(path.Dir(full), 0o755); err != nil {
			return err
		}
		// O_EXCL: a file that appeared since the check is still not overwritten.
		w, err := fsys.OpenFile(full, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		if _, err := w.Write(f.Data); err != nil {
			w.Close()
			return err
		}
		if err := w.Close(); err != nil {
			return err
		}
	}
	return nil
}

// NeedsPerson reports whether anything was not carried over or is wrong:
// the command then exits with status 1.
func (r *Result) NeedsPerson() bool { return len(r.Diags) > 0 }

// Write prints the report: every file with what it became, then every
// finding, in the format of the other commands' findings.
func (r *Result) Write(w io.Writer, f diag.Format) error {
	switch f {
	case diag.JSON:
		out := struct {
			Files    []File    `json:"files"`
			Skipped  []string  `json:"skipped"`
			Findings diag.List `json:"findings"`
		}{r.Files, r.Skipped, r.Diags}
		if out.Files == nil {
			out.Files = []File{}
		}
		if out.Findings == nil {
			out.Findings = diag.List{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case diag.GitHub:
		for _, file := range r.Files {
			fmt.Fprintf(w, "::notice file=%s::becomes %s (%s)\n", file.From, file.Path, file.What)
		}
	default:
		for _, file := range r.Files {
			fmt.Fprintf(w, "%s -> %s (%s)\n", file.From, file.Path, file.What)
		}
		sort.Strings(r.Skipped)
		for _, s := range r.Skipped {
			fmt.Fprintf(w, "skipped %s\n", s)
		}
	}
	return r.Diags.Write(w, f)
}
