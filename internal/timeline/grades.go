package timeline

import (
	"fmt"
	"strings"

	"scrutiny/internal/config"
)

// Kind is what one segment of a column counts: the bodies with a grade,
// or, with no Grade, bodies in a state that has none (drawn plain, or
// grey and hatched where Unknown: a grade not recorded).
type Kind struct {
	Label   string
	Grade   *config.Grade
	Unknown bool
}

func (k Kind) swatch() swatch {
	switch {
	case k.Grade != nil:
		return gradeSwatch(*k.Grade)
	case k.Unknown:
		return unknownSwatch
	}
	return plainSwatch
}

// GradeColumn counts bodies of each kind at one date.
type GradeColumn struct {
	Label  string
	Counts []int // by kind
}

// Total is the number of bodies the column counts.
func (c GradeColumn) Total() int {
	n := 0
	for _, k := range c.Counts {
		n += k
	}
	return n
}

// GradesSVG draws how many bodies held each grade over time: a stacked
// column per date, each segment with its kind's colour and pattern and,
// where it fits, its count, and the column's total above it. Narrow draws
// it for a phone instead (see gradeBars).
func GradesSVG(id, title string, kinds []Kind, cols []GradeColumn, narrow bool) string {
	if narrow {
		return gradeBars(id, title, kinds, cols)
	}
	const (
		w, h, left, bottom, top = 960, 340, 40, 60, 24
	)
	most := 0
	for _, c := range cols {
		most = max(most, c.Total())
	}
	if most == 0 {
		return ""
	}
	plotH := float64(h - bottom - top)
	colW := float64(w-left-10) / float64(len(cols))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline__svg" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">`, w, h, w, h, id, id)
	gradesHead(&b, id, title, kinds, cols)
	scale := plotH / float64(most)
	base := float64(h - bottom)
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#505a5f"/>`, left, base, w-10, base)
	fmt.Fprintf(&b, `<text x="%d" y="%d" fill="#0b0c0c" text-anchor="end">%d</text>`, left-6, top+10, most)
	fmt.Fprintf(&b, `<text x="%d" y="%.1f" fill="#0b0c0c" text-anchor="end">0</text>`, left-6, base)
	for i, c := range cols {
		x := float64(left) + float64(i)*colW + 2
		y := base
		for r, n := range c.Counts {
			if n == 0 {
				continue
			}
			hgt := float64(n) * scale
			y -= hgt
			sw := kinds[r].swatch()
			fmt.Fprintf(&b, `<g><title>%s: %d %s</title>`, esc(c.Label), n, esc(kinds[r].Label))
			sw.rect(&b, "", id, x, y, colW-4, hgt)
			if hgt >= 16 && colW >= 22 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="%s" font-weight="bold" text-anchor="middle">%d</text>`, x+(colW-4)/2, y+hgt/2+5, sw.fg, n)
			}
			b.WriteString("</g>")
		}
		// How many bodies the column counts, above it: not every body
		// had been inspected by every date.
		if colW >= 22 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#0b0c0c" text-anchor="middle">%d</text>`, x+(colW-4)/2, y-5, c.Total())
		}
		if len(cols) <= 16 || i%2 == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#0b0c0c" text-anchor="middle">%s</text>`, x+(colW-4)/2, base+18, esc(c.Label))
		}
	}
	lx := float64(left)
	for _, k := range kinds {
		sw := k.swatch()
		sw.stroke = "#0b0c0c"
		ly := h - 22
		sw.rect(&b, "", id, lx, float64(ly), 16, 16)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#0b0c0c">%s</text>`, lx+20, ly+13, esc(k.Label))
		lx += 34 + 7.5*float64(len([]rune(k.Label)))
	}
	b.WriteString(`</svg>`)
	return b.String()
}

// gradesHead writes a grades chart's title, its description (the data in
// words) and the patterns its kinds use.
func gradesHead(b *strings.Builder, id, title string, kinds []Kind, cols []GradeColumn) {
	fmt.Fprintf(b, `<title id="%s-title">%s</title>`, id, esc(title))
	var desc []string
	for _, c := range cols {
		var parts []string
		for i, n := range c.Counts {
			if n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, kinds[i].Label))
			}
		}
		desc = append(desc, fmt.Sprintf("%s: %d counted, %s", c.Label, c.Total(), strings.Join(parts, ", ")))
	}
	fmt.Fprintf(b, `<desc id="%s-desc">%s. The table gives the same data.</desc>`, id, esc(strings.Join(desc, "; ")))
	unknown := false
	for _, k := range kinds {
		unknown = unknown || k.Unknown
	}
	defs(b, id, unknown)
}

// gradeBars is GradesSVG for a phone, at the width it is shown: a bar a
// date, down the page, each date before its bar and the bar's total after
// it, and the legend over as many lines as it needs, so that every date
// shows and no text is smaller than on a desk.
func gradeBars(id, title string, kinds []Kind, cols []GradeColumn) string {
	const (
		w, labelW, totalW, barH, gap, top = 320, 44, 34, 22, 6, 4
	)
	most := 0
	for _, c := range cols {
		most = max(most, c.Total())
	}
	if most == 0 {
		return ""
	}
	legendY := top + len(cols)*(barH+gap) + 10
	widths := make([]float64, len(kinds))
	for i, k := range kinds {
		widths[i] = 28 + 7.5*float64(len([]rune(k.Label)))
	}
	items, lastY := legendPlaces(widths, 0, float64(legendY), w, 24)
	h := int(lastY) + 24
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline__svg" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">`, w, h, w, h, id, id)
	gradesHead(&b, id, title, kinds, cols)
	scale := float64(w-labelW-totalW) / float64(most)
	for i, c := range cols {
		y := float64(top + i*(barH+gap))
		fmt.Fprintf(&b, `<text x="0" y="%.1f" fill="#0b0c0c">%s</text>`, y+barH/2+5, esc(c.Label))
		x := float64(labelW)
		for r, n := range c.Counts {
			if n == 0 {
				continue
			}
			wd := float64(n) * scale
			sw := kinds[r].swatch()
			fmt.Fprintf(&b, `<g><title>%s: %d %s</title>`, esc(c.Label), n, esc(kinds[r].Label))
			sw.rect(&b, "", id, x, y, wd, barH)
			if wd >= 20 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="%s" font-weight="bold" text-anchor="middle">%d</text>`, x+wd/2, y+barH/2+5, sw.fg, n)
			}
			b.WriteString("</g>")
			x += wd
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#0b0c0c">%d</text>`, x+4, y+barH/2+5, c.Total())
	}
	for i, k := range kinds {
		sw := k.swatch()
		sw.stroke = "#0b0c0c"
		x, y := items[i][0], items[i][1]
		sw.rect(&b, "", id, x, y, 16, 16)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#0b0c0c">%s</text>`, x+20, y+13, esc(k.Label))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
