package build_test

import (
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"scrutiny/internal/diag"
)

// TestOutputTree checks that a source claiming a path another source needs
// as a folder, or a folder where another needs a file, is an error of
// build.Load (and so of check) at the source, with every clash of the run.
func TestOutputTree(t *testing.T) {
	type want struct{ pos, msg string }
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  []want
	}{
		// Regression: each of these loaded without a problem; built over
		// an earlier output, the body's pages (or the feed, or the
		// judgements pages) were removed and the build exited 0.
		{"a static file where a body needs a folder",
			map[string]string{"static/b": "x"},
			[]want{{"static/b", "this file is written to b, where the body content/b/_index.md needs a folder (for b/index.html)"}}},
		{"a static file where a generated page needs a folder",
			map[string]string{"static/judgements": "x"},
			[]want{{"static/judgements", "needs a folder (for judgements/index.html)"}}},
		{"a static folder where the feed is a file",
			map[string]string{"static/feed.xml/x.txt": "x"},
			[]want{{"static/feed.xml/x.txt", "needs feed.xml as a folder, but the site's feed is the file feed.xml"}}},
		{"a static folder where a body's feed is a file",
			map[string]string{"static/b/feed.xml/x.txt": "x"},
			[]want{{"static/b/feed.xml/x.txt", "needs b/feed.xml as a folder, but the feed of content/b/_index.md is the file b/feed.xml"}}},
		{"a static file where the search index needs a folder",
			map[string]string{"static/search": "x"},
			[]want{{"static/search", "needs a folder"}}},
		{"a static file in the search index's folder",
			map[string]string{"static/search/meta.json": "{}"},
			[]want{{"static/search/meta.json", "which the search index writes too"}}},
		{"an alias onto the feed as a folder",
			map[string]string{"content/about.md": doc([]string{`title = "About"`, `aliases = ["/feed.xml/"]`})},
			[]want{{"content/about.md:3:12", "alias /feed.xml/ is written to feed.xml/index.html, which needs feed.xml as a folder, but the site's feed is the file feed.xml"}}},
		{"an alias onto a body's timeline as a folder",
			map[string]string{"content/about.md": doc([]string{`title = "About"`, `aliases = ["/b/timeline.svg/"]`})},
			[]want{{"content/about.md:3:12", "needs b/timeline.svg as a folder"}}},
		{"a static folder where an alias writes a file",
			map[string]string{"content/about.md": doc([]string{`title = "About"`, `aliases = ["/types.html"]`}), "static/types.html/x": "x"},
			[]want{{"static/types.html/x", "needs types.html as a folder, but alias /types.html (content/about.md:3:12) is the file types.html"}}},
		{"a static file inside a folder of the search index",
			map[string]string{"static/search/docs/extra.json": "{}"},
			[]want{{"static/search/docs/extra.json", "inside the search index's folder search/docs/"}}},
		{"an attachment where a version needs a folder",
			map[string]string{
				"content/b/2022-04-01-inspection.md": "",
				"content/b/p/2022-04-01.md":          doc([]string{`title = "P"`, `type = "letter"`, `date = 2022-04-01`}),
				"content/b/p/2022-05-01.md":          doc([]string{`title = "P"`, `type = "letter"`, `date = 2022-05-01`, `change = "x"`}),
				"content/b/p/2022-04-01":             "x",
			},
			nil},
		{"every clash of the run",
			map[string]string{"static/judgements": "x", "static/feed.xml/x.txt": "x", "static/b": "x"},
			[]want{{"static/b", "needs a folder"}, {"static/feed.xml/x.txt", "as a folder"}, {"static/judgements", "needs a folder"}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := errorBase()
			files["content/about.md"] = doc([]string{`title = "About"`})
			for k, v := range tt.files {
				if v == "" {
					delete(files, k)
					continue
				}
				files[k] = v
			}
			ds, err := loadFiles(t, files)
			if err != nil {
				t.Fatal(err)
			}
			if tt.want == nil {
				// The attachment case: whichever the content's own
				// rules say, the load must not pass.
				if len(ds) == 0 {
					t.Fatal("build.Load finds no problem")
				}
				return
			}
			var got []string
			for _, d := range ds {
				got = append(got, d.Error())
			}
			if len(ds) != len(tt.want) {
				t.Fatalf("got %d diagnostics, want %d:\n%s", len(ds), len(tt.want), strings.Join(got, "\n"))
			}
			for i, w := range tt.want {
				if g := got[i]; !strings.HasPrefix(g, w.pos+": ") || !strings.Contains(g, w.msg) {
					t.Errorf("diagnostic %d:\n%s\nwant at %s, containing %q", i, g, w.pos, w.msg)
				}
			}
		})
	}
}

// shapeBase is the small site the shapes below are added to.
func shapeBase() map[string]string {
	files := errorBase()
	files["content/about.md"] = doc([]string{`title = "About"`})
	return files
}

