package portfolio

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

// Finding is valid but suspicious data: where the data says it and the
// plan (and task, if any) it is about.
type Finding struct {
	Pos  diag.Pos
	Msg  string
	Plan *Plan
	Task *Task // nil when the finding is about the plan
}

// Findings returns the portfolio's own data-quality findings about its
// plans and tasks, in portfolio order: tasks after the plan's stated dates (see outside),
// and plans whose every task is closed but which were never closed.
func (pf *Portfolio) Findings() []Finding {
	var out []Finding
	for _, p := range pf.Plans {
		if !p.StatedStart.IsZero() {
			for _, t := range p.Tasks {
				if f, ok := outside(p, t); ok {
					out = append(out, f)
				}
			}
		}
		if f, ok := unclosed(p); ok {
			out = append(out, f)
		}
	}
	return out
}

// Grace around the plan's stated span: the template's definition and
// contract phases come before the desired start by design (the
// samples' definition begins months before it), and the close after the service (its
// report and meeting up to three months after). Beyond these a date is a
// wrong year or a start_date or duration that was not updated.
const (
	graceBefore = 365
	graceAfter  = 90
)

// outside finds a task that lies wholly outside its plan's dates, the
// graces included: it ends too long before the stated start, or starts too
// long after the stated end.
func outside(p *Plan, t *Task) (Finding, bool) {
	f := Finding{Pos: t.Src, Plan: p, Task: t}
	switch {
	case !t.Dated():
		return Finding{}, false
	case t.End.Before(p.StatedStart.AddDays(-graceBefore)):
		f.Msg = fmt.Sprintf("task %q ends on %s, more than %d days before the plan's start_date %s: correct the task's dates or the plan's start_date",
			t.Name, t.End, graceBefore, p.StatedStart)
	case !p.StatedEnd.IsZero() && t.Start.After(p.StatedEnd.AddDays(graceAfter)):
		f.Msg = fmt.Sprintf("task %q starts on %s, more than %d days after the plan's end %s (start_date %s plus duration): correct the task's dates or the plan's duration",
			t.Name, t.Start, graceAfter, p.StatedEnd, p.StatedStart)
	default:
		return Finding{}, false
	}
	return f, true
}

// unclosed finds a plan with no open task and no close: every task is
// closed, yet the plan's status is not a closed one (a status: override
// keeps it open), or the plan counts as completed although no task of its
// last phase, the close, was completed (the close was skipped).
func unclosed(p *Plan) (Finding, bool) {
	if len(p.Tasks) == 0 {
		return Finding{}, false
	}
	for _, t := range p.Tasks {
		if t.Open() {
			return Finding{}, false
		}
	}
	f := Finding{Pos: p.StatusSrc, Plan: p}
	if !p.Status.Closed {
		f.Msg = fmt.Sprintf("plan %q has no open task but its status is %q, not a closed one: close the plan (status:) or reopen the task still to do", p.Label, p.Status.Key)
		return f, true
	}
	last := p.Phases[len(p.Phases)-1]
	if !p.Status.Completed {
		return Finding{}, false // cancelled as a whole: nothing to close
	}
	for _, t := range last.Tasks {
		if t.Status.Completed {
			return Finding{}, false
		}
	}
	f.Msg = fmt.Sprintf("plan %q has no open task but no task of its close phase %q was completed: record the close (or cancel the plan)", p.Label, last.Title)
	return f, true
}

// stated is the span the plan states in its own fields: start_date, when it
// is a YYYY-MM-DD date, and that plus duration's quantities ("5 months of
// development, then 24 months of service" is 29 months; text in brackets
// is a remark, not a quantity). Both are zero when start_date is not a
// date; the end is zero when duration names no quantity.
func stated(fields map[string]string) (start, end model.Date) {
	start, err := model.ParseDate(fields["start_date"])
	if err != nil {
		return model.Date{}, model.Date{}
	}
	dur := brackets.ReplaceAllString(fields["duration"], "")
	var y, m, d int
	for _, q := range quantity.FindAllStringSubmatch(dur, -1) {
		n, _ := strconv.Atoi(q[1])
		switch strings.ToLower(q[2]) {
		case "day":
			d += n
		case "week":
			d += 7 * n
		case "month":
			m += n
		case "year":
			y += n
		}
	}
	if y+m+d == 0 {
		return start, model.Date{}
	}
	return start, model.DateOf(start.Time().AddDate(y, m, d))
}

var (
	brackets = regexp.MustCompile(`\([^)]*\)`)
	quantity = regexp.MustCompile(`(?i)\b(\d+)[ -](day|week|month|year)s?\b`)
)
