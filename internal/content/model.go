// Package content walks a site's content/ folder, splits and decodes each
// file's front matter, and resolves every reference between documents into
// an immutable model of the site.
package content

import (
	"fmt"
	"hash/maphash"
	"io/fs"

	"scrutiny/internal/config"
	"scrutiny/internal/diag"
	"scrutiny/internal/meta"
)

// Site is everything content/ holds, resolved. It is not changed after Load
// returns, so later stages may share it between goroutines.
type Site struct {
	Config *config.Site
	Home   *Page // content/_index.md; nil when absent
	Pages  []*Page
	Bodies []*Body // by slug

	// Failed holds the addresses of pages, bodies and documents whose
	// files had errors, so that later checks do not also report every
	// link to them as broken.
	Failed map[string]bool
	// ToFill lists every draft's values still to fill in, as notes for
	// their authors, whether or not the drafts were loaded (see Mark).
	ToFill diag.List

	bodies map[string]*Body
	// leftOut holds the addresses of the documents left out as drafts,
	// so that a reference to one says so.
	leftOut map[string]bool
}

// Body returns the body with slug.
func (s *Site) Body(slug string) *Body { return s.bodies[slug] }

// Page is a plain page, or the home page's introduction.
type Page struct {
	Slug    string // "" for the home page
	File    string
	Title   string
	Summary string
	Aliases []Alias
	Draft   bool
	// ToFill lists a draft's values still to fill in, as notes for its
	// author (see Mark); a page that is not a draft has none.
	ToFill   []diag.Diagnostic
	Markdown []byte // line numbers as in File
	Front    uint64 // a hash of the front matter (see Reread)
}

// Alias is an earlier address that redirects to the current one.
type Alias struct {
	Path string // a site address starting with "/"
	File string
	Pos  meta.Pos
}

// Body is an inspected body: a council, a trust.
type Body struct {
	Slug    string
	File    string
	Name    string
	Short   string
	Code    string
	Region  string
	Website string
	Aliases []Alias
	Periods []Period
	// Neighbours are the bodies it is compared with (statistical
	// neighbours), in the order given.
	Neighbours []*Body
	Markdown   []byte
	Front      uint64      // a hash of the front matter (see Reread)
	Docs       []*Document // oldest first

	neighbours []idRef

	docs map[string]*Document
}

// Doc returns the body's document with slug.
func (b *Body) Doc(slug string) *Document { return b.docs[slug] }

// ShortName is the body's short name where it has one.
func (b *Body) ShortName() string {
	if b.Short != "" {
		return b.Short
	}
	return b.Name
}

// Period is a band on a body's timeline, such as an improvement notice.
type Period struct {
	Label      string
	Start, End meta.Date // End is zero while the period goes on
	Source     string
}

// Document is a document with one or more versions.
type Document struct {
	Body        *Body
	Slug        string
	Versions    []*Version // oldest first; never empty
	Attachments []Attachment
	// Versioned is true for a folder of dated version files, whose
	// version dates come from the file names.
	Versioned bool
}

// Latest is the newest version.
func (d *Document) Latest() *Version { return d.Versions[len(d.Versions)-1] }

// Path is the document's address.
func (d *Document) Path() string { return "/" + d.Body.Slug + "/" + d.Slug + "/" }

// Attachment is a file published beside a document.
type Attachment struct {
	Name string // slash-separated path below the document's folder
	File string // the source file, relative to the site root
}

// Version is one version of a document. Every version carries the
// document's full front matter as it stood on that date.
type Version struct {
	Doc   *Document
	File  string
	Date  meta.Date // the version's date: the file name, or the document's date
	Index int       // position in Doc.Versions

	Title     string
	Type      config.Type
	DocDate   meta.Date // the document's own date
	Summary   string
	Visit     []meta.Date // first and last day
	Framework *config.Framework
	Source    string
	Authors   []string
	Draft     bool
	ToFill    []diag.Diagnostic // a draft's values still to fill in (see Page.ToFill)
	Aliases   []Alias
	Change    string

	Judgements      []Judgement // in the framework's order of areas
	Recommendations []Recommendation
	RespondsTo      *Document
	Actions         []Action
	Plan            *Document
	Progress        []Progress

	// Markdown is the text, with line numbers as in File. A one-shot
	// build lets it go once parsed (see release) and reads it again
	// with Text when it renders, so that 10,000 documents' text need not
	// stay in memory at once.
	Markdown []byte
	Front    uint64 // a hash of the front matter (see Reread)
	sum      uint64 // a hash of File as it was read, to know it again
}

