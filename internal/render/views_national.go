package render

import (
	"html/template"
	"sort"
	"strconv"
	"strings"

	"scrutiny/internal/content"
	"scrutiny/internal/meta"
	"scrutiny/internal/timeline"
)

// The national pages: every body's latest judgements side by side, in the
// orders a reader needs (by name, by region, by overall grade), each a page
// of its own so that no script is needed to sort, and a page per region.

// Order is one way to sort the national table, with the address of its
// page.
type Order struct {
	Key, Label, Addr string
}

// Orders are the national table's orders, each a page.
var Orders = []Order{
	{"name", "Name", "/judgements/"},
	{"region", "Region", "/judgements/by-region/"},
	{"grade", "Overall grade", "/judgements/by-grade/"},
}

// Regions lists the bodies' regions, sorted.
func (vw *Views) Regions() []string {
	seen := map[string]bool{}
	var out []string
	for _, b := range vw.Content.Bodies {
		if b.Region != "" && !seen[b.Region] {
			seen[b.Region] = true
			out = append(out, b.Region)
		}
	}
	sort.Strings(out)
	return out
}

// columns are the timeline rows of the given latest versions' frameworks'
// areas, graded or not recorded, in the site's order of rows (the
// headline first), each named as the newest framework that has it names it.
func (vw *Views) columns(latest []*content.Version) (keys, labels []string) {
	used := map[string]bool{}
	for _, v := range latest {
		for _, a := range v.Framework.Areas {
			used[a.Row] = true
		}
	}
	label := map[string]string{}
	for _, f := range vw.Config.Frameworks {
		for _, a := range f.Areas {
			if used[a.Row] {
				label[a.Row] = a.Name()
			}
		}
	}
	for k := range used {
		keys = append(keys, k)
	}
	order := vw.Config.RowOrder()
	sort.Slice(keys, func(i, j int) bool { return order[keys[i]] < order[keys[j]] })
	for _, k := range keys {
		labels = append(labels, label[k])
	}
	return keys, labels
}

// table is the national table of bodies, in the given order.
func (vw *Views) table(bodies []*content.Body) *National {
	var latest []*content.Version
	for _, b := range bodies {
		if v := b.LatestGraded(); v != nil {
			latest = append(latest, v)
		}
	}
	keys, labels := vw.columns(latest)
	n := &National{Noun: Capital(vw.Config.Body), Columns: labels, CSV: vw.url("/judgements.csv"), JSON: vw.url("/judgements.json")}
	for _, b := range bodies {
		row := NationalRow{Name: b.Name, URL: vw.url(BodyAddr(b)), Region: b.Region}
		if v := b.LatestGraded(); v != nil {
			row.Date, row.DocURL = v.DocDate.Human(), vw.url(DocAddr(v.Doc))
			for _, k := range keys {
				row.Grades = append(row.Grades, rowTag(v, k))
			}
		}
		n.Rows = append(n.Rows, row)
	}
	return n
}

// sorted returns the bodies in the order named by key.
func (vw *Views) sorted(key string) []*content.Body {
	bodies := append([]*content.Body(nil), vw.Content.Bodies...)
	name := func(i, j int) bool { return strings.ToLower(bodies[i].Name) < strings.ToLower(bodies[j].Name) }
	switch key {
	case "name":
		sort.SliceStable(bodies, name)
	case "region":
		sort.SliceStable(bodies, func(i, j int) bool {
			if bodies[i].Region != bodies[j].Region {
				// Bodies with no region come last.
				return bodies[j].Region == "" || bodies[i].Region != "" && bodies[i].Region < bodies[j].Region
			}
			return name(i, j)
		})
	case "grade":
		rank := func(b *content.Body) int {
			if t := overallGrade(b.LatestGraded()); t != nil {
				return t.Rank
			}
			return len(vw.Config.Grades) // ungraded last
		}
		sort.SliceStable(bodies, func(i, j int) bool {
			if ri, rj := rank(bodies[i]), rank(bodies[j]); ri != rj {
				return ri < rj
			}
			return name(i, j)
		})
	}
	return bodies
}

// JudgementsPage is the national table in order o.
func (vw *Views) JudgementsPage(o Order) *Page {
	title := "Judgements"
	if o.Key != "name" {
		title = "Judgements by " + strings.ToLower(o.Label)
	}
	pg := vw.page("judgements", o.Addr, title, "The latest judgements of every "+vw.Config.Body+", side by side, and how many "+vw.Config.Bodies+" held each grade over time.")
	pg.Crumbs = vw.crumbs()
	n := vw.table(vw.sorted(o.Key))
	for _, x := range Orders {
		n.Orders = append(n.Orders, Link{Label: x.Label, URL: vw.url(x.Addr), Current: x.Key == o.Key})
	}
	for _, r := range vw.Regions() {
		n.Regions = append(n.Regions, Link{Label: r, URL: vw.url(RegionAddr(r))})
	}
	n.Over, n.Chart, n.ChartNarrow = vw.gradesOverTime()
	pg.National = n
	return pg
}

