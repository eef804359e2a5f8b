package pdftext

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

// TestDump prints the lines of the PDF file named by PDFTEXT_DUMP, for
// looking at how a file is read: PDFTEXT_DUMP=file.pdf go test -run Dump -v
func TestDump(t *testing.T) {
	file := os.Getenv("PDFTEXT_DUMP")
	if file == "" {
		t.Skip("PDFTEXT_DUMP names no file")
	}
	r, err := Shared(os.Getenv("PDFTEXT_CACHE"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := r.ReadFile(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range doc.Pages {
		fmt.Printf("=== page %d (%.0fx%.0f)\n", p.Number, p.Width, p.Height)
		for _, l := range p.Lines {
			var spans []string
			for _, s := range l.Spans {
				var runs []string
				for _, r := range s.Runs {
					switch {
					case r.Super:
						runs = append(runs, "^{"+r.Text+"}")
					case r.Bold:
						runs = append(runs, "**"+r.Text+"**")
					default:
						runs = append(runs, r.Text)
					}
				}
				spans = append(spans, fmt.Sprintf("[%.0f]%s", s.Left, strings.Join(runs, "")))
			}
			fmt.Printf("%5.1f-%5.1f %4.1f %s\n", l.Top, l.Bottom, l.Size, strings.Join(spans, " | "))
		}
	}
}
