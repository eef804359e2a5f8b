// Command scrutiny builds a versioned static website of public
// accountability reports (inspections, monitoring letters, improvement plans
// and their progress) from Markdown and TOML.
//
// Usage:
//
//	scrutiny build [-s DIR] [-d DIR] [-baseURL URL] [-drafts]
//	scrutiny check [-s DIR] [-baseURL URL] [-drafts]
//	scrutiny serve [-s DIR] [-baseURL URL] [-drafts] [-port N] [-bind ADDR] [-poll]
//	scrutiny import ofsted-ilacs [-s DIR] [-lookup LOOKUP.csv] [-n] FILE.csv
//	scrutiny new [-s DIR] <type> <body>/<slug>
//
// build writes the site to public/ (or -d DIR). It fails on any content
// error, printing every error as file:line:col: message, and leaves the
// previous output exactly as it was. check validates the site and writes
// nothing. serve builds the site in memory, serves it on 127.0.0.1:1313
// under its base path, rebuilds it as its files change and reloads open
// pages; a broken edit shows its errors in the page until it is fixed. new
// starts a document with the front matter its type needs. import turns
// Ofsted's inspections into content: a third-party scrape's table of them,
// and the reports' PDFs themselves.
//
// A site is a folder with site.toml, content/, and optionally layouts/ (to
// override the default templates by name) and static/ (copied as it is).
// See README.md for the format of each file.
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
