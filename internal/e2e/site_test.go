package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"scrutiny"
	"scrutiny/internal/build"
)

// root is the repository's root folder: the example site, and .ci/.
var root = func() string {
	r, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		panic(err)
	}
	return r
}()

// A site is the example site, built into Dir and served at URL.
type site struct {
	Dir string // the built site
	URL string // its address, ending in "/"
	srv *httptest.Server
}

var (
	siteOnce, planOnce sync.Once
	theSite, thePlan   *site
	siteErr, planErr   error
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, s := range []*site{theSite, thePlan} {
		if s != nil {
			s.srv.Close()
			os.RemoveAll(s.Dir)
		}
	}
	os.Exit(code)
}

// builtSite builds and serves the example site the first time a test asks
// for it, and hands every later test the same one.
func builtSite(t *testing.T) *site {
	t.Helper()
	siteOnce.Do(func() { theSite, siteErr = buildSite("the example site", root) })
	if siteErr != nil {
		t.Fatalf("building the example site: %v", siteErr)
	}
	return theSite
}

// planSite builds and serves the fictional plan site of
// testdata/sites/plan.txtar: the example site carries only the actions the
// seeds give (none), so the plan pages' tables and charts are seen here.
func planSite(t *testing.T) *site {
	t.Helper()
	planOnce.Do(func() {
		var dir string
		if dir, planErr = os.MkdirTemp("", "scrutiny-e2e-plan-"); planErr != nil {
			return
		}
		archive, err := txtar.ParseFile(filepath.Join(root, "testdata", "sites", "plan.txtar"))
		if err != nil {
			planErr = err
			return
		}
		for _, f := range archive.Files {
			name := filepath.Join(dir, filepath.FromSlash(f.Name))
			if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
				planErr = err
				return
			}
			if err := os.WriteFile(name, f.Data, 0o644); err != nil {
				planErr = err
				return
			}
		}
		thePlan, planErr = buildSite("the plan site", dir)
	})
	if planErr != nil {
		t.Fatalf("building the plan site: %v", planErr)
	}
	return thePlan
}

// buildSite builds the site in src into a new temporary folder. It starts
// the server first, so that the site is built with the address it is
// served at: links, feeds and the sitemap then resolve.
func buildSite(name, src string) (*site, error) {
	dir, err := os.MkdirTemp("", "scrutiny-e2e-")
	if err != nil {
		return nil, err
	}
	srv := httptest.NewServer(fileServer(dir))
	s := &site{Dir: dir, URL: srv.URL + "/", srv: srv}
	start := time.Now()
	opt := build.Options{Site: os.DirFS(src), Theme: scrutiny.Theme, BaseURL: s.URL}
	if _, err := build.Build(opt, src, dir); err != nil {
		srv.Close()
		os.RemoveAll(dir)
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "e2e: built %s in %v, serving it at %s\n", name, time.Since(start).Round(time.Millisecond), s.URL)
	return s, nil
}

// fileServer serves dir as a static host would: a folder's index.html at
// its address, and 404.html with status 404 for anything missing.
func fileServer(dir string) http.Handler {
	files := http.FileServer(http.Dir(dir))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := filepath.Join(dir, filepath.FromSlash(path.Clean("/"+r.URL.Path)))
		if fi, err := os.Stat(name); err == nil && (!fi.IsDir() || isFile(filepath.Join(name, "index.html"))) {
			files.ServeHTTP(w, r)
			return
		}
		page, err := os.ReadFile(filepath.Join(dir, "404.html"))
		if err != nil {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(page)
	})
}

func isFile(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.Mode().IsRegular()
}

func isDir(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && fi.IsDir()
}

// file is the built file an address of the site is served from, or "" if
// the address is not the site's or nothing is built there.
func (s *site) file(addr string) string {
	u, err := url.Parse(addr)
	if err != nil {
		return ""
	}
	base, _ := url.Parse(s.URL)
	u = base.ResolveReference(u)
	if u.Scheme != base.Scheme || u.Host != base.Host {
		return ""
	}
	name := filepath.Join(s.Dir, filepath.FromSlash(path.Clean("/"+u.Path)))
	if strings.HasSuffix(u.Path, "/") || isDir(name) {
		name = filepath.Join(name, "index.html")
	}
	if !isFile(name) {
		return ""
	}
	return name
}

// internal reports whether addr, resolved, is an address of the site.
func (s *site) internal(addr string) bool {
	u, err := url.Parse(addr)
	if err != nil {
		return false
	}
	base, _ := url.Parse(s.URL)
	u = base.ResolveReference(u)
	return u.Scheme == base.Scheme && u.Host == base.Host
}

// A page is one address to check in the browser, with a short name for its
// screenshots.
type page struct {
	Name, Path string
}

var datedDir = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// subdirs lists the folders in dir that hold an index.html, sorted.
func subdirs(dir string) []string {
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		if e.IsDir() && isFile(filepath.Join(dir, e.Name(), "index.html")) {
			names = append(names, e.Name())
		}
	}
	return names
}

