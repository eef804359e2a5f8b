package content

import "scrutiny/internal/config"

// The rules by which improvement plans, their actions and the progress
// reported on them fit together. They are facts about the content, the
// same whatever page shows them.

// ProgressReports lists the progress reports on plan d, oldest first: the
// body's documents whose latest version reports on it.
func (d *Document) ProgressReports() []*Version {
	var out []*Version
	for _, x := range d.Body.Docs {
		if v := x.Latest(); v.Plan == d {
			out = append(out, v)
		}
	}
	return out
}

// Responses lists the plans that respond to document d, oldest first: the
// body's documents whose latest version names d as the one it answers.
func (d *Document) Responses() []*Document {
	var out []*Document
	for _, x := range d.Body.Docs {
		if x.Latest().RespondsTo == d {
			out = append(out, x)
		}
	}
	return out
}

// StatusOf is action id's latest reported status in reports (oldest
// first, as ProgressReports lists them), and the report that gave it; nil
// where none reports on the action.
func StatusOf(reports []*Version, id string) (*config.Status, *Version) {
	for i := len(reports) - 1; i >= 0; i-- {
		for _, pr := range reports[i].Progress {
			if pr.Action == id {
				s := pr.Status
				return &s, reports[i]
			}
		}
	}
	return nil, nil
}

// LatestGraded is the body's newest graded document's latest version,
// whether or not the sources give its grades: a newer inspection replaces
// the grades of an older one even where its own are not recorded.
func (b *Body) LatestGraded() *Version {
	for i := len(b.Docs) - 1; i >= 0; i-- {
		if v := b.Docs[i].Latest(); v.Graded() {
			return v
		}
	}
	return nil
}
