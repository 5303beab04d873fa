package sitetest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/spf13/afero"
	"golang.org/x/net/html"

	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/sitebuild"
)

// The payloads: each would set window.__xss and document.title if it ran.
// htmlPayload goes into plain-text fields, mdPayload into Markdown ones
// (validation refuses raw HTML there, so it tries what it lets through:
// code, character references, a link title).
const (
	htmlPayload = `"'><script>window.__xss=1;document.title='XSS'</script><img src=x onerror="window.__xss=1;document.title='XSS'"><svg onload=window.__xss=1></svg></title></style></textarea>{{ .Title }}`
	// fencePayload is code, which Hugo may highlight.
	fencePayload = "```html\n<script>window.__xss=1</script><img src=x onerror=window.__xss=1>\n```\n"
	// shortPayload fits a sidebar label.
	shortPayload = `<img src=x onerror=window.__xss=1>`
	mdPayload    = "`<script>window.__xss=1</script>` &lt;img src=x onerror=window.__xss=1&gt; &#60;svg onload=window.__xss=1&#62; " +
		`[link](/records/ "x\" onmouseover=\"window.__xss=1") **"'\>**`
)

// payloadPlan is a valid plan with a payload in every free-text value: H
// marks a plain-text value, M a Markdown one, S a short one, F a code block. Its sections reuse titles
// that would make element ids collide ("Goals" twice, "Main", "Revision
// history", "Signatures": ids the layouts use too).
const payloadPlan = `template: integrated-iframe
slug: 2099-01-01-payloads
title: H
sidebar_label: S
deal:
  id: H
  crm: "https://app.hubspot.com/x?q='onmouseover='window.__xss=1"
  name: H
document:
  id: H
  revision: 1
  state: effective
  effective: 2026-09-18
  author: { name: H, role: JD-013, date: 2026-09-16 }
  reviewer: { name: H, role: JD-002, date: 2026-09-17 }
  approver: { name: H, role: JD-001, date: 2026-09-18 }
  history:
    - { revision: 0, date: 2025-08-25, reason: H, author: H }
    - { revision: 1, date: 2025-12-01, reason: H, author: H }
fields:
  start_date: H
  duration: H
  reports: H
  medical_centers: H
  hcps: H
  trainings: H
  dashboard: H
  languages: H
  countries: H
conditions: [H, H]
sections:
  scope: M
  success_metrics: M
  doubts: F
extra_sections:
  - after: doubts
    title: H
    content:
      - text: M
      - note: M
      - warning: M
      - table:
          columns: [H, H]
          rows:
            - [H, H]
  - title: Goals
    content: [{text: M}]
  - title: Goals
    content: [{text: M}]
  - title: Main
    content: [{text: M}]
  - title: Signatures
    content: [{text: M}]
  - title: Revision history
    content: [{text: M}]
tasks:
  conception: { start: 2025-06-02, end: 2025-06-27, status: done, notes: H }
  planning: { start: 2025-06-30, end: 2025-08-15, status: done }
extra_tasks:
  - phase: execution
    key: payload
    name: H
    description: H
    responsible: Deal Owner & JD-013
    start: 2026-05-18
    end: 2026-06-12
    status: done
    notes: H
`

