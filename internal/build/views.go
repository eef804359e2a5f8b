package build

import (
	"bytes"
	"fmt"
	stdhtml "html"
	"html/template"
	"strings"
	"unicode/utf8"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/diff"
	"scrutiny/internal/markdown"
	"scrutiny/internal/meta"
	"scrutiny/internal/render"
	"scrutiny/internal/timeline"
)

// url gives a site address with the base path.
func (p *Project) url(addr string) string { return p.Config.URL(addr) }

func (p *Project) siteView() *render.Site {
	c := p.Config
	s := &render.Site{
		Title: c.Title, Description: c.Description, Publisher: c.Publisher,
		Language: c.Language, Home: p.url("/"), Accent: c.Accent,
		Licence: c.Licence, LicenceURL: c.LicenceURL,
		CSS:  p.url("/css/scrutiny.css"),
		JS:   p.url("/js/scrutiny.js"),
		Feed: p.url("/feed.xml"),
		Body: c.Body, Bodies: c.Bodies,
	}
	if c.Logo != "" {
		s.Logo = p.link(c.Logo)
	}
	for _, l := range c.Menu {
		s.Menu = append(s.Menu, render.Link{Label: l.Label, URL: p.link(l.URL)})
	}
	for _, l := range c.Footer {
		s.Footer = append(s.Footer, render.Link{Label: l.Label, URL: p.link(l.URL)})
	}
	return s
}

// link gives a site address the base path and leaves other addresses alone.
func (p *Project) link(u string) string {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return p.url(u)
	}
	return u
}

// page starts the view of a page at addr.
func (p *Project) page(kind, addr, title, desc string) *render.Page {
	site := p.siteView()
	if desc == "" {
		desc = p.Config.Description
	}
	if desc == "" {
		// Every page has a description, for search engines and for
		// the preview a link shows where it is shared.
		desc = title + ": a page of " + p.Config.Title + "."
	}
	pg := &render.Page{
		Site: site, Kind: kind, Title: title, Description: desc,
		URL: p.url(addr), Canonical: p.Config.AbsURL(addr), OGType: "website",
	}
	for i, m := range site.Menu {
		if m.URL == pg.URL {
			site.Menu[i].Current = true
		}
	}
	return pg
}

// crumbs is a breadcrumb trail: home, then the given links.
func (p *Project) crumbs(links ...render.Link) []render.Link {
	return append([]render.Link{{Label: "Home", URL: p.url("/")}}, links...)
}

func gradeTag(g config.Grade) render.Tag { return render.Tag{Key: g.Key, Label: g.Label} }

// notRecorded is the tag of a grade that a document's framework gives but
// its sources do not: unknown, which is not the same as not judged.
var notRecorded = render.Tag{Key: "not-recorded", Label: timeline.NotRecorded}

// assessedTag is an assessment's grade, or says it is not recorded.
func assessedTag(as content.Assessment) render.Tag {
	if as.Recorded() {
		return gradeTag(*as.Grade)
	}
	return notRecorded
}

// rowTag is v's grade in the timeline row: nil where its framework grades
// no area there (not judged), and not recorded where the sources do not
// give the grade.
func rowTag(v *content.Version, row string) *render.Tag {
	as, ok := v.InRow(row)
	if !ok {
		return nil
	}
	t := assessedTag(as)
	if as.Recorded() {
		// A table has a column for each area: the grade's short label
		// keeps them narrow enough for every column to show.
		t.Label = as.Grade.Name()
	}
	return &t
}

func statusTag(s config.Status) render.Tag { return render.Tag{Key: s.Key, Label: s.Label} }

