package build

import (
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"sort"
	"sync"
	"syscall"

	"github.com/tdewolff/parse/v2"

	"scrutiny/internal/content"
	"scrutiny/internal/diag"
	"scrutiny/internal/meta"
	"scrutiny/internal/output"
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
