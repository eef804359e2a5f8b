package ofsted

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"scrutiny/internal/config"
	"scrutiny/internal/meta"
)

// bodyText is a new body's _index.md, without the mark.
func bodyText(t *target, website string, neighbours []string) []byte {
	c := t.council
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "name = %s\n", quote(t.name))
	if t.short != "" {
		fmt.Fprintf(&b, "short = %s\n", quote(t.short))
	}
	if c.code != "" {
		fmt.Fprintf(&b, "code = %s\n", quote(c.code))
	}
	if c.region != "" {
		fmt.Fprintf(&b, "region = %s\n", quote(c.region))
	}
	if website != "" {
		fmt.Fprintf(&b, "website = %s\n", quote(website))
	}
	if len(neighbours) > 0 {
		fmt.Fprintf(&b, "neighbours = %s\n", tomlList(neighbours))
	}
	b.WriteString("+++\n\n")
	fmt.Fprintf(&b, "%s is the English local authority responsible for children's services in its area", escape(t.name))
	if c.region != "" {
		fmt.Fprintf(&b, ", in the %s region", escape(c.region))
	}
	b.WriteString(". This page lists Ofsted's published inspections of its children's services, from Ofsted's reports.\n")
	return []byte(b.String())
}

// inspectionText is an inspection document, without the mark.
func inspectionText(cfg *config.Site, t *target, in *inspection) []byte {
	short := t.shortName()
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %s\n", quote(fmt.Sprintf("Inspection of %s children's services (%d)", short, in.published.Year)))
	b.WriteString("type = \"inspection\"\n")
	fmt.Fprintf(&b, "date = %s\n", in.published.ISO())
	fmt.Fprintf(&b, "summary = %s\n", quote(summary(in)))
	if len(in.visit) > 0 {
		fmt.Fprintf(&b, "visit = [%s]\n", isoList(in.visit))
	}
	fmt.Fprintf(&b, "framework = %s\n", quote(in.framework.Key))
	if in.source != "" {
		fmt.Fprintf(&b, "source = %s\n", quote(in.source))
	}
	if in.author != "" {
		fmt.Fprintf(&b, "authors = %s\n", tomlList([]string{in.author}))
	}
	if len(in.judgements) > 0 {
		b.WriteString("\n[judgements]\n")
		for _, j := range in.judgements {
			fmt.Fprintf(&b, "%s = %s\n", tomlKey(j.area.Key), quote(j.grade.Key))
		}
	}
	for i, r := range in.recs {
		fmt.Fprintf(&b, "\n[[recommendations]]\nid = \"R%d\"\ntext = %s\n", i+1, quote(r))
	}
	b.WriteString("+++\n\n")
	if in.paper != nil {
		// The report's own words, then where they came from.
		b.WriteString(in.paper.text)
		b.WriteString("\n---\n\n")
		fmt.Fprintf(&b, "*Ofsted's report, published under the Open Government Licence v3.0: "+reportMark+" [the PDF](%s), page headers, footers and numbers left out.*\n", in.source)
		return []byte(b.String())
	}

	who := "the children's services of " + escape(short)
	kind := ""
	if in.kind != "" {
		kind = ", in a " + in.kind + ","
	}
	switch len(in.visit) {
	case 2:
		fmt.Fprintf(&b, "Ofsted inspected %s from %s to %s%s and published its report on %s.", who, in.visit[0].Human(), in.visit[1].Human(), kind, in.published.Human())
	case 1:
		fmt.Fprintf(&b, "Ofsted began its inspection of %s on %s%s and published its report on %s.", who, in.visit[0].Human(), kind, in.published.Human())
	default:
		fmt.Fprintf(&b, "Ofsted published its report on its inspection of %s on %s. The scraped data does not give the dates of the visit.", who, in.published.Human())
		if in.kind != "" {
			fmt.Fprintf(&b, " It was a %s.", in.kind)
		}
	}
	if in.oddKind != "" {
		fmt.Fprintf(&b, " The scraped data describes the inspection as \u201c%s\u201d.", escape(in.oddKind))
	}
	if in.author != "" {
		fmt.Fprintf(&b, " The lead inspector was %s.", escape(in.author))
	}
	b.WriteString("\n\n")

	if len(in.judgements) == 0 {
		b.WriteString("The scraped data does not record the grades of this report; the report itself gives them.\n\n")
	} else {
		fmt.Fprintf(&b, "Ofsted judged %s.", gradeList(in.judgements))
		var unread, absent []string
		for i, k := range in.values {
			if !k.leftOut() || !in.hasArea[i] {
				continue // graded, or no area of this framework
			}
			name := lowerFirst(in.areas[i].Name())
			if k == unreadable {
				unread = append(unread, name)
			} else {
				absent = append(absent, name)
			}
		}
		if len(unread) > 0 {
			fmt.Fprintf(&b, " The %s for %s could not be read from the report.", plural(len(unread), "grade", "grades"), joinAnd(unread))
		}
		if len(absent) > 0 {
			fmt.Fprintf(&b, " The scraped data has no grade for %s.", joinAnd(absent))
		}
		b.WriteString("\n\n")
	}
	if in.source != "" {
		fmt.Fprintf(&b, "[Read Ofsted's report](%s).\n\n", in.source)
	}
	b.WriteString("*Written by `scrutiny import ofsted-ilacs` from " + scrapeName + ", a third-party scrape of Ofsted's reports, which Ofsted publishes under the Open Government Licence v3.0.*\n")
	return []byte(b.String())
}

