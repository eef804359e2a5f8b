package serve

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/tools/txtar"

	"scrutiny"
)

// patience is how long a test waits for an edit to be served.
const patience = 5 * time.Second

// writeSite writes testdata/site.txtar into a new temporary folder.
func writeSite(t testing.TB) string {
	t.Helper()
	a, err := txtar.ParseFile(filepath.Join("testdata", "site.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		write(t, dir, f.Name, string(f.Data))
	}
	return dir
}

func write(t testing.TB, dir, name, text string) {
	t.Helper()
	p := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// logWriter sends the server's terminal output to the test's log, and
// keeps it for tests to read.
type logWriter struct {
	t   testing.TB
	mu  sync.Mutex
	all strings.Builder
}

func (w *logWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSuffix(string(p), "\n"))
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.all.Write(p)
}

func (w *logWriter) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.all.String()
}

// start serves the site in dir on a free port until the test ends, and
// returns the server and the address of its host ("http://127.0.0.1:N").
func start(t testing.TB, dir string, poll bool) (*Server, string) {
	t.Helper()
	return startWith(t, Options{Dir: dir, Poll: poll})
}

// startWith is start with more options.
func startWith(t testing.TB, opt Options) (*Server, string) {
	t.Helper()
	log := &logWriter{t: t}
	opt.Theme, opt.Addr, opt.Out, opt.Err = scrutiny.Theme, "127.0.0.1:0", log, log
	if _, ok := t.(*testing.B); ok {
		opt.Out = io.Discard // a line per edit
	}
	s, err := New(opt)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve: %v", err)
			}
		case <-time.After(patience):
			t.Errorf("Serve did not return after its context was cancelled")
		}
	})
	return s, "http://" + s.host
}

type response struct {
	status int
	ctype  string
	body   string
}

