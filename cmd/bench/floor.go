package main

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
)

// floor does the least work any generator must do for the site in site:
// read every Markdown file of content/, decode its TOML front matter,
// convert its Markdown with the same goldmark extensions as
// internal/markdown, and write the HTML as one file per document version
// into out, with one worker per core. It has no templates, lists, checks
// or minifying, and allocates no more than those libraries make it, so
// that a build's ratio to it measures scrutiny's own cost honestly. It
// returns how many files it wrote.
func floor(site, out string) (int, error) {
	md := goldmark.New(
		goldmark.WithExtensions(extension.GFM, extension.Footnote, extension.Typographer),
		goldmark.WithParserOptions(parser.WithAutoHeadingID()),
	)
	root := filepath.Join(site, "content")
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return err
	})
	if err != nil {
		return 0, err
	}

	work := make(chan string)
	errs := make([]error, runtime.NumCPU())
	var wg sync.WaitGroup
	for w := range errs {
		wg.Go(func() {
			// Each worker keeps one buffer, so that the HTML of a file
			// is not grown from nothing every time.
			var buf bytes.Buffer
			for p := range work {
				if errs[w] == nil {
					errs[w] = floorFile(md, &buf, root, out, p)
				}
			}
		})
	}
	for _, p := range files {
		work <- p
	}
	close(work)
	wg.Wait()
	return len(files), errors.Join(errs...)
}

// floorFile reads, decodes, converts and writes one file. A version file
// content/b/doc/2022-06-22.md goes to out/b/doc/2022-06-22/index.html,
// and a folder's _index.md to the folder's index.html, as a site's pages
// would.
func floorFile(md goldmark.Markdown, buf *bytes.Buffer, root, out, p string) error {
	src, err := os.ReadFile(p)
	if err != nil {
		return err
	}
	front, body, ok := cutFront(src)
	if !ok {
		return fmt.Errorf("%s: no front matter", p)
	}
	var meta map[string]any
	if _, err := toml.Decode(string(front), &meta); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	buf.Reset()
	if err := md.Convert(body, buf); err != nil {
		return fmt.Errorf("%s: %v", p, err)
	}
	rel, _ := filepath.Rel(root, p)
	rel = strings.TrimSuffix(rel, ".md")
	if filepath.Base(rel) == "_index" {
		rel = filepath.Dir(rel)
	}
	dir := filepath.Join(out, rel)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "index.html"), buf.Bytes(), 0o644)
}

// cutFront splits src at its front matter fences: a first line "+++" and
// the next line "+++".
func cutFront(src []byte) (front, body []byte, ok bool) {
	rest, ok := bytes.CutPrefix(src, []byte("+++\n"))
	if !ok {
		return nil, nil, false
	}
	if bytes.HasPrefix(rest, []byte("+++\n")) {
		return nil, rest[4:], true
	}
	i := bytes.Index(rest, []byte("\n+++\n"))
	if i < 0 {
		return nil, nil, false
	}
	return rest[:i+1], rest[i+5:], true
}
