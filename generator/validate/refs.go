package validate

import (
	"github.com/qmsplan/qmsplan/generator/diag"
	"github.com/qmsplan/qmsplan/generator/model"
	"github.com/qmsplan/qmsplan/generator/paths"
)

// References from templates and plans to the registries: roles and statuses.

func (v *checker) responsible(p diag.Pos, s string) {
	codes := model.ResponsibleRoles(s)
	if len(codes) == 0 {
		v.ds.Add(diag.Errorf(p, "responsible %s names no role", diag.Quote(s)).Fix("name a role from " + paths.Roles + ", e.g. Deal Owner & JD-013"))
		return
	}
	for _, code := range codes {
		if v.ix.Roles[code] == nil && !v.unchecked(paths.Roles) {
			v.ds.Add(diag.Errorf(p, "unknown role %s in responsible %s", diag.Quote(code), diag.Quote(s)).Fix(diag.DidYouMean(code, v.roleCodes()) + "; or add it to " + paths.Roles))
		}
	}
}

func (v *checker) roleCodes() []string {
	var out []string
	for _, r := range v.d.Roles.Roles {
		out = append(out, r.Code)
	}
	return out
}

func (v *checker) status(p diag.Pos, key string) {
	if key != "" && v.ix.Statuses[key] == nil && !v.unchecked(paths.Statuses) {
		var keys []string
		for _, s := range v.d.Statuses.Statuses {
			keys = append(keys, s.Key)
		}
		v.ds.Add(diag.Errorf(p, "unknown status %s", diag.Quote(key)).Fix(diag.DidYouMean(key, keys)))
	}
}
