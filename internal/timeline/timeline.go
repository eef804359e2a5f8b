// Package timeline draws a body's history of judgements as an SVG chart:
// one row per judgement area, a band per grade from each inspection until
// the next, markers for ungraded visits and bands for periods such as an
// improvement notice. It is drawn at build time and needs no script.
package timeline

import (
	"fmt"
	"html"
	"sort"
	"strings"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/meta"
)

// Row is a line of the chart: one judgement area, continued across
// frameworks.
type Row struct {
	Key   string
	Label string
}

// Band is one grade held from Start until End, or, where NotRecorded,
// a judgement whose grade the sources do not give.
type Band struct {
	Row         string
	Start, End  meta.Date
	Grade       config.Grade // the zero Grade where NotRecorded
	NotRecorded bool
	Title, URL  string
}

// name is the band's grade in words.
func (b Band) name() string {
	if b.NotRecorded {
		return NotRecorded
	}
	return b.Grade.Label
}

// NotRecorded is what the chart says of a grade that the framework gives
// but the sources do not.
const NotRecorded = "Not recorded"

// Marker is an ungraded visit or event.
type Marker struct {
	Date       meta.Date
	Type       string
	Title, URL string
}

// Chart is a body's timeline, ready to draw.
type Chart struct {
	Body       string
	Rows       []Row
	Bands      []Band
	Markers    []Marker
	Periods    []content.Period
	Start, End meta.Date
	grades     int
}

// For builds the chart of body from its documents' latest versions. url
// gives a document's address.
func For(b *content.Body, cfg *config.Site, url func(*content.Document) string) *Chart {
	c := &Chart{Body: b.Name, Periods: b.Periods, grades: len(cfg.Grades)}
	rowLabel := map[string]string{}
	var rowOrder []string
	var graded []*content.Version
	for _, d := range b.Docs {
		v := d.Latest()
		if v.Graded() {
			// Every area the framework grades has a row, its grade
			// recorded or not: an inspection whose grades the sources do
			// not give (older reports the scrape could not read) ends
			// the grades before it all the same.
			graded = append(graded, v)
			for _, as := range v.Assessments() {
				if _, ok := rowLabel[as.Area.Row]; !ok {
					rowOrder = append(rowOrder, as.Area.Row)
				}
				// The newest framework names the row.
				rowLabel[as.Area.Row] = as.Area.Name()
			}
		} else if v.Type.Marker || v.Type.Graded {
			date := v.DocDate
			if len(v.Visit) > 0 {
				date = v.Visit[0] // a visit shows when it happened
			}
			kind := v.Type.Label
			if v.Type.Graded {
				// A graded document under no framework has no areas to
				// draw, but it still happened.
				kind += " (grades not recorded)"
			}
			c.Markers = append(c.Markers, Marker{Date: date, Type: kind, Title: v.Title, URL: url(d)})
		}
	}
	// Rows follow the newest framework's order of areas, then any older
	// areas that no later framework continues.
	order := map[string]int{}
	for i := len(graded) - 1; i >= 0; i-- {
		for _, as := range graded[i].Assessments() {
			if _, ok := order[as.Area.Row]; !ok {
				order[as.Area.Row] = len(order)
			}
		}
	}
	sort.SliceStable(rowOrder, func(i, j int) bool { return order[rowOrder[i]] < order[rowOrder[j]] })
	for _, k := range rowOrder {
		c.Rows = append(c.Rows, Row{Key: k, Label: rowLabel[k]})
	}

	// The chart runs from January of the first year to January after the
	// last event, so that the latest grade shows as a band, and the chart
	// never depends on the day it was built.
	var first, last meta.Date
	see := func(d meta.Date) {
		if d.IsZero() {
			return
		}
		if first.IsZero() || d.Compare(first) < 0 {
			first = d
		}
		if last.IsZero() || d.End().Compare(last) > 0 {
			last = d.End()
		}
	}
	for _, d := range b.Docs {
		see(d.Latest().DocDate)
	}
	for _, p := range b.Periods {
		see(p.Start)
		see(p.End)
	}
	if first.IsZero() {
		return c
	}
	c.Start = meta.Date{Year: first.Year, Month: 1, Day: 1, Prec: meta.Day}
	c.End = meta.Date{Year: last.Year + 1, Month: 1, Day: 1, Prec: meta.Day}

	for i, v := range graded {
		end := c.End
		if i+1 < len(graded) {
			end = graded[i+1].DocDate
		}
		for _, as := range v.Assessments() {
			b := Band{Row: as.Area.Row, Start: v.DocDate, End: end, NotRecorded: !as.Recorded(), Title: v.Title, URL: url(v.Doc)}
			if as.Recorded() {
				b.Grade = *as.Grade
			}
			c.Bands = append(c.Bands, b)
		}
	}
	return c
}

