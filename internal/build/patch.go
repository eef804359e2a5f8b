package build

import (
	"iter"
	"maps"
	"slices"

	"scrutiny/internal/content"
	"scrutiny/internal/diag"
	"scrutiny/internal/markdown"
	"scrutiny/internal/render"
)

// patch builds the site after an edit that changed texts alone, without
// loading it again: most of an author's edits, as they write. An edit
// changed a text alone when the file's front matter is as the loaded
// site read it (content.Reread), for what the site is made of comes from
// the front matter, but for the texts. The edited texts are converted
// again into a copy of the last good build's site, the links they hold
// and the links to anchors they gained or lost are checked, and then only
// the routes that read one of them in the last build are made again:
// each route's reads are recorded as it is made (see
// render.Views.Recording), so no list says which pages show which texts.
//
// patch reports false where the edit is not of texts alone (or the texts
// hold values to fill in, which the load reports), or the day has changed
// since the site loaded (timelines run to it): then the site must be
// loaded again.
func (s *Session) patch(changed []string) (*Snapshot, bool, error) {
	last := s.proj
	day := s.opt.Today
	if day.IsZero() {
		day = today()
	}
	if day != last.today {
		return nil, false, nil
	}
	type edit struct {
		text
		md []byte
	}
	var edits []edit
	refs := last.refs()
	for _, c := range changed {
		ref, ok := refs[c]
		if !ok {
			return nil, false, nil // not a text of the site: a new file, a draft, an attachment
		}
		front, md, err := content.Reread(s.opt.Site, c)
		if err != nil || front != ref.front || ref.marks || content.ToFill(string(md)) {
			// The load says what is wrong, and what is still to fill in.
			return nil, false, nil
		}
		edits = append(edits, edit{ref, md})
	}

	p := last.clone()
	texts := map[string]bool{} // the files whose converted text is new
	var diags diag.List
	one := func(file string, src []byte, dir string) *markdown.Result {
		texts[file] = true
		res, ds := p.convertTask(textTask{file: []string{file}, src: [][]byte{src}, dir: dir})
		diags.Merge(ds)
		if len(res) == 0 {
			return nil
		}
		return res[0]
	}
	for _, e := range edits {
		switch {
		case e.v != nil:
			// Each version keeps the paragraph anchors of the one
			// before: the versions after the edited one change too.
			p.sources[e.v] = e.md
			d := e.v.Doc
			res, ds := p.convertTask(docTask(d, p.sources))
			diags.Merge(ds)
			for i, v := range d.Versions {
				texts[v.File] = true
				if i < len(res) {
					p.docs[v] = res[i]
				}
			}
		case e.body != nil:
			p.bodies[e.body] = one(e.file, e.md, render.BodyAddr(e.body))
		case e.page != nil:
			p.pages[e.page] = one(e.file, e.md, render.PageAddr(e.page))
		default:
			p.home = one(e.file, e.md, "/")
		}
	}
	if err := diags.Err(); err != nil {
		return nil, true, err
	}
	p.views = p.newViews()

	readers := map[string]bool{}
	for f := range texts {
		for _, name := range s.out.readers[f] {
			readers[name] = true
		}
	}
	// The routes that read the texts are found in the table. They are
	// looked for first among the routes of the texts' own bodies (and
	// the site's, outside every body), which saves a walk of the whole
	// table at thousands of documents; where one is not there, in all.
	bodies := map[*content.Body]bool{}
	for _, e := range edits {
		switch {
		case e.v != nil:
			bodies[e.v.Doc.Body] = true
		case e.body != nil:
			bodies[e.body] = true
		}
	}
	touched := p.routesNamed(p.routesOf(func(b *content.Body) bool { return bodies[b] }), readers)
	if len(touched) < len(readers) {
		touched = p.routesNamed(p.routes(), readers)
	}
	if err := p.checkPatch(last, touched, texts); err != nil {
		return nil, true, err
	}

	// The routes made again write into a copy of the last build's files,
	// which a server may still be reading, and into fresh maps of the
	// rest, which take the place of the last build's entries once all
	// is made.
	out := &outputs{
		files:  maps.Clone(s.out.files),
		routes: map[string]builtRoute{},
		reads:  map[string][]string{},
	}
	made, lazy, err := s.remake(p, slices.Values(touched), out, false)
	if err != nil {
		return nil, true, err
	}
	search := s.search
	for _, r := range lazy {
		// Made again when asked; its reads are the same texts.
		search = p.lazy(r)
		delete(s.out.routes, r.name)
	}
	var changedFiles []string
	for _, r := range touched {
		if r.lazy {
			continue
		}
		if r.many != nil {
			changedFiles = append(changedFiles, out.routes[r.name].files...)
			changedFiles = append(changedFiles, s.out.routes[r.name].files...)
		} else {
			changedFiles = append(changedFiles, r.name)
		}
	}
	snap := &Snapshot{Files: out.files, Changed: diffSome(s.out.files, out.files, changedFiles), Made: made, Patched: true, search: search}
	maps.Copy(s.out.routes, out.routes)
	for name, files := range out.reads {
		if !slices.Equal(files, s.out.reads[name]) {
			s.out.reindex(name, files)
		}
	}
	s.out.files, s.search, s.proj = out.files, search, p
	for _, e := range edits {
		s.patched[e.file] = true
	}
	return snap, true, nil
}

