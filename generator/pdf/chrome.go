// Package pdf prints the built portal to PDF with headless Chromium: one
// file per record, one audit pack per section, and a manifest of them all.
// The browser is Debian's chromium, driven over the DevTools protocol
// (chromedp); the site is served to it from memory on 127.0.0.1.
package pdf

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// Install says what to install when no browser is found.
const Install = "apt-get install chromium fonts-noto-color-emoji (or set QMSPLAN_CHROME to a Chromium-based browser)"

// FindChrome is the browser to print with: $QMSPLAN_CHROME (e.g. the Google
// Chrome of hosted CI runners), else Debian's chromium. The error says what
// to install.
func FindChrome(getenv func(string) string) (string, error) {
	if name := getenv("QMSPLAN_CHROME"); name != "" {
		p, err := exec.LookPath(name)
		if err != nil {
			return "", fmt.Errorf("QMSPLAN_CHROME=%s: %w", name, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", fmt.Errorf("no Chromium found: %s", Install)
}

// Browser is one headless Chromium; every print opens a tab of its own.
type Browser struct {
	ctx    context.Context // the browser's lifetime; tabs derive from it
	cancel func()
}

// startTimeout bounds the browser's start: a browser that cannot start
// (missing libraries, no /dev/shm) must fail, not hang.
const startTimeout = 30 * time.Second

// Start starts Chromium at exe. Close it when done.
func Start(ctx context.Context, exe string) (*Browser, error) {
	dir, err := os.MkdirTemp("", "qmsplan-chromium-")
	if err != nil {
		return nil, err
	}
	// The network is closed to it: no background or update traffic.
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("mute-audio", true),
		chromedp.UserDataDir(dir),
	)
	bctx, cancelCtx := chromedp.NewContext(allocCtx)
	b := &Browser{ctx: bctx, cancel: func() {
		cancelCtx()
		cancelAlloc()
		os.RemoveAll(dir)
	}}
	// The first call starts the browser; its context is the browser's
	// lifetime, so the bound is a watchdog, not a deadline on it.
	started := make(chan error, 1)
	go func() { started <- chromedp.Do(bctx) }()
	select {
	case err := <-started:
		if err != nil {
			b.cancel()
			return nil, fmt.Errorf("starting %s: %w (is it a working Chromium? %s)", exe, err, Install)
		}
	case <-time.After(startTimeout):
		b.cancel()
		return nil, fmt.Errorf("starting %s: no answer in %s (%s)", exe, startTimeout, Install)
	}
	return b, nil
}

// Close ends the browser.
func (b *Browser) Close() { b.cancel() }

// Context is the browser's chromedp context: chromedp.NewContext(ctx)
// opens a tab in it (the site tests drive tabs themselves).
func (b *Browser) Context() context.Context { return b.ctx }

// job is one print: the page at url.
type job struct {
	url string
}

// tab is a tab of the browser that prints one page after another:
// opening a tab costs as much as loading a page. script runs in every
// page it loads, before the page's own scripts.
type tab struct {
	b      *Browser
	ctx    context.Context
	cancel func()
}

// openTab opens a tab whose pages run script first.
func (b *Browser) openTab(script string) (*tab, error) {
	ctx, cancel := chromedp.NewContext(b.ctx)
	t := &tab{b: b, ctx: ctx, cancel: cancel}
	// A tab opens without a deadline: deadlines are the pages'.
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
		return err
	}))
	if err != nil {
		cancel()
		return nil, fmt.Errorf("opening a tab: %w", browserGone(b, err))
	}
	return t, nil
}

// close closes the tab.
func (t *tab) close() { t.cancel() }

// print loads the page and prints it on A4 as a tagged PDF with an
// outline, within timeout. After an error the tab may be stuck in the
// failed page: close it.
func (t *tab) print(ctx context.Context, j job, timeout time.Duration) ([]byte, error) {
	tctx, cancel := context.WithTimeout(t.ctx, timeout)
	defer cancel()
	stop := context.AfterFunc(ctx, cancel) // the run's own cancellation
	defer stop()
	steps := []chromedp.Action[chromedp.Void]{
		chromedp.Navigate(j.url),
		chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r())))`, chromedp.EvalAwaitPromise),
	}
	if err := chromedp.Do(tctx, steps...); err != nil {
		return nil, pageErr(t.b, tctx, timeout, "loading", err)
	}
	pdf, err := chromedp.Run(tctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPreferCSSPageSize(),
		chromedp.PDFPrintBackground(),
		chromedp.PDFOutlineAndTagged(),
		chromedp.PDFStream(),
	))
	if err != nil {
		return nil, pageErr(t.b, tctx, timeout, "printing", err)
	}
	return pdf, nil
}

// pageErr says why a page failed: too slow, the browser gone, or the
// browser's own message.
func pageErr(b *Browser, ctx context.Context, timeout time.Duration, doing string, err error) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("%s: not done in %s (--page-timeout)", doing, timeout)
	}
	return fmt.Errorf("%s: %w", doing, browserGone(b, err))
}

// browserGone names a crashed browser as such.
func browserGone(b *Browser, err error) error {
	if b.ctx.Err() != nil {
		return fmt.Errorf("the browser exited (crashed or was killed): %w", err)
	}
	return err
}
