package build

import (
	"iter"
	"sync"

	"scrutiny/internal/content"
	"scrutiny/internal/markdown"
	"scrutiny/internal/render"
	"scrutiny/internal/search"
)

// route is one output of the site: a file, or a folder of files made
// together (the search index, a document's passages for search). The
// table of routes (see routes) is the one list of what the site holds:
// the renderer makes every route, the link check takes their addresses
// and anchors, the sitemap lists their pages, the output's check sees
// their paths, and the live server makes again those whose sources
// changed.
type route struct {
	// name is the output file ("b/doc/index.html", "feed.xml"), or the
	// folder ("search/") of the files that many makes. The table derives
	// it from addr where it can.
	name string
	// addr is the address a link may name, without the base path
	// ("/b/doc/", "/feed.xml"); "" where none may: an alias, which the
	// check follows to its page and checks apart, or a document's
	// passages for search.
	addr string
	// kind is a page's template ("document", "list"), whose fixed ids
	// (Theme.IDs) are anchors of every page of the kind; "" for a file
	// that is not a page, where a link's fragment is not checked.
	kind string
	// own makes the page's own anchors: its Markdown's headings and
	// paragraphs, a version's recommendations and actions; nil for none.
	// Only the link check calls it, so that no other walk of the table
	// holds them (see forgetChecked).
	own func() [][]string
	// sitemap says whether the sitemap lists the page, with lastmod, the
	// date of its last change, or "".
	sitemap bool
	lastmod string
	// lazy marks the files that the live server makes only when first
	// asked for (see lazyFiles): the search index.
	lazy bool
	// from is what makes the route, for the messages of the output's
	// check (see outputTree).
	from   maker
	minify bool
	// A route is made by one of view, make and many. view describes a
	// page, which the template of the view's kind lays out; make makes
	// any other file; many makes several files at once, whose names
	// start with name. owns are the names below name that many may make,
	// files and folders (ending in "/"), for the output's check.
	//
	// What a route reads of the site's texts is known from the route
	// itself: a view reads them through the views it is given, which
	// may record them (see render.Views.Recording), and many and key are
	// told of each by read; make reads none.
	view func(*render.Views) (*render.Page, error)
	make func() ([]byte, error)
	many func(read reader) (map[string][]byte, error)
	owns []string
	// key, where set, says what make or many would make without making
	// it (see prepare); a page's key is its view's, and any other file's
	// is its bytes'.
	key func(read reader) (render.Key, error)
}

// routes is the table of the site's routes, in a fixed order: the
// sitemap's, and the order in which the output's check meets two claims
// of one path. The table is made as it is walked, and never kept: at
// 100,000 documents it has hundreds of thousands of routes, and the
// render holds none longer than it takes to make its files.
func (p *Project) routes() iter.Seq[route] { return p.routesOf(nil) }

