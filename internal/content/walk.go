package content

import (
	"io/fs"
	"path"
	"regexp"
	"strings"

	"scrutiny/internal/source"
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

// readDir lists dir, skipping ignored names, and follows symbolic links.
// Whether a link stays inside the site is fsys's to say (a source.Folder
// refuses any that leaves it); what it leads to, like every other entry,
// must be a regular file or a folder, since opening anything else (a named
// pipe) can wait for ever.
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
		mode, err := source.Mode(fsys, name, de)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if err := source.Readable(mode); err != nil {
			errs = append(errs, &fs.PathError{Op: "read", Path: name, Err: err})
			continue
		}
		out = append(out, entry{de.Name(), mode.IsDir()})
	}
	return out, errs
}
