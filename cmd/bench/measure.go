package main

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"scrutiny/internal/synth"
)

// sample is one child process's cost.
type sample struct {
	wall, cpu time.Duration
	rss       int64 // peak resident memory, in bytes
	out       string
}

// round is one run of every measurement of a size, taken one after the
// other.
type round struct{ floor, cold, noChange, one, hugo sample }

// result is the median of each measurement of one size, and its runs.
type result struct {
	docs, files                      int
	floor, cold, noChange, one, hugo sample
	rewritten                        int // files whose modification time a no-change rebuild changed
	oneWritten                       int // files a one-file rebuild wrote
	runs                             []round
}

func defaultDir() string { return filepath.Join(os.TempDir(), "scrutiny-bench") }

// writeSite writes a synthetic site into dir, which must be empty or
// absent.
func writeSite(dir string, n int, seed uint64) error {
	if des, err := os.ReadDir(dir); err == nil && len(des) > 0 {
		return fmt.Errorf("%s is not empty", dir)
	}
	return synth.Site(dir, n, seed)
}

// cachedSite returns the synthetic site of n documents in dir, writing it
// first unless an earlier run did. A marker file written after the site
// is complete tells a whole site from one that an interrupted run left
// half written. Delete dir after changing internal/synth.
func cachedSite(stderr io.Writer, dir string, n int, seed uint64) (string, error) {
	site := filepath.Join(dir, fmt.Sprintf("site-%d-seed%d", n, seed))
	done := site + ".done"
	if _, err := os.Stat(done); err == nil {
		return site, nil
	}
	fmt.Fprintf(stderr, "writing a site of %d documents into %s\n", n, site)
	if err := os.RemoveAll(site); err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := synth.Site(site, n, seed); err != nil {
		return "", err
	}
	return site, os.WriteFile(done, nil, 0o644)
}

// buildScrutiny compiles the scrutiny command of the module bench runs
// in, so that every build measured runs the same binary and no
// measurement includes compiling.
func buildScrutiny(tmp string) (string, error) {
	bin := filepath.Join(tmp, "scrutiny")
	cmd := exec.Command("go", "build", "-o", bin, "scrutiny/cmd/scrutiny")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v\n%s", err, out)
	}
	return bin, nil
}

// measure runs a command to its end and returns what it cost. The figures
// are the kernel's for that process alone: bench's own work is not in
// them.
func measure(name string, args ...string) (sample, error) {
	var out bytes.Buffer
	cmd := exec.Command(name, args...)
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(start), out: out.String()}
	if err != nil {
		return s, fmt.Errorf("%s %s: %v\n%s", filepath.Base(name), strings.Join(args, " "), err, out.String())
	}
	ps := cmd.ProcessState
	s.cpu = ps.UserTime() + ps.SystemTime()
	if ru, ok := ps.SysUsage().(*syscall.Rusage); ok {
		s.rss = int64(ru.Maxrss)
		if runtime.GOOS != "darwin" {
			s.rss *= 1024 // Linux and the BSDs count kilobytes
		}
	}
	return s, nil
}

// median returns the sample whose wall time is the median, with the
// median CPU time and peak memory of the samples, each taken on its own.
func median(ss []sample) sample {
	mid := func(f func(sample) int64) int64 {
		vs := make([]int64, len(ss))
		for i, s := range ss {
			vs[i] = f(s)
		}
		slices.Sort(vs)
		return vs[len(vs)/2]
	}
	byWall := slices.Clone(ss)
	slices.SortFunc(byWall, func(a, b sample) int { return cmp.Compare(a.wall, b.wall) })
	m := byWall[len(byWall)/2]
	m.cpu = time.Duration(mid(func(s sample) int64 { return int64(s.cpu) }))
	m.rss = mid(func(s sample) int64 { return s.rss })
	return m
}

var builtRE = regexp.MustCompile(`built (\d+) files .*\((\d+) written`)

// builtCounts reads the files of the site and those written from the
// scrutiny command's last line.
func builtCounts(out string) (files, written int) {
	m := builtRE.FindStringSubmatch(out)
	if m == nil {
		return -1, -1
	}
	files, _ = strconv.Atoi(m[1])
	written, _ = strconv.Atoi(m[2])
	return files, written
}

// mtimes records every file's modification time in dir.
func mtimes(dir string) (map[string]time.Time, error) {
	m := map[string]time.Time{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		m[p] = info.ModTime()
		return nil
	})
	return m, err
}

// touched counts the files that differ between two records: changed,
// added or removed.
func touched(before, after map[string]time.Time) int {
	n := 0
	for p, t := range after {
		if old, ok := before[p]; !ok || !old.Equal(t) {
			n++
		}
	}
	for p := range before {
		if _, ok := after[p]; !ok {
			n++
		}
	}
	return n
}

