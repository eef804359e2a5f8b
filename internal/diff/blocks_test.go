package diff

import (
	"strings"
	"testing"
)

// TestMarkdown marks changes inside the document's structure: a heading
// stays a heading, a table row a row; a block added whole is framed; a
// long unchanged stretch folds; raw HTML of the sources stays text.
func TestMarkdown(t *testing.T) {
	same := func(n int) string {
		var b []string
		for i := range n {
			b = append(b, "Unchanged paragraph "+strings.Repeat("x", i+1)+".")
		}
		return strings.Join(b, "\n\n")
	}
	a := "## Outcome\n\n" + same(10) + "\n\n| Area | Grade |\n| --- | --- |\n| Leaders | Good |\n\nOld <b>text</b>."
	b := "## Result\n\n" + same(10) + "\n\n| Area | Grade |\n| --- | --- |\n| Leaders | Outstanding |\n\nOld <b>text</b>.\n\n- A new list."
	got := Markdown(a, b, false)
	for _, want := range []string{
		"## " + inline(Delete, "Outcome") + inline(Insert, "Result"),
		"| Leaders | " + inline(Delete, "Good") + inline(Insert, "Outstanding") + " |",
		"<details class=\"diff-fold\">\n<summary>6 unchanged blocks</summary>",
		"<div class=\"diff-block diff-block--inserted\">\n<p class=\"diff-block__label\">Inserted:</p>\n\n- A new list.\n\n</div>",
		"Old &lt;b>text&lt;/b>.",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the marked Markdown lacks %q:\n%s", want, got)
		}
	}
}
