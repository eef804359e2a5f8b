package e2e

import (
	"fmt"
	"html"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
)

// The link checker reads the site's own generated HTML with regular
// expressions rather than a full HTML parser (golang.org/x/net/html is not
// among scrutiny's dependencies, and these pages are ours): it finds every
// start tag, then every attribute in it, quoted or not. Text can hold no
// raw "<", so a start tag is found only where one is, once comments and
// the contents of script and style elements are blanked.
var (
	rawText  = regexp.MustCompile(`(?is)(<(script|style)\b[^>]*>).*?(</(script|style)\s*>)`)
	comments = regexp.MustCompile(`(?s)<!--.*?-->`)
	startTag = regexp.MustCompile(`<([a-zA-Z][^\s/>]*)((?:\s+[^\s"'>/=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>` + "`" + `]+))?|\s*/)*)\s*>`)
	attr     = regexp.MustCompile(`([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>` + "`" + `]+)))?`)
	refresh  = regexp.MustCompile(`(?i)^\s*\d+\s*;\s*url\s*=\s*['"]?([^'"]*)`)
)

// A link is one address a page refers to.
type link struct {
	Attr, Ref string
}

// scan returns the addresses a page links to or loads (href, src, srcset,
// and a refresh's url), and the anchors it has (every id, and a's name).
func scan(page string) (links []link, ids []string) {
	page = rawText.ReplaceAllString(page, "$1$3")
	page = comments.ReplaceAllString(page, "")
	for _, tag := range startTag.FindAllStringSubmatch(page, -1) {
		name := strings.ToLower(tag[1])
		attrs := map[string]string{}
		for _, a := range attr.FindAllStringSubmatch(tag[2], -1) {
			key := strings.ToLower(a[1])
			if _, dup := attrs[key]; !dup {
				attrs[key] = html.UnescapeString(a[2] + a[3] + a[4])
			}
		}
		for _, key := range []string{"href", "xlink:href", "src"} {
			if v, ok := attrs[key]; ok {
				links = append(links, link{key, strings.TrimSpace(v)})
			}
		}
		if v, ok := attrs["srcset"]; ok {
			for _, c := range strings.Split(v, ",") {
				if f := strings.Fields(c); len(f) > 0 {
					links = append(links, link{"srcset", f[0]})
				}
			}
		}
		if name == "meta" && strings.EqualFold(attrs["http-equiv"], "refresh") {
			if m := refresh.FindStringSubmatch(attrs["content"]); m != nil {
				links = append(links, link{"refresh", strings.TrimSpace(m[1])})
			}
		}
		if v, ok := attrs["id"]; ok {
			ids = append(ids, v)
		}
		if v, ok := attrs["name"]; ok && name == "a" {
			ids = append(ids, v)
		}
	}
	return links, ids
}

func TestScan(t *testing.T) {
	for _, tt := range []struct {
		page  string
		links []link
		ids   []string
	}{
		{`<a href="/a/">a</a>`, []link{{"href", "/a/"}}, nil},
		{`<a class=x href=/a/#p1 id=top>a</a>`, []link{{"href", "/a/#p1"}}, []string{"top"}},
		{`<a title='x > y' href='/a?b=1&amp;c=2'>`, []link{{"href", "/a?b=1&c=2"}}, nil},
		{`<img alt="" src="/i.svg" srcset="/i.png 1x, /i2.png 2x">`, []link{{"src", "/i.svg"}, {"srcset", "/i.png"}, {"srcset", "/i2.png"}}, nil},
		{`<p data-href="/no/">href="/no/"</p>`, nil, nil},
		{`<!-- <a href="/no/"> --><script>var a = '<a href="/no/">'</script><script src="/s.js" defer></script>`, []link{{"src", "/s.js"}}, nil},
		{`<svg><a href="/d/" aria-label="x"><rect/></a><use xlink:href="#g"/></svg>`, []link{{"href", "/d/"}, {"xlink:href", "#g"}}, nil},
		{`<meta http-equiv="refresh" content="0; url=/new/">`, []link{{"refresh", "/new/"}}, nil},
		{`<h2 id="r1">R1</h2><a name="old">`, nil, []string{"r1", "old"}},
		{`<input disabled id=q>`, nil, []string{"q"}},
	} {
		links, ids := scan(tt.page)
		if !slices.Equal(links, tt.links) || !slices.Equal(ids, tt.ids) {
			t.Errorf("scan(%q) = %v, %v; want %v, %v", tt.page, links, ids, tt.links, tt.ids)
		}
	}
}

// TestLinks follows every address of every built page (and timeline
// image) that stays on the site: each must name a built file, and each
// anchor (#id) an element of the page it names. The 404 page is read as a
// host serves it, at an address deep in the site, so its links must work
// from anywhere.
func TestLinks(t *testing.T) {
	t.Parallel()
	s := builtSite(t)
	problems, checked, files := checkLinks(t, s)
	keys := make([]string, 0, len(problems))
	for k := range problems {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		if i == 50 {
			t.Errorf("…and %d more broken links", len(keys)-i)
			break
		}
		on := problems[k]
		more := ""
		if len(on) > 5 {
			more = fmt.Sprintf(" and %d more pages", len(on)-5)
			on = on[:5]
		}
		t.Errorf("%s\n  on %s%s", k, strings.Join(on, ", "), more)
	}
	t.Logf("checked %d internal links on %d pages", checked, files)
}

