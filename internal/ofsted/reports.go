package ofsted

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"scrutiny/internal/config"
	"scrutiny/internal/meta"
	"scrutiny/internal/pdftext"
)

// The reports themselves. With Options.Reports, each row's PDF
// (Reports/<urn>_<local_authority>/<pdf_filename>) is read, and what the
// report says wins over the CSV: the scrape that made the CSV read the
// reports, and could not read the older ones at all. Every difference is
// listed in the import report, counted by kind.

// readTimeout bounds one file: a PDF that makes PDFium loop must not hang
// an import of hundreds.
const readTimeout = 2 * time.Minute

// pdfFile is where a row's report is, or "".
func (imp *importer) pdfFile(r *row) string {
	if imp.opt.Reports == "" || r.pdf == "" {
		return ""
	}
	return filepath.Join(imp.opt.Reports, r.urn+"_"+r.council, r.pdf)
}

// readReports reads every inspection's report, several at once, and
// settles each against its row.
func (imp *importer) readReports(ins []*inspection) error {
	if imp.opt.Reports == "" {
		return nil
	}
	reader, err := pdftext.Shared(imp.opt.Cache)
	if err != nil {
		return err
	}
	// As many files at once as there are processors: the time limit of
	// each starts when its reading does.
	work := make(chan *inspection)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for in := range work {
				data, err := os.ReadFile(imp.pdfFile(in.row))
				if err == nil {
					var doc *pdftext.Doc
					if doc, err = reader.ReadWithin(readTimeout, data); err == nil {
						in.paper = readPaper(doc)
					}
				}
				in.paperErr = err
			}
		}()
	}
	for _, in := range ins {
		if imp.pdfFile(in.row) != "" {
			work <- in
		}
	}
	close(work)
	wg.Wait()
	for _, in := range ins {
		imp.settle(in)
	}
	return nil
}

// accountSkipped accounts for the reports of rows not imported, saying
// of each whether it is a PDF at all, and for the files in the folder.
func (imp *importer) accountSkipped(rows []*row, ins []*inspection) {
	if imp.opt.Reports == "" {
		return
	}
	imported := map[*row]bool{}
	for _, in := range ins {
		imported[in.row] = true
	}
	for _, r := range rows {
		file := imp.pdfFile(r)
		if imported[r] || file == "" {
			continue
		}
		data, err := os.ReadFile(file)
		switch {
		case err != nil:
			imp.rep.pdf(r.line, "unreadable", "%s: cannot read: %v", rel(imp.opt.Reports, file), err)
		case pdftext.Sniff(data) != "":
			imp.rep.pdf(r.line, "unreadable", "%s: not a PDF file: %s", rel(imp.opt.Reports, file), pdftext.Sniff(data))
		default:
			imp.rep.pdf(r.line, "skipped", "%s: its row is skipped (see rows skipped)", rel(imp.opt.Reports, file))
		}
	}
	imp.rep.PDFFiles = countPDFs(imp.opt.Reports)
}

func countPDFs(dir string) int {
	n := 0
	_ = filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.EqualFold(filepath.Ext(p), ".pdf") {
			n++
		}
		return nil
	})
	return n
}

func rel(base, file string) string {
	if r, err := filepath.Rel(base, file); err == nil {
		return filepath.ToSlash(r)
	}
	return file
}

