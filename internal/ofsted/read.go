package ofsted

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"scrutiny/internal/diag"
)

// table is a CSV file read by column name.
type table struct {
	file string
	cols map[string]int
	rows []record
}

// record is one data row and the line it starts on.
type record struct {
	line   int
	fields []string
	short  string // why the row cannot be read, when it has the wrong number of fields
}

// get returns the row's value in column name, trimmed.
func (t *table) get(r record, name string) string {
	i, ok := t.cols[name]
	if !ok || i >= len(r.fields) {
		return ""
	}
	return strings.TrimSpace(r.fields[i])
}

// readTable reads a CSV file whose header must name every column of
// required. Errors name the file and line.
func readTable(file string, required []string) (*table, error) {
	src, err := os.ReadFile(file)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, diag.Diagnostic{File: file, Msg: fmt.Sprintf("cannot read: %v", err)}
	}
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil, diag.Diagnostic{File: file, Line: 1, Msg: "the file is empty: it needs a header naming the columns " + strings.Join(required, ", ")}
	}
	if err != nil {
		return nil, csvErr(file, err)
	}
	t := &table{file: file, cols: map[string]int{}}
	for i, h := range header {
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.cols[h]; dup && h != "" {
			return nil, diag.Diagnostic{File: file, Line: 1, Col: i + 1, Msg: fmt.Sprintf("column %q appears twice in the header", h)}
		}
		t.cols[h] = i
	}
	var missing []string
	for _, c := range required {
		if _, ok := t.cols[c]; !ok {
			missing = append(missing, c)
		}
	}
	if len(missing) > 0 {
		var names []string
		for h := range t.cols {
			names = append(names, h)
		}
		msg := fmt.Sprintf("the header has no column %q", missing[0])
		if len(missing) > 1 {
			msg = fmt.Sprintf("the header lacks the columns %s", strings.Join(missing, ", "))
		}
		return nil, diag.Diagnostic{File: file, Line: 1, Msg: msg + diag.DidYouMean(missing[0], names) + "; is this the right file?"}
	}
	for {
		fields, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(file, err)
		}
		line, _ := r.FieldPos(0)
		rec := record{line: line, fields: fields}
		if len(fields) == 1 && strings.TrimSpace(fields[0]) == "" {
			continue // a blank line
		}
		if len(fields) != len(header) {
			rec.short = fmt.Sprintf("has %d fields where the header has %d", len(fields), len(header))
		}
		t.rows = append(t.rows, rec)
	}
	return t, nil
}

// csvErr turns a CSV syntax error into a diagnostic at its line.
func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return diag.Diagnostic{File: file, Line: pe.Line, Col: pe.Column, Msg: fmt.Sprintf("invalid CSV: %v", pe.Err)}
	}
	return diag.Diagnostic{File: file, Msg: fmt.Sprintf("invalid CSV: %v", err)}
}

// The outcomes CSV's columns that the importer reads.
var historyColumns = []string{
	"urn", "local_authority", "inspection_link", "publication_date",
	"inspection_framework", "inspector_name", "inspection_start_date",
	"inspection_end_date",
	"overall_effectiveness_grade", "impact_of_leaders_grade",
	"help_and_protection_grade", "in_care_grade", "care_leavers_grade",
}

// gradeColumns are the CSV's grade columns, with the timeline row (area key
// of ILACS) each belongs to. An area of the framework takes the column's
// grade when its key or its row is that key, so that SIF's
// leadership and looked-after areas take the leaders and in_care grades.
var gradeColumns = [...]struct{ name, row string }{
	{"overall_effectiveness_grade", "overall"},
	{"impact_of_leaders_grade", "leaders"},
	{"help_and_protection_grade", "help-and-protection"},
	{"in_care_grade", "in-care"},
	{"care_leavers_grade", "care-leavers"},
}

// The lookup's columns that the importer reads.
var lookupColumns = []string{
	"urn", "la_code", "la_code_new", "local_authority_ons_name", "region_name", "domain",
	"stat_neighbours_la_code",
}