// bodies lists the inspected bodies of the built site: the top folders
// with a feed of their own.
func (s *site) bodies() []string {
	var out []string
	for _, name := range subdirs(s.Dir) {
		if isFile(filepath.Join(s.Dir, name, "feed.xml")) {
			out = append(out, name)
		}
	}
	return out
}

// documents lists a body's documents: its folders that hold versions.
func (s *site) documents(body string) []string {
	var out []string
	for _, name := range subdirs(filepath.Join(s.Dir, body)) {
		if len(s.versions(body, name)) > 0 {
			out = append(out, name)
		}
	}
	return out
}

// versions lists a document's version folders, oldest first.
func (s *site) versions(body, doc string) []string {
	var out []string
	for _, name := range subdirs(filepath.Join(s.Dir, body, doc)) {
		if datedDir.MatchString(name) {
			out = append(out, name)
		}
	}
	return out
}

var timelineLink = regexp.MustCompile(`(?s)<figure[^>]*class="?timeline.*?<svg.*?<a\s[^>]*href=`)

// body is the body whose pages the browser tests visit: Gloucestershire,
// the README's own example, when it has a timeline with links, or else the
// first body that has one.
func (s *site) body() string {
	bodies := s.bodies()
	if i := slices.Index(bodies, "gloucestershire"); i > 0 {
		bodies = append([]string{"gloucestershire"}, slices.Delete(bodies, i, i+1)...)
	}
	for _, b := range bodies {
		html, _ := os.ReadFile(filepath.Join(s.Dir, b, "index.html"))
		if timelineLink.Match(html) {
			return b
		}
	}
	return ""
}

// pages picks one page of every kind the site has, rather than every page:
// the example site holds hundreds, and a browser takes seconds over each.
// A kind every site has is an error when missing.
func (s *site) pages(t *testing.T) []page {
	t.Helper()
	var out []page
	add := func(name, p string, required bool) {
		if s.file(p) == "" {
			if required {
				t.Errorf("no %s page was built at %s", name, p)
			}
			return
		}
		out = append(out, page{name, p})
	}
	add("home", "/", true)
	body := s.body()
	if body == "" {
		t.Errorf("no body's page has a timeline with links")
	} else {
		add("body", "/"+body+"/", true)
		add("embed", "/"+body+"/embed/", true)
		docs := s.documents(body)
		// The newest document with judgements shows the most of the
		// document template.
		doc := ""
		for i := len(docs) - 1; i >= 0 && doc == ""; i-- {
			html, _ := os.ReadFile(filepath.Join(s.Dir, body, docs[i], "index.html"))
			if bytes.Contains(html, []byte(`id="judgements"`)) || bytes.Contains(html, []byte(`id=judgements`)) {
				doc = docs[i]
			}
		}
		if doc == "" && len(docs) > 0 {
			doc = docs[len(docs)-1]
		}
		if doc == "" {
			t.Errorf("body %s has no documents", body)
		} else {
			add("document", "/"+body+"/"+doc+"/", true)
		}
		// An older version, and what changed in the version after it,
		// from the first document with more than one version, if any.
		changes := ""
		for _, b := range append([]string{body}, s.bodies()...) {
			for _, d := range s.documents(b) {
				if v := s.versions(b, d); len(v) > 1 && changes == "" {
					add("older-version", "/"+b+"/"+d+"/"+v[0]+"/", true)
					changes = "/" + b + "/" + d + "/" + v[1] + "/changes/"
				}
			}
		}
		if changes == "" && doc != "" {
			v := s.versions(body, doc)
			changes = "/" + body + "/" + doc + "/" + v[len(v)-1] + "/changes/"
			t.Logf("no document has more than one version: checking %s", changes)
		}
		if changes != "" {
			add("changes", changes, true)
		}
	}
	plain, _ := filepath.Glob(filepath.Join(root, "content", "*.md"))
	for _, p := range plain {
		name := strings.TrimSuffix(filepath.Base(p), ".md")
		if name != "_index" {
			add("page-"+name, "/"+name+"/", true)
		}
	}
	types := subdirs(filepath.Join(s.Dir, "types"))
	if slices.Contains(types, "inspection") {
		add("type", "/types/inspection/", true)
	} else if len(types) > 0 {
		add("type", "/types/"+types[0]+"/", true)
	} else {
		t.Errorf("no type's list was built under /types/")
	}
	add("types", "/types/", true)
	add("judgements", "/judgements/", true)
	add("by-region", "/judgements/by-region/", true)
	add("by-grade", "/judgements/by-grade/", false)
	if regions := subdirs(filepath.Join(s.Dir, "judgements", "region")); len(regions) > 0 {
		add("region", "/judgements/region/"+regions[0]+"/", true)
	} else {
		t.Errorf("no region's page was built under /judgements/region/")
	}
	add("history", "/changes/", true)
	add("search", "/search/", true)
	// Results, with the passages they quote: the page's script fetches
	// them before the network is idle, when the screenshot is taken.
	if body != "" {
		_, word := quoteTarget(t, s)
		add("search-results", "/search/?q="+url.QueryEscape(word), true)
	}
	add("404", "/404.html", true)
	return out
}

