package meta

import (
	"cmp"
	"slices"
	"strconv"
)

// Text is a string value somewhere in a TOML text, with where it stands.
type Text struct {
	Path  string // dotted, elements counted from 0: "recommendations.0.text"
	Name  string // as messages name it: "recommendations[1].text"
	Value string
	Pos   Pos
}

// Texts returns every string value of the table and of the tables and
// lists within it, in the order they stand in the file, for the checks
// that apply to a value wherever it stands (one still to fill in, say).
// It marks no key as known: the table's accessors still decide that.
func (t *Table) Texts() []Text {
	var out []Text
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch v := v.(type) {
		case string:
			out = append(out, Text{Path: path, Value: v})
		case map[string]any:
			for k, e := range v {
				walk(join(path, k), e)
			}
		case []map[string]any:
			for i, e := range v {
				walk(join(path, strconv.Itoa(i)), e)
			}
		case []any:
			for i, e := range v {
				walk(join(path, strconv.Itoa(i)), e)
			}
		}
	}
	walk(t.path, t.m)
	for i := range out {
		out[i].Name = t.Name(out[i].Path[len(prefixOf(t.path)):])
		out[i].Pos = t.posOf(out[i].Path)
	}
	slices.SortFunc(out, func(a, b Text) int {
		return cmp.Or(cmp.Compare(a.Pos.Line, b.Pos.Line), cmp.Compare(a.Pos.Col, b.Pos.Col), cmp.Compare(a.Path, b.Path))
	})
	return out
}

// prefixOf is what a table's path puts before its keys' paths.
func prefixOf(path string) string {
	if path == "" {
		return ""
	}
	return path + "."
}

// posOf is the position of the value at path, or of the nearest enclosing
// value or table the scan placed.
func (t *Table) posOf(path string) Pos {
	for p := path; p != ""; {
		if pos, ok := t.doc.pos.vals[p]; ok {
			return t.adjust(pos, true)
		}
		if pos, ok := t.doc.pos.keys[p]; ok {
			return t.adjust(pos, true)
		}
		i := len(p) - 1
		for i >= 0 && p[i] != '.' {
			i--
		}
		if i < 0 {
			break
		}
		p = p[:i]
	}
	return t.Pos()
}
