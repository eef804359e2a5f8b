package markdown

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"testing"

	"github.com/yuin/goldmark/text"
)

func convert(t *testing.T, c *Converter, src string) *Result {
	t.Helper()
	r, err := c.Convert([]byte(src), "/doc/", Prior{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestConvert(t *testing.T) {
	c := New("/inspections/", false, nil)
	for _, tt := range []struct {
		name, src string
		want      []string // substrings of the HTML
		unwanted  []string
	}{
		{"heading ids", "## What inspectors found\n\n## The council's plan\n\n## What inspectors found\n",
			[]string{`<h2 id="what-inspectors-found">`, `<h2 id="the-councils-plan">`, `<h2 id="what-inspectors-found-1">`}, nil},
		{"a heading never takes a paragraph's id", "## P2\n\nText.\n\nMore.\n",
			[]string{`id="p2-section"`, `<p id="p1">Text.`, `<p id="p2">More.`}, nil},
		{"paragraph ids", "One.\n\nTwo.\n\n- a list item\n\n  with two paragraphs\n\n> a quote\n\nThree.\n",
			[]string{`<p id="p1">One.`, `<p id="p2">Two.`, `<p id="p3">Three.`}, []string{`id="p4"`, `id="p5"`}},
		{"raw HTML is dropped", "<script>alert(1)</script>\n\nText <b onclick=\"x()\">bold</b> and <img src=x onerror=alert(1)>.\n",
			[]string{"Text"}, []string{"<script", "<b", "onclick", "onerror", "<img"}},
		{"javascript: link", "[x](javascript:alert(1))",
			[]string{`<a href="#">x</a>`}, []string{"javascript:", "alert"}},
		{"javascript: link in capitals", "[x](JavaScript:alert(1))",
			nil, []string{"JavaScript:", "alert(1)"}},
		{"javascript: link behind an entity", "[x](&#106;avascript:alert(1))",
			nil, []string{"avascript:", "alert(1)"}},
		{"javascript: link in angle brackets", "[x](<javascript:alert(1)>)",
			nil, []string{"javascript:", "alert(1)"}},
		{"javascript: reference link", "[x][1]\n\n[1]: javascript:alert(1)\n",
			nil, []string{"javascript:", "alert(1)"}},
		{"javascript: autolink", "<javascript:alert(1)>",
			nil, []string{`href="javascript:`}},
		{"javascript: image", "![x](javascript:alert(1))",
			nil, []string{"javascript:"}},
		{"data: link", "[x](data:text/html;base64,PHNjcmlwdD4=)",
			nil, []string{"data:"}},
		{"vbscript: link", "[x](vbscript:msgbox)",
			nil, []string{"vbscript:"}},
		{"safe schemes are kept", "[a](https://example.org/) [b](mailto:a@example.org) [c](tel:+441234) [d](http://example.org/)",
			[]string{`href="https://example.org/"`, `href="mailto:a@example.org"`, `href="tel:+441234"`, `href="http://example.org/"`}, nil},
		{"site addresses get the base path", "[a](/about/) [b](/b/doc/#R1) ![c](/img/x.png)",
			[]string{`href="/inspections/about/"`, `href="/inspections/b/doc/#R1"`, `src="/inspections/img/x.png"`}, nil},
		{"other addresses do not", "[a](//example.org/x) [b](#p1) [d](https://example.org/about/)",
			[]string{`href="//example.org/x"`, `href="#p1"`, `href="https://example.org/about/"`}, []string{"/inspections/"}},
		{"relative addresses start from the page's", "[a](report.pdf) [b](../other/#R2) [c](./x/?q=1)",
			[]string{`href="/inspections/doc/report.pdf"`, `href="/inspections/other/#R2"`, `href="/inspections/doc/x/?q=1"`}, nil},
		{"typographic quotes", `"Quoted" and 'single', it's -- and...`,
			[]string{"&ldquo;Quoted&rdquo;", "&lsquo;single&rsquo;", "it&rsquo;s", "&ndash;", "&hellip;"}, nil},
		{"angle quotes are left alone", "a << b >> c",
			[]string{"&lt;&lt;", "&gt;&gt;"}, []string{"&laquo;", "&raquo;"}},
		{"tables", "| a | b |\n| - | - |\n| 1 | 2 |\n",
			[]string{`<div class="table-wrap" tabindex="0" role="region" aria-label="Table"><table class="table">`, "</table></div>"}, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			html := string(convert(t, c, tt.src).HTML)
			for _, w := range tt.want {
				if !strings.Contains(html, w) {
					t.Errorf("the HTML lacks %s:\n%s", w, html)
				}
			}
			for _, u := range tt.unwanted {
				if strings.Contains(html, u) {
					t.Errorf("the HTML holds %s:\n%s", u, html)
				}
			}
		})
	}
}

func TestAllowHTML(t *testing.T) {
	c := New("/", true, nil)
	html := string(convert(t, c, "<div class=\"x\">kept</div>\n\nText <b>bold</b>.\n").HTML)
	for _, w := range []string{`<div class="x">kept</div>`, "<b>bold</b>"} {
		if !strings.Contains(html, w) {
			t.Errorf("with HTML allowed, the HTML lacks %s:\n%s", w, html)
		}
	}
	// Links are still checked when raw HTML is allowed.
	html = string(convert(t, c, "[x](javascript:alert(1))").HTML)
	if strings.Contains(html, "javascript:") {
		t.Errorf("with HTML allowed, a javascript: link is kept:\n%s", html)
	}
}

func TestAnchorsAndLinks(t *testing.T) {
	c := New("/inspections/", false, nil)
	src := "\n\n\n## Findings\n\nSee [the plan](/b/plan/#A1) and\n  [above](#findings), [p](/about/).\n\n## Next\n\n### Detail\n"
	r := convert(t, c, src)
	if got, want := strings.Join(r.Anchors, " "), "findings next detail p1"; !sameSet(got, want) {
		t.Errorf("anchors = %s, want %s", got, want)
	}
	var headings []string
	for _, h := range r.Headings {
		headings = append(headings, h.ID+"="+h.Text)
	}
	if got, want := strings.Join(headings, " "), "findings=Findings next=Next"; got != want {
		t.Errorf("headings = %s, want %s", got, want)
	}
	want := []Link{
		{Dest: "/b/plan/#A1", Path: "/b/plan/", Fragment: "A1", Line: 6, Col: 5},
		{Dest: "#findings", Path: "", Fragment: "findings", Line: 7, Col: 3},
		{Dest: "/about/", Path: "/about/", Fragment: "", Line: 7, Col: 23},
	}
	if len(r.Links) != len(want) {
		t.Fatalf("links = %+v, want %+v", r.Links, want)
	}
	for i, w := range want {
		if r.Links[i] != w {
			t.Errorf("link %d = %+v, want %+v", i, r.Links[i], w)
		}
	}
}

// TestReservedIDs checks that a heading never takes an id the page's own
// sections use.
func TestReservedIDs(t *testing.T) {
	c := New("/", false, []string{"judgements", "main"})
	html := string(convert(t, c, "## Judgements\n\n## Main\n").HTML)
	for _, w := range []string{`id="judgements-1"`, `id="main-1"`} {
		if !strings.Contains(html, w) {
			t.Errorf("the HTML lacks %s:\n%s", w, html)
		}
	}
}

// TestParagraphIDsAcrossVersions checks that a paragraph keeps its anchor
// in the next version while its text is unchanged.
func TestParagraphIDsAcrossVersions(t *testing.T) {
	c := New("/", false, nil)
	v1 := convert(t, c, "First.\n\nSecond.\n\nThird.\n")
	r, err := c.Convert([]byte("New.\n\nFirst.\n\nThird.\n"), "/doc/", v1.Prior())
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range r.Paras {
		got = append(got, p.ID+"="+p.Text)
	}
	// First keeps p1 and Third p3; the new paragraph takes a number
	// never used before, so #p2 never comes to mean another paragraph.
	if got, want := strings.Join(got, " "), "p4=New. p1=First. p3=Third."; got != want {
		t.Errorf("paragraphs = %s, want %s", got, want)
	}
}

func sameSet(a, b string) bool {
	set := map[string]int{}
	for _, x := range strings.Fields(a) {
		set[x]++
	}
	for _, x := range strings.Fields(b) {
		set[x]--
	}
	for _, n := range set {
		if n != 0 {
			return false
		}
	}
	return true
}

// TestUnsafeAutolinkKeepsWalk checks that the links after an unsafe
// autolink, which becomes text, are still checked, given the base path
// and cleaned of unsafe schemes.
func TestUnsafeAutolinkKeepsWalk(t *testing.T) {
	c := New("/inspections/", false, nil)
	r := convert(t, c, "See <ftp://example.org/x>, [the plan](/b/plan/) and [x](javascript:alert(1)).\n")
	html := string(r.HTML)
	for _, w := range []string{"ftp://example.org/x", `href="/inspections/b/plan/"`, `<a href="#">x</a>`} {
		if !strings.Contains(html, w) {
			t.Errorf("the HTML lacks %s:\n%s", w, html)
		}
	}
	if strings.Contains(html, "javascript:") || strings.Contains(html, `href="ftp:`) {
		t.Errorf("the HTML keeps an unsafe scheme:\n%s", html)
	}
	if len(r.Links) != 1 || r.Links[0].Path != "/b/plan/" {
		t.Errorf("links = %+v, want the one to /b/plan/", r.Links)
	}
}

// TestParagraphIDsNeverReused checks that a number once given to a
// paragraph is never given to another, even after the version that
// dropped it.
func TestParagraphIDsNeverReused(t *testing.T) {
	c := New("/", false, nil)
	v1 := convert(t, c, "A.\n\nB.\n\nC.\n\nD.\n\nE.\n")
	v2, err := c.Convert([]byte("A.\n\nB.\n\nC.\n\nD.\n"), "/doc/", v1.Prior())
	if err != nil {
		t.Fatal(err)
	}
	v3, err := c.Convert([]byte("A.\n\nB.\n\nC.\n\nD.\n\nNew words.\n"), "/doc/", v2.Prior())
	if err != nil {
		t.Fatal(err)
	}
	if got, want := strings.Join(v3.ParaIDs, " "), "p1 p2 p3 p4 p6"; got != want {
		t.Errorf("paragraph ids = %s, want %s (p5 was E's)", got, want)
	}
}

// TestManyParagraphs checks that matching the paragraphs of two long
// versions, rewritten, takes memory in proportion to them, not to their
// product (the table of 3,000 by 3,000 was 72 MB), and still keeps the ids
// of the paragraphs that stayed.
func TestManyParagraphs(t *testing.T) {
	const n = 3000
	var b []string
	var prev []Para
	for i := range n {
		prev = append(prev, Para{ID: "p" + itoa(i+1), Text: "old " + itoa(i)})
		// Every third paragraph stays, the rest are rewritten.
		if i%3 == 0 {
			b = append(b, "old "+itoa(i))
		} else {
			b = append(b, "new "+itoa(i))
		}
	}
	var ids []string
	allocated := allocatedBy(func() { ids, _ = paraIDs(Prior{Paras: prev}, b) })
	if allocated > 8<<20 {
		t.Errorf("paraIDs allocated %d MB for %d paragraphs", allocated>>20, n)
	}
	for i := 0; i < n; i += 3 {
		if want := "p" + itoa(i+1); ids[i] != want {
			t.Fatalf("paragraph %d, unchanged, has id %s, want %s", i, ids[i], want)
		}
	}
}

// TestSameHeadings checks that many headings of the same words get their
// ids in time and memory in proportion to their number: each tried every
// id taken before it (2,000 headings made 2 million ids).
func TestSameHeadings(t *testing.T) {
	c := New("/", false, nil)
	src := strings.Repeat("## Findings\n\n", 2000) + "## Findings 1\n\n## A\n\n## A\n\n## A-1\n\n## A\n"
	var r *Result
	allocs := testing.AllocsPerRun(1, func() { r = convert(t, c, src) })
	if allocs > 2000*60 {
		t.Errorf("%v allocations for 2,000 headings", allocs)
	}
	got := strings.Join(r.Anchors[1998:], " ")
	if want := "findings-1998 findings-1999 findings-1-1 a a-1 a-1-1 a-2"; got != want {
		t.Errorf("ids = %s, want %s", got, want)
	}
}

// TestLinksOnOneLine checks the positions of many links on one line,
// found without reading the line again for each: 40,000 links on one line
// took 30 s so.
func TestLinksOnOneLine(t *testing.T) {
	c := New("/", false, nil)
	line := strings.Repeat("é [a](/x/) ", 2000)
	src := []byte("Intro.\n\n" + line + "\n\nThen [b](/y/).\n")
	r := &Result{}
	pos := &positions{src: src}
	c.walk(c.md.Parser().Parse(text.NewReader(src)), pos, "/doc/", r)
	if pos.scanned > 2*len(src) {
		t.Errorf("%d bytes read to place the links of %d bytes", pos.scanned, len(src))
	}
	if len(r.Links) != 2001 {
		t.Fatalf("%d links, want 2001", len(r.Links))
	}
	for i, l := range r.Links[:2000] {
		if l.Line != 3 || l.Col != 3+11*i {
			t.Fatalf("link %d at %d:%d, want 3:%d", i, l.Line, l.Col, 3+11*i)
		}
	}
	if l := r.Links[2000]; l.Line != 5 || l.Col != 6 {
		t.Errorf("last link at %d:%d, want 5:6", l.Line, l.Col)
	}
}

// TestNesting checks that a line opening more lists or quotes inside each
// other than MaxNesting is refused at its place, before goldmark spends
// time in the square of the depth on it, and that the limit leaves real
// documents alone.
func TestNesting(t *testing.T) {
	c := New("/", false, nil)
	for _, tt := range []struct {
		name, src string
		col       int // of the marker past the limit; 0 if accepted
		line      int // of that marker, if not 3
	}{
		{"lists", "Text.\n\n" + strings.Repeat("- ", 5000) + "x\n", 201, 3},
		{"quotes", "Text.\n\n" + strings.Repeat("> ", 5000) + "x\n", 201, 3},
		{"quotes without spaces", "Text.\n\n" + strings.Repeat(">", 5000) + "x\n", 101, 3},
		{"numbered", "Text.\n\n" + strings.Repeat("1. ", 5000) + "x\n", 301, 3},
		{"at the limit", "Text.\n\n" + strings.Repeat("- ", MaxNesting) + "x\n", 0, 3},
		{"a long thematic break", "Text.\n\n" + strings.Repeat("- ", 5000) + "\n", 0, 3},
		{"a quoted thematic break", "Text.\n\n> " + strings.Repeat("* ", 5000) + "\n", 0, 3},
		{"a long line of text", "Text.\n\n" + strings.Repeat("a - b ", 5000) + "\n", 0, 3},
		// Nesting by indentation: 3,000 such lines took 4 minutes.
		{"indented lists", "Text.\n\n" + indented(200, "- x\n"), 201, 103},
		{"indented numbered lists", "Text.\n\n" + indented(200, "1. x\n\n"), 0, 3},
		{"indented lists, closed again", "Text.\n\n" + strings.Repeat(indented(60, "- x\n"), 10), 0, 3},
		{"items in a quote", "Text.\n\n" + strings.Repeat("> - x\n", 500), 0, 3},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Convert([]byte(tt.src), "/doc/", Prior{})
			if tt.col == 0 {
				if err != nil {
					t.Errorf("refused: %v", err)
				}
				return
			}
			e, ok := err.(*Error)
			if !ok {
				t.Fatalf("error %v, want a nesting error", err)
			}
			if line := max(tt.line, 3); e.Line != line || e.Col != tt.col || !strings.Contains(e.Msg, "more than 100 lists or quotes inside each other") {
				t.Errorf("error %v, want one at %d:%d", e, max(tt.line, 3), tt.col)
			}
		})
	}
}

