package main

import (
	"bytes"
	"context"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"scrutiny/internal/source/sourcetest"
)

// marker is in every file outside the site: wherever it shows up in a
// build's output or messages, the build read a file it must not read.
const marker = "OUTSIDE-7f3c9a"

// outside writes, beside a site folder, the files a hostile site would
// reach for: a document, a plain file, a template and a site.toml, each
// holding marker.
func outside(t *testing.T, root string) {
	t.Helper()
	dir := filepath.Join(root, "outside")
	write(t, filepath.Join(dir, "secret.txt"), marker+"\n")
	write(t, filepath.Join(dir, "secret.md"), "+++\ntitle = \""+marker+"\"\ntype = \"letter\"\ndate = 2022-01-01\n+++\n\n"+marker+"\n")
	write(t, filepath.Join(dir, "footer.html"), "<footer>"+marker+"</footer>\n")
	write(t, filepath.Join(dir, "site.toml"), "title = \""+marker+"\"\nbaseURL = \"https://example.org/\"\n")
}

// shapeSite writes the basic site into site/ of a new temporary folder,
// and the files of outside beside it, and returns both folders.
func shapeSite(t *testing.T) (root, dir string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and named pipes need a Unix file system")
	}
	root = t.TempDir()
	dir = filepath.Join(root, "site")
	src := site(t)
	if err := os.Rename(src, dir); err != nil {
		t.Fatal(err)
	}
	outside(t, root)
	return root, dir
}

// link makes the symbolic link name (a slash path in the site dir)
// pointing to target; "$ROOT" in target stands for root.
func link(t *testing.T, root, dir, name, target string) {
	t.Helper()
	symlink(t, filepath.FromSlash(strings.ReplaceAll(target, "$ROOT", root)), filepath.Join(dir, filepath.FromSlash(name)))
}

// fifo makes a named pipe at name in the site dir.
func fifo(t *testing.T, dir, name string) {
	t.Helper()
	sourcetest.FIFO(t, filepath.Join(dir, filepath.FromSlash(name)))
}

// socket makes a Unix socket at name in the site dir, listening until the
// test ends.
func socket(t *testing.T, dir, name string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("unix", p)
	if err != nil {
		t.Skipf("no Unix socket here: %v", err)
	}
	t.Cleanup(func() { ln.Close() })
}

// limit is how long a build of the small test site may take before the
// test calls it hung.
const limit = 10 * time.Second

// runLimited runs the command like runCmd, failing the test if it does
// not end within limit.
func runLimited(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	type result struct {
		code           int
		stdout, stderr string
	}
	done := make(chan result, 1)
	go func() {
		var stdout, stderr bytes.Buffer
		code := run(context.Background(), args, &stdout, &stderr)
		done <- result{code, stdout.String(), stderr.String()}
	}()
	select {
	case r := <-done:
		return r.code, r.stdout, r.stderr
	case <-time.After(limit):
		t.Fatalf("scrutiny %s did not end within %v", strings.Join(args, " "), limit)
		return 0, "", ""
	}
}

// noMarker fails the test if any file under dir holds marker.
func noMarker(t *testing.T, what, dir string) {
	t.Helper()
	if _, err := os.Stat(dir); err != nil {
		return // nothing was written
	}
	var leaked []string
	for name, data := range files(t, dir) {
		if strings.Contains(data, marker) {
			leaked = append(leaked, name)
		}
	}
	if len(leaked) > 0 {
		slices.Sort(leaked)
		t.Errorf("%s: %d files hold a file from outside the site, such as %s", what, len(leaked), leaked[0])
	}
}

