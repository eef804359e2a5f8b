package main

import (
	"bytes"
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/txtar"
)

// site writes testdata/sites/basic.txtar into a temporary folder.
func site(t *testing.T) string {
	t.Helper()
	a, err := txtar.ParseFile("../../testdata/sites/basic.txtar")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, f := range a.Files {
		write(t, filepath.Join(dir, filepath.FromSlash(f.Name)), string(f.Data))
	}
	return dir
}

func write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// files lists every file under dir with its contents.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		out[p] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameFiles(t *testing.T, what string, before, after map[string]string) {
	t.Helper()
	for name, data := range before {
		if got, ok := after[name]; !ok {
			t.Errorf("%s: %s was removed", what, name)
		} else if got != data {
			t.Errorf("%s: %s changed", what, name)
		}
	}
	for name := range after {
		if _, ok := before[name]; !ok {
			t.Errorf("%s: %s was added", what, name)
		}
	}
}

// runCmd runs the command with args and returns its exit code and output.
func runCmd(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestUsage(t *testing.T) {
	for _, tt := range []struct {
		args   []string
		code   int
		output string
	}{
		{nil, 2, "Usage:"},
		{[]string{"help"}, 0, "Usage:"},
		{[]string{"-h"}, 0, "Usage:"},
		{[]string{"frobnicate"}, 2, `unknown command "frobnicate"`},
		{[]string{"build", "-nosuchflag"}, 2, "-nosuchflag"},
		{[]string{"build", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"check", "extra"}, 2, `unexpected argument "extra"`},
		{[]string{"new", "letter"}, 2, "usage: scrutiny new"},
	} {
		code, stdout, stderr := runCmd(tt.args...)
		if code != tt.code || !strings.Contains(stdout+stderr, tt.output) {
			t.Errorf("scrutiny %q = %d, %q%q; want %d and %q", tt.args, code, stdout, stderr, tt.code, tt.output)
		}
	}
}

func TestBuild(t *testing.T) {
	dir := site(t)
	out := filepath.Join(t.TempDir(), "public")
	code, stdout, stderr := runCmd("build", "-s", dir, "-d", out)
	if code != 0 {
		t.Fatalf("build = %d: %s", code, stderr)
	}
	if !regexp.MustCompile(`^built \d+ files in .* \(\d+ written, 0 unchanged, 0 removed\)`).MatchString(stdout) {
		t.Errorf("stdout = %q", stdout)
	}
	index, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(index, []byte(`href="/inspections/css/scrutiny.css"`)) {
		t.Errorf("index.html does not use the base path of site.toml")
	}

	code, stdout, _ = runCmd("build", "-s", dir, "-d", out)
	if code != 0 || !strings.Contains(stdout, "is up to date") {
		t.Errorf("a second build = %d, %q; want it up to date", code, stdout)
	}

	code, _, stderr = runCmd("build", "-s", dir, "-d", out, "-baseURL", "https://other.example/sub")
	if code != 0 {
		t.Fatalf("build -baseURL = %d: %s", code, stderr)
	}
	index, _ = os.ReadFile(filepath.Join(out, "index.html"))
	if !bytes.Contains(index, []byte(`href="/sub/css/scrutiny.css"`)) || !bytes.Contains(index, []byte(`https://other.example/sub/`)) {
		t.Errorf("index.html does not use the base path of -baseURL")
	}

	code, _, stderr = runCmd("build", "-s", dir, "-d", out, "-baseURL", "other.example")
	if code != 1 || !strings.Contains(stderr, "-baseURL: ") {
		t.Errorf("build with a bad -baseURL = %d, %q", code, stderr)
	}
}

// TestBuildDefaultOutput checks that build writes to public/ in the site.
func TestBuildDefaultOutput(t *testing.T) {
	dir := site(t)
	if code, _, stderr := runCmd("build", "-s", dir); code != 0 {
		t.Fatalf("build = %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "public", "borsetshire", "index.html")); err != nil {
		t.Error(err)
	}
}

func TestBuildErrors(t *testing.T) {
	dir := site(t)
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCmd("build", "-s", dir, "-d", out); code != 0 {
		t.Fatalf("build = %d: %s", code, stderr)
	}
	before := files(t, out)
	fill(t, filepath.Join(dir, "content", "about.md"), "title = \"About this site\"\n", "title = \"About this site\"\ntitel = \"x\"\n")
	write(t, filepath.Join(dir, "content", "felpersham", "2022-01-10-letter.md"), "+++\ntitle = \"Letter\"\ntype = \"leter\"\ndate = 2022-01-10\n+++\n")
	code, stdout, stderr := runCmd("build", "-s", dir, "-d", out)
	if code != 1 {
		t.Errorf("build of a broken site = %d, want 1", code)
	}
	if stdout != "" {
		t.Errorf("stdout = %q, want nothing", stdout)
	}
	base := filepath.ToSlash(dir)
	// Each problem, then its line with a caret under its column.
	want := base + "/content/about.md:3:1: unknown key \"titel\" in a page's front matter (did you mean \"title\"?)\n" +
		"  3 | titel = \"x\"\n" +
		"    | ^\n" +
		base + "/content/felpersham/2022-01-10-letter.md:3:8: unknown document type \"leter\" (did you mean \"letter\"?)\n" +
		"  3 | type = \"leter\"\n" +
		"    |        ^\n" +
		"2 errors; nothing was written\n"
	if stderr != want {
		t.Errorf("stderr =\n%s\nwant\n%s", stderr, want)
	}
	sameFiles(t, "after a failed build", before, files(t, out))
}

func TestCheck(t *testing.T) {
	dir := site(t)
	before := files(t, dir)
	code, stdout, stderr := runCmd("check", "-s", dir)
	if code != 0 || stdout != "no problems found\n" {
		t.Errorf("check = %d, %q, %q", code, stdout, stderr)
	}
	sameFiles(t, "check of a good site", before, files(t, dir))

	write(t, filepath.Join(dir, "content", "borsetshire", "2017-03-inspection.md"), "+++\ntitle = \"x\"\ntype = \"inspection\"\ndate = \"2017-03\"\n[judgements]\noverall = \"requires improvment\"\n+++\n")
	before = files(t, dir)
	code, _, stderr = runCmd("check", "-s", dir)
	if code != 1 {
		t.Errorf("check of a broken site = %d, want 1", code)
	}
	want := filepath.ToSlash(dir) + `/content/borsetshire/2017-03-inspection.md:6:11: unknown grade "requires improvment" (did you mean "requires-improvement"?)`
	if !strings.Contains(stderr, want) {
		t.Errorf("stderr = %q\nwant %s", stderr, want)
	}
	sameFiles(t, "check of a broken site", before, files(t, dir))

	code, _, stderr = runCmd("check", "-s", t.TempDir())
	if code != 1 || !strings.Contains(stderr, "no site.toml here") {
		t.Errorf("check of a folder without site.toml = %d, %q", code, stderr)
	}
}

// newSite is a site with one body and nothing else.
func newSite(t *testing.T) string {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "site.toml"), "title = \"T\"\nbaseURL = \"https://example.org/\"\n")
	write(t, filepath.Join(dir, "content", "b", "_index.md"), "+++\nname = \"Borsetshire County Council\"\n+++\n")
	return dir
}

