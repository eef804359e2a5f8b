// Package synth writes synthetic sites that follow the SPEC, for benchmarks
// and scale tests: N documents over about 153 bodies, 800 to 2,500 words
// each, with headings, lists, tables and links; inspections with grades,
// plans with actions, progress reports, some versioned documents,
// attachments, internal links and anchors. The same seed always writes the
// same site.
package synth

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Bodies is how many bodies a site has (England has 153 children's
// services authorities), fewer for small sites.
const Bodies = 153

var words = strings.Fields(`the council children services social work practice
inspection leaders managers quality plans families care leavers support
protection help assessment review improvement progress board partners
timely consistent thresholds strategy meetings supervision caseloads staff
recruitment agency placements sufficiency health education police
safeguarding early help front door referrals visits records audit
performance data oversight scrutiny cabinet committee report action owner
due status evidence outcome young people parents carers advocates
independent reviewing officers court proceedings permanence adoption
fostering residential homes edge care contextual exploitation missing
disabled transitions adulthood personal advisers accommodation employment`)

// Site writes a site of n documents into dir, which must be empty or
// absent.
func Site(dir string, n int, seed uint64) error {
	r := rand.New(rand.NewPCG(seed, 1))
	w := &writer{dir: dir}
	w.file("site.toml", `title = "Synthetic inspections"
baseURL = "https://example.org/"
publisher = "scrutiny benchmarks"
minify = true
`)
	w.file("content/_index.md", "+++\ntitle = \"Synthetic inspections\"\n+++\nA synthetic site for benchmarks.\n")
	w.file("content/about.md", "+++\ntitle = \"About\"\n+++\nAbout this synthetic site.\n")
	bodies := min(Bodies, max(1, n/5))
	perBody := make([]int, bodies)
	for i := range n {
		perBody[i%bodies]++
	}
	for b := range bodies {
		slug := fmt.Sprintf("council-%03d", b+1)
		w.file(filepath.Join("content", slug, "_index.md"), fmt.Sprintf(`+++
name = "Council %d"
region = "Region %d"
code = "E%08d"
neighbours = [%s]
+++
%s
`, b+1, b%9+1, b+1, neighbours(b, bodies), para(r, 60)))
		writeBody(w, r, slug, perBody[b])
	}
	return w.err
}

func neighbours(b, bodies int) string {
	if bodies < 4 {
		return ""
	}
	var out []string
	for k := 1; k <= 3; k++ {
		out = append(out, fmt.Sprintf("%q", fmt.Sprintf("council-%03d", (b+k)%bodies+1)))
	}
	return strings.Join(out, ", ")
}

type writer struct {
	dir string
	err error
}

func (w *writer) file(name, text string) {
	if w.err != nil {
		return
	}
	p := filepath.Join(w.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(p, []byte(text), 0o644)
}

var grades = []string{"outstanding", "good", "requires-improvement", "inadequate"}
var statuses = []string{"not-started", "on-track", "at-risk", "off-track", "complete"}

// writeBody writes count documents for one body: an inspection every
// fifth document, then visits, a plan answering the latest inspection and
// progress reports on it.
func writeBody(w *writer, r *rand.Rand, body string, count int) {
	// The documents are spread over 2014 to 2025, whatever their number,
	// so that every inspection falls within a framework's dates: a step
	// of whole days, at least one, keeps each document's date its own.
	start := time.Date(2014, 1, 1, 0, 0, 0, 0, time.UTC)
	step := max(1, 12*365/max(count, 1))
	inspection, plan := "", ""
	for i := range count {
		day := start.AddDate(0, 0, i*step+r.IntN(step))
		year, month := day.Year(), int(day.Month())
		date := day.Format(time.DateOnly)
		var fm strings.Builder
		var slug string
		switch {
		case i%5 == 0:
			slug = date + "-inspection"
			framework := "ilacs-2018"
			areas := []string{"overall", "leaders", "help-and-protection", "in-care"}
			switch {
			case year < 2018:
				framework = "sif-2013"
				areas = []string{"overall", "help-and-protection", "looked-after", "adoption", "care-leavers", "leadership", "lscb"}
			case year >= 2023:
				framework = "ilacs-2023"
				areas = append(areas, "care-leavers")
			}
			fmt.Fprintf(&fm, "title = \"Inspection of %s children's services\"\ntype = \"inspection\"\ndate = %s\nvisit = [%s, %s]\nframework = %q\nsummary = %q\nsource = \"https://example.org/reports/%s\"\n\n[judgements]\n", body, date, date, date, framework, sentence(r, 14), slug)
			for _, a := range areas {
				fmt.Fprintf(&fm, "%s = %q\n", a, grades[r.IntN(len(grades))])
			}
			for k := 1; k <= 5; k++ {
				fmt.Fprintf(&fm, "\n[[recommendations]]\nid = \"R%d\"\ntext = %q\n", k, sentence(r, 12))
			}
			inspection, plan = slug, ""
		case i%5 == 1 && inspection != "":
			slug = date + "-improvement-plan"
			fmt.Fprintf(&fm, "title = \"Improvement plan\"\ntype = \"improvement-plan\"\ndate = %s\nsummary = %q\nresponds_to = %q\n", date, sentence(r, 14), inspection)
			for k := 1; k <= 5; k++ {
				fmt.Fprintf(&fm, "\n[[actions]]\nid = \"A%d\"\ntitle = %q\nrecommendations = [\"R%d\"]\nowner = \"Director of Children's Services\"\ndue = \"%04d-%02d\"\n", k, sentence(r, 8), k, year+1, month)
			}
			plan = slug
		case i%5 == 3 && plan != "":
			slug = date + "-progress"
			fmt.Fprintf(&fm, "title = \"Progress report\"\ntype = \"plan-progress\"\ndate = %s\nsummary = %q\nplan = %q\n", date, sentence(r, 14), plan)
			for k := 1; k <= 5; k++ {
				fmt.Fprintf(&fm, "\n[[progress]]\naction = \"A%d\"\nstatus = %q\nnote = %q\n", k, statuses[r.IntN(len(statuses))], sentence(r, 10))
			}
		default:
			kinds := []string{"monitoring-visit", "focused-visit", "committee-report", "minutes", "annual-engagement"}
			kind := kinds[r.IntN(len(kinds))]
			slug = date + "-" + kind
			fmt.Fprintf(&fm, "title = \"%s %s\"\ntype = %q\ndate = %s\nsummary = %q\n", strings.ToUpper(kind[:1]), strings.ReplaceAll(kind[1:], "-", " "), kind, date, sentence(r, 14))
		}
		text := document(r, body, inspection)
		if i%10 == 7 {
			// A versioned document with an attachment.
			dir := filepath.Join("content", body, slug)
			w.file(filepath.Join(dir, date+".md"), "+++\n"+fm.String()+"+++\n"+text)
			later := fmt.Sprintf("%04d-%02d-%02d", year+1, month, 1+r.IntN(28))
			w.file(filepath.Join(dir, later+".md"), "+++\n"+fm.String()+"change = \"Updated the text.\"\n+++\n"+text+"\n"+para(r, 80)+"\n")
			w.file(filepath.Join(dir, "report.pdf"), "%PDF-1.4\n% synthetic attachment\n")
			continue
		}
		w.file(filepath.Join("content", body, slug+".md"), "+++\n"+fm.String()+"+++\n"+text)
	}
}

// document is a body of 800 to 2,500 words with headings, lists, a table
// and links to the body's latest inspection and its anchors. Every word
// counts towards its length, headings' and tables' too, and it stops once
// it has enough; the target leaves room for the longest paragraph to end,
// and for the paragraph a later version adds.
func document(r *rand.Rand, body, inspection string) string {
	var b strings.Builder
	target := 800 + r.IntN(2500-120-80-800)
	n := 0
	for sec := 1; n < target; sec++ {
		fmt.Fprintf(&b, "\n## Section %d: %s\n\n", sec, sentence(r, 4))
		n += 6
		for range 3 {
			if n >= target {
				break
			}
			p := para(r, 60+r.IntN(60))
			n += strings.Count(p, " ") + 1
			b.WriteString(p + "\n\n")
		}
		if sec%2 == 0 && n < target {
			for range 4 {
				fmt.Fprintf(&b, "- %s\n", sentence(r, 10))
				n += 10
			}
			b.WriteString("\n")
		}
		if sec%3 == 0 && n < target {
			b.WriteString("| Measure | Before | After |\n|---|---|---|\n")
			for k := range 4 {
				fmt.Fprintf(&b, "| %s | %d | %d |\n", sentence(r, 3), 10+k*r.IntN(9), 20+k*r.IntN(9))
			}
			b.WriteString("\n")
			n += 3 + 4*5
		}
		if inspection != "" && sec%2 == 1 && n < target {
			fmt.Fprintf(&b, "See [the inspection](/%s/%s/) and [its first recommendation](/%s/%s/#R1).\n\n", body, inspection, body, inspection)
			n += 7
		}
	}
	return b.String()
}

func sentence(r *rand.Rand, n int) string {
	out := make([]string, n)
	for i := range out {
		out[i] = words[r.IntN(len(words))]
	}
	s := strings.Join(out, " ")
	return strings.ToUpper(s[:1]) + s[1:]
}

func para(r *rand.Rand, n int) string {
	var b strings.Builder
	for n > 0 {
		k := min(n, 8+r.IntN(12))
		b.WriteString(sentence(r, k) + ". ")
		n -= k
	}
	return strings.TrimSpace(b.String())
}
