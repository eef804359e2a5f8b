package ofsted

import (
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"scrutiny/internal/pdftext"
)

// paper is what a report's PDF says: the facts of its first pages, and its
// whole text as Markdown.
type paper struct {
	published string    // "8 August 2014", as printed; "" when it prints none
	visit     string    // the inspection dates, as printed
	visitMore string    // the line after them, where they may go on
	lead      string    // the lead inspector, as printed
	grades    []printed // from its judgement table or first page, in order
	overall   string    // the overall judgement in words, when a sentence gives it
	recs      []string  // what needs to improve, in order
	text      string    // the whole text as Markdown
	words     int       // the words of the text, page furniture left out
}

// printed is a judgement as the report prints it.
type printed struct {
	label string // the area, as printed
	grade string // the grade, as printed
}

// block is a paragraph, heading, list item or table of the text.
type block struct {
	kind    blockKind
	level   int // of a heading: 2 to 4
	number  int // of a numbered paragraph
	indent  int // of a bullet: 0, or 1 when nested
	text    []line
	rows    [][]string // of a table
	cont    float64    // the left edge of the block's lines after its first
	size    float64
	section string // the heading it falls under
}

type blockKind int

const (
	blkPara blockKind = iota
	blkHeading
	blkNumbered
	blkBullet
	blkTable
)

// line is a line of the text, with its place.
type line struct {
	pdftext.Line
	page int
}

// readPaper turns a report's pages into its facts and text.
func readPaper(doc *pdftext.Doc) *paper {
	lines, notes := body(doc)
	blocks := blocksOf(lines, bodySize(lines))
	p := &paper{}
	p.facts(lines, blocks)
	p.text = markdown(blocks, notes, lines)
	p.words = wordCount(lines) + wordCount(notes)
	return p
}

// bodySize is the font size of most of the text.
func bodySize(lines []line) float64 {
	n := map[float64]int{}
	for _, l := range lines {
		n[l.Size] += len(l.Text())
	}
	best, size := 0, 12.0
	for s, c := range n {
		if c > best || c == best && s < size {
			best, size = c, s
		}
	}
	return size
}

func wordCount(lines []line) int {
	n := 0
	for _, l := range lines {
		n += len(strings.Fields(l.Text()))
	}
	return n
}

var digits = regexp.MustCompile(`\d+`)

// body returns the lines of the text in order, page furniture (running
// headers and footers, page numbers) left out, and the footnotes' lines
// apart.
func body(doc *pdftext.Doc) (text, notes []line) {
	// A line in a page's top or bottom margin whose words, numbers aside,
	// recur on several pages is a running header or footer.
	margin := func(p pdftext.Page, l pdftext.Line) bool {
		return l.Bottom < p.Height*0.1 || l.Top > p.Height*0.9
	}
	recur := map[string]int{}
	for _, p := range doc.Pages {
		seen := map[string]bool{}
		for _, l := range p.Lines {
			if margin(p, l) {
				k := digits.ReplaceAllString(strings.Join(strings.Fields(l.Text()), " "), "#")
				if !seen[k] {
					seen[k] = true
					recur[k]++
				}
			}
		}
	}
	furniture := func(p pdftext.Page, l pdftext.Line) bool {
		if !margin(p, l) {
			return false
		}
		t := strings.TrimSpace(l.Text())
		if t == "" || digits.ReplaceAllString(t, "") == "" {
			return true // a page number
		}
		k := digits.ReplaceAllString(strings.Join(strings.Fields(t), " "), "#")
		return recur[k] >= 3 || recur[k] >= 2 && len(doc.Pages) <= 4
	}
	size := 0.0
	{
		var all []line
		for _, p := range doc.Pages {
			for _, l := range p.Lines {
				all = append(all, line{l, p.Number})
			}
		}
		size = bodySize(all)
	}
	for _, p := range doc.Pages {
		var kept []pdftext.Line
		for _, l := range p.Lines {
			if !furniture(p, l) {
				kept = append(kept, l)
			}
		}
		// Footnotes: small lines at the foot of the page, the first
		// starting with its number.
		start := len(kept)
		for i := len(kept) - 1; i >= 0; i-- {
			l := kept[i]
			if l.Size >= size*0.9 || l.Top < p.Height*0.5 {
				break
			}
			if noteStart(l) {
				start = i
			}
		}
		for i, l := range kept {
			if i >= start {
				notes = append(notes, line{l, p.Number})
			} else {
				text = append(text, line{l, p.Number})
			}
		}
	}
	return text, notes
}

