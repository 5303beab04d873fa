package pdf_test

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/pdf"
)

// sampleYears is each sample plan's record ID by the year the portfolio
// says it starts in ("undated" for none).
func sampleYears(t *testing.T, s sample) map[string][]string {
	t.Helper()
	ids := map[string]string{}
	for _, p := range s.res.Data.Plans {
		ids[p.Slug] = p.Document.ID
	}
	years := map[string][]string{}
	for _, p := range s.res.Portfolio.Plans {
		y := paths.Undated
		if !p.Start.IsZero() {
			y = fmt.Sprint(p.Start.Time().Year())
		}
		years[y] = append(years[y], ids[p.Slug])
	}
	if len(years) < 2 {
		t.Fatalf("the sample plans start in %d year(s), want several", len(years))
	}
	return years
}

// The plans' audit packs are one per year the sample plans start in,
// named by it, then the templates' and the portfolio's; their contents,
// read from the built site, hold each plan once.
func TestPacks(t *testing.T) {
	s := sampleSite(t)
	years := sampleYears(t, s)
	var want []string
	for _, y := range slices.Sorted(maps.Keys(years)) {
		want = append(want, "R-009-001-"+y+"_audit-pack.pdf")
	}
	want = append(want, "T-009-001_audit-pack.pdf", pdf.PortfolioPack+"_audit-pack.pdf")
	var got []string
	for _, pk := range samplePacks(t, s) {
		got = append(got, pk.File())
		if y, ok := strings.CutPrefix(pk.ID, "R-009-001-"); ok && pk.Records != len(years[y]) {
			t.Errorf("%s holds %d records, the portfolio starts %d plans in %s", pk.ID, pk.Records, len(years[y]), y)
		}
	}
	if !slices.Equal(got, want) {
		t.Errorf("packs %q, want %q", got, want)
	}
}

// A built site whose year packs do not hold every plan exactly once fails,
// naming each plan lost or listed twice; nothing is printed.
func TestPacksIncomplete(t *testing.T) {
	s := sampleSite(t)
	years := sampleYears(t, s)
	ys := slices.Sorted(maps.Keys(years))
	first, second := ys[0], ys[1]
	url := func(y string) string { return paths.PackURL(paths.PlanGroup(y)) }
	read := func(y string) []byte {
		b, err := afero.ReadFile(s.out, url(y))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	for _, tc := range []struct {
		name  string
		year  string // whose pack.html is replaced
		page  []byte // by this
		wants []string
	}{
		{"a year without its pack", first, []byte("<p>no contents</p>"),
			[]string{fmt.Sprintf("plan %s (", years[first][0]), "is in no year's audit pack"}},
		{"a plan in two years", second, append(read(second), read(first)...),
			[]string{fmt.Sprintf("%s: its contents list %s, which %s lists too", url(second), years[first][0], url(first))}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := afero.NewCopyOnWriteFs(s.out, afero.NewMemMapFs())
			if err := afero.WriteFile(site, url(tc.year), tc.page, 0o644); err != nil {
				t.Fatal(err)
			}
			packs, err := pdf.Packs(site, s.res.Data)
			for _, w := range tc.wants {
				if err == nil || !strings.Contains(err.Error(), w) {
					t.Errorf("Packs: %v (packs %v), want an error with %q", err, packs, w)
				}
			}
		})
	}
}

// The plans' packs, printed, are one file per year, whose cover says the
// year and its number of records, and which together hold every sample
// plan exactly once, each starting on the page its destination names, in
// the pack of its year.
func TestPrintYearPacks(t *testing.T) {
	s := sampleSite(t)
	b := startBrowser(t)
	years := sampleYears(t, s)
	packs := slices.DeleteFunc(samplePacks(t, s), func(p pdf.Pack) bool { return !strings.HasPrefix(p.ID, "R-009-001-") })
	dir := t.TempDir()
	entries, err := pdf.Print(context.Background(), b, s.out, nil, packs, afero.NewOsFs(), dir, pdf.Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(years) {
		t.Errorf("%d files printed, want one per year %v", len(entries), slices.Sorted(maps.Keys(years)))
	}
	seen := map[string]string{} // record ID: the year of the pack it was found in
	for _, pk := range packs {
		year := strings.TrimPrefix(pk.ID, "R-009-001-")
		file := filepath.Join(dir, "R-009-001-"+year+"_audit-pack.pdf")
		pages := pageTexts(t, file)
		cover := strings.ToLower(words(pages[0]))
		if !strings.Contains(cover, "year "+year) || !strings.Contains(cover, fmt.Sprintf("records %d", len(years[year]))) {
			t.Errorf("%s: the cover does not say year %s, %d records: %q", pk.ID, year, len(years[year]), cover)
		}
		info := readPDF(t, file)
		n := 0
		for ; info.Dests[fmt.Sprintf("R%d", n)] > 0; n++ {
		}
		if n != len(years[year]) {
			t.Errorf("%s: %d records (destinations #R0…), want %d", pk.ID, n, len(years[year]))
		}
		for i := range n {
			p := info.Dests[fmt.Sprintf("R%d", i)]
			if p > len(pages) {
				t.Errorf("%s: record %d starts on page %d of %d", pk.ID, i, p, len(pages))
				continue
			}
			id, _, _ := strings.Cut(lines(pages[p-1])[0], " · ")
			if y, ok := seen[id]; ok {
				t.Errorf("%s is in the pack of %s and of %s", id, y, year)
			}
			seen[id] = year
			if !slices.Contains(years[year], id) {
				t.Errorf("page %d of %s opens %q, not a plan starting in %s", p, pk.ID, id, year)
			}
		}
	}
	for y, ids := range years {
		for _, id := range ids {
			if _, ok := seen[id]; !ok {
				t.Errorf("%s (starting in %s) is in no pack", id, y)
			}
		}
	}
}