// TestLinksStayInSite checks that no symbolic link, however reached,
// makes build or check read a file outside the site, and that each such
// link is an error naming it and where it leads.
func TestLinksStayInSite(t *testing.T) {
	const att = "content/borsetshire/2019-06-28-inspection/"
	for _, tt := range []struct {
		name  string
		links [][2]string // name in the site, target
		want  string      // the file the error names
	}{
		{"chain through a dot folder of a document", [][2]string{{att + ".d", "$ROOT/outside"}, {att + "passwd.txt", ".d/secret.txt"}}, att + "passwd.txt"},
		{"chain through a dot folder at the root", [][2]string{{".d", "$ROOT/outside"}, {att + "passwd.txt", "../../../.d/secret.txt"}}, att + "passwd.txt"},
		{"document through a dot folder at the root", [][2]string{{".d", "../outside"}, {"content/borsetshire/2022-01-01-letter.md", "../../.d/secret.md"}}, "content/borsetshire/2022-01-01-letter.md"},
		{"static chain through a dot folder", [][2]string{{"static/.d", "../../outside"}, {"static/passwd.txt", ".d/secret.txt"}}, "static/passwd.txt"},
		{"static chain through a link inside", [][2]string{{"static/a.txt", "b.txt"}, {"static/b.txt", "$ROOT/outside/secret.txt"}}, "static/a.txt"},
		{"layout", [][2]string{{"layouts/partials/footer.html", "$ROOT/outside/footer.html"}}, "layouts/partials/footer.html"},
		{"layout through a dot folder", [][2]string{{".d", "$ROOT/outside"}, {"layouts/partials/footer.html", "../../.d/footer.html"}}, "layouts/partials/footer.html"},
		{"site.toml", [][2]string{{"site.toml.real", "site.toml"}}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root, dir := shapeSite(t)
			if tt.name == "site.toml" {
				// The site's own site.toml is replaced by a link to one outside.
				if err := os.Remove(filepath.Join(dir, "site.toml")); err != nil {
					t.Fatal(err)
				}
				link(t, root, dir, "site.toml", "$ROOT/outside/site.toml")
				tt.want = "site.toml"
			} else {
				for _, l := range tt.links {
					link(t, root, dir, l[0], l[1])
				}
			}
			out := filepath.Join(root, "public")
			for _, cmd := range [][]string{{"check", "-s", dir}, {"build", "-s", dir, "-d", out}} {
				code, stdout, stderr := runLimited(t, cmd...)
				if code != 1 {
					t.Errorf("scrutiny %s = %d, want 1; stdout %q", cmd[0], code, stdout)
				}
				file := filepath.ToSlash(filepath.Join(dir, tt.want)) + ":"
				if !strings.Contains(stderr, file) || !strings.Contains(stderr, "leads outside the site") || !strings.Contains(stderr, filepath.ToSlash(filepath.Join(root, "outside"))) {
					t.Errorf("scrutiny %s: stderr =\n%s\nwant %s ... leads outside the site, to where", cmd[0], stderr, file)
				}
				if strings.Contains(stdout+stderr, marker) {
					t.Errorf("scrutiny %s printed a file from outside the site:\n%s%s", cmd[0], stdout, stderr)
				}
			}
			noMarker(t, "build", out)
		})
	}
}

// TestLinksInsideSite checks that links which stay inside the site are
// followed, wherever the site is and however it is reached.
func TestLinksInsideSite(t *testing.T) {
	root, dir := shapeSite(t)
	write(t, filepath.Join(dir, "static", ".keep", "kept.txt"), "kept\n")
	link(t, root, dir, "static/kept.txt", ".keep/kept.txt")
	link(t, root, dir, "static/crest-copy.svg", "img/crest.svg")
	link(t, root, dir, "content/borsetshire/2019-06-28-inspection/kept.txt", "../../../static/kept.txt")
	// The site folder itself reached through a link.
	via := filepath.Join(root, "via")
	if err := os.Symlink(dir, via); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "public")
	code, _, stderr := runLimited(t, "build", "-s", via, "-d", out)
	if code != 0 {
		t.Fatalf("build = %d:\n%s", code, stderr)
	}
	for _, name := range []string{"kept.txt", "borsetshire/2019-06-28-inspection/kept.txt"} {
		if data, err := os.ReadFile(filepath.Join(out, filepath.FromSlash(name))); err != nil || string(data) != "kept\n" {
			t.Errorf("%s = %q, %v; want the linked file", name, data, err)
		}
	}
}

// TestSpecialFiles checks that a named pipe or a socket among the sources
// is an error naming it and what it is, that all of them are reported in
// one run, and that neither build nor check waits on one.
func TestSpecialFiles(t *testing.T) {
	for _, tt := range []struct {
		name  string
		make  func(t *testing.T, root, dir string)
		wants []string // files the errors name, each with "named pipe" or "socket"
	}{
		{"everywhere at once", func(t *testing.T, root, dir string) {
			fifo(t, dir, "content/borsetshire/2021-01-01-letter.md")
			fifo(t, dir, "content/borsetshire/2019-06-28-inspection/pipe.pdf")
			fifo(t, dir, "static/css/pipe.css")
			fifo(t, dir, "layouts/partials/pipe.html")
		}, []string{"content/borsetshire/2021-01-01-letter.md", "content/borsetshire/2019-06-28-inspection/pipe.pdf", "static/css/pipe.css", "layouts/partials/pipe.html"}},
		{"a layout in place of the theme's", func(t *testing.T, root, dir string) {
			fifo(t, dir, "layouts/partials/footer.html")
		}, []string{"layouts/partials/footer.html"}},
		{"a link to a pipe", func(t *testing.T, root, dir string) {
			fifo(t, dir, "static/.pipe")
			link(t, root, dir, "static/piped.txt", ".pipe")
		}, []string{"static/piped.txt"}},
		{"site.toml", func(t *testing.T, root, dir string) {
			if err := os.Remove(filepath.Join(dir, "site.toml")); err != nil {
				t.Fatal(err)
			}
			fifo(t, dir, "site.toml")
		}, []string{"site.toml"}},
		{"a socket", func(t *testing.T, root, dir string) {
			socket(t, dir, "static/s")
		}, []string{"static/s"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root, dir := shapeSite(t)
			out := filepath.Join(root, "public")
			tt.make(t, root, dir)
			for _, cmd := range [][]string{{"check", "-s", dir}, {"build", "-s", dir, "-d", out}} {
				code, _, stderr := runLimited(t, cmd...)
				if code != 1 {
					t.Errorf("scrutiny %s = %d, want 1", cmd[0], code)
				}
				for _, w := range tt.wants {
					file := filepath.ToSlash(filepath.Join(dir, w)) + ":"
					found := false
					for _, line := range strings.Split(stderr, "\n") {
						found = found || strings.HasPrefix(line, file) && (strings.Contains(line, "named pipe") || strings.Contains(line, "socket"))
					}
					if !found {
						t.Errorf("scrutiny %s: stderr =\n%s\nwant a line %s ... named pipe (or socket)", cmd[0], stderr, file)
					}
				}
			}
		})
	}
}

