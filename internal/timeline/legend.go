package timeline

// legendPlaces places a chart's legend items, of the given widths, in
// rows from (x0, y0), each row no wider than maxX and lineH below the one
// before, so that a chart drawn at a phone's width keeps every item in
// view. It returns each item's place and the last row's y.
func legendPlaces(widths []float64, x0, y0, maxX, lineH float64) (places [][2]float64, lastY float64) {
	x, y := x0, y0
	for _, w := range widths {
		if x > x0 && x+w > maxX {
			x, y = x0, y+lineH
		}
		places = append(places, [2]float64{x, y})
		x += w
	}
	return places, y
}
