package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/diag"
	"scrutiny/internal/meta"
)

// runNew writes content/<body>/<slug>.md with the front matter of its type.
func runNew(args []string, stdout, stderr io.Writer) int {
	var f siteFlags
	fset := newFlags("new", &f, stderr, false)
	fset.Usage = func() {
		fmt.Fprintln(stderr, "usage: scrutiny new [-s DIR] <type> <body>/<slug>")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return 2
	}
	if fset.NArg() != 2 {
		fset.Usage()
		return 2
	}
	typ, target := fset.Arg(0), fset.Arg(1)
	src, err := os.ReadFile(filepath.Join(f.site, config.File))
	if err != nil {
		fmt.Fprintf(stderr, "scrutiny new: %v: run it in a site's folder or name one with -s DIR\n", err)
		return 1
	}
	cfg, ds := config.Load(src, "")
	if len(ds) > 0 {
		return report(stderr, f.site, ds.Err())
	}
	ty, ok := cfg.Type(typ)
	if !ok {
		keys := make([]string, len(cfg.Types))
		for i, t := range cfg.Types {
			keys[i] = t.Key
		}
		fmt.Fprintf(stderr, "scrutiny new: unknown type %q%s; types: %s\n", typ, diag.DidYouMean(typ, keys), strings.Join(keys, ", "))
		return 2
	}
	body, slug, ok := strings.Cut(target, "/")
	if !ok || body == "" || slug == "" {
		fmt.Fprintf(stderr, "scrutiny new: name the document as <body>/<slug>, such as gloucestershire/2022-04-01-inspection\n")
		return 2
	}
	slug = strings.TrimSuffix(slug, ".md")
	for _, s := range []string{body, slug} {
		if msg := content.CheckSlug(s); msg != "" {
			fmt.Fprintf(stderr, "scrutiny new: %q %s\n", s, msg)
			return 2
		}
	}
	dir := filepath.Join(f.site, content.Dir, body)
	if _, err := os.Stat(filepath.Join(dir, "_index.md")); errors.Is(err, fs.ErrNotExist) {
		fmt.Fprintf(stderr, "scrutiny new: there is no body %q: create %s first, with name = \"...\"\n", body, filepath.Join(dir, "_index.md"))
		return 1
	}
	file := filepath.Join(dir, slug+".md")
	text := Template(cfg, ty, dateOf(slug))
	// O_EXCL: never overwrite a document someone has written.
	out, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		fmt.Fprintf(stderr, "scrutiny new: %v\n", err)
		return 1
	}
	if _, err := io.WriteString(out, text); err != nil {
		out.Close()
		fmt.Fprintf(stderr, "scrutiny new: %v\n", err)
		return 1
	}
	if err := out.Close(); err != nil {
		fmt.Fprintf(stderr, "scrutiny new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s\n", file)
	return 0
}

// dateOf takes the date from a slug that starts with one, as the usual
// naming does ("2022-04-01-inspection"), for the new document's date.
func dateOf(slug string) string {
	if len(slug) >= 10 && slug[4] == '-' && slug[7] == '-' {
		return slug[:10]
	}
	return "2000-01-01"
}

// Template is the front matter and outline of a new document of type ty.
// Every key it writes is one the type takes, so the file builds as soon as
// its placeholders are filled.
func Template(cfg *config.Site, ty config.Type, date string) string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\n", ty.Label)
	fmt.Fprintf(&b, "type = %q\n", ty.Key)
	fmt.Fprintf(&b, "date = %s\n", date)
	b.WriteString("summary = \"\"\n")
	b.WriteString("source = \"https://\"\n")
	b.WriteString("draft = true  # remove once the document is ready to publish\n")
	switch ty.Role {
	case config.RolePlan:
		b.WriteString("responds_to = \"\"  # the slug of the inspection this plan answers\n\n")
		b.WriteString("[[actions]]\nid = \"A1\"\ntitle = \"\"\nrecommendations = [\"R1\"]\nowner = \"\"\ndue = \"" + date[:7] + "\"\n")
	case config.RoleProgress:
		b.WriteString("plan = \"\"  # the slug of the improvement plan\n\n")
		b.WriteString("[[progress]]\naction = \"A1\"\nstatus = \"on-track\"  # " + statusKeys(cfg) + "\nnote = \"\"\n")
	}
	if ty.Graded {
		fmt.Fprintf(&b, "visit = [%s, %s]  # first and last day of the visit\n\n", date, date)
		f, ok := cfg.FrameworkFor(mustDate(date))
		b.WriteString("[judgements]\n")
		if ok {
			for _, a := range f.Areas {
				fmt.Fprintf(&b, "%s = \"%s\"  # %s\n", a.Key, gradeKey(cfg), a.Label)
			}
		}
		b.WriteString("\n[[recommendations]]\nid = \"R1\"\ntext = \"\"\n")
	}
	b.WriteString("+++\n\n## Summary\n\nWrite the summary here, in your own words.\n")
	return b.String()
}

func statusKeys(cfg *config.Site) string {
	keys := make([]string, len(cfg.Statuses))
	for i, s := range cfg.Statuses {
		keys[i] = s.Key
	}
	return strings.Join(keys, ", ")
}

func gradeKey(cfg *config.Site) string {
	if len(cfg.Grades) == 0 {
		return ""
	}
	return cfg.Grades[len(cfg.Grades)/2].Key
}

func mustDate(s string) meta.Date {
	d, _ := meta.ParseDate(s)
	return d
}