// shapeLocations are the places of a site where the shapes of
// TestFileShapes are put: every kind of source the build reads. A name
// ending in "/" is a folder.
var shapeLocations = []string{
	"site.toml",
	"content/b/2022-03-01-letter.md",
	"content/b/2022-01-01-letter/x.txt",
	"content/c/",
	"static/x.txt",
	"static/x/",
	"layouts/partials/footer.html",
	"layouts/page.html",
}

// A shape is one file-system shape put at a location: make builds it,
// given the site folder, the location's path and the file outside the site
// that fits the location (a document for a document, a folder for a
// folder). want is what the build must say: "leads outside the site",
// "named pipe", or "" for anything but reading outside the site.
type shape struct {
	name string
	want string
	make func(t *testing.T, dir, p, secret string)
}

// rel is target relative to the folder of the link p.
func rel(t *testing.T, p, target string) string {
	t.Helper()
	r, err := filepath.Rel(filepath.Dir(p), target)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// symlink makes the symbolic link p pointing to target, and p's folder.
func symlink(t *testing.T, target, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(target, p); err != nil {
		t.Fatal(err)
	}
}

var shapes = []shape{
	{"absolute link", "leads outside the site", func(t *testing.T, dir, p, secret string) {
		symlink(t, secret, p)
	}},
	{"relative link", "leads outside the site", func(t *testing.T, dir, p, secret string) {
		symlink(t, rel(t, p, secret), p)
	}},
	{"through a dot folder at the root", "leads outside the site", func(t *testing.T, dir, p, secret string) {
		symlink(t, filepath.Dir(secret), filepath.Join(dir, ".d"))
		symlink(t, rel(t, p, filepath.Join(dir, ".d", filepath.Base(secret))), p)
	}},
	{"through a dot folder beside it", "leads outside the site", func(t *testing.T, dir, p, secret string) {
		symlink(t, rel(t, p, filepath.Dir(secret)), filepath.Join(filepath.Dir(p), ".d"))
		symlink(t, filepath.Join(".d", filepath.Base(secret)), p)
	}},
	{"through a second link", "leads outside the site", func(t *testing.T, dir, p, secret string) {
		symlink(t, secret, filepath.Join(filepath.Dir(p), ".hop"))
		symlink(t, ".hop", p)
	}},
	{"under a linked folder", "leads outside the site", func(t *testing.T, dir, p, secret string) {
		// The location's folder is itself a link out of the site, to a
		// copy of the secret under the location's name.
		outsideDir := filepath.Join(filepath.Dir(filepath.Dir(secret)), "mirror", filepath.Base(filepath.Dir(p)))
		if err := os.MkdirAll(outsideDir, 0o755); err != nil {
			t.Fatal(err)
		}
		symlink(t, secret, filepath.Join(outsideDir, filepath.Base(p)))
		if filepath.Dir(p) == dir {
			symlink(t, secret, p) // the site folder itself is not a source
			return
		}
		if err := os.RemoveAll(filepath.Dir(p)); err != nil {
			t.Fatal(err)
		}
		symlink(t, outsideDir, filepath.Dir(p))
	}},
	{"named pipe", "named pipe", func(t *testing.T, dir, p, secret string) {
		fifo(t, filepath.Dir(p), filepath.Base(p))
	}},
	{"link to a named pipe", "named pipe", func(t *testing.T, dir, p, secret string) {
		fifo(t, dir, ".pipe")
		symlink(t, rel(t, p, filepath.Join(dir, ".pipe")), p)
	}},
	{"link to nowhere", "", func(t *testing.T, dir, p, secret string) {
		symlink(t, "nowhere", p)
	}},
	{"link to itself", "", func(t *testing.T, dir, p, secret string) {
		symlink(t, filepath.Base(p), p)
	}},
	{"the other of file and folder", "", func(t *testing.T, dir, p, secret string) {
		if info, err := os.Stat(secret); err == nil && info.IsDir() {
			write(t, p, "a file where a folder belongs\n")
			return
		}
		write(t, filepath.Join(p, "inside.txt"), "a folder where a file belongs\n")
	}},
	{"link inside the site", "", func(t *testing.T, dir, p, secret string) {
		inside := filepath.Join(dir, ".inside", filepath.Base(secret))
		copyTree(t, secret, inside)
		symlink(t, rel(t, p, inside), p)
	}},
}

// copyTree copies the file or folder from to to, with marker taken out,
// so that a copy inside the site is not mistaken for a leak.
func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		r, _ := filepath.Rel(from, p)
		write(t, filepath.Join(to, r), strings.ReplaceAll(string(data), marker, "inside"))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestFileShapes builds a small site with each shape at each location and
// holds every build to the rule that nothing outside the site is read:
// the marker of the files outside appears in no output file and no
// message, and no build waits for ever.
func TestFileShapes(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and named pipes need a Unix file system")
	}
	for _, loc := range shapeLocations {
		for _, sh := range shapes {
			t.Run(loc+"/"+sh.name, func(t *testing.T) {
				t.Parallel()
				root := t.TempDir()
				dir := filepath.Join(root, "site")
				for name, data := range smallSite {
					write(t, filepath.Join(dir, filepath.FromSlash(name)), data)
				}
				secret := outsideFor(t, root, loc)
				p := filepath.Join(dir, filepath.FromSlash(strings.TrimSuffix(loc, "/")))
				if loc == "site.toml" {
					if err := os.Remove(p); err != nil {
						t.Fatal(err)
					}
				}
				sh.make(t, dir, p, secret)
				out := filepath.Join(root, "public")
				code, stdout, stderr := runLimited(t, "build", "-s", dir, "-d", out)
				if strings.Contains(stdout+stderr, marker) {
					t.Errorf("the build printed a file from outside the site:\n%s%s", stdout, stderr)
				}
				noMarker(t, "build", out)
				if sh.want != "" && (code != 1 || !strings.Contains(stderr, sh.want)) {
					t.Errorf("build = %d, want 1 and a message that the file %s:\n%s", code, sh.want, stderr)
				}
				if sh.want == "" && strings.Contains(stderr, "leads outside the site") {
					t.Errorf("a shape inside the site is said to lead outside it:\n%s", stderr)
				}
			})
		}
	}
}

