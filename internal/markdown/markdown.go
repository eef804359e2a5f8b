// Package markdown is scrutiny's one goldmark setup: CommonMark with GitHub
// tables, strikethrough, task lists and autolinks, footnotes, heading IDs and
// typographic punctuation suited to en-GB. It drops raw HTML unless the site
// allows it, keeps only safe link schemes, gives site addresses the base
// path, numbers paragraphs for stable anchors, and reports every internal
// link so that the build can check it resolves.
package markdown

import (
	"bytes"
	"errors"
	"fmt"
	"hash/fnv"
	stdhtml "html"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"scrutiny/internal/config"
	"scrutiny/internal/diff"
)

// Converter turns Markdown into HTML. It is safe for concurrent use.
type Converter struct {
	md       goldmark.Markdown
	basePath string
	reserved []string
	// Index, when set, indexes the texts of a document's passages (see
	// Passage) for search; Convert then keeps what it gives in
	// Result.Index, and the passages in Result.Passages.
	Index func(passages []string) any
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
	// Bad says why Dest is no address at all (a control character in
	// it, say); the link is then reported, not followed.
	Bad string
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
	// ParaIDs are the numbered paragraphs' ids, in order.
	ParaIDs []string
	// Next is the first paragraph number that neither this version nor
	// any before it has given, for the next version's new paragraphs.
	Next int
	// Index is what the converter's Index made of the text, if it has one.
	Index any
	// Passages are the text's passages, in order, when the converter
	// indexes.
	Passages []Passage
}

// Passage is a part of a text that a reader can be sent to: a heading, a
// paragraph, a bullet or a table row, by the anchor of its own or of the
// part it is in. ID is "" for text before the first anchor.
type Passage struct {
	ID, Text string
}

// Para is a numbered paragraph: its id and its text.
type Para struct {
	ID   string
	Text string
}

// Prior is what a document's earlier versions leave to the next one's
// paragraph ids: the previous version's paragraphs, and the first number
// that no version has given. The zero Prior is a document's first version.
type Prior struct {
	Paras []Para
	Next  int
}

// Prior is what this version leaves to the next one.
func (r *Result) Prior() Prior { return Prior{Paras: r.Paras, Next: r.Next} }

// Heading is a section heading.
type Heading struct {
	ID, Text string
}

