package export

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strconv"
	"strings"

	"github.com/qmsplan/qmsplan/generator/internal/parallel"
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
// them from the same plan (see Memo). Without m the rows go straight into
// the file, as the fastest way to write them once; with m each plan's are
// written on their own (on every core) to be kept, then joined:
// encoding/csv keeps nothing from row to row, so the bytes are the same.
func csvReusing(pf *portfolio.Portfolio, m *Memo) ([]byte, error) {
	if m == nil {
		tasks := 0
		for _, p := range pf.Plans {
			tasks += len(p.Tasks)
		}
		b, w := csvWriter(tasks + 1)
		w.Write(csvHeader)
		for _, p := range pf.Plans {
			writeRows(w, p)
		}
		w.Flush()
		return b.Bytes(), w.Error()
	}
	b, w := csvWriter(1)
	w.Write(csvHeader)
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, err
	}
	head := b.Bytes()
	plans := make([][]byte, len(pf.Plans))
	errs := make([]error, len(pf.Plans))
	parallel.For(len(pf.Plans), func(i int) {
		p := pf.Plans[i]
		plans[i], errs[i] = part(m, func(m *Memo) *parts[*portfolio.Plan, []byte] { return &m.csv }, p, func() ([]byte, error) {
			b, w := csvWriter(len(p.Tasks))
			writeRows(w, p)
			w.Flush()
			return b.Bytes(), w.Error()
		})
	})
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	n := len(head)
	for _, p := range plans {
		n += len(p)
	}
	// Sized once, rather than grown by doubling through a file of tens of
	// megabytes.
	out := make([]byte, 0, n)
	out = append(out, head...)
	for _, p := range plans {
		out = append(out, p...)
	}
	return out, nil
}

// csvWriter is a writer of rows as tasks.csv has them (CRLF), into a
// buffer with room for n rows of a typical size (some 290 bytes), rather
// than one grown by doubling.
func csvWriter(n int) (*bytes.Buffer, *csv.Writer) {
	var b bytes.Buffer
	b.Grow(320 * n)
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	return &b, w
}

// writeRows writes p's tasks as rows of tasks.csv.
func writeRows(w *csv.Writer, p *portfolio.Plan) {
	for _, t := range p.Tasks {
		row := []string{
			t.Plan.RecordID, t.Plan.Slug, t.Plan.Title, t.Plan.Status.Key, t.Phase.Key, t.Key, t.Name,
			responsible(t), t.Start.String(), t.End.String(), t.Status.Key,
			strconv.FormatBool(t.Milestone), strconv.Itoa(t.DaysOverdue), t.URL(),
		}
		for i := range row {
			row[i] = Neutralise(row[i])
		}
		w.Write(row)
	}
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
