package model

// Plan is one implementation plan (a record R-009-001), a file in data/plans/.
type Plan struct {
	Template string `yaml:"template" json:"template" jsonschema:"required,description=Key of the template this plan fills\\, e.g. integrated-json-only."`
	// Slug is the last part of the plan's URL and its file name; the rule
	// is paths.Slug (the schema gets it from there too).
	Slug  string `yaml:"slug" json:"slug" jsonschema:"required,description=URL slug\\, e.g. 2025-08-22-br-johnson-oncoderm-ae; letters\\, digits\\, '.'\\, '_' and '-' only."`
	Title string `yaml:"title" json:"title" jsonschema:"required,description=Page title\\, e.g. R-009-001 BR J&J 20250822."`
	// SidebarLabel is what the sidebar shows, e.g. "BR J&J 20250822".
	SidebarLabel string `yaml:"sidebar_label" json:"sidebar_label" jsonschema:"required"`
	// Aliases are old URLs that must keep working (people have bookmarks).
	Aliases []string `yaml:"aliases,omitempty" json:"aliases,omitempty" jsonschema:"description=Old site paths of this record that should redirect here\\, e.g. /records/GP-009/T-009-001/R-009-001-20251104-es-novartis."`
	Deal    Deal     `yaml:"deal" json:"deal" jsonschema:"required"`
	// Status overrides the status derived from the tasks, e.g. cancelled
	// for a deal that was lost.
	Status string `yaml:"status,omitempty" json:"status,omitempty" jsonschema:"description=Overall status; derived from the tasks when empty."`
	// Fields fill the template's detail and technical fields by key.
	Fields     map[string]string `yaml:"fields,omitempty" json:"fields,omitempty"`
	Features   []string          `yaml:"features,omitempty" json:"features,omitempty"`
	Conditions []string          `yaml:"conditions,omitempty" json:"conditions,omitempty"`
	// Sections fill the template's placeholder blocks by section key, in
	// Markdown.
	Sections      map[string]string   `yaml:"sections,omitempty" json:"sections,omitempty"`
	Tasks         map[string]TaskFill `yaml:"tasks,omitempty" json:"tasks,omitempty"`
	ExtraTasks    []ExtraTask         `yaml:"extra_tasks,omitempty" json:"extra_tasks,omitempty"`
	ExtraSections []ExtraSection      `yaml:"extra_sections,omitempty" json:"extra_sections,omitempty"`
	Document      DocControl          `yaml:"document" json:"document" jsonschema:"required"`
	Src           Src                 `yaml:"-" json:"-"`
}

// Deal is the CRM deal the plan implements.
type Deal struct {
	ID   string `yaml:"id" json:"id" jsonschema:"required"`
	CRM  string `yaml:"crm" json:"crm" jsonschema:"required,format=uri,description=Link to the deal in the CRM (http or https)."`
	Name string `yaml:"name" json:"name" jsonschema:"required"`
	Src  Src    `yaml:"-" json:"-"`
}

// TaskFill is what a plan says about one of its template's tasks.
type TaskFill struct {
	Start Date `yaml:"start,omitempty" json:"start,omitempty"`
	End   Date `yaml:"end,omitempty" json:"end,omitempty"`
	// Date is for one-day tasks and milestones (the Kickoff and Follow-up
	// tables have a single Date column); it stands for start and end.
	Date   Date   `yaml:"date,omitempty" json:"date,omitempty"`
	Status string `yaml:"status,omitempty" json:"status,omitempty" jsonschema:"description=A key of data/statuses.yaml; pending when empty."`
	Notes  string `yaml:"notes,omitempty" json:"notes,omitempty"`
	// Responsible overrides the template's, e.g. to name who it really was.
	Responsible string `yaml:"responsible,omitempty" json:"responsible,omitempty"`
	Src         Src    `yaml:"-" json:"-"`
}