// firstParagraph is the text of the first paragraph of html, made by the
// Markdown converter, for a page's description when it has no summary: at
// most about 200 characters, cut at a word.
func firstParagraph(html []byte) string {
	var start int
	for {
		i := bytes.Index(html[start:], []byte("<p"))
		if i < 0 {
			return ""
		}
		start += i + 2
		if start < len(html) && (html[start] == '>' || html[start] == ' ') {
			break // not <pre>
		}
	}
	end := bytes.Index(html[start:], []byte("</p>"))
	if end < 0 {
		return ""
	}
	var b strings.Builder
	inTag := true // in the <p> tag itself
	for _, c := range string(html[start:][:end]) {
		switch {
		case c == '<':
			inTag = true
		case c == '>':
			inTag = false
		case !inTag:
			b.WriteRune(c)
		}
	}
	// The paragraph's own anchor link is a pilcrow.
	text := strings.Join(strings.Fields(strings.ReplaceAll(stdhtml.UnescapeString(b.String()), "¶", "")), " ")
	if utf8.RuneCountInString(text) <= 200 {
		return text
	}
	cut := []rune(text)[:200]
	if i := strings.LastIndexByte(string(cut), ' '); i > 0 {
		return string(cut)[:i] + "…"
	}
	return string(cut) + "…"
}

// describe is a version's description for lists and link previews: its
// summary, or a sentence made from its facts.
func describe(v *content.Version) string {
	if v.Summary != "" {
		return v.Summary
	}
	return fmt.Sprintf("%s of %s, %s.", v.Type.Label, v.Doc.Body.Name, v.DocDate.Human())
}

// entry is a version in a list.
func (p *Project) entry(v *content.Version, asVersion bool) render.Entry {
	d := v.Doc
	e := render.Entry{
		Title: v.Title, URL: p.url(docAddr(d)),
		BodyName: d.Body.Name, BodyURL: p.url(bodyAddr(d.Body)),
		Type: v.Type.Label, TypeURL: p.url(typeAddr(v.Type)),
		Date: v.DocDate.Human(), ISODate: v.DocDate.String(), Summary: describe(v),
	}
	if asVersion {
		e.URL = p.url(versionAddr(v))
		e.Date, e.ISODate = v.Date.Human(), v.Date.String()
		e.Change = changeNote(v)
	}
	e.Tags = headlineTags(v)
	return e
}

func changeNote(v *content.Version) string {
	if v.Index == 0 {
		return "First published"
	}
	return v.Change
}

// latestGraded is the body's newest graded document, whether or not the
// sources give its grades: a newer inspection replaces the grades of an
// older one even where its own are not recorded.
func latestGraded(b *content.Body) *content.Version {
	for i := len(b.Docs) - 1; i >= 0; i-- {
		if v := b.Docs[i].Latest(); v.Graded() {
			return v
		}
	}
	return nil
}

// headline is what a list shows of a version's judgements: its overall
// grade, or, under a framework with no overall grade (such as Ofsted's
// from 2026), the grade of every area it judges; overall says which. A
// grade the sources do not give is shown as not recorded.
func headline(v *content.Version) (grades []render.AreaGrade, overall bool) {
	if v == nil {
		return nil, false
	}
	assessed := v.Assessments()
	for _, as := range assessed {
		if as.Area.Key == "overall" {
			return []render.AreaGrade{{Area: as.Area.Name(), Tag: assessedTag(as)}}, true
		}
	}
	for _, as := range assessed {
		grades = append(grades, render.AreaGrade{Area: as.Area.Name(), Tag: assessedTag(as)})
	}
	return grades, false
}

// headlineTags is the headline as tags: the overall grade alone, since it
// speaks for the whole judgement, or each area's grade with its area.
func headlineTags(v *content.Version) []render.Tag {
	grades, overall := headline(v)
	var out []render.Tag
	for _, g := range grades {
		t := g.Tag
		if !overall {
			t.Label = g.Area + ": " + t.Label
		}
		out = append(out, t)
	}
	return out
}

func (p *Project) bodyCard(b *content.Body) render.BodyCard {
	c := render.BodyCard{Name: b.Name, URL: p.url(bodyAddr(b)), Region: b.Region, Documents: len(b.Docs)}
	if v := latestGraded(b); v != nil {
		e := p.entry(v, false)
		c.Latest = &e
		c.Grades, _ = headline(v)
	}
	return c
}