func get(t testing.TB, url string) response {
	t.Helper()
	client := &http.Client{
		Timeout:       patience,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	resp, err := client.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{resp.StatusCode, resp.Header.Get("Content-Type"), string(body)}
}

// waitFor asks for url until ok accepts the answer, and fails the test
// if that takes longer than patience.
func waitFor(t testing.TB, url, what string, ok func(r response) bool) response {
	t.Helper()
	deadline := time.Now().Add(patience)
	for {
		r := get(t, url)
		if ok(r) {
			return r
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: after %v, GET %s is still %d:\n%.600s", what, patience, url, r.status, r.body)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

const visit = `+++
title = "Second monitoring visit to Borsetshire"
type = "monitoring-visit"
date = 2019-01-10
summary = "The second monitoring visit."
+++

Progress was better this time.
`

func TestServeEdits(t *testing.T) {
	dir := writeSite(t)
	s, host := start(t, dir, false)
	base := host + "/inspections/"

	r := get(t, base)
	if r.status != 200 || !strings.Contains(r.body, "services in Borsetshire") {
		t.Fatalf("home: %d\n%.600s", r.status, r.body)
	}
	if !regexp.MustCompile(`<script src="/inspections/_scrutiny/reload\.js\?build=[^"]+" defer></script></body>`).MatchString(r.body) {
		t.Errorf("home has no reload script naming its build before </body>")
	}
	if !strings.Contains(r.body, `href="`+base) {
		t.Errorf("home has no absolute address on the local server %s", base)
	}
	if got, want := r.ctype, "text/html; charset=utf-8"; got != want {
		t.Errorf("home: Content-Type %q, want %q", got, want)
	}
	if r := get(t, base+"files/note.txt"); r.status != 200 || r.body != "A static file.\n" || !strings.HasPrefix(r.ctype, "text/plain") {
		t.Errorf("static file: %d %q %q", r.status, r.ctype, r.body)
	}
	for _, p := range []string{"/", "/inspections"} {
		if r := get(t, host+p); r.status != http.StatusFound {
			t.Errorf("GET %s: %d, want a redirect to the base path", p, r.status)
		}
	}
	if r := get(t, base+"about"); r.status != http.StatusFound {
		t.Errorf("GET about without its slash: %d, want a redirect", r.status)
	}

	doc := "content/borsetshire/2019-01-10-monitoring-visit.md"
	addr := base + "borsetshire/2019-01-10-monitoring-visit/"
	if r := get(t, addr); r.status != 404 {
		t.Fatalf("before adding: %d", r.status)
	}

	t.Log("add a document")
	write(t, dir, doc, visit)
	waitFor(t, addr, "added document", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "Progress was better this time.")
	})

	t.Log("change it")
	write(t, dir, doc, strings.Replace(visit, "better this time", "much better this time", 1))
	waitFor(t, addr, "changed document", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "Progress was much better this time.")
	})

	t.Log("rename it")
	renamed := "content/borsetshire/2019-02-10-monitoring-visit.md"
	if err := os.Rename(filepath.Join(dir, doc), filepath.Join(dir, renamed)); err != nil {
		t.Fatal(err)
	}
	newAddr := base + "borsetshire/2019-02-10-monitoring-visit/"
	waitFor(t, newAddr, "renamed document", func(r response) bool { return r.status == 200 })
	r = waitFor(t, addr, "old address of renamed document", func(r response) bool { return r.status == 404 })
	if !strings.Contains(r.body, "<html") || !strings.HasPrefix(r.ctype, "text/html") {
		t.Errorf("404 is not the site's 404 page: %q\n%.300s", r.ctype, r.body)
	}

	t.Log("break its front matter")
	write(t, dir, renamed, strings.Replace(visit, `type = "monitoring-visit"`, `type = "monitoring-vist"`, 1))
	r = waitFor(t, newAddr, "broken document", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "The site did not build")
	})
	for _, want := range []string{
		"Progress was much better this time.", // the last good build's page, below
		`<body><section id="scrutiny-errors"`,
		renamed + ":3",
		`<span class="l here"><span class="n">3</span>`,
		`monitoring-vist`,
		`<span class="n">1</span>`, // two lines before
		`<span class="n">5</span>`, // and after
		`/inspections/_scrutiny/reload.js`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("error page lacks %q:\n%s", want, r.body)
		}
	}
	if r := get(t, base+"about/"); r.status != 200 || !strings.Contains(r.body, "The site did not build") || !strings.Contains(r.body, "A test site. Nothing in it is real.") {
		t.Errorf("another page while broken: %d, want the last good page under the problems:\n%.500s", r.status, r.body)
	}
	if r := get(t, base+"no/such/page/"); r.status != 404 || !strings.Contains(r.body, "The site did not build") {
		t.Errorf("a missing page while broken: %d, want the 404 page under the problems", r.status)
	}
	if r := get(t, base+"files/note.txt"); r.status != 200 {
		t.Errorf("static file while broken: %d, want the last good build's", r.status)
	}

	t.Log("fix it")
	write(t, dir, renamed, strings.Replace(visit, "better this time", "fixed", 1))
	waitFor(t, newAddr, "fixed document", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "Progress was fixed.")
	})
	if r := get(t, base+"about/"); r.status != 200 {
		t.Errorf("another page after the fix: %d", r.status)
	}

	t.Log("delete it")
	if err := os.Remove(filepath.Join(dir, renamed)); err != nil {
		t.Fatal(err)
	}
	waitFor(t, newAddr, "deleted document", func(r response) bool { return r.status == 404 })

	t.Log("add a body in a new folder")
	write(t, dir, "content/felpersham/_index.md", "+++\nname = \"Felpersham City Council\"\ncode = \"E99999902\"\nregion = \"West Midlands\"\n+++\n\nFelpersham is fictional.\n")
	waitFor(t, base+"felpersham/", "new body", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "Felpersham is fictional.")
	})
	t.Log("and a document in it, which needs the new folder watched")
	write(t, dir, "content/felpersham/2020-01-01-monitoring-visit.md", strings.Replace(visit, "2019-01-10", "2020-01-01", 1))
	waitFor(t, base+"felpersham/2020-01-01-monitoring-visit/", "document in new folder", func(r response) bool { return r.status == 200 })

	t.Log("remove the folder")
	if err := os.RemoveAll(filepath.Join(dir, "content/felpersham")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, base+"felpersham/", "removed body", func(r response) bool { return r.status == 404 })

	t.Log("editor temporary files are not sources")
	log := s.opt.Out.(*logWriter)
	before := log.String()
	write(t, dir, "content/.about.md.swp", "junk")
	write(t, dir, "content/about.md~", "junk")
	write(t, dir, "content/4913", "")
	write(t, dir, "content/#about.md#", "junk")
	write(t, dir, "content/.hidden/x.md", "junk")
	time.Sleep(4 * quiet)
	if after := log.String(); after != before {
		t.Errorf("temporary files made a build:\n%s", strings.TrimPrefix(after, before))
	}
}

