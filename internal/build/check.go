package build

import (
	"fmt"
	"path"
	"slices"
	"sort"
	"strings"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/diag"
	"scrutiny/internal/markdown"
	"scrutiny/internal/render"
)

// addresses maps every address of the site (without the base path) to the
// anchors of its page; files that are not pages map to nil.
type addresses map[string]*anchors

// anchors are a page's anchors: its template's ids, shared by every page
// of its kind, and its own (its Markdown's headings and paragraphs, its
// recommendations and actions). They are kept as the lists they come in
// and searched only when a link names one: at 10,000 documents, building a
// set for every page cost more than every link check together.
type anchors struct {
	fixed map[string]bool
	own   [][]string
}

func (a *anchors) has(id string) bool {
	if a.fixed[id] {
		return true
	}
	for _, list := range a.own {
		if slices.Contains(list, id) {
			return true
		}
	}
	return false
}

// list is every anchor, sorted, for suggestions.
func (a *anchors) list() []string {
	var out []string
	for id := range a.fixed {
		out = append(out, id)
	}
	for _, list := range a.own {
		out = append(out, list...)
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// addresses lists every address the site will have: those of its routes
// that a link may name.
func (p *Project) addresses() addresses {
	a := addresses{}
	// The templates' own ids (a document's #recommendations, say) are
	// anchors of every page of their kind.
	kinds := map[string]map[string]bool{}
	for r := range p.routes() {
		switch {
		case r.addr == "": // no link may name it
		case r.kind == "":
			a[r.addr] = nil
		default:
			fixed, ok := kinds[r.kind]
			if !ok {
				fixed = map[string]bool{}
				for _, id := range p.Theme.IDs(r.kind) {
					fixed[id] = true
				}
				kinds[r.kind] = fixed
			}
			set := &anchors{fixed: fixed}
			if r.own != nil {
				set.own = r.own()
			}
			a[r.addr] = set
		}
	}
	return a
}

func anchorsOf(r *markdown.Result) []string {
	if r == nil {
		return nil
	}
	return r.Anchors
}

// checker checks links against the site's addresses. It makes what it
// needs only when a link needs it: the sorted addresses for a link that
// goes nowhere, the redirects for a link to an earlier address.
type checker struct {
	p         *Project
	addrs     addresses
	diags     diag.List
	known     []string          // every address, sorted, for suggestions
	redirects map[string]string // alias path -> the address it redirects to
}

func (c *checker) suggest(addr string) string {
	if c.known == nil {
		c.known = make([]string, 0, len(c.addrs))
		for k := range c.addrs {
			c.known = append(c.known, k)
		}
		sort.Strings(c.known)
	}
	return diag.DidYouMean(addr, c.known)
}

func (c *checker) redirectOf(path string) (string, bool) {
	if c.redirects == nil {
		c.redirects = map[string]string{}
		for _, r := range c.p.aliases() {
			c.redirects[r.alias.Path] = r.to
		}
	}
	to, ok := c.redirects[path]
	if !ok && !strings.HasSuffix(path, "/") {
		to, ok = c.redirects[path+"/"]
	}
	return to, ok
}

// resolve finds what a link's path names: the address as written or as a
// folder, or a page's earlier address, which redirects to it keeping the
// fragment. ok is false for a path that goes nowhere; failed is set for a
// page whose own errors are reported.
func (c *checker) resolve(path string) (target string, a *anchors, ok, failed bool) {
	target = path
	if a, ok = c.addrs[target]; !ok && !strings.HasSuffix(target, "/") {
		target += "/"
		a, ok = c.addrs[target]
	}
	switch {
	case ok:
		return target, a, true, false
	case c.p.failed(target):
		return target, nil, false, true
	}
	if to, moved := c.redirectOf(path); moved {
		a, ok = c.addrs[to]
		return to, a, ok, false
	}
	return target, nil, false, false
}

// links checks the links of the text r of file, whose page is at self.
func (c *checker) links(file, self string, r *markdown.Result) {
	if r == nil {
		return
	}
	for _, l := range r.Links {
		if l.Bad != "" {
			c.diags.Add(file, l.Line, l.Col, "link to %q is not an address (%s): write it as a site address such as /council/document/, with any space or special character percent-encoded", l.Dest, l.Bad)
			continue
		}
		target, anchors := self, c.addrs[self]
		if l.Path != "" {
			var ok, failed bool
			target, anchors, ok, failed = c.resolve(l.Path)
			if failed {
				continue // the target's own errors are reported
			}
			if !ok {
				where := l.Path
				if !strings.HasPrefix(l.Dest, "/") {
					where = fmt.Sprintf("%s (%s)", l.Dest, l.Path)
				}
				c.diags.Add(file, l.Line, l.Col, "link to %s goes nowhere: the site has no page or file there%s", where, c.suggest(l.Path))
				continue
			}
		}
		if l.Fragment == "" || anchors == nil {
			continue
		}
		if !anchors.has(l.Fragment) {
			c.diags.Add(file, l.Line, l.Col, "link to %s#%s: the page has no anchor %q%s", target, l.Fragment, l.Fragment, diag.DidYouMean(l.Fragment, anchors.list()))
		}
	}
}

// ids checks version v's recommendation and action ids, each of which is
// also the anchor of its part of the page: none may be one the page's
// template already gives a section (fixed), nor one a heading of the text
// takes.
func (c *checker) ids(v *content.Version, fixed map[string]bool) {
	var text []string
	if r := c.p.docs[v]; r != nil {
		text = r.Anchors
	}
	heading := func(id string) bool { return slices.Contains(text, id) }
	for _, r := range v.Recommendations {
		if fixed[r.ID] {
			c.diags.Add(v.File, r.Pos.Line, r.Pos.Col, "recommendation id %q is the anchor of a section of the page: choose another, such as \"R1\"", r.ID)
		} else if heading(r.ID) {
			c.diags.Add(v.File, r.Pos.Line, r.Pos.Col, "recommendation id %q is the anchor of a heading of the text: choose another, such as \"R1\"", r.ID)
		}
	}
	for _, a := range v.Actions {
		if fixed[a.ID] {
			c.diags.Add(v.File, a.Pos.Line, a.Pos.Col, "action id %q is the anchor of a section of the page: choose another, such as \"A1\"", a.ID)
		} else if heading(a.ID) {
			c.diags.Add(v.File, a.Pos.Line, a.Pos.Col, "action id %q is the anchor of a heading of the text: choose another, such as \"A1\"", a.ID)
		}
	}
}

// documentIDs are the ids of the document template's own sections.
func (p *Project) documentIDs() map[string]bool {
	fixed := map[string]bool{}
	for _, id := range p.Theme.IDs("document") {
		fixed[id] = true
	}
	return fixed
}

// config checks site.toml's links to the site: the logo, where it is a
// file of the site, and the header's and footer's links to its pages.
func (c *checker) config() {
	p := c.p
	if l := p.Config.Logo; strings.HasPrefix(l, "/") && !strings.HasPrefix(l, "//") {
		if _, ok := c.addrs[l]; !ok {
			c.diags.Add(config.File, p.Config.LogoPos.Line, p.Config.LogoPos.Col, "logo %s is not a file of the site: put it in static/ (static%s)%s", l, l, c.suggest(l))
		}
	}
	for _, l := range append(append([]config.Link(nil), p.Config.Menu...), p.Config.Footer...) {
		if !strings.HasPrefix(l.URL, "/") || strings.HasPrefix(l.URL, "//") {
			continue
		}
		addr, frag, _ := strings.Cut(l.URL, "#")
		addr, _, _ = strings.Cut(addr, "?")
		_, anchors, ok, failed := c.resolve(addr)
		switch {
		case failed:
		case !ok:
			c.diags.Add(config.File, l.Pos.Line, l.Pos.Col, "link to %s goes nowhere: the site has no page or file there%s", addr, c.suggest(addr))
		case frag != "" && anchors != nil && !anchors.has(frag):
			c.diags.Add(config.File, l.Pos.Line, l.Pos.Col, "link to %s: the page has no anchor %q%s", l.URL, frag, diag.DidYouMean(frag, anchors.list()))
		}
	}
}

// text is a converted text of the site: its file, the address of its
// page, and whose text it is: a version's, a body's introduction, a
// page's, or (none of the three) the home page's.
type text struct {
	file, self string
	r          *markdown.Result
	v          *content.Version
	body       *content.Body
	page       *content.Page
	front      uint64 // the loaded front matter's hash (see content.Reread)
	marks      bool   // whether the loaded file holds values to fill in
}

// eachText calls fn for every text of the site, in a fixed order.
func (p *Project) eachText(fn func(text)) {
	if h := p.Content.Home; h != nil {
		fn(text{file: h.File, self: "/", r: p.home, front: h.Front, marks: len(h.ToFill) > 0})
	}
	for _, pg := range p.Content.Pages {
		fn(text{file: pg.File, self: render.PageAddr(pg), r: p.pages[pg], page: pg, front: pg.Front, marks: len(pg.ToFill) > 0})
	}
	for _, b := range p.Content.Bodies {
		fn(text{file: b.File, self: render.BodyAddr(b), r: p.bodies[b], body: b, front: b.Front})
		for _, d := range b.Docs {
			for _, v := range d.Versions {
				fn(text{file: v.File, self: render.VersionAddr(v), r: p.docs[v], v: v, front: v.Front, marks: len(v.ToFill) > 0})
			}
		}
	}
}

// check finds links that go nowhere and aliases that clash.
func (p *Project) check() diag.List {
	c := &checker{p: p, addrs: p.addrs}
	c.config()
	fixed := p.documentIDs()
	p.eachText(func(t text) {
		c.links(t.file, t.self, t.r)
		if t.v != nil {
			c.ids(t.v, fixed)
		}
	})
	diags := c.diags

	// An alias must not take an address the site uses, nor one another
	// alias already took.
	taken := map[string]content.Alias{}
	// refused are the aliases reported here, which the output's check
	// then passes over: one message for one cause.
	refused := map[content.Alias]bool{}
	for _, al := range p.declaredAliases() {
		addr := al.alias.Path
		_, clash := p.addrs[addr]
		if !clash && !strings.Contains(lastSegment(addr), ".") {
			_, clash = p.addrs[cleanAddr(addr)]
		}
		if clash {
			diags.Add(al.alias.File, al.alias.Pos.Line, al.alias.Pos.Col, "alias %s is an address the site already uses; an alias names an earlier address that no page has now", addr)
			refused[al.alias] = true
			continue
		}
		name := aliasFile(addr)
		if prev, ok := taken[name]; ok {
			// Both claims are wrong until one goes: say so at each.
			diags.Add(al.alias.File, al.alias.Pos.Line, al.alias.Pos.Col, "alias %s is also claimed by %s: an address redirects to one page; remove one of the two", addr, where(prev))
			diags.Add(prev.File, prev.Pos.Line, prev.Pos.Col, "alias %s is also claimed by %s: an address redirects to one page; remove one of the two", prev.Path, where(al.alias))
			refused[al.alias], refused[prev] = true, true
			continue
		}
		taken[name] = al.alias
	}
	p.expandAliases(func(a content.Alias, derived redirect, other *content.Alias) {
		refused[a] = true
		if other == nil {
			diags.Add(a.File, a.Pos.Line, a.Pos.Col, "alias %s redirects the pages below it, and so %s, an address the site already uses: remove the alias, or rename the page", a.Path, derived.alias.Path)
			return
		}
		refused[*other] = true
		diags.Add(a.File, a.Pos.Line, a.Pos.Col, "alias %s redirects the pages below it, and so %s to %s, which %s claims as an alias of another page: remove one of the two", a.Path, derived.alias.Path, derived.to, where(*other))
		diags.Add(other.File, other.Pos.Line, other.Pos.Col, "alias %s is also claimed by alias %s at %s, which redirects the pages below it: remove one of the two", other.Path, a.Path, where(a))
	})
	diags.Merge(p.outputTree(refused))
	return diags
}

// where is an alias's position, as a message names it.
func where(a content.Alias) string { return fmt.Sprintf("%s:%d:%d", a.File, a.Pos.Line, a.Pos.Col) }

// failed reports whether addr is at or below a page, body or document whose
// files had errors.
func (p *Project) failed(addr string) bool {
	parts := strings.Split(strings.Trim(addr, "/"), "/")
	for i := 1; i <= len(parts); i++ {
		if p.Content.Failed["/"+strings.Join(parts[:i], "/")+"/"] {
			return true
		}
	}
	return false
}

func lastSegment(p string) string {
	p = strings.TrimSuffix(p, "/")
	return p[strings.LastIndex(p, "/")+1:]
}

// aliasFile is the output file of a redirect: the address itself when it
// names a file ("/old/report.html"), else its index.html.
func aliasFile(addr string) string {
	if strings.Contains(lastSegment(addr), ".") && !strings.HasSuffix(addr, "/") {
		return strings.TrimPrefix(addr, "/")
	}
	return strings.TrimPrefix(cleanAddr(addr), "/") + "index.html"
}

// redirect is an alias and the address it leads to.
type redirect struct {
	alias content.Alias
	to    string
}

// carries reports whether the redirect carries the addresses below its
// alias to the same place below its page: an alias of a folder (a renamed
// body or document), whose files (attachments, timelines, feeds) follow
// it, except to the home page, which has no such files.
func (r redirect) carries() bool { return strings.HasSuffix(r.alias.Path, "/") && r.to != "/" }

// declaredAliases lists the aliases the content names, in a fixed order.
func (p *Project) declaredAliases() []redirect {
	var out []redirect
	for _, pg := range p.Content.Pages {
		for _, a := range pg.Aliases {
			out = append(out, redirect{a, render.PageAddr(pg)})
		}
	}
	if h := p.Content.Home; h != nil {
		for _, a := range h.Aliases {
			out = append(out, redirect{a, "/"})
		}
	}
	for _, b := range p.Content.Bodies {
		for _, a := range b.Aliases {
			out = append(out, redirect{a, render.BodyAddr(b)})
		}
		for _, d := range b.Docs {
			seen := map[string]bool{}
			// Every version's aliases lead to the document: an address
			// once used for it keeps working after it is revised.
			for _, v := range d.Versions {
				for _, a := range v.Aliases {
					if !seen[a.Path] {
						seen[a.Path] = true
						out = append(out, redirect{a, render.DocAddr(d)})
					}
				}
			}
		}
	}
	return out
}

// aliases lists every redirect page of the site: the declared aliases, and
// below each alias of a body or document the old address of every page
// under it (its documents, versions and change pages), so that a renamed
// body or document keeps every old link working. A derived address that a
// page or a declared alias already has is left to them.
func (p *Project) aliases() []redirect { return p.expandAliases(nil) }

// expandAliases is aliases; clash, when not nil, is told of every address
// below an alias (derived, from the declared alias a) that a page already
// has (other nil) or another alias claims, which aliases leaves out. The
// check reports them; without it one claim would silently win.
func (p *Project) expandAliases(clash func(a content.Alias, derived redirect, other *content.Alias)) []redirect {
	declared := p.declaredAliases()
	out := append([]redirect(nil), declared...)
	taken := map[string]content.Alias{}
	for _, r := range declared {
		if _, ok := taken[aliasFile(r.alias.Path)]; !ok {
			taken[aliasFile(r.alias.Path)] = r.alias
		}
	}
	if len(declared) == 0 {
		return out // the usual case, and no need to map every address
	}
	under := map[string][]string{} // an address -> the page addresses below it
	for addr, anchors := range p.addrs {
		if anchors == nil || addr == "/" {
			continue
		}
		for parent := path.Dir(strings.TrimSuffix(addr, "/")); parent != "/"; parent = path.Dir(parent) {
			under[parent+"/"] = append(under[parent+"/"], addr)
		}
	}
	for _, r := range declared {
		if !strings.HasSuffix(r.alias.Path, "/") || r.to == "/" {
			continue
		}
		subs := under[r.to]
		sort.Strings(subs)
		for _, sub := range subs {
			old := r.alias.Path + strings.TrimPrefix(sub, r.to)
			name := aliasFile(old)
			a := r.alias
			a.Path = old
			if _, used := p.addrs[cleanAddr(old)]; used {
				if clash != nil {
					clash(r.alias, redirect{a, sub}, nil)
				}
				continue
			}
			if prev, ok := taken[name]; ok {
				if clash != nil {
					clash(r.alias, redirect{a, sub}, &prev)
				}
				continue
			}
			taken[name] = r.alias
			out = append(out, redirect{a, sub})
		}
	}
	return out
}
