package build

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"sort"
	"strconv"
	"sync"
	"syscall"

	"github.com/tdewolff/parse/v2"

	"scrutiny/internal/content"
	"scrutiny/internal/diag"
	"scrutiny/internal/meta"
	"scrutiny/internal/output"
	"scrutiny/internal/render"
)

// Emit receives one file of the built site: its slash path inside the
// output, its bytes, and whether it may be minified.
type Emit func(name string, data []byte, minify bool) error

// Render makes every file of the site, in parallel, and passes each to emit.
// The set of files and each file's bytes depend only on the sources.
func (p *Project) Render(emit Emit) error {
	return p.render(p.routes(), emit)
}

func (p *Project) render(routes iter.Seq[route], emit Emit) error {
	var mu sync.Mutex
	var errs []error
	each(routes, func(r route) {
		var err error
		if r.many != nil {
			var files map[string][]byte
			files, err = r.many()
			names := make([]string, 0, len(files))
			for name := range files {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				if err == nil {
					err = emit(r.name+name, files[name], r.minify && p.Config.Minify)
				}
			}
		} else {
			var data []byte
			data, err = r.make()
			if err == nil {
				err = emit(r.name, data, r.minify && p.Config.Minify)
			}
		}
		if err != nil {
			mu.Lock()
			errs = append(errs, err)
			mu.Unlock()
		}
	})
	if len(errs) == 0 {
		return nil
	}
	var diags diag.List
	var other []error
	for _, err := range errs {
		if d, ok := diag.As(err); ok {
			diags = append(diags, d...)
		} else {
			other = append(other, err)
		}
	}
	sort.Slice(other, func(i, j int) bool { return other[i].Error() < other[j].Error() })
	return errors.Join(append([]error{diags.Err()}, byCause(other)...)...)
}

// byCause gives one error for each cause of a system's refusal (a full
// disk, a read-only folder), however many files it stopped, and keeps the
// other errors as they are: a full disk is one problem, not a thousand.
func byCause(errs []error) []error {
	var out []error
	first := map[syscall.Errno]int{} // index in out
	count := map[syscall.Errno]int{}
	for _, err := range errs {
		var errno syscall.Errno
		if !errors.As(err, &errno) {
			out = append(out, err)
			continue
		}
		if _, ok := first[errno]; !ok {
			first[errno] = len(out)
			out = append(out, err)
		}
		count[errno]++
	}
	for errno, i := range first {
		if n := count[errno]; n > 1 {
			out[i] = fmt.Errorf("%w (and %d more files for the same reason)", out[i], n-1)
		}
	}
	return out
}

// copyRoute is the route of a file at addr copied from src in fsys, and
// minified if minify is set.
func (p *Project) copyRoute(addr string, fsys fs.FS, src string, minify bool) route {
	name := addr[1:]
	// The file is minified here rather than as it is written, so that a
	// script or stylesheet the minifier cannot read is an error at its
	// own line, not the minifier's.
	return route{name: name, addr: addr, make: func() ([]byte, error) {
		data, err := fs.ReadFile(fsys, src)
		if err != nil {
			return nil, &diag.Diagnostic{File: src, Line: 1, Col: 1, Msg: "cannot read: " + err.Error()}
		}
		if !minify || !p.Config.Minify {
			return data, nil
		}
		out, err := output.Minify(minifier, name, data)
		if err != nil {
			d := &diag.Diagnostic{File: src, Line: 1, Col: 1, Msg: "cannot be minified: " + err.Error() + ": fix the file, or set minify = false in site.toml"}
			var perr *parse.Error
			if errors.As(err, &perr) {
				d.Line, d.Col = perr.Line, perr.Column
				d.Msg = perr.Message + ": the minifier cannot read this, so the file cannot be published minified; fix it, or set minify = false in site.toml"
			}
			return nil, d
		}
		return out, nil
	}}
}

// minifier minifies static files as their routes read them; it is safe
// for use by many routes at once.
var minifier = output.NewMinifier()

