// Package model is the data model of qmsplan: implementation-plan templates
// (T-009-001), the plans made from them (records R-009-001) and the registries
// they refer to. The types are plain structs; the YAML files under data/ map
// onto them one to one (the JSON Schema shipped in data/schema is derived from
// these types), and positions of every value are kept in Src so validation can
// point at file:line:col.
package model

// Data is everything under data/, as loaded.
type Data struct {
	Roles     RoleRegistry
	Statuses  StatusRegistry
	Templates []*Template
	Plans     []*Plan
	// Broken holds the registry and template files (by name) that have
	// errors, or that could not be read: checks of other files that depend
	// on one are skipped, so a mistake is reported once, at its root.
	Broken map[string]bool
}

// RoleRegistry is data/roles.yaml.
type RoleRegistry struct {
	Roles []Role `yaml:"roles" json:"roles" jsonschema:"required,description=Who can be named in a task's Responsible column."`
	Src   Src    `yaml:"-" json:"-"`
}

// Role is a party that can be responsible for a task: a role such as
// "Deal Owner" or "Client", or a job description code such as "JD-013".
type Role struct {
	Code string `yaml:"code" json:"code" jsonschema:"required,pattern=^[^&/\\s]([^&/]*[^&/\\s])?$,description=What plans write in the Responsible column\\, e.g. JD-013 or Deal Owner."`
	// Title is empty when the company has not told us the job title: the
	// code is then shown bare, never an invented title.
	Title string `yaml:"title,omitempty" json:"title,omitempty" jsonschema:"description=Job title; leave empty when unknown (the code is shown bare)."`
	Src   Src    `yaml:"-" json:"-"`
}

// StatusRegistry is data/statuses.yaml.
type StatusRegistry struct {
	Statuses []Status `yaml:"statuses" json:"statuses" jsonschema:"required"`
	Src      Src      `yaml:"-" json:"-"`
}

// Status is one word of the task status vocabulary. What a status means to
// the tool is in its flags, never in its key: the plan roll-up and the
// checks read the flags, so the vocabulary can change without code.
type Status struct {
	Key   string `yaml:"key" json:"key" jsonschema:"required,pattern=^[a-z][a-z0-9-]*$,description=What plans write\\, e.g. in-progress."`
	Emoji string `yaml:"emoji" json:"emoji" jsonschema:"required"`
	Label string `yaml:"label" json:"label" jsonschema:"required"`
	// Default is the status of a task that gives none, and of a plan none
	// of whose tasks has begun. Exactly one status has it.
	Default bool `yaml:"default,omitempty" json:"default,omitempty" jsonschema:"description=The status of a task that gives none (exactly one status)."`
	// Closed statuses (done, cancelled) end a task: a closed task is never
	// overdue and does not count towards workload. A plan whose tasks are
	// all closed is closed too.
	Closed bool `yaml:"closed,omitempty" json:"closed,omitempty" jsonschema:"description=True for statuses that end a task (done\\, cancelled)."`
	// Completed marks the closed status whose work was delivered (done,
	// not cancelled): it is the plan's status when all its tasks are closed
	// and one has it, and a task in it must not end after the as-of date.
	Completed bool `yaml:"completed,omitempty" json:"completed,omitempty" jsonschema:"description=A closed status whose work was delivered (done); at most one."`
	// Wins puts the whole plan in this status as soon as one task has it
	// (blocked).
	Wins bool `yaml:"wins,omitempty" json:"wins,omitempty" jsonschema:"description=One task in this status puts the whole plan in it (blocked)."`
	// Ongoing is the plan's status once a task has left the default status
	// and not all are closed (in progress). Exactly one status has it.
	Ongoing bool `yaml:"ongoing,omitempty" json:"ongoing,omitempty" jsonschema:"description=The status of a plan that has begun and is not closed (exactly one status)."`
	// Colour and Pattern draw the status beside its emoji and label (never
	// instead of them): a swatch in task tables, a bar in the Gantt.
	Colour  string `yaml:"colour" json:"colour" jsonschema:"required,description=A colour of the Okabe-Ito palette (colour-blind safe)."`
	Pattern string `yaml:"pattern" json:"pattern" jsonschema:"required,description=How the colour is filled\\, so the status reads without colour."`
	Src     Src    `yaml:"-" json:"-"`
}

// Colour is one colour of the palette: the name a status gives and its
// value.
type Colour struct{ Name, Hex string }

