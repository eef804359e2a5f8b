// Package diff says what changed between two versions of a document: the
// text word by word, and the data field by field. The word diff is
// diffmatchpatch's, run over words rather than characters so that a change
// reads as whole words replaced.
package diff

import (
	"fmt"
	"html"
	"strings"
	"unicode"

	"github.com/sergi/go-diff/diffmatchpatch"

	"scrutiny/internal/content"
)

// Op is one run of the word diff.
type Op struct {
	Kind int // Equal, Insert or Delete
	Text string
}

// Kinds of Op.
const (
	Equal = iota
	Insert
	Delete
)

// tokens splits s into words, runs of spaces and single punctuation marks.
func tokens(s string) []string {
	var out []string
	start := 0
	class := func(r rune) int {
		switch {
		case unicode.IsSpace(r):
			return 0
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’':
			return 1
		}
		return 2
	}
	prev := -1
	for i, r := range s {
		c := class(r)
		if i > start && (c != prev || c == 2) {
			out = append(out, s[start:i])
			start = i
		}
		prev = c
	}
	if start < len(s) {
		out = append(out, s[start:])
	}
	return out
}

// Words compares a and b word by word.
func Words(a, b string) []Op {
	ids := map[string]rune{}
	var vocab []string
	encode := func(toks []string) []rune {
		rs := make([]rune, len(toks))
		for i, t := range toks {
			id, ok := ids[t]
			if !ok {
				// Runes from 1 up, skipping the surrogate range, stand
				// for tokens, so the character diff becomes a word diff.
				id = rune(len(vocab) + 1)
				if id >= 0xD800 {
					id += 0x800
				}
				ids[t] = id
				vocab = append(vocab, t)
			}
			rs[i] = id
		}
		return rs
	}
	ra, rb := encode(tokens(a)), encode(tokens(b))
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // exact, so the output never depends on the machine's speed
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))
	decode := func(s string) string {
		var sb strings.Builder
		for _, r := range s {
			i := int(r)
			if i > 0xD800 {
				i -= 0x800
			}
			sb.WriteString(vocab[i-1])
		}
		return sb.String()
	}
	var out []Op
	for _, d := range diffs {
		op := Op{Kind: Equal, Text: decode(d.Text)}
		switch d.Type {
		case diffmatchpatch.DiffInsert:
			op.Kind = Insert
		case diffmatchpatch.DiffDelete:
			op.Kind = Delete
		}
		out = append(out, op)
	}
	return out
}

// HTML marks the changes from a to b with ins and del, each announced in
// words to screen readers, which do not read the elements' styling.
func HTML(a, b string) string {
	var sb strings.Builder
	for _, op := range Words(a, b) {
		sb.WriteString(mark(op))
	}
	return sb.String()
}

// mark is op's text as HTML, in ins or del as it was inserted or deleted.
func mark(op Op) string {
	t := html.EscapeString(op.Text)
	switch op.Kind {
	case Insert:
		return `<ins><span class="visually-hidden">[inserted: </span>` + t + `<span class="visually-hidden">]</span></ins>`
	case Delete:
		return `<del><span class="visually-hidden">[deleted: </span>` + t + `<span class="visually-hidden">]</span></del>`
	}
	return t
}

// Sides marks the changes from a to b word by word as two texts, for a
// table of before and after: a with its deleted words marked, and b with
// its inserted words marked.
func Sides(a, b string) (before, after string) {
	var bs, as strings.Builder
	for _, op := range Words(a, b) {
		if op.Kind != Insert {
			bs.WriteString(mark(op))
		}
		if op.Kind != Delete {
			as.WriteString(mark(op))
		}
	}
	return bs.String(), as.String()
}

// Field is one data field that differs between two versions.
type Field struct {
	Name          string
	Before, After string
}

// Fields compares the data of two versions field by field: grades,
// recommendations, actions, owners, due dates, statuses and the rest.
func Fields(a, b *content.Version) []Field {
	var out []Field
	cmp := func(name, x, y string) {
		if x != y {
			out = append(out, Field{name, x, y})
		}
	}
	cmp("Title", a.Title, b.Title)
	cmp("Type", a.Type.Label, b.Type.Label)
	cmp("Date", a.DocDate.Human(), b.DocDate.Human())
	cmp("Summary", a.Summary, b.Summary)
	cmp("Visit", visit(a), visit(b))
	cmp("Framework", fw(a), fw(b))
	cmp("Source", a.Source, b.Source)
	cmp("Authors", strings.Join(a.Authors, ", "), strings.Join(b.Authors, ", "))
	cmp("Responds to", docTitle(a.RespondsTo), docTitle(b.RespondsTo))
	cmp("Plan", docTitle(a.Plan), docTitle(b.Plan))

	keyed(&out, "Judgement", judgements(a), judgements(b))
	keyed(&out, "Recommendation", recs(a), recs(b))
	keyed(&out, "Action", actions(a), actions(b))
	keyed(&out, "Progress of action", progress(a), progress(b))
	return out
}

// keyed compares two ordered maps, reporting fields added, removed and
// changed in the order they appear (b's order, then what only a had).
func keyed(out *[]Field, what string, a, b []kv) {
	am := map[string]string{}
	for _, e := range a {
		am[e.k] = e.v
	}
	bm := map[string]bool{}
	for _, e := range b {
		bm[e.k] = true
		if old, ok := am[e.k]; !ok {
			*out = append(*out, Field{what + " " + e.k, "", e.v})
		} else if old != e.v {
			*out = append(*out, Field{what + " " + e.k, old, e.v})
		}
	}
	for _, e := range a {
		if !bm[e.k] {
			*out = append(*out, Field{what + " " + e.k, e.v, ""})
		}
	}
}

type kv struct{ k, v string }

func visit(v *content.Version) string {
	var parts []string
	for _, d := range v.Visit {
		parts = append(parts, d.Human())
	}
	return strings.Join(parts, " to ")
}

func fw(v *content.Version) string {
	if v.Framework == nil {
		return ""
	}
	return v.Framework.Label
}

func docTitle(d *content.Document) string {
	if d == nil {
		return ""
	}
	return d.Latest().Title
}

func judgements(v *content.Version) []kv {
	var out []kv
	for _, j := range v.Judgements {
		out = append(out, kv{"“" + j.Area.Label + "”", j.Grade.Label})
	}
	return out
}

func recs(v *content.Version) []kv {
	var out []kv
	for _, r := range v.Recommendations {
		out = append(out, kv{r.ID, r.Text})
	}
	return out
}

func actions(v *content.Version) []kv {
	var out []kv
	for _, a := range v.Actions {
		s := a.Title
		if a.Owner != "" {
			s += "; owner: " + a.Owner
		}
		if !a.Due.IsZero() {
			s += "; due: " + a.Due.Human()
		}
		if len(a.Recommendations) > 0 {
			s += "; answers: " + strings.Join(a.Recommendations, ", ")
		}
		out = append(out, kv{a.ID, s})
	}
	return out
}

func progress(v *content.Version) []kv {
	var out []kv
	for _, p := range v.Progress {
		s := p.Status.Label
		if p.Note != "" {
			s += fmt.Sprintf(" (%s)", p.Note)
		}
		out = append(out, kv{p.Action, s})
	}
	return out
}
