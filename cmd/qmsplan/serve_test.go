package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

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
	return (&env{ctx: ctx, fs: afero.NewOsFs(), stdout: os.Stdout, stderr: os.Stderr, getenv: os.Getenv, now: time.Now}).run(args)
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
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "SOURCE_DATE_EPOCH="+pinned["SOURCE_DATE_EPOCH"],
		"QMSPLAN_TEST_RUN="+strings.Join([]string{"serve", "--source", site, "--port", fmt.Sprint(port)}, "\n"))
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	stdin, _ := cmd.StdinPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		stdin.Close()
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			cmd.Process.Kill()
			t.Error("serve did not stop")
		}
	}()

	page := fmt.Sprintf("http://127.0.0.1:%d/records/GP-009/r-009-001/2025-08-22-br-lm-oncoderm-ae/", port)
	waitFor := func(what string, ok func(string) bool) {
		t.Helper()
		for deadline := time.Now().Add(40 * time.Second); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			resp, err := http.Get(page)
			if err != nil {
				continue
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && ok(string(b)) {
				return
			}
		}
		t.Fatalf("%s: timed out; serve said:\n%s", what, out.String())
	}
	waitFor("first page", func(b string) bool { return strings.Contains(b, "Lindqvist") })
	// The preview's pages carry the live-reload script: in public/, the
	// next deploy would ship them. Hugo's server must render to memory.
	if _, err := os.Stat(filepath.Join(site, "public")); !os.IsNotExist(err) {
		t.Errorf("serve wrote into public/, the destination of build (stat: %v)", err)
	}

	// The exports are served beside the pages, as a build puts them.
	page = fmt.Sprintf("http://127.0.0.1:%d%s", port, paths.ExportURL(paths.MilestonesICS))
	waitFor("milestone feed", func(b string) bool {
		return strings.HasPrefix(b, "BEGIN:VCALENDAR\r\n") && strings.Contains(b, fmt.Sprintf("URL:http://localhost:%d/records/", port))
	})
	page = fmt.Sprintf("http://127.0.0.1:%d%s", port, paths.ExportURL(paths.TasksCSV))
	waitFor("tasks.csv", func(b string) bool { return strings.HasPrefix(b, "record_id,") })
	page = fmt.Sprintf("http://127.0.0.1:%d/records/GP-009/r-009-001/2025-08-22-br-lm-oncoderm-ae/", port)

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
