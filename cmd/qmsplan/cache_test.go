package main

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/paths"
)

// A generate the cache's record answers prints what the run that wrote the
// record printed, and what a full run prints, in every format: the findings
// are the product. The last run must have been answered by the record (it
// did not rewrite it).
func TestGenerateFromTheRecordPrintsTheSame(t *testing.T) {
	for _, format := range []string{"text", "json", "github"} {
		t.Run(format, func(t *testing.T) {
			fsys := site(t)
			run := func(buildID string) (string, string) {
				t.Helper()
				var o, e bytes.Buffer
				code := (&env{ctx: context.Background(), fs: fsys, stdout: &o, stderr: &e, buildID: buildID,
					getenv: func(k string) string { return pinned[k] },
					now:    func() time.Time { t.Fatal("the clock was read"); return time.Time{} }}).run(
					[]string{"generate", "--source", "site", "--format", format})
				if code != 0 {
					t.Fatalf("generate failed: %s", e.String())
				}
				return o.String(), e.String()
			}
			run("")                         // creates the pages
			out1, err1 := run("")           // a full run with nothing changed: what to print
			out2, err2 := run("test-build") // a full run that writes the record
			rec, err := afero.ReadFile(fsys, "site/"+paths.Cache)
			if err != nil {
				t.Fatal("no record written:", err)
			}
			if err := fsys.Chtimes("site/"+paths.Cache, time.Unix(0, 0), time.Unix(0, 0)); err != nil {
				t.Fatal(err)
			}
			out3, err3 := run("test-build") // answered by the record
			if fi, _ := fsys.Stat("site/" + paths.Cache); fi == nil || fi.ModTime().Unix() != 0 {
				t.Error("the last run rewrote the record: it was not answered by it")
			}
			for i, o := range [][2]string{{out2, err2}, {out3, err3}} {
				if o[0] != out1 || o[1] != err1 {
					t.Errorf("run %d printed\n%s%s\nthe full run\n%s%s", i+2, o[0], o[1], out1, err1)
				}
			}
			if b, _ := afero.ReadFile(fsys, "site/"+paths.Cache); !bytes.Equal(b, rec) {
				t.Error("the record changed")
			}
		})
	}
}
