//go:build unix

package output

import (
	"errors"
	"os"
	"syscall"
)

// lock is a build's hold on an output folder: an OS file lock, which the
// system lets go of when the build ends, however it ends.
type lock struct {
	f    *os.File
	name string
}

// takeLock takes the lock in the file name for the output folder dir, or
// fails at once if another build holds it.
func takeLock(name, dir string) (*lock, error) {
	for {
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
		if err != nil {
			return nil, err
		}
		if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
			f.Close()
			if errors.Is(err, syscall.EWOULDBLOCK) {
				return nil, busy(dir, name)
			}
			return nil, err
		}
		// The build before removes the file as it lets go: a lock on a
		// file no longer at name guards nothing, so take the new one.
		held, err1 := f.Stat()
		now, err2 := os.Stat(name)
		if err1 == nil && err2 == nil && os.SameFile(held, now) {
			return &lock{f, name}, nil
		}
		f.Close()
	}
}

// release removes the lock's file while it still holds it, then lets go.
func (l *lock) release() {
	os.Remove(l.name)
	l.f.Close()
}
