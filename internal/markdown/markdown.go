// Package markdown is scrutiny's one goldmark setup: CommonMark with GitHub
// tables, strikethrough, task lists and autolinks, footnotes, heading IDs and
// typographic punctuation suited to en-GB. It drops raw HTML unless the site
// allows it, keeps only safe link schemes, gives site addresses the base
// path, numbers paragraphs for stable anchors, and reports every internal
// link so that the build can check it resolves.
package markdown

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"scrutiny/internal/config"
)

// Converter turns Markdown into HTML. It is safe for concurrent use.
type Converter struct {
	md       goldmark.Markdown
	basePath string
	reserved []string
	// Index, when set, turns a document's plain text into the terms a
	// search index keeps; Convert then fills Result.Terms.
	Index func(text string) []uint32
}

// New returns a converter for a site under basePath ("/" or "/inspections/").
// allowHTML passes raw HTML through; otherwise it is dropped. Headings never
// take a reserved id: the templates' own ids for the page's sections.
func New(basePath string, allowHTML bool, reserved []string) *Converter {
	var opts []renderer.Option
	if allowHTML {
		opts = append(opts, html.WithUnsafe())
	}
	md := goldmark.New(
		goldmark.WithExtensions(
			extension.GFM,
			extension.Footnote,
			extension.NewTypographer(extension.WithTypographicSubstitutions(map[extension.TypographicPunctuation][]byte{
				// Angle quotes are not English punctuation: leave << and >> alone.
				extension.LeftAngleQuote:  nil,
				extension.RightAngleQuote: nil,
			})),
		),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
		goldmark.WithRendererOptions(opts...),
	)
	return &Converter{md: md, basePath: basePath, reserved: reserved}
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Link is a link in the Markdown to a site address, to be checked.
type Link struct {
	Dest     string // as written
	Path     string // the site address, without the base path
	Fragment string
	Line     int
	Col      int
}

// Result is a converted document.
type Result struct {
	HTML    []byte
	Anchors []string // ids of headings and numbered paragraphs
	Links   []Link   // links to site addresses and to fragments of this page
	// Headings lists the second-level headings, for a contents list.
	Headings []Heading
	// Paras are the numbered paragraphs, to keep their ids in the next
	// version.
	Paras []Para
	// ParaIDs are the numbered paragraphs' ids, in order, for HTML.
	ParaIDs []string
	// Terms are the search terms of the text, when the converter indexes.
	Terms []uint32
}

// Para is a numbered paragraph: its id and its text.
type Para struct {
	ID   string
	Text string
}

// Heading is a section heading.
type Heading struct {
	ID, Text string
}

// Convert renders src, the Markdown of the page at the site address dir
// ("/b/doc/"). Line numbers in the returned links are src's. prev holds the
// paragraphs of the document's previous version, whose ids carry over to
// the paragraphs that did not change.
func (c *Converter) Convert(src []byte, dir string, prev []Para) (*Result, error) {
	return c.convert(src, dir, true, true, func(texts []string) []string { return paraIDs(prev, texts) })
}

// Scan is Convert without the HTML: everything else the text gives (its
// anchors, links, headings, paragraphs and terms), for a build that makes
// the HTML again only as the page renders (see Again), and so would throw
// this rendering away.
func (c *Converter) Scan(src []byte, dir string, prev []Para) (*Result, error) {
	return c.convert(src, dir, true, false, func(texts []string) []string { return paraIDs(prev, texts) })
}

// Again renders src again as Convert did, with the paragraph ids Convert
// gave it (Result.ParaIDs), and returns the HTML and what goes with it (the
// headings for a contents list): a build that does not keep every
// document's HTML while it renders makes it again so, without the
// versions before.
func (c *Converter) Again(src []byte, dir string, ids []string) (*Result, error) {
	var mismatch error
	r, err := c.convert(src, dir, false, true, func(texts []string) []string {
		if len(texts) != len(ids) {
			mismatch = fmt.Errorf("the text has %d paragraphs, not the %d it had when it was checked", len(texts), len(ids))
			return make([]string, len(texts))
		}
		return ids
	})
	if err == nil {
		err = mismatch
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// convert parses src and, if render is set, renders it. ids gives the
// numbered paragraphs their ids, from their text; first says this is the
// text's first conversion, which indexes it and records its paragraphs.
func (c *Converter) convert(src []byte, dir string, first, render bool, ids func(texts []string) []string) (*Result, error) {
	ctx := parser.NewContext(parser.WithIDs(newIDs(c.reserved)))
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	res := &Result{}
	paras, lists := c.walk(doc, src, dir, res)
	numberItems(lists, res)
	if first && c.Index != nil {
		res.Terms = c.Index(plain(doc, src))
	}
	texts := make([]string, len(paras))
	if first {
		for i, n := range paras {
			texts[i] = plain(n, src)
		}
	}
	res.ParaIDs = ids(texts)
	for i, n := range paras {
		n.SetAttributeString("id", []byte(res.ParaIDs[i]))
		n.AppendChild(n, anchor(res.ParaIDs[i], "Link to this paragraph"))
		res.Anchors = append(res.Anchors, res.ParaIDs[i])
		if first {
			res.Paras = append(res.Paras, Para{ID: res.ParaIDs[i], Text: texts[i]})
		}
	}
	if !render {
		return res, nil
	}
	// A buffer of an earlier document is already near the size this one
	// needs; ReplaceAll below copies the HTML out of it.
	buf := buffers.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); buffers.Put(buf) }()
	if err := c.md.Renderer().Render(buf, src, doc); err != nil {
		return nil, err
	}
	// Wide tables scroll inside a focusable region rather than widening
	// the page on a phone.
	out := bytes.ReplaceAll(buf.Bytes(), []byte("<table>"), []byte(`<div class="table-wrap" tabindex="0" role="region" aria-label="Table"><table class="table">`))
	res.HTML = bytes.ReplaceAll(out, []byte("</table>"), []byte("</table></div>"))
	return res, nil
}

// numberItems gives each item of a numbered list the anchor #para-N, N its
// number as the reader sees it, so that "paragraph 12" of a report whose
// paragraphs are numbered can be cited as #para-12. A number that two
// lists share anchors neither: a link must never land on other words.
func numberItems(lists []*ast.List, res *Result) {
	count := map[int]int{}
	var items []*ast.ListItem
	var numbers []int
	for _, l := range lists {
		k := l.Start
		for c := l.FirstChild(); c != nil; c = c.NextSibling() {
			if it, ok := c.(*ast.ListItem); ok {
				items = append(items, it)
				numbers = append(numbers, k)
				count[k]++
				k++
			}
		}
	}
	taken := map[string]bool{}
	for _, a := range res.Anchors {
		taken[a] = true
	}
	for i, it := range items {
		id := "para-" + strconv.Itoa(numbers[i])
		if count[numbers[i]] > 1 || taken[id] {
			continue
		}
		it.SetAttributeString("id", []byte(id))
		res.Anchors = append(res.Anchors, id)
		// The anchor goes at the end of the item's first paragraph.
		target := ast.Node(it)
		if p := it.FirstChild(); p != nil && (p.Kind() == ast.KindParagraph || p.Kind() == ast.KindTextBlock) {
			target = p
		}
		target.AppendChild(target, anchor(id, "Link to paragraph "+strconv.Itoa(numbers[i])))
	}
}

// anchor is the visible link to a heading or paragraph, shown on hover and
// focus, that readers copy to cite a passage.
func anchor(id, label string) ast.Node {
	s := ast.NewString([]byte(` <a class="anchor" href="#` + id + `" aria-label="` + stdhtml.EscapeString(label) + `">¶</a>`))
	s.SetCode(true) // written as it is
	return s
}

// walk rewrites links, gathers anchors and links, and returns the
// paragraphs to number and the numbered lists.
func (c *Converter) walk(doc ast.Node, src []byte, dir string, res *Result) ([]*ast.Paragraph, []*ast.List) {
	var paras []*ast.Paragraph
	var lists []*ast.List
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Heading:
			if id, ok := n.AttributeString("id"); ok {
				s := string(id.([]byte))
				res.Anchors = append(res.Anchors, s)
				title := plain(n, src)
				if n.Level == 2 {
					res.Headings = append(res.Headings, Heading{ID: s, Text: title})
				}
				n.AppendChild(n, anchor(s, "Link to the section "+title))
			}
		case *ast.Paragraph:
			// Number the paragraphs of the text itself, not those inside
			// lists, quotes or footnotes, so that "#p3" is the third
			// paragraph a reader sees in the body of the text.
			if n.Parent() != nil && n.Parent().Kind() == ast.KindDocument {
				paras = append(paras, n)
			}
		case *ast.List:
			if n.IsOrdered() {
				lists = append(lists, n)
			}
		case *ast.Link:
			n.Destination = c.rewrite(n.Destination, n, src, dir, res)
		case *ast.Image:
			n.Destination = c.rewrite(n.Destination, n, src, dir, res)
		case *ast.AutoLink:
			if !config.SafeLink(string(n.URL(src))) {
				// An autolink with an unsafe scheme becomes plain text.
				t := ast.NewString(n.Label(src))
				n.Parent().ReplaceChild(n.Parent(), n, t)
			}
		}
		return ast.WalkContinue, nil
	})
	return paras, lists
}

