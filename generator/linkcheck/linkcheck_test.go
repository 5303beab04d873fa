package linkcheck

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
)

func page(body string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte("<!doctype html><html><head><title>t</title></head><body>" + body + "</body></html>")}
}

// fixture is a small built site; tests add the page under test.
func fixture() fstest.MapFS {
	return fstest.MapFS{
		"index.html":             page(`<a href="docs/">Docs</a><h2 id="welcome">Welcome</h2>`),
		"docs/index.html":        page(`<a href="a/">A</a> <a href="b/">B</a>`),
		"docs/a/index.html":      page(`<h2 id="intro">Intro</h2><a name="legacy"></a><p id="Mixed-Case">x</p>`),
		"docs/b/index.html":      page(`<h2 id="sec">Sec</h2>`),
		"docs/Plan 1/index.html": page(`<p>space in the path</p>`),
		"ugly.html":              page(`<p id="u">ugly URL page</p>`),
		"css/site.css":           {Data: []byte("/* url(https://ignored.example.com/in-a-comment.png) */\nbody { background: url(\"../img/bg.png\") }\n@font-face { src: url(../fonts/inter.woff2) format('woff2') }\n")},
		"img/bg.png":             {Data: []byte("png")},
		"img/logo.svg":           {Data: []byte("<svg/>")},
		"fonts/inter.woff2":      {Data: []byte("woff")},
		"js/app.js":              {Data: []byte("")},
		"files/spec.pdf":         {Data: []byte("%PDF")},
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		name    string
		baseURL string
		page    string   // the body of test/index.html
		want    []string // "link: reason substring", in link order
	}{
		{
			name: "good links",
			page: `<a href="/docs/">root-relative dir</a>
				<a href="/docs/a">no trailing slash</a>
				<a href="/docs/a/index.html">explicit index</a>
				<a href="../docs/b/">relative</a>
				<a href="../docs/b/#sec">relative with fragment</a>
				<a href="/docs/a/#legacy">a name</a>
				<a href="/docs/a/#Mixed-Case">case kept</a>
				<a href="/docs/Plan%201/">escaped space</a>
				<a href="../ugly.html#u">ugly URL</a>
				<a href="/">home</a><a href="..">up</a><a href="/#welcome">home fragment</a>
				<a href="#here">same page</a><h3 id="here">here</h3><a href="#top">top</a><a href="#">#</a>
				<a href="">empty</a><a href="?q=1">query</a><a href="/docs/?q=1">q</a>
				<a href="/files/spec.pdf#page=2">pdf fragment is not checked</a>
				<a href="https://example.com/x">external link, not fetched</a>
				<a href="mailto:qa@example.org">mail</a><a href="tel:+34">tel</a><a href="javascript:void(0)">js</a>
				<link rel="stylesheet" href="/css/site.css"><link rel="icon" href="../img/logo.svg">
				<link rel="canonical" href="https://example.com/elsewhere/">
				<script src="/js/app.js"></script>
				<img src="/img/bg.png" srcset="/img/bg.png 1x, ../img/logo.svg 2x"><img src="data:image/png;base64,AAAA">
				<svg><use href="/img/logo.svg#icon"></use></svg>
				<p style="background:url('/img/bg.png')">styled</p>
				<style>.x { background: url(../img/logo.svg) }</style>`,
			want: nil,
		},
		{
			name: "missing page",
			page: `<a href="/docs/nope/">x</a><a href="../docs/c">y</a><img src="/img/missing.png">`,
			want: []string{"/docs/nope/: no such page", "../docs/c: no such page", "/img/missing.png: no such page"},
		},
		{
			name: "missing anchor",
			page: `<a href="/docs/b/#nosuch">x</a><a href="#nothere">y</a><a href="/docs/a/#mixed-case">case differs</a>`,
			want: []string{`/docs/b/#nosuch: no id "nosuch" in docs/b/index.html`, `#nothere: no id "nothere" in test/index.html`, `/docs/a/#mixed-case: no id "mixed-case"`},
		},
		{
			name: "external resources",
			page: `<link rel="stylesheet" href="https://cdn.example.com/x.css">
				<link rel="preconnect" href="https://fonts.googleapis.com">
				<link rel="preload" as="font" href="https://fonts.gstatic.com/inter.woff2">
				<script src="//cdn.example.com/x.js"></script>
				<img src="http://example.com/logo.png"><img srcset="/img/bg.png 1x, https://example.com/b.png 2x">
				<iframe src="https://example.com/embed"></iframe>
				<p style="background: url(https://example.com/bg.png)"></p>
				<style>@import "https://fonts.googleapis.com/css?family=Inter"; body { font: 1em Inter }</style>`,
			want: []string{
				"https://cdn.example.com/x.css: loads an external resource",
				"https://fonts.googleapis.com: loads an external resource",
				"https://fonts.gstatic.com/inter.woff2: loads an external resource",
				"//cdn.example.com/x.js: loads an external resource",
				"http://example.com/logo.png: loads an external resource",
				"https://example.com/b.png: loads an external resource",
				"https://example.com/embed: loads an external resource",
				"https://example.com/bg.png: loads an external resource",
				"https://fonts.googleapis.com/css?family=Inter: loads an external resource",
			},
		},
		{
			name: "alias redirect",
			page: `<meta http-equiv="refresh" content="0; url=/docs/gone/"><meta http-equiv="refresh" content="0; url=/docs/a/">`,
			want: []string{"/docs/gone/: no such page"},
		},
		{
			name:    "base path",
			baseURL: "https://example.org/qms/",
			page: `<a href="/qms/docs/a/">ok</a><a href="/qms">home</a><a href="/qms/#welcome">home fragment</a>
				<a href="https://example.org/qms/docs/b/#sec">absolute own URL</a>
				<a href="../docs/b/">relative</a>
				<link rel="stylesheet" href="/qms/css/site.css">
				<a href="/docs/a/">forgot the base path</a>
				<a href="../../elsewhere/">climbs out</a>
				<a href="https://example.org/qms/docs/zzz/">own URL, missing</a>
				<a href="https://example.org/other/">same host, other site: external</a>
				<link rel="stylesheet" href="https://example.org/shared.css">`,
			want: []string{
				"/docs/a/: outside the site's base path /qms/",
				"../../elsewhere/: outside the site's base path /qms/",
				"https://example.org/qms/docs/zzz/: no such page",
				"https://example.org/shared.css: loads an external resource",
			},
		},
		{
			name:    "path-only base URL",
			baseURL: "/qms",
			page:    `<a href="/qms/docs/">ok</a><a href="/docs/">no prefix</a>`,
			want:    []string{"/docs/: outside the site's base path /qms/"},
		},
		{
			name: "base href",
			page: `<base href="/docs/"><a href="a/">resolves under docs</a><a href="test/">not under docs</a>`,
			want: []string{"test/: no such page"},
		},
		{
			name: "malformed",
			page: `<a href="http://[::1">x</a>`,
			want: []string{"http://[::1: malformed URL"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fixture()
			fsys["test/index.html"] = page(tt.page)
			problems, err := Check(fsys, Options{BaseURL: tt.baseURL})
			if err != nil {
				t.Fatal(err)
			}
			var got []Problem
			for _, p := range problems {
				if p.Page == "test/index.html" {
					got = append(got, p)
				} else {
					t.Errorf("problem in the fixture: %s", p)
				}
			}
			if len(got) != len(tt.want) {
				t.Fatalf("got %d problems, want %d:\n%s", len(got), len(tt.want), join(got))
			}
			// Problems are sorted by link; compare as sets.
			for _, w := range tt.want {
				link, reason, _ := strings.Cut(w, ": ")
				if !slices.ContainsFunc(got, func(p Problem) bool {
					return p.Link == link && strings.Contains(p.Reason, reason)
				}) {
					t.Errorf("missing problem %q in:\n%s", w, join(got))
				}
			}
		})
	}
}

