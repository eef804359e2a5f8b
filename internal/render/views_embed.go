package render

import (
	"fmt"
	"html/template"
	"strings"

	"scrutiny/internal/content"
	"scrutiny/internal/timeline"
)

// The embed page: a body's latest judgement and timeline, small enough to
// show in an iframe on the council's own website, whose content
// management system the council's web team often cannot template. It
// stands alone: its own few lines of CSS, no script, no header or footer
// of the site, and every fact with its source, since a reader meets it on
// another site's page.

// EmbedAddr is the address of body b's embed page.
func EmbedAddr(b *content.Body) string { return BodyAddr(b) + "embed/" }

// timelineAddr is the address of body b's timeline as an image.
func timelineAddr(b *content.Body) string { return BodyAddr(b) + "timeline.svg" }

// Embed is a body's embed page.
type Embed struct {
	Name   string
	URL    string // the body's page: the full record
	Latest *EmbedLatest
	// Timeline and TimelineNarrow are the chart, wide and laid out for a
	// phone; the page shows one by the iframe's width.
	Timeline, TimelineNarrow template.HTML
	SiteTitle, SiteURL       string
	Licence, LicenceURL      string
}

// EmbedLatest is the latest graded document: its date, every area's
// grade (not recorded where the sources do not give it), and where the
// grades come from.
type EmbedLatest struct {
	Title, URL    string
	Date, ISODate string
	Grades        []AreaGrade
	// Source is the original document's address (the inspectorate's
	// report), or "" where the site records none; the page then sends
	// the reader to the document's page, which says what is known.
	Source string
}

// EmbedSnippet is the HTML a council's web team copies into its own
// pages: the embed page in an iframe, or the timeline as an image. Its
// addresses are absolute, since it is pasted into another site.
type EmbedSnippet struct {
	URL     string // the embed page, absolute, to preview it
	IFrame  string
	Image   string
	ImageAt string // the timeline's absolute address
}

// EmbedPage is body b's embed page. It is kept out of search engines:
// the body's own page is the one to find.
func (vw *Views) EmbedPage(b *content.Body) *Page {
	pg := vw.page("embed", EmbedAddr(b), b.Name+": latest judgement and timeline",
		"The latest judgement and the timeline of judgements of "+b.Name+", to show on another website.")
	pg.NoIndex = true
	e := &Embed{
		Name: b.Name, URL: vw.url(BodyAddr(b)),
		SiteTitle: vw.Config.Title, SiteURL: vw.url("/"),
		Licence: vw.Config.Licence, LicenceURL: vw.Config.LicenceURL,
	}
	if v := b.LatestGraded(); v != nil {
		l := &EmbedLatest{Title: v.Title, URL: vw.url(DocAddr(v.Doc)), Date: v.DocDate.Human(), ISODate: v.DocDate.String(), Source: v.Source}
		for _, as := range v.Assessments() {
			l.Grades = append(l.Grades, AreaGrade{Area: as.Area.Name(), Tag: AssessedTag(as)})
		}
		e.Latest = l
	}
	if chart := vw.chart(b, false); !chart.Empty() {
		chart.Target = "_top"
		e.Timeline = template.HTML(chart.SVG("embed-"+b.Slug, false))
		e.TimelineNarrow = template.HTML(chart.NarrowSVG("embed-narrow-" + b.Slug))
	}
	pg.Embed = e
	return pg
}

// embedSnippet is what the body page offers to copy for body b, whose
// timeline is chart.
func (vw *Views) embedSnippet(b *content.Body, chart *timeline.Chart) *EmbedSnippet {
	page, svg := vw.Config.AbsURL(EmbedAddr(b)), vw.Config.AbsURL(timelineAddr(b))
	c := *chart
	c.Source = "-" // the image has a line for its source: count it
	w, h := c.Size(true)
	_, inline := c.Size(false)
	latest := b.LatestGraded()
	alt := "Timeline of judgements: " + b.Name
	if latest != nil {
		alt += fmt.Sprintf(". Latest judgement, %s: %s", latest.DocDate.Human(), headlineText(latest))
	} else {
		alt += ". No judgements yet"
	}
	alt += ". Source: " + vw.Config.Title
	return &EmbedSnippet{
		URL: page, ImageAt: svg,
		IFrame: fmt.Sprintf(`<iframe src="%s" title="%s" width="%d" height="%d" style="width: 100%%; max-width: %dpx; border: 0" loading="lazy"></iframe>`,
			attr(page), attr("Judgements of "+b.Name+", from "+vw.Config.Title), w, embedHeight(latest, inline), w),
		Image: fmt.Sprintf(`<a href="%s"><img src="%s" alt="%s" width="%d" height="%d" style="max-width: 100%%; height: auto"></a>`,
			attr(vw.Config.AbsURL(BodyAddr(b))), attr(svg), attr(alt), w, h),
	}
}

// embedHeight is the height of the embed page in a frame as wide as the
// chart: its words, a line for each grade of the latest judgement, and
// the chart, inline, chartH high. A narrower frame scrolls within itself
// rather than cutting anything off.
func embedHeight(latest *content.Version, chartH int) int {
	// Measured in Chromium at 960 pixels wide: the name, the sources and
	// the margins take 110 pixels; the latest judgement's line 40; each
	// grade 30.
	h := 110 + chartH
	if latest != nil {
		h += 40 + 30*len(latest.Assessments())
	}
	return h
}

// headlineText is the headline of v in words, each grade with its area:
// "Overall effectiveness: Good".
func headlineText(v *content.Version) string {
	grades, _ := headline(v)
	out := ""
	for i, g := range grades {
		if i > 0 {
			out += "; "
		}
		out += g.Area + ": " + g.Tag.Label
	}
	return out
}

// attr escapes s for a double-quoted HTML attribute of a snippet that
// the page shows as text (the template escapes it once more, for the
// page): only what would end the value or start markup, so that the
// copied code reads as written ("Children's", not "Children&#39;s").
func attr(s string) string { return attrEscaper.Replace(s) }

var attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
