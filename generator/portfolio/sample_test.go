package portfolio_test

import (
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/portfolio"
	"github.com/qmsplan/qmsplan/generator/validate"
)

// On the shipped sample data, the portfolio holds exactly the plan pages'
// task rows, and its views partition them.
func TestSampleDataRowsAreThePlanPagesRows(t *testing.T) {
	data, ds := load.Load(afero.NewOsFs(), "../..")
	asOf := model.MustDate("2026-12-01")
	ds = append(ds, validate.Check(data, asOf, nil)...)
	if err := ds.Err(); err != nil {
		t.Fatal(err)
	}
	pf := portfolio.Build(data, asOf)
	ix := data.Index()
	rows := 0
	for _, p := range data.Plans {
		for _, ph := range model.Resolve(ix.Templates[p.Template], p) {
			rows += len(ph.Rows)
		}
	}
	if got := len(pf.Tasks()); got != rows || rows == 0 {
		t.Fatalf("%d portfolio tasks, %d rows on the plan pages", got, rows)
	}
	n := 0
	for _, c := range pf.ByStatus() {
		n += c.N
	}
	if n != rows {
		t.Errorf("status counts add up to %d of %d", n, rows)
	}
	seen := map[string]bool{}
	for _, x := range pf.Tasks() {
		if seen[x.URL()] {
			t.Errorf("two tasks link to %s", x.URL())
		}
		seen[x.URL()] = true
	}
	for _, x := range pf.Overdue() {
		if !x.End.Before(asOf) || !x.Open() {
			t.Errorf("%s listed overdue: ends %s, status %s", x.URL(), x.End, x.Status.Key)
		}
	}
	if len(pf.Plans) != len(data.Plans) {
		t.Errorf("%d plans of %d", len(pf.Plans), len(data.Plans))
	}
}
