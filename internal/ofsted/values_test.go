package ofsted

import (
	"strings"
	"testing"

	"scrutiny/internal/config"
)

func defaults(t *testing.T) *config.Site {
	t.Helper()
	cfg, ds := config.Load([]byte("title = \"t\"\nbaseURL = \"https://example.org/\"\n"), "")
	if len(ds) > 0 {
		t.Fatal(ds.Err())
	}
	return cfg
}

func TestParseDate(t *testing.T) {
	for _, tt := range []struct {
		in, want string // want "" for an error
	}{
		{"09/05/25", "2025-05-09"},
		{"9/5/25", "2025-05-09"},
		{"13/06/2017", "2017-06-13"},
		{"01/04/22", "2022-04-01"},
		{"2022-04-01", "2022-04-01"},
		{" 07/07/26 ", "2026-07-07"},
		{"31/02/21", ""},   // no such day
		{"13/13/21", ""},   // no such month
		{"1/2/123", ""},    // three-digit year
		{"2022/04/01", ""}, // not day first
		{"", ""},
		{"June 2017", ""},
	} {
		d, err := parseDate(tt.in)
		got := d.ISO()
		if err != nil {
			got = ""
		}
		if got != tt.want {
			t.Errorf("parseDate(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

// TestGrade covers each kind of value the grade columns hold.
func TestGrade(t *testing.T) {
	cfg := defaults(t)
	for _, tt := range []struct {
		in   string
		key  string
		kind valueKind
	}{
		{"good", "good", graded},
		{"outstanding", "outstanding", graded},
		{"inadequate", "inadequate", graded},
		{"requires improvement", "requires-improvement", graded},
		{"Requires  Improvement", "requires-improvement", graded},
		{"requires improvement to be good", "requires-improvement", graded},
		{"requires-improvement", "requires-improvement", graded},
		{"to requires improvement", "requires-improvement", corrected},
		{"data_unreadable", "", unreadable},
		{"inspection_pre_dates_judgement", "", preDates},
		{"not_reported_post_reform", "", postReform},
		{"", "", blank},
		{"   ", "", blank},
		{"excellent", "", unknownValue},
		{"to be confirmed", "", unknownValue},
	} {
		g, kind := grade(cfg, tt.in)
		if g.Key != tt.key || kind != tt.kind {
			t.Errorf("grade(%q) = %q, %d; want %q, %d", tt.in, g.Key, kind, tt.key, tt.kind)
		}
	}
}

func TestInspector(t *testing.T) {
	for _, tt := range []struct {
		in, want string
		fixed    bool
	}{
		{"Sarah Canto", "Sarah Canto HMI", false},
		{"Pat Hale HMI", "Pat Hale HMI", false},
		{"Pat  Hale hmi", "Pat Hale hmi", false},
		{"Jenny -ellen Scotland", "Jenny-Ellen Scotland HMI", true},
		{"Paula Thomson -Jones", "Paula Thomson-Jones HMI", true},
		{"Máire Atherton", "Máire Atherton HMI", false},
		{"", "", false},
	} {
		got, fixed := inspector(tt.in)
		if got != tt.want || fixed != tt.fixed {
			t.Errorf("inspector(%q) = %q, %v; want %q, %v", tt.in, got, fixed, tt.want, tt.fixed)
		}
	}
}

func TestBodySlug(t *testing.T) {
	for _, tt := range []struct{ ons, code, want string }{
		{"Barking and Dagenham", "E09000002", "barking-and-dagenham"},
		{"Bristol, City of", "E06000023", "bristol"},
		{"Kingston Upon Hull, City of", "E06000010", "kingston-upon-hull"},
		{"Bournemouth, Christchurch and Poole", "E06000058", "bournemouth-christchurch-and-poole"},
		{"Bournemouth, Christchurch & Poole", "E06000058", "bournemouth-christchurch-and-poole"},
		{"St. Helens", "E08000013", "st-helens"},
		{"Stoke-on-Trent", "E06000021", "stoke-on-trent"},
		{"  Isle of Wight ", "E06000046", "isle-of-wight"},
		{"Judgements", "E99000001", "judgements-council"}, // reserved
		{"Data", "E99000002", "data-council"},
		{"!!!", "E99000004", "e99000004"},
		{"", "", "council"},
	} {
		got := bodySlug(&council{ons: tt.ons, code: tt.code})
		if got != tt.want {
			t.Errorf("bodySlug(%q) = %q, want %q", tt.ons, got, tt.want)
		}
		if !slugOK(got) {
			t.Errorf("bodySlug(%q) = %q, which is not a valid body slug", tt.ons, got)
		}
	}
}

func TestWebsite(t *testing.T) {
	for _, tt := range []struct {
		domain, want string
		problem      bool
	}{
		{"gloucestershire.gov.uk", "https://www.gloucestershire.gov.uk/", false},
		{"Walthamforest.gov.uk", "https://www.walthamforest.gov.uk/", false},
		{"www.lbbd.gov.uk", "https://www.lbbd.gov.uk/", false},
		{"my.northtyneside.gov.uk", "https://my.northtyneside.gov.uk/", false},
		{"https://bristol.gov.uk/", "https://www.bristol.gov.uk/", false},
		{"", "", false},
		{"analysticsbi.com", "", true},
		{"birminghamchildrenstrust.co.uk", "", true},
	} {
		got, problem := website(tt.domain)
		if got != tt.want || (problem != "") != tt.problem {
			t.Errorf("website(%q) = %q, %q; want %q (problem: %v)", tt.domain, got, problem, tt.want, tt.problem)
		}
	}
}

func TestDisplayName(t *testing.T) {
	for _, tt := range []struct{ ons, name, short string }{
		{"Bristol, City of", "City of Bristol", "Bristol"},
		{"Barnet", "Barnet", ""},
		{"Bournemouth, Christchurch and Poole", "Bournemouth, Christchurch and Poole", ""},
	} {
		name, short := displayName(tt.ons)
		if name != tt.name || short != tt.short {
			t.Errorf("displayName(%q) = %q, %q; want %q, %q", tt.ons, name, short, tt.name, tt.short)
		}
	}
}

func TestMark(t *testing.T) {
	text := []byte("+++\ntitle = \"x\"\n+++\n\nBody.\n")
	src := stamp(text)
	if got := ownerOf(src); got != imported {
		t.Fatalf("ownerOf(stamp(text)) = %d, want imported", got)
	}
	if !strings.HasPrefix(string(src), "+++\n# Written by scrutiny import ofsted-ilacs (checksum ") {
		t.Errorf("the mark is not the first line of the front matter:\n%s", src)
	}
	edited1 := []byte(strings.Replace(string(src), "Body.", "Body, edited.", 1))
	if got := ownerOf(edited1); got != edited {
		t.Errorf("ownerOf(an edited file) = %d, want edited", got)
	}
	if got := ownerOf(text); got != byHand {
		t.Errorf("ownerOf(a file without the mark) = %d, want byHand", got)
	}
}

func TestSummary(t *testing.T) {
	cfg := defaults(t)
	f, _ := cfg.Framework("ilacs-2023")
	f26, _ := cfg.Framework("ilacs-2026")
	g := func(k string) config.Grade { gr, _ := cfg.Grade(k); return gr }
	a := func(f *config.Framework, k string) config.Area { ar, _ := f.Area(k); return ar }
	for _, tt := range []struct {
		in   *inspection
		want string
	}{
		{&inspection{framework: f}, "The CSV scraped from Ofsted's reports does not record the grades of this report."},
		{&inspection{framework: f, judgements: []judgement{{area: a(f, "overall"), grade: g("good")}, {area: a(f, "leaders"), grade: g("outstanding")}}},
			"Ofsted judged overall effectiveness to be good."},
		{&inspection{framework: f, judgements: []judgement{{area: a(f, "overall"), grade: g("requires-improvement")}}},
			"Ofsted judged overall effectiveness to require improvement to be good."},
		{&inspection{framework: f26, judgements: []judgement{
			{area: a(f26, "leaders"), grade: g("good")}, {area: a(f26, "help-and-protection"), grade: g("good")},
			{area: a(f26, "in-care"), grade: g("good")}, {area: a(f26, "care-leavers"), grade: g("good")}}},
			"Ofsted judged every area to be good."},
		{&inspection{framework: f26, judgements: []judgement{
			{area: a(f26, "leaders"), grade: g("good")}, {area: a(f26, "help-and-protection"), grade: g("outstanding")},
			{area: a(f26, "in-care"), grade: g("good")}}},
			"Ofsted judged impact of leaders and children in care to be good; help and protection to be outstanding."},
	} {
		if got := summary(tt.in); got != tt.want {
			t.Errorf("summary = %q, want %q", got, tt.want)
		}
	}
}
