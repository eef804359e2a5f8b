package e2e

import (
	"html"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
)

var (
	snippetRe = regexp.MustCompile(`(?s)<pre><code>(.*?)</code></pre>`)
	sourcesRe = regexp.MustCompile(`(?s)<p class="?source[^>]*>(.*?)</p>`)
	hrefRe    = regexp.MustCompile(`<a href="?([^" >]+)"?>([^<]*)</a>`)
	// sourceFact is the Source row of a document's facts: the original.
	sourceFact = regexp.MustCompile(`(?s)>Source</dt>\s*<dd[^>]*><a href="?([^" >]+)`)
)

// TestEmbedSource checks that the embed page of the tested body names the
// source of what it shows: the original of its latest judgement, the same
// address the judgement's own page gives, and the body's full record.
func TestEmbedSource(t *testing.T) {
	t.Parallel()
	s := builtSite(t)
	body := s.body()
	page, err := os.ReadFile(s.file("/" + body + "/embed/"))
	if err != nil {
		t.Fatalf("no embed page for %s: %v", body, err)
	}
	m := sourcesRe.FindSubmatch(page)
	if m == nil {
		t.Fatalf("/%s/embed/ has no paragraph of sources", body)
	}
	links := map[string]string{} // text -> address
	for _, l := range hrefRe.FindAllSubmatch(m[1], -1) {
		links[html.UnescapeString(string(l[2]))] = html.UnescapeString(string(l[1]))
	}
	record := ""
	for text, addr := range links {
		if strings.HasPrefix(text, "the full record of ") {
			record = addr
		}
	}
	if record != "/"+body+"/" {
		t.Errorf("/%s/embed/ names %q as the full record, want /%s/", body, record, body)
	}
	// The latest judgement: the first link after "Latest judgement".
	latest := regexp.MustCompile(`Latest judgement: <a href="?([^" >]+)`).FindSubmatch(page)
	if latest == nil || s.file(string(latest[1])) == "" {
		t.Fatalf("/%s/embed/ links to no latest judgement that was built: %q", body, latest)
	}
	doc, _ := os.ReadFile(s.file(string(latest[1])))
	if f := sourceFact.FindSubmatch(doc); f != nil {
		if got, want := links["the original document"], html.UnescapeString(string(f[1])); got != want {
			t.Errorf("/%s/embed/ gives %q as the original of its latest judgement; its page %s gives %q", body, got, latest[1], want)
		}
	} else if _, ok := links["the original document"]; ok {
		t.Errorf("/%s/embed/ links to an original that the judgement's page %s does not name", body, latest[1])
	}
}

// TestEmbedFrame pastes the code a body's page offers to copy into a page
// of another site, as a council's web team would, and opens it in
// Chromium: the frame shows the body's embed page, the image its timeline,
// and a link in the frame, of its text or of its chart, opens in the whole
// window.
func TestEmbedFrame(t *testing.T) {
	t.Parallel()
	env := browser(t)
	s := builtSite(t)
	body := s.body()
	bodyPage, _ := os.ReadFile(s.file("/" + body + "/"))
	var code []string
	for _, m := range snippetRe.FindAllSubmatch(bodyPage, -1) {
		code = append(code, html.UnescapeString(string(m[1])))
	}
	if len(code) != 2 || !strings.HasPrefix(code[0], "<iframe ") || !strings.Contains(code[1], "<img ") {
		t.Fatalf("/%s/ offers %d pieces of code to copy, want an iframe and an image: %q", body, len(code), code)
	}
	name := ""
	if m := h1Re.FindSubmatch(bodyPage); m != nil {
		name = html.UnescapeString(strings.TrimSpace(tagsRe.ReplaceAllString(string(m[1]), "")))
	}
	// Another origin: a server of its own, on another port.
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Write([]byte("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>A council's page</title></head><body><main><h1>Our inspections</h1>\n" +
			strings.Join(code, "\n<p>Text between.</p>\n") + "\n</main></body></html>\n"))
	}))
	defer host.Close()

	var r struct {
		FrameURL, H1, FrameTitle string
		FrameHeight              float64
		ContentHeight            float64
		Image                    *struct {
			Alt      string
			Width    int
			Complete bool
		}
		Errors      []string
		Text, Chart struct{ Href, Top string }
	}
	script(t, env, &r, "frame.mjs", host.URL+"/")
	for _, e := range r.Errors {
		t.Errorf("the council's page: %s", e)
	}
	if want := s.URL + body + "/embed/"; r.FrameURL != want {
		t.Errorf("the frame shows %s, want %s", r.FrameURL, want)
	}
	if strings.TrimSpace(r.H1) != name || !strings.Contains(r.FrameTitle, name) {
		t.Errorf("the frame, titled %q, shows %q, want %q", r.FrameTitle, r.H1, name)
	}
	if r.ContentHeight > r.FrameHeight {
		t.Errorf("the frame is %.0fpx high at 1280px wide; its page needs %.0fpx: the code's height is too small", r.FrameHeight, r.ContentHeight)
	}
	if r.Image == nil || !r.Image.Complete || r.Image.Width == 0 || !strings.Contains(r.Image.Alt, name) {
		t.Errorf("the timeline image did not load, or its alt text lacks %q: %+v", name, r.Image)
	}
	for what, l := range map[string]struct{ Href, Top string }{"text": r.Text, "chart": r.Chart} {
		if l.Href == "" || l.Top != l.Href {
			t.Errorf("a link of the frame's %s to %s left the whole window at %s: it opened inside the frame", what, l.Href, l.Top)
		} else if s.file(l.Href) == "" {
			t.Errorf("a link of the frame's %s opened %s, which was not built", what, l.Href)
		}
	}
}
