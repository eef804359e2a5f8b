package pdftext

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode"
)

// Doc is a PDF file's text.
type Doc struct {
	Pages []Page
}

// Page is one page's text, in lines from the top. Positions are in points
// (1/72 inch) from the page's top left corner.
type Page struct {
	Number        int
	Width, Height float64
	Lines         []Line
}

// Line is text that shares a line on the page: a line of a paragraph, or a
// row of a table, whose cells are its spans.
type Line struct {
	Top, Bottom float64
	Left, Right float64
	Size        float64 // the font size of most of its letters
	Spans       []Span  // left to right, split where a wide gap parts them
}

// Span is a stretch of a line with no wide gap in it.
type Span struct {
	Left, Right float64
	Size        float64
	Runs        []Run
}

// Run is text of one kind: bold or not, raised (a footnote's number) or not.
type Run struct {
	Text  string
	Bold  bool
	Super bool
}

// Char is one character as PDFium gives it, in reading order. Top and
// Bottom are measured down from the page's top.
type Char struct {
	Text                     string
	Left, Right, Top, Bottom float64
	Size                     float64
	Bold                     bool
}

// Text is the line's words, its spans parted by a space, raised text left
// out.
func (l Line) Text() string {
	var b strings.Builder
	for i, s := range l.Spans {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.Text())
	}
	return b.String()
}

// Bold reports whether every letter of the line is bold.
func (l Line) Bold() bool {
	seen := false
	for _, s := range l.Spans {
		for _, r := range s.Runs {
			if strings.TrimSpace(r.Text) == "" || r.Super {
				continue
			}
			if !r.Bold {
				return false
			}
			seen = true
		}
	}
	return seen
}

// Text is the span's words, raised text left out.
func (s Span) Text() string {
	var b strings.Builder
	for _, r := range s.Runs {
		if !r.Super {
			b.WriteString(r.Text)
		}
	}
	return strings.TrimSpace(b.String())
}

// segment is a run of characters PDFium read as one line of the content,
// before segments side by side on the page are joined.
type segment struct {
	chars       []Char
	top, bottom float64 // of its letters
	size        float64
}

// layout joins a page's characters into lines.
func layout(number int, width, height float64, chars []Char) Page {
	var segs []*segment
	cur := &segment{}
	flush := func() {
		if len(cur.chars) > 0 {
			segs = append(segs, cur)
		}
		cur = &segment{}
	}
	for _, c := range chars {
		if c.Text == "\r" || c.Text == "\n" || c.Text == "\r\n" {
			flush()
			continue
		}
		if c.Text == "" || c.Size == 0 && strings.TrimSpace(c.Text) == "" {
			continue
		}
		// A letter wholly below the segment's letters so far starts a
		// new line that PDFium did not mark as one.
		if !space(c) && c.Size > 0 {
			if cur.size > 0 && c.Size >= 0.8*cur.size && c.Top > cur.bottom-0.2*c.Size {
				flush()
			}
			if cur.size == 0 || c.Size >= 0.8*cur.size {
				if cur.size == 0 {
					cur.top, cur.bottom = c.Top, c.Bottom
				}
				cur.size = max(cur.size, c.Size)
				cur.top, cur.bottom = min(cur.top, c.Top), max(cur.bottom, c.Bottom)
			}
		}
		cur.chars = append(cur.chars, c)
	}
	flush()
	for _, s := range segs {
		s.measure()
	}
	// A segment of spaces alone has no letters to place it.
	segs = slices.DeleteFunc(segs, func(s *segment) bool { return s.size == 0 })

	// Join segments whose letters share a band of the page: table cells
	// of a row, or a footnote's raised number and its line.
	sort.SliceStable(segs, func(i, j int) bool { return segs[i].top < segs[j].top })
	var groups [][]*segment
	for _, s := range segs {
		joined := false
		for k := len(groups) - 1; k >= 0 && k >= len(groups)-3; k-- {
			if overlaps(groups[k], s) {
				groups[k] = append(groups[k], s)
				joined = true
				break
			}
		}
		if !joined {
			groups = append(groups, []*segment{s})
		}
	}
	page := Page{Number: number, Width: width, Height: height}
	for _, g := range groups {
		page.Lines = append(page.Lines, line(g))
	}
	sort.SliceStable(page.Lines, func(i, j int) bool { return page.Lines[i].Top < page.Lines[j].Top })
	return page
}

func space(c Char) bool { return strings.TrimSpace(c.Text) == "" }

