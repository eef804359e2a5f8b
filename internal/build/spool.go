package build

import (
	"encoding/json"
	"errors"
	"os"
	"sync/atomic"

	"scrutiny/internal/markdown"
)

// spool keeps, in a file of its own, what a one-shot build converts of
// each document's text and needs only as the text's pages render: the
// HTML, and the latest version's passages for search. Every text is then
// parsed once, as the site loads, and its HTML is not held in memory
// while thousands of other pages render: at 100,000 documents, that is
// gigabytes.
type spool struct {
	f   *os.File
	end atomic.Int64 // where the next write goes
}

// spooled is where a text's HTML and passages (as JSON) are in the spool.
type spooled struct {
	off            int64
	html, passages int // their lengths
}

func newSpool() (*spool, error) {
	f, err := os.CreateTemp("", "scrutiny-spool-*")
	if err != nil {
		return nil, err
	}
	return &spool{f: f}, nil
}

// put writes r's HTML and passages to the spool, and lets r go of them.
// Writers write at once, each to its own place.
func (s *spool) put(r *markdown.Result) (spooled, error) {
	var ps []byte
	if len(r.Passages) > 0 {
		var err error
		if ps, err = json.Marshal(r.Passages); err != nil {
			return spooled{}, err
		}
	}
	n := len(r.HTML) + len(ps)
	at := spooled{off: s.end.Add(int64(n)) - int64(n), html: len(r.HTML), passages: len(ps)}
	if _, err := s.f.WriteAt(append(r.HTML, ps...), at.off); err != nil {
		return spooled{}, err
	}
	r.HTML, r.Passages = nil, nil
	return at, nil
}

// get reads back what put wrote at at, with r's headings: the Result the
// pages show.
func (s *spool) get(at spooled, r *markdown.Result) (*markdown.Result, error) {
	buf := make([]byte, at.html+at.passages)
	if _, err := s.f.ReadAt(buf, at.off); err != nil {
		return nil, err
	}
	out := &markdown.Result{HTML: buf[:at.html:at.html], Headings: r.Headings}
	if at.passages > 0 {
		if err := json.Unmarshal(buf[at.html:], &out.Passages); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// close removes the spool's file.
func (s *spool) close() error {
	return errors.Join(s.f.Close(), os.Remove(s.f.Name()))
}
