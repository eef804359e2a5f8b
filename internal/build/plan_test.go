package build_test

import (
	"html"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

// planPages are the pages of the plan site the golden files pin: the
// inspection with its recommendations traced to actions, the plan (latest
// and first version, and what its revision changed), each progress report,
// and the body page with the plan's summary.
var planPages = []string{
	"borchester/index.html",
	"borchester/2023-05-02-inspection/index.html",
	"borchester/2023-06-01-improvement-plan/index.html",
	"borchester/2023-06-01-improvement-plan/2023-06-01/index.html",
	"borchester/2023-06-01-improvement-plan/2024-01-15/changes/index.html",
	"borchester/2023-09-30-progress/index.html",
	"borchester/2024-03-31-progress/index.html",
	"borchester/2024-09-30-progress/index.html",
}

// TestPlanGolden pins the pages of the fictional plan site.
func TestPlanGolden(t *testing.T) {
	checkGoldenFiles(t, "plan", render(t, readSite(t, "plan")), planPages)
}

var (
	tag    = regexp.MustCompile(`<[^>]*>`)
	spaces = regexp.MustCompile(`\s+`)
)

// text is a page's main content as a reader hears it: tags removed,
// entities decoded, white space collapsed.
func text(page []byte) string {
	s := string(page)
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if i := strings.Index(s, "</main>"); i >= 0 {
		s = s[:i]
	}
	s = tag.ReplaceAllString(s, " ")
	return strings.TrimSpace(spaces.ReplaceAllString(html.UnescapeString(s), " "))
}

// section is the part of a page's text from one heading's words to the
// next of the given headings, or to the end.
func section(t *testing.T, s, from string, to ...string) string {
	t.Helper()
	i := strings.Index(s, from)
	if i < 0 {
		t.Fatalf("no %q in %q", from, s)
	}
	s = s[i+len(from):]
	for _, h := range to {
		if j := strings.Index(s, h); j >= 0 {
			s = s[:j]
		}
	}
	return s
}

// TestRecommendationsTraced checks that every recommendation of the
// inspection lists the actions that answer it, each with its latest
// status, and that the one no action answers is flagged.
func TestRecommendationsTraced(t *testing.T) {
	out := render(t, readSite(t, "plan"))
	page := string(out["borchester/2023-05-02-inspection/index.html"])
	item := regexp.MustCompile(`(?s)<li class="recommendation" id="(R\d)">(.*?)</li>`)
	got := map[string]string{}
	for _, m := range item.FindAllStringSubmatch(page, -1) {
		got[m[1]] = text([]byte(m[2]))
	}
	for _, tt := range []struct {
		rec  string
		want []string
	}{
		{"R1", []string{"A1: Hold every strategy meeting within a day Complete"}},
		{"R2", []string{"A2: Open two new homes for care leavers At risk"}},
		{"R3", []string{"A3: Monthly supervision for every social worker Complete", "A5: Train staff in the new supervision model On track"}},
		{"R4", []string{"A4: Allocate a personal adviser at sixteen Complete"}},
		{"R5", []string{"No action answers this"}},
	} {
		s, ok := got[tt.rec]
		if !ok {
			t.Errorf("the inspection page has no recommendation %s", tt.rec)
			continue
		}
		for _, w := range tt.want {
			if !strings.Contains(s, w) {
				t.Errorf("recommendation %s reads %q, without %q", tt.rec, s, w)
			}
		}
	}
	if n := strings.Count(page, `href="/borchester/2023-06-01-improvement-plan/#A`); n < 5 {
		t.Errorf("the inspection page links to plan actions %d times, want at least 5", n)
	}
}

// TestActionHistory checks the plan page: each action's status in every
// progress report, in the table and in the action's own entry; overdue
// judged at the latest report's date (A2 was due June 2024 and is at risk
// on 30 September 2024); counts by status.
func TestActionHistory(t *testing.T) {
	out := render(t, readSite(t, "plan"))
	s := text(out["borchester/2023-06-01-improvement-plan/index.html"])
	table := section(t, s, "Status of each action by report date", "A1 Hold every strategy meeting within a day Answers")
	for _, row := range []string{
		"A1 Hold every strategy meeting within a day On track Complete Complete",
		"A2 Open two new homes for care leavers Not started Off track At risk",
		"A3 Monthly supervision for every social worker At risk On track Complete",
		"A4 Allocate a personal adviser at sixteen On track On track Complete",
		"A5 Train staff in the new supervision model Not reported Not started On track",
	} {
		if !strings.Contains(table, row) {
			t.Errorf("the history table lacks the row %q:\n%s", row, table)
		}
	}
	a2 := section(t, s, "A2 Open two new homes for care leavers Answers", "A3 Monthly")
	for _, w := range []string{"Director of housing", "Due June 2024", "Status At risk Overdue",
		"30 September 2023 : Not started 31 March 2024 : Off track 30 September 2024 : At risk"} {
		if !strings.Contains(a2, w) {
			t.Errorf("action A2 reads %q, without %q", a2, w)
		}
	}
	for _, a := range []string{
		"A1 Hold every strategy meeting within a day",
		"A3 Monthly supervision for every social worker",
		"A4 Allocate a personal adviser at sixteen",
		"A5 Train staff in the new supervision model",
	} {
		entry := section(t, s, a+" Answers", "Reported")
		if strings.Contains(entry, "Overdue") {
			t.Errorf("action %s is flagged overdue: %q", a, entry)
		}
	}
	if w := "Progress as reported on 30 September 2024 On track 1 At risk 1 Complete 3"; !strings.Contains(s, w) {
		t.Errorf("the plan page lacks the counts %q", w)
	}
}

// TestProgressChanges checks that a progress report says what changed
// since the report before it: the status an action was at, where it moved.
func TestProgressChanges(t *testing.T) {
	out := render(t, readSite(t, "plan"))
	s := text(out["borchester/2024-03-31-progress/index.html"])
	for _, w := range []string{
		"A1 Hold every strategy meeting within a day Complete was On track",
		"A2 Open two new homes for care leavers Off track was Not started No site found yet.",
		"A4 Allocate a personal adviser at sixteen On track A5",
	} {
		if !strings.Contains(s, w) {
			t.Errorf("the March 2024 report lacks %q:\n%s", w, s)
		}
	}
	body := text(out["borchester/index.html"])
	if w := "5 actions, as reported on 30 September 2024: On track 1 At risk 1 Complete 3"; !strings.Contains(body, w) {
		t.Errorf("the body page lacks the plan's summary %q", w)
	}
}

// TestPlanWithoutActions checks that a plan whose actions the sources do
// not list says so, on its page, on its body's page and under the
// recommendations it responds to, rather than counting "0 actions" and
// saying that no action answers each recommendation.
func TestPlanWithoutActions(t *testing.T) {
	fsys := readSite(t, "basic")
	fsys["content/borsetshire/2017-06-01-improvement-plan.md"] = &fstest.MapFile{Mode: 0o644, Data: []byte(doc([]string{
		`title = "Borsetshire's first improvement plan"`,
		`type = "improvement-plan"`,
		`date = 2017-06-01`,
		`responds_to = "2017-03-inspection"`,
	}, "", "Only a mention of the plan survives."))}
	out := render(t, fsys)
	const unlisted = "The sources do not list this plan’s actions."

	plan := text(out["borsetshire/2017-06-01-improvement-plan/index.html"])
	if w := "Actions This plan responds to Inspection of Borsetshire children's services (2017) . " + unlisted; !strings.Contains(plan, w) {
		t.Errorf("the plan's page lacks %q:\n%s", w, plan)
	}

	body := text(out["borsetshire/index.html"])
	plans := section(t, body, "Improvement plans", "Documents, newest first")
	if w := "Borsetshire's first improvement plan " + unlisted; !strings.Contains(plans, w) {
		t.Errorf("the body's plans read %q, without %q", plans, w)
	}
	if strings.Contains(plans, "0 actions") {
		t.Errorf("the body's plans count 0 actions: %q", plans)
	}

	insp := text(out["borsetshire/2017-03-inspection/index.html"])
	recs := section(t, insp, "What needs to improve", "Text", "Versions")
	if strings.Contains(recs, "No action answers this") {
		t.Errorf("the 2017 inspection says no action answers its recommendations: %q", recs)
	}
	if w := "Borsetshire's first improvement plan responds to this document, but the sources do not list its actions"; !strings.Contains(recs, w) {
		t.Errorf("the 2017 inspection's recommendations read %q, without %q", recs, w)
	}
}
