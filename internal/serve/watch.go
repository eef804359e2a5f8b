package serve

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"

	"scrutiny/internal/build"
	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/render"
)

const (
	// quiet is how long the files must stay still before a batch of
	// changes is handed on: an editor's save is several events (write a
	// temporary file, rename the old one, rename the new one into place),
	// and a checkout is thousands, and each should cost one build. An
	// editor's events come within a millisecond or two of each other, and
	// every millisecond here is one the author waits, so it is short: a
	// burst with a longer gap costs a second build, never a wrong one.
	quiet = 20 * time.Millisecond
	// pollEvery is how often the poller looks at every file.
	pollEvery = 500 * time.Millisecond
)

// sources are the folders a build reads, besides site.toml at the root.
var sources = []string{content.Dir, render.Dir, build.StaticDir}

// isSource reports whether rel, a slash path relative to the site root,
// is something a build reads.
func isSource(rel string) bool {
	if rel == config.File {
		return true
	}
	top, _, _ := strings.Cut(rel, "/")
	for _, s := range sources {
		if top == s {
			return true
		}
	}
	return false
}

// ignored reports whether rel is an editor's or the system's own file
// rather than a source: dot files and folders (.DS_Store, .git, emacs's
// .#locks), backups (x~), vim's swap files and the file it writes to test
// that a folder is writable (4913), emacs's #autosaves#, and JetBrains'
// safe-write temporaries.
func ignored(rel string) bool {
	for seg := range strings.SplitSeq(rel, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	name := rel[strings.LastIndex(rel, "/")+1:]
	switch {
	case name == "4913",
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasSuffix(name, ".swp"), strings.HasSuffix(name, ".swx"), strings.HasSuffix(name, ".swo"),
		strings.HasSuffix(name, ".tmp"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"):
		return true
	}
	return false
}

// A watcher reports which of a site's sources changed, in batches on
// its channel: sorted slash paths relative to the site root, or nil when
// anything may have changed (a folder went away, or the system dropped
// events). It uses fsnotify where it can and polls where it cannot.
type watcher struct {
	root    string
	batches chan []string
	warn    func(format string, args ...any)

	fsw  *fsnotify.Watcher // nil when polling
	dirs map[string]bool   // the folders fsw watches, relative to root ("." is root)

	files map[string]stamp // when polling, what the last look saw
}

// stamp is what the poller compares to see a change.
type stamp struct {
	size int64
	mod  time.Time
}

// newWatcher starts watching the sources of the site in root. Changes
// made from now on are reported once run is called. It falls back to
// polling when poll is set or fsnotify cannot watch the site (no inotify,
// or too few watches or file descriptors left).
func newWatcher(root string, poll bool, warn func(format string, args ...any)) *watcher {
	w := &watcher{root: root, batches: make(chan []string), warn: warn}
	if !poll {
		err := w.startNotify()
		if err == nil {
			return w
		}
		warn("cannot watch the site's files (%v): looking for changes every %v instead", err, pollEvery)
	}
	w.files = w.scan()
	return w
}

func (w *watcher) startNotify() error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return err
	}
	w.fsw, w.dirs = fsw, map[string]bool{}
	// The root itself is watched, not site.toml: editors save by renaming
	// a new file over the old one, which would end a watch on the file.
	if err := w.add("."); err != nil {
		fsw.Close()
		w.fsw = nil
		return err
	}
	for _, s := range sources {
		if err := w.addTree(s, nil); err != nil {
			fsw.Close()
			w.fsw = nil
			return err
		}
	}
	return nil
}

func (w *watcher) add(rel string) error {
	if err := w.fsw.Add(filepath.Join(w.root, filepath.FromSlash(rel))); err != nil {
		return err
	}
	w.dirs[rel] = true
	return nil
}

// addTree watches the folder rel and every folder inside it, and calls
// found, if not nil, for every file in them: files may have arrived
// before the watch did.
func (w *watcher) addTree(rel string, found func(rel string)) error {
	top := filepath.Join(w.root, filepath.FromSlash(rel))
	err := filepath.WalkDir(top, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return nil // gone already, or not made yet
			}
			return err
		}
		r, ok := w.rel(p)
		if !ok || ignored(r) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return w.add(r)
		}
		if found != nil {
			found(r)
		}
		return nil
	})
	return err
}

// forget stops watching the folder rel and every folder inside it.
func (w *watcher) forget(rel string) {
	for d := range w.dirs {
		if d == rel || strings.HasPrefix(d, rel+"/") {
			// The kernel has often dropped the watch already.
			_ = w.fsw.Remove(filepath.Join(w.root, filepath.FromSlash(d)))
			delete(w.dirs, d)
		}
	}
}

