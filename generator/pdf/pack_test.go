package pdf_test

import (
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/pdf"
)

var filledCellRE = regexp.MustCompile(`data-pack-page="(R\d+)">([^<]*)<`)

// The second print of a pack is served with the first print's page
// numbers in its HTML: the contents need no script to show them.
func TestFillPages(t *testing.T) {
	s := sampleSite(t)
	i := slices.IndexFunc(samplePacks(t, s), func(p pdf.Pack) bool { return p.ID == "T-009-001" })
	page, err := afero.ReadFile(s.out, samplePacks(t, s)[i].URL)
	if err != nil {
		t.Fatal(err)
	}
	cells := filledCellRE.FindAllSubmatch(page, -1)
	if len(cells) < 2 {
		t.Fatalf("the built pack has %d page cells", len(cells))
	}
	starts := map[string]int{}
	for i, c := range cells {
		starts[string(c[1])] = 3 + 2*i
	}
	for _, tc := range []struct {
		name   string
		starts map[string]int
		err    string // "" for none
	}{
		{"every record", starts, ""},
		{"a record more than the contents", with(starts, "R99", 40), "the print found"},
		{"a record less", without(starts, "R0"), "the contents list R0, for which the print found no page"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := pdf.FillPages(page, tc.starts)
			if tc.err != "" {
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("fillPages: %v, want an error with %q", err, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range filledCellRE.FindAllSubmatch(got, -1) {
				if want := strconv.Itoa(starts[string(c[1])]); string(c[2]) != want {
					t.Errorf("the page cell of %s reads %q, want %q", c[1], c[2], want)
				}
			}
		})
	}
}

func with(m map[string]int, k string, v int) map[string]int {
	out := map[string]int{k: v}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func without(m map[string]int, k string) map[string]int {
	out := with(m, k, 0)
	delete(out, k)
	return out
}

var (
	idAttrRE  = regexp.MustCompile(`\sid="([^"]+)"`)
	idRefREs  = []*regexp.Regexp{regexp.MustCompile(`url\(#([^)]+)\)`), regexp.MustCompile(`\shref="#([^"]+)"`)}
	idListsRE = regexp.MustCompile(`\s(?:aria-labelledby|aria-describedby|aria-controls|for)="([^"]+)"`)
)

// Every reference to an id in a pack (a link, an SVG fill or clip path, a
// label) finds its element: a pack prefixes each record's ids, and a
// reference left unprefixed would point nowhere, or at another record's
// element (a Gantt's patterns, which tell the statuses apart in print).
func TestPackReferences(t *testing.T) {
	s := sampleSite(t)
	for _, pk := range samplePacks(t, s) {
		t.Run(pk.ID, func(t *testing.T) {
			page, err := afero.ReadFile(s.out, pk.URL)
			if err != nil {
				t.Fatal(err)
			}
			ids := map[string]bool{}
			for _, m := range idAttrRE.FindAllSubmatch(page, -1) {
				ids[string(m[1])] = true
			}
			var refs []string
			for _, re := range idRefREs {
				for _, m := range re.FindAllSubmatch(page, -1) {
					refs = append(refs, string(m[1]))
				}
			}
			for _, m := range idListsRE.FindAllSubmatch(page, -1) {
				refs = append(refs, strings.Fields(string(m[1]))...)
			}
			broken := map[string]bool{}
			for _, ref := range refs {
				if !ids[ref] {
					broken[ref] = true
				}
			}
			if len(refs) < 10 || len(broken) > 0 {
				t.Errorf("%d references, %d to no element: %q", len(refs), len(broken), slices.Sorted(maps.Keys(broken)))
			}
		})
	}
}
