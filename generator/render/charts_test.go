package render

import (
	"reflect"
	"testing"

	"github.com/qmsplan/qmsplan/generator/gantt"
	"github.com/qmsplan/qmsplan/generator/model"
)

// TestChartKey changes every field of a chart and of its styles, one at a
// time (found by reflection, so a field added to gantt.Chart, Lane, Bar or
// Style is changed too), and wants each change to change chartKey: a field
// the key left out would let Charts hand back a drawing of another chart.
func TestChartKey(t *testing.T) {
	base := func() (gantt.Chart, gantt.Styles) {
		d := model.MustDate("2026-01-05")
		return gantt.Chart{ID: "g", Title: "t", Desc: "d", AsOf: d, From: d, To: d,
				Lanes: []gantt.Lane{{Label: "l", Href: "h", Bars: []gantt.Bar{{Label: "b", Href: "bh", Start: d, End: d,
					Kind: gantt.Task, Status: "s", Overdue: false}}}}},
			gantt.Styles{{Key: "k", Colour: "c", Pattern: "p", Label: "sl"}}
	}
	c0, s0 := base()
	want := chartKey(c0, s0)
	// Each leaf of the chart and the styles, as a path of field indexes
	// (a slice's first element stands for its elements).
	var leaves func(v reflect.Value, at []int, out *[][]int)
	leaves = func(v reflect.Value, at []int, out *[][]int) {
		switch {
		case v.Type() == reflect.TypeOf(model.Date{}):
			*out = append(*out, at)
		case v.Kind() == reflect.Struct:
			for i := range v.NumField() {
				leaves(v.Field(i), append(append([]int(nil), at...), i), out)
			}
		case v.Kind() == reflect.Slice:
			*out = append(*out, append(append([]int(nil), at...), -1)) // its length
			leaves(v.Index(0), append(append([]int(nil), at...), 0), out)
		default:
			*out = append(*out, at)
		}
	}
	type root struct {
		C gantt.Chart
		S gantt.Styles
	}
	var paths [][]int
	leaves(reflect.ValueOf(root{c0, s0}), nil, &paths)
	if len(paths) < 20 {
		t.Fatalf("found %d fields, fewer than the chart has", len(paths))
	}
	for _, at := range paths {
		c, s := base()
		r := root{c, s}
		v := reflect.ValueOf(&r).Elem()
		for i, step := range at {
			switch {
			case step == -1:
				v.Set(reflect.Append(v, v.Index(0))) // one element more
			case v.Kind() == reflect.Slice:
				v = v.Index(step)
			default:
				v = v.Field(step)
			}
			if i == len(at)-1 && step != -1 {
				switch {
				case v.Type() == reflect.TypeOf(model.Date{}):
					v.Set(reflect.ValueOf(model.MustDate("2026-01-06")))
				case v.Kind() == reflect.String:
					v.SetString(v.String() + "x")
				case v.Kind() == reflect.Bool:
					v.SetBool(!v.Bool())
				case v.Kind() == reflect.Int:
					v.SetInt(v.Int() + 1)
				default:
					t.Fatalf("field %v: a %s, which the test does not know how to change", at, v.Type())
				}
			}
		}
		if chartKey(r.C, r.S) == want {
			t.Errorf("changing field %v of the chart or styles left chartKey as it was", at)
		}
	}
}

// TestChartsDraw: a chart drawn through Charts is gantt.Render's, whether
// drawn or reused, and only a changed chart is drawn again.
func TestChartsDraw(t *testing.T) {
	d := model.MustDate("2026-01-05")
	styles := gantt.Styles{{Key: "s", Colour: "var(--x, #000000)", Pattern: "solid", Label: "S"}}
	chart := func(label string) gantt.Chart {
		return gantt.Chart{ID: "g", Title: "t", AsOf: d,
			Lanes: []gantt.Lane{{Label: label, Bars: []gantt.Bar{{Label: "b", Start: d, End: d.AddDays(3), Status: "s"}}}}}
	}
	var charts Charts
	for _, run := range []struct {
		labels []string
		drawn  int
	}{
		{[]string{"a", "b"}, 2},
		{[]string{"a", "b"}, 0},
		{[]string{"a", "c"}, 1},
		{[]string{"b"}, 1}, // b was the run before last's: gone
	} {
		charts.begin()
		for _, l := range run.labels {
			got, _, err := charts.draw(chart(l), styles)
			want, err2 := gantt.Render(chart(l), styles)
			if err != nil || err2 != nil || got != want {
				t.Errorf("%v: lane %s drawn differently from gantt.Render (%v, %v)", run.labels, l, err, err2)
			}
		}
		charts.end(true)
		if n := charts.Drawn(); n != run.drawn {
			t.Errorf("%v: drew %d charts, want %d", run.labels, n, run.drawn)
		}
	}
}
