package build_test

import (
	"bytes"
	"encoding/csv"
	"io/fs"
	"net/url"
	"os"
	"path"
	"strings"
	"testing"
)

// handWritten lists the repository's content files that people wrote, as
// opposed to those `scrutiny import` writes (and will write again).
func handWritten(t *testing.T, root fs.FS) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	err := fs.WalkDir(root, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || path.Ext(p) != ".md" {
			return err
		}
		src, err := fs.ReadFile(root, p)
		if err != nil {
			return err
		}
		if !bytes.Contains(src, []byte("# Written by scrutiny import")) {
			out[p] = true
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// page is the built file of a content file's page.
func page(file string) string {
	p := strings.TrimSuffix(strings.TrimPrefix(file, "content/"), ".md")
	switch {
	case p == "_index":
		return "index.html"
	case strings.HasSuffix(p, "/_index"):
		return strings.TrimSuffix(p, "_index") + "index.html"
	}
	if dir, version := path.Split(p); len(version) == len("2006-01-02") && strings.Count(version, "-") == 2 && dir != "" && strings.Count(p, "/") == 2 {
		return dir + version + "/index.html" // a version of a document
	}
	return p + "/index.html"
}

// prose is a home or body page's introduction: its first prose block.
func prose(page string) string {
	i := strings.Index(page, `<div class="prose">`)
	if i < 0 {
		return ""
	}
	page = page[i:]
	return page[:strings.Index(page, `<section`)]
}

// TestExampleSiteText checks what the example site's own words say against
// its sources: who the data comes from, that the seed councils' stories
// reach their latest inspections, and the order of a meeting's business.
//
// Regression: the home page, the about page and the seed councils' pages
// called the ILACS scrape tool's table of Ofsted's reports "Ofsted's data";
// the seed councils' introductions and the home page stopped in 2022 and
// 2020 though both councils were inspected again; the minutes of
// 1 December 2020 called the focused visit letter the first item.
func TestExampleSiteText(t *testing.T) {
	root := os.DirFS("../..")
	out := render(t, root)
	own := handWritten(t, root)

	// Pages written by hand, and by the templates, say whose the data is.
	pages := []string{"judgements/index.html"}
	for file := range own {
		pages = append(pages, page(file))
	}
	for _, name := range pages {
		data, ok := out[name]
		if !ok {
			t.Errorf("no %s", name)
			continue
		}
		s := text(data)
		for _, wrong := range []string{"Ofsted's data", "Ofsted’s data", "Ofsted's published data", "Ofsted’s published data", "outcomes data", "Ofsted's lookup", "Ofsted’s lookup"} {
			if strings.Contains(s, wrong) {
				t.Errorf("%s says %q: the table is the ILACS scrape tool's, drawn from Ofsted's reports", name, wrong)
			}
		}
	}
	for _, name := range []string{"index.html", "about/index.html"} {
		if !bytes.Contains(out[name], []byte(`href="https://github.com/JT-39/ofsted-ilacs-scrape-tool"`)) {
			t.Errorf("%s does not name the ILACS scrape tool", name)
		}
	}

	// Each hand-written body's introduction mentions every one of its
	// graded documents, and the home page each such body's latest.
	rows, err := csv.NewReader(bytes.NewReader(out["judgements.csv"])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	graded := map[string][]string{} // body: document paths, oldest first
	for _, r := range rows[1:] {
		u, err := url.Parse(r[2])
		if err != nil {
			t.Fatal(err)
		}
		if docs := graded[r[0]]; len(docs) == 0 || docs[len(docs)-1] != u.Path {
			graded[r[0]] = append(docs, u.Path)
		}
	}
	home := prose(string(out["index.html"]))
	seeds := 0
	for file := range own {
		body, ok := strings.CutSuffix(strings.TrimPrefix(file, "content/"), "/_index.md")
		if !ok || strings.Contains(body, "/") {
			continue
		}
		seeds++
		intro := prose(string(out[body+"/index.html"]))
		docs := graded[body]
		if len(docs) == 0 {
			t.Errorf("%s has no inspections", body)
			continue
		}
		for _, d := range docs {
			if !strings.Contains(intro, `href="`+d+`"`) {
				t.Errorf("%s's introduction does not mention its inspection %s", body, d)
			}
		}
		if latest := docs[len(docs)-1]; !strings.Contains(home, `href="`+latest+`"`) {
			t.Errorf("the home page does not mention %s's latest inspection, %s", body, latest)
		}
	}
	if seeds != 2 {
		t.Errorf("found %d bodies written by hand, want the 2 seed councils", seeds)
	}

	// Declarations of interest came first at the meeting of 1 December
	// 2020 (Gloucestershire's minutes); the focused visit letter second.
	minutes := text(out["gloucestershire/2020-12-01-minutes/index.html"])
	if w := "Its first item was declarations of interest, of which none were received; the second was the outcome letter"; !strings.Contains(minutes, w) {
		t.Errorf("the minutes of 1 December 2020 lack %q", w)
	}
	if strings.Contains(minutes, "first item of business was the outcome letter") {
		t.Errorf("the minutes of 1 December 2020 call the focused visit letter the first item")
	}
}
