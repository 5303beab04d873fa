package model

import (
	"reflect"
	"strings"
	"testing"
)

// TestBoxKindsCoverBlock: every string field of Block that is not text,
// placeholder or example is a box of the table, read and written through the
// field its YAML key names; so a box added to Block without a row (or a row
// pointing at the wrong field) fails here.
func TestBoxKindsCoverBlock(t *testing.T) {
	notBoxes := map[string]bool{"text": true, "placeholder": true, "example": true}
	rows := map[string]BoxKind{}
	for _, k := range BoxKinds {
		rows[k.Key] = k
	}
	bt := reflect.TypeFor[Block]()
	for i := range bt.NumField() {
		f := bt.Field(i)
		key, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if f.Type.Kind() != reflect.String || notBoxes[key] {
			continue
		}
		k, ok := rows[key]
		if !ok {
			t.Errorf("Block.%s (%s:) has no row in BoxKinds", f.Name, key)
			continue
		}
		delete(rows, key)
		var b Block
		k.Set(&b, "md")
		if got := reflect.ValueOf(b).Field(i).String(); got != "md" {
			t.Errorf("BoxKinds %q sets another field than Block.%s", key, f.Name)
		}
		if got := b.Kinds(); !reflect.DeepEqual(got, []string{key}) {
			t.Errorf("Kinds() of a %s box = %q", key, got)
		}
		if k.Alert != strings.ToUpper(key) || k.Title == "" {
			t.Errorf("BoxKinds %q: alert %q, title %q", key, k.Alert, k.Title)
		}
	}
	for key := range rows {
		t.Errorf("BoxKinds %q names no field of Block", key)
	}
}
