package build

import (
	"html/template"
	"sort"
	"strings"

	"scrutiny/internal/content"
	"scrutiny/internal/meta"
	"scrutiny/internal/render"
	"scrutiny/internal/timeline"
)

// The national pages: every body's latest judgements side by side, in the
// orders a reader needs (by name, by region, by overall grade), each a page
// of its own so that no script is needed to sort, and a page per region.

// order is one way to sort the national table.
type order struct {
	key, label, addr string
}

var orders = []order{
	{"name", "Name", "/judgements/"},
	{"region", "Region", "/judgements/by-region/"},
	{"grade", "Overall grade", "/judgements/by-grade/"},
}

// regionAddr is the address of a region's page.
func regionAddr(region string) string { return "/judgements/region/" + slugify(region) + "/" }

// slugify makes an address segment of a name: lower-case words joined by
// hyphens.
func slugify(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(r)
		case r == '\'' || r == '’':
		default:
			dash = true
		}
	}
	if b.Len() == 0 {
		return "region"
	}
	return b.String()
}

// regions lists the bodies' regions, sorted.
func (p *Project) regions() []string {
	seen := map[string]bool{}
	var out []string
	for _, b := range p.Content.Bodies {
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
func (p *Project) columns(latest []*content.Version) (keys, labels []string) {
	used := map[string]bool{}
	for _, v := range latest {
		for _, a := range v.Framework.Areas {
			used[a.Row] = true
		}
	}
	label := map[string]string{}
	for _, f := range p.Config.Frameworks {
		for _, a := range f.Areas {
			if used[a.Row] {
				label[a.Row] = a.Name()
			}
		}
	}
	for k := range used {
		keys = append(keys, k)
	}
	order := p.Config.RowOrder()
	sort.Slice(keys, func(i, j int) bool { return order[keys[i]] < order[keys[j]] })
	for _, k := range keys {
		labels = append(labels, label[k])
	}
	return keys, labels
}

// table is the national table of bodies, in the given order.
func (p *Project) table(bodies []*content.Body) *render.National {
	var latest []*content.Version
	for _, b := range bodies {
		if v := latestGraded(b); v != nil {
			latest = append(latest, v)
		}
	}
	keys, labels := p.columns(latest)
	n := &render.National{Noun: render.Capital(p.Config.Body), Columns: labels, CSV: p.url("/judgements.csv"), JSON: p.url("/judgements.json")}
	for _, b := range bodies {
		row := render.NationalRow{Name: b.Name, URL: p.url(bodyAddr(b)), Region: b.Region}
		if v := latestGraded(b); v != nil {
			row.Date, row.DocURL = v.DocDate.Human(), p.url(docAddr(v.Doc))
			for _, k := range keys {
				row.Grades = append(row.Grades, rowTag(v, k))
			}
		}
		n.Rows = append(n.Rows, row)
	}
	return n
}

// sorted returns the bodies in the order named by key.
func (p *Project) sorted(key string) []*content.Body {
	bodies := append([]*content.Body(nil), p.Content.Bodies...)
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
			if t := overallGrade(latestGraded(b)); t != nil {
				return t.Rank
			}
			return len(p.Config.Grades) // ungraded last
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

func (p *Project) judgementsPage(o order) *render.Page {
	title := "Judgements"
	if o.key != "name" {
		title = "Judgements by " + strings.ToLower(o.label)
	}
	pg := p.page("judgements", o.addr, title, "The latest judgements of every "+p.Config.Body+", side by side, and how many "+p.Config.Bodies+" held each grade over time.")
	pg.Crumbs = p.crumbs()
	n := p.table(p.sorted(o.key))
	for _, x := range orders {
		n.Orders = append(n.Orders, render.Link{Label: x.label, URL: p.url(x.addr), Current: x.key == o.key})
	}
	for _, r := range p.regions() {
		n.Regions = append(n.Regions, render.Link{Label: r, URL: p.url(regionAddr(r))})
	}
	n.Over, n.Chart, n.ChartNarrow = p.gradesOverTime()
	pg.National = n
	return pg
}

func (p *Project) regionPage(region string) *render.Page {
	pg := p.page("judgements", regionAddr(region), "Judgements in "+region, "The latest judgements of every "+p.Config.Body+" in "+region+".")
	pg.Crumbs = p.crumbs(render.Link{Label: "Judgements", URL: p.url("/judgements/")})
	var bodies []*content.Body
	for _, b := range p.sorted("name") {
		if b.Region == region {
			bodies = append(bodies, b)
		}
	}
	n := p.table(bodies)
	n.Region = region
	pg.National = n
	return pg
}

// neighbours compares b with its statistical neighbours.
func (p *Project) neighbours(b *content.Body) *render.National {
	if len(b.Neighbours) == 0 {
		return nil
	}
	return p.table(append([]*content.Body{b}, b.Neighbours...))
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
func (p *Project) gradesOverTime() (*render.GradeTable, template.HTML, template.HTML) {
	// The kinds counted: each grade by rank, then the two without one.
	grades := len(p.Config.Grades)
	noOverall, unknown := grades, grades+1
	type judged struct {
		date meta.Date
		kind int
	}
	var history [][]judged // per body, oldest first
	first, last := 0, 0
	for _, b := range p.Content.Bodies {
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
	t := &render.GradeTable{Caption: render.Capital(p.Config.Bodies) + " by the overall grade of their latest inspection at the end of each year"}
	for i, g := range p.Config.Grades {
		kinds = append(kinds, timeline.Kind{Label: g.Name(), Grade: &g})
		t.Grades = append(t.Grades, gradeTag(g))
		keep = append(keep, i)
	}
	if used[noOverall] {
		kinds = append(kinds, timeline.Kind{Label: "No overall grade"})
		t.Grades = append(t.Grades, render.Tag{Key: "no-overall", Label: "No overall grade"})
		keep = append(keep, noOverall)
	}
	if used[unknown] {
		kinds = append(kinds, timeline.Kind{Label: "Overall grade " + strings.ToLower(timeline.NotRecorded), Unknown: true})
		t.Grades = append(t.Grades, render.Tag{Key: notRecorded.Key, Label: "Overall grade " + strings.ToLower(timeline.NotRecorded)})
		keep = append(keep, unknown)
	}
	var cols []timeline.GradeColumn
	for i, all := range years {
		counts := make([]int, len(keep))
		for j, k := range keep {
			counts[j] = all[k]
		}
		col := timeline.GradeColumn{Label: itoa(first + i), Counts: counts}
		t.Rows = append(t.Rows, render.GradeCount{Year: col.Label, Counts: counts, Total: col.Total()})
		cols = append(cols, col)
	}
	return t, template.HTML(timeline.GradesSVG("grades-over-time", t.Caption, kinds, cols, false)),
		template.HTML(timeline.GradesSVG("grades-over-time-narrow", t.Caption, kinds, cols, true))
}
