package main

import (
	"fmt"
	"os"
	"testing"
)

// TestMain gives the tests a cache folder of their own, so that what
// their builds keep for the next (build.Options.Cache) neither comes from
// nor goes into the user's.
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
