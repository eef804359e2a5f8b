// Package build is the pipeline: it loads site.toml, the content and the
// templates, converts the Markdown, checks every link, then renders every
// page of the site and hands the files to the output.
package build

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"os"
	"path"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/diag"
	"scrutiny/internal/markdown"
	"scrutiny/internal/meta"
	"scrutiny/internal/render"
	"scrutiny/internal/search"
	"scrutiny/internal/source"
)

// StaticDir is the folder whose files are copied as they are to the root of
// the output, in the theme and in a site.
const StaticDir = "static"

// Options say what to build.
type Options struct {
	Site    fs.FS  // the site's root folder
	Theme   fs.FS  // the default theme: layouts/ and static/
	BaseURL string // overrides site.toml's
	Drafts  bool
	// Today is the day the site is built for: timelines run to it. Zero
	// means the clock's day, or SOURCE_DATE_EPOCH's where it is set, as
	// reproducible builds expect.
	Today meta.Date
	// Cache is the folder where a build keeps what it knows of its last
	// build into each output folder, so that the next makes again only
	// what changed (see Build); "" keeps nothing.
	Cache string
	// lean is a one-shot build's one way of keeping memory flat as the
	// text grows, where the live server keeps everything for speed: the
	// content keeps no document's Markdown (content.Options.Lean), each
	// text's HTML waits in the spool once converted, and what only the
	// check and the search index need goes once they have it, as the
	// site loads (forgetChecked, indexOnce); nothing changes after.
	lean bool
}

// Project is a loaded, checked site, ready to render. It is immutable.
type Project struct {
	Config  *config.Site
	Content *content.Site
	Theme   *render.Theme

	home   *markdown.Result
	pages  map[*content.Page]*markdown.Result
	bodies map[*content.Body]*markdown.Result
	docs   map[*content.Version]*markdown.Result
	static []file
	site   fs.FS
	addrs  addresses  // every address of the site, with its page's anchors
	md     *loadCache // what an earlier load left, when a Session keeps one
	lean   bool       // see Options.lean
	today  meta.Date

	// The site's versions, sorted once for every list: all of them newest
	// first, each document's latest, and each body's.
	versions, latest []*content.Version
	byBody           map[*content.Body][]*content.Version
	vocab            *search.Vocab // the terms of the search index
	// spool holds the documents' converted texts in a build that does not
	// keep them in memory (lean), and spooled where each is.
	spool   *spool
	spooled map[*content.Version]spooled
	// conv converts the texts; indexer the documents' latest versions,
	// which it also indexes for search.
	conv, indexer *markdown.Converter
	// searchIndex is the search index's files, made as a one-shot build
	// loads (see indexOnce).
	searchIndex map[string][]byte
	// views makes every page's view from the loaded site.
	views *render.Views
	// sources are the versions' texts that a live server's patch put in
	// place of those loaded (see Session.patch); refs finds a text by
	// its file.
	sources map[*content.Version][]byte
	refs    func() map[string]text
}

// loadCache is what a Session keeps from one load for the next: the
// converted Markdown, by file, an entry reused while its sources are the
// very bytes converted before (which the content cache hands back for a
// file that did not change), and the last check of the output's paths.
type loadCache struct {
	mu    sync.Mutex
	m     map[string]mdEntry
	vocab *search.Vocab
	tree  treeMemo // the output's check of the last load (see outputTree)
	// texts are the changes pages' marked texts (see render.Memo).
	parts *render.Memo
}

// diffs is the store of changes pages' texts that the loads of a session
// share, or nil for a one-shot build, which makes each page once.
func (c *loadCache) memo() *render.Memo {
	if c == nil {
		return nil
	}
	return c.parts
}

type mdEntry struct {
	src []([]byte)
	res []*markdown.Result
}

// same reports whether a and b are the same bytes in memory, not just
// equal ones: comparing addresses costs nothing, where comparing contents
// would read every document on every rebuild.
func same(a, b []byte) bool {
	if len(a) != len(b) {
		return false
	}
	return len(a) == 0 || &a[0] == &b[0]
}

