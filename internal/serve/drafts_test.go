package serve

import (
	"strings"
	"testing"
)

// draft is a document as scrutiny new starts it: a draft, with what its
// author has still to fill in marked.
const draft = `+++
title = "[fill in: the title, as the document gives it]"
type = "monitoring-visit"
date = 2019-01-10
draft = true
+++

[fill in: the text]
`

// TestServeDrafts checks that the live server shows a draft the author
// has just started, each of its pages marked as a draft, kept out of
// search engines and listing what is still to fill in; and that with
// drafts hidden it is not there, as a build leaves it out.
func TestServeDrafts(t *testing.T) {
	dir := writeSite(t)
	_, host := start(t, dir, false)
	base := host + "/inspections/"
	addr := base + "borsetshire/2019-01-10-monitoring-visit/"
	write(t, dir, "content/borsetshire/2019-01-10-monitoring-visit.md", draft)
	r := waitFor(t, addr, "a new draft", func(r response) bool { return r.status == 200 })
	for _, want := range []string{
		`<meta name="robots" content="noindex">`,
		`<h2 class="notice__title" id="draft-title"><strong class="tag tag--draft">Draft</strong>`,
		" Not published</h2>",
		`until <code>draft = true</code> is removed from content/borsetshire/2019-01-10-monitoring-visit.md.`,
		`<li>line 2: title is still to fill in: write it in place of [fill in: the title, as the document gives it]</li>`,
		`<li>line 8: the text is still to fill in: write it in place of [fill in: the text], or remove the mark</li>`,
	} {
		if !strings.Contains(r.body, want) {
			t.Errorf("the draft's page lacks %s:\n%s", want, r.body)
		}
	}
	// The body's list of documents says which is a draft.
	body := get(t, base+"borsetshire/")
	if !strings.Contains(body.body, `<strong class="tag tag--draft">Draft</strong>`) {
		t.Errorf("the body's page does not mark the draft in its list:\n%.2000s", body.body)
	}
	// A published page is neither marked nor kept out of search engines.
	if home := get(t, base); strings.Contains(home.body, "noindex") || strings.Contains(home.body, "draft-title") {
		t.Errorf("the home page is marked as a draft")
	}

	_, host = startWith(t, Options{Dir: dir, HideDrafts: true})
	if r := get(t, host+"/inspections/borsetshire/2019-01-10-monitoring-visit/"); r.status != 404 {
		t.Errorf("with drafts hidden, the draft's page: %d, want 404", r.status)
	}
}
