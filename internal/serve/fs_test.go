package serve

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"scrutiny"
	"scrutiny/internal/source/sourcetest"
)

// TestPanelReadsOnlyTheSite checks that the error panel shows no line of a
// file it has refused: not of a file outside the site that a link leads
// to, and not of a named pipe, which it must not even open.
func TestPanelReadsOnlyTheSite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and named pipes need a Unix file system")
	}
	const marker = "OUTSIDE-5d1e02"
	secret := filepath.Join(t.TempDir(), "secret.md")
	var text strings.Builder
	for range 8 {
		text.WriteString(marker + "\n")
	}
	if err := os.WriteFile(secret, []byte(text.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name, file string
		make       func(t *testing.T, p string)
		want       string
	}{
		{"a document linked outside", "content/borsetshire/2020-01-01-letter.md", func(t *testing.T, p string) {
			if err := os.Symlink(secret, p); err != nil {
				t.Fatal(err)
			}
		}, "leads outside the site"},
		{"a layout linked outside", "layouts/partials/footer.html", func(t *testing.T, p string) {
			if err := os.Symlink(secret, p); err != nil {
				t.Fatal(err)
			}
		}, "leads outside the site"},
		{"a named pipe", "content/borsetshire/2020-01-01-letter.md", func(t *testing.T, p string) {
			sourcetest.FIFO(t, p)
		}, "named pipe"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			dir := writeSite(t)
			p := filepath.Join(dir, filepath.FromSlash(tt.file))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			tt.make(t, p)
			host := startWithin(t, dir)
			r := get(t, host+"/inspections/")
			if !strings.Contains(r.body, "The site did not build") || !strings.Contains(r.body, tt.file) || !strings.Contains(r.body, tt.want) {
				t.Errorf("the page does not show the problem with %s (%s):\n%.1000s", tt.file, tt.want, r.body)
			}
			if strings.Contains(r.body, marker) {
				t.Errorf("the error panel shows a file from outside the site:\n%s", r.body)
			}
		})
	}
}

// startWithin starts serving dir like start, failing the test if the
// server's first build does not end within patience.
func startWithin(t *testing.T, dir string) string {
	t.Helper()
	type started struct {
		s   *Server
		err error
	}
	ch := make(chan started, 1)
	go func() {
		s, err := New(Options{Dir: dir, Theme: scrutiny.Theme, Addr: "127.0.0.1:0"})
		ch <- started{s, err}
	}()
	var s *Server
	select {
	case r := <-ch:
		if r.err != nil {
			t.Fatal(r.err)
		}
		s = r.s
	case <-time.After(patience):
		t.Fatalf("the server's first build did not end within %v", patience)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error)
	go func() { done <- s.Serve(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("Serve: %v", err)
		}
	})
	return "http://" + s.host
}