func TestCheckCSSFile(t *testing.T) {
	fsys := fixture()
	fsys["css/site.css"] = &fstest.MapFile{Data: []byte(`body { background: url(../img/nope.png) }
@font-face { font-family: X; src: url('https://fonts.gstatic.com/x.woff2') format("woff2"), url(/fonts/inter.woff2) }`)}
	problems, err := Check(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{Page: "css/site.css", Link: "../img/nope.png", Reason: "no such page or file"},
		{Page: "css/site.css", Link: "https://fonts.gstatic.com/x.woff2", Reason: "loads an external resource: the site must load nothing from outside"},
	}
	if !slices.Equal(problems, want) {
		t.Errorf("got:\n%s\nwant:\n%s", join(problems), join(want))
	}
}

func TestCheckDuplicatesAndOrder(t *testing.T) {
	fsys := fixture()
	fsys["z/index.html"] = page(`<a href="/x/">1</a><a href="/x/">2</a><a href="/a/">3</a>`)
	fsys["b/index.html"] = page(`<a href="/x/">1</a>`)
	problems, err := Check(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := pageLinks(problems)
	want := []string{"b/index.html /x/", "z/index.html /a/", "z/index.html /x/"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
	if s := problems[0].String(); s != `b/index.html: "/x/": no such page or file` {
		t.Errorf("String() = %s", s)
	}
}

// The same link, on pages in other directories or under a <base href>,
// resolves against each page: Check works out a link's path once per
// directory, and its fragment against each page's ids.
func TestCheckSameLinkOnOtherPages(t *testing.T) {
	fsys := fixture()
	same := `<a href="../docs/b/#sec">1</a><a href="b/#sec">2</a><a href="/docs/b/#none">3</a><a href="#mine">4</a>`
	fsys["p1/index.html"] = page(same + `<p id="mine">mine</p>`)
	fsys["p1/b/index.html"] = page(`<p id="sec">p1/b</p>`)
	fsys["docs/x/index.html"] = page(same)
	fsys["docs/x/base.html"] = page(`<base href="/p1/">` + same + `<a href="../docs/b/#sec%ZZ">5</a>`)
	problems, err := Check(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{
		{Page: "docs/x/base.html", Link: "#mine", Reason: `no id "mine" in docs/x/base.html`},
		{Page: "docs/x/base.html", Link: "../docs/b/#sec%ZZ", Reason: `malformed URL: parse "../docs/b/#sec%ZZ": invalid URL escape "%ZZ"`},
		{Page: "docs/x/base.html", Link: "/docs/b/#none", Reason: `no id "none" in docs/b/index.html`},
		{Page: "docs/x/index.html", Link: "#mine", Reason: `no id "mine" in docs/x/index.html`},
		{Page: "docs/x/index.html", Link: "../docs/b/#sec", Reason: "no such page or file"},
		{Page: "docs/x/index.html", Link: "/docs/b/#none", Reason: `no id "none" in docs/b/index.html`},
		{Page: "docs/x/index.html", Link: "b/#sec", Reason: "no such page or file"},
		{Page: "p1/index.html", Link: "/docs/b/#none", Reason: `no id "none" in docs/b/index.html`},
	}
	if !slices.Equal(problems, want) {
		t.Errorf("got:\n%s\nwant:\n%s", join(problems), join(want))
	}
}

// A site of more pages than one core checks with one memo (checkRun): each
// page's problems are its own, whichever run checked it and whatever the
// other runs found, and come sorted and once each.
func TestCheckManyPages(t *testing.T) {
	fsys := fixture()
	n := 3*checkRun + 7
	var want []string
	for i := range n {
		name := fmt.Sprintf("p/%04d/index.html", i)
		body := `<a href="/docs/a/#intro">ok</a><a href="../../docs/b/#sec">ok</a>`
		if i%100 == 0 {
			// The same broken links on pages in other runs, and twice on one.
			own := fmt.Sprintf("../%04d/#none", i)
			body += `<a href="/gone/">x</a><a href="` + own + `">y</a><a href="/gone/">x</a>`
			want = append(want, name+" "+own, name+" /gone/")
		}
		fsys[name] = page(body)
	}
	problems, err := Check(fsys, Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := pageLinks(problems)
	if !slices.Equal(got, want) {
		t.Errorf("got %q,\nwant %q", got, want)
	}
}

func TestCheckDir(t *testing.T) {
	dir := t.TempDir()
	for name, f := range fixture() {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	problems, err := Check(os.DirFS(dir), Options{})
	if err != nil || len(problems) != 0 {
		t.Fatalf("problems %s, err %v", join(problems), err)
	}
	if _, err := Check(os.DirFS(filepath.Join(dir, "nope")), Options{}); err == nil {
		t.Error("missing directory: no error")
	}
}

// pageLinks names each problem by its page and link.
func pageLinks(ps []Problem) []string {
	var out []string
	for _, p := range ps {
		out = append(out, p.Page+" "+p.Link)
	}
	return out
}

func join(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("  " + p.String() + "\n")
	}
	return b.String()
}
