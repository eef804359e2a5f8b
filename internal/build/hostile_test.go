package build_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"scrutiny/internal/diag"
)

// TestCSVFormulas checks that no cell of judgements.csv starts with what a
// spreadsheet runs as a formula: a body named "=HYPERLINK(...)" would
// otherwise be a live link, or worse, in whoever opens the open data.
func TestCSVFormulas(t *testing.T) {
	files := errorBase()
	files["content/b/_index.md"] = doc([]string{
		`name = "=HYPERLINK(\"https://evil.example/\",\"Click\")"`,
		`code = "@SUM(1+1)"`,
		`region = "+44 West"`,
	})
	files["content/c/_index.md"] = doc([]string{`name = "-2+3"`, "region = \"\\tTabbed\""})
	files["content/c/2022-04-01-inspection.md"] = strings.ReplaceAll(files["content/b/2022-04-01-inspection.md"], "[[recommendations]]\nid = \"R1\"\ntext = \"Do better.\"", "")
	out := render(t, mapFS(files))
	rows, err := csv.NewReader(bytes.NewReader(out["judgements.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, row := range rows[1:] {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("judgements.csv has the cell %q, which a spreadsheet runs", cell)
			}
			seen[cell] = true
		}
	}
	for _, want := range []string{`'=HYPERLINK("https://evil.example/","Click")`, "'@SUM(1+1)", "'+44 West", "'-2+3", "'\tTabbed"} {
		if !seen[want] {
			t.Errorf("judgements.csv lacks the cell %q", want)
		}
	}
	// The JSON is read by programs, which run nothing: it keeps the name.
	if !bytes.Contains(out["judgements.json"], []byte(`"name": "=HYPERLINK(`)) {
		t.Errorf("judgements.json changed the body's name")
	}
}

// TestXMLControlCharacters checks that every XML file is well-formed when
// a name holds a character XML 1.0 forbids.
func TestXMLControlCharacters(t *testing.T) {
	files := errorBase()
	files["content/b/_index.md"] = doc([]string{"name = \"Borset\\u0001shire\\u001b Council\""})
	files["content/e/_index.md"] = doc([]string{"name = \"Empty\\u0008 Council\""})
	out := render(t, mapFS(files))
	for _, name := range []string{"b/timeline.svg", "e/timeline.svg", "feed.xml", "b/feed.xml", "sitemap.xml"} {
		data, ok := out[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		wellFormed(t, name, data)
	}
	if !bytes.Contains(out["b/timeline.svg"], []byte("Borset\uFFFDshire\uFFFD Council")) {
		t.Errorf("b/timeline.svg does not show the name with the forbidden characters replaced")
	}
}

// TestPartialError checks that a mistake in a partial is reported once, at
// the partial's own line and column, and not at each page's template.
func TestPartialError(t *testing.T) {
	files := errorBase()
	files["layouts/partials/footer.html"] = "<footer>\n  {{.NoSuchField}}</footer>\n"
	_, err := tryRender(mapFS(files))
	ds, ok := diag.As(err)
	if !ok {
		t.Fatalf("render = %v, want diagnostics", err)
	}
	if len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), "layouts/partials/footer.html:2:5: ") {
		t.Errorf("render: %d diagnostics:\n%v\nwant one, at layouts/partials/footer.html:2:5", len(ds), err)
	}
}
