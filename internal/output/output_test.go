package output

import (
	"os"
	"path/filepath"
	"slices"
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
		if !w.fresh {
			t.Fatal("a folder holding only .git is not taken as fresh")
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
	if w.fresh {
		t.Fatal("a folder holding a site is taken as fresh")
	}
	write(t, w, "index.html", "a/index.html")
	if err := w.Write("c/index.html", []byte("new"), false); err != nil {
		t.Fatal(err)
	}
	stats, err = w.Commit()
	if err != nil {
		t.Fatal(err)
	}
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
		if _, err := New(d, nil); err != nil {
			t.Errorf("a folder holding %s was refused: %v", name, err)
		}
	}
}
