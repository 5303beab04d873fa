package sitebuild

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"github.com/gohugoio/hugo/commands"
)

// ServeOptions configures the development server.
type ServeOptions struct {
	// Source is the site root: the directory holding hugo.toml.
	Source string
	// Port to listen on; 0 means Hugo's default, 1313.
	Port int
	// Bind is the interface to bind to; empty means Hugo's default,
	// 127.0.0.1.
	Bind string
	// BaseURL, if set, overrides the site's baseURL.
	BaseURL string
	// Args are extra flags for `hugo server`, e.g. "--buildDrafts".
	Args []string
	// StaticDir, if set, is a directory outside the site that Hugo copies
	// the static files into and serves them from, pages staying in memory
	// (--renderStaticToDisk): files the caller writes there are served
	// too, such as the portfolio's exports.
	StaticDir string
}

// Serve runs Hugo's development server (`hugo server`, pages in memory:
// nothing goes into the destination of a build; watching the source and
// reloading the browser on change) until ctx is cancelled or the process
// gets SIGINT or SIGTERM.
//
// It goes through commands.Execute, which, unlike [Build], changes
// GOMAXPROCS for the whole process and prints to os.Stdout and os.Stderr;
// both are fine for a long-running interactive command. Warnings do not
// stop the server.
//
// commands.Execute takes no context: the server only stops on SIGINT or
// SIGTERM. So when ctx is cancelled, Serve sends SIGINT to its own process
// (repeatedly, until the server has stopped) while it keeps a signal handler
// registered, so that the signal cannot kill the process. That works on
// Unix; on Windows, cancelling ctx does not stop the server and only Ctrl+C
// does.
func Serve(ctx context.Context, opts ServeOptions) error {
	src, err := filepath.Abs(opts.Source)
	if err != nil {
		return err
	}
	args := []string{"server", "--source", src}
	if opts.Port != 0 {
		args = append(args, "--port", strconv.Itoa(opts.Port))
	}
	if opts.Bind != "" {
		args = append(args, "--bind", opts.Bind)
	}
	if opts.BaseURL != "" {
		args = append(args, "--baseURL", opts.BaseURL)
	}
	// Hugo's server renders to disk, into the site's publishDir, by
	// default: its pages (with the live-reload script) would replace the
	// site a build made there, and be deployed from it.
	if opts.StaticDir != "" {
		args = append(args, "--renderStaticToDisk", "--destination", opts.StaticDir)
	} else {
		args = append(args, "--renderToMemory")
	}
	args = append(args, opts.Args...)

	buildMu.Lock()
	defer buildMu.Unlock()

	// While we are registered, SIGINT and SIGTERM do not kill the process;
	// Hugo's server, which registers its own handler once it listens, sees
	// them and shuts down.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)

	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("hugo server panicked: %v", r)
			}
		}()
		done <- commands.Execute(args)
	}()

	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	// Hugo registers its handler only after the first build: keep
	// interrupting until it has stopped.
	self, err := os.FindProcess(os.Getpid())
	if err != nil {
		return err
	}
	tick := time.NewTicker(200 * time.Millisecond)
	defer tick.Stop()
	for {
		if err := self.Signal(os.Interrupt); err != nil {
			return errors.Join(ctx.Err(), fmt.Errorf("cannot stop hugo server: %w", err), <-done)
		}
		select {
		case err := <-done:
			return err
		case <-tick.C:
		}
	}
}
