// Command scrutiny builds a versioned static website of public
// accountability reports (inspections, monitoring letters, improvement plans
// and their progress) from Markdown and TOML.
//
// Usage:
//
//	scrutiny init [-s DIR | DIR]
//	scrutiny serve [-s DIR] [-baseURL URL] [-drafts=false] [-port N] [-bind ADDR] [-poll]
//	scrutiny build [-s DIR] [-d DIR] [-baseURL URL] [-drafts]
//	scrutiny check [-s DIR] [-baseURL URL] [-drafts]
//	scrutiny new [-s DIR] <type> <body>/<slug>
//	scrutiny new [-s DIR] body <slug>
//	scrutiny import ofsted-ilacs [-s DIR] [-lookup LOOKUP.csv] [-reports DIR] [-n] FILE.csv
//	scrutiny version
//
// init starts a new site that builds at once: settings to choose, a home
// page, an example council, and an inspection and an accessibility
// statement as drafts to fill in. build writes the site to public/ (or -d
// DIR). It fails on any content error, printing every error as
// file:line:col: message, and leaves the previous output exactly as it
// was. check validates the site and writes nothing. serve builds the site
// in memory, serves it on 127.0.0.1:1313 under its base path, rebuilds it
// as its files change and reloads open pages; a broken edit shows its
// errors in the page until it is fixed. new starts a document with the
// front matter its type needs, or a body. import turns Ofsted's
// inspections into content: a third-party scrape's table of them, and the
// reports' PDFs themselves. version says what the binary was built from.
//
// Drafts (draft = true) are what an author is still writing: serve shows
// them, each page marked as a draft, and build and check leave them out
// unless given -drafts. new and init mark what only the author knows (a
// grade, a recommendation's words, a status, the text) as
// "[fill in: ...]": a draft may hold such marks, and check lists them;
// in a document that is not a draft each is an error at its line.
//
// A site is a folder with site.toml, content/, and optionally layouts/ (to
// override the default templates by name) and static/ (copied as it is).
// See docs/reference.md for the format of each file.
package main

import (
	"context"
	"os"
	"os/signal"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}
