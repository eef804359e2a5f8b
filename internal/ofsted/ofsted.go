// Package ofsted imports Ofsted's inspections of local authority children's
// services into a site, from a third-party scrape's table of the reports and
// from the report PDFs themselves: a body per council and a document per
// inspection report.
//
//	scrutiny import ofsted-ilacs [-s DIR] [-lookup LOOKUP.csv] [-reports DIR] [-n] FILE.csv
//
// FILE.csv has one row per published inspection report, in the format of
// the ILACS scrape tool (columns urn, local_authority, inspection_link,
// publication_date, inspection_framework, inspector_name,
// inspection_start_date, inspection_end_date and the five *_grade columns);
// LOOKUP.csv names each council by Ofsted URN (la_code, la_code_new,
// local_authority_ons_name, region_name, domain, stat_neighbours and
// stat_neighbours_la_code).
// Without -lookup, la_lookup.csv beside FILE.csv is used. -n reports what
// would change and writes nothing.
//
// # What it writes
//
// For each council with at least one imported row, content/<slug>/_index.md
// with name, short, code, region, website and neighbours; and for each
// inspection, content/<slug>/<yyyy-mm-dd>-inspection.md, named and dated by
// the report's publication, with title, summary, visit, framework, source,
// authors and judgements in the front matter, and a short generated text
// stating the same facts. The framework is the site's framework covering the
// first day of the visit. The column inspection_framework says which kind of
// ILACS inspection it was (standard or short), not the framework; the text
// mentions it.
//
// A council's name is its ONS name, with an inverted one put right
// ("Bristol, City of" is "City of Bristol", short "Bristol"): the lookup
// has no formal council names, and the importer invents none. Its slug is
// the name in lower case with hyphens for everything else ("bristol",
// "st-helens"); a slug the site reserves gets "-council", and one already
// taken by another body the council's code.
//
// # Whose files are whose
//
// Every file the importer writes starts its front matter with a comment
// line, the mark, carrying a checksum of the rest of the file. On a later
// run the importer rewrites a file only when it carries the mark and the
// checksum still matches: the file is as the importer left it. Any other
// file is someone's writing and is never touched; editing an imported file
// (or deleting its mark) makes it one of these. So a run updates what it
// wrote, never duplicates, and never overwrites text written by hand.
//
// A council is matched to an existing body folder by the code in its
// _index.md, then by a folder of its slug that has no code. An existing
// _index.md that is not the importer's own is kept as it is; the report says
// where it differs from the lookup (region, website, neighbours).
//
// An inspection is a council and a publication date. It is matched to an
// existing document of type "inspection" in the council's folder, whatever
// the file's name, by, in this order: the file name the importer would
// give it; the same date; the same first day of the visit; and last, a date
// known only to the month or year ("2017") that holds the publication date
// or first visit day of this inspection and of no other of the council's.
// A document matched that is not the importer's own is kept, and the report
// lists every difference between it and the CSV: judgements area by area,
// and date, visit and framework.
//
// # Messy values, and what is done with each
//
//   - Grades are written in lower case with spaces ("requires improvement",
//     at times "requires improvement to be good"): read as the site's grade
//     key (requires-improvement), and counted.
//   - "to requires improvement" is the tail of a longer phrase cut by the
//     scrape: corrected to the grade it ends with, and each correction is
//     listed.
//   - data_unreadable: the grade is unknown. The area is left out (never
//     guessed), and the text says the grade could not be read.
//   - inspection_pre_dates_judgement: care leavers were not judged
//     separately before ILACS 2023, so there is no such area; left out.
//   - not_reported_post_reform: there is no overall judgement from April
//     2026 (ILACS 2026 has no such area); left out.
//   - Blank grades: left out. A grade that is not one of the site's, or
//     whose area the framework does not have, is left out too.
//     Every value left out is counted by kind and column.
//   - inspection_framework other than standard, short or blank ("inspection
//     duration longer than standard framework"): listed, and the inspection
//     imported; the text quotes the value.
//   - Dates are dd/mm/yy or dd/mm/yyyy (ISO is also read). Two-digit years
//     are 20yy: every report is from this century. A row whose publication
//     date cannot be read is skipped; a visit whose dates cannot be read, end
//     before they start or after the report was published is left out, and
//     listed.
//   - Rows with no visit dates take the framework covering their publication
//     date, except the reports the scrape tool could not read at all (no
//     visit, kind, inspector or readable grade: the "older report layouts"
//     of single inspection framework reports): these are the site's earliest
//     framework (sif-2013) when published within a year after its last day,
//     since SIF inspections went on into 2018. Reports published before the
//     earliest framework began (the 2012-13 inspections of earlier
//     frameworks) have no areas to record and are skipped, and listed.
//   - Inspector names get " HMI" unless they have it; a space before a
//     hyphen ("Jenny -ellen Scotland") is a scrape artefact, corrected and
//     listed.
//   - A council is found by URN in the lookup, then by name; a row whose
//     council is in neither is skipped, and listed.
//   - Rows repeating a council and publication date are dropped after the
//     first, and listed, with a warning when their values differ.
//   - The lookup's domain becomes the website only when it is a .gov.uk
//     address; the others (children's trusts, an analytics company) are not
//     the council's own website, and are listed.
//   - Neighbours are the lookup's statistical neighbours that are bodies of
//     the site. Where a neighbour's code is one ONS has since replaced
//     (Barnsley's and Sheffield's), the LA number in the same place of
//     stat_neighbours finds it, and the report counts these; codes found
//     neither way are left out, and counted.
//   - A row with a grade for an area its framework lacks (care leavers
//     before 2023) loses that grade, and the report asks for its other
//     grades to be checked against the report: the scrape may have misread
//     the layout.
//
// The run ends with a report, sorted so that two runs on the same input
// print the same text.
package ofsted

