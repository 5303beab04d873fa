package export

import (
	"fmt"
	"net/url"
	"strings"

	ics "github.com/arran4/golang-ical"
	"github.com/google/uuid"

	"github.com/qmsplan/qmsplan/generator/portfolio"
)

// taskSpace is the namespace of the events' name-based UUIDs.
var taskSpace = uuid.NewSHA1(uuid.NameSpaceURL, []byte("https://qmsplan.invalid/task"))

// UID is a milestone's or deadline's event UID: a name-based UUID of its record ID and
// task key, so it stays the same from build to build and an app updates
// the event instead of adding another.
func UID(t *portfolio.Task) string {
	return uuid.NewSHA1(taskSpace, []byte(t.Plan.RecordID+"\x00"+t.Key)).String()
}

// icsConfig is how the library writes a feed: its default lines of 75
// octets, ended by CRLF (ics.WithNewLineWindows). A VEvent takes only a
// configuration, not the options a Calendar takes; TestFeedIsTheLibrarys
// holds the two the same.
var icsConfig = &ics.SerializationConfiguration{MaxLength: 75, PropertyMaxLength: 75, NewLine: string(ics.WithNewLineWindows)}

// calendarEnd ends a calendar, as the library writes it.
const calendarEnd = "END:VCALENDAR\r\n"

// feed is one feed: an iCalendar (RFC 5545) calendar called name with
// events, each an all-day event per milestone or deadline (event) written
// by the library already, as a calendar writes its events: a role's feed
// shares the events of the feed of all plans, and writing each again for
// each feed it is in was most of the feeds' time. The calendar's head is
// the library's too. The library writes the format's rules (CRLF, lines
// folded at 75 octets, TEXT escaped).
func feed(name string, events []string) []byte {
	head, ok := strings.CutSuffix(calendar(name).Serialize(icsConfig), calendarEnd)
	if !ok {
		panic("export: the iCalendar library ends a calendar otherwise than " + calendarEnd)
	}
	n := len(head) + len(calendarEnd)
	for _, e := range events {
		n += len(e)
	}
	b := make([]byte, 0, n)
	b = append(b, head...)
	for _, e := range events {
		b = append(b, e...)
	}
	return append(b, calendarEnd...)
}

// calendar is a feed called name, without its events.
func calendar(name string) *ics.Calendar {
	cal := ics.NewCalendarFor("qmsplan")
	cal.SetProductId("-//qmsplan//portfolio milestones//EN")
	cal.SetCalscale("GREGORIAN")
	cal.SetMethod(ics.MethodPublish)
	cal.SetName(text(name))
	cal.SetXWRCalName(text(name))
	return cal
}

// event is t's event: all day on its date (its end), a deadline's summary
// saying "Due:"; DTSTAMP is when the record was last revised and SEQUENCE
// its revision, both from the data, so the same data always gives the same
// bytes. Its link to t's row is resolved against base, and is its URL when
// base is absolute.
func event(t *portfolio.Task, base *url.URL) *ics.VEvent {
	row, err := url.Parse(t.URL())
	if err != nil {
		panic("export: task URL " + t.URL() + ": " + err.Error()) // paths makes it from a valid slug and key
	}
	e := ics.NewEvent(UID(t))
	e.SetDtStampTime(t.Plan.Revised.Time())
	e.SetSequence(t.Plan.Revision)
	e.SetAllDayStartAt(t.End.Time())
	e.SetAllDayEndAt(t.End.AddDays(1).Time())
	summary := fmt.Sprintf("%s (%s)", t.Name, t.Plan.Label)
	if t.Deadline() {
		summary = "Due: " + summary
	}
	e.SetSummary(text(summary))
	link := base.ResolveReference(row)
	e.SetDescription(text(fmt.Sprintf("Plan: %s (%s, revision %d)\nPhase: %s\nResponsible: %s\nStatus: %s\n%s",
		t.Plan.Title, t.Plan.RecordID, t.Plan.Revision, t.Phase.Title, responsible(t), t.Status.Label, link)))
	// URL takes an absolute URI; a site built for a relative base URL
	// ("/") has none to give, and the link stays in the description.
	if link.IsAbs() {
		e.SetURL(link.String())
	}
	// A milestone or a deadline marks a day; it does not make anybody
	// busy.
	e.SetProperty(ics.ComponentPropertyTransp, "TRANSPARENT")
	return e
}

// text makes s fit an iCalendar TEXT value before the library escapes it:
// line breaks become LF (which it escapes as \n) and the other control
// characters, which TEXT may not hold, are dropped.
func text(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\r':
			return '\n'
		case r == '\n' || r == '\t':
			return r
		case r < 0x20 || r == 0x7f:
			return -1
		}
		return r
	}, s)
}