// artefacts is the folder for files CI keeps: SCRUTINY_ARTEFACTS, relative
// to the repository root, or .ci/artefacts.
func artefacts(t *testing.T, sub string) string {
	t.Helper()
	dir := os.Getenv("SCRUTINY_ARTEFACTS")
	if dir == "" {
		dir = filepath.Join(".ci", "artefacts")
	}
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, dir)
	}
	dir = filepath.Join(dir, sub)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// skipVar names the variable that skips the tests whose programs are
// missing, for a machine that cannot have them.
const skipVar = "SCRUTINY_SKIP_BROWSER"

// missing stops a test that lacks an outside program. It fails, saying
// what to install: a skip shows only under go test -v, and a run that says
// "ok" while the browser and validator checks never ran would pass a page
// that breaks them. Only an explicit SCRUTINY_SKIP_BROWSER=1 skips.
func missing(t *testing.T, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv(skipVar) == "1" {
		t.Skipf("%s (skipped: %s=1)", msg, skipVar)
	}
	t.Fatalf("%s\n\tbash .ci/run installs every program these tests need (Debian packages and npm ci --prefix .ci --ignore-scripts);\n\tto skip the tests that need them instead, set %s=1", msg, skipVar)
}

// program finds a program on PATH, or stops the test.
func program(t *testing.T, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		missing(t, "%s is not installed: %s", name, install)
	}
	return p
}

// ciFile is a file installed under .ci/node_modules, or stops the test.
func ciFile(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(root, ".ci", "node_modules", filepath.FromSlash(rel))
	if !isFile(p) {
		missing(t, "%s is missing: run npm ci --prefix .ci --ignore-scripts", filepath.Join(".ci", "node_modules", rel))
	}
	return p
}

// browser checks for everything the browser scripts need, and returns the
// environment to run them with.
func browser(t *testing.T) []string {
	t.Helper()
	program(t, "node", "install Node.js 20 or later")
	ciFile(t, "playwright-core/package.json")
	ciFile(t, "axe-core/axe.min.js")
	chromium := os.Getenv("SCRUTINY_CHROMIUM")
	if chromium == "" {
		chromium = "/usr/bin/chromium"
	}
	if !isFile(chromium) {
		missing(t, "%s is not installed: apt-get install chromium (or name a Chromium with SCRUTINY_CHROMIUM)", chromium)
	}
	return append(os.Environ(), "SCRUTINY_CI_DIR="+filepath.Join(root, ".ci"), "SCRUTINY_CHROMIUM="+chromium)
}

// run runs a program for at most limit and returns its standard output; a
// failure to start or a time-out stops the test, with what it printed.
// Its exit status is returned, for programs that report findings by it.
func run(t *testing.T, limit time.Duration, env []string, name string, args ...string) (stdout, stderr []byte, status int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	defer cancel()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Env = env
	cmd.WaitDelay = 5 * time.Second
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s %s: %v", filepath.Base(name), strings.Join(shorten(args), " "), time.Since(start).Round(time.Millisecond))
	var exit *exec.ExitError
	switch {
	case ctx.Err() != nil:
		t.Fatalf("%s did not finish in %v\nstderr:\n%s", name, limit, errb.Bytes())
	case errors.As(err, &exit):
		return out.Bytes(), errb.Bytes(), exit.ExitCode()
	case err != nil:
		t.Fatalf("%s: %v", name, err)
	}
	return out.Bytes(), errb.Bytes(), 0
}

// shorten keeps a logged command line readable.
func shorten(args []string) []string {
	if len(args) <= 6 {
		return args
	}
	return append(slices.Clip(args[:5]), fmt.Sprintf("…(%d more)", len(args)-5))
}

// chromium lets one browser script run at a time: each starts its own
// Chromium, and two at once on a two-core CI machine only make both slow
// enough to time out.
var chromium sync.Mutex

// script runs one of testdata's Node scripts and decodes the JSON it
// prints into v.
func script(t *testing.T, env []string, v any, name string, args ...string) {
	t.Helper()
	chromium.Lock()
	defer chromium.Unlock()
	out, errb, status := run(t, 6*time.Minute, env, "node", append([]string{filepath.Join("testdata", name)}, args...)...)
	if status != 0 {
		t.Fatalf("node %s failed (exit status %d):\n%s", name, status, errb)
	}
	if err := json.Unmarshal(out, v); err != nil {
		t.Fatalf("node %s printed no JSON record: %v\nstdout:\n%s\nstderr:\n%s", name, err, out, errb)
	}
}

// htmlFiles lists every built HTML page, as slash paths from the site's
// root.
func (s *site) htmlFiles(t *testing.T) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(s.Dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(s.Dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
