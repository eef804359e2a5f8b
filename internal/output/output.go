// Package output writes a built site to its folder: minified where the site
// asks, in one switch, and only where bytes changed.
//
// A build writes its whole output into a staging folder beside the output
// folder, while it renders. Only when every page has rendered does Commit
// put it in place, with two renames: the output folder aside, the stage in
// its place. A reader of the folder sees the old site or the new one, never
// a mixture. A file whose bytes did not change is not written again but
// linked from the old output, so it keeps its modification time, and a
// server or sync tool sees only real changes. A build that fails removes
// the stage, and the previous output stays exactly as it was.
//
// A build that knows which of the output's files it changed (NewPatch)
// stages only those, and renames each into place as it commits.
package output

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"runtime"
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

// Stats counts what a commit did.
type Stats struct {
	Files     int // files in the site
	Written   int // files whose bytes changed
	Unchanged int
	Removed   int // files of the earlier build that this one does not have
}

// Writer collects a build's files. Write is safe for concurrent use.
type Writer struct {
	dir     string // the output folder
	beside  paths
	min     *minify.M
	lock    *lock
	created []string // folders above dir that New made, deepest first

	mu    sync.Mutex
	files map[string]bool // every file of the site, by slash path
	stats Stats
	dirs  sync.Map // folders known to exist, so each is made once

	// patch is set for a build that changes some of the output's files
	// in place (see NewPatch): the stage holds only the files written,
	// and gone are the files to remove.
	patch  bool
	staged []string
	gone   []string
}

// paths are the names a build uses beside the output folder dir, in its
// parent, hidden: inside dir they would be published, and a build must
// swap dir whole.
type paths struct {
	stage string // the new output, until it is put in place
	old   string // the old output, between the two renames of a switch
	lock  string // held by the one build that may write to dir
}

func pathsOf(dir string) paths {
	parent, base := filepath.Dir(dir), "."+filepath.Base(dir)+".scrutiny-"
	return paths{filepath.Join(parent, base+"new"), filepath.Join(parent, base+"old"), filepath.Join(parent, base+"lock")}
}

// crash, in tests, stops Commit at a step as a kill would: the lock goes,
// as the system lets go of a dead process's locks, and all else stays.
var crash func(step string) bool

// crashSteps are the steps of Commit that crash can stop at.
var crashSteps = []string{"dots moved", "output aside", "stage in place"}

var errCrashed = errors.New("stopped by a test")

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
// and JSON are minified. It takes the output's lock, and puts right what a
// build killed while switching left, before it looks at dir.
func New(dir string, min *minify.M) (*Writer, error) {
	w := &Writer{dir: dir, beside: pathsOf(dir), min: min, files: map[string]bool{}}
	for d := filepath.Dir(dir); ; d = filepath.Dir(d) {
		if _, err := os.Stat(d); !errors.Is(err, fs.ErrNotExist) || d == filepath.Dir(d) {
			break
		}
		w.created = append(w.created, d)
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return nil, err
	}
	l, err := takeLock(w.beside.lock, dir)
	if err != nil {
		w.removeCreated()
		return nil, err
	}
	w.lock = l
	if err := w.start(); err != nil {
		w.Close()
		return nil, err
	}
	return w, nil
}

// NewPatch starts a build that changes only some files of dir, the output
// of an earlier build that the caller knows to be as that build left it:
// Write stages the files that changed, Keep counts those that did not,
// Remove names those to go, and Commit moves each staged file into place
// and removes the rest. A build of one changed document writes a handful
// of files, where New's switch links every file of the site again.
//
// A reader of the folder may meet the new version of one file and the old
// of another while Commit runs; each file is whole, old or new, as it is
// renamed into place. A build killed while committing leaves files that
// its manifest does not record, and the next build builds everything.
func NewPatch(dir string, min *minify.M) (*Writer, error) {
	w, err := New(dir, min)
	if err != nil {
		return nil, err
	}
	w.patch = true
	return w, nil
}

// Keep counts the file name of the output as one that stays as it is.
func (w *Writer) Keep(name string) {
	w.mu.Lock()
	w.files[name] = true
	w.stats.Unchanged++
	w.mu.Unlock()
}

// Remove names a file of the output that this build does not make.
func (w *Writer) Remove(name string) {
	w.mu.Lock()
	w.gone = append(w.gone, name)
	w.mu.Unlock()
}