// routesOf is the table without the routes of the bodies that in says
// are not wanted (nil wants all): a body's own routes and its documents'.
// The live server's patch walks only the bodies of the texts it patched.
func (p *Project) routesOf(in func(*content.Body) bool) iter.Seq[route] {
	return func(yield func(route) bool) {
		more := true
		from := maker{what: "the site's own page"}
		add := func(r route) {
			if r.name == "" {
				r.name = outName(r.addr)
			}
			if r.from.what == "" {
				r.from = from
			}
			more = more && yield(r)
		}

		home := p.pageRoute("home", "/", (*render.Views).HomePage)
		home.own = textAnchors(p.home)
		add(home)
		notFound := p.pageRoute("404", "/404.html", (*render.Views).NotFoundPage)
		notFound.sitemap = false // a page for no address of its own
		add(notFound)
		for _, pg := range p.Content.Pages {
			from = maker{what: "the page", file: pg.File, rank: rankPage}
			r := p.pageRoute("page", render.PageAddr(pg), func(vw *render.Views) *render.Page { return vw.TextPage(pg) })
			r.own = textAnchors(p.pages[pg])
			add(r)
		}
		for _, b := range p.Content.Bodies {
			if in != nil && !in(b) {
				continue
			}
			from = maker{what: "the body", file: b.File, rank: rankContent}
			r := p.pageRoute("body", render.BodyAddr(b), func(vw *render.Views) *render.Page { return vw.BodyPage(b) })
			r.own, r.lastmod = textAnchors(p.bodies[b]), lastChange(b)
			add(r)
			add(route{addr: "/" + b.Slug + "/timeline.svg", minify: true, make: func() ([]byte, error) { return p.views.TimelineFile(b), nil },
				from: maker{what: "the timeline of", file: b.File, rank: rankContent}})
			add(route{addr: "/" + b.Slug + "/feed.xml", make: func() ([]byte, error) { return p.bodyFeed(b) },
				from: maker{what: "the feed of", file: b.File, rank: rankContent}})
			embed := p.pageRoute("embed", render.EmbedAddr(b), func(vw *render.Views) *render.Page { return vw.EmbedPage(b) })
			embed.sitemap = false // a frame for other sites: search engines want the body's page
			embed.from = maker{what: "the embed page of", file: b.File, rank: rankContent}
			add(embed)
			for _, d := range b.Docs {
				latest := d.Latest()
				from = maker{what: "the document", file: latest.File, rank: rankContent}
				// The document's address shows its latest version, and
				// has that version's anchors: made once for both.
				latestOwn := sync.OnceValue(func() [][]string { return p.versionAnchors(latest) })
				r := p.pageRouteE("document", render.DocAddr(d), func(vw *render.Views) (*render.Page, error) { return vw.DocPage(latest, true) })
				r.own, r.lastmod = latestOwn, latest.Date.ISO()
				// A draft, built with -drafts to be looked at, is not for
				// search engines: its pages say noindex, and the sitemap
				// leaves them out.
				r.sitemap = !latest.Draft
				add(r)
				add(route{name: textFolder(d), many: func(read reader) (map[string][]byte, error) { return p.passageFiles(latest, read) }, key: p.passageKey(latest), owns: []string{""},
					from: maker{what: "the passages for search of", file: latest.File, rank: rankContent}})
				for _, v := range d.Versions {
					from = maker{what: "the version", file: v.File, rank: rankContent}
					own := func() [][]string { return p.versionAnchors(v) }
					if v == latest {
						own = latestOwn
					}
					r := p.pageRouteE("document", render.VersionAddr(v), func(vw *render.Views) (*render.Page, error) { return vw.DocPage(v, false) })
					r.own, r.lastmod = own, v.Date.ISO()
					r.sitemap = !v.Draft
					add(r)
					if v.Index > 0 { // a first version changes nothing
						r := p.pageRouteE("changes", render.ChangesAddr(v), func(vw *render.Views) (*render.Page, error) { return vw.ChangesPage(v) })
						r.lastmod, r.sitemap = v.Date.ISO(), !v.Draft
						add(r)
					}
				}
				for _, a := range d.Attachments {
					r := p.copyRoute(render.AttachmentAddr(d, a), p.site, a.File, false)
					r.from = maker{what: "the attachment", file: a.File, rank: rankAttachment}
					add(r)
				}
			}
		}
		from = maker{what: "the site's own page"}
		add(p.pageRoute("list", "/types/", (*render.Views).TypesPage))
		for _, t := range p.Config.Types {
			add(p.pageRoute("list", render.TypeAddr(t), func(vw *render.Views) *render.Page { return vw.TypePage(t) }))
		}
		for _, o := range render.Orders {
			add(p.pageRoute("judgements", o.Addr, func(vw *render.Views) *render.Page { return vw.JudgementsPage(o) }))
		}
		for _, region := range p.views.Regions() {
			add(p.pageRoute("judgements", render.RegionAddr(region), func(vw *render.Views) *render.Page { return vw.RegionPage(region) }))
		}
		for n := 1; n <= p.views.HistoryPages(); n++ {
			add(p.pageRoute("history", render.HistoryAddr(n), func(vw *render.Views) *render.Page { return vw.HistoryPage(n) }))
		}
		add(p.pageRoute("search", "/search/", (*render.Views).SearchPage))
		// The index holds every document's words: any edit to the content
		// changes it. Of its files, a link may name the one that describes
		// the rest.
		add(route{name: "search/", addr: "/search/meta.json", minify: true, many: p.searchFiles, key: p.searchKey, owns: search.Owned, lazy: true, from: maker{what: "the search index"}})
		add(route{addr: "/feed.xml", make: p.siteFeed, from: maker{what: "the site's feed"}})
		add(route{addr: "/sitemap.xml", make: p.sitemap, from: maker{what: "the site's sitemap"}})
		add(route{addr: "/robots.txt", make: p.robots, from: maker{what: "the site's robots.txt"}})
		add(route{addr: "/judgements.csv", make: p.judgementsCSV, from: maker{what: "the site's open data"}})
		add(route{addr: "/judgements.json", make: p.judgementsJSON, from: maker{what: "the site's open data"}})
		add(route{addr: "/_redirects", make: p.redirects, from: maker{what: "the site's redirects"}})
		add(route{addr: "/web.config", make: p.webConfig, from: maker{what: "the site's redirects for IIS"}})
		// An alias has no address of the site's: the check follows a link
		// to one to its page, and refuses an alias that takes an address.
		for _, r := range p.aliases() {
			add(route{name: aliasFile(r.alias.Path), kind: "alias", minify: true, view: func(vw *render.Views) (*render.Page, error) { return vw.AliasPage(r.to), nil },
				from: maker{what: "alias " + r.alias.Path, file: r.alias.File, line: r.alias.Pos.Line, col: r.alias.Pos.Col, rank: rankAlias}})
		}
		for _, f := range p.static {
			r := p.copyRoute("/"+f.name, f.fsys, f.src, true)
			r.from = maker{what: "the static file", file: f.src, rank: rankStatic}
			if f.theme {
				r.from = maker{what: "the theme's " + f.src}
			}
			add(r)
		}
	}
}

