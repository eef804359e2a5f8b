package content

import (
	"errors"
	"fmt"
	"hash/maphash"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"

	"scrutiny/internal/config"
	"scrutiny/internal/diag"
	"scrutiny/internal/meta"
)

// Dir is the folder of a site that holds its content.
const Dir = "content"

// Options change what Load keeps.
type Options struct {
	Drafts bool // keep drafts
	// Cache, when set, keeps parsed files between loads: a file that
	// Changed does not report is taken from it rather than read again.
	Cache   *Cache
	Changed func(file string) bool // nil: every file may have changed
	// Lean loads no document's text, only a hash of its file: a one-shot
	// build reads each text again with Version.Text when it needs it, so
	// that the text of 10,000 documents is never in memory at once.
	Lean bool
}

// Cache holds the parsed front matter of content files between loads, for
// the live server. Entries are never changed once stored: each Load copies
// what it takes, so that every Load returns a model of its own.
type Cache struct {
	mu sync.Mutex
	m  map[string]*job
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{m: map[string]*job{}} }

// clone copies a parse result with its own page, body or version, and
// references that point at the copy.
func (j *job) clone() *job {
	c := *j
	if j.page != nil {
		p := *j.page
		c.page = &p
	}
	if j.body != nil {
		b := *j.body
		c.body = &b
	}
	if j.version != nil {
		v := *j.version
		c.version = &v
		c.refs = make([]ref, len(j.refs))
		for i, r := range j.refs {
			r.from = &v
			c.refs[i] = r
		}
	}
	return &c
}

// job is one content file to parse, and where its result goes.
type job struct {
	file string
	kind int // jobPage, jobBody or jobVersion
	// For versions of a versioned document, the date from the file name.
	date meta.Date

	page    *Page
	body    *Body
	version *Version
	diags   diag.List
	refs    []ref
}

const (
	jobPage = iota
	jobBody
	jobVersion
)

// docSource is a document as found on disk, before parsing.
type docSource struct {
	body        string
	slug        string
	single      *job   // <doc>.md
	versions    []*job // <doc>/<date>.md, by date
	attachments []Attachment
	file        string // for messages about the document as a whole
}

