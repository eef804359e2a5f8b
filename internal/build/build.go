package build

import (
	"errors"
	"fmt"
	"math"
	"path/filepath"
	"runtime/debug"
	"runtime/metrics"
	"strings"

	"scrutiny/internal/output"
)

// Result says what a build wrote.
type Result struct {
	output.Stats
	// UpToDate is set when the build found its sources and output as the
	// last build into the same folder left them, and so did nothing.
	UpToDate bool
}

// Build loads the site, renders it and writes it to dir. Nothing in dir
// changes unless every page rendered.
func Build(opt Options, siteDir, dir string) (*Result, error) {
	dir, err := checkOut(siteDir, dir)
	if err != nil {
		return nil, err
	}
	key, keyed := inputsKey(opt)
	// A build killed while switching left the output to be put right:
	// only a real build does that (see output.New).
	if keyed && !output.Pending(dir) {
		if n, ok := upToDate(dir, key); ok {
			return &Result{output.Stats{Files: n, Unchanged: n}, true}, nil
		}
	}
	opt.lean = true
	p, err := Load(opt)
	if err != nil {
		return nil, err
	}
	defer p.Close()
	defer boundMemory()()
	var min = output.NewMinifier()
	if !p.Config.Minify {
		min = nil
	}
	w, err := output.New(dir, min)
	if err != nil {
		return nil, err
	}
	// The output stays this build's until its manifest is written: a
	// build that starts meanwhile refuses, rather than wait.
	defer w.Close()
	if err := p.Render(w.Write); err != nil {
		if aerr := w.Abort(); aerr != nil {
			err = errors.Join(err, aerr)
		}
		return nil, err
	}
	stats, err := w.Commit()
	if err != nil {
		return nil, err
	}
	if keyed {
		// The manifest only saves a later build its work: without it,
		// the next build builds everything, as it would anyway.
		if err := writeManifest(dir, key); err != nil {
			forgetManifest(dir)
		}
	}
	return &Result{Stats: stats}, nil
}

// checkOut refuses an output folder that holds the site or lies inside its
// sources: a build removes stale files from its output, and must never
// remove a source. Both are compared as the real folders they are, after
// symbolic links, and the real output folder is returned to write to.
func checkOut(siteDir, dir string) (string, error) {
	site, err1 := realPath(siteDir)
	out, err2 := realPath(dir)
	if err := errors.Join(err1, err2); err != nil {
		return "", err
	}
	inside := func(child, parent string) bool {
		rel, err := filepath.Rel(parent, child)
		return err == nil && (rel == "." || !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && rel != "..")
	}
	if inside(site, out) {
		return "", fmt.Errorf("output folder %s holds the site itself: name another with -d", dir)
	}
	for _, src := range []string{"content", "layouts", "static"} {
		if inside(out, filepath.Join(site, src)) {
			return "", fmt.Errorf("output folder %s is inside the site's %s/ folder: name another with -d", dir, src)
		}
	}
	return out, nil
}

// realPath is the absolute path of p with every symbolic link resolved; for
// a path that does not exist yet, its nearest existing parent's links are.
func realPath(p string) (string, error) {
	abs, err := filepath.Abs(p)
	if err != nil {
		return "", err
	}
	rest := ""
	for cur := abs; ; {
		if real, err := filepath.EvalSymlinks(cur); err == nil {
			return filepath.Join(real, rest), nil
		}
		parent := filepath.Dir(cur)
		if parent == cur {
			return abs, nil
		}
		rest = filepath.Join(filepath.Base(cur), rest)
		cur = parent
	}
}

// boundMemory sets a soft memory limit for rendering, unless the user set
// one (GOMEMLIMIT), and returns the function that takes it away again.
//
// Once loaded, a site keeps little (its documents' text is read again as
// each renders), and rendering makes garbage fast: with the collector's
// default pace, the heap doubles before each collection. A limit of at
// least 256 MiB holds a build of 10,000 documents under 300 MB for no more
// work (collecting more often throughout, GOGC=50, cost a quarter more
// time). It is three times the loaded site, because the live heap grows
// while rendering (by half, at 100,000 documents): at twice, the collector
// ran without pause and the build took twice as long.
func boundMemory() func() {
	prev := debug.SetMemoryLimit(-1)
	if prev != math.MaxInt64 {
		return func() {} // the user's own limit
	}
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(sample)
	live := int64(0)
	if sample[0].Value.Kind() == metrics.KindUint64 {
		live = int64(sample[0].Value.Uint64())
	}
	debug.SetMemoryLimit(max(256<<20, 3*live))
	return func() { debug.SetMemoryLimit(prev) }
}
