package build_test

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"testing/fstest"

	"scrutiny"
	"scrutiny/internal/build"
	"scrutiny/internal/diag"
	"scrutiny/internal/source"
)

// doc is a content file: front matter made of lines, then text. The i-th
// line of front matter is on line i+2 of the file, which keeps the expected
// positions below easy to check by eye.
func doc(front []string, text ...string) string {
	return "+++\n" + strings.Join(front, "\n") + "\n+++\n" + strings.Join(text, "\n")
}

// errorBase is a small good site; each error case changes or adds files.
func errorBase() map[string]string {
	return map[string]string{
		"site.toml":           "title = \"Test\"\nbaseURL = \"https://example.org/\"\n",
		"content/b/_index.md": doc([]string{`name = "Borsetshire County Council"`}),
		"content/b/2022-04-01-inspection.md": doc([]string{
			`title = "Inspection"`,
			`type = "inspection"`,
			`date = 2022-04-01`,
			`visit = [2022-02-07, 2022-02-18]`,
			``,
			`[judgements]`,
			`overall = "good"`,
			``,
			`[[recommendations]]`,
			`id = "R1"`,
			`text = "Do better."`,
		}, "", "## Findings", "", "Text."),
		"content/b/2022-06-01-plan.md": doc([]string{
			`title = "Plan"`,
			`type = "improvement-plan"`,
			`date = 2022-06-01`,
			`responds_to = "2022-04-01-inspection"`,
			``,
			`[[actions]]`,
			`id = "A1"`,
			`title = "Do better"`,
			`recommendations = ["R1"]`,
		}),
	}
}

