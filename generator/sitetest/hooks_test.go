package sitetest_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/afero"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
	"golang.org/x/tools/txtar"

	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/pipeline"
	"github.com/qmsplan/qmsplan/generator/sitebuild"
)

// hookRoot is where a hook test's site lives in its memory file system.
const hookRoot = "/site"

// buildHookSite builds a small site: the portal's hugo.toml and layouts/, and
// on top of them the files of archive (a txtar: content/, data/, or a layout
// to replace). Plan data in the archive goes through the pre-build step as in
// `qmsplan check`. It returns the built site, or the build's error.
func buildHookSite(t *testing.T, archive string) (afero.Fs, error) {
	t.Helper()
	root, err := repoRoot()
	if err != nil {
		t.Fatal(err)
	}
	fsys := afero.NewMemMapFs()
	put := func(name string, b []byte) {
		if err := afero.WriteFile(fsys, path.Join(hookRoot, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	b, err := os.ReadFile(filepath.Join(root, "hugo.toml"))
	if err != nil {
		t.Fatal(err)
	}
	put("hugo.toml", b)
	err = filepath.WalkDir(filepath.Join(root, "layouts"), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(root, p)
		put(filepath.ToSlash(rel), b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range txtar.Parse([]byte(archive)).Files {
		put(f.Name, f.Data)
	}
	src := fsys
	if ok, _ := afero.DirExists(fsys, path.Join(hookRoot, "data")); ok {
		// A txtar holds no empty directory; a site without plans has one.
		if err := fsys.MkdirAll(path.Join(hookRoot, "data/plans"), 0o755); err != nil {
			t.Fatal(err)
		}
		res, err := pipeline.Prepare(fsys, hookRoot, asOf)
		if err != nil {
			t.Fatalf("pre-build: %v\n%s", err, formatDiags(res.Diags))
		}
		if src, err = res.Overlay(fsys, hookRoot); err != nil {
			t.Fatal(err)
		}
	}
	out, err := sitebuild.Build(context.Background(), sitebuild.Options{Source: hookRoot, SourceFs: src, ToMemory: true})
	return out.Output, err
}

// hookPage builds archive and returns the parsed page at URL path p.
func hookPage(t *testing.T, archive, p string) *html.Node {
	t.Helper()
	out, err := buildHookSite(t, archive)
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	b, err := afero.ReadFile(out, filePath(p))
	if err != nil {
		t.Fatal(err)
	}
	n, err := html.Parse(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// boxTemplate is a template whose one section holds a box of every kind.
func boxTemplate() string {
	var b strings.Builder
	b.WriteString(`-- data/templates/boxes.yaml --
key: boxes
id: T-009-001
title: Boxes
sidebar_label: Boxes
slug: boxes
weight: 1
sections:
  - key: boxes
    title: Boxes
    content:
`)
	for _, k := range model.BoxKinds {
		fmt.Fprintf(&b, "      - %s: The %s box.\n", k.Key, k.Key)
	}
	b.WriteString(`  - key: timeline
    title: Timeline
    tasks: true
phases:
  - key: kickoff
    emoji: "🏁"
    title: Kickoff
    columns: [task, date]
    tasks:
      - { key: kickoff_meeting, name: Kick-off Meeting, responsible: Client }
-- data/roles.yaml --
roles:
  - {code: Client, title: Client}
-- data/statuses.yaml --
statuses:
  - {key: pending, emoji: "⏳", label: Pending, default: true, colour: sky-blue, pattern: dotted}
  - {key: in-progress, emoji: "🔄", label: In progress, ongoing: true, colour: blue, pattern: striped}
  - {key: done, emoji: "✅", label: Done, closed: true, completed: true, colour: bluish-green, pattern: solid}
`)
	return b.String()
}

// handWrittenBoxes is a hand-written page with a box of every kind, the alert
// names written in mixed case as authors do.
func handWrittenBoxes() string {
	var b strings.Builder
	b.WriteString("-- content/boxes.md --\n---\ntitle: Boxes\n---\n")
	for i, k := range model.BoxKinds {
		alert := k.Alert
		if i%2 == 1 {
			alert = strings.ToLower(alert)
		}
		fmt.Fprintf(&b, "\n> [!%s]\n> The %s box.\n", alert, k.Key)
	}
	return b.String()
}

// TestBoxKinds renders a box of every kind of the Go table, from template
// data and from a hand-written page, and checks that the blockquote hook
// draws each with its own class and title: the hook and model.BoxKinds agree.
func TestBoxKinds(t *testing.T) {
	for _, c := range []struct{ name, archive, url string }{
		{"generated", boxTemplate(), "/records/GP-009/T-009-001/boxes/"},
		{"hand-written", handWrittenBoxes(), "/boxes/"},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc := hookPage(t, c.archive, c.url)
			boxes := findAll(doc, func(n *html.Node) bool { return isElem(n, atom.Div) && hasClass(n, "admonition") })
			if len(boxes) != len(model.BoxKinds) {
				t.Fatalf("%d boxes, want %d", len(boxes), len(model.BoxKinds))
			}
			for i, k := range model.BoxKinds {
				box := boxes[i]
				if want := "admonition admonition-" + k.Key; attrOr(box, "class") != want {
					t.Errorf("%s box: class %q, want %q", k.Key, attrOr(box, "class"), want)
				}
				heading := find(box, func(n *html.Node) bool { return hasClass(n, "admonition-heading") })
				if heading == nil || norm(text(heading)) != k.Title {
					t.Errorf("%s box: heading %q, want %q", k.Key, norm(text(heading)), k.Title)
				}
				if body := norm(text(box)); !strings.Contains(body, "The "+k.Key+" box.") {
					t.Errorf("%s box: text %q", k.Key, body)
				}
			}
		})
	}
}

// TestUnknownBoxKindFailsTheBuild: an alert the portal has no box for stops
// the build with a message naming the page and line, and the kinds to use.
func TestUnknownBoxKindFailsTheBuild(t *testing.T) {
	for _, alert := range []string{"IMPORTANT", "caution", "Question"} {
		_, err := buildHookSite(t, "-- content/odd.md --\n---\ntitle: Odd\n---\n\nIntro.\n\n> [!"+alert+"]\n> Text.\n")
		if err == nil {
			t.Errorf("[!%s]: the build succeeded", alert)
			continue
		}
		for _, want := range []string{"content/odd.md:7:1", fmt.Sprintf("%q", strings.ToLower(alert)), "danger, info, note, tip, or warning"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("[!%s]: the error does not say %s:\n%v", alert, want, err)
			}
		}
	}
}

// TestIcons: every icon is a symbol of the page's one sprite, placed by
// reference, and a name with no drawing stops the build.
func TestIcons(t *testing.T) {
	doc := hookPage(t, "-- content/p.md --\n---\ntitle: P\n---\n\n> [!TIP]\n> Tip.\n", "/p/")
	sprites := findAll(doc, func(n *html.Node) bool { return hasClass(n, "icon-sprite") })
	if len(sprites) != 1 {
		t.Fatalf("%d sprites, want 1", len(sprites))
	}
	uses := findAll(doc, func(n *html.Node) bool { return n.Type == html.ElementNode && n.Data == "use" })
	if len(uses) == 0 {
		t.Fatal("no icon on the page")
	}
	for _, u := range uses {
		id := strings.TrimPrefix(attrOr(u, "href"), "#")
		if find(sprites[0], func(n *html.Node) bool { return n.Data == "symbol" && attrOr(n, "id") == id }) == nil {
			t.Errorf("<use href=%q> names no symbol of the sprite", attrOr(u, "href"))
		}
	}
	_, err := buildHookSite(t, "-- layouts/page.html --\n{{ define \"main\" }}{{ partial \"icons/icon.html\" \"nope\" }}{{ end }}\n-- content/p.md --\n---\ntitle: P\n---\n")
	if err == nil || !strings.Contains(err.Error(), `no icon "nope"`) {
		t.Errorf("unknown icon: %v", err)
	}
}
