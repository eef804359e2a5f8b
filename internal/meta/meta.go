// Package meta reads TOML (site.toml and front matter) into typed values,
// keeping the position of every key so that each problem is reported at its
// line and column, and every unknown key is reported with the nearest known
// one.
package meta

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"scrutiny/internal/diag"
)

// Doc is one parsed TOML text. Problems found while reading it are gathered
// in Diags.
type Doc struct {
	File  string
	Diags diag.List
	// line is the file's line on which the TOML text starts (1 for
	// site.toml; 2 for front matter after its opening +++).
	line int
	pos  positions
}

// Parse decodes src, which starts on line firstLine of file. On a syntax error
// it returns nil and the error as a diagnostic.
func Parse(file string, src []byte, firstLine int) (*Table, *Doc) {
	d := &Doc{File: file, line: firstLine}
	var m map[string]any
	if _, err := toml.NewDecoder(strings.NewReader(string(src))).Decode(&m); err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			// The library counts from line 1 of src, and columns in bytes;
			// editors count characters. A position it cannot place is
			// reported at the start of the text.
			line, col := max(pe.Position.Line, 1), pe.Position.Col
			if pe.Position.Line < 1 {
				col = 1
			} else if start := pe.Position.Start; start > 0 && start <= len(src) {
				line = 1 + strings.Count(string(src[:start]), "\n")
				lineStart := strings.LastIndexByte(string(src[:start]), '\n') + 1
				col = 1 + utf8.RuneCount(src[lineStart:start])
			}
			d.Diags.Add(file, line+firstLine-1, col, "invalid TOML: %s", pe.Message)
		} else {
			d.Diags.Add(file, firstLine, 0, "invalid TOML: %v", err)
		}
		return nil, d
	}
	d.pos = locate(string(src))
	return &Table{doc: d, m: m, asked: map[string]bool{}}, d
}

// Table is a TOML table being read. Each accessor names a key the table may
// hold; Finish then reports the keys that no accessor asked for.
type Table struct {
	doc   *Doc
	path  string
	m     map[string]any
	asked map[string]bool
	order []string
}

func (t *Table) sub(key string, m map[string]any) *Table {
	return &Table{doc: t.doc, path: join(t.path, key), m: m, asked: map[string]bool{}}
}

// Doc returns the document the table belongs to.
func (t *Table) Doc() *Doc { return t.doc }

// Has reports whether key is set.
func (t *Table) Has(key string) bool {
	t.ask(key)
	_, ok := t.m[key]
	return ok
}

func (t *Table) ask(key string) {
	if !t.asked[key] {
		t.asked[key] = true
		t.order = append(t.order, key)
	}
}

func (t *Table) adjust(p Pos, ok bool) Pos {
	if !ok {
		return Pos{}
	}
	return Pos{p.Line + t.doc.line - 1, p.Col}
}

// KeyPos is the position of key, or of the table itself when key is absent.
func (t *Table) KeyPos(key string) Pos {
	if p, ok := t.doc.pos.keys[join(t.path, key)]; ok {
		return t.adjust(p, true)
	}
	return t.Pos()
}

// ValuePos is the position of key's value, or of the table when key is absent.
func (t *Table) ValuePos(key string) Pos {
	if p, ok := t.doc.pos.vals[join(t.path, key)]; ok {
		return t.adjust(p, true)
	}
	return t.KeyPos(key)
}

// ElemPos is the position of element i of the array at key.
func (t *Table) ElemPos(key string, i int) Pos {
	if p, ok := t.doc.pos.vals[join(t.path, key)+"."+strconv.Itoa(i)]; ok {
		return t.adjust(p, true)
	}
	return t.ValuePos(key)
}

// Pos is the position of the table's header, or the start of the text for
// the top-level table.
func (t *Table) Pos() Pos {
	if p, ok := t.doc.pos.keys[t.path]; ok && t.path != "" {
		return t.adjust(p, true)
	}
	return Pos{t.doc.line, 1}
}

