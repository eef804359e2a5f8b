package render

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/diag"
	"scrutiny/internal/markdown"
	"scrutiny/internal/meta"
	"scrutiny/internal/timeline"
)

// Views makes the data each page's template sees, from what the pipeline
// hands it: the site, its content, and the Markdown it converted. The
// pipeline makes one for a loaded site; it is not changed after, so pages
// are made from it in parallel.
type Views struct {
	Config  *config.Site
	Content *content.Site
	// Today is the day the site is built for: timelines run to it.
	Today meta.Date

	// The converted Markdown of the home page's introduction (nil where
	// there is none), of each plain page and of each body's introduction.
	HomeText *markdown.Result
	PageText map[*content.Page]*markdown.Result
	BodyText map[*content.Body]*markdown.Result
	// Text is a version's converted text. It may read it back from where
	// a one-shot build keeps it, and so fail.
	Text func(*content.Version) (*markdown.Result, error)
	// Source is a version's Markdown as its file holds it, for its
	// changes page (see content.Version.Text).
	Source func(*content.Version) ([]byte, error)
	// Diff converts the changes pages' marked Markdown (see diff.Markdown).
	Diff *markdown.Converter
	// Diffs, where set, keeps the changes pages' marked texts between
	// loads (the live server's).
	Memo *Memo

	// Versions is every published version, newest first; Latest every
	// document's latest version, newest first by the document's date.
	Versions, Latest []*content.Version

	// read, where set, is told the file of every text that a view reads
	// (see Recording).
	read func(file string)
}

// Recording returns views like vw that tell read the source file of
// every text a view made by them reads: its own Markdown, converted or
// as written, or another's. A text is only ever read through the methods
// below, so the live server learns, from the views themselves, which
// pages an edit to a text alone can change.
func (vw *Views) Recording(read func(file string)) *Views {
	c := *vw
	c.read = read
	return &c
}

func (vw *Views) saw(file string) {
	if vw.read != nil {
		vw.read(file)
	}
}

// text is version v's converted text.
func (vw *Views) text(v *content.Version) (*markdown.Result, error) {
	vw.saw(v.File)
	return vw.Text(v)
}

// source is version v's Markdown as written.
func (vw *Views) source(v *content.Version) ([]byte, error) {
	vw.saw(v.File)
	return vw.Source(v)
}

// homeText is the home page's converted introduction, or nil.
func (vw *Views) homeText() *markdown.Result {
	if h := vw.Content.Home; h != nil {
		vw.saw(h.File)
	}
	return vw.HomeText
}

func (vw *Views) pageText(pg *content.Page) *markdown.Result {
	vw.saw(pg.File)
	return vw.PageText[pg]
}

func (vw *Views) bodyText(b *content.Body) *markdown.Result {
	vw.saw(b.File)
	return vw.BodyText[b]
}

// url gives a site address with the base path.
func (vw *Views) url(addr string) string { return vw.Config.URL(addr) }

func (vw *Views) siteView() *Site {
	c := vw.Config
	s := &Site{
		Title: c.Title, Description: c.Description, Publisher: c.Publisher,
		Language: c.Language, Home: vw.url("/"), Accent: c.Accent,
		Licence: c.Licence, LicenceURL: c.LicenceURL,
		CSS:  vw.url("/css/scrutiny.css"),
		JS:   vw.url("/js/scrutiny.js"),
		Feed: vw.url("/feed.xml"),
		Body: c.Body, Bodies: c.Bodies,
	}
	if c.Logo != "" {
		s.Logo = vw.link(c.Logo)
	}
	for _, l := range c.Menu {
		s.Menu = append(s.Menu, Link{Label: l.Label, URL: vw.link(l.URL)})
	}
	for _, l := range c.Footer {
		s.Footer = append(s.Footer, Link{Label: l.Label, URL: vw.link(l.URL)})
	}
	return s
}

// link gives a site address the base path and leaves other addresses alone.
func (vw *Views) link(u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return vw.url(u)
	}
	return u
}

// page starts the view of a page at addr.
func (vw *Views) page(kind, addr, title, desc string) *Page {
	site := vw.siteView()
	if desc == "" {
		desc = vw.Config.Description
	}
	if desc == "" {
		// Every page has a description, for search engines and for
		// the preview a link shows where it is shared.
		desc = title + ": a page of " + vw.Config.Title + "."
	}
	pg := &Page{
		Site: site, Kind: kind, Title: title, Description: desc,
		URL: vw.url(addr), Canonical: vw.Config.AbsURL(addr), OGType: "website",
	}
	for i, m := range site.Menu {
		if m.URL == pg.URL {
			site.Menu[i].Current = true
		}
	}
	return pg
}

// markDraft marks pg as a page of a draft from file: kept out of search
// engines, and saying what its author has still to fill in.
func markDraft(pg *Page, file string, toFill []diag.Diagnostic) {
	pg.NoIndex = true
	pg.Draft = &Draft{File: file}
	for _, d := range toFill {
		pg.Draft.ToFill = append(pg.Draft.ToFill, fmt.Sprintf("line %d: %s", d.Line, d.Msg))
	}
}

// crumbs is a breadcrumb trail: home, then the given links.
func (vw *Views) crumbs(links ...Link) []Link {
	return append([]Link{{Label: "Home", URL: vw.url("/")}}, links...)
}

func gradeTag(g config.Grade) Tag { return Tag{Key: g.Key, Label: g.Label} }

