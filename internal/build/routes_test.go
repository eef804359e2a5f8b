package build

import (
	"os"
	"strings"
	"sync"
	"testing"

	"scrutiny"
)

// TestRoutes checks the route table of the repository's own site against
// what its render writes: every address a link may name is a file written,
// every file written is a route's, and the sitemap lists only pages.
func TestRoutes(t *testing.T) {
	p, err := Load(Options{Site: os.DirFS("../.."), Theme: scrutiny.Theme})
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	written := map[string]bool{}
	err = p.Render(func(name string, _ []byte, _ bool) error {
		mu.Lock()
		written[name] = true
		mu.Unlock()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}

	for addr := range p.addrs {
		if !written[outName(addr)] {
			t.Errorf("address %s: the render wrote no %s", addr, outName(addr))
		}
	}
	files, folders := map[string]bool{}, []string{}
	for r := range p.routes() {
		if r.many != nil {
			folders = append(folders, r.name)
		} else {
			files[r.name] = true
		}
		if r.sitemap && (r.kind == "" || r.addr == "") {
			t.Errorf("route %s: in the sitemap, but not a page a link may name", r.name)
		}
	}
	for name := range written {
		if files[name] {
			continue
		}
		found := false
		for _, dir := range folders {
			found = found || strings.HasPrefix(name, dir)
		}
		if !found {
			t.Errorf("%s: written, but no route's", name)
		}
	}
}
