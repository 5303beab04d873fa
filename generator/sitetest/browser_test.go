package sitetest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/pdf"
)

// The real-browser tests drive Debian's Chromium over the in-memory site,
// served by a test HTTP server. One browser and one server serve the whole
// test binary; every test opens its own tab.

// chromiumPath finds Chromium (as qmsplan pdf does); empty if it is not
// installed.
func chromiumPath() string {
	p, _ := pdf.FindChrome(os.Getenv)
	return p
}

type browserEnv struct {
	srv    *httptest.Server
	ctx    context.Context // The browser's context; tabs derive from it.
	cancel func()
}

var (
	browserMu  sync.Mutex
	browserVal *browserEnv
	browserErr error
)

// browser returns the shared browser and the server of the built site,
// starting them on first use. Without Chromium the test is skipped, or
// fails on CI.
func browser(t *testing.T) *browserEnv {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a browser")
	}
	exe := chromiumPath()
	if exe == "" {
		if os.Getenv("CI") != "" {
			t.Fatal("chromium not installed (CI is set, so this is a failure): apt-get install chromium fonts-noto-color-emoji")
		}
		t.Skip("chromium not installed: apt-get install chromium fonts-noto-color-emoji")
	}
	s := site(t)
	browserMu.Lock()
	defer browserMu.Unlock()
	if browserVal == nil && browserErr == nil {
		browserVal, browserErr = startBrowser(exe, s.out)
	}
	if browserErr != nil {
		t.Fatalf("starting %s: %v", exe, browserErr)
	}
	return browserVal
}

func startBrowser(exe string, out afero.Fs) (*browserEnv, error) {
	b, err := pdf.Start(context.Background(), exe)
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(http.FileServer(http.FS(afero.NewIOFS(out))))
	return &browserEnv{srv: srv, ctx: b.Context(), cancel: func() {
		b.Close()
		srv.Close()
	}}, nil
}

func closeBrowser() {
	browserMu.Lock()
	defer browserMu.Unlock()
	if browserVal != nil {
		browserVal.cancel()
		browserVal = nil
	}
}

// tab opens a new tab at the given viewport size and loads the URL path p
// of the site. requests, if not nil, receives every URL the page requests.
func (b *browserEnv) tab(t *testing.T, p string, width, height int64, mobile bool, requests *requestLog) context.Context {
	t.Helper()
	tabCtx, cancelTab := chromedp.NewContext(b.ctx)
	t.Cleanup(cancelTab)
	// Open the tab before setting a deadline on it.
	if err := chromedp.Do(tabCtx); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(tabCtx, 30*time.Second)
	t.Cleanup(cancel)
	if requests != nil {
		if err := chromedp.Listen(ctx, func(ev any) {
			if e, ok := ev.(*network.EventRequestWillBeSent); ok {
				requests.add(e.Request.URL)
			}
		}); err != nil {
			t.Fatal(err)
		}
	}
	var opts []chromedp.EmulateViewportOption
	if mobile {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulatePortrait)
	}
	if err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, height, opts...),
		chromedp.Navigate(b.srv.URL+p),
		// Web fonts, if any, have loaded and the layout has settled.
		chromedp.Evaluate[chromedp.Void](`document.fonts.ready.then(() => new Promise(r => requestAnimationFrame(() => r())))`, chromedp.EvalAwaitPromise),
	); err != nil {
		t.Fatalf("loading %s: %v", p, err)
	}
	return ctx
}

// eval evaluates a JavaScript expression that returns JSON-able data.
func eval[T any](t *testing.T, ctx context.Context, js string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %.80q: %v", js, err)
	}
	return v
}