// loadFiles builds nothing: it loads and checks the site, returning its
// diagnostics.
func loadFiles(t *testing.T, files map[string]string) (diag.Errors, error) {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, data := range files {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	_, err := build.Load(build.Options{Site: fsys, Theme: scrutiny.Theme})
	if err == nil {
		return nil, nil
	}
	ds, ok := diag.As(err)
	if !ok {
		return nil, err
	}
	return ds, nil
}

func TestErrorBaseBuilds(t *testing.T) {
	ds, err := loadFiles(t, errorBase())
	if err != nil || ds != nil {
		t.Fatalf("the base site of the error tests does not load: %v%v", err, ds)
	}
}

// want is one expected diagnostic: its position exactly, and part of its
// message.
type want struct {
	pos string // file:line:col
	msg string
}

func TestErrors(t *testing.T) {
	const insp = "content/b/2022-04-01-inspection.md"
	letter := func(front ...string) map[string]string {
		return map[string]string{"content/b/2022-05-01-letter.md": doc(front, "", "Text.")}
	}
	const letterFile = "content/b/2022-05-01-letter.md"
	progress := func(lines ...string) map[string]string {
		front := append([]string{
			`title = "Progress"`,
			`type = "plan-progress"`,
			`date = 2022-09-01`,
		}, lines...)
		return map[string]string{"content/b/2022-09-01-progress.md": doc(front)}
	}
	const progressFile = "content/b/2022-09-01-progress.md"

	for _, tt := range []struct {
		name  string
		files map[string]string
		want  []want
	}{
		{
			name:  "missing front matter",
			files: map[string]string{letterFile: "title = \"Letter\"\n\nText.\n"},
			want:  []want{{letterFile + ":1:1", "missing front matter"}},
		},
		{
			name:  "unclosed front matter",
			files: map[string]string{letterFile: "+++\ntitle = \"Letter\"\ntype = \"letter\"\ndate = 2022-05-01\n\nText.\n"},
			want:  []want{{letterFile + ":1:1", "front matter is not closed"}},
		},
		{
			// The TOML library reports line 4, column 18 (the space before
			// "and": the span it complains of is " a"); the TOML starts
			// on the file's line 2.
			name:  "invalid TOML",
			files: letter(`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`, `summary = "Short" and more`),
			want:  []want{{letterFile + ":5:18", "invalid TOML: expected a top-level item to end with a newline"}},
		},
		{
			name:  "invalid TOML: unterminated string",
			files: letter(`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`, `summary = "Short`),
			want:  []want{{letterFile + ":5:17", "invalid TOML: strings cannot contain newlines"}},
		},
		{
			// Regression: the TOML library counts columns in bytes; scrutiny's
			// columns count characters (meta.Pos), as editors do. Each
			// "é" is two bytes, so the library says 22 where an editor
			// shows 19.
			name:  "invalid TOML after non-ASCII characters",
			files: letter(`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`, `summary = "Cafééé" and more`),
			want:  []want{{letterFile + ":5:19", "invalid TOML"}},
		},
		{
			name:  "unknown key with a suggestion",
			files: letter(`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`, `sumary = "Short."`),
			want:  []want{{letterFile + ":5:1", `unknown key "sumary" in a document's front matter (did you mean "summary"?)`}},
		},
		{
			name:  "unknown key in a page",
			files: map[string]string{"content/about.md": doc([]string{`title = "About"`, `titel = "About"`})},
			want:  []want{{"content/about.md:3:1", `unknown key "titel" in a page's front matter (did you mean "title"?)`}},
		},
		{
			name:  "missing title",
			files: letter(`type = "letter"`, `date = 2022-05-01`),
			want:  []want{{letterFile + ":2:1", `missing required key "title"`}},
		},
		{
			name:  "missing type",
			files: letter(`title = "Letter"`, `date = 2022-05-01`),
			want:  []want{{letterFile + ":2:1", `missing required key "type"`}},
		},
		{
			name:  "missing date",
			files: letter(`title = "Letter"`, `type = "letter"`),
			want:  []want{{letterFile + ":2:1", `missing required key "date"`}},
		},
		{
			name:  "missing name",
			files: map[string]string{"content/b/_index.md": doc([]string{`short = "Borsetshire"`})},
			want:  []want{{"content/b/_index.md:2:1", `missing required key "name"`}},
		},
		{
			name:  "unknown type",
			files: letter(`title = "Letter"`, `type = "leter"`, `date = 2022-05-01`),
			want:  []want{{letterFile + ":3:8", `unknown document type "leter" (did you mean "letter"?)`}},
		},
		{
			name: "unknown grade with a suggestion",
			files: map[string]string{insp: doc([]string{
				`title = "Inspection"`,
				`type = "inspection"`,
				`date = 2022-04-01`,
				`visit = [2022-02-07, 2022-02-18]`,
				``,
				`[judgements]`,
				`overall = "requires improvment"`,
				``,
				`[[recommendations]]`,
				`id = "R1"`,
				`text = "Do better."`,
			})},
			want: []want{{insp + ":8:11", `unknown grade "requires improvment" (did you mean "requires-improvement"?)`}},
		},
		{
			name: "area not in the framework",
			files: map[string]string{insp: doc([]string{
				`title = "Inspection"`,
				`type = "inspection"`,
				`date = 2022-04-01`,
				`visit = [2022-02-07, 2022-02-18]`,
				``,
				`[judgements]`,
				`overall = "good"`,
				`looked-after = "good"`,
				``,
				`[[recommendations]]`,
				`id = "R1"`,
				`text = "Do better."`,
			})},
			want: []want{{insp + ":9:1", `"looked-after" is not an area of the ilacs-2018 framework`}},
		},
		{
			name: "judgements on an ungraded type",
			files: letter(`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`, ``,
				`[judgements]`, `overall = "good"`),
			want: []want{{letterFile + ":6:2", `a Letter carries no judgements`}},
		},
		{
			name:  "bad date",
			files: letter(`title = "Letter"`, `type = "letter"`, `date = "2022-13"`),
			want:  []want{{letterFile + ":4:8", `date: "2022-13" is not a date`}},
		},
		{
			name:  "visit ends before it starts",
			files: letter(`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`, `visit = [2022-02-18, 2022-02-07]`),
			want:  []want{{letterFile + ":5:9", `the visit ends (2022-02-07) before it starts (2022-02-18)`}},
		},
		{
			name:  "unknown status",
			files: progress(`plan = "2022-06-01-plan"`, ``, `[[progress]]`, `action = "A1"`, `status = "on-trak"`),
			want:  []want{{progressFile + ":9:10", `unknown status "on-trak" (did you mean "on-track"?)`}},
		},
		{
			name: "unknown framework",
			files: map[string]string{insp: doc([]string{
				`title = "Inspection"`,
				`type = "inspection"`,
				`date = 2022-04-01`,
				`framework = "ilac-2018"`,
				``,
				`[[recommendations]]`,
				`id = "R1"`,
				`text = "Do better."`,
			})},
			want: []want{{insp + ":5:13", `unknown framework "ilac-2018" (did you mean "ilacs-2018"?)`}},
		},
		{
			name: "no framework covers the visit",
			files: map[string]string{insp: doc([]string{
				`title = "Inspection"`,
				`type = "inspection"`,
				`date = 2012-04-01`,
				``,
				`[[recommendations]]`,
				`id = "R1"`,
				`text = "Do better."`,
			})},
			want: []want{{insp + ":4:1", `no framework covers a visit starting 2012-04-01`}},
		},
		{
			name: "responds_to names a missing document",
			files: map[string]string{"content/b/2022-06-01-plan.md": doc([]string{
				`title = "Plan"`,
				`type = "improvement-plan"`,
				`date = 2022-06-01`,
				`responds_to = "2022-04-01-inspectoin"`,
			})},
			want: []want{{"content/b/2022-06-01-plan.md:5:15", `responds_to "2022-04-01-inspectoin" is not a document of b (did you mean "2022-04-01-inspection"?)`}},
		},
		{
			name: "action answers a recommendation the document does not have",
			files: map[string]string{"content/b/2022-06-01-plan.md": doc([]string{
				`title = "Plan"`,
				`type = "improvement-plan"`,
				`date = 2022-06-01`,
				`responds_to = "2022-04-01-inspection"`,
				``,
				`[[actions]]`,
				`id = "A1"`,
				`title = "Do better"`,
				`recommendations = ["R1", "R9"]`,
			})},
			want: []want{{"content/b/2022-06-01-plan.md:10:26", `recommendation "R9" is not in 2022-04-01-inspection`}},
		},
		{
			name:  "menu link to no page",
			files: map[string]string{"site.toml": "title = \"Test\"\nbaseURL = \"https://example.org/\"\n\n[[menu]]\nlabel = \"B\"\nurl = \"/b/#timeline\"\n\n[[footer]]\nlabel = \"Help\"\nurl = \"/hepl/\"\n"},
			want:  []want{{"site.toml:10:7", `link to /hepl/ goes nowhere`}},
		},
		{
			name:  "logo that is not a file",
			files: map[string]string{"site.toml": "title = \"Test\"\nbaseURL = \"https://example.org/\"\nlogo = \"/img/logo.svg\"\n"},
			want:  []want{{"site.toml:3:8", `logo /img/logo.svg is not a file of the site: put it in static/ (static/img/logo.svg)`}},
		},
		{
			name:  "menu link with a script",
			files: map[string]string{"site.toml": "title = \"Test\"\nbaseURL = \"https://example.org/\"\n\n[[menu]]\nlabel = \"B\"\nurl = \" javascript:alert(1)\"\n"},
			want:  []want{{"site.toml:6:7", `menu link " javascript:alert(1)": a link may use http, https, mailto or tel`}},
		},
		{
			name: "recommendation id of a heading",
			files: map[string]string{"content/b/2022-04-01-inspection.md": doc([]string{
				`title = "Inspection"`,
				`type = "inspection"`,
				`date = 2022-04-01`,
				`visit = [2022-02-07, 2022-02-18]`,
				``,
				`[[recommendations]]`,
				`id = "R1"`,
				`text = "Do better."`,
				``,
				`[[recommendations]]`,
				`id = "findings"`,
				`text = "Find more."`,
			}, "", "## Findings", "", "Text.")},
			want: []want{{"content/b/2022-04-01-inspection.md:12:6", `recommendation id "findings" is the anchor of a heading of the text`}},
		},
		{
			name: "action id of a numbered paragraph",
			files: map[string]string{"content/b/2022-06-01-plan.md": doc([]string{
				`title = "Plan"`,
				`type = "improvement-plan"`,
				`date = 2022-06-01`,
				`responds_to = "2022-04-01-inspection"`,
				``,
				`[[actions]]`,
				`id = "p2"`,
				`title = "Do better"`,
				`recommendations = ["R1"]`,
			})},
			want: []want{{"content/b/2022-06-01-plan.md:8:6", `action id "p2" is the anchor of a numbered paragraph: choose another, such as "A1"`}},
		},
		{
			name:  "progress on an action the plan does not have",
			files: progress(`plan = "2022-06-01-plan"`, ``, `[[progress]]`, `action = "A9"`, `status = "on-track"`),
			want:  []want{{progressFile + ":8:10", `action "A9" is not in the version of 2022-06-01-plan`}},
		},
		{
			name:  "progress plan that is not a plan",
			files: progress(`plan = "2022-04-01-inspection"`, ``, `[[progress]]`, `action = "A1"`, `status = "on-track"`),
			want:  []want{{progressFile + ":5:8", `is of type "inspection", not a plan`}},
		},
		{
			name:  "progress report without a plan",
			files: progress(``, `[[progress]]`, `action = "A1"`, `status = "on-track"`),
			want:  []want{{progressFile + ":2:1", `missing required key "plan"`}},
		},
		{
			name: "duplicate recommendation id",
			files: map[string]string{insp: doc([]string{
				`title = "Inspection"`,
				`type = "inspection"`,
				`date = 2022-04-01`,
				`visit = [2022-02-07, 2022-02-18]`,
				``,
				`[[recommendations]]`,
				`id = "R1"`,
				`text = "Do better."`,
				``,
				`[[recommendations]]`,
				`id = "R1"`,
				`text = "Do even better."`,
			})},
			want: []want{{insp + ":12:6", `recommendation id "R1" is used twice`}},
		},
		{
			name: "later version without change",
			files: map[string]string{
				"content/b/2022-05-01-letter/2022-05-01.md": doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`}),
				"content/b/2022-05-01-letter/2022-05-09.md": doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`}),
			},
			want: []want{{"content/b/2022-05-01-letter/2022-05-09.md:2:1", `missing required key "change"`}},
		},
		{
			name: "version file not named by a date",
			files: map[string]string{
				"content/b/2022-05-01-letter/2022-05-01.md": doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`}),
				"content/b/2022-05-01-letter/latest.md":     doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`}),
			},
			want: []want{{"content/b/2022-05-01-letter/latest.md:1:1", `named by its date`}},
		},
		{
			name: "version file named by an impossible date",
			files: map[string]string{
				"content/b/2022-05-01-letter/2022-05-01.md": doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`}),
				"content/b/2022-05-01-letter/2022-02-30.md": doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`, `change = "x"`}),
			},
			want: []want{{"content/b/2022-05-01-letter/2022-02-30.md:1:1", `"2022-02-30" is not a date: name a version by the day it was published, such as 2022-06-22.md`}},
		},
		{
			name:  "upper-case body folder",
			files: map[string]string{"content/Felpersham/_index.md": doc([]string{`name = "Felpersham"`})},
			want:  []want{{"content/Felpersham:1:1", `body folder name "Felpersham" must be lower-case`}},
		},
		{
			name:  "upper-case document file",
			files: map[string]string{"content/b/Letter.md": doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`})},
			want:  []want{{"content/b/Letter.md:1:1", `document file name "Letter.md" must be lower-case`}},
		},
		{
			name:  "reserved body slug",
			files: map[string]string{"content/judgements/_index.md": doc([]string{`name = "Judgements"`})},
			want:  []want{{"content/judgements:1:1", `reserved`}},
		},
		{
			name:  "reserved page slug",
			files: map[string]string{"content/search.md": doc([]string{`title = "Search"`})},
			want:  []want{{"content/search.md:1:1", `reserved`}},
		},
		{
			name:  "body folder without _index.md",
			files: map[string]string{"content/c/2022-05-01-letter.md": doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`})},
			want:  []want{{"content/c:1:1", `no _index.md`}},
		},
		{
			name:  "link to a missing page",
			files: map[string]string{letterFile: doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`}, "", "See [the plan](/b/2022-06-01-pln/) now.")},
			want:  []want{{letterFile + ":7:5", `link to /b/2022-06-01-pln/ goes nowhere`}},
		},
		{
			name:  "link to a missing anchor",
			files: map[string]string{letterFile: doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`}, "", "See", "[R7](/b/2022-04-01-inspection/#R7).")},
			want:  []want{{letterFile + ":8:1", `the page has no anchor "R7" (did you mean "R1"?)`}},
		},
		{
			name:  "link to a missing anchor on the same page",
			files: map[string]string{letterFile: doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`}, "", "## Findings", "", "See [above](#findngs).")},
			want:  []want{{letterFile + ":9:5", `no anchor "findngs" (did you mean "findings"?)`}},
		},
		{
			name:  "unknown key in site.toml",
			files: map[string]string{"site.toml": "title = \"Test\"\nbaseURL = \"https://example.org/\"\ntitel = \"Test\"\n"},
			want:  []want{{"site.toml:3:1", `unknown key "titel" in site.toml (did you mean "title"?)`}},
		},
		{
			name:  "bad baseURL",
			files: map[string]string{"site.toml": "title = \"Test\"\nbaseURL = \"example.org/inspections\"\n"},
			want:  []want{{"site.toml:2:11", `"example.org/inspections" is not an absolute http or https address`}},
		},
		{
			name:  "missing baseURL",
			files: map[string]string{"site.toml": "title = \"Test\"\n"},
			want:  []want{{"site.toml:1:1", `missing required key "baseURL"`}},
		},
		{
			name:  "invalid TOML in site.toml",
			files: map[string]string{"site.toml": "title = \"Test\"\nbaseURL = https://example.org/\n"},
			want:  []want{{"site.toml:2:11", `invalid TOML`}},
		},
		{
			name:  "bad alias",
			files: map[string]string{"content/about.md": doc([]string{`title = "About"`, `aliases = ["/ok/", "old page"]`})},
			want:  []want{{"content/about.md:3:20", `alias "old page" must be a site address starting with /`}},
		},
		{
			name:  "alias with dot segments",
			files: map[string]string{"content/about.md": doc([]string{`title = "About"`, `aliases = ["/../../etc/x"]`})},
			want:  []want{{"content/about.md:3:12", `alias "/../../etc/x" must be a clean address`}},
		},
		{
			name:  "alias clashing with a page",
			files: map[string]string{"content/about.md": doc([]string{`title = "About"`, `aliases = ["/b/2022-04-01-inspection/"]`})},
			want:  []want{{"content/about.md:3:12", `alias /b/2022-04-01-inspection/ is an address the site already uses`}},
		},
		{
			name:  "alias clashing with a generated file",
			files: map[string]string{"content/about.md": doc([]string{`title = "About"`, `aliases = ["/feed.xml"]`})},
			want:  []want{{"content/about.md:3:12", `alias /feed.xml is an address the site already uses`}},
		},
		{
			name: "alias claimed twice",
			files: map[string]string{
				"content/about.md":   doc([]string{`title = "About"`, `aliases = ["/old/"]`}),
				"content/contact.md": doc([]string{`title = "Contact"`, `aliases = ["/old/"]`}),
			},
			want: []want{
				{"content/about.md:3:12", `alias /old/ is also claimed by content/contact.md:3:12`},
				{"content/contact.md:3:12", `alias /old/ is also claimed by content/about.md:3:12`},
			},
		},
		{
			name:  "a date in year 0",
			files: letter(`title = "Letter"`, `type = "letter"`, `date = 0000-05-01`),
			want:  []want{{letterFile + ":4:8", "date: 0000-05-01 is not a date of any inspection: the year must be 1000 or later"}},
		},
		{
			// Body b's alias /old/ gives /old/2022-04-01-inspection/ to
			// its inspection, and body a's document claims the same.
			name: "a body alias and a document alias on one address",
			files: map[string]string{
				"content/b/_index.md": doc([]string{`name = "Borsetshire County Council"`, `aliases = ["/old/"]`}),
				"content/a/_index.md": doc([]string{`name = "A"`}),
				"content/a/2022-05-01-letter.md": doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`,
					`aliases = ["/old/2022-04-01-inspection/"]`}, "", "Text."),
			},
			want: []want{
				{"content/a/2022-05-01-letter.md:5:12", "alias /old/2022-04-01-inspection/ is also claimed by alias /old/ at content/b/_index.md:3:12"},
				{"content/b/_index.md:3:12", "alias /old/ redirects the pages below it, and so /old/2022-04-01-inspection/ to /b/2022-04-01-inspection/, which content/a/2022-05-01-letter.md:5:12 claims"},
			},
		},
		{
			name:  "alias with a part too long for a file name",
			files: map[string]string{"content/about.md": doc([]string{`title = "About"`, `aliases = ["/old/` + strings.Repeat("x", 256) + `/"]`})},
			want:  []want{{"content/about.md:3:12", `has a part of 256 bytes, "xxxxxxxxxxxxxxxxxxxx"...: file systems take at most 255 bytes a name`}},
		},
		{
			name:  "unexpected file in a body folder",
			files: map[string]string{"content/b/report.pdf": "%PDF"},
			want:  []want{{"content/b/report.pdf:1:1", `attachments belong in a document's folder`}},
		},
		{
			name: "document defined twice",
			files: map[string]string{
				"content/b/2022-05-01-letter.md":            doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`}),
				"content/b/2022-05-01-letter/2022-05-01.md": doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`}),
			},
			want: []want{{"content/b/2022-05-01-letter.md:1:1", `defined twice`}},
		},
		{
			name:  "string where a list is wanted",
			files: letter(`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`, `visit = "2022-02-07"`),
			want:  []want{{letterFile + ":5:9", `visit must be a list of dates`}},
		},
		{
			// goldmark's time grows with the square of the depth: a line
			// of 100,000 list markers took 70 s.
			name: "lists nested too deep",
			files: map[string]string{letterFile: doc([]string{`title = "Letter"`, `type = "letter"`, `date = 2022-05-01`},
				"", "Text.", "", "  "+strings.Repeat("- ", 20000)+"x")},
			want: []want{{letterFile + ":9:203", `more than 100 lists or quotes inside each other`}},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			files := errorBase()
			for name, data := range tt.files {
				files[name] = data
			}
			ds, err := loadFiles(t, files)
			if err != nil {
				t.Fatalf("want diagnostics, got the error %v", err)
			}
			if len(ds) == 0 {
				t.Fatalf("the site loads; want %s: %s", tt.want[0].pos, tt.want[0].msg)
			}
			for i, w := range tt.want {
				if i >= len(ds) {
					t.Errorf("missing diagnostic %s: ...%s...", w.pos, w.msg)
					continue
				}
				got := ds[i].Error()
				if !strings.HasPrefix(got, w.pos+": ") || !strings.Contains(got, w.msg) {
					t.Errorf("diagnostic %d:\n got: %s\nwant: %s: ...%s...", i+1, got, w.pos, w.msg)
				}
			}
			// One mistake gives one message, not a cascade.
			if len(ds) > len(tt.want) {
				t.Errorf("%d diagnostics, want %d; all of them:\n%v", len(ds), len(tt.want), ds)
			}
		})
	}
}

