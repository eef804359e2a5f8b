//go:build !unix

// Package sourcetest makes the special files that tests of what the tool
// reads put among a site's sources.
package sourcetest

import "testing"

// FIFO skips the test: named pipes are a Unix file system's.
func FIFO(t testing.TB, p string) {
	t.Helper()
	t.Skip("named pipes need a Unix file system")
}