// settle takes the report's word over the row's: dates, lead inspector and
// grades, listing every difference.
func (imp *importer) settle(in *inspection) {
	file := imp.pdfFile(in.row)
	if file == "" {
		return
	}
	name := rel(imp.opt.Reports, file)
	if in.paperErr != nil {
		what := in.paperErr.Error()
		if os.IsNotExist(in.paperErr) {
			what = "no such file"
		}
		imp.rep.pdf(in.row.line, "unreadable", "%s: %s: the inspection is imported from the CSV alone", name, what)
		return
	}
	p := in.paper
	imp.rep.pdf(in.row.line, "read", "")
	line := in.row.line
	if p.published != "" {
		if d, err := humanDate(p.published); err != nil {
			imp.rep.differ("date", line, "%s: the report's publication date %q cannot be read: the CSV's is kept", in.where(), p.published)
		} else if d != in.published {
			imp.rep.differ("date", line, "%s: the report was published on %s, the CSV says %s: the report's date is used", in.where(), d.Human(), in.published.Human())
			in.published = d
		}
	}
	if p.visit != "" {
		v, err := visitDates(p.visit)
		if err != nil && p.visitMore != "" {
			if v2, err2 := visitDates(p.visit + " " + p.visitMore); err2 == nil {
				v, err = v2, nil
			}
		}
		if err != nil {
			imp.rep.differ("visit", line, "%s: the report's inspection dates %q cannot be read: %v", in.where(), p.visit, err)
		} else if !sameDates(v, in.visit) {
			if len(in.visit) > 0 {
				imp.rep.differ("visit", line, "%s: the report gives the visit as %s, the CSV %s: the report's dates are used", in.where(), dateList(v), dateList(in.visit))
			} else {
				imp.rep.fromReport("visit", line)
			}
			in.visit = v
		}
	}
	if p.lead != "" {
		name, role := leadName(p.lead)
		author := name
		if role {
			author += " HMI"
		}
		if in.author == "" {
			imp.rep.fromReport("inspector", line)
		} else if nameKey(strings.TrimSuffix(in.author, " HMI")) != nameKey(name) {
			imp.rep.differ("inspector", line, "%s: the report names the lead inspector %q, the CSV %q: the report's name is used", in.where(), p.lead, strings.TrimSuffix(in.author, " HMI"))
		}
		in.author = author
	}
	if len(in.visit) > 0 {
		if f, ok := imp.cfg.FrameworkFor(in.visit[0]); ok && f != in.framework {
			in.framework = f
		}
	}
	// The report's own judgements say which framework it was inspected
	// under, where the dates leave room: SIF inspections went on into
	// 2018, after ILACS began.
	if f := imp.frameworkOfGrades(in); f != nil && f != in.framework {
		imp.rep.note(line, "%s: the report grades the areas of the %s framework, not of %s, which its dates suggest: %s is used", in.where(), f.Key, in.framework.Key, f.Key)
		in.framework = f
	}
	imp.settleGrades(in)
	in.recs = p.recs
}

// settleGrades makes the judgements the report's, area by area, keeping
// the CSV's grade only where the report's cannot be found.
func (imp *importer) settleGrades(in *inspection) {
	p := in.paper
	line := in.row.line
	fromPaper := map[string]config.Grade{}
	for _, g := range p.grades {
		area, ok := matchArea(in.framework, g.label)
		if !ok {
			imp.rep.note(line, "%s: the report grades %q, which is no area of the %s framework: left out", in.where(), g.label, in.framework.Key)
			continue
		}
		grade, ok := imp.gradeOf(g.grade)
		if !ok {
			imp.rep.note(line, "%s: the report's grade %q for %s is not a grade of the site: left out", in.where(), g.grade, area.Key)
			continue
		}
		if _, dup := fromPaper[area.Key]; !dup {
			fromPaper[area.Key] = grade
		}
	}
	if p.overall != "" {
		if a, ok := in.framework.Area("overall"); ok {
			if g, ok := imp.gradeOf(p.overall); ok && fromPaper[a.Key].Key == "" {
				fromPaper[a.Key] = g
			}
		}
	}
	csv := map[string]config.Grade{}
	for _, j := range in.judgements {
		csv[j.area.Key] = j.grade
	}
	var out []judgement
	for _, a := range in.framework.Areas {
		pg, inPaper := fromPaper[a.Key]
		cg, inCSV := csv[a.Key]
		switch {
		case inPaper && inCSV && pg.Key != cg.Key:
			imp.rep.differ("grade", line, "%s: %s: the report says %s, the CSV %s: the report's grade is used", in.where(), a.Key, pg.Key, cg.Key)
		case inPaper && !inCSV:
			imp.rep.fromReport("grade", line)
		case !inPaper && inCSV:
			imp.rep.differ("grade not found in the report", line, "%s: %s: no grade found in the report; the CSV's %s is kept", in.where(), a.Key, cg.Key)
			pg, inPaper = cg, true
		}
		if inPaper {
			out = append(out, judgement{a, pg, fromPaper[a.Key].Key != ""})
		}
	}
	in.judgements = out
}

