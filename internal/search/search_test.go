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

// TestVocab checks that interning gives each term one id across documents.
func TestVocab(t *testing.T) {
	v := NewVocab()
	a := v.Intern("Leaders plan. Leaders act.")
	b := v.Intern("plan the plan")
	if len(a) != 3 || len(b) != 1 {
		t.Fatalf("ids %v and %v, want 3 and 1", a, b)
	}
	if !slices.Contains(a, b[0]) {
		t.Errorf("plan has id %d in the second text and none of %v in the first", b[0], a)
	}
}

// TestFiles checks the index's shards: each term lists the documents that
// hold it once each, in order, whatever the vocabulary holds besides; and
// that Files lets go of the documents' terms.
func TestFiles(t *testing.T) {
	v := NewVocab()
	v.Intern("unused words")
	docs := []Doc{
		{Title: "A", Body: "b", Type: "t", Terms: slices.Concat(v.Intern("Leaders plan. Leaders act."), v.Intern("Plan"))},
		{Title: "B", Body: "b", Type: "t", Terms: v.Intern("plan the plan")},
		{Title: "C", Body: "c", Type: "t", Terms: v.Intern("acting plan")},
	}
	files, err := Files(docs, v)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"terms/pl.json": `{"plan":"0.1.1"}`,
		"terms/le.json": `{"leaders":"0"}`,
		"terms/ac.json": `{"act":"0","acting":"2"}`,
		"facets.json":   `{"body":{"b":"0.1","c":"2"},"type":{"t":"0.1.1"}}`,
	} {
		if got := string(files[name]); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
	if _, ok := files["terms/un.json"]; ok {
		t.Errorf("a term no document holds is in the index")
	}
	for i, d := range docs {
		if d.Terms != nil {
			t.Errorf("document %d still holds its terms", i)
		}
	}
}
