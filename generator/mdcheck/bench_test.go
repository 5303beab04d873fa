package mdcheck

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkCheckHTML checks Markdown that is raw HTML throughout, at two
// sizes ten times apart. Its ns/byte must stay about the same at both
// sizes: a check that rescans the value for each finding's position was
// quadratic (300 KB of <b> took 30 s).
//
//	go test ./generator/mdcheck -run '^$' -bench CheckHTML -benchtime 3x
func BenchmarkCheckHTML(b *testing.B) {
	for _, size := range []int{30_000, 300_000} {
		md := strings.Repeat("<b>", size/3)
		b.Run(fmt.Sprintf("%dKB", size/1000), func(b *testing.B) {
			for b.Loop() {
				Check(md, nil)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(md)), "ns/byte")
		})
	}
}