func (p *Project) homePage() *render.Page {
	title, desc := p.Config.Title, p.Config.Description
	h := &render.Home{}
	if p.home != nil {
		h.Intro = htmlOf(p.home)
		if t := p.Content.Home.Title; t != "" {
			title = t
		}
		if s := p.Content.Home.Summary; s != "" {
			desc = s
		} else if desc == "" {
			desc = firstParagraph(p.home.HTML)
		}
	}
	pg := p.page("home", "/", title, desc)
	for _, b := range p.Content.Bodies {
		h.Bodies = append(h.Bodies, p.bodyCard(b))
	}
	for i, v := range p.versionsNewestFirst() {
		if i == 10 {
			break
		}
		h.Recent = append(h.Recent, p.entry(v, true))
	}
	pg.Home = h
	return pg
}

func (p *Project) notFoundPage() *render.Page {
	pg := p.page("404", "/404.html", "Page not found", "")
	pg.NoIndex = true
	return pg
}

func (p *Project) textPage(c *content.Page) *render.Page {
	desc := c.Summary
	if desc == "" && p.pages[c] != nil {
		desc = firstParagraph(p.pages[c].HTML)
	}
	pg := p.page("page", pageAddr(c), c.Title, desc)
	pg.Crumbs = p.crumbs()
	pg.Text = &render.Text{Content: htmlOf(p.pages[c])}
	return pg
}

func (p *Project) bodyPage(b *content.Body) *render.Page {
	pg := p.page("body", bodyAddr(b), b.Name, "")
	pg.Description = "The record of inspections, judgements and improvement plans of " + b.Name + "."
	pg.Crumbs = p.crumbs()
	pg.Body = p.bodyView(b)
	return pg
}

// docPage is version v at the document's address (latest) or at its own.
func (p *Project) docPage(v *content.Version, latest bool) (*render.Page, error) {
	d := v.Doc
	addr := versionAddr(v)
	if latest {
		addr = docAddr(d)
	}
	pg := p.page("document", addr, v.Title, describe(v))
	pg.OGType = "article"
	pg.Published = d.Versions[0].Date.ISO()
	pg.Modified = v.Date.ISO()
	pg.Crumbs = p.crumbs(render.Link{Label: d.Body.Name, URL: p.url(bodyAddr(d.Body))})
	var err error
	pg.Doc, err = p.docView(v, latest)
	return pg, err
}

func (p *Project) changesPage(v *content.Version) (*render.Page, error) {
	d := v.Doc
	pg := p.page("changes", changesAddr(v), "What changed: "+v.Title+", "+v.Date.Human(), "What changed in the version of "+v.Date.Human()+" of "+v.Title+".")
	pg.Crumbs = p.crumbs(
		render.Link{Label: d.Body.Name, URL: p.url(bodyAddr(d.Body))},
		render.Link{Label: v.Title, URL: p.url(docAddr(d))},
	)
	var err error
	pg.Changes, err = p.changesView(v)
	return pg, err
}

func (p *Project) typesPage() *render.Page {
	pg := p.page("list", "/types/", "Documents by type", "Every kind of document on this site.")
	pg.Crumbs = p.crumbs()
	counts := p.typeCounts()
	l := &render.List{}
	for _, t := range p.Config.Types {
		l.Links = append(l.Links, render.Link{Label: t.Plural + " (" + itoa(counts[t.Key]) + ")", URL: p.url(typeAddr(t))})
	}
	pg.List = l
	return pg
}

func (p *Project) typeCounts() map[string]int {
	counts := map[string]int{}
	for _, b := range p.Content.Bodies {
		for _, d := range b.Docs {
			counts[d.Latest().Type.Key]++
		}
	}
	return counts
}

