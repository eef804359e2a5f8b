package build

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"slices"
	"strings"

	"scrutiny/internal/content"
	"scrutiny/internal/markdown"
	"scrutiny/internal/render"
	"scrutiny/internal/search"
)

// judgementRecord is one judgement of the open data: one area that a
// graded document's framework grades, with its grade, or none (null in
// JSON, empty in CSV) where the sources do not give it, so that no
// inspection drops out of the data.
type judgementRecord struct {
	Document   string  `json:"document"` // absolute, to be followed from a download
	Title      string  `json:"title"`
	Date       string  `json:"date"`
	Framework  string  `json:"framework"`
	Area       string  `json:"area"`
	AreaLabel  string  `json:"area_label"`
	Grade      *string `json:"grade"`
	GradeLabel string  `json:"grade_label"`
}

func (p *Project) judgementRecords(b *content.Body) []judgementRecord {
	var out []judgementRecord
	for _, d := range b.Docs {
		v := d.Latest()
		for _, as := range v.Assessments() {
			t := render.AssessedTag(as)
			r := judgementRecord{
				Document: p.Config.AbsURL(render.DocAddr(d)), Title: v.Title, Date: v.DocDate.String(),
				Framework: v.Framework.Key, Area: as.Area.Key, AreaLabel: as.Area.Label,
				GradeLabel: t.Label,
			}
			if as.Recorded() {
				r.Grade = &as.Grade.Key
			}
			out = append(out, r)
		}
	}
	return out
}

// judgementsCSV is the open data as CSV: the SPEC's columns first and in
// their order, then the body's code and region.
func (p *Project) judgementsCSV() ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	_ = w.Write([]string{"body", "body_name", "document", "date", "framework", "area", "area_label", "grade", "grade_label", "code", "region"})
	for _, b := range p.Content.Bodies {
		for _, r := range p.judgementRecords(b) {
			grade := ""
			if r.Grade != nil {
				grade = *r.Grade
			}
			row := []string{b.Slug, b.Name, r.Document, r.Date, r.Framework, r.Area, r.AreaLabel, grade, r.GradeLabel, b.Code, b.Region}
			for i := range row {
				row[i] = inertCell(row[i])
			}
			_ = w.Write(row)
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// inertCell keeps a spreadsheet from running a cell as a formula: a value
// starting with =, +, -, @, a tab or a carriage return (a body named
// "=HYPERLINK(...)") gets a leading single quote, which spreadsheets take
// as "text follows" and do not show, as OWASP's advice on CSV injection
// has it. The JSON keeps every value as it is: no program runs it.
func inertCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func (p *Project) judgementsJSON() ([]byte, error) {
	type body struct {
		Slug       string            `json:"slug"`
		Name       string            `json:"name"`
		Code       string            `json:"code,omitempty"`
		Region     string            `json:"region,omitempty"`
		URL        string            `json:"url"`
		Judgements []judgementRecord `json:"judgements"`
	}
	out := struct {
		Title   string `json:"title"`
		Licence string `json:"licence"`
		Source  string `json:"source"`
		Bodies  []body `json:"bodies"`
	}{Title: p.Config.Title, Licence: p.Config.Licence, Source: p.Config.AbsURL("/judgements/"), Bodies: []body{}}
	for _, b := range p.Content.Bodies {
		recs := p.judgementRecords(b)
		if recs == nil {
			recs = []judgementRecord{}
		}
		out.Bodies = append(out.Bodies, body{Slug: b.Slug, Name: b.Name, Code: b.Code, Region: b.Region, URL: p.Config.URL(render.BodyAddr(b)), Judgements: recs})
	}
	data, err := json.MarshalIndent(out, "", "  ")
	return append(data, '\n'), err
}

// Atom feeds.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr,omitempty"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomAuthor  `xml:"author"`
	Rights  string      `xml:"rights,omitempty"`
	Entries []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Href string `xml:"href,attr"`
	Type string `xml:"type,attr,omitempty"`
}

type atomAuthor struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title     string     `xml:"title"`
	ID        string     `xml:"id"`
	Updated   string     `xml:"updated"`
	Published string     `xml:"published"`
	Links     []atomLink `xml:"link"`
	Summary   string     `xml:"summary"`
	Category  *struct {
		Term  string `xml:"term,attr"`
		Label string `xml:"label,attr"`
	} `xml:"category"`
}

