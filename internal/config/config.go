// Package config reads site.toml: the site's settings and the data that
// describes its inspectorate (grades, frameworks, document types and
// statuses), starting from Ofsted's as defaults.
package config

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"unicode"

	"scrutiny/internal/diag"
	"scrutiny/internal/meta"
)

// File is the name of the settings file at the root of a site.
const File = "site.toml"

// Site is the loaded site.toml. It is immutable once loaded.
type Site struct {
	Title       string
	BaseURL     string // absolute, ending in "/"
	BasePath    string // the path of BaseURL, such as "/inspections/"
	Language    string
	Publisher   string
	Description string
	Licence     string
	LicenceURL  string
	Minify      bool
	AllowHTML   bool // raw HTML in Markdown is passed through
	Logo        string
	LogoPos     meta.Pos // of Logo in site.toml, for the check that it exists
	Accent      string
	Menu        []Link
	Footer      []Link
	// Inspectorate names who inspects the bodies ("Ofsted" by default),
	// for citations of its documents.
	Inspectorate string
	// Body and Bodies name what the site's bodies are, in lower case:
	// "council" and "councils" by default, "trust" or "force" on
	// another inspectorate's site.
	Body, Bodies string

	Grades     []Grade
	Frameworks []Framework
	Types      []Type
	Statuses   []Status
}

// Link is a menu or footer entry.
type Link struct {
	Label, URL string
	Pos        meta.Pos // of the URL in site.toml, for the link check
}

// Grade is one step of a grade scale, best first.
type Grade struct {
	Key, Label, Short string
	Rank              int // 0 for the best grade
}

// Name is the grade's short label where it has one.
func (g Grade) Name() string {
	if g.Short != "" {
		return g.Short
	}
	return g.Label
}

// Framework is an inspection framework: the areas it judges, and the visit
// dates it applies to.
type Framework struct {
	Key, Label string
	From, To   meta.Date // To is zero while the framework is current
	Areas      []Area
}

// Area is one judgement area of a framework.
type Area struct {
	Key, Label string
	Short      string // a few words, for timeline rows and table columns
	// Row is the key of the timeline row the area belongs to: areas that
	// continue one another across frameworks share a row.
	Row string
}

// HeadlineRow is the row of the judgement that speaks for the whole
// inspection: it leads every chart and table.
const HeadlineRow = "overall"

// RowOrder gives every timeline row its place, the same on every chart
// and table of the site: the headline first, then the newest framework's
// areas in its order, then older frameworks' areas that no newer one
// continues. A council's chart shows the rows it has, in this order, so
// that a reader who has learnt one chart can read them all.
func (s *Site) RowOrder() map[string]int {
	order := map[string]int{HeadlineRow: 0}
	for i := len(s.Frameworks) - 1; i >= 0; i-- {
		for _, a := range s.Frameworks[i].Areas {
			if _, ok := order[a.Row]; !ok {
				order[a.Row] = len(order)
			}
		}
	}
	return order
}

// Name is the area's short label where it has one.
func (a Area) Name() string {
	if a.Short != "" {
		return a.Short
	}
	return a.Label
}

// Type is a kind of document.
type Type struct {
	Key, Label, Plural string
	Graded             bool // documents carry judgements
	Role               Role
	// Marker puts the type's documents on a body's timeline as visits
	// (monitoring visits, focused visits...).
	Marker bool
	// ByInspectorate says the type's documents are the inspectorate's
	// work, not the body's: a citation names the inspectorate as their
	// author. True by default for graded and timeline types; site.toml
	// sets it with inspectorate = true or false.
	ByInspectorate bool
}

// Role gives a document type behaviour beyond its label.
type Role string

const (
	RoleNone     Role = ""
	RolePlan     Role = "plan"     // lists actions that answer recommendations
	RoleProgress Role = "progress" // reports the status of a plan's actions
)

// Status is the state of a plan's action.
type Status struct {
	Key, Label string
	Done       bool // the action needs nothing more
}

// Grade returns the grade with key.
func (s *Site) Grade(key string) (Grade, bool) {
	for _, g := range s.Grades {
		if g.Key == key {
			return g, true
		}
	}
	return Grade{}, false
}

// Framework returns the framework with key.
func (s *Site) Framework(key string) (*Framework, bool) {
	for i := range s.Frameworks {
		if s.Frameworks[i].Key == key {
			return &s.Frameworks[i], true
		}
	}
	return nil, false
}

// FrameworkFor returns the framework that applies to a visit starting on
// d. Where frameworks overlap, the one that came in last applies: a site
// that adds a framework from 2027 need not give the open-ended default an
// end.
//
// A date known only to the month or year counts from its first day: "2018"
// falls under a framework from 1 January 2018.
func (s *Site) FrameworkFor(d meta.Date) (*Framework, bool) {
	var found *Framework
	day := d.Time()
	for i := range s.Frameworks {
		f := &s.Frameworks[i]
		if !day.Before(f.From.Time()) && (f.To.IsZero() || !day.After(f.To.End().Time())) {
			if found == nil || f.From.Time().After(found.From.Time()) {
				found = f
			}
		}
	}
	return found, found != nil
}

