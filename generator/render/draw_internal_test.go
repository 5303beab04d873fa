package render

import (
	"bytes"
	"testing"
)

// drawCase builds a page view from a few strings, with or without each
// optional part, for FuzzDrawPage: the template and drawPage must agree on
// any values (every one is escaped before it gets here, so the drawing
// takes them as they are).
func drawCase(fm, intro, gantt, label, value, title, block, emoji, table string, level int, parts uint8) *pageView {
	v := &pageView{FrontMatter: fm}
	if parts&1 != 0 {
		v.Intro = intro
	}
	if parts&2 != 0 {
		v.Gantt = gantt
	}
	if parts&4 != 0 {
		v.Preamble = []fieldView{{label, value}, {value, label}}
	}
	s := sectionView{Level: level % 8, Title: title, TaskLevel: level%8 + 1}
	if parts&8 != 0 {
		s.Fields = []fieldView{{label, value}}
	}
	if parts&16 != 0 {
		s.Blocks = []string{block, "", block}
	}
	if parts&32 != 0 {
		s.Tasks = []phaseView{{Key: "k", Emoji: emoji, Title: title, Table: table}, {Emoji: "", Title: "", Table: ""}}
	}
	if parts&64 != 0 {
		v.Sections = []sectionView{s, {Level: 2, Title: block}, s}
	}
	return v
}

func FuzzDrawPage(f *testing.F) {
	f.Add("title: x\n", "Intro.", "<svg></svg>\n", "Deal", "[x](y)", "Scope *a*", "Text\n\n# h", "🚀", "<table></table>", 2, uint8(127))
	f.Add("", "", "", "", "", "", "", "", "", 0, uint8(0))
	f.Add("a\n", "\n\n", "\n", "{{<", ">}}", "\\", "```\n\n\n", "#", "\n\n", 7, uint8(64|32|16))
	f.Add("a", " ", "x", "l\nl", "v\r\n", "t\t", "   ", "\u00a0", "|", 6, uint8(64|8|4|1))
	f.Fuzz(func(t *testing.T, fm, intro, gantt, label, value, title, block, emoji, table string, level int, parts uint8) {
		if level < 0 {
			level = -level
		}
		v := drawCase(fm, intro, gantt, label, value, title, block, emoji, table, level, parts)
		want, err := byTemplate(v)
		if err != nil {
			t.Fatal(err)
		}
		var got bytes.Buffer
		drawPage(&got, v)
		if !bytes.Equal(got.Bytes(), want) {
			t.Errorf("drawPage wrote\n%q\nthe template\n%q", got.Bytes(), want)
		}
	})
}
