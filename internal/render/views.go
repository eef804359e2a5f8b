package render

import "html/template"

// The views below are what templates see: plain values, prepared by the
// build so that templates only lay them out. Addresses in views already
// carry the site's base path.

// Page is the data of every HTML page.
type Page struct {
	Site        *Site
	Kind        string // the template: home, body, document...
	Title       string
	Description string
	URL         string // this page's address, with the base path
	Canonical   string // absolute
	OGType      string // "website" or "article"
	Crumbs      []Link // the trail above this page, home first
	NoIndex     bool   // keep out of search engines (the 404 page)
	Published   string // ISO date, for article metadata
	Modified    string
	// Draft marks a page of a draft, which only the live server and a
	// build with drafts on show; nil on every other page.
	Draft *Draft
	// Serve is set by the live server to add its reload script; a build
	// never sets it.
	Serve bool

	Home     *Home
	Body     *Body
	Doc      *Doc
	Changes  *Changes
	Text     *Text
	List     *List
	National *National
	History  *History
	Redirect string // for alias pages: where to go
	Guide    *Guide
	Embed    *Embed
}

// Draft is what a draft's page says of it: that it is not published,
// the file to edit, and what is still to fill in there.
type Draft struct {
	File   string
	ToFill []string // each with its line
}

// Site is what every page shows of the site.
type Site struct {
	Title       string
	Description string
	Publisher   string
	Language    string
	Home        string // the home address
	Logo        string
	Accent      string
	Licence     string
	LicenceURL  string
	Menu        []Link
	Footer      []Link
	CSS         string // the stylesheet's address, with a content hash
	JS          string // the enhancement script's address
	Feed        string
	// Body and Bodies name the site's bodies in lower case ("council",
	// "councils"); the templates capitalise them with the "cap" function.
	Body, Bodies string
}

// Link is a labelled address.
type Link struct {
	Label   string
	URL     string
	Current bool
}

// Tag is a grade or status shown in words, with a class for its colour.
type Tag struct {
	Key   string
	Label string
}

// AreaGrade is a grade with the area it is for; Area is "" where the
// grade speaks for the whole judgement.
type AreaGrade struct {
	Area string
	Tag  Tag
}

// Home is the home page.
type Home struct {
	Intro  template.HTML
	Bodies []BodyCard
	Recent []Entry
}

// BodyCard is a body in a list of bodies.
type BodyCard struct {
	Name      string
	URL       string
	Region    string
	Latest    *Entry      // the latest graded document
	Grades    []AreaGrade // the overall grade, or every area's where there is none
	Documents int
}

// Entry is a document or a version in a list.
type Entry struct {
	Title    string
	URL      string
	BodyName string
	BodyURL  string
	Type     string
	TypeURL  string
	Date     string // human
	ISODate  string
	Summary  string
	Change   string // the change note, for versions
	Tags     []Tag
}

// Body is a body's page.
type Body struct {
	Name     string
	Slug     string
	Latest   *Fact // the latest judgement, which the page leads with
	Facts    []Fact
	Intro    template.HTML
	Timeline template.HTML // inline SVG
	// TimelineNarrow is the same chart laid out for a phone: the page
	// shows one of the two by the window's width.
	TimelineNarrow template.HTML
	TimelineURL    string
	Judgements     *JudgementTable
	Documents      []Entry // newest first
	Periods        []PeriodView
	Plans          []PlanSummary
	Feed           string
	// Neighbours compares the body's latest grades with its statistical
	// neighbours'; the body itself is the first row.
	Neighbours *National
	// Embed is the HTML to show the body's record on another website.
	Embed *EmbedSnippet
}

// Fact is one row of a summary list.
type Fact struct {
	Key   string
	Value string
	URL   string
	Tags  []Tag
}

// PeriodView is a period shown in words.
type PeriodView struct {
	Label  string
	From   string
	To     string // "" while ongoing
	Source string
}

// JudgementTable is a body's judgements, one row per graded document and a
// column per timeline row (area).
type JudgementTable struct {
	Caption string
	Columns []string
	Rows    []JudgementRow
}

// JudgementRow is one graded document's grades in the table's columns.
type JudgementRow struct {
	Date      string
	ISODate   string
	Title     string
	URL       string
	Framework string
	Grades    []*Tag // nil where the area was not judged
}

// PlanSummary is a plan with the counts of its actions by status.
type PlanSummary struct {
	Title   string
	URL     string
	Actions int    // 0 where the sources do not list the plan's actions
	AsOf    string // the date of the latest progress report
	Counts  []Count
}

// Count is a number of actions with a status.
type Count struct {
	Tag Tag
	N   int
}

