package write

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"

	"github.com/qmsplan/qmsplan/generator/internal/parallel"
	"github.com/qmsplan/qmsplan/generator/paths"
	"github.com/qmsplan/qmsplan/generator/render"
)

// A generated page carries, in its front matter's params, the SHA-256 of
// its path under content/ and of its own bytes without that line:
//
//	params:
//	    generatedBy: qmsplan
//	    generatedHash: 9f86d0…
//
// The mark alone cannot tell our file from a hand-written page started by
// copying one (a natural way to begin) or from a generated page edited by
// hand: the fingerprint can. A marked file whose fingerprint does not match
// is hand-written, and never overwritten or removed. The path is in it so
// that a copy, even exact, is hand-written at its new place.
const (
	markText = "generatedBy: " + paths.Generated + "\n"
	hashKey  = "generatedHash: "
	hashLen  = 2 * sha256.Size
)

// Stamp returns the pages with their fingerprint added after their
// generated mark, but for those marked Stamped already, and marks them
// Stamped: Prepare then takes their fingerprint as made, not hashing every
// page a second time. A page without the mark is an error: it could never
// be told from a hand-written one. The pages given are left as they were.
func Stamp(pages []render.Page) ([]render.Page, error) { return stampPages(pages, false) }

// StampInPlace is Stamp for a caller that keeps no other copy of the
// pages' bytes: a page whose Data has the capacity for its fingerprint
// line (render draws its pages with render.StampRoom to spare) is stamped
// where it lies, its bytes after the line moved along, instead of copied
// whole: at 10,000 plans the copies were 690 MB, held beside the pages they
// copied until the last was made. Each page's Data must be its own, its
// capacity beyond its length too, and is changed; after an error some
// pages may be stamped already.
func StampInPlace(pages []render.Page) ([]render.Page, error) { return stampPages(pages, true) }

func stampPages(pages []render.Page, inPlace bool) ([]render.Page, error) {
	out := make([]render.Page, len(pages))
	errs := make([]error, len(pages))
	parallel.For(len(pages), func(i int) {
		pg := pages[i]
		if pg.Stamped {
			out[i] = pg // as an earlier run stamped it (render.Reuse)
			return
		}
		fm := frontMatter(pg.Data)
		start, end, ok := findLine(fm, markText, 0)
		if _, _, has := hashLineIn(fm); !ok || has {
			errs[i] = fmt.Errorf("page %s from %s: its front matter has no line \"generatedBy: %s\" under params to put the fingerprint after, or has one already",
				pg.Path, pg.Source, paths.Generated)
			return
		}
		indent := pg.Data[start : end-len(markText)]
		n := len(indent) + len(hashKey) + hashLen + 1
		sum := fingerprint(pg.Path, pg.Data, nil)
		pg.Stamped = true
		if inPlace && cap(pg.Data)-len(pg.Data) >= n {
			b := pg.Data[:len(pg.Data)+n]
			copy(b[end+n:], b[end:len(pg.Data)]) // the rest moves along; indent lies before end
			k := end + copy(b[end:], indent)
			k += copy(b[k:], hashKey)
			k += copy(b[k:], sum)
			b[k] = '\n'
			pg.Data = b
			out[i] = pg
			return
		}
		b := make([]byte, 0, len(pg.Data)+n)
		b = append(b, pg.Data[:end]...)
		b = append(append(b, indent...), hashKey...)
		b = append(b, sum...)
		b = append(b, '\n')
		pg.Data = append(b, pg.Data[end:]...)
		out[i] = pg
	})
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return out, nil
}

// stamped reports whether data, the file at rel under content/, carries
// its own fingerprint.
func stamped(rel string, data []byte) bool {
	start, end, ok := hashLineIn(frontMatter(data))
	if !ok {
		return false
	}
	return string(data[end-1-hashLen:end-1]) == fingerprint(rel, data[:start], data[end:])
}

// fingerprint is the hash of rel and the page's bytes without its hash
// line (unstamped, in two parts around where the line was).
func fingerprint(rel string, unstamped, rest []byte) string {
	h := sha256.New()
	h.Write([]byte(rel + "\n"))
	h.Write(unstamped)
	h.Write(rest)
	return hex.EncodeToString(h.Sum(nil))
}

// hashLineIn finds the first line of fm that is indentation, then
// "generatedHash: " and 64 lower-case hex digits.
func hashLineIn(fm []byte) (start, end int, ok bool) {
	for from := 0; ; {
		start, end, ok = findLine(fm, hashKey, from)
		if !ok {
			return 0, 0, false
		}
		if end+hashLen < len(fm) && fm[end+hashLen] == '\n' && isHex(fm[end:end+hashLen]) {
			return start, end + hashLen + 1, true
		}
		from = end
	}
}

// findLine finds, from byte from on, the first line of b that starts with
// spaces or tabs (at least one) followed by text; end is where text ends.
func findLine(b []byte, text string, from int) (start, end int, ok bool) {
	for from < len(b) {
		i := bytes.Index(b[from:], []byte(text))
		if i < 0 {
			return 0, 0, false
		}
		i += from
		start = i
		for start > 0 && (b[start-1] == ' ' || b[start-1] == '\t') {
			start--
		}
		if start < i && (start == 0 || b[start-1] == '\n') {
			return start, i + len(text), true
		}
		from = i + 1
	}
	return 0, 0, false
}

func isHex(b []byte) bool {
	for _, c := range b {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}

// frontMatter is the YAML front matter of a page, delimiters included, or
// nil: the fingerprint lives there and nowhere else.
func frontMatter(data []byte) []byte {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil
	}
	end := bytes.Index(data[4:], []byte("\n---\n"))
	if end < 0 {
		return nil
	}
	return data[:4+end+1]
}

// Stamped reports whether data, the file at rel under content/, carries
// its own fingerprint: a page this program generated, unedited.
func Stamped(rel string, data []byte) bool { return stamped(rel, data) }

// Identity tells a stamped page's bytes apart from any other's without
// keeping them: where its fingerprint line starts and the line itself
// (indentation, key and hash), "" if it has none. Two files at one path
// that both carry their own fingerprint and have the same identity have the
// same bytes: the fingerprint covers the rest. It hashes nothing, so a run
// can note the identity of every page it wrote for free.
func Identity(data []byte) string {
	start, end, ok := hashLineIn(frontMatter(data))
	if !ok {
		return ""
	}
	return fmt.Sprintf("%d:%s", start, data[start:end])
}
