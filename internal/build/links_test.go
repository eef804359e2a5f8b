package build_test

import (
	"net/url"
	"path"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

var (
	idAttr   = regexp.MustCompile(`\sid="([^"]+)"`)
	linkAttr = regexp.MustCompile(`\s(?:href|src)="([^"]*)"`)
	refresh  = regexp.MustCompile(`http-equiv="refresh" content="0; url=([^"]+)"`)
)

// checkLinks checks every internal link of a built site: the file it names
// exists, and so does the fragment it points at.
func checkLinks(t *testing.T, files map[string][]byte, base string) int {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]map[string]bool{}
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		set := map[string]bool{}
		for _, m := range idAttr.FindAllSubmatch(data, -1) {
			set[string(m[1])] = true
		}
		ids[name] = set
	}
	// target maps an address under the base path to the file that serves it.
	target := func(p string) (string, bool) {
		if !strings.HasPrefix(p, u.Path) {
			return "", false
		}
		name := strings.TrimPrefix(p, u.Path)
		if name == "" || strings.HasSuffix(name, "/") {
			name += "index.html"
		}
		_, ok := files[name]
		return name, ok
	}
	checked := 0
	for name, data := range files {
		if !strings.HasSuffix(name, ".html") {
			continue
		}
		var links []string
		for _, m := range linkAttr.FindAllSubmatch(data, -1) {
			links = append(links, strings.ReplaceAll(string(m[1]), "&amp;", "&"))
		}
		for _, m := range refresh.FindAllSubmatch(data, -1) {
			links = append(links, string(m[1]))
		}
		for _, l := range links {
			ref, err := url.Parse(l)
			if err != nil {
				t.Errorf("%s: bad link %q", name, l)
				continue
			}
			var file string
			switch {
			case ref.Scheme != "" || ref.Host != "":
				if ref.Host != u.Host {
					continue // another site
				}
				fallthrough
			case strings.HasPrefix(ref.Path, "/"):
				f, ok := target(ref.Path)
				if !ok {
					t.Errorf("%s: link %q goes nowhere", name, l)
					continue
				}
				file = f
			case ref.Path == "":
				file = name
			default:
				f, ok := target(path.Join(path.Dir("/"+u.Path[1:]+name), ref.Path))
				if !ok {
					t.Errorf("%s: relative link %q goes nowhere", name, l)
					continue
				}
				file = f
			}
			checked++
			if ref.Fragment != "" && strings.HasSuffix(file, ".html") && !ids[file][ref.Fragment] {
				t.Errorf("%s: link %q: %s has no id %q", name, l, file, ref.Fragment)
			}
		}
	}
	return checked
}

// TestNoBrokenLinks checks every link and fragment of every test site.
func TestNoBrokenLinks(t *testing.T) {
	for _, site := range []struct{ name, base string }{
		{"basic", "https://example.gov.uk/inspections/"},
		{"plan", "https://example.org/"},
		{"versions", "https://example.org/records/"},
	} {
		t.Run(site.name, func(t *testing.T) {
			files := render(t, readSite(t, site.name))
			if n := checkLinks(t, files, site.base); n < 100 {
				t.Errorf("checked only %d links; the site has more", n)
			}
		})
	}
}

