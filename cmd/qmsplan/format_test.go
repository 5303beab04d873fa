package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// The three --format outputs of a run with errors and warnings are
// byte-identical to their reviewed golden files: CI annotations and the
// JSON that tools parse must not drift when the findings code changes.
// Update with: go test ./cmd/qmsplan -run TestFindingFormatsGolden -update
func TestFindingFormatsGolden(t *testing.T) {
	for _, format := range []string{"text", "json", "github"} {
		t.Run(format, func(t *testing.T) {
			fsys := site(t)
			plan := "site/data/plans/2025-08-22-br-lm-oncoderm-ae.yaml"
			b, err := afero.ReadFile(fsys, plan)
			if err != nil {
				t.Fatal(err)
			}
			// A typo'd key (did-you-mean), so a missing key, an unknown key
			// (the known keys listed) and an unknown status; the sample
			// data's own two warnings come along.
			s := strings.Replace(string(b), "sidebar_label:", "sidebar_lable:", 1)
			s = strings.Replace(s, "status: done", "status: dnoe", 1)
			s = strings.Replace(s, "\ndeal:", "\nfoo: \"a, b: c\"\ndeal:", 1)
			afero.WriteFile(fsys, plan, []byte(s), 0o644)

			code, stdout, stderr := runCmd(t, fsys, pinned, "generate", "--source", "site", "--format", format)
			if code != 1 {
				t.Fatalf("exit %d, want 1\n%s", code, stderr)
			}
			got := "-- stdout --\n" + stdout + "-- stderr --\n" + stderr
			file := filepath.Join("testdata", "findings."+format+".golden")
			if *update {
				os.MkdirAll("testdata", 0o755)
				if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("output differs from %s:\n--- got ---\n%s\n--- want ---\n%s", file, got, want)
			}
			// The meaning, not only the bytes: every finding names the
			// file and line, and the typo gets its suggestion.
			for _, w := range []string{"2025-08-22-br-lm-oncoderm-ae.yaml", `sidebar_label`, `dnoe`} {
				if !strings.Contains(got, w) {
					t.Errorf("output lacks %q", w)
				}
			}
		})
	}
}
