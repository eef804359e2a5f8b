package diff

import (
	"fmt"
	"strings"
)

// Markdown marks the changes from a to b, both Markdown, as Markdown that
// renders as the reader sees the document: headings, lists and tables
// kept, each changed block's words marked with ins and del inside it, a
// block added or removed whole marked as a whole, and long stretches that
// did not change folded away. The result holds raw HTML (the marks), to be
// rendered with raw HTML allowed; raw HTML of a and b is escaped first
// unless allowHTML, so the marks are the only HTML it lets through.
func Markdown(a, b string, allowHTML bool) string {
	if !allowHTML {
		a, b = escapeHTML(a), escapeHTML(b)
	}
	ba, bb := blocks(a), blocks(b)
	sy := Symbols{}
	pairs := Match(sy.Of(ba), sy.Of(bb), Cells)
	var out []string
	var same []string // a stretch of blocks that did not change
	flushSame := func(last bool) {
		out = append(out, fold(same, len(out) == 0, last)...)
		same = nil
	}
	i, j := 0, 0
	changed := func(ia, ib int) {
		// The blocks between two that match: pair those of a kind,
		// in order, as changed blocks; the rest were removed or added.
		dels, ins := ba[i:ia], bb[j:ib]
		if len(dels)+len(ins) > 0 {
			flushSame(false)
		}
		// The kinds of the added blocks not yet placed, counted, so that
		// a long rewrite costs in proportion to its blocks.
		insKinds, left := make([]string, len(ins)), map[string]int{}
		for k, b := range ins {
			insKinds[k] = kind(b)
			left[insKinds[k]]++
		}
		for len(dels) > 0 || len(ins) > 0 {
			dk := ""
			if len(dels) > 0 {
				dk = kind(dels[0])
			}
			switch {
			case len(dels) > 0 && len(ins) > 0 && dk == insKinds[0]:
				out = append(out, words(dels[0], ins[0]))
				left[insKinds[0]]--
				dels, ins, insKinds = dels[1:], ins[1:], insKinds[1:]
			case len(dels) > 0 && left[dk] == 0:
				out = append(out, whole("deleted", dels[0]))
				dels = dels[1:]
			default:
				out = append(out, whole("inserted", ins[0]))
				left[insKinds[0]]--
				ins, insKinds = ins[1:], insKinds[1:]
			}
		}
	}
	for _, p := range pairs {
		changed(p.A, p.B)
		same = append(same, bb[p.B])
		i, j = p.A+1, p.B+1
	}
	changed(len(ba), len(bb))
	flushSame(true)
	return strings.Join(out, "\n\n") + "\n"
}

// blocks splits Markdown at blank lines, outside fenced code.
func blocks(s string) []string {
	var out []string
	var cur []string
	fenced := false
	for _, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			fenced = !fenced
		}
		if t == "" && !fenced {
			if len(cur) > 0 {
				out = append(out, strings.Join(cur, "\n"))
				cur = nil
			}
			continue
		}
		cur = append(cur, line)
	}
	if len(cur) > 0 {
		out = append(out, strings.Join(cur, "\n"))
	}
	return out
}

// kind is what a block is, by its start: a heading of a level, a list, a
// table, a quote, code, or a paragraph. Only blocks of a kind are compared
// word by word.
func kind(block string) string {
	t := strings.TrimLeft(block, " ")
	switch {
	case strings.HasPrefix(t, "#"):
		return strings.SplitN(t, " ", 2)[0]
	case strings.HasPrefix(t, "|"):
		return "table"
	case strings.HasPrefix(t, ">"):
		return "quote"
	case strings.HasPrefix(t, "```"), strings.HasPrefix(t, "~~~"):
		return "code"
	case strings.HasPrefix(t, "- "), strings.HasPrefix(t, "* "), strings.HasPrefix(t, "+ "):
		return "list"
	}
	n := 0
	for n < len(t) && t[n] >= '0' && t[n] <= '9' {
		n++
	}
	if n > 0 && n < len(t) && (t[n] == '.' || t[n] == ')') {
		return "numbered"
	}
	return "paragraph"
}

// words marks the words changed from block a to block b inside b's
// structure. A mark never spans a line: a table row or a list item stays
// on its line, so the block keeps its shape.
func words(a, b string) string {
	if kind(b) == "code" {
		// Marks inside code would show as text: the block as a whole.
		return whole("deleted", a) + "\n\n" + whole("inserted", b)
	}
	var sb strings.Builder
	for _, op := range Words(a, b) {
		if op.Kind == Equal {
			sb.WriteString(op.Text)
			continue
		}
		lines := strings.Split(op.Text, "\n")
		for k, l := range lines {
			if k > 0 {
				sb.WriteString("\n")
			}
			// Leave the spaces outside the mark, so that a mark never
			// starts a line with a space or closes before one.
			body := strings.TrimSpace(l)
			if body == "" {
				sb.WriteString(l)
				continue
			}
			lead := l[:strings.Index(l, body)]
			sb.WriteString(lead)
			sb.WriteString(inline(op.Kind, body))
			sb.WriteString(l[len(lead)+len(body):])
		}
	}
	return sb.String()
}

// inline wraps text in ins or del, announced to screen readers in words.
func inline(k int, text string) string {
	if k == Insert {
		return `<ins><span class="visually-hidden">[inserted: </span>` + text + `<span class="visually-hidden">]</span></ins>`
	}
	return `<del><span class="visually-hidden">[deleted: </span>` + text + `<span class="visually-hidden">]</span></del>`
}

// whole marks a block added or removed as a whole: a block of HTML around
// the Markdown, which renders inside it.
func whole(what, block string) string {
	return fmt.Sprintf("<div class=\"diff-block diff-block--%s\">\n<p class=\"diff-block__label\">%s:</p>\n\n%s\n\n</div>", what, strings.ToUpper(what[:1])+what[1:], block)
}

// fold keeps a stretch of unchanged blocks short: more than five, and
// only the two next to each change show, the rest folded into a details
// element that opens them.
func fold(same []string, first, last bool) []string {
	keepBefore, keepAfter := 2, 2
	if first {
		keepBefore = 0 // nothing changed before the stretch
	}
	if last {
		keepAfter = 0
	}
	if len(same) <= keepBefore+keepAfter+3 {
		return same
	}
	hidden := same[keepBefore : len(same)-keepAfter]
	out := append([]string{}, same[:keepBefore]...)
	out = append(out, fmt.Sprintf("<details class=\"diff-fold\">\n<summary>%d unchanged %s</summary>\n\n%s\n\n</details>",
		len(hidden), plural(len(hidden), "block", "blocks"), strings.Join(hidden, "\n\n")))
	return append(out, same[len(same)-keepAfter:]...)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// escapeHTML keeps a source's raw HTML as text: the changes page renders
// with raw HTML allowed for its marks, and must not let through what the
// site's own pages would not.
func escapeHTML(s string) string {
	return strings.NewReplacer("<", "&lt;").Replace(s)
}