// Load reads every file under content/ in fsys (the site root), parsing
// files in parallel, and returns the resolved site with every problem found.
func Load(fsys fs.FS, cfg *config.Site, opt Options) (*Site, diag.List) {
	var diags diag.List
	site := &Site{Config: cfg, bodies: map[string]*Body{}, Failed: map[string]bool{}, leftOut: map[string]bool{}}

	var jobs []*job
	var docs []*docSource
	docsByKey := map[string]*docSource{}
	// A document may be <doc>.md with attachments in the folder <doc>/, so
	// both are gathered under one key.
	docSrc := func(body, slug, file string) *docSource {
		k := body + "/" + slug
		if d := docsByKey[k]; d != nil {
			return d
		}
		d := &docSource{body: body, slug: slug, file: file}
		docsByKey[k] = d
		docs = append(docs, d)
		return d
	}
	bodyJobs := map[string]*job{}

	fileErr := func(err error) {
		var pe *fs.PathError
		if e, ok := err.(*fs.PathError); ok {
			pe = e
			diags.Add(pe.Path, 1, 1, "%v", pe.Err)
			return
		}
		diags.Add(Dir, 1, 1, "%v", err)
	}

	if _, err := fs.Stat(fsys, Dir); errors.Is(err, fs.ErrNotExist) {
		return site, nil // a site with no content yet builds an empty site
	} else if err != nil {
		fileErr(err) // a link out of the site, say: never an empty site
		return site, diags
	}
	top, errs := readDir(fsys, Dir)
	for _, err := range errs {
		fileErr(err)
	}
	for _, e := range top {
		name := path.Join(Dir, e.name)
		switch {
		case e.isDir:
			if msg := CheckSlug(e.name); msg != "" {
				diags.Add(name, 1, 1, "body folder name %q %s", e.name, msg)
				continue
			}
			if isReserved(e.name) {
				diags.Add(name, 1, 1, "body folder name %q is reserved for the site's own pages; rename the folder", e.name)
				continue
			}
			entries, errs := readDir(fsys, name)
			for _, err := range errs {
				fileErr(err)
			}
			hasIndex := false
			for _, be := range entries {
				bname := path.Join(name, be.name)
				switch {
				case be.name == "_index.md" && !be.isDir:
					hasIndex = true
					j := &job{file: bname, kind: jobBody}
					jobs = append(jobs, j)
					bodyJobs[e.name] = j
				case be.isDir:
					if msg := CheckSlug(be.name); msg != "" {
						diags.Add(bname, 1, 1, "document folder name %q %s", be.name, msg)
						continue
					}
					d := docSrc(e.name, be.name, bname)
					docFolder(fsys, d, bname, &diags, fileErr)
					jobs = append(jobs, d.versions...)
				case strings.HasSuffix(be.name, ".md"):
					slug := strings.TrimSuffix(be.name, ".md")
					if msg := CheckSlug(slug); msg != "" {
						diags.Add(bname, 1, 1, "document file name %q %s", be.name, msg)
						continue
					}
					j := &job{file: bname, kind: jobVersion}
					jobs = append(jobs, j)
					d := docSrc(e.name, slug, bname)
					d.single, d.file = j, bname
				default:
					diags.Add(bname, 1, 1, "unexpected file %q in a body folder: attachments belong in a document's folder (content/%s/<doc>/%s)", be.name, e.name, be.name)
				}
			}
			if !hasIndex {
				diags.Add(name, 1, 1, "body folder has no _index.md: add one with at least name = \"...\"")
			}
		case e.name == "_index.md":
			j := &job{file: name, kind: jobPage}
			jobs = append(jobs, j)
		case strings.HasSuffix(e.name, ".md"):
			slug := strings.TrimSuffix(e.name, ".md")
			if msg := CheckSlug(slug); msg != "" {
				diags.Add(name, 1, 1, "page file name %q %s", e.name, msg)
				continue
			}
			if isReserved(slug) {
				diags.Add(name, 1, 1, "page name %q is reserved for the site's own pages; rename the file", slug)
				continue
			}
			jobs = append(jobs, &job{file: name, kind: jobPage})
		default:
			diags.Add(name, 1, 1, "unexpected file %q in content/: only Markdown pages and body folders belong here; put other files in static/", e.name)
		}
	}

	parse := jobs
	keep := map[string]*job{} // the cache's next entries
	if c := opt.Cache; c != nil {
		parse = nil
		c.mu.Lock()
		for i, j := range jobs {
			if old := c.m[j.file]; old != nil && old.kind == j.kind && old.date == j.date && opt.Changed != nil && !opt.Changed(j.file) {
				*jobs[i] = *old.clone()
				keep[j.file] = old // never changed, so still pristine
				continue
			}
			parse = append(parse, j)
		}
		c.mu.Unlock()
	}
	parseAll(fsys, cfg, parse, opt.Lean)
	if c := opt.Cache; c != nil {
		// Keep pristine copies, before assembly links them together.
		for _, j := range parse {
			keep[j.file] = j.clone()
		}
		c.mu.Lock()
		c.m = keep
		c.mu.Unlock()
	}

	// Gather results in a fixed order so that diagnostics and the model do
	// not depend on scheduling.
	var refs []ref
	for _, j := range jobs {
		diags.Merge(j.diags)
		refs = append(refs, j.refs...)
		switch {
		case j.page != nil:
			site.ToFill = append(site.ToFill, j.page.ToFill...)
		case j.version != nil:
			site.ToFill = append(site.ToFill, j.version.ToFill...)
		}
	}
	site.ToFill = site.ToFill.Sort()
	for _, j := range jobs {
		if j.kind == jobPage && j.page == nil {
			slug := strings.TrimSuffix(path.Base(j.file), ".md")
			site.Failed["/"+slug+"/"] = true
		}
		if j.kind != jobPage || j.page == nil {
			continue
		}
		if j.page.Draft && !opt.Drafts {
			continue
		}
		if j.page.Slug == "" {
			site.Home = j.page
		} else {
			site.Pages = append(site.Pages, j.page)
		}
	}
	sort.Slice(site.Pages, func(a, b int) bool { return site.Pages[a].Slug < site.Pages[b].Slug })

	for slug, j := range bodyJobs {
		if j.body == nil {
			site.Failed["/"+slug+"/"] = true
			continue
		}
		j.body.Slug = slug
		j.body.docs = map[string]*Document{}
		site.bodies[slug] = j.body
		site.Bodies = append(site.Bodies, j.body)
	}
	sort.Slice(site.Bodies, func(a, b int) bool { return site.Bodies[a].Slug < site.Bodies[b].Slug })
	for _, pg := range site.Pages {
		if b := site.bodies[pg.Slug]; b != nil {
			diags.Add(pg.File, 1, 1, "page %q has the address of the body folder %s/: rename the page", pg.Slug, pg.Slug)
		}
	}

	for _, d := range docs {
		b := site.bodies[d.body]
		if b == nil {
			continue // its _index.md failed, and says so
		}
		if failed(d) {
			site.Failed["/"+d.body+"/"+d.slug+"/"] = true
		}
		if doc := assemble(b, d, opt, &diags); doc != nil {
			b.docs[doc.Slug] = doc
			b.Docs = append(b.Docs, doc)
		} else if !opt.Drafts && drafted(d) {
			site.leftOut["/"+d.body+"/"+d.slug+"/"] = true
		}
	}
	for _, b := range site.Bodies {
		sort.Slice(b.Docs, func(i, j int) bool {
			di, dj := b.Docs[i].Latest().DocDate, b.Docs[j].Latest().DocDate
			if c := di.Compare(dj); c != 0 {
				return c < 0
			}
			return b.Docs[i].Slug < b.Docs[j].Slug
		})
	}
	resolve(site, refs, &diags)
	return site, diags
}