// Doc is a document page: its latest version, or one version.
type Doc struct {
	Title           string
	BodyName        string
	BodyURL         string
	Type            Tag
	TypeURL         string
	Facts           []Fact
	Summary         string
	Content         template.HTML
	Headings        []Link
	Judgements      []JudgementView
	Framework       string
	Recommendations []RecView
	// UnlistedPlans respond to this document but list no actions: the
	// sources do not give them, so which answers what is not known.
	UnlistedPlans []Link
	RespondsTo    *Link
	Actions       []ActionView
	// ActionsUnlisted is set on a plan that lists no actions.
	ActionsUnlisted bool
	PlanStatus      *PlanStatus // for a plan with progress reports
	Plan            *Link
	Progress        []ProgressView
	Versions        []VersionView
	AllVersions     *Link // the document's list of every version, where Versions holds only some
	Attachments     []Link
	IsLatest        bool
	Latest          *VersionView // the newest version, when this is an older one
	This            VersionView
	Prev, Next      *Link
	Cite            string
	Permalink       string // absolute address of this version
	Draft           bool
}

// JudgementView is one area's grade.
type JudgementView struct {
	Area  string
	Grade Tag
}

// RecView is a recommendation, with the plan actions that answer it.
type RecView struct {
	ID      string
	Text    string
	Actions []ActionRef
	// Unanswered is set when a plan responds to the document but none of
	// its actions answers this recommendation.
	Unanswered bool
}

// PlanStatus is a plan's actions by status: the counts at the latest
// report, a chart over time, and a table of action by report date.
type PlanStatus struct {
	AsOf   string
	Counts []Count
	Chart  template.HTML
	// ChartNarrow is the chart laid out for a phone.
	ChartNarrow template.HTML
	Reports     []Link // the progress reports, oldest first
	Rows        []StatusRow
}

// StatusRow is one action's status in each progress report.
type StatusRow struct {
	ID, Title, URL string
	Cells          []*Tag // nil where the report did not mention the action
}

// ActionRef is a plan action in a list.
type ActionRef struct {
	ID     string
	Title  string
	URL    string
	Status *Tag
}

// ActionView is an action of a plan.
type ActionView struct {
	ID              string
	Title           string
	Owner           string
	Due             string
	Recommendations []Link
	Status          *Tag
	Overdue         bool
	History         []StatusAt
}

// StatusAt is an action's status in one progress report.
type StatusAt struct {
	Date   string
	URL    string
	Status Tag
}

// ProgressView is one action's reported status.
type ProgressView struct {
	Action string
	Title  string
	URL    string
	Status Tag
	Note   string
	Was    *Tag // the status in the previous report, where it changed
}

// VersionView is a version in a list of versions.
type VersionView struct {
	Date       string
	ISODate    string
	URL        string
	Change     string
	Current    bool
	ChangesURL string
}

// Changes is the page of what changed in one version.
type Changes struct {
	Title    string
	DocURL   string
	Version  VersionView
	Previous *VersionView
	Fields   []FieldChange
	Text     template.HTML // the text with insertions and deletions marked
	Same     bool          // the text did not change
}

// FieldChange is one data field that changed.
type FieldChange struct {
	Field  string
	Before template.HTML // with the deleted words marked; "" when there was none
	After  template.HTML // with the inserted words marked; "" when removed
}

// Text is a plain page.
type Text struct {
	Content template.HTML
}

// List is a list of documents: one type's, say.
type List struct {
	Intro   string
	Entries []Entry
	Links   []Link // for lists of lists
	// Groups, instead of Entries, splits a long list by year, with links
	// to each year at the top.
	Groups []EntryGroup
}

// EntryGroup is one year of a long list.
type EntryGroup struct {
	Label, ID string
	Entries   []Entry
}

// National is a judgements page: bodies' latest grades side by side.
type National struct {
	Noun    string // what the rows are: "Council"
	Columns []string
	Rows    []NationalRow
	CSV     string
	JSON    string
	Orders  []Link // the same table in other orders; the current one is marked
	Regions []Link
	Chart   template.HTML // bodies by overall grade over time
	// ChartNarrow is the chart laid out for a phone.
	ChartNarrow template.HTML
	Over        *GradeTable // the chart's data
	Region      string      // set on a region's page
}

// GradeTable counts bodies by the overall grade of their latest
// inspection at the end of each year.
type GradeTable struct {
	Caption string
	Grades  []Tag // the columns: each grade, then states without one
	Rows    []GradeCount
}

// GradeCount is one year of a GradeTable.
type GradeCount struct {
	Year   string
	Counts []int // by column
	Total  int   // the bodies counted: those inspected by then
}

// NationalRow is one body's latest graded document.
type NationalRow struct {
	Name   string
	URL    string
	Region string
	Date   string
	DocURL string
	Grades []*Tag
}

// History is the list of every published version, newest first, a page of
// it at a time.
type History struct {
	Entries []Entry
	Page    int // from 1
	Pages   int
	Prev    string // the address of the newer page, or ""
	Next    string // the address of the older page, or ""
}

// Guide is the search page: a guide to the lists, which works without
// JavaScript.
type Guide struct {
	Bodies []Link
	Types  []Link
	Index  string
}
