package build

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/output"
	"scrutiny/internal/render"
)

// manifestFile is the file in which a build into dir records what it was
// made from and what it wrote: in the cache folder the build is given
// (Options.Cache), named by a hash of dir, rather than in dir itself,
// where it would be published with the site and, since it records the
// files' times, make two builds' outputs differ.
func manifestFile(cache, dir string) string {
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(cache, "builds", hex.EncodeToString(sum[:16]))
}

// A build's output depends only on its inputs: the site's sources, the
// theme, the options and the program. When none of them changed since the
// last build into the same folder, and the folder still holds exactly the
// files that build wrote, there is nothing to do, and a rebuild costs the
// time to read the sources once rather than to build them.
//
// When only some changed, the build makes again only the routes whose keys
// changed (see prepare), and leaves the other files as they are: the
// manifest records each route's key. A key stands for what the route's
// template or maker is given, not for the template: the setup key, of
// the program, the options, site.toml and the site's layouts, must be as
// it was too.

// inputsKey hashes everything a build's output depends on, and of that,
// the setup: all but the content and the static files. It reports false
// where it cannot vouch for the sources: a symbolic link in them (a linked
// folder's files are not walked here, though the build reads them).
func inputsKey(opt Options) (key, setup []byte, ok bool) {
	h, hs := sha256.New(), sha256.New()
	both := io.MultiWriter(h, hs)
	day := opt.Today
	if day.IsZero() {
		day = today() // timelines run to it
	}
	fmt.Fprintf(both, "baseURL=%q drafts=%t\x00", opt.BaseURL, opt.Drafts)
	// The day is an input (timelines run to it), but not of the setup:
	// the keys of the pages that show it change with it.
	fmt.Fprintf(h, "today=%s\x00", day)
	exe, err := executableHash()
	if err != nil {
		return nil, nil, false
	}
	both.Write(exe)
	// The files are listed in order, then read and hashed in parallel,
	// and their hashes added in that order.
	type input struct {
		fsys fs.FS
		name string
		sum  [sha256.Size]byte
		size int
		err  error
	}
	var files []*input
	ok = true
	add := func(fsys fs.FS, root string) {
		if fsys == nil || !ok {
			return
		}
		err := fs.WalkDir(fsys, root, func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				if errors.Is(err, fs.ErrNotExist) && p == root {
					return nil // a site need not have layouts/ or static/
				}
				return err
			}
			if d.Type()&fs.ModeSymlink != 0 {
				return errors.New("symbolic link")
			}
			if !d.IsDir() {
				files = append(files, &input{fsys: fsys, name: p})
			}
			return nil
		})
		ok = ok && err == nil
	}
	add(opt.Site, config.File)
	add(opt.Site, content.Dir)
	add(opt.Site, render.Dir)
	add(opt.Site, StaticDir)
	site := len(files)
	add(opt.Theme, render.Dir)
	add(opt.Theme, StaticDir)
	if !ok {
		return nil, nil, false
	}
	parallel(len(files), func(i int) {
		f := files[i]
		data, err := fs.ReadFile(f.fsys, f.name)
		f.sum, f.size, f.err = sha256.Sum256(data), len(data), err
	})
	for i, f := range files {
		if f.err != nil {
			return nil, nil, false
		}
		if i == site {
			h.Write([]byte("\x00theme\x00"))
		}
		w := io.Writer(h)
		if i < site && (f.name == config.File || strings.HasPrefix(f.name, render.Dir+"/")) {
			w = both
		}
		fmt.Fprintf(w, "%s\x00%d\x00", f.name, f.size)
		w.Write(f.sum[:])
	}
	if site == len(files) {
		h.Write([]byte("\x00theme\x00"))
	}
	return h.Sum(nil), hs.Sum(nil), true
}

