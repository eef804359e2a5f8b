// Package source is a site's folder as scrutiny reads it: an fs.FS that
// follows symbolic links only as far as they stay inside the site, and
// reads only regular files.
//
// Every path is resolved to its real path, link by link, and compared with
// the site folder's own real path, so that no chain of links (through a
// dot folder the build never lists, or through another link) reaches a
// file outside the site. A named pipe, a socket or a device is never
// opened: opening a named pipe waits for a writer, for ever.
package source

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
)

// Folder is a site's folder. It implements fs.FS, fs.StatFS, fs.ReadDirFS
// and fs.ReadFileFS; every method refuses a path whose real path lies
// outside the folder, and Open refuses anything but a regular file or a
// folder.
type Folder struct {
	root string // the real path of the site folder
}

// Open returns the site folder dir, which may itself be reached through a
// symbolic link.
func Open(dir string) (*Folder, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	root, err := filepath.EvalSymlinks(abs)
	if err != nil {
		return nil, err
	}
	return &Folder{root: root}, nil
}

// OutsideError is the error for a path that a symbolic link leads out of
// the site.
type OutsideError struct {
	Target string // the real path the link leads to
}

func (e *OutsideError) Error() string {
	return fmt.Sprintf("symbolic link leads outside the site, to %s: only files inside the site are read; copy the file into the site instead", filepath.ToSlash(e.Target))
}

// ErrOutside matches every OutsideError, for errors.Is.
var ErrOutside = errors.New("symbolic link leads outside the site")

func (e *OutsideError) Is(target error) bool { return target == ErrOutside }

// SpecialError is the error for a path that is neither a regular file nor
// a folder.
type SpecialError struct {
	Mode fs.FileMode
}

func (e *SpecialError) Error() string {
	return fmt.Sprintf("is %s, not a regular file: only regular files and folders are read; replace it with a file", Kind(e.Mode))
}

// ErrSpecial matches every SpecialError, for errors.Is.
var ErrSpecial = errors.New("not a regular file or folder")

func (e *SpecialError) Is(target error) bool { return target == ErrSpecial }

// Kind names the kind of file mode m describes, with an article.
func Kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a folder"
	case m.IsRegular():
		return "a regular file"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "a special file"
}

// Mode is what the entry d at name in fsys is, after a symbolic link:
// fsys follows the link, and a site's Folder refuses one that leads
// outside the site. Every walk of the site's folders asks it, so that a
// link is judged by what it leads to.
func Mode(fsys fs.FS, name string, d fs.DirEntry) (fs.FileMode, error) {
	if d.Type()&fs.ModeSymlink == 0 {
		return d.Type(), nil
	}
	info, err := fs.Stat(fsys, name)
	if err != nil {
		return 0, err
	}
	return info.Mode(), nil
}

// Unlinked reports why the entry d at name, met in a walk of the site's
// folder dir ("layouts", "static") that does not follow links to folders,
// may not be taken, or nil: a link out of the site (see Mode), a link to a
// folder, which is said rather than passed over, or what is neither a file
// nor a folder (see Readable).
func Unlinked(fsys fs.FS, name string, d fs.DirEntry, dir string) error {
	mode, err := Mode(fsys, name, d)
	if err != nil {
		return Reason(err)
	}
	if d.Type()&fs.ModeSymlink != 0 && mode.IsDir() {
		return fmt.Errorf("a symbolic link to a folder in %s/ is not followed: copy the folder instead", dir)
	}
	return Readable(mode)
}

// Readable reports why a file of mode m (after links) may not be read, or
// nil: the one rule every reader of the site's files keeps.
func Readable(m fs.FileMode) error {
	if m.IsDir() || m.IsRegular() {
		return nil
	}
	return &SpecialError{Mode: m}
}

// resolve returns the real path of name and what it is, following each
// symbolic link on the way and refusing any that leads outside the site.
// Only the folders below the root are looked at one by one; the root's
// own path was resolved once by Open.
func (f *Folder) resolve(op, name string) (string, fs.FileInfo, error) {
	if !fs.ValidPath(name) {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: fs.ErrInvalid}
	}
	cur := f.root
	info, err := os.Lstat(cur)
	if err != nil {
		return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrap(err)}
	}
	if name == "." {
		return cur, info, nil
	}
	for _, part := range strings.Split(name, "/") {
		cur = filepath.Join(cur, part)
		info, err = os.Lstat(cur)
		if err != nil {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrap(err)}
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			continue
		}
		real, err := filepath.EvalSymlinks(cur)
		if err != nil {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: brokenLink(err)}
		}
		if !f.inside(real) {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: &OutsideError{Target: real}}
		}
		if info, err = os.Lstat(real); err != nil {
			return "", nil, &fs.PathError{Op: op, Path: name, Err: unwrap(err)}
		}
		cur = real
	}
	return cur, info, nil
}

// inside reports whether the real path p is the site folder or below it.
func (f *Folder) inside(p string) bool {
	rel, err := filepath.Rel(f.root, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
}

// brokenLink says why a link could not be followed in words a site author
// acts on.
func brokenLink(err error) error {
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("symbolic link leads nowhere: its target does not exist")
	case errors.Is(err, syscall.ELOOP) || strings.Contains(err.Error(), "too many links"):
		return errors.New("symbolic links lead round in a loop")
	}
	return unwrap(err)
}

// Reason is err without the operation and path of a *fs.PathError: for a
// message that names the file already.
func Reason(err error) error { return unwrap(err) }

// unwrap drops the operation and path of an OS error: the caller's
// PathError names the site's own path instead of the real one.
func unwrap(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// Stat returns what name is, after links: for a link, its target's
// information under name's own base name.
func (f *Folder) Stat(name string) (fs.FileInfo, error) {
	_, info, err := f.resolve("stat", name)
	if err != nil {
		return nil, err
	}
	return named{info, filepath.Base(name)}, nil
}

// named is a FileInfo under another name: a link's target's information
// under the link's name, as os.Stat gives it.
type named struct {
	fs.FileInfo
	name string
}

func (n named) Name() string { return n.name }

// Open opens name, which must be a regular file or a folder inside the
// site. A file is opened without waiting (O_NONBLOCK), and checked again
// once open, so that a named pipe put in a file's place between the two
// looks is refused rather than waited on.
func (f *Folder) Open(name string) (fs.File, error) {
	real, info, err := f.resolve("open", name)
	if err != nil {
		return nil, err
	}
	if err := Readable(info.Mode()); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	file, err := os.OpenFile(real, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrap(err)}
	}
	opened, err := file.Stat()
	if err == nil {
		err = Readable(opened.Mode())
	}
	if err != nil {
		file.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: unwrap(err)}
	}
	return file, nil
}

// ReadFile reads the regular file name.
func (f *Folder) ReadFile(name string) ([]byte, error) {
	file, err := f.Open(name)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := io.ReadAll(file)
	if err != nil {
		return nil, &fs.PathError{Op: "read", Path: name, Err: unwrap(err)}
	}
	return data, nil
}

// ReadDir lists the folder name, sorted by name. Entries are as the folder
// holds them: a link is listed as a link, for the caller to Stat.
func (f *Folder) ReadDir(name string) ([]fs.DirEntry, error) {
	real, info, err := f.resolve("readdir", name)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: errors.New("not a folder")}
	}
	entries, err := os.ReadDir(real)
	if err != nil {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: unwrap(err)}
	}
	return entries, nil
}
