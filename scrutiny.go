// Package scrutiny holds the default theme: the templates in layouts/ and
// the stylesheet and script in static/. It is embedded in the binary, so a
// site with only site.toml and content/ builds, and the repository's own
// root is itself a working site.
package scrutiny

import "embed"

// Theme is the default theme, with the folders layouts/ and static/.
//
//go:embed layouts static
var Theme embed.FS
