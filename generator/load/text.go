package load

import (
	"fmt"
	"unicode/utf8"

	"github.com/qmsplan/qmsplan/generator/diag"
)

const textHint = "save the file as UTF-8 text; delete the character"

// checkText reports the first byte of data that is not UTF-8 text the YAML
// parser accepts, at its line and column. The YAML library rejects such
// bytes too, but always at line 1, column 1, which in a long plan is no help.
// Columns count characters, as the YAML parser's do; a UTF-8 byte order mark
// at the very start is allowed and not counted.
func checkText(file string, data []byte, ds *diag.List) bool {
	switch {
	case len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff):
		// The YAML library would decode UTF-16, but git shows such a file
		// as binary, so its changes could not be reviewed.
		ds.Add(diag.Errorf(diag.Pos{File: file, Line: 1, Col: 1}, "file is UTF-16 text, not UTF-8").Fix("save the file as UTF-8 text"))
		return false
	case len(data) >= 3 && data[0] == 0xef && data[1] == 0xbb && data[2] == 0xbf:
		data = data[3:]
	}
	line, col := 1, 1
	for i := 0; i < len(data); {
		if c := data[i]; c >= 0x20 && c < 0x7f || c == '\t' {
			i, col = i+1, col+1 // the common case, printable ASCII
			continue
		}
		r, size := utf8.DecodeRune(data[i:])
		var msg string
		switch {
		case r == utf8.RuneError && size <= 1:
			msg = fmt.Sprintf("invalid UTF-8 byte 0x%02x", data[i])
		case r == '\n' || r == '\r':
			if r == '\r' && i+1 < len(data) && data[i+1] == '\n' {
				i++
			}
			i++
			line, col = line+1, 1
			continue
		case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f && r != 0x85:
			msg = fmt.Sprintf("control character U+%04X is not allowed", r)
		case r == 0xfffe || r == 0xffff:
			msg = fmt.Sprintf("character U+%04X is not allowed", r)
		}
		if msg != "" {
			ds.Add(diag.Errorf(diag.Pos{File: file, Line: line, Col: col}, "%s", msg).Fix(textHint))
			return false
		}
		i += size
		col++
	}
	return true
}
