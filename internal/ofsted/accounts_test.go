package ofsted

import (
	"bytes"
	"encoding/csv"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"

	"scrutiny"
	"scrutiny/internal/build"
)

// TestAccounts imports the fixture, builds the site, and accounts for
// every row of the CSV: each is either in the built site's judgements.csv,
// one row per area judged (with each value left out counted in the report),
// or listed in the report with the reason it was skipped or kept.
func TestAccounts(t *testing.T) {
	site := newSite(t)
	accountFor(t, site, "testdata/history.csv", "testdata/lookup.csv", "")
}

// ofstedData is Ofsted's full data, as the example site was imported from:
// a copy of ilacs_history.csv and la_lookup.csv (Open Government Licence
// v3.0; see testdata/ofsted/README.md).
const ofstedData = "../../testdata/ofsted"

// TestAccountsOfstedData does the same for Ofsted's full data, imported
// into an empty site.
func TestAccountsOfstedData(t *testing.T) {
	t.Parallel()
	site := newSite(t)
	accountFor(t, site, filepath.Join(ofstedData, "ilacs_history.csv"), filepath.Join(ofstedData, "la_lookup.csv"), "")
}

// TestAccountsExampleSite accounts for every row of Ofsted's data in the
// repository's own example site: importing it again into a copy of the
// site changes nothing (the site is what the data says, and the two seed
// councils' hand-written documents are kept), and each row is then in the
// built judgements.csv, or kept or skipped with its reason.
func TestAccountsExampleSite(t *testing.T) {
	t.Parallel()
	site := t.TempDir()
	root := filepath.Join("..", "..")
	copyTree(t, filepath.Join(root, "content"), filepath.Join(site, "content"))
	data, err := os.ReadFile(filepath.Join(root, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(site, "site.toml"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	rep := accountFor(t, site, filepath.Join(ofstedData, "ilacs_history.csv"), filepath.Join(ofstedData, "la_lookup.csv"), corpus(t))
	for _, tally := range []struct {
		what string
		Tally
	}{{"bodies", rep.Bodies}, {"inspections", rep.Inspections}} {
		if tally.Created+tally.Updated > 0 {
			t.Errorf("importing Ofsted's data again created %d and updated %d %s of the example site: run scrutiny import ofsted-ilacs -reports ../shared/data/ofsted/reports -lookup testdata/ofsted/la_lookup.csv testdata/ofsted/ilacs_history.csv",
				tally.Created, tally.Updated, tally.what)
		}
	}
	if len(rep.Kept) == 0 {
		t.Errorf("no hand-written document of the seed councils was kept")
	}
	for _, d := range rep.Disagreements {
		t.Logf("a hand-written document differs from the data: %s", d.Text)
	}
}

// copyTree copies the folder src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(to, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// expected reads a grade cell as the test understands it, independently of
// the importer: the grade key, or false for a value that is no grade.
func expected(cell string) (string, bool) {
	s := strings.ToLower(strings.Join(strings.Fields(cell), " "))
	s = strings.TrimPrefix(s, "to ")
	s = strings.TrimSuffix(s, " to be good")
	switch k := strings.ReplaceAll(s, " ", "-"); k {
	case "outstanding", "good", "requires-improvement", "inadequate":
		return k, true
	}
	return "", false
}

// columnAreas are the area keys each grade column may be judged as.
var columnAreas = map[string][]string{
	"overall_effectiveness_grade": {"overall"},
	"impact_of_leaders_grade":     {"leaders", "leadership"},
	"help_and_protection_grade":   {"help-and-protection"},
	"in_care_grade":               {"in-care", "looked-after"},
	"care_leavers_grade":          {"care-leavers"},
}

// frameworkAreas are the default frameworks' areas, as the spec gives them.
var frameworkAreas = map[string][]string{
	"sif-2013":   {"overall", "help-and-protection", "looked-after", "adoption", "care-leavers", "leadership", "lscb"},
	"ilacs-2018": {"overall", "leaders", "help-and-protection", "in-care"},
	"ilacs-2023": {"overall", "leaders", "help-and-protection", "in-care", "care-leavers"},
	"ilacs-2026": {"leaders", "help-and-protection", "in-care", "care-leavers"},
}

var sourceLine = regexp.MustCompile(`(?m)^source = "([^"]*)"$`)

// accountFor imports history into site, builds it, and accounts for every
// row of history. It returns the import's report.
func accountFor(t *testing.T, site, history, lookup, reports string) *Report {
	t.Helper()
	rep, err := Import(Options{Site: site, File: history, Lookup: lookup, Reports: reports, Cache: testCache})
	if err != nil {
		t.Fatal(err)
	}

	// Build the site, keeping judgements.csv.
	p, err := build.Load(build.Options{Site: os.DirFS(site), Theme: scrutiny.Theme})
	if err != nil {
		t.Fatalf("the imported site does not build:\n%v", err)
	}
	var mu sync.Mutex
	var data []byte
	err = p.Render(func(name string, b []byte, _ bool) error {
		if name == "judgements.csv" {
			mu.Lock()
			data = bytes.Clone(b)
			mu.Unlock()
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	built, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	type judged struct{ framework, area, grade string }
	byDoc := map[string][]judged{}
	for _, r := range built[1:] {
		// body,body_name,document,date,framework,area,area_label,grade,grade_label
		u, err := url.Parse(r[2]) // the document's absolute address
		if err != nil {
			t.Fatal(err)
		}
		if r[7] == "" {
			continue // not recorded: counted as left out below
		}
		byDoc[u.Path] = append(byDoc[u.Path], judged{r[4], r[5], r[7]})
	}

	// The imported documents, by their source.
	docBySource := map[string]string{}
	err = filepath.WalkDir(filepath.Join(site, "content"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, "-inspection.md") {
			return err
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if ownerOf(src) != imported {
			return nil
		}
		if m := sourceLine.FindSubmatch(src); m != nil {
			rel, _ := filepath.Rel(filepath.Join(site, "content"), path)
			docBySource[string(m[1])] = "/" + strings.TrimSuffix(filepath.ToSlash(rel), ".md") + "/"
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	listed := func(ls []Line) map[int]bool {
		m := map[int]bool{}
		for _, l := range ls {
			if l.Line > 0 && strings.TrimSpace(l.Text) != "" {
				m[l.Line] = true
			}
		}
		return m
	}
	skipped := listed(append(append([]Line{}, rep.Skipped...), rep.Duplicates...))
	// Where the report and the CSV differ, the report settles it, and
	// the import report says so.
	settled := map[int]string{}
	for _, l := range rep.Disagreements {
		settled[l.Line] += l.Text
	}
	kept := listed(rep.Kept)

	// Read the CSV again, on its own.
	f, err := os.Open(history)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	header, err := r.Read()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range header {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	var rows, nSkipped, nKept, nImported, leftOut int
	usedDocs := map[string]bool{}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		line, _ := r.FieldPos(0)
		rows++
		switch {
		case skipped[line]:
			nSkipped++
			continue
		case kept[line]:
			nKept++
			for c := range columnAreas {
				if _, ok := expected(rec[col[c]]); !ok {
					leftOut++
				}
			}
			continue
		}
		nImported++
		doc := docBySource[rec[col["inspection_link"]]]
		if doc == "" {
			t.Errorf("line %d: neither skipped, kept nor imported (no document has source %s)", line, rec[col["inspection_link"]])
			continue
		}
		if usedDocs[doc] {
			t.Errorf("line %d: document %s stands for two rows", line, doc)
		}
		usedDocs[doc] = true
		got := byDoc[doc]
		framework := ""
		if len(got) > 0 {
			framework = got[0].framework
		}
		matched := 0
		for c, areas := range columnAreas {
			want, ok := expected(rec[col[c]])
			if !ok {
				leftOut++
				continue
			}
			found := false
			for _, j := range got {
				for _, a := range areas {
					if j.area == a {
						found = true
						if j.grade != want && !(reports != "" && strings.Contains(settled[line], a+": the report says")) {
							t.Errorf("line %d: %s: %s is %s in judgements.csv, the CSV has %q", line, doc, a, j.grade, rec[col[c]])
						}
					}
				}
			}
			if found {
				matched++
				continue
			}
			// A grade may be left out only where the framework has no
			// area for it.
			has := false
			for _, fa := range frameworkAreas[framework] {
				for _, a := range areas {
					has = has || fa == a
				}
			}
			if has || framework == "" {
				t.Errorf("line %d: %s: the CSV's %s %q is not in judgements.csv", line, doc, c, rec[col[c]])
			}
			leftOut++
		}
		if matched != len(got) && reports == "" {
			t.Errorf("line %d: %s has %d rows in judgements.csv, but %d grades of the CSV match them", line, doc, len(got), matched)
		}
	}
	if nSkipped+nKept+nImported != rows || rows != rep.Rows {
		t.Errorf("%d rows: %d skipped, %d kept, %d imported; the report read %d", rows, nSkipped, nKept, nImported, rep.Rows)
	}
	if got, want := rep.Inspections.Created+rep.Inspections.Updated+rep.Inspections.Unchanged, nImported; got != want {
		t.Errorf("the report counts %d inspections imported, the site has %d", got, want)
	}
	if got, want := rep.LeftOutTotal(), leftOut; got != want {
		t.Errorf("the report counts %d values left out; the CSV's rows leave out %d", got, want)
	}
	t.Logf("%d rows: %d imported, %d kept, %d skipped; %d judgements, %d values left out", rows, nImported, nKept, nSkipped, len(built)-1, leftOut)
	return rep
}