var noteNumber = regexp.MustCompile(`^\d{1,2}$`)

// noteStart reports whether a small line starts a footnote: its first
// span, or a raised run, is the note's number.
func noteStart(l pdftext.Line) bool {
	if len(l.Spans) == 0 || len(l.Spans[0].Runs) == 0 {
		return false
	}
	first := l.Spans[0].Runs[0]
	if first.Super && noteNumber.MatchString(strings.TrimSpace(first.Text)) {
		return true
	}
	f := strings.Fields(l.Text())
	return len(f) > 0 && noteNumber.MatchString(f[0])
}

var (
	// "10. Text", or "10.Text" where the number runs into the word.
	numberedStart = regexp.MustCompile(`^(\d{1,3})\.(?:\s+(.*)|(\p{Lu}.*))?$`)
	bulletChars   = "◼■▪●•·–-o\uf0b7\uf0a7\uf0d8"
)

// bulletOf says whether a line starts a bullet, and returns the text after
// the bullet.
func bulletOf(l pdftext.Line) (string, bool) {
	t := l.Text()
	r, n := firstRune(t)
	if r == 0 || !isBullet(r) {
		return "", false
	}
	rest := t[n:]
	// "o" and "-" are bullets only when set apart from the text.
	if (r == 'o' || r == '-' || r == '–') && !strings.HasPrefix(rest, " ") && len(l.Spans) < 2 {
		return "", false
	}
	if r == 'o' && len(l.Spans) < 2 && !strings.HasPrefix(rest, "  ") {
		// "o" followed by one space may be a word ("o clock" never
		// occurs, but "of" split would not start with a space).
		if len(l.Spans[0].Runs) > 0 && !strings.HasPrefix(strings.TrimSpace(l.Spans[0].Text()), "o ") {
			return "", false
		}
	}
	return strings.TrimSpace(rest), true
}

// isBullet reports whether r is a bullet: one of the usual, or a symbol
// font's character in Unicode's private use area, as Word writes them.
func isBullet(r rune) bool {
	return strings.ContainsRune(bulletChars, r) || r >= 0xE000 && r <= 0xF8FF
}

func firstRune(s string) (rune, int) {
	for i, r := range s {
		return r, i + len(string(r))
	}
	return 0, 0
}

