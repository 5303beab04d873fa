// Package diag holds the errors and warnings found in plan data. Bad input is
// the normal case in a QMS repository edited by many people, so every finding
// carries the file, line and column it is about and a hint on how to fix it,
// and all findings of a run are collected rather than stopping at the first.
//
// The shape follows go/scanner: a Pos with String, a Diagnostic made message
// first (Errorf(pos, "unknown role %q", c).Fix("add it to data/roles.yaml")),
// and a List that is an error through Err.
package diag

import (
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
)

// Severity says whether a finding stops the run.
type Severity string

const (
	Error   Severity = "error"
	Warning Severity = "warning"
)

// Pos is a place in a source file. Line and Col start at 1; zero means the
// whole file.
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"col,omitempty"`
}

// String is file:line:col, or the file alone when the place is the whole file.
func (p Pos) String() string {
	if p.Line <= 0 {
		return p.File
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one finding about the data. Severity comes before the
// embedded Pos so that JSON keeps the field order severity, file, line, col.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	Pos
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

// Errorf is an error at p.
func Errorf(p Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Error, Pos: p, Message: fmt.Sprintf(format, args...)}
}

// Warnf is a warning at p: valid but suspicious data, which does not stop the run.
func Warnf(p Pos, format string, args ...any) Diagnostic {
	return Diagnostic{Severity: Warning, Pos: p, Message: fmt.Sprintf(format, args...)}
}

// Fix returns d with a hint on how to fix it.
func (d Diagnostic) Fix(hint string) Diagnostic {
	d.Hint = hint
	return d
}

func (d Diagnostic) String() string {
	s := fmt.Sprintf("%s: %s: %s", d.Pos, d.Severity, d.Message)
	if d.Hint != "" {
		s += " (" + d.Hint + ")"
	}
	return s
}

// List collects findings.
type List []Diagnostic

// Add appends a finding.
func (l *List) Add(d Diagnostic) { *l = append(*l, d) }

// HasErrors reports whether any finding is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
}

// Err returns an error equivalent to this list when it holds any error, and
// nil when it holds none (warnings alone do not fail a run).
func (l List) Err() error {
	if !l.HasErrors() {
		return nil
	}
	return l
}

// Error names the first error and how many more there are, as
// go/scanner.ErrorList does.
func (l List) Error() string {
	n, _ := l.Count()
	for _, d := range l {
		if d.Severity != Error {
			continue
		}
		if n == 1 {
			return d.String()
		}
		return fmt.Sprintf("%s (and %d more errors)", d, n-1)
	}
	return "no errors"
}

// Count returns the number of errors and warnings.
func (l List) Count() (errors, warnings int) {
	for _, d := range l {
		if d.Severity == Error {
			errors++
		} else {
			warnings++
		}
	}
	return
}

// Sort orders findings by file and position so output is stable.
func (l List) Sort() {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Message < b.Message
	})
}

// Format names an output format for findings.
type Format string

const (
	Text   Format = "text"
	JSON   Format = "json"
	GitHub Format = "github"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case Text, JSON, GitHub:
		return f, nil
	}
	return "", fmt.Errorf("unknown format %q: use text, json or github", s)
}

// Write prints findings in the given format.
func (l List) Write(w io.Writer, f Format) error {
	switch f {
	case JSON:
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		out := l
		if out == nil {
			out = List{}
		}
		return enc.Encode(out)
	case GitHub:
		for _, d := range l {
			// GitHub workflow commands: properties are escaped differently
			// from the message, and newlines must never end a command early.
			fmt.Fprintf(w, "::%s file=%s,line=%d,col=%d::%s\n", d.Severity,
				ghProp(d.File), max(d.Line, 1), max(d.Col, 1), ghData(msgWithHint(d)))
		}
		return nil
	default:
		for _, d := range l {
			fmt.Fprintln(w, d.String())
		}
		return nil
	}
}

func msgWithHint(d Diagnostic) string {
	if d.Hint == "" {
		return d.Message
	}
	return d.Message + " (" + d.Hint + ")"
}

func ghData(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(s)
}

func ghProp(s string) string {
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C").Replace(s)
}
