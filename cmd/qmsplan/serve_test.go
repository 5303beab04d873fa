package main

import (
	"context"
	"fmt"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/paths"
)

// TestMain lets a test run the command in a child process: Hugo's server
// changes process-wide state (GOMAXPROCS, loggers, signal handlers) that
// must not leak into the other tests.
func TestMain(m *testing.M) {
	if args := os.Getenv("QMSPLAN_TEST_RUN"); args != "" {
		os.Exit(mainWith(strings.Split(args, "\n")))
	}
	os.Exit(m.Run())
}

func mainWith(args []string) int {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() { // the parent closes stdin to stop us
		io.Copy(io.Discard, os.Stdin)
		cancel()
	}()
	// The program's build ID, as main gives it: without one a run keeps no
	// record and reuses no page (pipeline.Generate), and serve measured
	// here would not be the serve people run.
	return (&env{ctx: ctx, fs: afero.NewOsFs(), stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now,
		buildID: pipeline.BuildID()}).run(args)
}

// syncBuffer collects a child's output while the test reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestServeRegeneratesOnDataEdit(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server")
	}
	site := siteCopy(t)
	srv := startServe(t, site)
	out := srv.out
	page := srv.url + "/records/GP-009/r-009-001/2025-08-22-br-lm-oncoderm-ae/"
	waitFor := func(what string, ok func(string) bool) {
		t.Helper()
		t.Log(what)
		srv.waitFor(t, page, 40*time.Second, ok)
	}
	waitFor("first page", func(b string) bool { return strings.Contains(b, "Lindqvist") })
	// The preview's pages carry the live-reload script: in public/, the
	// next deploy would ship them. Hugo's server must render to memory.
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote into public/, the destination of build (stat: %v)", err)
	}

	// The exports are served beside the pages, as a build puts them.
	first := page
	page = srv.url + paths.ExportURL(paths.MilestonesICS)
	waitFor("milestone feed", func(b string) bool {
		return strings.HasPrefix(b, "BEGIN:VCALENDAR\r\n") && strings.Contains(b, "URL:http://localhost:"+srv.port+"/records/")
	})
	page = srv.url + paths.ExportURL(paths.TasksCSV)
	waitFor("tasks.csv", func(b string) bool { return strings.HasPrefix(b, "record_id,") })
	page = first

	plan := filepath.Join(site, "data/plans/2025-08-22-br-lm-oncoderm-ae.yaml")
	b, _ := os.ReadFile(plan)
	edited := strings.Replace(string(b), "Lindqvist & Moreau Farmacêutica", "Lindqvist & Moreau Pharma", 1)
	if edited == string(b) {
		t.Fatal("sample plan changed: update the test")
	}
	os.WriteFile(plan, []byte(edited), 0o644)
	waitFor("edited page", func(b string) bool { return strings.Contains(b, "Lindqvist &amp; Moreau Pharma") })

	// Invalid data: the error is printed, the last good page stays.
	os.WriteFile(plan, []byte(strings.Replace(edited, "sidebar_label:", "sidebar_lable:", 1)), 0o644)
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(out.String(), `unknown key "sidebar_lable"`); time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no error printed for invalid data:\n%s", out.String())
		}
	}
	waitFor("last good page", func(b string) bool { return strings.Contains(b, "Lindqvist &amp; Moreau Pharma") })
}

// server is `qmsplan serve` running in a child process.
type server struct {
	url  string
	port string
	out  *stampedBuffer
}

// stampedBuffer is a syncBuffer that notes when each line of output came.
type stampedBuffer struct {
	syncBuffer
	mu    sync.Mutex
	part  string
	lines []stampedLine
}

type stampedLine struct {
	at   time.Time
	text string
}

func (s *stampedBuffer) Write(p []byte) (int, error) {
	now := time.Now()
	s.mu.Lock()
	s.part += string(p)
	for {
		i := strings.IndexByte(s.part, '\n')
		if i < 0 {
			break
		}
		s.lines = append(s.lines, stampedLine{now, s.part[:i]})
		s.part = s.part[i+1:]
	}
	s.mu.Unlock()
	return s.syncBuffer.Write(p)
}

// since is the lines that came at or after t.
func (s *stampedBuffer) since(t time.Time) []stampedLine {
	s.mu.Lock()
	defer s.mu.Unlock()
	i, _ := slices.BinarySearchFunc(s.lines, t, func(l stampedLine, t time.Time) int { return l.at.Compare(t) })
	return slices.Clone(s.lines[i:])
}

// startServe runs `qmsplan serve --source site args...` in a child process
// on a free port, stopped when the test ends.
func startServe(t *testing.T, site string, args ...string) *server {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+pinned["SOURCE_DATE_EPOCH"],
		"QMSPLAN_TEST_RUN="+strings.Join(append([]string{"serve", "--source", site, "--port", fmt.Sprint(port)}, args...), "\n"))
	out := &stampedBuffer{}
	cmd.Stdout, cmd.Stderr = out, out
	stdin, _ := cmd.StdinPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Error("serve did not stop")
		}
	})
	return &server{url: fmt.Sprintf("http://127.0.0.1:%d", port), port: fmt.Sprint(port), out: out}
}

// waitFor polls url until it answers 200 with a body ok accepts.
func (s *server) waitFor(t *testing.T, url string, timeout time.Duration, ok func(string) bool) {
	t.Helper()
	for deadline := time.Now().Add(timeout); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		resp, err := http.Get(url)
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK && ok(string(b)) {
			return
		}
	}
	t.Fatalf("GET %s: timed out; serve said:\n%s", url, s.out.String())
}

func TestCoalesce(t *testing.T) {
	for _, tc := range []struct {
		name   string
		events []string // file names; "tick" fires the latest timer if any, "old" the one before it
		runs   int
	}{
		{"a save is one run", []string{"p.yaml", "tick"}, 1},
		{"a burst is one run", []string{"p.yaml", "p.yaml", "q.yaml", "tick"}, 1},
		{"a timer the burst replaced does nothing", []string{"p.yaml", "p.yaml", "old", "tick"}, 1},
		{"two saves apart are two runs", []string{"p.yaml", "tick", "p.yaml", "tick"}, 2},
		{"other files are not data", []string{"p.yaml~", "4913", "p.yaml.swp", "tick"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			events := make(chan fsnotify.Event)
			var timers []chan time.Time
			after := func(d time.Duration) <-chan time.Time {
				if d != quiet {
					t.Errorf("waited %s, want %s", d, quiet)
				}
				c := make(chan time.Time, 1)
				timers = append(timers, c)
				return c
			}
			ran := make(chan struct{}, 10)
			done := make(chan struct{})
			go func() {
				coalesce(ctx, events, after, func() { ran <- struct{}{} })
				close(done)
			}()
			for _, ev := range tc.events {
				switch ev {
				case "old":
					timers[len(timers)-2] <- time.Time{}
				case "tick":
					if len(timers) == 0 {
						break
					}
					c := timers[len(timers)-1]
					c <- time.Time{}
					for i := 0; len(c) > 0; i++ { // until the loop took it
						if i == 1e6 {
							t.Fatal("the loop does not take the latest timer")
						}
						runtime.Gosched()
					}
				default:
					events <- fsnotify.Event{Name: "/site/data/plans/" + ev, Op: fsnotify.Write}
				}
				// The loop takes this once it has handled what came
				// before, timer and run included.
				events <- fsnotify.Event{Name: "sync"}
			}
			close(events)
			<-done
			if len(ran) != tc.runs {
				t.Errorf("%d runs, want %d", len(ran), tc.runs)
			}
		})
	}
}
