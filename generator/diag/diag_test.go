package diag

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestWriteFormats(t *testing.T) {
	var l List
	l.Add(Errorf(Pos{File: "data/plans/a,b.yaml", Line: 3, Col: 7}, "bad date %q", "2025-02-30").Fix("write YYYY-MM-DD"))
	l.Add(Warnf(Pos{File: "data/roles.yaml"}, "100%% sure?\nsecond line"))
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
	l.Add(Warnf(Pos{File: "b", Line: 1}, "w"))
	l.Add(Errorf(Pos{File: "a", Line: 9}, "e2"))
	l.Add(Errorf(Pos{File: "a", Line: 2}, "e1"))
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

func TestPosString(t *testing.T) {
	for _, c := range []struct {
		p    Pos
		want string
	}{
		{Pos{File: "data/roles.yaml"}, "data/roles.yaml"},
		{Pos{File: "data/plans/p.yaml", Line: 3, Col: 7}, "data/plans/p.yaml:3:7"},
	} {
		if got := c.p.String(); got != c.want {
			t.Errorf("%#v.String() = %q, want %q", c.p, got, c.want)
		}
	}
}

// A list is an error only when it holds an error: warnings never fail a run.
func TestErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Error("empty list is an error")
	}
	l.Add(Warnf(Pos{File: "w.yaml"}, "suspicious"))
	if l.Err() != nil {
		t.Error("a warning alone is an error")
	}
	l.Add(Errorf(Pos{File: "a.yaml", Line: 2, Col: 3}, "bad %s", "value").Fix("fix it"))
	err := l.Err()
	if err == nil || err.Error() != "a.yaml:2:3: error: bad value (fix it)" {
		t.Errorf("one error: %v", err)
	}
	l.Add(Errorf(Pos{File: "b.yaml"}, "worse"))
	if err := l.Err(); err == nil || !strings.HasSuffix(err.Error(), "(and 1 more errors)") {
		t.Errorf("two errors: %v", err)
	}
	var got List
	if !errors.As(l.Err(), &got) || len(got) != 3 {
		t.Errorf("errors.As does not give the list back: %v", got)
	}
}