// row is one row of the outcomes CSV.
type row struct {
	line       int
	urn        string
	council    string // the CSV's own lower-case name
	link       string
	published  string
	kind       string
	inspector  string
	start, end string
	grades     [len(gradeColumns)]string
	pdf        string // the report's file name, in the reports' folder
	short      string
}

func readHistory(file string) ([]*row, error) {
	t, err := readTable(file, historyColumns)
	if err != nil {
		return nil, err
	}
	rows := make([]*row, 0, len(t.rows))
	for _, rec := range t.rows {
		r := &row{
			line:      rec.line,
			urn:       t.get(rec, "urn"),
			council:   t.get(rec, "local_authority"),
			link:      t.get(rec, "inspection_link"),
			published: t.get(rec, "publication_date"),
			kind:      t.get(rec, "inspection_framework"),
			inspector: t.get(rec, "inspector_name"),
			start:     t.get(rec, "inspection_start_date"),
			end:       t.get(rec, "inspection_end_date"),
			pdf:       t.get(rec, "pdf_filename"),
			short:     rec.short,
		}
		for i, c := range gradeColumns {
			r.grades[i] = t.get(rec, c.name)
		}
		rows = append(rows, r)
	}
	return rows, nil
}

// same reports whether two rows hold the same values.
func (r *row) same(o *row) bool {
	a, b := *r, *o
	a.line, b.line = 0, 0
	return a == b
}

// council is a council of the lookup.
type council struct {
	line       int
	urn        string
	code       string // la_code_new, such as E10000013
	ons        string // ONS name
	aliases    []string
	region     string
	domain     string
	number     string   // la_code, the old LA number, such as 916
	neighbours []string // LA codes
	// neighbourNumbers are the same neighbours by LA number, in the same
	// order: they find a neighbour whose code ONS has since changed.
	neighbourNumbers []string
}

func readLookup(file string) ([]*council, error) {
	t, err := readTable(file, lookupColumns)
	if err != nil {
		return nil, err
	}
	var out []*council
	for _, rec := range t.rows {
		if rec.short != "" {
			return nil, diag.Diagnostic{File: file, Line: rec.line, Msg: "the row " + rec.short}
		}
		c := &council{
			line:   rec.line,
			urn:    t.get(rec, "urn"),
			code:   strings.ToUpper(t.get(rec, "la_code_new")),
			ons:    t.get(rec, "local_authority_ons_name"),
			region: t.get(rec, "region_name"),
			domain: t.get(rec, "domain"),
			number: t.get(rec, "la_code"),
		}
		if c.ons == "" {
			return nil, diag.Diagnostic{File: file, Line: rec.line, Msg: "the row has no local_authority_ons_name"}
		}
		// also_known_as is a bracketed list whose items may hold commas
		// themselves ("[BCP, Bournemouth, Christchurch & Poole]"), so the
		// whole text is kept as one name as well as each item.
		if aka := strings.Trim(t.get(rec, "also_known_as"), "[] "); aka != "" {
			c.aliases = append(c.aliases, aka)
			for _, a := range strings.Split(aka, ",") {
				if a = strings.TrimSpace(a); a != "" {
					c.aliases = append(c.aliases, a)
				}
			}
		}
		for _, n := range strings.Split(t.get(rec, "stat_neighbours_la_code"), ",") {
			if n = strings.ToUpper(strings.TrimSpace(n)); n != "" {
				c.neighbours = append(c.neighbours, n)
			}
		}
		for _, n := range strings.Split(t.get(rec, "stat_neighbours"), ",") {
			if n = strings.TrimSpace(n); n != "" {
				c.neighbourNumbers = append(c.neighbourNumbers, n)
			}
		}
		if len(c.neighbourNumbers) != len(c.neighbours) {
			c.neighbourNumbers = nil
		}
		out = append(out, c)
	}
	return out, nil
}
