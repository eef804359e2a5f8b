package build_test

import (
	"bytes"
	"encoding/json"
	"html"
	"net/url"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"time"
)

// mapFS makes an in-memory site of files.
func mapFS(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	return fsys
}

// TestEscaping checks that names and titles with the characters HTML and
// XML give meaning to come out as text in every kind of file.
func TestEscaping(t *testing.T) {
	files := errorBase()
	files["content/b/_index.md"] = doc([]string{
		`name = "Brighton & Hove <City> Council"`,
		`region = "South & \"East\""`,
		``,
		`[[periods]]`,
		`label = "Notice <1> & \"2\""`,
		`start = "2021-01"`,
	})
	files["content/b/2022-04-01-inspection.md"] = doc([]string{
		`title = "Inspection <script>alert(1)</script> & \"quotes\" 'too'"`,
		`type = "inspection"`,
		`date = 2022-04-01`,
		`summary = "Less < more & ]]> end"`,
		`visit = [2022-02-07, 2022-02-18]`,
		``,
		`[judgements]`,
		`overall = "good"`,
		``,
		`[[recommendations]]`,
		`id = "R1"`,
		`text = "Fix <b>this</b> & that."`,
	})
	out := render(t, mapFS(files))
	for name, data := range out {
		if ext := path.Ext(name); ext != ".html" && ext != ".xml" && ext != ".svg" && ext != ".json" {
			continue // judgements.csv holds names as they are, rightly
		}
		if bytes.Contains(data, []byte("<script>alert")) || bytes.Contains(data, []byte("<City>")) || bytes.Contains(data, []byte("<b>this")) {
			t.Errorf("%s holds a name or title as markup", name)
		}
		switch path.Ext(name) {
		case ".xml", ".svg":
			wellFormed(t, name, data)
		case ".json":
			if !json.Valid(data) {
				t.Errorf("%s is not valid JSON", name)
			}
		}
	}
	if !bytes.Contains(out["b/2022-04-01-inspection/index.html"], []byte("Brighton &amp; Hove &lt;City&gt; Council")) {
		t.Errorf("the document page does not show the body's name as text")
	}
}

// TestNoDuplicateIDs checks that headings and ids in the content never give
// a page two elements with the same id, which would break its anchors.
func TestNoDuplicateIDs(t *testing.T) {
	headings := []string{"Details", "Judgements", "Recommendations", "Actions", "Progress", "Versions",
		"Attachments", "Cite", "Contents", "Text", "Main", "Top", "Timeline", "Documents", "Plans", "Periods", "R1"}
	var md []string
	for _, h := range headings {
		md = append(md, "## "+h, "", "Some text.", "")
	}
	files := errorBase()
	files["content/b/_index.md"] = doc([]string{`name = "B"`}, md...)
	files["content/about.md"] = doc([]string{`title = "About"`}, md...)
	files["content/b/2022-04-01-inspection.md"] = doc([]string{
		`title = "Inspection"`,
		`type = "inspection"`,
		`date = 2022-04-01`,
		`visit = [2022-02-07, 2022-02-18]`,
		``,
		`[judgements]`,
		`overall = "good"`,
		``,
		`[[recommendations]]`,
		`id = "R1"`,
		`text = "Do better."`,
	}, md...)
	out, err := tryRender(mapFS(files))
	if err != nil {
		t.Fatalf("headings named like a page's sections fail the build: %v", err)
	}
	idRule := regexp.MustCompile(`\bid="([^"]*)"`)
	for _, name := range []string{"b/index.html", "about/index.html", "b/2022-04-01-inspection/index.html", "b/2022-04-01-inspection/2022-04-01/index.html"} {
		seen := map[string]bool{}
		for _, m := range idRule.FindAllStringSubmatch(string(out[name]), -1) {
			if seen[m[1]] {
				t.Errorf("%s: two elements have the id %q", name, m[1])
			}
			seen[m[1]] = true
		}
	}
}

// TestRecommendationIDsClash checks that a recommendation or action id that
// is also an id of the page (a numbered paragraph, a section) is either
// refused or does not give the page two elements with that id.
//
// Regression: ids such as "p1" and "details" were accepted, and the page
// then had two elements with each, so #p1 and #details led to the wrong
// place.
func TestRecommendationIDsClash(t *testing.T) {
	files := errorBase()
	files["content/b/2022-04-01-inspection.md"] = doc([]string{
		`title = "Inspection"`,
		`type = "inspection"`,
		`date = 2022-04-01`,
		`visit = [2022-02-07, 2022-02-18]`,
		``,
		`[[recommendations]]`,
		`id = "p1"`,
		`text = "Priority one."`,
		``,
		`[[recommendations]]`,
		`id = "details"`,
		`text = "Details."`,
	}, "", "First paragraph.")
	files["content/b/2022-06-01-plan.md"] = doc([]string{
		`title = "Plan"`,
		`type = "improvement-plan"`,
		`date = 2022-06-01`,
		`responds_to = "2022-04-01-inspection"`,
	})
	out, err := tryRender(mapFS(files))
	if err != nil {
		return // refused: fine
	}
	idRule := regexp.MustCompile(`\bid="([^"]*)"`)
	name := "b/2022-04-01-inspection/index.html"
	seen := map[string]bool{}
	for _, m := range idRule.FindAllStringSubmatch(string(out[name]), -1) {
		if seen[m[1]] {
			t.Errorf("%s: two elements have the id %q", name, m[1])
		}
		seen[m[1]] = true
	}
}