// failed reports whether any version of d failed to parse.
func failed(d *docSource) bool {
	if d.single != nil && d.single.version == nil {
		return true
	}
	for _, j := range d.versions {
		if j.version == nil {
			return true
		}
	}
	return false
}

// drafted reports whether d is a draft in every version, and so left out
// of a build without drafts.
func drafted(d *docSource) bool {
	vs := d.versions
	if d.single != nil {
		vs = []*job{d.single}
	}
	for _, j := range vs {
		if j.version == nil || !j.version.Draft {
			return false
		}
	}
	return len(vs) > 0
}

// docFolder lists a document folder: dated version files and attachments.
func docFolder(fsys fs.FS, d *docSource, dir string, diags *diag.List, fileErr func(error)) {
	var walk func(dir, rel string)
	walk = func(dir, rel string) {
		entries, errs := readDir(fsys, dir)
		for _, err := range errs {
			fileErr(err)
		}
		for _, e := range entries {
			name := path.Join(dir, e.name)
			relName := path.Join(rel, e.name)
			if e.isDir {
				walk(name, relName)
				continue
			}
			if rel == "" && strings.HasSuffix(e.name, ".md") {
				m := versionName.FindStringSubmatch(e.name)
				if m == nil {
					diags.Add(name, 1, 1, "a Markdown file in a document folder is a version and is named by its date, such as 2022-06-22.md, not %q", e.name)
					continue
				}
				date, err := meta.ParseDate(m[1])
				if err != nil {
					diags.Add(name, 1, 1, "version file name: %q is not a date: name a version by the day it was published, such as 2022-06-22.md", m[1])
					continue
				}
				d.versions = append(d.versions, &job{file: name, kind: jobVersion, date: date})
				continue
			}
			d.attachments = append(d.attachments, Attachment{Name: relName, File: name})
		}
	}
	walk(dir, "")
	sort.Slice(d.versions, func(i, j int) bool { return d.versions[i].date.Compare(d.versions[j].date) < 0 })
}

