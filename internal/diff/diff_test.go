package diff

import (
	"fmt"
	"math/rand/v2"
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

// lcs is the length of the longest common subsequence, by the full table.
func lcs(a, b []int32) int {
	t := make([][]int, len(a)+1)
	for i := range t {
		t[i] = make([]int, len(b)+1)
	}
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				t[i][j] = t[i+1][j+1] + 1
			} else {
				t[i][j] = max(t[i+1][j], t[i][j+1])
			}
		}
	}
	return t[0][0]
}

// TestMatch checks that Match pairs equal elements in order on both sides,
// the longest such run where the table fits, and a valid one where it
// does not.
func TestMatch(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for range 500 {
		a, b := make([]int32, rng.IntN(40)), make([]int32, rng.IntN(40))
		alphabet := int32(1 + rng.IntN(30))
		for i := range a {
			a[i] = rng.Int32N(alphabet)
		}
		for i := range b {
			b[i] = rng.Int32N(alphabet)
		}
		for _, cells := range []int{Cells, 4} {
			pairs := Match(a, b, cells)
			for k, p := range pairs {
				if a[p.A] != b[p.B] || (k > 0 && (p.A <= pairs[k-1].A || p.B <= pairs[k-1].B)) {
					t.Fatalf("Match(%v, %v, %d) = %v: not a common subsequence", a, b, cells, pairs)
				}
			}
			if want := lcs(a, b); cells == Cells && len(pairs) != want {
				t.Fatalf("Match(%v, %v) paired %d, want %d", a, b, len(pairs), want)
			}
		}
	}
}

// rewrite is a text of n words, and the same with every other word but
// one in ten changed.
func rewrite(n int) (string, string) {
	var a, b strings.Builder
	for i := range n {
		fmt.Fprintf(&a, "w%d ", i%500)
		if i%10 == 0 {
			fmt.Fprintf(&b, "w%d ", i%500)
		} else {
			fmt.Fprintf(&b, "x%d ", i%700)
		}
	}
	return a.String(), b.String()
}

// TestWordsBounded checks that a rewrite too costly for the exact diff is
// diffed by Match, still marking exactly what each side holds: a rewritten
// version of 32,000 words took 40 s to diff exactly.
func TestWordsBounded(t *testing.T) {
	small := []rune("a b c d e f")
	if !exact(small, []rune("a b x d e f y"), Steps) {
		t.Errorf("a small change is not diffed exactly")
	}
	a, b := rewrite(8000)
	ta, tb := tokens(a), tokens(b)
	ids := map[string]rune{}
	enc := func(ts []string) []rune {
		rs := make([]rune, len(ts))
		for i, s := range ts {
			if _, ok := ids[s]; !ok {
				ids[s] = rune(len(ids) + 1)
			}
			rs[i] = ids[s]
		}
		return rs
	}
	if exact(enc(ta), enc(tb), Steps) {
		t.Fatalf("a rewrite of 8,000 words is diffed exactly, within %d steps", Steps)
	}
	var before, after strings.Builder
	equal := 0
	for _, op := range Words(a, b) {
		if op.Kind != Insert {
			before.WriteString(op.Text)
		}
		if op.Kind != Delete {
			after.WriteString(op.Text)
		}
		if op.Kind == Equal {
			equal += len(tokens(op.Text))
		}
	}
	if before.String() != a || after.String() != b {
		t.Errorf("the diff's sides are not the two texts")
	}
	// The words kept include at least the one in ten that stayed.
	if equal < 800 {
		t.Errorf("%d tokens kept, want at least 800", equal)
	}
}
