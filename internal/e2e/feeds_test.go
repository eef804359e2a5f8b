package e2e

import (
	"encoding/json"
	"encoding/xml"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// python finds a Python 3 that has feedparser.
func python(t *testing.T) string {
	t.Helper()
	return pythonWith(t, "feedparser", "apt-get install python3-feedparser")
}

// pythonWith finds a Python 3 that can import modules (a comma-separated
// list): Debian's packages install them for /usr/bin/python3, which need
// not be the python3 first on PATH.
func pythonWith(t *testing.T, modules, install string) string {
	t.Helper()
	var tried []string
	candidates := []string{"/usr/bin/python3"}
	if p, err := exec.LookPath("python3"); err == nil {
		candidates = append(candidates, p)
	}
	for _, p := range candidates {
		if exec.Command(p, "-c", "import "+modules).Run() == nil {
			return p
		}
		tried = append(tried, p)
	}
	missing(t, "no Python 3 with %s (tried %s): %s", modules, strings.Join(tried, ", "), install)
	return ""
}

// TestFeeds parses every Atom feed of the site (the site's /feed.xml and
// each body's) with feedparser, a parser that owes nothing to scrutiny. A
// feed must parse without the parser having to recover (bozo 0) as Atom 1.0,
// and each entry must have an id, an updated date and a link to a page of
// the site. The site's feed and the tested body's must have entries.
func TestFeeds(t *testing.T) {
	t.Parallel()
	py := python(t)
	s := builtSite(t)
	feeds := []string{filepath.Join(s.Dir, "feed.xml")}
	for _, b := range s.bodies() {
		feeds = append(feeds, filepath.Join(s.Dir, b, "feed.xml"))
	}
	want := map[string]bool{"feed.xml": true, s.body() + "/feed.xml": true}
	out, stderr, status := run(t, 2*time.Minute, nil, py, append([]string{filepath.Join("testdata", "feeds.py")}, feeds...)...)
	if status != 0 {
		t.Fatalf("feeds.py failed (exit status %d):\n%s", status, stderr)
	}
	var records []struct {
		File, BozoException, Version, Title string
		Bozo                                int
		Entries                             []struct {
			ID, Updated, Link, Title string
			UpdatedParsed            bool `json:"updated_parsed"`
		}
	}
	if err := json.Unmarshal(out, &records); err != nil {
		t.Fatalf("feeds.py printed no JSON: %v\n%s", err, out)
	}
	if len(records) != len(feeds) {
		t.Fatalf("feeds.py read %d feeds, want %d", len(records), len(feeds))
	}
	entries := 0
	for _, f := range records {
		name, _ := filepath.Rel(s.Dir, f.File)
		name = filepath.ToSlash(name)
		if f.Bozo != 0 {
			t.Errorf("%s: feedparser had to recover from an error: %s", name, f.BozoException)
		}
		if f.Version != "atom10" {
			t.Errorf("%s: feedparser read it as %q, want atom10", name, f.Version)
		}
		if f.Title == "" {
			t.Errorf("%s: the feed has no title", name)
		}
		if want[name] && len(f.Entries) == 0 {
			t.Errorf("%s: the feed has no entries", name)
		}
		entries += len(f.Entries)
		for i, e := range f.Entries {
			if e.ID == "" {
				t.Errorf("%s: entry %d (%q) has no id", name, i+1, e.Title)
			}
			if e.Updated == "" || !e.UpdatedParsed {
				t.Errorf("%s: entry %d (%q) has no updated date feedparser can read (%q)", name, i+1, e.Title, e.Updated)
			}
			switch {
			case e.Link == "":
				t.Errorf("%s: entry %d (%q) has no link", name, i+1, e.Title)
			case !s.internal(e.Link):
				t.Errorf("%s: entry %d (%q) links to %s, outside the site %s", name, i+1, e.Title, e.Link, s.URL)
			case s.file(e.Link) == "":
				t.Errorf("%s: entry %d (%q) links to %s, which was not built", name, i+1, e.Title, e.Link)
			}
		}
	}
	t.Logf("%d feeds, %d entries", len(records), entries)
}

// TestSitemap validates /sitemap.xml against the sitemaps.org schema (the
// file published at sitemaps.org, kept in testdata/sitemap.xsd) with
// xmllint, and checks that every address it lists is a page of the site.
func TestSitemap(t *testing.T) {
	t.Parallel()
	xmllint := program(t, "xmllint", "apt-get install libxml2-utils")
	s := builtSite(t)
	schema := filepath.Join("testdata", "sitemap.xsd")
	sitemap := filepath.Join(s.Dir, "sitemap.xml")
	if !isFile(sitemap) {
		t.Fatal("the site has no sitemap.xml")
	}

	// A control: a sitemap with a priority out of range must fail, which
	// proves xmllint loaded and applied the schema.
	bad := filepath.Join(t.TempDir(), "bad.xml")
	err := os.WriteFile(bad, []byte(`<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>http://127.0.0.1/</loc><priority>2</priority></url></urlset>
`), 0o644)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, status := run(t, time.Minute, nil, xmllint, "--noout", "--schema", schema, bad); status == 0 {
		t.Fatal("xmllint accepted a sitemap with priority 2, so it is not applying the schema")
	}

	_, stderr, status := run(t, time.Minute, nil, xmllint, "--noout", "--schema", schema, sitemap)
	if status != 0 {
		t.Errorf("sitemap.xml does not validate against the sitemaps.org schema (xmllint exit status %d):\n%s", status, stderr)
	}

	data, err := os.ReadFile(sitemap)
	if err != nil {
		t.Fatal(err)
	}
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal(data, &set); err != nil {
		t.Fatalf("sitemap.xml: %v", err)
	}
	if len(set.URLs) == 0 {
		t.Fatal("sitemap.xml lists no address")
	}
	for _, u := range set.URLs {
		switch {
		case !strings.HasPrefix(u.Loc, s.URL):
			t.Errorf("sitemap.xml lists %s, outside the site %s", u.Loc, s.URL)
		case s.file(u.Loc) == "":
			t.Errorf("sitemap.xml lists %s, which was not built", u.Loc)
		}
	}
	t.Logf("%d addresses", len(set.URLs))
}
