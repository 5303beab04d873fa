package gantt

import (
	"flag"
	"fmt"
	"html"
	"math/rand/v2"
	"os"
	"strings"
	"testing"

	"github.com/qmsplan/qmsplan/generator/model"
)

var exampleOut = flag.String("example-out", "", "write an HTML page of sample charts (1, 14 and 300 lanes, a plan's own) to this file, to look at")

var sampleAsOf = model.MustDate("2026-12-01")

var phaseNames = []string{"Kickoff", "Discovery", "Configuration", "Integration", "Validation", "Training", "Go-live"}

// samplePlan is a made-up plan: seven phases one after the other, each with
// a few tasks, and a go-live milestone; statuses follow the as-of date.
func samplePlan(r *rand.Rand, i int) (Lane, []Lane) {
	name := fmt.Sprintf("R-009-001 %s %d", []string{"BR J&J", "DE Charité Berlin", "US Mayo Clinic Rochester OncoDerm AE rollout", "FR AP-HP"}[i%4], 20260000+i)
	slug := fmt.Sprintf("/records/GP-009/r-009-001/plan-%d/", i)
	plan := Lane{Label: name, Href: slug}
	var phases []Lane
	d := sampleAsOf.AddDays(-200 + r.IntN(300))
	for p, pn := range phaseNames {
		phase := Lane{Label: pn, Href: slug + "#" + strings.ToLower(pn)}
		start := d
		for t := range 1 + r.IntN(3) {
			s := d.AddDays(r.IntN(5))
			e := s.AddDays(3 + r.IntN(20))
			b := Bar{Label: fmt.Sprintf("%s task %d", pn, t+1), Href: fmt.Sprintf("%s#task-%d-%d", slug, p, t), Start: s, End: e, Kind: Task}
			b.Status, b.Overdue = sampleStatus(r, s, e)
			phase.Bars = append(phase.Bars, b)
			if e.After(d) {
				d = e
			}
		}
		sum := Bar{Label: pn, Href: phase.Href, Start: start, End: d, Kind: Summary}
		sum.Status, sum.Overdue = sampleStatus(r, start, d)
		plan.Bars = append(plan.Bars, sum)
		phase.Bars = append([]Bar{sum}, phase.Bars...)
		phases = append(phases, phase)
		d = d.AddDays(1)
	}
	ms := Bar{Label: "Go-live", Href: slug + "#go-live", Start: d, End: d, Kind: Milestone}
	ms.Status, ms.Overdue = sampleStatus(r, d, d)
	plan.Bars = append(plan.Bars, ms)
	phases[len(phases)-1].Bars = append(phases[len(phases)-1].Bars, ms)
	return plan, phases
}

func sampleStatus(r *rand.Rand, s, e model.Date) (string, bool) {
	switch {
	case r.IntN(15) == 0:
		return "blocked", e.Before(sampleAsOf)
	case r.IntN(25) == 0:
		return "cancelled", false
	case e.Before(sampleAsOf) && r.IntN(6) == 0:
		return "in-progress", true
	case e.Before(sampleAsOf):
		return "done", false
	case s.After(sampleAsOf):
		return "pending", false
	}
	return "in-progress", false
}

