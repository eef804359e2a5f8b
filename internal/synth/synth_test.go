package synth_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"scrutiny"
	"scrutiny/internal/build"
	"scrutiny/internal/synth"
)

// TestSite checks that a synthetic site is the same for the same seed,
// differs for another, builds without a problem, and holds what the
// benchmarks rely on: n documents over the bodies, each of the kinds, some
// versioned, with attachments, 800 to 2,500 words of text.
func TestSite(t *testing.T) {
	const n = 1300 // eight or nine a body, so that some are versioned
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	for _, s := range []struct {
		dir  string
		seed uint64
	}{{a, 7}, {b, 7}, {c, 8}} {
		if err := synth.Site(s.dir, n, s.seed); err != nil {
			t.Fatal(err)
		}
	}
	ta, tb, tc := tree(t, a), tree(t, b), tree(t, c)
	if !same(ta, tb) {
		t.Errorf("two sites of the same seed differ")
	}
	if same(ta, tc) {
		t.Errorf("sites of different seeds are the same")
	}

	p, err := build.Load(build.Options{Site: os.DirFS(a), Theme: scrutiny.Theme})
	if err != nil {
		t.Fatalf("the synthetic site does not build:\n%v", err)
	}
	docs, versioned, attachments := 0, 0, 0
	types := map[string]int{}
	for _, body := range p.Content.Bodies {
		for _, d := range body.Docs {
			docs++
			if len(d.Versions) > 1 {
				versioned++
			}
			attachments += len(d.Attachments)
			types[d.Latest().Type.Key]++
		}
	}
	if docs != n {
		t.Errorf("%d documents, want %d", docs, n)
	}
	if bodies := len(p.Content.Bodies); bodies != synth.Bodies {
		t.Errorf("%d bodies, want %d", bodies, synth.Bodies)
	}
	for _, k := range []string{"inspection", "improvement-plan", "plan-progress"} {
		if types[k] == 0 {
			t.Errorf("no document of type %s: %v", k, types)
		}
	}
	if versioned == 0 || attachments == 0 {
		t.Errorf("%d versioned documents and %d attachments, want some of each", versioned, attachments)
	}
	for name, data := range ta {
		if strings.Count(name, "/") < 2 || !strings.HasSuffix(name, ".md") || strings.HasSuffix(name, "_index.md") {
			continue // not a document of a body
		}
		_, text, _ := strings.Cut(strings.TrimPrefix(string(data), "+++"), "+++")
		if words := countWords(text); words < 800 || words > 2500 {
			t.Errorf("%s has %d words of text, want 800 to 2,500", name, words)
		}
	}
}

// countWords counts the words of Markdown, leaving out its marks (table
// rules, list bullets, heading hashes).
func countWords(md string) int {
	n := 0
	for _, f := range strings.Fields(md) {
		if strings.IndexFunc(f, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
			n++
		}
	}
	return n
}

func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func same(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if !bytes.Equal(v, b[k]) {
			return false
		}
	}
	return true
}
