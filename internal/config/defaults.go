package config

import "scrutiny/internal/meta"

func day(s string) meta.Date {
	d, err := meta.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// The defaults describe Ofsted's inspections of local authority children's
// services. A site replaces or extends any of them in site.toml, and
// `defaults = false` starts from none at all.
func defaultGrades() []Grade {
	return []Grade{
		{Key: "outstanding", Label: "Outstanding"},
		{Key: "good", Label: "Good"},
		{Key: "requires-improvement", Label: "Requires improvement to be good", Short: "Requires improvement"},
		{Key: "inadequate", Label: "Inadequate"},
	}
}

var (
	areaOverall    = Area{Key: "overall", Label: "Overall effectiveness", Short: "Overall effectiveness"}
	areaLeaders    = Area{Key: "leaders", Label: "The impact of leaders on social work practice with children and families", Short: "Impact of leaders"}
	areaHelp       = Area{Key: "help-and-protection", Label: "The experiences and progress of children who need help and protection", Short: "Help and protection"}
	areaCareLeaver = Area{Key: "care-leavers", Label: "The experiences and progress of care leavers", Short: "Care leavers"}
)

func defaultFrameworks() []Framework {
	return []Framework{
		{
			Key: "sif-2013", Label: "Single inspection framework (2013)",
			From: day("2013-11-01"), To: day("2017-12-31"),
			Areas: []Area{
				areaOverall,
				areaHelp,
				// The rows say which later areas continue these, so that a
				// timeline draws SIF's children looked after and ILACS's
				// children in care as one line.
				{Key: "looked-after", Label: "The experiences and progress of children looked after and achieving permanence", Short: "Children looked after", Row: "in-care"},
				{Key: "adoption", Label: "Adoption performance", Short: "Adoption"},
				areaCareLeaver,
				{Key: "leadership", Label: "Leadership, management and governance", Short: "Leadership", Row: "leaders"},
				{Key: "lscb", Label: "The effectiveness of the local safeguarding children board", Short: "Safeguarding board"},
			},
		},
		{
			Key: "ilacs-2018", Label: "Inspection of local authority children's services (2018)",
			From: day("2018-01-01"), To: day("2022-12-31"),
			Areas: []Area{
				areaOverall, areaLeaders, areaHelp,
				{Key: "in-care", Label: "The experiences and progress of children in care and care leavers", Short: "Children in care"},
			},
		},
		{
			Key: "ilacs-2023", Label: "Inspection of local authority children's services (2023)",
			From: day("2023-01-01"), To: day("2026-03-31"),
			Areas: []Area{
				areaOverall, areaLeaders, areaHelp,
				{Key: "in-care", Label: "The experiences and progress of children in care", Short: "Children in care"},
				areaCareLeaver,
			},
		},
		{
			Key: "ilacs-2026", Label: "Inspection of local authority children's services (2026)",
			From: day("2026-04-01"),
			Areas: []Area{
				areaLeaders, areaHelp,
				{Key: "in-care", Label: "The experiences and progress of children in care", Short: "Children in care"},
				areaCareLeaver,
			},
		},
	}
}

func defaultTypes() []Type {
	ts := []Type{
		{Key: "inspection", Label: "Inspection", Plural: "Inspections", Graded: true},
		{Key: "focused-visit", Label: "Focused visit", Plural: "Focused visits", Marker: true},
		{Key: "monitoring-visit", Label: "Monitoring visit", Plural: "Monitoring visits", Marker: true},
		{Key: "annual-engagement", Label: "Annual engagement meeting", Plural: "Annual engagement meetings", Marker: true},
		{Key: "jtai", Label: "Joint targeted area inspection", Plural: "Joint targeted area inspections", Marker: true},
		{Key: "send-inspection", Label: "SEND inspection", Plural: "SEND inspections", Marker: true},
		{Key: "improvement-plan", Label: "Improvement plan", Plural: "Improvement plans", Role: RolePlan},
		{Key: "plan-progress", Label: "Progress report", Plural: "Progress reports", Role: RoleProgress},
		{Key: "committee-report", Label: "Committee report", Plural: "Committee reports"},
		{Key: "minutes", Label: "Minutes", Plural: "Minutes"},
		{Key: "letter", Label: "Letter", Plural: "Letters"},
	}
	for i := range ts {
		ts[i].ByInspectorate = ts[i].Graded || ts[i].Marker
	}
	return ts
}

func defaultStatuses() []Status {
	return []Status{
		{Key: "not-started", Label: "Not started"},
		{Key: "on-track", Label: "On track"},
		{Key: "at-risk", Label: "At risk"},
		{Key: "off-track", Label: "Off track"},
		{Key: "complete", Label: "Complete", Done: true},
	}
}