// fullTextDoc is the report's text as a document of its own, beside the
// inspection page written by hand (the document page), without the mark.
// It carries no grades: the inspection's page gives them, and the body's
// timeline must count the inspection once.
func fullTextDoc(t *target, in *inspection, page string) []byte {
	short := t.shortName()
	var b strings.Builder
	b.WriteString("+++\n")
	fmt.Fprintf(&b, "title = %s\n", quote(fmt.Sprintf("Ofsted's report on %s children's services (%d)", short, in.published.Year)))
	fmt.Fprintf(&b, "type = %s\n", quote(TextType))
	fmt.Fprintf(&b, "date = %s\n", in.published.ISO())
	fmt.Fprintf(&b, "summary = %s\n", quote(fmt.Sprintf("The full text of Ofsted's report on its inspection of %s children's services, published on %s.", short, in.published.Human())))
	if len(in.visit) > 0 {
		fmt.Fprintf(&b, "visit = [%s]\n", isoList(in.visit))
	}
	if in.source != "" {
		fmt.Fprintf(&b, "source = %s\n", quote(in.source))
	}
	if in.author != "" {
		fmt.Fprintf(&b, "authors = %s\n", tomlList([]string{in.author}))
	}
	b.WriteString("+++\n\n")
	fmt.Fprintf(&b, "*The report's own words. [The inspection's page](/%s/%s/) gives its grades and what followed.*\n\n", t.slug, page)
	b.WriteString(in.paper.text)
	b.WriteString("\n---\n\n")
	fmt.Fprintf(&b, "*Ofsted's report, published under the Open Government Licence v3.0: "+reportMark+" [the PDF](%s), page headers, footers and numbers left out.*\n", in.source)
	return []byte(b.String())
}

// summary is one factual sentence on the grades.
func summary(in *inspection) string {
	js := in.judgements
	if len(js) == 0 {
		if in.paper != nil {
			return "No grade could be read from this report."
		}
		return "The CSV scraped from Ofsted's reports does not record the grades of this report."
	}
	same := true
	for _, j := range js {
		same = same && j.grade.Key == js[0].grade.Key
	}
	if same && len(js) > 1 && len(js) == len(in.framework.Areas) {
		return fmt.Sprintf("Ofsted judged every area %s.", gradePhrase(js[0].grade))
	}
	for _, j := range js {
		if j.area.Key == "overall" {
			return fmt.Sprintf("Ofsted judged overall effectiveness %s.", gradePhrase(j.grade))
		}
	}
	return "Ofsted judged " + gradeList(js) + "."
}

// gradeList lists the judgements as the end of "Ofsted judged ...", the
// areas of each grade together: "overall effectiveness and children in
// care to be good; help and protection to be outstanding".
func gradeList(js []judgement) string {
	var order []string
	areas := map[string][]string{}
	phrase := map[string]string{}
	for _, j := range js {
		k := j.grade.Key
		if areas[k] == nil {
			order = append(order, k)
			phrase[k] = gradePhrase(j.grade)
		}
		areas[k] = append(areas[k], lowerFirst(j.area.Name()))
	}
	parts := make([]string, len(order))
	for i, k := range order {
		parts[i] = joinAnd(areas[k]) + " " + phrase[k]
	}
	if len(parts) > 2 {
		parts[len(parts)-1] = "and " + parts[len(parts)-1]
	}
	return strings.Join(parts, "; ")
}

func joinAnd(ss []string) string {
	if len(ss) < 2 {
		return strings.Join(ss, "")
	}
	return strings.Join(ss[:len(ss)-1], ", ") + " and " + ss[len(ss)-1]
}

// gradePhrase reads a grade's label as the end of "Ofsted judged X ...":
// "to be good", "to require improvement to be good".
func gradePhrase(g config.Grade) string {
	l := lowerFirst(g.Label)
	if rest, ok := strings.CutPrefix(l, "requires "); ok {
		return "to require " + rest
	}
	return "to be " + l
}

func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	// Keep acronyms ("SEND") as they are.
	if n < len(s) {
		if r2, _ := utf8.DecodeRuneInString(s[n:]); unicode.IsUpper(r2) {
			return s
		}
	}
	return string(unicode.ToLower(r)) + s[n:]
}

// quote writes s as a TOML basic string.
func quote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r < 0x20 || r == 0x7f:
			fmt.Fprintf(&b, `\u%04X`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// tomlKey writes a key bare where TOML allows it, else quoted.
func tomlKey(k string) string {
	for _, r := range k {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_') {
			return quote(k)
		}
	}
	if k == "" {
		return `""`
	}
	return k
}

func tomlList(ss []string) string {
	q := make([]string, len(ss))
	for i, s := range ss {
		q[i] = quote(s)
	}
	return "[" + strings.Join(q, ", ") + "]"
}

func isoList(ds []meta.Date) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = d.ISO()
	}
	return strings.Join(s, ", ")
}

// escape makes text from the data literal in Markdown.
func escape(s string) string {
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune("\\`*_[]<>|#!", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// reportMark ends every document whose text is the report's, so that an
// import without the reports keeps the text rather than lose it.
const reportMark = "its text as `scrutiny import ofsted-ilacs` read it from"

// scrapeName names the CSV's maker wherever the site says a fact came
// from it: a third party's scrape of Ofsted's reports, not Ofsted's own
// data.
const scrapeName = "the ILACS scrape tool's data (github.com/JT-39/ofsted-ilacs-scrape-tool)"
