package render

import (
	"strconv"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
)

// Each page the pipeline's table of routes makes, as its template sees it.

// HomePage is the home page: its introduction, every body and the latest
// changes.
func (vw *Views) HomePage() *Page {
	title, desc := vw.Config.Title, vw.Config.Description
	h := &Home{}
	if text := vw.homeText(); text != nil {
		h.Intro = htmlOf(text)
		if t := vw.Content.Home.Title; t != "" {
			title = t
		}
		if s := vw.Content.Home.Summary; s != "" {
			desc = s
		} else if desc == "" {
			desc = firstParagraph(text.HTML)
		}
	}
	pg := vw.page("home", "/", title, desc)
	if c := vw.Content.Home; c != nil && c.Draft {
		markDraft(pg, c.File, c.ToFill)
	}
	for _, b := range vw.Content.Bodies {
		h.Bodies = append(h.Bodies, vw.bodyCard(b))
	}
	for i, v := range vw.Versions {
		if i == 10 {
			break
		}
		h.Recent = append(h.Recent, vw.entry(v, true))
	}
	pg.Home = h
	return pg
}

// NotFoundPage is the page a host shows for an address the site lacks.
func (vw *Views) NotFoundPage() *Page {
	pg := vw.page("404", "/404.html", "Page not found", "")
	pg.NoIndex = true
	return pg
}

// TextPage is a plain page.
func (vw *Views) TextPage(c *content.Page) *Page {
	desc, text := c.Summary, vw.pageText(c)
	if desc == "" && text != nil {
		desc = firstParagraph(text.HTML)
	}
	pg := vw.page("page", PageAddr(c), c.Title, desc)
	if c.Draft {
		markDraft(pg, c.File, c.ToFill)
	}
	pg.Crumbs = vw.crumbs()
	pg.Text = &Text{Content: htmlOf(text)}
	return pg
}

// BodyPage is a body's page: its timeline, judgements, plans and
// documents.
func (vw *Views) BodyPage(b *content.Body) *Page {
	pg := vw.page("body", BodyAddr(b), b.Name, "")
	pg.Description = "The record of inspections, judgements and improvement plans of " + b.Name + "."
	pg.Crumbs = vw.crumbs()
	pg.Body = vw.bodyView(b)
	return pg
}

// DocPage is version v at the document's address (latest) or at its own.
func (vw *Views) DocPage(v *content.Version, latest bool) (*Page, error) {
	d := v.Doc
	addr := VersionAddr(v)
	if latest {
		addr = DocAddr(d)
	}
	pg := vw.page("document", addr, v.Title, Describe(v))
	pg.OGType = "article"
	pg.Published = d.Versions[0].Date.ISO()
	pg.Modified = v.Date.ISO()
	pg.Crumbs = vw.crumbs(Link{Label: d.Body.Name, URL: vw.url(BodyAddr(d.Body))})
	if v.Draft {
		markDraft(pg, v.File, v.ToFill)
	}
	var err error
	pg.Doc, err = vw.docView(v, latest)
	return pg, err
}

// ChangesPage is what changed in version v from the one before.
func (vw *Views) ChangesPage(v *content.Version) (*Page, error) {
	d := v.Doc
	pg := vw.page("changes", ChangesAddr(v), "What changed: "+v.Title+", "+v.Date.Human(), "What changed in the version of "+v.Date.Human()+" of "+v.Title+".")
	pg.Crumbs = vw.crumbs(
		Link{Label: d.Body.Name, URL: vw.url(BodyAddr(d.Body))},
		Link{Label: v.Title, URL: vw.url(DocAddr(d))},
	)
	if v.Draft {
		markDraft(pg, v.File, v.ToFill)
	}
	var err error
	pg.Changes, err = vw.changesView(v)
	return pg, err
}

// TypesPage lists the types of document, each with its count.
func (vw *Views) TypesPage() *Page {
	pg := vw.page("list", "/types/", "Documents by type", "Every kind of document on this site.")
	pg.Crumbs = vw.crumbs()
	counts := vw.typeCounts()
	l := &List{}
	for _, t := range vw.Config.Types {
		l.Links = append(l.Links, Link{Label: t.Plural + " (" + strconv.Itoa(counts[t.Key]) + ")", URL: vw.url(TypeAddr(t))})
	}
	pg.List = l
	return pg
}