// editable returns a document of the site's first body that is a single
// file, for the one-file rebuild to change.
func editable(site string) (string, error) {
	body := filepath.Join(site, "content", "council-001")
	des, err := os.ReadDir(body)
	if err != nil {
		return "", err
	}
	for _, de := range des {
		if strings.HasSuffix(de.Name(), ".md") && de.Name() != "_index.md" && !de.IsDir() {
			return filepath.Join(body, de.Name()), nil
		}
	}
	return "", fmt.Errorf("no single-file document in %s", body)
}

// measureAll measures every size and prints the tables.
//
// hugoSite, when not "", is a Hugo site that builds a scrutiny content
// folder (../shared/bench/hugo-site): each run then times Hugo too, on the
// same documents, right after the cold build, so that the two are compared
// under the same load.
func measureAll(stdout, stderr io.Writer, sizes []int, dir string, seed uint64, runs int, hugoSite string) error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "scrutiny-bench-bin")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	bin, err := buildScrutiny(tmp)
	if err != nil {
		return err
	}
	header := fmt.Sprintf("%s/%s, %d cores, %s, %d runs each, median; load average at start %s",
		runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), runtime.Version(), runs, loadAverage())
	fmt.Fprintln(stderr, header)
	var results []result
	for _, n := range sizes {
		r, err := measureSize(stderr, self, bin, dir, n, seed, runs, hugoSite)
		if err != nil {
			return err
		}
		results = append(results, r)
	}
	fmt.Fprintf(stdout, "%s; at end %s.\n\n", header, loadAverage())
	printTables(stdout, results)
	return nil
}

func measureSize(stderr io.Writer, self, bin, dir string, n int, seed uint64, runs int, hugoSite string) (r result, err error) {
	r.docs = n
	site, err := cachedSite(stderr, dir, n, seed)
	if err != nil {
		return r, err
	}
	doc, err := editable(site)
	if err != nil {
		return r, err
	}
	orig, err := os.ReadFile(doc)
	if err != nil {
		return r, err
	}
	// The cached site must stay the one the seed writes.
	defer func() {
		if rerr := os.WriteFile(doc, orig, 0o644); err == nil {
			err = rerr
		}
	}()
	out := filepath.Join(dir, fmt.Sprintf("out-%d", n))
	floorOut := filepath.Join(dir, fmt.Sprintf("floor-%d", n))
	hugoOut := filepath.Join(dir, fmt.Sprintf("hugo-%d", n))
	// The outputs of large sites take gigabytes: none outlives its size.
	defer os.RemoveAll(out)
	defer os.RemoveAll(floorOut)
	defer os.RemoveAll(hugoOut)
	logRun := func(what string, i int, s sample, extra string) {
		fmt.Fprintf(stderr, "%7d docs  %-9s run %d: wall %8s  cpu %8s  peak %6.0f MB%s\n",
			n, what, i+1, secs(s.wall), secs(s.cpu), mb(s.rss), extra)
	}
	build := func() (sample, error) { return measure(bin, "build", "-s", site, "-d", out) }

	// Each run measures the floor, a cold build, a no-change rebuild and
	// a one-file rebuild in turn, rather than every floor first: on a
	// shared machine the load comes and goes, and the ratios are fair
	// only between measurements taken close together.
	for i := range runs {
		if err := os.WriteFile(doc, orig, 0o644); err != nil {
			return r, err
		}
		if err := errors.Join(os.RemoveAll(floorOut), os.RemoveAll(out)); err != nil {
			return r, err
		}
		floor, err := measure(self, "-floor", site, floorOut)
		if err != nil {
			return r, err
		}
		logRun("floor", i, floor, "")

		cold, err := build()
		if err != nil {
			return r, err
		}
		r.files, _ = builtCounts(cold.out)
		logRun("cold", i, cold, fmt.Sprintf("  %d files", r.files))

		var hugo sample
		if hugoSite != "" {
			if err := os.RemoveAll(hugoOut); err != nil {
				return r, err
			}
			// As Hugo's own advice has it for a production build: minified.
			hugo, err = measure("hugo", "--quiet", "--minify", "-s", hugoSite,
				"--contentDir", filepath.Join(site, "content"), "-d", hugoOut, "--cleanDestinationDir")
			if err != nil {
				return r, err
			}
			logRun("hugo", i, hugo, "")
		}

		before, err := mtimes(out)
		if err != nil {
			return r, err
		}
		noChange, err := build()
		if err != nil {
			return r, err
		}
		after, err := mtimes(out)
		if err != nil {
			return r, err
		}
		t := touched(before, after)
		r.rewritten = max(r.rewritten, t)
		logRun("no-change", i, noChange, fmt.Sprintf("  %d files touched", t))

		edited := fmt.Appendf(slices.Clip(orig), "\nA sentence added to this document for the one-file rebuild.\n")
		if err := os.WriteFile(doc, edited, 0o644); err != nil {
			return r, err
		}
		one, err := build()
		if err != nil {
			return r, err
		}
		_, written := builtCounts(one.out)
		r.oneWritten = max(r.oneWritten, written)
		logRun("one-file", i, one, fmt.Sprintf("  %d files written", written))

		r.runs = append(r.runs, round{floor, cold, noChange, one, hugo})
	}
	pick := func(f func(round) sample) []sample {
		var ss []sample
		for _, rd := range r.runs {
			ss = append(ss, f(rd))
		}
		return ss
	}
	r.floor, r.cold = median(pick(floorOf)), median(pick(coldOf))
	r.noChange, r.one, r.hugo = median(pick(noChangeOf)), median(pick(oneOf)), median(pick(hugoOf))
	return r, nil
}