// assemble builds a document from its parsed versions, or returns nil when
// it has none to publish.
func assemble(b *Body, d *docSource, opt Options, diags *diag.List) *Document {
	doc := &Document{Body: b, Slug: d.slug, Attachments: d.attachments}
	var vs []*job
	switch {
	case d.single != nil && len(d.versions) > 0:
		diags.Add(d.single.file, 1, 1, "document %q is defined twice: as %s.md and as version files in the folder %s/; keep one", d.slug, d.slug, d.slug)
		return nil
	case d.single != nil:
		vs = []*job{d.single}
	case len(d.versions) > 0:
		vs = d.versions
		doc.Versioned = true
	default:
		diags.Add(d.file, 1, 1, "document folder has no version files: add one named by its date, such as 2022-06-22.md")
		return nil
	}
	for i, j := range vs {
		v := j.version
		if v == nil {
			return nil // parse errors were reported
		}
		if doc.Versioned {
			v.Date = j.date
			if i > 0 && strings.TrimSpace(v.Change) == "" {
				diags.Add(j.file, 2, 1, "missing required key \"change\": every version after the first says what changed, such as change = \"Updated the action owners.\"")
			}
		} else {
			v.Date = v.DocDate
		}
		if v.Draft && !opt.Drafts {
			continue
		}
		v.Doc = doc
		v.Index = len(doc.Versions)
		doc.Versions = append(doc.Versions, v)
	}
	if len(doc.Versions) == 0 {
		return nil
	}
	return doc
}

// parseAll parses the jobs on one goroutine per core.
func parseAll(fsys fs.FS, cfg *config.Site, jobs []*job, lean bool) {
	work := make(chan *job)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range work {
				parseFile(fsys, cfg, j)
				if lean && j.version != nil {
					j.version.release()
				}
			}
		}()
	}
	for _, j := range jobs {
		work <- j
	}
	close(work)
	wg.Wait()
}

// Reread reads a content file again, for the live server, and returns its
// Markdown as Load gives it, with a hash of its front matter to compare
// with the loaded file's (Page.Front, Body.Front, Version.Front). What
// Load makes of a file comes from its front matter alone, but for the
// Markdown and the marks of values to fill in that it holds (see fill.go):
// an edit that leaves the front matter as it was, in a file whose text had
// and has no mark, changes the text and nothing else, and the server need
// not load the site again.
func Reread(fsys fs.FS, file string) (front uint64, md []byte, err error) {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return 0, nil, err
	}
	fm, md, err := Split(src)
	if err != nil {
		return 0, nil, err
	}
	return maphash.Bytes(fileSeed, fm), md, nil
}

func parseFile(fsys fs.FS, cfg *config.Site, j *job) {
	src, err := fs.ReadFile(fsys, j.file)
	if err != nil {
		j.diags.Add(j.file, 1, 1, "cannot read: %v", err)
		return
	}
	front, body, err := Split(src)
	if err != nil {
		j.diags.Add(j.file, 1, 1, "%v", err)
		return
	}
	t, doc := meta.Parse(j.file, front, 2)
	if t == nil {
		j.diags = doc.Diags
		return
	}
	sum := maphash.Bytes(fileSeed, front)
	switch j.kind {
	case jobPage:
		j.page = decodePage(t, j.file, body)
		j.page.Front = sum
	case jobBody:
		j.body = decodeBody(t, j.file, body)
		j.body.Front = sum
	case jobVersion:
		j.version, j.refs = decodeVersion(t, cfg, j.file, body)
		j.version.sum = maphash.Bytes(fileSeed, src)
		j.version.Front = sum
	}
	j.diags = doc.Diags
}

func decodePage(t *meta.Table, file string, md []byte) *Page {
	p := &Page{File: file, Markdown: md}
	if name := path.Base(file); name != "_index.md" {
		p.Slug = strings.TrimSuffix(name, ".md")
	}
	p.Title = t.String("title", true)
	p.Summary = t.String("summary", false)
	p.Aliases = aliases(t, file)
	p.Draft = t.Bool("draft")
	p.ToFill = draftNotes(t, unfilled(t, file, md, noRule), p.Draft)
	t.Finish("a page's front matter")
	return p
}

