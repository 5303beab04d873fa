package linkcheck

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// netTags is lexTags by golang.org/x/net/html's tokenizer, which follows the
// HTML standard's tokenization: the oracle lexTags is held to.
func netTags(b []byte, tag func(name string, attrs []attribute), style func(css []byte)) {
	z := html.NewTokenizer(bytes.NewReader(b))
	inStyle := false
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return
		case html.TextToken:
			if inStyle {
				style(z.Text())
			}
			inStyle = false
		case html.EndTagToken:
			inStyle = false
		case html.StartTagToken, html.SelfClosingTagToken:
			name, more := z.TagName()
			n := string(name)
			var attrs []attribute
			for more {
				var k, v []byte
				k, v, more = z.TagAttr()
				if checkedAttrs[string(k)] {
					attrs = append(attrs, attribute{Key: string(k), Val: string(v)})
				}
			}
			tag(n, attrs)
			inStyle = n == "style" && tt == html.StartTagToken
		}
	}
}

// lexed is what a lexer reports of b, one line a tag or style text.
func lexed(lex func([]byte, func(string, []attribute), func([]byte)), b []byte) []string {
	var out []string
	lex(b, func(name string, attrs []attribute) {
		out = append(out, fmt.Sprintf("<%s %q>", name, attrs))
	}, func(css []byte) {
		out = append(out, fmt.Sprintf("style %q", css))
	})
	return out
}

func TestLexTags(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // nil: as x/net/html reads it
	}{
		{"plain", `<p id="a">x</p><a href="/b/#c">b</a>`, nil},
		{"case and unquoted", `<A HREF=/b/ ID=x>b</A><IMG SRC='i.png'>`, nil},
		{"references", `<a href="?a=1&amp;b=2&#47;&lt;">x</a><p id="caf&eacute;">`, nil},
		{"spaces around =", `<a href = "/x/" id= 'y'>`, nil},
		{"unchecked attributes", `<div class="c" data-x="1" hidden id="h">`, nil},
		{"style element", `<style>body{background:url(/bg.png)}</style><p style="background:url('/s.png')">`, nil},
		{"comment hides tags", `<!-- <a href="/gone/"> --><a href="/here/">`, nil},
		{"doctype", `<!doctype html><html lang="en"><a href="x">`, nil},
		{"script is raw text", `<script>var s = '<a href="/no/">';</script><a href="/yes/">`, nil},
		{"title is raw text", `<title>a <a href="/no/"> b</title><a href="/yes/">`, nil},
		{"textarea is raw text", `<textarea><a href="/no/"></textarea><a href="/yes/">`, nil},
		{"self-closing", `<link rel="stylesheet" href="/s.css"/><br/><img src="/i.png" />`, nil},
		{"svg", `<div><svg xmlns="http://www.w3.org/2000/svg" id="g" viewBox="0 0 1 1"><title id="t">A &amp; B</title><defs><linearGradient id="p"/></defs><a href="#task-x" class="gantt-bar"><title>x</title><path d="M0,0h1z" fill="url(#p)"/></a><use href="#p"/><image xlink:href="i.png"/></svg><a href="#g">g</a></div>`, nil},
		{"svg upper case", `<SVG ID="u"><A HREF="#u"></A></SVG>`, nil},
		{"nested svg", `<svg id="o"><svg id="i"><a href="#o"/></svg><a href="#i"/></svg>`, nil},
		{"math", `<math id="m"><mi href="#m">x</mi></math>`, nil},
		{"cut off in a tag", `<a href="/x/">x</a><a href="/cut`, nil},
		{"text with <", `<p>1 < 2 and <3 <b>c</b></p><a href="/x/">`, nil},
		{"meta refresh", `<meta http-equiv="refresh" content="0; url=/a/b/">`, nil},
		// x/net/html's tokenizer reads <noscript> as raw text (a browser
		// running scripts does); lexTags reads its links, as a browser
		// without scripts does and as a reader of the link check expects.
		{"noscript", `<noscript><a href="/ns/">x</a></noscript>`, []string{`<noscript []>`, `<a [{"href" "/ns/"}]>`}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := tc.want
			if want == nil {
				want = lexed(netTags, []byte(tc.in))
			}
			b := []byte(tc.in)
			if got := lexed(lexTags, b); !slices.Equal(got, want) {
				t.Errorf("lexTags(%q):\n got %q\nwant %q", tc.in, got, want)
			}
		})
	}
}

// TestLexTagsSite holds lexTags to x/net/html's tokens on every page of a
// built site (QMSPLAN_LINKCHECK_SITE, e.g. the public/ of a fixture of
// 10,000 plans); skipped unless it is set. The sample site's pages are
// checked by generator/sitetest, which builds it.
func TestLexTagsSite(t *testing.T) {
	dir := os.Getenv("QMSPLAN_LINKCHECK_SITE")
	if dir == "" {
		t.Skip("set QMSPLAN_LINKCHECK_SITE to a built site's directory")
	}
	n := 0
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !isHTML(p) {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		n++
		want := lexed(netTags, b)
		if got := lexed(lexTags, b); !slices.Equal(got, want) {
			i := 0
			for i < len(got) && i < len(want) && got[i] == want[i] {
				i++
			}
			t.Errorf("%s: lexTags differs from x/net/html at tag %d: got %q, want %q", p, i, strings.Join(got[i:min(i+3, len(got))], " "), strings.Join(want[i:min(i+3, len(want))], " "))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d pages", n)
}

// BenchmarkCheckSite checks the links of a built site
// (QMSPLAN_LINKCHECK_SITE), each run reading it from disk (the page cache):
// QMSPLAN_LINKCHECK_SITE=public go test ./generator/linkcheck -run '^$' -bench CheckSite -benchtime 3x
func BenchmarkCheckSite(b *testing.B) {
	dir := os.Getenv("QMSPLAN_LINKCHECK_SITE")
	if dir == "" {
		b.Skip("set QMSPLAN_LINKCHECK_SITE to a built site's directory")
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Check(os.DirFS(dir), Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
