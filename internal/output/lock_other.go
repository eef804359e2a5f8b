//go:build !unix

package output

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
)

// lock is a build's hold on an output folder: a file that exists only
// while a build runs. Without the file locks of Unix, a killed build
// leaves it, and the message says so.
type lock struct {
	f    *os.File
	name string
}

func takeLock(name, dir string) (*lock, error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return nil, fmt.Errorf("%w (if no build is running, one was killed: remove %s)", busy(dir, name), name)
	}
	if err != nil {
		return nil, err
	}
	return &lock{f, name}, nil
}

func (l *lock) release() {
	l.f.Close()
	os.Remove(l.name)
}
