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

// Band is one grade held from Start until End.
type Band struct {
	Row        string
	Start, End meta.Date
	Grade      config.Grade
	Title, URL string
}

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

// Graded reports whether a version carries judgements to chart.
func Graded(v *content.Version) bool { return v.Type.Graded && len(v.Judgements) > 0 }

// For builds the chart of body from its documents' latest versions. url
// gives a document's address.
func For(b *content.Body, cfg *config.Site, url func(*content.Document) string) *Chart {
	c := &Chart{Body: b.Name, Periods: b.Periods, grades: len(cfg.Grades)}
	rowLabel := map[string]string{}
	var rowOrder []string
	var graded []*content.Version
	for _, d := range b.Docs {
		v := d.Latest()
		if Graded(v) {
			graded = append(graded, v)
			for _, j := range v.Judgements {
				if _, ok := rowLabel[j.Area.Row]; !ok {
					rowOrder = append(rowOrder, j.Area.Row)
				}
				// The newest framework names the row.
				rowLabel[j.Area.Row] = j.Area.Name()
			}
		} else {
			c.Markers = append(c.Markers, Marker{Date: v.DocDate, Type: v.Type.Label, Title: v.Title, URL: url(d)})
		}
	}
	// Rows follow the newest framework's order of areas, then any older
	// areas that no later framework continues.
	order := map[string]int{}
	for i := len(graded) - 1; i >= 0; i-- {
		for _, j := range graded[i].Judgements {
			if _, ok := order[j.Area.Row]; !ok {
				order[j.Area.Row] = len(order)
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
		for _, j := range v.Judgements {
			c.Bands = append(c.Bands, Band{Row: j.Area.Row, Start: v.DocDate, End: end, Grade: j.Grade, Title: v.Title, URL: url(v.Doc)})
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
	padEdge = 12
)

// fills are the grade colours by rank, best first; each carries white or
// black text at a contrast of at least 4.5:1. Grades beyond four are grey.
var fills = []struct{ bg, fg string }{
	{"#00703c", "#ffffff"},
	{"#1d70b8", "#ffffff"},
	{"#ffdd00", "#0b0c0c"},
	{"#d4351c", "#ffffff"},
}

func fill(g config.Grade) (string, string) {
	if g.Rank < len(fills) {
		return fills[g.Rank].bg, fills[g.Rank].fg
	}
	return "#505a5f", "#ffffff"
}

func esc(s string) string { return html.EscapeString(s) }

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
	height := padTop + lanes*(rowH+gap) + axisH
	var b strings.Builder
	ns := ""
	if standalone {
		ns = ` xmlns="http://www.w3.org/2000/svg"`
	}
	fmt.Fprintf(&b, `<svg%s class="timeline__svg" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">`, ns, width, height, width, height, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">Timeline of judgements: %s</title>`, id, esc(c.Body))
	fmt.Fprintf(&b, `<desc id="%s-desc">%s</desc>`, id, esc(c.describe()))
	y := padTop
	for _, r := range c.Rows {
		fmt.Fprintf(&b, `<text class="tl-label" x="0" y="%d" fill="#0b0c0c">%s</text>`, y+rowH/2+5, esc(r.Label))
		for _, band := range c.Bands {
			if band.Row != r.Key {
				continue
			}
			x0, x1 := x(band.Start), x(band.End)
			bg, fg := fill(band.Grade)
			name := fmt.Sprintf("%s: %s from %s (%s)", r.Label, band.Grade.Label, band.Start.Human(), band.Title)
			fmt.Fprintf(&b, `<a href="%s" aria-label="%s"><title>%s</title>`, esc(band.URL), esc(name), esc(name))
			fmt.Fprintf(&b, `<rect class="tl-band" x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" stroke="#ffffff"/>`, x0, y, x1-x0, rowH, bg)
			if label := band.Grade.Name(); x1-x0 > float64(7*len(label)+8) {
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="%s" font-weight="bold">%s</text>`, x0+4, y+rowH/2+5, fg, esc(label))
			} else if x1-x0 > 14 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="%s" font-weight="bold">%s</text>`, x0+4, y+rowH/2+5, fg, esc(initials(label)))
			}
			b.WriteString(`</a>`)
		}
		y += rowH + gap
	}
	if hasMarkers {
		fmt.Fprintf(&b, `<text class="tl-label" x="0" y="%d" fill="#0b0c0c">Visits and reports</text>`, y+rowH/2+5)
		fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#b1b4b6"/>`, labelW, y+rowH/2, width-padEdge, y+rowH/2)
		for _, m := range c.Markers {
			cx := x(m.Date)
			name := fmt.Sprintf("%s, %s: %s", m.Type, m.Date.Human(), m.Title)
			fmt.Fprintf(&b, `<a href="%s" aria-label="%s"><title>%s</title><path class="tl-marker" d="M%.1f %d l7 8 l-7 8 l-7 -8 z" fill="#0b0c0c" stroke="#ffffff"/></a>`, esc(m.URL), esc(name), esc(name), cx, y+rowH/2-8)
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
	b.WriteString(`</svg>`)
	return b.String()
}

// describe sums the chart up in words for its accessible description.
func (c *Chart) describe() string {
	var parts []string
	for _, r := range c.Rows {
		var grades []string
		for _, band := range c.Bands {
			if band.Row == r.Key {
				grades = append(grades, fmt.Sprintf("%s from %s", band.Grade.Label, band.Start.Human()))
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
