package output

import (
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// tree lists the files and folders under dir, as slash paths.
func tree(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if rel, _ := filepath.Rel(dir, p); rel != "." {
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func write(t *testing.T, w *Writer, files ...string) {
	t.Helper()
	for _, name := range files {
		if err := w.Write(name, []byte("<p>"+name+"</p>"), false); err != nil {
			t.Fatal(err)
		}
	}
}

// TestFreshAbort checks that a build that fails in a folder that held no
// site leaves it as it was: a folder that did not exist is gone again, and
// one that held only dot files holds just them.
func TestFreshAbort(t *testing.T) {
	t.Run("no folder", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "public")
		w, err := New(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		write(t, w, "index.html", "a/b/index.html")
		if err := w.Abort(); err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(dir); !os.IsNotExist(err) {
			t.Errorf("after a failed first build the output folder exists: %v", tree(t, dir))
		}
	})
	t.Run("dot files only", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref"), 0o644); err != nil {
			t.Fatal(err)
		}
		w, err := New(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		write(t, w, "index.html", "a/b/index.html", "a/feed.xml")
		if err := w.Abort(); err != nil {
			t.Fatal(err)
		}
		if got, want := tree(t, dir), []string{".git", ".git/HEAD"}; !slices.Equal(got, want) {
			t.Errorf("after a failed build the folder holds %v, want %v", got, want)
		}
	})
}

// TestFreshCommit checks that a first build writes every file in place,
// and that the next build, into a folder that now holds a site, stages:
// it rewrites only what changed and removes what is stale.
func TestFreshCommit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	w, err := New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	write(t, w, "index.html", "a/index.html", "a/b/index.html")
	stats, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if stats.Written != 3 || stats.Files != 3 {
		t.Errorf("first build: %+v, want 3 files written", stats)
	}
	if got, want := tree(t, dir), []string{"a", "a/b", "a/b/index.html", "a/index.html", "index.html"}; !slices.Equal(got, want) {
		t.Errorf("first build wrote %v, want %v", got, want)
	}

	old := time.Now().Add(-time.Hour)
	if err := os.Chtimes(filepath.Join(dir, "index.html"), old, old); err != nil {
		t.Fatal(err)
	}
	w, err = New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	write(t, w, "index.html", "a/index.html")
	if err := w.Write("c/index.html", []byte("new"), false); err != nil {
		t.Fatal(err)
	}
	stats, err = w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	w.Close()
	if stats.Written != 1 || stats.Unchanged != 2 || stats.Removed != 1 {
		t.Errorf("second build: %+v, want 1 written, 2 unchanged, 1 removed", stats)
	}
	if got, want := tree(t, dir), []string{"a", "a/index.html", "c", "c/index.html", "index.html"}; !slices.Equal(got, want) {
		t.Errorf("second build left %v, want %v", got, want)
	}
	if fi, err := os.Stat(filepath.Join(dir, "index.html")); err != nil || !fi.ModTime().Equal(old) {
		t.Errorf("an unchanged file was rewritten: %v", err)
	}
}

// TestForeignFolder checks that a build refuses a folder that holds files
// but is not a site's output, rather than remove the files, and takes one
// that holds only dot files (a deployment's .git) or an earlier site.
func TestForeignFolder(t *testing.T) {
	dir := t.TempDir()
	mine := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(mine, []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := New(dir, nil); err == nil {
		t.Fatal("a folder of someone's files was taken as the output")
	}
	if data, err := os.ReadFile(mine); err != nil || string(data) != "mine" {
		t.Errorf("the folder's file was touched: %q, %v", data, err)
	}
	for _, name := range []string{".git/HEAD", "sitemap.xml"} {
		d := t.TempDir()
		if err := os.MkdirAll(filepath.Dir(filepath.Join(d, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(d, name), []byte("x"), 0o644); err != nil {
			t.Fatal(err)
		}
		w, err := New(d, nil)
		if err != nil {
			t.Errorf("a folder holding %s was refused: %v", name, err)
			continue
		}
		w.Abort()
	}
}

// files maps every file under dir to its bytes; nil when dir is missing.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	if _, err := os.Stat(dir); os.IsNotExist(err) {
		return nil
	}
	out := map[string]string{}
	for _, name := range tree(t, dir) {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			data, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			out[name] = string(data)
		}
	}
	return out
}

