// Package render makes what each page shows, from the site the pipeline
// loaded (see Views), and executes the site's templates. The default theme is
// embedded in the binary; a site overrides any template by putting a file of
// the same name in its own layouts/ folder.
package render

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"scrutiny/internal/diag"
	"scrutiny/internal/source"
)

// Dir is the folder of templates, in the theme and in a site.
const Dir = "layouts"

// Theme is a parsed set of templates: one template set per page kind, each
// holding the base layout, the partials and that kind's own file. It is
// immutable and safe for concurrent use.
type Theme struct {
	kinds map[string]*template.Template
	ids   map[string][]string // the fixed ids each kind's page carries
}

// Load parses the templates of theme, each replaced by the site's file of the
// same name where there is one. site may be nil.
func Load(theme, site fs.FS) (*Theme, diag.List) {
	var diags diag.List
	files := map[string]fs.FS{} // name below layouts/ -> where it comes from
	for _, fsys := range []fs.FS{theme, site} {
		if fsys == nil {
			continue
		}
		_ = fs.WalkDir(fsys, Dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if p != Dir || !errors.Is(err, fs.ErrNotExist) {
					diags.Add(p, 1, 1, "cannot read: %v", source.Reason(err))
				}
				return nil
			}
			// A named pipe or a socket is never a template, and opening
			// one can wait for ever. A link is followed by fsys, which
			// refuses one that leads outside the site; a link to a folder
			// is not walked, and is said so rather than passed over.
			if err := source.Unlinked(fsys, p, d, Dir); err != nil {
				diags.Add(p, 1, 1, "%v", err)
				return nil
			}
			if d.IsDir() || !strings.HasSuffix(p, ".html") && !strings.HasSuffix(p, ".svg") && !strings.HasSuffix(p, ".xml") {
				return nil
			}
			files[strings.TrimPrefix(p, Dir+"/")] = fsys
			return nil
		})
	}
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)

	common := template.New("").Funcs(funcs)
	var kinds []string
	var commonIDs []string
	for _, n := range names {
		if n != "base.html" && !strings.HasPrefix(n, "partials/") {
			kinds = append(kinds, n)
			continue
		}
		if err := parse(common, files[n], n); err != nil {
			diags = append(diags, *err)
		}
		commonIDs = append(commonIDs, idsIn(files[n], n)...)
	}
	t := &Theme{kinds: map[string]*template.Template{}, ids: map[string][]string{}}
	for _, k := range kinds {
		name := strings.TrimSuffix(k, path.Ext(k))
		t.ids[name] = append(idsIn(files[k], k), commonIDs...)
		set, err := common.Clone()
		if err != nil {
			diags.Add(path.Join(Dir, k), 1, 1, "%v", err)
			continue
		}
		if err := parse(set, files[k], k); err != nil {
			diags = append(diags, *err)
			continue
		}
		t.kinds[name] = set
	}
	return t, diags
}

// idAttr finds the fixed ids a template gives its elements.
var idAttr = regexp.MustCompile(`\bid="([A-Za-z][A-Za-z0-9_-]*)"`)

func idsIn(fsys fs.FS, name string) []string {
	src, err := fs.ReadFile(fsys, path.Join(Dir, name))
	if err != nil {
		return nil
	}
	var out []string
	for _, m := range idAttr.FindAllStringSubmatch(string(src), -1) {
		out = append(out, m[1])
	}
	return out
}

// IDs lists the fixed element ids of a page of kind: links to them
// resolve, and headings in the text must not take them.
func (t *Theme) IDs(kind string) []string { return t.ids[kind] }

// AllIDs lists the fixed ids of every kind, sorted.
func (t *Theme) AllIDs() []string {
	seen := map[string]bool{}
	var out []string
	for _, ids := range t.ids {
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
	}
	sort.Strings(out)
	return out
}

// tmplErr reads a template error: the file below layouts/ that the error
// is in (a partial's own, not the page's that includes it), its line and
// column, and what is wrong.
var tmplErr = regexp.MustCompile(`template: ([^:]*):(\d+):(?:(\d+):)? ?(.*)`)

