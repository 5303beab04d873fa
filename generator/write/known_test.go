package write

import (
	"io/fs"
	"slices"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/internal/openedfs"
)

func TestPrepareKnowing(t *testing.T) {
	const file = "content/a/one.md"
	for _, tc := range []struct {
		name string
		// onDisk is what the last run wrote at file, then edited is
		// written over it by hand if set.
		onDisk, edited string
		want           string // the page this run wants at file
		vouch          string // known's identity for file: "last" for the last run's, "" none
		reads          bool   // whether file is read
		report         string // what Prepare makes of file
		conflict       bool
	}{
		{name: "vouched and wanted as it is", onDisk: gen, want: gen, vouch: "last", report: "unchanged"},
		{name: "vouched, another page wanted", onDisk: gen, want: gen + "new\n", vouch: "last", report: "updated"},
		{name: "not vouched, as it is", onDisk: gen, want: gen, reads: true, report: "unchanged"},
		{name: "not vouched, another page wanted", onDisk: gen, want: gen + "new\n", reads: true, report: "updated"},
		// known vouches by stat: a hand edit changes the stat, so
		// known no longer vouches and the edit is found by reading.
		{name: "edited by hand, not vouched", onDisk: gen, edited: gen + "mine\n", want: gen + "new\n", reads: true, conflict: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			mem := afero.NewMemMapFs()
			run(t, mem, page("a/one.md", tc.onDisk))
			last, err := afero.ReadFile(mem, file)
			if err != nil {
				t.Fatal(err)
			}
			if tc.edited != "" {
				if err := afero.WriteFile(mem, file, []byte(tc.edited), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			var known Known
			if tc.vouch == "last" {
				known = func(full string, fi fs.FileInfo) (string, bool) {
					return Identity(last), full == file
				}
			}
			fsys := openedfs.New(mem)
			c, err := PrepareKnowing(fsys, "content", stamp(t, page("a/one.md", tc.want)), known)
			if tc.conflict {
				if _, ok := err.(ConflictError); !ok {
					t.Fatalf("err = %v, want a ConflictError", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := slices.Contains(fsys.Opened(), file); got != tc.reads {
				t.Errorf("%s read: %v, want %v (reads %v)", file, got, tc.reads, fsys.Opened())
			}
			got := map[string][]string{"unchanged": c.Unchanged, "updated": c.Updated, "created": c.Created, "removed": c.Removed}
			if !slices.Equal(got[tc.report], []string{file}) {
				t.Errorf("report %+v, want %s in %s", c.Report, file, tc.report)
			}
			if err := c.Apply(); err != nil {
				t.Fatal(err)
			}
			b, _ := afero.ReadFile(mem, file)
			want := stamp(t, page("a/one.md", tc.want))[0].Data
			if string(b) != string(want) {
				t.Errorf("%s after Apply:\n%s\nwant\n%s", file, b, want)
			}
		})
	}
}
