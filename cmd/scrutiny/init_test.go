package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestInit checks that init starts a site that check passes and build
// builds at once, publishing neither of its drafts (the inspection, whose
// grades and words are left to fill in, and the accessibility statement),
// with a council that is plainly an example.
func TestInit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "my-site")
	code, stdout, stderr := runCmd("init", dir)
	if code != 0 || !strings.Contains(stdout, "started a site in "+dir) {
		t.Fatalf("init = %d, %q, %q", code, stdout, stderr)
	}
	inspection := filepath.Join("content", "example-council", time.Now().Format(time.DateOnly)+"-inspection.md")
	for _, name := range []string{"site.toml", filepath.Join("content", "_index.md"), filepath.Join("content", "accessibility.md"), filepath.Join("content", "example-council", "_index.md"), inspection} {
		if !strings.Contains(stdout, filepath.ToSlash(name)) {
			t.Errorf("init does not name %s among what it wrote:\n%s", name, stdout)
		}
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Error(err)
		}
	}
	body, _ := os.ReadFile(filepath.Join(dir, "content", "example-council", "_index.md"))
	if !strings.Contains(string(body), `name = "Example Council (an example to replace)"`) {
		t.Errorf("the starter's council is not plainly an example:\n%s", body)
	}

	code, stdout, stderr = runCmd("check", "-s", dir)
	if code != 0 || !strings.HasPrefix(stdout, "no problems found; ") || !strings.Contains(stdout, "in 2 drafts") {
		t.Errorf("check of a new site = %d, %q, %q; want no problems, and the 2 drafts' values to fill in", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCmd("build", "-s", dir, "-d", out); code != 0 {
		t.Fatalf("build of a new site = %d: %s", code, stderr)
	}
	for _, page := range []string{filepath.Join("index.html"), filepath.Join("example-council", "index.html"), filepath.Join("judgements", "index.html")} {
		if _, err := os.Stat(filepath.Join(out, page)); err != nil {
			t.Errorf("build of a new site: %v", err)
		}
	}
	for _, draft := range []string{"accessibility", strings.TrimSuffix(filepath.ToSlash(inspection), ".md")[len("content/"):]} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(draft))); err == nil {
			t.Errorf("build of a new site published the draft %s", draft)
		}
	}
	// No grade of the example's is published: its one document is a draft.
	csv, err := os.ReadFile(filepath.Join(out, "judgements.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if lines := strings.Count(string(csv), "\n"); lines != 1 {
		t.Errorf("judgements.csv of a new site has %d lines, want its header alone:\n%s", lines, csv)
	}

	// The starter takes the other commands as any site does.
	if code, _, stderr := runCmd("new", "-s", dir, "letter", "example-council/2026-01-05-letter"); code != 0 {
		t.Errorf("new in a new site = %d: %s", code, stderr)
	}
}

// TestInitRefuses checks that init writes nothing where a site, or the
// start of one, is already.
func TestInitRefuses(t *testing.T) {
	withToml := t.TempDir()
	write(t, filepath.Join(withToml, "site.toml"), "mine\n")
	withContent := t.TempDir()
	write(t, filepath.Join(withContent, "content", "notes.md"), "mine\n")
	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"init", withToml}, 1, withToml + " already holds site.toml"},
		{[]string{"init", "-s", withContent}, 1, withContent + " already holds a content/ folder with files in it"},
		{[]string{"init", "-s", withToml, "other"}, 2, "usage: scrutiny init"},
		{[]string{"init", "a", "b"}, 2, "usage: scrutiny init"},
	} {
		before, beforeContent := files(t, withToml), files(t, withContent)
		code, _, stderr := runCmd(tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%q = %d, %q; want %d and %q", tt.args, code, stderr, tt.code, tt.stderr)
		}
		sameFiles(t, strings.Join(tt.args, " "), before, files(t, withToml))
		sameFiles(t, strings.Join(tt.args, " "), beforeContent, files(t, withContent))
	}
	// An empty content/ folder is no site yet.
	empty := t.TempDir()
	if err := os.Mkdir(filepath.Join(empty, "content"), 0o755); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCmd("init", "-s", empty); code != 0 {
		t.Errorf("init where content/ is empty = %d: %s", code, stderr)
	}
}