import (
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/diag"
	"scrutiny/internal/meta"
	"scrutiny/internal/source"
)

// Options say what to import, and where to.
type Options struct {
	Site   string // the site's folder
	File   string // Ofsted's outcomes, one row per published report
	Lookup string // councils by URN; "" for la_lookup.csv beside File
	DryRun bool   // report, but write nothing
	// Reports is the folder of the reports' PDF files, one folder per
	// council named <urn>_<local_authority>; "" reads none.
	Reports string
	// Cache keeps PDFium's compiled code between runs; "" compiles it
	// each run.
	Cache string
}

// inspection is a row accepted for import.
type inspection struct {
	row        *row
	council    *council
	published  meta.Date
	visit      []meta.Date
	framework  *config.Framework
	kind       string // "standard inspection", "short inspection", or ""
	oddKind    string // an inspection_framework value of no known kind
	author     string
	source     string
	judgements []judgement
	values     [len(gradeColumns)]valueKind
	areas      [len(gradeColumns)]config.Area // the area of each column, where the framework has one
	hasArea    [len(gradeColumns)]bool
	outcome    string // created, updated, unchanged, kept, or not written
	paper      *paper // the report itself, when read
	paperErr   error  // why it could not be
	recs       []string
}

type judgement struct {
	area     config.Area
	grade    config.Grade
	byReport bool // read from the report itself, not the CSV
}

// source names where the grade came from, for the report.
func (j judgement) source() string {
	if j.byReport {
		return "Ofsted's report"
	}
	return "the CSV"
}

// slug is the document's file name, without .md.
func (in *inspection) slug() string { return in.published.ISO() + "-inspection" }

// where names the row for the report.
func (in *inspection) where() string { return where(in.row, in.council) }

func where(r *row, c *council) string {
	name := r.council
	if c != nil {
		full, short := displayName(c.ons)
		name = full
		if short != "" {
			name = short
		}
	}
	return fmt.Sprintf("%s, %s", name, r.published)
}

// target is a council of the import and the body folder it goes to.
type target struct {
	council     *council
	slug        string
	existing    *siteBody // nil when the importer creates it
	inspections []*inspection
	name, short string // as the documents should name it
}

func (t *target) shortName() string {
	if t.short != "" {
		return t.short
	}
	return t.name
}

// importer is one run.
type importer struct {
	opt      Options
	cfg      *config.Site
	rep      *Report
	site     []*siteBody
	writes   []pendingWrite
	byNumber map[string]*council // the lookup's councils by LA number
	slugOf   map[string]string   // body slugs by council code
	// matched holds the files of the site's documents matched with an
	// inspection of the CSV.
	matched map[string]bool
}

type pendingWrite struct {
	file string // relative to the site root, slash-separated
	data []byte
}

