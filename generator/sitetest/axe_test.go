package sitetest_test

import (
	"context"
	"github.com/qmsplan/qmsplan/generator/paths"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// axeScript is axe-core, pinned in axe/package-lock.json and installed by
// .ci/run (npm ci). Without it the audit is skipped, or fails on CI.
func axeScript(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("axe", "node_modules", "axe-core", "axe.min.js"))
	if err != nil {
		msg := "axe-core not installed: npm ci --prefix generator/sitetest/axe"
		if os.Getenv("CI") != "" {
			t.Fatalf("%s (CI is set, so this is a failure): %v", msg, err)
		}
		t.Skip(msg)
	}
	return string(b)
}

// violation is the part of an axe-core result the test reports.
type violation struct {
	ID, Impact, Help string
	Nodes            []string // the offending elements' selectors
}

// TestBrowserAccessibility audits the template page, a plan page, a
// section index, the home page, the portfolio (with its Gantt) and an index
// page of it with axe-core in Chromium, on screen and as printed (print
// media emulated), and fails on any serious or critical violation.
func TestBrowserAccessibility(t *testing.T) {
	script := axeScript(t)
	b := browser(t)
	s := site(t)
	pages := []string{jsonOnlyURL, planURL(s.plan(t, "OncoDerm")), "/records/GP-009/r-009-001/", "/" + paths.PlanGroup("2025") + "/", "/",
		paths.PortfolioURL(""), paths.PortfolioURL("overdue")}
	for _, media := range []string{"screen", "print"} {
		for _, p := range pages {
			t.Run(media+p, func(t *testing.T) {
				ctx := b.tab(t, p, 1280, 900, false, nil)
				if media == "print" {
					if err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
						_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})
						return err
					})); err != nil {
						t.Fatal(err)
					}
				}
				// Evaluated through DevTools, axe runs whatever the page's CSP.
				eval[bool](t, ctx, script+"\n;true")
				vs := eval[[]violation](t, ctx, `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations
  .filter(v => v.impact === 'serious' || v.impact === 'critical')
  .map(v => ({ID: v.id, Impact: v.impact, Help: v.help, Nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 5)})))`)
				for _, v := range vs {
					t.Errorf("%s (%s): %s\n  at %s", v.ID, v.Impact, v.Help, strings.Join(v.Nodes, "\n  at "))
				}
				t.Logf("%s %s: %d serious or critical violations", media, p, len(vs))
			})
		}
	}
}
