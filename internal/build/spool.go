package build

import (
	"errors"
	"fmt"
	"os"
	"strconv"
	"sync"
	"sync/atomic"

	"scrutiny/internal/content"

	"scrutiny/internal/markdown"
	"scrutiny/internal/search"
)

// spool keeps, in a file of its own, what a one-shot build converts of
// each document's text and needs only as the text's pages render: the
// HTML, and for a latest version the files of its passages for search.
// Every text is then parsed once, as the site loads, and its HTML is not
// held in memory while thousands of other pages render: at 100,000
// documents, that is gigabytes.
type spool struct {
	f   *os.File
	end atomic.Int64 // where the next write goes
	mu  sync.Mutex   // guards the project's map of where each text is
}

// spooled is where a text's HTML and its passages' files are in the
// spool: from off, the HTML, then each file in turn.
type spooled struct {
	off   int64
	html  int
	packs []int // the files' lengths, by number
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "scrutiny-spool-*")
	if err != nil {
		return nil, err
	}
	return &spool{f: f}, nil
}

// put writes r's HTML, and its passages' files if latest, to the spool,
// and lets r go of them. Writers write at once, each to its own place.
func (s *spool) put(r *markdown.Result, latest bool) (spooled, error) {
	data := r.HTML
	at := spooled{html: len(r.HTML)}
	if latest {
		packs, err := passagePacks(r)
		if err != nil {
			return spooled{}, err
		}
		for k := range len(packs) {
			p := packs[strconv.Itoa(k)+".json"]
			data = append(data, p...)
			at.packs = append(at.packs, len(p))
		}
	}
	at.off = s.end.Add(int64(len(data))) - int64(len(data))
	if _, err := s.f.WriteAt(data, at.off); err != nil {
		return spooled{}, err
	}
	r.HTML, r.Passages = nil, nil
	return at, nil
}

// html reads back the HTML that put wrote at at.
func (s *spool) html(at spooled) ([]byte, error) {
	buf := make([]byte, at.html)
	_, err := s.f.ReadAt(buf, at.off)
	return buf, err
}

// passageFiles reads back the files of passages that put wrote at at.
func (s *spool) passageFiles(at spooled) (map[string][]byte, error) {
	files := map[string][]byte{}
	off := at.off + int64(at.html)
	for k, n := range at.packs {
		buf := make([]byte, n)
		if _, err := s.f.ReadAt(buf, off); err != nil {
			return nil, err
		}
		files[strconv.Itoa(k)+".json"] = buf
		off += int64(n)
	}
	return files, nil
}

// close removes the spool's file.
func (s *spool) close() error {
	return errors.Join(s.f.Close(), os.Remove(s.f.Name()))
}

// passagePacks are the files of r's passages for search, as its index
// splits them; none for a text that was not indexed.
func passagePacks(r *markdown.Result) (map[string][]byte, error) {
	x, ok := r.Index.(*search.Indexed)
	if !ok {
		return map[string][]byte{}, nil
	}
	ps := make([]search.Passage, len(r.Passages))
	for i, p := range r.Passages {
		ps[i] = search.Passage{ID: p.ID, Text: p.Text}
	}
	return search.Packs(ps, x)
}

// text is version v's text as HTML, with its headings: as converted, or,
// in a one-shot build, as the spool kept it.
func (p *Project) text(v *content.Version) (*markdown.Result, error) {
	r := p.docs[v]
	if p.spool == nil {
		return r, nil
	}
	html, err := p.spool.html(p.spooled[v])
	if err != nil {
		return nil, fmt.Errorf("%s: reading its converted text back: %w", v.File, err)
	}
	return &markdown.Result{HTML: html, Headings: r.Headings}, nil
}

// source is version v's Markdown as its file holds it.
func (p *Project) source(v *content.Version) ([]byte, error) {
	if src, ok := p.sources[v]; ok {
		return src, nil
	}
	return v.Text(p.site)
}
