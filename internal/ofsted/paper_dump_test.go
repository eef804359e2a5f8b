package ofsted

import (
	"context"
	"fmt"
	"os"
	"testing"

	"scrutiny/internal/pdftext"
)

// TestPaperDump prints what the importer reads from the report PDF named
// by PAPER_DUMP: PAPER_DUMP=report.pdf go test -run PaperDump -v
func TestPaperDump(t *testing.T) {
	file := os.Getenv("PAPER_DUMP")
	if file == "" {
		t.Skip("PAPER_DUMP names no file")
	}
	r, err := pdftext.Shared(os.Getenv("PDFTEXT_CACHE"))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := r.ReadFile(context.Background(), file)
	if err != nil {
		t.Fatal(err)
	}
	p := readPaper(doc)
	fmt.Printf("published %q\nvisit %q\nlead %q\noverall %q\n", p.published, p.visit, p.lead, p.overall)
	for _, g := range p.grades {
		fmt.Printf("grade %q = %q\n", g.label, g.grade)
	}
	for i, r := range p.recs {
		fmt.Printf("R%d %s\n", i+1, r)
	}
	fmt.Printf("words %d\n-----\n%s", p.words, p.text)
}
