package build

import (
	"bytes"
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
	// Routes is how many routes the site has (see route), and Made how
	// many of them the build made: all, but where it kept the rest from
	// the last build into the same folder.
	Routes, Made int
}

// Build loads the site, renders it and writes it to dir. Nothing in dir
// changes unless every page rendered.
//
// Given a cache folder (Options.Cache), a build records there what it
// made (see manifest), and the next build into dir makes again only what
// changed since: nothing, where no input did; else the routes whose keys
// changed, written in place (see output.NewPatch).
func Build(opt Options, siteDir, dir string) (*Result, error) {
	dir, err := checkOut(siteDir, dir)
	if err != nil {
		return nil, err
	}
	var last *manifest
	var key, setup []byte
	keyed := false
	if opt.Cache != "" {
		key, setup, keyed = inputsKey(opt)
	}
	// A build killed while switching left the output to be put right:
	// only a whole build does that (see output.New).
	if keyed && !output.Pending(dir) {
		last = readManifest(opt.Cache, dir)
		if last != nil && bytes.Equal(last.key, key) {
			n := len(last.files)
			return &Result{Stats: output.Stats{Files: n, Unchanged: n}, UpToDate: true, Routes: len(last.routes)}, nil
		}
		if last != nil && !bytes.Equal(last.setup, setup) {
			last = nil // every page's template or maker may differ
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
	open := output.New
	if last != nil {
		open = output.NewPatch
	}
	w, err := open(dir, min)
	if err != nil {
		return nil, err
	}
	// The output stays this build's until its manifest is written: a
	// build that starts meanwhile refuses, rather than wait.
	defer w.Close()
	made := &manifest{key: key, setup: setup, dir: dir, routes: map[string]builtRoute{}}
	var carried map[string]builtRoute
	if last != nil {
		carried = last.routes
	}
	ps, remade := carry(carried, made.routes, w.Write, w.Keep, w.Remove)
	if err := p.render(p.routes(), ps); err != nil {
		if aerr := w.Abort(); aerr != nil {
			err = errors.Join(err, aerr)
		}
		return nil, err
	}
	if last != nil {
		// The routes the site no longer has.
		for name, r := range last.routes {
			if _, ok := made.routes[name]; ok {
				continue
			}
			if r.files == nil {
				w.Remove(name)
			}
			for _, f := range r.files {
				w.Remove(f)
			}
		}
	}
	if keyed {
		// A build killed while committing leaves no manifest, and the
		// next builds everything.
		forgetManifest(opt.Cache, dir)
	}
	stats, err := w.Commit()
	if err != nil {
		return nil, err
	}
	if keyed {
		// The manifest only saves a later build its work: without it,
		// the next build builds everything, as it would anyway.
		if err := writeManifest(opt.Cache, made); err != nil {
			forgetManifest(opt.Cache, dir)
		}
	}
	return &Result{Stats: stats, Routes: len(made.routes), Made: *remade}, nil
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
