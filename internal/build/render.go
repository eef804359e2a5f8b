package build

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"maps"
	"slices"
	"sort"
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
	return p.render(p.routes(), pass{emit: emit})
}

// pass is what one render of routes does with each: keep, when set, says
// whether a route whose key is as given may keep the files it made last
// time, and is then not made; emit receives each file made; done, when
// set, is told each route made, its key, and, for a route of many files,
// their names; reads, when set, is told the texts each route read.
type pass struct {
	keep  func(name string, k render.Key) bool
	emit  Emit
	done  func(name string, k render.Key, made []string)
	reads func(name string, files []string)
}

func (p *Project) render(routes iter.Seq[route], ps pass) error {
	var mu sync.Mutex
	var errs []error
	each(routes, func(r route) {
		err := p.renderRoute(r, ps)
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

func (p *Project) renderRoute(r route, ps pass) error {
	var read reader
	var files func() []string
	if ps.reads != nil {
		read, files = recorder()
	}
	k, made, err := p.prepare(r, read)
	if err != nil {
		return err
	}
	if ps.reads != nil {
		ps.reads(r.name, files())
	}
	if ps.keep != nil && ps.keep(r.name, k) {
		return nil
	}
	out, err := made()
	if err != nil {
		return err
	}
	minify := r.minify && p.Config.Minify
	if r.many == nil {
		if err := ps.emit(r.name, out[""], minify); err != nil {
			return err
		}
		if ps.done != nil {
			ps.done(r.name, k, nil)
		}
		return nil
	}
	names := make([]string, 0, len(out))
	for name := range out {
		names = append(names, name)
	}
	sort.Strings(names)
	for i, name := range names {
		if err := ps.emit(r.name+name, out[name], minify); err != nil {
			return err
		}
		names[i] = r.name + name
	}
	if ps.done != nil {
		ps.done(r.name, k, names)
	}
	return nil
}

// prepare does the first half of a route's work: it finds the route's
// key, which stands for everything the route's files are made from, and
// returns the second half, which makes them (one route's file by the name
// "", or the files of many by their names below the route's). What a
// route depends on is not listed anywhere but here, where it is read: a
// page's key is its view's, the very values its template shows; any
// other file's is its bytes', made once for both halves, unless the route
// can say what it makes from more cheaply (route.key).
//
// read, where set, is told of every text the route reads.
func (p *Project) prepare(r route, read reader) (render.Key, func() (map[string][]byte, error), error) {
	one := func(data []byte) map[string][]byte { return map[string][]byte{"": data} }
	switch {
	case r.view != nil:
		vw := p.views
		if read != nil {
			vw = vw.Recording(read)
		}
		v, err := r.view(vw)
		if err != nil {
			return 0, nil, err
		}
		return render.Hash(v), func() (map[string][]byte, error) {
			data, err := p.Theme.Execute(v.Kind, v)
			return one(data), err
		}, nil
	case r.key != nil:
		k, err := r.key(read)
		if err != nil {
			return 0, nil, err
		}
		if r.many != nil {
			return k, func() (map[string][]byte, error) { return r.many(nil) }, nil
		}
		return k, func() (map[string][]byte, error) {
			data, err := r.make()
			return one(data), err
		}, nil
	case r.many != nil:
		files, err := r.many(read)
		if err != nil {
			return 0, nil, err
		}
		return filesKey(files), func() (map[string][]byte, error) { return files, nil }, nil
	default:
		data, err := r.make()
		if err != nil {
			return 0, nil, err
		}
		return render.HashBytes(data), func() (map[string][]byte, error) { return one(data), nil }, nil
	}
}

// builtRoute is a route as a build made it: its key, and for a route of
// many files their names (never nil); nil for a route of one file, which
// is its name.
type builtRoute struct {
	key   render.Key
	files []string
}

// carry is the pass of a build that carries over from the last build
// (last, by route name; nil carries nothing) every route whose key is as
// it was, rather than make it again. kept is told each file of a route
// carried over, and gone each file that a route made again no longer
// makes; next records every route, carried over or made, and made counts
// those made, once the pass has run. kept, gone and emit are called from
// many goroutines at once.
func carry(last, next map[string]builtRoute, emit Emit, kept, gone func(file string)) (ps pass, made *int) {
	var mu sync.Mutex
	made = new(int)
	ps.emit = emit
	ps.keep = func(name string, k render.Key) bool {
		was, ok := last[name]
		if !ok || was.key != k {
			return false
		}
		mu.Lock()
		next[name] = was
		mu.Unlock()
		if was.files == nil {
			kept(name)
		}
		for _, f := range was.files {
			kept(f)
		}
		return true
	}
	ps.done = func(name string, k render.Key, files []string) {
		mu.Lock()
		next[name] = builtRoute{k, files}
		*made++
		mu.Unlock()
		for _, f := range last[name].files {
			if !slices.Contains(files, f) {
				gone(f)
			}
		}
	}
	return ps, made
}

// reader is told the source file of each text a route reads (see
// route); nil where nobody asks.
type reader func(file string)

func (read reader) saw(file string) {
	if read != nil {
		read(file)
	}
}

// recorder returns a reader that keeps what it is told, and the function
// that gives it back, sorted, each file once.
func recorder() (reader, func() []string) {
	var files []string
	return func(file string) { files = append(files, file) }, func() []string {
		slices.Sort(files)
		return slices.Compact(files)
	}
}

// filesKey is the key of files made together: their names and bytes.
func filesKey(files map[string][]byte) render.Key {
	names := slices.Sorted(maps.Keys(files))
	parts := make([][]byte, 0, 2*len(names))
	for _, name := range names {
		parts = append(parts, []byte(name), files[name])
	}
	return render.HashBytes(parts...)
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
