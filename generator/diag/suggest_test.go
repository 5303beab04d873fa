package diag

import "testing"

func TestDidYouMean(t *testing.T) {
	known := []string{"start_date", "duration", "country", "JD-013", "Deal Owner"}
	for _, c := range []struct{ got, want string }{
		{"strat_date", `did you mean "start_date"?`},
		{"Country", `did you mean "country"?`},
		{"durations", `did you mean "duration"?`},
		// Known names in capitals (role codes) are matched regardless of case.
		{"JD-031", `did you mean "JD-013"?`},
		{"deal owner", `did you mean "Deal Owner"?`},
		{"Deal Onwer", `did you mean "Deal Owner"?`},
		{"zzz", "known keys: Deal Owner, JD-013, country, duration, start_date"},
	} {
		if got := DidYouMean(c.got, known); got != c.want {
			t.Errorf("DidYouMean(%q) = %q, want %q", c.got, got, c.want)
		}
	}
}