// parse adds the template file name to set, named by its path below layouts/.
func parse(set *template.Template, fsys fs.FS, name string) *diag.Diagnostic {
	file := path.Join(Dir, name)
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return &diag.Diagnostic{File: file, Line: 1, Col: 1, Msg: source.Reason(err).Error()}
	}
	if _, err := set.New(name).Parse(string(src)); err != nil {
		return templateError(file, err)
	}
	return nil
}

// templateError turns a template error into a diagnostic at its position:
// in the file the error names, so that a mistake in a partial is reported
// there, once, and not at every page's template that includes it.
func templateError(file string, err error) *diag.Diagnostic {
	d := &diag.Diagnostic{File: file, Line: 1, Msg: err.Error()}
	if m := tmplErr.FindStringSubmatch(err.Error()); m != nil {
		if m[1] != "" && !strings.ContainsAny(m[1], " \"") {
			d.File = path.Join(Dir, m[1])
		}
		d.Line, _ = strconv.Atoi(m[2])
		// The template package counts columns from 0, editors from 1.
		if col, err := strconv.Atoi(m[3]); err == nil {
			d.Col = col + 1
		}
		d.Msg = m[4]
	}
	return d
}

// Has reports whether the theme has a template for kind.
func (t *Theme) Has(kind string) bool { return t.kinds[kind] != nil }

// Execute renders the page kind (the template's file name without its
// extension, such as "document") with data.
func (t *Theme) Execute(kind string, data any) ([]byte, error) {
	set := t.kinds[kind]
	if set == nil {
		return nil, fmt.Errorf("no template %s/%s.html", Dir, kind)
	}
	buf := buffers.Get().(*bytes.Buffer)
	defer func() { buf.Reset(); buffers.Put(buf) }()
	name := kind + ".html"
	if set.Lookup(name) == nil {
		name = kind + path.Ext(set.Templates()[0].Name())
		for _, tt := range set.Templates() {
			if strings.TrimSuffix(tt.Name(), path.Ext(tt.Name())) == kind {
				name = tt.Name()
			}
		}
	}
	if err := set.ExecuteTemplate(buf, name, data); err != nil {
		return nil, templateError(path.Join(Dir, name), err)
	}
	return bytes.Clone(buf.Bytes()), nil
}

// buffers hold pages while they render. A page is tens of kilobytes, and a
// new buffer grows to that size by doubling, clearing memory each time: in
// a profile of 10,000 documents that was a tenth of the build. A buffer
// kept from an earlier page is already large enough, and the page is
// copied out once, at its size.
var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var funcs = template.FuncMap{
	"lower":   strings.ToLower,
	"replace": strings.ReplaceAll,
	"tag":     func(key, label string) Tag { return Tag{Key: key, Label: label} },
	"jsonld":  jsonLD,
	"add":     func(a, b int) int { return a + b },
	"cap":     Capital,
	"plural": func(n int, one, many string) string {
		if n == 1 {
			return one
		}
		return many
	},
}

// Capital is s with its first letter in upper case: the site's noun
// "council" as the heading "Council".
func Capital(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// jsonLD describes a document page for search engines and link previews:
// an Article published by a government organisation.
func jsonLD(p *Page) template.JS {
	type org struct {
		Type string `json:"@type"`
		Name string `json:"name"`
		URL  string `json:"url,omitempty"`
	}
	publisher := p.Site.Publisher
	if publisher == "" {
		publisher = p.Site.Title
	}
	v := struct {
		Context       string `json:"@context"`
		Type          string `json:"@type"`
		Headline      string `json:"headline"`
		Description   string `json:"description"`
		URL           string `json:"url"`
		DatePublished string `json:"datePublished,omitempty"`
		DateModified  string `json:"dateModified,omitempty"`
		Publisher     org    `json:"publisher"`
		About         org    `json:"about"`
		InLanguage    string `json:"inLanguage"`
		License       string `json:"license,omitempty"`
	}{
		Context: "https://schema.org", Type: "Article",
		Headline: p.Title, Description: p.Description, URL: p.Canonical,
		DatePublished: p.Published, DateModified: p.Modified,
		Publisher:  org{Type: "GovernmentOrganization", Name: publisher},
		About:      org{Type: "GovernmentOrganization", Name: p.Doc.BodyName},
		InLanguage: p.Site.Language, License: p.Site.LicenceURL,
	}
	// json.Marshal escapes <, > and &, so the data cannot close the script.
	data, _ := json.Marshal(v)
	return template.JS(data)
}
