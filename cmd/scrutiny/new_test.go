package main

import (
	"os"
	"path/filepath"
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
// published as fact.
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
			for _, key := range []string{"overall = ", "visit = ", "due = ", "status = "} {
				if strings.HasPrefix(line, key) || strings.Contains(line, "\n"+key) {
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
