package pdftext

import "testing"

// word lays out text as characters from x, each w wide and 7 points tall,
// with gap between letters and space between words, in a font of size.
func word(text string, x, w, gap, space, top, size float64) []Char {
	var cs []Char
	for _, r := range text {
		if r == ' ' {
			x += space - gap
			continue
		}
		cs = append(cs, Char{Text: string(r), Left: x, Right: x + w, Top: top, Bottom: top + 7, Size: size})
		x += w + gap
	}
	return cs
}

func TestLayoutSpaces(t *testing.T) {
	for _, c := range []struct {
		name          string
		w, gap, space float64
		want          string
	}{
		// Words placed with no space characters: a gap as wide as a
		// space parts them.
		{"tight", 5, 0.2, 3.5, "the local authority"},
		// Letter-spaced: every letter stands a third of an em from the next,
		// and only the wider gaps part words.
		{"letter-spaced", 5, 3.5, 8, "the local authority"},
	} {
		p := layout(1, 600, 800, word("the local authority", 72, c.w, c.gap, c.space, 100, 10))
		if len(p.Lines) != 1 || len(p.Lines[0].Spans) != 1 {
			t.Errorf("%s: %d lines, want one line of one span: %+v", c.name, len(p.Lines), p.Lines)
			continue
		}
		if got := p.Lines[0].Text(); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}

func TestUnscaled(t *testing.T) {
	// Size 1 for letters 7 points tall: the size is before the matrix.
	if !unscaled(word("Contents", 72, 7, 1, 4, 100, 1)) {
		t.Error("letters ten times their font size not taken as unscaled")
	}
	if unscaled(word("Contents", 72, 7, 1, 4, 100, 11)) {
		t.Error("letters of their font size taken as unscaled")
	}
}
