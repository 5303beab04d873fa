// Package skeleton writes a new plan file from a template: every field,
// section and task the template has, with its placeholders as values, so the
// author sees what to fill and 'qmsplan check' warns until it is filled.
package skeleton

import (
	"bytes"
	"strings"

	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/token"

	"github.com/qmsplan/qmsplan/generator/internal/yamlout"
	"github.com/qmsplan/qmsplan/generator/model"
)

// Plan returns the YAML of a new draft plan made from t, every task in
// status (the default status, written out so the author sees where it goes).
func Plan(t *model.Template, slug string, asOf model.Date, status string) ([]byte, error) {
	p := model.Plan{
		Template:     t.Key,
		Slug:         slug,
		Title:        "R-009-001 [CC_CUSTOMER_YYYYMMDD]",
		SidebarLabel: "[CC_CUSTOMER_YYYYMMDD]",
		Deal:         model.Deal{ID: "[DEAL_ID]", CRM: "https://app.hubspot.com/[DEAL_LINK]", Name: "[DEAL_NAME]"},
		Fields:       map[string]string{},
		Sections:     map[string]string{},
		Tasks:        map[string]model.TaskFill{},
		Document: model.DocControl{
			ID: "R-009-001-[YYYY-NNN]", Revision: 0, State: model.StateDraft,
			Author:  model.Signature{Name: "[AUTHOR]", Role: "JD-013", Date: asOf},
			History: []model.Revision{{Revision: 0, Date: asOf, Reason: "First draft", Author: "[AUTHOR]"}},
		},
	}
	model.Walk(t.Sections, func(s *model.Section, _ int) {
		for _, f := range s.Fields {
			switch list, isList := p.ListField(f.Key); {
			case f.Value != "":
			case isList:
				*list = []string{"[" + f.Placeholder + "]"}
			default:
				p.Fields[f.Key] = "[" + f.Placeholder + "]"
			}
		}
		if b, ok := s.PlaceholderBlock(); ok {
			p.Sections[s.Key] = "[" + b.Placeholder + "]"
		}
	})
	for _, ph := range t.Phases {
		for _, task := range ph.Tasks {
			p.Tasks[task.Key] = model.TaskFill{Status: status}
		}
	}
	doc, err := yamlout.Node(p)
	if err != nil {
		return nil, err
	}
	orderTasks(doc, t)
	var b bytes.Buffer
	b.WriteString("# yaml-language-server: $schema=../schema/plan.schema.json\n")
	b.WriteString("# A new implementation plan from the template " + strings.ReplaceAll(t.Title, "\n", " ") + ".\n")
	b.WriteString("# Replace every [PLACEHOLDER]; give tasks start/end (or date) and a status.\n")
	b.Write(yamlout.Print(doc))
	return b.Bytes(), nil
}

// orderTasks puts the tasks mapping in the template's order, each phase
// headed by a comment, instead of the alphabetical order of a Go map.
func orderTasks(doc ast.Node, t *model.Template) {
	top, ok := doc.(*ast.MappingNode)
	if !ok {
		return
	}
	for _, kv := range top.Values {
		m, ok := kv.Value.(*ast.MappingNode)
		if kv.Key.GetToken().Value != "tasks" || !ok {
			continue
		}
		byKey := map[string]*ast.MappingValueNode{}
		for _, task := range m.Values {
			byKey[task.Key.GetToken().Value] = task
		}
		m.Values = m.Values[:0]
		for _, ph := range t.Phases {
			for n, task := range ph.Tasks {
				kv := byKey[task.Key]
				if n == 0 {
					kv.SetComment(comment(ph.Emoji + " " + ph.Title))
				}
				kv.Key.SetComment(comment(task.Name))
				m.Values = append(m.Values, kv)
			}
		}
	}
}

// comment is a one-line YAML comment; a line break in s would end it and
// put the rest of s into the data.
func comment(s string) *ast.CommentGroupNode {
	s = " " + strings.ReplaceAll(s, "\n", " ")
	return ast.CommentGroup([]*token.Token{token.New(s, s, nil)})
}
