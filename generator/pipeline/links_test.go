package pipeline_test

import (
	"context"
	"testing"

	"github.com/qmsplan/qmsplan/generator/internal/datatest"
	"github.com/qmsplan/qmsplan/generator/pipeline"
)

// A broken link that only the built site shows is reported at the line
// and column of the file where it is written (a data file, or a hand-written
// page), once, even when every page made from a template repeats it; the
// model is not needed for that.
func TestBrokenLinksAtTheirLine(t *testing.T) {
	for _, tc := range []struct {
		name           string
		file, old, new string
		line, col      int
	}{
		{"an anchor", datatest.PlanFile, "scope: Pilot in two hospitals.", "scope: Pilot in [two](#nowhere) hospitals.", 14, 25},
		{"a relative link", datatest.PlanFile, "scope: Pilot in two hospitals.", "scope: Pilot in [two](../nowhere/) hospitals.", 14, 25},
		{"a reference defined in another section", datatest.PlanFile, "scope: Pilot in two hospitals.", "scope: Pilot in [two][ref] hospitals.\n      - text: x", 0, 0},
		{"an anchor in a hand-written page", "content/about.md", "About us.", "About [us](#nowhere).", 4, 12},
		{"an anchor in a template's text", datatest.TmplFile, "      - placeholder: SCOPE_HERE\n", "      - text: See [it](#nowhere).\n      - placeholder: SCOPE_HERE\n", 16, 24},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tr := smallSite(t)
			tr.Edit(t, tc.file, tc.old, tc.new)
			line, col := tc.line, tc.col
			if tc.line == 0 {
				// The reference is used in scope, defined in an extra section.
				tr.Edit(t, datatest.PlanFile, "      - text: x\n", "")
				tr.Edit(t, datatest.PlanFile, "- text: What success looks like.", "- text: \"What success looks like.\\n\\n[ref]: ../nowhere/\"")
				line, col = 31, 51
			}
			fsys := tr.FS(t)
			res := prepare(t, fsys)
			res.DropModel() // as qmsplan build and check do
			sum, err := pipeline.Build(context.Background(), fsys, res, pipeline.Options{})
			if err == nil {
				t.Fatal("the build passed")
			}
			if len(sum.Diags) != 1 {
				t.Fatalf("%d findings, want 1:\n%v", len(sum.Diags), sum.Diags)
			}
			d := sum.Diags[0]
			if d.File != tc.file || d.Line != line || d.Col != col {
				t.Errorf("finding at %s, want %s:%d:%d: %s", d.Pos, tc.file, line, col, d)
			}
		})
	}
}
