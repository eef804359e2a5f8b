package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
)

// The README is run, so that it cannot go stale: every line of its shell
// blocks is either run here, in order, in a temporary folder, or listed in
// notRun with the reason. A command added to the README is therefore run,
// or the test fails until someone says why it cannot be.

// notRun are the README's shell lines that this test does not run, each
// with the reason. A line is matched as written, comments removed.
var notRun = map[string]string{
	"go test ./...":              "the tests themselves, this one among them",
	"go install ./cmd/scrutiny":  "it writes into Go's bin folder, outside the test's folders; the scrutiny lines run the same code through run",
	"docker build -t scrutiny .": "no Docker engine here; TestDockerfile (internal/e2e) checks the Dockerfile",
	`docker run --rm -u "$(id -u):$(id -g)" -v "$PWD:/site" scrutiny build -baseURL https://www.example.gov.uk/inspections/`: "no Docker engine here; the image runs the binary that the scrutiny lines run",
	`CGO_ENABLED=0 go build -trimpath -buildvcs=true -ldflags="-s -w" -o scrutiny ./cmd/scrutiny`:                            "a release build of this package; TestDockerfile holds it to the Dockerfile's",
	"rsync -a --delete public/ server:/var/www/inspections/":                                                                 "it copies to a web server, which the test has none of",
	"awk -f docs/hosting/nginx-redirects.awk public/_redirects > scrutiny-redirects.conf":                                    "it configures nginx, which the test has none of; tried by hand (README, Publishing)",
	`awk '$3 == 301 && $1 !~ /\*$/ { print "Redirect permanent", $1, $2 }' public/_redirects > scrutiny-redirects.conf`:      "it configures Apache, which the test has none of; tried by hand (README, Publishing)",
	"aws s3 website s3://BUCKET/ --index-document index.html --error-document 404.html":                                      "it needs an S3 bucket",
	"aws s3 sync public/ s3://BUCKET/ --delete":                                                                              "it needs an S3 bucket",
}

// TestREADME runs every command of the README, in order, from an empty
// folder, as a reader would: the example site's commands in the
// repository (writing nothing there), the rest where the README's cd
// lines lead, with a server of serve's running until the folder changes.
func TestREADME(t *testing.T) {
	s := newSession(t)
	lines := readmeLines(t, s.readme)
	for _, l := range lines {
		s.do(l)
	}
	s.stop()
	s.firstHourDone()
}

// TestFirstHour follows the README's "Start your own site" alone, from an
// empty folder: init, serve, new body and new inspection, the draft seen
// in the browser and marked as one, its values filled in as the README
// says, and build publishing it without a draft's marks.
func TestFirstHour(t *testing.T) {
	s := newSession(t)
	var section []readmeLine
	for _, l := range readmeLines(t, s.readme) {
		if l.section == "Start your own site" {
			section = append(section, l)
		}
	}
	if len(section) == 0 {
		t.Fatal(`the README has no commands under "## Start your own site"`)
	}
	for _, l := range section {
		s.do(l)
	}
	s.stop()
	s.firstHourDone()
}

// readmeLine is a command of a shell block of the README.
type readmeLine struct {
	text    string // as written, continuations joined and comments removed
	section string // the ## heading it is under
	line    int    // its line in README.md
}

func (l readmeLine) String() string { return fmt.Sprintf("README.md:%d: %s", l.line, l.text) }

// shellBlock says which fenced blocks hold commands.
var shellBlock = map[string]bool{"sh": true, "shell": true, "bash": true, "console": true}

