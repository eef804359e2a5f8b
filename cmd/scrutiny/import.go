package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"scrutiny/internal/diag"
	"scrutiny/internal/ofsted"
)

const importUsage = `Usage:
  scrutiny import ofsted-ilacs [-s DIR] [-lookup LOOKUP.csv] [-reports DIR] [-n] FILE.csv

Imports Ofsted's inspections of local authority children's services, as the
ILACS scrape tool's CSV lists them: a body per council and a document per
inspection report. With -reports, each row's report PDF is read too: its
whole text becomes the document's, and its dates, lead inspector, grades
and recommendations win over the CSV's, every difference listed. Files written by hand, or edited since they were imported, are never
changed; running it again updates what it wrote and never duplicates.
`

// runImport runs "scrutiny import <source> ...". Ofsted's ILACS outcomes
// are the one source so far.
func runImport(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "-help" || args[0] == "--help" {
		fmt.Fprint(stderr, importUsage)
		return 2
	}
	if args[0] != "ofsted-ilacs" {
		fmt.Fprintf(stderr, "scrutiny import: unknown source %q (the one source is ofsted-ilacs)\n\n%s", args[0], importUsage)
		return 2
	}
	var opt ofsted.Options
	fs := flag.NewFlagSet("scrutiny import ofsted-ilacs", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(stderr, importUsage, "\nFlags:\n")
		fs.PrintDefaults()
	}
	fs.StringVar(&opt.Site, "s", ".", "the site's `folder`")
	fs.StringVar(&opt.Lookup, "lookup", "", "the councils' lookup `CSV` (default: la_lookup.csv beside FILE.csv)")
	fs.BoolVar(&opt.DryRun, "n", false, "report what would change, and write nothing")
	fs.StringVar(&opt.Reports, "reports", "", "the `folder` of the reports' PDF files (<urn>_<local_authority>/<pdf_filename>): their text and facts are imported, and win over the CSV's")
	// Flags may come after the file name too.
	var files []string
	rest := args[1:]
	for {
		if err := fs.Parse(rest); err != nil {
			return 2
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		rest = fs.Args()[1:]
	}
	if len(files) != 1 {
		fmt.Fprintf(stderr, "scrutiny import ofsted-ilacs: name one CSV file of outcomes, not %d\n\n", len(files))
		fs.Usage()
		return 2
	}
	opt.File = files[0]
	if opt.Reports != "" {
		// PDFium's compiled code, kept between runs.
		if dir, err := os.UserCacheDir(); err == nil {
			opt.Cache = filepath.Join(dir, "scrutiny", "pdfium")
		}
	}
	rep, err := ofsted.Import(opt)
	if err != nil {
		if ds, ok := diag.As(err); ok {
			for i := range ds {
				ds[i].File = filepath.ToSlash(ds[i].File)
			}
			diag.Print(stderr, ds, readRegular, nil)
		} else {
			fmt.Fprintf(stderr, "scrutiny import: %v\n", err)
		}
		if rep == nil {
			fmt.Fprintln(stderr, "nothing was written")
		}
		return 1
	}
	if _, err := rep.WriteTo(stdout); err != nil {
		return 1
	}
	if opt.DryRun {
		fmt.Fprintln(stdout, "\n-n: nothing was written")
	}
	return 0
}

// readRegular reads a file that an import's problem names, as given on
// the command line, if it is a regular file: one given as a pipe was read
// to its end already, and reading it again would never end.
func readRegular(name string) ([]byte, error) {
	name = filepath.FromSlash(name)
	if fi, err := os.Stat(name); err != nil || !fi.Mode().IsRegular() {
		return nil, os.ErrInvalid
	}
	return os.ReadFile(name)
}