// pageRoute is the route of a page of kind at addr, which view describes;
// a page is in the sitemap unless the table says otherwise.
func (p *Project) pageRoute(kind, addr string, view func(*render.Views) *render.Page) route {
	return p.pageRouteE(kind, addr, func(vw *render.Views) (*render.Page, error) { return view(vw), nil })
}

// pageRouteE is pageRoute for a view that can fail: one that reads a
// document's text again (see content.Version.Text).
func (p *Project) pageRouteE(kind, addr string, view func(*render.Views) (*render.Page, error)) route {
	return route{addr: addr, kind: kind, sitemap: true, minify: true, view: view}
}

// textAnchors are the own anchors of a page whose only ones are its
// Markdown's.
func textAnchors(r *markdown.Result) func() [][]string {
	return func() [][]string { return [][]string{anchorsOf(r)} }
}

// versionAnchors are the own anchors of version v's page: its text's, and
// its recommendations' and actions' ids.
func (p *Project) versionAnchors(v *content.Version) [][]string {
	ids := make([]string, 0, len(v.Recommendations)+len(v.Actions))
	for _, r := range v.Recommendations {
		ids = append(ids, r.ID)
	}
	for _, a := range v.Actions {
		ids = append(ids, a.ID)
	}
	return [][]string{anchorsOf(p.docs[v]), ids}
}

// lastChange is the date of a body's last change: its documents' newest
// latest version's.
func lastChange(b *content.Body) string {
	last := ""
	for _, d := range b.Docs {
		if iso := d.Latest().Date.ISO(); iso > last {
			last = iso
		}
	}
	return last
}