// smallSite is the least site with a source of every kind.
var smallSite = map[string]string{
	"site.toml":                         "title = \"Shapes\"\nbaseURL = \"https://example.org/\"\n",
	"content/b/_index.md":               "+++\nname = \"B\"\n+++\n",
	"content/b/2022-01-01-letter.md":    "+++\ntitle = \"Letter\"\ntype = \"letter\"\ndate = 2022-01-01\n+++\n\nText.\n",
	"content/b/2022-01-01-letter/a.txt": "an attachment\n",
	"static/ok.txt":                     "ok\n",
}

// outsideFor writes beside the site the file or folder outside it that
// fits loc, each holding marker, and returns its path.
func outsideFor(t *testing.T, root, loc string) string {
	t.Helper()
	dir := filepath.Join(root, "outside")
	switch {
	case strings.HasSuffix(loc, "/"):
		body := filepath.Join(dir, "folder")
		write(t, filepath.Join(body, "_index.md"), "+++\nname = \""+marker+"\"\n+++\n")
		write(t, filepath.Join(body, "2022-01-01-letter.md"), "+++\ntitle = \""+marker+"\"\ntype = \"letter\"\ndate = 2022-01-01\n+++\n\n"+marker+"\n")
		write(t, filepath.Join(body, "secret.txt"), marker+"\n")
		return body
	case strings.HasSuffix(loc, ".md"):
		p := filepath.Join(dir, "secret.md")
		write(t, p, "+++\ntitle = \""+marker+"\"\ntype = \"letter\"\ndate = 2022-01-01\n+++\n\n"+marker+"\n")
		return p
	case strings.HasSuffix(loc, ".toml"):
		p := filepath.Join(dir, "site.toml")
		write(t, p, "title = \""+marker+"\"\nbaseURL = \"https://example.org/\"\n")
		return p
	}
	p := filepath.Join(dir, "secret.txt")
	write(t, p, marker+"\n")
	return p
}