// readmeLines finds the commands of the README's shell blocks. Every
// fenced block must say its language, so that no command hides in a
// block that is not read; and every scrutiny command written inline in
// the text must be one of the blocks' lines, so that it is run too.
func readmeLines(t *testing.T, readme string) []readmeLine {
	t.Helper()
	var out []readmeLine
	section, lang, inBlock := "", "", false
	pending, pendingAt := "", 0
	run := map[string]bool{}
	var inline []readmeLine
	for i, raw := range strings.Split(readme, "\n") {
		n := i + 1
		trimmed := strings.TrimSpace(raw)
		if strings.HasPrefix(trimmed, "```") {
			if inBlock {
				inBlock = false
				continue
			}
			inBlock, lang = true, strings.TrimPrefix(trimmed, "```")
			if lang == "" {
				t.Errorf("README.md:%d: a fenced block with no language: say sh for commands, or text, toml...", n)
			}
			continue
		}
		if !inBlock {
			if strings.HasPrefix(raw, "## ") {
				section = strings.TrimPrefix(raw, "## ")
			}
			for _, m := range inlineCode.FindAllStringSubmatch(raw, -1) {
				inline = append(inline, readmeLine{text: m[1], section: section, line: n})
			}
			continue
		}
		if !shellBlock[lang] {
			continue
		}
		if pending == "" {
			pendingAt = n
		}
		if strings.HasSuffix(trimmed, `\`) {
			pending += strings.TrimSuffix(trimmed, `\`) + " "
			continue
		}
		text := strings.TrimSpace(uncomment(pending + trimmed))
		pending = ""
		if text == "" {
			continue
		}
		out = append(out, readmeLine{text: text, section: section, line: pendingAt})
		run[text] = true
	}
	if inBlock {
		t.Errorf("README.md: a fenced block is not closed")
	}
	for _, l := range inline {
		if (strings.HasPrefix(l.text, "scrutiny ") || strings.HasPrefix(l.text, "go run ./cmd/scrutiny ")) &&
			len(strings.Fields(l.text)) >= 3 && !strings.ContainsAny(l.text, "<[") && !strings.Contains(l.text, "...") && !run[l.text] {
			t.Errorf("%s: a command in the text that no shell block runs: put it in a ```sh block", l)
		}
	}
	return out
}

// inlineCode finds `code` in a line of text.
var inlineCode = regexp.MustCompile("`([^`]+)`")

// uncomment removes a shell comment: a # at the start of a word, outside
// quotes.
func uncomment(line string) string {
	var quote rune
	for i, c := range line {
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
			return line[:i]
		}
	}
	return line
}

// words splits a command into its words as a shell would, for the
// commands run here, which use quotes and nothing else of the shell's.
func words(t *testing.T, l readmeLine) []string {
	t.Helper()
	if strings.ContainsAny(l.text, "$`|&;<>*?(){}") {
		t.Fatalf("%s: the test runs scrutiny's commands without a shell, and this one needs one", l)
	}
	var out []string
	var w strings.Builder
	var quote rune
	inWord := false
	for _, c := range l.text {
		switch {
		case quote != 0 && c == quote:
			quote = 0
		case quote != 0:
			w.WriteRune(c)
		case c == '\'' || c == '"':
			quote, inWord = c, true
		case c == ' ' || c == '\t':
			if inWord {
				out = append(out, w.String())
				w.Reset()
				inWord = false
			}
		default:
			w.WriteRune(c)
			inWord = true
		}
	}
	if quote != 0 {
		t.Fatalf("%s: a quote is not closed", l)
	}
	if inWord {
		out = append(out, w.String())
	}
	return out
}

// session is a reader following the README: the folder they are in, the
// servers they have running, and how far the first hour has come.
type session struct {
	t      *testing.T
	root   string // the repository, which is the example site
	rootAt []string
	readme string
	dir    string // the current folder
	served []*server

	// The first hour: the council and inspection started, and what has
	// been seen of them.
	body, doc    string // slugs
	docFile      string // its file, from the current folder
	homeSeen     bool
	draftSeen    bool
	filled       bool
	undraftSeen  bool
	checkedClean bool
	published    bool
}

func newSession(t *testing.T) *session {
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	// A build keeps what the next needs in the user's cache folder: here,
	// a folder of the test's.
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	s := &session{t: t, root: root, readme: string(readme), dir: t.TempDir(), rootAt: topNames(t, root)}
	t.Chdir(s.dir)
	t.Cleanup(func() {
		s.stop()
		if got := topNames(t, root); !slices.Equal(got, s.rootAt) {
			t.Errorf("the README's commands changed the repository's top folder: %q, was %q", got, s.rootAt)
		}
	})
	return s
}