// Palette is the colour-blind-safe palette of Okabe and Ito, the colours a
// status may name. The stylesheet defines one token --okabe-ito-<name> per
// entry with the same value (static/css/qms.css; a test keeps them equal);
// the values are here too because the Gantt's SVG must show its colours when
// it is opened alone, without the stylesheet.
var Palette = []Colour{
	{"orange", "#E69F00"}, {"sky-blue", "#56B4E9"}, {"bluish-green", "#009E73"}, {"yellow", "#F0E442"},
	{"blue", "#0072B2"}, {"vermillion", "#D55E00"}, {"reddish-purple", "#CC79A7"}, {"black", "#000000"},
}

// PaletteNames are the names of Palette, in its order.
func PaletteNames() []string {
	names := make([]string, len(Palette))
	for i, c := range Palette {
		names[i] = c.Name
	}
	return names
}

// PaletteHex is the value of the palette colour name; ok is false for a
// name outside it.
func PaletteHex(name string) (hex string, ok bool) {
	for _, c := range Palette {
		if c.Name == name {
			return c.Hex, true
		}
	}
	return "", false
}

// Patterns are the fills a status may name; the stylesheet draws each as
// .pattern-<name>.
var Patterns = []string{"solid", "striped", "dotted", "crosshatch", "outline"}

// Default returns the key of the default status, "" if none is marked.
func (r StatusRegistry) Default() string { return r.first(func(s *Status) bool { return s.Default }) }

// Ongoing returns the key of the status of a plan under way.
func (r StatusRegistry) Ongoing() string { return r.first(func(s *Status) bool { return s.Ongoing }) }

// Of returns a task's status: its own, or the default.
func (r StatusRegistry) Of(f TaskFill) string {
	if f.Status != "" {
		return f.Status
	}
	return r.Default()
}

// Lookup returns the status with the key, nil if there is none.
func (r StatusRegistry) Lookup(key string) *Status {
	for i := range r.Statuses {
		if r.Statuses[i].Key == key {
			return &r.Statuses[i]
		}
	}
	return nil
}

func (r StatusRegistry) first(ok func(*Status) bool) string {
	for i := range r.Statuses {
		if ok(&r.Statuses[i]) {
			return r.Statuses[i].Key
		}
	}
	return ""
}

// Template is one T-009-001 variant, a file in data/templates/.
type Template struct {
	Key       string `yaml:"key" json:"key" jsonschema:"required,pattern=^[a-z0-9][a-z0-9-]*$,description=What plans name in their template field."`
	ID        string `yaml:"id" json:"id" jsonschema:"required,description=Document ID\\, e.g. T-009-001."`
	Title     string `yaml:"title" json:"title" jsonschema:"required"`
	LinkTitle string `yaml:"sidebar_label,omitempty" json:"sidebar_label,omitempty"`
	Slug      string `yaml:"slug" json:"slug" jsonschema:"required"` // the rule is paths.Slug
	Weight    int    `yaml:"weight" json:"weight" jsonschema:"required,description=Sidebar order among the templates."`
	// Sections are the page body in order; the task tables appear where a
	// section has tasks: true.
	Sections []Section   `yaml:"sections" json:"sections" jsonschema:"required"`
	Phases   []Phase     `yaml:"phases" json:"phases" jsonschema:"required"`
	Document *DocControl `yaml:"document,omitempty" json:"document,omitempty"`
	Src      Src         `yaml:"-" json:"-"`
}

// Section is a heading with its content. Sections nest; a nested section is
// one heading level deeper.
type Section struct {
	Key   string `yaml:"key" json:"key" jsonschema:"required,pattern=^[a-z0-9][a-z0-9_-]*$,description=Plans fill the section's placeholders under this key."`
	Title string `yaml:"title" json:"title" jsonschema:"required"`
	// Fields is a labelled list such as Details or Technical Implementation.
	Fields  []Field `yaml:"fields,omitempty" json:"fields,omitempty"`
	Content []Block `yaml:"content,omitempty" json:"content,omitempty"`
	// Tasks marks where the phase task tables go.
	Tasks    bool      `yaml:"tasks,omitempty" json:"tasks,omitempty"`
	Sections []Section `yaml:"sections,omitempty" json:"sections,omitempty"`
	Src      Src       `yaml:"-" json:"-"`
}

