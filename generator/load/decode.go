package load

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// MaxFileSize bounds a data file. Plans are a few kilobytes; anything much
// larger is a mistake (or an attack) and is refused before parsing.
const MaxFileSize = 1 << 20

// MaxDepth bounds the nesting of flow collections ([ and {). Plans nest a
// few levels; the parser's cost grows with the square of the depth (40,000
// brackets, an 80 KB file, took 15 s and 2.4 GB).
const MaxDepth = 64

const secondDoc = "keep one document per file: remove the '---' line and what follows, or move it to its own file"

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
	// checkText allows a UTF-8 byte order mark; the parser would read it as
	// part of the first key.
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if line, col, deep := tooDeep(data); deep {
		ds.Add(diag.Errorf(diag.Pos{File: file, Line: line, Col: col}, "brackets nested more than %d deep", MaxDepth).Fix("a plan needs a few levels; write the value out as plain lists and mappings"))
		return false
	}
	d := decoder{file: file, ds: ds}
	// The common well-formed file has a parser of its own (fastParse);
	// goccy's reads the rest, and every file with a syntax error.
	top := fastParse(data)
	if top == nil {
		var ok bool
		if top, ok = d.parse(data); !ok {
			return false
		}
	}
	if top == nil || top.Type() == ast.NullType {
		ds.Add(diag.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "file is empty").Fix("see the README for the data format"))
		return false
	}
	d.value(top, reflect.ValueOf(v).Elem(), "")
	// A file that is not a mapping (a list, a bare value, an anchor) decodes
	// to nothing: the error is reported, and there is nothing to validate.
	return top.Type() == ast.MappingType
}

// parse parses data with goccy's parser, reporting a syntax error and
// every document after the first. top is nil when the file is empty, or a
// lone "...", which has no document.
func (d *decoder) parse(data []byte) (top ast.Node, ok bool) {
	// Duplicate keys are left to the decoder, which reports each of them
	// with the line of the first; the parser would stop at the first one.
	f, err := parser.ParseBytes(data, 0, parser.AllowDuplicateMapKey())
	if err != nil {
		d.ds.Add(syntaxError(d.file, err))
		return nil, false
	}
	for i, doc := range f.Docs {
		switch {
		case i == 0:
			top = doc.Body
		case doc.Start != nil:
			d.ds.Add(diag.Errorf(d.at(doc.Start), "a second YAML document starts here").Fix(secondDoc))
		case doc.Body != nil:
			d.ds.Add(diag.Errorf(d.pos(doc.Body), "a second YAML document starts here").Fix(secondDoc))
		}
	}
	return top, true
}

// tooDeep reports where flow collections first nest deeper than MaxDepth.
// It reads only as much YAML as it needs: quotes and comments, and an
// opening bracket only where a value can start (valueStarts), so "a [b]"
// in plain text does not count.
// A bracket it misreads costs at most a finding on an odd file; the parser
// has the last word on everything else.
func tooDeep(data []byte) (line, col int, deep bool) {
	if bytes.IndexByte(data, '[') < 0 && bytes.IndexByte(data, '{') < 0 {
		return 0, 0, false // nothing opens (most plans): skip the walk
	}
	depth, line, lineStart := 0, 1, 0
	var quote byte
	prev := byte('\n') // the last character that is not a space
	for i := 0; i < len(data); i++ {
		c := data[i]
		switch {
		case c == '\n':
			line, lineStart = line+1, i+1
			if quote == 0 {
				prev = '\n'
			}
			continue
		case quote == '"':
			if c == '\\' {
				i++
			} else if c == '"' {
				quote = 0
			}
		case quote == '\'':
			if c == '\'' && i+1 < len(data) && data[i+1] == '\'' {
				i++ // '' is a quote inside the text
			} else if c == '\'' {
				quote = 0
			}
		case c == ' ' || c == '\t' || c == '\r':
			continue
		case c == '#' && (i == lineStart || data[i-1] == ' ' || data[i-1] == '\t'):
			for i+1 < len(data) && data[i+1] != '\n' {
				i++
			}
			continue
		case (c == '"' || c == '\'') && valueStarts(prev, depth):
			quote = c
		case (c == '[' || c == '{') && valueStarts(prev, depth):
			if depth++; depth > MaxDepth {
				return line, i - lineStart + 1, true
			}
		case (c == ']' || c == '}') && depth > 0:
			depth--
		}
		prev = c
	}
	return 0, 0, false
}

