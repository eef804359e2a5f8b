package build_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"scrutiny"
	"scrutiny/internal/build"
)

// TestSessionMatchesBuild edits the basic site one step at a time, as an
// author would, and after each step checks that the live server's
// incremental build holds exactly the files a whole new build makes: what
// a session leaves alone must be what would not have changed.
func TestSessionMatchesBuild(t *testing.T) {
	dir := writeDir(t, mapFiles(readSite(t, "basic")))
	file := func(name string) string { return filepath.Join(dir, filepath.FromSlash(name)) }
	edit := func(name, old, new string) { t.Helper(); editFile(t, dir, name, old, new) }
	visit := "content/borsetshire/2018-05-14-monitoring-visit.md"
	progress := "content/borsetshire/2020-03-10-progress.md"
	plan := "content/borsetshire/2019-09-improvement-plan/2019-11-15.md"
	letter := "content/felpersham/2024-02-02-letter.md"
	inspection := "content/borsetshire/2019-06-28-inspection.md"
	// patched says which steps change texts alone, which the session
	// patches into the site it has rather than load it again.
	steps := []struct {
		what    string
		changed []string
		do      func()
		patched bool
	}{
		{"a document's text", []string{visit}, func() { edit(visit, "Progress was slow.", "Progress was slow, and uneven.") }, true},
		{"a document's title", []string{visit}, func() {
			edit(visit, `title = "Monitoring visit to Borsetshire"`, `title = "First monitoring visit to Borsetshire"`)
		}, false},
		{"a document's text again, after its front matter changed", []string{visit}, func() { edit(visit, "slow, and uneven.", "slow and uneven.") }, true},
		{"a status in a progress report", []string{progress}, func() { edit(progress, `status = "at-risk"`, `status = "off-track"`) }, false},
		{"the text of a plan's middle version", []string{plan}, func() { edit(plan, "## About the plan\n", "## About the plan\n\nA new opening sentence.\n") }, true},
		{"a new heading in a text that others link to", []string{inspection}, func() {
			edit(inspection, "Services are no longer inadequate.", "Services are no longer inadequate.\n\n## Since then\n\nMore was done.")
		}, true},
		{"the home page's text", []string{"content/_index.md"}, func() { edit("content/_index.md", "first.", "before anything else.") }, true},
		{"a page's text", []string{"content/about.md"}, func() { edit("content/about.md", "A test site.", "A site for tests.") }, true},
		{"two texts at once", []string{visit, "content/about.md"}, func() {
			edit(visit, "slow and uneven.", "slow.")
			edit("content/about.md", "A site for tests.", "A test site.")
		}, true},
		{"a new document", []string{letter}, func() {
			err := os.WriteFile(file(letter), []byte("+++\ntitle = \"Letter\"\ntype = \"letter\"\ndate = 2024-02-02\n+++\nA letter.\n"), 0o644)
			if err != nil {
				t.Fatal(err)
			}
		}, false},
		{"a document removed", []string{letter}, func() {
			if err := os.Remove(file(letter)); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"a body's introduction", []string{"content/felpersham/_index.md"}, func() {
			edit("content/felpersham/_index.md", "fictional unitary authority.", "fictional unitary authority in the Midlands.")
		}, true},
		{"a body's name", []string{"content/felpersham/_index.md"}, func() {
			edit("content/felpersham/_index.md", `name = "Felpersham City Council"`, `name = "Felpersham Council"`)
		}, false},
		{"site.toml", []string{"site.toml"}, func() { edit("site.toml", `title = "`, `title = "The `) }, false},
		{"a document's text, after the site loaded again", []string{visit}, func() { edit(visit, "slow.", "slow, at first.") }, true},
	}

	s := build.NewSession(build.Options{Site: os.DirFS(dir), Theme: scrutiny.Theme})
	if _, err := s.Build(nil); err != nil {
		t.Fatal(err)
	}
	for _, step := range steps {
		step.do()
		snap, err := s.Build(step.changed)
		if err != nil {
			t.Fatalf("after %s: %v", step.what, err)
		}
		want := render(t, os.DirFS(dir))
		lazy := 0
		for name, data := range want {
			got, ok, err := snap.File(name)
			if err != nil {
				t.Fatal(err)
			}
			if _, inFiles := snap.Files[name]; !inFiles {
				lazy++
			}
			switch {
			case !ok:
				t.Errorf("after %s: the session has no %s", step.what, name)
			case !bytes.Equal(got, data):
				t.Errorf("after %s: the session's %s differs from a new build's:\n%s", step.what, name, firstDiff(data, got))
			}
		}
		if len(snap.Files)+lazy != len(want) {
			var extra []string
			for name := range snap.Files {
				if _, ok := want[name]; !ok {
					extra = append(extra, name)
				}
			}
			t.Errorf("after %s: the session has files a new build does not make: %s", step.what, strings.Join(extra, " "))
		}
		if snap.Patched != step.patched {
			t.Errorf("after %s: patched = %t, want %t", step.what, snap.Patched, step.patched)
		}
		if step.what == "a document's text" && snap.Made > 10 {
			t.Errorf("after %s: the session made %d files again, want only the document's own", step.what, snap.Made)
		}
	}
}

// TestSessionSeesNewClash checks that the live server, which keeps its
// check of the output's paths between edits, still finds a clash that an
// edit brings, at the edit, and forgets it once the edit is undone.
func TestSessionSeesNewClash(t *testing.T) {
	dir := writeDir(t, mapFiles(readSite(t, "basic")))
	s := build.NewSession(build.Options{Site: os.DirFS(dir), Theme: scrutiny.Theme})
	if _, err := s.Build(nil); err != nil {
		t.Fatal(err)
	}
	// A text edit: the same paths, the same (clean) check.
	visit := "content/borsetshire/2018-05-14-monitoring-visit.md"
	src, err := os.ReadFile(filepath.Join(dir, visit))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, visit), append(src, "\nMore words.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Build([]string{visit}); err != nil {
		t.Fatalf("after a text edit: %v", err)
	}
	// A static file where the body's page is.
	clash := "static/borsetshire/index.html"
	if err := os.MkdirAll(filepath.Join(dir, "static", "borsetshire"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(clash)), []byte("<p>x</p>"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = s.Build([]string{clash})
	if err == nil || !strings.Contains(err.Error(), clash) {
		t.Fatalf("after a static file took the body's page: %v, want an error at %s", err, clash)
	}
	if err := os.Remove(filepath.Join(dir, filepath.FromSlash(clash))); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Build([]string{clash}); err != nil {
		t.Fatalf("after the clash was undone: %v", err)
	}
}

// TestSessionPatchChecks checks that an edit the session patches in,
// without loading the site again, is checked as a whole build would
// check it: a link it breaks, and a link elsewhere to an anchor it takes
// away, are errors at their lines, and the last good build stays.
func TestSessionPatchChecks(t *testing.T) {
	dir := writeDir(t, mapFiles(readSite(t, "basic")))
	s := build.NewSession(build.Options{Site: os.DirFS(dir), Theme: scrutiny.Theme})
	if _, err := s.Build(nil); err != nil {
		t.Fatal(err)
	}
	set := func(name, old, new string) { t.Helper(); editFile(t, dir, name, old, new) }
	about, inspection := "content/about.md", "content/borsetshire/2019-06-28-inspection.md"
	steps := []struct {
		what, file, old, new string
		want                 string // in the error; "" for none
	}{
		{"a link to no page", about, "A test site.", "A [test](/nowhere/) site.", "content/about.md:9:3: link to /nowhere/ goes nowhere"},
		{"the link mended", about, "A [test](/nowhere/) site.", "A test site.", ""},
		{"a heading the home page links to, renamed", about, "## How to use this site", "## Using this site", "content/_index.md:9:6: link to /about/#how-to-use-this-site: the page has no anchor"},
		{"the heading as it was", about, "## Using this site", "## How to use this site", ""},
		{"a heading another document links to, renamed", inspection, "## What inspectors found", "## Findings", "content/borsetshire/2020-03-10-progress.md"},
		{"the heading as it was", inspection, "## Findings", "## What inspectors found", ""},
	}
	for _, step := range steps {
		set(step.file, step.old, step.new)
		snap, err := s.Build([]string{step.file})
		if step.want == "" {
			if err != nil {
				t.Fatalf("after %s: %v", step.what, err)
			}
			if !snap.Patched {
				t.Errorf("after %s: the session loaded the site again, where a patch does", step.what)
			}
			continue
		}
		if err == nil || !strings.Contains(err.Error(), step.want) {
			t.Fatalf("after %s: error %v, want one with %q", step.what, err, step.want)
		}
		// A whole build finds the same.
		if _, err := build.Load(build.Options{Site: os.DirFS(dir), Theme: scrutiny.Theme}); err == nil || !strings.Contains(err.Error(), step.want) {
			t.Errorf("after %s: a whole build's error is %v, want one with %q", step.what, err, step.want)
		}
	}
}