// jsHelpers defines visible(el): rendered, not hidden, inside the viewport
// and not covered at its centre.
const jsHelpers = `
var visible = (el) => {
  if (!el || !el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return false;
  const r = el.getBoundingClientRect();
  if (r.width <= 0 || r.height <= 0 || r.right <= 0 || r.bottom <= 0 || r.left >= innerWidth || r.top >= innerHeight) return false;
  const x = Math.min(Math.max(r.left + r.width / 2, 0), innerWidth - 1), y = Math.min(Math.max(r.top + r.height / 2, 0), innerHeight - 1);
  const hit = document.elementFromPoint(x, y);
  return !!hit && (el === hit || el.contains(hit) || hit.contains(el));
};
`

func savePNG(t *testing.T, dir, name string, data []byte, wantW, wantH int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", name, err)
	}
	if b := img.Bounds(); (wantW > 0 && b.Dx() != wantW) || (wantH > 0 && b.Dy() != wantH) {
		t.Errorf("%s is %dx%d, want %dx%d", name, b.Dx(), b.Dy(), wantW, wantH)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("saved %s", p)
}

func TestBrowserScreenshots(t *testing.T) {
	b := browser(t)
	dir := screenshotDir(t)
	ctx := b.tab(t, jsonOnlyURL, 1280, 1000, false, nil)
	top, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	savePNG(t, dir, "top-1280.png", top, 1280, 1000)
	full, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatal(err)
	}
	savePNG(t, dir, "full-1280.png", full, 1280, 0)
	eval[chromedp.Void](t, ctx, `window.scrollTo(0, document.scrollingElement.scrollHeight); new Promise(r => requestAnimationFrame(() => r()))`)
	bottom, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	savePNG(t, dir, "bottom-1280.png", bottom, 1280, 1000)

	ctx = b.tab(t, jsonOnlyURL, 390, 844, true, nil)
	phone, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatal(err)
	}
	savePNG(t, dir, "top-390.png", phone, 390, 844)
	// Nothing is wider than the phone: no sideways scrolling of the page
	// (wide tables scroll inside their own box).
	if w := eval[int](t, ctx, `document.scrollingElement.scrollWidth`); w > 390 {
		t.Errorf("at 390 px the page is %d px wide: it scrolls sideways", w)
	}
}

func TestBrowserFirstTabFocusesSkipLink(t *testing.T) {
	b := browser(t)
	ctx := b.tab(t, jsonOnlyURL, 1280, 1000, false, nil)
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
		t.Fatal(err)
	}
	type focus struct {
		Tag, Text, Href string
		Visible         bool
	}
	f := eval[focus](t, ctx, jsHelpers+`
var el = document.activeElement;
({Tag: el.tagName, Text: el.textContent.trim(), Href: el.getAttribute('href') || '', Visible: visible(el)})`)
	if f.Text != "Skip to main content" {
		t.Fatalf("the first Tab focuses <%s> %q, want the skip link", f.Tag, f.Text)
	}
	if !f.Visible {
		t.Error("the focused skip link is not visible")
	}
	// Enter follows it to the main content.
	if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Enter)); err != nil {
		t.Fatal(err)
	}
	if h := eval[string](t, ctx, `location.hash`); h != f.Href {
		t.Errorf("after Enter on the skip link the URL fragment is %q, want %q", h, f.Href)
	}
}