// file is a file copied as it is: a static file or an attachment.
type file struct {
	name  string // in the output
	fsys  fs.FS
	src   string
	theme bool // the default theme's, not the site's
}

// today is the clock's day in UTC, or SOURCE_DATE_EPOCH's (seconds since
// 1970) where it is set, so that a build can be reproduced.
func today() meta.Date {
	if s := os.Getenv("SOURCE_DATE_EPOCH"); s != "" {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return meta.DateOf(time.Unix(n, 0).UTC())
		}
	}
	return meta.DateOf(time.Now().UTC())
}

// Load reads and checks the whole site. It returns every problem found.
func Load(opt Options) (*Project, error) {
	return load(opt, content.Options{Drafts: opt.Drafts, Lean: opt.lean}, nil)
}

func load(opt Options, copt content.Options, md *loadCache) (*Project, error) {
	var diags diag.List
	src, err := fs.ReadFile(opt.Site, config.File)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			diags.Add(config.File, 1, 1, "no site.toml here: run scrutiny in a site's folder or name one with -s DIR (a site needs site.toml with at least title and baseURL)")
		} else {
			diags.Add(config.File, 1, 1, "cannot read: %v", source.Reason(err))
		}
		return nil, diags.Err()
	}
	cfg, ds := config.Load(src, opt.BaseURL)
	diags.Merge(ds)
	if cfg == nil || len(ds) > 0 {
		// Content is read against the configuration; with a broken one
		// every later message would mislead.
		return nil, diags.Err()
	}
	p := &Project{Config: cfg, site: opt.Site, md: md, vocab: search.NewVocab(), lean: opt.lean, today: opt.Today}
	if p.lean {
		sp, err := newSpool()
		if err != nil {
			return nil, fmt.Errorf("a build keeps the converted texts in a temporary file, and cannot make one: %w", err)
		}
		p.spool, p.spooled = sp, map[*content.Version]spooled{}
	}
	if p.today.IsZero() {
		p.today = today()
	}
	if md != nil {
		p.vocab = md.vocab // cached results hold ids of this vocabulary
	}

	theme, ds := render.Load(opt.Theme, opt.Site)
	diags.Merge(ds)
	p.Theme = theme
	site, ds := content.Load(opt.Site, cfg, copt)
	diags.Merge(ds)
	p.Content = site
	static, ds := staticFiles(opt.Theme, opt.Site)
	diags.Merge(ds)
	p.static = static
	diags.Merge(p.convert())
	// The texts by file, found once for a loaded site and shared by its
	// patched copies, which have the same texts (see Session.patch).
	p.refs = sync.OnceValue(p.texts)
	p.index()
	p.views = p.newViews()
	p.addrs = p.addresses()
	diags.Merge(p.check())
	if err := diags.Err(); err != nil {
		p.Close()
		return nil, err
	}
	if p.lean {
		p.forgetChecked()
		if err := p.indexOnce(); err != nil {
			p.Close()
			return nil, err
		}
	}
	return p, nil
}

// newViews hands the views what the pipeline has made of the site.
func (p *Project) newViews() *render.Views {
	return &render.Views{
		Config: p.Config, Content: p.Content, Today: p.today,
		HomeText: p.home, PageText: p.pages, BodyText: p.bodies,
		Text: p.text, Source: p.source,
		// The changes pages render Markdown marked with ins and del, raw
		// HTML that only this converter lets through (see diff.Markdown).
		Diff:     markdown.New(p.Config.BasePath, true, p.Theme.AllIDs()),
		Memo:     p.md.memo(),
		Versions: p.versions, Latest: p.latest,
	}
}

// forgetChecked lets go of what only the check needed: every page's links
// and anchors. Rendering needs of the addresses only which exist; a site of
// 100,000 documents holds some hundreds of megabytes of them.
func (p *Project) forgetChecked() {
	for _, a := range p.addrs {
		if a != nil {
			a.own = nil
		}
	}
	for _, r := range p.docs {
		r.Links, r.Anchors = nil, nil
	}
}