// TestCrashWhileSwitching stops a build, as a kill would, at each step of
// putting its output in place. A reader of the output folder then sees the
// old build's files or the new one's, never a mixture (or, for the instant
// between two renames, no folder); and the next build puts everything right,
// the user's .git included.
func TestCrashWhileSwitching(t *testing.T) {
	build := func(dir, text string, names ...string) error {
		w, err := New(dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range names {
			if err := w.Write(name, []byte(text+" "+name), false); err != nil {
				t.Fatal(err)
			}
		}
		_, err = w.Commit()
		w.Close()
		return err
	}
	newNames := []string{"index.html", "a/index.html", "c/index.html"}
	for _, step := range crashSteps {
		t.Run(step, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "public")
			if err := build(dir, "old", "index.html", "a/index.html", "b/index.html", "b/x/index.html"); err != nil {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Join(dir, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, ".git", "HEAD"), []byte("ref"), 0o644); err != nil {
				t.Fatal(err)
			}
			before := files(t, dir)
			want := map[string]string{".git/HEAD": "ref"}
			for _, name := range newNames {
				want[name] = "new " + name
			}

			crash = func(s string) bool { return s == step }
			err := build(dir, "new", newNames...)
			crash = nil
			if err == nil {
				t.Fatalf("the build did not stop at %s", step)
			}
			// The user's .git moves across just before the switch: the
			// site's files are what a reader must never see mixed.
			site := func(m map[string]string) map[string]string {
				return maps.Collect(func(yield func(string, string) bool) {
					for k, v := range m {
						if !strings.HasPrefix(k, ".") && !yield(k, v) {
							return
						}
					}
				})
			}
			switch got := site(files(t, dir)); {
			case len(got) == 0, maps.Equal(got, site(before)), maps.Equal(got, site(want)):
			default:
				t.Errorf("stopped at %s, the output is a mixture: %v", step, got)
			}

			if err := build(dir, "new", newNames...); err != nil {
				t.Fatal(err)
			}
			if got := files(t, dir); !maps.Equal(got, want) {
				t.Errorf("the next build left %v, want %v", got, want)
			}
			if got := tree(t, filepath.Dir(dir)); len(got) == 0 || got[0] != "public" || slices.ContainsFunc(got, func(n string) bool { return !strings.HasPrefix(n, "public") }) {
				t.Errorf("beside the output: %v", got)
			}
		})
	}
}

// TestRemoveAll checks that the old output goes whole, folders within
// folders and files at the top, however its top folders are shared out,
// and that removing what is gone is no error.
func TestRemoveAll(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "old")
	for _, name := range []string{"index.html", "a/index.html", "a/b/c/index.html", "b/feed.xml", "c/d/e.json"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := removeAll(dir); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s is still there: %v", dir, err)
	}
	if err := removeAll(dir); err != nil {
		t.Errorf("removing what is gone: %v", err)
	}
}

// TestPatch checks a build that changes some files in place: a changed
// file is replaced, a file of the same bytes and a kept one are left as
// they were (with their times), a removed file goes with the folders it
// leaves empty, the user's dot files stay, and nothing is left beside the
// output. A patch that fails changes nothing.
func TestPatch(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "public")
	w, err := New(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	write(t, w, "index.html", "a/index.html", "b/c/index.html", "d/index.html")
	if _, err := w.Commit(); err != nil {
		t.Fatal(err)
	}
	w.Close()
	if err := os.WriteFile(filepath.Join(dir, ".keep"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	for _, name := range []string{"index.html", "a/index.html", "d/index.html"} {
		if err := os.Chtimes(filepath.Join(dir, filepath.FromSlash(name)), old, old); err != nil {
			t.Fatal(err)
		}
	}
	before := files(t, dir)

	// A patch that fails: nothing changes.
	w, err = NewPatch(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Write("a/index.html", []byte("<p>new</p>"), false); err != nil {
		t.Fatal(err)
	}
	w.Remove("b/c/index.html")
	if err := w.Abort(); err != nil {
		t.Fatal(err)
	}
	if got := files(t, dir); !maps.Equal(got, before) {
		t.Errorf("after a failed patch: %v, want %v", got, before)
	}

	w, err = NewPatch(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Write("a/index.html", []byte("<p>new</p>"), false); err != nil {
		t.Fatal(err)
	}
	write(t, w, "index.html") // the same bytes as before
	w.Keep("d/index.html")
	w.Remove("b/c/index.html")
	stats, err := w.Commit()
	if err != nil {
		t.Fatal(err)
	}
	if want := (Stats{Files: 3, Written: 1, Unchanged: 2, Removed: 1}); stats != want {
		t.Errorf("stats %+v, want %+v", stats, want)
	}
	want := []string{".keep", "a", "a/index.html", "d", "d/index.html", "index.html"}
	if got := tree(t, dir); !slices.Equal(got, want) {
		t.Errorf("the output holds %v, want %v", got, want)
	}
	if got := files(t, dir)["a/index.html"]; got != "<p>new</p>" {
		t.Errorf("a/index.html = %q, want the new bytes", got)
	}
	for _, name := range []string{"index.html", "d/index.html"} {
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || !info.ModTime().Equal(old) {
			t.Errorf("%s was written again (%v)", name, err)
		}
	}
	if entries, _ := os.ReadDir(filepath.Dir(dir)); len(entries) != 2 { // public and the lock
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the output: %v", names)
	}
}