// Convert renders src, the Markdown of the page at the site address dir
// ("/b/doc/"). Line numbers in the returned links are src's. prior holds the
// paragraphs of the document's previous version, whose ids carry over to
// the paragraphs that did not change, and the numbers already given.
func (c *Converter) Convert(src []byte, dir string, prior Prior) (*Result, error) {
	if err := footnotes(src); err != nil {
		return nil, err
	}
	if err := nesting(src); err != nil {
		return nil, err
	}
	ctx := parser.NewContext(parser.WithIDs(newIDs(c.reserved)))
	doc := c.md.Parser().Parse(text.NewReader(src), parser.WithContext(ctx))
	res := &Result{}
	paras, lists, points := c.walk(doc, &positions{src: src}, dir, res)
	numberItems(lists, res)
	texts := make([]string, len(paras))
	for i, n := range paras {
		texts[i] = plain(n, src)
	}
	res.ParaIDs, res.Next = paraIDs(prior, texts)
	for i, n := range paras {
		n.SetAttributeString("id", []byte(res.ParaIDs[i]))
		n.AppendChild(n, anchor(res.ParaIDs[i], "Link to this paragraph"))
		res.Anchors = append(res.Anchors, res.ParaIDs[i])
		res.Paras = append(res.Paras, Para{ID: res.ParaIDs[i], Text: texts[i]})
	}
	passages(points, src, res)
	// The passages are found once every anchor is given, so that each
	// names the one a reader would follow.
	if c.Index != nil {
		res.Passages = textPassages(doc, src)
		texts := make([]string, len(res.Passages))
		for i, p := range res.Passages {
			texts[i] = p.Text
		}
		res.Index = c.Index(texts)
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

// MaxNesting is how many lists and quotes one line may open inside each
// other. goldmark's time grows with the square of the depth (a line of
// 100,000 list markers takes 70 s; quoted, 190 s), and no real document
// nests lists or quotes more than a handful deep.
const MaxNesting = 100

// MaxFootnotes is how many footnotes one text may define. goldmark finds
// each reference's note by a search of all of them and sorts them one by
// one, so its time grows with the square of their number (32,000 notes
// took 7 s to convert, twice over in a build); the longest of Ofsted's
// reports has a few dozen.
const MaxFootnotes = 2000

// footnotes refuses a text that defines more than MaxFootnotes footnotes,
// at the first one past the limit. A definition is a line that starts,
// after at most three spaces, with "[^label]:"; one inside a code block
// is counted too, which the generous limit leaves alone.
func footnotes(src []byte) error {
	n := 0
	return eachLine(src, func(line int, l []byte) error {
		i := 0
		for i < len(l) && i < 3 && l[i] == ' ' {
			i++
		}
		if !bytes.HasPrefix(l[i:], []byte("[^")) || bytes.Index(l[i:], []byte("]:")) <= 2 {
			return nil
		}
		if n++; n > MaxFootnotes {
			return &Error{Line: line, Col: i + 1, Msg: fmt.Sprintf(
				"more than %d footnotes in one text; the limit keeps a build fast (Markdown's time grows with the square of their number): "+
					"split the text, or make the notes a numbered list", MaxFootnotes)}
		}
		return nil
	})
}

// eachLine calls f with each line of src and its number, from 1, until f
// returns an error, which it returns.
func eachLine(src []byte, f func(line int, l []byte) error) error {
	line := 1
	for start := 0; start < len(src); line++ {
		end := bytes.IndexByte(src[start:], '\n')
		if end < 0 {
			end = len(src)
		} else {
			end += start
		}
		if err := f(line, src[start:end]); err != nil {
			return err
		}
		start = end + 1
	}
	return nil
}

// Error is a problem at a place in the Markdown.
type Error struct {
	Line, Col int
	Msg       string
}

func (e *Error) Error() string { return fmt.Sprintf("%d:%d: %s", e.Line, e.Col, e.Msg) }

// nesting refuses Markdown that opens more than MaxNesting lists and
// quotes inside each other, before goldmark spends minutes on it: on one
// line ("- - - - x") or over many, each item indented under the one
// before (3,000 such lines took 4 minutes). It follows the open items by
// their content's column, as CommonMark does: a line indented less than
// an item's content closes it. A marker is ">", or "-", "+", "*" or a
// number and "." or ")" followed by a space, a tab or the line's end; what
// follows the markers once they pass the limit may still be a thematic
// break ("- - - -"), which opens nothing. It counts more than goldmark
// only in rare cases (list markers on the lines of a code block inside a
// list), which the generous limit leaves alone.
func nesting(src []byte) error {
	var open []int // the content column of each open list item or quote
	return eachLine(src, func(line int, l []byte) error {
		i, col := indent(l, 0, 0)
		if i == len(l) {
			return nil // a blank line closes nothing
		}
		for len(open) > 0 && col < open[len(open)-1] {
			open = open[:len(open)-1]
		}
		if len(open) > 0 && col-open[len(open)-1] >= 4 {
			return nil // indented code, or text, inside the innermost item
		}
		for {
			at, atCol := i, col
			switch {
			case i < len(l) && l[i] == '>':
				i++
			case i < len(l) && (l[i] == '-' || l[i] == '+' || l[i] == '*'):
				i++
			default:
				for i < len(l) && i-at < 9 && l[i] >= '0' && l[i] <= '9' {
					i++
				}
				if i == at || i == len(l) || (l[i] != '.' && l[i] != ')') {
					i = len(l) + 1 // no marker: the line's text starts
				} else {
					i++
				}
			}
			if i > len(l) || (l[at] != '>' && i < len(l) && l[i] != ' ' && l[i] != '\t') {
				break
			}
			// The item's content starts after the marker and the spaces
			// after it, or one space after it where those are five or
			// more (the content is then indented code).
			col = atCol + (i - at)
			next, nextCol := indent(l, i, col)
			content := nextCol
			if nextCol-col > 4 || next == len(l) {
				content = col + 1
			}
			open = append(open, content)
			if len(open) > MaxNesting {
				if rule(l[at:]) {
					break
				}
				return &Error{Line: line, Col: 1 + utf8.RuneCount(l[:at]), Msg: fmt.Sprintf(
					"more than %d lists or quotes inside each other; "+
						"the limit keeps a build fast (Markdown's time grows with the square of the depth): "+
						"nest at most %d deep, or write the markers as text (\\- or \\>)", MaxNesting, MaxNesting)}
			}
			i, col = next, nextCol
		}
		return nil
	})
}

// indent skips the spaces and tabs of l from i, at column col, and returns
// where they end and its column; a tab goes to the next multiple of 4.
func indent(l []byte, i, col int) (int, int) {
	for ; i < len(l); i++ {
		switch l[i] {
		case ' ':
			col++
		case '\t':
			col += 4 - col%4
		default:
			return i, col
		}
	}
	return i, col
}

// rule says whether l is a thematic break: three or more of one of "-",
// "*" and "_", and nothing else but spaces and tabs.
func rule(l []byte) bool {
	var mark byte
	n := 0
	for _, b := range l {
		switch {
		case b == ' ' || b == '\t':
		case mark == 0 && (b == '-' || b == '*' || b == '_'):
			mark = b
			n++
		case b == mark:
			n++
		default:
			return false
		}
	}
	return n >= 3
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

// passages gives each bullet and each table row an anchor made from its
// words: #li- or #row- and a short hash of the text. A journalist can link
// to one finding of a list or one row of a table; the link lands on those
// words while they stand, and on no others, since other words give another
// hash. Paragraph numbers are left as they are, so no old link moves.
func passages(points []ast.Node, src []byte, res *Result) {
	taken := map[string]bool{}
	for _, a := range res.Anchors {
		taken[a] = true
	}
	give := func(n ast.Node, prefix, label string) {
		if _, ok := n.AttributeString("id"); ok {
			return
		}
		h := fnv.New32a()
		h.Write([]byte(strings.Join(strings.Fields(plain(n, src)), " ")))
		base := prefix + strconv.FormatUint(uint64(h.Sum32()), 36)
		id := base
		for k := 2; taken[id]; k++ {
			id = base + "-" + strconv.Itoa(k)
		}
		taken[id] = true
		n.SetAttributeString("id", []byte(id))
		res.Anchors = append(res.Anchors, id)
		target := n.FirstChild()
		if target == nil {
			target = n
		} else if target.Kind() != ast.KindParagraph && target.Kind() != ast.KindTextBlock && n.Kind() == ast.KindListItem {
			target = n
		}
		target.AppendChild(target, anchor(id, label))
	}
	for _, n := range points {
		if n.Kind() == ast.KindListItem {
			give(n, "li-", "Link to this point")
		} else {
			give(n, "row-", "Link to this row")
		}
	}
}

// textPassages returns the passages of doc, in order: each heading,
// paragraph, tight list item's text and table row, under the anchor of the
// nearest block that holds it and has one (a bullet's second paragraph is
// the bullet's), else of the passage before it (a quotation is found at
// the paragraph that introduces it); a table's header row is found at its
// first row. Paragraphs under one anchor are one passage. The anchors'
// own marks are not text.
func textPassages(doc ast.Node, src []byte) []Passage {
	var out []Passage
	id := ""
	add := func(n ast.Node, text string, join bool) {
		for a := n; a != nil; a = a.Parent() {
			if v, ok := a.AttributeString("id"); ok {
				id = string(v.([]byte))
				break
			}
		}
		text = strings.Join(strings.Fields(text), " ")
		if text == "" {
			return
		}
		if k := len(out) - 1; join && k >= 0 && out[k].ID == id {
			out[k].Text += " " + text
			return
		}
		out = append(out, Passage{ID: id, Text: text})
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
			add(n, readable(n, src), true)
			return ast.WalkSkipChildren, nil
		case ast.KindHeading:
			add(n, readable(n, src), false)
			return ast.WalkSkipChildren, nil
		case east.KindTableHeader, east.KindTableRow:
			// A row reads as its cells, apart.
			var cells []string
			for c := n.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, readable(c, src))
			}
			at := n
			if next := n.NextSibling(); n.Kind() == east.KindTableHeader && next != nil {
				at = next
			}
			add(at, strings.Join(cells, " · "), false)
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// readable is the text a reader reads in n. The typographer's quotes and
// dashes are entities ("&rsquo;") and the anchors' marks are HTML, both
// written as code strings: the first are read as the characters they
// stand for, the second not at all.
func readable(n ast.Node, src []byte) string { return inlineText(n, src, true) }

// anchor is the visible link to a heading or paragraph, shown on hover and
// focus, that readers copy to cite a passage.
func anchor(id, label string) ast.Node {
	// A no-break space keeps the mark on the line of the text it marks.
	s := ast.NewString([]byte("\u00a0" + `<a class="anchor" href="#` + id + `" aria-label="` + stdhtml.EscapeString(label) + `">¶</a>`))
	s.SetCode(true) // written as it is
	return s
}

// walk rewrites links, gathers anchors and links, and returns the
// paragraphs to number, the numbered lists, and the bullets and table
// rows to give anchors (see passages).
func (c *Converter) walk(doc ast.Node, pos *positions, dir string, res *Result) ([]*ast.Paragraph, []*ast.List, []ast.Node) {
	src := pos.src
	var paras []*ast.Paragraph
	var lists []*ast.List
	var points []ast.Node
	var unsafe []*ast.AutoLink
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
		case *ast.ListItem:
			if l, ok := n.Parent().(*ast.List); ok && !l.IsOrdered() {
				points = append(points, n)
			}
		case *east.TableRow:
			points = append(points, n)
		case *ast.Link:
			n.Destination = c.rewrite(n.Destination, n, pos, dir, res)
		case *ast.Image:
			n.Destination = c.rewrite(n.Destination, n, pos, dir, res)
		case *ast.AutoLink:
			if !config.SafeLink(string(n.URL(src))) {
				unsafe = append(unsafe, n)
			}
		}
		return ast.WalkContinue, nil
	})
	// An autolink with an unsafe scheme becomes plain text, once the walk
	// is over: a node replaced during the walk loses its next sibling, and
	// the walk would skip the rest of the paragraph.
	for _, n := range unsafe {
		n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(src)))
	}
	return paras, lists, points
}

