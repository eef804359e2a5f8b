package serve

import (
	"strings"
	"testing"
	"testing/fstest"

	"scrutiny/internal/diag"
)

func TestIgnored(t *testing.T) {
	for rel, want := range map[string]bool{
		"content/about.md":              false,
		"content/body/doc/2020-01.md":   false,
		"static/css/site.css":           false,
		"content/.about.md.swp":         true,
		"content/about.md.swx":          true,
		"content/about.md~":             true,
		"content/4913":                  true,
		"content/#about.md#":            true,
		"content/.#about.md":            true,
		"content/.git/HEAD":             true,
		"static/.DS_Store":              true,
		"layouts/base.html___jb_tmp___": true,
		"content/about.md.tmp":          true,
	} {
		if got := ignored(rel); got != want {
			t.Errorf("ignored(%q) = %v, want %v", rel, got, want)
		}
	}
	for rel, want := range map[string]bool{
		"site.toml": true, "content/a.md": true, "layouts/base.html": true, "static/x.css": true,
		"public/index.html": false, "README.md": false, "contents/a.md": false, "site.toml~": false,
	} {
		if got := isSource(rel); got != want {
			t.Errorf("isSource(%q) = %v, want %v", rel, got, want)
		}
	}
}

func TestBatch(t *testing.T) {
	if got := batch(map[string]bool{"b": true, "a": true}, false); strings.Join(got, ",") != "a,b" {
		t.Errorf("batch = %q", got)
	}
	if got := batch(map[string]bool{"a": true}, true); got != nil {
		t.Errorf("batch after an overflow = %q, want nil", got)
	}
	if got := batch(map[string]bool{"a": true, "": true}, false); got != nil {
		t.Errorf("batch after a folder went = %q, want nil", got)
	}
}

func TestUnion(t *testing.T) {
	if got := union([]string{}, []string{"b", "a"}); strings.Join(got, ",") != "a,b" {
		t.Errorf("union = %q", got)
	}
	if got := union([]string{"a"}, []string{"a", "c"}); strings.Join(got, ",") != "a,c" {
		t.Errorf("union = %q", got)
	}
	if union(nil, []string{"a"}) != nil || union([]string{"a"}, nil) != nil {
		t.Errorf("nil (everything) does not absorb")
	}
}

func TestInject(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"<html><body><p>x</p></body></html>", `<html><body><p>x</p><script src="/b/_scrutiny/reload.js?build=t.2" defer></script></body></html>`},
		{"<p>no end tags", `<p>no end tags<script src="/b/_scrutiny/reload.js?build=t.2" defer></script>`},
		// The layout's own tag names the build too: a page knows which
		// build it came from.
		{`<body><script src="/_scrutiny/reload.js" defer></script></body>`, `<body><script src="/_scrutiny/reload.js?build=t.2" defer></script></body>`},
	} {
		if got := string(inject([]byte(c.in), "/b/", "t.2")); got != c.want {
			t.Errorf("inject(%q) =\n%s\nwant\n%s", c.in, got, c.want)
		}
	}
}

func TestContentType(t *testing.T) {
	for name, want := range map[string]string{
		"index.html":      "text/html; charset=utf-8",
		"css/s.css":       "text/css; charset=utf-8",
		"judgements.csv":  "text/csv; charset=utf-8",
		"feed.xml":        "application/xml",
		"a/report.PDF":    "application/pdf",
		"timeline.svg":    "image/svg+xml",
		"_redirects":      "text/plain; charset=utf-8",
		"search/index.js": "text/javascript; charset=utf-8",
	} {
		if got := contentType(name, []byte("/old /new 301\n")); got != want {
			t.Errorf("contentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestErrorPage(t *testing.T) {
	site := fstest.MapFS{"content/a.md": {Data: []byte("+++\ntitle = \"<A>\"\n\ttype = \"x\"\n+++\ntext\nmore\nend\n")}}
	page := string(errorPage(site, "/b/", diag.Errors{
		{File: "content/a.md", Line: 3, Col: 9, Msg: `unknown type "x"`},
		{File: "content/gone.md", Line: 1, Col: 1, Msg: "cannot read"},
		{Msg: "-baseURL: not an address"},
	}))
	for _, want := range []string{
		"<title>3 errors: the site did not build</title>",
		`<h2 class="where">content/a.md:3:9</h2>`,
		`unknown type &#34;x&#34;`,
		"<span class=\"n\">1</span>&#43;&#43;&#43;\n</span>",
		`<span class="n">2</span>title = &#34;&lt;A&gt;&#34;`, // escaped
		"<span class=\"l here\"><span class=\"n\">3</span><span class=\"sr\">(the problem is on this line) </span>\ttype = &#34;x&#34;\n</span>",
		"<span class=\"l caret\" aria-hidden=\"true\"><span class=\"n\"></span>\t       ^\n</span>",
		`<span class="n">5</span>text`,
		"<h2 class=\"where\">content/gone.md:1:1</h2>\n<p class=\"msg\">cannot read</p>\n</li>",
		"<li>\n<p class=\"msg\">-baseURL: not an address</p>",
		`<script src="/b/_scrutiny/reload.js" defer></script>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("error page lacks %q", want)
		}
	}
	if strings.Contains(page, `<span class="n">6</span>`) {
		t.Errorf("error page shows more than two lines after")
	}
	if t.Failed() {
		t.Log(page)
	}
}

// TestErrorPanel checks that the problems go at the top of a page's body,
// and say that the page below is the last good build's.
func TestErrorPanel(t *testing.T) {
	panel := errorPanel(fstest.MapFS{}, "/b/", diag.Errors{{File: "content/a.md", Line: 3, Col: 9, Msg: `unknown type "x"`}})
	if !strings.Contains(string(panel), "below is the page as the last good build made it") {
		t.Errorf("the panel does not say what is below it:\n%s", panel)
	}
	page := []byte(`<!DOCTYPE html><html><head><title>T</title></head><body class="x"><main>Page</main></body></html>`)
	got := string(withPanel(page, panel))
	if want := `<body class="x">` + string(panel) + `<main>Page</main>`; !strings.Contains(got, want) {
		t.Errorf("panel not at the top of the body:\n%s", got)
	}
}
