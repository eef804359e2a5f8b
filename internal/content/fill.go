package content

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"

	"scrutiny/internal/config"
	"scrutiny/internal/diag"
	"scrutiny/internal/meta"
)

// A value still to fill in is marked "[fill in: what goes here]", in a
// front matter string or anywhere in the text. scrutiny new and init write
// the mark where only the author knows what goes (a grade, a
// recommendation's words, an action's status, the text), so that nothing
// nobody wrote can be published: the mark in a document that is not a
// draft is an error at its place, saying what would be right, and in a
// draft it is a note the author sees (check lists them, and the live
// server shows them on the draft's page) until it is filled in.

// fillMark finds a mark and what it says, up to its closing bracket or
// the end of the line.
var fillMark = regexp.MustCompile(`(?i)\[fill in\b[^\]\n]*\]?`)

// ToFill reports whether s holds the mark of a value still to fill in.
func ToFill(s string) bool { return fillMark.MatchString(s) }

// Mark is the mark of a value still to fill in, saying what goes there.
func Mark(what string) string { return "[fill in: " + what + "]" }

// hasMark reports whether text may hold a mark, without the cost of the
// expression on every line of the texts that have none (nearly all).
func hasMark(text []byte) bool {
	for i := bytes.IndexByte(text, '['); i >= 0; {
		if rest := text[i+1:]; len(rest) >= len("fill in") && bytes.EqualFold(rest[:len("fill in")], []byte("fill in")) {
			return true
		}
		j := bytes.IndexByte(text[i+1:], '[')
		if j < 0 {
			return false
		}
		i += 1 + j
	}
	return false
}

// unfilled finds the values of a file still to fill in: the strings of its
// front matter t that hold the mark, and each mark in its text md, each
// with what would be right there. right says that for a value's dotted
// path where the site's data says more than the mark; "" leaves it to the
// mark's own words.
func unfilled(t *meta.Table, file string, md []byte, right func(path string) string) []diag.Diagnostic {
	var found []diag.Diagnostic
	for _, x := range t.Texts() {
		if !ToFill(x.Value) {
			continue
		}
		how := right(x.Path)
		if how == "" {
			how = "write it in place of " + x.Value
		}
		found = append(found, diag.Diagnostic{File: file, Line: x.Pos.Line, Col: x.Pos.Col, Msg: fmt.Sprintf("%s is still to fill in: %s", x.Name, how)})
	}
	if !hasMark(md) {
		return found
	}
	for i, line := range strings.Split(string(md), "\n") {
		for _, m := range fillMark.FindAllStringIndex(line, -1) {
			col := 1 + len([]rune(line[:m[0]]))
			found = append(found, diag.Diagnostic{File: file, Line: i + 1, Col: col, Msg: "the text is still to fill in: write it in place of " + line[m[0]:m[1]] + ", or remove the mark"})
		}
	}
	return found
}

// refuseUnfilled makes each value still to fill in of a file that will be
// published an error at its place.
func refuseUnfilled(t *meta.Table, found []diag.Diagnostic, canDraft bool) {
	for _, d := range found {
		msg := d.Msg
		if canDraft {
			msg += " (until then, draft = true keeps the document unpublished)"
		}
		t.ErrorAt(meta.Pos{Line: d.Line, Col: d.Col}, "%s", msg)
	}
}

// draftNotes keeps a draft's values still to fill in as notes for its
// author, and refuses them in anything that will be published.
func draftNotes(t *meta.Table, found []diag.Diagnostic, draft bool) []diag.Diagnostic {
	if draft {
		return found
	}
	refuseUnfilled(t, found, true)
	return nil
}

// rightValue says what goes in a document's value still to fill in, where
// the site's data says more than the mark: a grade or a status is one of
// the site's keys.
func rightValue(cfg *config.Site) func(path string) string {
	return func(path string) string {
		parts := strings.Split(path, ".")
		switch {
		case len(parts) == 2 && parts[0] == "judgements":
			return fmt.Sprintf("give the grade the report gives, one of %s, or remove the line where it gives none", keyList(cfg.GradeKeys()))
		case len(parts) == 3 && parts[0] == "progress" && parts[2] == "status":
			return fmt.Sprintf("give the action's status as this report gives it, one of %s, or remove this [[progress]] table where the report does not mention the action", keyList(cfg.StatusKeys()))
		}
		return ""
	}
}

func keyList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = fmt.Sprintf("%q", k)
	}
	return strings.Join(q, ", ")
}

// noRule leaves what goes in a value to its mark.
func noRule(string) string { return "" }
