package build_test

import (
	"encoding/json"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"scrutiny"
	"scrutiny/internal/build"
	"scrutiny/internal/meta"
)

// readersSite is two councils: one judged last under the 2026 framework,
// which grades no overall effectiveness, one under ILACS 2023 with a
// focused visit and a monitoring visit, in the other order of first
// appearance than the first council's.
func readersSite() fstest.MapFS {
	files := map[string]string{
		"site.toml":           "title = \"Test\"\nbaseURL = \"https://example.org/\"\n",
		"content/a/_index.md": doc([]string{`name = "Ambridge Council"`}),
		"content/a/2023-05-01-inspection.md": doc([]string{
			`title = "Inspection of Ambridge"`, `type = "inspection"`, `date = 2023-05-01`, `visit = [2023-03-01, 2023-03-10]`,
			`authors = ["Jane Smith HMI"]`, ``, `[judgements]`, `overall = "good"`, `leaders = "good"`,
			`help-and-protection = "good"`, `in-care = "good"`, `care-leavers = "good"`,
		}, "", "Text."),
		"content/a/2026-07-01-inspection.md": doc([]string{
			`title = "Inspection of Ambridge"`, `type = "inspection"`, `date = 2026-07-01`, `visit = [2026-05-04, 2026-05-15]`,
			``, `[judgements]`, `leaders = "outstanding"`, `help-and-protection = "good"`, `in-care = "good"`, `care-leavers = "good"`,
		}, "", "Text."),
		"content/a/2024-01-01-focused.md":    doc([]string{`title = "Focused visit"`, `type = "focused-visit"`, `date = 2024-01-01`}, "", "Text."),
		"content/a/2025-01-01-monitoring.md": doc([]string{`title = "Monitoring visit"`, `type = "monitoring-visit"`, `date = 2025-01-01`}, "", "Text."),
		"content/b/_index.md":                doc([]string{`name = "Borchester Council"`}),
		"content/b/2023-06-01-inspection.md": doc([]string{
			`title = "Inspection of Borchester"`, `type = "inspection"`, `date = 2023-06-01`, `visit = [2023-04-03, 2023-04-14]`,
			``, `[judgements]`, `overall = "inadequate"`, `leaders = "inadequate"`,
			`help-and-protection = "inadequate"`, `in-care = "inadequate"`, `care-leavers = "inadequate"`,
		}, "", "Text."),
		"content/b/2023-09-01-monitoring.md": doc([]string{`title = "Monitoring visit"`, `type = "monitoring-visit"`, `date = 2023-09-01`}, "", "Text."),
		"content/b/2024-02-01-focused.md":    doc([]string{`title = "Focused visit"`, `type = "focused-visit"`, `date = 2024-02-01`}, "", "Text."),
		"content/b/2024-03-01-plan.md":       doc([]string{`title = "Plan"`, `type = "improvement-plan"`, `date = 2024-03-01`, `responds_to = "2023-06-01-inspection"`}, "", "Text."),
	}
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

func renderOn(t *testing.T, fsys fstest.MapFS, today meta.Date) map[string]string {
	t.Helper()
	files, err := renderWith(build.Options{Site: fsys, Theme: scrutiny.Theme, Today: today})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for name, data := range files {
		out[name] = string(data)
	}
	return out
}

// TestOneOrderOfRows puts overall effectiveness first on every chart and
// table, though the latest framework of one council grades none.
func TestOneOrderOfRows(t *testing.T) {
	out := renderOn(t, readersSite(), meta.Date{Year: 2026, Month: 12, Day: 1, Prec: meta.Day})
	heads := regexp.MustCompile(`<th scope="col">([^<]*)</th>`)
	national := heads.FindAllStringSubmatch(out["judgements/index.html"], -1)
	if len(national) < 2 || national[0][1] != "Council" || national[1][1] != "Overall effectiveness" {
		t.Errorf("the national table's columns start %v, want Council, then Overall effectiveness", national)
	}
	labels := regexp.MustCompile(`<text class="tl-label" x="0" y="\d+" fill="#0b0c0c">([^<]*)</text>`)
	for _, body := range []string{"a", "b"} {
		rows := labels.FindAllStringSubmatch(out[body+"/timeline.svg"], -1)
		if len(rows) == 0 || rows[0][1] != "Overall effectiveness" {
			t.Errorf("%s's timeline rows start %v, want Overall effectiveness", body, rows)
		}
	}
}

// TestMarkerShapes draws a kind of visit in one shape on every chart,
// whichever came first.
func TestMarkerShapes(t *testing.T) {
	out := renderOn(t, readersSite(), meta.Date{Year: 2026, Month: 12, Day: 1, Prec: meta.Day})
	shape := func(svg, kind string) string {
		m := regexp.MustCompile(`aria-label="` + kind + `[^"]*"><title>[^<]*</title><path class="tl-marker" d="M[0-9.]+ [0-9]+ ([^"]*)"`).FindStringSubmatch(svg)
		if m == nil {
			t.Fatalf("no %s marker in:\n%s", kind, svg)
		}
		return m[1]
	}
	for _, kind := range []string{"Focused visit", "Monitoring visit"} {
		if a, b := shape(out["a/timeline.svg"], kind), shape(out["b/timeline.svg"], kind); a != b {
			t.Errorf("a %s is %q on one chart and %q on another", kind, a, b)
		}
	}
}

// TestTimelineRunsToToday ends the axis at the month after the build's
// day, so that a current grade shows as long as it has held, and names
// the council and the source on the standalone image.
func TestTimelineRunsToToday(t *testing.T) {
	out := renderOn(t, readersSite(), meta.Date{Year: 2028, Month: 6, Day: 15, Prec: meta.Day})
	svg := out["a/timeline.svg"]
	if !strings.Contains(svg, ">2028</text>") {
		t.Errorf("the axis does not reach 2028, the build's year")
	}
	for _, want := range []string{">Timeline of judgements: Ambridge Council</text>", "Source: Test, https://example.org/a/"} {
		if !strings.Contains(svg, want) {
			t.Errorf("the standalone timeline lacks %q", want)
		}
	}
	page := out["a/index.html"]
	if !strings.Contains(page, `id="timeline-narrow-a-title"`) {
		t.Error("the body's page has no narrow timeline for phones")
	}
}

// TestBodyLeadsWithJudgement puts the latest judgement before the timeline
// and the council's facts after it.
func TestBodyLeadsWithJudgement(t *testing.T) {
	out := renderOn(t, readersSite(), meta.Date{Year: 2026, Month: 12, Day: 1, Prec: meta.Day})
	page := out["b/index.html"]
	h, tl := strings.Index(page, "data-headline"), strings.Index(page, `id="timeline-heading"`)
	if h < 0 || tl < 0 || h > tl {
		t.Errorf("the headline grade (at %d) does not come before the timeline (at %d)", h, tl)
	}
	if !strings.Contains(page[h:tl], "Inadequate") {
		t.Errorf("the headline does not give the grade")
	}
}

// TestCitationAuthor names the inspectorate and the lead inspector as the
// author of an inspection, and the council as the author of its plan.
func TestCitationAuthor(t *testing.T) {
	out := renderOn(t, readersSite(), meta.Date{Year: 2026, Month: 12, Day: 1, Prec: meta.Day})
	cite := regexp.MustCompile(`id="cite-text">([^<]*)<`)
	for _, c := range []struct{ page, want string }{
		{"a/2023-05-01-inspection/index.html", "Ofsted (Jane Smith HMI). "},
		{"b/2023-06-01-inspection/index.html", "Ofsted. "},
		{"b/2024-03-01-plan/index.html", "Borchester Council. "},
	} {
		m := cite.FindStringSubmatch(out[c.page])
		if m == nil || !strings.HasPrefix(m[1], c.want) {
			t.Errorf("%s: citation %v, want it to start %q", c.page, m, c.want)
		}
		if m != nil && !strings.Contains(m[1], "Accessed [the date you read it].") {
			t.Errorf("%s: the citation leaves no place for the day it was read: %s", c.page, m[1])
		}
	}
}

// TestLongListsByYear splits a type's list of more than 50 documents by
// year, with a link to each year at the top; and the home page lists
// every council in a finder.
func TestLongListsByYear(t *testing.T) {
	fsys := readersSite()
	for i := range 60 {
		date := meta.Date{Year: 2010 + i%6, Month: time.Month(1 + i%12), Day: 1 + i%28, Prec: meta.Day}.ISO()
		fsys["content/a/"+date+"-letter-"+strconv.Itoa(i)+".md"] = &fstest.MapFile{Data: []byte(doc([]string{`title = "Letter"`, `type = "letter"`, "date = " + date}, "", "Text."))}
	}
	out := renderOn(t, fsys, meta.Date{Year: 2026, Month: 12, Day: 1, Prec: meta.Day})
	page := out["types/letter/index.html"]
	for _, want := range []string{`<a href="#y2015">2015</a> (10)`, `<h2 id="y2010">2010</h2>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the letters' page lacks %s", want)
		}
	}
	home := out["index.html"]
	if !strings.Contains(home, `data-finder="finder-list"`) || strings.Count(home, `class="finder__item"`) != 2 {
		t.Errorf("the home page has no finder of its 2 councils")
	}
	if strings.Contains(out["404.html"], "Ambridge Council") || !strings.Contains(out["404.html"], `action="/search/"`) {
		t.Errorf("the 404 page lists councils rather than offering a search")
	}
}

// TestSearchQuotes checks that a search result can show where its words
// were found: a term's posting names a passage, the document's entry says
// which file of passages holds it, and that passage holds the word and is
// an anchor of the document's page. A word only in a title names none;
// the anchors' marks and entities are no words.
func TestSearchQuotes(t *testing.T) {
	long := strings.Repeat("Filler words fill the report. ", 400) // past one file of passages
	site := fstest.MapFS{
		"site.toml":           {Data: []byte("title = \"Test\"\nbaseURL = \"https://example.org/\"\n")},
		"content/a/_index.md": {Data: []byte(doc([]string{`name = "Ambridge Council"`}))},
		"content/a/2023-05-01-inspection.md": {Data: []byte(doc([]string{
			`title = "Inspection of Ambridge (zebra)"`, `type = "inspection"`, `date = 2023-05-01`,
		}, "", "## Findings\n\n"+long+"\n\n"+long+"\n\n- Social workers know the children well.\n- The council's plan -- at last.\n\n| Area | Grade |\n| --- | --- |\n| Help | Good |\n"))},
	}
	out := render(t, site)
	var chunk []struct{ X, K string }
	if err := json.Unmarshal(out["search/docs/0.json"], &chunk); err != nil || len(chunk) != 1 {
		t.Fatalf("docs/0.json: %s (%v)", out["search/docs/0.json"], err)
	}
	page := string(out["a/2023-05-01-inspection/index.html"])
	quote := func(word string) (string, string) {
		t.Helper()
		var shard map[string]string
		if err := json.Unmarshal(out["search/terms/"+word[:2]+".json"], &shard); err != nil {
			t.Fatalf("shard of %q: %v", word, err)
		}
		_, at, ok := strings.Cut(shard[word], ":")
		if !ok {
			return "", ""
		}
		n, _ := strconv.ParseInt(at, 36, 32)
		starts := []int{0}
		prev := 0
		for _, d := range strings.Split(chunk[0].K, ".") {
			if d != "" {
				k, _ := strconv.ParseInt(d, 36, 32)
				prev += int(k)
				starts = append(starts, prev)
			}
		}
		file := 0
		for k, s := range starts {
			if s <= int(n) {
				file = k
			}
		}
		var pack [][2]string
		name := "search/text/" + chunk[0].X + strconv.Itoa(file) + ".json"
		if err := json.Unmarshal(out[name], &pack); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		p := pack[int(n)-starts[file]]
		return p[0], p[1]
	}
	if chunk[0].K == "" {
		t.Errorf("a long report's passages are in one file: k = %q", chunk[0].K)
	}
	for word, want := range map[string]string{
		"social":   "Social workers know the children well.",
		"plan":     "The council’s plan – at last.",
		"good":     "Help · Good",
		"findings": "Findings",
	} {
		id, text := quote(word)
		if text != want {
			t.Errorf("%q is quoted as %q, want %q", word, text, want)
		}
		if id == "" || !strings.Contains(page, ` id="`+id+`"`) {
			t.Errorf("%q is found at #%s, which the page does not have", word, id)
		}
	}
	if id, text := quote("zebra"); id != "" || text != "" {
		t.Errorf("a word only in the title is quoted from %q: %q", id, text)
	}
	for _, junk := range []string{"aria", "href", "rsquo", "anchor"} {
		if strings.Contains(string(out["search/terms/"+junk[:2]+".json"]), `"`+junk+`"`) {
			t.Errorf("the index holds %q, from the page's markup", junk)
		}
	}
}
