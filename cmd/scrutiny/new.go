package main

import (
	"errors"
	"flag"
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

const newUsage = `usage: scrutiny new [-s DIR] <type> <body>/<slug>   start a document of a type of site.toml
       scrutiny new [-s DIR] body <slug>            start a body (a council): content/<slug>/_index.md
`

// runNew writes content/<body>/<slug>.md with the front matter of its
// type, or, for "new body <slug>", content/<slug>/_index.md.
func runNew(args []string, stdout, stderr io.Writer) int {
	var f siteFlags
	fset := flag.NewFlagSet("scrutiny new", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.StringVar(&f.site, "s", ".", "the site's `folder`")
	fset.Usage = func() {
		fmt.Fprint(stderr, newUsage)
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
	// A document is named <body>/<slug>, so a type that a site calls
	// "body" is still reached.
	if typ == "body" && !strings.Contains(target, "/") {
		return newBody(f.site, cfg, target, stdout, stderr)
	}
	ty, ok := cfg.Type(typ)
	if !ok {
		keys := cfg.TypeKeys()
		fmt.Fprintf(stderr, "scrutiny new: unknown type %q%s; types: %s (or body, to start a body)\n", typ, diag.DidYouMean(typ, append(keys, "body")), strings.Join(keys, ", "))
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
		fmt.Fprintf(stderr, "scrutiny new: there is no body %q%s: start one with scrutiny new body %s\n", body, diag.DidYouMean(body, bodySlugs(f.site)), body)
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
	date, dated := dateOf(slug, time.Now())
	if _, ok := cfg.FrameworkFor(mustDate(date)); ty.Graded && !ok {
		fmt.Fprintf(stderr, "scrutiny new: no framework in site.toml covers %s, the date of %s/%s: start the slug with the visit's date, such as %s/2022-04-01-%s, or add a framework that covers it to site.toml\n", date, body, slug, body, ty.Key)
		return 1
	}
	text := Template(cfg, ty, date, dated, links)
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
	if err := create(file, text); err != nil {
		fmt.Fprintf(stderr, "scrutiny new: %v\n", err)
		return 1
	}
	fmt.Fprintf(stdout, "created %s, a draft: scrutiny serve shows it, marked as a draft, and build leaves it out.\n"+
		"Write in place of each [fill in: ...] (scrutiny check lists them), then remove draft = true to publish it.\n", file)
	return 0
}

// create writes a new file, and never overwrites one (O_EXCL): a
// document someone has written is theirs.
func create(file, text string) error {
	out, err := os.OpenFile(file, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.WriteString(out, text); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// dateOf takes the date from a slug that starts with one, as the usual
// naming does ("2022-04-01-inspection"), for the new document's date, and
// otherwise gives today's, and says so: a date the site's frameworks and
// plans cover, so that the new document builds.
func dateOf(slug string, today time.Time) (date string, fromSlug bool) {
	if len(slug) >= 10 {
		if d, err := meta.ParseDate(slug[:10]); err == nil && d.Prec == meta.Day {
			return slug[:10], true
		}
	}
	return today.Format(time.DateOnly), false
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
// builds, so the file can be checked at once. What only the author knows
// is never guessed: a grade, a recommendation's or an action's words, a
// status, the title and the text are marked to fill in
// (content.Mark), which a draft may hold while it is written and the
// build refuses in a document that will be published, at its line; what
// the document may lack (visit dates, a due date, an owner) is written
// as a comment to fill in.
func Template(cfg *config.Site, ty config.Type, date string, dated bool, rel relatives) string {
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %q\n", content.Mark("the title, as the document gives it"))
	fmt.Fprintf(&b, "type = %q\n", ty.Key)
	if dated {
		fmt.Fprintf(&b, "date = %s  # the day it was published (a meeting's papers: the meeting's)\n", date)
	} else {
		fmt.Fprintf(&b, "date = %s  # today's, as the slug gives no date: make it the day it was published\n", date)
	}
	b.WriteString("summary = \"\"  # one or two sentences, for lists, feeds and link previews; may stay empty\n")
	b.WriteString("# source = \"https://...\"  # the original's address\n")
	b.WriteString("draft = true  # serve shows a draft, marked as one, and build leaves it out: remove this line to publish\n")
	switch ty.Role {
	case config.RolePlan:
		if v := rel.inspection; v != nil {
			fmt.Fprintf(&b, "responds_to = %q  # the document whose recommendations this plan answers (its latest with any)\n", v.Doc.Slug)
			b.WriteString("\n# One [[actions]] table an action, in the plan's words; one is started for each recommendation.\n")
			for i, r := range v.Recommendations {
				writeAction(&b, i+1, content.Mark("what will be done about "+r.ID), fmt.Sprintf("[%q]  # the recommendations it answers", r.ID))
			}
		} else {
			b.WriteString("# responds_to = \"\"  # the slug of the document whose recommendations this plan answers\n")
			b.WriteString("\n# One [[actions]] table an action, in the plan's words.\n")
			writeAction(&b, 1, content.Mark("what will be done"), "")
		}
	case config.RoleProgress:
		fmt.Fprintf(&b, "plan = %q  # the improvement plan reported on (the latest)\n", rel.plan.Doc.Slug)
		// A site with no statuses has no action's progress to report.
		if len(cfg.Statuses) == 0 {
			b.WriteString("# site.toml defines no [[statuses]], so there is no action's progress to report\n")
			break
		}
		fmt.Fprintf(&b, "\n# One [[progress]] table an action the report gives the status of; remove the others.\n# Statuses: %s\n", strings.Join(cfg.StatusKeys(), ", "))
		for _, a := range rel.plan.Actions {
			fmt.Fprintf(&b, "\n[[progress]]\naction = %q\nstatus = %q\n# note = \"\"  # what the report says of it\n", a.ID, content.Mark("the action's status"))
		}
	}
	if ty.Graded {
		b.WriteString("# visit = [YYYY-MM-DD, YYYY-MM-DD]  # first and last day of the visit\n")
		if f, ok := cfg.FrameworkFor(mustDate(date)); ok {
			fmt.Fprintf(&b, "\n# Each area's grade as the report gives it; remove the line of an area it gives none.\n# Grades: %s\n[judgements]\n", strings.Join(cfg.GradeKeys(), ", "))
			for _, a := range f.Areas {
				fmt.Fprintf(&b, "%s = %q  # %s\n", a.Key, content.Mark("the grade"), a.Label)
			}
		}
		b.WriteString("\n# What needs to improve, in the report's words: one [[recommendations]] table each, R1, R2...\n")
		fmt.Fprintf(&b, "[[recommendations]]\nid = \"R1\"\ntext = %q\n", content.Mark("the recommendation, in the report's words"))
	}
	fmt.Fprintf(&b, "+++\n\n%s\n", content.Mark("the text: the document's own, or what it says in your words, with a link to it"))
	return b.String()
}

// writeAction writes the [[actions]] table of action n: its title, and
// the recommendations it answers where they are known.
func writeAction(b *strings.Builder, n int, title, recs string) {
	fmt.Fprintf(b, "\n[[actions]]\nid = \"A%d\"\ntitle = %q\n", n, title)
	if recs != "" {
		fmt.Fprintf(b, "recommendations = %s\n", recs)
	}
	b.WriteString("# owner = \"\"  # who is responsible for it\n# due = \"YYYY-MM\"  # when it is to be done\n")
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
