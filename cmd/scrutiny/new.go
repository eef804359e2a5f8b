package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing/fstest"
	"time"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/diag"
	"scrutiny/internal/meta"
	"scrutiny/internal/source"
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
	site, err := source.Open(f.site)
	var src []byte
	if err == nil {
		src, err = fs.ReadFile(site, config.File)
	}
	if err != nil {
		fmt.Fprintf(stderr, "scrutiny new: %v: run it in a site's folder or name one with -s DIR\n", err)
		return 1
	}
	cfg, ds := config.Load(src, "")
	if len(ds) > 0 {
		return report(stderr, f.site, site, ds.Err())
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
	if info, err := os.Stat(filepath.Join(dir, slug)); err == nil && info.IsDir() {
		fmt.Fprintf(stderr, "scrutiny new: %s/%s is a document with versions (%s): add a version instead, as a file named by its date in that folder, such as %s, copied from the latest with a change note\n",
			body, slug, filepath.Join(dir, slug)+string(filepath.Separator), filepath.Join(dir, slug, time.Now().Format(time.DateOnly)+".md"))
		return 1
	}
	if _, err := os.Stat(file); err == nil {
		fmt.Fprintf(stderr, "scrutiny new: %s already exists: edit it, or choose another slug\n", file)
		return 1
	}
	// The body's own documents fill in what a plan responds to and what a
	// progress report reports on, so the new file builds as it is.
	loaded, _ := content.Load(site, cfg, content.Options{Drafts: true})
	links := related(loaded.Body(body))
	if ty.Role == config.RoleProgress && links.plan == nil {
		fmt.Fprintf(stderr, "scrutiny new: %s has no improvement plan for a progress report to report on: start one with scrutiny new improvement-plan %s/<slug>\n", body, body)
		return 1
	}
	date := dateOf(slug, time.Now())
	if _, ok := cfg.FrameworkFor(mustDate(date)); ty.Graded && !ok {
		fmt.Fprintf(stderr, "scrutiny new: no framework in site.toml covers %s, the date of %s/%s: start the slug with the visit's date, such as %s/2022-04-01-%s, or add a framework that covers it to site.toml\n", date, body, slug, body, ty.Key)
		return 1
	}
	text := Template(cfg, ty, date, links)
	// The last word is the build's own: a document it would reject, for
	// whatever reason, is not written.
	rel := content.Dir + "/" + body + "/" + slug + ".md"
	withNew := overlay{os.DirFS(f.site), rel, []byte(text)}
	if _, ds := content.Load(withNew, cfg, content.Options{Drafts: true}); ds.Err() != nil {
		var mine diag.List
		for _, d := range ds {
			if d.File == rel {
				mine = append(mine, d)
			}
		}
		if len(mine) > 0 {
			fmt.Fprintf(stderr, "scrutiny new: %s would not build, so it is not written:\n", rel)
			return report(stderr, f.site, withNew, mine.Err())
		}
	}
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
// naming does ("2022-04-01-inspection"), for the new document's date, and
// otherwise gives today's: a date the site's frameworks and plans cover,
// so that the new document builds.
func dateOf(slug string, today time.Time) string {
	if len(slug) >= 10 {
		if d, err := meta.ParseDate(slug[:10]); err == nil && d.Prec == meta.Day {
			return slug[:10]
		}
	}
	return today.Format(time.DateOnly)
}

// relatives are the documents of a body that a new plan or progress report
// refers to: the latest with recommendations, and the latest plan.
type relatives struct {
	inspection, plan *content.Version
}

func related(b *content.Body) relatives {
	var r relatives
	if b == nil {
		return r
	}
	for _, d := range b.Docs {
		v := d.Latest()
		if len(v.Recommendations) > 0 {
			r.inspection = v
		}
		if v.Type.Role == config.RolePlan && len(v.Actions) > 0 {
			r.plan = v
		}
	}
	return r
}

// Template is the front matter and outline of a new document of type ty.
// Every key it writes is one the type takes, and every value one that
// builds, so the file can be checked at once and its placeholders filled
// in. What only the author knows (grades, visit dates, an action's status
// or due date) is written as a comment to fill in, never guessed: a
// guessed grade left in would be published as Ofsted's.
func Template(cfg *config.Site, ty config.Type, date string, rel relatives) string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\n", ty.Label)
	fmt.Fprintf(&b, "type = %q\n", ty.Key)
	fmt.Fprintf(&b, "date = %s\n", date)
	b.WriteString("summary = \"\"\n")
	b.WriteString("# source = \"https://...\"  # the original's address\n")
	b.WriteString("draft = true  # remove once the document is ready to publish\n")
	switch ty.Role {
	case config.RolePlan:
		if v := rel.inspection; v != nil {
			fmt.Fprintf(&b, "responds_to = %q  # the document whose recommendations this plan answers\n", v.Doc.Slug)
			for i, r := range v.Recommendations {
				fmt.Fprintf(&b, "\n[[actions]]\nid = \"A%d\"\ntitle = \"What will be done about %s\"\nrecommendations = [%q]\nowner = \"\"\n# due = \"YYYY-MM\"  # when it is to be done\n", i+1, r.ID, r.ID)
			}
		} else {
			b.WriteString("# responds_to = \"\"  # the slug of the document whose recommendations this plan answers\n")
			b.WriteString("\n[[actions]]\nid = \"A1\"\ntitle = \"What will be done\"\nowner = \"\"\n# due = \"YYYY-MM\"  # when it is to be done\n")
		}
	case config.RoleProgress:
		fmt.Fprintf(&b, "plan = %q  # the improvement plan reported on\n", rel.plan.Doc.Slug)
		// A status is the author's finding: each entry waits, commented,
		// for one. A site with no statuses has nothing to report them in.
		if len(cfg.Statuses) == 0 {
			b.WriteString("# site.toml defines no [[statuses]], so there is no action's progress to report\n")
			break
		}
		for _, a := range rel.plan.Actions {
			fmt.Fprintf(&b, "\n# Uncomment, with the action's status: %s\n# [[progress]]\n# action = %q\n# status = \"\"\n# note = \"\"\n", statusKeys(cfg), a.ID)
		}
	}
	if ty.Graded {
		b.WriteString("# visit = [YYYY-MM-DD, YYYY-MM-DD]  # first and last day of the visit\n\n")
		f, ok := cfg.FrameworkFor(mustDate(date))
		b.WriteString("[judgements]  # uncomment each area's grade as the report gives it\n")
		if ok {
			for _, a := range f.Areas {
				fmt.Fprintf(&b, "# %s = \"\"  # %s: %s\n", a.Key, a.Label, gradeKeys(cfg))
			}
		}
		b.WriteString("\n[[recommendations]]\nid = \"R1\"\ntext = \"What needs to improve.\"\n")
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

func gradeKeys(cfg *config.Site) string {
	keys := make([]string, len(cfg.Grades))
	for i, g := range cfg.Grades {
		keys[i] = g.Key
	}
	return strings.Join(keys, ", ")
}

// overlay is the site's folder with one more file, the one new is about
// to write, so that the build's own loader can judge it first.
type overlay struct {
	fs.FS
	name string
	data []byte
}

func (o overlay) one() fstest.MapFS { return fstest.MapFS{o.name: {Data: o.data, Mode: 0o644}} }

func (o overlay) Open(name string) (fs.File, error) {
	if name == o.name {
		return o.one().Open(name)
	}
	return o.FS.Open(name)
}

func (o overlay) Stat(name string) (fs.FileInfo, error) {
	if name == o.name {
		return fs.Stat(o.one(), name)
	}
	return fs.Stat(o.FS, name)
}

func (o overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	des, err := fs.ReadDir(o.FS, name)
	if err != nil || name != path.Dir(o.name) {
		return des, err
	}
	mine, err := fs.ReadDir(o.one(), name)
	if err != nil {
		return nil, err
	}
	des = append(des, mine...)
	slices.SortFunc(des, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return des, nil
}

// ReadLink and Lstat let the loader check the site's symbolic links as
// it does in a build.
func (o overlay) ReadLink(name string) (string, error) {
	if rl, ok := o.FS.(fs.ReadLinkFS); ok && name != o.name {
		return rl.ReadLink(name)
	}
	return "", &fs.PathError{Op: "readlink", Path: name, Err: fs.ErrInvalid}
}

func (o overlay) Lstat(name string) (fs.FileInfo, error) {
	if rl, ok := o.FS.(fs.ReadLinkFS); ok && name != o.name {
		return rl.Lstat(name)
	}
	return o.Stat(name)
}

func mustDate(s string) meta.Date {
	d, _ := meta.ParseDate(s)
	return d
}