func (p *Project) typePage(t configType) *render.Page {
	pg := p.page("list", typeAddr(t), t.Plural, "Every "+lowerFirst(t.Label)+" on this site, newest first.")
	pg.Crumbs = p.crumbs(render.Link{Label: "Documents by type", URL: p.url("/types/")})
	l := &render.List{Intro: "Every " + lowerFirst(t.Label) + " on this site, newest first."}
	var vs []*content.Version
	for _, v := range p.latestNewestFirst() {
		if v.Type.Key == t.Key {
			vs = append(vs, v)
			l.Entries = append(l.Entries, p.entry(v, false))
		}
	}
	if len(l.Entries) > groupedList {
		// A long list goes by year, each year a link at the top, so
		// that a reader need not scroll through hundreds to find one.
		for i, v := range vs {
			year := strconv.Itoa(v.DocDate.Year)
			if n := len(l.Groups); n == 0 || l.Groups[n-1].Label != year {
				l.Groups = append(l.Groups, render.EntryGroup{Label: year, ID: "y" + year})
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

func (p *Project) historyPages() int {
	n := 0
	for _, b := range p.Content.Bodies {
		for _, d := range b.Docs {
			n += len(d.Versions)
		}
	}
	return max(1, (n+historySize-1)/historySize)
}

// historyAddr is the address of page n of /changes/.
func historyAddr(n int) string {
	if n == 1 {
		return "/changes/"
	}
	return "/changes/page/" + itoa(n) + "/"
}

func (p *Project) historyPage(n int) *render.Page {
	title := "Changes"
	if n > 1 {
		title = "Changes, page " + itoa(n)
	}
	pg := p.page("history", historyAddr(n), title, "Every published version of every document, newest first.")
	pg.Crumbs = p.crumbs()
	h := &render.History{Page: n, Pages: p.historyPages()}
	all := p.versionsNewestFirst()
	for _, v := range all[min(len(all), (n-1)*historySize):min(len(all), n*historySize)] {
		h.Entries = append(h.Entries, p.entry(v, true))
	}
	if n > 1 {
		h.Prev = p.url(historyAddr(n - 1))
	}
	if n < h.Pages {
		h.Next = p.url(historyAddr(n + 1))
	}
	pg.History = h
	return pg
}

func (p *Project) searchPage() *render.Page {
	pg := p.page("search", "/search/", "Search", "Find a document by its title, body, type or text.")
	pg.Crumbs = p.crumbs()
	pg.Guide = p.guide()
	return pg
}

func (p *Project) guide() *render.Guide {
	g := &render.Guide{Index: p.url("/search/")}
	for _, b := range p.Content.Bodies {
		g.Bodies = append(g.Bodies, render.Link{Label: b.Name, URL: p.url(bodyAddr(b))})
	}
	counts := p.typeCounts()
	for _, t := range p.Config.Types {
		if counts[t.Key] > 0 {
			g.Types = append(g.Types, render.Link{Label: t.Plural, URL: p.url(typeAddr(t))})
		}
	}
	return g
}

func (p *Project) aliasPage(r redirect) *render.Page {
	pg := p.page("alias", r.to, "Moved", "")
	pg.NoIndex = true
	pg.Redirect = p.Config.AbsURL(r.to)
	return pg
}

// versionsNewestFirst lists every published version of every document.
func (p *Project) versionsNewestFirst() []*content.Version { return p.versions }

// latestNewestFirst lists every document's latest version, newest first by
// the document's date.
func (p *Project) latestNewestFirst() []*content.Version { return p.latest }

// index sorts the site's versions once for every list that shows them.
func (p *Project) index() {
	p.byBody = map[*content.Body][]*content.Version{}
	for _, b := range p.Content.Bodies {
		var vs []*content.Version
		for _, d := range b.Docs {
			vs = append(vs, d.Versions...)
			p.latest = append(p.latest, d.Latest())
		}
		sortNewest(vs, func(v *content.Version) meta.Date { return v.Date })
		p.byBody[b] = vs
		p.versions = append(p.versions, vs...)
	}
	sortNewest(p.versions, func(v *content.Version) meta.Date { return v.Date })
	sortNewest(p.latest, func(v *content.Version) meta.Date { return v.DocDate })
}

// sortNewest orders versions newest first, ties broken by address so that
// the order never depends on anything but the sources.
func sortNewest(vs []*content.Version, key func(*content.Version) meta.Date) {
	sort.SliceStable(vs, func(i, j int) bool {
		if c := key(vs[i]).Compare(key(vs[j])); c != 0 {
			return c > 0
		}
		a, b := vs[i], vs[j]
		if a.Doc.Body.Slug != b.Doc.Body.Slug {
			return a.Doc.Body.Slug < b.Doc.Body.Slug
		}
		if a.Doc.Slug != b.Doc.Slug {
			return a.Doc.Slug < b.Doc.Slug
		}
		return a.Index < b.Index
	})
}