func TestBrowserPhoneMenu(t *testing.T) {
	b := browser(t)
	ctx := b.tab(t, jsonOnlyURL, 390, 844, true, nil)
	if eval[bool](t, ctx, jsHelpers+`visible(document.getElementById('DocsSidebar'))`) {
		t.Fatal("at 390 px the sidebar is visible before the menu is opened")
	}
	type button struct {
		X, Y float64
		HTML string
	}
	btn := eval[*button](t, ctx, jsHelpers+`
var m = [...document.querySelectorAll('button, [role=button], label[for], summary, a')].filter(visible)
  .find(e => /navigation|menu/i.test([e.getAttribute('aria-label'), e.getAttribute('title'), e.textContent].join(' ')));
m ? (r => ({X: r.left + r.width / 2, Y: r.top + r.height / 2, HTML: m.outerHTML.slice(0, 160)}))(m.getBoundingClientRect()) : null`)
	if btn == nil {
		t.Fatal("at 390 px there is no visible menu button (labelled 'navigation' or 'menu')")
	}
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(btn.X, btn.Y)); err != nil {
		t.Fatal(err)
	}
	// Wait for the sidebar to slide in and settle (no running transition).
	type state struct {
		Sidebar, Current, Settled bool
		Left                      float64
	}
	var st state
	for deadline := time.Now().Add(3 * time.Second); ; {
		st = eval[state](t, ctx, jsHelpers+`
var sb = document.getElementById('DocsSidebar');
var cur = document.querySelector('#DocsSidebar [aria-current=page]');
({Sidebar: visible(sb),
  Current: visible(cur) && cur.getBoundingClientRect().top >= 0 && cur.getBoundingClientRect().bottom <= innerHeight,
  Settled: document.getAnimations().every(a => a.playState !== 'running'),
  Left: sb.getBoundingClientRect().left})`)
		if st.Sidebar && st.Current && st.Settled {
			break
		}
		if time.Now().After(deadline) {
			t.Logf("the sidebar has not settled after 3s: %+v", st)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
		dir := screenshotDir(t)
		savePNG(t, dir, "menu-390.png", shot, 390, 844)
	}
	if !st.Sidebar {
		t.Fatalf("clicking %s does not show the sidebar", btn.HTML)
	}
	if !st.Current {
		t.Error("the opened sidebar does not show the current page's entry in view")
	}
	if st.Left < 0 {
		t.Errorf("the opened sidebar starts %.0f px left of the screen: partly cut off", -st.Left)
	}
}

func TestBrowserEmojiAndNoExternalRequests(t *testing.T) {
	b := browser(t)
	s := site(t)
	tp := s.template(t, jsonOnlyKey)
	var log requestLog
	ctx := b.tab(t, jsonOnlyURL, 1280, 1000, false, &log)

	emoji, _ := json.Marshal(tp.Phases[0].Emoji)
	type glyph struct {
		Found   bool
		Width   float64
		Size    float64
		Colored int
	}
	g := eval[glyph](t, ctx, `(() => {
const e = `+string(emoji)+`;
const h = [...document.querySelectorAll('h2, h3, h4, h5')].find(h => h.textContent.trim().startsWith(e));
if (!h) return {Found: false, Width: 0, Size: 0, Colored: 0};
const walker = document.createTreeWalker(h, NodeFilter.SHOW_TEXT);
let tn = walker.nextNode();
while (tn && !tn.data.includes(e)) tn = walker.nextNode();
const at = tn.data.indexOf(e);
const range = document.createRange();
range.setStart(tn, at); range.setEnd(tn, at + e.length);
const width = range.getBoundingClientRect().width;
// Draw the glyph with the heading's fonts: a colour emoji font gives
// coloured pixels, a missing glyph a monochrome box.
const c = document.createElement('canvas'); c.width = 80; c.height = 80;
const x = c.getContext('2d');
const cs = getComputedStyle(h);
x.font = '48px ' + cs.fontFamily; x.textBaseline = 'top'; x.fillStyle = '#000';
x.fillText(e, 8, 8);
const d = x.getImageData(0, 0, 80, 80).data;
let colored = 0;
for (let i = 0; i < d.length; i += 4) {
  if (d[i + 3] > 128 && Math.max(d[i], d[i + 1], d[i + 2]) - Math.min(d[i], d[i + 1], d[i + 2]) > 60) colored++;
}
return {Found: true, Width: width, Size: parseFloat(cs.fontSize), Colored: colored};
})()`)
	t.Logf("%s glyph: %.1f px wide at %.1f px, %d coloured pixels when drawn", emoji, g.Width, g.Size, g.Colored)
	if !g.Found {
		t.Fatalf("no heading starts with %s", emoji)
	}
	if g.Width <= 0 {
		t.Errorf("the %s glyph of the phase heading has no width", emoji)
	}
	if g.Width < g.Size/2 {
		t.Errorf("the %s glyph is %.1f px wide at font size %.1f px: not rendered as an emoji", emoji, g.Width, g.Size)
	}
	if g.Colored < 50 {
		t.Errorf("the %s glyph drawn with the heading's fonts has %d coloured pixels: no colour emoji font (apt-get install fonts-noto-color-emoji)", emoji, g.Colored)
	}

	// Let late requests (fonts, scripts run on load) show up: wait until
	// none has come for half a second.
	requests := log.quiet(500*time.Millisecond, 10*time.Second)
	host := strings.TrimPrefix(b.srv.URL, "http://")
	if len(requests) == 0 {
		t.Fatal("no network request seen: the listener is not working")
	}
	for _, r := range requests {
		u, err := url.Parse(r)
		if err != nil {
			t.Errorf("request to %q: %v", r, err)
			continue
		}
		if u.Scheme == "data" || u.Scheme == "blob" || u.Scheme == "about" {
			continue
		}
		if u.Host != host {
			t.Errorf("the page requests %s: not on the site's host %s", r, host)
		}
	}
}