// TestRelativeLinks checks that a relative link in a document, such as one
// to its own attachment, works on every page the document is shown on: at
// its own address and at each version's, one folder deeper. If the build
// cannot make it work, it must refuse it.
func TestRelativeLinks(t *testing.T) {
	files := errorBase()
	files["content/b/2022-04-01-inspection/report.pdf"] = "%PDF"
	files["content/b/2022-04-01-inspection.md"] = doc([]string{
		`title = "Inspection"`,
		`type = "inspection"`,
		`date = 2022-04-01`,
		`visit = [2022-02-07, 2022-02-18]`,
		``,
		`[[recommendations]]`,
		`id = "R1"`,
		`text = "Do better."`,
	}, "", "Read [the report](report.pdf).")
	out, err := tryRender(mapFS(files))
	if err != nil {
		if !strings.Contains(err.Error(), "report.pdf") {
			t.Errorf("the build refuses the relative link without naming it: %v", err)
		}
		return
	}
	href := regexp.MustCompile(`href="([^"#]+)"[^>]*>the report<`)
	var pages []string
	for name := range out {
		if strings.HasPrefix(name, "b/2022-04-01-inspection/") && strings.HasSuffix(name, "index.html") && !strings.Contains(name, "changes") {
			pages = append(pages, name)
		}
	}
	sort.Strings(pages)
	if len(pages) != 2 {
		t.Fatalf("pages of the document: %v", pages)
	}
	for _, name := range pages {
		m := href.FindStringSubmatch(string(out[name]))
		if m == nil {
			t.Errorf("%s has no link to the report", name)
			continue
		}
		base, _ := url.Parse("https://example.org/" + strings.TrimSuffix(name, "index.html"))
		ref, err := url.Parse(m[1])
		if err != nil {
			t.Fatal(err)
		}
		target := strings.TrimPrefix(base.ResolveReference(ref).Path, "/")
		if _, ok := out[target]; !ok {
			// The same Markdown is shown at /b/doc/ and at
			// /b/doc/<date>/: a relative link left as written works
			// on one and leads nowhere on the other.
			t.Errorf("%s: the link %q leads to %s, which the build did not write", name, m[1], target)
		}
	}
}

// TestDescriptions checks that every page has a description when the site
// gives none: a plain page's and the home page's from their first
// paragraph, the others' from their title.
func TestDescriptions(t *testing.T) {
	fsys := readSite(t, "basic")
	drop := func(name, line string) {
		data := string(fsys[name].Data)
		if !strings.Contains(data, line) {
			t.Fatalf("%s has no %q", name, line)
		}
		fsys[name] = &fstest.MapFile{Data: []byte(strings.Replace(data, line, "", 1)), Mode: 0o644}
	}
	drop("site.toml", `description = "A fictional record of two councils' children's services inspections."`)
	drop("content/_index.md", `summary = "Every judgement of two fictional councils, in one place."`)
	drop("content/about.md", `summary = "What this site is and how to use it."`)
	files := render(t, fsys)
	desc := regexp.MustCompile(`<meta name="description" content="([^"]*)"`)
	for name, want := range map[string]string{
		"index.html":       "This site follows Borsetshire County Council and Felpersham City Council.",
		"about/index.html": "A test site. Nothing in it is real: the councils, the inspectors and the judgements are all invented.",
		"404.html":         "Page not found: a page of ",
	} {
		m := desc.FindSubmatch(files[name])
		if m == nil || !strings.HasPrefix(html.UnescapeString(string(m[1])), want) {
			t.Errorf("%s: description %q, want %q", name, m, want)
		}
	}
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") || bytes.Contains(data, []byte(`http-equiv="refresh"`)) {
			continue // redirects are not pages
		}
		if m := desc.FindSubmatch(data); m == nil || len(strings.TrimSpace(string(m[1]))) == 0 {
			t.Errorf("%s has no description", name)
		}
	}
}