// payloadSite builds the sample site with payloadPlan added, in memory.
func payloadSite(t *testing.T) afero.Fs {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	quote := func(s string) string {
		b, _ := json.Marshal(s) // a JSON string is a YAML double-quoted one
		return string(b)
	}
	var plan strings.Builder
	n := 0
	for _, line := range strings.SplitAfter(payloadPlan, "\n") {
		// Each value its own payload, numbered, so a finding names it.
		for _, m := range []struct{ mark, payload string }{{"H", htmlPayload}, {"M", mdPayload}, {"S", shortPayload}, {"F", fencePayload}} {
			for _, sep := range []string{": " + m.mark + "\n", ": " + m.mark + " ", "[" + m.mark + ",", " " + m.mark + "]", " " + m.mark + ",", " " + m.mark + "}"} {
				for strings.Contains(line, sep) {
					n++
					p := quote(m.payload + " #" + itoa(n))
					line = strings.Replace(line, sep, strings.Replace(sep, m.mark, p, 1), 1)
				}
			}
		}
		plan.WriteString(line)
	}
	src := afero.NewCopyOnWriteFs(afero.NewReadOnlyFs(afero.NewOsFs()), afero.NewMemMapFs())
	if err := afero.WriteFile(src, filepath.Join(root, "data/plans/2099-01-01-payloads.yaml"), []byte(plan.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := pipeline.Prepare(src, root, asOf)
	if err != nil {
		t.Fatalf("the payload plan is refused: %v\n%s\n%s", err, formatDiags(res.Diags), plan.String())
	}
	overlay, err := res.Overlay(src, root)
	if err != nil {
		t.Fatal(err)
	}
	out, err := sitebuild.Build(context.Background(), sitebuild.Options{Source: root, ToMemory: true, SourceFs: overlay})
	if err != nil {
		t.Fatal(err)
	}
	return out.Output
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

const payloadURL = "/records/GP-009/r-009-001/2099-01-01-payloads/"

// The pages that show the payload plan's text: its own, its section's
// list, and a neighbour (sidebar, previous/next links).
var payloadPages = []string{payloadURL, "/records/GP-009/r-009-001/", "/records/GP-009/r-009-001/2026-11-20-fr-clinique-du-parc-iframe/", "/"}

// Pages holding a payload in every free-text field keep the site's rules
// in their HTML: the CSP, no handler or inline script, well-formed with
// unique ids.
func TestPayloadPagesKeepTheRules(t *testing.T) {
	out := payloadSite(t)
	for _, p := range payloadPages {
		b, err := afero.ReadFile(out, filePath(p))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		for _, problem := range cspProblems(doc) {
			t.Errorf("%s: %s", p, problem)
		}
		for _, problem := range wellFormed(bytes.NewReader(b)) {
			t.Errorf("%s: %s", p, problem)
		}
	}
}

// watchScript runs in every page before the page's own scripts (the
// DevTools protocol adds it, whatever the CSP): it records every CSP
// violation and every attempt to open a dialog.
const watchScript = `
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || '')));
window.alert = window.confirm = window.prompt = () => { window.__xss = 1; };
`

// In a real browser, no payload runs and nothing is requested outside the
// site, and the pages break no rule of their own CSP. Then the CSP itself
// is shown to hold: an inline script added to the page does not run.
func TestBrowserPayloadsDoNotRun(t *testing.T) {
	b := browser(t)
	srv := httptest.NewServer(http.FileServer(http.FS(afero.NewIOFS(payloadSite(t)))))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, p := range payloadPages {
		t.Run(p, func(t *testing.T) {
			tabCtx, cancelTab := chromedp.NewContext(b.ctx)
			defer cancelTab()
			if err := chromedp.Do(tabCtx); err != nil {
				t.Fatal(err)
			}
			ctx, cancel := context.WithTimeout(tabCtx, 30*time.Second)
			defer cancel()
			var log requestLog
			if err := chromedp.Listen(ctx, func(ev any) {
				if e, ok := ev.(*network.EventRequestWillBeSent); ok {
					log.add(e.Request.URL)
				}
			}); err != nil {
				t.Fatal(err)
			}
			if err := chromedp.Do(ctx,
				chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
					_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: watchScript})
					return err
				}),
				chromedp.Navigate(srv.URL+p),
				// Let handlers that fire after load (onerror of an image) run.
				chromedp.Evaluate[chromedp.Void](`new Promise(r => setTimeout(r, 300))`, chromedp.EvalAwaitPromise),
			); err != nil {
				t.Fatalf("loading %s: %v", p, err)
			}
			type state struct {
				XSS        bool
				Title      string
				Violations []string
			}
			got := eval[state](t, ctx, `({XSS: window.__xss !== undefined, Title: document.title, Violations: window.__violations})`)
			if got.XSS || strings.HasPrefix(got.Title, "XSS") {
				t.Errorf("a payload ran: window.__xss set %v, title %q", got.XSS, got.Title)
			}
			for _, v := range got.Violations {
				t.Errorf("the page breaks its own CSP: %s", v)
			}
			for _, r := range log.quiet(300*time.Millisecond, 5*time.Second) {
				u, err := url.Parse(r)
				if err != nil || (u.Host != host && u.Scheme != "data" && u.Scheme != "about") {
					t.Errorf("a request left the site: %s", r)
				}
			}
			// The policy holds: an inline script put into the page is
			// blocked, and the block is reported.
			blocked := eval[state](t, ctx, `(() => {
const s = document.createElement('script'); s.textContent = 'window.__xss = 1'; document.head.append(s);
return new Promise(r => setTimeout(() => r({XSS: window.__xss !== undefined, Title: document.title, Violations: window.__violations}), 100));
})()`)
			if blocked.XSS || len(blocked.Violations) != 1 {
				t.Errorf("an inline script added to the page ran (%v) or was not reported (%q): the CSP is not in force", blocked.XSS, blocked.Violations)
			}
		})
	}
}
