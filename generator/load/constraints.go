package load

import (
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/goccy/go-yaml/ast"

	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// The jsonschema struct tags of the model are the one statement of what a
// value may be: they become the shipped JSON Schema that editors check
// against, and the loader enforces the same pattern= and minimum= keywords,
// so a file an editor accepts is one the generator accepts and vice versa.

// tagOptions splits a jsonschema tag on its commas. As for the schema
// generator (invopop/jsonschema), "\," is a comma inside a value, such as a
// description.
func tagOptions(tag string) []string {
	var out []string
	var b strings.Builder
	for i := 0; i < len(tag); i++ {
		switch {
		case tag[i] == '\\' && i+1 < len(tag) && tag[i+1] == ',':
			b.WriteByte(',')
			i++
		case tag[i] == ',':
			out = append(out, b.String())
			b.Reset()
		default:
			b.WriteByte(tag[i])
		}
	}
	return append(out, b.String())
}

// constraint is what a field's tag asks of its value beyond its Go type.
type constraint struct {
	pattern *pattern
	minimum *float64
}

// pattern is a compiled pattern= keyword with its reading in words.
type pattern struct {
	src   string
	re    *regexp.Regexp
	words string // e.g. "use lower-case letters, digits and '-'"
	// The character classes of a pattern of the form ^[first][rest]*$ (or
	// ^[rest]+$), used to suggest a value that fits; nil for other patterns.
	first, rest *charSet
}

// patternReadings words the patterns that are not a plain character class.
var patternReadings = map[string]string{
	`^[^&/\s]([^&/]*[^&/\s])?$`: "no '&' or '/' (they join codes in the Responsible column), and no space at either end",
}

// patterns holds each distinct pattern compiled once; many fields share one.
var patterns sync.Map // string -> *pattern

func compilePattern(src string) *pattern {
	if p, ok := patterns.Load(src); ok {
		return p.(*pattern)
	}
	// A pattern Go cannot compile is a mistake in the model's tags, which
	// TestModelPatterns catches for every type the loader reads.
	p := &pattern{src: src, re: regexp.MustCompile(src), words: "must match " + src}
	if w, ok := patternReadings[src]; ok {
		p.words = w
	} else if first, rest, ok := simplePattern(src); ok {
		p.first, p.rest = first, rest
		p.words = "use " + rest.plural()
		if *first != *rest {
			p.words += ", starting with " + first.singular()
		}
	}
	patterns.Store(src, p)
	return p
}

// fieldTag reads the jsonschema tag of field f: whether it
// is required, and its constraints (nil if none apply to its type).
func fieldTag(f reflect.StructField) (required bool, c *constraint) {
	kind := f.Type.Kind()
	if kind == reflect.Slice {
		kind = f.Type.Elem().Kind() // pattern= on a list applies to its items
	}
	var k constraint
	for _, opt := range tagOptions(f.Tag.Get("jsonschema")) {
		name, val, _ := strings.Cut(opt, "=")
		switch {
		case opt == "required":
			required = true
		case name == "pattern" && kind == reflect.String:
			k.pattern = compilePattern(val)
		case name == "minimum" && kind >= reflect.Int && kind <= reflect.Float64 && kind != reflect.Uintptr:
			m, err := strconv.ParseFloat(val, 64)
			if err != nil {
				panic(fmt.Sprintf("load: field %s: bad jsonschema minimum %q", f.Name, val))
			}
			k.minimum = &m
		}
	}
	if k.pattern == nil && k.minimum == nil {
		return required, nil
	}
	return required, &k
}

// constrain checks v, decoded from n without error, against c.
func (d *decoder) constrain(c *constraint, n ast.Node, v reflect.Value, path string) {
	seq, isSeq := n.(*ast.SequenceNode)
	switch {
	case v.Kind() == reflect.String && c.pattern != nil:
		d.match(c.pattern, n, v.String(), path)
	case v.Kind() == reflect.Slice && c.pattern != nil && isSeq:
		for i := range min(v.Len(), len(seq.Values)) {
			d.match(c.pattern, seq.Values[i], v.Index(i).String(), fmt.Sprintf("%s[%d]", path, i))
		}
	case c.minimum != nil:
		var x float64
		switch {
		case v.CanInt():
			x = float64(v.Int())
		case v.CanUint():
			x = float64(v.Uint())
		case v.CanFloat():
			x = v.Float()
		default:
			return
		}
		if x < *c.minimum {
			m := strconv.FormatFloat(*c.minimum, 'f', -1, 64)
			d.ds.Add(diag.Errorf(d.pos(n), "%s: %v is less than %s, the smallest allowed", label(path), v.Interface(), m).Fix(fmt.Sprintf("write a number of %s or more", m)))
		}
	}
}

// match reports s, the value of n, if it does not fit p. Empty values are
// left to the checks for required and non-empty values. Spaces around a
// value are reported rather than trimmed: the value is compared elsewhere
// as written, and would silently fail to match.
func (d *decoder) match(p *pattern, n ast.Node, s, path string) {
	if s == "" || n.Type() == ast.NullType || p.re.MatchString(s) {
		return
	}
	why := p.words
	if t := strings.TrimFunc(s, unicode.IsSpace); t != s {
		why = "it starts or ends with a space; " + why
	}
	hint := "see the schema in " + paths.Schema
	if fit := p.suggest(s); fit != "" {
		hint = "write it as " + diag.Quote(fit)
	}
	d.ds.Add(diag.Errorf(d.pos(n), "%s %s is not allowed: %s", label(path), diag.Quote(s), why).Fix(hint))
}

// suggest returns a value close to s that fits p: trimmed, in the case the
// pattern allows, with runs of other characters replaced by '_' or '-'. It
// returns "" when there is none.
func (p *pattern) suggest(s string) string {
	if p.rest == nil {
		if t := strings.TrimFunc(s, unicode.IsSpace); p.re.MatchString(t) {
			return t
		}
		return ""
	}
	s = strings.TrimFunc(s, unicode.IsSpace)
	switch {
	case !p.rest.upper && p.rest.lower:
		s = strings.ToLower(s)
	case p.rest.upper && !p.rest.lower:
		s = strings.ToUpper(s)
	}
	sep := "" // the first of '_' and '-' the pattern allows
	if i := strings.IndexAny(p.rest.extra, "_-"); i >= 0 {
		sep = p.rest.extra[i : i+1]
	}
	var b strings.Builder
	gap := false
	for _, r := range s {
		if !p.rest.has(r) || string(r) == sep {
			gap = true
			continue
		}
		if gap && b.Len() > 0 {
			b.WriteString(sep)
		}
		gap = false
		b.WriteRune(r)
	}
	// A value whose first character does not fit gets no suggestion:
	// dropping it ("1st" to "st") would change what the value says.
	if out := b.String(); p.re.MatchString(out) {
		return out
	}
	return ""
}

// charSet is a regexp character class made of a-z, A-Z, 0-9 and single
// punctuation characters.
type charSet struct {
	lower, upper, digit bool
	extra               string
}

var simpleRE = regexp.MustCompile(`^\^\[([^\]]+)\](?:\[([^\]]+)\]\*|\+)\$$`)

// simplePattern reads patterns of the form ^[first][rest]*$ and ^[rest]+$.
func simplePattern(src string) (first, rest *charSet, ok bool) {
	m := simpleRE.FindStringSubmatch(src)
	if m == nil {
		return nil, nil, false
	}
	if first, ok = parseSet(m[1]); !ok {
		return nil, nil, false
	}
	if m[2] == "" {
		return first, first, true
	}
	rest, ok = parseSet(m[2])
	return first, rest, ok
}

func parseSet(s string) (*charSet, bool) {
	cs := &charSet{}
	if strings.HasPrefix(s, "^") {
		return nil, false // a negated class
	}
	for i := 0; i < len(s); i++ {
		if i+2 < len(s) && s[i+1] == '-' {
			switch s[i : i+3] {
			case "a-z":
				cs.lower = true
			case "A-Z":
				cs.upper = true
			case "0-9":
				cs.digit = true
			default:
				return nil, false
			}
			i += 2
			continue
		}
		c := s[i]
		if c == '\\' {
			if i+1 == len(s) {
				return nil, false
			}
			i++
			c = s[i]
			if c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))) {
				return nil, false // \d, \w, \s and the like
			}
		}
		if c >= 0x80 || c == '[' {
			return nil, false
		}
		cs.extra += string(c)
	}
	return cs, true
}