// valueStarts reports whether a value can start after prev: in a block
// after ':', '-', '?' or at the start of a line; inside a flow collection
// also after ',', '[' and '{'.
func valueStarts(prev byte, depth int) bool {
	return strings.IndexByte(":-?\n", prev) >= 0 || depth > 0 && strings.IndexByte(",[{", prev) >= 0
}

// syntaxError reports a YAML syntax error where the parser found it: the
// offending token's line and column, in the parser's words.
func syntaxError(file string, err error) diag.Diagnostic {
	// The parser's full error text reprints the source around the place;
	// its first line is the message.
	msg, _, _ := strings.Cut(err.Error(), "\n")
	pos := diag.Pos{File: file, Line: 1, Col: 1}
	var e yaml.Error
	if errors.As(err, &e) && e.GetToken() != nil && e.GetToken().Position != nil {
		p := e.GetToken().Position
		pos, msg = diag.Pos{File: file, Line: max(p.Line, 1), Col: max(p.Column, 1)}, e.GetMessage()
	}
	return diag.Errorf(pos, "invalid YAML: %s", msg).Fix("fix the YAML syntax there (indentation, a missing ':', an unclosed quote or bracket, a tab)")
}

type decoder struct {
	file string
	ds   *diag.List
}

func (d *decoder) at(tk *token.Token) diag.Pos {
	return diag.Pos{File: d.file, Line: tk.Position.Line, Col: tk.Position.Column}
}

// pos is where n starts. The parser places a block mapping at its first
// ':'; what an author sees as its start is its first key.
func (d *decoder) pos(n ast.Node) diag.Pos {
	if m, ok := n.(*ast.MappingNode); ok && !m.IsFlowStyle && len(m.Values) > 0 {
		n = m.Values[0].Key
	}
	return d.at(n.GetToken())
}

var (
	srcType  = reflect.TypeFor[model.Src]()
	dateType = reflect.TypeFor[model.Date]()
)