// Area returns the framework's area with key.
func (f *Framework) Area(key string) (Area, bool) {
	for _, a := range f.Areas {
		if a.Key == key {
			return a, true
		}
	}
	return Area{}, false
}

// Type returns the document type with key.
func (s *Site) Type(key string) (Type, bool) {
	for _, t := range s.Types {
		if t.Key == key {
			return t, true
		}
	}
	return Type{}, false
}

// Status returns the status with key.
func (s *Site) Status(key string) (Status, bool) {
	for _, st := range s.Statuses {
		if st.Key == key {
			return st, true
		}
	}
	return Status{}, false
}

// GradeKeys lists the keys of the grades, best first, for messages that
// say what a grade may be.
func (s *Site) GradeKeys() []string { return keys(s.Grades, func(g Grade) string { return g.Key }) }

// StatusKeys lists the keys of the statuses.
func (s *Site) StatusKeys() []string {
	return keys(s.Statuses, func(st Status) string { return st.Key })
}

// TypeKeys lists the keys of the document types.
func (s *Site) TypeKeys() []string { return keys(s.Types, func(t Type) string { return t.Key }) }

// FrameworkKeys lists the keys of the frameworks.
func (s *Site) FrameworkKeys() []string {
	return keys(s.Frameworks, func(f Framework) string { return f.Key })
}

func keys[T any](list []T, key func(T) string) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = key(e)
	}
	return out
}

// URL returns the site address p (starting with "/") under the base path.
func (s *Site) URL(p string) string {
	return s.BasePath + strings.TrimPrefix(p, "/")
}

// AbsURL returns the site address p as an absolute URL.
func (s *Site) AbsURL(p string) string {
	return s.BaseURL + strings.TrimPrefix(p, "/")
}

var colour = regexp.MustCompile(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// Load reads site.toml from src. baseURL, when not empty, overrides the
// file's. Problems are returned as diagnostics.
func Load(src []byte, baseURL string) (*Site, diag.List) {
	t, doc := meta.Parse(File, src, 1)
	if t == nil {
		return nil, doc.Diags
	}
	s := &Site{}
	s.Title = t.String("title", true)
	s.Language = t.String("language", false)
	if s.Language == "" {
		s.Language = "en-GB"
	}
	s.Publisher = t.String("publisher", false)
	s.Description = t.String("description", false)
	s.Licence = t.String("licence", false)
	s.LicenceURL = t.String("licenceURL", false)
	if msg := webAddress(s.LicenceURL); msg != "" {
		t.Errorf("licenceURL", "licenceURL %q %s", s.LicenceURL, msg)
	}
	if s.Licence == "" {
		s.Licence = "Open Government Licence v3.0"
		if s.LicenceURL == "" {
			s.LicenceURL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"
		}
	}
	s.Minify = t.Bool("minify")
	s.Logo, s.LogoPos = t.String("logo", false), t.ValuePos("logo")
	s.Accent = t.String("accent", false)
	if s.Accent != "" && !colour.MatchString(s.Accent) {
		t.Errorf("accent", "accent must be a colour such as \"#1d70b8\", not %q", s.Accent)
	}
	if m := t.Table("markdown"); m != nil {
		s.AllowHTML = m.Bool("html")
		m.Finish("[markdown]")
	}
	s.Menu = links(t, "menu")
	s.Footer = links(t, "footer")

	raw := t.String("baseURL", baseURL == "")
	if baseURL != "" {
		raw = baseURL
	}
	if raw != "" {
		u, msg := parseBase(raw)
		if msg != "" {
			if baseURL != "" {
				doc.Diags.Add("", 0, 0, "-baseURL: %s", msg)
			} else {
				t.Errorf("baseURL", "baseURL: %s", msg)
			}
		} else {
			s.BaseURL, s.BasePath = u.String(), u.Path
		}
	}

	defaults := true
	if v, ok := t.Raw("defaults"); ok {
		b, isBool := v.(bool)
		if !isBool {
			t.Errorf("defaults", "defaults must be true or false")
		}
		defaults = b
	}
	if defaults {
		s.Grades, s.Frameworks, s.Types, s.Statuses = defaultGrades(), defaultFrameworks(), defaultTypes(), defaultStatuses()
	}
	s.Body, s.Bodies = "body", "bodies"
	if defaults {
		s.Body, s.Bodies, s.Inspectorate = "council", "councils", "Ofsted"
	}
	if v := t.String("inspectorate", false); v != "" {
		s.Inspectorate = v
	}
	if n := t.Table("nouns"); n != nil {
		if v := n.String("body", false); v != "" {
			s.Body = v
		}
		if v := n.String("bodies", false); v != "" {
			s.Bodies = v
		}
		n.Finish("[nouns]")
	}
	readGrades(t, s)
	readFrameworks(t, s)
	readTypes(t, s)
	readStatuses(t, s)
	t.Finish("site.toml")
	check(t, s)
	return s, doc.Diags
}

func parseBase(raw string) (*url.URL, string) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Sprintf("%q is not an absolute http or https address such as \"https://www.example.gov.uk/inspections/\"", raw)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Sprintf("%q must not have a query or fragment", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	// The path goes as it is into every link, the _redirects file and
	// the server's routes: a space or a percent sign there would split a
	// _redirects line or name another folder than the one written.
	if bad := strings.IndexFunc(u.Path, func(r rune) bool { return !pathChar(r) }); bad >= 0 || strings.Contains(raw, "%") {
		c := "%"
		if bad >= 0 && !strings.Contains(raw, "%") {
			c = string([]rune(u.Path[bad:])[:1])
		}
		return nil, fmt.Sprintf("%q has %q in its path: a base path is made of letters, digits, and . _ ~ - /, such as \"https://www.example.gov.uk/inspections/\"", raw, c)
	}
	u.RawPath = ""
	return u, ""
}

// pathChar reports whether r may stand in a base path as it is.
func pathChar(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._~-/", r)
}

// scheme is the scheme of an absolute URL.
var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// HasScheme reports whether dest starts with a scheme ("https:"): it is an
// absolute URL, of another site.
func HasScheme(dest string) bool { return scheme.MatchString(dest) }

// SafeLink reports whether a link's destination, in content or in
// site.toml, uses a scheme that cannot run code: web and mail addresses,
// telephone numbers and relative addresses.
func SafeLink(dest string) bool {
	s := strings.TrimLeftFunc(dest, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) })
	m := scheme.FindString(s)
	if m == "" {
		return true
	}
	switch strings.ToLower(m) {
	case "http:", "https:", "mailto:", "tel:":
		return true
	}
	return false
}

