// Package linkcheck checks the internal links of a built static site.
//
// [Check] reads every HTML and CSS file of a site tree and reports each
// internal link or reference that does not resolve: a page or file that is
// not there, or a #fragment with no matching id (or <a name>) in the target
// page. Relative and root-relative links are resolved as a browser would,
// under the site's base path; pretty URLs resolve to index.html ("/a/b/" and
// "/a/b" both to a/b/index.html).
//
// External links are never fetched: the site is confidential. Links to
// other sites (<a href>, <link rel=canonical> and the like) are skipped, but
// anything that would make a browser load something from outside (a
// stylesheet, script, image, font, icon, frame or media file, a
// preconnect, or a url() or @import in CSS) is reported: the site must load
// nothing from outside.
package linkcheck

import (
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/qmsplan/qmsplan/generator/internal/parallel"
)

// Options configures Check.
type Options struct {
	// BaseURL is the site's baseURL, as in hugo.toml: "https://example.org/qms/",
	// "/qms/" or "/" (the default when empty). Root-relative links must
	// start with its path, which is stripped to find the file; absolute
	// links to its scheme and host under that path are internal.
	BaseURL string
}

// Problem is a link that does not resolve, or loads something from outside.
type Problem struct {
	Page   string // the file holding the link, slash-separated, relative to the site root
	Link   string // the link as written
	Reason string
}

func (p Problem) String() string {
	return fmt.Sprintf("%s: %q: %s", p.Page, p.Link, p.Reason)
}

