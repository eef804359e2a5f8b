package config

import (
	"strings"
	"testing"

	"scrutiny/internal/meta"
)

const minimal = "title = \"T\"\nbaseURL = \"https://example.gov.uk/inspections\"\n"

func load(t *testing.T, src string) *Site {
	t.Helper()
	s, ds := Load([]byte(src), "")
	if len(ds) > 0 {
		t.Fatalf("Load: %v", ds.Err())
	}
	return s
}

func date(t *testing.T, s string) meta.Date {
	t.Helper()
	d, err := meta.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestDefaults(t *testing.T) {
	s := load(t, minimal)
	if got, want := s.BaseURL, "https://example.gov.uk/inspections/"; got != want {
		t.Errorf("BaseURL = %q, want %q", got, want)
	}
	if got, want := s.BasePath, "/inspections/"; got != want {
		t.Errorf("BasePath = %q, want %q", got, want)
	}
	if got, want := s.URL("/about/"), "/inspections/about/"; got != want {
		t.Errorf("URL = %q, want %q", got, want)
	}
	if got, want := s.AbsURL("/about/"), "https://example.gov.uk/inspections/about/"; got != want {
		t.Errorf("AbsURL = %q, want %q", got, want)
	}
	if s.Language != "en-GB" || s.Licence != "Open Government Licence v3.0" || s.Minify {
		t.Errorf("defaults: language %q, licence %q, minify %v", s.Language, s.Licence, s.Minify)
	}

	var grades []string
	for _, g := range s.Grades {
		grades = append(grades, g.Key+"="+g.Label)
	}
	if got, want := strings.Join(grades, "; "), "outstanding=Outstanding; good=Good; requires-improvement=Requires improvement to be good; inadequate=Inadequate"; got != want {
		t.Errorf("grades = %s\nwant %s", got, want)
	}
	if g, _ := s.Grade("requires-improvement"); g.Name() != "Requires improvement" || g.Rank != 2 {
		t.Errorf("requires-improvement: short %q, rank %d", g.Name(), g.Rank)
	}

	var types []string
	for _, ty := range s.Types {
		types = append(types, ty.Key)
	}
	if got, want := strings.Join(types, " "), "inspection focused-visit monitoring-visit annual-engagement jtai send-inspection improvement-plan plan-progress committee-report minutes letter"; got != want {
		t.Errorf("types = %s\nwant %s", got, want)
	}
	if ty, _ := s.Type("improvement-plan"); ty.Role != RolePlan {
		t.Errorf("improvement-plan has role %q", ty.Role)
	}
	if ty, _ := s.Type("plan-progress"); ty.Role != RoleProgress {
		t.Errorf("plan-progress has role %q", ty.Role)
	}
	if ty, _ := s.Type("inspection"); !ty.Graded {
		t.Errorf("inspection is not graded")
	}
	if ty, _ := s.Type("monitoring-visit"); ty.Graded {
		t.Errorf("monitoring-visit is graded")
	}

	var statuses []string
	for _, st := range s.Statuses {
		statuses = append(statuses, st.Key)
	}
	if got, want := strings.Join(statuses, " "), "not-started on-track at-risk off-track complete"; got != want {
		t.Errorf("statuses = %s, want %s", got, want)
	}
	if st, _ := s.Status("complete"); !st.Done {
		t.Errorf("complete is not done")
	}
}

// The default frameworks of SPEC section 3.
func TestDefaultFrameworks(t *testing.T) {
	const (
		overall = "overall: Overall effectiveness"
		help    = "help-and-protection: The experiences and progress of children who need help and protection"
		leaders = "leaders: The impact of leaders on social work practice with children and families"
		leavers = "care-leavers: The experiences and progress of care leavers"
		inCare  = "in-care: The experiences and progress of children in care"
	)
	want := []struct {
		key, from, to string
		areas         []string
	}{
		{"sif-2013", "2013-11-01", "2017-12-31", []string{
			overall, help,
			"looked-after: The experiences and progress of children looked after and achieving permanence",
			"adoption: Adoption performance",
			leavers,
			"leadership: Leadership, management and governance",
			"lscb: The effectiveness of the local safeguarding children board",
		}},
		{"ilacs-2018", "2018-01-01", "2022-12-31", []string{overall, leaders, help, "in-care: The experiences and progress of children in care and care leavers"}},
		{"ilacs-2023", "2023-01-01", "2026-03-31", []string{overall, leaders, help, inCare, leavers}},
		{"ilacs-2026", "2026-04-01", "", []string{leaders, help, inCare, leavers}},
	}
	s := load(t, minimal)
	if len(s.Frameworks) != len(want) {
		t.Fatalf("%d frameworks, want %d", len(s.Frameworks), len(want))
	}
	for i, w := range want {
		f := s.Frameworks[i]
		if f.Key != w.key || f.From.String() != w.from || f.To.String() != w.to {
			t.Errorf("framework %d = %s from %s to %s, want %s from %s to %s", i, f.Key, f.From, f.To, w.key, w.from, w.to)
		}
		var areas []string
		for _, a := range f.Areas {
			areas = append(areas, a.Key+": "+a.Label)
		}
		if got, want := strings.Join(areas, "\n"), strings.Join(w.areas, "\n"); got != want {
			t.Errorf("%s areas:\n%s\nwant\n%s", f.Key, got, want)
		}
	}
}

func TestFrameworkFor(t *testing.T) {
	s := load(t, minimal)
	for _, tt := range []struct{ date, want string }{
		{"2013-10-31", ""},
		{"2013-11-01", "sif-2013"},
		{"2017", "sif-2013"},
		{"2017-12", "sif-2013"},
		{"2017-12-31", "sif-2013"},
		{"2018-01-01", "ilacs-2018"},
		{"2018", "ilacs-2018"},
		{"2018-01", "ilacs-2018"},
		{"2023", "ilacs-2023"},
		{"2022-12-31", "ilacs-2018"},
		{"2023-01-01", "ilacs-2023"},
		{"2026-03-31", "ilacs-2023"},
		{"2026-04-01", "ilacs-2026"},
		{"2040-01-01", "ilacs-2026"},
	} {
		f, ok := s.FrameworkFor(date(t, tt.date))
		got := ""
		if ok {
			got = f.Key
		}
		if got != tt.want {
			t.Errorf("FrameworkFor(%s) = %q, want %q", tt.date, got, tt.want)
		}
	}
}

// TestFrameworkOverlap checks that a framework a site adds takes over
// from an open-ended one from its start.
func TestFrameworkOverlap(t *testing.T) {
	s := load(t, minimal+`
[[frameworks]]
key = "cqc-2027"
label = "A later framework"
from = 2027-01-01
areas = [{ key = "safe", label = "Safe" }]
`)
	for day, want := range map[string]string{"2026-12-31": "ilacs-2026", "2027-01-01": "cqc-2027", "2030": "cqc-2027"} {
		if f, ok := s.FrameworkFor(date(t, day)); !ok || f.Key != want {
			t.Errorf("FrameworkFor(%s) = %v, want %s", day, f, want)
		}
	}
}

func TestReplaceAndExtend(t *testing.T) {
	s := load(t, minimal+`
[[grades]]
key = "requires-improvement"
label = "Requires improvement"

[[grades]]
key = "serious-weaknesses"
label = "Serious weaknesses"

[[frameworks]]
key = "ilacs-2018"
areas = [{ key = "overall", label = "Overall" }]

[[frameworks]]
key = "local-2030"
label = "Local review"
from = 2030-01-01
areas = [{ key = "overall", label = "Overall", row = "overall" }]

[types.monitoring-visit]
graded = true

[types.peer-review]
label = "Peer review"

[[statuses]]
key = "complete"
label = "Done"
`)
	if got, want := len(s.Grades), 5; got != want {
		t.Fatalf("%d grades, want %d", got, want)
	}
	g, _ := s.Grade("requires-improvement")
	if g.Label != "Requires improvement" || g.Short != "Requires improvement" || g.Rank != 2 {
		t.Errorf("the replaced grade = %+v; want the new label, the default short label kept, the same rank", g)
	}
	if g, _ := s.Grade("serious-weaknesses"); g.Rank != 4 {
		t.Errorf("an added grade comes last: %+v", g)
	}
	f, _ := s.Framework("ilacs-2018")
	if len(f.Areas) != 1 || f.Label != "Inspection of local authority children's services (2018)" || f.From.String() != "2018-01-01" {
		t.Errorf("the replaced framework = %+v; want its areas replaced and the rest kept", f)
	}
	if f, ok := s.Framework("local-2030"); !ok || f.From.String() != "2030-01-01" || f.Areas[0].Short != "Overall" {
		t.Errorf("the added framework = %+v, %v", f, ok)
	}
	ty, _ := s.Type("monitoring-visit")
	if !ty.Graded || ty.Label != "Monitoring visit" {
		t.Errorf("monitoring-visit = %+v; want graded, label kept", ty)
	}
	ty, ok := s.Type("peer-review")
	if !ok || ty.Plural != "Peer reviews" {
		t.Errorf("peer-review = %+v, %v; want a plural made from the label", ty, ok)
	}
	if st, _ := s.Status("complete"); st.Label != "Done" || !st.Done {
		t.Errorf("complete = %+v; want the new label and done kept", st)
	}
}

func TestNoDefaults(t *testing.T) {
	s := load(t, minimal+"defaults = false\n[[grades]]\nkey = \"pass\"\nlabel = \"Pass\"\n")
	if len(s.Frameworks) != 0 || len(s.Types) != 0 || len(s.Statuses) != 0 {
		t.Errorf("defaults = false keeps %d frameworks, %d types, %d statuses", len(s.Frameworks), len(s.Types), len(s.Statuses))
	}
	if len(s.Grades) != 1 || s.Grades[0].Key != "pass" {
		t.Errorf("grades = %+v, want only the site's", s.Grades)
	}
}

func TestBaseURLOverride(t *testing.T) {
	s, ds := Load([]byte(minimal), "http://localhost:1313")
	if len(ds) > 0 {
		t.Fatal(ds.Err())
	}
	if s.BaseURL != "http://localhost:1313/" || s.BasePath != "/" {
		t.Errorf("BaseURL %q, BasePath %q", s.BaseURL, s.BasePath)
	}
	_, ds = Load([]byte(minimal), "localhost")
	if len(ds) != 1 || !strings.HasPrefix(ds[0].Error(), "-baseURL: ") {
		t.Errorf("a bad -baseURL gives %v", ds)
	}
}

func TestLoadErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{minimal + "colour = \"red\"\n", `site.toml:3:1: unknown key "colour" in site.toml`},
		{minimal + "accent = \"red\"\n", `site.toml:3:10: accent must be a colour`},
		{minimal + "[types.x]\nrole = \"boss\"\nlabel = \"X\"\n", `site.toml:4:8: role must be "plan", "progress" or ""`},
		{minimal + "[[grades]]\nkey = \"Bad Key\"\nlabel = \"X\"\n", `key "Bad Key" must be lower-case`},
		{minimal + "[[frameworks]]\nkey = \"new\"\nlabel = \"New\"\n", `site.toml:3:3: framework "new" needs a label, a from date and areas`},
		{minimal + "[[grades]]\nkey = \"x\"\n", `site.toml:3:3: grade "x" needs a label`},
		{minimal + "[[menu]]\nlabel = \"About\"\nurl = \"/about/\"\nlink = \"/about/\"\n", `site.toml:6:1: unknown key "menu[1].link" in [[menu]]`},
		{"title = \"T\"\nbaseURL = \"https://example.org/?a=b\"\n", `site.toml:2:11: baseURL: "https://example.org/?a=b" must not have a query or fragment`},
		{"title = \"T\"\nbaseURL = \"ftp://example.org/\"\n", `site.toml:2:11: baseURL: "ftp://example.org/" is not an absolute http or https address`},
	} {
		_, ds := Load([]byte(tt.src), "")
		if len(ds) == 0 {
			t.Errorf("Load(%q) finds no problem; want %s", tt.src, tt.want)
			continue
		}
		got := ds.Sort()[0].Error()
		if !strings.Contains(got, tt.want) {
			t.Errorf("Load(%q):\n got %s\nwant %s", tt.src, got, tt.want)
		}
	}
}