func TestServeSiteToml(t *testing.T) {
	dir := writeSite(t)
	_, host := start(t, dir, false)
	toml, err := os.ReadFile(filepath.Join(dir, "site.toml"))
	if err != nil {
		t.Fatal(err)
	}

	t.Log("break site.toml")
	write(t, dir, "site.toml", string(toml)+"colour = \"red\"\n")
	r := waitFor(t, host+"/inspections/", "broken site.toml", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "The site did not build")
	})
	if !strings.Contains(r.body, "site.toml:5") {
		t.Errorf("error page does not point at site.toml:5:\n%s", r.body)
	}

	t.Log("break it so that it says nothing")
	write(t, dir, "site.toml", "title = \"unfinished\n")
	r = waitFor(t, host+"/inspections/", "unreadable site.toml", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "site.toml:1")
	})

	t.Log("move the site to another path")
	write(t, dir, "site.toml", strings.Replace(string(toml), "/inspections/", "/reports/", 1))
	r = waitFor(t, host+"/reports/about/", "new base path", func(r response) bool { return r.status == 200 })
	if !strings.Contains(r.body, `href="/reports/`) {
		t.Errorf("page under the new path does not link within it")
	}
	if r := get(t, host+"/inspections/about/"); r.status != 404 {
		t.Errorf("old path: %d, want 404", r.status)
	}
}

func TestServeLayouts(t *testing.T) {
	dir := writeSite(t)
	_, host := start(t, dir, false)
	about := host + "/inspections/about/"

	t.Log("override a template, in a layouts/ folder that did not exist")
	write(t, dir, "layouts/partials/footer.html", "<footer><p>A footer of our own.</p></footer>\n")
	waitFor(t, about, "overridden footer", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "A footer of our own.")
	})

	t.Log("break it")
	write(t, dir, "layouts/partials/footer.html", "<footer>{{.NoSuchField</footer>\n")
	waitFor(t, about, "broken template", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "layouts/partials/footer.html")
	})

	t.Log("remove it: the theme's footer is back")
	if err := os.RemoveAll(filepath.Join(dir, "layouts")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, about, "theme's footer", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "Made with scrutiny.")
	})
}

func TestServePoll(t *testing.T) {
	if testing.Short() {
		t.Skip("polls every half second")
	}
	dir := writeSite(t)
	_, host := start(t, dir, true)
	write(t, dir, "content/about.md", "+++\ntitle = \"About\"\n+++\n\nPolled.\n")
	waitFor(t, host+"/inspections/about/", "polled edit", func(r response) bool {
		return strings.Contains(r.body, "Polled.")
	})
	if err := os.Remove(filepath.Join(dir, "static/files/note.txt")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, host+"/inspections/files/note.txt", "polled removal", func(r response) bool { return r.status == 404 })
}

func TestEvents(t *testing.T) {
	dir := writeSite(t)
	_, host := start(t, dir, false)
	ctx, cancel := context.WithTimeout(context.Background(), patience)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, "GET", host+"/inspections/_scrutiny/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if got, want := resp.Header.Get("Content-Type"), "text/event-stream"; got != want {
		t.Fatalf("Content-Type %q, want %q", got, want)
	}
	lines := bufio.NewScanner(resp.Body)
	next := func() string {
		t.Helper()
		for lines.Scan() {
			if data, ok := strings.CutPrefix(lines.Text(), "data: "); ok {
				return data
			}
		}
		t.Fatalf("stream ended: %v", lines.Err())
		return ""
	}
	first := next()
	write(t, dir, "content/about.md", "+++\ntitle = \"About\"\n+++\n\nEdited.\n")
	if second := next(); second == first {
		t.Errorf("event after an edit names the same build %q", first)
	}
	write(t, dir, "content/about.md", "+++\ntitle = \"About\"\nnonsense\n+++\n\nBroken.\n")
	next() // a broken build is an event too, so that the page shows the errors

	// The script finds the stream beside itself, at the root or under
	// the base path.
	for _, p := range []string{"/_scrutiny/reload.js", "/inspections/_scrutiny/reload.js"} {
		r := get(t, host+p)
		if r.status != 200 || !strings.Contains(r.body, "EventSource") || !strings.HasPrefix(r.ctype, "text/javascript") {
			t.Errorf("GET %s: %d %q", p, r.status, r.ctype)
		}
	}
}

