package pipeline_test

import (
	"errors"
	"io/fs"
	"path/filepath"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// ReplaceDir swaps in a whole new directory, or changes nothing.
func TestReplaceDir(t *testing.T) {
	const root = "/site"
	for _, tc := range []struct {
		name    string
		old     map[string]string // the destination before; nil: none
		fillErr error
		wantErr bool
		want    map[string]string // the destination after (without the marker)
	}{
		{name: "new", want: map[string]string{"a.pdf": "new"}},
		{name: "replaces a run's output whole", old: map[string]string{"a.pdf": "old", "gone.pdf": "old", paths.SiteMarker: ""}, want: map[string]string{"a.pdf": "new"}},
		{name: "a failed run changes nothing", old: map[string]string{"a.pdf": "old", paths.SiteMarker: ""}, fillErr: errors.New("browser crashed"), wantErr: true, want: map[string]string{"a.pdf": "old"}},
		{name: "refuses a directory it did not make", old: map[string]string{"notes.txt": "mine"}, wantErr: true, want: map[string]string{"notes.txt": "mine"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := afero.NewMemMapFs()
			dest := filepath.Join(root, "pdf")
			for name, body := range tc.old {
				afero.WriteFile(fsys, filepath.Join(dest, name), []byte(body), 0o644)
			}
			_, err := pipeline.ReplaceDir(fsys, root, "pdf", func(dir string) error {
				if err := afero.WriteFile(fsys, filepath.Join(dir, "a.pdf"), []byte("new"), 0o644); err != nil {
					return err
				}
				return tc.fillErr
			})
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			got := map[string]string{}
			afero.Walk(fsys, root, func(p string, info fs.FileInfo, err error) error {
				if err == nil && !info.IsDir() && filepath.Base(p) != paths.SiteMarker {
					rel, _ := filepath.Rel(dest, p)
					b, _ := afero.ReadFile(fsys, p)
					got[rel] = string(b)
				}
				return nil
			})
			if len(got) != len(tc.want) {
				t.Errorf("after: %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("after: %s = %q, want %q (all: %v)", k, got[k], v, got)
				}
			}
		})
	}
}