// Import reads the outcomes and the lookup, updates the site's content and
// returns what it did. Errors in the input files name the file and line;
// nothing is written unless both files and site.toml read cleanly.
func Import(opt Options) (*Report, error) {
	if opt.Site == "" {
		opt.Site = "."
	}
	// The site is read through its folder, which refuses links out of it
	// and files that are not regular files (a named pipe would hang).
	folder, err := source.Open(opt.Site)
	if err != nil {
		return nil, diag.Diagnostic{File: filepath.ToSlash(opt.Site), Msg: "cannot read the site's folder: " + source.Reason(err).Error() + ": name one with -s DIR"}
	}
	cfg, err := loadConfig(folder, opt.Site)
	if err != nil {
		return nil, err
	}
	rows, err := readHistory(opt.File)
	if err != nil {
		return nil, err
	}
	lookup := opt.Lookup
	if lookup == "" {
		lookup = filepath.Join(filepath.Dir(opt.File), "la_lookup.csv")
		if _, err := os.Stat(lookup); err != nil {
			return nil, diag.Diagnostic{File: opt.File, Msg: "no lookup of councils: name it with -lookup LOOKUP.csv (there is no la_lookup.csv beside this file)"}
		}
	}
	councils, err := readLookup(lookup)
	if err != nil {
		return nil, err
	}
	site, err := scanSite(folder)
	if err != nil {
		return nil, fmt.Errorf("reading the site's content: %w", err)
	}
	imp := &importer{
		opt: opt, cfg: cfg, site: site,
		byNumber: map[string]*council{},
		slugOf:   map[string]string{},
		matched:  map[string]bool{},
		rep: &Report{
			File: opt.File, Lookup: lookup, Rows: len(rows), LookupRows: len(councils),
			MissingNeighbours: map[string]int{},
			Recoded:           map[[2]string]int{},
			names:             map[string]string{},
		},
	}
	for _, c := range councils {
		imp.rep.names[c.code] = c.ons
		if c.number != "" && imp.byNumber[c.number] == nil {
			imp.byNumber[c.number] = c
		}
	}
	ins := imp.accept(rows, councils)
	if err := imp.readReports(ins); err != nil {
		return nil, err
	}
	imp.accountSkipped(rows, ins)
	targets := imp.place(ins, councils)
	// Neighbours may be any body of the site with a code: the councils
	// of this import, and bodies already there.
	for _, b := range site {
		if b.code != "" && imp.slugOf[b.code] == "" {
			imp.slugOf[b.code] = b.slug
		}
	}
	for _, t := range targets {
		if t.council.code != "" {
			imp.slugOf[t.council.code] = t.slug
		}
	}
	for _, t := range targets {
		imp.body(t)
		imp.documents(t)
	}
	imp.stale()
	imp.tally(ins)
	if !opt.DryRun {
		if err := imp.write(); err != nil {
			return imp.rep, err
		}
	}
	imp.rep.sort()
	return imp.rep, nil
}

// loadConfig reads site.toml from folder, the site's folder at site.
func loadConfig(folder fs.FS, site string) (*config.Site, error) {
	file := filepath.Join(site, config.File)
	src, err := fs.ReadFile(folder, config.File)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, diag.Diagnostic{File: filepath.ToSlash(file), Msg: "no site.toml here: import into a site's folder, or name one with -s DIR"}
		}
		return nil, diag.Diagnostic{File: filepath.ToSlash(file), Msg: "cannot read: " + source.Reason(err).Error()}
	}
	cfg, ds := config.Load(src, "")
	if len(ds) > 0 || cfg == nil {
		for i := range ds {
			ds[i].File = filepath.ToSlash(filepath.Join(site, ds[i].File))
		}
		return nil, ds.Err()
	}
	return cfg, nil
}