func BenchmarkRender100(b *testing.B) {
	c := sampleChart("bench", MaxLanes)
	for b.Loop() {
		if _, err := Render(c, testStyles); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRenderPlan draws a plan page's own chart, a lane per phase:
// every plan page has one, so at scale they cost more than the portfolio's.
func BenchmarkRenderPlan(b *testing.B) {
	_, phases := samplePlan(rand.New(rand.NewPCG(7, 5)), 2)
	c := Chart{ID: "plan-gantt", Title: "A plan: phases and tasks", Desc: "Each phase's summary and its tasks.", AsOf: sampleAsOf, Lanes: phases}
	for b.Loop() {
		if _, err := Render(c, testStyles); err != nil {
			b.Fatal(err)
		}
	}
}

func sampleChart(id string, n int) Chart {
	r := rand.New(rand.NewPCG(1, uint64(n)))
	c := Chart{ID: id, Title: fmt.Sprintf("Portfolio: %d plans", n), Desc: "Phases and go-live of each plan, by date.", AsOf: sampleAsOf}
	for i := range n {
		plan, _ := samplePlan(r, i)
		c.Lanes = append(c.Lanes, plan)
	}
	return c
}

// TestWriteExample renders sample charts, a plan's own among them, and
// with -example-out writes them to look at:
// go test ./generator/gantt -run TestWriteExample -example-out /tmp/g.html
// (and /tmp/g.svg, one chart alone).
func TestWriteExample(t *testing.T) {
	var page strings.Builder
	page.WriteString(`<!doctype html><meta charset="utf-8"><title>Gantt samples</title>
<style>@page { size: A4 landscape; margin: 10mm } @media print { body { margin: 0 } } body { font-family: sans-serif; margin: 1em }
figure { margin: 0 0 2em } @media print { figure { break-inside: avoid; break-after: page; margin: 0 } .screen, h2 { display: none } }
@media screen { .print { display: none } }</style>`)
	emit := func(class, heading string, charts []Chart) {
		fmt.Fprintf(&page, "<section class=%q><h2>%s</h2>", class, html.EscapeString(heading))
		for _, c := range charts {
			b, err := Render(c, testStyles)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&page, "<figure class=\"chunk\">%s</figure>\n", b)
		}
		page.WriteString("</section>")
	}
	r := rand.New(rand.NewPCG(7, 5))
	_, phases := samplePlan(r, 2)
	own := Chart{ID: "own", Title: "Plan R-009-001 US Mayo Clinic: phases and tasks", Desc: "Each phase's summary and its tasks.", AsOf: sampleAsOf, Lanes: phases}
	one := sampleChart("one", 1)
	one.Lanes[0].Label = `<script>alert(1)</script> & "x"`
	span := func(id string, days int) Chart {
		c := Chart{ID: id, Title: fmt.Sprintf("A span of %d days", days), AsOf: sampleAsOf, From: sampleAsOf.AddDays(-days / 3)}
		c.To = c.From.AddDays(days - 1)
		for i := range 6 {
			s := c.From.AddDays(i * days / 7)
			c.Lanes = append(c.Lanes, Lane{Label: fmt.Sprintf("Lane %d", i+1), Bars: []Bar{
				{Label: "Task", Start: s, End: s.AddDays(days / 8), Status: "in-progress", Overdue: i == 1},
				{Label: "Milestone", Start: s.AddDays(days / 7), End: s.AddDays(days / 7), Kind: Milestone, Status: "pending"},
			}})
		}
		return c
	}
	for _, sc := range []struct {
		name  string
		chart Chart
	}{
		{"1 plan", one}, {"14 plans", sampleChart("fourteen", 14)}, {"a plan's own", own},
		{"no plans", Chart{ID: "none", Title: "No plans", AsOf: sampleAsOf}},
		{"two weeks", span("weeks", 14)}, {"ten years", span("years", 3652)},
		{"300 plans", sampleChart("many", 300)},
	} {
		emit("screen", sc.name+" (pages of 100)", Pages(sc.chart, MaxLanes))
		// ids are unique in a page: the hidden screen copy would otherwise
		// hold the stripes the print copy points at.
		print := sc.chart
		print.ID += "-print"
		emit("print", sc.name+" (print chunks)", Chunks(print, PrintRows))
	}
	if *exampleOut == "" {
		return
	}
	if err := os.WriteFile(*exampleOut, []byte(page.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	// The same chart alone, as a file opened with no page and no CSS.
	alone, err := Render(sampleChart("alone", 14), testStyles)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(strings.TrimSuffix(*exampleOut, ".html")+".svg", []byte(alone), 0o644); err != nil {
		t.Fatal(err)
	}
}
