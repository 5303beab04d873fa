package validate

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/mdcheck"
	"github.com/qmsplan/qmsplan/generator/model"
)

// placeholders warns about every [PLACEHOLDER] left in a plan's text, at the
// position of the value that holds it.
func (v *checker) placeholders(rv reflect.Value, src model.Src, path string) {
	switch rv.Kind() {
	case reflect.Pointer:
		if !rv.IsNil() {
			v.placeholders(rv.Elem(), src, path)
		}
	case reflect.Struct:
		tf := textFieldsOf(rv.Type())
		if tf.src != nil {
			if s, ok := rv.FieldByIndex(tf.src).Interface().(model.Src); ok {
				src = s
			}
		}
		for _, f := range tf.fields {
			name := f.name
			fv := rv.Field(f.index)
			switch fv.Kind() {
			case reflect.String:
				v.text(func() (diag.Pos, string) { return src.At(name), join(path, name) }, fv.String(), markdownKeys[name])
			case reflect.Map:
				keys := fv.MapKeys()
				slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
				for _, k := range keys {
					if e := fv.MapIndex(k); e.Kind() == reflect.String {
						// sections.<key> is Markdown
						v.text(func() (diag.Pos, string) { return src.At(name + "." + k.String()), join(path, name) + "." + k.String() }, e.String(), markdownKeys[name])
					} else {
						// Task fills: their notes are plan text too.
						v.placeholders(e, src, join(path, name)+"."+k.String())
					}
				}
			case reflect.Slice:
				for j := range fv.Len() {
					item := fv.Index(j)
					at := func() string { return fmt.Sprintf("%s[%d]", join(path, name), j) }
					if item.Kind() == reflect.String {
						v.placeholderAt(func() (diag.Pos, string) { return src.At(name), at() }, item.String())
					} else {
						v.placeholders(item, src, at())
					}
				}
			default:
				v.placeholders(fv, src, join(path, name))
			}
		}
	}
}

// textFields is what placeholders reads of a struct type: the index of
// its Src (as FieldByName finds it, embedded structs included), and its
// exported fields with a YAML key, in order.
type textFields struct {
	src    []int
	fields []textField
}

type textField struct {
	index int
	name  string
}

// textFieldsCache holds each struct type's textFields: reading every
// field's tag of every value of 10,000 plans was a third of their check.
var textFieldsCache sync.Map // reflect.Type -> textFields

func textFieldsOf(t reflect.Type) textFields {
	if tf, ok := textFieldsCache.Load(t); ok {
		return tf.(textFields)
	}
	var tf textFields
	if f, ok := t.FieldByName("Src"); ok {
		tf.src = f.Index
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if name == "-" || name == "" || !f.IsExported() {
			continue
		}
		tf.fields = append(tf.fields, textField{index: i, name: name})
	}
	textFieldsCache.Store(t, tf)
	return tf
}

// text checks the text value s (Markdown if md) found at the position and
// path that at gives: worked out only when needed, as most values are
// plain text with nothing to report.
func (v *checker) text(at func() (diag.Pos, string), s string, md bool) {
	if !md {
		v.placeholderAt(at, s)
		return
	}
	p, path := at()
	v.placeholderAt(func() (diag.Pos, string) { return p, path }, s)
	v.markdown(p, path, s)
}

// placeholderAt reports what placeholders finds in the text s, at the
// position and path that at gives.
func (v *checker) placeholderAt(at func() (diag.Pos, string), s string) {
	ph := model.Unfilled(s)
	i := strings.IndexFunc(s, isInvisibleControl)
	if ph == "" && i < 0 {
		return
	}
	p, path := at()
	if ph != "" {
		v.ds.Add(diag.Warnf(p, "%s: unfilled placeholder %s", path, ph).Fix("replace it with the real value"))
	}
	if i >= 0 {
		r, _ := utf8.DecodeRuneInString(s[i:])
		v.ds.Add(diag.Errorf(p, "%s: invisible control character %U", inText(path, s, i), r).Fix("delete it: it makes text read differently from what it says"))
	}
}

// isInvisibleControl reports NUL (a YAML "\0" escape) and the Unicode
// controls that reorder text on screen (the "Trojan Source" characters): a
// record must read as it is written. The file itself cannot hold raw control
// characters (the loader refuses them); these come from escapes.
func isInvisibleControl(r rune) bool {
	return r == 0 || (r >= 0x202A && r <= 0x202E) || (r >= 0x2066 && r <= 0x2069)
}

// inText names the place of byte offset i in a value: its path, and for a
// value of several lines the line within it, since the finding's position
// is that of the whole value.
func inText(path, s string, i int) string {
	if !strings.Contains(strings.TrimSpace(s), "\n") {
		return path
	}
	return fmt.Sprintf("%s (line %d of the text)", path, 1+strings.Count(s[:i], "\n"))
}

// blank reports text that shows nothing: spaces and invisible format
// characters such as zero-width joiners only.
func blank(s string) bool {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }) == ""
}

// markdownKeys are the plan keys whose values are Markdown rather than text:
// sections.<key>, and text and every box in a content block.
var markdownKeys = func() map[string]bool {
	m := map[string]bool{"sections": true, "text": true}
	for _, k := range model.BoxKinds {
		m[k.Key] = true
	}
	return m
}()

// markdown reports what the portal will not render in a Markdown value.
// Problems of one kind (say, an opening and a closing HTML tag) are reported
// once, with a count, so one mistake reads as one finding.
func (v *checker) markdown(p diag.Pos, path, s string) {
	v.pending = false
	problems, headings := mdcheck.Scan(s, v.exists())
	v.report(p, path, s, problems)
	if v.pending {
		v.deferred = append(v.deferred, markdownValue{p, path, s})
	}
	for _, h := range headings {
		where := path
		if strings.Contains(strings.TrimSpace(s), "\n") {
			where = fmt.Sprintf("%s (line %d of the text)", path, h.Line)
		}
		v.headingID(p, where+": heading", h.Text, v.anchors)
	}
}

// markdownProblems reports the problems mdcheck finds in a Markdown value.
func (v *checker) markdownProblems(p diag.Pos, path, s string) {
	v.report(p, path, s, mdcheck.Check(s, v.exists()))
}

// report reports the problems mdcheck found in the Markdown value s.
func (v *checker) report(p diag.Pos, path, s string, problems []mdcheck.Problem) {
	more := map[string]int{}
	for _, pr := range problems {
		more[pr.Hint]++
	}
	for _, pr := range problems {
		n := more[pr.Hint]
		if n == 0 {
			continue // reported with the first of its kind
		}
		more[pr.Hint] = 0
		where := path
		if strings.Contains(strings.TrimSpace(s), "\n") {
			where = fmt.Sprintf("%s (line %d of the text)", path, pr.Line)
		}
		msg := pr.Message
		if n > 1 {
			msg += fmt.Sprintf(", and %d more like it", n-1)
		}
		v.ds.Add(diag.Errorf(p, "%s: %s", where, msg).Fix(pr.Hint))
	}
}