// accept turns rows into inspections: councils found, dates read,
// duplicates dropped, frameworks chosen and grades mapped to areas.
func (imp *importer) accept(rows []*row, councils []*council) []*inspection {
	rep := imp.rep
	byURN := map[string]*council{}
	byName := map[string]*council{}
	ambiguous := map[string]bool{}
	codes := map[string]*council{}
	for _, c := range councils {
		if c.urn != "" {
			if first := byURN[c.urn]; first != nil {
				rep.note(0, "%s line %d: urn %s is also on line %d: the first is used", filepath.Base(rep.Lookup), c.line, c.urn, first.line)
			} else {
				byURN[c.urn] = c
			}
		}
		if c.code != "" {
			if first := codes[c.code]; first != nil {
				rep.note(0, "%s line %d: code %s is also on line %d", filepath.Base(rep.Lookup), c.line, c.code, first.line)
			} else {
				codes[c.code] = c
			}
		}
		for _, n := range append([]string{c.ons}, c.aliases...) {
			k := nameKey(n)
			if other := byName[k]; other != nil && other != c {
				ambiguous[k] = true
			}
			byName[k] = c
		}
	}

	type key struct {
		c    *council
		date string
	}
	seen := map[key]*inspection{}
	var out []*inspection
	for _, r := range rows {
		if r.short != "" {
			rep.skip(r.line, "the row %s", r.short)
			continue
		}
		c := byURN[r.urn]
		if c == nil {
			k := nameKey(r.council)
			if c = byName[k]; c != nil && !ambiguous[k] {
				rep.note(r.line, "%s: urn %q is not in the lookup; matched by name to %s", where(r, c), r.urn, c.ons)
			} else {
				rep.skip(r.line, "%s: council %q (urn %q) is not in the lookup", where(r, nil), r.council, r.urn)
				continue
			}
		}
		pub, err := parseDate(r.published)
		if err != nil {
			rep.skip(r.line, "%s: publication_date: %v", where(r, c), err)
			continue
		}
		if first := seen[key{c, pub.ISO()}]; first != nil {
			if r.same(first.row) {
				rep.duplicate(r.line, "%s: repeats line %d: dropped", where(r, c), first.row.line)
			} else {
				rep.duplicate(r.line, "%s: the same inspection as line %d, with different values: line %d is kept, this one dropped; check which is right", where(r, c), first.row.line, first.row.line)
			}
			continue
		}
		in := &inspection{row: r, council: c, published: pub}
		in.visit = imp.visit(r, c, pub)
		if !imp.chooseFramework(in) {
			continue
		}
		imp.grades(in)
		switch k := strings.ToLower(strings.Join(strings.Fields(r.kind), " ")); {
		case k == "":
		case knownKinds[k] != "":
			in.kind = knownKinds[k]
		default:
			in.oddKind = r.kind
			rep.note(r.line, "%s: inspection_framework %q is not a kind of inspection (standard or short): the inspection is imported, and its text quotes the value", in.where(), r.kind)
		}
		author, fixed := inspector(r.inspector)
		if fixed {
			rep.correct(r.line, "%s: inspector_name %q read as %q (a space before a hyphen is a scrape artefact)", in.where(), r.inspector, strings.TrimSuffix(author, " HMI"))
		}
		in.author = author
		if r.link != "" {
			if webAddress(r.link) {
				in.source = r.link
			} else {
				rep.note(r.line, "%s: inspection_link %q is not a web address: left out", in.where(), r.link)
			}
		}
		seen[key{c, pub.ISO()}] = in
		out = append(out, in)
	}
	return out
}

// webAddress reports whether s is a full http or https address that
// front matter and a Markdown link can both carry as it is.
func webAddress(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(s, " ()<>\"\\")
}

// visit reads a row's visit dates, leaving out dates that cannot be right.
func (imp *importer) visit(r *row, c *council, pub meta.Date) []meta.Date {
	if r.start == "" && r.end == "" {
		return nil
	}
	start, err1 := parseDate(r.start)
	end, err2 := parseDate(r.end)
	switch {
	case r.start == "":
		imp.rep.note(r.line, "%s: the visit has an end (%s) but no start: visit left out", where(r, c), r.end)
	case err1 != nil:
		imp.rep.note(r.line, "%s: inspection_start_date: %v: visit left out", where(r, c), err1)
	case r.end == "":
		if start.Compare(pub) > 0 {
			imp.rep.note(r.line, "%s: the visit starts (%s) after the report was published: visit left out", where(r, c), start)
			return nil
		}
		return []meta.Date{start}
	case err2 != nil:
		imp.rep.note(r.line, "%s: inspection_end_date: %v: visit left out", where(r, c), err2)
	case end.Compare(start) < 0:
		imp.rep.note(r.line, "%s: the visit ends (%s) before it starts (%s): visit left out", where(r, c), end, start)
	case end.Compare(pub) > 0:
		imp.rep.note(r.line, "%s: the visit ends (%s) after the report was published: visit left out", where(r, c), end)
	default:
		return []meta.Date{start, end}
	}
	return nil
}

// unread reports whether the scrape tool read nothing of the report but
// its date: the older layouts of SIF reports.
func unread(r *row) bool {
	if r.kind != "" || r.inspector != "" || r.start != "" || r.end != "" {
		return false
	}
	for _, g := range r.grades {
		k := strings.ToLower(strings.TrimSpace(g))
		if k != "" && k != "data_unreadable" && k != "inspection_pre_dates_judgement" {
			return false
		}
	}
	return true
}