// TestRevisedDocument follows a document revised three times, renamed, in
// a renamed body: every version, change page, anchor and old address works.
func TestRevisedDocument(t *testing.T) {
	files := render(t, readSite(t, "versions"))
	doc := "wessex/2023-02-01-monitoring-visit/"
	versions := []string{"2023-02-01", "2023-03-15", "2023-06-30", "2023-09-01"}
	for i, v := range versions {
		for _, f := range []string{doc + v + "/index.html", doc + v + "/changes/index.html"} {
			if _, ok := files[f]; !ok && (i > 0 || !strings.HasSuffix(f, "/changes/index.html")) {
				t.Errorf("missing %s", f)
			}
		}
	}
	// A first version changes nothing: it has no page of changes, and
	// nothing links to one.
	if _, ok := files[doc+versions[0]+"/changes/index.html"]; ok {
		t.Errorf("the first version has a page of changes")
	}
	for name, data := range files {
		if strings.Contains(string(data), doc+versions[0]+"/changes/") {
			t.Errorf("%s links to the first version's changes", name)
		}
	}
	// Older versions say a newer one exists; the newest does not.
	for i, v := range versions {
		page := string(files[doc+v+"/index.html"])
		newer := strings.Contains(page, "A newer version exists")
		if want := i < len(versions)-1; newer != want {
			t.Errorf("%s: notice of a newer version shown %v, want %v", v, newer, want)
		}
	}
	// A paragraph keeps its anchor while its text does not move: the one
	// inserted in the third version takes a new number, and the others
	// keep theirs.
	para := regexp.MustCompile(`<p id="(p\d+)">([^<]*)`)
	want := map[string]string{
		"2023-02-01": "p1 p2 p3",
		"2023-03-15": "p1 p2 p3",
		"2023-06-30": "p4 p1 p2 p3",
		"2023-09-01": "p1 p2 p3",
	}
	for v, w := range want {
		var got []string
		for _, m := range para.FindAllStringSubmatch(string(files[doc+v+"/index.html"]), -1) {
			got = append(got, m[1])
		}
		if g := strings.Join(got, " "); g != w {
			t.Errorf("%s: paragraph ids %q, want %q", v, g, w)
		}
	}
	// The changes page marks the words that changed.
	changes := string(files[doc+"2023-03-15/changes/index.html"])
	if !strings.Contains(changes, `<del><span class="visually-hidden">[deleted: </span>some`) ||
		!strings.Contains(changes, `<ins><span class="visually-hidden">[inserted: </span>many`) {
		t.Errorf("changes of 2023-03-15 do not mark some -> many:\n%s", changes)
	}
	// And in the data, the words of a field that changed, not the field.
	if !strings.Contains(string(files[doc+"2023-09-01/changes/index.html"]), `<td>Record why a visit is late.</td><td>Record why a visit is late<ins><span class="visually-hidden">[inserted: </span>, and tell the family<span class="visually-hidden">]</span></ins>.</td>`) {
		t.Error("changes of 2023-09-01 do not mark the words added to a recommendation")
	}
	// Old addresses: the document's earlier slug and the body's earlier
	// slug redirect for the document, every version and every change page.
	for _, old := range []string{"wessex/2023-monitoring-letter/", "wessex-cc/2023-02-01-monitoring-visit/", "wessex-cc/"} {
		if !strings.Contains(string(files[old+"index.html"]), "https://example.org/records/wessex/") {
			t.Errorf("%s does not redirect into wessex/", old)
		}
	}
	for _, v := range versions[1:] {
		for _, old := range []string{"wessex/2023-monitoring-letter/", "wessex-cc/2023-02-01-monitoring-visit/"} {
			page := string(files[old+v+"/changes/index.html"])
			if !strings.Contains(page, "https://example.org/records/"+doc+v+"/changes/") {
				t.Errorf("%s%s/changes/ does not redirect to the version's changes", old, v)
			}
		}
	}
	if r := string(files["_redirects"]); !strings.Contains(r, "/records/wessex-cc/* /records/wessex/:splat 301") {
		t.Errorf("_redirects has no rule for the renamed body:\n%s", r)
	}
}

// TestLinkToAlias checks that a link to an earlier address of a page is
// good, since the address redirects there, and that its fragment is
// checked against the page it redirects to.
func TestLinkToAlias(t *testing.T) {
	fsys := readSite(t, "basic")
	page := func(link string) {
		fsys["content/links.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Links\"\n+++\n\nSee [the old address](" + link + ").\n"), Mode: 0o644}
	}
	page("/about-us/#how-to-use-this-site")
	if _, err := tryRender(fsys); err != nil {
		t.Errorf("a link to an alias was refused:\n%v", err)
	}
	page("/about-us/#no-such-section")
	_, err := tryRender(fsys)
	if err == nil || !strings.Contains(err.Error(), `content/links.md:5:5: link to /about/#no-such-section: the page has no anchor "no-such-section"`) {
		t.Errorf("a link to an alias with a wrong anchor: %v", err)
	}
}
