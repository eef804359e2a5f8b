package build

import (
	"errors"
	"fmt"
	"io/fs"
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
	"scrutiny/internal/search"
)

// Emit receives one file of the built site: its slash path inside the
// output, its bytes, and whether it may be minified.
type Emit func(name string, data []byte, minify bool) error

// task makes one file of the site.
type task struct {
	name   string
	minify bool
	make   func() ([]byte, error)
	// many, instead of make, makes several files at once, whose names
	// start with name; owns are the names below name that it may make,
	// files and folders (ending in "/"), for the output's check.
	many func() (map[string][]byte, error)
	owns []string
	// dep names what the file is made from, for the live server to know
	// what to make again after an edit: "site" (anything a list shows),
	// "body:<slug>", "doc:<body>/<slug>", "page:<slug>" or "file:<source>".
	dep string
	// from is what makes the file, for the messages of the output's
	// check (see outputTree).
	from maker
}

// docDep is the dep of a document's own files: its pages and attachments.
func docDep(body, doc string) string { return "doc:" + body + "/" + doc }

// Render makes every file of the site, in parallel, and passes each to emit.
// The set of files and each file's bytes depend only on the sources.
func (p *Project) Render(emit Emit) error {
	return p.render(p.tasks(), emit)
}

func (p *Project) render(tasks []task, emit Emit) error {
	var mu sync.Mutex
	var errs []error
	parallel(len(tasks), func(i int) {
		t := tasks[i]
		var err error
		if t.many != nil {
			var files map[string][]byte
			files, err = t.many()
			names := make([]string, 0, len(files))
			for name := range files {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				if err == nil {
					err = emit(t.name+name, files[name], t.minify && p.Config.Minify)
				}
			}
		} else {
			var data []byte
			data, err = t.make()
			if err == nil {
				err = emit(t.name, data, t.minify && p.Config.Minify)
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

// htmlTask renders a page of kind at addr.
func (p *Project) htmlTask(addr string, view func() *render.Page) task {
	return p.htmlTaskE(addr, func() (*render.Page, error) { return view(), nil })
}

// htmlTaskE is htmlTask for a view that can fail: one that reads a
// document's text again (see content.Version.Text).
func (p *Project) htmlTaskE(addr string, view func() (*render.Page, error)) task {
	return task{name: outName(addr), minify: true, make: func() ([]byte, error) {
		v, err := view()
		if err != nil {
			return nil, err
		}
		return p.Theme.Execute(v.Kind, v)
	}}
}

func (p *Project) tasks() []task {
	var ts []task
	dep := "site"
	from := maker{what: "the site's own page"}
	add := func(t task) {
		if t.dep == "" {
			t.dep = dep
		}
		if t.from.what == "" {
			t.from = from
		}
		ts = append(ts, t)
	}

	add(p.htmlTask("/", p.homePage))
	add(p.htmlTask("/404.html", p.notFoundPage))
	for _, pg := range p.Content.Pages {
		dep, from = "page:"+pg.Slug, maker{what: "the page", file: pg.File, rank: rankPage}
		add(p.htmlTask(pageAddr(pg), func() *render.Page { return p.textPage(pg) }))
	}
	for _, b := range p.Content.Bodies {
		dep, from = "body:"+b.Slug, maker{what: "the body", file: b.File, rank: rankContent}
		add(p.htmlTask(bodyAddr(b), func() *render.Page { return p.bodyPage(b) }))
		add(task{name: b.Slug + "/timeline.svg", minify: true, make: func() ([]byte, error) { return p.timelineFile(b), nil },
			from: maker{what: "the timeline of", file: b.File, rank: rankContent}})
		add(task{name: b.Slug + "/feed.xml", minify: false, make: func() ([]byte, error) { return p.bodyFeed(b) },
			from: maker{what: "the feed of", file: b.File, rank: rankContent}})
		for _, d := range b.Docs {
			dep, from = docDep(b.Slug, d.Slug), maker{what: "the document", file: d.Latest().File, rank: rankContent}
			add(p.htmlTaskE(docAddr(d), func() (*render.Page, error) { return p.docPage(d.Latest(), true) }))
			add(task{name: textFolder(d), many: func() (map[string][]byte, error) { return p.passageFiles(d.Latest()) }, owns: []string{""},
				from: maker{what: "the passages for search of", file: d.Latest().File, rank: rankContent}})
			for _, v := range d.Versions {
				from = maker{what: "the version", file: v.File, rank: rankContent}
				add(p.htmlTaskE(versionAddr(v), func() (*render.Page, error) { return p.docPage(v, false) }))
				if v.Index > 0 { // a first version changes nothing
					add(p.htmlTaskE(changesAddr(v), func() (*render.Page, error) { return p.changesPage(v) }))
				}
			}
			for _, a := range d.Attachments {
				t := p.copyTask(attachmentAddr(d, a)[1:], p.site, a.File, false)
				t.from = maker{what: "the attachment", file: a.File, rank: rankAttachment}
				add(t)
			}
		}
	}
	dep, from = "site", maker{what: "the site's own page"}
	add(p.htmlTask("/types/", p.typesPage))
	for _, t := range p.Config.Types {
		add(p.htmlTask(typeAddr(t), func() *render.Page { return p.typePage(t) }))
	}
	for _, o := range orders {
		add(p.htmlTask(o.addr, func() *render.Page { return p.judgementsPage(o) }))
	}
	for _, r := range p.regions() {
		add(p.htmlTask(regionAddr(r), func() *render.Page { return p.regionPage(r) }))
	}
	for n := 1; n <= p.historyPages(); n++ {
		add(p.htmlTask(historyAddr(n), func() *render.Page { return p.historyPage(n) }))
	}
	add(p.htmlTask("/search/", p.searchPage))
	// The index holds every document's words: any edit to the content
	// changes it.
	add(task{name: "search/", minify: true, many: p.searchFiles, owns: search.Owned, dep: "search", from: maker{what: "the search index"}})
	add(task{name: "feed.xml", make: p.siteFeed, from: maker{what: "the site's feed"}})
	add(task{name: "sitemap.xml", make: p.sitemap, from: maker{what: "the site's sitemap"}})
	add(task{name: "robots.txt", make: p.robots, from: maker{what: "the site's robots.txt"}})
	add(task{name: "judgements.csv", make: p.judgementsCSV, from: maker{what: "the site's open data"}})
	add(task{name: "judgements.json", make: p.judgementsJSON, from: maker{what: "the site's open data"}})
	add(task{name: "_redirects", make: p.redirects, from: maker{what: "the site's redirects"}})
	for _, r := range p.aliases() {
		t := p.htmlTask("/"+aliasFile(r.alias.Path), func() *render.Page { return p.aliasPage(r) })
		t.from = maker{what: "alias " + r.alias.Path, file: r.alias.File, line: r.alias.Pos.Line, col: r.alias.Pos.Col, rank: rankAlias}
		add(t)
	}
	for _, f := range p.static {
		t := p.copyTask(f.name, f.fsys, f.src, true)
		t.dep = "file:" + f.src
		t.from = maker{what: "the static file", file: f.src, rank: rankStatic}
		if f.theme {
			t.from = maker{what: "the theme's " + f.src}
		}
		add(t)
	}
	return ts
}

func (p *Project) copyTask(name string, fsys fs.FS, src string, minify bool) task {
	// The file is minified here rather than as it is written, so that a
	// script or stylesheet the minifier cannot read is an error at its
	// own line, not the minifier's.
	return task{name: name, make: func() ([]byte, error) {
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

// minifier minifies static files as their tasks read them; it is safe
// for use by many tasks at once.
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