// Errorf reports a problem with key's value.
func (t *Table) Errorf(key string, format string, args ...any) {
	p := t.ValuePos(key)
	t.doc.Diags.Add(t.doc.File, p.Line, p.Col, format, args...)
}

// ErrorAt reports a problem at p.
func (t *Table) ErrorAt(p Pos, format string, args ...any) {
	t.doc.Diags.Add(t.doc.File, p.Line, p.Col, format, args...)
}

// Name is how messages refer to key: its full dotted path, with array
// elements counted from 1 as people count.
func (t *Table) Name(key string) string {
	parts := strings.Split(join(t.path, key), ".")
	for i, p := range parts {
		if n, err := strconv.Atoi(p); err == nil {
			parts[i] = "[" + strconv.Itoa(n+1) + "]"
		}
	}
	return strings.ReplaceAll(strings.Join(parts, "."), ".[", "[")
}

func typeName(v any) string {
	switch v.(type) {
	case string:
		return "a string"
	case int64:
		return "a number"
	case float64:
		return "a number"
	case bool:
		return "true or false"
	case time.Time:
		return "a date"
	case []any, []map[string]any:
		return "a list"
	case map[string]any:
		return "a table"
	}
	return fmt.Sprintf("%T", v)
}

// String reads a string. A required key that is missing is reported.
func (t *Table) String(key string, required bool) string {
	t.ask(key)
	v, ok := t.m[key]
	if !ok {
		if required {
			p := t.Pos()
			t.ErrorAt(p, "missing required key %q", t.Name(key))
		}
		return ""
	}
	s, ok := v.(string)
	if !ok {
		t.Errorf(key, "%s must be a string in quotes, not %s", t.Name(key), typeName(v))
		return ""
	}
	if required && strings.TrimSpace(s) == "" {
		t.Errorf(key, "%s must not be empty", t.Name(key))
	}
	return s
}

// Strings reads a list of strings; a single string is accepted as a list of
// one.
func (t *Table) Strings(key string) []string {
	t.ask(key)
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	if s, ok := v.(string); ok {
		return []string{s}
	}
	list, ok := v.([]any)
	if !ok {
		t.Errorf(key, "%s must be a list of strings, such as [\"a\", \"b\"], not %s", t.Name(key), typeName(v))
		return nil
	}
	out := make([]string, 0, len(list))
	for i, e := range list {
		s, ok := e.(string)
		if !ok {
			p := t.ElemPos(key, i)
			t.ErrorAt(p, "%s[%d] must be a string in quotes, not %s", t.Name(key), i+1, typeName(e))
			continue
		}
		out = append(out, s)
	}
	return out
}

// Bool reads true or false.
func (t *Table) Bool(key string) bool {
	t.ask(key)
	v, ok := t.m[key]
	if !ok {
		return false
	}
	b, ok := v.(bool)
	if !ok {
		t.Errorf(key, "%s must be true or false, not %s", t.Name(key), typeName(v))
	}
	return b
}

// Int reads a whole number.
func (t *Table) Int(key string) (int, bool) {
	t.ask(key)
	v, ok := t.m[key]
	if !ok {
		return 0, false
	}
	n, ok := v.(int64)
	if !ok {
		t.Errorf(key, "%s must be a whole number, not %s", t.Name(key), typeName(v))
		return 0, false
	}
	return int(n), true
}

// Date reads a TOML local date, or a string "2017-03" or "2017" where only the
// month or year is known.
func (t *Table) Date(key string, required bool) Date {
	t.ask(key)
	v, ok := t.m[key]
	if !ok {
		if required {
			t.ErrorAt(t.Pos(), "missing required key %q (a date such as 2022-04-01)", t.Name(key))
		}
		return Date{}
	}
	d, msg := toDate(v)
	if msg != "" {
		t.Errorf(key, "%s: %s", t.Name(key), msg)
	}
	return d
}

