package build

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"scrutiny"
	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/output"
	"scrutiny/internal/synth"
)

var benchDocs = flag.Int("synth.docs", 1000, "the number of documents of the synthetic site that BenchmarkPipeline builds")

// BenchmarkPipeline measures each stage of a build of a synthetic site
// (see internal/synth), and whole builds, so that a profile or a change
// can be laid against the stage it touches:
//
//	go test ./internal/build -run '^$' -bench Pipeline
//	go test ./internal/build -run '^$' -bench Pipeline/cold -synth.docs 10000 -cpuprofile cpu.out
//
// The site is written once, before the stages run, into a folder removed
// at the end. Each stage reports its cost per document, so that runs at
// different sizes show whether it grows linearly.
func BenchmarkPipeline(b *testing.B) {
	n := *benchDocs
	dir := b.TempDir()
	if err := synth.Site(dir, n, 1); err != nil {
		b.Fatal(err)
	}
	opt := Options{Site: os.DirFS(dir), Theme: scrutiny.Theme}
	p, err := Load(opt)
	if err != nil {
		b.Fatal(err)
	}
	perDoc := func(b *testing.B) {
		b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N)/float64(n), "µs/doc")
	}

	// content: read every file, split and decode its front matter, and
	// resolve its references; no Markdown yet.
	b.Run("content", func(b *testing.B) {
		src, err := os.ReadFile(filepath.Join(dir, config.File))
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			cfg, ds := config.Load(src, "")
			if len(ds) > 0 {
				b.Fatal(ds.Err())
			}
			if _, ds := content.Load(opt.Site, cfg, content.Options{}); len(ds) > 0 {
				b.Fatal(ds.Err())
			}
		}
		perDoc(b)
	})

	// markdown: convert every page, body and version. convert replaces
	// the project's results with equal ones, so a project of the
	// benchmark's own is used.
	b.Run("markdown", func(b *testing.B) {
		q, err := Load(opt)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if ds := q.convert(); len(ds) > 0 {
				b.Fatal(ds.Err())
			}
		}
		perDoc(b)
	})

	// check: gather every address and anchor, then check every link and
	// reference against them.
	b.Run("check", func(b *testing.B) {
		q, err := Load(opt)
		if err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			q.addrs = q.addresses()
			if ds := q.check(); len(ds) > 0 {
				b.Fatal(ds.Err())
			}
		}
		perDoc(b)
	})

	// load: the whole of Load, which is every stage above and the
	// theme's templates.
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if _, err := Load(opt); err != nil {
				b.Fatal(err)
			}
		}
		perDoc(b)
	})

	// render: every file of the site made in memory (views and templates),
	// neither minified nor written.
	b.Run("render", func(b *testing.B) {
		for b.Loop() {
			if err := p.Render(func(string, []byte, bool) error { return nil }); err != nil {
				b.Fatal(err)
			}
		}
		perDoc(b)
	})

	// The files as rendered, for minify and write to start from.
	files := rendered(b, p)

	// minify: every file that the output minifies, on one goroutine per
	// core as a build does it.
	b.Run("minify", func(b *testing.B) {
		m := output.NewMinifier()
		for b.Loop() {
			errs := make([]error, len(files))
			parallel(len(files), func(i int) {
				if f := files[i]; f.minify {
					_, errs[i] = output.Minify(m, f.name, f.data)
				}
			})
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
		}
		perDoc(b)
	})

	// write: every file, minified already, written to an empty output
	// folder and committed.
	b.Run("write", func(b *testing.B) {
		m := output.NewMinifier()
		small := make([]renderedFile, len(files))
		for i, f := range files {
			small[i] = f
			if f.minify {
				data, err := output.Minify(m, f.name, f.data)
				if err != nil {
					b.Fatal(err)
				}
				small[i].data = data
			}
		}
		root := b.TempDir()
		i := 0
		for b.Loop() {
			i++
			out := filepath.Join(root, fmt.Sprint(i))
			w, err := output.New(out, nil)
			if err != nil {
				b.Fatal(err)
			}
			errs := make([]error, len(small))
			parallel(len(small), func(k int) { errs[k] = w.Write(small[k].name, small[k].data, false) })
			for _, err := range errs {
				if err != nil {
					b.Fatal(err)
				}
			}
			if _, err := w.Commit(); err != nil {
				b.Fatal(err)
			}
			w.Close()
			b.StopTimer()
			if err := os.RemoveAll(out); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		perDoc(b)
	})

	// cold: Build into an empty output folder, as scrutiny build does.
	b.Run("cold", func(b *testing.B) {
		root := b.TempDir()
		i := 0
		for b.Loop() {
			i++
			out := filepath.Join(root, fmt.Sprint(i))
			if _, err := Build(opt, dir, out); err != nil {
				b.Fatal(err)
			}
			b.StopTimer()
			if err := os.RemoveAll(out); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		perDoc(b)
	})

	// nochange: Build again into an output folder that already holds the
	// site; it must write no file.
	b.Run("nochange", func(b *testing.B) {
		out := b.TempDir()
		opt := opt
		opt.Cache = b.TempDir() // where the shortcut's manifest is
		if _, err := Build(opt, dir, out); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			res, err := Build(opt, dir, out)
			if err != nil {
				b.Fatal(err)
			}
			if res.Written > 0 || res.Removed > 0 {
				b.Fatalf("a build with no change wrote %d files and removed %d", res.Written, res.Removed)
			}
		}
		perDoc(b)
	})

	// one-file: Build again into an output folder that holds the site,
	// with its cache, after a sentence is added to one document.
	b.Run("one-file", func(b *testing.B) {
		out := b.TempDir()
		opt := opt
		opt.Cache = b.TempDir()
		if _, err := Build(opt, dir, out); err != nil {
			b.Fatal(err)
		}
		doc := filepath.Join(dir, filepath.FromSlash(oneDocument(b, dir)))
		orig, err := os.ReadFile(doc)
		if err != nil {
			b.Fatal(err)
		}
		defer os.WriteFile(doc, orig, 0o644)
		i := 0
		for b.Loop() {
			i++
			if err := os.WriteFile(doc, fmt.Appendf(slices.Clip(orig), "\nSentence %d, added for the benchmark.\n", i), 0o644); err != nil {
				b.Fatal(err)
			}
			res, err := Build(opt, dir, out)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportMetric(float64(res.Made), "routes-made/op")
		}
		perDoc(b)
	})

	// session-one-file: the live server's rebuild in memory after one
	// document is saved.
	b.Run("session-one-file", func(b *testing.B) {
		doc := oneDocument(b, dir)
		s := NewSession(opt)
		if _, err := s.Build(nil); err != nil {
			b.Fatal(err)
		}
		for b.Loop() {
			if _, err := s.Build([]string{doc}); err != nil {
				b.Fatal(err)
			}
		}
	})
}

type renderedFile struct {
	name   string
	data   []byte
	minify bool
}

// rendered makes every file of the site once and keeps them all.
func rendered(b *testing.B, p *Project) []renderedFile {
	var mu sync.Mutex
	var files []renderedFile
	err := p.Render(func(name string, data []byte, minify bool) error {
		mu.Lock()
		files = append(files, renderedFile{name, data, minify})
		mu.Unlock()
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return files
}

// oneDocument returns the slash path, inside the site, of a document of
// the first body that is a single file.
func oneDocument(b *testing.B, dir string) string {
	des, err := os.ReadDir(filepath.Join(dir, content.Dir, "council-001"))
	if err != nil {
		b.Fatal(err)
	}
	for _, de := range des {
		if strings.HasSuffix(de.Name(), ".md") && de.Name() != "_index.md" && !de.IsDir() {
			return content.Dir + "/council-001/" + de.Name()
		}
	}
	b.Fatal("no single-file document in council-001")
	return ""
}
