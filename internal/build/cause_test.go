package build

import (
	"errors"
	"io/fs"
	"strings"
	"syscall"
	"testing"
)

// TestByCause gives one error for a full disk however many files it
// stopped, and keeps other errors apart.
func TestByCause(t *testing.T) {
	full := func(name string) error {
		return &fs.PathError{Op: "write", Path: name, Err: syscall.ENOSPC}
	}
	other := errors.New("something else")
	got := byCause([]error{full("a"), full("b"), other, full("c")})
	if len(got) != 2 {
		t.Fatalf("%d errors, want 2: %v", len(got), got)
	}
	if !errors.Is(got[0], syscall.ENOSPC) || !strings.Contains(got[0].Error(), "and 2 more files for the same reason") {
		t.Errorf("the full disk's error is %q", got[0])
	}
	if got[1] != other {
		t.Errorf("the other error is %v", got[1])
	}
}