func toDate(v any) (Date, string) {
	switch v := v.(type) {
	case time.Time:
		if v.Hour() != 0 || v.Minute() != 0 || v.Second() != 0 || v.Nanosecond() != 0 {
			return Date{}, "a date takes no time of day: write 2022-04-01"
		}
		// As ParseDate: a year before 1000 is a typing slip, and year 0
		// (which TOML accepts) is no year of the calendar at all.
		if v.Year() < 1000 {
			return Date{}, fmt.Sprintf("%s is not a date of any inspection: the year must be 1000 or later, such as 2022-04-01", v.Format(time.DateOnly))
		}
		return DateOf(v), ""
	case string:
		d, err := ParseDate(v)
		if err != nil {
			return Date{}, err.Error()
		}
		return d, ""
	}
	return Date{}, fmt.Sprintf("%s is not a date: write 2022-04-01, or \"2022-04\" or \"2022\" where only the month or year is known", typeName(v))
}

// Dates reads a list of dates.
func (t *Table) Dates(key string) []Date {
	t.ask(key)
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	list, ok := v.([]any)
	if !ok {
		t.Errorf(key, "%s must be a list of dates, such as [2022-02-07, 2022-02-18], not %s", t.Name(key), typeName(v))
		return nil
	}
	out := make([]Date, 0, len(list))
	for i, e := range list {
		d, msg := toDate(e)
		if msg != "" {
			t.ErrorAt(t.ElemPos(key, i), "%s[%d]: %s", t.Name(key), i+1, msg)
			continue
		}
		out = append(out, d)
	}
	return out
}

// Table reads a sub-table, or returns nil when key is absent.
func (t *Table) Table(key string) *Table {
	t.ask(key)
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		t.Errorf(key, "%s must be a table ([%s]), not %s", t.Name(key), key, typeName(v))
		return nil
	}
	return t.sub(key, m)
}

// Tables reads an array of tables ([[key]] or a list of inline tables).
func (t *Table) Tables(key string) []*Table {
	t.ask(key)
	v, ok := t.m[key]
	if !ok {
		return nil
	}
	var maps []map[string]any
	switch v := v.(type) {
	case []map[string]any:
		maps = v
	case []any:
		for i, e := range v {
			m, ok := e.(map[string]any)
			if !ok {
				t.ErrorAt(t.ElemPos(key, i), "%s[%d] must be a table, not %s", t.Name(key), i+1, typeName(e))
				continue
			}
			maps = append(maps, m)
		}
	default:
		t.Errorf(key, "%s must be a list of tables ([[%s]]), not %s", t.Name(key), key, typeName(v))
		return nil
	}
	out := make([]*Table, len(maps))
	for i, m := range maps {
		out[i] = t.sub(key+"."+strconv.Itoa(i), m)
	}
	return out
}

// Keys returns the table's keys in sorted order and marks them all as known,
// for tables whose keys are data (an inspection's judgements, say).
func (t *Table) Keys() []string {
	keys := make([]string, 0, len(t.m))
	for k := range t.m {
		keys = append(keys, k)
		t.ask(k)
	}
	sort.Strings(keys)
	return keys
}

// Raw returns key's value as decoded, marking it known.
func (t *Table) Raw(key string) (any, bool) {
	t.ask(key)
	v, ok := t.m[key]
	return v, ok
}

// Finish reports every key that no accessor asked for, with the nearest
// known key suggested.
func (t *Table) Finish(what string) {
	var unknown []string
	for k := range t.m {
		if !t.asked[k] {
			unknown = append(unknown, k)
		}
	}
	sort.Strings(unknown)
	known := append([]string(nil), t.order...)
	sort.Strings(known)
	for _, k := range unknown {
		hint := diag.DidYouMean(k, known)
		if hint == "" {
			hint = fmt.Sprintf(" (%s takes: %s)", what, strings.Join(known, ", "))
		}
		p := t.KeyPos(k)
		t.ErrorAt(p, "unknown key %q in %s%s", t.Name(k), what, hint)
	}
}
