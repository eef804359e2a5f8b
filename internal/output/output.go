// Package output writes a built site to its folder: minified where the site
// asks, atomically, and only where bytes changed.
//
// Pages are staged in a hidden folder inside the output folder while the
// build runs; only when every page has rendered does Commit move them into
// place. A build that fails aborts and removes the stage, so the previous
// output stays exactly as it was. A file whose bytes did not change is never
// staged, so its modification time stays, and a server or sync tool sees only
// real changes.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// stageName is the hidden folder, inside the output folder, that holds a
// build's changed files until it commits.
const stageName = ".scrutiny-stage"

// Stats counts what a commit did.
type Stats struct {
	Files     int // files in the site
	Written   int // files whose bytes changed
	Unchanged int
	Removed   int // stale files from an earlier build
}

// Writer collects a build's files. Write is safe for concurrent use.
type Writer struct {
	dir   string
	stage string
	min   *minify.M
	// fresh is set when the output folder held no site (it did not exist,
	// or held only dot files): there is no previous output to keep, so
	// files go straight to their places, and Abort removes them again.
	// A first build then moves nothing and looks for no stale file.
	fresh   bool
	created bool // New made the output folder

	mu     sync.Mutex
	files  map[string]bool // every file of the site, by slash path
	staged []string        // written to the stage, or in place when fresh
	stats  Stats
	dirs   sync.Map // folders known to exist, so each is made once
}

// NewMinifier returns the minifier for the output's file types.
func NewMinifier() *minify.M {
	m := minify.New()
	m.Add("text/html", &html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepSpecialComments: false})
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	m.AddFunc("application/json", json.Minify)
	return m
}

// siteMarks are files every built site has at its top: a folder with none
// of them is not a site's output.
var siteMarks = map[string]bool{"index.html": true, "404.html": true, "sitemap.xml": true}

// New starts writing to dir. With min set, HTML, CSS, JavaScript, SVG, XML
// and JSON are minified.
func New(dir string, min *minify.M) (*Writer, error) {
	_, err := os.Stat(dir)
	created := errors.Is(err, fs.ErrNotExist)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	stage := filepath.Join(dir, stageName)
	if err := os.RemoveAll(stage); err != nil {
		return nil, err
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	fresh, site := true, false
	for _, e := range entries {
		fresh = fresh && strings.HasPrefix(e.Name(), ".")
		site = site || siteMarks[e.Name()]
	}
	if !fresh && !site {
		// A build removes every file it did not write: in a folder that
		// was never a site's output (a mistyped -d), that is the user's
		// own files.
		return nil, fmt.Errorf("output folder %s holds files but no site (no index.html, 404.html or sitemap.xml): a build removes every file it does not write, so name a new or empty folder with -d, or empty this one first", dir)
	}
	return &Writer{dir: dir, stage: stage, min: min, fresh: fresh, created: created, files: map[string]bool{}}, nil
}

// mkdir makes the folder d and its parents, once.
func (w *Writer) mkdir(d string) error {
	if _, ok := w.dirs.Load(d); ok {
		return nil
	}
	// Pages are written parents first, so the parent is usually known
	// to exist, and one mkdir does where MkdirAll would stat first.
	if _, ok := w.dirs.Load(filepath.Dir(d)); ok {
		if err := os.Mkdir(d, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
			return err
		}
	} else if err := os.MkdirAll(d, 0o755); err != nil {
		return err
	}
	w.dirs.Store(d, true)
	return nil
}

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".svg":  "image/svg+xml",
	".js":   "application/javascript",
	".xml":  "application/xml",
	".json": "application/json",
}

// Minify minifies data by the type of the file name, when m is not nil.
func Minify(m *minify.M, name string, data []byte) ([]byte, error) {
	mt, ok := mediaTypes[path.Ext(name)]
	if m == nil || !ok {
		return data, nil
	}
	out, err := m.Bytes(mt, data)
	if err != nil {
		return nil, fmt.Errorf("minify %s: %w", name, err)
	}
	return out, nil
}

