package diff

import (
	"strings"
	"testing"
)

// TestSides checks that each side of a field's change marks only its own
// words: the deleted ones before, the inserted ones after, with what stays
// the same left plain and everything escaped.
func TestSides(t *testing.T) {
	mark := func(s string) string {
		s = strings.ReplaceAll(s, `<span class="visually-hidden">[deleted: </span>`, "[-")
		s = strings.ReplaceAll(s, `<span class="visually-hidden">[inserted: </span>`, "[+")
		s = strings.ReplaceAll(s, `<span class="visually-hidden">]</span>`, "]")
		return s
	}
	for _, tt := range []struct{ a, b, before, after string }{
		{"owner: Head of commissioning", "owner: Director of commissioning", "owner: <del>[-Head]</del> of commissioning", "owner: <ins>[+Director]</ins> of commissioning"},
		{"", "Train staff", "", "<ins>[+Train staff]</ins>"},
		{"good", "", "<del>[-good]</del>", ""},
		{"R&D <now>", "R&D <now>", "R&amp;D &lt;now&gt;", "R&amp;D &lt;now&gt;"},
	} {
		before, after := Sides(tt.a, tt.b)
		if got := mark(before); got != tt.before {
			t.Errorf("Sides(%q, %q) before = %q, want %q", tt.a, tt.b, got, tt.before)
		}
		if got := mark(after); got != tt.after {
			t.Errorf("Sides(%q, %q) after = %q, want %q", tt.a, tt.b, got, tt.after)
		}
	}
}
