package content

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"
)

// TestTextAgain checks that a version's text let go by release is read
// again as it was, and that a file changed since it was loaded is refused:
// the build checked the text it loaded.
func TestTextAgain(t *testing.T) {
	cfg := defaults(t)
	const file = "content/b/2022-04-01-letter.md"
	src := "+++\ntitle = \"Letter\"\ntype = \"letter\"\ndate = 2022-04-01\n+++\nThe letter's text.\n"
	fsys := fstest.MapFS{
		"content/b/_index.md": {Data: []byte("+++\nname = \"B\"\n+++\n")},
		file:                  {Data: []byte(src)},
	}
	site, ds := Load(fsys, cfg, Options{})
	if len(ds) > 0 {
		t.Fatal(ds.Err())
	}
	v := site.Bodies[0].Docs[0].Latest()
	loaded := bytes.Clone(v.Markdown)
	v.release()
	got, err := v.Text(fsys)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, loaded) {
		t.Errorf("read again: %q, loaded: %q", got, loaded)
	}
	fsys[file] = &fstest.MapFile{Data: []byte(strings.Replace(src, "text", "new text", 1))}
	if _, err := v.Text(fsys); err == nil || !strings.Contains(err.Error(), "changed while the site was being built") {
		t.Errorf("a changed file: %v, want it refused", err)
	}
}
