package build_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// TestEmbed checks each body's embed page, for another site's frame: it
// names the body, its latest judgement with its date and every grade, and
// the source of the grades; it is kept out of search engines and the
// sitemap; and the body's page offers the code to copy, with absolute
// addresses.
func TestEmbed(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	checkGolden(t, "basic", "borsetshire/embed/index.html", out["borsetshire/embed/index.html"])
	for _, tt := range []struct {
		body, name string
		want       []string // in the embed page, as text
	}{
		{"borsetshire", "Borsetshire County Council", []string{
			"Inspection of Borsetshire children's services (2019)", `datetime="2019-06-28"`, "28 June 2019",
			"Overall effectiveness: <strong class=\"tag tag--requires-improvement\">Requires improvement to be good</strong>",
			"Impact of leaders: <strong class=\"tag tag--good\">Good</strong>",
			// The grades' source: the original report, and the record.
			`<a href="https://files.example.gov.uk/reports/borsetshire-2019">the original document</a>`,
			`<a href="/inspections/borsetshire/">the full record of Borsetshire County Council</a>`,
			`<svg class="timeline__svg"`,
		}},
		// Felpersham's latest inspection names no source: the record is
		// named as the source alone.
		{"felpersham", "Felpersham City Council", []string{
			"Inspection of Felpersham children's services (2021)",
			`Sources: <a href="/inspections/felpersham/">the full record of Felpersham City Council</a> on <a href="/inspections/">`,
		}},
	} {
		page := string(out[tt.body+"/embed/index.html"])
		if page == "" {
			t.Errorf("no embed page for %s", tt.body)
			continue
		}
		text := html.UnescapeString(page)
		for _, w := range append(tt.want, "<h1><a href=\"/inspections/"+tt.body+"/\">"+tt.name+"</a></h1>", `<meta name="robots" content="noindex">`, `<base target="_top">`) {
			if !strings.Contains(text, w) {
				t.Errorf("%s/embed/ lacks %q", tt.body, w)
			}
		}
		// Small and alone: no stylesheet, script or image to load.
		for _, bad := range []string{"<script", `rel="stylesheet"`, "<img", "<iframe"} {
			if strings.Contains(page, bad) {
				t.Errorf("%s/embed/ holds %s: it must stand alone", tt.body, bad)
			}
		}
		if strings.Contains(string(out["sitemap.xml"]), "/"+tt.body+"/embed/") {
			t.Errorf("the sitemap lists %s/embed/, a page for other sites' frames", tt.body)
		}

		body := html.UnescapeString(html.UnescapeString(string(out[tt.body+"/index.html"])))
		abs := "https://example.gov.uk/inspections/" + tt.body + "/"
		iframe := regexp.MustCompile(`<iframe src="([^"]*)" title="([^"]*)" width="960" height="(\d+)"`).FindStringSubmatch(body)
		if iframe == nil || iframe[1] != abs+"embed/" || !strings.Contains(iframe[2], tt.name) {
			t.Errorf("%s's page has no iframe of %sembed/ titled with its name: %q", tt.body, abs, iframe)
		}
		img := regexp.MustCompile(`<a href="([^"]*)"><img src="([^"]*)" alt="([^"]*)" width="960" height="(\d+)"`).FindStringSubmatch(body)
		if img == nil || img[1] != abs || img[2] != abs+"timeline.svg" || !strings.Contains(img[3], tt.name) || !strings.Contains(img[3], "Source: Borsetshire and Felpersham inspections") {
			t.Errorf("%s's page has no image of %stimeline.svg with its name and source in its alt text: %q", tt.body, abs, img)
		}
	}
	if alt := html.UnescapeString(html.UnescapeString(string(out["borsetshire/index.html"]))); !strings.Contains(alt, "Latest judgement, 28 June 2019: Overall effectiveness: Requires improvement to be good.") {
		t.Errorf("the timeline image's alt text does not give Borsetshire's latest judgement")
	}
}