// blocksOf groups lines into blocks.
func blocksOf(lines []line, size float64) []*block {
	var blocks []*block
	var cur *block
	lastNumber := 0
	section := ""
	margin := leftMargin(lines)
	for i := 0; i < len(lines); i++ {
		l := lines[i]
		var prev *line
		if i > 0 {
			prev = &lines[i-1]
		}
		gap := 0.0
		newPage := prev != nil && prev.page != l.page
		if prev != nil && !newPage {
			gap = l.Top - prev.Bottom
		}
		text := l.Text()
		if strings.TrimSpace(text) == "" {
			continue
		}
		start := func(b *block) {
			b.section = section
			b.size = l.Size
			blocks = append(blocks, b)
			cur = b
		}
		// A table: lines of several spans that are not a paragraph's
		// number and its text.
		var next *line
		if i+1 < len(lines) && lines[i+1].page == l.page {
			next = &lines[i+1]
		}
		if _, _, ok := numberedOf(l, lastNumber); !ok && len(l.Spans) >= 2 || cur != nil && cur.kind == blkTable && tableGoesOn(cur, l, gap, size) || overColumn(l, next, size) {
			// Rows of a table stand further apart than a paragraph's
			// lines; a row whose cells line up with the table's
			// columns goes on it.
			if cur == nil || cur.kind != blkTable || gap > 3*size || gap > 1.2*size && !aligned(cur, l) && !overColumn(l, next, size) || newPage && !tableGoesOn(cur, l, 0, size) {
				start(&block{kind: blkTable})
			}
			cur.text = append(cur.text, l)
			continue
		}
		if isHeadingLine(l, size) {
			if cur != nil && cur.kind == blkHeading && gap < 0.6*size && math.Abs(cur.size-l.Size) < 0.5 && !newPage {
				cur.text = append(cur.text, l)
			} else {
				start(&block{kind: blkHeading, level: headingLevel(l.Size, size)})
			}
			if len(cur.text) == 0 {
				cur.text = append(cur.text, l)
			}
			section = joinLines(cur.text)
			continue
		}
		if n, rest, ok := numberedOf(l, lastNumber); ok {
			lastNumber = n
			b := &block{kind: blkNumbered, number: n}
			start(b)
			l2 := l
			l2.Spans = rest
			cur.text = append(cur.text, l2)
			continue
		}
		if _, ok := bulletOf(l.Line); ok {
			indent := 0
			if l.Left > margin+25 {
				indent = 1
			}
			start(&block{kind: blkBullet, indent: indent})
			cur.text = append(cur.text, l)
			continue
		}
		// A line goes on the block before it when close below it, or,
		// over a page break, when the block's sentence is not finished
		// or the line is indented as the block's lines are.
		if cur != nil && cur.kind != blkHeading && cur.kind != blkTable {
			last := cur.text[len(cur.text)-1]
			indented := cur.kind != blkPara && l.Left > cur.text[0].Left+8
			switch {
			case !newPage && gap < 0.55*size && (cur.kind == blkPara || indented || math.Abs(l.Left-cur.cont) < 4):
				cur.text = append(cur.text, l)
				if len(cur.text) == 2 {
					cur.cont = l.Left
				}
				continue
			case newPage && (indented && cur.kind != blkPara || !finished(last.Text()) || startsLower(text)):
				cur.text = append(cur.text, l)
				continue
			}
		}
		start(&block{kind: blkPara})
		cur.text = append(cur.text, l)
	}
	for _, b := range blocks {
		if b.kind == blkTable {
			b.rows = rowsOf(b.text, size)
		}
	}
	return blocks
}

// leftMargin is the leftmost edge that at least one line in twenty starts
// at: the page's margin, where the text's paragraphs start.
func leftMargin(lines []line) float64 {
	n := map[float64]int{}
	for _, l := range lines {
		n[math.Round(l.Left/4)*4]++
	}
	at := math.Inf(1)
	for x, c := range n {
		if c*20 >= len(lines) && x < at {
			at = x
		}
	}
	if math.IsInf(at, 1) {
		return 72
	}
	return at
}

// overColumn reports whether a line of one span sits just above a line
// of several, over one of its later cells: the first line of a cell that
// wraps, centred on its row.
func overColumn(l line, next *line, size float64) bool {
	if next == nil || len(l.Spans) != 1 {
		return false
	}
	// Lines that overlap on the page are never prose: cells of a row
	// that wrap differently.
	if next.Top < l.Bottom-1 {
		return true
	}
	if len(next.Spans) < 2 || next.Top-l.Bottom > 0.3*size {
		return false
	}
	for _, s := range next.Spans[1:] {
		if l.Left > next.Spans[0].Right && l.Left >= s.Left-30 && l.Left < s.Right {
			return true
		}
	}
	// The first lines of a first cell that wraps, the row's other
	// cells level with its last line.
	return math.Abs(l.Left-next.Spans[0].Left) < 6 && l.Right < next.Spans[1].Left
}

