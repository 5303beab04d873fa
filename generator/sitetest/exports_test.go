package sitetest_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"
)

// exportsPage is a page that lists exports through the partial, as the
// portfolio page does with its params.exports.
func exportsPage(config, kind string) string {
	return config + `-- layouts/_shortcodes/exports.html --
{{ partial "portfolio/exports.html" .Page.Params.exports }}
-- content/list.md --
---
title: Exports
params:
  exports:
    - {path: records/GP-009/portfolio/tasks.csv, title: "Every task <b>&</b>", kind: csv}
    - {path: records/GP-009/portfolio/milestones.ics, title: "Milestones: all plans", kind: ` + kind + `}
---
{{< exports >}}
`
}

func TestExportLinks(t *testing.T) {
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	toml, err := os.ReadFile(filepath.Join(root, "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	absolute := "-- hugo.toml --\n" + strings.Replace(string(toml), `baseURL = "/"`, `baseURL = "https://qms.example.com/portal/"`, 1)
	if !strings.Contains(absolute, "qms.example.com") {
		t.Fatal("hugo.toml's baseURL changed: update the test")
	}
	for _, c := range []struct {
		name, config string
		want, not    []string
	}{
		{"relative base URL", "", []string{
			`<a href="/records/GP-009/portfolio/tasks.csv" type="text/csv">Every task &lt;b&gt;&amp;&lt;/b&gt;</a> (CSV)`,
			`<a href="/records/GP-009/portfolio/milestones.ics" type="text/calendar">Milestones: all plans</a> (iCalendar)`,
		}, []string{"webcal:", "<b>"}},
		{"absolute base URL", absolute, []string{
			`<a href="/portal/records/GP-009/portfolio/tasks.csv" type="text/csv">`,
			`(iCalendar) · <a href="webcal://qms.example.com/portal/records/GP-009/portfolio/milestones.ics">subscribe</a>`,
		}, []string{"ZgotmplZ"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, err := buildHookSite(t, exportsPage(c.config, "ics"))
			if err != nil {
				t.Fatal(err)
			}
			b, err := afero.ReadFile(out, "list/index.html")
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(string(b), w) {
					t.Errorf("no %s in\n%s", w, b)
				}
			}
			for _, n := range c.not {
				if strings.Contains(string(b), n) {
					t.Errorf("%s in the page", n)
				}
			}
		})
	}
}

func TestUnknownExportKindFailsTheBuild(t *testing.T) {
	_, err := buildHookSite(t, exportsPage("", "pdf"))
	if err == nil || !strings.Contains(err.Error(), `has kind "pdf"`) {
		t.Errorf("err = %v", err)
	}
}