// ExtraTask is a task beyond the template, added to one of its phases.
type ExtraTask struct {
	Phase string `yaml:"phase" json:"phase" jsonschema:"required,description=Key of the template phase to add the task to."`
	// After places the task after the template task with this key; at the
	// end of the phase when empty.
	After       string `yaml:"after,omitempty" json:"after,omitempty"`
	Key         string `yaml:"key" json:"key" jsonschema:"required,pattern=^[a-z0-9][a-z0-9_-]*$,description=Unique among the template's and the plan's tasks."`
	Name        string `yaml:"name" json:"name" jsonschema:"required"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	Responsible string `yaml:"responsible" json:"responsible" jsonschema:"required"`
	Start       Date   `yaml:"start,omitempty" json:"start,omitempty"`
	End         Date   `yaml:"end,omitempty" json:"end,omitempty"`
	Date        Date   `yaml:"date,omitempty" json:"date,omitempty"`
	Status      string `yaml:"status,omitempty" json:"status,omitempty"`
	Notes       string `yaml:"notes,omitempty" json:"notes,omitempty"`
	Milestone   *bool  `yaml:"milestone,omitempty" json:"milestone,omitempty" jsonschema:"description=Whether the task is a milestone; when omitted\\, a one-day task is."`
	Src         Src    `yaml:"-" json:"-"`
}

// Row returns the extra task as a table row.
func (x ExtraTask) Row() Row {
	return Row{
		Task:  Task{Key: x.Key, Name: x.Name, Description: x.Description, Responsible: x.Responsible, Milestone: x.Milestone, Src: x.Src},
		Fill:  TaskFill{Start: x.Start, End: x.End, Date: x.Date, Status: x.Status, Notes: x.Notes, Src: x.Src},
		Extra: true,
	}
}

// ExtraSection is a section beyond the template, such as a Goals table or a
// clinical-study timeline.
type ExtraSection struct {
	// After places the section after the template section with this key
	// (at the same level); at the end of the page when empty.
	After   string  `yaml:"after,omitempty" json:"after,omitempty"`
	Title   string  `yaml:"title" json:"title" jsonschema:"required"`
	Content []Block `yaml:"content" json:"content" jsonschema:"required"`
	Src     Src     `yaml:"-" json:"-"`
}

// DocControl is the document control an auditor looks for on a record.
type DocControl struct {
	ID        string     `yaml:"id" json:"id" jsonschema:"required,description=Record ID\\, unique across plans\\, e.g. R-009-001-2025-014."`
	Revision  int        `yaml:"revision" json:"revision" jsonschema:"required,minimum=0"`
	State     string     `yaml:"state" json:"state" jsonschema:"required,enum=draft,enum=effective,enum=superseded"`
	Effective Date       `yaml:"effective,omitempty" json:"effective,omitempty" jsonschema:"description=Effective date; required unless the state is draft."`
	Author    Signature  `yaml:"author" json:"author" jsonschema:"required"`
	Reviewer  *Signature `yaml:"reviewer,omitempty" json:"reviewer,omitempty"`
	Approver  *Signature `yaml:"approver,omitempty" json:"approver,omitempty"`
	History   []Revision `yaml:"history,omitempty" json:"history,omitempty"`
	// SupersededBy names the record that replaces this one, so an auditor
	// holding a superseded record can find the current one.
	SupersededBy string `yaml:"superseded_by,omitempty" json:"superseded_by,omitempty" jsonschema:"description=Record ID of the record that replaces this one (state: superseded)."`
	Src          Src    `yaml:"-" json:"-"`
}

// Document states.
const (
	StateDraft      = "draft"
	StateEffective  = "effective"
	StateSuperseded = "superseded"
)

// Signature is who wrote, reviewed or approved a revision, and when.
type Signature struct {
	Name string `yaml:"name" json:"name" jsonschema:"required"`
	Role string `yaml:"role" json:"role" jsonschema:"required,description=A role code from data/roles.yaml\\, e.g. JD-013."`
	Date Date   `yaml:"date" json:"date" jsonschema:"required"`
	Src  Src    `yaml:"-" json:"-"`
}

// Revision is a row of the revision history.
type Revision struct {
	Revision int    `yaml:"revision" json:"revision" jsonschema:"required,minimum=0"`
	Date     Date   `yaml:"date" json:"date" jsonschema:"required"`
	Reason   string `yaml:"reason" json:"reason" jsonschema:"required"`
	Author   string `yaml:"author" json:"author" jsonschema:"required"`
	Src      Src    `yaml:"-" json:"-"`
}
