package build

import (
	"fmt"
	"os"
	"testing"
)

// TestMain gives the tests a cache folder of their own, so that the
// manifests of their builds (see manifestFile) neither come from nor go
// into the user's.
func TestMain(m *testing.M) {
	cache, err := os.MkdirTemp("", "scrutiny-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv("XDG_CACHE_HOME", cache)
	code := m.Run()
	os.RemoveAll(cache)
	os.Exit(code)
}
