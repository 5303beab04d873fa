package load

import (
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	goccy "github.com/goccy/go-yaml"
	goccyparser "github.com/goccy/go-yaml/parser"
	"go.yaml.in/yaml/v3"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// MaxFileSize bounds a data file. Plans are a few kilobytes; anything much
// larger is a mistake (or an attack) and is refused before parsing.
const MaxFileSize = 1 << 20

// decodeFile parses one YAML document into v, reporting every problem it can
// find (syntax, unknown keys, wrong types, missing required keys) instead of
// stopping at the first. It returns false if v could not be decoded at all.
func decodeFile(file string, data []byte, v any, ds *diag.List) bool {
	if len(data) > MaxFileSize {
		ds.Add(diag.Errorf(diag.Pos{File: file}, "file is %d bytes, more than the %d allowed", len(data), MaxFileSize).Fix("split it or remove what does not belong in a plan"))
		return false
	}
	if !checkText(file, data, ds) {
		return false
	}
	dec := yaml.NewDecoder(strings.NewReader(string(data)))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			ds.Add(diag.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "file is empty").Fix("see the README for the data format"))
			return false
		}
		pos, msg, also := syntaxError(file, data, err)
		ds.Add(diag.Errorf(pos, "invalid YAML: %s", msg).Fix("fix the YAML syntax there (indentation, a missing ':', an unclosed quote or bracket, a tab)" + also))
		return false
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		ds.Add(diag.Errorf(diag.Pos{File: file, Line: extra.Line, Col: extra.Column}, "a second YAML document starts here").Fix("keep one document per file: remove the '---' line and what follows, or move it to its own file"))
	} else if !errors.Is(err, io.EOF) {
		pos, msg, also := syntaxError(file, data, err)
		ds.Add(diag.Errorf(pos, "invalid YAML: %s", msg).Fix("fix the YAML syntax there" + also))
	}
	if len(doc.Content) == 0 || isNull(doc.Content[0]) {
		ds.Add(diag.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "file is empty").Fix("see the README for the data format"))
		return false
	}
	top := doc.Content[0]
	d := decoder{file: file, ds: ds}
	d.value(top, reflect.ValueOf(v).Elem(), "")
	// A file that is not a mapping (a list, a bare value, an anchor) decodes
	// to nothing: the error is reported, and there is nothing to validate.
	return top.Kind == yaml.MappingNode && top.Anchor == ""
}

var lineRE = regexp.MustCompile(`^yaml: line (\d+): `)

// syntaxError locates a YAML syntax error. yaml.v3 reports a line only, and
// sometimes the line where a construct began rather than where it broke;
// goccy/go-yaml's parser reports the offending token's line and column. When
// both name the same line, the column and both wordings are given; when they
// differ, goccy's place is offered as a second place to look.
func syntaxError(file string, data []byte, err error) (pos diag.Pos, msg, also string) {
	pos, msg = syntaxPos(file, err), syntaxMsg(err)
	_, gerr := goccyparser.ParseBytes(data, 0)
	var e goccy.Error
	if gerr == nil || !errors.As(gerr, &e) || e.GetToken() == nil || e.GetToken().Position == nil {
		return pos, msg, ""
	}
	gp := e.GetToken().Position
	if gp.Line == pos.Line {
		pos.Col = max(gp.Column, 1)
		if g := e.GetMessage(); g != msg {
			msg += " (" + g + ")"
		}
		return pos, msg, ""
	}
	return pos, msg, fmt.Sprintf("; also check line %d, column %d: %s", gp.Line, max(gp.Column, 1), e.GetMessage())
}

func syntaxPos(file string, err error) diag.Pos {
	if m := lineRE.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return diag.Pos{File: file, Line: n, Col: 1}
	}
	return diag.Pos{File: file, Line: 1, Col: 1}
}

func syntaxMsg(err error) string {
	s := lineRE.ReplaceAllString(err.Error(), "")
	return strings.TrimPrefix(s, "yaml: ")
}

type decoder struct {
	file string
	ds   *diag.List
}

func (d *decoder) pos(n *yaml.Node) diag.Pos {
	return diag.Pos{File: d.file, Line: n.Line, Col: n.Column}
}

