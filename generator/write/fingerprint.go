package write

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"regexp"

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
var (
	markLine = regexp.MustCompile(`(?m)^([ \t]+)generatedBy: ` + regexp.QuoteMeta(paths.Generated) + `\n`)
	hashLine = regexp.MustCompile(`(?m)^[ \t]+generatedHash: ([0-9a-f]{64})\n`)
)

// Stamp returns the pages with their fingerprint added after their
// generated mark. A page without the mark is an error: it could never be
// told from a hand-written one.
func Stamp(pages []render.Page) ([]render.Page, error) {
	out := make([]render.Page, len(pages))
	for i, pg := range pages {
		fm := frontMatter(pg.Data)
		loc := markLine.FindSubmatchIndex(fm)
		if loc == nil || hashLine.Match(fm) {
			return nil, fmt.Errorf("page %s from %s: its front matter has no line \"generatedBy: %s\" under params to put the fingerprint after, or has one already",
				pg.Path, pg.Source, paths.Generated)
		}
		indent := pg.Data[loc[2]:loc[3]]
		var b bytes.Buffer
		b.Write(pg.Data[:loc[1]])
		fmt.Fprintf(&b, "%sgeneratedHash: %s\n", indent, fingerprint(pg.Path, pg.Data))
		b.Write(pg.Data[loc[1]:])
		pg.Data = b.Bytes()
		out[i] = pg
	}
	return out, nil
}

// stamped reports whether data, the file at rel under content/, carries
// its own fingerprint.
func stamped(rel string, data []byte) bool {
	loc := hashLine.FindSubmatchIndex(frontMatter(data))
	if loc == nil {
		return false
	}
	rest := append(append([]byte{}, data[:loc[0]]...), data[loc[1]:]...)
	return string(data[loc[2]:loc[3]]) == fingerprint(rel, rest)
}

func fingerprint(rel string, unstamped []byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n", rel)
	h.Write(unstamped)
	return hex.EncodeToString(h.Sum(nil))
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