// Write adds the file name (a slash path inside the output) with data.
func (w *Writer) Write(name string, data []byte, minify bool) error {
	if !fs.ValidPath(name) || name == "." || strings.HasPrefix(name, stageName) {
		return fmt.Errorf("invalid output path %q", name)
	}
	if minify {
		var err error
		if data, err = Minify(w.min, name, data); err != nil {
			return err
		}
	}
	w.mu.Lock()
	if w.files[name] {
		w.mu.Unlock()
		return fmt.Errorf("two pages of the site write %s: rename one", name)
	}
	w.files[name] = true
	w.mu.Unlock()

	target := filepath.Join(w.dir, filepath.FromSlash(name))
	staged := target
	if !w.fresh {
		if old, err := os.ReadFile(target); err == nil && bytes.Equal(old, data) {
			w.mu.Lock()
			w.stats.Unchanged++
			w.mu.Unlock()
			return nil
		}
		staged = filepath.Join(w.stage, filepath.FromSlash(name))
	}
	if err := w.mkdir(filepath.Dir(staged)); err != nil {
		return err
	}
	if err := os.WriteFile(staged, data, 0o644); err != nil {
		return err
	}
	w.mu.Lock()
	w.staged = append(w.staged, name)
	w.stats.Written++
	w.mu.Unlock()
	return nil
}

// Abort discards the staged files, leaving the output as it was.
func (w *Writer) Abort() error {
	if !w.fresh {
		return os.RemoveAll(w.stage)
	}
	if w.created {
		return os.RemoveAll(w.dir)
	}
	// The folder held only dot files at its top: everything else there is
	// this build's.
	entries, err := os.ReadDir(w.dir)
	if err != nil {
		return err
	}
	var errs []error
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			errs = append(errs, os.RemoveAll(filepath.Join(w.dir, e.Name())))
		}
	}
	return errors.Join(errs...)
}

// Commit moves the staged files into place and removes the files of earlier
// builds that this one did not write. Files and folders whose names start
// with a dot at the top of the output folder (.git, say) are not the site's
// and are left alone.
func (w *Writer) Commit() (Stats, error) {
	w.stats.Files = len(w.files)
	if w.fresh {
		return w.stats, nil // every file is in place, and none is stale
	}
	sort.Strings(w.staged)
	var errs []error
	for _, name := range w.staged {
		from := filepath.Join(w.stage, filepath.FromSlash(name))
		to := filepath.Join(w.dir, filepath.FromSlash(name))
		if err := makeParent(w.dir, name); err != nil {
			errs = append(errs, err)
			continue
		}
		if info, err := os.Lstat(to); err == nil && info.IsDir() {
			// A folder stands where a file now goes (a page became a
			// file): the folder's files are stale.
			if err := os.RemoveAll(to); err != nil {
				errs = append(errs, err)
				continue
			}
		}
		if err := os.Rename(from, to); err != nil {
			errs = append(errs, err)
		}
	}
	if err := os.RemoveAll(w.stage); err != nil {
		errs = append(errs, err)
	}
	removed, err := w.removeStale()
	if err != nil {
		errs = append(errs, err)
	}
	w.stats.Removed = removed
	w.stats.Files = len(w.files)
	return w.stats, errors.Join(errs...)
}

// makeParent creates the folders above name, replacing any file that stands
// where a folder must be.
func makeParent(dir, name string) error {
	parts := strings.Split(path.Dir(name), "/")
	cur := dir
	for _, p := range parts {
		if p == "." {
			break
		}
		cur = filepath.Join(cur, p)
		info, err := os.Lstat(cur)
		switch {
		case err == nil && info.IsDir():
			continue
		case err == nil:
			if err := os.Remove(cur); err != nil {
				return err
			}
		case !errors.Is(err, fs.ErrNotExist):
			return err
		}
		if err := os.Mkdir(cur, 0o755); err != nil {
			return err
		}
	}
	return nil
}

// WalkSite calls fn for every file and folder of the site in the output
// folder dir, with its path and its slash path inside dir: everything but
// names starting with a dot at the top, which are not the site's (a
// deployment's .git, the build's own stage). It never follows a symbolic
// link.
func WalkSite(dir string, fn func(path, rel string, d fs.DirEntry) error) error {
	return filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if rel == "." {
			return nil
		}
		if !strings.Contains(rel, "/") && strings.HasPrefix(rel, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		return fn(p, rel, d)
	})
}

// removeStale deletes files this build did not write, and folders left
// empty.
func (w *Writer) removeStale() (int, error) {
	removed := 0
	var dirs []string
	err := WalkSite(w.dir, func(p, rel string, d fs.DirEntry) error {
		if d.IsDir() {
			dirs = append(dirs, p)
			return nil
		}
		if !w.files[rel] {
			removed++
			return os.Remove(p)
		}
		return nil
	})
	// Deepest first, so that a folder is empty once its children are gone.
	sort.Sort(sort.Reverse(sort.StringSlice(dirs)))
	for _, d := range dirs {
		_ = os.Remove(d) // fails, as it should, on a folder with files
	}
	return removed, err
}
