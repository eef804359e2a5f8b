package ofsted

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
)

// Report says what an import did, and every decision about the data worth a
// reader's look. Its lists are sorted by CSV line, then text.
type Report struct {
	File, Lookup string
	Rows         int // data rows of File
	LookupRows   int // councils in Lookup

	Bodies      Tally // body _index.md files
	Inspections Tally // inspection documents
	// Texts counts the report texts written beside inspections written
	// by hand (see Options and fullText).
	Texts Tally

	// Normalised counts grades read as grade keys ("requires improvement"
	// as requires-improvement).
	Normalised int
	// LeftOut counts the values left out of the judgements, by kind and
	// grade column.
	LeftOut [numKinds][len(gradeColumns)]int
	// MissingNeighbours counts the statistical neighbours' codes that are
	// no body of the site, by code.
	MissingNeighbours map[string]int
	// Recoded counts neighbours found by LA number because their code in
	// the lookup's list is an old one: {old code, new code}.
	Recoded map[[2]string]int

	Corrections   []Line // values corrected, with what
	Skipped       []Line // rows not imported, with the reason
	Duplicates    []Line // rows dropped as repeats
	Kept          []Line // files kept as someone wrote them
	Disagreements []Line // where a kept document and the CSV differ
	Notes         []Line // other decisions about the data
	Updated       []string

	// The reports' PDF files: how many the folder holds, and what became
	// of each row's.
	PDFFiles   int
	PDFs       map[string]int // read, unreadable, skipped
	Unreadable []Line         // with the reason
	// ReportWins counts, by kind, the values where the report and the
	// CSV differ and the report's is used; FromReport, the values the
	// CSV lacks that the report gives.
	ReportWins map[string]int
	FromReport map[string]int

	names map[string]string // council names by code, for the report
}

// Tally counts what happened to the files of one kind.
type Tally struct {
	Created, Updated, Unchanged, Kept int
}

func (t *Tally) count(outcome string) {
	switch outcome {
	case "created":
		t.Created++
	case "updated":
		t.Updated++
	case "unchanged":
		t.Unchanged++
	case "kept":
		t.Kept++
	}
}

// Line is one item of the report: about a row of the CSV (Line > 0) or the
// import as a whole.
type Line struct {
	Line int
	Text string
}

func (l Line) String() string {
	if l.Line == 0 {
		return l.Text
	}
	return fmt.Sprintf("line %d: %s", l.Line, l.Text)
}

func (r *Report) note(line int, format string, args ...any) {
	r.Notes = append(r.Notes, Line{line, fmt.Sprintf(format, args...)})
}

func (r *Report) skip(line int, format string, args ...any) {
	r.Skipped = append(r.Skipped, Line{line, fmt.Sprintf(format, args...)})
}

func (r *Report) duplicate(line int, format string, args ...any) {
	r.Duplicates = append(r.Duplicates, Line{line, fmt.Sprintf(format, args...)})
}

func (r *Report) correct(line int, format string, args ...any) {
	r.Corrections = append(r.Corrections, Line{line, fmt.Sprintf(format, args...)})
}

func (r *Report) keep(line int, format string, args ...any) {
	r.Kept = append(r.Kept, Line{line, fmt.Sprintf(format, args...)})
}

func (r *Report) disagree(line int, format string, args ...any) {
	r.Disagreements = append(r.Disagreements, Line{line, fmt.Sprintf(format, args...)})
}

// sort orders every list by CSV line. The importer finds things in an
// order fixed by its input (rows, then folders and areas, each sorted),
// which a stable sort keeps within a line: a document's disagreements stay
// in the order of its framework's areas.
// pdf counts a report file by what became of it.
func (r *Report) pdf(line int, outcome, format string, args ...any) {
	if r.PDFs == nil {
		r.PDFs = map[string]int{}
	}
	r.PDFs[outcome]++
	if outcome == "unreadable" {
		r.Unreadable = append(r.Unreadable, Line{line, fmt.Sprintf(format, args...)})
	}
}

// differ lists a difference between the report and the CSV, counted
// by kind.
func (r *Report) differ(kind string, line int, format string, args ...any) {
	if r.ReportWins == nil {
		r.ReportWins = map[string]int{}
	}
	r.ReportWins[kind]++
	r.Disagreements = append(r.Disagreements, Line{line, fmt.Sprintf(format, args...)})
}

// fromReport counts a value the CSV lacks that the report gives.
func (r *Report) fromReport(kind string, line int) {
	if r.FromReport == nil {
		r.FromReport = map[string]int{}
	}
	r.FromReport[kind]++
}

func (r *Report) sort() {
	for _, l := range [][]Line{r.Corrections, r.Skipped, r.Duplicates, r.Kept, r.Disagreements, r.Notes, r.Unreadable} {
		sort.SliceStable(l, func(i, j int) bool { return l[i].Line < l[j].Line })
	}
	sort.Strings(r.Updated)
}

