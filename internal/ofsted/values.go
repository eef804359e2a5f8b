package ofsted

import (
	"fmt"
	"strconv"
	"strings"
	"unicode"

	"scrutiny/internal/config"
	"scrutiny/internal/content"
	"scrutiny/internal/meta"
)

// parseDate reads the CSV's dates: dd/mm/yy, dd/mm/yyyy, or ISO yyyy-mm-dd.
// Two-digit years are 20yy: Ofsted's inspections of children's services
// all fall in this century.
func parseDate(s string) (meta.Date, error) {
	s = strings.TrimSpace(s)
	if strings.Count(s, "-") == 2 && len(s) == 10 {
		return meta.ParseDate(s)
	}
	parts := strings.Split(s, "/")
	if len(parts) != 3 {
		return meta.Date{}, fmt.Errorf("%q is not a date in the form dd/mm/yy or dd/mm/yyyy", s)
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v < 0 || p == "" {
			return meta.Date{}, fmt.Errorf("%q is not a date in the form dd/mm/yy or dd/mm/yyyy", s)
		}
		n[i] = v
	}
	day, month, year := n[0], n[1], n[2]
	switch len(parts[2]) {
	case 2:
		year += 2000
	case 4:
	default:
		return meta.Date{}, fmt.Errorf("%q is not a date in the form dd/mm/yy or dd/mm/yyyy", s)
	}
	d, err := meta.ParseDate(fmt.Sprintf("%04d-%02d-%02d", year, month, day))
	if err != nil {
		return meta.Date{}, fmt.Errorf("%q is not a real date", s)
	}
	return d, nil
}

// valueKind says what a grade cell held.
type valueKind int

const (
	graded       valueKind = iota // a grade, written as the site's key
	corrected                     // a known scrape artefact, corrected to a grade
	unreadable                    // data_unreadable
	preDates                      // inspection_pre_dates_judgement
	postReform                    // not_reported_post_reform
	blank                         // nothing at all
	unknownValue                  // not a grade the site knows
	noArea                        // a grade, but the framework has no such area
	numKinds
)

// kindLabels describe each kind of value left out, for the report.
var kindLabels = [numKinds]string{
	unreadable:   "data_unreadable: the scrape tool could not read the grade (older report layouts)",
	preDates:     "inspection_pre_dates_judgement: care leavers were not judged separately before 2023",
	postReform:   "not_reported_post_reform: no overall judgement from April 2026",
	blank:        "blank: no value",
	unknownValue: "not a grade the site knows",
	noArea:       "a grade for an area the inspection's framework does not have",
}

// leftOut reports whether a value of kind k is left out of the judgements.
func (k valueKind) leftOut() bool { return k != graded && k != corrected }

// grade reads one grade cell. Grades are written in lower case with spaces
// ("requires improvement"), sometimes in full ("requires improvement to be
// good"); the key is the text with hyphens for spaces. "to requires
// improvement" is a scrape artefact, the tail of a longer phrase, and is
// corrected to the grade it ends with.
func grade(cfg *config.Site, raw string) (config.Grade, valueKind) {
	s := strings.ToLower(strings.Join(strings.Fields(raw), " "))
	switch s {
	case "":
		return config.Grade{}, blank
	case "data_unreadable":
		return config.Grade{}, unreadable
	case "inspection_pre_dates_judgement":
		return config.Grade{}, preDates
	case "not_reported_post_reform":
		return config.Grade{}, postReform
	}
	key := strings.NewReplacer(" ", "-", "_", "-").Replace(s)
	key = strings.TrimSuffix(key, "-to-be-good")
	if g, ok := cfg.Grade(key); ok {
		return g, graded
	}
	if rest, ok := strings.CutPrefix(key, "to-"); ok {
		if g, ok := cfg.Grade(rest); ok {
			return g, corrected
		}
	}
	return config.Grade{}, unknownValue
}

// Inspection kinds of ILACS, as the CSV's inspection_framework column
// names them.
var knownKinds = map[string]string{
	"standard": "standard inspection",
	"short":    "short inspection",
}

