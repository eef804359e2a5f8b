package ofsted

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testCache keeps PDFium's compiled code between test runs, outside the
// user's own cache folder.
var testCache = filepath.Join(os.TempDir(), "scrutiny-test-pdfium")

// corpus is the folder of all 497 report PDFs, beside the repository as
// the workplace keeps it (or named by SCRUTINY_OFSTED_REPORTS). Without
// it the test is skipped, except in CI, where it must be there.
func corpus(t *testing.T) string {
	t.Helper()
	for _, dir := range []string{
		os.Getenv("SCRUTINY_OFSTED_REPORTS"),
		filepath.Join("..", "..", "..", "shared", "data", "ofsted", "reports"),
		"/work/shared/data/ofsted/reports",
	} {
		if dir == "" {
			continue
		}
		if st, err := os.Stat(dir); err == nil && st.IsDir() {
			return dir
		}
	}
	if os.Getenv("CI") != "" {
		t.Fatal("the reports' PDFs are not here: set SCRUTINY_OFSTED_REPORTS to their folder")
	}
	t.Skip("the reports' PDFs are not here (set SCRUTINY_OFSTED_REPORTS)")
	return ""
}

// TestReports imports a report of each framework from the PDFs in
// testdata/ofsted/reports and pins what each document says: its front
// matter, read from the report, and the start of its text.
func TestReports(t *testing.T) {
	site := newSite(t)
	dir := filepath.Join(ofstedData, "reports")
	rep, err := Import(Options{
		Site: site, File: filepath.Join(dir, "history.csv"), Lookup: filepath.Join(ofstedData, "la_lookup.csv"),
		Reports: dir, Cache: testCache,
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rep.PDFs["read"], 7; got != want {
		t.Errorf("%d reports read, want %d", got, want)
	}
	if len(rep.Unreadable) != 1 || !strings.Contains(rep.Unreadable[0].Text, "80429_birmingham/children's services inspection - 19 october 2012.pdf: not a PDF file: it is a web page") {
		t.Errorf("the HTML page saved as a PDF is not reported as such: %v", rep.Unreadable)
	}
	if got := rep.PDFs["read"] + rep.PDFs["unreadable"] + rep.PDFs["skipped"]; got != rep.PDFFiles {
		t.Errorf("%d of %d files accounted for", got, rep.PDFFiles)
	}
	docs := 0
	err = filepath.WalkDir(filepath.Join(site, "content"), func(p string, d os.DirEntry, err error) error {
		if err != nil || !strings.HasSuffix(p, "-inspection.md") {
			return err
		}
		src, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		text := string(src)
		if !strings.Contains(text, reportMark) {
			return nil
		}
		docs++
		// The front matter, and the text's first 1,500 bytes.
		end := strings.Index(text[3:], "+++") + 6
		body := text[end:]
		if len(body) > 1500 {
			body = body[:1500]
		}
		rel, _ := filepath.Rel(filepath.Join(site, "content"), p)
		golden(t, "golden/report--"+strings.ReplaceAll(filepath.ToSlash(rel), "/", "--"), text[:end]+body)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if docs != 7 {
		t.Errorf("%d documents hold a report's text, want 7", docs)
	}

	// Again: nothing changes.
	again, err := Import(Options{
		Site: site, File: filepath.Join(dir, "history.csv"), Lookup: filepath.Join(ofstedData, "la_lookup.csv"),
		Reports: dir, Cache: testCache,
	})
	if err != nil {
		t.Fatal(err)
	}
	if n := again.Inspections.Created + again.Inspections.Updated; n > 0 {
		t.Errorf("a second import wrote %d inspections", n)
	}
}

func TestVisitDates(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"11 to 15 September 2023", "2023-09-11, 2023-09-15"},
		{"16 April to 20 April 2018", "2018-04-16, 2018-04-20"},
		{"2 June 2014 – 25 June 2014", "2014-06-02, 2014-06-25"},
		{"27 September to 8 October 2021", "2021-09-27, 2021-10-08"},
		{"18 Feb 2014 – 12 March 2014", "2014-02-18, 2014-03-12"},
		{"28 July 2016", "2016-07-28, 2016-07-28"},
		{"30 September to 11 October 2024 and 13 to 16 January 2025", "2024-09-30, 2025-01-16"},
		{"12/09/2016 to 06/10/2016", "2016-09-12, 2016-10-06"},
		{"20 June 2017 ─ 13 July 2017", "2017-06-20, 2017-07-13"},
		{"29 December to 9 January 2015", "2014-12-29, 2015-01-09"},
	} {
		got, err := visitDates(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if got := isoList(got); got != c.want {
			t.Errorf("%q: %s, want %s", c.in, got, c.want)
		}
	}
	for _, bad := range []string{"", "soon", "8 July 2019 to 12 July 2019 and 7 August 2019 to"} {
		if _, err := visitDates(bad); err == nil {
			t.Errorf("%q read as dates", bad)
		}
	}
}

func TestLeadName(t *testing.T) {
	for _, c := range []struct {
		in, name string
		hmi      bool
	}{
		{"Anna Gravelle, His Majesty’s Inspector", "Anna Gravelle", true},
		{"Dawn Godfrey Her Majesty’s Inspector", "Dawn Godfrey", true},
		{"Donna Marriott HMI", "Donna Marriott", true},
		{"Jansy Kelly", "Jansy Kelly", false},
	} {
		name, hmi := leadName(c.in)
		if name != c.name || hmi != c.hmi {
			t.Errorf("%q: %q %v, want %q %v", c.in, name, hmi, c.name, c.hmi)
		}
	}
}

// TestOverallSentence reads the SIF reports' overall and LSCB judgements,
// which they give in a sentence rather than a table.
func TestOverallSentence(t *testing.T) {
	for _, c := range []struct{ re, in, want string }{
		{"overall", "The overall judgement is requires improvement", "requires improvement"},
		{"overall", "The overall judgement is that children’s services require improvement.", "require improvement"},
		{"overall", "The overall judgement is that children’s service requires improvement.", "requires improvement"},
		{"overall", "Children’s services in Bedford Borough require improvement to be good", "require improvement"},
		{"overall", "Children’s services in Kingston upon Thames are good", "good"},
		{"overall", "Children’s services in Blackpool require improvement because:", "require improvement"},
		{"lscb", "The effectiveness of the Local Safeguarding Children Board (LSCB) is requires improvement", "requires improvement"},
		{"lscb", "The Local Safeguarding Children Board requires improvement", "requires improvement"},
	} {
		re := overallRE
		if c.re == "lscb" {
			re = lscbRE
		}
		m := re.FindStringSubmatch(c.in)
		if m == nil || m[1] != c.want {
			t.Errorf("%q: %v, want %q", c.in, m, c.want)
		}
	}
}

// TestFullText writes the report's text beside an inspection written by
// hand, keeps the hand-written page as it is, and lists where its grades
// differ from the report's; without the site's "report" type it writes
// nothing and says why.
func TestFullText(t *testing.T) {
	dir := filepath.Join(ofstedData, "reports")
	handWritten := "+++\ntitle = \"Knowsley, 2017\"\ntype = \"inspection\"\ndate = 2017-06-13\n\n[judgements]\noverall = \"inadequate\"\n+++\n\nOur own account.\n"
	setUp := func(withType bool) string {
		site := newSite(t)
		if withType {
			f, err := os.OpenFile(filepath.Join(site, "site.toml"), os.O_APPEND|os.O_WRONLY, 0)
			if err != nil {
				t.Fatal(err)
			}
			f.WriteString("\n[types.report]\nlabel = \"Report\"\nplural = \"Reports\"\n")
			f.Close()
		}
		os.MkdirAll(filepath.Join(site, "content", "knowsley"), 0o755)
		body := "+++\nname = \"Knowsley Metropolitan Borough Council\"\ncode = \"E08000011\"\n+++\n"
		if err := os.WriteFile(filepath.Join(site, "content", "knowsley", "_index.md"), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(site, "content", "knowsley", "2017-06-13-inspection.md"), []byte(handWritten), 0o644); err != nil {
			t.Fatal(err)
		}
		return site
	}
	run := func(site string) *Report {
		rep, err := Import(Options{
			Site: site, File: filepath.Join(dir, "history.csv"), Lookup: filepath.Join(ofstedData, "la_lookup.csv"),
			Reports: dir, Cache: testCache,
		})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}

	site := setUp(true)
	rep := run(site)
	page, _ := os.ReadFile(filepath.Join(site, "content", "knowsley", "2017-06-13-inspection.md"))
	if string(page) != handWritten {
		t.Errorf("the hand-written page was changed:\n%s", page)
	}
	src, err := os.ReadFile(filepath.Join(site, "content", "knowsley", "2017-06-13-inspection-report.md"))
	if err != nil {
		t.Fatalf("no report text beside the hand-written page: %v\nkept: %v\nnotes: %v", err, rep.Kept, rep.Notes)
	}
	text := string(src)
	for _, want := range []string{
		"type = \"report\"", "date = 2017-06-13", "source = \"https://files.ofsted.gov.uk/v1/file/50004380\"",
		"[The inspection's page](/knowsley/2017-06-13-inspection/)", reportMark, "Knowsley",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the report text lacks %q", want)
		}
	}
	if strings.Contains(text, "[judgements]") {
		t.Error("the report text carries grades: the inspection would count twice")
	}
	if rep.Texts.Created != 1 {
		t.Errorf("report texts: %+v, want 1 created", rep.Texts)
	}
	found := false
	for _, d := range rep.Disagreements {
		if strings.Contains(d.Text, "2017-06-13-inspection.md has no grade for help-and-protection, Ofsted's report has") {
			found = true
		}
	}
	if !found {
		t.Errorf("the hand-written page's missing grades are not listed against the report's: %v", rep.Disagreements)
	}
	if again := run(site); again.Texts.Unchanged != 1 || again.Texts.Created+again.Texts.Updated > 0 {
		t.Errorf("a second import: report texts %+v, want 1 unchanged", again.Texts)
	}

	site = setUp(false)
	rep = run(site)
	if _, err := os.Stat(filepath.Join(site, "content", "knowsley", "2017-06-13-inspection-report.md")); err == nil {
		t.Error("a report text written though the site has no report type")
	}
	found = false
	for _, n := range rep.Notes {
		if strings.Contains(n.Text, `has no document type "report"`) {
			found = true
		}
	}
	if !found {
		t.Errorf("no note says why the report's text was not written: %v", rep.Notes)
	}
}