// TestLinksControl runs the link checker over a small site with known
// faults, which it must find.
func TestLinksControl(t *testing.T) {
	dir := t.TempDir()
	for name, data := range map[string]string{
		"index.html":     `<a href="/a/">a</a> <a href="/a/#here">here</a> <a href="/a/#gone">gone</a> <a href="/missing/">missing</a> <a href="https://example.org/x/">elsewhere</a>`,
		"a/index.html":   `<h1 id="here">A</h1><a href="../">home</a> <a href="#nowhere">nowhere</a>`,
		"b/index.html":   `<p>No links at all.</p>`,
		"404.html":       `<a href="css/x.css">relative</a> <a href="/">home</a>`,
		"css/x.css":      ``,
		"b/timeline.svg": `<svg><a href="/a/#here"></a></svg>`,
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	s := &site{Dir: dir, URL: "http://127.0.0.1:1/"}
	problems, checked, _ := checkLinks(t, s)
	var got []string
	for k, on := range problems {
		got = append(got, k+" on "+strings.Join(on, ","))
	}
	sort.Strings(got)
	want := []string{
		`href="#nowhere": the page has no element with id "nowhere" on a/index.html`,
		`href="/a/#gone": /a/ has no element with id "gone" on index.html`,
		`href="/missing/": nothing is built at /missing/ on index.html`,
		`href="css/x.css": nothing is built at /no/such/page/css/x.css on 404.html`,
		`the page has no link to the site: is the link checker reading it? on b/index.html`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("checkLinks found\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if checked != 9 {
		t.Errorf("checkLinks checked %d links, want 9", checked)
	}
}

// checkLinks checks the links of every HTML page and SVG image of s, and
// returns its findings, each with the pages that have it, and how many
// links and files it checked.
func checkLinks(t *testing.T, s *site) (problems map[string][]string, checked, files int) {
	t.Helper()
	names := s.htmlFiles(t)
	svgs, _ := filepath.Glob(filepath.Join(s.Dir, "*", "*.svg"))
	for _, f := range svgs {
		rel, _ := filepath.Rel(s.Dir, f)
		names = append(names, filepath.ToSlash(rel))
	}

	type page struct {
		links []link
		ids   map[string]bool
	}
	pages := map[string]*page{} // by file name
	for _, f := range names {
		data, err := os.ReadFile(filepath.Join(s.Dir, filepath.FromSlash(f)))
		if err != nil {
			t.Fatal(err)
		}
		links, ids := scan(string(data))
		p := &page{links: links, ids: map[string]bool{}}
		for _, id := range ids {
			p.ids[id] = true
		}
		pages[filepath.Join(s.Dir, filepath.FromSlash(f))] = p
	}
	anchors := func(file string) map[string]bool {
		if p := pages[file]; p != nil {
			return p.ids
		}
		return nil
	}

	problems = map[string][]string{}
	bad := func(f, format string, args ...any) {
		key := fmt.Sprintf(format, args...)
		problems[key] = append(problems[key], f)
	}
	for _, f := range names {
		p := pages[filepath.Join(s.Dir, filepath.FromSlash(f))]
		addr := s.URL + strings.TrimSuffix(f, "index.html")
		if f == "404.html" {
			addr = s.URL + "no/such/page/"
		}
		base, _ := url.Parse(addr)
		internal := 0
		for _, l := range p.links {
			ref, err := url.Parse(l.Ref)
			if err != nil {
				bad(f, "%s=%q does not parse: %v", l.Attr, l.Ref, err)
				continue
			}
			u := base.ResolveReference(ref)
			if !s.internal(u.String()) {
				continue
			}
			internal++
			checked++
			if ref.Scheme == "" && ref.Host == "" && ref.Path == "" && ref.RawQuery == "" {
				// A reference to the page itself ("#main") stays in
				// the page, whatever its address.
				if ref.Fragment != "" && ref.Fragment != "top" && !p.ids[ref.Fragment] {
					bad(f, "%s=%q: the page has no element with id %q", l.Attr, l.Ref, ref.Fragment)
				}
				continue
			}
			target := s.file(u.String())
			if target == "" {
				bad(f, "%s=%q: nothing is built at %s", l.Attr, l.Ref, u.Path)
				continue
			}
			if u.Fragment == "" || u.Fragment == "top" && !anchors(target)["top"] {
				continue
			}
			ext := path.Ext(target)
			if ext != ".html" && ext != ".svg" {
				continue
			}
			if !anchors(target)[u.Fragment] {
				bad(f, "%s=%q: %s has no element with id %q", l.Attr, l.Ref, u.Path, u.Fragment)
			}
		}
		if internal == 0 && strings.HasSuffix(f, ".html") {
			bad(f, "the page has no link to the site: is the link checker reading it?")
		}
	}

	return problems, checked, len(names)
}
