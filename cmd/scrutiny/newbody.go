package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/diag"
)

// newBody writes content/<slug>/_index.md, a body whose name is left to
// fill in: the build refuses it, at that line, until it is given, as
// nothing may be said of a real body that nobody wrote.
func newBody(siteDir string, cfg *config.Site, slug string, stdout, stderr io.Writer) int {
	if msg := content.CheckSlug(slug); msg != "" {
		fmt.Fprintf(stderr, "scrutiny new body: %q %s, such as gloucestershire\n", slug, msg)
		return 2
	}
	if slices.Contains(content.Reserved, slug) {
		fmt.Fprintf(stderr, "scrutiny new body: %q is reserved for the site's own pages (%s): choose another slug\n", slug, strings.Join(content.Reserved, ", "))
		return 2
	}
	dir := filepath.Join(siteDir, content.Dir, slug)
	file := filepath.Join(dir, "_index.md")
	if _, err := os.Stat(file); err == nil {
		fmt.Fprintf(stderr, "scrutiny new body: %s already exists: edit it, or choose another slug\n", file)
		return 1
	}
	if page := filepath.Join(siteDir, content.Dir, slug+".md"); exists(page) {
		fmt.Fprintf(stderr, "scrutiny new body: the page %s has the address /%s/ that the body would have: choose another slug\n", page, slug)
		return 1
	}
	near := diag.Suggest(slug, bodySlugs(siteDir))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		fmt.Fprintf(stderr, "scrutiny new body: %v\n", err)
		return 1
	}
	if err := create(file, BodyTemplate(cfg)); err != nil {
		fmt.Fprintf(stderr, "scrutiny new body: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s: write the %s's name in place of [fill in: ...], which every build asks for until it is given;\n"+
		"then start its documents with scrutiny new <type> %s/<slug>, such as scrutiny new inspection %s/2022-04-01-inspection\n", file, cfg.Body, slug, slug)
	if near != "" {
		fmt.Fprintf(stderr, "note: the site has a body %q already: if you meant that one, remove %s\n", near, dir)
	}
	return 0
}

// BodyTemplate is the front matter of a new body. Its name is marked to
// fill in; what a body may lack is written as comments.
func BodyTemplate(cfg *config.Site) string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "name = %q\n", content.Mark("the "+cfg.Body+"'s full name, as it writes it"))
	b.WriteString(`# short = ""  # a shorter name, for tight spaces
# code = ""  # its official code, such as the ONS code E10000013
# region = ""  # such as "South West"
# website = "https://..."  # its own site
# neighbours = []  # the slugs of the bodies it is compared with, such as its statistical neighbours

# A band on its timeline, such as an improvement notice: one [[periods]] table each.
# [[periods]]
# label = ""
# start = "YYYY-MM"
# end = "YYYY-MM"  # leave it out while the period goes on
# source = "https://..."  # where it is recorded

# Below the closing +++, a few words may introduce it on its page.
+++
`)
	return b.String()
}

// bodySlugs lists the site's bodies: the folders of content/ with an
// _index.md, for "did you mean".
func bodySlugs(siteDir string) []string {
	entries, _ := os.ReadDir(filepath.Join(siteDir, content.Dir))
	var out []string
	for _, e := range entries {
		if e.IsDir() && exists(filepath.Join(siteDir, content.Dir, e.Name(), "_index.md")) {
			out = append(out, e.Name())
		}
	}
	return out
}

func exists(name string) bool {
	_, err := os.Stat(name)
	return err == nil
}
