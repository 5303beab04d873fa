package sitebuild

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strings"
	"testing"
	"time"
)

func TestServeStopsOnCancel(t *testing.T) {
	if testing.Short() {
		t.Skip("starts an HTTP server")
	}
	if runtime.GOOS == "windows" {
		t.Skip("cancelling Serve needs Unix signals")
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := ln.Addr().(*net.TCPAddr).Port
	ln.Close()

	dir := goodSite().write(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- Serve(ctx, ServeOptions{Source: dir, Port: port, Bind: "127.0.0.1", Args: []string{"--quiet"}})
	}()

	url := fmt.Sprintf("http://127.0.0.1:%d/docs/a/", port)
	var body string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		select {
		case err := <-done:
			t.Fatalf("Serve returned early: %v", err)
		default:
		}
		resp, err := http.Get(url)
		if err != nil {
			continue
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode == http.StatusOK {
			body = string(b)
			break
		}
	}
	if !strings.Contains(body, "<h1>A</h1>") {
		t.Fatalf("GET %s: got %q", url, body)
	}
	if !strings.Contains(body, "livereload.js") {
		t.Errorf("no live reload script injected:\n%s", body)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("Serve did not return after cancel")
	}
}