// TestNouns names the bodies councils by default, and as site.toml says
// for another inspectorate; and says who inspects them.
func TestNouns(t *testing.T) {
	s := load(t, "title = \"T\"\nbaseURL = \"https://example.org/\"\n")
	if s.Body != "council" || s.Bodies != "councils" || s.Inspectorate != "Ofsted" {
		t.Errorf("defaults: %q, %q, %q", s.Body, s.Bodies, s.Inspectorate)
	}
	s = load(t, "title = \"T\"\nbaseURL = \"https://example.org/\"\ninspectorate = \"CQC\"\n\n[nouns]\nbody = \"trust\"\nbodies = \"trusts\"\n")
	if s.Body != "trust" || s.Bodies != "trusts" || s.Inspectorate != "CQC" {
		t.Errorf("set: %q, %q, %q", s.Body, s.Bodies, s.Inspectorate)
	}
	if ty, _ := s.Type("inspection"); !ty.ByInspectorate {
		t.Error("an inspection is not the inspectorate's work")
	}
	if ty, _ := s.Type("improvement-plan"); ty.ByInspectorate {
		t.Error("an improvement plan is taken for the inspectorate's work")
	}
}

// TestRowOrder puts the headline first, though the newest framework has
// no such area.
func TestRowOrder(t *testing.T) {
	s := load(t, "title = \"T\"\nbaseURL = \"https://example.org/\"\n")
	order := s.RowOrder()
	if order["overall"] != 0 || order["leaders"] != 1 {
		t.Errorf("order = %v, want overall first, then the newest framework's first area", order)
	}
}