// Close lets go of what the project keeps outside memory: the spool of a
// one-shot build's texts.
func (p *Project) Close() error {
	if p.spool == nil {
		return nil
	}
	return p.spool.close()
}

// staticFiles lists the theme's static files and the site's, the site's
// replacing the theme's of the same name.
func staticFiles(theme, site fs.FS) ([]file, diag.List) {
	var diags diag.List
	byName := map[string]file{}
	for i, fsys := range []fs.FS{theme, site} {
		if fsys == nil {
			continue
		}
		if _, err := fs.Stat(fsys, StaticDir); errors.Is(err, fs.ErrNotExist) {
			continue
		} else if err != nil {
			diags.Add(StaticDir, 1, 1, "%v", source.Reason(err))
			continue
		}
		_ = fs.WalkDir(fsys, StaticDir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				diags.Add(p, 1, 1, "cannot read: %v", err)
				return nil
			}
			if strings.HasPrefix(d.Name(), ".") && p != StaticDir {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if err := source.Unlinked(fsys, p, d, StaticDir); err != nil {
				diags.Add(p, 1, 1, "%v", err)
				return nil
			}
			if d.IsDir() {
				return nil
			}
			name := strings.TrimPrefix(p, StaticDir+"/")
			byName[name] = file{name: name, fsys: fsys, src: p, theme: i == 0}
			return nil
		})
	}
	out := make([]file, 0, len(byName))
	for _, f := range byName {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, diags
}

// convert renders the Markdown of every page, body and version in parallel.
func (p *Project) convert() diag.List {
	p.conv = markdown.New(p.Config.BasePath, p.Config.AllowHTML, p.Theme.AllIDs())
	// Only documents' latest versions are searched: only they are indexed,
	// and have their passages found, by a converter of their own.
	p.indexer = markdown.New(p.Config.BasePath, p.Config.AllowHTML, p.Theme.AllIDs())
	p.indexer.Index = func(passages []string) any { return p.vocab.Index(passages) }
	p.pages = map[*content.Page]*markdown.Result{}
	p.bodies = map[*content.Body]*markdown.Result{}
	p.docs = map[*content.Version]*markdown.Result{}

	type task struct {
		textTask
		set func(i int, r *markdown.Result)
	}
	var tasks []task
	var mu sync.Mutex
	one := func(file string, src []byte, dir string, set func(*markdown.Result)) task {
		return task{textTask{file: []string{file}, src: [][]byte{src}, dir: dir}, func(_ int, r *markdown.Result) { mu.Lock(); set(r); mu.Unlock() }}
	}
	if h := p.Content.Home; h != nil {
		tasks = append(tasks, one(h.File, h.Markdown, "/", func(r *markdown.Result) { p.home = r }))
	}
	for _, pg := range p.Content.Pages {
		tasks = append(tasks, one(pg.File, pg.Markdown, render.PageAddr(pg), func(r *markdown.Result) { p.pages[pg] = r }))
	}
	for _, b := range p.Content.Bodies {
		tasks = append(tasks, one(b.File, b.Markdown, render.BodyAddr(b), func(r *markdown.Result) { p.bodies[b] = r }))
		for _, d := range b.Docs {
			t := task{textTask: docTask(d, nil), set: func(i int, r *markdown.Result) { mu.Lock(); p.docs[d.Versions[i]] = r; mu.Unlock() }}
			tasks = append(tasks, t)
		}
	}
	var diags diag.List
	parallel(len(tasks), func(i int) {
		t := tasks[i]
		key := t.dir + "\x00" + strings.Join(t.file, "\x00")
		if p.md != nil {
			p.md.mu.Lock()
			e, ok := p.md.m[key]
			p.md.mu.Unlock()
			if ok && len(e.src) == len(t.src) {
				reuse := true
				for k := range t.src {
					reuse = reuse && same(e.src[k], t.src[k])
				}
				if reuse {
					for k, r := range e.res {
						t.set(k, r)
					}
					return
				}
			}
		}
		results, ds := p.convertTask(t.textTask)
		if len(ds) > 0 {
			mu.Lock()
			diags.Merge(ds)
			mu.Unlock()
			return
		}
		for k, r := range results {
			t.set(k, r)
		}
		if p.md != nil {
			p.md.mu.Lock()
			p.md.m[key] = mdEntry{t.src, results}
			p.md.mu.Unlock()
		}
	})
	return diags
}