// topNames lists the names at the top of a folder.
func topNames(t *testing.T, dir string) []string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// do runs one line of the README.
func (s *session) do(l readmeLine) {
	t := s.t
	t.Helper()
	switch {
	case strings.HasPrefix(l.text, "cd "):
		// A server serves the folder it was started in: stop it first.
		s.stop()
		to := words(t, l)[1]
		s.dir = filepath.Join(s.dir, to)
		if info, err := os.Stat(s.dir); err != nil || !info.IsDir() {
			t.Fatalf("%s: there is no folder %s to go to", l, to)
		}
		t.Chdir(s.dir)
		t.Logf("%s: now in %s", l, s.dir)
	case strings.HasPrefix(l.text, "scrutiny "):
		s.scrutiny(l, words(t, l)[1:])
	case strings.HasPrefix(l.text, "go run ./cmd/scrutiny "):
		// The example site: the repository itself, which the test must not
		// write into. serve writes nothing; build writes into a folder of
		// the test's, where the README's writes into public/.
		if testing.Short() {
			t.Logf("%s: not run with -short: it loads the whole example site", l)
			return
		}
		args := words(t, l)[3:]
		if !slices.Contains(args, "-s") {
			args = append(args[:1:1], append([]string{"-s", s.root}, args[1:]...)...)
		}
		if args[0] == "build" && !slices.Contains(args, "-d") {
			args = append(args, "-d", filepath.Join(t.TempDir(), "public"))
		}
		s.scrutiny(l, args)
	default:
		reason, ok := notRun[l.text]
		if !ok {
			t.Fatalf("%s: this test neither runs this line nor lists it as not run: run it, or add it to notRun with the reason", l)
		}
		t.Logf("%s: not run: %s", l, reason)
	}
}

// scrutiny runs a scrutiny command of the README, in the current folder,
// with what the README asks the reader to do before it and after it.
func (s *session) scrutiny(l readmeLine, args []string) {
	t := s.t
	t.Helper()
	if len(args) == 0 {
		t.Fatalf("%s: no command", l)
	}
	if args[0] == "serve" {
		s.serve(l, args)
		return
	}
	if args[0] == "import" {
		s.provideTable(l)
	}
	var before map[string]string
	if args[0] == "import" && slices.Contains(args, "-n") {
		before = files(t, s.dir)
	}
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), args, &stdout, &stderr); code != 0 {
		t.Fatalf("%s: exit status %d, want 0:\n%s%s", l, code, stdout.String(), stderr.String())
	}
	t.Logf("%s: ok", l)
	if before != nil {
		sameFiles(t, l.String(), before, files(t, s.dir))
	}
	switch {
	case len(args) == 3 && args[0] == "new" && args[1] == "body":
		s.nameBody(l, args[2])
	case len(args) == 3 && args[0] == "new" && args[1] == "inspection" && s.doc == "":
		s.seeDraft(l, args[2])
	case args[0] == "check" && s.doc != "" && !s.filled:
		if !strings.Contains(stdout.String(), "still to fill in") || !strings.Contains(stdout.String(), filepath.ToSlash(s.docFile)) {
			t.Errorf("%s: check does not list the new inspection's values still to fill in:\n%s", l, stdout.String())
		}
		s.fillIn(l)
	case args[0] == "check" && s.filled:
		if strings.Contains(stdout.String(), filepath.ToSlash(s.docFile)) {
			t.Errorf("%s: check still lists the filled-in inspection:\n%s", l, stdout.String())
		}
		s.checkedClean = true
	case args[0] == "build" && s.filled && !s.published:
		s.seePublished(l, args)
	}
}

// server is a scrutiny serve of the README's, running in the background.
type server struct {
	line   readmeLine
	cancel context.CancelFunc
	done   chan int
	stdout *syncBuffer
	stderr *syncBuffer
	url    string
}

