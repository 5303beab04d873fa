package skeleton_test

import (
	"strings"
	"testing"

	"github.com/spf13/afero"

	"github.com/qmsplan/qmsplan/generator/load"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/skeleton"
)

// The tasks come in the template's order, each phase headed by a comment and
// each task named by one, not in a Go map's alphabetical order.
func TestTasksInTemplateOrder(t *testing.T) {
	data, ds := load.Load(afero.NewReadOnlyFs(afero.NewOsFs()), "../..")
	if err := ds.Err(); err != nil {
		t.Fatal(err)
	}
	var tmpl *model.Template
	for _, x := range data.Templates {
		if x.Key == "integrated-json-only" {
			tmpl = x
		}
	}
	if tmpl == nil {
		t.Fatal("no template integrated-json-only in data/templates")
	}
	b, err := skeleton.Plan(tmpl, "2026-12-01-xx-acme-api", model.MustDate("2026-12-01"), data.Statuses.Default())
	if err != nil {
		t.Fatal(err)
	}
	want := "tasks:\n" +
		"  # 🧭 Definition & planning\n" +
		"  conception: # Project conception and initiation\n" +
		"    status: pending\n" +
		"  planning: # Definition and planning\n" +
		"    status: pending\n"
	if !strings.Contains(string(b), want) {
		t.Errorf("skeleton lacks\n%s\nin\n%s", want, b)
	}
	if !strings.Contains(string(b), "\n    date: \"2026-12-01\"\n") {
		t.Errorf("skeleton lacks the author's date:\n%s", b)
	}
}
