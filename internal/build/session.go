package build

import (
	"bytes"
	"iter"
	"maps"
	"slices"
	"sort"
	"strings"
	"sync"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/render"
	"scrutiny/internal/search"
)

// Session keeps a site loaded between builds, for the live server: each
// Build after the first parses again only the sources that changed and
// makes again only the files whose keys changed.
//
// What depends on what is not listed: every route's key is found afresh
// from the loaded site (see prepare), a page's from its view, so that a
// page is made again exactly when something it shows changed, whatever
// the edit was. Making a view costs a small part of laying it out and
// minifying it.
type Session struct {
	opt Options

	mu      sync.Mutex
	content *content.Cache
	md      *loadCache
	// out is the last good build's files, and what made them: a
	// document's passages for search are thousands of routes of many
	// files, and finding each one's files among all the site's by their
	// names cost the square of the site.
	out    *outputs
	search *lazyFiles // the last good build's search index
	proj   *Project   // the last good build's site, for an edit to patch
	// patched are the texts patched into proj since the site was last
	// loaded, which the next load reads again (see patch).
	patched map[string]bool
}

// lazyFiles are files made together, and only when first asked for: the
// search index is the costliest part of a rebuild after a text edit (half
// of it at 10,000 documents), and an author previewing a page does not
// need it, so the live server makes it when the search page asks.
type lazyFiles struct {
	prefix string                            // of the files' names in the site
	make   func() (map[string][]byte, error) // by name after the prefix
	once   sync.Once
	files  map[string][]byte
	err    error
}

func (l *lazyFiles) get(name string) ([]byte, bool, error) {
	l.once.Do(func() { l.files, l.err = l.make() })
	data, ok := l.files[name]
	return data, ok, l.err
}

// Snapshot is a complete built site in memory. It is never changed after
// Build returns it, so a server may read it while the next build runs.
type Snapshot struct {
	Files   map[string][]byte // by slash path inside the output, but for the search index
	Changed []string          // the files whose bytes differ from the previous snapshot, sorted
	Made    int               // how many routes this build made again
	// Patched is set where the build patched an edit to texts alone into
	// the last build's site, rather than load the site again.
	Patched bool
	search  *lazyFiles
}

// File returns a file of the site: one of Files, or a file of the search
// index, which it makes on the first request after a change.
func (s *Snapshot) File(name string) ([]byte, bool, error) {
	if data, ok := s.Files[name]; ok {
		return data, true, nil
	}
	if s.search != nil && strings.HasPrefix(name, s.search.prefix) {
		return s.search.get(strings.TrimPrefix(name, s.search.prefix))
	}
	return nil, false, nil
}

// NewSession starts a session for the site described by opt.
func NewSession(opt Options) *Session {
	return &Session{opt: opt, out: &outputs{}, patched: map[string]bool{}}
}