// Check checks every .html, .htm and .css file in fsys, which is rooted at
// the site's output directory (os.DirFS("public"), or afero.NewIOFS of a
// build's output). The problems come sorted by page, then link. The error
// is for a site that cannot be read or an invalid BaseURL.
func Check(fsys fs.FS, opts Options) ([]Problem, error) {
	base, err := parseBase(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	c := &checker{fsys: fsys, base: base, files: map[string]bool{}}
	var docs []string
	err = fs.WalkDir(fsys, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		c.files[p] = true
		if isHTML(p) || hasSuffixFold(p, ".css") {
			docs = append(docs, p)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}

	// Parse every document (in parallel: a site has thousands), then
	// resolve every reference once all ids are known.
	parsed := make([]*document, len(docs))
	errs := make([]error, len(docs))
	parallel.For(len(docs), func(i int) { parsed[i], errs[i] = parse(fsys, docs[i]) })
	c.ids = make(map[string]map[string]bool, len(docs))
	for i, d := range parsed {
		if errs[i] != nil {
			return nil, errs[i]
		}
		c.ids[d.name] = d.ids
	}

	// The references too are checked on every core (2.5 million at 10,000
	// plans: 0.7 s of one core), in runs of documents in path order, each
	// run with a memo of its own: a page's relative links are its own
	// (the memo is by directory), and a run's pages share their
	// root-relative ones.
	runs := (len(parsed) + checkRun - 1) / checkRun
	found := make([][]Problem, runs)
	parallel.For(runs, func(i int) {
		memo := map[resolveKey]resolution{}
		for _, d := range parsed[i*checkRun : min((i+1)*checkRun, len(parsed))] {
			dir := path.Dir(d.name)
			for _, r := range d.refs {
				if reason := c.check(d, dir, r, memo); reason != "" {
					found[i] = append(found[i], Problem{Page: d.name, Link: r.link, Reason: reason})
				}
			}
		}
	})
	seen := map[Problem]bool{}
	var problems []Problem
	for _, run := range found {
		for _, p := range run {
			if !seen[p] {
				seen[p] = true
				problems = append(problems, p)
			}
		}
	}
	slices.SortStableFunc(problems, func(a, b Problem) int {
		return strings.Compare(a.Page+"\x00"+a.Link, b.Page+"\x00"+b.Link)
	})
	return problems, nil
}

// checkRun is how many documents one core checks with one memo.
const checkRun = 256

// base is the parsed Options.BaseURL.
type base struct {
	scheme, host string // empty for a path-only baseURL
	path         string // always starts and ends with "/"
}

func parseBase(s string) (base, error) {
	if s == "" {
		s = "/"
	}
	u, err := url.Parse(s)
	if err != nil {
		return base{}, fmt.Errorf("linkcheck: BaseURL: %w", err)
	}
	b := base{scheme: strings.ToLower(u.Scheme), host: strings.ToLower(u.Host), path: u.Path}
	if !strings.HasPrefix(b.path, "/") {
		b.path = "/" + b.path
	}
	if !strings.HasSuffix(b.path, "/") {
		b.path += "/"
	}
	return b, nil
}

// ref is one reference found in a document.
type ref struct {
	link string
	kind refKind
	base string // <base href> in force, "" if none
}

type refKind int

const (
	navigates refKind = iota // <a href> and the like: external is fine
	loads                    // the browser fetches it: external is an error
)

type document struct {
	name string
	ids  map[string]bool // nil for CSS
	refs []ref
}

// checker holds what every check reads, and writes nothing once the
// documents are parsed: the references are checked on every core.
type checker struct {
	fsys  fs.FS
	base  base
	files map[string]bool
	ids   map[string]map[string]bool
}

// resolveKey keys a memo of resolve (a portfolio page links to the same
// plan pages thousands of times, each with another fragment): what its
// answer depends on, the directory of the page, against which a relative
// path resolves (none for a root-relative one), the <base href>, the kind
// and the link without its fragment.
type resolveKey struct {
	dir, base, link string
	kind            refKind
}

// resolution is where a link without its fragment leads.
type resolution struct {
	reason string // why it is broken, or why it is not checked further, if done
	done   bool   // reason is the answer, whatever the fragment
	target string // the file, "" for the page holding the link
}

// check returns why r, found in d (in the directory dir), is broken, or
// "". memo holds earlier answers of resolve.
func (c *checker) check(d *document, dir string, r ref, memo map[resolveKey]resolution) string {
	link := strings.TrimSpace(r.link)
	rest, rawFrag, _ := strings.Cut(link, "#")
	// As url.Parse unescapes a fragment; its error names the whole link.
	frag := rawFrag
	if strings.Contains(rawFrag, "%") {
		var err error
		if frag, err = url.PathUnescape(rawFrag); err != nil {
			_, err = url.Parse(link)
			return "malformed URL: " + err.Error()
		}
	}
	key := resolveKey{base: r.base, link: rest, kind: r.kind}
	if !strings.HasPrefix(rest, "/") {
		key.dir = dir
	}
	res, ok := memo[key]
	if !ok {
		res = c.resolve(d.name, r.base, rest, r.kind)
		memo[key] = res
	}
	if res.done {
		return res.reason
	}
	target := res.target
	if target == "" {
		if frag == "" {
			return "" // href="" or "?query": this page.
		}
		target = d.name
	}
	if frag == "" || !isHTML(target) {
		return ""
	}
	if ids := c.ids[target]; !ids[frag] && !strings.EqualFold(frag, "top") {
		return fmt.Sprintf("no id %q in %s", frag, target)
	}
	return ""
}

// resolve finds where link, without its fragment, leads from the page
// name under the <base href> baseHref ("" if none). Of the page it needs
// only the directory, and none for a root-relative link: see resolveKey.
func (c *checker) resolve(name, baseHref, link string, kind refKind) resolution {
	u, err := url.Parse(link)
	if err != nil {
		return resolution{reason: "malformed URL: " + err.Error(), done: true}
	}
	// The page's own URL path, under which relative links resolve.
	pageURL := &url.URL{Path: c.base.path + name}
	if baseHref != "" {
		bu, err := url.Parse(strings.TrimSpace(baseHref))
		if err != nil {
			return resolution{reason: "malformed <base href>: " + err.Error(), done: true}
		}
		if bu.Scheme != "" || bu.Host != "" {
			if !c.isOwn(bu) {
				return resolution{done: true} // Everything relative goes elsewhere; not checked.
			}
			bu = &url.URL{Path: bu.Path}
		}
		pageURL = pageURL.ResolveReference(bu)
	}

	switch strings.ToLower(u.Scheme) {
	case "", "http", "https":
	default:
		return resolution{done: true} // mailto:, tel:, data: (embedded), javascript: ...
	}
	if u.Scheme != "" || u.Host != "" {
		if !c.isOwn(u) {
			if kind == loads {
				return resolution{reason: "loads an external resource: the site must load nothing from outside", done: true}
			}
			return resolution{done: true} // External links are not fetched.
		}
	}
	if u.Path == "" {
		return resolution{}
	}
	abs := pageURL.ResolveReference(&url.URL{Path: u.Path}).Path
	rootless := strings.TrimSuffix(c.base.path, "/")
	switch {
	case abs == rootless:
		abs = ""
	case strings.HasPrefix(abs, c.base.path):
		abs = abs[len(c.base.path):]
	default:
		return resolution{reason: "outside the site's base path " + c.base.path, done: true}
	}
	target, ok := c.lookup(abs)
	if !ok {
		return resolution{reason: "no such page or file", done: true}
	}
	return resolution{target: target}
}

// isOwn reports whether the absolute URL u is under the site's baseURL.
func (c *checker) isOwn(u *url.URL) bool {
	if c.base.host == "" || !strings.EqualFold(u.Host, c.base.host) {
		return false
	}
	if s := strings.ToLower(u.Scheme); s != "" && s != "http" && s != "https" {
		return false
	}
	p := u.Path
	return p+"/" == c.base.path || strings.HasPrefix(p, c.base.path)
}

// lookup finds the file a site-relative URL path p names, as a static web
// server with pretty URLs would.
func (c *checker) lookup(p string) (string, bool) {
	dir := p == "" || strings.HasSuffix(p, "/")
	p = strings.TrimPrefix(path.Clean("/"+p), "/")
	if dir {
		return c.exists(path.Join(p, "index.html"))
	}
	if f, ok := c.exists(p); ok {
		return f, true
	}
	return c.exists(path.Join(p, "index.html"))
}

func (c *checker) exists(p string) (string, bool) {
	if p == "" {
		p = "."
	}
	return p, c.files[p]
}

func isHTML(p string) bool {
	return hasSuffixFold(p, ".html") || hasSuffixFold(p, ".htm")
}

// hasSuffixFold is strings.HasSuffix ignoring case, without the copy
// strings.ToLower makes: it runs on every link.
func hasSuffixFold(s, suffix string) bool {
	return len(s) >= len(suffix) && strings.EqualFold(s[len(s)-len(suffix):], suffix)
}

func parse(fsys fs.FS, name string) (*document, error) {
	b, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	d := &document{name: name}
	if !isHTML(name) {
		for _, l := range cssRefs(b) {
			d.refs = append(d.refs, ref{link: l, kind: loads})
		}
		return d, nil
	}
	d.ids = map[string]bool{}
	var baseHref string
	add := func(link string, kind refKind) {
		d.refs = append(d.refs, ref{link: link, kind: kind, base: baseHref})
	}
	style := func(css []byte) {
		for _, l := range cssRefs(css) {
			add(l, loads)
		}
	}
	lexTags(b, func(tag string, attrs []attribute) {
		attr := func(key string) (string, bool) {
			for _, a := range attrs {
				if a.Key == key {
					return a.Val, true
				}
			}
			return "", false
		}
		if id, ok := attr("id"); ok && id != "" {
			d.ids[id] = true
		}
		if name, ok := attr("name"); ok && tag == "a" && name != "" {
			d.ids[name] = true
		}
		if style, ok := attr("style"); ok {
			for _, l := range cssRefs([]byte(style)) {
				add(l, loads)
			}
		}
		switch tag {
		case "base":
			if v, ok := attr("href"); ok && baseHref == "" {
				baseHref = v
			}
		case "a", "area":
			if v, ok := attr("href"); ok {
				add(v, navigates)
			}
		case "link":
			if v, ok := attr("href"); ok {
				rel, _ := attr("rel")
				add(v, linkKind(rel))
			}
		case "img", "source":
			if v, ok := attr("src"); ok {
				add(v, loads)
			}
			if v, ok := attr("srcset"); ok {
				for _, l := range srcset(v) {
					add(l, loads)
				}
			}
		case "script", "iframe", "embed", "audio", "video", "track", "input":
			if v, ok := attr("src"); ok {
				add(v, loads)
			}
			if v, ok := attr("poster"); ok {
				add(v, loads)
			}
		case "object":
			if v, ok := attr("data"); ok {
				add(v, loads)
			}
		case "use", "image": // SVG
			if v, ok := attr("href"); ok {
				add(v, loads)
			} else if v, ok := attr("xlink:href"); ok {
				add(v, loads)
			}
		case "meta":
			if v, ok := attr("http-equiv"); ok && strings.EqualFold(v, "refresh") {
				content, _ := attr("content")
				if l, ok := refreshURL(content); ok {
					add(l, navigates)
				}
			}
		}
	}, style)
	return d, nil
}

// checkedAttrs are the attributes parse reads: ids and references.
var checkedAttrs = map[string]bool{
	"id": true, "name": true, "style": true, "href": true, "xlink:href": true,
	"rel": true, "src": true, "srcset": true, "poster": true, "data": true,
	"http-equiv": true, "content": true,
}

// navigationalRels are the <link rel> values that make a browser load
// nothing. Any other <link> (stylesheet, icon, preload, preconnect,
// manifest...) must not point outside.
var navigationalRels = map[string]bool{
	"alternate": true, "author": true, "bookmark": true, "canonical": true,
	"external": true, "help": true, "license": true, "me": true, "next": true,
	"nofollow": true, "noopener": true, "noreferrer": true, "prev": true,
	"search": true, "tag": true, "privacy-policy": true, "terms-of-service": true,
}

func linkKind(rel string) refKind {
	fields := strings.Fields(strings.ToLower(rel))
	if len(fields) == 0 {
		return loads
	}
	for _, f := range fields {
		if !navigationalRels[f] {
			return loads
		}
	}
	return navigates
}

// srcset returns the URLs of an img/source srcset attribute.
func srcset(v string) []string {
	var urls []string
	for _, cand := range strings.Split(v, ",") {
		if f := strings.Fields(cand); len(f) > 0 {
			urls = append(urls, f[0])
		}
	}
	return urls
}

// refreshURL returns the URL of a <meta http-equiv=refresh> content
// ("0; url=/a/b/"), as Hugo writes for aliases.
func refreshURL(content string) (string, bool) {
	_, after, ok := strings.Cut(content, ";")
	if !ok {
		return "", false
	}
	after = strings.TrimSpace(after)
	if len(after) < 4 || !strings.EqualFold(after[:4], "url=") {
		return "", false
	}
	return strings.Trim(strings.TrimSpace(after[4:]), `'"`), true
}

// cssURLRe matches url(...) and @import "..." in CSS. CSS is not HTML: a
// regular expression is enough to find its references.
var cssURLRe = regexp.MustCompile(`(?i)url\(\s*(?:"([^"]*)"|'([^']*)'|([^)'"\s]*))\s*\)|@import\s+(?:"([^"]*)"|'([^']*)')`)

var cssCommentRe = regexp.MustCompile(`(?s)/\*.*?\*/`)

func cssRefs(css []byte) []string {
	css = cssCommentRe.ReplaceAll(css, nil)
	var refs []string
	for _, m := range cssURLRe.FindAllSubmatch(css, -1) {
		for _, g := range m[1:] {
			if len(g) > 0 {
				refs = append(refs, string(g))
				break
			}
		}
	}
	return refs
}