// chooseFramework sets the inspection's framework, or skips the row.
func (imp *importer) chooseFramework(in *inspection) bool {
	r := in.row
	if len(in.visit) > 0 {
		f, ok := imp.cfg.FrameworkFor(in.visit[0])
		if !ok {
			imp.rep.skip(r.line, "%s: no framework of the site covers a visit starting %s", in.where(), in.visit[0])
			return false
		}
		in.framework = f
		return true
	}
	var earliest *config.Framework
	for i := range imp.cfg.Frameworks {
		f := &imp.cfg.Frameworks[i]
		if earliest == nil || f.From.Compare(earliest.From) < 0 {
			earliest = f
		}
	}
	f, ok := imp.cfg.FrameworkFor(in.published)
	if unread(r) && earliest != nil && f != earliest && !earliest.To.IsZero() &&
		in.published.Compare(earliest.From) >= 0 && in.published.Time().Before(earliest.To.Time().AddDate(1, 0, 1)) {
		imp.rep.note(r.line, "%s: no visit dates, and the scrape tool could read nothing of the report: taken as an older-layout %s report published after its last visits", in.where(), earliest.Key)
		in.framework = earliest
		return true
	}
	if !ok {
		if earliest != nil && in.published.Compare(earliest.From) < 0 {
			imp.rep.skip(r.line, "%s: published before the site's earliest framework (%s, from %s), under an earlier framework whose areas the site does not have", in.where(), earliest.Key, earliest.From)
		} else {
			imp.rep.skip(r.line, "%s: no visit dates, and no framework of the site covers the publication date", in.where())
		}
		return false
	}
	if !unread(r) {
		imp.rep.note(r.line, "%s: no visit dates: framework %s chosen by the publication date", in.where(), f.Key)
	}
	in.framework = f
	return true
}

// grades maps the row's grades to the framework's areas.
func (imp *importer) grades(in *inspection) {
	for i, col := range gradeColumns {
		area, ok := areaFor(in.framework, col.row)
		in.areas[i], in.hasArea[i] = area, ok
		raw := in.row.grades[i]
		g, kind := grade(imp.cfg, raw)
		if !kind.leftOut() && !ok {
			kind = noArea
			imp.rep.note(in.row.line, "%s: %s %q: the %s framework has no such area: left out; a grade where the framework has no area suggests the scrape misread the report, so check the row's other grades against it", in.where(), col.name, raw, in.framework.Key)
		}
		in.values[i] = kind
		switch kind {
		case unknownValue:
			imp.rep.note(in.row.line, "%s: %s %q is not a grade the site knows: left out", in.where(), col.name, raw)
		case corrected:
			imp.rep.correct(in.row.line, "%s: %s %q read as %s (a scrape artefact)", in.where(), col.name, raw, g.Key)
		case graded:
			if raw != g.Key {
				imp.rep.Normalised++
			}
		}
		if !kind.leftOut() {
			in.judgements = append(in.judgements, judgement{area: area, grade: g})
		}
	}
	order := map[string]int{}
	for i, a := range in.framework.Areas {
		order[a.Key] = i
	}
	sort.SliceStable(in.judgements, func(i, j int) bool { return order[in.judgements[i].area.Key] < order[in.judgements[j].area.Key] })
}

// areaFor finds the framework's area for a timeline row: the area of that
// key, or else the area continued by that row.
func areaFor(f *config.Framework, row string) (config.Area, bool) {
	if a, ok := f.Area(row); ok {
		return a, true
	}
	for _, a := range f.Areas {
		if a.Row == row {
			return a, true
		}
	}
	return config.Area{}, false
}

// place gives each council with inspections its body folder: an existing
// one of the same code, an existing one of its slug without a code, or a
// new one.
func (imp *importer) place(ins []*inspection, councils []*council) []*target {
	byCouncil := map[*council]*target{}
	var targets []*target
	for _, in := range ins {
		t := byCouncil[in.council]
		if t == nil {
			t = &target{council: in.council}
			byCouncil[in.council] = t
			targets = append(targets, t)
		}
		t.inspections = append(t.inspections, in)
	}
	sort.Slice(targets, func(i, j int) bool {
		return targets[i].council.code+targets[i].council.ons < targets[j].council.code+targets[j].council.ons
	})

	byCode := map[string]*siteBody{}
	bySlug := map[string]*siteBody{}
	for _, b := range imp.site {
		bySlug[b.slug] = b
		if b.code == "" {
			continue
		}
		if first := byCode[b.code]; first != nil {
			imp.rep.note(0, "content/%s/_index.md has the code %s of content/%s/ too: the importer uses content/%s/", b.slug, b.code, first.slug, first.slug)
			continue
		}
		byCode[b.code] = b
	}
	used := map[string]bool{}
	for _, b := range imp.site {
		used[b.slug] = true
	}
	claimed := map[*siteBody]bool{}
	for _, t := range targets {
		if b := byCode[t.council.code]; b != nil && t.council.code != "" {
			t.existing, t.slug = b, b.slug
			claimed[b] = true
		}
	}
	for _, t := range targets {
		if t.existing != nil {
			continue
		}
		base := bodySlug(t.council)
		if b := bySlug[base]; b != nil && b.code == "" && !claimed[b] && b.problem == "" && b.file != "" {
			t.existing, t.slug = b, b.slug
			claimed[b] = true
			imp.rep.note(0, "content/%s/_index.md has no code: taken as %s (%s) by its folder name", b.slug, t.council.ons, t.council.code)
			continue
		}
		slug := base
		if used[slug] {
			slug = base + "-" + strings.ToLower(t.council.code)
			imp.rep.note(0, "%s: the folder content/%s/ is another body's: the council goes in content/%s/", t.council.ons, base, slug)
		}
		for n := 2; used[slug]; n++ {
			slug = fmt.Sprintf("%s-%d", base, n)
		}
		used[slug] = true
		t.slug = slug
	}
	for _, t := range targets {
		// Documents name the council as its body does; a body the
		// importer owns is named afresh from the lookup.
		t.name, t.short = displayName(t.council.ons)
		if b := t.existing; b != nil && b.owner != imported && b.name != "" {
			t.name, t.short = b.name, b.short
		}
	}
	sort.Slice(targets, func(i, j int) bool { return targets[i].slug < targets[j].slug })

	present := map[*council]bool{}
	for _, t := range targets {
		present[t.council] = true
	}
	var absent []string
	for _, c := range councils {
		if !present[c] {
			absent = append(absent, c.ons)
		}
	}
	if len(absent) > 0 {
		sort.Strings(absent)
		imp.rep.note(0, "%d %s of the lookup %s no imported rows, and no folder: %s", len(absent), plural(len(absent), "council", "councils"), plural(len(absent), "has", "have"), strings.Join(absent, ", "))
	}
	return targets
}

