package build_test

import (
	"bytes"
	"encoding/csv"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
)

// cells reads the table whose caption is caption as its rows' text, cell
// by cell, keyed by the text of each row's first two cells.
func cells(t *testing.T, page []byte, caption string) map[string][]string {
	t.Helper()
	s := string(page)
	i := strings.Index(s, ">"+caption+"</caption>")
	if i < 0 {
		t.Fatalf("no table %q", caption)
	}
	s = s[i:]
	s = s[:strings.Index(s, "</table>")]
	row := regexp.MustCompile(`(?s)<tr>(.*?)</tr>`)
	cell := regexp.MustCompile(`(?s)<t[dh][^>]*>(.*?)</t[dh]>`)
	out := map[string][]string{}
	for _, r := range row.FindAllStringSubmatch(s, -1) {
		var texts []string
		for _, c := range cell.FindAllStringSubmatch(r[1], -1) {
			texts = append(texts, text([]byte(c[1])))
		}
		if len(texts) > 1 && !strings.Contains(r[1], `scope="col"`) {
			out[texts[0]] = texts[1:]
		}
	}
	return out
}

// addInspection adds to fsys an inspection of body on date (with the
// visit, where it is not ""), giving the grades, each a line such as
// `overall = "good"`.
func addInspection(fsys fstest.MapFS, body, title, date, visit string, grades ...string) {
	front := []string{`title = "` + title + `"`, `type = "inspection"`, "date = " + date}
	if visit != "" {
		front = append(front, "visit = "+visit)
	}
	if len(grades) > 0 {
		front = append(front, "", "[judgements]")
		front = append(front, grades...)
	}
	fsys["content/"+body+"/"+date+"-inspection.md"] = &fstest.MapFile{Mode: 0o644, Data: []byte(doc(front, "", title+"."))}
}

// notRecordedSite is the basic site with two inspections whose grades
// the sources do not all give: Borsetshire's of 2022, with none, after
// its graded inspection of 2019; and Felpersham's of 2024, under a
// framework with an overall grade, without it.
func notRecordedSite(t *testing.T) fstest.MapFS {
	fsys := readSite(t, "basic")
	addInspection(fsys, "borsetshire", "Inspection of Borsetshire children's services (2022)", "2022-09-01", "[2022-06-06, 2022-06-17]")
	addInspection(fsys, "felpersham", "Inspection of Felpersham children's services (2024)", "2024-03-01", "[2024-01-08, 2024-01-19]",
		`leaders = "good"`, `help-and-protection = "good"`, `in-care = "outstanding"`, `care-leavers = "good"`)
	return fsys
}

