// Package diag holds the one error type of scrutiny: a message about a
// position in a source file. A build gathers every diagnostic of a run,
// sorts them and prints them all at once, so that one run shows every problem.
package diag

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// Diagnostic is a problem at a position in a site's source files.
// File is slash-separated and relative to the site root. Line and Col are
// 1-based; zero means the position is not known that precisely.
type Diagnostic struct {
	File string
	Line int
	Col  int
	Msg  string
}

func (d Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.File)
	if d.Line > 0 {
		fmt.Fprintf(&b, ":%d", d.Line)
		if d.Col > 0 {
			fmt.Fprintf(&b, ":%d", d.Col)
		}
	}
	if d.File != "" {
		b.WriteString(": ")
	}
	b.WriteString(d.Msg)
	return b.String()
}

// List is a set of diagnostics gathered during one run. The zero value is
// ready to use. It is not safe for concurrent use: each goroutine keeps its
// own List and the owner merges them.
type List []Diagnostic

// Add appends a diagnostic built from a format string.
func (l *List) Add(file string, line, col int, format string, args ...any) {
	*l = append(*l, Diagnostic{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

// Merge appends every diagnostic of other.
func (l *List) Merge(other List) { *l = append(*l, other...) }

// Sort orders the list by file, line, column and message, and removes exact
// duplicates, so the output of a run does not depend on goroutine scheduling.
func (l List) Sort() List {
	sort.Slice(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		return a.Msg < b.Msg
	})
	out := l[:0]
	for i, d := range l {
		if i > 0 && d == l[i-1] {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Err returns the list as an error, or nil when it is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return Errors(l.Sort())
}

// Errors is a sorted, non-empty list of diagnostics used as an error value.
type Errors []Diagnostic

func (e Errors) Error() string {
	var b strings.Builder
	for i, d := range e {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(d.Error())
	}
	return b.String()
}

// As returns the diagnostics carried by err, if it holds any.
func As(err error) (Errors, bool) {
	var es Errors
	if errors.As(err, &es) {
		return es, true
	}
	var d Diagnostic
	if errors.As(err, &d) {
		return Errors{d}, true
	}
	// A *Diagnostic is one too: taken for another kind of error, a page
	// template's would be printed once per page instead of merged.
	var dp *Diagnostic
	if errors.As(err, &dp) && dp != nil {
		return Errors{*dp}, true
	}
	return nil, false
}

// Suggest returns the candidate closest to word, or "" when none is close
// enough to be a likely typo. Closeness is the edit distance, allowed to grow
// with the length of the word.
func Suggest(word string, candidates []string) string {
	best, bestDist := "", 0
	limit := max(2, len(word)/3)
	lw := strings.ToLower(word)
	for _, c := range candidates {
		d := distance(lw, strings.ToLower(c))
		if d > limit {
			continue
		}
		if best == "" || d < bestDist || (d == bestDist && c < best) {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean formats a suggestion as a parenthesised hint, or "" when there is
// no close candidate.
func DidYouMean(word string, candidates []string) string {
	if s := Suggest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// distance is the Levenshtein distance between a and b, counted in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