// aligned reports whether a line of several spans lines up with a
// table's columns.
func aligned(t *block, l line) bool {
	if len(l.Spans) < 2 {
		return false
	}
	cols := columns(t.text)
	for _, s := range l.Spans {
		ok := false
		for _, c := range cols {
			if math.Abs(s.Left-c) < 12 {
				ok = true
			}
		}
		if !ok {
			return false
		}
	}
	return true
}

func finished(s string) bool {
	s = strings.TrimSpace(s)
	return strings.HasSuffix(s, ".") || strings.HasSuffix(s, ":") || strings.HasSuffix(s, "?") || strings.HasSuffix(s, "!")
}

func startsLower(s string) bool {
	r, _ := firstRune(strings.TrimSpace(s))
	return unicode.IsLower(r)
}

// numberedOf says whether a line starts Ofsted's numbered paragraph, and
// returns its number and the spans of its text. A number counts when it
// follows the last one, or is set apart from its text as paragraph numbers
// are.
func numberedOf(l line, last int) (int, []pdftext.Span, bool) {
	if len(l.Spans) == 0 {
		return 0, nil, false
	}
	first := l.Spans[0].Text()
	m := numberedStart.FindStringSubmatch(first)
	if m == nil {
		return 0, nil, false
	}
	n, _ := strconv.Atoi(m[1])
	if m[3] != "" {
		m[2] = m[3]
	}
	apart := m[2] == "" && len(l.Spans) >= 2
	// More spans than a number and its text: a table's row.
	if apart && len(l.Spans) > 2 || !apart && len(l.Spans) > 1 {
		return 0, nil, false
	}
	if !(n == last+1 || apart && n > last && n <= last+3 || apart && n == 1) {
		return 0, nil, false
	}
	if l.Bold() && !apart {
		return 0, nil, false // a numbered heading
	}
	rest := append([]pdftext.Span(nil), l.Spans[1:]...)
	if m[2] != "" {
		s := l.Spans[0]
		s.Runs = trimPrefix(s.Runs, len(m[0])-len(m[2]))
		rest = append([]pdftext.Span{s}, rest...)
	}
	return n, rest, true
}

// trimPrefix drops the first n bytes of the runs' text.
func trimPrefix(runs []pdftext.Run, n int) []pdftext.Run {
	out := append([]pdftext.Run(nil), runs...)
	for len(out) > 0 && n > 0 {
		if out[0].Super {
			out = out[1:]
			continue
		}
		t := strings.TrimLeft(out[0].Text, " ")
		n -= len(out[0].Text) - len(t)
		if len(t) <= n {
			n -= len(t)
			out = out[1:]
			continue
		}
		out[0].Text = strings.TrimLeft(t[n:], " ")
		n = 0
	}
	return out
}

// isHeadingLine reports whether a line is (part of) a heading: all bold,
// or larger than the text, and short of a sentence's end.
func isHeadingLine(l line, size float64) bool {
	t := strings.TrimSpace(l.Text())
	if t == "" || len(t) > 160 {
		return false
	}
	if len(l.Spans) >= 2 {
		if _, _, ok := numberedOf(l, 0); ok {
			return false
		}
	}
	if l.Size >= size+1.5 {
		return true
	}
	return l.Bold() && l.Size >= size-0.5 && !strings.HasSuffix(t, ".") && !strings.HasSuffix(t, ",")
}

func headingLevel(s, body float64) int {
	switch {
	case s >= body+3.5:
		return 2
	case s >= body+1.5:
		return 3
	}
	return 4
}

// tableGoesOn reports whether a line of one span goes on a table: a cell
// that wraps, close below the last line, or in one of the table's columns
// other than the first.
func tableGoesOn(t *block, l line, gap, size float64) bool {
	if len(l.Spans) >= 2 {
		return true
	}
	if gap == 0 && l.page != t.text[len(t.text)-1].page {
		return false // a new page: only a row of cells goes on
	}
	cols := columns(t.text)
	for i, c := range cols {
		if i > 0 && math.Abs(l.Left-c) < 6 {
			return true
		}
	}
	return gap < 0 || gap < 0.45*size && len(cols) > 0 && math.Abs(l.Left-cols[0]) < 6
}

