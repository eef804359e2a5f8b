package e2e

import (
	"fmt"
	"html"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// A view is what pages.mjs found at one width of one page.
type view struct {
	Status      int
	Title       string
	Violations  []violation
	Errors      []string
	Screenshot  string
	ScrollWidth int
	InnerWidth  int
	Wide        []struct {
		Element      string
		Right, Width int
	}
	// Clipped are the tables and charts whose wrapper scrolls sideways
	// to show them; Headline is how far down the page the headline grade ends
	// (-1 where there is none), against InnerHeight, the first screen.
	Clipped []struct {
		Element      string
		Width, Shown int
	}
	Headline    int
	InnerHeight int
}

type violation struct {
	ID, Impact, Help, HelpURL string
	Tags                      []string
	Nodes                     []struct{ Target, HTML, Summary string }
}

// TestPages checks one page of every kind in Chromium, at desktop and at
// phone width: axe-core finds no WCAG 2.2 A or AA violation (its rules for
// 2.0, 2.1 and 2.2), no script fails and no request fails, the page does
// not scroll sideways on a phone (WCAG 1.4.10, reflow), and a screenshot
// of each width is kept.
func TestPages(t *testing.T) {
	t.Parallel()
	env := browser(t)
	s := builtSite(t)
	checkPages(t, env, s, s.pages(t), "")
}

// TestPlanPages checks the pages of the fictional plan site the same way:
// the plan with its table and chart of statuses, a progress report, and
// the inspection whose recommendations list their actions.
func TestPlanPages(t *testing.T) {
	t.Parallel()
	env := browser(t)
	s := planSite(t)
	checkPages(t, env, s, []page{
		{"plan", "/borchester/2023-06-01-improvement-plan/"},
		{"plan-version", "/borchester/2023-06-01-improvement-plan/2023-06-01/"},
		{"plan-changes", "/borchester/2023-06-01-improvement-plan/2024-01-15/changes/"},
		{"progress", "/borchester/2024-03-31-progress/"},
		{"inspection", "/borchester/2023-05-02-inspection/"},
		{"body", "/borchester/"},
	}, "plan-")
}

// checkPages runs pages.mjs over pages of s and judges what it found. The
// screenshots' names start with prefix.
func checkPages(t *testing.T, env []string, s *site, pages []page, prefix string) {
	t.Helper()
	dir := artefacts(t, "screenshots")
	args := []string{s.URL, dir}
	for _, p := range pages {
		if s.file(p.Path) == "" {
			t.Errorf("no page was built at %s", p.Path)
		}
		args = append(args, prefix+p.Name+"="+p.Path)
	}
	var records []struct {
		Name, Path     string
		Desktop, Phone view
	}
	script(t, env, &records, "pages.mjs", args...)
	if len(records) != len(pages) {
		t.Fatalf("pages.mjs checked %d pages, want %d", len(records), len(pages))
	}
	for _, r := range records {
		t.Run(r.Name, func(t *testing.T) {
			for _, v := range []struct {
				width string
				view
			}{{"desktop", r.Desktop}, {"phone", r.Phone}} {
				if v.Status != 200 {
					t.Errorf("%s at %s width: status %d, want 200", r.Path, v.width, v.Status)
				}
				for _, e := range v.Errors {
					t.Errorf("%s at %s width: %s", r.Path, v.width, e)
				}
				for _, x := range v.Violations {
					t.Errorf("%s at %s width: axe %s (%s, %s): %s\n%s\n%s",
						r.Path, v.width, x.ID, x.Impact, strings.Join(x.Tags, " "), x.Help, nodes(x), x.HelpURL)
				}
				for _, c := range v.Clipped {
					t.Errorf("%s at %s width: the table or chart %q is %dpx wide in %dpx: some of it is off screen", r.Path, v.width, c.Element, c.Width, c.Shown)
				}
				// A reader comes to the national table and to a council's
				// page for the grade: it must be on the first screen.
				if r.Name == "judgements" || r.Name == "body" {
					if v.Headline < 0 {
						t.Errorf("%s at %s width: no headline grade ([data-headline])", r.Path, v.width)
					} else if v.Headline > v.InnerHeight {
						t.Errorf("%s at %s width: the headline grade ends %dpx down, below the first screen of %dpx", r.Path, v.width, v.Headline, v.InnerHeight)
					}
				}
				if fi, err := os.Stat(v.Screenshot); err != nil || fi.Size() == 0 {
					t.Errorf("%s at %s width: no screenshot at %s", r.Path, v.width, v.Screenshot)
				}
			}
			if p := r.Phone; p.InnerWidth != 360 {
				t.Errorf("%s: the phone's window is %dpx wide, want 360", r.Path, p.InnerWidth)
			} else if p.ScrollWidth > p.InnerWidth {
				var wide []string
				for _, w := range p.Wide {
					wide = append(wide, fmt.Sprintf("%s (%dpx wide, right edge at %dpx)", w.Element, w.Width, w.Right))
				}
				t.Errorf("%s scrolls sideways at phone width: the page is %dpx wide in a %dpx window; too wide: %s",
					r.Path, p.ScrollWidth, p.InnerWidth, strings.Join(wide, "; "))
			}
		})
	}
	t.Logf("screenshots in %s", dir)
}

// nodes lists the elements a violation names, a few of them.
func nodes(v violation) string {
	var b strings.Builder
	for i, n := range v.Nodes {
		if i == 5 {
			fmt.Fprintf(&b, "  …and %d more elements\n", len(v.Nodes)-i)
			break
		}
		fmt.Fprintf(&b, "  %s: %s\n    %s\n", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n    "))
	}
	return strings.TrimRight(b.String(), "\n")
}

// TestTimelineKeyboard follows a link of a body's timeline chart with the
// keyboard alone: Tab until a link in the chart has focus, then Enter,
// which must open the document the link names.
func TestTimelineKeyboard(t *testing.T) {
	t.Parallel()
	env := browser(t)
	s := builtSite(t)
	body := s.body()
	if body == "" {
		t.Fatal("no body's page has a timeline with links")
	}
	var r struct {
		Start, Href, URL, Title, H1 string
		Tabs                        int
		Focused                     *struct {
			Tag, Href, Label string
			InChart          bool
		}
	}
	script(t, env, &r, "keyboard.mjs", s.URL, "/"+body+"/")
	if r.Focused == nil {
		t.Fatalf("/%s/: %d presses of Tab never focused a link in the timeline's chart", body, r.Tabs)
	}
	t.Logf("Tab %d times to %q (%s), then Enter: %s", r.Tabs, r.Focused.Label, r.Href, r.URL)
	if r.Focused.Label == "" {
		t.Errorf("the focused timeline link %s has no accessible name", r.Href)
	}
	if r.URL != r.Href {
		t.Errorf("Enter on the timeline link %s opened %s", r.Href, r.URL)
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		t.Fatal(err)
	}
	parts := strings.Split(strings.Trim(u.Path, "/"), "/")
	if len(parts) < 2 || len(parts) > 3 || parts[0] != body || len(s.versions(body, parts[1])) == 0 {
		t.Errorf("the timeline link opened %s, not a document of %s (/%s/<document>/)", u.Path, body, body)
	}
	if s.file(r.URL) == "" {
		t.Errorf("the timeline link opened %s, which was not built", u.Path)
	}
	if strings.TrimSpace(r.H1) == "" {
		t.Errorf("the page the timeline link opened, %s, has no heading", u.Path)
	}
}

var (
	h1Re   = regexp.MustCompile(`(?s)<h1[^>]*>(.*?)</h1>`)
	tagsRe = regexp.MustCompile(`<[^>]*>`)
)

// TestSearch searches as a reader does: on the search page, type a word of
// a known document's title into the search box, press Enter, and find a
// link to that document among the results.
func TestSearch(t *testing.T) {
	t.Parallel()
	env := browser(t)
	s := builtSite(t)
	doc, word := searchTarget(t, s)
	t.Logf("searching for %q, which should find %s", word, doc)
	var r struct {
		URL, Text string
		Links     []struct{ Href, Text string }
		Errors    []string
	}
	script(t, env, &r, "search.mjs", s.URL, "/search/", word)
	for _, e := range r.Errors {
		t.Errorf("script error on /search/: %s", e)
	}
	if len(r.Links) == 0 {
		t.Fatalf("searching /search/ for %q showed no result links; the results said: %q", word, r.Text)
	}
	for _, l := range r.Links {
		u, err := url.Parse(l.Href)
		if err == nil && (u.Path == doc || strings.HasPrefix(u.Path, doc) && datedDir.MatchString(strings.Trim(strings.TrimPrefix(u.Path, doc), "/"))) {
			if s.file(l.Href) == "" {
				t.Errorf("the result %s links to a page that was not built", l.Href)
			}
			return
		}
	}
	var got []string
	for _, l := range r.Links {
		got = append(got, l.Href)
	}
	t.Errorf("searching for %q found %d results, none of them %s: %s", word, len(r.Links), doc, strings.Join(got, " "))
}

// TestSearchQuote searches for a word of a document's text, not its
// title, and checks that the result shows where it was found: a quote
// with the word marked, and a link to that passage, an anchor of the page.
func TestSearchQuote(t *testing.T) {
	t.Parallel()
	env := browser(t)
	s := builtSite(t)
	doc, word := quoteTarget(t, s)
	t.Logf("searching for %q, which the text of %s holds", word, doc)
	var r struct {
		Items []struct {
			Href, Quote, Passage string
			Marks                []string
		}
		Errors []string
	}
	script(t, env, &r, "search.mjs", s.URL, "/search/", word)
	for _, e := range r.Errors {
		t.Errorf("script error on /search/: %s", e)
	}
	for _, it := range r.Items {
		u, err := url.Parse(it.Href)
		if err != nil || u.Path != doc {
			continue
		}
		if !slices.ContainsFunc(it.Marks, func(m string) bool { return strings.HasPrefix(strings.ToLower(m), word) }) {
			t.Errorf("the result for %s quotes %q, with %q marked, not %q", doc, it.Quote, it.Marks, word)
		}
		p, err := url.Parse(it.Passage)
		if err != nil || p.Path != doc || p.Fragment == "" {
			t.Fatalf("the result for %s links to the passage at %q, not to an anchor of its page", doc, it.Passage)
		}
		page, _ := os.ReadFile(s.file(it.Passage))
		if !strings.Contains(string(page), ` id="`+p.Fragment+`"`) && !strings.Contains(string(page), " id="+p.Fragment+">") {
			t.Errorf("the result's passage link %s names no anchor of the page", it.Passage)
		}
		return
	}
	t.Errorf("searching for %q showed %d results, none of them %s", word, len(r.Items), doc)
}

// quoteTarget picks a document of the tested body and a word of its first
// numbered paragraph that is not in its title and that the fewest
// documents' pages hold, so that it comes early among the results.
func quoteTarget(t *testing.T, s *site) (doc, word string) {
	t.Helper()
	para := regexp.MustCompile(`(?s)<p id="?p\d+"?>(.*?)</p>`)
	body := s.body()
	pages := map[string]string{} // every document's page, in lower case
	for _, b := range s.bodies() {
		for _, d := range s.documents(b) {
			data, _ := os.ReadFile(filepath.Join(s.Dir, b, d, "index.html"))
			pages["/"+b+"/"+d+"/"] = strings.ToLower(string(data))
		}
	}
	best := -1
	for _, d := range s.documents(body) {
		addr := "/" + body + "/" + d + "/"
		m := para.FindStringSubmatch(pages[addr])
		if m == nil {
			continue
		}
		title := ""
		if h := h1Re.FindStringSubmatch(pages[addr]); h != nil {
			title = h[1]
		}
		text := html.UnescapeString(tagsRe.ReplaceAllString(m[1], " "))
		for _, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
			if len(w) < 6 || strings.Contains(title, w) {
				continue
			}
			n := 0
			for _, p := range pages {
				if strings.Contains(p, w) {
					n++
				}
			}
			if best < 0 || n < best {
				best, doc, word = n, addr, w
			}
		}
	}
	if best < 0 {
		t.Fatalf("no document of %s has a numbered paragraph with a word to search for", body)
	}
	return doc, word
}

// searchTarget picks a document of the tested body and the word of its
// title that the fewest documents' titles share, so that it comes early
// among the results.
func searchTarget(t *testing.T, s *site) (doc, word string) {
	t.Helper()
	words := func(title string) []string {
		var out []string
		for _, w := range strings.FieldsFunc(title, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
			if len([]rune(w)) >= 4 && strings.ContainsFunc(w, unicode.IsLetter) {
				out = append(out, w)
			}
		}
		return out
	}
	title := func(b, d string) string {
		page, _ := os.ReadFile(filepath.Join(s.Dir, b, d, "index.html"))
		m := h1Re.FindSubmatch(page)
		if m == nil {
			return ""
		}
		return html.UnescapeString(tagsRe.ReplaceAllString(string(m[1]), ""))
	}
	count := map[string]int{}
	for _, b := range s.bodies() {
		for _, d := range s.documents(b) {
			seen := map[string]bool{}
			for _, w := range words(title(b, d)) {
				if w := strings.ToLower(w); !seen[w] {
					seen[w] = true
					count[w]++
				}
			}
		}
	}
	body := s.body()
	type pick struct{ doc, word string }
	var picks []pick
	for _, d := range s.documents(body) {
		for _, w := range words(title(body, d)) {
			picks = append(picks, pick{"/" + body + "/" + d + "/", w})
		}
	}
	if len(picks) == 0 {
		t.Fatalf("no document of %s has a title to search for", body)
	}
	sort.SliceStable(picks, func(i, j int) bool {
		return count[strings.ToLower(picks[i].word)] < count[strings.ToLower(picks[j].word)]
	})
	return picks[0].doc, picks[0].word
}
