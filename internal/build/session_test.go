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
	edit := func(name, old, new string) {
		t.Helper()
		src, err := os.ReadFile(file(name))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Contains(src, []byte(old)) {
			t.Fatalf("%s has no %q", name, old)
		}
		if err := os.WriteFile(file(name), bytes.Replace(src, []byte(old), []byte(new), 1), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	visit := "content/borsetshire/2018-05-14-monitoring-visit.md"
	progress := "content/borsetshire/2020-03-10-progress.md"
	plan := "content/borsetshire/2019-09-improvement-plan/2019-11-15.md"
	letter := "content/felpersham/2024-02-02-letter.md"
	steps := []struct {
		what    string
		changed []string
		do      func()
	}{
		{"a document's text", []string{visit}, func() { edit(visit, "Progress was slow.", "Progress was slow, and uneven.") }},
		{"a document's title", []string{visit}, func() {
			edit(visit, `title = "Monitoring visit to Borsetshire"`, `title = "First monitoring visit to Borsetshire"`)
		}},
		{"a status in a progress report", []string{progress}, func() { edit(progress, `status = "at-risk"`, `status = "off-track"`) }},
		{"the text of a plan's middle version", []string{plan}, func() { edit(plan, "## About the plan\n", "## About the plan\n\nA new opening sentence.\n") }},
		{"a new document", []string{letter}, func() {
			err := os.WriteFile(file(letter), []byte("+++\ntitle = \"Letter\"\ntype = \"letter\"\ndate = 2024-02-02\n+++\nA letter.\n"), 0o644)
			if err != nil {
				t.Fatal(err)
			}
		}},
		{"a document removed", []string{letter}, func() {
			if err := os.Remove(file(letter)); err != nil {
				t.Fatal(err)
			}
		}},
		{"a body's introduction", []string{"content/felpersham/_index.md"}, func() {
			edit("content/felpersham/_index.md", "fictional unitary authority.", "fictional unitary authority in the Midlands.")
		}},
		{"a body's name", []string{"content/felpersham/_index.md"}, func() {
			edit("content/felpersham/_index.md", `name = "Felpersham City Council"`, `name = "Felpersham Council"`)
		}},
		{"site.toml", []string{"site.toml"}, func() { edit("site.toml", `title = "`, `title = "The `) }},
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