func (p *Project) judgementTable(b *content.Body, chart *timeline.Chart) *render.JudgementTable {
	t := &render.JudgementTable{Caption: "Judgements of " + b.Name + ", oldest first"}
	for _, r := range chart.Rows {
		t.Columns = append(t.Columns, r.Label)
	}
	for _, d := range b.Docs {
		v := d.Latest()
		if !v.Graded() {
			continue
		}
		row := render.JudgementRow{Date: v.DocDate.Human(), ISODate: v.DocDate.String(), Title: v.Title, URL: p.url(docAddr(d))}
		row.Framework = v.Framework.Label
		for _, r := range chart.Rows {
			row.Grades = append(row.Grades, rowTag(v, r.Key))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// chart is a body's timeline with addresses carrying the base path; abs
// makes them absolute, for the standalone file.
func (p *Project) chart(b *content.Body, abs bool) *timeline.Chart {
	return timeline.For(b, p.Config, p.today, func(d *content.Document) string {
		if abs {
			return p.Config.AbsURL(docAddr(d))
		}
		return p.url(docAddr(d))
	})
}

func (p *Project) bodyView(b *content.Body) *render.Body {
	chart := p.chart(b, false)
	v := &render.Body{
		Name: b.Name, Slug: b.Slug,
		Intro:       template.HTML(p.bodies[b].HTML),
		TimelineURL: p.url("/" + b.Slug + "/timeline.svg"),
		Feed:        p.url("/" + b.Slug + "/feed.xml"),
	}
	if !chart.Empty() {
		v.Timeline = template.HTML(chart.SVG("timeline-"+b.Slug, false))
		v.TimelineNarrow = template.HTML(chart.NarrowSVG("timeline-narrow-" + b.Slug))
	}
	if len(chart.Rows) > 0 {
		v.Judgements = p.judgementTable(b, chart)
	}
	if b.Short != "" && b.Short != b.Name {
		v.Facts = append(v.Facts, render.Fact{Key: "Short name", Value: b.Short})
	}
	if b.Region != "" {
		v.Facts = append(v.Facts, render.Fact{Key: "Region", Value: b.Region})
	}
	if b.Code != "" {
		v.Facts = append(v.Facts, render.Fact{Key: "Code", Value: b.Code})
	}
	if b.Website != "" {
		v.Facts = append(v.Facts, render.Fact{Key: "Website", Value: b.Website, URL: b.Website})
	}
	v.Neighbours = p.neighbours(b)
	if lg := latestGraded(b); lg != nil {
		f := render.Fact{Key: "Latest judgement", Value: lg.Title + ", " + lg.DocDate.Human(), URL: p.url(docAddr(lg.Doc))}
		f.Tags = headlineTags(lg)
		v.Latest = &f
	}
	for _, per := range b.Periods {
		pv := render.PeriodView{Label: per.Label, From: per.Start.Human(), Source: per.Source}
		if !per.End.IsZero() {
			pv.To = per.End.Human()
		}
		v.Periods = append(v.Periods, pv)
	}
	for i := len(b.Docs) - 1; i >= 0; i-- {
		d := b.Docs[i]
		v.Documents = append(v.Documents, p.entry(d.Latest(), false))
		if d.Latest().Type.Role == config.RolePlan {
			v.Plans = append(v.Plans, p.planSummary(d))
		}
	}
	return v
}

// progressReports lists the progress reports on plan, oldest first.
func progressReports(plan *content.Document) []*content.Version {
	var out []*content.Version
	for _, d := range plan.Body.Docs {
		if v := d.Latest(); v.Plan == plan {
			out = append(out, v)
		}
	}
	return out
}

// statusOf is an action's latest reported status, and the date of the
// report that gave it.
func statusOf(reports []*content.Version, id string) (*config.Status, *content.Version) {
	for i := len(reports) - 1; i >= 0; i-- {
		for _, pr := range reports[i].Progress {
			if pr.Action == id {
				s := pr.Status
				return &s, reports[i]
			}
		}
	}
	return nil, nil
}

func (p *Project) planSummary(d *content.Document) render.PlanSummary {
	v := d.Latest()
	s := render.PlanSummary{Title: v.Title, URL: p.url(docAddr(d)), Actions: len(v.Actions)}
	reports := progressReports(d)
	if len(reports) > 0 {
		s.AsOf = reports[len(reports)-1].DocDate.Human()
	}
	counts := map[string]int{}
	notReported := 0
	for _, a := range v.Actions {
		if st, _ := statusOf(reports, a.ID); st != nil {
			counts[st.Key]++
		} else {
			notReported++
		}
	}
	for _, st := range p.Config.Statuses {
		if counts[st.Key] > 0 {
			s.Counts = append(s.Counts, render.Count{Tag: statusTag(st), N: counts[st.Key]})
		}
	}
	if notReported > 0 {
		s.Counts = append(s.Counts, render.Count{Tag: render.Tag{Key: "not-reported", Label: "No progress reported"}, N: notReported})
	}
	return s
}

func (p *Project) versionView(v *content.Version) render.VersionView {
	vv := render.VersionView{Date: v.Date.Human(), ISODate: v.Date.String(), URL: p.url(versionAddr(v)), Change: changeNote(v)}
	if v.Index > 0 {
		vv.ChangesURL = p.url(changesAddr(v))
	}
	return vv
}

// listedVersions is how many versions a version's own page lists in full;
// a document with more lists them all only on its own page, and each
// version's page the first, previous, next and latest, so that a document
// of 2,000 versions writes 2,000 short lists rather than 4 million lines
// (1 GB of HTML).
const listedVersions = 12

// docView is the view of version v; atDoc says it is shown at the
// document's own address.
func (p *Project) docView(v *content.Version, atDoc bool) (*render.Doc, error) {
	d := v.Doc
	b := d.Body
	r, err := p.text(v)
	if err != nil {
		return nil, err
	}
	dv := &render.Doc{
		Title: v.Title, BodyName: b.Name, BodyURL: p.url(bodyAddr(b)),
		Type: render.Tag{Key: v.Type.Key, Label: v.Type.Label}, TypeURL: p.url(typeAddr(v.Type)),
		Summary: v.Summary, Content: template.HTML(r.HTML),
		IsLatest: v.IsLatest(), This: p.versionView(v),
		Permalink: p.Config.AbsURL(versionAddr(v)),
		Draft:     v.Draft,
	}
	for _, h := range r.Headings {
		dv.Headings = append(dv.Headings, render.Link{Label: h.Text, URL: "#" + h.ID})
	}
	dv.Facts = append(dv.Facts,
		render.Fact{Key: render.Capital(p.Config.Body), Value: b.Name, URL: dv.BodyURL},
		render.Fact{Key: "Type", Value: v.Type.Label, URL: dv.TypeURL},
		render.Fact{Key: "Date", Value: v.DocDate.Human()},
	)
	if len(v.Visit) > 0 {
		visit := v.Visit[0].Human()
		if len(v.Visit) == 2 && v.Visit[1] != v.Visit[0] {
			visit += " to " + v.Visit[1].Human()
		}
		dv.Facts = append(dv.Facts, render.Fact{Key: "Visit", Value: visit})
	}
	if v.Framework != nil {
		dv.Framework = v.Framework.Label
		if v.Type.Graded {
			dv.Facts = append(dv.Facts, render.Fact{Key: "Framework", Value: v.Framework.Label})
		}
	}
	if len(v.Authors) > 0 {
		dv.Facts = append(dv.Facts, render.Fact{Key: plural(len(v.Authors), "Author", "Authors"), Value: strings.Join(v.Authors, ", ")})
	}
	if v.Source != "" {
		dv.Facts = append(dv.Facts, render.Fact{Key: "Source", Value: v.Source, URL: v.Source})
	}
	dv.Facts = append(dv.Facts, render.Fact{Key: "Version", Value: v.Date.Human() + " (" + changeNote(v) + ")"})

	for _, as := range v.Assessments() {
		dv.Judgements = append(dv.Judgements, render.JudgementView{Area: as.Area.Label, Grade: assessedTag(as)})
	}
	answers, planned, unlisted := p.answers(v)
	for _, rec := range v.Recommendations {
		// Where a plan's actions are not listed, no recommendation can
		// be said to go unanswered.
		unanswered := planned && len(unlisted) == 0 && len(answers[rec.ID]) == 0
		dv.Recommendations = append(dv.Recommendations, render.RecView{ID: rec.ID, Text: rec.Text, Actions: answers[rec.ID], Unanswered: unanswered})
	}
	if len(v.Recommendations) > 0 {
		dv.UnlistedPlans = unlisted
	}
	if v.RespondsTo != nil {
		dv.RespondsTo = &render.Link{Label: v.RespondsTo.Latest().Title, URL: p.url(docAddr(v.RespondsTo))}
	}
	if len(v.Actions) > 0 {
		dv.Actions = p.actions(v)
		dv.PlanStatus = p.planStatus(v)
	} else if v.Type.Role == config.RolePlan {
		dv.ActionsUnlisted = true
	}
	if v.Plan != nil {
		dv.Plan = &render.Link{Label: v.Plan.Latest().Title, URL: p.url(docAddr(v.Plan))}
		dv.Progress = p.progress(v)
	}
	for i, vv := range d.Versions {
		if !atDoc && len(d.Versions) > listedVersions && !near(d.Versions, i, v) {
			continue
		}
		x := p.versionView(vv)
		x.Current = vv == v
		dv.Versions = append(dv.Versions, x)
	}
	if len(dv.Versions) < len(d.Versions) {
		dv.AllVersions = &render.Link{Label: fmt.Sprintf("All %d versions", len(d.Versions)), URL: p.url(docAddr(d)) + "#versions"}
	}
	if !v.IsLatest() {
		l := p.versionView(d.Latest())
		dv.Latest = &l
	}
	for _, a := range d.Attachments {
		dv.Attachments = append(dv.Attachments, render.Link{Label: a.Name, URL: p.url(attachmentAddr(d, a))})
	}
	for i, x := range b.Docs {
		if x != d {
			continue
		}
		if i > 0 {
			dv.Prev = &render.Link{Label: b.Docs[i-1].Latest().Title, URL: p.url(docAddr(b.Docs[i-1]))}
		}
		if i+1 < len(b.Docs) {
			dv.Next = &render.Link{Label: b.Docs[i+1].Latest().Title, URL: p.url(docAddr(b.Docs[i+1]))}
		}
	}
	dv.Cite = p.cite(v)
	return dv, nil
}

// text is version v's text as HTML, with its headings: as converted, or,
// in a one-shot build, as the spool kept it.
func (p *Project) text(v *content.Version) (*markdown.Result, error) {
	r := p.docs[v]
	if p.spool == nil {
		return r, nil
	}
	html, err := p.spool.html(p.spooled[v])
	if err != nil {
		return nil, fmt.Errorf("%s: reading its converted text back: %w", v.File, err)
	}
	return &markdown.Result{HTML: html, Headings: r.Headings}, nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// cite is the text of the "cite this page" block.
func (p *Project) cite(v *content.Version) string {
	site := p.Config.Title
	if pub := p.Config.Publisher; pub != "" && pub != site {
		site += ", " + pub // the site, and who publishes it
	}
	return fmt.Sprintf("%s. “%s”. %s, %s. %s. Version of %s. %s. Accessed %s.",
		p.author(v), v.Title, v.Type.Label, v.DocDate.Human(),
		site, v.Date.Human(), p.Config.AbsURL(versionAddr(v)), citeSeen)
}

// citeSeen stands for the day the reader saw the page, which only the
// reader's browser knows: the page's script writes the date in its place.
const citeSeen = "[the date you read it]"

// author is who wrote v, for a citation: an inspection or visit is the
// inspectorate's work (and its lead inspector's), a plan or a committee
// paper the body's, unless the document names its authors.
func (p *Project) author(v *content.Version) string {
	names := strings.Join(v.Authors, ", ")
	if v.Type.ByInspectorate && p.Config.Inspectorate != "" {
		if names != "" {
			return p.Config.Inspectorate + " (" + names + ")"
		}
		return p.Config.Inspectorate
	}
	if names != "" {
		return names
	}
	return v.Doc.Body.Name
}

// answers maps each recommendation of v to the plan actions that answer it,
// from every plan that responds to v's document; says whether any plan
// that lists its actions does; and lists the plans that respond to it
// without listing their actions, since the sources do not give them.
func (p *Project) answers(v *content.Version) (out map[string][]render.ActionRef, planned bool, unlisted []render.Link) {
	out = map[string][]render.ActionRef{}
	for _, d := range v.Doc.Body.Docs {
		plan := d.Latest()
		if plan.RespondsTo != v.Doc {
			continue
		}
		if len(plan.Actions) == 0 {
			unlisted = append(unlisted, render.Link{Label: plan.Title, URL: p.url(docAddr(d))})
			continue
		}
		planned = true
		reports := progressReports(d)
		for _, a := range plan.Actions {
			ref := render.ActionRef{ID: a.ID, Title: a.Title, URL: p.url(docAddr(d)) + "#" + a.ID}
			if st, _ := statusOf(reports, a.ID); st != nil {
				t := statusTag(*st)
				ref.Status = &t
			}
			for _, rid := range a.Recommendations {
				out[rid] = append(out[rid], ref)
			}
		}
	}
	return out, planned, unlisted
}

// planStatus is the plan v's actions by status across its progress reports.
func (p *Project) planStatus(v *content.Version) *render.PlanStatus {
	reports := progressReports(v.Doc)
	if len(reports) == 0 {
		return nil
	}
	ps := &render.PlanStatus{AsOf: reports[len(reports)-1].DocDate.Human()}
	sum := p.planSummary(v.Doc)
	ps.Counts = sum.Counts
	index := map[string]int{}
	var labels []string
	for i, st := range p.Config.Statuses {
		index[st.Key] = i
		labels = append(labels, st.Label)
	}
	var cols []timeline.StatusColumn
	for _, r := range reports {
		url := p.url(docAddr(r.Doc))
		ps.Reports = append(ps.Reports, render.Link{Label: r.DocDate.Human(), URL: url})
		col := timeline.StatusColumn{Label: r.DocDate.Human(), URL: url, Counts: make([]int, len(labels))}
		for _, pr := range r.Progress {
			col.Counts[index[pr.Status.Key]]++
		}
		cols = append(cols, col)
	}
	title := "Actions of " + v.Title + " by status in each progress report"
	ps.Chart = template.HTML(timeline.StatusSVG("status-"+v.Doc.Slug, title, labels, cols, false))
	ps.ChartNarrow = template.HTML(timeline.StatusSVG("status-narrow-"+v.Doc.Slug, title, labels, cols, true))
	for _, a := range v.Actions {
		row := render.StatusRow{ID: a.ID, Title: a.Title, URL: "#" + a.ID}
		for _, r := range reports {
			var cell *render.Tag
			for _, pr := range r.Progress {
				if pr.Action == a.ID {
					t := statusTag(pr.Status)
					cell = &t
				}
			}
			row.Cells = append(row.Cells, cell)
		}
		ps.Rows = append(ps.Rows, row)
	}
	return ps
}

func (p *Project) actions(v *content.Version) []render.ActionView {
	reports := progressReports(v.Doc)
	var asOf meta.Date
	if len(reports) > 0 {
		asOf = reports[len(reports)-1].DocDate
	}
	var out []render.ActionView
	for _, a := range v.Actions {
		av := render.ActionView{ID: a.ID, Title: a.Title, Owner: a.Owner}
		if !a.Due.IsZero() {
			av.Due = a.Due.Human()
		}
		for _, rid := range a.Recommendations {
			l := render.Link{Label: rid}
			if v.RespondsTo != nil {
				l.URL = p.url(docAddr(v.RespondsTo)) + "#" + rid
				if rec, ok := v.RespondsTo.Latest().Recommendation(rid); ok {
					l.Label = rid + ": " + rec.Text
				}
			}
			av.Recommendations = append(av.Recommendations, l)
		}
		for _, r := range reports {
			for _, pr := range r.Progress {
				if pr.Action == a.ID {
					av.History = append(av.History, render.StatusAt{Date: r.DocDate.Human(), URL: p.url(docAddr(r.Doc)), Status: statusTag(pr.Status)})
				}
			}
		}
		if st, _ := statusOf(reports, a.ID); st != nil {
			t := statusTag(*st)
			av.Status = &t
			// Overdue is judged at the latest report's date, not the
			// build's, so that builds stay reproducible.
			av.Overdue = !st.Done && !a.Due.IsZero() && a.Due.End().Compare(asOf) < 0
		}
		out = append(out, av)
	}
	return out
}

func (p *Project) progress(v *content.Version) []render.ProgressView {
	plan := content.PlanAt(v.Plan, v)
	reports := progressReports(v.Plan)
	var prev *content.Version
	for i, r := range reports {
		if r == v && i > 0 {
			prev = reports[i-1]
		}
	}
	var out []render.ProgressView
	for _, pr := range v.Progress {
		pv := render.ProgressView{Action: pr.Action, URL: p.url(docAddr(v.Plan)) + "#" + pr.Action, Status: statusTag(pr.Status), Note: pr.Note}
		if plan != nil {
			if a, ok := plan.Action(pr.Action); ok {
				pv.Title = a.Title
			}
		}
		if prev != nil {
			for _, old := range prev.Progress {
				if old.Action == pr.Action && old.Status.Key != pr.Status.Key {
					t := statusTag(old.Status)
					pv.Was = &t
				}
			}
		}
		out = append(out, pv)
	}
	return out
}

// near says whether version vs[i] is listed on v's page when not all are:
// it is the first, the latest, v, or next to v.
func near(vs []*content.Version, i int, v *content.Version) bool {
	return i == 0 || i == len(vs)-1 || vs[i] == v ||
		(i > 0 && vs[i-1] == v) || (i+1 < len(vs) && vs[i+1] == v)
}

// changesView is what changed in version v from the one before.
func (p *Project) changesView(v *content.Version) (*render.Changes, error) {
	c := &render.Changes{Title: v.Title, DocURL: p.url(docAddr(v.Doc)), Version: p.versionView(v)}
	prev := v.Previous()
	if prev == nil {
		return c, nil
	}
	pv := p.versionView(prev)
	c.Previous = &pv
	for _, f := range diff.Fields(prev, v) {
		before, after := diff.Sides(f.Before, f.After)
		c.Fields = append(c.Fields, render.FieldChange{Field: f.Name, Before: template.HTML(before), After: template.HTML(after)})
	}
	was, err := prev.Text(p.site)
	if err != nil {
		return nil, err
	}
	is, err := v.Text(p.site)
	if err != nil {
		return nil, err
	}
	before, after := strings.TrimSpace(string(was)), strings.TrimSpace(string(is))
	c.Same = before == after
	if !c.Same {
		r, err := p.diffConv.Convert([]byte(diff.Markdown(before, after, p.Config.AllowHTML)), docAddr(v.Doc), markdown.Prior{})
		if err != nil {
			// The marks cannot make Markdown that fails where the
			// version did not; should they, the words alone still say
			// what changed.
			c.Text = template.HTML(diff.HTML(before, after))
		} else {
			c.Text = template.HTML(r.HTML)
		}
	}
	return c, nil
}
