package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestNewNoStatuses checks that a progress report on a site that defines
// no statuses is written, without a status made up, where new panicked.
func TestNewNoStatuses(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "site.toml"), `title = "T"
baseURL = "https://example.org/"
defaults = false

[[grades]]
key = "good"
label = "Good"

[[frameworks]]
key = "f"
label = "F"
from = 2020-01-01
[[frameworks.areas]]
key = "overall"
label = "Overall"

[types.plan]
label = "Plan"
role = "plan"

[types.progress]
label = "Progress report"
role = "progress"
`)
	write(t, filepath.Join(dir, "content", "b", "_index.md"), "+++\nname = \"B\"\n+++\n")
	write(t, filepath.Join(dir, "content", "b", "2022-01-01-plan.md"), "+++\ntitle = \"Plan\"\ntype = \"plan\"\ndate = 2022-01-01\n\n[[actions]]\nid = \"A1\"\ntitle = \"Do\"\n+++\n")
	code, _, stderr := runCmd("new", "-s", dir, "progress", "b/2022-06-01-progress")
	if code != 0 {
		t.Fatalf("new progress = %d, %q", code, stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "content", "b", "2022-06-01-progress.md"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), "\nstatus =") {
		t.Errorf("the progress report gives a status no one gave:\n%s", data)
	}
	if code, _, stderr := runCmd("check", "-s", dir); code != 0 {
		t.Errorf("check with the new progress report = %d:\n%s", code, stderr)
	}
}

// TestNewInventsNothing checks that new leaves grades, visit dates, due
// dates and statuses for the author: a value guessed and left in would be
// published as fact. A value marked to fill in is no claim: the build
// refuses it in a published document.
func TestNewInventsNothing(t *testing.T) {
	dir := newSite(t)
	for _, args := range [][]string{{"inspection", "b/2022-04-01-inspection"}, {"improvement-plan", "b/2022-06-01-plan"}, {"plan-progress", "b/2022-09-01-progress"}} {
		if code, _, stderr := runCmd(append([]string{"new", "-s", dir}, args...)...); code != 0 {
			t.Fatalf("new %s = %d: %s", args, code, stderr)
		}
		// Only lines that are not comments are claims.
		data, err := os.ReadFile(filepath.Join(dir, "content", args[1]+".md"))
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			for _, key := range []string{"overall = ", "visit = ", "due = ", "status = ", "title = ", "text = ", "owner = "} {
				if strings.HasPrefix(line, key) && !strings.Contains(line, "= \"[fill in: ") {
					t.Errorf("new %s writes %q, a value the author did not give", args[0], line)
				}
			}
		}
	}
}

// TestNewUncoveredDate checks that new refuses, and writes nothing, for
// an inspection dated where no framework applies: the document would
// break every build.
func TestNewUncoveredDate(t *testing.T) {
	dir := newSite(t)
	before := files(t, dir)
	code, _, stderr := runCmd("new", "-s", dir, "inspection", "b/1999-01-01-inspection")
	if code != 1 || !strings.Contains(stderr, "no framework in site.toml covers 1999-01-01") {
		t.Errorf("new inspection dated 1999 = %d, %q; want 1 and the reason", code, stderr)
	}
	sameFiles(t, "new inspection dated 1999", before, files(t, dir))
	if code, _, stderr := runCmd("check", "-s", dir); code != 0 {
		t.Errorf("check after new refused = %d:\n%s", code, stderr)
	}
}