// start repairs, checks dir and makes the stage.
func (w *Writer) start() error {
	if err := repair(w.dir, w.beside); err != nil {
		return fmt.Errorf("putting right what an interrupted build left beside %s: %w", w.dir, err)
	}
	entries, err := os.ReadDir(w.dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	empty, site := true, false
	for _, e := range entries {
		empty = empty && strings.HasPrefix(e.Name(), ".")
		site = site || siteMarks[e.Name()]
	}
	if !empty && !site {
		// A build replaces every file it did not write: in a folder that
		// was never a site's output (a mistyped -d), that is the user's
		// own files.
		return fmt.Errorf("output folder %s holds files but no site (no index.html, 404.html or sitemap.xml): a build removes every file it does not write, so name a new or empty folder with -d, or empty this one first", w.dir)
	}
	return os.Mkdir(w.beside.stage, 0o755)
}

// repair finishes or undoes the switch of a build that was killed: the old
// output goes back if the new one never took its place, and the user's dot
// files (.git) return to the output from wherever the switch had moved them.
// What is left of the stage or the old output is then removed.
func repair(dir string, b paths) error {
	if _, err := os.Lstat(b.old); err == nil {
		if _, err := os.Lstat(dir); errors.Is(err, fs.ErrNotExist) {
			if err := os.Rename(b.old, dir); err != nil {
				return err
			}
		} else if err := moveDots(b.old, dir); err != nil {
			return err
		}
	}
	if _, err := os.Lstat(b.stage); err == nil {
		if _, err := os.Lstat(dir); err == nil {
			if err := moveDots(b.stage, dir); err != nil {
				return err
			}
		}
	}
	return errors.Join(os.RemoveAll(b.old), os.RemoveAll(b.stage))
}

// moveDots moves the names starting with a dot at the top of from, which
// are the user's and not the site's, into to, where to lacks them.
func moveDots(from, to string) error {
	entries, err := os.ReadDir(from)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if !strings.HasPrefix(e.Name(), ".") {
			continue
		}
		if _, err := os.Lstat(filepath.Join(to, e.Name())); err == nil {
			continue
		}
		if err := os.Rename(filepath.Join(from, e.Name()), filepath.Join(to, e.Name())); err != nil {
			return err
		}
	}
	return nil
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
	// A name starting with a dot at the top is the user's (see WalkSite).
	if !fs.ValidPath(name) || name == "." || strings.HasPrefix(name, ".") {
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

	old := filepath.Join(w.dir, filepath.FromSlash(name))
	staged := filepath.Join(w.beside.stage, filepath.FromSlash(name))
	if err := w.mkdir(filepath.Dir(staged)); err != nil {
		return err
	}
	if same(old, data) {
		if !w.patch {
			if err := keep(old, staged); err != nil {
				return err
			}
		}
		w.mu.Lock()
		w.stats.Unchanged++
		w.mu.Unlock()
		return nil
	}
	if err := os.WriteFile(staged, data, 0o644); err != nil {
		return err
	}
	w.mu.Lock()
	w.stats.Written++
	if w.patch {
		w.staged = append(w.staged, name)
	}
	w.mu.Unlock()
	return nil
}

// commitPatch moves each staged file into place, removes the files gone
// and the folders they leave empty, and then the stage.
func (w *Writer) commitPatch() (Stats, error) {
	w.stats.Files = len(w.files)
	sort.Strings(w.staged)
	for _, name := range w.staged {
		to := filepath.Join(w.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(to), 0o755); err != nil {
			return w.stats, err
		}
		if err := os.Rename(filepath.Join(w.beside.stage, filepath.FromSlash(name)), to); err != nil {
			return w.stats, err
		}
	}
	for _, name := range w.gone {
		if w.files[name] {
			continue // made again, by another route
		}
		p := filepath.Join(w.dir, filepath.FromSlash(name))
		if err := os.Remove(p); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return w.stats, err
		}
		w.stats.Removed++
		// Its folders go with it where they are left empty; Remove
		// refuses a folder that is not.
		for d := filepath.Dir(p); d != w.dir && os.Remove(d) == nil; d = filepath.Dir(d) {
		}
	}
	return w.stats, os.RemoveAll(w.beside.stage)
}

// same reports whether the old output has the file name, a regular file,
// with the bytes data.
func same(name string, data []byte) bool {
	info, err := os.Lstat(name)
	if err != nil || !info.Mode().IsRegular() || info.Size() != int64(len(data)) {
		return false
	}
	old, err := os.ReadFile(name)
	return err == nil && bytes.Equal(old, data)
}

// keep puts the old output's file old into the stage as it is: a hard link,
// which keeps its time and costs no copy, or where the file system has
// none, a copy with its time.
func keep(old, staged string) error {
	if os.Link(old, staged) == nil {
		return nil
	}
	info, err := os.Stat(old)
	if err != nil {
		return err
	}
	in, err := os.Open(old)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(staged)
	if err != nil {
		return err
	}
	_, err = io.Copy(out, in)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chtimes(staged, info.ModTime(), info.ModTime())
	}
	return err
}

