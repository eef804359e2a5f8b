// Command bench measures scrutiny's builds of synthetic sites against the
// floor: the least work any generator must do for the same documents.
//
// Usage, from the repository root:
//
//	go run ./cmd/bench [-sizes 1000,10000,100000] [-dir DIR] [-seed 1] [-runs 3]
//	go run ./cmd/bench -write DIR [-n 1000] [-seed 1]
//	go run ./cmd/bench -profile DIR [-n 10000] [-dir DIR] [-seed 1]
//	go run ./cmd/bench -search OUT
//
// The first form builds the scrutiny command once, writes a synthetic site
// of each size (see internal/synth) into -dir, where later runs reuse it,
// and for each size times, as child processes so that every figure is the
// process's own:
//
//   - the floor: every document read, its front matter decoded, its
//     Markdown converted and its HTML written, one worker per core, with no
//     templates (bench runs itself with -floor for this);
//   - a cold build, into an empty output folder;
//   - a no-change rebuild into the same folder, counting the files whose
//     modification time changed, which must be none;
//   - a one-file rebuild, after a sentence is added to one document;
//   - with -hugo, Hugo's build of the same documents, minified, with the
//     minimal Hugo site given (../shared/bench/hugo-site).
//
// The four are run in turn, -runs times, and the median of each kept, and
// of each run's ratios, since the machine may be shared; every run is
// printed as it ends, so the spread shows. It then
// prints Markdown tables of wall time, CPU time (user and system), peak
// resident memory and the cost per document. The site's edited document
// is put back as it was at the end.
//
// The second form only writes a synthetic site of -n documents into DIR,
// for anyone who wants one to build or serve.
//
// The third builds the site of -n documents in this process, cold, and
// writes a CPU profile (cpu.pprof) and a heap profile taken near the
// build's peak of live memory (heap.pprof) into DIR, for go tool pprof.
//
// The fourth measures, on a site built into OUT, how many bytes the
// search page's script loads for every query of a set (see searchBytes).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("bench", flag.ContinueOnError)
	fs.SetOutput(stderr)
	sizes := fs.String("sizes", "1000,10000", "the sites' `sizes`, in documents, separated by commas")
	dir := fs.String("dir", "", "the `folder` for sites and outputs, kept between runs (default: scrutiny-bench in the temporary folder)")
	seed := fs.Uint64("seed", 1, "the synthetic sites' random `seed`")
	runs := fs.Int("runs", 3, "how many times to run each measurement; the median is kept")
	write := fs.String("write", "", "only write a synthetic site of -n documents into `folder`")
	profile := fs.String("profile", "", "profile a cold build of -n documents in this process, writing cpu.pprof and heap.pprof into `folder`")
	n := fs.Int("n", 1000, "the number of documents for -write and -profile")
	floorMode := fs.Bool("floor", false, "run the floor on the site and output folders given as arguments (bench runs itself so)")
	searchOut := fs.String("search", "", "measure what a search loads on the site built into `folder`")
	hugoSite := fs.String("hugo", "", "also time Hugo (on PATH) building the same documents with the Hugo site in `folder` (../shared/bench/hugo-site)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if *dir == "" {
		*dir = defaultDir()
	}
	// The builds it runs keep what they know for the next (the one-file
	// rebuild reads it) in a cache of the bench's, not the user's.
	os.Setenv("XDG_CACHE_HOME", filepath.Join(*dir, "cache"))
	var err error
	switch {
	case *floorMode:
		if fs.NArg() != 2 {
			fmt.Fprintln(stderr, "bench -floor SITE OUT")
			return 2
		}
		var files int
		files, err = floor(fs.Arg(0), fs.Arg(1))
		if err == nil {
			fmt.Fprintf(stdout, "floor: %d files\n", files)
		}
	case *write != "":
		start := time.Now()
		err = writeSite(*write, *n, *seed)
		if err == nil {
			fmt.Fprintf(stdout, "wrote a site of %d documents into %s in %v\n", *n, *write, time.Since(start).Round(time.Millisecond))
		}
	case *searchOut != "":
		err = searchBytes(stdout, *searchOut)
	case *profile != "":
		err = profileBuild(stderr, *profile, *dir, *n, *seed)
	default:
		var ns []int
		if ns, err = parseSizes(*sizes); err == nil {
			err = measureAll(stdout, stderr, ns, *dir, *seed, max(*runs, 1), *hugoSite)
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "bench: %v\n", err)
		return 1
	}
	return 0
}

func parseSizes(s string) ([]int, error) {
	var ns []int
	for f := range strings.SplitSeq(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n < 1 {
			return nil, fmt.Errorf("-sizes: %q is not a number of documents", f)
		}
		ns = append(ns, n)
	}
	return ns, nil
}