// release drops the version's text, to be read again by Text: a lean load
// (Options.Lean) makes it as it parses each file.
func (v *Version) release() { v.Markdown = nil }

// Text returns the version's Markdown: as loaded, or, after release, read
// again from fsys. A file that changed since it was loaded is an error:
// the build checked the text it loaded, not the new one.
func (v *Version) Text(fsys fs.FS) ([]byte, error) {
	if v.Markdown != nil {
		return v.Markdown, nil
	}
	src, err := fs.ReadFile(fsys, v.File)
	if err != nil {
		return nil, err
	}
	if maphash.Bytes(fileSeed, src) != v.sum {
		return nil, fmt.Errorf("%s changed while the site was being built: build again", v.File)
	}
	_, body, err := Split(src)
	return body, err
}

// fileSeed seeds the hashes by which a file read again is recognised.
var fileSeed = maphash.MakeSeed()

// Path is the version's permanent address.
func (v *Version) Path() string { return v.Doc.Path() + v.Date.ISO() + "/" }

// IsLatest reports whether v is the document's newest version.
func (v *Version) IsLatest() bool { return v.Index == len(v.Doc.Versions)-1 }

// Previous is the version before v, or nil.
func (v *Version) Previous() *Version {
	if v.Index == 0 {
		return nil
	}
	return v.Doc.Versions[v.Index-1]
}

// VisitStart is the first day of the visit, or the document's date.
func (v *Version) VisitStart() meta.Date {
	if len(v.Visit) > 0 {
		return v.Visit[0]
	}
	return v.DocDate
}

// Judgement is the grade given to one area.
type Judgement struct {
	Area  config.Area
	Grade config.Grade
}

// Graded reports whether v is a graded document: of a type that carries
// judgements, under a framework. Its framework's every area was then
// graded, whether or not the sources give each grade.
func (v *Version) Graded() bool { return v.Type.Graded && v.Framework != nil }

// Assessment is one area that a graded document's framework grades, with
// the grade, or nil where the sources do not give it.
type Assessment struct {
	Area  config.Area
	Grade *config.Grade
}

// Recorded reports whether the sources give the grade.
func (a Assessment) Recorded() bool { return a.Grade != nil }

// Assessments lists every area v's framework grades, in the framework's
// order, each with its grade where the sources give it; nil unless v is
// Graded. A grade that is only unknown is so told apart from an area the
// framework does not grade, which is not in the list.
func (v *Version) Assessments() []Assessment {
	if !v.Graded() {
		return nil
	}
	out := make([]Assessment, 0, len(v.Framework.Areas))
	for _, a := range v.Framework.Areas {
		out = append(out, v.assess(a))
	}
	return out
}

// assess is v's assessment of one area of its framework.
func (v *Version) assess(a config.Area) Assessment {
	as := Assessment{Area: a}
	for _, j := range v.Judgements {
		if j.Area.Key == a.Key {
			g := j.Grade
			as.Grade = &g
		}
	}
	return as
}

// InRow is v's assessment of its framework's area in the timeline row,
// and false where v is not Graded or its framework grades no area there.
func (v *Version) InRow(row string) (Assessment, bool) {
	if !v.Graded() {
		return Assessment{}, false
	}
	for _, a := range v.Framework.Areas {
		if a.Row == row {
			return v.assess(a), true
		}
	}
	return Assessment{}, false
}

// Recommendation is something an inspection says must improve.
type Recommendation struct {
	ID   string
	Text string
	Pos  meta.Pos // of the id, for messages
}

// Recommendation returns the recommendation with id.
func (v *Version) Recommendation(id string) (Recommendation, bool) {
	for _, r := range v.Recommendations {
		if r.ID == id {
			return r, true
		}
	}
	return Recommendation{}, false
}

// Action is one action of an improvement plan.
type Action struct {
	Pos             meta.Pos // of the id, for messages
	ID              string
	Title           string
	Recommendations []string // ids in the responded-to document
	Owner           string
	Due             meta.Date
}

// Action returns the action with id.
func (v *Version) Action(id string) (Action, bool) {
	for _, a := range v.Actions {
		if a.ID == id {
			return a, true
		}
	}
	return Action{}, false
}

// Progress is the reported state of one action.
type Progress struct {
	Action string
	Status config.Status
	Note   string
}
