package validate

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

func (v *checker) template(t *model.Template) {
	v.anchors = taskAnchors(t, nil)
	v.nonEmpty(t.Src, "key", t.Key)
	v.nonEmpty(t.Src, "title", t.Title)
	v.short(t.Src, "title", t.Title, maxTitle)
	v.short(t.Src, "sidebar_label", t.LinkTitle, maxLabel)
	v.slug(t.Src, t.Slug)
	sectionKeys := map[string]diag.Pos{}
	fieldKeys := map[string]diag.Pos{}
	taskSections := 0
	model.Walk(t.Sections, func(s *model.Section, _ int) {
		v.nonEmpty(s.Src, "title", s.Title)
		v.unique(sectionKeys, s.Key, s.Src.At("key"), "section key")
		if s.Tasks {
			taskSections++
		}
		for _, f := range s.Fields {
			v.unique(fieldKeys, f.Key, f.Src.At("key"), "field key")
			if (f.Value == "") == (f.Placeholder == "") {
				v.ds.Add(diag.Errorf(f.Src.Pos, "field %s needs exactly one of value and placeholder", diag.Quote(f.Key)).Fix("give the fixed text as value:, or a placeholder: that plans fill"))
			}
		}
		v.blocks(s.Content, true)
	})
	if taskSections != 1 {
		v.ds.Add(diag.Errorf(t.Src.At("sections"), "%d sections have tasks: true; exactly one must", taskSections).Fix("mark the one section that holds the task tables with tasks: true"))
	}
	phaseKeys := map[string]diag.Pos{}
	taskKeys := map[string]diag.Pos{}
	if len(t.Phases) == 0 && t.Src.File != "" {
		v.ds.Add(diag.Errorf(t.Src.At("phases"), "the template has no phases").Fix("list the project phases (the portal's templates have seven), each with its tasks"))
	}
	for _, ph := range t.Phases {
		if len(ph.Tasks) == 0 && ph.Key != "" {
			v.ds.Add(diag.Warnf(ph.Src.Pos, "phase %s has no tasks: its table will be empty", diag.Quote(ph.Key)).Fix("add its tasks, or remove the phase"))
		}
		v.unique(phaseKeys, ph.Key, ph.Src.At("key"), "phase key")
		v.nonEmpty(ph.Src, "title", ph.Title)
		v.columns(ph)
		for _, task := range ph.Tasks {
			v.unique(taskKeys, task.Key, task.Src.At("key"), "task key")
			v.nonEmpty(task.Src, "name", task.Name)
			v.responsible(task.Src.At("responsible"), task.Responsible)
		}
	}
	if t.Document != nil {
		v.document(t.Document)
	}
	model.Walk(t.Sections, func(s *model.Section, _ int) {
		v.headingID(s.Src.At("title"), "section title", s.Title, v.anchors)
	})
	for _, ph := range t.Phases {
		v.headingID(ph.Src.At("title"), "phase title", phaseHeading(ph), v.anchors)
	}
}

// phaseHeading is the text of a phase's heading as the page writes it
// (render's drawPage): its emoji, a space, its title.
func phaseHeading(ph model.Phase) string { return ph.Emoji + " " + ph.Title }

// taskAnchors maps the anchor of each task row of a page to its task key:
// the template's tasks and a plan's extra tasks.
func taskAnchors(t *model.Template, p *model.Plan) map[string]string {
	out := map[string]string{}
	for _, ph := range t.Phases {
		for _, task := range ph.Tasks {
			out[paths.TaskAnchor(task.Key)] = task.Key
		}
	}
	if p != nil {
		for _, x := range p.ExtraTasks {
			out[paths.TaskAnchor(x.Key)] = x.Key
		}
	}
	return out
}

// headingID reports a heading whose id, as Hugo makes it, is the anchor of
// a task row of the same page: the page would have the id twice, and a link
// to #task-<key> could lead to either.
func (v *checker) headingID(pos diag.Pos, what, heading string, anchors map[string]string) {
	id := paths.HeadingID(heading)
	if key, ok := anchors[id]; ok {
		v.ds.Add(diag.Errorf(pos, "%s %q has the heading id %q, the anchor of task %q", what, strings.TrimSpace(heading), id, key).Fix("retitle it, e.g. with the words in another order: #" + id + " must lead to the task's row"))
	}
}

func (v *checker) columns(ph model.Phase) {
	seen := map[string]diag.Pos{}
	for _, c := range ph.Columns {
		if _, ok := model.ColumnTitles[c]; !ok {
			v.ds.Add(diag.Errorf(ph.Src.At("columns"), "phase %s: unknown column %s", diag.Quote(ph.Key), diag.Quote(c)).Fix(diag.DidYouMean(c, slices.Sorted(maps.Keys(model.ColumnTitles)))))
		}
		v.unique(seen, c, ph.Src.At("columns"), "column")
	}
	if !slices.Contains(ph.Columns, model.ColTask) {
		v.ds.Add(diag.Errorf(ph.Src.At("columns"), "phase %s has no task column", diag.Quote(ph.Key)).Fix("add task to the columns"))
	}
	hasDate := slices.Contains(ph.Columns, model.ColDate)
	hasSpan := slices.Contains(ph.Columns, model.ColStart) || slices.Contains(ph.Columns, model.ColEnd)
	if hasDate && hasSpan {
		v.ds.Add(diag.Errorf(ph.Src.At("columns"), "phase %s has both a date column and start/end columns", diag.Quote(ph.Key)).Fix("use either date, or start and end"))
	}
}

// blocks checks section content. inTemplate allows placeholders, which only
// templates have.
func (v *checker) blocks(bs []model.Block, inTemplate bool) {
	for _, b := range bs {
		if inTemplate {
			// A plan's blocks are checked with the rest of its text.
			md := map[string]string{"text": b.Text, "example": b.Example}
			for _, k := range model.BoxKinds {
				md[k.Key] = k.Of(&b)
			}
			for key, s := range md {
				if s != "" {
					v.markdown(b.Src.At(key), key, s)
				}
			}
		}
		if b.Table != nil {
			v.table(b.Table)
		}
		if n := len(b.Kinds()); n != 1 {
			v.ds.Add(diag.Errorf(b.Src.Pos, "a content block needs exactly one kind, found %d", n).Fix("split it into one list item per block: " + orList(model.BlockKinds())))
		}
		if b.Example != "" && b.Placeholder == "" {
			v.ds.Add(diag.Errorf(b.Src.At("example"), "example: without placeholder:").Fix("put the example in the same item as its placeholder"))
		}
		if b.Placeholder != "" && !inTemplate {
			v.ds.Add(diag.Errorf(b.Src.At("placeholder"), "placeholders belong in templates, not plans").Fix("write the text itself with text:"))
		}
	}
}

func (v *checker) table(t *model.Table) {
	for i, row := range t.Rows {
		if len(row) != len(t.Columns) {
			v.ds.Add(diag.Errorf(t.Src.At("rows"), "table row %d has %d cells for %d columns", i+1, len(row), len(t.Columns)).Fix(fmt.Sprintf("give each row one cell per column (%s)", strings.Join(t.Columns, ", "))))
		}
	}
}

// orList joins words as a sentence does: "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