// Empty reports whether there is nothing to draw.
func (c *Chart) Empty() bool { return c.Start.IsZero() }

const (
	width   = 960
	labelW  = 190
	rowH    = 30
	gap     = 6
	axisH   = 28
	padTop  = 8
	padEdge = 24
)

// fills are the grade colours by rank, best first; each carries white or
// black text at a contrast of at least 4.5:1. Grades beyond four are grey.
var fills = []struct{ bg, fg string }{
	{"#00703c", "#ffffff"},
	{"#1d70b8", "#ffffff"},
	{"#ffdd00", "#0b0c0c"},
	{"#d4351c", "#ffffff"},
}

// swatch is how a grade, or a state with no grade, is drawn: a fill, the
// colour of text on it, an outline and a pattern over it (the suffix of
// the pattern's id, or "").
type swatch struct {
	bg, fg, stroke, pattern string
}

// gradeSwatch is the swatch of a grade. Grades beyond four are grey.
func gradeSwatch(g config.Grade) swatch {
	sw := swatch{bg: "#505a5f", fg: "#ffffff", stroke: "#ffffff"}
	if g.Rank < len(fills) {
		sw.bg, sw.fg = fills[g.Rank].bg, fills[g.Rank].fg
	}
	if g.Rank < len(patterns) && patterns[g.Rank] != "" {
		sw.pattern = fmt.Sprintf("g%d", g.Rank)
	}
	return sw
}

// A grade that the sources do not give is light grey and hatched, and
// outlined (3:1 and more against white and the grade colours), so that
// it is not taken for a grade, nor for no judgement at all.
var (
	unknownSwatch  = swatch{bg: "#f3f2f1", fg: "#0b0c0c", stroke: "#6f777b", pattern: "nr"}
	unknownPattern = `<path d="M0 8l8-8" stroke="#6f777b" stroke-opacity=".6" stroke-width="1"/>`
	// plainSwatch is a count with no grade, such as bodies inspected
	// under a framework with no overall grade.
	plainSwatch = swatch{bg: "#ffffff", fg: "#0b0c0c", stroke: "#505a5f"}
)

// defs writes the patterns that swatches name, with ids made unique by id;
// unknown adds the pattern of grades not recorded.
func defs(b *strings.Builder, id string, unknown bool) {
	b.WriteString("<defs>")
	for i, p := range patterns {
		if p != "" {
			fmt.Fprintf(b, `<pattern id="%s-g%d" width="8" height="8" patternUnits="userSpaceOnUse">%s</pattern>`, id, i, p)
		}
	}
	if unknown {
		fmt.Fprintf(b, `<pattern id="%s-nr" width="8" height="8" patternUnits="userSpaceOnUse">%s</pattern>`, id, unknownPattern)
	}
	b.WriteString("</defs>")
}

