package ofsted

import (
	"bytes"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/")

// newSite copies testdata/site, a site with a hand-written body and two
// hand-written inspections, into a temporary folder.
func newSite(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	err := filepath.WalkDir("testdata/site", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel("testdata/site", p)
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(dst, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

func importInto(t *testing.T, site, history string) *Report {
	t.Helper()
	rep, err := Import(Options{Site: site, File: history, Lookup: "testdata/lookup.csv"})
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return rep
}

func reportText(t *testing.T, rep *Report) string {
	t.Helper()
	var b bytes.Buffer
	if _, err := rep.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// snapshot returns every file under dir with its bytes.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func keys(m map[string]string) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	file := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(file, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs from what the importer wrote (run go test -update and review the difference):\n%s", file, got)
	}
}

// TestImport imports the fixture into a small site and checks the files
// written and the report.
func TestImport(t *testing.T) {
	site := newSite(t)
	before := snapshot(t, site)
	rep := importInto(t, site, "testdata/history.csv")
	after := snapshot(t, site)

	var created []string
	for _, f := range keys(after) {
		if _, ok := before[f]; !ok {
			created = append(created, f)
		}
	}
	wantCreated := []string{
		"content/borsetshire/2025-05-09-inspection.md",
		"content/felpersham/2016-06-13-inspection.md",
		"content/felpersham/2018-05-16-inspection.md",
		"content/felpersham/2020-07-22-inspection.md",
		"content/felpersham/2026-07-07-inspection.md",
		"content/felpersham/_index.md",
		"content/old-town/2023-10-11-inspection.md",
		"content/old-town/_index.md",
	}
	if got, want := strings.Join(created, "\n"), strings.Join(wantCreated, "\n"); got != want {
		t.Errorf("files created:\n%s\nwant:\n%s", got, want)
	}
	for f, data := range before {
		if after[f] != data {
			t.Errorf("%s, written by hand, was changed", f)
		}
	}

	if got, want := rep.Bodies, (Tally{Created: 2, Kept: 1}); got != want {
		t.Errorf("councils: %+v, want %+v", got, want)
	}
	if got, want := rep.Inspections, (Tally{Created: 6, Kept: 2}); got != want {
		t.Errorf("inspections: %+v, want %+v", got, want)
	}
	lines := func(ls []Line) string {
		var s []string
		for _, l := range ls {
			s = append(s, l.String())
		}
		return strings.Join(s, "\n")
	}
	for _, tt := range []struct {
		what string
		got  []Line
		want []string
	}{
		{"skipped", rep.Skipped, []string{
			"line 8: Felpersham, 17/08/12: published before the site's earliest framework",
			"line 10: nowhere, 01/02/21: council \"nowhere\" (urn \"999999\") is not in the lookup",
			"line 14: Felpersham, 31/02/21: publication_date: \"31/02/21\" is not a real date",
		}},
		{"duplicates", rep.Duplicates, []string{
			"line 5: Borsetshire, 09/05/25: repeats line 4: dropped",
			"line 12: Felpersham, 22/07/20: the same inspection as line 11, with different values",
		}},
		{"corrections", rep.Corrections, []string{
			"line 4: Borsetshire, 09/05/25: help_and_protection_grade \"to requires improvement\" read as requires-improvement",
			"line 4: Borsetshire, 09/05/25: inspector_name \"Jenny -ellen Scotland\" read as \"Jenny-Ellen Scotland\"",
		}},
		{"kept", rep.Kept, []string{
			"content/borsetshire/_index.md: kept (written by hand); it has no website; the lookup gives \"https://www.borsetshire.gov.uk/\"; no neighbours; the lookup gives: neighbours = [\"felpersham\", \"old-town\"]",
			"line 2: Borsetshire, 20/05/19: content/borsetshire/2019-inspection.md kept (written by hand); 4 disagreements",
			"line 3: Borsetshire, 01/04/2022: content/borsetshire/spring-2022-inspection.md kept (written by hand); 1 disagreement",
		}},
		{"disagreements", rep.Disagreements, []string{
			"line 2: Borsetshire, 20/05/19: content/borsetshire/2019-inspection.md has overall = \"good\", the CSV has \"requires-improvement\"",
			"line 2: Borsetshire, 20/05/19: content/borsetshire/2019-inspection.md has no grade for leaders, the CSV has requires-improvement",
			"line 2: Borsetshire, 20/05/19: content/borsetshire/2019-inspection.md has no grade for help-and-protection, the CSV has requires-improvement",
			"line 2: Borsetshire, 20/05/19: content/borsetshire/2019-inspection.md has no grade for in-care, the CSV has good",
			"line 3: Borsetshire, 01/04/2022: content/borsetshire/spring-2022-inspection.md has date 2022-04-02, the CSV has 2022-04-01",
		}},
		{"notes", rep.Notes, []string{
			"1 council of the lookup has no imported rows, and no folder: Gone Shire",
			"content/felpersham/: domain \"felpershamtrust.org.uk\" is not a council's .gov.uk address: website left out",
			"line 7: Felpersham, 16/05/18: no visit dates, and the scrape tool could read nothing of the report: taken as an older-layout sif-2013 report",
			"line 11: Felpersham, 22/07/20: inspection_framework \"inspection duration longer than standard framework\" is not a kind of inspection",
			"line 13: Old Town, 11/10/23: urn \"\" is not in the lookup; matched by name to Old Town",
			"line 13: Old Town, 11/10/23: care_leavers_grade \"excellent\" is not a grade the site knows: left out",
		}},
	} {
		got := lines(tt.got)
		if n := len(tt.got); n != len(tt.want) {
			t.Errorf("%s: %d lines, want %d:\n%s", tt.what, n, len(tt.want), got)
			continue
		}
		for i, w := range tt.want {
			if !strings.HasPrefix(tt.got[i].String(), w) {
				t.Errorf("%s, item %d:\n got %s\nwant %s...", tt.what, i+1, tt.got[i], w)
			}
		}
	}
	for _, tt := range []struct {
		kind valueKind
		want int
	}{
		{unreadable, 4 + 4}, // lines 6 and 7; line 8 is skipped
		{preDates, 3},       // lines 2, 3 and 11
		{postReform, 1},     // line 9
		{blank, 2 + 1},      // lines 6 and 7; line 11
		{unknownValue, 1},   // line 13
	} {
		n := 0
		for _, c := range rep.LeftOut[tt.kind] {
			n += c
		}
		if n != tt.want {
			t.Errorf("values left out as %s: %d, want %d", kindLabels[tt.kind], n, tt.want)
		}
	}
	if got, want := rep.Normalised, 3+4+1+1+1; got != want {
		// Line 2: 3 (in care is already "good"); line 3: 4; line 9:
		// care leavers; line 11: "Good"; line 13: "requires improvement
		// to be good" (and not "excellent").
		t.Errorf("grades normalised: %d, want %d", got, want)
	}
	if got := rep.MissingNeighbours; len(got) != 1 || got["E99999999"] != 1 {
		t.Errorf("missing neighbours: %v, want E99999999 once", got)
	}
	if got := rep.Recoded; got[[2]string{"E08000016", "E08000904"}] != 1 {
		t.Errorf("recoded neighbours: %v, want E08000016 as E08000904 once", got)
	}

	golden(t, "report.golden", reportText(t, rep))
	for _, f := range []string{
		"content/felpersham/_index.md",
		"content/borsetshire/2025-05-09-inspection.md",
		"content/felpersham/2020-07-22-inspection.md",
		"content/felpersham/2026-07-07-inspection.md",
		"content/felpersham/2016-06-13-inspection.md",
	} {
		golden(t, "golden/"+strings.ReplaceAll(strings.TrimPrefix(f, "content/"), "/", "--"), after[f])
	}
}

// TestRerun imports twice: the second run finds every file as it left it.
func TestRerun(t *testing.T) {
	site := newSite(t)
	importInto(t, site, "testdata/history.csv")
	first := snapshot(t, site)
	rep := importInto(t, site, "testdata/history.csv")
	second := snapshot(t, site)
	if got, want := strings.Join(keys(second), "\n"), strings.Join(keys(first), "\n"); got != want {
		t.Errorf("files after the second run:\n%s\nwant:\n%s", got, want)
	}
	for f, data := range first {
		if second[f] != data {
			t.Errorf("the second run changed %s", f)
		}
	}
	if got, want := rep.Bodies, (Tally{Unchanged: 2, Kept: 1}); got != want {
		t.Errorf("councils on the second run: %+v, want %+v", got, want)
	}
	if got, want := rep.Inspections, (Tally{Unchanged: 6, Kept: 2}); got != want {
		t.Errorf("inspections on the second run: %+v, want %+v", got, want)
	}
	if len(rep.Updated) != 0 {
		t.Errorf("files updated on the second run: %v", rep.Updated)
	}
}

// TestHandWritten checks that the importer updates its own files but
// never one written or edited by hand, and reports where those disagree
// with the CSV.
func TestHandWritten(t *testing.T) {
	site := newSite(t)
	importInto(t, site, "testdata/history.csv")

	// Someone edits one imported document; another is left alone.
	editedFile := filepath.Join(site, "content/borsetshire/2025-05-09-inspection.md")
	data, err := os.ReadFile(editedFile)
	if err != nil {
		t.Fatal(err)
	}
	editedText := strings.Replace(string(data), "*Written by", "A note added by hand.\n\n*Written by", 1)
	if err := os.WriteFile(editedFile, []byte(editedText), 0o644); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, site)

	// Ofsted's data changes: both documents' grades, and a new report.
	src, err := os.ReadFile("testdata/history.csv")
	if err != nil {
		t.Fatal(err)
	}
	changed := strings.ReplaceAll(string(src), "09/05/25,short,Jenny -ellen Scotland,17/03/2025,21/03/2025,good,",
		"09/05/25,short,Jenny -ellen Scotland,17/03/2025,21/03/2025,outstanding,")
	changed = strings.Replace(changed, "not_reported_post_reform,good,outstanding", "not_reported_post_reform,outstanding,outstanding", 1)
	changed += "900001,borsetshire,https://files.ofsted.gov.uk/v1/file/1004,m.pdf,01/09/26,standard,Ann Archer,06/07/2026,17/07/2026,not_reported_post_reform,good,good,good,good,1\n"
	history := filepath.Join(t.TempDir(), "history.csv")
	if err := os.WriteFile(history, []byte(changed), 0o644); err != nil {
		t.Fatal(err)
	}
	rep := importInto(t, site, history)
	after := snapshot(t, site)

	for f, data := range before {
		if strings.HasSuffix(f, "felpersham/2026-07-07-inspection.md") {
			continue
		}
		if after[f] != data {
			t.Errorf("%s was changed", f)
		}
	}
	if got := after["content/borsetshire/2025-05-09-inspection.md"]; got != editedText {
		t.Errorf("the edited document was overwritten:\n%s", got)
	}
	if got := after["content/felpersham/2026-07-07-inspection.md"]; !strings.Contains(got, "leaders = \"outstanding\"") || ownerOf([]byte(got)) != imported {
		t.Errorf("the importer's own document was not updated:\n%s", got)
	}
	if _, ok := after["content/borsetshire/2026-09-01-inspection.md"]; !ok {
		t.Errorf("the new report was not imported")
	}
	if got, want := rep.Inspections, (Tally{Created: 1, Updated: 1, Unchanged: 4, Kept: 3}); got != want {
		t.Errorf("inspections: %+v, want %+v", got, want)
	}
	want := "line 4: Borsetshire, 09/05/25: content/borsetshire/2025-05-09-inspection.md has overall = \"good\", the CSV has \"outstanding\""
	found := false
	for _, l := range rep.Disagreements {
		found = found || l.String() == want
	}
	if !found {
		t.Errorf("disagreements do not include\n%s\ngot:\n%s", want, reportText(t, rep))
	}
	if got := strings.Join(rep.Updated, ","); got != "content/felpersham/2026-07-07-inspection.md" {
		t.Errorf("files updated: %s", got)
	}
}

// TestErrors checks that problems with the input name the file and line.
func TestErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	site := newSite(t)
	noSite := t.TempDir()
	badHeader := write("bad-header.csv", "urn,local_authority,publication_date\n1,x,01/01/20\n")
	badQuote := write("bad-quote.csv", strings.Join(historyColumns, ",")+"\n1,x,\"y,z\n2,a\"b,c\n")
	badLookup := write("bad-lookup.csv", "urn,la_code,la_code_new,stat_neighbours,stat_neighbours_la_code,local_authority_ons_name,region_name,domain\n1,2\n")
	for _, tt := range []struct {
		opt  Options
		want string
	}{
		{Options{Site: site, File: filepath.Join(dir, "missing.csv"), Lookup: "testdata/lookup.csv"}, "missing.csv: cannot read: no such file or directory"},
		{Options{Site: site, File: badHeader, Lookup: "testdata/lookup.csv"}, "bad-header.csv:1: the header lacks the columns inspection_link,"},
		{Options{Site: site, File: badQuote, Lookup: "testdata/lookup.csv"}, "bad-quote.csv:3:"},
		{Options{Site: site, File: "testdata/history.csv", Lookup: badLookup}, "bad-lookup.csv:2: the row has 2 fields where the header has 8"},
		{Options{Site: site, File: "testdata/history.csv", Lookup: filepath.Join(dir, "none.csv")}, "none.csv: cannot read"},
		{Options{Site: site, File: write("ok.csv", strings.Join(historyColumns, ",")+"\n")}, "ok.csv: no lookup of councils: name it with -lookup"},
		{Options{Site: noSite, File: "testdata/history.csv", Lookup: "testdata/lookup.csv"}, "site.toml: no site.toml here"},
	} {
		_, err := Import(tt.opt)
		if err == nil {
			t.Errorf("Import(%s) succeeded, want an error", tt.opt.File)
			continue
		}
		if !strings.Contains(filepath.ToSlash(err.Error()), tt.want) {
			t.Errorf("Import(%s): %v\nwant it to contain %q", tt.opt.File, err, tt.want)
		}
	}
	// Nothing was written on error.
	if got := snapshot(t, noSite); len(got) != 0 {
		t.Errorf("files written after an error: %v", keys(got))
	}
}

// TestPlacement checks how councils find their folders: a folder of their
// slug without a code is theirs; one with another body's code is not.
func TestPlacement(t *testing.T) {
	site := newSite(t)
	for file, text := range map[string]string{
		"content/felpersham/_index.md": "+++\nname = \"Felpersham\"\n+++\n",
		"content/old-town/_index.md":   "+++\nname = \"Another Old Town\"\ncode = \"E99000000\"\n+++\n",
	} {
		p := filepath.Join(site, file)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, site)
	rep, err := Import(Options{Site: site, File: "testdata/history.csv", Lookup: "testdata/lookup.csv", DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := snapshot(t, site); len(got) != len(before) {
		t.Errorf("a dry run wrote files: %d before, %d after", len(before), len(got))
	}
	if got, want := rep.Bodies, (Tally{Created: 1, Kept: 2}); got != want {
		t.Errorf("dry run: councils %+v, want %+v", got, want)
	}

	importInto(t, site, "testdata/history.csv")
	after := snapshot(t, site)
	if _, ok := after["content/old-town-e08000904/_index.md"]; !ok {
		t.Errorf("Old Town did not go to content/old-town-e08000904/: %v", keys(after))
	}
	if _, ok := after["content/felpersham/2020-07-22-inspection.md"]; !ok {
		t.Errorf("Felpersham's inspections did not go to its folder without a code")
	}
	if after["content/felpersham/_index.md"] != before["content/felpersham/_index.md"] {
		t.Errorf("content/felpersham/_index.md, written by hand, was changed")
	}
	if got := after["content/old-town-e08000904/2023-10-11-inspection.md"]; !strings.Contains(got, "title = \"Inspection of Old Town children's services (2023)\"") {
		t.Errorf("Old Town's inspection:\n%s", got)
	}
}
