package yamlout

import (
	"encoding"
	"errors"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/token"
)

// The front matter of every generated page goes through Marshal, and
// goccy's encoder builds a node per value, quotes each string by trying it
// as five timestamp layouts (an error message, with the whole string in it,
// per failed try) and then prints the tree through fmt: half the pre-build's
// time. fast writes the same bytes directly for the plain shapes pages use:
// structs with yaml tags, pointers to them, slices, string-keyed maps,
// strings, ints and bools. Anything else (a nil value that would print as
// null, an empty collection that is not omitted, a type with its own
// marshaler, ...) is errShape, and Marshal falls back on goccy, whose output
// is the reference: TestFastMatchesGoccy holds the two to the same bytes.

var errShape = errors.New("yamlout: shape not handled by the fast encoder")

type encoder struct{ b []byte }

// fast returns v as YAML, as Node and Print would, or errShape.
func fast(v any) ([]byte, error) {
	rv := reflect.ValueOf(v)
	for rv.Kind() == reflect.Pointer && !rv.IsNil() {
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, errShape
	}
	e := encoder{b: make([]byte, 0, 4096)}
	n, err := e.mapping(rv, 0, false)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, errShape
	}
	return e.b, nil
}

// field is a struct field as goccy reads its tag.
type field struct {
	index           int
	name            string
	omitEmpty, flow bool
}

var fieldCache sync.Map // reflect.Type -> []field, or errShape

// marshalers are the interfaces by which goccy lets a type encode itself
// (or, IsZeroer, say when omitempty omits it).
var marshalers = []reflect.Type{
	reflect.TypeFor[encoding.TextMarshaler](),
	reflect.TypeFor[yaml.BytesMarshaler](),
	reflect.TypeFor[yaml.BytesMarshalerContext](),
	reflect.TypeFor[yaml.InterfaceMarshaler](),
	reflect.TypeFor[yaml.InterfaceMarshalerContext](),
	reflect.TypeFor[yaml.IsZeroer](),
}

var customCache sync.Map // reflect.Type -> bool

// custom reports a type goccy encodes other than by its kind.
func custom(t reflect.Type) bool {
	if c, ok := customCache.Load(t); ok {
		return c.(bool)
	}
	c := t == reflect.TypeFor[time.Duration]() || t == reflect.TypeFor[time.Time]()
	for _, i := range marshalers {
		c = c || t.Implements(i) || reflect.PointerTo(t).Implements(i)
	}
	customCache.Store(t, c)
	return c
}

func fieldsOf(t reflect.Type) ([]field, error) {
	if f, ok := fieldCache.Load(t); ok {
		if fs, ok := f.([]field); ok {
			return fs, nil
		}
		return nil, errShape
	}
	fs, err := readFields(t)
	if err != nil {
		fieldCache.Store(t, err)
		return nil, err
	}
	fieldCache.Store(t, fs)
	return fs, nil
}

func readFields(t reflect.Type) ([]field, error) {
	if custom(t) {
		return nil, errShape
	}
	var fs []field
	seen := map[string]bool{}
	for i := range t.NumField() {
		sf := t.Field(i)
		if sf.Anonymous {
			return nil, errShape
		}
		if sf.PkgPath != "" {
			continue // unexported: goccy skips it too
		}
		tag, ok := sf.Tag.Lookup("yaml")
		if !ok || tag == "" {
			return nil, errShape // goccy's other tag sources are not copied here
		}
		if tag == "-" {
			continue
		}
		opts := strings.Split(tag, ",")
		f := field{index: i, name: opts[0]}
		if f.name == "" {
			f.name = strings.ToLower(sf.Name)
		}
		for _, o := range opts[1:] {
			switch o {
			case "omitempty":
				f.omitEmpty = true
			case "flow":
				f.flow = true
			default:
				return nil, errShape
			}
		}
		if seen[f.name] {
			return nil, errShape
		}
		seen[f.name] = true
		fs = append(fs, f)
	}
	return fs, nil
}

// empty is goccy's omitempty test for the kinds fast handles; a struct
// held by value is refused (goccy omits one whose fields are all empty).
func empty(v reflect.Value) (bool, error) {
	switch v.Kind() {
	case reflect.String:
		return v.Len() == 0, nil
	case reflect.Pointer, reflect.Interface:
		return v.IsNil(), nil
	case reflect.Slice, reflect.Map:
		return v.Len() == 0, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return v.Int() == 0, nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return v.Uint() == 0, nil
	case reflect.Bool:
		return !v.Bool(), nil
	}
	return false, errShape
}

func (e *encoder) indent(n int) {
	for range n {
		e.b = append(e.b, ' ')
	}
}

// mapping writes the fields of the struct (or string-keyed map) v, one a
// line at column col; with inItem the first line follows a "- " already
// written. It returns how many it wrote.
func (e *encoder) mapping(v reflect.Value, col int, inItem bool) (int, error) {
	n := 0
	line := func(key string) {
		if n > 0 || !inItem {
			e.indent(col)
		}
		e.b = appendString(e.b, key, false)
		e.b = append(e.b, ':')
		n++
	}
	switch v.Kind() {
	case reflect.Struct:
		fs, err := fieldsOf(v.Type())
		if err != nil {
			return 0, err
		}
		for _, f := range fs {
			fv := v.Field(f.index)
			if f.omitEmpty {
				z, err := empty(fv)
				if err != nil {
					return 0, err
				}
				if z {
					continue
				}
			}
			line(f.name)
			if err := e.value(fv, col, f.flow); err != nil {
				return 0, err
			}
		}
	case reflect.Map:
		if v.Type().Key().Kind() != reflect.String || custom(v.Type().Key()) {
			return 0, errShape
		}
		keys := v.MapKeys()
		// goccy orders keys by fmt.Sprint, which for strings is the string.
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(a.String(), b.String()) })
		for _, k := range keys {
			line(k.String())
			if err := e.value(v.MapIndex(k), col, false); err != nil {
				return 0, err
			}
		}
	default:
		return 0, errShape
	}
	return n, nil
}