var exeHash = sync.OnceValues(func() ([]byte, error) {
	name, err := os.Executable()
	if err != nil {
		return nil, err
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
})

// executableHash identifies the running program: a new scrutiny may render
// the same sources differently.
func executableHash() ([]byte, error) { return exeHash() }

// outputFile is a file of the output as a manifest records it.
type outputFile struct {
	name  string // slash path
	size  int64
	mtime int64 // nanoseconds
}

// listOutput lists the site's files in dir (see output.WalkSite).
func listOutput(dir string) ([]outputFile, error) {
	var out []outputFile
	err := output.WalkSite(dir, func(_, rel string, d fs.DirEntry) error {
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		out = append(out, outputFile{rel, info.Size(), info.ModTime().UnixNano()})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out, err
}

// manifest is what a build into a folder records for the next: its
// inputs' and setup's keys (see inputsKey), the files the folder holds,
// and each route's key and, for a route of many files, their names.
type manifest struct {
	key, setup []byte
	dir        string
	files      []outputFile
	routes     map[string]builtRoute
}

const manifestHead = "scrutiny build 2"

// writeManifest records, after a build, its inputs' keys, its routes and
// the files dir now holds.
func writeManifest(cache string, m *manifest) error {
	files, err := listOutput(m.dir)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s %s %s %s\n", manifestHead, hex.EncodeToString(m.key), hex.EncodeToString(m.setup), m.dir)
	for _, f := range files {
		fmt.Fprintf(&b, "f %d %d %s\n", f.size, f.mtime, f.name)
	}
	names := slices.Sorted(maps.Keys(m.routes))
	for _, name := range names {
		r := m.routes[name]
		kind := "r" // a route of one file
		if r.files != nil {
			kind = "m" // of many, named by the lines below
		}
		fmt.Fprintf(&b, "%s %016x %s\n", kind, uint64(r.key), name)
		for _, f := range r.files {
			fmt.Fprintf(&b, "g %s\n", f)
		}
	}
	name := manifestFile(cache, m.dir)
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	// Written whole and then renamed, so that two builds at once leave
	// one manifest or the other, never a mixture.
	tmp, err := os.CreateTemp(filepath.Dir(name), ".tmp-*")
	if err != nil {
		return err
	}
	_, err = tmp.Write(b.Bytes())
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), name)
	}
	if err != nil {
		os.Remove(tmp.Name())
	}
	return err
}

// forgetManifest removes dir's manifest, so that the next build into dir
// builds everything.
func forgetManifest(cache, dir string) { os.Remove(manifestFile(cache, dir)) }

// readManifest reads the manifest of the last build into dir, and
// returns it only if dir holds exactly the files that build wrote, each
// with the same size and time, and no other: then what it records of the
// routes is true of the folder.
func readManifest(cache, dir string) *manifest {
	data, err := os.ReadFile(manifestFile(cache, dir))
	if err != nil {
		return nil
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	if !sc.Scan() {
		return nil
	}
	head := strings.SplitN(sc.Text(), " ", 6)
	if len(head) != 6 || strings.Join(head[:3], " ") != manifestHead || head[5] != dir {
		return nil
	}
	m := &manifest{dir: dir, routes: map[string]builtRoute{}}
	var err1, err2 error
	m.key, err1 = hex.DecodeString(head[3])
	m.setup, err2 = hex.DecodeString(head[4])
	if err1 != nil || err2 != nil {
		return nil
	}
	last := ""
	for sc.Scan() {
		kind, rest, _ := strings.Cut(sc.Text(), " ")
		switch kind {
		case "f":
			size, rest, ok1 := strings.Cut(rest, " ")
			mtime, name, ok2 := strings.Cut(rest, " ")
			s, err1 := strconv.ParseInt(size, 10, 64)
			t, err2 := strconv.ParseInt(mtime, 10, 64)
			if !ok1 || !ok2 || err1 != nil || err2 != nil {
				return nil
			}
			m.files = append(m.files, outputFile{name, s, t})
		case "r", "m":
			key, name, ok := strings.Cut(rest, " ")
			k, err := strconv.ParseUint(key, 16, 64)
			if !ok || err != nil {
				return nil
			}
			r := builtRoute{key: render.Key(k)}
			if kind == "m" {
				r.files = []string{}
			}
			m.routes[name], last = r, name
		case "g":
			r, ok := m.routes[last]
			if !ok {
				return nil
			}
			r.files = append(r.files, rest)
			m.routes[last] = r
		default:
			return nil
		}
	}
	got, err := listOutput(dir)
	if err != nil || !slices.Equal(got, m.files) {
		return nil
	}
	return m
}
