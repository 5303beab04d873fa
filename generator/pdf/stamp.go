package pdf

import (
	"bytes"
	"crypto/md5"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf16"

	"github.com/pdfcpu/pdfcpu/pkg/api"
	"github.com/pdfcpu/pdfcpu/pkg/pdfcpu/types"
)

// docInfo is what a PDF's document information says: its title and
// subject, and the as-of date as its creation and modification date.
type docInfo struct {
	Title, Subject string
	Date           time.Time
}

// stamp makes Chromium's PDF b reproducible and gives it info: the same
// page and info give the same bytes. It blanks the information dictionary
// Chromium wrote (its clock's time), renumbers the tags' node IDs, and
// appends info as an incremental update. Nothing else moves, so every
// offset in the file stays true. A rewrite by a PDF library would not do:
// pdfcpu stamps the clock's time and a file ID from it, and writes objects
// in map order.
func stamp(b []byte, info docInfo) ([]byte, error) {
	ctx, err := api.ReadContext(bytes.NewReader(b), config())
	if err != nil {
		return nil, fmt.Errorf("reading the PDF: %w", err)
	}
	// What Chromium (Skia) writes: a classic cross-reference table, the
	// information dictionary a plain object, no file ID. Anything else is
	// a browser this code does not know: fail, not guess.
	if ctx.Read.UsingXRefStreams || ctx.Info == nil || ctx.Root == nil || ctx.Size == nil || ctx.ID != nil {
		return nil, fmt.Errorf("the browser's PDF is not laid out as Chromium's (classic cross-reference table, an information dictionary, no file ID): cannot set its metadata reproducibly")
	}
	n := ctx.Info.ObjectNumber.Value()
	entry, ok := ctx.Find(n)
	if !ok || entry.Offset == nil || entry.Compressed {
		return nil, fmt.Errorf("the PDF's information dictionary (object %d) is not a plain object", n)
	}
	old, err := ctx.DereferenceDict(*ctx.Info)
	if err != nil {
		return nil, fmt.Errorf("the PDF's information dictionary: %w", err)
	}
	prev := bytes.LastIndex(b, []byte("startxref"))
	if prev < 0 {
		return nil, fmt.Errorf("the PDF has no startxref")
	}
	var prevXRef int64
	if _, err := fmt.Sscan(string(b[prev+len("startxref"):]), &prevXRef); err != nil {
		return nil, fmt.Errorf("the PDF's startxref: %w", err)
	}

	out := bytes.Clone(b)
	// The old dictionary becomes an empty one padded with spaces: the
	// offsets of everything after it stay as they are.
	off := int(*entry.Offset)
	head := fmt.Appendf(nil, "%d %d obj", n, ctx.Info.GenerationNumber.Value())
	end := bytes.Index(out[off:], []byte("endobj"))
	if !bytes.HasPrefix(out[off:], head) || end < 0 {
		return nil, fmt.Errorf("the PDF's information dictionary is not at its cross-reference offset %d", off)
	}
	body := out[off+len(head) : off+end]
	copy(body, bytes.Repeat([]byte(" "), len(body)))
	copy(body, " <<>>")
	if err := renumberNodeIDs(out); err != nil {
		return nil, err
	}

	str := func(key string) string {
		if o, ok := old[key]; ok {
			if s, err := types.StringOrHexLiteral(o); err == nil && s != nil {
				return *s
			}
		}
		return ""
	}
	date := "(D:" + info.Date.UTC().Format("20060102150405") + "Z)" // a date is ASCII
	obj := len(out)
	out = fmt.Appendf(out, "%d %d obj\n<<", n, ctx.Info.GenerationNumber.Value())
	for _, kv := range [][2]string{
		{"Title", textString(info.Title)}, {"Subject", textString(info.Subject)},
		{"Creator", textString(str("Creator"))}, {"Producer", textString(str("Producer"))},
		{"CreationDate", date}, {"ModDate", date},
	} {
		out = fmt.Appendf(out, "/%s %s", kv[0], kv[1])
	}
	out = append(out, ">>\nendobj\n"...)
	// The file ID is the digest of the file, so it names this content.
	id := fmt.Sprintf("%X", md5.Sum(out))
	xref := len(out)
	out = fmt.Appendf(out, "xref\n%d 1\n%010d %05d n\r\ntrailer\n<</Size %d/Root %s/Info %s/Prev %d/ID[<%s><%s>]>>\nstartxref\n%d\n%%%%EOF\n",
		n, obj, ctx.Info.GenerationNumber.Value(), *ctx.Size, ctx.Root.PDFString(), ctx.Info.PDFString(), prevXRef, id, id, xref)
	return out, nil
}

// textString is s as a PDF text string: UTF-16BE with its byte-order mark,
// in hex, which needs no escaping.
func textString(s string) string {
	var b strings.Builder
	b.WriteString("<FEFF")
	for _, u := range utf16.Encode([]rune(s)) {
		fmt.Fprintf(&b, "%04X", u)
	}
	b.WriteString(">")
	return b.String()
}

// nodeIDRE is a tag's ID as Chromium writes it (/ID (node00001567), and in
// a table cell's /Headers): the renderer's DOM node number, which counts
// every node the browser made before, in any page.
var nodeIDRE = regexp.MustCompile(`\(node(\d+)\)`)

// renumberNodeIDs numbers the node IDs in b from 1, in their order, each
// in the width it had: the same page gives the same IDs whatever the
// browser printed before, the ID tree stays sorted and no offset moves.
func renumberNodeIDs(b []byte) error {
	matches := nodeIDRE.FindAllSubmatchIndex(b, -1)
	ids := map[string]int{}
	for _, m := range matches {
		ids[string(b[m[2]:m[3]])] = 0
	}
	sorted := slices.Sorted(maps.Keys(ids))
	for i, id := range sorted {
		ids[id] = i + 1
	}
	for _, m := range matches {
		digits := b[m[2]:m[3]]
		n := fmt.Sprintf("%0*d", len(digits), ids[string(digits)])
		if len(n) > len(digits) {
			return fmt.Errorf("the PDF's tags number their nodes in mixed widths (node%s): cannot renumber them in place", digits)
		}
		copy(digits, n)
	}
	return nil
}