// Build builds the site after the given sources changed (slash paths
// relative to the site root; nil means anything may have changed). On
// error it returns the diagnostics, and the session keeps the last good
// build.
func (s *Session) Build(changed []string) (*Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	full := changed == nil || s.proj == nil
	for _, c := range changed {
		if c == config.File || strings.HasPrefix(c, "layouts/") {
			full = true
		}
	}
	if full || s.content == nil {
		s.content, s.md = content.NewCache(), &loadCache{m: map[string]mdEntry{}, vocab: search.NewVocab(), parts: render.NewMemo()}
	}
	if !full {
		if snap, ok, err := s.patch(changed); ok {
			return snap, err
		}
	}
	isChanged := maps.Clone(s.patched)
	if isChanged == nil {
		isChanged = map[string]bool{}
	}
	for _, c := range changed {
		isChanged[c] = true
	}
	copt := content.Options{Drafts: s.opt.Drafts, Cache: s.content}
	if !full {
		copt.Changed = func(file string) bool { return isChanged[file] }
	}
	p, err := load(s.opt, copt, s.md)
	if err != nil {
		return nil, err
	}

	out := &outputs{
		files:  make(map[string][]byte, len(s.out.files)),
		routes: make(map[string]builtRoute, len(s.out.routes)),
		reads:  make(map[string][]string, len(s.out.reads)),
	}
	made, lazy, err := s.remake(p, p.routes(), out, full)
	if err != nil {
		return nil, err
	}
	// The search index is keyed as any route, but made only when asked.
	search := s.search
	for _, r := range lazy {
		read, files := recorder()
		k, err := r.key(read)
		if err != nil {
			return nil, err
		}
		if old, ok := s.out.routes[r.name]; full || !ok || old.key != k || search == nil {
			search = p.lazy(r)
		}
		out.routes[r.name], out.reads[r.name] = builtRoute{key: k}, files()
	}
	out.index()
	s.md.parts.Forget() // every page's view was made: what none asked for is gone
	snap := &Snapshot{Files: out.files, Changed: diffFiles(s.out.files, out.files), Made: made, search: search}
	s.out, s.search, s.proj, s.patched = out, search, p, map[string]bool{}
	return snap, nil
}

// outputs is what a session keeps of its last good build: the files, and
// each route as it was made and the texts it read, by the route's name.
type outputs struct {
	files  map[string][]byte
	routes map[string]builtRoute
	reads  map[string][]string
	// readers are the routes that read each text, by the text's file:
	// reads turned round, for a patch to find them.
	readers map[string][]string
}

// index makes readers from reads.
func (o *outputs) index() {
	o.readers = map[string][]string{}
	for name, files := range o.reads {
		for _, f := range files {
			o.readers[f] = append(o.readers[f], name)
		}
	}
}

// remake puts the files of routes into out: each route's files as the
// last good build made them where its key is as it was (and the build is
// not full), or made again. out is empty, for a build of the whole table,
// or a copy of the last build's, for some of its routes. remake returns
// how many routes it made, and leaves the lazy ones to the caller.
func (s *Session) remake(p *Project, routes iter.Seq[route], out *outputs, full bool) (made int, lazy []route, err error) {
	var mu sync.Mutex
	eager := func(yield func(route) bool) {
		for r := range routes {
			if r.lazy {
				lazy = append(lazy, r)
				continue
			}
			if !yield(r) {
				return
			}
		}
	}
	var last map[string]builtRoute
	if !full {
		last = s.out.routes
	}
	ps, n := carry(last, out.routes,
		func(name string, data []byte, _ bool) error {
			mu.Lock()
			out.files[name] = data
			mu.Unlock()
			return nil
		},
		func(f string) { // as the last build made it
			mu.Lock()
			out.files[f] = s.out.files[f]
			mu.Unlock()
		},
		func(f string) {
			mu.Lock()
			delete(out.files, f)
			mu.Unlock()
		})
	ps.reads = func(name string, files []string) {
		mu.Lock()
		out.reads[name] = files
		mu.Unlock()
	}
	err = p.render(eager, ps)
	return *n, lazy, err
}

// lazy is the lazy route r's files, made when first asked for.
func (p *Project) lazy(r route) *lazyFiles {
	return &lazyFiles{prefix: r.name, make: func() (map[string][]byte, error) { return r.many(nil) }}
}

// diffSome lists those of names whose bytes differ between two builds, or
// that only one has: the files a patch may have changed.
func diffSome(old, cur map[string][]byte, names []string) []string {
	var out []string
	for _, name := range names {
		prev, had := old[name]
		data, has := cur[name]
		if had != has || !same(prev, data) && !bytes.Equal(prev, data) {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// diffFiles lists the names whose bytes differ between two builds, or that
// only one has.
func diffFiles(old, cur map[string][]byte) []string {
	names := slices.AppendSeq(slices.Collect(maps.Keys(cur)), maps.Keys(old))
	return diffSome(old, cur, names)
}