// checkPatch checks what a patch of texts can break, given the routes
// that read them: the links the texts hold; the links elsewhere, and
// site.toml's, to an anchor that the pages showing them gained or lost;
// and the versions' ids against their texts' headings.
func (p *Project) checkPatch(last *Project, touched []route, texts map[string]bool) error {
	p.addrs = maps.Clone(last.addrs)
	moved := map[string]bool{}
	for _, r := range touched {
		was := last.addrs[r.addr]
		if r.addr == "" || r.own == nil || was == nil {
			continue
		}
		now := &anchors{fixed: was.fixed, own: r.own()}
		p.addrs[r.addr] = now
		if !slices.EqualFunc(was.own, now.own, slices.Equal) {
			moved[r.addr] = true
		}
	}
	c := &checker{p: p, addrs: p.addrs}
	fixed := p.documentIDs()
	p.eachText(func(t text) {
		if texts[t.file] {
			c.links(t.file, t.self, t.r)
			if t.v != nil {
				c.ids(t.v, fixed)
			}
			return
		}
		if len(moved) > 0 && c.linksInto(t, moved) {
			c.links(t.file, t.self, t.r)
		}
	})
	if len(moved) > 0 {
		c.config()
	}
	return c.diags.Err()
}

// linksInto reports whether text t links to an anchor of a page at one
// of addrs.
func (c *checker) linksInto(t text, addrs map[string]bool) bool {
	if t.r == nil {
		return false
	}
	for _, l := range t.r.Links {
		if l.Fragment == "" || l.Bad != "" {
			continue
		}
		target := t.self
		if l.Path != "" {
			target, _, _, _ = c.resolve(l.Path)
		}
		if addrs[target] {
			return true
		}
	}
	return false
}

// texts finds every text of the site by its file.
func (p *Project) texts() map[string]text {
	refs := map[string]text{}
	p.eachText(func(t text) { refs[t.file] = t })
	return refs
}

// clone copies the project for a patch: the texts are its own, and all
// else is shared, never changed.
func (p *Project) clone() *Project {
	c := *p
	c.docs, c.pages, c.bodies = maps.Clone(p.docs), maps.Clone(p.pages), maps.Clone(p.bodies)
	c.sources = maps.Clone(p.sources)
	if c.sources == nil {
		c.sources = map[*content.Version][]byte{}
	}
	return &c
}

// reindex records that route name now reads files.
func (o *outputs) reindex(name string, files []string) {
	for _, f := range o.reads[name] {
		o.readers[f] = slices.DeleteFunc(o.readers[f], func(n string) bool { return n == name })
	}
	for _, f := range files {
		o.readers[f] = append(o.readers[f], name)
	}
	o.reads[name] = files
}

// routesNamed are those of routes whose names are in names.
func (p *Project) routesNamed(routes iter.Seq[route], names map[string]bool) []route {
	var found []route
	for r := range routes {
		if names[r.name] {
			found = append(found, r)
		}
	}
	return found
}