// TestEmbedNotRecorded checks that a latest inspection whose grades the
// sources do not give shows each as not recorded on the embed page,
// rather than leaving it out.
func TestEmbedNotRecorded(t *testing.T) {
	out := render(t, notRecordedSite(t))
	page := string(out["borsetshire/embed/index.html"])
	if !strings.Contains(page, "Inspection of Borsetshire children&#39;s services (2022)") {
		t.Fatalf("the embed page does not lead with the inspection of 2022")
	}
	// The framework of 2022 grades four areas; the sources give none.
	if n := strings.Count(page, `<strong class="tag tag--not-recorded">Not recorded</strong>`); n != 4 {
		t.Errorf("the embed page shows %d grades as not recorded, want 4 (every area of ILACS 2018)", n)
	}
	felpersham := string(out["felpersham/embed/index.html"])
	if !strings.Contains(felpersham, `Overall effectiveness: <strong class="tag tag--not-recorded">Not recorded</strong>`) {
		t.Errorf("Felpersham's embed page leaves out its overall grade, which the sources do not give")
	}
}

// TestEmbedClash checks that a document named "embed", whose address the
// embed page has, fails the build with a message at its file, not a page
// silently lost.
func TestEmbedClash(t *testing.T) {
	fsys := readSite(t, "basic")
	fsys["content/felpersham/embed.md"] = &fstest.MapFile{Mode: 0o644, Data: []byte(doc([]string{
		`title = "A letter named embed"`, `type = "letter"`, `date = 2022-02-01`,
	}, "", "Text."))}
	_, err := tryRender(fsys)
	if err == nil {
		t.Fatal("a document at the embed page's address built")
	}
	if msg := err.Error(); !strings.Contains(msg, "content/felpersham/embed.md") || !strings.Contains(msg, "felpersham/embed/index.html, which the embed page of content/felpersham/_index.md writes too") {
		t.Errorf("the error does not name the document and the path it shares with the embed page:\n%s", msg)
	}
}

// TestTimelineFile checks that the standalone timeline, seen on another
// site's page, says whose it is and where it comes from in its title and
// description, which screen readers read, as well as on the image; and
// that a body with no judgements yet has a file that says so the same way.
func TestTimelineFile(t *testing.T) {
	fsys := readSite(t, "basic")
	fsys["content/ambridge/_index.md"] = &fstest.MapFile{Mode: 0o644, Data: []byte(doc([]string{`name = "Ambridge Parish Council"`}))}
	out := render(t, fsys)
	for body, name := range map[string]string{"borsetshire": "Borsetshire County Council", "ambridge": "Ambridge Parish Council"} {
		svg := html.UnescapeString(string(out[body+"/timeline.svg"]))
		wellFormed(t, body+"/timeline.svg", out[body+"/timeline.svg"])
		title := regexp.MustCompile(`<title id="[^"]*">([^<]*)</title>`).FindStringSubmatch(svg)
		desc := regexp.MustCompile(`<desc id="[^"]*">([^<]*)</desc>`).FindStringSubmatch(svg)
		source := "Source: Borsetshire and Felpersham inspections, https://example.gov.uk/inspections/" + body + "/"
		if title == nil || !strings.Contains(title[1], name) {
			t.Errorf("%s/timeline.svg: title %q does not name %s", body, title, name)
		}
		if desc == nil || !strings.Contains(desc[1], source) || strings.Contains(desc[1], "table below") {
			t.Errorf("%s/timeline.svg: description %q does not name its source %q, or speaks of a table that is not there", body, desc, source)
		}
		if !strings.Contains(svg, `aria-labelledby="`) || !strings.Contains(svg, ` lang="en-GB"`) {
			t.Errorf("%s/timeline.svg is not labelled by its title and description, or has no language", body)
		}
	}
	if !strings.Contains(string(out["ambridge/timeline.svg"]), "No judgements yet") {
		t.Errorf("ambridge/timeline.svg does not say there are no judgements yet")
	}
}