// TestHeadlineWithoutOverall checks that under a framework with no
// overall grade (Ofsted's from 2026), the home page and the body page
// show the latest judgement's grade for each area, in words.
func TestHeadlineWithoutOverall(t *testing.T) {
	fsys := readSite(t, "basic")
	addInspection(fsys, "borsetshire", "Inspection of Borsetshire's children's services (2026)", "2026-06-10", "[2026-05-01, 2026-05-10]",
		`leaders = "good"`, `help-and-protection = "requires-improvement"`, `in-care = "good"`, `care-leavers = "good"`)
	files := render(t, fsys)
	home, body := string(files["index.html"]), string(files["borsetshire/index.html"])
	for _, want := range []string{
		`Children in care: <strong class="tag tag--good">Good</strong>`,
		`Help and protection: <strong class="tag tag--requires-improvement">Requires improvement to be good</strong>`,
		`judged <a href="/inspections/borsetshire/2026-06-10-inspection/">10 June 2026</a>`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("home page lacks %s", want)
		}
	}
	if !strings.Contains(body, `<strong class="tag tag--requires-improvement">Help and protection: Requires improvement to be good</strong>`) {
		t.Errorf("body page does not give each area's grade of the latest judgement")
	}
}

// TestLogo checks that a logo in static/ is shown in the header, with the
// site's base path.
func TestLogo(t *testing.T) {
	fsys := readSite(t, "basic")
	fsys["site.toml"] = &fstest.MapFile{Mode: 0o644, Data: append([]byte("logo = \"/img/logo.svg\"\n"), fsys["site.toml"].Data...)}
	fsys["static/img/logo.svg"] = &fstest.MapFile{Mode: 0o644, Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"></svg>`)}
	files, err := tryRender(fsys)
	if err != nil {
		t.Fatalf("a logo in static/ was refused:\n%v", err)
	}
	if !strings.Contains(string(files["index.html"]), `src="/inspections/img/logo.svg"`) {
		t.Errorf("the header does not show the logo")
	}
}

// TestCiteWithoutPublisher checks that a site with no publisher is named
// once in a citation, not twice.
func TestCiteWithoutPublisher(t *testing.T) {
	fsys := readSite(t, "basic")
	data := string(fsys["site.toml"].Data)
	line := `publisher = "Borsetshire Scrutiny Office"`
	if !strings.Contains(data, line) {
		t.Fatalf("site.toml has no %s", line)
	}
	fsys["site.toml"] = &fstest.MapFile{Mode: 0o644, Data: []byte(strings.Replace(data, line, "", 1))}
	page := string(render(t, fsys)["borsetshire/2017-03-inspection/index.html"])
	if want := "Borsetshire and Felpersham inspections. Version of"; !strings.Contains(page, want) {
		t.Errorf("the citation lacks %q", want)
	}
	if strings.Contains(page, "Borsetshire and Felpersham inspections, Borsetshire and Felpersham inspections") {
		t.Errorf("the citation names the site twice")
	}
}

// versionsSite is the small good site with a letter of n versions, whose
// texts are given by text(i).
func versionsSite(n int, text func(i int) string) fstest.MapFS {
	files := errorBase()
	for i := range n {
		front := []string{`title = "Letter"`, `type = "letter"`, `date = ` + versionDate(i)}
		if i > 0 {
			front = append(front, `change = "Revised"`)
		}
		files["content/b/letter/"+versionDate(i)+".md"] = doc(front, "", text(i))
	}
	return mapFS(files)
}

// versionDate is the date of version i: one a day from 2022-01-01.
func versionDate(i int) string {
	return time.Date(2022, 1, 1+i, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
}

// TestManyVersions checks that a version's page of a document with many
// versions lists only the first, previous, next and latest with a link to
// the whole list on the document's page, so that the output grows with the
// number of versions, not its square (2,000 versions wrote 1 GB).
func TestManyVersions(t *testing.T) {
	const n = 30
	out := render(t, versionsSite(n, func(i int) string { return "Text " + strconv.Itoa(i) + "." }))
	listed := regexp.MustCompile(`<li class="doc-list__item">`)
	if got := len(listed.FindAll(out["b/letter/index.html"], -1)); got != n {
		t.Errorf("the document's page lists %d versions, want all %d", got, n)
	}
	for i, want := range map[int]int{0: 3, 1: 4, 10: 5, n - 2: 4, n - 1: 3} {
		page := out["b/letter/"+versionDate(i)+"/index.html"]
		if got := len(listed.FindAll(page, -1)); got != want {
			t.Errorf("version %d lists %d versions, want %d", i, got, want)
		}
		if !bytes.Contains(page, []byte(`<a href="/b/letter/#versions">All 30 versions</a>`)) {
			t.Errorf("version %d does not link to the list of all versions", i)
		}
	}
}

// TestParagraphNumbersNotReused checks that a paragraph number, once
// given, is never given again in the document, even after a version that
// dropped it: an old link to #p3 must not land on other words.
func TestParagraphNumbersNotReused(t *testing.T) {
	texts := []string{"One.\n\nTwo.\n\nThree.\n", "One.\n\nTwo.\n", "One.\n\nTwo.\n\nSomething else.\n"}
	out := render(t, versionsSite(len(texts), func(i int) string { return texts[i] }))
	page := string(out["b/letter/index.html"])
	if !strings.Contains(page, `<p id="p4">Something else.`) || strings.Contains(page, `id="p3"`) {
		t.Errorf("the new paragraph of the third version does not take p4:\n%s", page)
	}
}
