package build

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"io"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/search"
)

// Session keeps a site loaded between builds, for the live server: each
// Build after the first parses again only the sources that changed and
// renders again only the files that depend on them.
//
// What depends on what is kept coarse, so that it is easy to see right: a
// document's pages depend on every file of its body (a document shows its
// neighbours' titles, its plan's actions, the reports on it); the lists,
// feeds and open data depend on the site's fingerprint, a hash of every
// field they show; site.toml and layouts/ change everything.
type Session struct {
	opt Options

	mu      sync.Mutex
	content *content.Cache
	md      *loadCache
	files   map[string][]byte // the last good build's files, by output name
	// groups are the names of the files each task of many files made in
	// the last good build, by the task's name: a document's passages for
	// search are thousands of such tasks, and finding each one's files
	// among all the site's by their names cost the square of the site.
	groups      map[string][]string
	search      *lazyFiles // the last good build's search index
	fingerprint uint64
	bodyPrints  map[string]uint64 // bodyPrint of each body of the last good build
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
	Made    int               // how many files this build made again
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
func NewSession(opt Options) *Session { return &Session{opt: opt} }

// Build builds the site after the given sources changed (slash paths
// relative to the site root; nil means anything may have changed). On
// error it returns the diagnostics, and the session keeps the last good
// build.
func (s *Session) Build(changed []string) (*Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	full := changed == nil || s.files == nil
	for _, c := range changed {
		if c == config.File || strings.HasPrefix(c, "layouts/") {
			full = true
		}
	}
	if full || s.content == nil {
		s.content, s.md = content.NewCache(), &loadCache{m: map[string]mdEntry{}, vocab: search.NewVocab()}
	}
	isChanged := map[string]bool{}
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

	// An edit to a document's text alone changes its own pages. An edit
	// to what other pages of its body show of it (its front matter)
	// changes them all: the body's page, and its other documents' (which
	// show their neighbours' titles, plans' actions, reports' statuses).
	// Only the bodies with a changed file are hashed again.
	touched, elsewhere := map[string]bool{}, false
	for _, c := range changed {
		if parts := strings.Split(c, "/"); parts[0] == content.Dir && len(parts) > 2 {
			touched[parts[1]] = true
		} else {
			elsewhere = true
		}
	}
	dirty := map[string]bool{}
	prints := make(map[string]uint64, len(p.Content.Bodies))
	same := len(s.bodyPrints) == len(p.Content.Bodies)
	for _, b := range p.Content.Bodies {
		old, ok := s.bodyPrints[b.Slug]
		if full || !ok || touched[b.Slug] {
			prints[b.Slug] = bodyPrint(b)
		} else {
			prints[b.Slug] = old
		}
		if !ok || old != prints[b.Slug] {
			dirty["body:"+b.Slug] = true
			same = false
		}
	}
	// The site's fingerprint hashes a part of what the bodies' prints do,
	// and the pages': with every print as it was and no file changed
	// outside the bodies' folders, it is as it was.
	fp := s.fingerprint
	if full || elsewhere || !same {
		fp = fingerprint(p)
	}
	dirty["site"] = full || fp != s.fingerprint
	for _, c := range changed {
		for _, d := range depsOf(c) {
			dirty[d] = true
		}
		if strings.HasPrefix(c, content.Dir+"/") {
			dirty["search"] = true
		}
	}
	// A body's page compares it with its neighbours: their changes are its.
	for _, b := range p.Content.Bodies {
		for _, n := range b.Neighbours {
			if dirty["body:"+n.Slug] {
				dirty["body:"+b.Slug] = true
			}
		}
	}

	files := map[string][]byte{}
	groups := map[string][]string{}
	var mu sync.Mutex
	var todo []route
	search := s.search
	for r := range p.routes() {
		if r.dep == "search" && r.many != nil {
			if full || dirty[r.dep] || search == nil {
				search = &lazyFiles{prefix: r.name, make: r.many}
			}
			continue
		}
		if r.many != nil {
			// Files made together are made again together.
			if full || dirty[r.dep] {
				made := r.many
				r.many = func() (map[string][]byte, error) {
					out, err := made()
					names := make([]string, 0, len(out))
					for name := range out {
						names = append(names, r.name+name)
					}
					mu.Lock()
					groups[r.name] = names
					mu.Unlock()
					return out, err
				}
				todo = append(todo, r)
				continue
			}
			groups[r.name] = s.groups[r.name]
			for _, name := range s.groups[r.name] {
				files[name] = s.files[name]
			}
			continue
		}
		old, ok := s.files[r.name]
		if full || !ok || dirty[r.dep] || dirty[bodyOf(r.dep)] {
			todo = append(todo, r)
			continue
		}
		files[r.name] = old
	}
	err = p.render(slices.Values(todo), func(name string, data []byte, _ bool) error {
		mu.Lock()
		files[name] = data
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{Files: files, Changed: diffFiles(s.files, files), Made: len(todo), search: search}
	s.files, s.groups, s.search, s.fingerprint, s.bodyPrints = files, groups, search, fp, prints
	return snap, nil
}

// bodyOf is the body dep that a document's dep belongs to, or "".
func bodyOf(dep string) string {
	rest, ok := strings.CutPrefix(dep, "doc:")
	if !ok {
		return ""
	}
	body, _, _ := strings.Cut(rest, "/")
	return "body:" + body
}

// depsOf names what depends on a changed source file. A body's
// _index.md is the body's own; any other file below the body's folder
// is a document's, or an attachment of one.
func depsOf(file string) []string {
	parts := strings.Split(file, "/")
	switch {
	case parts[0] == content.Dir && len(parts) == 2 && parts[1] == "_index.md":
		return []string{"site"}
	case parts[0] == content.Dir && len(parts) == 2:
		return []string{"page:" + strings.TrimSuffix(parts[1], ".md")}
	case parts[0] == content.Dir && len(parts) == 3 && parts[2] == "_index.md":
		return []string{"body:" + parts[1]}
	case parts[0] == content.Dir && len(parts) > 2:
		return []string{docDep(parts[1], strings.TrimSuffix(parts[2], ".md"))}
	case parts[0] == StaticDir:
		return []string{"file:" + path.Clean(file)}
	}
	return nil
}

// fingerprint hashes every field that the site's lists, feeds, open data
// and redirects show, so that an edit to a document's text alone does not
// make them again.
func fingerprint(p *Project) uint64 {
	h := fnv.New64a()
	w := hashStrings(h)
	n := func(i int) {
		var b [8]byte
		binary.LittleEndian.PutUint64(b[:], uint64(i))
		h.Write(b[:])
	}
	if hp := p.Content.Home; hp != nil {
		w(hp.Title, hp.Summary)
		for _, a := range hp.Aliases {
			w(a.Path)
		}
	}
	for _, pg := range p.Content.Pages {
		w(pg.Slug, pg.Title, pg.Summary)
		for _, a := range pg.Aliases {
			w(a.Path)
		}
	}
	for _, b := range p.Content.Bodies {
		w(b.Slug, b.Name, b.Short, b.Region, b.Code)
		for _, a := range b.Aliases {
			w(a.Path)
		}
		for _, d := range b.Docs {
			w(d.Slug)
			for _, a := range d.Attachments {
				w(a.Name)
			}
			for _, v := range d.Versions {
				w(v.Date.String(), v.Title, v.Type.Key, v.DocDate.String(), v.Summary, v.Change)
				if v.Framework != nil {
					w(v.Framework.Key)
				}
				for _, j := range v.Judgements {
					w(j.Area.Key, j.Grade.Key)
				}
				for _, a := range v.Aliases {
					w(a.Path)
				}
				n(len(v.Visit))
			}
		}
	}
	return h.Sum64()
}

// bodyPrint hashes what a body's pages and its documents' pages show of
// the body and of every one of its documents' front matter: everything
// but the documents' text, which only their own pages show.
func bodyPrint(b *content.Body) uint64 {
	h := fnv.New64a()
	w := hashStrings(h)
	w(b.Slug, b.Name, b.Short, b.Code, b.Region, b.Website)
	for _, a := range b.Aliases {
		w(a.Path)
	}
	for _, n := range b.Neighbours {
		w(n.Slug)
	}
	for _, pd := range b.Periods {
		w(fmt.Sprint(pd))
	}
	for _, d := range b.Docs {
		w("doc", d.Slug)
		for _, a := range d.Attachments {
			w(a.Name)
		}
		for _, v := range d.Versions {
			w("version", v.Date.String(), v.Title, v.Type.Key, v.DocDate.String(), v.Summary, v.Source, v.Change, fmt.Sprint(v.Draft, v.Visit, v.Authors))
			if v.Framework != nil {
				w(v.Framework.Key)
			}
			if v.RespondsTo != nil {
				w("responds", v.RespondsTo.Slug)
			}
			if v.Plan != nil {
				w("plan", v.Plan.Slug)
			}
			for _, j := range v.Judgements {
				w(j.Area.Key, j.Grade.Key)
			}
			for _, r := range v.Recommendations {
				w(r.ID, r.Text)
			}
			for _, a := range v.Actions {
				w(a.ID, a.Title, a.Owner, a.Due.String(), strings.Join(a.Recommendations, " "))
			}
			for _, pr := range v.Progress {
				w(pr.Action, pr.Status.Key, pr.Note)
			}
			for _, a := range v.Aliases {
				w(a.Path)
			}
		}
	}
	return h.Sum64()
}

// hashStrings returns a function that adds strings to h, each ended by a
// zero byte, so that ("ab", "c") and ("a", "bc") hash differently.
func hashStrings(h io.Writer) func(ss ...string) {
	return func(ss ...string) {
		for _, s := range ss {
			io.WriteString(h, s)
			h.Write([]byte{0})
		}
	}
}

// diffFiles lists the names whose bytes differ between two builds, or that
// only one has.
func diffFiles(old, cur map[string][]byte) []string {
	var out []string
	for name, data := range cur {
		prev, ok := old[name]
		if !ok || !same(prev, data) && !bytes.Equal(prev, data) {
			out = append(out, name)
		}
	}
	for name := range old {
		if _, ok := cur[name]; !ok {
			out = append(out, name)
		}
	}
	sort.Strings(out)
	return out
}