// frameworkOfGrades is the framework whose areas the report's grades
// match best, of those in force within a year of the inspection, when it
// matches more of them than the inspection's framework does.
func (imp *importer) frameworkOfGrades(in *inspection) *config.Framework {
	when := in.published
	if len(in.visit) > 0 {
		when = in.visit[0]
	}
	matched := func(f *config.Framework) int {
		n := 0
		for _, g := range in.paper.grades {
			if _, ok := matchArea(f, g.label); ok {
				n++
			}
		}
		return n
	}
	best, most := (*config.Framework)(nil), matched(in.framework)
	for i := range imp.cfg.Frameworks {
		f := &imp.cfg.Frameworks[i]
		t := when.Time()
		if f.From.Time().After(t.AddDate(1, 0, 0)) || !f.To.IsZero() && f.To.Time().Before(t.AddDate(-1, 0, 0)) {
			continue
		}
		if n := matched(f); n > most {
			best, most = f, n
		}
	}
	return best
}

// gradeOf reads a grade as printed as one of the site's grades.
func (imp *importer) gradeOf(s string) (config.Grade, bool) {
	k, ok := gradeWords(s)
	if !ok {
		return config.Grade{}, false
	}
	return imp.cfg.Grade(k)
}

var stop = map[string]bool{"the": true, "of": true, "and": true, "to": true, "with": true, "on": true, "for": true, "who": true, "a": true, "is": true, "in": true}

func tokens(s string) map[string]bool {
	out := map[string]bool{}
	s = strings.ToLower(strings.NewReplacer("’", "'", "(lscb)", "", "lscb", "local safeguarding children board").Replace(s))
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		if !stop[w] {
			out[w] = true
		}
	}
	return out
}

// matchArea finds the framework's area a printed label names: the area
// whose label holds most of the printed label's words, the closest
// match winning ("children in care" is in-care, not care-leavers).
func matchArea(f *config.Framework, label string) (config.Area, bool) {
	want := tokens(label)
	if len(want) == 0 {
		return config.Area{}, false
	}
	words := make([]map[string]bool, len(f.Areas))
	// A word weighs the more, the fewer areas have it: "leavers" tells
	// care leavers from children in care, "children" tells nothing.
	in := map[string]int{}
	for i, a := range f.Areas {
		words[i] = tokens(a.Label)
		for w := range tokens(a.Key) {
			words[i][w] = true
		}
		for w := range words[i] {
			in[w]++
		}
	}
	weight := func(w string) float64 {
		if in[w] == 0 {
			return 1
		}
		return 1 / float64(in[w])
	}
	total := 0.0
	for w := range want {
		total += weight(w)
	}
	best, bestScore, bestShare := config.Area{}, 0.0, 0.0
	for i, a := range f.Areas {
		score, common := 0.0, 0
		for w := range want {
			if words[i][w] {
				score += weight(w)
				common++
			}
		}
		score /= total
		// Most of the printed words must be the area's.
		share := float64(common) / float64(len(want))
		if score > bestScore {
			best, bestScore, bestShare = a, score, share
		}
	}
	return best, bestShare >= 0.75
}

var months = map[string]int{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12}