// RegionPage is the national table of one region's bodies.
func (vw *Views) RegionPage(region string) *Page {
	pg := vw.page("judgements", RegionAddr(region), "Judgements in "+region, "The latest judgements of every "+vw.Config.Body+" in "+region+".")
	pg.Crumbs = vw.crumbs(Link{Label: "Judgements", URL: vw.url("/judgements/")})
	var bodies []*content.Body
	for _, b := range vw.sorted("name") {
		if b.Region == region {
			bodies = append(bodies, b)
		}
	}
	n := vw.table(bodies)
	n.Region = region
	pg.National = n
	return pg
}

// neighbours compares b with its statistical neighbours.
func (vw *Views) neighbours(b *content.Body) *National {
	if len(b.Neighbours) == 0 {
		return nil
	}
	return vw.table(append([]*content.Body{b}, b.Neighbours...))
}

// overallGrade is a version's overall grade, or nil.
func overallGrade(v *content.Version) *struct{ Rank int } {
	if v == nil {
		return nil
	}
	for _, j := range v.Judgements {
		if j.Area.Key == "overall" {
			return &struct{ Rank int }{j.Grade.Rank}
		}
	}
	return nil
}

// gradesOverTime counts, at the end of each year, the bodies by the
// overall grade of their latest graded document by then: its grade, or
// "no overall grade" where its framework gives none (Ofsted's from April
// 2026), or "not recorded" where the sources do not give it. A newer
// inspection always replaces an older one's grade, so that no body is
// counted under a grade that was superseded. Bodies not inspected by then
// are not counted; the table says how many are.
func (vw *Views) gradesOverTime() (*GradeTable, template.HTML, template.HTML) {
	// The kinds counted: each grade by rank, then the two without one.
	grades := len(vw.Config.Grades)
	noOverall, unknown := grades, grades+1
	type judged struct {
		date meta.Date
		kind int
	}
	var history [][]judged // per body, oldest first
	first, last := 0, 0
	for _, b := range vw.Content.Bodies {
		var h []judged
		for _, d := range b.Docs {
			v := d.Latest()
			if !v.Graded() {
				continue
			}
			kind := noOverall
			for _, as := range v.Assessments() {
				if as.Area.Key == "overall" {
					kind = unknown
					if as.Recorded() {
						kind = as.Grade.Rank
					}
				}
			}
			h = append(h, judged{v.DocDate, kind})
			if first == 0 || v.DocDate.Year < first {
				first = v.DocDate.Year
			}
			last = max(last, v.DocDate.Year)
		}
		history = append(history, h)
	}
	if first == 0 {
		return nil, "", ""
	}
	var years [][]int
	used := make([]bool, grades+2)
	for y := first; y <= last; y++ {
		counts := make([]int, grades+2)
		end := meta.Date{Year: y, Month: 12, Day: 31, Prec: meta.Day}
		for _, h := range history {
			kind := -1
			for _, j := range h {
				if j.date.Compare(end) <= 0 {
					kind = j.kind
				}
			}
			if kind >= 0 {
				counts[kind]++
				used[kind] = true
			}
		}
		years = append(years, counts)
	}
	// Every grade has a column; the kinds without one only where a year
	// counts them.
	var kinds []timeline.Kind
	var keep []int
	t := &GradeTable{Caption: Capital(vw.Config.Bodies) + " by the overall grade of their latest inspection at the end of each year"}
	for i, g := range vw.Config.Grades {
		kinds = append(kinds, timeline.Kind{Label: g.Name(), Grade: &g})
		t.Grades = append(t.Grades, gradeTag(g))
		keep = append(keep, i)
	}
	if used[noOverall] {
		kinds = append(kinds, timeline.Kind{Label: "No overall grade"})
		t.Grades = append(t.Grades, Tag{Key: "no-overall", Label: "No overall grade"})
		keep = append(keep, noOverall)
	}
	if used[unknown] {
		kinds = append(kinds, timeline.Kind{Label: "Overall grade " + strings.ToLower(timeline.NotRecorded), Unknown: true})
		t.Grades = append(t.Grades, Tag{Key: notRecorded.Key, Label: "Overall grade " + strings.ToLower(timeline.NotRecorded)})
		keep = append(keep, unknown)
	}
	var cols []timeline.GradeColumn
	for i, all := range years {
		counts := make([]int, len(keep))
		for j, k := range keep {
			counts[j] = all[k]
		}
		col := timeline.GradeColumn{Label: strconv.Itoa(first + i), Counts: counts}
		t.Rows = append(t.Rows, GradeCount{Year: col.Label, Counts: counts, Total: col.Total()})
		cols = append(cols, col)
	}
	return t, template.HTML(timeline.GradesSVG("grades-over-time", t.Caption, kinds, cols, false)),
		template.HTML(timeline.GradesSVG("grades-over-time-narrow", t.Caption, kinds, cols, true))
}
