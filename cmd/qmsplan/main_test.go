package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/spf13/afero"
)

// site copies the repository's data/ into a memory filesystem under "site".
func site(t *testing.T) afero.Fs {
	t.Helper()
	mem := afero.NewMemMapFs()
	err := filepath.WalkDir("../../data", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("../..", p)
		return afero.WriteFile(mem, filepath.Join("site", rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return mem
}

func runCmd(t *testing.T, fsys afero.Fs, vars map[string]string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var o, e bytes.Buffer
	code = (&env{ctx: context.Background(), fs: fsys, stdout: &o, stderr: &e,
		getenv: func(k string) string { return vars[k] },
		now:    func() time.Time { t.Fatal("the clock was read"); return time.Time{} }}).run(args)
	return code, o.String(), e.String()
}

// snapshot returns every file under root with its content.
func snapshot(t *testing.T, fsys afero.Fs) map[string]string {
	t.Helper()
	out := map[string]string{}
	afero.Walk(fsys, "site", func(p string, fi fs.FileInfo, err error) error {
		if err == nil && !fi.IsDir() {
			b, _ := afero.ReadFile(fsys, p)
			out[p] = string(b)
		}
		return nil
	})
	return out
}

var pinned = map[string]string{"SOURCE_DATE_EPOCH": "1795737600"} // 2026-11-27

func TestGenerateTwiceIsIdenticalAndWritesNothingNew(t *testing.T) {
	fsys := site(t)
	code, _, stderr := runCmd(t, fsys, pinned, "generate", "--source", "site")
	if code != 0 {
		t.Fatalf("generate failed: %s", stderr)
	}
	if !strings.Contains(stderr, "as of 2026-11-27 (SOURCE_DATE_EPOCH)") {
		t.Errorf("as-of date not reported from SOURCE_DATE_EPOCH: %s", stderr)
	}
	first := snapshot(t, fsys)
	if _, ok := first["site/content/records/GP-009/T-009-001/t-009-001-integrated-json-only-template.md"]; !ok {
		t.Fatal("template page not generated")
	}
	code, _, stderr = runCmd(t, fsys, pinned, "generate", "--source", "site")
	if code != 0 || !strings.Contains(stderr, "(0 created, 0 updated,") || !strings.Contains(stderr, "0 removed") {
		t.Fatalf("second run changed files: %s", stderr)
	}
	second := snapshot(t, fsys)
	if len(first) != len(second) {
		t.Fatalf("file count changed: %d -> %d", len(first), len(second))
	}
	for p, b := range first {
		if second[p] != b {
			t.Errorf("%s changed between identical runs", p)
		}
	}
}

func TestTypoPointsAtTheLineAndChangesNothing(t *testing.T) {
	fsys := site(t)
	runCmd(t, fsys, pinned, "generate", "--source", "site")
	plan := "site/data/plans/2025-08-22-br-lm-oncoderm-ae.yaml"
	b, _ := afero.ReadFile(fsys, plan)
	lines := strings.Split(string(b), "\n")
	line := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "sidebar_label:") {
			lines[i] = strings.Replace(l, "sidebar_label:", "sidebar_lable:", 1)
			line = i + 1
		}
	}
	afero.WriteFile(fsys, plan, []byte(strings.Join(lines, "\n")), 0o644)
	before := snapshot(t, fsys)
	for _, tc := range []struct{ format, want string }{
		{"text", "data/plans/2025-08-22-br-lm-oncoderm-ae.yaml:" + itoa(line) + ":1: error: top level: unknown key \"sidebar_lable\" (did you mean \"sidebar_label\"?)"},
		{"github", "::error file=data/plans/2025-08-22-br-lm-oncoderm-ae.yaml,line=" + itoa(line) + ",col=1::top level: unknown key"},
		{"json", `"line": ` + itoa(line)},
	} {
		code, stdout, stderr := runCmd(t, fsys, pinned, "generate", "--source", "site", "--format", tc.format)
		if code != 1 {
			t.Errorf("%s: exit %d, want 1", tc.format, code)
		}
		if !strings.Contains(stdout+stderr, tc.want) {
			t.Errorf("%s: output lacks %q:\n%s%s", tc.format, tc.want, stdout, stderr)
		}
		// The missing sidebar_label is reported in the same run.
		if !strings.Contains(stdout+stderr, `missing required key \"sidebar_label\"`) && !strings.Contains(stdout+stderr, `missing required key "sidebar_label"`) {
			t.Errorf("%s: not all errors reported in one run", tc.format)
		}
	}
	after := snapshot(t, fsys)
	for p, b := range before {
		if after[p] != b {
			t.Errorf("%s changed although the data is invalid", p)
		}
	}
}

func TestHandWrittenPageStopsTheRun(t *testing.T) {
	fsys := site(t)
	hand := "---\ntitle: My own notes\n---\nDo not lose me.\n"
	page := "site/content/records/GP-009/T-009-001/t-009-001-integrated-json-only-template.md"
	afero.WriteFile(fsys, page, []byte(hand), 0o644)
	code, _, stderr := runCmd(t, fsys, pinned, "generate", "--source", "site")
	if code != 1 || !strings.Contains(stderr, "is hand-written") || !strings.Contains(stderr, "data/templates/integrated-json-only.yaml") {
		t.Fatalf("exit %d, stderr: %s", code, stderr)
	}
	if b, _ := afero.ReadFile(fsys, page); string(b) != hand {
		t.Error("hand-written page was overwritten")
	}
	if ok, _ := afero.Exists(fsys, "site/content/records/GP-009/r-009-001/_index.md"); ok {
		t.Error("other pages were written despite the conflict")
	}
}

func TestNewPlanIsValidWithWarnings(t *testing.T) {
	fsys := site(t)
	code, stdout, stderr := runCmd(t, fsys, pinned, "new", "plan", "--source", "site", "--template", "integrated-json-only", "--slug", "2026-12-01-xx-acme-api")
	if code != 0 || !strings.Contains(stdout, "wrote site/data/plans/2026-12-01-xx-acme-api.yaml") {
		t.Fatalf("exit %d: %s%s", code, stdout, stderr)
	}
	code, _, stderr = runCmd(t, fsys, pinned, "generate", "--source", "site")
	if code != 0 {
		t.Fatalf("the skeleton is invalid: %s", stderr)
	}
	if !strings.Contains(stderr, "2026-12-01-xx-acme-api.yaml") || !strings.Contains(stderr, "warning: deal.name: unfilled placeholder [DEAL_NAME]") {
		t.Errorf("placeholders not warned about:\n%s", stderr)
	}
	code, _, stderr = runCmd(t, fsys, pinned, "new", "plan", "--source", "site", "--template", "integrated-json-onyl", "--slug", "x")
	if code != 1 || !strings.Contains(stderr, `did you mean "integrated-json-only"?`) {
		t.Errorf("unknown template: exit %d, %s", code, stderr)
	}
	for _, slug := range []string{"../x", "a/b", "has space"} {
		if code, _, _ := runCmd(t, fsys, pinned, "new", "plan", "--source", "site", "--template", "integrated-json-only", "--slug", slug); code != 1 {
			t.Errorf("slug %q accepted", slug)
		}
	}
}

func TestAsOfFlagBeatsEnvironment(t *testing.T) {
	fsys := site(t)
	_, _, stderr := runCmd(t, fsys, pinned, "generate", "--source", "site", "--as-of", "2024-02-29")
	if !strings.Contains(stderr, "as of 2024-02-29 (--as-of)") {
		t.Errorf("stderr: %s", stderr)
	}
	code, _, stderr := runCmd(t, fsys, pinned, "generate", "--source", "site", "--as-of", "2025-02-30")
	if code != 1 || !strings.Contains(stderr, "not a real calendar date") {
		t.Errorf("bad --as-of accepted: %s", stderr)
	}
}

func TestSchemaCommand(t *testing.T) {
	code, stdout, _ := runCmd(t, afero.NewMemMapFs(), nil, "schema")
	if code != 0 || !strings.Contains(stdout, `"sidebar_label"`) {
		t.Fatalf("exit %d", code)
	}
	if code, _, _ := runCmd(t, afero.NewMemMapFs(), nil, "schema", "nope"); code != 1 {
		t.Error("unknown schema kind accepted")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestHelpAndBadFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--help"}, 0, "qmsplan build"},
		{[]string{"generate", "-h"}, 0, "-as-of"},
		{[]string{"generate", "--nope"}, 1, "flag provided but not defined: -nope"},
		{[]string{"generate", "--format", "xml"}, 1, `unknown format "xml"`},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		// A stray word is refused, not ignored: the flag package stops at
		// it, so "build public --as-of X" would also drop --as-of.
		{[]string{"generate", "stray"}, 1, `unexpected argument "stray"`},
		{[]string{"check", "--source", "x", "stray"}, 1, `unexpected argument "stray"`},
		{[]string{"build", "public", "--as-of", "2026-01-01"}, 1, `unexpected argument "public"`},
		{[]string{"serve", "stray"}, 1, `unexpected argument "stray"`},
		{[]string{"schema", "plan", "stray"}, 1, `unexpected argument "stray"`},
		{[]string{"new", "plan", "stray"}, 1, `unexpected argument "stray"`},
		{nil, 2, "Usage:"},
	} {
		code, stdout, stderr := runCmd(t, afero.NewMemMapFs(), pinned, tc.args...)
		if code != tc.code || !strings.Contains(stdout+stderr, tc.want) {
			t.Errorf("%q: exit %d, want %d with %q:\n%s%s", tc.args, code, tc.code, tc.want, stdout, stderr)
		}
	}
}

// new refuses every slug that check refuses, in the same words: a plan
// new writes must not be one that check then rejects.
func TestNewRefusesWhatCheckRefuses(t *testing.T) {
	const plan = "site/data/plans/2025-08-22-br-lm-oncoderm-ae.yaml"
	for _, tc := range []struct {
		slug string
		want string // check's finding at the slug (line 3, column 7); "" if valid
	}{
		{"index", `slug "index" is reserved by Hugo (choose a descriptive slug, e.g. 2025-08-22-br-johnson-oncoderm-ae)`},
		{"_index", `slug "_index" is not safe in a URL (use letters, digits, '.', '_' and '-' only, e.g. 2025-08-22-br-johnson-oncoderm-ae)`},
		{"a b", `slug "a b" is not safe in a URL (use letters, digits, '.', '_' and '-' only, e.g. 2025-08-22-br-johnson-oncoderm-ae)`},
		{"../x", `slug "../x" is not safe in a URL (use letters, digits, '.', '_' and '-' only, e.g. 2025-08-22-br-johnson-oncoderm-ae)`},
		{"Ok-1.2", ""},
	} {
		t.Run(tc.slug, func(t *testing.T) {
			fsys := site(t)
			b, _ := afero.ReadFile(fsys, plan)
			edited := strings.Replace(string(b), "slug: 2025-08-22-br-lm-oncoderm-ae", "slug: "+strconv.Quote(tc.slug), 1)
			afero.WriteFile(fsys, plan, []byte(edited), 0o644)
			_, _, checked := runCmd(t, fsys, pinned, "generate", "--source", "site")
			if got := strings.Contains(checked, plan[len("site/"):]+":3:7: error: "+tc.want+"\n"); tc.want != "" && !got {
				t.Errorf("check does not say %q at 3:7:\n%s", tc.want, checked)
			}
			if tc.want == "" && strings.Contains(checked, "slug") {
				t.Errorf("check refuses the slug:\n%s", checked)
			}

			fsys = site(t)
			before := snapshot(t, fsys)
			code, _, stderr := runCmd(t, fsys, pinned, "new", "plan", "--source", "site", "--template", "integrated-json-only", "--slug", tc.slug)
			switch {
			case tc.want == "" && code != 0:
				t.Errorf("new refuses a slug check accepts: %s", stderr)
			case tc.want != "" && (code != 1 || !strings.Contains(stderr, "--slug: "+tc.want+"\n")):
				t.Errorf("new: exit %d, want 1 and %q:\n%s", code, tc.want, stderr)
			case tc.want != "" && len(snapshot(t, fsys)) != len(before):
				t.Errorf("new wrote a file for a refused slug")
			}
		})
	}
}