// measure finds the segment's band and main font size, from its letters.
func (s *segment) measure() {
	sizes := map[float64]int{}
	s.top, s.bottom = math.Inf(1), math.Inf(-1)
	for _, c := range s.chars {
		if space(c) {
			continue
		}
		sizes[math.Round(c.Size*2)/2] += len(c.Text)
	}
	best := 0
	for size, n := range sizes {
		if n > best || n == best && size > s.size {
			s.size, best = size, n
		}
	}
	for _, c := range s.chars {
		if space(c) || c.Size < s.size*0.8 {
			continue
		}
		s.top = min(s.top, c.Top)
		s.bottom = max(s.bottom, c.Bottom)
	}
	if math.IsInf(s.top, 0) {
		s.size = 0
	}
}

// overlaps reports whether s shares most of its height with a segment of g.
func overlaps(g []*segment, s *segment) bool {
	for _, o := range g {
		lo, hi := max(o.top, s.top), min(o.bottom, s.bottom)
		h := min(o.bottom-o.top, s.bottom-s.top)
		if h <= 0 {
			h = 1
		}
		if hi-lo > 0.5*h {
			return true
		}
	}
	return false
}

// line makes one line of segments that share a band: its characters left
// to right, each segment's in its own order, split into spans at wide
// gaps, raised text marked.
func line(g []*segment) Line {
	sort.SliceStable(g, func(i, j int) bool { return g[i].chars[0].Left < g[j].chars[0].Left })
	l := Line{Top: math.Inf(1), Bottom: math.Inf(-1), Left: math.Inf(1), Right: math.Inf(-1)}
	sizes := map[float64]int{}
	for _, s := range g {
		l.Top, l.Bottom = min(l.Top, s.top), max(l.Bottom, s.bottom)
		sizes[s.size] += len(s.chars)
	}
	best := 0
	for size, n := range sizes {
		if n > best || n == best && size > l.Size {
			l.Size, best = size, n
		}
	}
	// Letter-spaced text parts its letters unevenly, a narrow letter
	// such as I or 1 standing further from its neighbours: a space
	// there must be wider.
	track := tracking(g)
	spaceGap := 0.2
	if track > 0.08*l.Size {
		spaceGap = 0.3
	}
	var span *Span
	var lastRight float64
	for _, s := range g {
		for _, c := range s.chars {
			if space(c) {
				if span != nil {
					span.add(" ", false, false)
				}
				continue
			}
			l.Left, l.Right = min(l.Left, c.Left), max(l.Right, c.Right)
			gap := c.Left - lastRight
			if span == nil || gap > 1.5*l.Size {
				l.Spans = append(l.Spans, Span{Left: c.Left, Size: l.Size})
				span = &l.Spans[len(l.Spans)-1]
			} else if gap-track > spaceGap*l.Size && !strings.HasSuffix(span.lastText(), " ") {
				// A gap as wide as a space, with no space character:
				// PDF files often place words rather than write spaces.
				span.add(" ", false, false)
			}
			// Raised and smaller: a footnote's number, not the text.
			super := c.Size < l.Size*0.85 && c.Bottom < l.Bottom-0.2*l.Size && unicode.IsDigit(firstRune(c.Text))
			span.add(c.Text, c.Bold, super)
			span.Right = max(span.Right, c.Right)
			lastRight = c.Right
		}
	}
	for i := range l.Spans {
		sp := &l.Spans[i]
		n := len(sp.Runs)
		if n > 0 {
			sp.Runs[n-1].Text = strings.TrimRight(sp.Runs[n-1].Text, " ")
		}
	}
	return l
}

// tracking is the usual gap between the letters of a word on the line:
// next to nothing, but wide in text set letter-spaced, where a gap as wide
// as a space does not part words. It is the median gap between letters
// with no space character between them.
func tracking(g []*segment) float64 {
	var gaps []float64
	for _, s := range g {
		for i := 1; i < len(s.chars); i++ {
			a, b := s.chars[i-1], s.chars[i]
			if !space(a) && !space(b) && b.Left >= a.Right-0.5*a.Size {
				gaps = append(gaps, b.Left-a.Right)
			}
		}
	}
	if len(gaps) < 8 {
		return 0
	}
	slices.Sort(gaps)
	return max(gaps[len(gaps)/2], 0)
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

func (s *Span) lastText() string {
	if len(s.Runs) == 0 {
		return " "
	}
	return s.Runs[len(s.Runs)-1].Text
}

// add appends text, to the last run when it is of the same kind. A space
// takes the kind of the run it follows, so that runs break at words.
func (s *Span) add(text string, bold, super bool) {
	n := len(s.Runs)
	if n > 0 && (text == " " && !s.Runs[n-1].Super || s.Runs[n-1].Bold == bold && s.Runs[n-1].Super == super) {
		s.Runs[n-1].Text += text
		return
	}
	if text == " " && n == 0 {
		return
	}
	s.Runs = append(s.Runs, Run{Text: text, Bold: bold, Super: super})
}