// Field is one "Label: value" line. A template gives either a fixed Value or
// a Placeholder (shown as [PLACEHOLDER] with its hint) that plans fill.
type Field struct {
	Key         string `yaml:"key" json:"key" jsonschema:"required,pattern=^[a-z0-9][a-z0-9_]*$"`
	Label       string `yaml:"label" json:"label" jsonschema:"required"`
	Value       string `yaml:"value,omitempty" json:"value,omitempty"`
	Placeholder string `yaml:"placeholder,omitempty" json:"placeholder,omitempty" jsonschema:"pattern=^[A-Z0-9_-]+$"`
	Hint        string `yaml:"hint,omitempty" json:"hint,omitempty" jsonschema:"description=Shown in brackets after the placeholder\\, e.g. 'e.g. duration'."`
	Src         Src    `yaml:"-" json:"-"`
}

// Block is one piece of section content: exactly one of its fields is set.
type Block struct {
	// Text is Markdown. Raw HTML in it is not rendered.
	Text string `yaml:"text,omitempty" json:"text,omitempty"`
	// Admonitions, shown as boxes like the portal's.
	Note    string `yaml:"note,omitempty" json:"note,omitempty"`
	Tip     string `yaml:"tip,omitempty" json:"tip,omitempty"`
	Info    string `yaml:"info,omitempty" json:"info,omitempty"`
	Warning string `yaml:"warning,omitempty" json:"warning,omitempty"`
	Danger  string `yaml:"danger,omitempty" json:"danger,omitempty"`
	// Placeholder is the part of a template a plan fills: the plan's
	// sections.<key> replaces it. Example follows it on the template page.
	Placeholder string `yaml:"placeholder,omitempty" json:"placeholder,omitempty" jsonschema:"pattern=^[A-Z0-9_-]+$"`
	Example     string `yaml:"example,omitempty" json:"example,omitempty"`
	Table       *Table `yaml:"table,omitempty" json:"table,omitempty"`
	Src         Src    `yaml:"-" json:"-"`
}

// Table is a small data table, e.g. a plan's Goals (Goal | Metric | Target).
type Table struct {
	Columns []string   `yaml:"columns" json:"columns" jsonschema:"required,minItems=1"`
	Rows    [][]string `yaml:"rows" json:"rows" jsonschema:"required"`
	Src     Src        `yaml:"-" json:"-"`
}

// Column keys of a task table, in the words of the portal's headers.
const (
	ColTask        = "task"
	ColDescription = "description"
	ColResponsible = "responsible"
	ColStart       = "start"
	ColEnd         = "end"
	ColDate        = "date"
	ColStatus      = "status"
	ColNotes       = "notes"
)

// ColumnTitles maps column keys to their header text.
var ColumnTitles = map[string]string{
	ColTask: "Task", ColDescription: "Description", ColResponsible: "Responsible",
	ColStart: "Start Date", ColEnd: "End Date", ColDate: "Date", ColStatus: "Status", ColNotes: "Notes",
}

// Phase is one of the seven project phases with its own task table.
type Phase struct {
	Key   string `yaml:"key" json:"key" jsonschema:"required,pattern=^[a-z0-9][a-z0-9_-]*$"`
	Emoji string `yaml:"emoji" json:"emoji" jsonschema:"required"`
	Title string `yaml:"title" json:"title" jsonschema:"required"`
	// Columns differ by phase in the portal (Kickoff has one Date column,
	// Follow-up puts Responsible after the dates), so each phase lists its own.
	Columns []string `yaml:"columns" json:"columns" jsonschema:"required,minItems=1,enum=task,enum=description,enum=responsible,enum=start,enum=end,enum=date,enum=status,enum=notes"`
	Tasks   []Task   `yaml:"tasks" json:"tasks"`
	Src     Src      `yaml:"-" json:"-"`
}

// Task is a row of a phase's table as the template defines it.
type Task struct {
	Key         string `yaml:"key" json:"key" jsonschema:"required,pattern=^[a-z0-9][a-z0-9_-]*$,description=Plans fill this task under tasks.<key>; unique within the template."`
	Name        string `yaml:"name" json:"name" jsonschema:"required"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Responsible is written as in the portal: role codes joined by " & "
	// (all of them) and "/" (either), e.g. "Deal Owner & JD-013/JD-027".
	Responsible string `yaml:"responsible" json:"responsible" jsonschema:"required"`
	// Milestone marks a task the portfolio lists as a milestone (and feeds
	// to calendars); when not given, the one-day tasks are milestones.
	Milestone *bool `yaml:"milestone,omitempty" json:"milestone,omitempty" jsonschema:"description=Whether the task is a milestone; when omitted\\, one-day tasks (a date: instead of start: and end:) are."`
	Src       Src   `yaml:"-" json:"-"`
}
