package render

import (
	"testing"

	"github.com/gohugoio/hugo/parser/metadecoders"

	"github.com/qmsplan/qmsplan/generator/internal/yamlout"
)

// Front matter holds the authors' text; Hugo must read back exactly what
// was written, whatever YAML would make of it unquoted.
func TestFrontMatterRoundTrip(t *testing.T) {
	for _, s := range []string{
		"plain text", "yes", "No", "on", "null", "~", "", "123", "0x1F", "1e3", "1.50", ".inf", ".nan",
		"true", "2025-01-10", "2025-01-10T10:00:00Z", "12:30", "a: b", "a #b", "# c", "- x", "? x", ": x",
		"'q'", `"q"`, `back\slash`, "@x", "`x", "%x", "!x", "&x", "*x", "|", ">", "{x}", "[x]", "x,y",
		" lead", "trail ", "two\nlines", "tab\there", "nul\x00", "del\x7f", "a\n\n b", " lead\nx", "trail\n", "J&J <b>20250822</b>", "ü ⛔ 🧭", "---", "...",
	} {
		fm := FrontMatter{Title: s, LinkTitle: s, Aliases: []string{s}, Params: Params{Source: s}}
		b, err := yamlout.Marshal(fm)
		if err != nil {
			t.Fatalf("%q: %v", s, err)
		}
		m, err := metadecoders.Default.UnmarshalToMap(b, metadecoders.YAML)
		if err != nil {
			t.Errorf("%q: Hugo cannot read\n%s: %v", s, b, err)
			continue
		}
		params, _ := m["params"].(map[string]any)
		aliases, _ := m["aliases"].([]any)
		if m["title"] != s || (s != "" && m["linkTitle"] != s) || params["source"] != s || len(aliases) != 1 || aliases[0] != s {
			t.Errorf("%q: Hugo reads %#v from\n%s", s, m, b)
		}
	}
}