// serve starts scrutiny serve on a free port, waits until it serves, and
// fetches the home page.
func (s *session) serve(l readmeLine, args []string) {
	t := s.t
	t.Helper()
	// Any port the README gives may be taken here: the test picks a free one.
	for i := 0; i < len(args); i++ {
		if args[i] == "-port" && i+1 < len(args) {
			args = slices.Delete(args, i, i+2)
		}
	}
	args = append(args, "-port", "0")
	ctx, cancel := context.WithCancel(context.Background())
	srv := &server{line: l, cancel: cancel, done: make(chan int, 1), stdout: &syncBuffer{}, stderr: &syncBuffer{}}
	go func() { srv.done <- run(ctx, args, srv.stdout, srv.stderr) }()
	s.served = append(s.served, srv)
	serving := regexp.MustCompile(`serving .* at (http://\S+) `)
	deadline := time.Now().Add(3 * time.Minute)
	for srv.url == "" {
		if m := serving.FindStringSubmatch(srv.stdout.String()); m != nil {
			srv.url = m[1]
			break
		}
		select {
		case code := <-srv.done:
			srv.done <- code
			t.Fatalf("%s: serve stopped with status %d before serving:\n%s%s", l, code, srv.stdout, srv.stderr)
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: serve did not start serving:\n%s%s", l, srv.stdout, srv.stderr)
		}
	}
	status, page := get(t, srv.url)
	if status != http.StatusOK || !strings.Contains(page, "<title>") {
		t.Fatalf("%s: the home page %s = %d:\n%.500s", l, srv.url, status, page)
	}
	if strings.HasPrefix(l.text, "scrutiny ") && s.body == "" {
		s.homeSeen = true
	}
	t.Logf("%s: serving %s", l, srv.url)
}

// stop stops the servers, each of which must end with status 0.
func (s *session) stop() {
	for _, srv := range s.served {
		srv.cancel()
		select {
		case code := <-srv.done:
			if code != 0 {
				s.t.Errorf("%s: serve ended with status %d:\n%s", srv.line, code, srv.stderr)
			}
		case <-time.After(time.Minute):
			s.t.Errorf("%s: serve did not stop when asked", srv.line)
		}
	}
	s.served = nil
}

// site is the server of the current folder, if one runs.
func (s *session) site() *server {
	if len(s.served) == 0 {
		return nil
	}
	return s.served[len(s.served)-1]
}

// example reads a document of the example site: the facts the test
// writes where the README tells the reader to write their own. The
// README's example council must be one of the example site's, so that
// nothing is written of a real council that its public record does not say.
func (s *session) example(l readmeLine, rel string, v any) string {
	t := s.t
	t.Helper()
	name := filepath.Join(s.root, "content", filepath.FromSlash(rel))
	if info, err := os.Stat(name); err == nil && info.IsDir() {
		// A document with versions: its first.
		versions, _ := filepath.Glob(filepath.Join(name, "*.md"))
		slices.Sort(versions)
		if len(versions) == 0 {
			t.Fatalf("%s: the example site's %s has no versions", l, rel)
		}
		name = versions[0]
	} else {
		name += ".md"
	}
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("%s: the test writes the example site's facts for the README's example, and the example site has no %s: %v", l, rel, err)
	}
	parts := strings.SplitN(string(data), "+++\n", 3)
	if len(parts) != 3 {
		t.Fatalf("%s has no front matter", name)
	}
	if _, err := toml.Decode(parts[1], v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return parts[2]
}

// nameBody writes the council's name where new body left it to fill in,
// as the README says.
func (s *session) nameBody(l readmeLine, slug string) {
	var body struct{ Name string }
	s.example(l, slug+"/_index", &body)
	file := filepath.Join(s.dir, "content", slug, "_index.md")
	fill(s.t, file, `"[fill in: the council's full name, as it writes it]"`, fmt.Sprintf("%q", body.Name))
	s.body = slug
}

