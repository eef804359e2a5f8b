package build_test

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"scrutiny"
	"scrutiny/internal/build"
	"scrutiny/internal/diag"
	"scrutiny/internal/source"
)

// fileState is what a test remembers of an output file.
type fileState struct {
	data  []byte
	mtime time.Time
	dir   bool
}

// snapshot records every file and folder under dir.
func snapshot(t *testing.T, dir string) map[string]fileState {
	t.Helper()
	out := map[string]fileState{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		if rel == "." {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		s := fileState{mtime: info.ModTime(), dir: d.IsDir()}
		if !d.IsDir() {
			if s.data, err = os.ReadFile(p); err != nil {
				return err
			}
		}
		out[filepath.ToSlash(rel)] = s
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// compareSnapshots reports every difference between two snapshots; folders'
// times are not compared, as adding and removing a staging folder changes
// the output folder's own time.
func compareSnapshots(t *testing.T, before, after map[string]fileState) {
	t.Helper()
	var names []string
	for n := range before {
		names = append(names, n)
	}
	for n := range after {
		if _, ok := before[n]; !ok {
			names = append(names, n)
		}
	}
	sort.Strings(names)
	for _, n := range names {
		b, inB := before[n]
		a, inA := after[n]
		switch {
		case !inA:
			t.Errorf("%s was removed", n)
		case !inB:
			t.Errorf("%s was added", n)
		case b.dir != a.dir:
			t.Errorf("%s changed between file and folder", n)
		case !bytes.Equal(b.data, a.data):
			t.Errorf("%s changed", n)
		case !b.dir && !b.mtime.Equal(a.mtime):
			t.Errorf("%s was rewritten (modified %v, was %v)", n, a.mtime, b.mtime)
		}
	}
}

// age sets the modification time of every file under dir to a fixed time
// long ago, so that any later write shows whatever the file system's
// timestamp resolution.
func age(t *testing.T, dir string) {
	t.Helper()
	old := time.Date(2001, 2, 3, 4, 5, 6, 0, time.UTC)
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// basicDir writes the basic site into a temporary folder, and returns it
// with an output folder beside it.
func basicDir(t *testing.T) (site, out string) {
	t.Helper()
	site = writeDir(t, mapFiles(readSite(t, "basic")))
	return site, filepath.Join(t.TempDir(), "public")
}

// buildFresh builds as buildDir does, with no cache: a cold build.
func buildFresh(site, out string) (*build.Result, error) {
	folder, err := source.Open(site)
	if err != nil {
		return nil, err
	}
	return build.Build(build.Options{Site: folder, Theme: scrutiny.Theme}, site, out)
}

func buildDir(site, out string) (*build.Result, error) {
	folder, err := source.Open(site)
	if err != nil {
		return nil, err
	}
	return build.Build(build.Options{Site: folder, Theme: scrutiny.Theme, Cache: testCache}, site, out)
}

// TestFailedBuildLeavesOutput checks that a build that fails leaves the
// previous output exactly as it was.
func TestFailedBuildLeavesOutput(t *testing.T) {
	site, out := basicDir(t)
	if _, err := buildDir(site, out); err != nil {
		t.Fatal(err)
	}
	// A file outside the site's files, such as a host's CNAME or a .git
	// folder, must survive too.
	if err := os.MkdirAll(filepath.Join(out, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, ".git", "HEAD"), []byte("ref: refs/heads/main\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	age(t, out)
	before := snapshot(t, out)

	for _, tt := range []struct{ name, file, data string }{
		{"content error", "content/borsetshire/2018-05-14-monitoring-visit.md", "+++\ntitle = \"Broken\"\n"},
		{"link error", "content/about.md", doc([]string{`title = "About"`}, "", "[x](/nowhere/)")},
		{"template error", "layouts/page.html", `{{template "base.html" .}}{{define "main"}}{{.NoSuchField}}{{end}}`},
		{"config error", "site.toml", "title = \"T\"\nbaseURL = \"https://example.gov.uk/inspections/\"\nminify = false\ncolour = \"red\"\n"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(site, filepath.FromSlash(tt.file))
			old, err := os.ReadFile(path)
			if err != nil && !os.IsNotExist(err) {
				t.Fatal(err)
			}
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(tt.data), 0o644); err != nil {
				t.Fatal(err)
			}
			defer func() {
				if old == nil {
					os.Remove(path)
				} else {
					os.WriteFile(path, old, 0o644)
				}
			}()
			if _, err := buildDir(site, out); err == nil {
				t.Fatal("the broken site builds")
			}
			compareSnapshots(t, before, snapshot(t, out))
		})
	}
	if _, err := os.Stat(filepath.Join(out, ".scrutiny-stage")); !os.IsNotExist(err) {
		t.Errorf("a staging folder is left in the output: %v", err)
	}
}

// TestRebuildUnchanged checks that building the same sources again writes
// no file.
func TestRebuildUnchanged(t *testing.T) {
	site, out := basicDir(t)
	first, err := buildDir(site, out)
	if err != nil {
		t.Fatal(err)
	}
	if first.Written != first.Files || first.Files < 50 {
		t.Errorf("first build: %+v, want every file written", first.Stats)
	}
	age(t, out)
	before := snapshot(t, out)
	res, err := buildDir(site, out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Written != 0 || res.Removed != 0 || res.Unchanged != first.Files || res.Files != first.Files {
		t.Errorf("second build: %+v, want %d files, all unchanged", res.Stats, first.Files)
	}
	compareSnapshots(t, before, snapshot(t, out))
}

// TestRebuildShortcut checks the rebuild that finds nothing to do: with
// the sources and the output as the last build left them, it writes
// nothing; a source changed, an output file changed, removed or added,
// and the next build does its whole work again and puts the output right.
func TestRebuildShortcut(t *testing.T) {
	site, out := basicDir(t)
	first, err := buildDir(site, out)
	if err != nil {
		t.Fatal(err)
	}
	page := filepath.Join(out, "borsetshire", "index.html")
	want, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	rebuild := func(what string, written, removed int) {
		t.Helper()
		res, err := buildDir(site, out)
		if err != nil {
			t.Fatal(err)
		}
		if res.Files != first.Files || res.Written != written || res.Removed != removed {
			t.Errorf("%s: %+v, want %d files, %d written, %d removed", what, res.Stats, first.Files, written, removed)
		}
		if nothing := written+removed == 0; res.UpToDate != nothing {
			t.Errorf("%s: the build took itself to be up to date: %t, want %t", what, res.UpToDate, nothing)
		}
	}
	rebuild("nothing changed", 0, 0)
	if snap := snapshot(t, out); len(snap) != first.Files+countDirs(snap) {
		t.Errorf("the output holds %d files and folders, not the site's %d files and their folders", len(snap), first.Files)
	}
	if err := os.WriteFile(page, []byte("edited by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	rebuild("an output file edited", 1, 0)
	if got, _ := os.ReadFile(page); !bytes.Equal(got, want) {
		t.Errorf("the edited page was not put right")
	}
	if err := os.Remove(page); err != nil {
		t.Fatal(err)
	}
	rebuild("an output file removed", 1, 0)
	if err := os.WriteFile(filepath.Join(out, "stray.html"), []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	rebuild("a file added to the output", 0, 1)
	rebuild("nothing changed again", 0, 0)
	intro := filepath.Join(site, "content", "borsetshire", "_index.md")
	src, err := os.ReadFile(intro)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(intro, append(src, "\nA new sentence.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := buildDir(site, out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Written == 0 {
		t.Errorf("a source changed and the build wrote nothing: %+v", res.Stats)
	}
	if got, _ := os.ReadFile(page); !bytes.Contains(got, []byte("A new sentence.")) {
		t.Errorf("the body page lacks the new sentence")
	}
}

// TestRebuildChanges checks that a rebuild writes only what changed, and
// removes what no longer exists.
func TestRebuildChanges(t *testing.T) {
	site, out := basicDir(t)
	if _, err := buildDir(site, out); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(site, "content", "felpersham", "2022-01-10-letter.md")); err != nil {
		t.Fatal(err)
	}
	// A stray file that an older version of the site wrote.
	if err := os.WriteFile(filepath.Join(out, "stale.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	// The host's own files, in a dot folder, are not the site's.
	if err := os.MkdirAll(filepath.Join(out, ".well-known"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, ".well-known", "security.txt"), []byte("Contact: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	age(t, out)
	before := snapshot(t, out)
	res, err := buildDir(site, out)
	if err != nil {
		t.Fatal(err)
	}
	after := snapshot(t, out)
	for _, gone := range []string{
		"felpersham/2022-01-10-letter/index.html",
		"felpersham/2022-01-10-letter/2022-01-10/index.html",
		"felpersham/2022-01-10-letter/2022-01-10/changes/index.html",
		"felpersham/2022-01-10-letter",
		"stale.html",
	} {
		if _, ok := after[gone]; ok {
			t.Errorf("%s is left in the output", gone)
		}
	}
	gone := 0
	for name, st := range before {
		if _, ok := after[name]; !ok && !st.dir {
			gone++
		}
	}
	if got, want := res.Removed, gone; got != want || got < 4 {
		t.Errorf("Removed = %d, want %d, at least the letter's three pages and the stale file", got, want)
	}
	if _, ok := after[".well-known/security.txt"]; !ok {
		t.Errorf("the build removed .well-known/security.txt, which is not the site's")
	}
	// The letter was on the home page, the body's page, the feeds...
	// but a page that does not mention it is not rewritten.
	for _, name := range []string{"borsetshire/2017-03-inspection/index.html", "css/scrutiny.css", "borsetshire/timeline.svg"} {
		if !after[name].mtime.Equal(before[name].mtime) {
			t.Errorf("%s was rewritten, but nothing in it changed", name)
		}
	}
	for _, name := range []string{"felpersham/index.html", "feed.xml", "sitemap.xml"} {
		if bytes.Equal(after[name].data, before[name].data) {
			t.Errorf("%s did not change, but it listed the removed letter", name)
		}
	}
	if got, want := res.Written, 0; got <= want {
		t.Errorf("Written = %d, want some", got)
	}
}

// TestOutputFolderRefused checks that build.Build refuses an output folder
// that holds the site or lies inside its sources, and writes nothing.
func TestOutputFolderRefused(t *testing.T) {
	site, _ := basicDir(t)
	before := snapshot(t, site)
	for _, out := range []string{
		site,
		filepath.Dir(site),
		filepath.Join(site, "content"),
		filepath.Join(site, "content", "public"),
		filepath.Join(site, "content", "borsetshire", "out"),
		filepath.Join(site, "static", "public"),
		filepath.Join(site, "layouts"),
		filepath.Join(site, "."),
		filepath.Join(site, "content", "..", "content", "x"),
	} {
		if _, err := buildDir(site, out); err == nil {
			t.Errorf("Build writes to %s", out)
		}
	}
	compareSnapshots(t, before, snapshot(t, site))
	// The usual public/ inside the site is fine.
	if _, err := buildDir(site, filepath.Join(site, "public")); err != nil {
		t.Errorf("Build refuses public/ in the site: %v", err)
	}
}

// TestBuildOutputInsideSite checks that the site's own public/ folder is
// never read back as a source on the next build.
func TestBuildOutputInsideSite(t *testing.T) {
	site, _ := basicDir(t)
	out := filepath.Join(site, "public")
	first, err := buildDir(site, out)
	if err != nil {
		t.Fatal(err)
	}
	res, err := buildDir(site, out)
	if err != nil {
		t.Fatal(err)
	}
	if res.Files != first.Files || res.Written != 0 {
		t.Errorf("rebuild into the site's public/: %+v, first %+v", res.Stats, first.Stats)
	}
}

// TestAliasesStayInOutput checks that an alias can write only its own
// redirect page, inside the output folder, and never into files that are
// not the site's.
func TestAliasesStayInOutput(t *testing.T) {
	for _, tt := range []struct {
		name  string
		alias string
	}{
		{"dot segments", "/../../etc/x/"},
		{"dot segments naming a file", "/../outside.html"},
		{"encoded dot segments", "/%2e%2e/outside/"},
		{"backslashes", `/..\\..\\outside/`},
		// Regression: an alias could name a path in a dot folder of
		// the output, which the build otherwise leaves alone as not
		// the site's (.git, say): "/.git/config/" replaced the file
		// .git/config with a folder holding a redirect page.
		{"into the output's .git folder", "/.git/config/"},
		{"into the staging folder", "/.scrutiny-stage/x/"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			site := filepath.Join(root, "site")
			out := filepath.Join(root, "out", "public")
			files := errorBase()
			files["content/about.md"] = doc([]string{`title = "About"`, `aliases = ["` + strings.ReplaceAll(tt.alias, `\`, `\\`) + `"]`})
			for name, data := range files {
				p := filepath.Join(site, filepath.FromSlash(name))
				if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			if err := os.MkdirAll(filepath.Join(out, ".git"), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(out, ".git", "config"), []byte("[core]\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			rootBefore := snapshot(t, root)
			_, err := buildDir(site, out)
			if err == nil {
				t.Errorf("alias %s builds", tt.alias)
			} else if _, ok := diag.As(err); !ok {
				t.Errorf("alias %s: error without a position: %v", tt.alias, err)
			}
			after := snapshot(t, root)
			for name, st := range after {
				if _, ok := rootBefore[name]; !ok && !strings.HasPrefix(name, "out/public/") {
					t.Errorf("the build wrote %s, outside the output folder", name)
				}
				_ = st
			}
			if got, err := os.ReadFile(filepath.Join(out, ".git", "config")); err != nil || string(got) != "[core]\n" {
				t.Errorf("the output's .git/config was changed: %q, %v", got, err)
			}
		})
	}
}

// TestOutputClashes checks that two sources that would write the same
// output file are an error of check (build.Load), at the file that causes
// it, not only a failure halfway through writing.
func TestOutputClashes(t *testing.T) {
	for _, tt := range []struct {
		name  string
		files map[string]string
		want  string // the diagnostic's file
	}{
		// Regression: each of these passed build.Load, so "scrutiny
		// check" said there was no problem, and only the build failed,
		// with "two pages of the site write ..." and no file or line.
		{"page and body of the same slug", map[string]string{"content/b.md": doc([]string{`title = "B"`})}, "content/b.md"},
		{"attachment named like the document's page", map[string]string{"content/b/2022-04-01-inspection/index.html": "<p>x</p>"}, "content/b/2022-04-01-inspection/index.html"},
		{"static file named like a page", map[string]string{"static/b/index.html": "<p>x</p>"}, "static/b/index.html"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := errorBase()
			for k, v := range tt.files {
				files[k] = v
			}
			ds, err := loadFiles(t, files)
			if err != nil {
				t.Fatal(err)
			}
			if len(ds) == 0 {
				t.Fatalf("build.Load finds no problem; want one at %s", tt.want)
			}
			if got := ds[0].File; got != tt.want {
				t.Errorf("diagnostic at %s, want %s: %v", got, tt.want, ds)
			}
		})
	}
}

// TestDeterministic builds the basic site several times and compares every
// byte: twice afresh, then on one core, then minified twice.
func TestDeterministic(t *testing.T) {
	first := render(t, readSite(t, "basic"))
	same := func(what string, a, b map[string][]byte) {
		t.Helper()
		if len(a) != len(b) {
			t.Errorf("%s: %d files, then %d", what, len(a), len(b))
		}
		for name, data := range a {
			if !bytes.Equal(data, b[name]) {
				t.Errorf("%s: %s differs", what, name)
			}
		}
	}
	same("second build", first, render(t, readSite(t, "basic")))

	prev := runtime.GOMAXPROCS(1)
	one := render(t, readSite(t, "basic"))
	runtime.GOMAXPROCS(prev)
	same("GOMAXPROCS=1", first, one)

	if prev == 1 {
		runtime.GOMAXPROCS(4)
		defer runtime.GOMAXPROCS(1)
		same("GOMAXPROCS=4", first, render(t, readSite(t, "basic")))
	}

}

// TestDeterministicBuild compares two builds of the minified site through
// build.Build into fresh folders, file by file.
func TestDeterministicBuild(t *testing.T) {
	site, out1 := basicDir(t)
	toml := filepath.Join(site, "site.toml")
	src, err := os.ReadFile(toml)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(toml, bytes.Replace(src, []byte("minify = false"), []byte("minify = true"), 1), 0o644); err != nil {
		t.Fatal(err)
	}
	out2 := filepath.Join(t.TempDir(), "public")
	if _, err := buildDir(site, out1); err != nil {
		t.Fatal(err)
	}
	if _, err := buildDir(site, out2); err != nil {
		t.Fatal(err)
	}
	a, b := snapshot(t, out1), snapshot(t, out2)
	if len(a) != len(b) {
		t.Errorf("%d files, then %d", len(a), len(b))
	}
	for name, st := range a {
		if !bytes.Equal(st.data, b[name].data) {
			t.Errorf("%s differs", name)
		}
	}
	plain := render(t, readSite(t, "basic"))
	if got, unminified := len(a["index.html"].data), len(plain["index.html"]); got >= unminified {
		t.Errorf("minified index.html has %d bytes, unminified %d", got, unminified)
	}
}

// TestOutputFolderThroughSymlink checks that an output folder that is a
// symbolic link to the site, or to its content/, is refused like the folder
// itself.
//
// Regression: the check compared absolute paths without resolving links,
// so the build wrote its pages into content/ (which then failed the next
// build), or, for a link to the site, could remove the site's files as
// stale.
func TestOutputFolderThroughSymlink(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	for _, tt := range []struct{ name, target, slash string }{
		{"link to content", "content", ""},
		{"link to the site", ".", ""},
		// With a final slash, the link is followed when stale files are
		// removed: every source of the site is stale.
		{"link to the site, with a final slash", ".", string(filepath.Separator)},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site, _ := basicDir(t)
			before := snapshot(t, site)
			link := filepath.Join(t.TempDir(), "public")
			if err := os.Symlink(filepath.Join(site, tt.target), link); err != nil {
				t.Fatal(err)
			}
			if _, err := buildDir(site, link+tt.slash); err == nil {
				t.Errorf("Build writes to %s, a link to %s", link, tt.target)
			}
			after := snapshot(t, site)
			var added, changed []string
			for name, st := range after {
				if old, ok := before[name]; !ok {
					added = append(added, name)
				} else if !bytes.Equal(old.data, st.data) {
					changed = append(changed, name)
				}
			}
			for name := range before {
				if _, ok := after[name]; !ok {
					changed = append(changed, name)
				}
			}
			sort.Strings(added)
			sort.Strings(changed)
			if len(added) > 0 || len(changed) > 0 {
				t.Errorf("the build added %d files to the site %q and changed or removed %d: %q", len(added), first(added), len(changed), first(changed))
			}
		})
	}
}

// first is the first few of names, for a message.
func first(names []string) []string {
	if len(names) > 3 {
		return names[:3]
	}
	return names
}

// TestBuildStreams checks that a one-shot build, which lets each
// document's text and HTML go once converted and makes them again as the
// pages render, writes the very files a build that keeps them all makes.
func TestBuildStreams(t *testing.T) {
	for _, name := range []string{"basic", "plan", "versions"} {
		t.Run(name, func(t *testing.T) {
			fsys := readSite(t, name)
			site, out := writeDir(t, mapFiles(fsys)), filepath.Join(t.TempDir(), "public")
			if _, err := buildDir(site, out); err != nil {
				t.Fatal(err)
			}
			want := render(t, fsys)
			for file, data := range want {
				got, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(file)))
				if err != nil {
					t.Errorf("%s: %v", file, err)
					continue
				}
				if !bytes.Equal(got, data) {
					t.Errorf("%s differs from the build that keeps every text:\n%s", file, firstDiff(data, got))
				}
			}
		})
	}
}

func countDirs(snap map[string]fileState) int {
	n := 0
	for _, st := range snap {
		if st.dir {
			n++
		}
	}
	return n
}
