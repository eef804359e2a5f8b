package source

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"testing/fstest"

	"scrutiny/internal/source/sourcetest"
)

// folder makes root/site with a file, a dot folder and links of every
// kind, root/outside with a secret, and root/via, a link to the site.
func folder(t *testing.T) (root string) {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and named pipes need a Unix file system")
	}
	root = t.TempDir()
	mk := func(name, data string) {
		p := filepath.Join(root, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	ln := func(target, name string) {
		if err := os.Symlink(target, filepath.Join(root, filepath.FromSlash(name))); err != nil {
			t.Fatal(err)
		}
	}
	mk("site/a/file.txt", "inside")
	mk("site/.hidden/kept.txt", "kept")
	mk("outside/secret.txt", "secret")
	ln("file.txt", "site/a/same.txt")
	ln("../.hidden/kept.txt", "site/a/kept.txt")
	ln(filepath.Join(root, "outside"), "site/.out")
	ln("../.out/secret.txt", "site/a/chain.txt")
	ln("../../outside/secret.txt", "site/a/up.txt")
	ln("../.out", "site/a/dir")
	ln("nowhere", "site/a/dangling.txt")
	ln("loop.txt", "site/a/loop.txt")
	ln("site", "via")
	sourcetest.FIFO(t, filepath.Join(root, "site", "a", "pipe"))
	ln("pipe", "site/a/to-pipe")
	return root
}

func TestFolder(t *testing.T) {
	root := folder(t)
	for _, dir := range []string{"site", "via"} {
		f, err := Open(filepath.Join(root, dir))
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			name string
			want string // the contents, or the error it must be
			err  error
		}{
			{"a/file.txt", "inside", nil},
			{"a/same.txt", "inside", nil},
			{"a/kept.txt", "kept", nil},
			{"a/chain.txt", "", ErrOutside},
			{"a/up.txt", "", ErrOutside},
			{"a/dir/secret.txt", "", ErrOutside},
			{".out/secret.txt", "", ErrOutside},
			{"a/dangling.txt", "", nil},
			{"a/loop.txt", "", nil},
			{"a/pipe", "", ErrSpecial},
			{"a/to-pipe", "", ErrSpecial},
			{"../outside/secret.txt", "", fs.ErrInvalid},
		} {
			data, err := fs.ReadFile(f, tt.name)
			switch {
			case tt.want != "":
				if err != nil || string(data) != tt.want {
					t.Errorf("%s: ReadFile(%s) = %q, %v; want %q", dir, tt.name, data, err, tt.want)
				}
			case err == nil:
				t.Errorf("%s: ReadFile(%s) = %q, want an error", dir, tt.name, data)
			case tt.err != nil && !errors.Is(err, tt.err):
				t.Errorf("%s: ReadFile(%s): %v, want %v", dir, tt.name, err, tt.err)
			}
		}
		if info, err := fs.Stat(f, "a/same.txt"); err != nil || info.Name() != "same.txt" || !info.Mode().IsRegular() {
			t.Errorf("%s: Stat of a link = %v, %v; want the file's information under the link's name", dir, info, err)
		}
		if info, err := fs.Stat(f, "a/pipe"); err != nil || info.Mode()&fs.ModeNamedPipe == 0 {
			t.Errorf("%s: Stat of a named pipe = %v, %v; want it said what it is, without opening it", dir, info, err)
		}
	}
}

// TestFolderIsFS runs the standard library's checks of an fs.FS on a site
// folder of plain files.
func TestFolderIsFS(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"site.toml", "content/a/_index.md", "static/css/x.css"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := fstest.TestFS(f, "site.toml", "content/a/_index.md", "static/css/x.css"); err != nil {
		t.Fatal(err)
	}
}

func TestKind(t *testing.T) {
	for _, tt := range []struct {
		mode fs.FileMode
		want string
	}{
		{0, "a regular file"},
		{fs.ModeDir, "a folder"},
		{fs.ModeNamedPipe, "a named pipe (FIFO)"},
		{fs.ModeSocket, "a socket"},
		{fs.ModeDevice | fs.ModeCharDevice, "a character device"},
		{fs.ModeDevice, "a device"},
		{fs.ModeIrregular, "a special file"},
	} {
		if got := Kind(tt.mode); got != tt.want {
			t.Errorf("Kind(%v) = %q, want %q", tt.mode, got, tt.want)
		}
	}
}