var (
	unmarshalerType = reflect.TypeFor[yaml.Unmarshaler]()
	srcType         = reflect.TypeFor[model.Src]()
)

// value decodes n into v. path names the place for messages ("phases[2].title").
func (d *decoder) value(n *yaml.Node, v reflect.Value, path string) {
	if v.Kind() == reflect.Struct {
		// Even a struct that cannot be decoded (null, an alias, the wrong
		// kind) points at its value, so findings about it have a place.
		setSrc(v, model.Src{Pos: d.pos(n)})
	}
	if n.Kind == yaml.AliasNode || n.Anchor != "" {
		// Aliases let a few lines expand into gigabytes; plans don't need them.
		d.ds.Add(diag.Errorf(d.pos(n), "YAML anchors and aliases (& and *) are not supported").Fix("write the value out in full"))
		return
	}
	if isNull(n) {
		return
	}
	if v.CanAddr() && v.Addr().Type().Implements(unmarshalerType) {
		// Called directly: n.Decode would set up a whole yaml decoder for
		// every date, which dominates the cost of loading large plan sets.
		if err := v.Addr().Interface().(yaml.Unmarshaler).UnmarshalYAML(n); err != nil {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: %v", label(path), err).Fix(hintFor(v.Type())))
		}
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		nv := reflect.New(v.Type().Elem())
		d.value(n, nv.Elem(), path)
		v.Set(nv)
	case reflect.Struct:
		d.structValue(n, v, path)
	case reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: expected a list, found a %s", label(path), kindName(n)).Fix("write a list: one '- item' per line"))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(n.Content), len(n.Content))
		for i, item := range n.Content {
			d.value(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Map:
		if n.Kind != yaml.MappingNode {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: expected a mapping, found a %s", label(path), kindName(n)).Fix("write 'key: value' lines"))
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), len(n.Content)/2)
		seen := map[string]*yaml.Node{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, val := n.Content[i], n.Content[i+1]
			if !d.key(k, seen, path) {
				continue
			}
			ev := reflect.New(v.Type().Elem()).Elem()
			d.value(val, ev, path+"."+k.Value)
			m.SetMapIndex(reflect.ValueOf(k.Value), ev)
		}
		v.Set(m)
	case reflect.String:
		if n.Kind != yaml.ScalarNode {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: expected text, found a %s", label(path), kindName(n)).Fix("write plain text; quote it if it contains ': ' or starts with a special character"))
			return
		}
		v.SetString(n.Value)
	default:
		if n.Kind != yaml.ScalarNode {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: expected a %s, found a %s", label(path), typeName(v.Type()), kindName(n)).Fix(hintFor(v.Type())))
			return
		}
		if err := n.Decode(v.Addr().Interface()); err != nil {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: %q is not a %s", label(path), n.Value, typeName(v.Type())).Fix(hintFor(v.Type())))
		}
	}
}

// key checks a mapping key: a plain scalar, not seen before.
func (d *decoder) key(k *yaml.Node, seen map[string]*yaml.Node, path string) bool {
	if k.Kind != yaml.ScalarNode {
		d.ds.Add(diag.Errorf(d.pos(k), "%s: a key must be plain text, found a %s", label(path), kindName(k)).Fix("keys are plain words"))
		return false
	}
	if prev, dup := seen[k.Value]; dup {
		d.ds.Add(diag.Errorf(d.pos(k), "%s: key %q is written twice", label(path), k.Value).Fix(fmt.Sprintf("remove one of them; the first is at line %d", prev.Line)))
		return false
	}
	seen[k.Value] = k
	return true
}

// field is a YAML key of a struct, reached through inline embedded structs.
type field struct {
	index    []int
	required bool
	check    *constraint // pattern= and minimum= of its jsonschema tag, if any
}

type fieldSet struct {
	fields map[string]field
	order  []string
}

// fieldCache holds each struct type's keys, with their compiled
// constraints: computing them per mapping was a tenth of the cost of loading
// thousands of plans.
var fieldCache sync.Map // reflect.Type -> fieldSet

func structFields(t reflect.Type) (map[string]field, []string) {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.(fieldSet).fields, fs.(fieldSet).order
	}
	fields, order := computeFields(t)
	fieldCache.Store(t, fieldSet{fields, order})
	return fields, order
}