// feedLimit caps the site-wide feed: readers fetch it often, and the
// /changes/ page lists everything.
const feedLimit = 100

// feed is an Atom feed at addr of versions, newest first; page is the
// address of the page that lists them.
func (p *Project) feed(addr, page, title string, versions []*content.Version) ([]byte, error) {
	publisher := p.Config.Publisher
	if publisher == "" {
		publisher = p.Config.Title
	}
	f := atomFeed{
		Lang: p.Config.Language, Title: title, ID: p.Config.AbsURL(addr),
		Links: []atomLink{
			{Rel: "self", Href: p.Config.AbsURL(addr), Type: "application/atom+xml"},
			{Rel: "alternate", Href: p.Config.AbsURL(page), Type: "text/html"},
		},
		Author: atomAuthor{Name: publisher}, Rights: p.Config.Licence,
		Updated: "1970-01-01T00:00:00Z",
	}
	for i, v := range versions {
		if i == feedLimit {
			break
		}
		stamp := v.Date.ISO() + "T00:00:00Z"
		if i == 0 {
			f.Updated = stamp
		}
		title := v.Title
		if v.Index > 0 {
			title += " (revised " + v.Date.Human() + ")"
		}
		summary := render.Describe(v)
		if v.Index > 0 && v.Change != "" {
			summary = "What changed: " + v.Change + " " + summary
		}
		e := atomEntry{
			Title: title,
			// A version's permanent address never changes, so neither
			// does the entry's id.
			ID:        p.Config.AbsURL(render.VersionAddr(v)),
			Updated:   stamp,
			Published: v.Doc.Versions[0].Date.ISO() + "T00:00:00Z",
			Links:     []atomLink{{Rel: "alternate", Href: p.Config.AbsURL(render.VersionAddr(v)), Type: "text/html"}},
			Summary:   v.Doc.Body.Name + ": " + summary,
		}
		e.Category = &struct {
			Term  string `xml:"term,attr"`
			Label string `xml:"label,attr"`
		}{v.Type.Key, v.Type.Label}
		f.Entries = append(f.Entries, e)
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

func (p *Project) siteFeed() ([]byte, error) {
	return p.feed("/feed.xml", "/", p.Config.Title, p.versions)
}

func (p *Project) bodyFeed(b *content.Body) ([]byte, error) {
	return p.feed("/"+b.Slug+"/feed.xml", render.BodyAddr(b), b.Name+": "+p.Config.Title, p.byBody[b])
}

func (p *Project) sitemap() ([]byte, error) {
	type url struct {
		Loc     string `xml:"loc"`
		LastMod string `xml:"lastmod,omitempty"`
	}
	var urls []url
	for r := range p.routes() {
		if r.sitemap {
			urls = append(urls, url{p.Config.AbsURL(r.addr), r.lastmod})
		}
	}
	out, err := xml.MarshalIndent(struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []url    `xml:"url"`
	}{URLs: urls}, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

func (p *Project) robots() ([]byte, error) {
	return []byte("User-agent: *\nAllow: /\n\nSitemap: " + p.Config.AbsURL("/sitemap.xml") + "\n"), nil
}

// redirects is a _redirects file for hosts that read one (Netlify,
// Cloudflare Pages): each alias with a permanent redirect.
func (p *Project) redirects() ([]byte, error) {
	var b strings.Builder
	for _, r := range p.aliases() {
		fmt.Fprintf(&b, "%s %s 301\n", p.Config.URL(r.alias.Path), p.Config.URL(r.to))
	}
	// Files below a renamed body or document follow it too.
	for _, r := range p.declaredAliases() {
		if r.carries() {
			fmt.Fprintf(&b, "%s* %s:splat 301\n", p.Config.URL(r.alias.Path), p.Config.URL(r.to))
		}
	}
	return []byte(b.String()), nil
}

// searchFiles is the search index: every document's latest version,
// newest first. A one-shot build makes it as the site loads (see
// indexOnce); the live server when the search page first asks for it.
func (p *Project) searchFiles(read reader) (map[string][]byte, error) {
	if p.searchIndex != nil {
		return p.searchIndex, nil
	}
	return search.Files(p.searchDocs(read), p.vocab)
}

// searchKey is the key of the search index (see prepare): of its files
// where a one-shot build made them as it loaded, or else of what they are
// made from, the documents as searchDocs gives them, which the live
// server knows without making the index.
func (p *Project) searchKey(read reader) (render.Key, error) {
	if p.searchIndex != nil {
		for _, v := range p.latest {
			read.saw(v.File) // what the index was made from
		}
		return filesKey(p.searchIndex), nil
	}
	return render.Hash(p.searchDocs(read)), nil
}

// searchDocs are the documents the search index finds: every document's
// latest version.
func (p *Project) searchDocs(read reader) []search.Doc {
	docs := make([]search.Doc, 0, len(p.latest))
	for _, v := range p.latest {
		read.saw(v.File)
		snippet := render.Describe(v)
		x, _ := p.docs[v].Index.(*search.Indexed)
		if x == nil {
			x = &search.Indexed{}
		}
		docs = append(docs, search.Doc{
			Title: v.Title, URL: p.Config.URL(render.DocAddr(v.Doc)),
			Body: v.Doc.Body.Slug, BodyName: v.Doc.Body.Name,
			Type: v.Type.Key, TypeLabel: v.Type.Label,
			Date: v.DocDate.Human(), Snippet: snippet,
			Terms: slices.Concat(x.Terms, p.vocab.Intern(v.Title+" "+v.Summary+" "+v.Doc.Body.Name+" "+v.Type.Label)),
			At:    x.At, Text: strings.TrimPrefix(textFolder(v.Doc), "search/text/"), Packs: x.Packs,
		})
	}
	return docs
}

// indexOnce makes the search index as a one-shot build loads the site,
// and lets go of every text's terms, which only the index needs: nothing
// is let go of later, while pages that might read it render.
func (p *Project) indexOnce() error {
	files, err := p.searchFiles(nil)
	if err != nil {
		return err
	}
	p.searchIndex = files
	for _, r := range p.docs {
		r.Index = nil
	}
	return nil
}

// textFolder is where the passages of document d are, for search results
// to quote (see search.Packs).
func textFolder(d *content.Document) string {
	return "search/text/" + d.Body.Slug + "/" + d.Slug + "/"
}

// passageFiles are the files of the passages of v, the latest version of
// its document, for search results to quote.
func (p *Project) passageFiles(v *content.Version, read reader) (map[string][]byte, error) {
	read.saw(v.File)
	if p.spool != nil {
		files, err := p.spool.passageFiles(p.spooled[v])
		if err != nil {
			return nil, fmt.Errorf("%s: reading its passages back: %w", v.File, err)
		}
		return files, nil
	}
	return passagePacks(p.docs[v])
}

// passageKey is the key of version v's passages for search (see prepare)
// where they are in memory: what passagePacks makes their files from. A
// one-shot build's wait in the spool as files, their own key.
func (p *Project) passageKey(v *content.Version) func(reader) (render.Key, error) {
	if p.spool != nil {
		return nil
	}
	return func(read reader) (render.Key, error) {
		read.saw(v.File)
		r := p.docs[v]
		x, _ := r.Index.(*search.Indexed)
		return render.Hash(struct {
			passages []markdown.Passage
			index    *search.Indexed
		}{r.Passages, x}), nil
	}
}