func (vw *Views) typeCounts() map[string]int {
	counts := map[string]int{}
	for _, b := range vw.Content.Bodies {
		for _, d := range b.Docs {
			counts[d.Latest().Type.Key]++
		}
	}
	return counts
}

// TypePage lists every document of type t, newest first.
func (vw *Views) TypePage(t config.Type) *Page {
	pg := vw.page("list", TypeAddr(t), t.Plural, "Every "+lowerFirst(t.Label)+" on this site, newest first.")
	pg.Crumbs = vw.crumbs(Link{Label: "Documents by type", URL: vw.url("/types/")})
	l := &List{Intro: "Every " + lowerFirst(t.Label) + " on this site, newest first."}
	var vs []*content.Version
	for _, v := range vw.Latest {
		if v.Type.Key == t.Key {
			vs = append(vs, v)
			l.Entries = append(l.Entries, vw.entry(v, false))
		}
	}
	if len(l.Entries) > groupedList {
		// A long list goes by year, each year a link at the top, so
		// that a reader need not scroll through hundreds to find one.
		for i, v := range vs {
			year := strconv.Itoa(v.DocDate.Year)
			if n := len(l.Groups); n == 0 || l.Groups[n-1].Label != year {
				l.Groups = append(l.Groups, EntryGroup{Label: year, ID: "y" + year})
			}
			g := &l.Groups[len(l.Groups)-1]
			g.Entries = append(g.Entries, l.Entries[i])
		}
		l.Entries = nil
	}
	pg.List = l
	return pg
}

// groupedList is the length beyond which a list of documents goes by year.
const groupedList = 50

// historySize is the number of versions on a page of /changes/.
const historySize = 50

// HistoryPages is the number of pages of /changes/.
func (vw *Views) HistoryPages() int {
	n := 0
	for _, b := range vw.Content.Bodies {
		for _, d := range b.Docs {
			n += len(d.Versions)
		}
	}
	return max(1, (n+historySize-1)/historySize)
}

// HistoryPage is page n of /changes/: every version, newest first.
func (vw *Views) HistoryPage(n int) *Page {
	title := "Changes"
	if n > 1 {
		title = "Changes, page " + strconv.Itoa(n)
	}
	pg := vw.page("history", HistoryAddr(n), title, "Every published version of every document, newest first.")
	pg.Crumbs = vw.crumbs()
	h := &History{Page: n, Pages: vw.HistoryPages()}
	all := vw.Versions
	for _, v := range all[min(len(all), (n-1)*historySize):min(len(all), n*historySize)] {
		h.Entries = append(h.Entries, vw.entry(v, true))
	}
	if n > 1 {
		h.Prev = vw.url(HistoryAddr(n - 1))
	}
	if n < h.Pages {
		h.Next = vw.url(HistoryAddr(n + 1))
	}
	pg.History = h
	return pg
}

// SearchPage is the search page, with a guide for readers without script.
func (vw *Views) SearchPage() *Page {
	pg := vw.page("search", "/search/", "Search", "Find a document by its title, body, type or text.")
	pg.Crumbs = vw.crumbs()
	pg.Guide = vw.guide()
	return pg
}

func (vw *Views) guide() *Guide {
	g := &Guide{Index: vw.url("/search/")}
	for _, b := range vw.Content.Bodies {
		g.Bodies = append(g.Bodies, Link{Label: b.Name, URL: vw.url(BodyAddr(b))})
	}
	counts := vw.typeCounts()
	for _, t := range vw.Config.Types {
		if counts[t.Key] > 0 {
			g.Types = append(g.Types, Link{Label: t.Plural, URL: vw.url(TypeAddr(t))})
		}
	}
	return g
}

// AliasPage sends a reader from an earlier address to the page at to.
func (vw *Views) AliasPage(to string) *Page {
	pg := vw.page("alias", to, "Moved", "")
	pg.NoIndex = true
	pg.Redirect = vw.Config.AbsURL(to)
	return pg
}

// versionsNewestFirst lists every published version of every document.