// value decodes n into v. path names the place for messages ("phases[2].title").
func (d *decoder) value(n ast.Node, v reflect.Value, path string) {
	if v.Kind() == reflect.Struct {
		// Even a struct that cannot be decoded (null, an alias, the wrong
		// kind) points at its value, so findings about it have a place.
		setSrc(v, model.Src{Pos: d.pos(n)})
	}
	switch n := n.(type) {
	case *ast.AnchorNode, *ast.AliasNode:
		// Aliases let a few lines expand into gigabytes; plans don't need them.
		d.ds.Add(diag.Errorf(d.pos(n), "YAML anchors and aliases (& and *) are not supported").Fix("write the value out in full"))
		return
	case *ast.TagNode:
		// A tag such as !!binary or !!int would give a value another
		// meaning than the text written; quotes are the way to say "text".
		d.ds.Add(diag.Errorf(d.pos(n), "%s: YAML tags such as %s are not supported", label(path), n.Start.Value).Fix("remove the tag; put the value in quotes if it is text"))
		return
	case *ast.NullNode:
		d.null(n, path, "write a value, or remove the item")
		return
	}
	switch v.Kind() {
	case reflect.Pointer:
		nv := reflect.New(v.Type().Elem())
		d.value(n, nv.Elem(), path)
		v.Set(nv)
	case reflect.Struct:
		if v.Type() == dateType {
			d.date(n, v, path)
			return
		}
		d.structValue(n, v, path)
	case reflect.Slice:
		seq, ok := n.(*ast.SequenceNode)
		if !ok {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: expected a list, found a %s", label(path), kindName(n)).Fix("write a list: one '- item' per line"))
			return
		}
		s := reflect.MakeSlice(v.Type(), len(seq.Values), len(seq.Values))
		for i, item := range seq.Values {
			d.value(item, s.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
		v.Set(s)
	case reflect.Map:
		m, ok := n.(*ast.MappingNode)
		if !ok {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: expected a mapping, found a %s", label(path), kindName(n)).Fix("write 'key: value' lines"))
			return
		}
		out := reflect.MakeMapWithSize(v.Type(), len(m.Values))
		var seen keySet
		for _, kv := range m.Values {
			k, ok := d.key(kv.Key, &seen, path)
			if !ok {
				continue
			}
			ev := reflect.New(v.Type().Elem()).Elem()
			d.value(kv.Value, ev, path+"."+k)
			out.SetMapIndex(reflect.ValueOf(k), ev)
		}
		v.Set(out)
	case reflect.String:
		s, ok := scalar(n)
		if !ok {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: expected text, found a %s", label(path), kindName(n)).Fix("write plain text; quote it if it contains ': ' or starts with a special character"))
			return
		}
		v.SetString(s)
	case reflect.Bool, reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint, reflect.Float64:
		s, ok := scalar(n)
		if !ok {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: expected a %s, found a %s", label(path), typeName(v.Type()), kindName(n)).Fix(hintFor(v.Type())))
			return
		}
		if !setTyped(n, v) {
			d.ds.Add(diag.Errorf(d.pos(n), "%s: %s is not a %s", label(path), diag.Quote(s), typeName(v.Type())).Fix(hintFor(v.Type())))
		}
	default:
		// The model has no field of another kind; one added must be taught
		// to the loader rather than decoded by guesswork.
		panic(fmt.Sprintf("load: %s: cannot decode into a %s", label(path), v.Type()))
	}
}

// setTyped stores the value of the YAML boolean or number n in v, if it is
// of v's kind and fits. A number with a fraction is no whole number (nor is
// 3.0), and yes/no are text: the JSON Schema editors check with says so too.
func setTyped(n ast.Node, v reflect.Value) bool {
	switch n := n.(type) {
	case *ast.BoolNode:
		if v.Kind() == reflect.Bool {
			v.SetBool(n.Value)
			return true
		}
	case *ast.IntegerNode:
		// Only plain decimal digits are read: YAML's 0x10, 0o10, 010, +1
		// and 1_000 are numbers other than the digits an author or a
		// reviewer reads, and a number too large for the field is refused
		// rather than wrapped.
		text := n.GetToken().Value
		if !decimalRE.MatchString(text) {
			return false
		}
		switch {
		case v.CanInt():
			x, err := strconv.ParseInt(text, 10, 64)
			if err != nil || v.OverflowInt(x) {
				return false
			}
			v.SetInt(x)
		case v.CanUint():
			x, err := strconv.ParseUint(text, 10, 64)
			if err != nil || v.OverflowUint(x) {
				return false
			}
			v.SetUint(x)
		case v.CanFloat():
			x, err := strconv.ParseFloat(text, 64)
			if err != nil {
				return false
			}
			v.SetFloat(x)
		default:
			return false
		}
		return true
	case *ast.FloatNode:
		if v.CanFloat() {
			v.SetFloat(n.Value)
			return true
		}
	}
	return false
}

// decimalRE is a whole number as a person writes it: no sign but '-', no
// leading zero, no "-0".
var decimalRE = regexp.MustCompile(`^(0|-?[1-9][0-9]*)$`)

// date decodes a YYYY-MM-DD scalar, quoted or not, into a model.Date.
func (d *decoder) date(n ast.Node, v reflect.Value, path string) {
	s, ok := scalar(n)
	if !ok {
		d.ds.Add(diag.Errorf(d.pos(n), "%s: expected a date YYYY-MM-DD, found a %s", label(path), kindName(n)).Fix(hintFor(dateType)))
		return
	}
	t, err := model.ParseDate(s)
	if err != nil {
		d.ds.Add(diag.Errorf(d.pos(n), "%s: %v", label(path), err).Fix(hintFor(dateType)))
		return
	}
	if v.CanAddr() {
		*v.Addr().Interface().(*model.Date) = t // reflect.ValueOf(t) would allocate
		return
	}
	v.Set(reflect.ValueOf(t))
}

// scalar returns the text of a scalar as written (without quotes, with
// escapes resolved), whatever type YAML would give it: an ID of digits or a
// date is text to a text field.
func scalar(n ast.Node) (string, bool) {
	switch n := n.(type) {
	case *ast.StringNode:
		return n.Value, true
	case *ast.LiteralNode:
		return n.Value.Value, true
	case *ast.IntegerNode, *ast.FloatNode, *ast.BoolNode, *ast.InfinityNode, *ast.NanNode:
		return n.GetToken().Value, true
	}
	return "", false
}

// key checks a mapping key, a plain scalar not seen before, and returns its
// text.
func (d *decoder) key(k ast.Node, seen *keySet, path string) (string, bool) {
	if e, ok := k.(*ast.MappingKeyNode); ok {
		k = e.Value // an explicit "? key"
	}
	var name string
	switch k := k.(type) {
	case *ast.StringNode:
		name = k.Value
	case *ast.MergeKeyNode:
		name = k.GetToken().Value // "<<", which plans do not know
	default:
		d.ds.Add(diag.Errorf(d.pos(k), "%s: a key must be plain text, found a %s", label(path), kindName(k)).Fix("keys are plain words"))
		return "", false
	}
	if prev, dup := seen.find(name); dup {
		d.ds.Add(diag.Errorf(d.pos(k), "%s: key %s is written twice", label(path), diag.Quote(name)).Fix(fmt.Sprintf("remove one of them; the first is at line %d", d.pos(prev).Line)))
		return "", false
	}
	seen.add(name, k)
	return name, true
}

// keySet is the keys of a mapping seen so far, each with its node: a list
// while there are few, as in plans (a map for each mapping of 10,000 plans
// was a tenth of decoding), a map beyond, so a mapping of many keys stays
// linear.
type keySet struct {
	few  [fewKeys]seenKey
	n    int // of few in use
	many map[string]ast.Node
}

type seenKey struct {
	name string
	node ast.Node
}

const fewKeys = 16

func (s *keySet) find(name string) (ast.Node, bool) {
	if s.many != nil {
		n, ok := s.many[name]
		return n, ok
	}
	for _, k := range s.few[:s.n] {
		if k.name == name {
			return k.node, true
		}
	}
	return nil, false
}

func (s *keySet) add(name string, n ast.Node) {
	switch {
	case s.many != nil:
		s.many[name] = n
	case s.n < fewKeys:
		s.few[s.n] = seenKey{name, n}
		s.n++
	default:
		s.many = make(map[string]ast.Node, 2*fewKeys)
		for _, k := range s.few {
			s.many[k.name] = k.node
		}
		s.many[name] = n
	}
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

func (d *decoder) structValue(n ast.Node, v reflect.Value, path string) {
	m, ok := n.(*ast.MappingNode)
	if !ok {
		d.ds.Add(diag.Errorf(d.pos(n), "%s: expected a mapping, found a %s", label(path), kindName(n)).Fix("write 'key: value' lines, indented under their parent"))
		return
	}
	fields, order := structFields(v.Type())
	src := model.Src{Pos: d.pos(n)}
	keys := make([]model.KeyPos, 0, len(m.Values))
	var seen keySet
	for _, kv := range m.Values {
		k, ok := d.key(kv.Key, &seen, path)
		if !ok {
			continue
		}
		f, ok := fields[k]
		if !ok {
			d.ds.Add(diag.Errorf(d.pos(kv.Key), "%s: unknown key %s", label(path), diag.Quote(k)).Fix(diag.DidYouMean(k, order)))
			continue
		}
		val := kv.Value
		keys = append(keys, model.KeyPos{Key: k, Pos: d.pos(val)})
		if val.Type() == ast.NullType {
			hint := "write its value, or remove the key"
			if f.required {
				hint = "write its value"
			}
			d.null(val, join(path, k), hint)
			markBad(&src, k)
			continue
		}
		fv := v.FieldByIndex(f.index)
		if mv, ok := val.(*ast.MappingNode); ok && fv.Kind() == reflect.Map {
			for _, e := range mv.Values {
				if name, ok := scalar(e.Key); ok {
					keys = append(keys, model.KeyPos{Key: k + "." + name, Pos: d.pos(e.Key)})
				}
			}
		}
		before := len(*d.ds)
		d.value(val, fv, join(path, k))
		if len(*d.ds) == before && f.check != nil && val.Type() != ast.NullType {
			d.constrain(f.check, val, fv, join(path, k))
		}
		if len(*d.ds) > before {
			markBad(&src, k)
		}
	}
	src = src.WithKeys(keys)
	for _, name := range order {
		if src.Has(name) {
			continue
		}
		if fields[name].required {
			d.ds.Add(diag.Errorf(src.Pos, "%s: missing required key %s", label(path), diag.Quote(name)).Fix(fmt.Sprintf("add '%s:' to this mapping", name)))
		}
		// A struct that was not written at all points at this mapping.
		if fv := v.FieldByIndex(fields[name].index); fv.Kind() == reflect.Struct {
			setSrc(fv, model.Src{Pos: src.Pos})
		}
	}
	setSrc(v, src)
}

func markBad(src *model.Src, key string) {
	if src.Bad == nil {
		src.Bad = map[string]bool{}
	}
	src.Bad[key] = true
}

// null reports a null value. No type of the model's JSON Schema admits null
// (TestSchemaAdmitsNoNull), so the loader refuses it everywhere, as editors
// checking against the schema do: an optional value is left out, not
// written as null, and a required key written as null is not present.
func (d *decoder) null(n ast.Node, path, hint string) {
	d.ds.Add(diag.Errorf(d.pos(n), "%s: null is not a value here", label(path)).Fix(hint))
}

// setSrc stores src in v's Src field and in those of its inline structs, so
// each embedded part can point at its own keys.
func setSrc(v reflect.Value, src model.Src) {
	for _, f := range srcFieldsOf(v.Type()) {
		fv := v.Field(f.index)
		switch {
		case f.inline:
			setSrc(fv, src)
		case fv.CanAddr():
			*fv.Addr().Interface().(*model.Src) = src
		default:
			fv.Set(reflect.ValueOf(src))
		}
	}
}

// srcField is a field setSrc sets: a Src, or an inline struct holding one.
type srcField struct {
	index  int
	inline bool
}

// srcFields caches each struct type's srcFields, in field order: reading
// the fields' tags for every value was a sixth of decoding.
var srcFields sync.Map // reflect.Type -> []srcField

func srcFieldsOf(t reflect.Type) []srcField {
	if fs, ok := srcFields.Load(t); ok {
		return fs.([]srcField)
	}
	var fs []srcField
	for i := range t.NumField() {
		f := t.Field(i)
		switch {
		case f.Type == srcType:
			fs = append(fs, srcField{index: i})
		case strings.Contains(f.Tag.Get("yaml"), "inline") && f.Type.Kind() == reflect.Struct:
			fs = append(fs, srcField{index: i, inline: true})
		}
	}
	srcFields.Store(t, fs)
	return fs
}

// kindName names what an author wrote where something else was expected.
func kindName(n ast.Node) string {
	switch n.Type() {
	case ast.MappingType:
		return "mapping"
	case ast.SequenceType:
		return "list"
	}
	if s, ok := scalar(n); ok {
		return "value " + diag.Quote(s)
	}
	return "value"
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int64, reflect.Int32, reflect.Uint:
		return "whole number"
	case reflect.Float64:
		return "number"
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
		return "write a whole number in decimal digits, such as 3"
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