// TestAllErrors checks that one run reports every problem of the site,
// sorted by file and position.
func TestAllErrors(t *testing.T) {
	files := errorBase()
	files["content/b/_index.md"] = doc([]string{`name = "Borsetshire County Council"`, `regoin = "West Midlands"`})
	files["content/b/2022-05-01-letter.md"] = doc([]string{`title = "Letter"`, `type = "leter"`, `date = 2022-05-01`})
	files["content/a/_index.md"] = doc([]string{`name = "A"`})
	files["content/a/2022-01-01-inspection.md"] = doc([]string{
		`title = "Inspection"`,
		`type = "inspection"`,
		`date = 2022-01-01`,
		``,
		`[judgements]`,
		`overall = "excellent"`,
	})
	ds, err := loadFiles(t, files)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, d := range ds {
		got = append(got, d.Error())
	}
	wantPrefixes := []string{
		"content/a/2022-01-01-inspection.md:7:11: unknown grade \"excellent\"",
		"content/b/2022-05-01-letter.md:3:8: unknown document type \"leter\"",
		"content/b/_index.md:3:1: unknown key \"regoin\"",
	}
	if len(got) != len(wantPrefixes) {
		t.Fatalf("got %d diagnostics, want %d:\n%s", len(got), len(wantPrefixes), strings.Join(got, "\n"))
	}
	for i, w := range wantPrefixes {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("diagnostic %d = %s, want %s...", i+1, got[i], w)
		}
	}
	if got, want := ds.Error(), strings.Join(got, "\n"); got != want {
		t.Errorf("Errors.Error() = %q, want the diagnostics one per line: %q", got, want)
	}
}

