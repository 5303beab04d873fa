package diag

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestWriteFormats(t *testing.T) {
	var l List
	l.Errorf(Pos{File: "data/plans/a,b.yaml", Line: 3, Col: 7}, "write YYYY-MM-DD", "bad date %q", "2025-02-30")
	l.Warnf(Pos{File: "data/roles.yaml"}, "", "100%% sure?\nsecond line")
	for _, tc := range []struct {
		f    Format
		want []string
	}{
		{Text, []string{
			`data/plans/a,b.yaml:3:7: error: bad date "2025-02-30" (write YYYY-MM-DD)`,
			"data/roles.yaml: warning: 100% sure?\nsecond line",
		}},
		{GitHub, []string{
			// Properties escape ',' and ':'; messages escape '%' and newlines,
			// so one finding is always one workflow command.
			`::error file=data/plans/a%2Cb.yaml,line=3,col=7::bad date "2025-02-30" (write YYYY-MM-DD)`,
			`::warning file=data/roles.yaml,line=1,col=1::100%25 sure?%0Asecond line`,
		}},
	} {
		var b bytes.Buffer
		if err := l.Write(&b, tc.f); err != nil {
			t.Fatal(err)
		}
		for _, w := range tc.want {
			if !strings.Contains(b.String(), w) {
				t.Errorf("%s output lacks %q:\n%s", tc.f, w, b.String())
			}
		}
	}
	var b bytes.Buffer
	l.Write(&b, JSON)
	var got []Diagnostic
	if err := json.Unmarshal(b.Bytes(), &got); err != nil || len(got) != 2 || got[0].Line != 3 || got[0].Severity != Error {
		t.Errorf("json round trip: %v %+v", err, got)
	}
	b.Reset()
	List(nil).Write(&b, JSON)
	if strings.TrimSpace(b.String()) != "[]" {
		t.Errorf("no findings in JSON = %q, want []", b.String())
	}
}

func TestSortAndCount(t *testing.T) {
	var l List
	l.Warnf(Pos{File: "b", Line: 1}, "", "w")
	l.Errorf(Pos{File: "a", Line: 9}, "", "e2")
	l.Errorf(Pos{File: "a", Line: 2}, "", "e1")
	l.Sort()
	if l[0].Message != "e1" || l[1].Message != "e2" || l[2].Message != "w" {
		t.Errorf("sorted = %v", l)
	}
	if e, w := l.Count(); e != 2 || w != 1 || !l.HasErrors() {
		t.Errorf("count = %d, %d", e, w)
	}
}

func TestParseFormat(t *testing.T) {
	if _, err := ParseFormat("xml"); err == nil {
		t.Error("xml accepted")
	}
	if f, err := ParseFormat("github"); err != nil || f != GitHub {
		t.Error("github rejected")
	}
}