// Abort discards the stage, leaving the output as it was, and lets go of
// the output.
func (w *Writer) Abort() error {
	err := os.RemoveAll(w.beside.stage)
	w.Close()
	return err
}

// Close lets go of the output folder, for the next build. It may be called
// more than once.
func (w *Writer) Close() {
	if w.lock != nil {
		w.lock.release()
		w.lock = nil
	}
	w.removeCreated()
}

// removeCreated removes the folders New made above the output, where they
// are empty: a build that wrote nothing leaves nothing.
func (w *Writer) removeCreated() {
	if _, err := os.Stat(w.dir); err == nil {
		return
	}
	for _, d := range w.created {
		if os.Remove(d) != nil {
			return
		}
	}
}

// Commit puts the stage in place of the output folder (for a patch, see
// NewPatch, each staged file in place of its old one): the user's dot
// files (.git) move into the stage, the output goes aside, the stage takes
// its name, and the old output is removed. Between the two renames there
// is no output folder for an instant; at no time is there a mixture. A
// build killed at any step is put right by the next (see repair). The
// writer keeps the output until Close, so that what the build records
// about it (its manifest) is of this build's output.
func (w *Writer) Commit() (Stats, error) {
	if w.patch {
		return w.commitPatch()
	}
	w.stats.Files = len(w.files)
	removed, err := w.countRemoved()
	if err != nil {
		return w.stats, err
	}
	w.stats.Removed = removed
	stop := func(step string) bool {
		if crash != nil && crash(step) {
			w.lock.f.Close()
			w.lock = nil
			return true
		}
		return false
	}
	info, err := os.Stat(w.dir)
	exists := err == nil
	if exists {
		if err := moveDots(w.dir, w.beside.stage); err != nil {
			return w.stats, errors.Join(err, moveDots(w.beside.stage, w.dir))
		}
		if stop("dots moved") {
			return w.stats, errCrashed
		}
		// The folder keeps its permissions: a host may need them.
		if err := os.Chmod(w.beside.stage, info.Mode().Perm()); err != nil {
			return w.stats, errors.Join(err, moveDots(w.beside.stage, w.dir))
		}
		if err := os.Rename(w.dir, w.beside.old); err != nil {
			err = fmt.Errorf("cannot move the output folder %s aside to replace it whole (a mount point cannot be renamed; name a folder inside it with -d): %w", w.dir, err)
			return w.stats, errors.Join(err, moveDots(w.beside.stage, w.dir))
		}
		if stop("output aside") {
			return w.stats, errCrashed
		}
	}
	if err := os.Rename(w.beside.stage, w.dir); err != nil {
		if exists {
			err = errors.Join(err, os.Rename(w.beside.old, w.dir), moveDots(w.beside.stage, w.dir))
		}
		return w.stats, err
	}
	if stop("stage in place") {
		return w.stats, errCrashed
	}
	return w.stats, removeAll(w.beside.old)
}

// removeAll removes dir and everything in it, its top folders in
// parallel: the old output of a site of 10,000 documents is some 70,000
// files and folders, which a rebuild removes as it ends.
func removeAll(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return os.RemoveAll(dir)
	}
	next := make(chan int)
	errs := make([]error, len(entries))
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(entries)) {
		wg.Go(func() {
			for i := range next {
				errs[i] = os.RemoveAll(filepath.Join(dir, entries[i].Name()))
			}
		})
	}
	for i := range entries {
		next <- i
	}
	close(next)
	wg.Wait()
	return errors.Join(append(errs, os.RemoveAll(dir))...)
}

// countRemoved counts the old output's files that this build does not
// write, which go with it.
func (w *Writer) countRemoved() (int, error) {
	n := 0
	err := WalkSite(w.dir, func(_, rel string, d fs.DirEntry) error {
		if !d.IsDir() && !w.files[rel] {
			n++
		}
		return nil
	})
	if errors.Is(err, fs.ErrNotExist) {
		err = nil
	}
	return n, err
}

// Pending reports whether a build into dir was killed while switching and
// left things for the next to put right.
func Pending(dir string) bool {
	b := pathsOf(dir)
	_, err1 := os.Lstat(b.stage)
	_, err2 := os.Lstat(b.old)
	return err1 == nil || err2 == nil
}

// WalkSite calls fn for every file and folder of the site in the output
// folder dir, with its path and its slash path inside dir: everything but
// names starting with a dot at the top, which are not the site's (a
// deployment's .git). It never follows a symbolic
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

// busy is the error of a build that finds another writing to dir.
func busy(dir, lockName string) error {
	return fmt.Errorf("another build is writing to %s (it holds %s): wait for it to finish, then build again", dir, lockName)
}
