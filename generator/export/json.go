package export

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/portfolio"
)

// Tasks is tasks.json: every plan of the portfolio with its tasks. Its JSON
// Schema, data/schema/tasks.schema.json, is generated from these types.
type Tasks struct {
	AsOf  string `json:"as_of" jsonschema:"required,format=date,description=The date the exports were made as of (overdue counts from it)."`
	Plans []Plan `json:"plans" jsonschema:"required,description=Plans by start date\\, then slug."`
}

// Plan is one plan (record R-009-001) in tasks.json.
type Plan struct {
	RecordID string `json:"record_id" jsonschema:"required"`
	Slug     string `json:"slug" jsonschema:"required"`
	Title    string `json:"title" jsonschema:"required"`
	Revision int    `json:"revision" jsonschema:"required,minimum=0"`
	State    string `json:"state" jsonschema:"required,description=Document state: draft\\, effective or superseded."`
	Status   string `json:"status" jsonschema:"required,description=The plan's status: a key of data/statuses.yaml."`
	Start    string `json:"start,omitempty" jsonschema:"format=date,description=The first date of its tasks; absent when none is dated."`
	End      string `json:"end,omitempty" jsonschema:"format=date"`
	URL      string `json:"url" jsonschema:"required,description=Site path of the plan's page."`
	Tasks    []Task `json:"tasks" jsonschema:"required,description=In page order."`
}

// Task is one task in tasks.json.
type Task struct {
	Key         string   `json:"key" jsonschema:"required"`
	Name        string   `json:"name" jsonschema:"required"`
	Phase       string   `json:"phase" jsonschema:"required,description=The phase's key."`
	Responsible []string `json:"responsible" jsonschema:"required,description=Role codes of data/roles.yaml."`
	Start       string   `json:"start,omitempty" jsonschema:"format=date,description=Absent when the task is not dated; equal to end for a one-day task."`
	End         string   `json:"end,omitempty" jsonschema:"format=date"`
	Status      string   `json:"status" jsonschema:"required,description=A key of data/statuses.yaml."`
	Milestone   bool     `json:"milestone"`
	Extra       bool     `json:"extra" jsonschema:"description=A task the plan adds to its template."`
	DaysOverdue int      `json:"days_overdue" jsonschema:"minimum=0,description=Days its end lies before as_of while it is open; 0 when not overdue."`
	URL         string   `json:"url" jsonschema:"required,description=Site path of the task's row on its plan's page."`
}

// JSON is tasks.json: one plan a line, in the document's plans array, and
// a final newline. encoding/json escapes <, > and & in strings, so no
// consumer can mistake a name for markup. Each plan is encoded on every
// core, and not indented: at 10,000 plans indenting was twice the encoding
// (a line a plan still reads, and diffs, plan by plan).
func JSON(pf *portfolio.Portfolio) ([]byte, error) { return jsonReusing(pf, nil) }

// jsonReusing is JSON, taking each plan's line from m as the last run drew
// it from the same plan (see Memo).
func jsonReusing(pf *portfolio.Portfolio, m *Memo) ([]byte, error) {
	head, err := json.Marshal(Tasks{AsOf: pf.AsOf.String(), Plans: []Plan{}})
	if err != nil {
		return nil, err
	}
	// head ends with the empty plans array, the last field: `"plans":[]}`.
	open := bytes.TrimSuffix(head, []byte("]}"))
	if len(open) != len(head)-2 {
		return nil, fmt.Errorf("tasks.json: the plans array is not the document's last field: %s", head)
	}
	plans := make([][]byte, len(pf.Plans))
	errs := make([]error, len(pf.Plans))
	parallel.For(len(pf.Plans), func(i int) {
		p := pf.Plans[i]
		plans[i], errs[i] = part(m, func(m *Memo) *parts[*portfolio.Plan, []byte] { return &m.json }, p, func() ([]byte, error) { return json.Marshal(plan(p)) })
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	// Sized once: grown by doubling, copying and clearing the buffer was a
	// third of the file's time at 10,000 plans.
	n := len(open) + len("\n]}\n")
	for _, p := range plans {
		n += len(p) + 2
	}
	var b bytes.Buffer
	b.Grow(n)
	b.Write(open)
	for i, p := range plans {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteByte('\n')
		b.Write(p)
	}
	if len(plans) > 0 {
		b.WriteByte('\n')
	}
	b.WriteString("]}\n")
	return b.Bytes(), nil
}

func plan(p *portfolio.Plan) Plan {
	jp := Plan{RecordID: p.RecordID, Slug: p.Slug, Title: p.Title, Revision: p.Revision, State: p.State,
		Status: p.Status.Key, Start: p.Start.String(), End: p.End.String(), URL: p.URL(), Tasks: []Task{}}
	for _, t := range p.Tasks {
		jp.Tasks = append(jp.Tasks, Task{Key: t.Key, Name: t.Name, Phase: t.Phase.Key,
			Responsible: append([]string{}, t.Roles...), Start: t.Start.String(), End: t.End.String(),
			Status: t.Status.Key, Milestone: t.Milestone, Extra: t.Extra, DaysOverdue: t.DaysOverdue, URL: t.URL()})
	}
	return jp
}