// fill replaces the placeholders of a new document, as an author would.
func fill(t *testing.T, file string, repl ...string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	for i := 0; i < len(repl); i += 2 {
		if !strings.Contains(s, repl[i]) {
			t.Fatalf("%s has no %q:\n%s", file, repl[i], s)
		}
		s = strings.ReplaceAll(s, repl[i], repl[i+1])
	}
	write(t, file, s)
}

// marks finds the marks of values still to fill in that new writes.
var marks = regexp.MustCompile(`\[fill in: ([^\]]*)\]`)

// fillIn writes in place of each mark what an author would: a grade, a
// status, or words of their own.
func fillIn(t *testing.T, file string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	write(t, file, marks.ReplaceAllStringFunc(string(data), func(m string) string {
		switch m {
		case "[fill in: the grade]":
			return "good"
		case "[fill in: the action's status]":
			return "on-track"
		}
		return "Written by the author."
	}))
}

var draftLine = regexp.MustCompile(`(?m)^draft = true.*\n`)

func undraft(t *testing.T, file string) {
	t.Helper()
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !draftLine.Match(data) {
		t.Fatalf("%s is not a draft:\n%s", file, data)
	}
	write(t, file, draftLine.ReplaceAllString(string(data), ""))
}

// TestNew starts one document of each kind, fills in what the template
// leaves to the author, and checks that the site then builds.
func TestNew(t *testing.T) {
	dir := newSite(t)
	for _, tt := range []struct {
		typ, target string
		want        []string // in the new file
	}{
		{"inspection", "b/2022-04-01-inspection", []string{`type = "inspection"`, "date = 2022-04-01", "[judgements]", `overall = "[fill in: the grade]"`, `in-care = "[fill in: the grade]"`, "[[recommendations]]", "draft = true"}},
		{"improvement-plan", "b/2022-06-01-plan", []string{`type = "improvement-plan"`, `responds_to = "2022-04-01-inspection"`, "[[actions]]", `recommendations = ["R1"]`, "draft = true"}},
		{"plan-progress", "b/2022-09-01-progress.md", []string{`type = "plan-progress"`, `plan = "2022-06-01-plan"`, "[[progress]]", `action = "A1"`, `status = "[fill in: the action's status]"`, "draft = true"}},
		{"letter", "b/letter", []string{`type = "letter"`, "date = " + time.Now().Format(time.DateOnly), "draft = true"}},
	} {
		code, stdout, stderr := runCmd("new", "-s", dir, tt.typ, tt.target)
		file := filepath.Join(dir, "content", filepath.FromSlash(strings.TrimSuffix(tt.target, ".md")+".md"))
		if code != 0 || !strings.Contains(stdout, "created "+file) {
			t.Fatalf("new %s %s = %d, %q, %q", tt.typ, tt.target, code, stdout, stderr)
		}
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range tt.want {
			if !strings.Contains(string(data), w) {
				t.Errorf("%s lacks %s:\n%s", file, w, data)
			}
		}
		// Whatever else is wrong with it, its front matter is TOML with
		// only keys its type takes.
		_, _, stderr = runCmd("check", "-s", dir)
		if strings.Contains(stderr, "invalid TOML") || strings.Contains(stderr, "unknown key") || strings.Contains(stderr, "front matter") {
			t.Errorf("new %s writes front matter that does not parse:\n%s", tt.typ, stderr)
		}
	}
	b := filepath.Join(dir, "content", "b")
	// The plan responds to the inspection written before it, and the
	// progress report reports on that plan: what is left is what only
	// the author knows.
	for _, f := range []string{"2022-04-01-inspection.md", "2022-06-01-plan.md", "2022-09-01-progress.md", "letter.md"} {
		fill(t, filepath.Join(b, f), `# source = "https://..."`, `source = "https://example.org/`+f+`"`)
		fillIn(t, filepath.Join(b, f))
	}
	for _, f := range []string{"2022-04-01-inspection.md", "2022-06-01-plan.md", "2022-09-01-progress.md", "letter.md"} {
		undraft(t, filepath.Join(b, f))
	}
	if code, stdout, stderr := runCmd("check", "-s", dir); code != 0 {
		t.Errorf("check after filling in the new documents = %d, %q:\n%s", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCmd("build", "-s", dir, "-d", out); code != 0 {
		t.Errorf("build after filling in the new documents = %d:\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "b", "2022-09-01-progress", "index.html")); err != nil {
		t.Error(err)
	}
}

// TestNewBuilds checks that a document from scrutiny new does not break
// the site while it is a draft, whether or not its slug gives its date,
// and builds once what is marked to fill in is written and its draft
// flag dropped.
func TestNewBuilds(t *testing.T) {
	dir := newSite(t)
	if code, _, stderr := runCmd("new", "-s", dir, "letter", "b/2022-05-01-letter"); code != 0 {
		t.Fatalf("new = %d: %s", code, stderr)
	}
	for _, args := range [][]string{{"inspection", "b/inspection"}, {"improvement-plan", "b/plan"}, {"plan-progress", "b/progress"}} {
		if code, _, stderr := runCmd(append([]string{"new", "-s", dir}, args...)...); code != 0 {
			t.Fatalf("new %s = %d: %s", args, code, stderr)
		}
	}
	if code, _, stderr := runCmd("check", "-s", dir); code != 0 {
		t.Errorf("check with new drafts = %d:\n%s", code, stderr)
	}
	letter := filepath.Join(dir, "content", "b", "2022-05-01-letter.md")
	fillIn(t, letter)
	undraft(t, letter)
	if code, _, stderr := runCmd("check", "-s", dir); code != 0 {
		t.Errorf("check once the new letter is written and no longer a draft = %d:\n%s", code, stderr)
	}
}

func TestNewErrors(t *testing.T) {
	dir := newSite(t)
	existing := filepath.Join(dir, "content", "b", "2022-01-01-letter.md")
	write(t, existing, "mine\n")
	write(t, filepath.Join(dir, "content", "b", "plan", "2022-01-01.md"), "mine\n")
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"inspecton", "b/x"}, 2, `unknown type "inspecton" (did you mean "inspection"?)`},
		{[]string{"letter", "x"}, 2, "<body>/<slug>"},
		{[]string{"letter", "b/"}, 2, "<body>/<slug>"},
		{[]string{"letter", "b/Bad_Name"}, 2, `"Bad_Name" must be lower-case`},
		{[]string{"letter", "../b"}, 2, `".." must be lower-case`},
		{[]string{"letter", "b/../../x"}, 2, "must be lower-case"},
		{[]string{"letter", "c/x"}, 1, `there is no body "c"`},
		{[]string{"letter", "b/2022-01-01-letter"}, 1, "already exists"},
		{[]string{"letter", "b/plan"}, 1, "b/plan is a document with versions"},
	} {
		before := files(t, dir)
		code, _, stderr := runCmd(append([]string{"new", "-s", dir}, tt.args...)...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("new %q = %d, %q; want %d and %q", tt.args, code, stderr, tt.code, tt.stderr)
		}
		sameFiles(t, "new "+strings.Join(tt.args, " "), before, files(t, dir))
	}
	if code, _, stderr := runCmd("new", "-s", t.TempDir(), "letter", "b/x"); code != 1 || !strings.Contains(stderr, "site.toml") {
		t.Errorf("new outside a site = %d, %q", code, stderr)
	}
}