// notRecorded is the tag of a grade that a document's framework gives but
// its sources do not: unknown, which is not the same as not judged.
var notRecorded = Tag{Key: "not-recorded", Label: timeline.NotRecorded}

// AssessedTag is an assessment's grade, or says it is not recorded.
func AssessedTag(as content.Assessment) Tag {
	if as.Recorded() {
		return gradeTag(*as.Grade)
	}
	return notRecorded
}

// rowTag is v's grade in the timeline row: nil where its framework grades
// no area there (not judged), and not recorded where the sources do not
// give the grade.
func rowTag(v *content.Version, row string) *Tag {
	as, ok := v.InRow(row)
	if !ok {
		return nil
	}
	t := AssessedTag(as)
	if as.Recorded() {
		// A table has a column for each area: the grade's short label
		// keeps them narrow enough for every column to show.
		t.Label = as.Grade.Name()
	}
	return &t
}

func statusTag(s config.Status) Tag { return Tag{Key: s.Key, Label: s.Label} }

// firstParagraph is the text of the first paragraph of html, made by the
// Markdown converter, for a page's description when it has no summary: at
// most about 200 characters, cut at a word.
func firstParagraph(html []byte) string {
	var start int
	for {
		i := bytes.Index(html[start:], []byte("<p"))
		if i < 0 {
			return ""
		}
		start += i + 2
		if start < len(html) && (html[start] == '>' || html[start] == ' ') {
			break // not <pre>
		}
	}
	end := bytes.Index(html[start:], []byte("</p>"))
	if end < 0 {
		return ""
	}
	var b strings.Builder
	inTag := true // in the <p> tag itself
	for _, c := range string(html[start:][:end]) {
		switch {
		case c == '<':
			inTag = true
		case c == '>':
			inTag = false
		case !inTag:
			b.WriteRune(c)
		}
	}
	// The paragraph's own anchor link is a pilcrow.
	text := strings.Join(strings.Fields(strings.ReplaceAll(stdhtml.UnescapeString(b.String()), "¶", "")), " ")
	if utf8.RuneCountInString(text) <= 200 {
		return text
	}
	cut := []rune(text)[:200]
	if i := strings.LastIndexByte(string(cut), ' '); i > 0 {
		return string(cut)[:i] + "…"
	}
	return string(cut) + "…"
}

// Describe is a version's description for lists and link previews: its
// summary, or a sentence made from its facts.
func Describe(v *content.Version) string {
	if v.Summary != "" {
		return v.Summary
	}
	return fmt.Sprintf("%s of %s, %s.", v.Type.Label, v.Doc.Body.Name, v.DocDate.Human())
}

// entry is a version in a list.
func (vw *Views) entry(v *content.Version, asVersion bool) Entry {
	d := v.Doc
	e := Entry{
		Title: v.Title, URL: vw.url(DocAddr(d)),
		BodyName: d.Body.Name, BodyURL: vw.url(BodyAddr(d.Body)),
		Type: v.Type.Label, TypeURL: vw.url(TypeAddr(v.Type)),
		Date: v.DocDate.Human(), ISODate: v.DocDate.String(), Summary: Describe(v),
	}
	if asVersion {
		e.URL = vw.url(VersionAddr(v))
		e.Date, e.ISODate = v.Date.Human(), v.Date.String()
		e.Change = changeNote(v)
	}
	e.Tags = headlineTags(v)
	if v.Draft {
		e.Tags = append(e.Tags, Tag{Key: "draft", Label: "Draft"})
	}
	return e
}

func changeNote(v *content.Version) string {
	if v.Index == 0 {
		return "First published"
	}
	return v.Change
}

// headline is what a list shows of a version's judgements: its overall
// grade, or, under a framework with no overall grade (such as Ofsted's
// from 2026), the grade of every area it judges; overall says which. A
// grade the sources do not give is shown as not recorded.
func headline(v *content.Version) (grades []AreaGrade, overall bool) {
	if v == nil {
		return nil, false
	}
	assessed := v.Assessments()
	for _, as := range assessed {
		if as.Area.Key == "overall" {
			return []AreaGrade{{Area: as.Area.Name(), Tag: AssessedTag(as)}}, true
		}
	}
	for _, as := range assessed {
		grades = append(grades, AreaGrade{Area: as.Area.Name(), Tag: AssessedTag(as)})
	}
	return grades, false
}

// headlineTags is the headline as tags: the overall grade alone, since it
// speaks for the whole judgement, or each area's grade with its area.
func headlineTags(v *content.Version) []Tag {
	grades, overall := headline(v)
	var out []Tag
	for _, g := range grades {
		t := g.Tag
		if !overall {
			t.Label = g.Area + ": " + t.Label
		}
		out = append(out, t)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// htmlOf is a converted text's HTML, as the templates take it, without a
// copy: a converter's output is never changed once made, and copying each
// text into every view made of it cost a third of making the views.
func htmlOf(r *markdown.Result) template.HTML {
	if r == nil || len(r.HTML) == 0 {
		return ""
	}
	return template.HTML(unsafe.String(&r.HTML[0], len(r.HTML)))
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	// Keep acronyms ("SEND inspection") as they are.
	if n < len(s) {
		r2, _ := utf8.DecodeRuneInString(s[n:])
		if unicode.IsUpper(r2) {
			return s
		}
	}
	return string(unicode.ToLower(r)) + s[n:]
}
