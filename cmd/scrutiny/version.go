package main

import (
	"flag"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
)

// runVersion runs "scrutiny version": what this binary was built from.
func runVersion(args []string, stdout, stderr io.Writer) int {
	fset := flag.NewFlagSet("scrutiny version", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: scrutiny version   print the version of scrutiny, the revision it was built from, and Go's")
	}
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if fset.NArg() > 0 {
		fmt.Fprintf(stderr, "scrutiny version: unexpected argument %q\n", fset.Arg(0))
		return 2
	}
	info, _ := debug.ReadBuildInfo()
	fmt.Fprint(stdout, versionText(info))
	return 0
}

// devel is what stands for a version or revision the binary does not
// know: a build from a working copy (go run, go test, or go build outside
// version control) carries none.
const devel = "(devel)"

// versionText says what info records of the binary: the module's
// version, the source's revision and time (and whether it had changes
// not committed), and the Go it was built with. info may be nil.
func versionText(info *debug.BuildInfo) string {
	version, revision, when, modified, goVersion := devel, devel, devel, false, runtime.Version()
	if info != nil {
		if v := info.Main.Version; v != "" {
			version = v
		}
		if info.GoVersion != "" {
			goVersion = info.GoVersion
		}
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				revision = s.Value
			case "vcs.time":
				when = s.Value
			case "vcs.modified":
				modified = s.Value == "true"
			}
		}
	}
	var b strings.Builder
	fmt.Fprintf(&b, "scrutiny %s\n", version)
	fmt.Fprintf(&b, "revision  %s", revision)
	if modified {
		b.WriteString(" (with changes not committed)")
	}
	if revision == devel {
		b.WriteString(" (built without version control information, as by go run)")
	}
	fmt.Fprintf(&b, "\ntime      %s\ngo        %s\n", when, goVersion)
	return b.String()
}