// paraIDs numbers paragraphs so that an anchor lasts across versions: a
// paragraph whose text is unchanged keeps its id, and so does one changed
// in place, between unchanged neighbours, by as many paragraphs as it
// replaced. Any other paragraph takes a number that no version of the
// document has given before, from prior.Next, so that an old link to #p5
// never lands on other words. The first version is numbered p1, p2... in
// order. It returns the ids and the first number still never given.
func paraIDs(prior Prior, texts []string) ([]string, int) {
	ids := make([]string, len(texts))
	next := max(prior.Next, 1)
	prev := prior.Paras
	for _, p := range prev {
		if n, err := strconv.Atoi(strings.TrimPrefix(p.ID, "p")); err == nil && n >= next {
			next = n + 1
		}
	}
	// Paragraphs compare by number, and the matching is bounded: two
	// versions of 20,000 paragraphs each would otherwise need a table of
	// 400 million cells.
	sy := diff.Symbols{}
	was := make([]string, len(prev))
	for i, p := range prev {
		was[i] = p.Text
	}
	pairs := diff.Match(sy.Of(was), sy.Of(texts), diff.Cells)
	// Between two paired paragraphs (or the ends), as many paragraphs on
	// each side were changed in place, and keep their ids.
	gapI, gapJ := 0, 0
	closeGap := func(endI, endJ int) {
		if endI-gapI == endJ-gapJ {
			for k := 0; k < endJ-gapJ; k++ {
				ids[gapJ+k] = prev[gapI+k].ID
			}
		}
	}
	for _, p := range pairs {
		closeGap(p.A, p.B)
		ids[p.B] = prev[p.A].ID
		gapI, gapJ = p.A+1, p.B+1
	}
	closeGap(len(prev), len(texts))
	for k := range ids {
		if ids[k] == "" {
			ids[k] = "p" + strconv.Itoa(next)
			next++
		}
	}
	return ids, next
}