func decodeBody(t *meta.Table, file string, md []byte) *Body {
	b := &Body{File: file, Markdown: md}
	b.Name = t.String("name", true)
	b.Short = t.String("short", false)
	b.Code = t.String("code", false)
	b.Region = t.String("region", false)
	b.Website = t.String("website", false)
	checkURL(t, "website", b.Website)
	b.Aliases = aliases(t, file)
	// A body is never a draft: what it still lacks keeps it from every
	// build, where the author is told.
	refuseUnfilled(t, unfilled(t, file, md, noRule), false)
	for i, n := range t.Strings("neighbours") {
		if ToFill(n) {
			continue
		}
		b.neighbours = append(b.neighbours, idRef{n, t.ElemPos("neighbours", i)})
	}
	for _, pt := range t.Tables("periods") {
		p := Period{
			Label:  pt.String("label", true),
			Start:  pt.Date("start", true),
			End:    pt.Date("end", false),
			Source: pt.String("source", false),
		}
		checkURL(pt, "source", p.Source)
		if !p.End.IsZero() && !p.Start.IsZero() && p.End.Compare(p.Start) < 0 {
			pt.Errorf("end", "the period ends (%s) before it starts (%s)", p.End, p.Start)
		}
		pt.Finish("[[periods]]")
		b.Periods = append(b.Periods, p)
	}
	sort.SliceStable(b.Periods, func(i, j int) bool { return b.Periods[i].Start.Compare(b.Periods[j].Start) < 0 })
	t.Finish("a body's front matter")
	return b
}

func checkURL(t *meta.Table, key, s string) {
	if s == "" {
		return
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		t.Errorf(key, "%s must be a full web address starting with https:// or http://, not %q", t.Name(key), s)
	}
}

// aliasRule admits the characters of ordinary web paths.
var aliasRule = regexp.MustCompile(`^/[A-Za-z0-9._~/-]*$`)

// maxName is the longest file name, in bytes, that common file systems
// (ext4, APFS, NTFS) take: each part of an alias becomes a folder or file
// of the output, and one longer fails only when written, with a bare
// "file name too long". A slug is a file name already, so fits.
const maxName = 255

// longSegment is the first part of the address a longer than maxName, or "".
func longSegment(a string) string {
	for seg := range strings.SplitSeq(a, "/") {
		if len(seg) > maxName {
			return seg
		}
	}
	return ""
}

func aliases(t *meta.Table, file string) []Alias {
	list := t.Strings("aliases")
	var out []Alias
	for i, a := range list {
		p := t.ElemPos("aliases", i)
		clean := path.Clean(a)
		switch {
		case !aliasRule.MatchString(a):
			t.ErrorAt(p, "alias %q must be a site address starting with / and made of letters, digits, and . _ ~ - /", a)
			continue
		case strings.Contains(a, "//") || clean != strings.TrimSuffix(a, "/") && a != "/":
			t.ErrorAt(p, "alias %q must be a clean address, without // or . or .. segments (%q?)", a, clean+"/")
			continue
		case a == "/":
			t.ErrorAt(p, "alias \"/\" would replace the home page")
			continue
		case strings.Contains(a, "/."):
			t.ErrorAt(p, "alias %q has a part starting with a dot: such names are hidden files, not pages", a)
			continue
		case longSegment(a) != "":
			t.ErrorAt(p, "alias %q has a part of %d bytes, %.20q...: file systems take at most %d bytes a name; shorten it", a, len(longSegment(a)), longSegment(a), maxName)
			continue
		}
		out = append(out, Alias{Path: a, File: file, Pos: p})
	}
	return out
}

// ref is a reference from a version to another document, resolved once
// every document is known.
type ref struct {
	from *Version
	t    *meta.Table // for positions
	key  string      // "responds_to" or "plan"
	slug string
	// Positions of the ids the reference carries: recommendation ids of
	// actions (for responds_to), action ids of progress (for plan).
	ids []idRef
}

type idRef struct {
	id  string
	pos meta.Pos
}