func computeFields(t reflect.Type) (map[string]field, []string) {
	fields := map[string]field{}
	var order []string
	var walk func(t reflect.Type, prefix []int)
	walk = func(t reflect.Type, prefix []int) {
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("yaml")
			if tag == "-" || !f.IsExported() {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			idx := append(append([]int{}, prefix...), i)
			if strings.Contains(opts, "inline") {
				walk(f.Type, idx)
				continue
			}
			if name == "" {
				name = strings.ToLower(f.Name)
			}
			if _, dup := fields[name]; dup {
				continue // the outer struct's field wins, as in Go
			}
			required, check := fieldTag(f)
			fields[name] = field{index: idx, required: required, check: check}
			order = append(order, name)
		}
	}
	walk(t, nil)
	return fields, order
}

func (d *decoder) structValue(n *yaml.Node, v reflect.Value, path string) {
	if n.Kind != yaml.MappingNode {
		d.ds.Add(diag.Errorf(d.pos(n), "%s: expected a mapping, found a %s", label(path), kindName(n)).Fix("write 'key: value' lines, indented under their parent"))
		return
	}
	fields, order := structFields(v.Type())
	src := model.Src{Pos: d.pos(n), Keys: map[string]diag.Pos{}}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		if !d.key(k, seen, path) {
			continue
		}
		f, ok := fields[k.Value]
		if !ok {
			d.ds.Add(diag.Errorf(d.pos(k), "%s: unknown key %q", label(path), k.Value).Fix(diag.DidYouMean(k.Value, order)))
			continue
		}
		src.Keys[k.Value] = d.pos(val)
		fv := v.FieldByIndex(f.index)
		if fv.Kind() == reflect.Map && val.Kind == yaml.MappingNode {
			for j := 0; j < len(val.Content); j += 2 {
				src.Keys[k.Value+"."+val.Content[j].Value] = d.pos(val.Content[j])
			}
		}
		before := len(*d.ds)
		d.value(val, fv, join(path, k.Value))
		if len(*d.ds) > before {
			if src.Bad == nil {
				src.Bad = map[string]bool{}
			}
			src.Bad[k.Value] = true
		} else if f.check != nil && !isNull(val) {
			d.constrain(f.check, val, fv, join(path, k.Value))
			if len(*d.ds) > before {
				if src.Bad == nil {
					src.Bad = map[string]bool{}
				}
				src.Bad[k.Value] = true
			}
		}
	}
	for _, name := range order {
		if src.Has(name) {
			continue
		}
		if fields[name].required {
			d.ds.Add(diag.Errorf(src.Pos, "%s: missing required key %q", label(path), name).Fix(fmt.Sprintf("add '%s:' to this mapping", name)))
		}
		// A struct that was not written at all points at this mapping.
		if fv := v.FieldByIndex(fields[name].index); fv.Kind() == reflect.Struct {
			setSrc(fv, model.Src{Pos: src.Pos})
		}
	}
	setSrc(v, src)
}

// setSrc stores src in v's Src field and in those of its inline structs, so
// each embedded part can point at its own keys.
func setSrc(v reflect.Value, src model.Src) {
	for i := range v.NumField() {
		f := v.Type().Field(i)
		switch {
		case f.Type == srcType:
			v.Field(i).Set(reflect.ValueOf(src))
		case strings.Contains(f.Tag.Get("yaml"), "inline") && f.Type.Kind() == reflect.Struct:
			setSrc(v.Field(i), src)
		}
	}
}

func isNull(n *yaml.Node) bool {
	return n.Kind == yaml.ScalarNode && n.Tag == "!!null" && n.Style == 0
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	}
	return fmt.Sprintf("value %q", n.Value)
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32:
		return "whole number"
	}
	return t.Name()
}

func hintFor(t reflect.Type) string {
	switch {
	case t == reflect.TypeFor[model.Date]():
		return "write a real date as YYYY-MM-DD, e.g. 2025-03-31"
	case t.Kind() == reflect.Bool:
		return "write true or false"
	case t.Kind() == reflect.Int:
		return "write a whole number such as 3"
	}
	return "see the schema in " + paths.Schema
}

func label(path string) string {
	if path == "" {
		return "top level"
	}
	return path
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