// rect draws a rectangle in the swatch: its fill, then its pattern.
func (sw swatch) rect(b *strings.Builder, class, id string, x, y, w, h float64) {
	fmt.Fprintf(b, `<rect%s x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="%s"/>`, class, x, y, w, h, sw.bg, sw.stroke)
	if sw.pattern != "" {
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="url(#%s-%s)"/>`, x, y, w, h, id, sw.pattern)
	}
}

// swatch is how the band is drawn.
func (b Band) swatch() swatch {
	if b.NotRecorded {
		return unknownSwatch
	}
	return gradeSwatch(b.Grade)
}

// patterns overlay the grade colours, so that grades differ in print and
// to readers who do not see colour: none for the best grade, then
// vertical lines, dots and diagonal hatching.
var patterns = []string{
	"",
	`<path d="M2 0v8" stroke="#ffffff" stroke-opacity=".45" stroke-width="1.5"/>`,
	`<circle cx="4" cy="4" r="1.3" fill="#0b0c0c" fill-opacity=".35"/>`,
	`<path d="M-2 2l4-4M0 8l8-8M6 10l4-4" stroke="#0b0c0c" stroke-opacity=".35" stroke-width="1.5"/>`,
}

// markerShapes are the shapes of visits, by kind of document in order of
// first appearance: a diamond, a circle, a square, a triangle and a
// triangle pointing down.
var markerShapes = []string{
	"M%[1]s %[2]s m0 -8 l8 8 l-8 8 l-8 -8 z",
	"M%[1]s %[2]s m-7 0 a7 7 0 1 0 14 0 a7 7 0 1 0 -14 0 z",
	"M%[1]s %[2]s m-6 -6 h12 v12 h-12 z",
	"M%[1]s %[2]s m0 -8 l8 14 h-16 z",
	"M%[1]s %[2]s m0 8 l8 -14 h-16 z",
}

func shape(i int, x float64, y int) string {
	return fmt.Sprintf(markerShapes[i%len(markerShapes)], fmt.Sprintf("%.1f", x), fmt.Sprint(y))
}

func esc(s string) string { return Escape(s) }

// Escape escapes s for XML text and attribute values. It also replaces
// each character XML 1.0 does not allow (the control characters but tab,
// newline and carriage return, lone surrogates, U+FFFE and U+FFFF) by
// U+FFFD, as encoding/xml does: one such character in a body's name would
// make the standalone SVG a file no XML reader opens.
func Escape(s string) string {
	if strings.IndexFunc(s, notXML) >= 0 {
		s = strings.Map(func(r rune) rune {
			if notXML(r) {
				return '\uFFFD'
			}
			return r
		}, s)
	}
	return html.EscapeString(s)
}

// notXML reports whether XML 1.0 forbids r in a document.
func notXML(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20:
		return true
	case r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
		return true
	}
	return r > 0x10FFFF
}

// SVG draws the chart. With standalone set it is a complete SVG file with
// its own namespace and absolute links; otherwise it is for inline use in a
// page. id makes element ids unique within a page.
func (c *Chart) SVG(id string, standalone bool) string {
	x := func(d meta.Date) float64 {
		span := float64(c.End.Time().Sub(c.Start.Time()))
		return labelW + (width-labelW-padEdge)*float64(d.Time().Sub(c.Start.Time()))/span
	}
	rows := len(c.Rows)
	hasMarkers := len(c.Markers) > 0
	hasPeriods := len(c.Periods) > 0
	lanes := rows
	if hasMarkers {
		lanes++
	}
	if hasPeriods {
		lanes++
	}
	// Marker kinds, in order of first appearance, for shapes and legend.
	var kinds []string
	kindIndex := map[string]int{}
	for _, m := range c.Markers {
		if _, ok := kindIndex[m.Type]; !ok {
			kindIndex[m.Type] = len(kinds)
			kinds = append(kinds, m.Type)
		}
	}
	legend := c.legend(kinds)
	legendH := 0
	if len(legend) > 0 {
		legendH = legend[len(legend)-1].line*22 + 26
	}
	height := padTop + lanes*(rowH+gap) + axisH + legendH
	var b strings.Builder
	ns := ""
	if standalone {
		ns = ` xmlns="http://www.w3.org/2000/svg"`
	}
	fmt.Fprintf(&b, `<svg%s class="timeline__svg" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">`, ns, width, height, width, height, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">Timeline of judgements: %s</title>`, id, esc(c.Body))
	fmt.Fprintf(&b, `<desc id="%s-desc">%s</desc>`, id, esc(c.describe()))
	unknown := false
	for _, band := range c.Bands {
		unknown = unknown || band.NotRecorded
	}
	defs(&b, id, unknown)
	y := padTop
	for _, r := range c.Rows {
		fmt.Fprintf(&b, `<text class="tl-label" x="0" y="%d" fill="#0b0c0c">%s</text>`, y+rowH/2+5, esc(r.Label))
		for _, band := range c.Bands {
			if band.Row != r.Key {
				continue
			}
			x0, x1 := x(band.Start), x(band.End)
			sw := band.swatch()
			name := fmt.Sprintf("%s: %s from %s (%s)", r.Label, band.name(), band.Start.Human(), band.Title)
			// The grade written on the band sits outside the link, hidden
			// from screen readers and from the pointer: the link's name
			// says it in full, and a shortened "RI" inside the link would
			// be visible text its name lacks (WCAG 2.5.3). The group's
			// title is the tooltip over both.
			fmt.Fprintf(&b, `<g><title>%s</title><a href="%s" aria-label="%s">`, esc(name), esc(band.URL), esc(name))
			class := ` class="tl-band"`
			if band.NotRecorded {
				class = ` class="tl-band tl-band--not-recorded"`
			}
			sw.rect(&b, class, id, x0, float64(y), x1-x0, rowH)
			b.WriteString(`</a>`)
			label := band.Grade.Name()
			if band.NotRecorded {
				label = NotRecorded
			}
			if x1-x0 <= float64(7*len(label)+8) {
				label = initials(label)
			}
			if x1-x0 > 14 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="%s" font-weight="bold" aria-hidden="true" pointer-events="none">%s</text>`, x0+4, y+rowH/2+5, sw.fg, esc(label))
			}
			b.WriteString(`</g>`)
		}
		y += rowH + gap
	}
	if hasMarkers {
		fmt.Fprintf(&b, `<text class="tl-label" x="0" y="%d" fill="#0b0c0c">Visits</text>`, y+rowH/2+5)
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#b1b4b6"/>`, labelW, y+rowH/2, width-padEdge, y+rowH/2)
		for _, m := range c.Markers {
			cx := x(m.Date)
			name := fmt.Sprintf("%s, %s: %s", m.Type, m.Date.Human(), m.Title)
			fmt.Fprintf(&b, `<a href="%s" aria-label="%s"><title>%s</title><path class="tl-marker" d="%s" fill="#0b0c0c" stroke="#ffffff"/></a>`, esc(m.URL), esc(name), esc(name), shape(kindIndex[m.Type], cx, y+rowH/2))
		}
		y += rowH + gap
	}
	if hasPeriods {
		fmt.Fprintf(&b, `<text class="tl-label" x="0" y="%d" fill="#0b0c0c">Periods</text>`, y+rowH/2+5)
		for _, p := range c.Periods {
			end := c.End
			to := "ongoing"
			if !p.End.IsZero() {
				end, to = p.End.End(), p.End.Human()
			}
			x0, x1 := x(p.Start), x(end)
			name := fmt.Sprintf("%s: %s to %s", p.Label, p.Start.Human(), to)
			fmt.Fprintf(&b, `<g><title>%s</title><rect class="tl-band" x="%.1f" y="%d" width="%.1f" height="%d" fill="#ffffff" stroke="#0b0c0c" stroke-dasharray="4 3"/>`, esc(name), x0, y+4, x1-x0, rowH-8)
			if x1-x0 > float64(7*len(p.Label)) {
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#0b0c0c">%s</text>`, x0+4, y+rowH/2+5, esc(p.Label))
			}
			b.WriteString(`</g>`)
		}
		y += rowH + gap
	}
	// The axis: a tick and label for each year, thinned on long histories.
	fmt.Fprintf(&b, `<line class="tl-axis" x1="%d" y1="%d" x2="%d" y2="%d" stroke="#505a5f"/>`, labelW, y, width-padEdge, y)
	years := c.End.Year - c.Start.Year
	step := 1
	for years/step > 12 {
		step++
	}
	for yr := c.Start.Year; yr <= c.End.Year; yr += step {
		tx := x(meta.Date{Year: yr, Month: 1, Day: 1, Prec: meta.Day})
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#505a5f"/>`, tx, padTop, tx, y+5)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#0b0c0c" text-anchor="middle">%d</text>`, tx, y+20, yr)
	}
	ly := y + axisH + 4
	for _, it := range legend {
		iy := ly + it.line*22
		switch {
		case it.sw != nil:
			sw := *it.sw
			sw.stroke = "#0b0c0c"
			sw.rect(&b, "", id, it.x, float64(iy), 16, 16)
		default:
			fmt.Fprintf(&b, `<path d="%s" fill="#0b0c0c"/>`, shape(it.shape, it.x+8, iy+8))
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#0b0c0c">%s</text>`, it.x+20, iy+13, esc(it.label))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// legendItem is a grade, a grade not recorded or a kind of visit in the
// chart's key.
type legendItem struct {
	label string
	sw    *swatch // nil for a kind of visit
	rank  int     // the grade's, for the order; after every grade where not recorded
	shape int
	x     float64
	line  int
}

// legend lays out the key: each grade drawn, with its colour and pattern,
// and grades not recorded, then each kind of visit with its shape,
// wrapping to new lines.
func (c *Chart) legend(kinds []string) []legendItem {
	var items []legendItem
	seen := map[string]bool{}
	for _, band := range c.Bands {
		key, label, rank := band.Grade.Key, band.Grade.Name(), band.Grade.Rank
		if band.NotRecorded {
			key, label, rank = "", NotRecorded, c.grades
		}
		if !seen[key] {
			seen[key] = true
			sw := band.swatch()
			items = append(items, legendItem{label: label, sw: &sw, rank: rank})
		}
	}
	sort.SliceStable(items, func(i, j int) bool { return items[i].rank < items[j].rank })
	for i, k := range kinds {
		items = append(items, legendItem{label: k, shape: i})
	}
	x, line := float64(labelW), 0
	for i := range items {
		// About 7.5 pixels a character at 13px.
		w := 34 + 7.5*float64(len([]rune(items[i].label)))
		if x+w > width-padEdge && x > labelW {
			x, line = labelW, line+1
		}
		items[i].x, items[i].line = x, line
		x += w
	}
	return items
}

// describe sums the chart up in words for its accessible description.
func (c *Chart) describe() string {
	var parts []string
	for _, r := range c.Rows {
		var grades []string
		for _, band := range c.Bands {
			if band.Row == r.Key {
				grades = append(grades, fmt.Sprintf("%s from %s", band.name(), band.Start.Human()))
			}
		}
		parts = append(parts, r.Label+": "+strings.Join(grades, "; "))
	}
	if len(c.Markers) > 0 {
		parts = append(parts, fmt.Sprintf("%d ungraded visits and reports", len(c.Markers)))
	}
	if len(parts) == 0 {
		return "No judgements yet."
	}
	return strings.Join(parts, ". ") + ". The table below gives the same data."
}

func initials(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		b.WriteString(strings.ToUpper(w[:1]))
	}
	return b.String()
}
