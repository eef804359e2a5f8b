package content

import (
	"sort"

	"scrutiny/internal/config"
	"scrutiny/internal/diag"
	"scrutiny/internal/meta"
)

// resolve checks every reference between documents: a plan's responds_to
// and the recommendation ids of its actions, a progress report's plan and
// the action ids it reports.
func resolve(site *Site, refs []ref, diags *diag.List) {
	slugs := make([]string, len(site.Bodies))
	for i, b := range site.Bodies {
		slugs[i] = b.Slug
	}
	for _, b := range site.Bodies {
		for _, n := range b.neighbours {
			nb := site.bodies[n.id]
			switch {
			case nb == nil && site.Failed["/"+n.id+"/"]:
			case nb == nil:
				diags.Add(b.File, n.pos.Line, n.pos.Col, "neighbour %q is not a body of the site%s", n.id, diag.DidYouMean(n.id, slugs))
			case nb == b:
				diags.Add(b.File, n.pos.Line, n.pos.Col, "a body is not its own neighbour")
			default:
				b.Neighbours = append(b.Neighbours, nb)
			}
		}
	}
	for _, r := range refs {
		v := r.from
		if v.Doc == nil {
			continue // a draft left out, or a document that failed to load
		}
		// The front matter's own list of problems was gathered at parse
		// time; these go straight to the run's list, at the same positions.
		errorf := func(key string, format string, args ...any) {
			p := r.t.ValuePos(key)
			diags.Add(v.File, p.Line, p.Col, format, args...)
		}
		errorAt := func(p meta.Pos, format string, args ...any) {
			diags.Add(v.File, p.Line, p.Col, format, args...)
		}
		body := v.Doc.Body
		target := body.Doc(r.slug)
		if target == nil && site.Failed["/"+body.Slug+"/"+r.slug+"/"] {
			continue // its own errors are reported
		}
		if target == nil && site.leftOut["/"+body.Slug+"/"+r.slug+"/"] {
			errorf(r.key, "%s %q is a draft, which is not published: publish it first (remove its draft = true), or mark this document draft = true too", r.key, r.slug)
			continue
		}
		if target == nil {
			errorf(r.key, "%s %q is not a document of %s%s", r.key, r.slug, body.Slug, docHint(body, r.slug, v.Doc))
			continue
		}
		if target == v.Doc {
			errorf(r.key, "%s names the document itself", r.key)
			continue
		}
		switch r.key {
		case "responds_to":
			v.RespondsTo = target
			rv := target.Latest()
			for _, id := range r.ids {
				if _, ok := rv.Recommendation(id.id); !ok {
					errorAt(id.pos, "recommendation %q is not in %s%s", id.id, r.slug, hint(id.id, recIDs(rv)))
				}
			}
		case "plan":
			if target.Latest().Type.Role != config.RolePlan {
				errorf(r.key, "plan %q is of type %q, not a plan: name a document whose type has role = \"plan\"", r.slug, target.Latest().Type.Key)
				continue
			}
			v.Plan = target
			pv := PlanAt(target, v)
			if pv == nil {
				errorf(r.key, "plan %q has no version on or before this report's date (%s); its first is dated %s", r.slug, v.DocDate, target.Versions[0].Date)
				continue
			}
			for _, id := range r.ids {
				if _, ok := pv.Action(id.id); !ok {
					errorAt(id.pos, "action %q is not in the version of %s current on %s (%s)%s", id.id, r.slug, v.DocDate, pv.Date, hint(id.id, actionIDs(pv)))
				}
			}
		}
	}
}

// PlanAt is the version of plan current on the date of report: the newest
// version dated on or before it. It is nil when the plan is younger.
func PlanAt(plan *Document, report *Version) *Version {
	var cur *Version
	for _, pv := range plan.Versions {
		if pv.Date.Compare(report.DocDate) <= 0 || pv.Date.ISO() <= report.DocDate.End().ISO() {
			cur = pv
		}
	}
	return cur
}

// docHint suggests the body's document nearest to slug, or lists them
// where none is near and they are few enough to read.
func docHint(b *Body, slug string, self *Document) string {
	var slugs []string
	for _, d := range b.Docs {
		if d != self {
			slugs = append(slugs, d.Slug)
		}
	}
	sort.Strings(slugs)
	if h := diag.DidYouMean(slug, slugs); h != "" || len(slugs) > 12 {
		return h
	}
	return hint(slug, slugs)
}

func recIDs(v *Version) []string {
	ids := make([]string, len(v.Recommendations))
	for i, r := range v.Recommendations {
		ids[i] = r.ID
	}
	return ids
}

func actionIDs(v *Version) []string {
	ids := make([]string, len(v.Actions))
	for i, a := range v.Actions {
		ids[i] = a.ID
	}
	return ids
}
