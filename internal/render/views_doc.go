package render

import (
	"fmt"
	"html/template"
	"strings"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/diff"
	"scrutiny/internal/markdown"
	"scrutiny/internal/meta"
	"scrutiny/internal/timeline"
)

// The views of a document's pages: a version with its judgements,
// recommendations, plan and progress, and what changed in it.

// versionView is version v as a list of versions shows it.
func (vw *Views) versionView(v *content.Version) VersionView {
	vv := VersionView{Date: v.Date.Human(), ISODate: v.Date.String(), URL: vw.url(VersionAddr(v)), Change: changeNote(v)}
	if v.Index > 0 {
		vv.ChangesURL = vw.url(ChangesAddr(v))
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
func (vw *Views) docView(v *content.Version, atDoc bool) (*Doc, error) {
	d := v.Doc
	b := d.Body
	r, err := vw.text(v)
	if err != nil {
		return nil, err
	}
	dv := &Doc{
		Title: v.Title, BodyName: b.Name, BodyURL: vw.url(BodyAddr(b)),
		Type: Tag{Key: v.Type.Key, Label: v.Type.Label}, TypeURL: vw.url(TypeAddr(v.Type)),
		Summary: v.Summary, Content: htmlOf(r),
		IsLatest: v.IsLatest(), This: vw.versionView(v),
		Permalink: vw.Config.AbsURL(VersionAddr(v)),
		Draft:     v.Draft,
	}
	for _, h := range r.Headings {
		dv.Headings = append(dv.Headings, Link{Label: h.Text, URL: "#" + h.ID})
	}
	dv.Facts = append(dv.Facts,
		Fact{Key: Capital(vw.Config.Body), Value: b.Name, URL: dv.BodyURL},
		Fact{Key: "Type", Value: v.Type.Label, URL: dv.TypeURL},
		Fact{Key: "Date", Value: v.DocDate.Human()},
	)
	if len(v.Visit) > 0 {
		visit := v.Visit[0].Human()
		if len(v.Visit) == 2 && v.Visit[1] != v.Visit[0] {
			visit += " to " + v.Visit[1].Human()
		}
		dv.Facts = append(dv.Facts, Fact{Key: "Visit", Value: visit})
	}
	if v.Framework != nil {
		dv.Framework = v.Framework.Label
		if v.Type.Graded {
			dv.Facts = append(dv.Facts, Fact{Key: "Framework", Value: v.Framework.Label})
		}
	}
	if len(v.Authors) > 0 {
		dv.Facts = append(dv.Facts, Fact{Key: plural(len(v.Authors), "Author", "Authors"), Value: strings.Join(v.Authors, ", ")})
	}
	if v.Source != "" {
		dv.Facts = append(dv.Facts, Fact{Key: "Source", Value: v.Source, URL: v.Source})
	}
	dv.Facts = append(dv.Facts, Fact{Key: "Version", Value: v.Date.Human() + " (" + changeNote(v) + ")"})

	for _, as := range v.Assessments() {
		dv.Judgements = append(dv.Judgements, JudgementView{Area: as.Area.Label, Grade: AssessedTag(as)})
	}
	answers, planned, unlisted := vw.answers(v)
	for _, rec := range v.Recommendations {
		// Where a plan's actions are not listed, no recommendation can
		// be said to go unanswered.
		unanswered := planned && len(unlisted) == 0 && len(answers[rec.ID]) == 0
		dv.Recommendations = append(dv.Recommendations, RecView{ID: rec.ID, Text: rec.Text, Actions: answers[rec.ID], Unanswered: unanswered})
	}
	if len(v.Recommendations) > 0 {
		dv.UnlistedPlans = unlisted
	}
	if v.RespondsTo != nil {
		dv.RespondsTo = &Link{Label: v.RespondsTo.Latest().Title, URL: vw.url(DocAddr(v.RespondsTo))}
	}
	if len(v.Actions) > 0 {
		dv.Actions = vw.actions(v)
		dv.PlanStatus = vw.planStatus(v)
	} else if v.Type.Role == config.RolePlan {
		dv.ActionsUnlisted = true
	}
	if v.Plan != nil {
		dv.Plan = &Link{Label: v.Plan.Latest().Title, URL: vw.url(DocAddr(v.Plan))}
		dv.Progress = vw.progress(v)
	}
	for i, vv := range d.Versions {
		if !atDoc && len(d.Versions) > listedVersions && !near(d.Versions, i, v) {
			continue
		}
		x := vw.versionView(vv)
		x.Current = vv == v
		dv.Versions = append(dv.Versions, x)
	}
	if len(dv.Versions) < len(d.Versions) {
		dv.AllVersions = &Link{Label: fmt.Sprintf("All %d versions", len(d.Versions)), URL: vw.url(DocAddr(d)) + "#versions"}
	}
	if !v.IsLatest() {
		l := vw.versionView(d.Latest())
		dv.Latest = &l
	}
	for _, a := range d.Attachments {
		dv.Attachments = append(dv.Attachments, Link{Label: a.Name, URL: vw.url(AttachmentAddr(d, a))})
	}
	for i, x := range b.Docs {
		if x != d {
			continue
		}
		if i > 0 {
			dv.Prev = &Link{Label: b.Docs[i-1].Latest().Title, URL: vw.url(DocAddr(b.Docs[i-1]))}
		}
		if i+1 < len(b.Docs) {
			dv.Next = &Link{Label: b.Docs[i+1].Latest().Title, URL: vw.url(DocAddr(b.Docs[i+1]))}
		}
	}
	dv.Cite = vw.cite(v)
	return dv, nil
}

// cite is the text of the "cite this page" block.
func (vw *Views) cite(v *content.Version) string {
	site := vw.Config.Title
	if pub := vw.Config.Publisher; pub != "" && pub != site {
		site += ", " + pub // the site, and who publishes it
	}
	return fmt.Sprintf("%s. “%s”. %s, %s. %s. Version of %s. %s. Accessed %s.",
		vw.author(v), v.Title, v.Type.Label, v.DocDate.Human(),
		site, v.Date.Human(), vw.Config.AbsURL(VersionAddr(v)), citeSeen)
}

// citeSeen stands for the day the reader saw the page, which only the
// reader's browser knows: the page's script writes the date in its place.
const citeSeen = "[the date you read it]"

// author is who wrote v, for a citation: an inspection or visit is the
// inspectorate's work (and its lead inspector's), a plan or a committee
// paper the body's, unless the document names its authors.
func (vw *Views) author(v *content.Version) string {
	names := strings.Join(v.Authors, ", ")
	if v.Type.ByInspectorate && vw.Config.Inspectorate != "" {
		if names != "" {
			return vw.Config.Inspectorate + " (" + names + ")"
		}
		return vw.Config.Inspectorate
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
func (vw *Views) answers(v *content.Version) (out map[string][]ActionRef, planned bool, unlisted []Link) {
	out = map[string][]ActionRef{}
	for _, d := range v.Doc.Responses() {
		plan := d.Latest()
		if len(plan.Actions) == 0 {
			unlisted = append(unlisted, Link{Label: plan.Title, URL: vw.url(DocAddr(d))})
			continue
		}
		planned = true
		reports := d.ProgressReports()
		for _, a := range plan.Actions {
			ref := ActionRef{ID: a.ID, Title: a.Title, URL: vw.url(DocAddr(d)) + "#" + a.ID}
			if st, _ := content.StatusOf(reports, a.ID); st != nil {
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
func (vw *Views) planStatus(v *content.Version) *PlanStatus {
	reports := v.Doc.ProgressReports()
	if len(reports) == 0 {
		return nil
	}
	ps := &PlanStatus{AsOf: reports[len(reports)-1].DocDate.Human()}
	sum := vw.planSummary(v.Doc)
	ps.Counts = sum.Counts
	index := map[string]int{}
	var labels []string
	for i, st := range vw.Config.Statuses {
		index[st.Key] = i
		labels = append(labels, st.Label)
	}
	var cols []timeline.StatusColumn
	for _, r := range reports {
		url := vw.url(DocAddr(r.Doc))
		ps.Reports = append(ps.Reports, Link{Label: r.DocDate.Human(), URL: url})
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
		row := StatusRow{ID: a.ID, Title: a.Title, URL: "#" + a.ID}
		for _, r := range reports {
			var cell *Tag
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

func (vw *Views) actions(v *content.Version) []ActionView {
	reports := v.Doc.ProgressReports()
	var asOf meta.Date
	if len(reports) > 0 {
		asOf = reports[len(reports)-1].DocDate
	}
	var out []ActionView
	for _, a := range v.Actions {
		av := ActionView{ID: a.ID, Title: a.Title, Owner: a.Owner}
		if !a.Due.IsZero() {
			av.Due = a.Due.Human()
		}
		for _, rid := range a.Recommendations {
			l := Link{Label: rid}
			if v.RespondsTo != nil {
				l.URL = vw.url(DocAddr(v.RespondsTo)) + "#" + rid
				if rec, ok := v.RespondsTo.Latest().Recommendation(rid); ok {
					l.Label = rid + ": " + rec.Text
				}
			}
			av.Recommendations = append(av.Recommendations, l)
		}
		for _, r := range reports {
			for _, pr := range r.Progress {
				if pr.Action == a.ID {
					av.History = append(av.History, StatusAt{Date: r.DocDate.Human(), URL: vw.url(DocAddr(r.Doc)), Status: statusTag(pr.Status)})
				}
			}
		}
		if st, _ := content.StatusOf(reports, a.ID); st != nil {
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

func (vw *Views) progress(v *content.Version) []ProgressView {
	plan := content.PlanAt(v.Plan, v)
	reports := v.Plan.ProgressReports()
	var prev *content.Version
	for i, r := range reports {
		if r == v && i > 0 {
			prev = reports[i-1]
		}
	}
	var out []ProgressView
	for _, pr := range v.Progress {
		pv := ProgressView{Action: pr.Action, URL: vw.url(DocAddr(v.Plan)) + "#" + pr.Action, Status: statusTag(pr.Status), Note: pr.Note}
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
func (vw *Views) changesView(v *content.Version) (*Changes, error) {
	c := &Changes{Title: v.Title, DocURL: vw.url(DocAddr(v.Doc)), Version: vw.versionView(v)}
	prev := v.Previous()
	if prev == nil {
		return c, nil
	}
	pv := vw.versionView(prev)
	c.Previous = &pv
	for _, f := range diff.Fields(prev, v) {
		before, after := diff.Sides(f.Before, f.After)
		c.Fields = append(c.Fields, FieldChange{Field: f.Name, Before: template.HTML(before), After: template.HTML(after)})
	}
	was, err := vw.source(prev)
	if err != nil {
		return nil, err
	}
	is, err := vw.source(v)
	if err != nil {
		return nil, err
	}
	before, after := strings.TrimSpace(string(was)), strings.TrimSpace(string(is))
	c.Same = before == after
	if c.Same {
		return c, nil
	}
	c.Text = vw.memo(func() Key { return HashBytes([]byte("changes"), was, is, []byte(DocAddr(v.Doc))) }, func() template.HTML {
		r, err := vw.Diff.Convert([]byte(diff.Markdown(before, after, vw.Config.AllowHTML)), DocAddr(v.Doc), markdown.Prior{})
		if err != nil {
			// The marks cannot make Markdown that fails where the
			// version did not; should they, the words alone still say
			// what changed.
			return template.HTML(diff.HTML(before, after))
		}
		return htmlOf(r)
	})
	return c, nil
}
