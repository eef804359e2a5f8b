package diff

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkWords32000 diffs two versions of 32,000 words: rewritten (all
// but one word in ten changed), which took 40 s exactly and now goes to
// Match; and revised (one word in fifty changed), which stays exact.
func BenchmarkWords32000(b *testing.B) {
	a, rewritten := rewrite(32000)
	var revised strings.Builder
	for i, w := range strings.Fields(a) {
		if i%50 == 0 {
			fmt.Fprintf(&revised, "new%d ", i)
		} else {
			revised.WriteString(w + " ")
		}
	}
	for _, c := range []struct{ name, b string }{{"rewritten", rewritten}, {"revised", revised.String()}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				Words(a, c.b)
			}
		})
	}
}