// TestCheckFindsRenderErrors checks that check finds every problem that
// would fail a build, such as a site template that fails on every page.
func TestCheckFindsRenderErrors(t *testing.T) {
	dir := site(t)
	write(t, filepath.Join(dir, "layouts", "page.html"), "{{template \"base.html\" .}}{{define \"main\"}}\n{{.NoSuchField}}{{end}}")
	code, _, stderr := runCmd("build", "-s", dir, "-d", filepath.Join(t.TempDir(), "public"))
	if code != 1 || !strings.Contains(stderr, "layouts/page.html:2:") {
		t.Errorf("build with a broken template = %d, %q; want 1 and the template's position", code, stderr)
	}
	before := files(t, dir)
	code, stdout, stderr := runCmd("check", "-s", dir)
	if code != 1 || !strings.Contains(stderr, "layouts/page.html:2:") {
		t.Errorf("check with a broken template = %d, %q, %q; want 1 and the template's position", code, stdout, stderr)
	}
	sameFiles(t, "check", before, files(t, dir))
}

// TestServeBind checks that an address beyond the loopback, given with
// -bind, is served with a warning, and that the default is the loopback's.
func TestServeBind(t *testing.T) {
	dir := site(t)
	for _, tt := range []struct {
		args    []string
		warning bool
	}{
		{[]string{"serve", "-s", dir, "-port", "0"}, false},
		{[]string{"serve", "-s", dir, "-port", "0", "-bind", "0.0.0.0"}, true},
	} {
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		var stdout, stderr bytes.Buffer
		code := run(ctx, tt.args, &stdout, &stderr)
		cancel()
		if code != 0 || !strings.Contains(stdout.String(), "serving") {
			t.Errorf("%q = %d, %q, %q", tt.args, code, stdout.String(), stderr.String())
		}
		if got := strings.Contains(stderr.String(), "warning: serving on 0.0.0.0:"); got != tt.warning {
			t.Errorf("%q: warned %t, want %t: %q", tt.args, got, tt.warning, stderr.String())
		}
		if !strings.Contains(stdout.String(), "\ndrafts are shown, each page marked as a draft; build leaves them out") {
			t.Errorf("%q does not say that drafts are shown: %q", tt.args, stdout.String())
		}
		if !tt.warning && !strings.Contains(stdout.String(), "127.0.0.1:") {
			t.Errorf("%q: not on the loopback: %q", tt.args, stdout.String())
		}
	}
}

