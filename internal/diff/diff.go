// Package diff says what changed between two versions of a document: the
// text word by word, and the data field by field. The word diff is
// diffmatchpatch's, run over words rather than characters so that a change
// reads as whole words replaced. Its exact diff takes time that grows with
// the length of the text times the number of words changed (40 s for a
// rewritten version of 32,000 words); where that would pass Steps, the
// text is matched by Match instead, which is bounded, and may mark a few
// more words changed than need be.
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
	decode := func(rs []rune) string {
		var sb strings.Builder
		for _, r := range rs {
			i := int(r)
			if i > 0xD800 {
				i -= 0x800
			}
			sb.WriteString(vocab[i-1])
		}
		return sb.String()
	}
	if !exact(ra, rb, Steps) {
		return bounded(ra, rb, decode)
	}
	dmp := diffmatchpatch.New()
	dmp.DiffTimeout = 0 // exact, so the output never depends on the machine's speed
	diffs := dmp.DiffCleanupSemantic(dmp.DiffMainRunes(ra, rb, false))
	var out []Op
	for _, d := range diffs {
		op := Op{Kind: Equal, Text: decode([]rune(d.Text))}
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

// Steps bounds the work of the exact word diff, in steps of Myers's
// algorithm (a step is a diagonal tried or a word followed along one):
// about 0.1 s of it, far more than any ordinary revision needs, even of a
// long report, so that every ordinary change gets the exact diff.
const Steps = 20_000_000

// wordCells bounds Match's tables where the exact diff would cost too much:
// smaller than for paragraphs, as a text has many more words.
const wordCells = 1 << 18

// exact says whether the shortest edit script from a to b takes at most
// steps steps of Myers's algorithm to find: it runs the algorithm forwards,
// counting, and stops at the bound. diffmatchpatch goes both ways at once,
// so it needs no more steps than this.
func exact(a, b []rune, steps int) bool {
	for len(a) > 0 && len(b) > 0 && a[0] == b[0] {
		a, b = a[1:], b[1:]
	}
	for len(a) > 0 && len(b) > 0 && a[len(a)-1] == b[len(b)-1] {
		a, b = a[:len(a)-1], b[:len(b)-1]
	}
	n, m := len(a), len(b)
	// The furthest x reached on each diagonal k = x-y, at v[k+off].
	off := n + m + 1
	v := make([]int, 2*off+1)
	for d := 0; d <= n+m; d++ {
		for k := -d; k <= d; k += 2 {
			var x int
			if k == -d || (k != d && v[off+k-1] < v[off+k+1]) {
				x = v[off+k+1] // down: a word of b inserted
			} else {
				x = v[off+k-1] + 1 // right: a word of a deleted
			}
			y, from := x-k, x
			for x < n && y < m && a[x] == b[y] {
				x, y = x+1, y+1
			}
			v[off+k] = x
			if steps -= 1 + x - from; steps < 0 {
				return false
			}
			if x >= n && y >= m {
				return true
			}
		}
	}
	return true
}

// bounded is the word diff of a and b by Match: the words kept are a
// common subsequence, if not always the longest.
func bounded(a, b []rune, decode func([]rune) string) []Op {
	x, y := make([]int32, len(a)), make([]int32, len(b))
	for i, r := range a {
		x[i] = r
	}
	for j, r := range b {
		y[j] = r
	}
	var out []Op
	add := func(kind int, rs []rune) {
		if len(rs) == 0 {
			return
		}
		if n := len(out); n > 0 && out[n-1].Kind == kind {
			out[n-1].Text += decode(rs)
			return
		}
		out = append(out, Op{Kind: kind, Text: decode(rs)})
	}
	i, j := 0, 0
	// Runs of kept words are gathered before they are decoded, so that
	// each is written once.
	kept := i
	flush := func() { add(Equal, a[kept:i]) }
	for _, p := range append(Match(x, y, wordCells), Pair{len(a), len(b)}) {
		if p.A > i || p.B > j {
			flush()
			add(Delete, a[i:p.A])
			add(Insert, b[j:p.B])
			kept = p.A
		}
		i, j = p.A+1, p.B+1
	}
	i = len(a)
	flush()
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