// paraIDs numbers paragraphs so that an anchor lasts across versions: a
// paragraph whose text is unchanged keeps its id, and so does one changed
// in place, between unchanged neighbours, by as many paragraphs as it
// replaced. Any other paragraph takes a number never used before in the
// document. The first version is numbered p1, p2... in order.
func paraIDs(prev []Para, texts []string) []string {
	ids := make([]string, len(texts))
	next := 1
	for _, p := range prev {
		if n, err := strconv.Atoi(strings.TrimPrefix(p.ID, "p")); err == nil && n >= next {
			next = n + 1
		}
	}
	// The longest common subsequence of the two lists of texts.
	n, m := len(prev), len(texts)
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if prev[i].Text == texts[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	// gapI, gapJ mark the start of the current run of unmatched paragraphs
	// on each side.
	gapI, gapJ := 0, 0
	closeGap := func(endI, endJ int) {
		if endI-gapI == endJ-gapJ {
			for k := 0; k < endJ-gapJ; k++ {
				ids[gapJ+k] = prev[gapI+k].ID
			}
		}
	}
	for i < n && j < m {
		switch {
		case prev[i].Text == texts[j]:
			closeGap(i, j)
			ids[j] = prev[i].ID
			i, j = i+1, j+1
			gapI, gapJ = i, j
		case lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			j++
		}
	}
	closeGap(n, m)
	for k := range ids {
		if ids[k] == "" {
			ids[k] = "p" + strconv.Itoa(next)
			next++
		}
	}
	return ids
}

// rewrite checks a link's destination and gives site addresses the base
// path. A relative destination ("report.pdf") is made absolute against
// dir: the same Markdown is shown at the document's address and at each
// version's, one folder deeper, where a relative link would lead nowhere.
func (c *Converter) rewrite(dest []byte, n ast.Node, src []byte, dir string, res *Result) []byte {
	// The destination is as written: entities ("&#106;avascript:") are
	// decoded only when it is rendered, so decode them before judging it.
	d := stdhtml.UnescapeString(string(dest))
	if !config.SafeLink(d) {
		return []byte("#")
	}
	switch {
	case strings.HasPrefix(d, "#") && len(d) > 1:
		line, col := position(n, src)
		frag, err := url.PathUnescape(d[1:])
		if err != nil {
			frag = d[1:]
		}
		res.Links = append(res.Links, Link{Dest: d, Fragment: frag, Line: line, Col: col})
		return dest
	case strings.HasPrefix(d, "//") || config.HasScheme(d):
		return dest // another site
	}
	u, err := url.Parse(d)
	if err != nil || u.Path == "" {
		return dest // "?query" alone, or not an address at all
	}
	if !strings.HasPrefix(u.Path, "/") {
		u = (&url.URL{Path: dir}).ResolveReference(u)
	}
	line, col := position(n, src)
	res.Links = append(res.Links, Link{Dest: d, Path: u.Path, Fragment: u.Fragment, Line: line, Col: col})
	return []byte(c.basePath + strings.TrimPrefix(u.String(), "/"))
}

// position finds where a link starts: just before its first text, or the
// start of the block it is in.
func position(n ast.Node, src []byte) (int, int) {
	off := -1
	for c := n.FirstChild(); c != nil && off < 0; c = c.FirstChild() {
		if t, ok := c.(*ast.Text); ok {
			off = t.Segment.Start - 1 // the "[" before the text
			break
		}
	}
	if off < 0 {
		for p := n.Parent(); p != nil; p = p.Parent() {
			if p.Type() == ast.TypeBlock && p.Lines().Len() > 0 {
				off = p.Lines().At(0).Start
				break
			}
		}
	}
	if off < 0 {
		return 0, 0
	}
	line := 1 + bytes.Count(src[:off], []byte("\n"))
	lineStart := bytes.LastIndexByte(src[:off], '\n') + 1
	col := 1 + len([]rune(string(src[lineStart:off])))
	return line, col
}

// plain returns the text of a node's inline children.
func plain(n ast.Node, src []byte) string {
	var b strings.Builder
	if n.Kind() == ast.KindDocument {
		b.Grow(len(src)) // the text is no longer than its Markdown
	}
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// ids makes heading IDs: lower-case words joined by hyphens, unique in the
// document, and never of the form "p3", which numbered paragraphs use.
type ids struct{ used map[string]bool }

func newIDs(reserved []string) parser.IDs {
	used := make(map[string]bool, len(reserved))
	for _, r := range reserved {
		used[r] = true
	}
	return &ids{used: used}
}

var paraID = regexp.MustCompile(`^p\d+$`)

func (s *ids) Generate(value []byte, kind ast.NodeKind) []byte {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(string(util.UnescapePunctuations(value))) {
		switch {
		case r == '\'' || r == '’':
			// "Council's" gives "councils", not "council-s".
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		default:
			dash = true
		}
	}
	base := b.String()
	if base == "" {
		base = "section"
	}
	if paraID.MatchString(base) {
		base += "-section"
	}
	id := base
	for i := 1; s.used[id]; i++ {
		id = base + "-" + strconv.Itoa(i)
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }
