package search

import (
	"slices"
	"strings"
	"testing"
)

// TestTerms checks what the index holds of a text: distinct words in lower
// case, letters and digits only, of two to forty bytes, without stop words.
func TestTerms(t *testing.T) {
	for _, tt := range []struct {
		text string
		want []string
	}{
		{"The Council's plan, and THE PLAN.", []string{"council", "plan"}},
		{"Café CAFÉ Ærø — naïve", []string{"café", "naïve", "ærø"}},
		{"R1: 2022-04-01; x y", []string{"01", "04", "2022", "r1"}},
		{strings.Repeat("a", 41) + " " + strings.Repeat("b", 40), []string{strings.Repeat("b", 40)}},
		{"", nil},
	} {
		if got := Terms(tt.text); !slices.Equal(got, tt.want) {
			t.Errorf("Terms(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

// TestVocab checks that interning gives each term one id across documents,
// and that Lookup turns ids back into the terms.
func TestVocab(t *testing.T) {
	v := NewVocab()
	a := v.Intern("Leaders plan. Leaders act.")
	b := v.Intern("plan the plan")
	if len(a) != 3 || len(b) != 1 {
		t.Fatalf("ids %v and %v, want 3 and 1", a, b)
	}
	if got := v.Lookup(b); !slices.Equal(got, []string{"plan"}) {
		t.Errorf("Lookup(%v) = %q", b, got)
	}
	if !slices.Contains(a, b[0]) {
		t.Errorf("plan has id %d in the second text and none of %v in the first", b[0], a)
	}
	if got := v.Lookup(a); !slices.Equal(got, []string{"leaders", "plan", "act"}) {
		t.Errorf("Lookup(%v) = %q", a, got)
	}
}