func (cs *charSet) has(r rune) bool {
	return cs.lower && r >= 'a' && r <= 'z' || cs.upper && r >= 'A' && r <= 'Z' ||
		cs.digit && r >= '0' && r <= '9' || r < 0x80 && strings.ContainsRune(cs.extra, r)
}

// plural names the set's characters: "lower-case letters, digits and '-'".
func (cs *charSet) plural() string {
	return andList(cs.words("letters", "lower-case letters", "capital letters", "digits"), " and ")
}

// singular names one of its characters: "a lower-case letter or a digit".
func (cs *charSet) singular() string {
	return andList(cs.words("a letter", "a lower-case letter", "a capital letter", "a digit"), " or ")
}

func (cs *charSet) words(both, lower, upper, digit string) []string {
	var w []string
	switch {
	case cs.lower && cs.upper:
		w = append(w, both)
	case cs.lower:
		w = append(w, lower)
	case cs.upper:
		w = append(w, upper)
	}
	if cs.digit {
		w = append(w, digit)
	}
	for _, c := range cs.extra {
		w = append(w, "'"+string(c)+"'")
	}
	return w
}

func andList(w []string, last string) string {
	if len(w) <= 1 {
		return strings.Join(w, "")
	}
	return strings.Join(w[:len(w)-1], ", ") + last + w[len(w)-1]
}
