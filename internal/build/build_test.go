package build_test

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"flag"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"golang.org/x/tools/txtar"

	"scrutiny"
	"scrutiny/internal/build"
	"scrutiny/internal/diag"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden from the current output")

// testdata is the repository's testdata folder, shared by every package.
const testdata = "../../testdata"

// readSite loads testdata/sites/<name>.txtar as an in-memory site.
func readSite(t *testing.T, name string) fstest.MapFS {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join(testdata, "sites", name+".txtar"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := fstest.MapFS{}
	for _, f := range a.Files {
		fsys[f.Name] = &fstest.MapFile{Data: f.Data, Mode: 0o644}
	}
	return fsys
}

// writeDir writes the files of fsys (a map of slash paths to contents) into
// a new temporary folder and returns it.
// editFile replaces the first old in the site dir's file name with new.
func editFile(t *testing.T, dir, name, old, new string) {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(src, []byte(old)) {
		t.Fatalf("%s has no %q", name, old)
	}
	if err := os.WriteFile(path, bytes.Replace(src, []byte(old), []byte(new), 1), 0o644); err != nil {
		t.Fatal(err)
	}
}

func writeDir(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// mapFiles turns a MapFS into a plain map, for writeDir.
func mapFiles(fsys fstest.MapFS) map[string]string {
	out := map[string]string{}
	for name, f := range fsys {
		out[name] = string(f.Data)
	}
	return out
}

// render builds the site in fsys with the default theme and returns every
// file it emits.
func render(t *testing.T, fsys fs.FS) map[string][]byte {
	t.Helper()
	out, err := tryRender(fsys)
	if err != nil {
		t.Fatalf("build failed:\n%v", err)
	}
	return out
}

func tryRender(fsys fs.FS) (map[string][]byte, error) {
	return renderWith(build.Options{Site: fsys, Theme: scrutiny.Theme})
}

// renderWith builds with opt and returns every file it emits.
func renderWith(opt build.Options) (map[string][]byte, error) {
	p, err := build.Load(opt)
	if err != nil {
		return nil, err
	}
	var mu sync.Mutex
	out := map[string][]byte{}
	err = p.Render(func(name string, data []byte, minify bool) error {
		mu.Lock()
		defer mu.Unlock()
		if _, dup := out[name]; dup {
			return &diag.Diagnostic{Msg: "emitted twice: " + name}
		}
		out[name] = bytes.Clone(data)
		return nil
	})
	return out, err
}

// checkGolden compares got with testdata/golden/<site>/<name>, or rewrites
// the golden file under -update.
func checkGolden(t *testing.T, site, name string, got []byte) {
	t.Helper()
	file := filepath.Join(testdata, "golden", site, filepath.FromSlash(name))
	if *update {
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/build -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (run go test ./internal/build -update if the change is intended):\n%s", name, file, firstDiff(want, got))
	}
}

// checkGoldenFiles compares the named files of a build with the site's
// golden files.
func checkGoldenFiles(t *testing.T, site string, out map[string][]byte, names []string) {
	t.Helper()
	for _, name := range names {
		got, ok := out[name]
		if !ok {
			t.Errorf("the build wrote no %s", name)
			continue
		}
		checkGolden(t, site, name, got)
	}
}

// firstDiff shows the first line where want and got differ.
func firstDiff(want, got []byte) string {
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := 0; i < len(wl) || i < len(gl); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g || i >= len(wl) || i >= len(gl) {
			return "line " + itoa(i+1) + ":\n  want: " + w + "\n  got:  " + g
		}
	}
	return "(same lines, different bytes)"
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// goldenFiles is one file of every kind of output of the basic site.
var goldenFiles = []string{
	"index.html",                                                         // home
	"borsetshire/index.html",                                             // body, with periods and a plan
	"felpersham/index.html",                                              // body without periods or plans
	"borsetshire/2019-06-28-inspection/index.html",                       // graded document with an attachment
	"borsetshire/2019-09-improvement-plan/index.html",                    // document, latest version
	"borsetshire/2019-09-improvement-plan/2019-09-20/index.html",         // an older version
	"borsetshire/2019-09-improvement-plan/2020-02-03/changes/index.html", // what changed
	"borsetshire/2020-03-10-progress/index.html",                         // progress report
	"borsetshire/2017-03-inspection/index.html",                          // month-precision date, SIF
	"about/index.html",                                                   // plain page
	"types/index.html",                                                   // the list of types
	"types/inspection/index.html",                                        // one type
	"judgements/index.html",                                              // national comparison
	"changes/index.html",                                                 // every version
	"search/index.html",                                                  // search page
	"404.html",                                                           // not found
	"about-us/index.html",                                                // an alias's redirect page
	"old/about.html",                                                     // an alias naming a file
	"feed.xml",                                                           // site feed
	"borsetshire/feed.xml",                                               // body feed
	"sitemap.xml",
	"robots.txt",
	"judgements.csv",
	"judgements.json",
	"_redirects",
	"borsetshire/timeline.svg",
	"felpersham/timeline.svg",
	"search/meta.json",                                     // search data
	"search/docs/0.json",                                   // search data
	"search/text/borsetshire/2019-06-28-inspection/0.json", // a document's passages, for results to quote
}

// TestGolden builds the basic site and compares one file of every kind, and
// the list of every file, with the golden output.
func TestGolden(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	checkGoldenFiles(t, "basic", out, goldenFiles)
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	checkGolden(t, "basic", "FILES", []byte(strings.Join(names, "\n")+"\n"))
}

// TestAddresses checks that every address of SPEC section 4 exists for the
// basic site, and that nothing that must not be published is.
func TestAddresses(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	for _, tt := range []struct{ addr, file string }{
		{"/", "index.html"},
		{"/<body>/", "borsetshire/index.html"},
		{"/<body>/", "felpersham/index.html"},
		{"/<body>/<doc>/", "borsetshire/2017-03-inspection/index.html"},
		{"/<body>/<doc>/", "borsetshire/2018-05-14-monitoring-visit/index.html"},
		{"/<body>/<doc>/", "borsetshire/2019-06-28-inspection/index.html"},
		{"/<body>/<doc>/", "borsetshire/2019-09-improvement-plan/index.html"},
		{"/<body>/<doc>/", "borsetshire/2020-03-10-progress/index.html"},
		{"/<body>/<doc>/", "felpersham/2016-inspection/index.html"},
		{"/<body>/<doc>/", "felpersham/2021-11-30-inspection/index.html"},
		{"/<body>/<doc>/", "felpersham/2022-01-10-letter/index.html"},
		// A month-precision date gives its first day in the address.
		{"/<body>/<doc>/<yyyy-mm-dd>/", "borsetshire/2017-03-inspection/2017-03-01/index.html"},
		{"/<body>/<doc>/<yyyy-mm-dd>/", "felpersham/2016-inspection/2016-01-01/index.html"},
		{"/<body>/<doc>/<yyyy-mm-dd>/", "borsetshire/2019-06-28-inspection/2019-06-28/index.html"},
		{"/<body>/<doc>/<yyyy-mm-dd>/", "borsetshire/2019-09-improvement-plan/2019-09-20/index.html"},
		{"/<body>/<doc>/<yyyy-mm-dd>/", "borsetshire/2019-09-improvement-plan/2019-11-15/index.html"},
		{"/<body>/<doc>/<yyyy-mm-dd>/", "borsetshire/2019-09-improvement-plan/2020-02-03/index.html"},
		{"/<body>/<doc>/<yyyy-mm-dd>/changes/", "borsetshire/2019-09-improvement-plan/2019-11-15/changes/index.html"},
		{"/<body>/<doc>/<yyyy-mm-dd>/changes/", "borsetshire/2019-09-improvement-plan/2020-02-03/changes/index.html"},
		{"/<body>/<doc>/<attachment>", "borsetshire/2019-06-28-inspection/report.pdf"},
		{"/<body>/timeline.svg", "borsetshire/timeline.svg"},
		{"/<body>/timeline.svg", "felpersham/timeline.svg"},
		{"/<body>/feed.xml", "borsetshire/feed.xml"},
		{"/<body>/feed.xml", "felpersham/feed.xml"},
		{"/<page>/", "about/index.html"},
		{"/judgements/", "judgements/index.html"},
		{"/judgements.csv", "judgements.csv"},
		{"/judgements.json", "judgements.json"},
		{"/types/<type>/", "types/inspection/index.html"},
		{"/types/<type>/", "types/improvement-plan/index.html"},
		{"/types/<type>/", "types/letter/index.html"},
		{"/types/", "types/index.html"},
		{"/changes/", "changes/index.html"},
		{"/feed.xml", "feed.xml"},
		{"/search/", "search/index.html"},
		{"/search/", "search/meta.json"},
		{"/sitemap.xml", "sitemap.xml"},
		{"/robots.txt", "robots.txt"},
		{"/404.html", "404.html"},
		{"alias of a page", "about-us/index.html"},
		{"alias of a page, naming a file", "old/about.html"},
		{"alias of a body", "borsetshire-cc/index.html"},
		{"alias of an older version of a document", "borsetshire/plan/index.html"},
		{"/_redirects", "_redirects"},
		{"the theme's static files", "css/scrutiny.css"},
		{"the theme's static files", "js/scrutiny.js"},
		{"the site's static files", "img/crest.svg"},
	} {
		if _, ok := out[tt.file]; !ok {
			t.Errorf("%s: no %s in the output", tt.addr, tt.file)
		}
	}
	for _, name := range []string{
		"felpersham/2023-01-05-letter/index.html", // a draft
		"site.toml",
		"content/about.md",
		"about.md",
		"static/img/crest.svg",
	} {
		if _, ok := out[name]; ok {
			t.Errorf("the output holds %s, which must not be published", name)
		}
	}
	if got, want := string(out["borsetshire/2019-06-28-inspection/report.pdf"]), "%PDF-1.4 not really a PDF\n"; got != want {
		t.Errorf("attachment = %q, want %q", got, want)
	}
}

// TestDrafts checks that drafts are published only when asked for.
func TestDrafts(t *testing.T) {
	p, err := build.Load(build.Options{Site: readSite(t, "basic"), Theme: scrutiny.Theme, Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	names := map[string]bool{}
	if err := p.Render(func(name string, data []byte, minify bool) error {
		mu.Lock()
		names[name] = true
		mu.Unlock()
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if !names["felpersham/2023-01-05-letter/index.html"] {
		t.Errorf("with drafts on, the draft letter is not built")
	}
}

var (
	hrefRule = regexp.MustCompile(`(?:href|src|action)="([^"]*)"`)
	idRule   = regexp.MustCompile(`\bid="([^"]*)"`)
)

// TestBasePath checks that every internal link of every page carries the
// site's base path, and that every one of them leads to a file the build
// wrote and, where it names an anchor, to an element with that id.
func TestBasePath(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	const base = "/inspections/"
	const abs = "https://example.gov.uk/inspections/"
	ids := map[string]map[string]bool{}
	idsOf := func(name string) map[string]bool {
		if ids[name] == nil {
			ids[name] = map[string]bool{}
			for _, m := range idRule.FindAllStringSubmatch(string(out[name]), -1) {
				ids[name][m[1]] = true
			}
		}
		return ids[name]
	}
	names := make([]string, 0, len(out))
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	checked := 0
	for _, name := range names {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		seen := map[string]bool{}
		for _, m := range idRule.FindAllStringSubmatch(string(out[name]), -1) {
			if seen[m[1]] {
				t.Errorf("%s: two elements have the id %q", name, m[1])
			}
			seen[m[1]] = true
		}
		for _, m := range hrefRule.FindAllStringSubmatch(string(out[name]), -1) {
			link := strings.ReplaceAll(m[1], "&amp;", "&")
			switch {
			case strings.HasPrefix(link, abs):
				link = base + strings.TrimPrefix(link, abs)
			case strings.HasPrefix(link, "#"):
				if link != "#" && !idsOf(name)[link[1:]] {
					t.Errorf("%s: link %s: no such id on the page", name, link)
				}
				continue
			case strings.HasPrefix(link, "/") && !strings.HasPrefix(link, "//"):
			default:
				continue // another site
			}
			if !strings.HasPrefix(link, base) {
				t.Errorf("%s: link %q lacks the base path %s", name, m[1], base)
				continue
			}
			target, frag, _ := strings.Cut(strings.TrimPrefix(link, base), "#")
			if target == "" || strings.HasSuffix(target, "/") {
				target += "index.html"
			}
			if _, ok := out[target]; !ok {
				t.Errorf("%s: link %q leads to %s, which the build did not write", name, m[1], target)
				continue
			}
			if frag != "" && !idsOf(target)[frag] {
				t.Errorf("%s: link %q: %s has no id %q", name, m[1], target, frag)
			}
			checked++
		}
	}
	if checked < 100 {
		t.Errorf("checked only %d internal links; the pattern must be missing most", checked)
	}
}

// wellFormed fails the test unless data, the file name, is well-formed XML.
func wellFormed(t *testing.T, name string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("%s is not well-formed XML: %v", name, err)
			return
		}
	}
}

// TestWellFormed checks that every XML, SVG and JSON file of the basic
// site parses.
func TestWellFormed(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	n := 0
	for name, data := range out {
		switch path.Ext(name) {
		case ".xml", ".svg":
			wellFormed(t, name, data)
			n++
		case ".json":
			if !json.Valid(data) {
				t.Errorf("%s is not valid JSON", name)
			}
			n++
		}
	}
	if n < 8 {
		t.Errorf("only %d XML, SVG and JSON files", n)
	}
}

// TestJudgementColumns checks that the national table puts its grade
// columns in the order of the body pages' tables, overall effectiveness
// first, as every inspection report does.
//
// Regression: the columns followed the newest default framework
// (ilacs-2026), which no version uses and which has no overall judgement,
// so "Overall effectiveness" came last.
func TestJudgementColumns(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	head := regexp.MustCompile(`<thead>(.*?)</thead>`)
	col := regexp.MustCompile(`<th scope="col"[^>]*>([^<]*)</th>`)
	columns := func(file string) []string {
		m := head.FindStringSubmatch(string(out[file]))
		if m == nil {
			t.Fatalf("%s has no table", file)
		}
		var cols []string
		for _, c := range col.FindAllStringSubmatch(m[1], -1) {
			cols = append(cols, c[1])
		}
		return cols
	}
	got := strings.Join(columns("judgements/index.html"), ", ")
	if want := "Council, Overall effectiveness, Impact of leaders, Help and protection, Children in care, Inspection, Region"; got != want {
		t.Errorf("judgements/index.html columns:\n got %s\nwant %s", got, want)
	}
}

// TestContentLinks checks that links in the Markdown are written with the
// base path, that anchors of headings, paragraphs, recommendations and
// actions exist, and that aliases redirect to the absolute address.
func TestContentLinks(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	for _, tt := range []struct{ file, want string }{
		{"borsetshire/2018-05-14-monitoring-visit/index.html", `href="/inspections/borsetshire/2017-03-inspection/#R1"`},
		{"borsetshire/2018-05-14-monitoring-visit/index.html", `href="/inspections/borsetshire/2017-03-inspection/#summary"`},
		{"borsetshire/2017-03-inspection/index.html", `id="R1"`},
		{"borsetshire/2017-03-inspection/index.html", `id="summary"`},
		{"borsetshire/2019-06-28-inspection/index.html", `href="/inspections/borsetshire/2019-06-28-inspection/report.pdf"`},
		{"borsetshire/2019-06-28-inspection/index.html", `id="what-inspectors-found"`},
		{"borsetshire/2019-06-28-inspection/index.html", `id="p1"`},
		{"borsetshire/2019-09-improvement-plan/index.html", `id="A3"`},
		{"borsetshire/2020-03-10-progress/index.html", `href="/inspections/borsetshire/2019-09-improvement-plan/#A3"`},
		{"borsetshire/2020-03-10-progress/index.html", `href="/inspections/borsetshire/2019-09-improvement-plan/#A1"`},
		{"felpersham/2021-11-30-inspection/index.html", `id="p2"`},
		{"felpersham/2022-01-10-letter/index.html", `href="/inspections/felpersham/2021-11-30-inspection/#p2"`},
		{"index.html", `href="/inspections/felpersham/#timeline"`},
		{"index.html", `href="/inspections/about/#how-to-use-this-site"`},
		{"about/index.html", `href="#p1"`},
		{"about/index.html", "&ldquo;straight quotes&rdquo;"},
		{"about-us/index.html", `url=https://example.gov.uk/inspections/about/`},
		{"old/about.html", `url=https://example.gov.uk/inspections/about/`},
		{"borsetshire/plan/index.html", `url=https://example.gov.uk/inspections/borsetshire/2019-09-improvement-plan/`},
		{"borsetshire-cc/index.html", `url=https://example.gov.uk/inspections/borsetshire/`},
		// Each version has a permanent address; an older one says a newer exists.
		{"borsetshire/2019-09-improvement-plan/2019-09-20/index.html", "A newer version exists"},
		{"borsetshire/2019-09-improvement-plan/2019-09-20/index.html", `href="/inspections/borsetshire/2019-09-improvement-plan/2020-02-03/"`},
		{"borsetshire/2019-09-improvement-plan/index.html", `https://example.gov.uk/inspections/borsetshire/2019-09-improvement-plan/2020-02-03/`},
		{"borsetshire/2019-09-improvement-plan/index.html", "Added action A3 on homes for children in care."},
		{"borsetshire/2019-09-improvement-plan/index.html", "Named an owner for each action."},
		{"borsetshire/2019-09-improvement-plan/2020-02-03/changes/index.html", "revised in February 2020"},
		// Month and year precision are shown as such.
		{"borsetshire/2017-03-inspection/index.html", "March 2017"},
		{"borsetshire/index.html", "August 2017"},
		{"borsetshire/index.html", "<svg"},
		{"borsetshire/index.html", `href="/inspections/borsetshire/2019-09-improvement-plan/"`},
		{"borsetshire/2019-06-28-inspection/index.html", `<link rel="canonical" href="https://example.gov.uk/inspections/borsetshire/2019-06-28-inspection/">`},
		{"borsetshire/2019-06-28-inspection/index.html", `property="og:title"`},
		{"borsetshire/2019-06-28-inspection/index.html", "Alice Example HMI"},
		{"borsetshire/2019-06-28-inspection/index.html", "13 May 2019"},
		{"borsetshire/2019-06-28-inspection/index.html", "24 May 2019"},
		{"borsetshire/2019-06-28-inspection/index.html", "https://files.example.gov.uk/reports/borsetshire-2019"},
		// The 2019 inspection's R3 is answered by the plan's A3.
		{"borsetshire/2019-06-28-inspection/index.html", `href="/inspections/borsetshire/2019-09-improvement-plan/#A3"`},
		{"robots.txt", "Sitemap: https://example.gov.uk/inspections/sitemap.xml"},
	} {
		if got := string(out[tt.file]); !strings.Contains(got, tt.want) {
			t.Errorf("%s does not contain %s", tt.file, tt.want)
		}
	}
	for _, tt := range []struct{ file, unwanted string }{
		{"borsetshire/2019-09-improvement-plan/index.html", "A newer version exists"},
		{"about/index.html", `"straight quotes"`},
		{"index.html", "A draft letter"},
		{"changes/index.html", "A draft letter"},
		{"feed.xml", "2023-01-05-letter"},
		{"sitemap.xml", "2023-01-05-letter"},
	} {
		if got := string(out[tt.file]); strings.Contains(got, tt.unwanted) {
			t.Errorf("%s contains %s", tt.file, tt.unwanted)
		}
	}
}

// TestTimePrecision checks that a date known only to the month or year is
// given at that precision to machines too, in <time datetime>, as HTML
// allows ("2017-03", "2016").
func TestTimePrecision(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	for _, name := range []string{"borsetshire/index.html", "felpersham/index.html", "types/inspection/index.html", "changes/index.html"} {
		page := string(out[name])
		for _, bad := range []string{`datetime="2017-03-01"`, `datetime="2016-01-01"`} {
			if strings.Contains(page, bad) {
				t.Errorf("%s has %s, a day the sources do not give", name, bad)
			}
		}
	}
	if page := string(out["borsetshire/index.html"]); !strings.Contains(page, `datetime="2017-03"`) {
		t.Errorf("borsetshire/index.html has no datetime=\"2017-03\"")
	}
}

// TestPageMetadata checks that every page has a canonical link to its own
// address, a description and Open Graph tags (SPEC 4).
func TestPageMetadata(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	canonical := regexp.MustCompile(`<link rel="canonical" href="([^"]*)">`)
	description := regexp.MustCompile(`<meta name="description" content="([^"]+)">`)
	ogURL := regexp.MustCompile(`<meta property="og:url" content="([^"]*)">`)
	pages := 0
	for name, data := range out {
		page := string(data)
		if !strings.HasSuffix(name, ".html") || strings.Contains(page, `http-equiv="refresh"`) {
			continue
		}
		pages++
		want := "https://example.gov.uk/inspections/" + strings.TrimSuffix(name, "index.html")
		m := canonical.FindStringSubmatch(page)
		if m == nil || m[1] != want {
			t.Errorf("%s: canonical link %q, want %s", name, m, want)
		}
		if !description.MatchString(page) {
			t.Errorf("%s has no description", name)
		}
		if m := ogURL.FindStringSubmatch(page); m == nil || m[1] != want {
			t.Errorf("%s: og:url %q, want %s", name, m, want)
		}
		for _, tag := range []string{`property="og:title"`, `property="og:description"`, `property="og:type"`} {
			if !strings.Contains(page, tag) {
				t.Errorf("%s has no %s", name, tag)
			}
		}
	}
	if pages < 40 {
		t.Errorf("only %d pages", pages)
	}
}

// TestSearchData checks that the search data holds the published
// documents and not the draft.
func TestSearchData(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	var all []byte
	for name, data := range out {
		if strings.HasPrefix(name, "search/") && strings.HasSuffix(name, ".json") {
			all = append(all, data...)
		}
	}
	for _, want := range []string{"Borsetshire improvement plan", "/inspections/felpersham/2022-01-10-letter/"} {
		if !bytes.Contains(all, []byte(want)) {
			t.Errorf("the search data lacks %s", want)
		}
	}
	for _, unwanted := range []string{"A draft letter", "2023-01-05-letter", "Not yet published"} {
		if bytes.Contains(all, []byte(unwanted)) {
			t.Errorf("the search data holds the draft: %s", unwanted)
		}
	}
}

// TestOpenData checks judgements.csv and judgements.json against SPEC 4:
// the SPEC's columns first, then the body's code and region; a row for
// every area the framework of every graded document grades, a grade the
// sources do not give empty (null in JSON) and labelled as not recorded;
// documents at their absolute addresses.
func TestOpenData(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	rows, err := csv.NewReader(bytes.NewReader(out["judgements.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(rows[0], ","), "body,body_name,document,date,framework,area,area_label,grade,grade_label,code,region"; got != want {
		t.Errorf("judgements.csv header = %s, want %s", got, want)
	}
	// 7 + 4 areas for Borsetshire, 7 + 4 for Felpersham, whose 2016
	// inspection gives 4 of its framework's 7 grades.
	if got, want := len(rows)-1, 22; got != want {
		t.Errorf("judgements.csv has %d rows, want %d", got, want)
	}
	for _, want := range [][]string{
		{"borsetshire", "Borsetshire County Council", "https://example.gov.uk/inspections/borsetshire/2017-03-inspection/", "2017-03", "sif-2013", "overall", "Overall effectiveness", "inadequate", "Inadequate", "E99999901", "West Midlands"},
		{"felpersham", "Felpersham City Council", "https://example.gov.uk/inspections/felpersham/2016-inspection/", "2016", "sif-2013", "adoption", "Adoption performance", "", "Not recorded", "", "West Midlands"},
	} {
		found := false
		for _, r := range rows[1:] {
			if strings.Join(r, "|") == strings.Join(want, "|") {
				found = true
			}
		}
		if !found {
			t.Errorf("judgements.csv has no row %q", want)
		}
	}

	var data struct {
		Bodies []struct {
			Slug       string
			Name       string
			Judgements []struct {
				Document, Date, Framework, Area string
				Grade                           *string
				GradeLabel                      string `json:"grade_label"`
			}
		}
	}
	if err := json.Unmarshal(out["judgements.json"], &data); err != nil {
		t.Fatal(err)
	}
	if got, want := len(data.Bodies), 2; got != want {
		t.Fatalf("judgements.json has %d bodies, want %d", got, want)
	}
	b := data.Bodies[1]
	if got, want := b.Slug+" "+b.Name, "felpersham Felpersham City Council"; got != want {
		t.Errorf("second body = %q, want %q", got, want)
	}
	if got, want := len(b.Judgements), 11; got != want {
		t.Fatalf("felpersham has %d judgements, want %d", got, want)
	}
	j := b.Judgements[len(b.Judgements)-1]
	if got, want := j.Document+" "+j.Date+" "+j.Framework, "https://example.gov.uk/inspections/felpersham/2021-11-30-inspection/ 2021-11-30 ilacs-2018"; got != want {
		t.Errorf("felpersham's last judgement = %q, want %q", got, want)
	}
	unknown := 0
	for _, j := range b.Judgements {
		if j.Grade == nil {
			unknown++
			if j.GradeLabel != "Not recorded" {
				t.Errorf("felpersham's %s %s has no grade, labelled %q", j.Date, j.Area, j.GradeLabel)
			}
		}
	}
	if unknown != 3 {
		t.Errorf("felpersham has %d grades null, want 3 (adoption, care leavers, LSCB in 2016)", unknown)
	}
	if !bytes.Contains(out["judgements.json"], []byte(`"grade": null`)) {
		t.Errorf("judgements.json gives no unknown grade as null")
	}
}

// TestFeeds checks that the feeds are well-formed Atom with one entry per
// published version, newest first.
func TestFeeds(t *testing.T) {
	out := render(t, readSite(t, "basic"))
	type feed struct {
		Title   string `xml:"title"`
		Entries []struct {
			ID      string `xml:"id"`
			Updated string `xml:"updated"`
		} `xml:"entry"`
	}
	for _, tt := range []struct {
		file    string
		entries int
		first   string
	}{
		// 10 versions: 7 single documents and the plan's 3 versions;
		// the draft is left out.
		{"feed.xml", 10, "https://example.gov.uk/inspections/felpersham/2022-01-10-letter/2022-01-10/"},
		{"borsetshire/feed.xml", 7, "https://example.gov.uk/inspections/borsetshire/2020-03-10-progress/2020-03-10/"},
		{"felpersham/feed.xml", 3, "https://example.gov.uk/inspections/felpersham/2022-01-10-letter/2022-01-10/"},
	} {
		var f feed
		if err := xml.Unmarshal(out[tt.file], &f); err != nil {
			t.Errorf("%s: %v", tt.file, err)
			continue
		}
		if got, want := len(f.Entries), tt.entries; got != want {
			t.Errorf("%s has %d entries, want %d", tt.file, got, want)
			continue
		}
		if got, want := f.Entries[0].ID, tt.first; got != want {
			t.Errorf("%s: first entry %s, want %s", tt.file, got, want)
		}
		for i := 1; i < len(f.Entries); i++ {
			if f.Entries[i].Updated > f.Entries[i-1].Updated {
				t.Errorf("%s: entry %d (%s) is newer than the one before it", tt.file, i, f.Entries[i].ID)
			}
		}
	}
}

// TestLayoutOverride checks that a site's layouts/ replaces the default
// template of the same name, and its static/ the theme's file.
func TestLayoutOverride(t *testing.T) {
	fsys := readSite(t, "basic")
	fsys["layouts/page.html"] = &fstest.MapFile{Data: []byte(`{{template "base.html" .}}{{define "main"}}<h1 class="own">{{.Title}}</h1>{{.Text.Content}}{{end}}`)}
	fsys["static/css/scrutiny.css"] = &fstest.MapFile{Data: []byte("body{color:red}\n")}
	out := render(t, fsys)
	if got := string(out["about/index.html"]); !strings.Contains(got, `<h1 class="own">About this site</h1>`) {
		t.Errorf("about/index.html does not use the site's layouts/page.html:\n%s", got)
	}
	if got, want := string(out["css/scrutiny.css"]), "body{color:red}\n"; got != want {
		t.Errorf("css/scrutiny.css = %q, want the site's %q", got, want)
	}
}

// TestMinimalSite checks that a site with only site.toml and content/
// builds with the embedded theme.
func TestMinimalSite(t *testing.T) {
	out := render(t, fstest.MapFS{
		"site.toml":                 {Data: []byte("title = \"T\"\nbaseURL = \"https://example.org/\"\n")},
		"content/x/_index.md":       {Data: []byte("+++\nname = \"X Council\"\n+++\n")},
		"content/x/2020-01-01-a.md": {Data: []byte("+++\ntitle = \"A\"\ntype = \"letter\"\ndate = 2020-01-01\n+++\nHello.\n")},
	})
	for _, name := range []string{"index.html", "x/index.html", "x/2020-01-01-a/index.html", "css/scrutiny.css", "x/timeline.svg"} {
		if _, ok := out[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
	if got := string(out["x/2020-01-01-a/index.html"]); !strings.Contains(got, `href="/x/"`) {
		t.Errorf("a site at the root links to its body as /x/; the page has no such link")
	}
}

// TestRepositorySite builds the repository's own example site, and checks
// that each council's page lists every one of its published documents.
func TestRepositorySite(t *testing.T) {
	root := os.DirFS("../..")
	out := render(t, root)
	for _, body := range []string{"gloucestershire", "north-somerset"} {
		page, ok := out[body+"/index.html"]
		if !ok {
			t.Errorf("no page for %s", body)
			continue
		}
		entries, err := fs.ReadDir(root, "content/"+body)
		if err != nil {
			t.Fatal(err)
		}
		listed := 0
		for _, e := range entries {
			slug := strings.TrimSuffix(e.Name(), ".md")
			if e.Name() == "_index.md" || !e.IsDir() && !strings.HasSuffix(e.Name(), ".md") {
				continue
			}
			if !e.IsDir() {
				src, err := fs.ReadFile(root, "content/"+body+"/"+e.Name())
				if err != nil {
					t.Fatal(err)
				}
				if regexp.MustCompile(`(?m)^draft\s*=\s*true`).Match(src) {
					continue
				}
			}
			if !bytes.Contains(page, []byte(`href="/`+body+`/`+slug+`/"`)) {
				t.Errorf("%s/index.html does not list %s", body, slug)
			}
			if _, ok := out[path.Join(body, slug, "index.html")]; !ok {
				t.Errorf("no page for %s/%s", body, slug)
			}
			listed++
		}
		if listed < 3 {
			t.Errorf("%s has %d documents; the example site has more", body, listed)
		}
	}
	for _, name := range []string{"index.html", "about/index.html", "judgements.csv", "feed.xml"} {
		if _, ok := out[name]; !ok {
			t.Errorf("no %s", name)
		}
	}
}
