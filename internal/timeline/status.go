package timeline

import (
	"fmt"
	"strings"
)

// StatusColumn is the count of a plan's actions in each status on one
// report's date.
type StatusColumn struct {
	Label  string // the report's date, in words
	URL    string
	Counts []int // by status, in the site's order of statuses
}

// statusFills are the colours of the statuses in order: not started, on
// track, at risk, off track, complete. Each segment also carries its count
// as text, and the legend names each status, so no colour is needed to read
// the chart.
var statusFills = []string{"#b1b4b6", "#00703c", "#f47738", "#d4351c", "#1d70b8"}

// StatusSVG draws a plan's statuses over time: a stacked bar per progress
// report, a segment per status with its count written in it. Narrow lays
// it out for a phone, at the width it is shown, each report's date above
// its bar and the legend over as many lines as it needs, so that no text
// is smaller than on a desk and nothing is off the screen.
func StatusSVG(id, title string, statuses []string, cols []StatusColumn, narrow bool) string {
	w, barH, gap, labelW, top, labelH := 720, 28, 10, 150, 8, 0
	if narrow {
		w, barH, labelW, labelH = 320, 24, 0, 18
	}
	total := 0
	for _, c := range cols {
		n := 0
		for _, k := range c.Counts {
			n += k
		}
		total = max(total, n)
	}
	if total == 0 || len(cols) == 0 {
		return ""
	}
	legendY := top + len(cols)*(labelH+barH+gap) + 8
	widths := make([]float64, len(statuses))
	for i, s := range statuses {
		widths[i] = float64(26 + 7*len(s))
	}
	items, lastY := legendPlaces(widths, float64(labelW), float64(legendY), float64(w), 22)
	h := int(lastY) + 24
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="status-chart" viewBox="0 0 %d %d" width="%d" height="%d" role="group" aria-labelledby="%s-title %s-desc" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif" font-size="13">`, w, h, w, h, id, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, esc(title))
	var desc []string
	for _, c := range cols {
		var parts []string
		for i, n := range c.Counts {
			if n > 0 {
				parts = append(parts, fmt.Sprintf("%d %s", n, statuses[i]))
			}
		}
		desc = append(desc, c.Label+": "+strings.Join(parts, ", "))
	}
	fmt.Fprintf(&b, `<desc id="%s-desc">%s. The table gives the same data.</desc>`, id, esc(strings.Join(desc, "; ")))
	scale := float64(w-labelW-10) / float64(total)
	for r, c := range cols {
		y := top + r*(labelH+barH+gap) + labelH
		labelY := y + barH/2 + 5
		if narrow {
			labelY = y - 5
		}
		fmt.Fprintf(&b, `<a href="%s" aria-label="%s"><text x="0" y="%d" fill="#0b0c0c">%s</text></a>`, esc(c.URL), esc(desc[r]), labelY, esc(c.Label))
		x := float64(labelW)
		for i, n := range c.Counts {
			if n == 0 {
				continue
			}
			fill := "#505a5f"
			if i < len(statusFills) {
				fill = statusFills[i]
			}
			fg := "#ffffff"
			if fill == "#b1b4b6" || fill == "#f47738" {
				fg = "#0b0c0c"
			}
			wd := float64(n) * scale
			fmt.Fprintf(&b, `<g><title>%s: %d %s</title><rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s" stroke="#ffffff"/>`, esc(c.Label), n, esc(statuses[i]), x, y, wd, barH, fill)
			if wd > 18 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" fill="%s" font-weight="bold">%d</text>`, x+5, y+barH/2+5, fg, n)
			}
			b.WriteString(`</g>`)
			x += wd
		}
	}
	for i, s := range statuses {
		fill := "#505a5f"
		if i < len(statusFills) {
			fill = statusFills[i]
		}
		x, y := int(items[i][0]), int(items[i][1])
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="14" height="14" fill="%s" stroke="#0b0c0c"/><text x="%d" y="%d" fill="#0b0c0c">%s</text>`, x, y, fill, x+18, y+12, esc(s))
	}
	b.WriteString(`</svg>`)
	return b.String()
}