func TestTraversal(t *testing.T) {
	dir := writeSite(t)
	write(t, dir, "secret.txt", "SECRET")
	s, _ := start(t, dir, false)
	for _, target := range []string{
		"/inspections/../site.toml",
		"/inspections/../secret.txt",
		"/inspections/%2e%2e/secret.txt",
		"/inspections/%2E%2E%2Fsecret.txt",
		"/inspections/..%2fsecret.txt",
		"/inspections/about/..%2f..%2fsecret.txt",
		"/inspections/..%5csecret.txt",
		"/inspections/about/%2e%2e/%2e%2e/site.toml",
		"/inspections//secret.txt",
		"/inspections/./secret.txt",
		"/inspections/secret.txt%00.html",
		"/inspections/content/about.md",
		"/inspections/site.toml",
		"/secret.txt",
		"/site.toml",
		"/inspections/about/../../secret.txt",
		"/inspections/about/../index.html",
	} {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest("GET", "http://"+s.host+target, nil))
		body := rec.Body.String()
		if rec.Code == 200 || strings.Contains(body, "SECRET") || strings.Contains(body, "baseURL") || strings.Contains(body, "+++") {
			t.Errorf("GET %s: %d\n%.200s", target, rec.Code, body)
		}
	}
	// The real server and client agree.
	_, host := start(t, dir, false)
	if r := get(t, host+"/inspections/%2e%2e/secret.txt"); r.status == 200 || strings.Contains(r.body, "SECRET") {
		t.Errorf("over the network: %d", r.status)
	}
}

func TestMethods(t *testing.T) {
	s, _ := start(t, writeSite(t), false)
	rec := httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("POST", "http://"+s.host+"/inspections/", nil))
	if rec.Code != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", rec.Code)
	}
	rec = httptest.NewRecorder()
	s.ServeHTTP(rec, httptest.NewRequest("HEAD", "http://"+s.host+"/inspections/about/", nil))
	if rec.Code != 200 || rec.Body.Len() != 0 {
		t.Errorf("HEAD: %d with %d bytes", rec.Code, rec.Body.Len())
	}
}

func TestNotLoopback(t *testing.T) {
	dir := writeSite(t)
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:0", "example.com:0"} {
		s, err := New(Options{Dir: dir, Theme: scrutiny.Theme, Addr: addr})
		if !errors.Is(err, ErrNotLoopback) {
			t.Errorf("New(%q): %v, want ErrNotLoopback", addr, err)
		}
		if s != nil {
			t.Errorf("New(%q) made a server", addr)
		}
	}
}

func TestIsLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"127.0.0.1": true, "127.8.9.10": true, "::1": true, "localhost": true, "LocalHost": true,
		"::ffff:127.0.0.1": true,
		"":                 false, "0.0.0.0": false, "::": false, "192.168.1.2": false, "10.0.0.1": false,
		"example.com": false, "localhost.example.com": false,
	} {
		if got := isLoopback(host); got != want {
			t.Errorf("isLoopback(%q) = %v, want %v", host, got, want)
		}
	}
}

func TestNoSite(t *testing.T) {
	_, err := New(Options{Dir: t.TempDir(), Theme: scrutiny.Theme, Addr: "127.0.0.1:0"})
	if err == nil || !strings.Contains(err.Error(), "site.toml") {
		t.Errorf("New in an empty folder: %v", err)
	}
}

// TestStop checks that Serve returns promptly with an event stream open.
func TestStop(t *testing.T) {
	s, err := New(Options{Dir: writeSite(t), Theme: scrutiny.Theme, Addr: "127.0.0.1:0"})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	var serr error
	wg.Go(func() { serr = s.Serve(ctx) })
	resp, err := http.Get("http://" + s.host + "/_scrutiny/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	start := time.Now()
	cancel()
	wg.Wait()
	if serr != nil {
		t.Errorf("Serve: %v", serr)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Serve took %v to stop", d)
	}
	if _, err := http.Get("http://" + s.host + "/"); err == nil {
		t.Errorf("still answering after Serve returned")
	}
}

// TestServeSearch checks that the search index, which the server makes
// only when it is asked for, is served and follows edits: a new document
// is found once it is saved.
func TestServeSearch(t *testing.T) {
	dir := writeSite(t)
	_, host := start(t, dir, false)
	base := host + "/inspections/search/"

	r := get(t, base+"meta.json")
	if r.status != 200 || !strings.Contains(r.body, `"chunk"`) {
		t.Fatalf("search/meta.json: %d\n%.600s", r.status, r.body)
	}
	if r := get(t, base+"docs/0.json"); r.status != 200 || strings.Contains(r.body, "Second monitoring visit") {
		t.Fatalf("search/docs/0.json before the edit: %d\n%.600s", r.status, r.body)
	}
	write(t, dir, "content/borsetshire/2019-01-10-monitoring-visit.md", visit)
	waitFor(t, base+"docs/0.json", "the search index after adding a document", func(r response) bool {
		return r.status == 200 && strings.Contains(r.body, "Second monitoring visit to Borsetshire")
	})
	if r := get(t, base); r.status != 200 || !strings.Contains(r.body, "<h1") {
		t.Errorf("the search page: %d\n%.300s", r.status, r.body)
	}
}