// webAddress says what is wrong with a URL that site.toml gives for a
// page to link to, or "": it must be an http or https address, or one of
// the site's own. The templates would otherwise put "#ZgotmplZ" in place
// of a javascript: or data: link, and a control character or space makes
// an address no browser reads as written.
func webAddress(u string) string {
	if i := strings.IndexFunc(u, func(r rune) bool { return unicode.IsControl(r) || unicode.IsSpace(r) }); i >= 0 {
		return fmt.Sprintf("holds %q at character %d: an address has no spaces or control characters", u[i:i+1], len([]rune(u[:i]))+1)
	}
	if m := scheme.FindString(u); m != "" && !strings.EqualFold(m, "http:") && !strings.EqualFold(m, "https:") {
		return "must be an http or https address, such as \"https://www.example.gov.uk/licence/\", or a site address starting with /"
	}
	if pu, err := url.Parse(u); err != nil || pu.Scheme != "" && pu.Host == "" {
		return "is not an address: write one such as \"https://www.example.gov.uk/licence/\", or a site address starting with /"
	}
	return ""
}

func links(t *meta.Table, key string) []Link {
	var out []Link
	for _, e := range t.Tables(key) {
		l := Link{Label: e.String("label", true), URL: e.String("url", true), Pos: e.ValuePos("url")}
		if !SafeLink(l.URL) {
			e.Errorf("url", "%s link %q: a link may use http, https, mailto or tel, or be a site address starting with /", key, l.URL)
		}
		e.Finish("[[" + key + "]]")
		out = append(out, l)
	}
	return out
}

// upsert replaces the entry with the same key, or appends a new one. It
// returns the index of the entry.
func upsert[T any](list *[]T, keyOf func(T) string, key string, zero T) int {
	for i, e := range *list {
		if keyOf(e) == key {
			return i
		}
	}
	*list = append(*list, zero)
	return len(*list) - 1
}

// str sets *dst from key when the key is present, so that an entry that
// replaces a default keeps the fields it does not name.
func str(t *meta.Table, key string, dst *string) {
	if t.Has(key) {
		*dst = t.String(key, false)
	}
}

func readGrades(t *meta.Table, s *Site) {
	for _, e := range t.Tables("grades") {
		key := e.String("key", true)
		i := upsert(&s.Grades, func(g Grade) string { return g.Key }, key, Grade{Key: key})
		g := &s.Grades[i]
		str(e, "label", &g.Label)
		str(e, "short", &g.Short)
		if g.Label == "" {
			e.ErrorAt(e.Pos(), "grade %q needs a label", key)
		}
		e.Finish("[[grades]]")
	}
	for i := range s.Grades {
		s.Grades[i].Rank = i
	}
}

