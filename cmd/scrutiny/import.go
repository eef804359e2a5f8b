package main

import (
	"fmt"
	"io"
)

// runImport is written by the importer's change.
func runImport(args []string, stdout, stderr io.Writer) int {
	fmt.Fprintln(stderr, "scrutiny import: not available yet")
	return 2
}
