package ofsted

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"scrutiny/internal/pdftext"
)

// markdown writes the blocks and footnotes as Markdown: headings as
// headings, Ofsted's numbered paragraphs as items of numbered lists that
// keep their numbers, bullets as lists, tables as tables, footnotes as
// footnotes.
func markdown(blocks []*block, notes []line, lines []line) string {
	defs := footnotes(notes)
	var b strings.Builder
	lastNumber, delim, lastLevel := 0, ".", 1
	for i, bl := range blocks {
		if i > 0 {
			b.WriteString("\n")
		}
		switch bl.kind {
		case blkHeading:
			// A heading may go one level below the one before it, no
			// further: the page's title is the one first-level heading.
			level := min(bl.level, lastLevel+1)
			lastLevel = level
			fmt.Fprintf(&b, "%s %s\n", strings.Repeat("#", level), escapeStart(mdEscape(joinLines(bl.text))))
		case blkNumbered:
			// A list numbers its items from its first: a number that
			// does not follow the item before it starts a new list,
			// which a change of delimiter makes.
			prevNumbered := i > 0 && blocks[i-1].kind == blkNumbered
			if prevNumbered && bl.number != lastNumber+1 {
				delim = map[string]string{".": ")", ")": "."}[delim]
			}
			lastNumber = bl.number
			fmt.Fprintf(&b, "%d%s %s\n", bl.number, delim, blockText(bl.text))
		case blkBullet:
			t := blockText(bl.text)
			if r, n := firstRune(t); r != 0 && isBullet(r) {
				t = strings.TrimSpace(t[n:])
			}
			fmt.Fprintf(&b, "%s- %s\n", strings.Repeat("  ", bl.indent), escapeStart(t))
		case blkTable:
			writeTable(&b, bl)
		default:
			fmt.Fprintf(&b, "%s\n", escapeStart(blockText(bl.text)))
		}
	}
	// A raised number with no footnote of that number is text.
	out := noteRef.ReplaceAllStringFunc(b.String(), func(ref string) string {
		n := ref[2 : len(ref)-1]
		if _, ok := defs[n]; ok {
			return ref
		}
		return n
	})
	if len(defs) > 0 {
		out += "\n"
		for _, n := range sortedNotes(defs) {
			out += fmt.Sprintf("[^%s]: %s\n", n, defs[n])
		}
	}
	return dehyphenate(out, lines)
}

var noteRef = regexp.MustCompile(`\[\^\d+\]`)

// footnotes reads the footnotes' lines: each starts with its number.
func footnotes(notes []line) map[string]string {
	defs := map[string]string{}
	var order []string
	var parts []string
	num := ""
	flush := func() {
		if num != "" {
			t := strings.TrimSpace(joinText(parts))
			if old, ok := defs[num]; ok {
				t = old + " " + t
			} else {
				order = append(order, num)
			}
			defs[num] = t
		}
		parts = nil
	}
	for _, l := range notes {
		if noteStart(l.Line) {
			flush()
			runs := append([]pdftext.Run(nil), l.Spans[0].Runs...)
			first := strings.TrimSpace(runs[0].Text)
			if runs[0].Super {
				num = first
				runs = runs[1:]
			} else {
				f := strings.Fields(first)
				num = f[0]
				runs = trimPrefix(runs, len(strings.TrimLeft(runs[0].Text, " "))-len(strings.TrimLeft(strings.TrimPrefix(strings.TrimLeft(runs[0].Text, " "), num), " ")))
			}
			ll := l.Line
			ll.Spans = append([]pdftext.Span{{Runs: runs}}, ll.Spans[1:]...)
			parts = append(parts, lineMarkdown(ll))
			continue
		}
		if num == "" {
			num = "0"
		}
		parts = append(parts, lineMarkdown(l.Line))
	}
	flush()
	return defs
}

func sortedNotes(defs map[string]string) []string {
	var ns []string
	for n := range defs {
		ns = append(ns, n)
	}
	// Numerically: note 10 after note 9.
	for i := 1; i < len(ns); i++ {
		for j := i; j > 0 && less(ns[j], ns[j-1]); j-- {
			ns[j], ns[j-1] = ns[j-1], ns[j]
		}
	}
	return ns
}

func less(a, b string) bool {
	x, _ := strconv.Atoi(a)
	y, _ := strconv.Atoi(b)
	return x < y
}