// body writes or checks a target's _index.md.
func (imp *importer) body(t *target) {
	c := t.council
	slugOf := imp.slugOf
	var neighbours []string
	for i, code := range c.neighbours {
		s := slugOf[code]
		if s == "" && c.neighbourNumbers != nil {
			// ONS has recoded a few councils (Barnsley and Sheffield in
			// 2023); the lookup's neighbour lists may still carry the old
			// code, but the LA number in the same place finds them.
			if o := imp.byNumber[c.neighbourNumbers[i]]; o != nil && slugOf[o.code] != "" {
				s = slugOf[o.code]
				imp.rep.Recoded[[2]string{code, o.code}]++
			}
		}
		switch {
		case s == "":
			imp.rep.MissingNeighbours[code]++
		case s != t.slug:
			neighbours = append(neighbours, s)
		}
	}
	site, problem := website(c.domain)
	file := path.Join(content.Dir, t.slug, "_index.md")
	b := t.existing
	if b == nil || b.owner == imported {
		if problem != "" {
			imp.rep.note(0, "content/%s/: %s", t.slug, problem)
		}
		text := stamp(bodyText(t, site, neighbours))
		imp.rep.Bodies.count(imp.put(file, text, b != nil, b.srcOrNil()))
		return
	}
	imp.rep.Bodies.Kept++
	var diffs []string
	if b.problem != "" {
		diffs = append(diffs, "its front matter cannot be read: "+b.problem)
	}
	if b.region != c.region && c.region != "" {
		diffs = append(diffs, fmt.Sprintf("region %q, the lookup has %q", b.region, c.region))
	}
	switch {
	case site == "":
	case b.website == "":
		diffs = append(diffs, fmt.Sprintf("no website; the lookup gives %q", site))
	case strings.TrimSuffix(b.website, "/") != strings.TrimSuffix(site, "/"):
		diffs = append(diffs, fmt.Sprintf("website %q, the lookup gives %q", b.website, site))
	}
	if !b.hasNeighbours && len(neighbours) > 0 {
		diffs = append(diffs, "no neighbours; the lookup gives: neighbours = "+tomlList(neighbours))
	} else if b.hasNeighbours && strings.Join(b.neighbours, ",") != strings.Join(neighbours, ",") {
		diffs = append(diffs, "neighbours "+tomlList(b.neighbours)+", the lookup gives "+tomlList(neighbours))
	}
	how := "written by hand"
	if b.owner == edited {
		how = "edited since it was imported"
	}
	msg := fmt.Sprintf("%s: kept (%s)", file, how)
	if len(diffs) > 0 {
		msg += "; it has " + strings.Join(diffs, "; ")
	}
	imp.rep.keep(0, "%s", msg)
}

func (b *siteBody) srcOrNil() []byte {
	if b == nil {
		return nil
	}
	return b.src
}

// put plans to write data to file, unless file already holds it, and says
// which it was.
func (imp *importer) put(file string, data []byte, exists bool, old []byte) string {
	if exists && string(old) == string(data) {
		return "unchanged"
	}
	imp.writes = append(imp.writes, pendingWrite{file, data})
	if exists {
		imp.rep.Updated = append(imp.rep.Updated, file)
		return "updated"
	}
	return "created"
}