// TestNewEveryType starts a document of every type of the default
// site.toml, and checks that each is a draft the site builds with, and
// that once its draft flag is dropped, and nothing else done, the build
// fails naming each value still to fill in at its line and column, with
// nothing written.
func TestNewEveryType(t *testing.T) {
	dir := newSite(t)
	// An inspection with recommendations and a plan with actions, for a
	// new plan and progress report to refer to.
	b := filepath.Join(dir, "content", "b")
	write(t, filepath.Join(b, "2022-01-10-inspection.md"), "+++\ntitle = \"Inspection\"\ntype = \"inspection\"\ndate = 2022-01-10\n[[recommendations]]\nid = \"R1\"\ntext = \"One.\"\n[[recommendations]]\nid = \"R2\"\ntext = \"Two.\"\n+++\n")
	write(t, filepath.Join(b, "2022-02-10-plan.md"), "+++\ntitle = \"Plan\"\ntype = \"improvement-plan\"\ndate = 2022-02-10\nresponds_to = \"2022-01-10-inspection\"\n[[actions]]\nid = \"A1\"\ntitle = \"Do it.\"\nrecommendations = [\"R1\"]\n+++\n")
	cfgTypes := []string{"inspection", "focused-visit", "monitoring-visit", "annual-engagement", "jtai", "send-inspection", "improvement-plan", "plan-progress", "committee-report", "minutes", "letter"}
	for _, typ := range cfgTypes {
		slug := "2022-03-01-" + typ
		if code, _, stderr := runCmd("new", "-s", dir, typ, "b/"+slug); code != 0 {
			t.Fatalf("new %s = %d: %s", typ, code, stderr)
		}
	}
	if code, stdout, stderr := runCmd("check", "-s", dir); code != 0 || !strings.Contains(stdout, "still to fill in, in 11 drafts") {
		t.Errorf("check with every type's new draft = %d, %q, %q; want 0 and the values still to fill in", code, stdout, stderr)
	}
	out := filepath.Join(t.TempDir(), "public")
	if code, _, stderr := runCmd("build", "-s", dir, "-d", out); code != 0 {
		t.Fatalf("build with the drafts = %d: %s", code, stderr)
	}
	before := files(t, out)
	for _, typ := range cfgTypes {
		if _, ok := before[filepath.Join(out, "b", "2022-03-01-"+typ, "index.html")]; ok {
			t.Errorf("build published the draft %s", typ)
		}
	}
	// Where each mark stands, as the build must name it.
	var want []string
	for _, typ := range cfgTypes {
		file := filepath.Join(b, "2022-03-01-"+typ+".md")
		undraft(t, file)
		data, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		marked := 0
		for i, line := range strings.Split(string(data), "\n") {
			if m := marks.FindStringIndex(line); m != nil {
				col := m[0] + 1
				if m[0] > 0 && line[m[0]-1] == '"' {
					col-- // a TOML value is named where its quotes start
				}
				want = append(want, fmt.Sprintf("%s/content/b/2022-03-01-%s.md:%d:%d: ", filepath.ToSlash(dir), typ, i+1, col))
				marked++
			}
		}
		if marked < 2 {
			t.Errorf("new %s marks %d values to fill in, want the title and the text at least:\n%s", typ, marked, data)
		}
	}
	code, stdout, stderr := runCmd("build", "-s", dir, "-d", out)
	if code != 1 || stdout != "" {
		t.Errorf("build with every new document published unfilled = %d, %q; want 1 and nothing", code, stdout)
	}
	var got []string
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, ": ") && !strings.HasPrefix(line, " ") && !strings.Contains(line, "nothing was written") {
			if !strings.Contains(line, "is still to fill in: ") || !strings.Contains(line, "until then, draft = true keeps the document unpublished") {
				t.Errorf("not a value still to fill in: %s", line)
			}
			got = append(got, line[:strings.Index(line, ": ")+2])
		}
	}
	// As problems are printed: by file, then by place.
	fileOf := func(s string) string { return s[:strings.Index(s, ".md:")] }
	slices.SortStableFunc(want, func(a, b string) int { return strings.Compare(fileOf(a), fileOf(b)) })
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("the build names\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if !strings.Contains(stderr, `judgements.overall is still to fill in: give the grade the report gives, one of "outstanding", "good", "requires-improvement", "inadequate"`) {
		t.Errorf("a grade still to fill in does not list the grades:\n%s", stderr)
	}
	sameFiles(t, "a build of unfilled documents", before, files(t, out))
}

// TestNewBody checks that new body starts a body whose name is left to
// fill in, which the build asks for at its line until it is given, and
// that a mistyped body is met with the nearest one.
func TestNewBody(t *testing.T) {
	dir := newSite(t)
	code, stdout, stderr := runCmd("new", "-s", dir, "body", "gloucestershire")
	file := filepath.Join(dir, "content", "gloucestershire", "_index.md")
	if code != 0 || !strings.Contains(stdout, "created "+file) || stderr != "" {
		t.Fatalf("new body = %d, %q, %q", code, stdout, stderr)
	}
	code, _, stderr = runCmd("check", "-s", dir)
	want := filepath.ToSlash(file) + `:2:8: name is still to fill in: write it in place of [fill in: the council's full name, as it writes it]`
	if code != 1 || !strings.Contains(stderr, want+"\n") || !strings.Contains(stderr, "1 error;") {
		t.Errorf("check of a new body = %d, %q\nwant 1 and %s", code, stderr, want)
	}
	fill(t, file, "[fill in: the council's full name, as it writes it]", "Gloucestershire County Council")
	if code, _, stderr := runCmd("check", "-s", dir); code != 0 {
		t.Errorf("check once the name is given = %d: %s", code, stderr)
	}

	for _, tt := range []struct {
		args   []string
		code   int
		stderr string
	}{
		{[]string{"new", "-s", dir, "letter", "b/x", "extra"}, 2, "usage: scrutiny new"},
		{[]string{"new", "-s", dir, "letter", "glocestershire/2022-01-01-letter"}, 1, `there is no body "glocestershire" (did you mean "gloucestershire"?): start one with scrutiny new body glocestershire`},
		{[]string{"new", "-s", dir, "bodie", "x"}, 2, `unknown type "bodie" (did you mean "body"?)`},
		{[]string{"new", "-s", dir, "body", "gloucestershire"}, 1, "already exists"},
		{[]string{"new", "-s", dir, "body", "Glos"}, 2, `"Glos" must be lower-case`},
		{[]string{"new", "-s", dir, "body", "search"}, 2, `"search" is reserved`},
	} {
		before := files(t, dir)
		code, _, stderr := runCmd(tt.args...)
		if code != tt.code || !strings.Contains(stderr, tt.stderr) {
			t.Errorf("%q = %d, %q; want %d and %q", tt.args, code, stderr, tt.code, tt.stderr)
		}
		sameFiles(t, strings.Join(tt.args, " "), before, files(t, dir))
	}
	// A body a letter away from one the site has is likely a slip.
	code, _, stderr = runCmd("new", "-s", dir, "body", "glocestershire")
	if code != 0 || !strings.Contains(stderr, `note: the site has a body "gloucestershire" already`) {
		t.Errorf("new body next to an existing one = %d, %q; want a note naming it", code, stderr)
	}
}