var (
	idRule   = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9-]*$`)
	paraRule = regexp.MustCompile(`^p[0-9]+$`)
)

func decodeVersion(t *meta.Table, cfg *config.Site, file string, md []byte) (*Version, []ref) {
	v := &Version{File: file, Markdown: md}
	v.Title = t.String("title", true)
	if tk := t.String("type", true); tk != "" {
		ty, ok := cfg.Type(tk)
		if !ok {
			t.Errorf("type", "unknown document type %q%s", tk, hint(tk, cfg.TypeKeys()))
		}
		v.Type = ty
	}
	v.DocDate = t.Date("date", true)
	v.Summary = t.String("summary", false)
	v.Visit = t.Dates("visit")
	switch {
	case len(v.Visit) > 2:
		t.Errorf("visit", "visit takes the first and last day of the visit, such as [2022-02-07, 2022-02-18], not %d dates", len(v.Visit))
	case len(v.Visit) == 2 && v.Visit[1].Compare(v.Visit[0]) < 0:
		t.Errorf("visit", "the visit ends (%s) before it starts (%s)", v.Visit[1], v.Visit[0])
	}
	v.Source = t.String("source", false)
	checkURL(t, "source", v.Source)
	v.Authors = t.Strings("authors")
	v.Draft = t.Bool("draft")
	v.ToFill = draftNotes(t, unfilled(t, file, md, rightValue(cfg)), v.Draft)
	v.Aliases = aliases(t, file)
	v.Change = t.String("change", false)

	fk := t.String("framework", false)
	jt := t.Table("judgements")
	if fk != "" || jt != nil || v.Type.Graded {
		v.Framework = framework(t, cfg, v, fk)
	}
	if jt != nil {
		if v.Type.Key != "" && !v.Type.Graded {
			t.ErrorAt(t.KeyPos("judgements"), "a %s carries no judgements: only graded types (%s) do", v.Type.Label, gradedTypes(cfg))
		}
		v.Judgements = judgements(jt, cfg, v.Framework)
	}

	seen := map[string]bool{}
	for _, rt := range t.Tables("recommendations") {
		r := Recommendation{ID: rt.String("id", true), Text: rt.String("text", true), Pos: rt.ValuePos("id")}
		checkID(rt, r.ID, seen, "recommendation")
		rt.Finish("[[recommendations]]")
		v.Recommendations = append(v.Recommendations, r)
	}

	var refs []ref
	respondsTo := t.String("responds_to", false)
	actions := t.Tables("actions")
	if (respondsTo != "" || actions != nil) && v.Type.Key != "" && v.Type.Role != config.RolePlan {
		t.ErrorAt(t.KeyPos(firstKey(t, "responds_to", "actions")), "a %s has no actions or responds_to: only an improvement plan (a type with role \"plan\") does", v.Type.Label)
	}
	var recRefs []idRef
	seen = map[string]bool{}
	for _, at := range actions {
		a := Action{
			Pos:   at.ValuePos("id"),
			ID:    at.String("id", true),
			Title: at.String("title", true),
			Owner: at.String("owner", false),
			Due:   at.Date("due", false),
		}
		checkID(at, a.ID, seen, "action")
		// A reference still to fill in is reported as such, not as one
		// that does not resolve.
		for i, id := range at.Strings("recommendations") {
			if !ToFill(id) {
				a.Recommendations = append(a.Recommendations, id)
				recRefs = append(recRefs, idRef{id, at.ElemPos("recommendations", i)})
			}
		}
		at.Finish("[[actions]]")
		v.Actions = append(v.Actions, a)
	}
	if respondsTo != "" && !ToFill(respondsTo) {
		refs = append(refs, ref{from: v, t: t, key: "responds_to", slug: respondsTo, ids: recRefs})
	} else if len(recRefs) > 0 {
		t.ErrorAt(recRefs[0].pos, "actions name recommendations, but the plan has no responds_to naming the document they are in")
	}

	plan := t.String("plan", v.Type.Role == config.RoleProgress)
	progress := t.Tables("progress")
	if (plan != "" || progress != nil) && v.Type.Key != "" && v.Type.Role != config.RoleProgress {
		t.ErrorAt(t.KeyPos(firstKey(t, "plan", "progress")), "a %s has no plan or progress: only a progress report (a type with role \"progress\") does", v.Type.Label)
	}
	var actRefs []idRef
	seen = map[string]bool{}
	for _, pt := range progress {
		p := Progress{Action: pt.String("action", true), Note: pt.String("note", false)}
		if p.Action != "" && !ToFill(p.Action) {
			if seen[p.Action] {
				pt.Errorf("action", "action %q is reported twice in this progress report", p.Action)
			}
			seen[p.Action] = true
			actRefs = append(actRefs, idRef{p.Action, pt.ValuePos("action")})
		}
		sk := pt.String("status", true)
		if sk != "" && !ToFill(sk) {
			st, ok := cfg.Status(sk)
			if !ok {
				pt.Errorf("status", "unknown status %q%s", sk, hint(sk, cfg.StatusKeys()))
			}
			p.Status = st
		}
		pt.Finish("[[progress]]")
		// A draft's entry whose status is still to fill in reports
		// nothing yet, so its page shows none.
		if !ToFill(sk) && !ToFill(p.Action) {
			v.Progress = append(v.Progress, p)
		}
	}
	if plan != "" && !ToFill(plan) {
		refs = append(refs, ref{from: v, t: t, key: "plan", slug: plan, ids: actRefs})
	}
	t.Finish("a document's front matter")
	return v, refs
}

func firstKey(t *meta.Table, keys ...string) string {
	best, bestPos := keys[0], meta.Pos{}
	for _, k := range keys {
		p := t.KeyPos(k)
		if !t.Has(k) {
			continue
		}
		if bestPos.Line == 0 || p.Line < bestPos.Line {
			best, bestPos = k, p
		}
	}
	return best
}

func checkID(t *meta.Table, id string, seen map[string]bool, what string) {
	if id == "" {
		return
	}
	example := "R1" // recommendations R1, R2...; actions A1, A2...
	if what == "action" {
		example = "A1"
	}
	if !idRule.MatchString(id) {
		t.Errorf("id", "%s id %q must start with a letter and hold only letters, digits and hyphens, such as %q", what, id, example)
	} else if paraRule.MatchString(id) {
		t.Errorf("id", "%s id %q is the anchor of a numbered paragraph: choose another, such as %q", what, id, example)
	}
	if seen[id] {
		t.Errorf("id", "%s id %q is used twice in this document", what, id)
	}
	seen[id] = true
}

func framework(t *meta.Table, cfg *config.Site, v *Version, key string) *config.Framework {
	if key != "" {
		f, ok := cfg.Framework(key)
		if !ok {
			t.Errorf("framework", "unknown framework %q%s", key, hint(key, cfg.FrameworkKeys()))
		}
		return f
	}
	start := v.VisitStart()
	if start.IsZero() {
		return nil
	}
	f, ok := cfg.FrameworkFor(start)
	if !ok {
		t.ErrorAt(t.KeyPos(firstKey(t, "visit", "date")), "no framework covers a visit starting %s: name one with framework = \"...\" or add it to site.toml", start)
	}
	return f
}

func judgements(jt *meta.Table, cfg *config.Site, f *config.Framework) []Judgement {
	var out []Judgement
	for _, area := range jt.Keys() {
		raw, _ := jt.Raw(area)
		gk, ok := raw.(string)
		if !ok {
			jt.Errorf(area, "the grade for %q must be a grade key in quotes, such as \"good\"", area)
			continue
		}
		if ToFill(gk) {
			continue // not given yet: the area is not recorded
		}
		g, ok := cfg.Grade(gk)
		if !ok {
			jt.Errorf(area, "unknown grade %q%s", gk, hint(gk, cfg.GradeKeys()))
			continue
		}
		if f == nil {
			continue
		}
		a, ok := f.Area(area)
		if !ok {
			keys := make([]string, len(f.Areas))
			for i, a := range f.Areas {
				keys[i] = a.Key
			}
			jt.ErrorAt(jt.KeyPos(area), "%q is not an area of the %s framework%s", area, f.Key, hint(area, keys))
			continue
		}
		out = append(out, Judgement{Area: a, Grade: g})
	}
	if f != nil {
		order := map[string]int{}
		for i, a := range f.Areas {
			order[a.Key] = i
		}
		sort.Slice(out, func(i, j int) bool { return order[out[i].Area.Key] < order[out[j].Area.Key] })
	}
	return out
}

// hint suggests the nearest key, or lists them all when none is near.
func hint(word string, keys []string) string {
	if h := diag.DidYouMean(word, keys); h != "" {
		return h
	}
	if len(keys) == 0 {
		return " (there are none)"
	}
	return fmt.Sprintf(" (expected one of: %s)", strings.Join(keys, ", "))
}

func gradedTypes(cfg *config.Site) string {
	var keys []string
	for _, t := range cfg.Types {
		if t.Graded {
			keys = append(keys, t.Key)
		}
	}
	return strings.Join(keys, ", ")
}
