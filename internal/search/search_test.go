package search

import (
	"slices"
	"strconv"
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

// TestPassages checks that a term's postings say where in each document
// it is first found, that a term found only in a title says nowhere, and
// that the passages are packed into files of about packBytes, where the
// index says, which the documents' entries give; a passage of words all
// found before it is never quoted, and is kept empty.
func TestPassages(t *testing.T) {
	v := NewVocab()
	x := v.Index([]string{"Leaders plan.", "Leaders act on the plan", "Help"})
	if want := []uint16{0, 0, 1, 2}; !slices.Equal(x.At, want) {
		t.Errorf("first passages %v, want %v (leaders, plan, act, help)", x.At, want)
	}
	long := func(w string) string { return strings.Repeat(w+" ", packBytes/5) }
	texts := []string{long("alpha"), "beta", long("gamma"), "alpha", "delta"}
	y := v.Index(texts)
	docs := []Doc{
		{Title: "A", Body: "b", Type: "t", Terms: v.Intern("act")},
		{Title: "B", Body: "b", Type: "t", Terms: slices.Concat(x.Terms, v.Intern("Title words")), At: x.At, Text: "b/b/", Packs: x.Packs},
		{Title: "C", Body: "b", Type: "t", Text: "b/c/", Packs: y.Packs},
	}
	files, err := Files(docs, v)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"terms/ac.json": `{"act":"0.1:1"}`,
		"terms/he.json": `{"help":"1:2"}`,
		"terms/ti.json": `{"title":"1"}`,
		"docs/0.json":   `[{"t":"A","u":"","b":"","y":"","d":"","s":""},{"t":"B","u":"","b":"","y":"","d":"","s":"","x":"b/b/"},{"t":"C","u":"","b":"","y":"","d":"","s":"","x":"b/c/","k":"1.1.2"}]`,
	} {
		if got := string(files[name]); got != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}

	var ps []Passage
	for i, text := range texts {
		ps = append(ps, Passage{ID: "p" + strconv.Itoa(i+1), Text: text})
	}
	packs, err := Packs(ps, y)
	if err != nil {
		t.Fatal(err)
	}
	if len(packs) != 4 || string(packs["1.json"]) != `[["p2","beta"]]` || string(packs["3.json"]) != `[["p5","delta"]]` ||
		!strings.HasSuffix(string(packs["2.json"]), ` "],null]`) {
		t.Errorf("packs %.200q", packs)
	}
}