// requestLog collects the URLs a tab requests, from the DevTools listener's
// goroutine.
type requestLog struct {
	mu   sync.Mutex
	urls []string
}

func (l *requestLog) add(u string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.urls = append(l.urls, u)
}

// quiet waits until no request has been added for d (at most max), then
// returns a copy of the URLs.
func (l *requestLog) quiet(d, max time.Duration) []string {
	deadline := time.Now().Add(max)
	for {
		l.mu.Lock()
		n := len(l.urls)
		l.mu.Unlock()
		time.Sleep(d)
		l.mu.Lock()
		if len(l.urls) == n || time.Now().After(deadline) {
			urls := slices.Clone(l.urls)
			l.mu.Unlock()
			return urls
		}
		l.mu.Unlock()
	}
}

// pdfPageRE matches a page object of a PDF (not the /Pages tree).
var pdfPageRE = regexp.MustCompile(`/Type\s*/Page[^s]`)

func TestBrowserPrintToPDF(t *testing.T) {
	b := browser(t)
	ctx := b.tab(t, jsonOnlyURL, 1280, 1000, false, nil)
	pdf, err := chromedp.Run(ctx, chromedp.PrintToPDF(chromedp.PDFPreferCSSPageSize(), chromedp.PDFPrintBackground()))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		t.Fatalf("PrintToPDF returned %d bytes that are not a PDF", len(pdf))
	}
	p := filepath.Join(screenshotDir(t), "json-only.pdf")
	if err := os.WriteFile(p, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("saved %s", p)
	pages := len(pdfPageRE.FindAll(pdf, -1))
	if pages < 2 {
		t.Errorf("the printed page has %d page(s), want more than 1", pages)
	}

	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("pdftotext not installed (CI is set, so this is a failure): apt-get install poppler-utils")
		}
		t.Log("pdftotext not installed (apt-get install poppler-utils): not checking the printed text")
		return
	}
	out, err := exec.Command(pdftotext, "-enc", "UTF-8", p, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	txt := string(out)
	if n := strings.Count(txt, "\f"); n != pages {
		t.Errorf("pdftotext sees %d pages, the PDF's page objects say %d", n, pages)
	}
	if !strings.Contains(txt, "Page 1 of") {
		t.Error(`the printed pages have no "Page 1 of" footer`)
	}
	if want := fmt.Sprintf("Page %d of %d", pages, pages); !strings.Contains(txt, want) {
		t.Errorf("the last printed page has no %q footer", want)
	}
	if !strings.Contains(norm(txt), confidentiality) {
		t.Error("the printed pages do not carry the confidentiality notice")
	}
}