// textTask is a text to convert: one file's, or every version of a
// document in order, so that each version keeps the paragraph anchors of
// the one before.
type textTask struct {
	file     []string
	src      [][]byte
	dir      string             // the site address relative links start from
	versions []*content.Version // a document's, to read again a text a lean load did not keep
}

// docTask is the task of document d's versions, with the sources of
// any of them that src gives in place of their own.
func docTask(d *content.Document, src map[*content.Version][]byte) textTask {
	t := textTask{dir: render.DocAddr(d), versions: d.Versions}
	for _, v := range d.Versions {
		t.file = append(t.file, v.File)
		if s, ok := src[v]; ok {
			t.src = append(t.src, s)
		} else {
			t.src = append(t.src, v.Markdown)
		}
	}
	return t
}

// convertTask converts a task's texts, a document's latest version with
// the indexer, and in a one-shot build puts each into the spool.
func (p *Project) convertTask(t textTask) ([]*markdown.Result, diag.List) {
	var diags diag.List
	var prev markdown.Prior
	var results []*markdown.Result
	for k := range t.src {
		src := t.src[k]
		if src == nil && t.versions != nil {
			// A lean load kept no text: read it again.
			var err error
			if src, err = t.versions[k].Text(p.site); err != nil {
				diags.Add(t.file[k], 1, 1, "%v", err)
				return nil, diags
			}
		}
		latest := t.versions != nil && k == len(t.src)-1
		c := p.conv
		if latest {
			c = p.indexer
		}
		r, err := c.Convert(src, t.dir, prev)
		if err != nil {
			line, col, msg := 1, 1, "markdown: "+err.Error()
			if me, ok := errors.AsType[*markdown.Error](err); ok {
				line, col, msg = me.Line, me.Col, me.Msg
			}
			diags.Add(t.file[k], line, col, "%s", msg)
			return nil, diags
		}
		// The paragraphs' text is needed only by the next version.
		prev, r.Paras = r.Prior(), nil
		if p.spool != nil && t.versions != nil {
			at, err := p.spool.put(r, latest)
			p.spool.mu.Lock()
			p.spooled[t.versions[k]] = at
			p.spool.mu.Unlock()
			if err != nil {
				diags.Add(t.file[k], 1, 1, "cannot keep the converted text until its pages are written: %v", err)
			}
		}
		results = append(results, r)
	}
	return results, diags
}

// parallel calls fn(0) to fn(n-1) on one goroutine per core.
func parallel(n int, fn func(i int)) {
	each(func(yield func(int) bool) {
		for i := range n {
			if !yield(i) {
				return
			}
		}
	}, fn)
}

// each calls fn for every value of seq, on one goroutine per core, while
// seq makes the next: the caller need not hold a list of them all.
func each[T any](seq iter.Seq[T], fn func(T)) {
	next := make(chan T)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for v := range next {
				fn(v)
			}
		})
	}
	for v := range seq {
		next <- v
	}
	close(next)
	wg.Wait()
}

// outName is the output file of a page's address.
func outName(addr string) string {
	if strings.HasSuffix(addr, "/") {
		return strings.TrimPrefix(addr, "/") + "index.html"
	}
	return strings.TrimPrefix(addr, "/")
}

// cleanAddr adds the trailing slash that a page address needs when a link
// leaves it out.
func cleanAddr(a string) string {
	a = path.Clean("/" + a)
	if a != "/" {
		a += "/"
	}
	return a
}
