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
	// Shape is the marker's shape: fixed for each type by the site's
	// order of types, so that a focused visit looks the same on every
	// council's chart.
	Shape int
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
	// Source names where the chart comes from, written under the
	// standalone image, which is seen away from its page, and said in
	// its description.
	Source string
	// Lang is the language of the chart's words, declared on the
	// standalone image, which no page's lang attribute covers. It is
	// SVG 2's lang attribute, not xml:lang, which the minifier drops.
	Lang string
	// Target, where set, is the browsing context the chart's links open
	// in: "_top" in a frame on another site, since an SVG link does not
	// follow the page's <base target>.
	Target string
}

// For builds the chart of body from its documents' latest versions. url
// gives a document's address. The chart runs to today's month, so that a
// current grade shows for as long as it has held.
func For(b *content.Body, cfg *config.Site, today meta.Date, url func(*content.Document) string) *Chart {
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
			c.Markers = append(c.Markers, Marker{Date: date, Type: kind, Title: v.Title, URL: url(d), Shape: shapeOf(cfg, v.Type.Key)})
		}
	}
	order := cfg.RowOrder()
	sort.SliceStable(rowOrder, func(i, j int) bool { return order[rowOrder[i]] < order[rowOrder[j]] })
	for _, k := range rowOrder {
		c.Rows = append(c.Rows, Row{Key: k, Label: rowLabel[k]})
	}

	// The chart runs from January of the first year to the start of the
	// month after today (or January after the last event, if that is
	// later), so that the latest grade shows as the band it is.
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
	if !today.IsZero() {
		next := meta.Date{Year: today.Year, Month: today.Month + 1, Day: 1, Prec: meta.Day}
		if next.Month > 12 {
			next = meta.Date{Year: today.Year + 1, Month: 1, Day: 1, Prec: meta.Day}
		}
		if next.Compare(last) > 0 {
			c.End = next
		}
	}

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

// shapeOf is the shape of a type's markers: its place among the site's
// types that are drawn as markers.
func shapeOf(cfg *config.Site, key string) int {
	n := 0
	for _, t := range cfg.Types {
		if t.Key == key {
			return n
		}
		if t.Marker || t.Graded {
			n++
		}
	}
	return n
}

// Empty reports whether there is nothing to draw.
func (c *Chart) Empty() bool { return c.Start.IsZero() }

// geom is a layout of the chart: wide, with the rows' names to the left
// of their bands, or narrow, for a phone, with each name above its band
// and the bands the full width.
type geom struct {
	width    int
	labelW   int // where the bands start
	padEdge  int // room right of the bands
	rowH     int // a band's height
	labelH   int // room for a row's name above its band; 0 in the wide layout
	maxTicks int // year labels at most
	font     int
}

var (
	wideGeom   = geom{width: 960, labelW: 190, padEdge: 24, rowH: 30, maxTicks: 12, font: 13}
	narrowGeom = geom{width: 360, labelW: 4, padEdge: 16, rowH: 26, labelH: 20, maxTicks: 5, font: 14}
)

