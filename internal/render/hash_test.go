package render

import (
	"html/template"
	"strings"
	"testing"
)

// TestHash checks that a view's key changes with any field of it, at any
// depth, and with where one string ends and the next begins; that equal
// views have equal keys, from one run to the next; and that a view that
// is not plain data is refused.
func TestHash(t *testing.T) {
	long := strings.Repeat("<p>A paragraph of the text.</p>", 400) // past the hasher's buffer
	base := func() *Page {
		return &Page{
			Kind: "document", Title: "Inspection", NoIndex: false,
			Site: &Site{Title: "Children's services", Menu: []Link{{Label: "Home", URL: "/"}}},
			Doc: &Doc{
				Title: "Inspection", Content: template.HTML(long),
				Recommendations: []RecView{{ID: "R1", Text: "Strategy meetings."}},
			},
		}
	}
	key := Hash(base())
	if Hash(base()) != key {
		t.Fatal("two equal views have different keys")
	}
	// A fixed key: the same view must have it in every run, for a build's
	// cache to hold from one run of the program to the next.
	if want := Key(0xc282fee7615bf9a5); key != want {
		t.Errorf("key %#x, want %#x: the hash changed, and every build's cache with it; if on purpose, set the new key here", uint64(key), uint64(want))
	}
	changes := map[string]func(*Page){
		"a top field":              func(p *Page) { p.Title = "Inspections" },
		"a boolean":                func(p *Page) { p.NoIndex = true },
		"a field behind a pointer": func(p *Page) { p.Site.Title = "Children's service" },
		"an element of a slice":    func(p *Page) { p.Site.Menu[0].URL = "/home/" },
		"an element added":         func(p *Page) { p.Site.Menu = append(p.Site.Menu, Link{}) },
		"a nil pointer made":       func(p *Page) { p.Body = &Body{} },
		"the end of a long text":   func(p *Page) { p.Doc.Content += template.HTML(".") },
		"a deep field":             func(p *Page) { p.Doc.Recommendations[0].Text = "Strategy meeting." },
		"where one string ends":    func(p *Page) { p.Doc.Recommendations[0].ID, p.Doc.Recommendations[0].Text = "R1S", "trategy meetings." },
		"a slice given an element": func(p *Page) { p.Crumbs = []Link{{}} },
	}
	for what, change := range changes {
		p := base()
		change(p)
		if Hash(p) == key {
			t.Errorf("changing %s leaves the key as it was", what)
		}
	}
	defer func() {
		if recover() == nil {
			t.Error("a view holding a map was hashed")
		}
	}()
	Hash(struct{ M map[string]int }{map[string]int{"a": 1}})
}
