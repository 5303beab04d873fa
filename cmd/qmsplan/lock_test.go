package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// Two runs that write the site at once would interleave their pages and
// build into the same directory beside public/: the second is refused,
// told who holds the site, and changes nothing. A lock left by a killed run
// is no lock.
func TestSecondRunIsRefusedWhileOneWrites(t *testing.T) {
	dir := siteCopy(t)
	lock, err := pipeline.Lock(dir, "qmsplan build")
	if err != nil {
		t.Fatal(err)
	}
	before := tree(t, dir)
	for _, cmd := range []string{"build", "generate"} {
		code, out := runOS(t, cmd, "--source", dir)
		want := fmt.Sprintf("another qmsplan run (pid %d, qmsplan build, since ", os.Getpid())
		if code != 1 || !strings.Contains(out, want) || !strings.Contains(out, "wait for it to finish") {
			t.Errorf("%s while the site is locked: exit %d, want 1 and %q in:\n%s", cmd, code, want, out)
		}
	}
	after := tree(t, dir)
	for f := range after {
		if _, ok := before[f]; !ok {
			t.Errorf("%s appeared", f)
		}
	}
	lock.Release()

	// A killed run leaves its lock file, with its pid: it holds nothing.
	os.WriteFile(filepath.Join(dir, paths.Lock), []byte("pid 999999999, qmsplan build, since 2026-01-01T00:00:00Z\n"), 0o644)
	if code, out := runOS(t, "generate", "--source", dir); code != 0 {
		t.Errorf("generate after a killed run: exit %d:\n%s", code, out)
	}
}