const (
	gap    = 6
	axisH  = 28
	padTop = 8
	// headH is the room for the title of the standalone image.
	headH = 32
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

// SVG draws the chart, wide. With standalone set it is a complete SVG
// file with its own namespace and absolute links, its title and source
// written on it; otherwise it is for inline use in a page. id makes
// element ids unique within a page.
func (c *Chart) SVG(id string, standalone bool) string { return c.draw(id, standalone, wideGeom) }

// NarrowSVG draws the chart for a phone's width, for inline use.
func (c *Chart) NarrowSVG(id string) string { return c.draw(id, false, narrowGeom) }

func (c *Chart) draw(id string, standalone bool, g geom) string {
	width, labelW, padEdge, rowH := g.width, g.labelW, g.padEdge, g.rowH
	lane := g.labelH + rowH + gap
	x := func(d meta.Date) float64 {
		span := float64(c.End.Time().Sub(c.Start.Time()))
		return float64(labelW) + float64(width-labelW-padEdge)*float64(d.Time().Sub(c.Start.Time()))/span
	}
	// A row's name: left of its band, or above it.
	label := func(b *strings.Builder, y int, text string) {
		if g.labelH > 0 {
			fmt.Fprintf(b, `<text class="tl-label" x="%d" y="%d" fill="#0b0c0c" font-weight="bold">%s</text>`, labelW, y+g.labelH-6, esc(text))
			return
		}
		fmt.Fprintf(b, `<text class="tl-label" x="0" y="%d" fill="#0b0c0c">%s</text>`, y+rowH/2+5, esc(text))
	}
	hasMarkers := len(c.Markers) > 0
	hasPeriods := len(c.Periods) > 0
	legend := c.legend(c.kinds(), g)
	top, height := c.layout(legend, standalone, g)
	var b strings.Builder
	ns := ""
	if standalone {
		ns = ` xmlns="http://www.w3.org/2000/svg"`
		if c.Lang != "" {
			ns += ` lang="` + esc(c.Lang) + `"`
		}
	}
	fmt.Fprintf(&b, `<svg%s class="timeline__svg" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="%d">`, ns, width, height, width, height, id, id, g.font)
	fmt.Fprintf(&b, `<title id="%s-title">Timeline of judgements: %s</title>`, id, esc(c.Body))
	fmt.Fprintf(&b, `<desc id="%s-desc">%s</desc>`, id, esc(c.describe(standalone)))
	if standalone {
		// Seen on its own, the image says whose timeline it is.
		fmt.Fprintf(&b, `<text x="0" y="%d" fill="#0b0c0c" font-size="18" font-weight="bold">Timeline of judgements: %s</text>`, padTop+18, esc(c.Body))
	}
	unknown := false
	for _, band := range c.Bands {
		unknown = unknown || band.NotRecorded
	}
	defs(&b, id, unknown)
	y := top
	for _, r := range c.Rows {
		label(&b, y, r.Label)
		by := y + g.labelH
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
			fmt.Fprintf(&b, `<g><title>%s</title><a href="%s"%s aria-label="%s">`, esc(name), esc(band.URL), c.target(), esc(name))
			class := ` class="tl-band"`
			if band.NotRecorded {
				class = ` class="tl-band tl-band--not-recorded"`
			}
			sw.rect(&b, class, id, x0, float64(by), x1-x0, float64(rowH))
			b.WriteString(`</a>`)
			text := band.Grade.Name()
			if band.NotRecorded {
				text = NotRecorded
			}
			if x1-x0 <= 0.58*float64(g.font)*float64(len(text))+8 {
				text = initials(text)
			}
			if x1-x0 > 14 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="%s" font-weight="bold" aria-hidden="true" pointer-events="none">%s</text>`, x0+4, by+rowH/2+5, sw.fg, esc(text))
			}
			b.WriteString(`</g>`)
		}
		y += lane
	}
	if hasMarkers {
		label(&b, y, "Visits")
		by := y + g.labelH
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#b1b4b6"/>`, labelW, by+rowH/2, width-padEdge, by+rowH/2)
		for _, m := range c.Markers {
			cx := x(m.Date)
			name := fmt.Sprintf("%s, %s: %s", m.Type, m.Date.Human(), m.Title)
			fmt.Fprintf(&b, `<a href="%s"%s aria-label="%s"><title>%s</title><path class="tl-marker" d="%s" fill="#0b0c0c" stroke="#ffffff"/></a>`, esc(m.URL), c.target(), esc(name), esc(name), shape(m.Shape, cx, by+rowH/2))
		}
		y += lane
	}
	if hasPeriods {
		label(&b, y, "Periods")
		by := y + g.labelH
		for _, p := range c.Periods {
			end := c.End
			to := "ongoing"
			if !p.End.IsZero() {
				end, to = p.End.End(), p.End.Human()
			}
			x0, x1 := x(p.Start), x(end)
			name := fmt.Sprintf("%s: %s to %s", p.Label, p.Start.Human(), to)
			fmt.Fprintf(&b, `<g><title>%s</title><rect class="tl-band" x="%.1f" y="%d" width="%.1f" height="%d" fill="#ffffff" stroke="#0b0c0c" stroke-dasharray="4 3"/>`, esc(name), x0, by+4, x1-x0, rowH-8)
			if x1-x0 > float64(7*len(p.Label)) {
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#0b0c0c">%s</text>`, x0+4, by+rowH/2+5, esc(p.Label))
			}
			b.WriteString(`</g>`)
		}
		y += lane
	}
	// The axis: a tick and label for each year, thinned on long histories.
	fmt.Fprintf(&b, `<line class="tl-axis" x1="%d" y1="%d" x2="%d" y2="%d" stroke="#505a5f"/>`, labelW, y, width-padEdge, y)
	years := c.End.Year - c.Start.Year
	step := 1
	for years/step > g.maxTicks {
		step++
	}
	for yr := c.Start.Year; yr <= c.End.Year; yr += step {
		tx := x(meta.Date{Year: yr, Month: 1, Day: 1, Prec: meta.Day})
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#505a5f"/>`, tx, top, tx, y+5)
		anchor := "middle"
		if tx < 20 {
			anchor = "start" // the first year at the very left of a phone's chart
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#0b0c0c" text-anchor="%s">%d</text>`, tx, y+20, anchor, yr)
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
	if standalone && c.Source != "" {
		fmt.Fprintf(&b, `<text x="0" y="%d" fill="#505a5f">%s</text>`, height-8, esc(c.Source))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// target is the target attribute of the chart's links, or "".
func (c *Chart) target() string {
	if c.Target == "" {
		return ""
	}
	return ` target="` + esc(c.Target) + `"`
}

// kinds are the chart's kinds of visit, each once, in the order of their
// shapes.
func (c *Chart) kinds() []Marker {
	var kinds []Marker
	seen := map[string]bool{}
	for _, m := range c.Markers {
		if !seen[m.Type] {
			seen[m.Type] = true
			kinds = append(kinds, m)
		}
	}
	sort.SliceStable(kinds, func(i, j int) bool { return kinds[i].Shape < kinds[j].Shape })
	return kinds
}

// layout is where the chart's lanes start, below the standalone image's
// title, and the chart's height: a lane for each row, the visits and the
// periods, then the axis, the key, and the standalone image's source.
func (c *Chart) layout(legend []legendItem, standalone bool, g geom) (top, height int) {
	lanes := len(c.Rows)
	if len(c.Markers) > 0 {
		lanes++
	}
	if len(c.Periods) > 0 {
		lanes++
	}
	legendH := 0
	if len(legend) > 0 {
		legendH = legend[len(legend)-1].line*22 + 26
	}
	top = padTop
	if standalone {
		top += headH
	}
	height = top + lanes*(g.labelH+g.rowH+gap) + axisH + legendH
	if standalone && c.Source != "" {
		height += 24
	}
	return top, height
}

// Size is the width and height of the wide chart, standalone or inline,
// for an image or a frame that shows it to reserve its room. A chart with
// no judgements takes no room inline, and standalone is the image that
// says so (see File).
func (c *Chart) Size(standalone bool) (width, height int) {
	switch {
	case c.Empty() && standalone:
		return emptyWidth, emptyHeight
	case c.Empty():
		return wideGeom.width, 0
	}
	_, height = c.layout(c.legend(c.kinds(), wideGeom), standalone, wideGeom)
	return wideGeom.width, height
}

// The standalone image of a body with no judgements yet is this size.
const emptyWidth, emptyHeight = 560, 56

// File is the chart as a standalone SVG file, to be seen away from its
// page: or, for a body with no judgements yet, an image that says so. Each
// names the body and the source in its title, description and text.
func (c *Chart) File() string {
	if !c.Empty() {
		return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" + c.SVG("timeline", true) + "\n"
	}
	name, source := esc(c.Body), esc(c.Source)
	lang := ""
	if c.Lang != "" {
		lang = ` lang="` + esc(c.Lang) + `"`
	}
	return `<?xml version="1.0" encoding="UTF-8"?>` + "\n" +
		fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg"%s viewBox="0 0 %d %d" width="%[2]d" height="%[3]d" role="img" aria-labelledby="t d" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif">`, lang, emptyWidth, emptyHeight) +
		`<title id="t">Timeline of judgements: ` + name + `</title><desc id="d">No judgements yet. ` + source + `.</desc>` +
		`<text x="0" y="20" font-size="16" fill="#0b0c0c">No judgements yet: ` + name + `</text>` +
		`<text x="0" y="46" font-size="13" fill="#505a5f">` + source + `</text></svg>` + "\n"
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
func (c *Chart) legend(kinds []Marker, g geom) []legendItem {
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
	for _, k := range kinds {
		items = append(items, legendItem{label: k.Type, shape: k.Shape})
	}
	x, line := float64(g.labelW), 0
	for i := range items {
		// About 0.58 of the font size a character.
		w := 34 + 0.58*float64(g.font)*float64(len([]rune(items[i].label)))
		if x+w > float64(g.width-g.padEdge) && x > float64(g.labelW) {
			x, line = float64(g.labelW), line+1
		}
		items[i].x, items[i].line = x, line
		x += w
	}
	return items
}

// describe sums the chart up in words for its accessible description.
// Inline, a table of the same data follows the chart; the standalone
// image, seen on a page that is not the site's, names its source instead.
func (c *Chart) describe(standalone bool) string {
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
	switch {
	case standalone:
		if len(parts) == 0 {
			parts = append(parts, "No judgements yet")
		}
		if c.Source != "" {
			parts = append(parts, c.Source)
		}
		return strings.Join(parts, ". ") + "."
	case len(parts) == 0:
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
