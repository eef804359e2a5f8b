package main

import (
	"embed"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
)

// starter is the site that init writes: settings, a home page, an
// example council and an accessibility statement, each to make one's own.
//
//go:embed all:starter
var starter embed.FS

// exampleBody is the starter's council: plainly an example, since nothing
// may be said of a real council that nobody wrote.
const exampleBody = "example-council"

// runInit runs "scrutiny init [DIR]": it writes a new site that builds
// and serves at once, into a folder that holds none.
func runInit(args []string, stdout, stderr io.Writer) int {
	var dir string
	fset := flag.NewFlagSet("scrutiny init", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.StringVar(&dir, "s", "", "the `folder` to start the site in (default: the current folder; or name it as DIR)")
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: scrutiny init [DIR]   start a new site in DIR (default: the current folder)")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return 2
	}
	switch {
	case fset.NArg() > 1 || fset.NArg() == 1 && dir != "":
		fset.Usage()
		return 2
	case fset.NArg() == 1:
		dir = fset.Arg(0)
	case dir == "":
		dir = "."
	}
	if msg := occupied(dir); msg != "" {
		fmt.Fprintf(stderr, "scrutiny init: %s already holds %s: init starts a site only where there is none; name a new folder, such as scrutiny init my-site\n", dir, msg)
		return 1
	}
	files, err := starterFiles(time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "scrutiny init: %v\n", err)
		return 1
	}
	for _, f := range files {
		name := filepath.Join(dir, filepath.FromSlash(f.name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			fmt.Fprintf(stderr, "scrutiny init: %v\n", err)
			return 1
		}
		if err := create(name, f.text); err != nil {
			fmt.Fprintf(stderr, "scrutiny init: %v\n", err)
			return 1
		}
	}
	width := 0
	for _, f := range files {
		width = max(width, len(f.name))
	}
	fmt.Fprintf(stdout, "started a site in %s:\n", dir)
	for _, f := range files {
		fmt.Fprintf(stdout, "  %-*s  %s\n", width, f.name, f.what)
	}
	fmt.Fprintf(stdout, "It builds as it is, and build publishes neither draft. Next, in %s:\n"+
		"  scrutiny serve             serve it here, drafts shown, each marked as a draft\n"+
		"  scrutiny check             list what the drafts still need\n"+
		"  scrutiny new body <slug>   start your council's record; then scrutiny new inspection <slug>/<date>-inspection\n", dir)
	return 0
}

func settingsFirst(f starterFile) int {
	if f.name == config.File {
		return 0
	}
	return 1
}

// occupied says what in dir is already a site's, or "".
func occupied(dir string) string {
	if exists(filepath.Join(dir, config.File)) {
		return config.File
	}
	if entries, err := os.ReadDir(filepath.Join(dir, content.Dir)); err == nil && len(entries) > 0 {
		return "a " + content.Dir + "/ folder with files in it"
	}
	return ""
}

// starterFile is a file init writes, and what it is for.
type starterFile struct {
	name, text, what string
}

// starterFiles are the starter's files, and an inspection of the example
// council as new starts one, dated today: a draft, with every grade and
// every sentence marked to fill in, so that nothing in it is published
// as fact.
func starterFiles(today time.Time) ([]starterFile, error) {
	what := map[string]string{
		config.File:                             "the settings: choose the title, address, publisher, logo, colour, menu",
		"content/_index.md":                     "the home page's introduction",
		"content/accessibility.md":              "an accessibility statement to complete (a draft)",
		"content/" + exampleBody + "/_index.md": "an example council, to make your own",
	}
	var files []starterFile
	err := fs.WalkDir(starter, "starter", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		name := strings.TrimPrefix(p, "starter/")
		if what[name] == "" {
			return fmt.Errorf("the starter's %s is not described", name)
		}
		data, err := starter.ReadFile(p)
		files = append(files, starterFile{name: name, text: string(data), what: what[name]})
		return err
	})
	if err != nil {
		return nil, err
	}
	src, err := starter.ReadFile("starter/" + config.File)
	if err != nil {
		return nil, err
	}
	cfg, ds := config.Load(src, "")
	if err := ds.Err(); err != nil {
		return nil, fmt.Errorf("the starter's site.toml: %w", err)
	}
	ty, _ := cfg.Type("inspection")
	date := today.Format(time.DateOnly)
	text := Template(cfg, ty, date, true, relatives{})
	text = strings.Replace(text, "+++\n", "+++\n# An example of an inspection's page, as scrutiny new inspection starts one: a draft,\n"+
		"# with what only its author knows marked [fill in: ...]. Fill it in from a report, or remove it.\n", 1)
	files = append(files, starterFile{
		name: path.Join(content.Dir, exampleBody, date+"-inspection.md"),
		text: text,
		what: "an inspection to fill in (a draft)",
	})
	// The settings first, as the ones to read first.
	slices.SortStableFunc(files, func(a, b starterFile) int { return settingsFirst(a) - settingsFirst(b) })
	return files, nil
}
