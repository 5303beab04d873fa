package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The small Docusaurus tree in testdata/docusaurus/docs stands for the
// portal: hand-written pages with admonitions, MDX and relative links,
// _category_ files, an old-style record at its old URL and a new one.
const portalTree = "testdata/docusaurus/docs"

// emptySite is a site with the layouts and the registries and templates,
// but no plans and no hand-written pages but the home page: what a team
// adopting qmsplan starts from.
func emptySite(t *testing.T) string {
	t.Helper()
	site := siteCopy(t)
	for _, dir := range []string{"content", "data/plans"} {
		if err := os.RemoveAll(filepath.Join(site, dir)); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(site, "content"), 0o755)
	os.MkdirAll(filepath.Join(site, "data/plans"), 0o755)
	home, err := os.ReadFile("../../content/_index.md")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(site, "content/_index.md"), home, 0o644)
	return site
}

// TestImportDocusaurusTree imports the tree whole, then builds the site:
// every old URL answers (a page or an alias), no link is broken (the build
// checks every link and anchor), a kept {#id} is an anchor, and what could
// not be carried over makes the exit status 1.
func TestImportDocusaurusTree(t *testing.T) {
	site := emptySite(t)
	before := tree(t, site)
	code, out := runOS(t, "import", "docusaurus", "--dry-run", "--source", site, "--as-of", "2026-12-01", portalTree)
	if code != 1 || !strings.Contains(out, "would write (dry run) 10 files") {
		t.Fatalf("dry run: exit %d\n%s", code, out)
	}
	if after := tree(t, site); len(after) != len(before) {
		t.Fatalf("the dry run wrote %d files", len(after)-len(before))
	}
	code, out = runOS(t, "import", "docusaurus", "--source", site, "--as-of", "2026-12-01", portalTree)
	if code != 1 || !strings.Contains(out, "wrote 10 files") {
		t.Fatalf("import: exit %d\n%s", code, out)
	}
	// Every piece not carried over is named at file:line:col, with a fix.
	for _, want := range []string{
		portalTree + "/procedures/GP-009/specific-procedures/sp-009-004.mdx:6:1: warning: MDX import line not carried over",
		portalTree + "/procedures/GP-009/specific-procedures/sp-009-004.mdx:14:1: warning: JSX or HTML tag <Tabs> not carried over",
		portalTree + "/procedures/GP-009/specific-procedures/sp-009-004.mdx:12:1: warning: MDX comment not carried over",
		portalTree + "/records/GP-009/T-009-001/R-009-001-20241112-mx-dermalia.md:5:1: warning: no Document ID on the page",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	code, out = runOS(t, "build", "--source", site, "--as-of", "2026-12-01")
	if code != 0 {
		t.Fatalf("build after import: exit %d\n%s", code, out)
	}
	for _, url := range []string{
		"quality-manual", "pricing", "procedures", "procedures/GP-009",
		"procedures/GP-009/specific-procedures", "procedures/GP-009/specific-procedures/sp-009-004",
		"records", "records/GP-009", "records/GP-009/T-009-001",
		"records/GP-009/T-009-001/t-009-001-integrated-json-only-template",
		"records/GP-009/T-009-001/R-009-001-20241112-mx-dermalia",
		"records/GP-009/r-009-001/2026-01-07-us-brightwater-derm-api",
	} {
		if _, err := os.Stat(filepath.Join(site, "public", url, "index.html")); err != nil {
			t.Errorf("old URL /%s does not answer", url)
		}
	}
	manual, _ := os.ReadFile(filepath.Join(site, "public/quality-manual/index.html"))
	for _, want := range []string{`id="processes"`, `admonition-info`, `admonition-warning`, "Printed copies"} {
		if !strings.Contains(string(manual), want) {
			t.Errorf("the quality manual lacks %s", want)
		}
	}
	// A second import refuses: every file exists now, and none is touched.
	written := tree(t, site)
	code, out = runOS(t, "import", "docusaurus", "--source", site, "--as-of", "2026-12-01", portalTree)
	if code != 1 || !strings.Contains(out, "already exists; the import does not overwrite it") {
		t.Fatalf("second import: exit %d\n%s", code, out)
	}
	for f, b := range tree(t, site) {
		if written[f] != b {
			t.Errorf("the refused import changed %s", f)
		}
	}
}

// TestImportReportFormats: the report in JSON (on stdout, for machines)
// and as GitHub annotations names every file and every finding's place.
func TestImportReportFormats(t *testing.T) {
	site := emptySite(t)
	code, out := runOS(t, "import", "docusaurus", "--dry-run", "--format", "json", "--source", site, "--as-of", "2026-12-01", portalTree)
	if code != 1 {
		t.Fatalf("exit %d\n%s", code, out)
	}
	var rep struct {
		Files    []struct{ Path, From, What string }
		Findings []struct {
			Severity, File, Message, Hint string
			Line, Col                     int
		}
	}
	if err := json.NewDecoder(strings.NewReader(out[:strings.LastIndex(out, "}")+1])).Decode(&rep); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if len(rep.Files) != 10 || len(rep.Findings) != 8 {
		t.Errorf("%d files, %d findings:\n%s", len(rep.Files), len(rep.Findings), out)
	}
	for _, f := range rep.Findings {
		if f.Line == 0 || f.Col == 0 || f.Hint == "" {
			t.Errorf("finding without a place or a fix: %+v", f)
		}
	}
	code, out = runOS(t, "import", "docusaurus", "--dry-run", "--format", "github", "--source", site, "--as-of", "2026-12-01", portalTree)
	want := "::warning file=" + portalTree + "/procedures/GP-009/specific-procedures/sp-009-004.mdx,line=6,col=1::MDX import line not carried over"
	if code != 1 || !strings.Contains(out, want) {
		t.Errorf("exit %d, no %q in\n%s", code, want, out)
	}
}
