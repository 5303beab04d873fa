package docusaurus_test

import (
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/importer/docusaurus"
	"github.com/qmsplan/qmsplan/generator/model"
)

// importTree imports files (path under docs/ -> text) against the sample data.
func importTree(t *testing.T, files map[string]string) *docusaurus.Result {
	t.Helper()
	tree := afero.NewMemMapFs()
	for name, text := range files {
		if err := afero.WriteFile(tree, "docs/"+name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return docusaurus.Import(tree, "docs", sampleData(t), model.MustDate("2026-12-01"))
}

func fileOf(res *docusaurus.Result, path string) (string, bool) {
	for _, f := range res.Files {
		if f.Path == path {
			return string(f.Data), true
		}
	}
	return "", false
}

// findings gives the result's findings as "line:col: severity: message".
func findings(res *docusaurus.Result) []string {
	var out []string
	for _, d := range res.Diags {
		out = append(out, strings.TrimPrefix(d.String(), d.File+":"))
	}
	return out
}

// TestPages: each construct of a hand-written page, what it becomes in the
// Hugo page (lines the output must hold) and what is reported where.
func TestPages(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		out   string   // the file written
		want  []string // lines it holds
		not   []string // text it must not hold
		diags []string // findings, each a prefix "line:col: severity: message"
	}{{
		name:  "note, Docusaurus 2, no title",
		files: map[string]string{"a.md": "# A\n\n:::note\nRead this.\n:::\n"},
		out:   "content/a.md", want: []string{"> [!NOTE]", "> Read this."}, not: []string{":::"},
	}, {
		name:  "tip, Docusaurus 2 title",
		files: map[string]string{"a.md": ":::tip Good to know\nRead this.\n:::\n"},
		out:   "content/a.md", want: []string{"> [!TIP] Good to know", "> Read this."},
	}, {
		name:  "info, Docusaurus 3 title",
		files: map[string]string{"a.md": ":::info[Good to know]\nRead this.\n:::\n"},
		out:   "content/a.md", want: []string{"> [!INFO] Good to know"},
	}, {
		name:  "warning, several paragraphs and a code block",
		files: map[string]string{"a.md": ":::warning\nOne.\n\nTwo.\n```\n:::not a fence\n```\n:::\n\nAfter.\n"},
		out:   "content/a.md", want: []string{"> [!WARNING]", "> One.", ">", "> Two.", "> :::not a fence", "After."},
	}, {
		name:  "danger, Docusaurus 3 empty title",
		files: map[string]string{"a.md": ":::danger[]\nStop.\n:::\n"},
		out:   "content/a.md", want: []string{"> [!DANGER]", "> Stop."},
	}, {
		name:  "caution is Docusaurus 2's warning",
		files: map[string]string{"a.md": ":::caution\nCareful.\n:::\n"},
		out:   "content/a.md", want: []string{"> [!WARNING]"},
	}, {
		name:  "nested admonitions",
		files: map[string]string{"a.md": "::::note\nOuter.\n:::tip\nInner.\n:::\n::::\n"},
		out:   "content/a.md", want: []string{"> [!NOTE]", "> > [!TIP]", "> > Inner."},
	}, {
		name:  "an unknown admonition",
		files: map[string]string{"a.md": "Text.\n\n:::secret\nx\n:::\n"},
		diags: []string{`3:4: error: unknown admonition "secret"`},
	}, {
		name:  "an admonition never closed",
		files: map[string]string{"a.md": "---\ntitle: A\n---\n:::note\nx\n"},
		diags: []string{"4:1: error: admonition opened here is never closed"},
	}, {
		name:  "code blocks are left alone",
		files: map[string]string{"a.md": "```md\n:::note\nimport X from 'y'\n<Tabs>\n```\n"},
		out:   "content/a.md", want: []string{":::note", "import X from 'y'", "<Tabs>"},
	}, {
		name: "front matter",
		files: map[string]string{"a.md": "---\ntitle: Quality Manual\nsidebar_label: Manual\nsidebar_position: 3\n" +
			"description: The manual.\nhide_table_of_contents: true\n---\n\nText.\n"},
		out:   "content/a.md",
		want:  []string{"title: Quality Manual", "linkTitle: Manual", "weight: 3", "description: The manual."},
		diags: []string{`6:1: warning: front matter "hide_table_of_contents" not carried over`},
	}, {
		name:  "id gives the URL",
		files: map[string]string{"procedures/gp-009.md": "---\nid: GP-009\ntitle: GP-009\n---\nText.\n"},
		out:   "content/procedures/gp-009.md", want: []string{"url: /procedures/GP-009/"},
	}, {
		name:  "an absolute slug gives the URL",
		files: map[string]string{"x/a.md": "---\nslug: /pricing\n---\nText.\n"},
		out:   "content/x/a.md", want: []string{"url: /pricing/", "title: pricing"},
	}, {
		name:  "a relative slug",
		files: map[string]string{"x/a.md": "---\nslug: b\n---\nText.\n"},
		out:   "content/x/a.md", want: []string{"url: /x/b/"},
	}, {
		name:  "a leading heading is the title",
		files: map[string]string{"a.md": "# Public tenders\n\nText.\n"},
		out:   "content/a.md", want: []string{"title: Public tenders"}, not: []string{"# Public tenders"},
	}, {
		name:  "number prefixes go, dates stay",
		files: map[string]string{"01-guide/02-start.md": "Text.\n", "2025-01-02-news.md": "Text.\n"},
		out:   "content/guide/start.md", want: []string{"Text."},
	}, {
		name:  "index pages are their directory's",
		files: map[string]string{"procedures/index.md": "---\ntitle: Procedures\n---\nAll of them.\n"},
		out:   "content/procedures/_index.md", want: []string{"title: Procedures", "All of them."},
	}, {
		name:  "custom heading ids are kept",
		files: map[string]string{"a.md": "## Scope {#scope}\n"},
		out:   "content/a.md", want: []string{"## Scope {#scope}"},
	}, {
		name: "relative links to pages become site paths",
		files: map[string]string{
			"procedures/gp-009.md":          "See [the record](../records/GP-009/sp.mdx#goals) and [pricing](../pricing.md).\n",
			"records/GP-009/sp.mdx":         "# SP\n",
			"pricing.md":                    "# Pricing\n",
			"records/GP-009/_category_.yml": "label: GP-009 Sales\n",
		},
		out:  "content/procedures/gp-009.md",
		want: []string{"See [the record](/records/GP-009/sp#goals) and [pricing](/pricing)."},
	}, {
		name:  "a link to a page the tree lacks",
		files: map[string]string{"a.md": "Text.\n\nSee [b](./b.md).\n"},
		diags: []string{"3:1: warning: link to ./b.md: no such page in the tree"},
	}, {
		name: "MDX imports, JSX and comments are reported where they stand",
		files: map[string]string{"a.mdx": "---\ntitle: A\n---\nimport Tabs from '@theme/Tabs';\n\n" +
			"<Tabs>\nText {/* a note */} here, `<Code>` kept, \\<not JSX\\>.\n</Tabs>\n{/* one\ntwo */}\n"},
		out:  "content/a.md",
		want: []string{"Text  here, `<Code>` kept, \\<not JSX\\>."},
		not:  []string{"import", "<Tabs>", "a note", "two"},
		diags: []string{
			"4:1: warning: MDX import line not carried over",
			"6:1: warning: JSX or HTML tag <Tabs> not carried over",
			"7:6: warning: MDX comment not carried over",
			"8:1: warning: JSX or HTML tag </Tabs> not carried over",
			"9:1: warning: MDX comment not carried over",
		},
	}, {
		name:  "the site instead of its docs",
		files: map[string]string{"docusaurus.config.js": "module.exports = {};\n", "docs/a.md": "Text.\n"},
		diags: []string{"1:1: error: docs is a Docusaurus site, not its docs tree"},
	}, {
		name:  "_category_.json",
		files: map[string]string{"guide/_category_.json": `{"label": "Guide", "position": 4, "link": {"type": "generated-index", "description": "All guides."}}`},
		out:   "content/guide/_index.md", want: []string{"title: Guide", "weight: 4", "All guides."},
	}, {
		name:  "_category_.yml",
		files: map[string]string{"guide/_category_.yml": "label: Guide\nposition: 2\ncollapsed: false\nclassName: x\n"},
		out:   "content/guide/_index.md", want: []string{"title: Guide", "weight: 2"},
		diags: []string{`1:1: warning: "className" not carried over`},
	}, {
		name:  "a generated section's category is left to the generator",
		files: map[string]string{"records/GP-009/T-009-001/_category_.json": `{"label": "T-009-001"}`},
	}}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := importTree(t, tc.files)
			got := findings(res)
			if len(got) != len(tc.diags) {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.diags, "\n"))
			}
			for i, want := range tc.diags {
				if i < len(got) && !strings.HasPrefix(got[i], want) {
					t.Errorf("finding %d: %s\nwant %s…", i, got[i], want)
				}
				if i < len(res.Diags) && res.Diags[i].Hint == "" {
					t.Errorf("finding %d has no fix", i)
				}
			}
			if tc.out == "" {
				if len(tc.diags) == 0 && len(res.Files) > 0 {
					t.Errorf("wrote %v", res.Files[0].Path)
				}
				return
			}
			out, ok := fileOf(res, tc.out)
			if !ok {
				var paths []string
				for _, f := range res.Files {
					paths = append(paths, f.Path)
				}
				t.Fatalf("no %s; files: %v", tc.out, paths)
			}
			lines := strings.Split(out, "\n")
			for _, w := range tc.want {
				if !contains(lines, w) {
					t.Errorf("no line %q in\n%s", w, out)
				}
			}
			for _, n := range tc.not {
				if strings.Contains(out, n) {
					t.Errorf("%q left in\n%s", n, out)
				}
			}
		})
	}
}

func contains(lines []string, l string) bool {
	for _, x := range lines {
		if x == l {
			return true
		}
	}
	return false
}