// documents matches the target's inspections with its folder's documents,
// then writes or checks each.
func (imp *importer) documents(t *target) {
	var docs []*siteDoc
	taken := map[string]bool{}
	if t.existing != nil {
		docs = t.existing.docs
		taken = t.existing.taken
	}
	match := map[*inspection]*siteDoc{}
	claimed := map[*siteDoc]bool{}
	claim := func(in *inspection, d *siteDoc) {
		match[in], claimed[d] = d, true
		imp.matched[d.file] = true
	}
	isInspection := func(d *siteDoc) bool { return d.typ == "inspection" && !claimed[d] }

	// Strong matches first: the file name, the date, the visit's first day.
	rules := []func(in *inspection, d *siteDoc) bool{
		// The report's own address names it whatever its date: a file
		// the importer named by the CSV's date stays where it is, and
		// its address with it, when the report gives another.
		func(in *inspection, d *siteDoc) bool {
			return d.owner == imported && d.source != "" && d.source == in.source
		},
		func(in *inspection, d *siteDoc) bool { return d.slug == in.slug() },
		func(in *inspection, d *siteDoc) bool {
			return d.date.Prec == meta.Day && d.date.Compare(in.published) == 0
		},
		func(in *inspection, d *siteDoc) bool {
			return len(d.visit) > 0 && len(in.visit) > 0 && d.visit[0].Prec == meta.Day && d.visit[0].Compare(in.visit[0]) == 0
		},
	}
	for _, rule := range rules {
		for _, in := range t.inspections {
			if match[in] != nil {
				continue
			}
			for _, d := range docs {
				if isInspection(d) && rule(in, d) {
					claim(in, d)
					break
				}
			}
		}
	}
	// A date known only to the month or year matches the one inspection of
	// the council that it holds.
	holds := func(d meta.Date, x meta.Date) bool {
		return !d.IsZero() && d.Prec != meta.Day && x.Compare(d) >= 0 && x.Compare(d.End()) <= 0
	}
	for _, d := range docs {
		if !isInspection(d) || d.date.Prec == meta.Day || d.date.IsZero() {
			continue
		}
		var hit []*inspection
		for _, in := range t.inspections {
			if holds(d.date, in.published) || len(in.visit) > 0 && holds(d.date, in.visit[0]) {
				hit = append(hit, in)
			}
		}
		switch {
		case len(hit) == 1 && match[hit[0]] == nil:
			claim(hit[0], d)
		case len(hit) > 1:
			imp.rep.note(0, "%s: its date %s holds more than one inspection of the CSV: matched with none", d.file, d.date)
		}
	}

	for _, in := range t.inspections {
		d := match[in]
		switch {
		case d == nil:
			file := path.Join(content.Dir, t.slug, in.slug()+".md")
			if taken[in.slug()] {
				imp.rep.skip(in.row.line, "%s: %s exists and is not an inspection (or is another one): not written", in.where(), file)
				in.outcome = "not written"
				continue
			}
			in.outcome = imp.put(file, stamp(inspectionText(imp.cfg, t, in)), false, nil)
		case d.owner == imported && !d.versioned && d.fromReport && in.paper == nil:
			// Written from the report, which this run has not read:
			// the CSV alone would lose its text.
			in.outcome = "unchanged"
		case d.owner == imported && !d.versioned:
			in.outcome = imp.put(d.file, stamp(inspectionText(imp.cfg, t, in)), true, d.src)
		default:
			in.outcome = "kept"
			imp.compare(in, d)
			if d.owner == byHand && in.paper != nil {
				imp.fullText(t, in, d)
			}
		}
	}
}

// TextType is the document type of a report's text written beside an
// inspection written by hand. A site that wants them declares it in
// site.toml; the importer writes none without it.
const TextType = "report"

// fullText writes the report's whole text beside an inspection written by
// hand, which keeps its author's words and links to it: the report's own
// words stay reachable, paragraph by paragraph, whoever wrote the page.
func (imp *importer) fullText(t *target, in *inspection, d *siteDoc) {
	slug := d.slug + "-report"
	file := path.Join(content.Dir, t.slug, slug+".md")
	if _, ok := imp.cfg.Type(TextType); !ok {
		imp.rep.note(in.row.line, "%s: %s is written by hand, and the site has no document type %q for the report's text beside it: not written (add [types.%s] to site.toml to have it)", in.where(), d.file, TextType, TextType)
		return
	}
	var old *siteDoc
	for _, o := range t.existing.docs {
		if o.slug == slug {
			old = o
		}
	}
	text := stamp(fullTextDoc(t, in, d.slug))
	switch {
	case old == nil && t.existing.taken[slug]:
		imp.rep.skip(in.row.line, "%s: %s is taken by another document: the report's text is not written", in.where(), file)
	case old == nil:
		imp.rep.Texts.count(imp.put(file, text, false, nil))
	case old.owner == imported:
		imp.rep.Texts.count(imp.put(old.file, text, true, old.src))
	default:
		imp.rep.Texts.count("kept")
		how := "written by hand"
		if old.owner == edited {
			how = "edited since it was imported"
		}
		imp.rep.keep(in.row.line, "%s: %s kept (%s)", in.where(), old.file, how)
	}
}

