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
func CSV(pf *portfolio.Portfolio) ([]byte, error) {
	tasks := pf.Tasks()
	var b bytes.Buffer
	// Room for rows of a typical size (some 290 bytes), rather than growing
	// the buffer by doubling through a file of tens of megabytes.
	b.Grow(320 * (len(tasks) + 1))
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	w.Write(csvHeader)
	for _, t := range tasks {
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
	w.Flush()
	return b.Bytes(), w.Error()
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