// rel turns an OS path under the root into a slash path relative to it.
func (w *watcher) rel(p string) (string, bool) {
	r, err := filepath.Rel(w.root, p)
	if err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) {
		return "", false
	}
	return filepath.ToSlash(r), true
}

// run reports changes until ctx is done, then releases the watches.
func (w *watcher) run(ctx context.Context) {
	if w.fsw == nil {
		w.poll(ctx)
		return
	}
	defer w.fsw.Close()

	pending := map[string]bool{}
	all := false
	timer := time.NewTimer(quiet)
	timer.Stop()
	var next []string
	ready := false
	for {
		// A batch waits here, still growing, until the builder takes it,
		// so that a long build is followed by one build of everything
		// that changed meanwhile.
		var out chan<- []string
		if ready {
			out = w.batches
		}
		select {
		case <-ctx.Done():
			return
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if w.event(ev, pending) {
				ready = false
				timer.Reset(quiet)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				all, ready = true, false
				timer.Reset(quiet)
				continue
			}
			w.warn("watching files: %v", err)
		case <-timer.C:
			next = batch(pending, all)
			ready = true
		case out <- next:
			clear(pending)
			all, ready, next = false, false, nil
		}
	}
}

// event notes what ev changed in pending and reports whether it was a
// change to a source.
func (w *watcher) event(ev fsnotify.Event, pending map[string]bool) bool {
	rel, ok := w.rel(ev.Name)
	if !ok || rel == "." || !isSource(rel) || ignored(rel) {
		return false
	}
	switch {
	case ev.Has(fsnotify.Create):
		if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
			// A new folder, made here or moved in.
			n := len(pending)
			if err := w.addTree(rel, func(f string) { pending[f] = true }); err != nil {
				w.warn("cannot watch %s: %v (restart with -poll to look for changes instead)", rel, err)
			}
			return len(pending) > n
		}
		pending[rel] = true
	case ev.Has(fsnotify.Remove), ev.Has(fsnotify.Rename):
		if w.dirs[rel] {
			// A folder went, with files whose names were not kept: say that
			// anything may have changed. Its new name, if it was moved
			// within the site, arrives as a Create.
			w.forget(rel)
			pending[""] = true
			return true
		}
		pending[rel] = true
	case ev.Has(fsnotify.Write):
		pending[rel] = true
	default:
		// Chmod alone: touch, indexers and virus scanners, not edits.
		return false
	}
	return true
}

// batch lists pending, or returns nil when anything may have changed.
func batch(pending map[string]bool, all bool) []string {
	if all || pending[""] {
		return nil
	}
	out := make([]string, 0, len(pending))
	for p := range pending {
		out = append(out, p)
	}
	sort.Strings(out)
	return out
}

// poll compares every source's size and modification time with the last
// look, every pollEvery, until ctx is done.
func (w *watcher) poll(ctx context.Context) {
	t := time.NewTicker(pollEvery)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur := w.scan()
		var changed []string
		for p, s := range cur {
			if old, ok := w.files[p]; !ok || old != s {
				changed = append(changed, p)
			}
		}
		for p := range w.files {
			if _, ok := cur[p]; !ok {
				changed = append(changed, p)
			}
		}
		w.files = cur
		if len(changed) == 0 {
			continue
		}
		sort.Strings(changed)
		select {
		case w.batches <- changed:
		case <-ctx.Done():
			return
		}
	}
}

// scan stamps every source file.
func (w *watcher) scan() map[string]stamp {
	out := map[string]stamp{}
	note := func(p string, info fs.FileInfo) {
		if r, ok := w.rel(p); ok && !ignored(r) {
			out[r] = stamp{info.Size(), info.ModTime()}
		}
	}
	if info, err := os.Stat(filepath.Join(w.root, config.File)); err == nil {
		note(filepath.Join(w.root, config.File), info)
	}
	for _, s := range sources {
		_ = filepath.WalkDir(filepath.Join(w.root, s), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // unreadable or gone: the build will say so
			}
			if r, ok := w.rel(p); !ok || ignored(r) {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.IsDir() {
				return nil
			}
			if info, err := d.Info(); err == nil {
				note(p, info)
			}
			return nil
		})
	}
	return out
}

// close releases the watches when run was never called.
func (w *watcher) close() {
	if w.fsw != nil {
		w.fsw.Close()
	}
}