// TestLoadWithoutSiteToml checks the message for a folder that is not a
// site.
func TestLoadWithoutSiteToml(t *testing.T) {
	_, err := build.Load(build.Options{Site: fstest.MapFS{}, Theme: scrutiny.Theme})
	ds, ok := diag.As(err)
	if !ok || len(ds) != 1 {
		t.Fatalf("err = %v, want one diagnostic", err)
	}
	if got := ds[0].Error(); !strings.HasPrefix(got, "site.toml:1:1: no site.toml here") {
		t.Errorf("got %s", got)
	}
}

// symlinkSite writes the error tests' base site into the folder site/ of a
// new temporary folder, beside two files that are not part of it
// (secret.md and secret.txt), with a symbolic link at link (a path in the
// site) pointing to target. "$ROOT" in target stands for the temporary
// folder.
func symlinkSite(t *testing.T, link, target string) string {
	t.Helper()
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	root := t.TempDir()
	site := filepath.Join(root, "site")
	files := errorBase()
	files["static/ok.txt"] = "inside\n"
	for name, data := range files {
		p := filepath.Join(site, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(root, "secret.md"), []byte(doc([]string{`title = "Secret"`, `type = "letter"`, `date = 2022-01-01`}, "secret")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "secret.txt"), []byte("secret\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(site, filepath.FromSlash(link))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.FromSlash(strings.ReplaceAll(target, "$ROOT", root)), p); err != nil {
		t.Fatal(err)
	}
	return site
}

// TestSymlinks checks that a symbolic link in content/ or static/ may lead
// to a file inside the site but never outside it.
func TestSymlinks(t *testing.T) {
	for _, tt := range []struct {
		name, link, target string
		want               string // a diagnostic's prefix, or "" for none
		file               string // with no error: an output file that must hold "inside"
	}{
		{"content link outside, relative", "content/b/2022-05-01-secret.md", "../../../secret.md", "content/b/2022-05-01-secret.md:1:1: symbolic link leads outside the site", ""},
		{"content link outside, absolute", "content/b/2022-05-01-secret.md", "$ROOT/secret.md", "content/b/2022-05-01-secret.md:1:1: symbolic link leads outside the site", ""},
		{"attachment link outside", "content/b/2022-04-01-inspection/secret.txt", "../../../../secret.txt", "content/b/2022-04-01-inspection/secret.txt:1:1: symbolic link leads outside the site", ""},
		{"static link outside", "static/secret.txt", "../../secret.txt", "static/secret.txt:1:1: symbolic link leads outside the site", ""},
		{"static link outside, absolute", "static/secret.txt", "$ROOT/secret.txt", "static/secret.txt:1:1: symbolic link leads outside the site", ""},
		{"body folder link outside", "content/c", "../..", "content/c:1:1: symbolic link leads outside the site", ""},
		{"static link inside", "static/also.txt", "ok.txt", "", "also.txt"},
		{"attachment link inside", "content/b/2022-04-01-inspection/ok.txt", "../../../static/ok.txt", "", "b/2022-04-01-inspection/ok.txt"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			site := symlinkSite(t, tt.link, tt.target)
			folder, err := source.Open(site)
			if err != nil {
				t.Fatal(err)
			}
			out, err := tryRender(folder)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("a link inside the site fails: %v", err)
				}
				if got, want := string(out[tt.file]), "inside\n"; got != want {
					t.Errorf("%s = %q, want %q", tt.file, got, want)
				}
				return
			}
			if err == nil {
				t.Fatalf("the site builds; want %s", tt.want)
			}
			ds, ok := diag.As(err)
			if !ok {
				t.Fatalf("err = %v, want a diagnostic", err)
			}
			found := false
			for _, d := range ds {
				found = found || strings.HasPrefix(d.Error(), tt.want)
			}
			if !found {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// TestStaticMinifyError reports a script the minifier cannot read at its
// own line and column, not as the minifier's complaint about an output
// file.
func TestStaticMinifyError(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, data := range errorBase() {
		fsys[name] = &fstest.MapFile{Data: []byte(data)}
	}
	fsys["site.toml"] = &fstest.MapFile{Data: []byte("title = \"Test\"\nbaseURL = \"https://example.org/\"\nminify = true\n")}
	fsys["static/js/extra.js"] = &fstest.MapFile{Data: []byte("// ok\nvar a = ;\n")}
	p, err := build.Load(build.Options{Site: fsys, Theme: scrutiny.Theme})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Render(func(string, []byte, bool) error { return nil })
	ds, ok := diag.As(err)
	if !ok || len(ds) != 1 || ds[0].File != "static/js/extra.js" || ds[0].Line != 2 || ds[0].Col != 9 {
		t.Fatalf("err = %v, want one error at static/js/extra.js:2:9", err)
	}
	if !strings.Contains(ds[0].Msg, "minify = false") {
		t.Errorf("the message does not say what to do: %s", ds[0].Msg)
	}
}
