package build_test

import (
	"strconv"
	"sync/atomic"
	"testing"

	"scrutiny"
	"scrutiny/internal/build"
)

// BenchmarkVersions2000 builds a site whose one letter has 2,000 versions,
// each changing one paragraph of ten. When every version's page listed
// every version, the output was 1 GB; it now grows with the versions.
func BenchmarkVersions2000(b *testing.B) {
	for _, n := range []int{200, 2000} {
		fsys := versionsSite(n, func(i int) string {
			s := ""
			for k := range 10 {
				if k == i%10 {
					s += "Paragraph " + strconv.Itoa(k) + " of version " + strconv.Itoa(i) + ".\n\n"
				} else {
					s += "Paragraph " + strconv.Itoa(k) + ", the same in every version.\n\n"
				}
			}
			return s
		})
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			var size, files atomic.Int64
			b.ReportAllocs()
			for b.Loop() {
				size.Store(0)
				files.Store(0)
				p, err := build.Load(build.Options{Site: fsys, Theme: scrutiny.Theme})
				if err != nil {
					b.Fatal(err)
				}
				err = p.Render(func(name string, data []byte, minify bool) error {
					size.Add(int64(len(data)))
					files.Add(1)
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(size.Load())/1e6, "MB-output")
			b.ReportMetric(float64(files.Load()), "files")
		})
	}
}