// plain is v, through a pointer, if fast can write it as itself.
func plain(v reflect.Value) (reflect.Value, error) {
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return v, errShape // goccy writes null
		}
		v = v.Elem()
	}
	if v.Kind() != reflect.String && custom(v.Type()) {
		return v, errShape
	}
	return v, nil
}

// value writes what follows "key:" for v, whose key is at column col.
func (e *encoder) value(v reflect.Value, col int, flow bool) error {
	v, err := plain(v)
	if err != nil {
		return err
	}
	switch v.Kind() {
	case reflect.Struct, reflect.Map:
		if flow {
			return errShape
		}
		e.b = append(e.b, '\n')
		n, err := e.mapping(v, col+2, false)
		if err != nil {
			return err
		}
		if n == 0 {
			return errShape // goccy writes {}
		}
		return nil
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return errShape // []byte
		}
		if flow {
			return e.flowSeq(v)
		}
		if v.Len() == 0 {
			return errShape // goccy writes []
		}
		e.b = append(e.b, '\n')
		for i := range v.Len() {
			if err := e.item(v.Index(i), col+2); err != nil {
				return err
			}
		}
		return nil
	}
	e.b = append(e.b, ' ')
	if err := e.scalar(v, false); err != nil {
		return err
	}
	e.b = append(e.b, '\n')
	return nil
}

// item writes one block sequence item at column col.
func (e *encoder) item(v reflect.Value, col int) error {
	v, err := plain(v)
	if err != nil {
		return err
	}
	e.indent(col)
	e.b = append(e.b, "- "...)
	switch v.Kind() {
	case reflect.Struct, reflect.Map:
		n, err := e.mapping(v, col+2, true)
		if err != nil {
			return err
		}
		if n == 0 {
			return errShape
		}
		return nil
	case reflect.Slice:
		return errShape
	}
	if err := e.scalar(v, false); err != nil {
		return err
	}
	e.b = append(e.b, '\n')
	return nil
}

func (e *encoder) flowSeq(v reflect.Value) error {
	e.b = append(e.b, " ["...)
	for i := range v.Len() {
		if i > 0 {
			e.b = append(e.b, ", "...)
		}
		if err := e.scalar(v.Index(i), true); err != nil {
			return err
		}
	}
	e.b = append(e.b, "]\n"...)
	return nil
}

func (e *encoder) scalar(v reflect.Value, flow bool) error {
	if custom(v.Type()) {
		return errShape
	}
	switch v.Kind() {
	case reflect.String:
		e.b = appendString(e.b, v.String(), flow)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.b = strconv.AppendInt(e.b, v.Int(), 10)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.b = strconv.AppendUint(e.b, v.Uint(), 10)
	case reflect.Bool:
		e.b = strconv.AppendBool(e.b, v.Bool())
	default:
		return errShape
	}
	return nil
}

// appendString writes s plain or double-quoted, as goccy's encoder and the
// quoter do together.
func appendString(b []byte, s string, flow bool) []byte {
	if quoted(s, flow) {
		return strconv.AppendQuote(b, s)
	}
	return append(b, s...)
}

func quoted(s string, flow bool) bool {
	if flow && flowQuoted(s) {
		return true
	}
	if needQuoted(s) {
		return true
	}
	// misread, for a string needQuoted let through: only the infinities
	// and NaNs are read as another type then (numbers, nulls and booleans
	// are quoted already).
	return s[0] == '?' || infNaN[s] || strings.ContainsFunc(s, unicode.IsControl)
}

// flowQuoted is goccy's extra test inside a flow collection.
func flowQuoted(s string) bool {
	if strings.ContainsAny(s, `]},'"`) {
		return true
	}
	for i := 0; i < len(s); i++ {
		if s[i] == ':' && (i+1 >= len(s) || s[i+1] != '/') {
			return true
		}
	}
	return false
}

// needQuoted is token.IsNeedQuoted without its costly part where it cannot
// match: a number or a timestamp (every layout goccy tries starts with a
// number, which time.Parse reads with an optional sign) starts with a digit,
// a sign or a dot, and those strings are left to token.IsNeedQuoted itself.
func needQuoted(s string) bool {
	if s == "" {
		return true
	}
	switch c := s[0]; {
	case c >= '0' && c <= '9', c == '+', c == '-', c == '.':
		return token.IsNeedQuoted(s)
	}
	if keyword[s] {
		return true
	}
	switch s[0] {
	case '*', '&', '[', '{', '}', ']', ',', '!', '|', '>', '%', '\'', '"', '@', ' ', '`':
		return true
	}
	switch s[len(s)-1] {
	case ':', ' ':
		return true
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '#', '\\':
			return true
		case ':', '-':
			if i+1 < len(s) && s[i+1] == ' ' {
				return true
			}
		}
	}
	return false
}

// keyword is goccy's list of words its encoder quotes (reservedEncKeywordMap),
// less those that start with a digit, sign or dot; infNaN the words its
// parser reads as numbers.
var (
	keyword = set("null", "Null", "NULL", "~", "true", "True", "TRUE", "false", "False", "FALSE",
		"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF")
	infNaN = set(".inf", ".Inf", ".INF", "-.inf", "-.Inf", "-.INF", ".nan", ".NaN", ".NAN")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}