// inspector cleans the lead inspector's name: spaces are collapsed, and a
// space before a hyphen, a scrape artefact ("Jenny -ellen Scotland"), is
// removed and the next letter capitalised. It returns the name as the
// author list gives it, with "HMI" added unless the name has it, and
// whether it corrected the name.
func inspector(raw string) (author string, fixed bool) {
	name := strings.Join(strings.Fields(raw), " ")
	if name == "" {
		return "", false
	}
	if i := strings.Index(name, " -"); i >= 0 {
		var b strings.Builder
		rs := []rune(name)
		for i := 0; i < len(rs); i++ {
			if rs[i] == ' ' && i+1 < len(rs) && rs[i+1] == '-' {
				b.WriteRune('-')
				i++
				if i+1 < len(rs) {
					i++
					b.WriteRune(unicode.ToUpper(rs[i]))
				}
				continue
			}
			b.WriteRune(rs[i])
		}
		name, fixed = b.String(), true
	}
	if !strings.HasSuffix(strings.ToUpper(name), " HMI") {
		name += " HMI"
	}
	return name, fixed
}

// slugify turns an ONS area name into a body slug: lower case, "and" for
// "&", and a hyphen for every run of other characters. ONS writes some
// names inverted ("Bristol, City of"); the slug drops the inversion.
func slugify(name string) string {
	name = strings.TrimSpace(name)
	if base, ok := strings.CutSuffix(name, ", City of"); ok {
		name = base
	}
	name = strings.ReplaceAll(name, "&", " and ")
	var b strings.Builder
	hyphen := false
	for _, r := range strings.ToLower(name) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		case r == '.' || r == '\'' || r == '\u2019':
			// "St. Helens" is st-helens, not st--helens; "King's" kings.
		default:
			hyphen = true
		}
	}
	return b.String()
}

// bodySlug is the folder name a council would have: its slugified ONS
// name, or, where that is empty or reserved for the site's own pages, with
// "-council" added (or its code, or "council", when even that will not do;
// the caller numbers repeats).
func bodySlug(c *council) string {
	s := slugify(c.ons)
	if slugOK(s) {
		return s
	}
	if s != "" && slugOK(s+"-council") {
		return s + "-council"
	}
	if code := strings.ToLower(c.code); slugOK(code) {
		return code
	}
	return "council"
}

// slugOK reports whether s may name a body folder.
func slugOK(s string) bool {
	if content.CheckSlug(s) != "" {
		return false
	}
	for _, r := range content.Reserved {
		if s == r {
			return false
		}
	}
	return true
}

// displayName turns an ONS area name into the body's name and short name:
// "Bristol, City of" is "City of Bristol", short "Bristol". Other names
// are their own short name, which is then left out.
func displayName(ons string) (name, short string) {
	ons = strings.Join(strings.Fields(ons), " ")
	if base, ok := strings.CutSuffix(ons, ", City of"); ok {
		return "City of " + base, base
	}
	return ons, ""
}

// website turns the lookup's domain into the council's web address. Only a
// .gov.uk domain is a council's own: the lookup also names children's
// trusts and, once, an analytics company, which are not the council's
// website and are left out. A bare domain (gloucestershire.gov.uk) is
// served at www.; one with a host name of its own is used as it is.
func website(domain string) (url, problem string) {
	d := strings.ToLower(strings.TrimSpace(domain))
	d = strings.TrimPrefix(strings.TrimPrefix(d, "https://"), "http://")
	d = strings.TrimSuffix(d, "/")
	if d == "" {
		return "", ""
	}
	if !strings.HasSuffix(d, ".gov.uk") || strings.ContainsAny(d, "/ ?#") {
		return "", fmt.Sprintf("domain %q is not a council's .gov.uk address: website left out", domain)
	}
	if strings.Count(d, ".") == 2 {
		d = "www." + d
	}
	return "https://" + d + "/", ""
}

// nameKey normalises a council name for matching the CSV's names with the
// lookup's: lower case, "and" for "&", single spaces, no punctuation.
func nameKey(s string) string {
	s = strings.ReplaceAll(strings.ToLower(s), "&", " and ")
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}), " ")
}