// TestBuildDrafts checks that build leaves a draft out unless given
// -drafts, and then marks each of its pages as a draft, out of search
// engines, as serve does.
func TestBuildDrafts(t *testing.T) {
	dir := site(t)
	page := filepath.Join("felpersham", "2023-01-05-letter", "index.html")
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCmd("build", "-s", dir, "-d", out); code != 0 {
		t.Fatalf("build = %d: %s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, page)); err == nil {
		t.Errorf("build without -drafts published the draft")
	}
	if code, _, stderr := runCmd("build", "-s", dir, "-d", out, "-drafts"); code != 0 {
		t.Fatalf("build -drafts = %d: %s", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(out, page))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`<meta name="robots" content="noindex">`, `id="draft-title"`, "removed from content/felpersham/2023-01-05-letter.md"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("build -drafts: the draft's page lacks %s", want)
		}
	}
	index, err := os.ReadFile(filepath.Join(out, "borsetshire", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(index, []byte("noindex")) || bytes.Contains(index, []byte("draft-title")) {
		t.Errorf("build -drafts marks a page that is not a draft's")
	}
}

// flagName finds the flags that a command's -h lists, as the flag
// package prints them ("  -port port").
var flagName = regexp.MustCompile(`(?m)^  -([A-Za-z]+)`)

// TestUsageListsEveryFlag checks that the top-level usage names every
// command, and every flag each command defines, both on the command's
// line and under Flags, so that the two cannot drift apart.
func TestUsageListsEveryFlag(t *testing.T) {
	_, top, _ := runCmd("help")
	flagsAt := strings.Index(top, "\nFlags:\n")
	if flagsAt < 0 {
		t.Fatalf("the usage has no Flags section:\n%s", top)
	}
	commands, flagList := top[:flagsAt], top[flagsAt:]
	// Each command's lines: from "  scrutiny <command>" to the next.
	blocks := map[string]string{}
	for _, block := range strings.Split(commands, "\n  scrutiny ")[1:] {
		name := strings.Fields(block)[0]
		blocks[name] += block
	}
	for _, tt := range []struct {
		command string
		help    []string // the arguments that print its flags
	}{
		{"init", []string{"init", "-h"}},
		{"serve", []string{"serve", "-h"}},
		{"build", []string{"build", "-h"}},
		{"check", []string{"check", "-h"}},
		{"new", []string{"new", "-h"}},
		{"import", []string{"import", "ofsted-ilacs", "-h"}},
		{"version", []string{"version", "-h"}},
	} {
		block, ok := blocks[tt.command]
		if !ok {
			t.Errorf("the usage does not list %s:\n%s", tt.command, top)
			continue
		}
		delete(blocks, tt.command)
		_, _, help := runCmd(tt.help...)
		names := flagName.FindAllStringSubmatch(help, -1)
		if tt.command != "version" && len(names) == 0 {
			t.Errorf("scrutiny %s lists no flags:\n%s", strings.Join(tt.help, " "), help)
		}
		for _, m := range names {
			if !regexp.MustCompile(`\[-` + m[1] + `[\] =|]`).MatchString(block) {
				t.Errorf("the usage of %s does not give its flag -%s:\n%s", tt.command, m[1], block)
			}
			if !strings.Contains(flagList, "\n  -"+m[1]+" ") {
				t.Errorf("the usage's Flags do not explain -%s (of %s)", m[1], tt.command)
			}
		}
	}
	for name := range blocks {
		t.Errorf("the usage lists %s, which the test does not know: add it above", name)
	}
}
