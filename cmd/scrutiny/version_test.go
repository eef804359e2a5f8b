package main

import (
	"runtime"
	"runtime/debug"
	"strings"
	"testing"
)

// TestVersion checks that version says what the build recorded, and says
// "(devel)" plainly where it recorded nothing.
func TestVersion(t *testing.T) {
	for _, tt := range []struct {
		name string
		info *debug.BuildInfo
		want string
	}{
		{"no build information", nil,
			"scrutiny (devel)\nrevision  (devel) (built without version control information, as by go run)\ntime      (devel)\ngo        " + runtime.Version() + "\n"},
		{"a working copy", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}},
			"scrutiny (devel)\nrevision  (devel) (built without version control information, as by go run)\ntime      (devel)\ngo        go1.26.0\n"},
		{"a build from a checkout with changes", &debug.BuildInfo{
			GoVersion: "go1.26.0",
			Main:      debug.Module{Version: "v0.0.0-20261201160000-f14ae48aaaaa+dirty"},
			Settings: []debug.BuildSetting{
				{Key: "vcs.revision", Value: "f14ae48aaaaa"},
				{Key: "vcs.time", Value: "2026-12-01T16:00:00Z"},
				{Key: "vcs.modified", Value: "true"},
			},
		}, "scrutiny v0.0.0-20261201160000-f14ae48aaaaa+dirty\nrevision  f14ae48aaaaa (with changes not committed)\ntime      2026-12-01T16:00:00Z\ngo        go1.26.0\n"},
	} {
		if got := versionText(tt.info); got != tt.want {
			t.Errorf("%s:\n%s\nwant\n%s", tt.name, got, tt.want)
		}
	}
	code, stdout, stderr := runCmd("version")
	if code != 0 || !strings.HasPrefix(stdout, "scrutiny ") || !strings.Contains(stdout, "\ngo        go") {
		t.Errorf("scrutiny version = %d, %q, %q", code, stdout, stderr)
	}
	if code, _, stderr := runCmd("version", "extra"); code != 2 || !strings.Contains(stderr, `unexpected argument "extra"`) {
		t.Errorf("scrutiny version extra = %d, %q", code, stderr)
	}
}
