package model_test

import (
	"testing"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
)

func TestSrcWithKeys(t *testing.T) {
	at := func(line int) diag.Pos { return diag.Pos{File: "p.yaml", Line: line, Col: 3} }
	src := model.Src{Pos: at(1)}.WithKeys([]model.KeyPos{
		{"title", at(2)}, {"tasks.b", at(3)}, {"slug", at(4)}, {"tasks.a", at(5)}, {"title", at(6)}, {"tasks", at(7)},
	})
	for _, tt := range []struct {
		key  string
		has  bool
		want diag.Pos
	}{
		{"title", true, at(6)}, // written twice: the last counts
		{"slug", true, at(4)},
		{"tasks", true, at(7)},
		{"tasks.a", true, at(5)},
		{"tasks.b", true, at(3)},
		{"owner", false, at(1)}, // not written: the mapping itself
		{"", false, at(1)},
		{"tasks.c", false, at(1)},
	} {
		if got := src.Has(tt.key); got != tt.has {
			t.Errorf("Has(%q) = %v, want %v", tt.key, got, tt.has)
		}
		if got := src.At(tt.key); got != tt.want {
			t.Errorf("At(%q) = %v, want %v", tt.key, got, tt.want)
		}
	}
	if got := (model.Src{Pos: at(1)}).At("title"); got != at(1) {
		t.Errorf("a Src without keys: At = %v, want the mapping's %v", got, at(1))
	}
}
