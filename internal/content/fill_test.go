package content

import (
	"strings"
	"testing"
	"testing/fstest"

	"scrutiny/internal/config"
)

// defaults is a site.toml of the tool's defaults.
func defaults(t *testing.T) *config.Site {
	t.Helper()
	cfg, ds := config.Load([]byte("title = \"T\"\nbaseURL = \"https://example.org/\"\n"), "")
	if len(ds) > 0 {
		t.Fatal(ds.Err())
	}
	return cfg
}

// fillSite is a body with an inspection, a plan and a progress report,
// each holding values still to fill in, and a page whose text does.
func fillSite(draft bool) fstest.MapFS {
	// The same lines either way, so that both name the same places.
	d := "draft = false\n"
	if draft {
		d = "draft = true\n"
	}
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"content/b/_index.md": file("+++\nname = \"B\"\n+++\n"),
		"content/b/2022-04-01-inspection.md": file("+++\n" +
			"title = \"[fill in: the title]\"\n" + // line 2
			"type = \"inspection\"\ndate = 2022-04-01\n" + d +
			"[judgements]\n" +
			"overall = \"[fill in: a grade]\"\n" +
			"leaders = \"good\"\n" +
			"[[recommendations]]\nid = \"R1\"\ntext = \"[Fill in: the recommendation]\"\n" +
			"+++\n\nSome words. [fill in: the summary] More.\n"),
		"content/b/2022-06-01-plan.md": file("+++\ntitle = \"Plan\"\ntype = \"improvement-plan\"\ndate = 2022-06-01\n" + d +
			"responds_to = \"2022-04-01-inspection\"\n" +
			"[[actions]]\nid = \"A1\"\ntitle = \"[fill in: what will be done]\"\nrecommendations = [\"R1\"]\n+++\n"),
		"content/b/2022-09-01-progress.md": file("+++\ntitle = \"Progress\"\ntype = \"plan-progress\"\ndate = 2022-09-01\n" + d +
			"plan = \"2022-06-01-plan\"\n" +
			"[[progress]]\naction = \"A1\"\nstatus = \"[fill in: a status]\"\n+++\n"),
		"content/about.md": file("+++\ntitle = \"About\"\n" + d + "+++\n[fill in: what this site is]\n"),
	}
}

// TestToFill checks the rule for values still to fill in: each is an
// error at its place, with what would be right, in a document that will
// be published, and a note, not an error, in a draft, whose page then
// shows no grade or status that nobody gave.
func TestToFill(t *testing.T) {
	cfg := defaults(t)
	want := []string{
		"content/about.md:5:1: the text is still to fill in: write it in place of [fill in: what this site is]",
		"content/b/2022-04-01-inspection.md:2:9: title is still to fill in: write it in place of [fill in: the title]",
		"content/b/2022-04-01-inspection.md:7:11: judgements.overall is still to fill in: give the grade the report gives, one of \"outstanding\", \"good\", \"requires-improvement\", \"inadequate\", or remove the line where it gives none",
		"content/b/2022-04-01-inspection.md:11:8: recommendations[1].text is still to fill in",
		"content/b/2022-04-01-inspection.md:14:13: the text is still to fill in: write it in place of [fill in: the summary]",
		"content/b/2022-06-01-plan.md:9:9: actions[1].title is still to fill in",
		"content/b/2022-09-01-progress.md:9:10: progress[1].status is still to fill in: give the action's status as this report gives it, one of \"not-started\", \"on-track\"",
	}
	_, ds := Load(fillSite(false), cfg, Options{})
	if len(ds) != len(want) {
		t.Errorf("published: %d problems, want %d:\n%v", len(ds), len(want), ds.Err())
	}
	for i, d := range ds.Sort() {
		if i < len(want) && !strings.HasPrefix(d.Error(), want[i]) {
			t.Errorf("published: problem %d = %s\nwant %s...", i+1, d.Error(), want[i])
		}
		if !strings.Contains(d.Msg, "until then, draft = true keeps the document unpublished") {
			t.Errorf("published: %s does not say that a draft may leave it unfilled", d.Error())
		}
	}

	// Drafts, whether or not they are loaded: notes, in the same places.
	for _, drafts := range []bool{false, true} {
		site, ds := Load(fillSite(true), cfg, Options{Drafts: drafts})
		if len(ds) > 0 {
			t.Fatalf("drafts (loaded %t): %v", drafts, ds.Err())
		}
		if len(site.ToFill) != len(want) {
			t.Errorf("drafts (loaded %t): %d notes, want %d:\n%v", drafts, len(site.ToFill), len(want), site.ToFill.Err())
		}
		for i, d := range site.ToFill {
			if i < len(want) && !strings.HasPrefix(d.Error(), want[i]) {
				t.Errorf("drafts (loaded %t): note %d = %s\nwant %s...", drafts, i+1, d.Error(), want[i])
			}
		}
		if !drafts {
			continue
		}
		b := site.Body("b")
		insp := b.Doc("2022-04-01-inspection").Latest()
		if len(insp.Judgements) != 1 || insp.Judgements[0].Area.Key != "leaders" {
			t.Errorf("the draft's judgements = %v, want leaders' alone: a grade to fill in is not recorded", insp.Judgements)
		}
		if len(insp.ToFill) != 4 {
			t.Errorf("the inspection's own notes = %v, want 4", insp.ToFill)
		}
		if p := b.Doc("2022-09-01-progress").Latest(); len(p.Progress) != 0 || p.Plan == nil {
			t.Errorf("the draft progress report = %v, plan %v: want no progress reported, and its plan", p.Progress, p.Plan)
		}
	}
}

// TestDraftReference checks that a published document that refers to a
// draft is told that the draft is not published, not that it does not
// exist.
func TestDraftReference(t *testing.T) {
	cfg := defaults(t)
	fsys := fillSite(false)
	fsys["content/b/2022-04-01-inspection.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"I\"\ntype = \"inspection\"\ndate = 2022-04-01\ndraft = true\n[[recommendations]]\nid = \"R1\"\ntext = \"x\"\n+++\n")}
	fsys["content/b/2022-06-01-plan.md"] = &fstest.MapFile{Data: []byte("+++\ntitle = \"Plan\"\ntype = \"improvement-plan\"\ndate = 2022-06-01\nresponds_to = \"2022-04-01-inspection\"\n+++\n")}
	delete(fsys, "content/b/2022-09-01-progress.md")
	delete(fsys, "content/about.md")
	_, ds := Load(fsys, cfg, Options{})
	want := `content/b/2022-06-01-plan.md:5:15: responds_to "2022-04-01-inspection" is a draft, which is not published: publish it first (remove its draft = true), or mark this document draft = true too`
	if err := ds.Err(); err == nil || err.Error() != want {
		t.Errorf("a reference to a draft: %v\nwant %s", err, want)
	}
	if _, ds := Load(fsys, cfg, Options{Drafts: true}); len(ds) > 0 {
		t.Errorf("with drafts: %v", ds.Err())
	}
}

// TestHasMark checks the quick test for a mark against the expression it
// spares: it must find every text the expression would.
func TestHasMark(t *testing.T) {
	for _, s := range []string{"", "[", "[fill in", "a [Fill In: x] b", "[x] [fill in]", "[fill i", "[[fill in:", "no mark here", "[fillin]", "fill in: x]"} {
		if got, want := hasMark([]byte(s)), fillMark.MatchString(s); got != want {
			t.Errorf("hasMark(%q) = %t, the expression finds %t", s, got, want)
		}
	}
}
