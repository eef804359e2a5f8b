package ofsted

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"scrutiny/internal/source/sourcetest"
)

// TestImportReadsOnlyTheSite checks that the importer, which reads the
// site's site.toml and its content before it writes, follows no link out
// of the site and never waits on a named pipe.
func TestImportReadsOnlyTheSite(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links and named pipes need a Unix file system")
	}
	for _, tt := range []struct {
		name string
		make func(t *testing.T, site string)
		want string
	}{
		{"site.toml linked outside", func(t *testing.T, site string) {
			p := filepath.Join(site, "site.toml")
			outside := filepath.Join(t.TempDir(), "site.toml")
			if err := os.Rename(p, outside); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(outside, p); err != nil {
				t.Fatal(err)
			}
		}, "leads outside the site"},
		{"a body's _index.md a named pipe", func(t *testing.T, site string) {
			p := filepath.Join(site, "content", "borsetshire", "_index.md")
			if err := os.Remove(p); err != nil {
				t.Fatal(err)
			}
			sourcetest.FIFO(t, p)
		}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := newSite(t)
			tt.make(t, site)
			done := make(chan error, 1)
			go func() {
				_, err := Import(Options{Site: site, File: "testdata/history.csv", Lookup: "testdata/lookup.csv", DryRun: true})
				done <- err
			}()
			select {
			case err := <-done:
				if tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
					t.Errorf("Import: %v, want an error that the file %s", err, tt.want)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("Import did not end within 10s")
			}
		})
	}
}