// humanDate reads "8 August 2014".
func humanDate(s string) (meta.Date, error) {
	f := strings.Fields(s)
	if len(f) != 3 {
		return meta.Date{}, fmt.Errorf("%q is not a day, month and year", s)
	}
	m := months[strings.ToLower(f[1])]
	if m == 0 && len(f[1]) >= 3 {
		// "Feb", "Sept".
		for name, n := range months {
			if strings.HasPrefix(name, strings.ToLower(f[1])) {
				m = n
			}
		}
	}
	if m == 0 {
		return meta.Date{}, fmt.Errorf("%q: no month %q", s, f[1])
	}
	return meta.ParseDate(fmt.Sprintf("%s-%02d-%02s", f[2], m, leftPad(f[0])))
}

func leftPad(d string) string {
	if len(d) == 1 {
		return "0" + d
	}
	return d
}

var (
	dayMonthYear = `(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]+)\s+(\d{4})`
	dateRange    = regexp.MustCompile(`^(\d{1,2})(?:st|nd|rd|th)?(?:\s+([A-Za-z]+))?(?:\s+(\d{4}))?\s*(?:to|-)\s*` + dayMonthYear + `$`)
	numericDate  = regexp.MustCompile(`\b(\d{1,2})/(\d{1,2})/(\d{4})\b`)
	monthNames   = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
)

// visitDates reads a report's inspection dates: "11 to 15 September
// 2023", "16 April to 20 April 2018", "2 June 2014 – 25 June 2014",
// "27 September to 8 October 2021".
func visitDates(s string) ([]meta.Date, error) {
	s = strings.Join(strings.Fields(strings.TrimSuffix(strings.TrimSpace(s), ".")), " ")
	s = numericDate.ReplaceAllStringFunc(s, func(d string) string {
		m := numericDate.FindStringSubmatch(d)
		n, _ := strconv.Atoi(m[2])
		if n < 1 || n > 12 {
			return d
		}
		return strings.TrimLeft(m[1], "0") + " " + monthNames[n-1] + " " + m[3]
	})
	s = strings.NewReplacer("─", " to ", "–", " to ", "—", " to ", " - ", " to ").Replace(s)
	s = strings.Join(strings.Fields(s), " ")
	// "8 to 12 July 2019 and 7 to 9 August 2019": the first day of the
	// first stretch to the last of the last.
	if parts := strings.Split(s, " and "); len(parts) > 1 {
		first, err1 := visitDates(parts[0])
		last, err2 := visitDates(parts[len(parts)-1])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("not ranges of dates")
		}
		return []meta.Date{first[0], last[1]}, nil
	}
	if d, err := humanDate(s); err == nil {
		return []meta.Date{d, d}, nil
	}
	m := dateRange.FindStringSubmatch(s)
	if m == nil {
		return nil, fmt.Errorf("not a range of dates")
	}
	end, err := humanDate(m[4] + " " + m[5] + " " + m[6])
	if err != nil {
		return nil, err
	}
	month, year := m[2], m[3]
	if month == "" {
		month = m[5]
	}
	if year == "" {
		year = m[6]
	}
	start, err := humanDate(m[1] + " " + month + " " + year)
	if err != nil {
		return nil, err
	}
	// "29 December to 9 January 2015": the start is in the year before.
	if start.Compare(end) > 0 && m[3] == "" {
		start.Year--
	}
	if start.Compare(end) > 0 {
		return nil, fmt.Errorf("it ends before it starts")
	}
	return []meta.Date{start, end}, nil
}

// leadName is the lead inspector's name as printed, without the title
// that follows it, and whether that title is Her or His Majesty's
// Inspector (HMI).
func leadName(s string) (string, bool) {
	s = strings.TrimSpace(s)
	role := false
	lower := strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	for _, t := range []string{"her majesty's inspector", "his majesty's inspector", "hmi"} {
		if i := strings.LastIndex(lower, t); i > 0 && i+len(t) == len(lower) {
			s, role = strings.TrimSpace(s[:i]), true
			break
		}
	}
	s = strings.TrimRight(s, " ,")
	return s, role
}

// sortedKinds lists a count's kinds in order.
func sortedKinds(m map[string]int) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}
