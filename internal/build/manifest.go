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
	"os"
	"path/filepath"
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
// made from and what it wrote: in the user's cache folder, named by a hash
// of dir, rather than in dir itself, where it would be published with the
// site and, since it records the files' times, make two builds' outputs
// differ.
func manifestFile(dir string) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(dir))
	return filepath.Join(cache, "scrutiny", "builds", hex.EncodeToString(sum[:16])), nil
}

// A build's output depends only on its inputs: the site's sources, the
// theme, the options and the program. When none of them changed since the
// last build into the same folder, and the folder still holds exactly the
// files that build wrote, there is nothing to do, and a rebuild costs the
// time to read the sources once rather than to build them.

// inputsKey hashes everything a build's output depends on. It reports
// false where it cannot vouch for the sources: a symbolic link in them (a
// linked folder's files are not walked here, though the build reads them).
func inputsKey(opt Options) ([]byte, bool) {
	h := sha256.New()
	fmt.Fprintf(h, "baseURL=%q drafts=%t\x00", opt.BaseURL, opt.Drafts)
	exe, err := executableHash()
	if err != nil {
		return nil, false
	}
	h.Write(exe)
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
	ok := true
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
		return nil, false
	}
	parallel(len(files), func(i int) {
		f := files[i]
		data, err := fs.ReadFile(f.fsys, f.name)
		f.sum, f.size, f.err = sha256.Sum256(data), len(data), err
	})
	for i, f := range files {
		if f.err != nil {
			return nil, false
		}
		if i == site {
			h.Write([]byte("\x00theme\x00"))
		}
		fmt.Fprintf(h, "%s\x00%d\x00", f.name, f.size)
		h.Write(f.sum[:])
	}
	if site == len(files) {
		h.Write([]byte("\x00theme\x00"))
	}
	return h.Sum(nil), true
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

// writeManifest records, after a build, its inputs' key and the files dir
// now holds.
func writeManifest(dir string, key []byte) error {
	name, err := manifestFile(dir)
	if err != nil {
		return err
	}
	files, err := listOutput(dir)
	if err != nil {
		return err
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "scrutiny build 1 %s %s\n", hex.EncodeToString(key), dir)
	for _, f := range files {
		fmt.Fprintf(&b, "%d %d %s\n", f.size, f.mtime, f.name)
	}
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
func forgetManifest(dir string) {
	if name, err := manifestFile(dir); err == nil {
		os.Remove(name)
	}
}

// upToDate reports whether dir holds what a build with inputs key would
// write: the last build there had the same inputs, and every file it wrote
// is there with the same size and time, and no other. It returns how many
// files the site has.
func upToDate(dir string, key []byte) (int, bool) {
	name, err := manifestFile(dir)
	if err != nil {
		return 0, false
	}
	data, err := os.ReadFile(name)
	if err != nil {
		return 0, false
	}
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(make([]byte, 0, 64<<10), 1<<20)
	if !sc.Scan() || sc.Text() != "scrutiny build 1 "+hex.EncodeToString(key)+" "+dir {
		return 0, false
	}
	var want []outputFile
	for sc.Scan() {
		size, rest, ok1 := strings.Cut(sc.Text(), " ")
		mtime, name, ok2 := strings.Cut(rest, " ")
		s, err1 := strconv.ParseInt(size, 10, 64)
		m, err2 := strconv.ParseInt(mtime, 10, 64)
		if !ok1 || !ok2 || err1 != nil || err2 != nil {
			return 0, false
		}
		want = append(want, outputFile{name, s, m})
	}
	got, err := listOutput(dir)
	if err != nil || len(got) != len(want) {
		return 0, false
	}
	for i := range got {
		if got[i] != want[i] {
			return 0, false
		}
	}
	return len(got), true
}