// LeftOutTotal is the number of values left out of the judgements.
func (r *Report) LeftOutTotal() int {
	n := 0
	for _, byCol := range r.LeftOut {
		for _, c := range byCol {
			n += c
		}
	}
	return n
}

// WriteTo prints the report.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	var b strings.Builder
	fmt.Fprintf(&b, "scrutiny import ofsted-ilacs: %d %s of %s; %d %s in %s\n",
		r.Rows, plural(r.Rows, "row", "rows"), filepath.Base(r.File), r.LookupRows, plural(r.LookupRows, "council", "councils"), filepath.Base(r.Lookup))
	tally := func(what string, t Tally) {
		fmt.Fprintf(&b, "%s: %d created, %d updated, %d unchanged, %d kept as written by hand\n", what, t.Created, t.Updated, t.Unchanged, t.Kept)
	}
	tally("councils", r.Bodies)
	tally("inspections", r.Inspections)
	if r.Texts != (Tally{}) {
		tally("report texts beside inspections written by hand", r.Texts)
	}
	list := func(title string, lines []Line) {
		fmt.Fprintf(&b, "\n%s: %d\n", title, len(lines))
		for _, l := range lines {
			fmt.Fprintf(&b, "  %s\n", l)
		}
	}
	if r.PDFs != nil {
		fmt.Fprintf(&b, "report PDFs: %d in the folder; %d read, %d unreadable, %d of rows skipped\n", r.PDFFiles, r.PDFs["read"], r.PDFs["unreadable"], r.PDFs["skipped"])
		counts := func(what string, m map[string]int) {
			var parts []string
			for _, k := range sortedKinds(m) {
				parts = append(parts, fmt.Sprintf("%s %d", k, m[k]))
			}
			if len(parts) == 0 {
				parts = []string{"none"}
			}
			fmt.Fprintf(&b, "%s: %s\n", what, strings.Join(parts, ", "))
		}
		counts("values the report gives and the CSV lacks", r.FromReport)
		counts("where the report and the CSV differ (the report's value used)", r.ReportWins)
		list("report PDFs unreadable", r.Unreadable)
	}
	list("rows skipped", r.Skipped)
	list("duplicate rows dropped", r.Duplicates)
	list("values corrected", r.Corrections)
	fmt.Fprintf(&b, "\ngrades read as grade keys (such as \"requires improvement\" as requires-improvement): %d\n", r.Normalised)
	fmt.Fprintf(&b, "\nvalues left out of the judgements: %d\n", r.LeftOutTotal())
	for k := range numKinds {
		n, by := 0, []string{}
		for i, c := range r.LeftOut[k] {
			n += c
			if c > 0 {
				by = append(by, fmt.Sprintf("%s %d", strings.TrimSuffix(gradeColumns[i].name, "_grade"), c))
			}
		}
		if n > 0 {
			fmt.Fprintf(&b, "  %5d  %s (%s)\n", n, kindLabels[k], strings.Join(by, ", "))
		}
	}
	if len(r.MissingNeighbours) > 0 {
		codes := make([]string, 0, len(r.MissingNeighbours))
		total := 0
		for c, n := range r.MissingNeighbours {
			codes = append(codes, c)
			total += n
		}
		sort.Strings(codes)
		fmt.Fprintf(&b, "\nneighbours left out, not bodies of the site: %d\n", total)
		for _, c := range codes {
			name := r.names[c]
			if name == "" {
				name = "not in the lookup"
			}
			fmt.Fprintf(&b, "  %s (%s): %d\n", c, name, r.MissingNeighbours[c])
		}
	}
	if len(r.Recoded) > 0 {
		pairs := make([][2]string, 0, len(r.Recoded))
		total := 0
		for p, n := range r.Recoded {
			pairs = append(pairs, p)
			total += n
		}
		sort.Slice(pairs, func(i, j int) bool {
			return pairs[i][0] < pairs[j][0] || pairs[i][0] == pairs[j][0] && pairs[i][1] < pairs[j][1]
		})
		fmt.Fprintf(&b, "\nneighbours given by a code ONS has replaced, found by their LA number: %d\n", total)
		for _, p := range pairs {
			fmt.Fprintf(&b, "  %s as %s (%s): %d\n", p[0], p[1], r.names[p[1]], r.Recoded[p])
		}
	}
	list("files kept as written by hand", r.Kept)
	list("disagreements: between the report and the CSV, and between kept files and what the import would write", r.Disagreements)
	if len(r.Updated) > 0 {
		fmt.Fprintf(&b, "\nfiles updated: %d\n", len(r.Updated))
		for _, f := range r.Updated {
			fmt.Fprintf(&b, "  %s\n", f)
		}
	}
	list("notes", r.Notes)
	n, err := io.WriteString(w, b.String())
	return int64(n), err
}
