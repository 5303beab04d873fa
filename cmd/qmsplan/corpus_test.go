package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"text/template"
	"time"

	"golang.org/x/tools/txtar"
)

// TestBadInputCorpus runs `qmsplan check` on the sample site with each case
// of testdata/bad laid over it. A case is a txtar archive: its files replace
// or add files of the site, and its comment says what must come out, as
// x/tools' analysistest does:
//
//	exit: 1                                   the exit status (default 1)
//	want: data/plans/x.yaml:3:7 error "text"  a finding: place, severity, part of the message
//	crlf: FILE / bom: FILE                    rewrite FILE with CRLF line ends / a byte order mark
//
// A file named "NAME -> OUTSIDE/secret" is a symbolic link to a secret
// outside the site. In the files, {{repeat "s" N}} stands for s written N
// times. Every error printed must be wanted; each case must leave the tree
// as it was, never print the secret, and stay within bounds of time and
// memory.
func TestBadInputCorpus(t *testing.T) {
	files, err := filepath.Glob("testdata/bad/*.txtar")
	if err != nil || len(files) == 0 {
		t.Fatalf("no cases in testdata/bad: %v", err)
	}
	base := siteCopy(t)
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			c := readCase(t, file)
			dir := t.TempDir()
			copyDir(t, base, dir)
			outside := t.TempDir()
			must(t, os.WriteFile(filepath.Join(outside, "secret"), []byte(secret+"\n"), 0o600))
			for _, f := range c.files {
				name, target, link := strings.Cut(f.Name, " -> ")
				p := filepath.Join(dir, filepath.FromSlash(name))
				must(t, os.MkdirAll(filepath.Dir(p), 0o755))
				os.Remove(p)
				if link {
					must(t, os.Symlink(strings.Replace(target, "OUTSIDE", outside, 1), p))
					continue
				}
				must(t, os.WriteFile(p, f.Data, 0o644))
			}
			before := tree(t, dir)

			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			start := time.Now()
			code, out := runOS(t, "check", "--source", dir, "--as-of", "2026-12-01")
			took := time.Since(start)
			runtime.ReadMemStats(&m1)

			t.Logf("exit %d in %s, %d MiB allocated", code, took.Round(time.Millisecond), (m1.TotalAlloc-m0.TotalAlloc)>>20)
			if code != c.exit {
				t.Errorf("exit status %d, want %d", code, c.exit)
			}
			got := findings(out)
			for _, w := range c.wants {
				if !got.take(w) {
					t.Errorf("missing %s", w)
				}
			}
			for _, f := range got {
				if f.sev == "error" {
					t.Errorf("unexpected %s", f.line)
				}
			}
			if strings.Contains(out, secretWord) {
				t.Errorf("the output prints the secret")
			}
			if t.Failed() {
				t.Logf("output:\n%s", clip(out))
			}
			if !equalTrees(before, tree(t, dir)) {
				t.Errorf("the tree changed")
			}
			// Generous bounds: a case that is quadratic or expands an
			// alias takes minutes or gigabytes, not a few seconds more.
			if took > 20*time.Second {
				t.Errorf("took %s", took)
			}
			if alloc := m1.TotalAlloc - m0.TotalAlloc; alloc > 1<<30 {
				t.Errorf("allocated %d MiB", alloc>>20)
			}
		})
	}
}

const secretWord = "hunter2"

var secret = "API_TOKEN=" + secretWord + "-" + strings.Repeat("s", 200)

type corpusCase struct {
	exit  int
	wants []finding
	files []txtar.File
}

type finding struct {
	pos, sev, msg string
	line          string
}

func (f finding) String() string { return fmt.Sprintf("%s: %s: …%s…", f.pos, f.sev, f.msg) }

var wantRE = regexp.MustCompile(`^want: (\S+) (error|warning) "(.*)"$`)

func readCase(t *testing.T, file string) corpusCase {
	t.Helper()
	a, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	c := corpusCase{exit: 1}
	funcs := template.FuncMap{"repeat": strings.Repeat}
	for i, f := range a.Files {
		tm, err := template.New(f.Name).Funcs(funcs).Parse(string(f.Data))
		if err != nil {
			t.Fatalf("%s: %s: %v", file, f.Name, err)
		}
		var b strings.Builder
		must(t, tm.Execute(&b, nil))
		a.Files[i].Data = []byte(b.String())
	}
	c.files = a.Files
	for _, l := range strings.Split(string(a.Comment), "\n") {
		key, val, _ := strings.Cut(l, ": ")
		switch {
		case key == "exit":
			c.exit, err = strconv.Atoi(val)
			must(t, err)
		case key == "want":
			m := wantRE.FindStringSubmatch(l)
			if m == nil {
				t.Fatalf("%s: bad want line %q", file, l)
			}
			msg, err := strconv.Unquote(`"` + m[3] + `"`)
			must(t, err)
			c.wants = append(c.wants, finding{pos: m[1], sev: m[2], msg: msg})
		case key == "crlf" || key == "bom":
			for i, f := range c.files {
				if f.Name != val {
					continue
				}
				if key == "crlf" {
					c.files[i].Data = []byte(strings.ReplaceAll(string(f.Data), "\n", "\r\n"))
				} else {
					c.files[i].Data = append([]byte("\ufeff"), f.Data...)
				}
			}
		}
	}
	return c
}

type findingList []finding

var findingRE = regexp.MustCompile(`^(\S+): (error|warning): (.*)$`)

// findings parses check's text output, one finding a line.
func findings(out string) findingList {
	var fs findingList
	for _, l := range strings.Split(out, "\n") {
		if m := findingRE.FindStringSubmatch(l); m != nil {
			fs = append(fs, finding{pos: m[1], sev: m[2], msg: m[3], line: l})
		}
	}
	return fs
}

// take removes the first finding that matches w, reporting whether there was one.
func (fs *findingList) take(w finding) bool {
	for i, f := range *fs {
		if f.pos == w.pos && f.sev == w.sev && strings.Contains(f.msg, w.msg) {
			*fs = append((*fs)[:i], (*fs)[i+1:]...)
			return true
		}
	}
	return false
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	for p, content := range tree(t, from) {
		rel, _ := filepath.Rel(from, p)
		dst := filepath.Join(to, rel)
		must(t, os.MkdirAll(filepath.Dir(dst), 0o755))
		must(t, os.WriteFile(dst, []byte(content), 0o644))
	}
}

func equalTrees(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

func clip(s string) string {
	if len(s) > 4000 {
		return s[:4000] + "…"
	}
	return s
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