func writeTable(b *strings.Builder, bl *block) {
	rows := bl.rows
	if len(rows) == 0 {
		return
	}
	width := len(rows[0])
	if width < 2 {
		for _, r := range rows {
			fmt.Fprintf(b, "%s\n\n", escapeStart(r[0]))
		}
		return
	}
	cell := func(s string) string { return strings.ReplaceAll(s, "|", `\|`) }
	for i, r := range rows {
		b.WriteString("|")
		for _, c := range r {
			fmt.Fprintf(b, " %s |", cell(c))
		}
		b.WriteString("\n")
		if i == 0 {
			b.WriteString("|" + strings.Repeat(" --- |", width) + "\n")
		}
	}
}

// blockText is a block's lines as one line of Markdown.
func blockText(ls []line) string {
	parts := make([]string, len(ls))
	for i, l := range ls {
		parts[i] = lineMarkdown(l.Line)
	}
	return joinText(parts)
}

// lineMarkdown is a line's text with its bold runs marked and its raised
// numbers made footnote references.
func lineMarkdown(l pdftext.Line) string {
	parts := make([]string, len(l.Spans))
	for i, s := range l.Spans {
		parts[i] = markdownRuns(s.Runs, false)
	}
	return strings.Join(parts, " ")
}

// markdownRuns writes runs as Markdown.
func markdownRuns(runs []pdftext.Run, plain bool) string {
	var b strings.Builder
	for _, r := range runs {
		switch {
		case r.Super:
			n := strings.TrimSpace(r.Text)
			if noteNumber.MatchString(n) && !plain {
				fmt.Fprintf(&b, "[^%s]", n)
			} else {
				b.WriteString(mdEscape(r.Text))
			}
		case r.Bold && !plain && strings.TrimSpace(r.Text) != "":
			// Emphasis may not start or end with a space.
			t := r.Text
			lead := t[:len(t)-len(strings.TrimLeft(t, " "))]
			trail := t[len(strings.TrimRight(t, " ")):]
			fmt.Fprintf(&b, "%s**%s**%s", lead, mdEscape(strings.TrimSpace(t)), trail)
		default:
			b.WriteString(mdEscape(r.Text))
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

var mdSpecial = strings.NewReplacer(`\`, `\\`, "*", `\*`, "_", `\_`, "[", `\[`, "]", `\]`, "<", `\<`, ">", `\>`, "`", "\\`", "~", `\~`)

var entity = regexp.MustCompile(`&(#?\w+;)`)

// escape makes text Markdown that shows as the text.
func mdEscape(s string) string {
	return entity.ReplaceAllString(mdSpecial.Replace(s), `\&$1`)
}

var blockStart = regexp.MustCompile(`^(#|[-+=]|\d+[.)])`)

// escapeStart keeps a paragraph that starts as a heading, list or rule
// would from being read as one.
func escapeStart(s string) string {
	if m := blockStart.FindString(s); m != "" {
		return m[:len(m)-1] + `\` + m[len(m)-1:] + s[len(m):]
	}
	return s
}

var hyphenated = regexp.MustCompile(`(\p{L}+)-(\p{Ll}+)`)

// dehyphenate joins a word broken at a line's end by a hyphen that is not
// the word's: "assess-" "ment" becomes "assessment" where the report
// writes "assessment" elsewhere and never "assess-ment".
func dehyphenate(md string, lines []line) string {
	// Words that end a line with a hyphen, and the next line's first.
	type pair struct{ a, b string }
	var broken []pair
	for i := 0; i+1 < len(lines); i++ {
		t := strings.Fields(lines[i].Text())
		n := strings.Fields(lines[i+1].Text())
		if len(t) == 0 || len(n) == 0 {
			continue
		}
		w := t[len(t)-1]
		if len(w) > 2 && strings.HasSuffix(w, "-") && startsLower(n[0]) {
			broken = append(broken, pair{strings.TrimSuffix(w, "-"), n[0]})
		}
	}
	if len(broken) == 0 {
		return md
	}
	words := map[string]int{}
	for _, w := range strings.FieldsFunc(md, func(r rune) bool { return !(r == '-' || r == '\'' || r == '’' || isWordRune(r)) }) {
		words[strings.ToLower(w)]++
	}
	for _, p := range broken {
		a := lastWord(p.a)
		b := firstWord(p.b)
		joined := strings.ToLower(a + b)
		hyph := strings.ToLower(a + "-" + b)
		// The hyphenated form occurs once here: at the break itself.
		if words[joined] > 0 && words[hyph] <= 1 {
			md = strings.Replace(md, a+"-"+b, a+b, 1)
		}
	}
	return md
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r > 127 && r != '’' && r != '–' && r != '—'
}

func lastWord(s string) string {
	i := strings.LastIndexFunc(s, func(r rune) bool { return !isWordRune(r) })
	return s[i+1:]
}

func firstWord(s string) string {
	i := strings.IndexFunc(s, func(r rune) bool { return !isWordRune(r) })
	if i < 0 {
		return s
	}
	return s[:i]
}

var (
	publishedRE = regexp.MustCompile(`(?i)(?:report )?published:?\s*(\d{1,2}\s+[A-Za-z]+\s+\d{4})`)
	datesRE     = regexp.MustCompile(`(?i)^inspection dates?:?\s*(.*)$`)
	leadRE      = regexp.MustCompile(`(?i)^(?:lead|reporting) inspector:?\s*(.*)$`)
	overallRE   = regexp.MustCompile(`(?i)(?:overall judgement is(?: that)?(?: children[’']s services?)?|children[’']s services? in [A-Za-z ,.'’-]+?)(?: are| is)?:?\s+(outstanding|good|requires? improvement|inadequate|adequate)`)
	lscbRE      = regexp.MustCompile(`(?i)local safeguarding children board(?:\s*\(LSCB\))?\s+(?:is:?\s*)?(outstanding|good|requires improvement|inadequate|adequate)`)
	// lscbHeadRE reads the heading of the board's part of a report.
	lscbHeadRE = regexp.MustCompile(`(?i)^(?:the effectiveness of )?(?:the )?(?:local safeguarding children board|LSCB)(?:\s*\(LSCB\))?\s+(?:is:?\s*)?(outstanding|good|requires improvement|inadequate|adequate)`)
	improveRE  = regexp.MustCompile(`(?i)need(?:s)? to improve|areas for improvement|priority and immediate action|^recommendations`)
)

// facts reads the report's dates, lead inspector, grades and what needs to
// improve from its first pages and its sections.
func (p *paper) facts(lines []line, blocks []*block) {
	for i, l := range lines {
		t := strings.TrimSpace(l.Text())
		if p.published == "" && l.page <= 3 {
			if m := publishedRE.FindStringSubmatch(t); m != nil {
				p.published = m[1]
			}
		}
		if p.visit == "" && l.page <= 3 {
			if m := datesRE.FindStringSubmatch(t); m != nil {
				p.visit = strings.TrimSpace(m[1])
				if i+1 < len(lines) {
					if p.visit == "" {
						p.visit = strings.TrimSpace(lines[i+1].Text())
					} else {
						p.visitMore = strings.TrimSpace(lines[i+1].Text())
					}
				}
			}
		}
		if p.lead == "" {
			if m := leadRE.FindStringSubmatch(t); m != nil {
				p.lead = strings.TrimSpace(m[1])
			}
		}
	}
	for _, b := range blocks {
		if b.text[0].page > 2 {
			break
		}
		t := joinLines(b.text)
		if m := overallRE.FindStringSubmatch(t); m != nil && p.overall == "" {
			p.overall = m[1]
		}
		if m := lscbRE.FindStringSubmatch(t); m != nil {
			p.grades = append(p.grades, printed{"The effectiveness of the local safeguarding children board", m[1]})
		}
	}
	p.grades = append(judgementTable(lines), p.grades...)
	if !gradesArea(p.grades, "safeguarding children board") {
		// Some reports give the board's grade only as the heading of
		// its own part, pages in.
		for _, b := range blocks {
			t := joinLines(b.text)
			if m := lscbHeadRE.FindStringSubmatch(t); m != nil && len(strings.Fields(t)) <= 12 {
				p.grades = append(p.grades, printed{"The effectiveness of the local safeguarding children board", m[1]})
				break
			}
		}
	}
	open := false // the last recommendation ends in a colon
	for _, b := range blocks {
		if b.kind != blkBullet {
			open = false
		}
		if (b.kind == blkNumbered || b.kind == blkBullet) && improveRE.MatchString(b.section) {
			t := joinLines(b.text)
			if b.kind == blkBullet {
				if r, n := firstRune(t); isBullet(r) {
					t = strings.TrimSpace(t[n:])
				}
			}
			// A recommendation that ends in a colon goes on in the
			// bullets under it: "Strengthen oversight of:" and what of.
			if open && b.kind == blkBullet {
				last := &p.recs[len(p.recs)-1]
				sep := "; "
				if strings.HasSuffix(*last, ":") || strings.HasSuffix(*last, ";") || strings.HasSuffix(*last, ",") {
					sep = " "
				}
				*last += sep + t
				continue
			}
			p.recs = append(p.recs, t)
			open = strings.HasSuffix(t, ":")
		}
	}
}

// gradesArea reports whether one of the grades names the area.
func gradesArea(gs []printed, name string) bool {
	for _, g := range gs {
		if strings.Contains(strings.ToLower(g.label), name) {
			return true
		}
	}
	return false
}

// judgementTable reads the grades of the report's judgement table, on
// its first page (or its second, where the first has none), by where
// they stand: a grade, in the right half of the page, belongs to the
// area named level with it on the left, however either wraps.
func judgementTable(lines []line) []printed {
	for page := 1; page <= 2; page++ {
		var on []line
		for _, l := range lines {
			if l.page == page {
				on = append(on, l)
			}
		}
		if g := tableOn(on); len(g) > 0 {
			return g
		}
	}
	return nil
}

type item struct {
	text        []string
	top, bottom float64
	left        float64
}

func tableOn(lines []line) []printed {
	if len(lines) == 0 {
		return nil
	}
	size := bodySize(lines)
	half := 0.0
	for _, l := range lines {
		half = max(half, l.Right)
	}
	half *= 0.45
	// The right column's spans, those close below each other joined.
	var grades, labels []*item
	var lastGrade *item
	var lastLabel *item
	for _, l := range lines {
		for _, sp := range l.Spans {
			t := markdownRuns(sp.Runs, true)
			if sp.Left >= half {
				if lastGrade != nil && l.Top-lastGrade.bottom < 0.45*size && (lastGrade.left < 0 || math.Abs(sp.Left-lastGrade.left) < 40) {
					lastGrade.text = append(lastGrade.text, t)
					lastGrade.bottom = l.Bottom
					continue
				}
				lastGrade = &item{text: []string{t}, top: l.Top, bottom: l.Bottom, left: sp.Left}
				grades = append(grades, lastGrade)
				continue
			}
			// A grade that runs on from its area's name, too close to
			// be a span of its own, with its next words in the right
			// column below.
			if m := gradeTail.FindStringSubmatch(t); m != nil {
				t = m[1]
				lastGrade = &item{text: []string{m[2]}, top: l.Top, bottom: l.Bottom, left: -1}
				grades = append(grades, lastGrade)
			}
			starts := numberedLabel.MatchString(t)
			if lastLabel != nil && l.Top-lastLabel.bottom < 0.45*size && !starts {
				lastLabel.text = append(lastLabel.text, t)
				lastLabel.bottom = l.Bottom
				continue
			}
			lastLabel = &item{text: []string{t}, top: l.Top, bottom: l.Bottom, left: sp.Left}
			labels = append(labels, lastLabel)
		}
	}
	var out []printed
	used := map[*item]bool{}
	for _, g := range grades {
		grade := joinText(g.text)
		if _, ok := gradeWords(grade); !ok {
			continue
		}
		mid := (g.top + g.bottom) / 2
		var best *item
		bestD := 2 * size
		for _, lb := range labels {
			d := 0.0
			switch {
			case mid < lb.top:
				d = lb.top - mid
			case mid > lb.bottom:
				d = mid - lb.bottom
			}
			if d < bestD && !used[lb] {
				best, bestD = lb, d
			}
		}
		if best == nil {
			continue
		}
		used[best] = true
		// An area's name is a line or two; a paragraph level with a
		// "good" that ends a line of prose is not one.
		if label := joinText(best.text); len(strings.Fields(label)) <= maxLabelWords {
			out = append(out, printed{label, grade})
		}
	}
	return out
}

// maxLabelWords is more than the longest area name of any framework
// (the SIF's "The experiences and progress of children looked after and
// achieving permanence" is 13 words).
const maxLabelWords = 30

var gradeTail = regexp.MustCompile(`^(.*\S)\s+(Requires improvement(?: to be good)?|Require improvement|Requires|Outstanding|Inadequate|Good)$`)

var numberedLabel = regexp.MustCompile(`^\d+(\.\d*)?\.?\s`)

// plainCell is a table cell's text without Markdown's marks.
func plainCell(s string) string {
	s = strings.ReplaceAll(s, "**", "")
	s = noteRef.ReplaceAllString(s, "")
	return strings.TrimSpace(strings.NewReplacer(`\`, "").Replace(s))
}

// gradeWords reads a grade as printed: "Requires improvement to be good",
// "Require improvement", "Good".
func gradeWords(s string) (string, bool) {
	k := strings.ToLower(strings.Join(strings.Fields(s), " "))
	k = strings.TrimSuffix(k, ".")
	switch {
	case k == "outstanding":
		return "outstanding", true
	case k == "good":
		return "good", true
	case k == "inadequate":
		return "inadequate", true
	case strings.HasPrefix(k, "requires improvement") || strings.HasPrefix(k, "require improvement"):
		return "requires-improvement", true
	case k == "adequate":
		return "adequate", true
	}
	return "", false
}
