package ofsted

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strings"

	"scrutiny/internal/content"
	"scrutiny/internal/meta"
)

// ownership says who a file in the site belongs to.
type ownership int

const (
	byHand   ownership = iota // no importer's mark: written by hand
	imported                  // the importer's mark, and as the importer wrote it
	edited                    // the importer's mark, but changed since
)

// The mark is the first line of the front matter of every file the
// importer writes. Its checksum covers the rest of the file, so the
// importer can tell its own untouched files from edited ones.
const markFormat = "# Written by scrutiny import ofsted-ilacs (checksum %s): the importer updates this file until it is edited, then keeps it as it is."

var markRule = regexp.MustCompile(`^# Written by scrutiny import ofsted-ilacs \(checksum ([0-9a-f]{16})\)`)

func checksum(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:8])
}

// stamp puts the mark into text, which starts with the line "+++".
func stamp(text []byte) []byte {
	first, rest, _ := bytes.Cut(text, []byte("\n"))
	var b bytes.Buffer
	b.Write(first)
	b.WriteByte('\n')
	b.WriteString(strings.Replace(markFormat, "%s", checksum(text), 1))
	b.WriteByte('\n')
	b.Write(rest)
	return b.Bytes()
}

// ownerOf tells who wrote src.
func ownerOf(src []byte) ownership {
	first, rest, _ := bytes.Cut(src, []byte("\n"))
	second, after, _ := bytes.Cut(rest, []byte("\n"))
	m := markRule.FindSubmatch(second)
	if m == nil {
		return byHand
	}
	text := make([]byte, 0, len(src))
	text = append(append(append(text, first...), '\n'), after...)
	if checksum(text) == string(m[1]) {
		return imported
	}
	return edited
}

// siteBody is a body folder found in the site's content/.
type siteBody struct {
	slug    string
	file    string // its _index.md, relative to the site root; "" when it has none
	problem string // why its front matter could not be read

	name, short, code, region, website string
	neighbours                         []string
	hasNeighbours                      bool
	owner                              ownership
	src                                []byte

	docs  []*siteDoc
	taken map[string]bool // document slugs in use
}

// siteDoc is a document found in a body folder.
type siteDoc struct {
	slug    string
	file    string // the file read: the document, or its latest version
	problem string

	versioned  bool
	typ        string
	date       meta.Date
	visit      []meta.Date
	framework  string
	source     string
	fromReport bool        // its text is the report's, read from the PDF
	judgements []areaGrade // in key order
	owner      ownership
	src        []byte
}

type areaGrade struct{ area, grade string }

// versionFile matches a version file of a versioned document.
var versionFile = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\.md$`)

// scanSite reads the front matter of every body and document under
// content/ in fsys. Files it cannot read are kept with the problem, so
// that their names still count as taken.
func scanSite(fsys fs.FS) ([]*siteBody, error) {
	entries, err := fs.ReadDir(fsys, content.Dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, err
	}
	var bodies []*siteBody
	for _, e := range entries {
		if !e.IsDir() || strings.HasPrefix(e.Name(), ".") {
			continue
		}
		b := &siteBody{slug: e.Name(), taken: map[string]bool{}}
		dir := path.Join(content.Dir, e.Name())
		inner, err := fs.ReadDir(fsys, dir)
		if err != nil {
			return nil, err
		}
		for _, de := range inner {
			name := de.Name()
			if strings.HasPrefix(name, ".") {
				continue
			}
			switch {
			case name == "_index.md" && !de.IsDir():
				b.file = path.Join(dir, name)
				readBody(fsys, b)
			case de.IsDir():
				b.taken[name] = true
				if d := readVersioned(fsys, path.Join(dir, name)); d != nil {
					d.slug = name
					b.docs = append(b.docs, d)
				}
			case strings.HasSuffix(name, ".md"):
				slug := strings.TrimSuffix(name, ".md")
				b.taken[slug] = true
				d := &siteDoc{slug: slug, file: path.Join(dir, name)}
				readDoc(fsys, d)
				b.docs = append(b.docs, d)
			}
		}
		sort.Slice(b.docs, func(i, j int) bool { return b.docs[i].slug < b.docs[j].slug })
		bodies = append(bodies, b)
	}
	return bodies, nil
}

// frontMatter reads file's front matter.
func frontMatter(fsys fs.FS, file string) (*meta.Table, []byte, string) {
	src, err := fs.ReadFile(fsys, file)
	if err != nil {
		return nil, nil, "cannot read: " + err.Error()
	}
	front, _, err := content.Split(src)
	if err != nil {
		return nil, src, err.Error()
	}
	t, doc := meta.Parse(file, front, 2)
	if t == nil {
		return nil, src, doc.Diags.Err().Error()
	}
	return t, src, ""
}

func readBody(fsys fs.FS, b *siteBody) {
	t, src, problem := frontMatter(fsys, b.file)
	b.src, b.problem = src, problem
	b.owner = ownerOf(src)
	if t == nil {
		return
	}
	b.name = t.String("name", false)
	b.short = t.String("short", false)
	b.code = strings.ToUpper(t.String("code", false))
	b.region = t.String("region", false)
	b.website = t.String("website", false)
	b.hasNeighbours = t.Has("neighbours")
	b.neighbours = t.Strings("neighbours")
}

func readDoc(fsys fs.FS, d *siteDoc) {
	t, src, problem := frontMatter(fsys, d.file)
	d.src, d.problem = src, problem
	d.owner = ownerOf(src)
	d.fromReport = bytes.Contains(src, []byte(reportMark))
	if t == nil {
		return
	}
	d.typ = t.String("type", false)
	d.date = t.Date("date", false)
	d.visit = t.Dates("visit")
	d.framework = t.String("framework", false)
	d.source = t.String("source", false)
	if jt := t.Table("judgements"); jt != nil {
		for _, k := range jt.Keys() {
			v, _ := jt.Raw(k)
			g, _ := v.(string)
			d.judgements = append(d.judgements, areaGrade{k, g})
		}
	}
}

// readVersioned reads the latest version of a versioned document, or
// returns nil for a folder without version files.
func readVersioned(fsys fs.FS, dir string) *siteDoc {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil
	}
	latest := ""
	for _, e := range entries {
		if !e.IsDir() && versionFile.MatchString(e.Name()) && e.Name() > latest {
			latest = e.Name()
		}
	}
	if latest == "" {
		return nil
	}
	d := &siteDoc{file: path.Join(dir, latest), versioned: true}
	readDoc(fsys, d)
	// Only the importer's single files are its own; it never writes
	// versions, so a versioned document is always someone else's.
	d.owner = byHand
	return d
}