// ratio returns the median over the runs of a ratio between two of each
// run's measurements, of wall time or of CPU time.
func (r result) ratio(cpu bool, num, den func(round) sample) float64 {
	var rs []float64
	for _, rd := range r.runs {
		a, b := num(rd), den(rd)
		if cpu {
			rs = append(rs, ratio(a.cpu, b.cpu))
		} else {
			rs = append(rs, ratio(a.wall, b.wall))
		}
	}
	slices.Sort(rs)
	return rs[len(rs)/2]
}

func floorOf(rd round) sample    { return rd.floor }
func coldOf(rd round) sample     { return rd.cold }
func noChangeOf(rd round) sample { return rd.noChange }
func oneOf(rd round) sample      { return rd.one }
func hugoOf(rd round) sample     { return rd.hugo }

func printTables(w io.Writer, rs []result) {
	fmt.Fprintln(w, "Wall time:")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| documents | files | floor | cold | cold/floor | no-change | no-change/cold | files touched by no-change | one-file | files written by one-file | peak MB cold | peak MB floor | cold µs/doc | floor µs/doc |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		fmt.Fprintf(w, "| %d | %d | %s | %s | %.2f | %s | %.2f | %d | %s | %d | %.0f | %.0f | %.0f | %.0f |\n",
			r.docs, r.files, secs(r.floor.wall), secs(r.cold.wall), r.ratio(false, coldOf, floorOf),
			secs(r.noChange.wall), r.ratio(false, noChangeOf, coldOf), r.rewritten,
			secs(r.one.wall), r.oneWritten, mb(r.cold.rss), mb(r.floor.rss),
			perDoc(r.cold.wall, r.docs), perDoc(r.floor.wall, r.docs))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "CPU time (user + system), which a shared machine disturbs less:")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| documents | floor | cold | cold/floor | no-change | no-change/cold | one-file | peak MB no-change | peak MB one-file | cold µs/doc | floor µs/doc |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		fmt.Fprintf(w, "| %d | %s | %s | %.2f | %s | %.2f | %s | %.0f | %.0f | %.0f | %.0f |\n",
			r.docs, secs(r.floor.cpu), secs(r.cold.cpu), r.ratio(true, coldOf, floorOf),
			secs(r.noChange.cpu), r.ratio(true, noChangeOf, coldOf), secs(r.one.cpu),
			mb(r.noChange.rss), mb(r.one.rss), perDoc(r.cold.cpu, r.docs), perDoc(r.floor.cpu, r.docs))
	}
	fmt.Fprintln(w)
	if rs[0].hugo.wall > 0 {
		fmt.Fprintln(w, "Against Hugo, on the same documents (medians of the runs' paired ratios):")
		fmt.Fprintln(w)
		fmt.Fprintln(w, "| documents | Hugo wall | Hugo CPU | Hugo peak MB | cold/Hugo wall | cold/Hugo CPU |")
		fmt.Fprintln(w, "|---:|---:|---:|---:|---:|---:|")
		for _, r := range rs {
			fmt.Fprintf(w, "| %d | %s | %s | %.0f | %.2f | %.2f |\n", r.docs, secs(r.hugo.wall), secs(r.hugo.cpu), mb(r.hugo.rss),
				r.ratio(false, coldOf, hugoOf), r.ratio(true, coldOf, hugoOf))
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "Spread of wall times over the runs (min–max):")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| documents | floor | cold | no-change | one-file |")
	fmt.Fprintln(w, "|---:|---:|---:|---:|---:|")
	for _, r := range rs {
		fmt.Fprintf(w, "| %d | %s | %s | %s | %s |\n", r.docs,
			r.spread(floorOf), r.spread(coldOf), r.spread(noChangeOf), r.spread(oneOf))
	}
}

func secs(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func mb(b int64) float64 { return float64(b) / (1 << 20) }

func ratio(a, b time.Duration) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

func perDoc(d time.Duration, docs int) float64 {
	return float64(d.Microseconds()) / float64(docs)
}

func (r result) spread(of func(round) sample) string {
	lo, hi := of(r.runs[0]).wall, of(r.runs[0]).wall
	for _, rd := range r.runs {
		lo, hi = min(lo, of(rd).wall), max(hi, of(rd).wall)
	}
	return fmt.Sprintf("%.2f–%.2f s", lo.Seconds(), hi.Seconds())
}

// loadAverage is the system's one-minute load average where the system
// says it, to show how shared the machine was.
func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	if f := strings.Fields(string(b)); len(f) > 0 {
		return f[0]
	}
	return "unknown"
}
