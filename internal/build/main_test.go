package build_test

import (
	"fmt"
	"os"
	"testing"
)

// testCache is the cache folder the tests' builds are given
// (build.Options.Cache): one of their own, removed as they end.
var testCache string

func TestMain(m *testing.M) {
	var err error
	testCache, err = os.MkdirTemp("", "scrutiny-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(testCache)
	os.Exit(code)
}
