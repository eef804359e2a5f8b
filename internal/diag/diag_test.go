package diag

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestSuggest(t *testing.T) {
	grades := []string{"outstanding", "good", "requires-improvement", "inadequate"}
	keys := []string{"title", "type", "date", "summary", "visit", "framework", "source"}
	for _, tt := range []struct {
		word       string
		candidates []string
		want       string
	}{
		{"titel", keys, "title"},
		{"sumary", keys, "summary"},
		{"TITLE", keys, "title"},
		{"requires improvment", grades, "requires-improvement"},
		{"requires-improvement", grades, "requires-improvement"},
		{"god", grades, "good"},
		{"inadequte", grades, "inadequate"},
		{"excellent", grades, ""},
		{"x", keys, ""},
		{"anything", nil, ""},
		{"", keys, ""},
		// A tie goes to the candidate first in alphabetical order, so
		// the suggestion does not depend on the order of candidates.
		{"ab", []string{"ac", "aa"}, "aa"},
		{"ab", []string{"aa", "ac"}, "aa"},
		{"ilacs-2081", []string{"ilacs-2023", "ilacs-2018"}, "ilacs-2018"},
		// Edit distance counts characters, not bytes.
		{"cafe", []string{"café"}, "café"},
	} {
		if got := Suggest(tt.word, tt.candidates); got != tt.want {
			t.Errorf("Suggest(%q, %q) = %q, want %q", tt.word, tt.candidates, got, tt.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	if got, want := DidYouMean("titel", []string{"title"}), ` (did you mean "title"?)`; got != want {
		t.Errorf("DidYouMean = %q, want %q", got, want)
	}
	if got := DidYouMean("zzzzzz", []string{"title"}); got != "" {
		t.Errorf("DidYouMean with nothing near = %q, want \"\"", got)
	}
}

func TestDiagnosticError(t *testing.T) {
	for _, tt := range []struct {
		d    Diagnostic
		want string
	}{
		{Diagnostic{"content/a.md", 12, 3, "bad"}, "content/a.md:12:3: bad"},
		{Diagnostic{"content/a.md", 12, 0, "bad"}, "content/a.md:12: bad"},
		{Diagnostic{"content/a.md", 0, 0, "bad"}, "content/a.md: bad"},
		{Diagnostic{"", 0, 0, "bad"}, "bad"},
	} {
		if got := tt.d.Error(); got != tt.want {
			t.Errorf("%+v.Error() = %q, want %q", tt.d, got, tt.want)
		}
	}
}

func TestSortAndErr(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Errorf("an empty list is an error")
	}
	l.Add("b.md", 1, 1, "x")
	l.Add("a.md", 10, 1, "x")
	l.Add("a.md", 2, 5, "y")
	l.Add("a.md", 2, 5, "x")
	l.Add("a.md", 2, 1, "x")
	l.Add("b.md", 1, 1, "x") // an exact duplicate
	err := l.Err()
	want := "a.md:2:1: x\na.md:2:5: x\na.md:2:5: y\na.md:10:1: x\nb.md:1:1: x"
	if err == nil || err.Error() != want {
		t.Fatalf("Err() = %v, want\n%s", err, want)
	}
	ds, ok := As(fmt.Errorf("build: %w", err))
	if !ok || len(ds) != 5 {
		t.Errorf("As(wrapped) = %v, %v", ds, ok)
	}
	ds, ok = As(fmt.Errorf("x: %w", Diagnostic{"a.md", 1, 1, "one"}))
	if !ok || len(ds) != 1 || ds[0].Msg != "one" {
		t.Errorf("As(one diagnostic) = %v, %v", ds, ok)
	}
	if _, ok := As(errors.New("plain")); ok {
		t.Errorf("As(plain error) finds diagnostics")
	}
}

// TestPrint checks the one way problems are printed: where and what, then
// the source line with a caret under the column (tabs kept, so that it
// lines up), each file read once, and a problem whose file cannot be read
// or that has no line printed alone.
func TestPrint(t *testing.T) {
	reads := map[string]int{}
	read := func(name string) ([]byte, error) {
		reads[name]++
		if name == "gone.md" {
			return nil, errors.New("no such file")
		}
		return []byte("+++\n\ttitle = \"Ünïcode\" x\nlast\n"), nil
	}
	ds := Errors{
		{File: "a.md", Line: 2, Col: 20, Msg: "bad value"},
		{File: "a.md", Line: 3, Msg: "no column"},
		{File: "gone.md", Line: 1, Col: 1, Msg: "unreadable"},
		{Msg: "no file at all"},
	}
	var b strings.Builder
	if err := Print(&b, ds, read, func(f string) string { return "site/" + f }); err != nil {
		t.Fatal(err)
	}
	want := "site/a.md:2:20: bad value\n" +
		"  2 | \ttitle = \"Ünïcode\" x\n" +
		"    | \t                  ^\n" +
		"site/a.md:3: no column\n" +
		"  3 | last\n" +
		"site/gone.md:1:1: unreadable\n" +
		"no file at all\n"
	if b.String() != want {
		t.Errorf("printed\n%s\nwant\n%s", b.String(), want)
	}
	if reads["a.md"] != 1 {
		t.Errorf("a.md read %d times, want once", reads["a.md"])
	}
}
