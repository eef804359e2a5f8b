package timeline

import (
	"fmt"
	"strings"

	"scrutiny/internal/config"
)

// GradeColumn counts bodies by grade at one date.
type GradeColumn struct {
	Label  string
	Counts []int // by grade rank
}

// GradesSVG draws how many bodies held each grade over time: a stacked
// column per date, each segment with its grade's colour and pattern and,
// where it fits, its count.
func GradesSVG(id, title string, grades []config.Grade, cols []GradeColumn) string {
	const (
		w, h, left, bottom, top = 960, 340, 40, 60, 10
	)
	most := 0
	for _, c := range cols {
		n := 0
		for _, k := range c.Counts {
			n += k
		}
		most = max(most, n)
	}
	if most == 0 {
		return ""
	}
	plotH := float64(h - bottom - top)
	colW := float64(w-left-10) / float64(len(cols))
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline__svg" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">`, w, h, w, h, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, esc(title))
	var desc []string
	for _, c := range cols {
		var parts []string
		for i, n := range c.Counts {
			if n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, grades[i].Name()))
			}
		}
		desc = append(desc, c.Label+": "+strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, `<desc id="%s-desc">%s. The table gives the same data.</desc>`, id, esc(strings.Join(desc, "; ")))
	b.WriteString("<defs>")
	for i, p := range patterns {
		if p != "" {
			fmt.Fprintf(&b, `<pattern id="%s-g%d" width="8" height="8" patternUnits="userSpaceOnUse">%s</pattern>`, id, i, p)
		}
	}
	b.WriteString("</defs>")
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
			bg, fg := fill(grades[r])
			fmt.Fprintf(&b, `<g><title>%s: %d %s</title><rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="%s" stroke="#ffffff"/>`, esc(c.Label), n, esc(grades[r].Name()), x, y, colW-4, hgt, bg)
			if r < len(patterns) && patterns[r] != "" {
				fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="url(#%s-g%d)"/>`, x, y, colW-4, hgt, id, r)
			}
			if hgt >= 16 && colW >= 22 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="%s" font-weight="bold" text-anchor="middle">%d</text>`, x+(colW-4)/2, y+hgt/2+5, fg, n)
			}
			b.WriteString("</g>")
		}
		if len(cols) <= 16 || i%2 == 0 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" fill="#0b0c0c" text-anchor="middle">%s</text>`, x+(colW-4)/2, base+18, esc(c.Label))
		}
	}
	lx := float64(left)
	for r, g := range grades {
		bg, _ := fill(g)
		ly := h - 22
		fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="16" height="16" fill="%s" stroke="#0b0c0c"/>`, lx, ly, bg)
		if r < len(patterns) && patterns[r] != "" {
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="16" height="16" fill="url(#%s-g%d)"/>`, lx, ly, id, r)
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="#0b0c0c">%s</text>`, lx+20, ly+13, esc(g.Name()))
		lx += 34 + 7.5*float64(len([]rune(g.Name())))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