// seeDraft checks that the new inspection is served as a draft, with its
// values to fill in, and hidden from search engines.
func (s *session) seeDraft(l readmeLine, target string) {
	t := s.t
	t.Helper()
	body, doc, _ := strings.Cut(target, "/")
	s.doc = doc
	s.docFile = filepath.Join("content", body, doc+".md")
	if _, err := os.Stat(filepath.Join(s.dir, s.docFile)); err != nil {
		t.Fatalf("%s: %v", l, err)
	}
	srv := s.site()
	if srv == nil {
		t.Fatalf("%s: no server runs here to show the new draft: the README's serve should come before it", l)
	}
	url := srv.url + body + "/" + doc + "/"
	page := eventually(t, l, url, func(status int, page string) bool {
		return status == http.StatusOK && strings.Contains(page, `id="draft-title"`)
	})
	for _, want := range []string{`<meta name="robots" content="noindex">`, "is still to fill in", "scrutiny build"} {
		if !strings.Contains(page, want) {
			t.Errorf("%s: the draft's page %s lacks %s", l, url, want)
		}
	}
	s.draftSeen = true
}

// fillIn writes the report's facts in place of each mark of the new
// inspection, and removes draft = true, as the README says; then the
// server shows the page without its draft notice.
func (s *session) fillIn(l readmeLine) {
	t := s.t
	t.Helper()
	var real struct {
		Title           string
		Source          string
		Judgements      map[string]string
		Recommendations []struct{ ID, Text string }
	}
	s.example(l, s.body+"/"+s.doc, &real)
	if len(real.Recommendations) == 0 {
		t.Fatalf("%s: the example site's %s/%s has no recommendations", l, s.body, s.doc)
	}
	file := filepath.Join(s.dir, s.docFile)
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		key, _, _ := strings.Cut(line, " = ")
		switch {
		case !strings.Contains(line, "[fill in:"):
		case key == "title":
			line = fmt.Sprintf("title = %q", real.Title)
		case strings.Contains(line, `"[fill in: the grade]"`):
			grade, ok := real.Judgements[key]
			if !ok {
				continue // the README: remove the line of an area the report does not grade
			}
			line = fmt.Sprintf("%s = %q", key, grade)
		case key == "text":
			line = fmt.Sprintf("text = %q", real.Recommendations[0].Text)
		case strings.HasPrefix(line, "[fill in: the text"):
			line = fmt.Sprintf("[Ofsted's report](%s) is the source of this page.", real.Source)
		default:
			t.Fatalf("%s: the test does not know what to write in place of %q", l, line)
		}
		out = append(out, line)
	}
	write(t, file, strings.Join(out, "\n"))
	undraft(t, file)
	s.filled = true
	if srv := s.site(); srv != nil {
		url := srv.url + s.body + "/" + s.doc + "/"
		page := eventually(t, l, url, func(status int, page string) bool {
			return status == http.StatusOK && !strings.Contains(page, `id="draft-title"`)
		})
		if !strings.Contains(page, real.Title) {
			t.Errorf("%s: the served page %s, no longer a draft, lacks its title %q", l, url, real.Title)
		}
		s.undraftSeen = true
	}
}

// seePublished checks that build published the filled-in inspection, with
// no draft's marks.
func (s *session) seePublished(l readmeLine, args []string) {
	t := s.t
	t.Helper()
	out := filepath.Join(s.dir, "public")
	if i := slices.Index(args, "-d"); i >= 0 && i+1 < len(args) {
		out = filepath.Join(s.dir, args[i+1])
	}
	page, err := os.ReadFile(filepath.Join(out, s.body, s.doc, "index.html"))
	if err != nil {
		t.Fatalf("%s: build did not publish the inspection: %v", l, err)
	}
	for _, mark := range []string{"noindex", "draft-title", "fill in"} {
		if bytes.Contains(page, []byte(mark)) {
			t.Errorf("%s: the published inspection's page holds %q", l, mark)
		}
	}
	if !bytes.Contains(page, []byte("Requires improvement")) {
		t.Errorf("%s: the published inspection's page does not show its grades", l)
	}
	s.published = true
}

// provideTable puts the scrape tool's table and its lookup in the current
// folder, as the README asks the reader to before they import.
func (s *session) provideTable(l readmeLine) {
	t := s.t
	t.Helper()
	for _, name := range []string{"ilacs_history.csv", "la_lookup.csv"} {
		if !strings.Contains(s.readme, "`"+name+"`") || !strings.Contains(s.readme, "`testdata/ofsted/`") {
			t.Fatalf("%s: the README no longer tells the reader where to find %s in testdata/ofsted/; the test puts it here as the README said", l, name)
		}
		if _, err := os.Stat(filepath.Join(s.dir, name)); err == nil {
			continue
		}
		data, err := os.ReadFile(filepath.Join(s.root, "testdata", "ofsted", name))
		if err != nil {
			t.Fatal(err)
		}
		write(t, filepath.Join(s.dir, name), string(data))
	}
}

