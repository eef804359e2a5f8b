package content

import (
	"errors"
	"io/fs"
	"path"
	"regexp"
	"strings"
)

// Slug rules: a body or document slug is its file or folder name.
var slugRule = regexp.MustCompile(`^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$`)

// Reserved names that a body or page slug may not take, because the site
// uses them for its own pages.
var Reserved = []string{"judgements", "changes", "search", "types", "data", "404", "feed", "sitemap", "robots", "css", "js", "img", "static"}

// CheckSlug returns why s is not a valid slug, or "".
func CheckSlug(s string) string {
	if !slugRule.MatchString(s) {
		return "must be lower-case letters, digits and hyphens, starting and ending with a letter or digit"
	}
	return ""
}

func isReserved(s string) bool {
	for _, r := range Reserved {
		if s == r {
			return true
		}
	}
	return false
}

// versionName matches a version file's name.
var versionName = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})\.md$`)

// ignored reports whether a file is an editor's or system's own: dot files,
// backups and swap files are never content.
func ignored(name string) bool {
	return strings.HasPrefix(name, ".") || strings.HasSuffix(name, "~") ||
		strings.HasPrefix(name, "#") || strings.HasSuffix(name, ".swp") || strings.HasSuffix(name, ".tmp")
}

// entry is a directory entry with symbolic links resolved.
type entry struct {
	name  string
	isDir bool
}

// readDir lists dir, skipping ignored names, and resolves symbolic links,
// refusing any that lead outside the site: nothing in content may make the
// tool read a file that is not part of the site.
func readDir(fsys fs.FS, dir string) ([]entry, []error) {
	des, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, []error{err}
	}
	var out []entry
	var errs []error
	for _, de := range des {
		if ignored(de.Name()) {
			continue
		}
		name := path.Join(dir, de.Name())
		if de.Type()&fs.ModeSymlink != 0 {
			if err := CheckLink(fsys, name); err != nil {
				errs = append(errs, err)
				continue
			}
			info, err := fs.Stat(fsys, name)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			out = append(out, entry{de.Name(), info.IsDir()})
			continue
		}
		if !de.IsDir() && !de.Type().IsRegular() {
			errs = append(errs, &fs.PathError{Op: "read", Path: name, Err: errors.New("not a regular file or folder")})
			continue
		}
		out = append(out, entry{de.Name(), de.IsDir()})
	}
	return out, errs
}

// ErrOutside is returned for a symbolic link that leads outside the site.
var ErrOutside = errors.New("symbolic link leads outside the site: copy the file into the site instead")

// CheckLink follows the symbolic link at name (and any links it leads to)
// and fails unless every step stays inside fsys.
func CheckLink(fsys fs.FS, name string) error {
	rl, ok := fsys.(fs.ReadLinkFS)
	if !ok {
		return nil // an in-memory FS has no links
	}
	cur := name
	for range 40 {
		target, err := rl.ReadLink(cur)
		if err != nil {
			return &fs.PathError{Op: "readlink", Path: name, Err: err}
		}
		if path.IsAbs(target) || strings.HasPrefix(target, "/") {
			return &fs.PathError{Op: "read", Path: name, Err: ErrOutside}
		}
		next := path.Join(path.Dir(cur), target)
		if next == ".." || strings.HasPrefix(next, "../") {
			return &fs.PathError{Op: "read", Path: name, Err: ErrOutside}
		}
		info, err := rl.Lstat(next)
		if err != nil {
			return &fs.PathError{Op: "read", Path: name, Err: errors.New("symbolic link leads nowhere")}
		}
		if info.Mode()&fs.ModeSymlink == 0 {
			return nil
		}
		cur = next
	}
	return &fs.PathError{Op: "read", Path: name, Err: errors.New("too many levels of symbolic links")}
}
