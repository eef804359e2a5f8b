package content

import (
	"strings"
	"testing"
	"testing/fstest"
)

// TestReferenceHints checks that every reference that does not resolve
// (a neighbour, a responded-to document, a plan, a recommendation, an
// action) is reported at its place with the nearest that would, or with
// what there is where none is near.
func TestReferenceHints(t *testing.T) {
	cfg := defaults(t)
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	fsys := fstest.MapFS{
		"content/gloucestershire/_index.md": file("+++\nname = \"G\"\nneighbours = [\"glocestershire\", \"wiltshire\"]\n+++\n"),
		"content/somerset/_index.md":        file("+++\nname = \"S\"\n+++\n"),
		"content/gloucestershire/2022-04-01-inspection.md": file("+++\ntitle = \"I\"\ntype = \"inspection\"\ndate = 2022-04-01\n" +
			"[[recommendations]]\nid = \"R1\"\ntext = \"x\"\n+++\n"),
		"content/gloucestershire/2022-06-01-plan.md": file("+++\ntitle = \"P\"\ntype = \"improvement-plan\"\ndate = 2022-06-01\n" +
			"responds_to = \"2022-04-01-inspection\"\n[[actions]]\nid = \"A1\"\ntitle = \"a\"\nrecommendations = [\"R1\", \"R2\"]\n+++\n"),
		"content/gloucestershire/2022-07-01-plan.md": file("+++\ntitle = \"P\"\ntype = \"improvement-plan\"\ndate = 2022-07-01\n" +
			"responds_to = \"inspection\"\n+++\n"),
		"content/gloucestershire/2022-09-01-progress.md": file("+++\ntitle = \"R\"\ntype = \"plan-progress\"\ndate = 2022-09-01\n" +
			"plan = \"2022-06-01-pln\"\n[[progress]]\naction = \"A1\"\nstatus = \"on-track\"\n+++\n"),
		"content/gloucestershire/2022-10-01-progress.md": file("+++\ntitle = \"R\"\ntype = \"plan-progress\"\ndate = 2022-10-01\n" +
			"plan = \"2022-06-01-plan\"\n[[progress]]\naction = \"A2\"\nstatus = \"on-track\"\n+++\n"),
	}
	_, ds := Load(fsys, cfg, Options{})
	want := []string{
		`content/gloucestershire/2022-06-01-plan.md:9:26: recommendation "R2" is not in 2022-04-01-inspection (did you mean "R1"?)`,
		`content/gloucestershire/2022-07-01-plan.md:5:15: responds_to "inspection" is not a document of gloucestershire (expected one of: 2022-04-01-inspection, 2022-06-01-plan, 2022-09-01-progress, 2022-10-01-progress)`,
		`content/gloucestershire/2022-09-01-progress.md:5:8: plan "2022-06-01-pln" is not a document of gloucestershire (did you mean "2022-06-01-plan"?)`,
		`content/gloucestershire/2022-10-01-progress.md:7:10: action "A2" is not in the version of 2022-06-01-plan current on 2022-10-01 (2022-06-01) (did you mean "A1"?)`,
		`content/gloucestershire/_index.md:3:15: neighbour "glocestershire" is not a body of the site (did you mean "gloucestershire"?)`,
		`content/gloucestershire/_index.md:3:33: neighbour "wiltshire" is not a body of the site`,
	}
	var got []string
	for _, d := range ds.Sort() {
		got = append(got, d.Error())
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("problems:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
