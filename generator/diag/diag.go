// Package diag holds the errors and warnings found in plan data. Bad input is
// the normal case in a QMS repository edited by many people, so every finding
// carries the file, line and column it is about and a hint on how to fix it,
// and all findings of a run are collected rather than stopping at the first.
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

// Diagnostic is one finding about the data.
type Diagnostic struct {
	Severity Severity `json:"severity"`
	File     string   `json:"file"`
	Line     int      `json:"line,omitempty"`
	Col      int      `json:"col,omitempty"`
	Message  string   `json:"message"`
	Hint     string   `json:"hint,omitempty"`
}

func (d Diagnostic) String() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", d.Line, d.Col)
	}
	fmt.Fprintf(&b, ": %s: %s", d.Severity, d.Message)
	if d.Hint != "" {
		fmt.Fprintf(&b, " (%s)", d.Hint)
	}
	return b.String()
}

// List collects findings.
type List []Diagnostic

// Errorf adds an error at a position.
func (l *List) Errorf(p Pos, hint, format string, args ...any) {
	*l = append(*l, Diagnostic{Error, p.File, p.Line, p.Col, fmt.Sprintf(format, args...), hint})
}

// Warnf adds a warning at a position.
func (l *List) Warnf(p Pos, hint, format string, args ...any) {
	*l = append(*l, Diagnostic{Warning, p.File, p.Line, p.Col, fmt.Sprintf(format, args...), hint})
}

// HasErrors reports whether any finding is an error.
func (l List) HasErrors() bool {
	for _, d := range l {
		if d.Severity == Error {
			return true
		}
	}
	return false
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

// Pos is a place in a source file. Line and Col start at 1; zero means the
// whole file.
type Pos struct {
	File      string
	Line, Col int
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