// indented is n lines of item, each indented two spaces more than the
// one before: a list inside each list item.
func indented(n int, item string) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", 2*i) + item)
	}
	return b.String()
}

// allocatedBy returns the bytes that fn allocates.
func allocatedBy(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

func itoa(i int) string { return strconv.Itoa(i) }

// TestControlCharacterLink reports a relative link that holds a control
// character, which is no address: before, it went out unchecked.
func TestControlCharacterLink(t *testing.T) {
	c := New("/", false, nil)
	for _, src := range []string{
		"See [the plan](<plan\x01/>).\n",
		"See [the plan](plan&#127;/).\n",
	} {
		r := convert(t, c, src)
		if len(r.Links) != 1 || r.Links[0].Bad == "" || r.Links[0].Line != 1 {
			t.Errorf("%q: links = %+v, want one reported as no address, on line 1", src, r.Links)
		}
	}
}

// TestFootnoteLimit refuses a text of more footnotes than MaxFootnotes at
// the first one past the limit, and converts one at the limit.
func TestFootnoteLimit(t *testing.T) {
	c := New("/", false, nil)
	text := func(n int) string {
		var b strings.Builder
		b.WriteString("Text.\n\n")
		for i := range n {
			fmt.Fprintf(&b, "[^%d]: Note.\n", i)
		}
		return b.String()
	}
	if _, err := c.Convert([]byte(text(MaxFootnotes)), "/doc/", Prior{}); err != nil {
		t.Errorf("%d footnotes: %v", MaxFootnotes, err)
	}
	_, err := c.Convert([]byte(text(MaxFootnotes+1)), "/doc/", Prior{})
	var e *Error
	if !errors.As(err, &e) || e.Line != MaxFootnotes+3 || e.Col != 1 {
		t.Errorf("%d footnotes: %v, want an error at line %d, column 1", MaxFootnotes+1, err, MaxFootnotes+3)
	}
}

// TestAnchorKeepsToItsLine joins a paragraph's ¶ link to its last word by
// a no-break space, so that the mark never wraps onto a line of its own.
func TestAnchorKeepsToItsLine(t *testing.T) {
	r := convert(t, New("/", false, nil), "Some words.\n")
	if !strings.Contains(string(r.HTML), "words.\u00a0<a class=\"anchor\"") {
		t.Errorf("the anchor is not held to the text:\n%s", r.HTML)
	}
}

// TestPassageAnchors gives each bullet and table row an anchor from its
// words, the same in every version where the words stand, and leaves the
// paragraphs' numbers as they were.
func TestPassageAnchors(t *testing.T) {
	c := New("/", false, nil)
	src := "Intro.\n\n- Leaders know their services well.\n- Leaders know their services well.\n\n| Area | Grade |\n| --- | --- |\n| Leaders | Good |\n\nAfter.\n"
	r := convert(t, c, src)
	html := string(r.HTML)
	li := regexp.MustCompile(`<li id="(li-[a-z0-9]+(?:-2)?)">`).FindAllStringSubmatch(html, -1)
	if len(li) != 2 || li[0][1]+"-2" != li[1][1] {
		t.Errorf("bullets' ids %v, want one id and the same with -2:\n%s", li, html)
	}
	row := regexp.MustCompile(`<tr id="(row-[a-z0-9]+)">`).FindStringSubmatch(html)
	if row == nil {
		t.Fatalf("no table row anchor:\n%s", html)
	}
	if !strings.Contains(html, `<p id="p2">After.`) {
		t.Errorf("the paragraphs' numbers moved:\n%s", html)
	}
	// Another version with a bullet added before: the same words keep
	// their anchor.
	r2 := convert(t, c, "Intro.\n\n- A new point.\n- Leaders know their services well.\n\n| Area | Grade |\n| --- | --- |\n| Leaders | Good |\n")
	if !strings.Contains(string(r2.HTML), `id="`+li[0][1]+`"`) || !strings.Contains(string(r2.HTML), `id="`+row[1]+`"`) {
		t.Errorf("the same words lost their anchors in the next version:\n%s", r2.HTML)
	}
}

// TestPassages checks what a search result can quote: each heading,
// paragraph, bullet and table row, by the anchor a reader follows to it,
// in the words a reader reads (no anchor marks, no entities), and the
// passage where each term is first found.
func TestPassages(t *testing.T) {
	c := New("/", false, nil)
	var got [][]string
	c.Index = func(ps []string) any {
		got = append(got, ps)
		return nil
	}
	src := "Intro.\n\n## The council's plan\n\nIt \"works\" -- mostly.\n\n> Quoted.\n\n- one\n\n  more of one\n- two\n\n| Area | Grade |\n| --- | --- |\n| Help | Good |\n"
	r := convert(t, c, src)
	var ids []string
	for _, p := range r.Passages {
		ids = append(ids, p.ID)
	}
	for len(ids) < 7 {
		ids = append(ids, "")
	}
	want := []Passage{
		{"p1", "Intro."},
		{"the-councils-plan", "The council’s plan"},
		{"p2", "It “works” – mostly. Quoted."},
		{ids[3], "one more of one"},
		{ids[4], "two"},
		{ids[6], "Area · Grade"},
		{ids[6], "Help · Good"},
	}
	if !reflect.DeepEqual(r.Passages, want) {
		t.Fatalf("passages\n%q\nwant\n%q", r.Passages, want)
	}
	for k, prefix := range map[int]string{3: "li-", 4: "li-", 6: "row-"} {
		if p := want[k]; !strings.HasPrefix(p.ID, prefix) {
			t.Errorf("passage %q has anchor %q, want %s...", p.Text, p.ID, prefix)
		}
	}
	if len(got) != 1 || len(got[0]) != len(want) || got[0][2] != want[2].Text {
		t.Errorf("indexed %q, want the passages' texts", got)
	}
}