// firstHourDone checks that the README took the reader through the whole
// first hour.
func (s *session) firstHourDone() {
	t := s.t
	t.Helper()
	for _, step := range []struct {
		done bool
		what string
	}{
		{s.homeSeen, "scrutiny init, then scrutiny serve showing its home page"},
		{s.body != "", "scrutiny new body, whose name the reader then writes"},
		{s.draftSeen, "scrutiny new inspection, its draft then seen in the browser, marked as a draft"},
		{s.filled, "scrutiny check listing the draft's values, which the reader then fills in, removing draft = true"},
		{s.undraftSeen, "the filled-in page seen in the browser without its draft notice"},
		{s.checkedClean, "scrutiny check again, the inspection no longer listed"},
		{s.published, "scrutiny build publishing the inspection"},
	} {
		if !step.done {
			t.Errorf("the README's first hour lacks a step, or has it out of order: %s", step.what)
		}
	}
}

// get fetches a page.
func get(t *testing.T, url string) (int, string) {
	t.Helper()
	client := http.Client{Timeout: time.Minute}
	res, err := client.Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return res.StatusCode, string(body)
}

// eventually fetches a page until it is as wanted: the server builds
// again after a burst of saves, so an edit shows after a moment.
func eventually(t *testing.T, l readmeLine, url string, ok func(int, string) bool) string {
	t.Helper()
	deadline := time.Now().Add(time.Minute)
	for {
		status, page := get(t, url)
		if ok(status, page) {
			return page
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s did not show what the README says (status %d):\n%.2000s", l, url, status, page)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// syncBuffer is a buffer that a server writes to while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// TestDocsLinks checks that every link between the README and docs/ leads
// to a file that is there, and to a heading that the file has.
func TestDocsLinks(t *testing.T) {
	root := filepath.Join("..", "..")
	docs, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range append([]string{filepath.Join(root, "README.md")}, docs...) {
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		inBlock := false
		for i, line := range strings.Split(string(data), "\n") {
			if strings.HasPrefix(strings.TrimSpace(line), "```") {
				inBlock = !inBlock
				continue
			}
			if inBlock {
				continue
			}
			for _, m := range mdLink.FindAllStringSubmatch(inlineCode.ReplaceAllString(line, ""), -1) {
				target := m[1]
				if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
					continue
				}
				where := fmt.Sprintf("%s:%d: %s", filepath.ToSlash(file), i+1, target)
				name, anchor, _ := strings.Cut(target, "#")
				dest := file
				if name != "" {
					dest = filepath.Join(filepath.Dir(file), filepath.FromSlash(name))
				}
				if _, err := os.Stat(dest); err != nil {
					t.Errorf("%s: no such file", where)
					continue
				}
				if anchor != "" && !slices.Contains(headingAnchors(t, dest), anchor) {
					t.Errorf("%s: %s has no heading whose anchor is #%s", where, filepath.ToSlash(dest), anchor)
				}
			}
		}
	}
}

// mdLink finds the target of a Markdown link.
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// headingAnchors are the anchors GitHub gives a Markdown file's headings:
// lower case, spaces as hyphens, other punctuation left out.
func headingAnchors(t *testing.T, file string) []string {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	inBlock := false
	for _, line := range strings.Split(string(data), "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			inBlock = !inBlock
		}
		if inBlock || !strings.HasPrefix(line, "#") {
			continue
		}
		var a strings.Builder
		for _, c := range strings.ToLower(strings.TrimSpace(strings.TrimLeft(line, "#"))) {
			switch {
			case c == ' ' || c == '-':
				a.WriteRune('-')
			case c == '_' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
				a.WriteRune(c)
			}
		}
		out = append(out, a.String())
	}
	return out
}