// TestNotRecorded checks that a grade that a document's framework gives
// but its sources do not is "not recorded" wherever it shows (the body's
// and the national tables, the cards, the timeline and the open data),
// and that "not judged" is kept for an area the framework does not grade.
//
// Regression: every missing grade was "Not judged"; an inspection with
// no grade recorded dropped out of the tables and the open data, and the
// grades before it went on as if they were still current; a latest
// inspection without its overall grade showed its areas' grades instead.
func TestNotRecorded(t *testing.T) {
	out := render(t, notRecordedSite(t))

	// Felpersham's 2016 inspection (SIF) gives 4 of its 7 grades; its
	// 2021 one (ILACS 2018) has no adoption area at all.
	rows := cells(t, out["felpersham/index.html"], "Judgements of Felpersham City Council, oldest first")
	head := regexp.MustCompile(`(?s)<caption class="table__caption" id="judgements-caption">.*?<thead>(.*?)</thead>`).FindSubmatch(out["felpersham/index.html"])
	if head == nil {
		t.Fatal("felpersham/index.html has no judgements table")
	}
	var columns []string
	for _, m := range regexp.MustCompile(`<th scope="col">([^<]*)</th>`).FindAllSubmatch(head[1], -1) {
		columns = append(columns, string(m[1]))
	}
	want := map[string]map[string]string{
		"Inspection of Felpersham children's services (2016) 2016 Single inspection framework (2013)": {
			"Overall effectiveness": "Good", "Adoption": "Not recorded", "Care leavers": "Not recorded", "Safeguarding board": "Not recorded",
		},
		"Inspection of Felpersham children's services (2021) 30 November 2021 Inspection of local authority children's services (2018)": {
			"Overall effectiveness": "Outstanding", "Adoption": "Not judged", "Care leavers": "Not judged", "Safeguarding board": "Not judged",
		},
		"Inspection of Felpersham children's services (2024) 1 March 2024 Inspection of local authority children's services (2023)": {
			"Overall effectiveness": "Not recorded", "Care leavers": "Good", "Adoption": "Not judged",
		},
	}
	for key, areas := range want {
		got, ok := rows[key]
		if !ok {
			t.Errorf("felpersham's table has no row %q: %q", key, rows)
			continue
		}
		for area, grade := range areas {
			i := -1
			for j, c := range columns {
				if c == area {
					i = j - 1 // after Inspection
				}
			}
			if i < 0 || i >= len(got) {
				t.Errorf("felpersham's table has no column %q: %q", area, columns)
				continue
			}
			if got[i] != grade {
				t.Errorf("felpersham's table, %s, %s: %q, want %q", key, area, got[i], grade)
			}
		}
	}

	// Borsetshire's 2022 inspection, with no grade recorded, is in its
	// table, and is its latest judgement everywhere.
	rows = cells(t, out["borsetshire/index.html"], "Judgements of Borsetshire County Council, oldest first")
	if got, ok := rows["Inspection of Borsetshire children's services (2022) 1 September 2022 Inspection of local authority children's services (2018)"]; !ok {
		t.Errorf("borsetshire's table leaves out its 2022 inspection: %q", rows)
	} else if strings.Join(got[:4], "|") != "Not recorded|Not recorded|Not recorded|Not recorded" {
		t.Errorf("borsetshire's 2022 inspection reads %q, want each ILACS area not recorded", got)
	}
	home := text(out["index.html"])
	for _, w := range []string{
		"Borsetshire County Council West Midlands · judged 1 September 2022 Overall effectiveness: Not recorded",
		"Felpersham City Council West Midlands · judged 1 March 2024 Overall effectiveness: Not recorded",
	} {
		if !strings.Contains(home, w) {
			t.Errorf("the home page lacks %q:\n%s", w, home)
		}
	}
	national := cells(t, out["judgements/index.html"], "Latest judgements")
	if got, want := strings.Join(national["Borsetshire County Council"], "|"), "Not recorded|Not recorded|Not recorded|Not recorded|Not judged|1 September 2022|West Midlands"; got != want {
		t.Errorf("the national table's Borsetshire reads %q, want %q", got, want)
	}
	if got, want := strings.Join(national["Felpersham City Council"], "|"), "Not recorded|Good|Good|Outstanding|Good|1 March 2024|West Midlands"; got != want {
		t.Errorf("the national table's Felpersham reads %q, want %q", got, want)
	}

	// The timeline ends the 2019 grades where the 2022 inspection starts,
	// and says its grades are not recorded; the standalone file too.
	for _, name := range []string{"borsetshire/index.html", "borsetshire/timeline.svg"} {
		svg := string(out[name])
		for _, w := range []string{
			`aria-label="Overall effectiveness: Not recorded from 1 September 2022 (Inspection of Borsetshire children&#39;s services (2022))"`,
			">Not recorded</text>",
		} {
			if !strings.Contains(svg, w) {
				t.Errorf("%s: the timeline lacks %s", name, w)
			}
		}
		if strings.Contains(svg, "(grades not recorded)") {
			t.Errorf("%s: the 2022 inspection is a marker, not bands", name)
		}
	}
	// The 2019 band of overall effectiveness runs to 1 September 2022,
	// not to the chart's end.
	band := regexp.MustCompile(`aria-label="Overall effectiveness: Requires improvement to be good from 28 June 2019[^"]*"><rect class="tl-band" x="([0-9.]+)" y="[0-9.]+" width="([0-9.]+)"`).FindStringSubmatch(string(out["borsetshire/index.html"]))
	next := regexp.MustCompile(`aria-label="Overall effectiveness: Not recorded from 1 September 2022[^"]*"><rect class="tl-band tl-band--not-recorded" x="([0-9.]+)"`).FindStringSubmatch(string(out["borsetshire/index.html"]))
	if band == nil || next == nil {
		t.Fatalf("borsetshire's timeline lacks the 2019 or the 2022 band of overall effectiveness")
	}
	if end, start := atof(band[1])+atof(band[2]), atof(next[1]); end-start > 0.2 || start-end > 0.2 {
		t.Errorf("the 2019 band ends at %.1f, the 2022 one starts at %.1f", end, start)
	}

	// Open data: the 2022 inspection is there, area by area.
	data, err := csv.NewReader(bytes.NewReader(out["judgements.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var areas []string
	for _, r := range data[1:] {
		if r[2] == "https://example.gov.uk/inspections/borsetshire/2022-09-01-inspection/" {
			areas = append(areas, r[5]+"="+r[7]+"/"+r[8])
		}
	}
	if got, want := strings.Join(areas, " "), "overall=/Not recorded leaders=/Not recorded help-and-protection=/Not recorded in-care=/Not recorded"; got != want {
		t.Errorf("judgements.csv's 2022 inspection of Borsetshire: %s, want %s", got, want)
	}

	// The document page lists every area, the unknown ones as such.
	doc := text(out["felpersham/2024-03-01-inspection/index.html"])
	if w := "Judgements Overall effectiveness Not recorded The impact of leaders"; !strings.Contains(doc, w) {
		t.Errorf("the 2024 inspection's page lacks %q:\n%s", w, doc)
	}
}

func atof(s string) float64 {
	f, _ := strconv.ParseFloat(s, 64)
	return f
}

// TestGradesOverTime checks the national count of bodies by overall
// grade at the end of each year: each body by its latest inspection by
// then, so that an inspection under a framework with no overall grade
// counts as having none, and one whose overall grade the sources do not
// give as not recorded, rather than as the grade before it; and how many
// bodies each year counts (not those not yet inspected).
//
// Regression: only inspections with an overall grade were counted, so a
// body inspected under Ofsted's 2026 framework kept its superseded grade,
// and the table did not say how many bodies it counted.
func TestGradesOverTime(t *testing.T) {
	fsys := readSite(t, "basic")
	addInspection(fsys, "borsetshire", "Inspection of Borsetshire children's services (2026)", "2026-06-10", "[2026-05-01, 2026-05-10]",
		`leaders = "good"`, `help-and-protection = "good"`, `in-care = "good"`, `care-leavers = "good"`)
	addInspection(fsys, "felpersham", "Inspection of Felpersham children's services (2023)", "2023-02-01", "")
	// A body with no inspection yet is not counted.
	fsys["content/ambridge/_index.md"] = &fstest.MapFile{Mode: 0o644, Data: []byte("+++\nname = \"Ambridge Council\"\n+++\n")}
	out := render(t, fsys)
	page := out["judgements/index.html"]
	caption := regexp.MustCompile(`id="over-time-caption">([^<]*)</caption>`).FindSubmatch(page)
	if caption == nil {
		t.Fatal("the judgements page has no table of grades over time")
	}
	rows := cells(t, page, string(caption[1]))
	// The table's rows are keyed by their first cell, the year.
	got := map[string]string{}
	for year, v := range rows {
		got[year] = strings.Join(v, " ")
	}
	for year, want := range map[string]string{
		// Bodies counted; outstanding, good, requires improvement,
		// inadequate, no overall grade, overall grade not recorded.
		"2016": "1 0 1 0 0 0 0",
		"2017": "2 0 1 0 1 0 0",
		"2021": "2 1 0 1 0 0 0",
		"2022": "2 1 0 1 0 0 0",
		"2023": "2 0 0 1 0 0 1",
		"2025": "2 0 0 1 0 0 1",
		"2026": "2 0 0 0 0 1 1",
	} {
		if got[year] != want {
			t.Errorf("grades over time, %s: %q, want %q", year, got[year], want)
		}
	}
	s := text(page)
	for _, w := range []string{
		"Year Councils counted Outstanding Good Requires improvement to be good Inadequate No overall grade Overall grade not recorded",
		"2026: 2 counted, 1 No overall grade, 1 Overall grade not recorded",
	} {
		if !strings.Contains(s, w) && !bytes.Contains(page, []byte(w)) {
			t.Errorf("the judgements page lacks %q", w)
		}
	}
}
