// Package skeleton writes a new plan file from a template: every field,
// section and task the template has, with its placeholders as values, so the
// author sees what to fill and 'qmsplan check' warns until it is filled.
package skeleton

import (
	"bytes"
	"strings"

	"go.yaml.in/yaml/v3"

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
	var doc yaml.Node
	if err := doc.Encode(p); err != nil {
		return nil, err
	}
	orderTasks(&doc, t)
	var b bytes.Buffer
	b.WriteString("# yaml-language-server: $schema=../schema/plan.schema.json\n")
	b.WriteString("# A new implementation plan from the template " + strings.ReplaceAll(t.Title, "\n", " ") + ".\n")
	b.WriteString("# Replace every [PLACEHOLDER]; give tasks start/end (or date) and a status.\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(&doc); err != nil {
		return nil, err
	}
	return b.Bytes(), enc.Close()
}

// orderTasks puts the tasks mapping in the template's order, each phase
// headed by a comment, instead of the alphabetical order of a Go map.
func orderTasks(doc *yaml.Node, t *model.Template) {
	for i := 0; i+1 < len(doc.Content); i += 2 {
		if doc.Content[i].Value != "tasks" {
			continue
		}
		m := doc.Content[i+1]
		byKey := map[string][2]*yaml.Node{}
		for j := 0; j+1 < len(m.Content); j += 2 {
			byKey[m.Content[j].Value] = [2]*yaml.Node{m.Content[j], m.Content[j+1]}
		}
		m.Content = m.Content[:0]
		for _, ph := range t.Phases {
			for n, task := range ph.Tasks {
				kv := byKey[task.Key]
				if n == 0 {
					kv[0].HeadComment = ph.Emoji + " " + ph.Title
				}
				kv[0].LineComment = task.Name
				m.Content = append(m.Content, kv[0], kv[1])
			}
		}
	}
}
