package markdown

import (
	"strconv"
	"strings"
	"testing"
)

// The benchmarks below are issue 13's inputs whose cost grew with the
// square of their size; each now takes time and memory in proportion to it
// (see docs/performance.md).

// BenchmarkParagraphs20000 numbers the paragraphs of a version of 20,000
// paragraphs, every other one rewritten and the rest in another order
// (every pair swapped), against the version before: a table of 20,000 by
// 20,000 took 3.7 GB.
func BenchmarkParagraphs20000(b *testing.B) {
	const n = 20000
	var was, is strings.Builder
	for i := range n {
		was.WriteString("Paragraph " + strconv.Itoa(i) + " as it was.\n\n")
	}
	for i := range n {
		j := i ^ 1
		if i%2 == 0 {
			is.WriteString("Paragraph " + strconv.Itoa(j) + " as it was.\n\n")
		} else {
			is.WriteString("Paragraph " + strconv.Itoa(j) + " rewritten.\n\n")
		}
	}
	c := New("/", false, nil)
	v1, err := c.Convert([]byte(was.String()), "/d/", Prior{})
	if err != nil {
		b.Fatal(err)
	}
	src := []byte(is.String())
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Convert(src, "/d/", v1.Prior()); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkHeadings20000 converts 20,000 headings of the same words:
// trying every id taken before took 60 s.
func BenchmarkHeadings20000(b *testing.B) {
	bench(b, strings.Repeat("## Findings\n\n", 20000))
}

// BenchmarkLinks40000 converts 40,000 links on one line: counting the line
// again for each took 30 s.
func BenchmarkLinks40000(b *testing.B) {
	bench(b, strings.Repeat("[a](/x/) ", 40000)+"\n")
}

// BenchmarkNesting100000 refuses a line of 100,000 list markers (70 s to
// convert) and of 100,000 quote markers (190 s).
func BenchmarkNesting100000(b *testing.B) {
	for _, mark := range []string{"- ", "> "} {
		src := []byte(strings.Repeat(mark, 100000) + "x\n")
		c := New("/", false, nil)
		b.Run(strings.TrimSpace(mark), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, err := c.Convert(src, "/d/", Prior{}); err == nil {
					b.Fatal("converted")
				}
			}
		})
	}
}

// BenchmarkNestingIndented3000 refuses 3,000 lines each a list item
// indented under the one before (9 MB), which took 4 minutes to convert.
func BenchmarkNestingIndented3000(b *testing.B) {
	src := []byte(indented(3000, "- x\n"))
	c := New("/", false, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Convert(src, "/d/", Prior{}); err == nil {
			b.Fatal("converted")
		}
	}
}

// BenchmarkNestingAtLimit converts 128 KB of lines each nested as deep as
// allowed: the cost the limit leaves, which is goldmark's for each list or
// quote, whatever the depth.
func BenchmarkNestingAtLimit(b *testing.B) {
	for _, mark := range []string{"- ", "> "} {
		b.Run(strings.TrimSpace(mark), func(b *testing.B) {
			bench(b, strings.Repeat(strings.Repeat(mark, MaxNesting)+"x\n\n", 1<<17/(2*MaxNesting+3)))
		})
	}
}

func bench(b *testing.B, s string) {
	src := []byte(s)
	c := New("/", false, nil)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.Convert(src, "/d/", Prior{}); err != nil {
			b.Fatal(err)
		}
	}
}