// columns are the left edges of a table's columns.
func columns(lines []line) []float64 {
	var cols []float64
	for _, l := range lines {
		if len(l.Spans) < 2 {
			continue
		}
		for _, s := range l.Spans {
			found := false
			for _, c := range cols {
				if math.Abs(c-s.Left) < 12 {
					found = true
					break
				}
			}
			if !found {
				cols = append(cols, s.Left)
			}
		}
	}
	sort.Float64s(cols)
	// Columns that never hold text in the same line are one column whose
	// cells are indented differently ("2.1 Adoption performance" under
	// "2. Children looked after").
	near := func(x, c float64) bool { return math.Abs(x-c) < 12 }
	for i := 0; i+1 < len(cols); {
		both := false
		for _, l := range lines {
			a, b := false, false
			for _, s := range l.Spans {
				a = a || near(s.Left, cols[i])
				b = b || near(s.Left, cols[i+1])
			}
			both = both || a && b
		}
		if both {
			i++
			continue
		}
		cols = append(cols[:i+1], cols[i+2:]...)
	}
	return cols
}

// rowsOf parts a table's lines into rows at the wider gaps, and each
// span into the column nearest its left edge.
func rowsOf(lines []line, size float64) [][]string {
	cols := columns(lines)
	if len(cols) == 0 {
		cols = []float64{0}
	}
	var rows [][]string
	var cells [][]string
	flush := func() {
		if cells == nil {
			return
		}
		row := make([]string, len(cols))
		for i, c := range cells {
			row[i] = joinText(c)
		}
		rows = append(rows, row)
		cells = nil
	}
	for i, l := range lines {
		gap := 0.0
		if i > 0 {
			gap = l.Top - lines[i-1].Bottom
		}
		if i > 0 && (gap > 0.45*size || l.page != lines[i-1].page) {
			// A cell's text above its row's first line (a grade
			// wrapped over two lines, centred) belongs to the row
			// below it when that row's other cells start lower.
			flush()
		}
		if cells == nil {
			cells = make([][]string, len(cols))
		}
		for _, s := range l.Spans {
			// The column this span starts in: the last whose edge is
			// at or before it.
			k := 0
			for j, c := range cols {
				if s.Left >= c-12 {
					k = j
				}
			}
			cells[k] = append(cells[k], markdownRuns(s.Runs, false))
		}
	}
	flush()
	return mergeLoneRows(rows)
}

// mergeLoneRows joins a row holding only later columns' text to the row
// below it: in SIF reports a grade wraps over two lines centred on the
// row, its first word above the area's name.
func mergeLoneRows(rows [][]string) [][]string {
	var out [][]string
	for i := 0; i < len(rows); i++ {
		r := rows[i]
		filled := 0
		for _, c := range r {
			if c != "" {
				filled++
			}
		}
		if filled == 1 && r[len(r)-1] != "" && i+1 < len(rows) && rows[i+1][0] != "" {
			next := rows[i+1]
			for j := range r {
				next[j] = strings.TrimSpace(r[j] + " " + next[j])
			}
			continue
		}
		out = append(out, r)
	}
	return out
}

// joinText joins a block's lines: a word broken by a hyphen at a line's
// end keeps the hyphen ("decision-" "making"), as Ofsted's reports break
// lines only between words and at hyphens of compound words.
func joinText(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		s := b.String()
		if b.Len() > 0 && !(strings.HasSuffix(s, "-") && len(s) > 1 && unicode.IsLetter(rune(s[len(s)-2]))) {
			b.WriteByte(' ')
		}
		b.WriteString(p)
	}
	return b.String()
}

func joinLines(ls []line) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = l.Text()
	}
	return joinText(parts)
}