// rewrite checks a link's destination and gives site addresses the base
// path. A relative destination ("report.pdf") is made absolute against
// dir: the same Markdown is shown at the document's address and at each
// version's, one folder deeper, where a relative link would lead nowhere.
func (c *Converter) rewrite(dest []byte, n ast.Node, pos *positions, dir string, res *Result) []byte {
	// The destination is as written: entities ("&#106;avascript:") are
	// decoded only when it is rendered, so decode them before judging it.
	d := stdhtml.UnescapeString(string(dest))
	if !config.SafeLink(d) {
		return []byte("#")
	}
	switch {
	case strings.HasPrefix(d, "#") && len(d) > 1:
		line, col := pos.of(n)
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
	if err != nil {
		// Not an address at all: a reader's browser would guess at it.
		line, col := pos.of(n)
		var uerr *url.Error
		why := err.Error()
		if errors.As(err, &uerr) {
			why = uerr.Err.Error()
		}
		res.Links = append(res.Links, Link{Dest: d, Line: line, Col: col, Bad: why})
		return dest
	}
	if u.Path == "" {
		return dest // "?query" alone
	}
	if !strings.HasPrefix(u.Path, "/") {
		u = (&url.URL{Path: dir}).ResolveReference(u)
	}
	line, col := pos.of(n)
	res.Links = append(res.Links, Link{Dest: d, Path: u.Path, Fragment: u.Fragment, Line: line, Col: col})
	return []byte(c.basePath + strings.TrimPrefix(u.String(), "/"))
}

// positions finds where links start in src. It keeps where each line
// starts and the last position it found, so that 40,000 links on one line
// cost one pass over the line, not one pass each.
type positions struct {
	src    []byte
	starts []int // the offset of each line's start
	// The last position found: its offset, line and column.
	off, line, col int
	// scanned counts the bytes read to find positions, which tests hold
	// to a bound.
	scanned int
}

// of finds where a link starts: just before its first text, or the start
// of the block it is in.
func (p *positions) of(n ast.Node) (int, int) {
	src := p.src
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
	if p.starts == nil {
		p.starts = append(p.starts, 0)
		p.scanned += len(src)
		for i, b := range src {
			if b == '\n' {
				p.starts = append(p.starts, i+1)
			}
		}
	}
	line := sort.Search(len(p.starts), func(i int) bool { return p.starts[i] > off })
	// Columns count characters: from the last position found, where it
	// is on this line before this one, else from the line's start.
	from, col := p.starts[line-1], 1
	if p.line == line && p.off <= off {
		from, col = p.off, p.col
	}
	col += utf8.RuneCount(src[from:off])
	p.scanned += off - from
	p.off, p.line, p.col = off, line, col
	return line, col
}

// plain returns the text of a node's inline children, with its code
// strings as they are written (see readable).
func plain(n ast.Node, src []byte) string { return inlineText(n, src, false) }

func inlineText(n ast.Node, src []byte, reader bool) string {
	var b strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			b.Write(c.Segment.Value(src))
			if c.SoftLineBreak() || reader && c.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			switch {
			case !reader || !c.IsCode():
				b.Write(c.Value)
			case !bytes.ContainsRune(c.Value, '<'):
				b.WriteString(stdhtml.UnescapeString(string(c.Value)))
			}
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// ids makes heading IDs: lower-case words joined by hyphens, unique in the
// document, and never of the form "p3", which numbered paragraphs use.
type ids struct {
	used map[string]bool
	// next is, for each base, the first suffix not yet tried: 20,000
	// headings of the same words would otherwise try 200 million ids.
	next map[string]int
}

func newIDs(reserved []string) parser.IDs {
	used := make(map[string]bool, len(reserved))
	for _, r := range reserved {
		used[r] = true
	}
	return &ids{used: used, next: map[string]int{}}
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
	if s.used[id] {
		// Every suffix below next was taken when it was tried, and ids
		// once taken stay taken.
		i := max(s.next[base], 1)
		for id = base + "-" + strconv.Itoa(i); s.used[id]; id = base + "-" + strconv.Itoa(i) {
			i++
		}
		s.next[base] = i + 1
	}
	s.used[id] = true
	return []byte(id)
}

func (s *ids) Put(value []byte) { s.used[string(value)] = true }
