package build

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"scrutiny"
	"scrutiny/internal/synth"
)

// BenchmarkSessionEdit measures what the live server does after an author
// saves one document: Session.Build with that file changed, on a synthetic
// site of -synth.docs documents. It leaves out the watcher and the HTTP
// request (internal/serve's BenchmarkEdit counts those too):
//
//	go test ./internal/build -run '^$' -bench SessionEdit -synth.docs 10000 -cpuprofile cpu.out
func BenchmarkSessionEdit(b *testing.B) {
	dir := b.TempDir()
	if err := synth.Site(dir, *benchDocs, 1); err != nil {
		b.Fatal(err)
	}
	s := NewSession(Options{Site: os.DirFS(dir), Theme: scrutiny.Theme})
	if _, err := s.Build(nil); err != nil {
		b.Fatal(err)
	}
	// The first document of the first body that is a single file.
	entries, err := os.ReadDir(filepath.Join(dir, "content", "council-001"))
	if err != nil {
		b.Fatal(err)
	}
	name := ""
	for _, e := range entries {
		if n := e.Name(); name == "" && !e.IsDir() && n != "_index.md" && filepath.Ext(n) == ".md" {
			name = "content/council-001/" + n
		}
	}
	if name == "" {
		b.Fatal("council-001 has no single-file document")
	}
	orig, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		b.Fatal(err)
	}
	// An edit to the text alone is patched in; one to the front matter
	// (the title) loads the site again and keys every route.
	for _, kind := range []string{"text", "front"} {
		b.Run(kind, func(b *testing.B) { benchEdit(b, s, dir, name, orig, kind == "front") })
	}
}

func benchEdit(b *testing.B, s *Session, dir, name string, orig []byte, front bool) {
	i, made := 0, 0
	for b.Loop() {
		i++
		src := fmt.Appendf(slices.Clip(orig), "\nEdit number %d.\n", i)
		if front {
			src = bytes.Replace(orig, []byte(`title = "`), fmt.Appendf(nil, `title = "Edit %d: `, i), 1)
		}
		if err := os.WriteFile(filepath.Join(dir, name), src, 0o644); err != nil {
			b.Fatal(err)
		}
		snap, err := s.Build([]string{name})
		if err != nil {
			b.Fatal(err)
		}
		if len(snap.Changed) == 0 {
			b.Fatal("the edit changed no file")
		}
		if snap.Patched == front {
			b.Fatalf("patched = %t for an edit of the %s", snap.Patched, map[bool]string{true: "front matter", false: "text"}[front])
		}
		made += snap.Made
	}
	b.ReportMetric(float64(made)/float64(i), "routes-made/op")
}
