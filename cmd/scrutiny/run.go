package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"scrutiny"
	"scrutiny/internal/build"
	"scrutiny/internal/diag"
	"scrutiny/internal/source"
)

const usage = `scrutiny builds a versioned website of inspection reports from Markdown and TOML.

Usage:
  scrutiny init [-s DIR | DIR]
      start a new site: settings, a home page, an example council, drafts to fill in
  scrutiny serve [-s DIR] [-baseURL URL] [-drafts=false] [-port N] [-bind ADDR] [-poll]
      serve the site on this machine, rebuilding it as it changes; drafts shown, marked
  scrutiny build [-s DIR] [-d DIR] [-baseURL URL] [-drafts]
      write the site to public/; drafts left out unless -drafts
  scrutiny check [-s DIR] [-baseURL URL] [-drafts]
      validate everything and write nothing; list what the drafts still need
  scrutiny new [-s DIR] <type> <body>/<slug>
      start a document of a type of site.toml, as a draft, such as:
      scrutiny new inspection gloucestershire/2022-04-01-inspection
  scrutiny new [-s DIR] body <slug>
      start a body (a council)
  scrutiny import ofsted-ilacs [-s DIR] [-lookup LOOKUP.csv] [-reports DIR] [-n] FILE.csv
      import Ofsted's inspections: a scrape's table of them, and their report PDFs
  scrutiny version
      print the version of scrutiny, the revision it was built from, and Go's

Flags:
  -s DIR         the site's folder (default: the current folder)
  -d DIR         build: the output folder (default: public/ in the site)
  -baseURL URL   the site's address, overriding site.toml's
  -drafts        build, check: include drafts, each page marked as a draft;
                 serve shows them unless -drafts=false
  -port N        serve: the port (default 1313; 0 picks a free one)
  -bind ADDR     serve: the address (default 127.0.0.1; beyond the loopback,
                 other machines can see the site, drafts included)
  -poll          serve: look for changes every half second, on file systems
                 that do not report them
  -lookup CSV    import: the councils' lookup table (default: la_lookup.csv
                 beside FILE.csv)
  -reports DIR   import: the folder of the reports' PDFs, whose text and facts
                 are imported
  -n             import: report what would change, and write nothing

Run "scrutiny <command> -h" for a command's flags.
`

// run is the whole command, for tests to call: it returns the exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	switch args[0] {
	case "build":
		return runBuild(args[1:], stdout, stderr, true)
	case "check":
		return runBuild(args[1:], stdout, stderr, false)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "init":
		return runInit(args[1:], stdout, stderr)
	case "import":
		return runImport(args[1:], stdout, stderr)
	case "version":
		return runVersion(args[1:], stdout, stderr)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return 0
	}
	fmt.Fprintf(stderr, "scrutiny: unknown command %q\n\n%s", args[0], usage)
	return 2
}

// siteFlags are the flags every command takes.
type siteFlags struct {
	site    string
	out     string
	baseURL string
	drafts  bool
}

func newFlags(name string, f *siteFlags, stderr io.Writer, withOut bool) *flag.FlagSet {
	fs := flag.NewFlagSet("scrutiny "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&f.site, "s", ".", "the site's `folder`")
	if withOut {
		fs.StringVar(&f.out, "d", "", "the output `folder` (default: public/ in the site)")
	}
	fs.StringVar(&f.baseURL, "baseURL", "", "the site's address, overriding site.toml's `URL`")
	// Drafts are what an author is writing: serve shows them unless told
	// not to, where a build leaves them out unless told to.
	if name == "serve" {
		fs.BoolVar(&f.drafts, "drafts", true, "show drafts, each page marked as a draft (-drafts=false: only what build publishes)")
	} else {
		fs.BoolVar(&f.drafts, "drafts", false, "include drafts, each page marked as a draft")
	}
	return fs
}

func runBuild(args []string, stdout, stderr io.Writer, write bool) int {
	var f siteFlags
	name := "check"
	if write {
		name = "build"
	}
	flags := newFlags(name, &f, stderr, write)
	if err := flags.Parse(args); err != nil {
		return 2
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "scrutiny %s: unexpected argument %q\n", name, flags.Arg(0))
		return 2
	}
	site, err := source.Open(f.site)
	if err != nil {
		fmt.Fprintf(stderr, "scrutiny %s: site folder: %v: name a site's folder with -s DIR\n", name, err)
		return 1
	}
	opt := build.Options{Site: site, Theme: scrutiny.Theme, BaseURL: f.baseURL, Drafts: f.drafts}
	start := time.Now()
	if !write {
		// Render every page too, and throw it away: a template can fail
		// on data that only some pages have.
		p, err := build.Load(opt)
		if err == nil {
			err = p.Render(func(string, []byte, bool) error { return nil })
		}
		if err != nil {
			return report(stderr, f.site, site, err)
		}
		defer p.Close()
		fmt.Fprint(stdout, "no problems found")
		notes(stdout, f.site, site, p.Content.ToFill)
		fmt.Fprintln(stdout)
		return 0
	}
	out := f.out
	if out == "" {
		out = filepath.Join(f.site, "public")
	}
	// What a build keeps for the next, so that it makes again only what
	// changed: in the user's cache folder, or nowhere where there is none.
	if cache, err := os.UserCacheDir(); err == nil {
		opt.Cache = filepath.Join(cache, "scrutiny")
	}
	res, err := build.Build(opt, f.site, out)
	if err != nil {
		return report(stderr, f.site, site, err)
	}
	if res.UpToDate {
		fmt.Fprintf(stdout, "%s is up to date: its %d files are what the sources make (checked in %v)\n",
			out, res.Files, time.Since(start).Round(time.Millisecond))
		return 0
	}
	fmt.Fprintf(stdout, "built %d files in %s (%d written, %d unchanged, %d removed) in %v\n",
		res.Files, out, res.Written, res.Unchanged, res.Removed, time.Since(start).Round(time.Millisecond))
	return 0
}

// report prints every diagnostic of err with file names relative to the
// current folder, then a count.
func report(stderr io.Writer, dir string, site fs.FS, err error) int {
	ds, ok := diag.As(err)
	if !ok {
		fmt.Fprintf(stderr, "scrutiny: %v\n", err)
		return 1
	}
	diag.Print(stderr, ds, diag.ReadFS(site), func(f string) string { return filepath.ToSlash(filepath.Join(dir, f)) })
	fmt.Fprintf(stderr, "%d %s; nothing was written\n", len(ds), plural(len(ds), "error", "errors"))
	return 1
}

// notes lists the drafts' values still to fill in, as problems are
// listed, after what check found: none stops a draft being written, and
// each would stop it being published.
func notes(w io.Writer, dir string, site fs.FS, toFill diag.List) {
	if len(toFill) == 0 {
		return
	}
	files := map[string]bool{}
	for _, d := range toFill {
		files[d.File] = true
	}
	fmt.Fprintf(w, "; %d %s still to fill in, in %d %s, which build leaves out; once draft = true is removed, each is an error:\n",
		len(toFill), plural(len(toFill), "value is", "values are"), len(files), plural(len(files), "draft", "drafts"))
	diag.Print(w, diag.Errors(toFill), diag.ReadFS(site), func(f string) string { return filepath.ToSlash(filepath.Join(dir, f)) })
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
