package docusaurus

import (
	"strings"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

// docReader collects a record's document control from under its "Document
// control" heading: bullets (Document ID, Revision, State, Effective date,
// Superseded by), a signature table (rows Written by / Reviewed by /
// Approved by: Name | Role | Date) and a version-control table (Revision |
// Date | Reason | Author).
type docReader struct {
	d   model.DocControl
	has map[string]bool
}

func (r *docReader) part(pt part) {
	if r.has == nil {
		r.has = map[string]bool{}
	}
	switch pt.kind {
	case "list":
		for _, f := range fields(pt) {
			r.has[norm(f.label)] = true
			v := plain(f.value)
			switch norm(f.label) {
			case "document id", "record id", "id":
				r.d.ID = v
			case "revision", "version":
				r.d.Revision, _ = atoi(v)
			case "state":
				r.d.State = v
			case "effective date", "effective":
				r.d.Effective, _ = model.ParseDate(v)
			case "superseded by":
				r.d.SupersededBy = v
			}
		}
	case "table":
		header, rows := pt.cells()
		if len(header) >= 3 && isRevisionHeader(header) {
			r.has["history"] = true
			cols := map[string]int{}
			for i, h := range header {
				cols[norm(h)] = i
			}
			get := func(row []string, names ...string) string {
				for _, n := range names {
					if i, ok := cols[n]; ok && i < len(row) {
						return plain(row[i])
					}
				}
				return ""
			}
			for _, row := range rows {
				rev, _ := atoi(get(row, "revision", "version"))
				d, _ := model.ParseDate(get(row, "date"))
				r.d.History = append(r.d.History, model.Revision{Revision: rev, Date: d,
					Reason: get(row, "reason", "description"), Author: get(row, "author")})
			}
			return
		}
		for _, row := range rows {
			if len(row) < 4 {
				continue
			}
			d, _ := model.ParseDate(plain(row[3]))
			s := model.Signature{Name: plain(row[1]), Role: plain(row[2]), Date: d}
			switch norm(row[0]) {
			case "written by", "author":
				r.has["author"] = true
				r.d.Author = s
			case "reviewed by", "reviewer":
				r.d.Reviewer = &s
			case "approved by", "approver":
				r.d.Approver = &s
			}
		}
	}
}

// isDocTable reports whether a table is a version-control or a signature
// table.
func isDocTable(pt part) bool {
	header, rows := pt.cells()
	if len(header) >= 3 && isRevisionHeader(header) {
		return true
	}
	for _, row := range rows {
		if len(row) >= 4 {
			switch norm(row[0]) {
			case "written by", "reviewed by", "approved by":
				return true
			}
		}
	}
	return false
}

func isRevisionHeader(h []string) bool {
	n := 0
	for _, c := range h {
		switch norm(c) {
		case "revision", "version", "date", "reason":
			n++
		}
	}
	return n >= 3
}

// control returns the document control, filling what the page does not
// say so that the plan is valid, and reporting each gap: a person must
// supply it.
func (r *docReader) control(b *body, p *model.Plan, asOf model.Date, ds *diag.List) model.DocControl {
	d := r.d
	top := b.pos(0, 1)
	if d.ID == "" {
		d.ID = "R-009-001-[" + strings.TrimPrefix(p.Slug, "R-009-001-") + "]"
		ds.Add(diag.Warnf(top, "no Document ID on the page; wrote %s", d.ID).
			Fix("replace document.id with the record's ID, e.g. R-009-001-2025-014"))
	}
	if !r.has["revision"] && !r.has["version"] && len(d.History) > 0 {
		d.Revision = d.History[len(d.History)-1].Revision
	}
	if !r.has["author"] {
		d.Author = model.Signature{Name: "[AUTHOR]", Role: "JD-013", Date: asOf}
		ds.Add(diag.Warnf(top, "no 'Written by' signature on the page; wrote [AUTHOR] (JD-013), dated %s", asOf).
			Fix("fill document.author with who wrote the record"))
	}
	if d.State == "" {
		d.State = model.StateDraft
		if d.Approver != nil {
			d.State = model.StateEffective
		}
		ds.Add(diag.Warnf(top, "no State on the page; wrote %s", d.State).
			Fix("check document.state: draft, effective or superseded"))
	}
	if d.State != model.StateDraft && d.Effective.IsZero() && d.Approver != nil {
		d.Effective = d.Approver.Date
	}
	return d
}