// compare reports where a kept document differs from the CSV.
func (imp *importer) compare(in *inspection, d *siteDoc) {
	how := "written by hand"
	if d.owner == edited {
		how = "edited since it was imported"
	}
	if d.problem != "" {
		imp.rep.keep(in.row.line, "%s: %s kept (%s), but its front matter cannot be read to compare: %s", in.where(), d.file, how, d.problem)
		return
	}
	// The dates are the report's where it gives them, else the CSV's.
	reads := "the CSV has"
	if in.paper != nil {
		reads = "the import reads"
	}
	var diffs []string
	if d.date.Prec == meta.Day && d.date.Compare(in.published) != 0 {
		diffs = append(diffs, fmt.Sprintf("date %s, %s %s", d.date, reads, in.published))
	}
	if len(in.visit) > 0 && len(d.visit) > 0 && !sameDates(d.visit, in.visit) {
		diffs = append(diffs, fmt.Sprintf("visit %s, %s %s", dateList(d.visit), reads, dateList(in.visit)))
	}
	if d.framework != "" && d.framework != in.framework.Key {
		diffs = append(diffs, fmt.Sprintf("framework %q, %s %q", d.framework, reads, in.framework.Key))
	}
	have := map[string]string{}
	for _, j := range d.judgements {
		have[j.area] = j.grade
	}
	for _, j := range in.judgements {
		g, ok := have[j.area.Key]
		switch {
		case !ok:
			diffs = append(diffs, fmt.Sprintf("no grade for %s, %s has %s", j.area.Key, j.source(), j.grade.Key))
		case g != j.grade.Key:
			diffs = append(diffs, fmt.Sprintf("%s = %q, %s has %q", j.area.Key, g, j.source(), j.grade.Key))
		}
	}
	with := "the CSV"
	if in.paper != nil {
		with = "Ofsted's report and the CSV"
	}
	if len(diffs) == 0 {
		imp.rep.keep(in.row.line, "%s: %s kept (%s); it agrees with %s", in.where(), d.file, how, with)
		return
	}
	imp.rep.keep(in.row.line, "%s: %s kept (%s); %d %s with %s", in.where(), d.file, how, len(diffs), plural(len(diffs), "disagreement", "disagreements"), with)
	for _, s := range diffs {
		imp.rep.disagree(in.row.line, "%s: %s has %s", in.where(), d.file, s)
	}
}

func sameDates(a, b []meta.Date) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].Compare(b[i]) != 0 {
			return false
		}
	}
	return true
}

func dateList(ds []meta.Date) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = d.String()
	}
	return "[" + strings.Join(s, ", ") + "]"
}

// stale lists the importer's own inspection documents that no row of the
// CSV matches now. They are left as they are: a row may have been dropped
// from the CSV by mistake, and deleting is for people to decide.
func (imp *importer) stale() {
	for _, b := range imp.site {
		for _, d := range b.docs {
			if d.owner == imported && d.typ == "inspection" && !imp.matched[d.file] {
				imp.rep.note(0, "%s: written by the importer, but no row of the CSV is this inspection now: left as it is", d.file)
			}
		}
	}
}

// tally counts outcomes and the values left out.
func (imp *importer) tally(ins []*inspection) {
	for _, in := range ins {
		if in.outcome == "not written" {
			continue
		}
		imp.rep.Inspections.count(in.outcome)
		for i, k := range in.values {
			if k.leftOut() {
				imp.rep.LeftOut[k][i]++
			}
		}
	}
}

// write writes every planned file, each through a temporary file renamed
// into place, so that a file is never left half-written.
func (imp *importer) write() error {
	for _, w := range imp.writes {
		file := filepath.Join(imp.opt.Site, filepath.FromSlash(w.file))
		if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
			return err
		}
		tmp, err := os.CreateTemp(filepath.Dir(file), ".import-*.tmp")
		if err != nil {
			return err
		}
		_, err = tmp.Write(w.data)
		if cerr := tmp.Close(); err == nil {
			err = cerr
		}
		if err == nil {
			err = os.Chmod(tmp.Name(), 0o644)
		}
		if err == nil {
			err = os.Rename(tmp.Name(), file)
		}
		if err != nil {
			os.Remove(tmp.Name())
			return err
		}
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