// TestOutputShapes tries file-system shapes against every path a small
// site writes: a static file at the path, at its folder (a file where a
// folder is needed), below it (a folder where a file is needed), and
// aliases onto it as a file and as a folder. Each is built over an earlier
// output that also holds the user's own files (names starting with a dot
// at its top, which the build never removes). A shape that fails must
// leave the output byte for byte as it was, and name its source; a shape
// that builds must lose no page of the site.
func TestOutputShapes(t *testing.T) {
	root := t.TempDir()
	base := shapeBase()
	site, out := writeDir(t, base), filepath.Join(root, "public")
	if _, err := buildDir(site, out); err != nil {
		t.Fatal(err)
	}
	var paths []string
	for name, st := range snapshot(t, out) {
		if !st.dir {
			paths = append(paths, name)
		}
	}
	sort.Strings(paths)
	// One path of each kind: the pages of every type, say, are alike.
	kinds := map[string]bool{}
	paths = slices.DeleteFunc(paths, func(p string) bool {
		parts := strings.Split(p, "/")
		kind := parts[0] + "/" + itoa(len(parts)) + "/" + path.Base(p)
		if kinds[kind] {
			return true
		}
		kinds[kind] = true
		return false
	})

	type shape struct{ name, file, data, source string }
	seen := map[string]bool{}
	var shapes []shape
	add := func(s shape) {
		if !seen[s.name] {
			seen[s.name] = true
			shapes = append(shapes, s)
		}
	}
	alias := func(a string) shape {
		return shape{"alias " + a, "content/about.md", doc([]string{`title = "About"`, `aliases = ["` + a + `"]`}), "content/about.md"}
	}
	for _, p := range paths {
		add(shape{"static " + p, "static/" + p, "user's", "static/" + p})
		add(shape{"static " + p + "/x.txt", "static/" + p + "/x.txt", "user's", "static/" + p + "/x.txt"})
		if d := path.Dir(p); d != "." {
			add(shape{"static " + d, "static/" + d, "user's", "static/" + d})
		}
		add(alias("/" + p + "/"))
		if strings.Contains(path.Base(p), ".") {
			add(alias("/" + p))
		}
	}
	if len(shapes) < 50 {
		t.Fatalf("only %d shapes", len(shapes))
	}

	// One site and one output serve every shape: a shape that fails must
	// leave the output as it was, and so ready for the next.
	var before map[string]fileState
	reset := func() {
		if _, err := buildDir(site, out); err != nil {
			t.Fatal(err)
		}
		user := filepath.Join(out, ".well-known", "security.txt")
		if err := os.MkdirAll(filepath.Dir(user), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(user, []byte("Contact: x\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		age(t, out)
		before = snapshot(t, out)
	}
	reset()
	failed := 0
	for _, s := range shapes {
		src := filepath.Join(site, filepath.FromSlash(s.file))
		old, _ := os.ReadFile(src)
		if err := os.MkdirAll(filepath.Dir(src), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(src, []byte(s.data), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := buildDir(site, out)
		built := err == nil
		after := snapshot(t, out)
		if err != nil {
			failed++
			if _, ok := diag.As(err); !ok {
				t.Errorf("%s: an error without a position: %v", s.name, err)
			} else if !strings.Contains(err.Error(), s.source) {
				t.Errorf("%s: the error does not name %s: %v", s.name, s.source, err)
			}
			if len(before) != len(after) {
				t.Errorf("%s: the failed build changed the output: %d files and folders, was %d", s.name, len(after), len(before))
			}
			for n, b := range before {
				a, ok := after[n]
				if !ok || a.dir != b.dir || string(a.data) != string(b.data) || !a.mtime.Equal(b.mtime) {
					t.Errorf("%s: the failed build changed %s", s.name, n)
				}
			}
		} else {
			for n, b := range before {
				if a, ok := after[n]; !ok || a.dir != b.dir {
					t.Errorf("%s: the build succeeded and lost %s", s.name, n)
				}
			}
		}
		if old != nil {
			err = os.WriteFile(src, old, 0o644)
		} else {
			top := strings.SplitN(s.file, "/", 3)
			err = os.RemoveAll(filepath.Join(site, top[0], top[1]))
		}
		if err != nil {
			t.Fatal(err)
		}
		if built {
			reset()
		}
	}
	if failed == 0 {
		t.Errorf("no shape failed")
	}
	t.Logf("%d shapes, %d refused", len(shapes), failed)
}

// contents maps every file under dir to its bytes.
func contents(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for name, st := range snapshot(t, dir) {
		if !st.dir {
			out[name] = string(st.data)
		}
	}
	return out
}

// TestConcurrentBuilds starts two builds of different sites into one
// folder at once, several times: each ends as one build's output, never a
// mixture, and a build that does not run says why.
func TestConcurrentBuilds(t *testing.T) {
	siteA := writeDir(t, shapeBase())
	other := shapeBase()
	other["content/about.md"] = doc([]string{`title = "About us"`}, "", "Another text.")
	other["content/c/_index.md"] = doc([]string{`name = "Chester Council"`})
	siteB := writeDir(t, other)
	refA, refB := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	if _, err := buildDir(siteA, refA); err != nil {
		t.Fatal(err)
	}
	if _, err := buildDir(siteB, refB); err != nil {
		t.Fatal(err)
	}
	wantA, wantB := contents(t, refA), contents(t, refB)
	out := filepath.Join(t.TempDir(), "public")
	for i := range 6 {
		errs := make([]error, 2)
		var wg sync.WaitGroup
		for k, site := range []string{siteA, siteB} {
			wg.Go(func() { _, errs[k] = buildDir(site, out) })
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil && !strings.Contains(err.Error(), "another build is writing to") {
				t.Errorf("round %d: %v", i, err)
			}
		}
		if errs[0] != nil && errs[1] != nil {
			t.Errorf("round %d: neither build ran", i)
		}
		got := contents(t, out)
		if !maps.Equal(got, wantA) && !maps.Equal(got, wantB) {
			t.Fatalf("round %d: the output is neither build's: %d files, want %d or %d", i, len(got), len(wantA), len(wantB))
		}
	}
	entries, err := os.ReadDir(filepath.Dir(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("beside the output: %v, want only public", names)
	}
}
