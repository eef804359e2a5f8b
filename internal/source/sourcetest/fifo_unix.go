//go:build unix

// Package sourcetest makes the special files that tests of what the tool
// reads put among a site's sources.
package sourcetest

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"
)

// FIFO makes a named pipe at p, and its folder. When the test ends it
// opens the pipe for writing and closes it again, which lets go of any
// reader left waiting in it by a test that failed.
func FIFO(t testing.TB, p string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if f, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			f.Close()
		}
	})
}
