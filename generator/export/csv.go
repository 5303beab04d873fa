package export

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"

	"github.com/qmsplan/qmsplan/generator/portfolio"
)

// csvHeader names the columns of tasks.csv, one row per task.
var csvHeader = []string{
	"record_id", "plan", "plan_title", "plan_status", "phase", "task_key", "task",
	"responsible", "start", "end", "status", "milestone", "days_overdue", "url",
}

// CSV is every task of the portfolio as RFC 4180 CSV (UTF-8, CRLF, a header
// row), plans in portfolio order, tasks in page order. Statuses are their
// keys, the words plans write. Every cell is neutralised against formula
// injection.
func CSV(pf *portfolio.Portfolio) ([]byte, error) { return csvReusing(pf, nil) }

// csvReusing is CSV, taking each plan's rows from m as the last run drew
// them from the same plan (see Memo). A plan's rows are written as the
// file's writer would write them: encoding/csv keeps nothing from row to
// row.
func csvReusing(pf *portfolio.Portfolio, m *Memo) ([]byte, error) {
	head, err := csvRows([][]string{csvHeader})
	if err != nil {
		return nil, err
	}
	plans := make([][]byte, len(pf.Plans))
	n := len(head)
	for i, p := range pf.Plans {
		if plans[i], err = part(m, func(m *Memo) *parts[*portfolio.Plan, []byte] { return &m.csv }, p, func() ([]byte, error) { return planRows(p) }); err != nil {
			return nil, err
		}
		n += len(plans[i])
	}
	// Sized once, rather than grown by doubling through a file of tens of
	// megabytes.
	b := make([]byte, 0, n)
	b = append(b, head...)
	for _, p := range plans {
		b = append(b, p...)
	}
	return b, nil
}

// planRows is p's tasks as rows of tasks.csv.
func planRows(p *portfolio.Plan) ([]byte, error) {
	rows := make([][]string, len(p.Tasks))
	for j, t := range p.Tasks {
		row := []string{
			t.Plan.RecordID, t.Plan.Slug, t.Plan.Title, t.Plan.Status.Key, t.Phase.Key, t.Key, t.Name,
			responsible(t), t.Start.String(), t.End.String(), t.Status.Key,
			strconv.FormatBool(t.Milestone), strconv.Itoa(t.DaysOverdue), t.URL(),
		}
		for i := range row {
			row[i] = Neutralise(row[i])
		}
		rows[j] = row
	}
	return csvRows(rows)
}

// csvRows is rows written by encoding/csv as tasks.csv has them (CRLF).
func csvRows(rows [][]string) ([]byte, error) {
	var b bytes.Buffer
	// Room for rows of a typical size (some 290 bytes).
	b.Grow(320 * len(rows))
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Neutralise keeps a spreadsheet from running a cell as a formula, as
// OWASP's CSV injection advice says: a cell starting with = + - @, a tab, a
// CR or an LF gets a leading single quote, which spreadsheets show as text.
// encoding/csv quotes the cell where its content needs it.
func Neutralise(cell string) string {
	if cell != "" && strings.ContainsRune("=+-@\t\r\n", rune(cell[0])) {
		return "'" + cell
	}
	return cell
}
