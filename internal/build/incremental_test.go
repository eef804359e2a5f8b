package build_test

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"scrutiny"
	"scrutiny/internal/build"
)

// TestBuildMatchesCold edits the basic site one step at a time and, after
// each, builds into an output folder that holds the last build, with its
// cache: the build makes again only what changed, and must leave exactly
// the files that a cold build into an empty folder, with no cache, makes.
func TestBuildMatchesCold(t *testing.T) {
	site, out := basicDir(t)
	file := func(name string) string { return filepath.Join(site, filepath.FromSlash(name)) }
	write := func(name, data string) {
		t.Helper()
		if err := os.MkdirAll(filepath.Dir(file(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(file(name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	edit := func(name, old, new string) { t.Helper(); editFile(t, site, name, old, new) }
	remove := func(name string) {
		t.Helper()
		if err := os.Remove(file(name)); err != nil {
			t.Fatal(err)
		}
	}
	visit := "content/borsetshire/2018-05-14-monitoring-visit.md"
	plan := "content/borsetshire/2019-09-improvement-plan/2019-11-15.md"
	letter := "content/felpersham/2024-02-02-letter.md"
	report := "content/borsetshire/2019-06-28-inspection/report.pdf"
	// most is how many files the step may write and remove at most,
	// and how many routes it may make, where it changes little; 0 for
	// no bound.
	steps := []struct {
		what string
		do   func()
		most int
	}{
		{"a document's text", func() { edit(visit, "Progress was slow.", "Progress was slow, and uneven.") }, 12},
		{"a document's title", func() {
			edit(visit, `title = "Monitoring visit to Borsetshire"`, `title = "First monitoring visit to Borsetshire"`)
		}, 0},
		{"a status in a progress report", func() {
			edit("content/borsetshire/2020-03-10-progress.md", `status = "at-risk"`, `status = "off-track"`)
		}, 0},
		{"the text of a plan's middle version", func() { edit(plan, "## About the plan\n", "## About the plan\n\nA new opening sentence.\n") }, 0},
		{"a new document", func() {
			write(letter, "+++\ntitle = \"Letter\"\ntype = \"letter\"\ndate = 2024-02-02\n+++\nA letter.\n")
		}, 0},
		{"a document removed", func() { remove(letter) }, 0},
		{"an attachment changed", func() { write(report, "%PDF-1.4 another report\n") }, 6},
		{"an attachment removed", func() {
			remove(report)
			edit("content/borsetshire/2019-06-28-inspection.md", "The [full report](/borsetshire/2019-06-28-inspection/report.pdf) has the detail.", "The full report has the detail.")
		}, 0},
		{"a static file added", func() { write("static/img/seal.svg", `<svg xmlns="http://www.w3.org/2000/svg"/>`) }, 2},
		{"a static file removed", func() { remove("static/img/seal.svg") }, 2},
		{"an alias added", func() {
			edit("content/about.md", `aliases = ["/about-us/",`, `aliases = ["/about-this-site/", "/about-us/",`)
		}, 0},
		{"a body's introduction", func() {
			edit("content/felpersham/_index.md", "fictional unitary authority.", "fictional unitary authority in the Midlands.")
		}, 0},
		{"a body's name", func() {
			edit("content/felpersham/_index.md", `name = "Felpersham City Council"`, `name = "Felpersham Council"`)
		}, 0},
		{"site.toml", func() { edit("site.toml", `title = "`, `title = "The `) }, 0},
		// Timelines run to the day of the build.
		{"a new day", func() { t.Setenv("SOURCE_DATE_EPOCH", "1893456000") }, 0},
		{"nothing", func() {}, 0},
	}

	if _, err := buildDir(site, out); err != nil {
		t.Fatal(err)
	}
	for _, step := range steps {
		step.do()
		res, err := buildDir(site, out)
		if err != nil {
			t.Fatalf("after %s: %v", step.what, err)
		}
		t.Logf("%s: %d routes made of %d; %d files written, %d removed", step.what, res.Made, res.Routes, res.Written, res.Removed)
		cold := filepath.Join(t.TempDir(), "public")
		if _, err := buildFresh(site, cold); err != nil {
			t.Fatal(err)
		}
		got, want := contents(t, out), contents(t, cold)
		for _, name := range slices.Sorted(maps.Keys(want)) {
			if g, ok := got[name]; !ok {
				t.Errorf("after %s: the build left no %s", step.what, name)
			} else if g != want[name] {
				t.Errorf("after %s: %s differs from a cold build's:\n%s", step.what, name, firstDiff([]byte(want[name]), []byte(g)))
			}
		}
		for name := range got {
			if _, ok := want[name]; !ok {
				t.Errorf("after %s: the build left %s, which a cold build does not make", step.what, name)
			}
		}
		if step.most > 0 && (res.Written+res.Removed > step.most || res.Made > step.most) {
			t.Errorf("after %s: %d files written and %d removed, %d routes made of %d, want at most %d of each", step.what, res.Written, res.Removed, res.Made, res.Routes, step.most)
		}
		if step.what == "nothing" && !res.UpToDate {
			t.Errorf("after nothing changed: the build made %d routes, want none", res.Made)
		}
		if res.Files != len(want) {
			t.Errorf("after %s: the build counts %d files, a cold build makes %d", step.what, res.Files, len(want))
		}
	}
}

// TestDraftsOutOfSitemap checks that a draft built with -drafts, to be
// looked at, is marked noindex and kept out of the sitemap, where its
// published neighbours are in it.
func TestDraftsOutOfSitemap(t *testing.T) {
	files := mapFiles(readSite(t, "basic"))
	files["content/felpersham/2024-02-02-letter.md"] = doc([]string{`title = "A draft letter"`, `type = "letter"`, `date = 2024-02-02`, `draft = true`}, "Not yet sent.")
	out, err := renderWith(build.Options{Site: os.DirFS(writeDir(t, files)), Theme: scrutiny.Theme, Drafts: true})
	if err != nil {
		t.Fatal(err)
	}
	page := string(out["felpersham/2024-02-02-letter/index.html"])
	if !strings.Contains(page, `content="noindex`) {
		t.Errorf("the draft's page is not marked noindex")
	}
	sitemap := string(out["sitemap.xml"])
	if strings.Contains(sitemap, "2024-02-02-letter") {
		t.Errorf("the sitemap lists the draft:\n%s", sitemap)
	}
	if !strings.Contains(sitemap, "2022-01-10-letter/") {
		t.Errorf("the sitemap leaves out a published letter:\n%s", sitemap)
	}
}
