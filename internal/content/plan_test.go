package content

import (
	"testing"

	"scrutiny/internal/config"
)

func TestPlanRules(t *testing.T) {
	b := &Body{Slug: "b"}
	doc := func(slug string, v *Version) *Document {
		d := &Document{Body: b, Slug: slug, Versions: []*Version{v}}
		v.Doc = d
		b.Docs = append(b.Docs, d)
		return d
	}
	inspection := doc("inspection", &Version{Type: config.Type{Graded: true}, Framework: &config.Framework{}})
	plan := doc("plan", &Version{RespondsTo: inspection, Actions: []Action{{ID: "a1"}, {ID: "a2"}}})
	started, done := config.Status{Key: "started"}, config.Status{Key: "done"}
	first := doc("first", &Version{Plan: plan, Progress: []Progress{{Action: "a1", Status: started}}}).Latest()
	second := doc("second", &Version{Plan: plan, Progress: []Progress{{Action: "a1", Status: done}}}).Latest()

	if got := inspection.Responses(); len(got) != 1 || got[0] != plan {
		t.Errorf("Responses = %v, want the plan", got)
	}
	reports := plan.ProgressReports()
	if len(reports) != 2 || reports[0] != first || reports[1] != second {
		t.Fatalf("ProgressReports = %v, want both reports, oldest first", reports)
	}
	if st, by := StatusOf(reports, "a1"); st == nil || st.Key != "done" || by != second {
		t.Errorf("StatusOf(a1) = %v, %v; want done, by the second report", st, by)
	}
	if st, by := StatusOf(reports, "a2"); st != nil || by != nil {
		t.Errorf("StatusOf(a2) = %v, %v; want none", st, by)
	}
	if got := b.LatestGraded(); got != inspection.Latest() {
		t.Errorf("LatestGraded = %v, want the inspection", got)
	}
}
