package render

import (
	"html/template"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/timeline"
)

// The views of a body: its card on the home page, its page, its
// timeline as a file of its own.

// bodyCard is body b on the home page, with its latest judgement.
func (vw *Views) bodyCard(b *content.Body) BodyCard {
	c := BodyCard{Name: b.Name, URL: vw.url(BodyAddr(b)), Region: b.Region, Documents: len(b.Docs)}
	if v := b.LatestGraded(); v != nil {
		e := vw.entry(v, false)
		c.Latest = &e
		c.Grades, _ = headline(v)
	}
	return c
}

func (vw *Views) judgementTable(b *content.Body, chart *timeline.Chart) *JudgementTable {
	t := &JudgementTable{Caption: "Judgements of " + b.Name + ", oldest first"}
	for _, r := range chart.Rows {
		t.Columns = append(t.Columns, r.Label)
	}
	for _, d := range b.Docs {
		v := d.Latest()
		if !v.Graded() {
			continue
		}
		row := JudgementRow{Date: v.DocDate.Human(), ISODate: v.DocDate.String(), Title: v.Title, URL: vw.url(DocAddr(d))}
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
func (vw *Views) chart(b *content.Body, abs bool) *timeline.Chart {
	return timeline.For(b, vw.Config, vw.Today, func(d *content.Document) string {
		if abs {
			return vw.Config.AbsURL(DocAddr(d))
		}
		return vw.url(DocAddr(d))
	})
}

func (vw *Views) bodyView(b *content.Body) *Body {
	chart := vw.chart(b, false)
	v := &Body{
		Name: b.Name, Slug: b.Slug,
		Intro:       htmlOf(vw.bodyText(b)),
		TimelineURL: vw.url("/" + b.Slug + "/timeline.svg"),
		Feed:        vw.url("/" + b.Slug + "/feed.xml"),
	}
	if !chart.Empty() {
		v.Timeline = template.HTML(chart.SVG("timeline-"+b.Slug, false))
		v.TimelineNarrow = template.HTML(chart.NarrowSVG("timeline-narrow-" + b.Slug))
	}
	if len(chart.Rows) > 0 {
		v.Judgements = vw.judgementTable(b, chart)
	}
	if b.Short != "" && b.Short != b.Name {
		v.Facts = append(v.Facts, Fact{Key: "Short name", Value: b.Short})
	}
	if b.Region != "" {
		v.Facts = append(v.Facts, Fact{Key: "Region", Value: b.Region})
	}
	if b.Code != "" {
		v.Facts = append(v.Facts, Fact{Key: "Code", Value: b.Code})
	}
	if b.Website != "" {
		v.Facts = append(v.Facts, Fact{Key: "Website", Value: b.Website, URL: b.Website})
	}
	v.Neighbours = vw.neighbours(b)
	v.Embed = vw.embedSnippet(b, chart)
	if lg := b.LatestGraded(); lg != nil {
		f := Fact{Key: "Latest judgement", Value: lg.Title + ", " + lg.DocDate.Human(), URL: vw.url(DocAddr(lg.Doc))}
		f.Tags = headlineTags(lg)
		v.Latest = &f
	}
	for _, per := range b.Periods {
		pv := PeriodView{Label: per.Label, From: per.Start.Human(), Source: per.Source}
		if !per.End.IsZero() {
			pv.To = per.End.Human()
		}
		v.Periods = append(v.Periods, pv)
	}
	for i := len(b.Docs) - 1; i >= 0; i-- {
		d := b.Docs[i]
		v.Documents = append(v.Documents, vw.entry(d.Latest(), false))
		if d.Latest().Type.Role == config.RolePlan {
			v.Plans = append(v.Plans, vw.planSummary(d))
		}
	}
	return v
}

// planSummary is plan d's actions counted by their latest status.
func (vw *Views) planSummary(d *content.Document) PlanSummary {
	v := d.Latest()
	s := PlanSummary{Title: v.Title, URL: vw.url(DocAddr(d)), Actions: len(v.Actions)}
	reports := d.ProgressReports()
	if len(reports) > 0 {
		s.AsOf = reports[len(reports)-1].DocDate.Human()
	}
	counts := map[string]int{}
	notReported := 0
	for _, a := range v.Actions {
		if st, _ := content.StatusOf(reports, a.ID); st != nil {
			counts[st.Key]++
		} else {
			notReported++
		}
	}
	for _, st := range vw.Config.Statuses {
		if counts[st.Key] > 0 {
			s.Counts = append(s.Counts, Count{Tag: statusTag(st), N: counts[st.Key]})
		}
	}
	if notReported > 0 {
		s.Counts = append(s.Counts, Count{Tag: Tag{Key: "not-reported", Label: "No progress reported"}, N: notReported})
	}
	return s
}

// TimelineFile is a body's timeline as a standalone SVG file, with
// absolute links, for embedding in a committee paper, an article or a
// council's own page. Seen there, away from the site, it names the body
// and its source in its title, description and visible text.
func (vw *Views) TimelineFile(b *content.Body) []byte {
	c := vw.chart(b, true)
	c.Source = "Source: " + vw.Config.Title + ", " + vw.Config.AbsURL(BodyAddr(b))
	c.Lang = vw.Config.Language
	// Shown in an <object> or a frame, a link opens in the whole window.
	c.Target = "_top"
	return []byte(c.File())
}