func readFrameworks(t *meta.Table, s *Site) {
	for _, e := range t.Tables("frameworks") {
		key := e.String("key", true)
		i := upsert(&s.Frameworks, func(f Framework) string { return f.Key }, key, Framework{Key: key})
		f := &s.Frameworks[i]
		str(e, "label", &f.Label)
		if e.Has("from") {
			f.From = e.Date("from", true)
		}
		if e.Has("to") {
			f.To = e.Date("to", false)
		}
		if areas := e.Tables("areas"); areas != nil {
			f.Areas = nil
			seen := map[string]meta.Pos{}
			for _, a := range areas {
				area := Area{Key: a.String("key", true), Label: a.String("label", true), Short: a.String("short", false), Row: a.String("row", false)}
				// A judgement names its area by key: with two, one would
				// take the other's grades.
				if prev, dup := seen[area.Key]; dup && area.Key != "" {
					a.Errorf("key", "area %q is already in framework %q, at line %d: give each area of a framework its own key", area.Key, key, prev.Line)
				}
				seen[area.Key] = a.ValuePos("key")
				a.Finish("an area")
				f.Areas = append(f.Areas, area)
			}
		}
		// A from date given but wrong has its own message already.
		if f.Label == "" || f.From.IsZero() && !e.Has("from") || len(f.Areas) == 0 {
			e.ErrorAt(e.Pos(), "framework %q needs a label, a from date and areas", key)
		} else if !f.From.IsZero() && !f.To.IsZero() && f.To.End().Time().Before(f.From.Time()) {
			// Such a framework covers no visit at all.
			at := "to"
			if !e.Has("to") {
				at = "from"
			}
			e.Errorf(at, "framework %q ends (to = %s) before it starts (from = %s): to is the last day it applies, on or after from", key, f.To, f.From)
		}
		e.Finish("[[frameworks]]")
	}
	for i := range s.Frameworks {
		for j := range s.Frameworks[i].Areas {
			a := &s.Frameworks[i].Areas[j]
			if a.Row == "" {
				a.Row = a.Key
			}
			if a.Short == "" {
				a.Short = a.Label
			}
		}
	}
}

func readTypes(t *meta.Table, s *Site) {
	types := t.Table("types")
	if types == nil {
		return
	}
	for _, key := range types.Keys() {
		e := types.Table(key)
		if e == nil {
			continue
		}
		i := upsert(&s.Types, func(ty Type) string { return ty.Key }, key, Type{Key: key})
		ty := &s.Types[i]
		str(e, "label", &ty.Label)
		str(e, "plural", &ty.Plural)
		if e.Has("graded") {
			ty.Graded = e.Bool("graded")
		}
		if e.Has("timeline") {
			ty.Marker = e.Bool("timeline")
		}
		ty.ByInspectorate = ty.Graded || ty.Marker
		if e.Has("inspectorate") {
			ty.ByInspectorate = e.Bool("inspectorate")
		}
		if e.Has("role") {
			switch r := Role(e.String("role", false)); r {
			case RoleNone, RolePlan, RoleProgress:
				ty.Role = r
			default:
				e.Errorf("role", "role must be \"plan\", \"progress\" or \"\", not %q", r)
			}
		}
		if ty.Label == "" {
			e.ErrorAt(e.Pos(), "type %q needs a label", key)
		}
		if ty.Plural == "" {
			ty.Plural = ty.Label + "s"
		}
		e.Finish("[types." + key + "]")
	}
}

func readStatuses(t *meta.Table, s *Site) {
	for _, e := range t.Tables("statuses") {
		key := e.String("key", true)
		i := upsert(&s.Statuses, func(st Status) string { return st.Key }, key, Status{Key: key})
		st := &s.Statuses[i]
		str(e, "label", &st.Label)
		if e.Has("done") {
			st.Done = e.Bool("done")
		}
		if st.Label == "" {
			e.ErrorAt(e.Pos(), "status %q needs a label", key)
		}
		e.Finish("[[statuses]]")
	}
}

var keyRule = regexp.MustCompile(`^[a-z0-9]+(?:-[a-z0-9]+)*$`)

// check validates keys, which appear in addresses and CSS classes.
func check(t *meta.Table, s *Site) {
	bad := func(kind, key string) {
		if !keyRule.MatchString(key) {
			t.ErrorAt(t.Pos(), "%s key %q must be lower-case letters, digits and single hyphens", kind, key)
		}
	}
	for _, g := range s.Grades {
		bad("grade", g.Key)
	}
	for _, f := range s.Frameworks {
		bad("framework", f.Key)
		for _, a := range f.Areas {
			bad("area", a.Key)
		}
	}
	for _, ty := range s.Types {
		bad("type", ty.Key)
	}
	for _, st := range s.Statuses {
		bad("status", st.Key)
	}
}
