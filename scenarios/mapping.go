package scenarios

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/BurntSushi/toml"

	"github.com/tiaokuai/tiaokuai/model/dist"
)

// Mapping says how to read one city's case records (one row per case) for
// `sim fit`: which columns hold what, how timestamps are written, and how
// statuses count. It is decoded from TOML; the format is documented in
// docs/TWIN.md and every key below gives its default.
type Mapping struct {
	// Name of the layout, for reports. Default: the file's base name.
	Name string `toml:"name"`
	// Base is the scenario the fitted fragment extends. Default "classroom".
	Base string `toml:"base"`
	// Columns names the columns (header names, matched exactly after
	// trimming spaces). Created and Category are required.
	Columns MappingColumns `toml:"columns"`
	// TimeFormat is a Go time layout ("01/02/2006 03:04:05 PM") or one of
	// "rfc3339", "unix" (seconds, fractions allowed). Default "rfc3339".
	TimeFormat string `toml:"time_format"`
	// TimeZone is an IANA zone name for timestamps without one. Default "UTC".
	TimeZone string `toml:"time_zone"`
	// AsOf is the export time, in TimeFormat: open cases are right-censored
	// there. Default: the latest timestamp seen in the records.
	AsOf string `toml:"as_of"`
	// Comma is the field separator, one character. Default ",".
	Comma string `toml:"comma"`
	// OpenStatuses are status values of cases still open (censored at
	// as_of even if a closed time is present). Default ["Open"].
	OpenStatuses []string `toml:"open_statuses"`
	// DropStatuses are status values whose cases are not counted as
	// handled: they count as arrivals but not in resolution delays (for
	// example ["Cancelled", "Referred Out"]). Default none: every closed
	// case counts as handled.
	DropStatuses []string `toml:"drop_statuses"`
	// MinCategoryRecords is the number of records under which a category's
	// hour and weekday profiles are pooled with all categories. Default 500.
	MinCategoryRecords int `toml:"min_category_records"`
	// MinSpanDays is the span of data under which rates are flagged
	// unreliable. Default 14.
	MinSpanDays float64 `toml:"min_span_days"`
	// Departments maps an agency value to a department of the base
	// scenario. An agency not listed becomes a new department named after
	// it (a city-level department open 24/7 with unlimited handlers).
	Departments map[string]string `toml:"departments"`
	// Types maps a category onto a ticket type of the base scenario, which
	// the fitted fragment then overrides (rate, profile, work) instead of
	// adding a new type; the base's owner and routing are kept. Categories
	// not listed become new ticket types (one per agency).
	Types map[string]string `toml:"types"`
	// TopCategories is how many categories (by records) keep their own
	// ticket types; the rest are pooled into one category, "(other)", so
	// memory and the fragment stay bounded however many there are.
	// Default 200.
	TopCategories int `toml:"top_categories"`
	// TransferTime is how long one routing step takes — a dispatch and the
	// recipient's review, of which a case with k transfers had k + 1 — a
	// duration or distribution ("4h", "exp(2h)"); default "0s". A count of
	// transfers carries no times, so the mapping says it. The fit takes
	// (k + 1) × its mean off each case's delay, and the twin's review_time
	// is it. Needs columns.transfers.
	TransferTime string `toml:"transfer_time"`
	// Transfer is TransferTime parsed (minutes; zero without one).
	Transfer dist.Dist `toml:"-"`

	loc *time.Location
}

// MappingColumns names the columns of a case record.
type MappingColumns struct {
	ID        string `toml:"id"`         // optional: the case identifier
	Created   string `toml:"created"`    // required
	Closed    string `toml:"closed"`     // optional: absent means every case is open
	Category  string `toml:"category"`   // required
	Agency    string `toml:"agency"`     // optional: absent means one agency, "agency"
	Area      string `toml:"area"`       // optional
	Status    string `toml:"status"`     // optional
	Transfers string `toml:"transfers"`  // optional: transfers of the case (a count ≥ 0; blank is 0)
	WorkStart string `toml:"work_start"` // optional: when work started
}

// Location is the time zone of timestamps without one.
func (m *Mapping) Location() *time.Location { return m.loc }

// ZoneError is a timestamp whose zone abbreviation the mapping's time zone
// does not use: Go would read it as UTC, silently hours off.
type ZoneError struct {
	Abbrev, Zone string
}

func (e *ZoneError) Error() string {
	return fmt.Sprintf("time-zone abbreviation %q is not one of time_zone %q's (it would be read as UTC); set time_zone to the zone the records were written in", e.Abbrev, e.Zone)
}

// ParseTime reads a timestamp in the mapping's format. A zone abbreviation
// (layouts with "MST") is resolved through time_zone, which must use it
// (America/New_York resolves EST and EDT), or refused with a *ZoneError.
// With "rfc3339", timestamps without an offset are read in time_zone.
func (m *Mapping) ParseTime(s string) (time.Time, error) {
	switch m.TimeFormat {
	case "rfc3339":
		t, err := time.ParseInLocation(time.RFC3339, s, m.loc)
		if err != nil {
			for _, l := range []string{"2006-01-02T15:04:05.999999999", "2006-01-02 15:04:05.999999999"} {
				if t2, err2 := time.ParseInLocation(l, s, m.loc); err2 == nil {
					return t2, nil
				}
			}
		}
		return t, err
	case "unix":
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			f, ferr := strconv.ParseFloat(s, 64)
			if ferr != nil || math.IsNaN(f) || math.IsInf(f, 0) || math.Abs(f) > 1e12 {
				return time.Time{}, fmt.Errorf("not unix seconds: %q", s)
			}
			whole := math.Floor(f)
			return time.Unix(int64(whole), int64(math.Round((f-whole)*1e9))).In(m.loc), nil
		}
		return time.Unix(sec, 0).In(m.loc), nil
	}
	t, err := time.ParseInLocation(m.TimeFormat, s, m.loc)
	if err == nil && t.Location() != m.loc {
		if name, off := t.Zone(); off == 0 && name != "UTC" && name != "GMT" && name != "Z" && name != "" {
			return time.Time{}, &ZoneError{Abbrev: name, Zone: m.TimeZone}
		}
	}
	return t, err
}

// LoadMapping reads and checks a mapping file. Its errors are *Error,
// naming the file, line (for syntax errors) and key.
func LoadMapping(path string) (*Mapping, error) {
	data, err := ReadInput(path)
	if err != nil {
		return nil, &Error{[]Problem{{File: path, Msg: err.Error()}}}
	}
	return ParseMapping(path, data)
}

// ParseMapping decodes a mapping from data; name is used in errors.
func ParseMapping(name string, data []byte) (*Mapping, error) {
	if line := checkNesting(data); line > 0 {
		return nil, &Error{[]Problem{{File: name, Line: line, Msg: fmt.Sprintf("arrays and inline tables nest more than %d deep", MaxNesting)}}}
	}
	m := &Mapping{}
	md, err := toml.Decode(string(data), m)
	if err != nil {
		var pe toml.ParseError
		if errors.As(err, &pe) {
			line := pe.Position.Line
			if st := pe.Position.Start; st >= 0 && st < len(data) {
				// the decoder counts a newline it stopped at into the next line
				line = 1 + bytes.Count(data[:st], []byte("\n"))
			}
			return nil, &Error{[]Problem{{File: name, Line: line, Msg: "syntax error: " + pe.Message}}}
		}
		return nil, &Error{[]Problem{{File: name, Msg: err.Error()}}}
	}
	var ps []Problem
	idx := indexLines(string(data))
	for _, k := range md.Undecoded() {
		line := idx[pathKey(k)]
		ps = append(ps, Problem{File: name, Line: line, Key: k.String(), Msg: "unknown key"})
	}
	req := func(key, v string) {
		if strings.TrimSpace(v) == "" {
			ps = append(ps, Problem{File: name, Key: "columns." + key, Msg: "required: the name of a column"})
		}
	}
	req("created", m.Columns.Created)
	req("category", m.Columns.Category)
	if m.Name == "" {
		b := name[strings.LastIndexAny(name, `/\`)+1:]
		m.Name = strings.TrimSuffix(b, ".toml")
	}
	if m.Base == "" {
		m.Base = "classroom"
	}
	if m.TimeFormat == "" {
		m.TimeFormat = "rfc3339"
	}
	if m.TimeZone == "" {
		m.TimeZone = "UTC"
	}
	if m.loc, err = time.LoadLocation(m.TimeZone); err != nil {
		ps = append(ps, Problem{File: name, Line: idx["time_zone"], Key: "time_zone", Msg: fmt.Sprintf("unknown time zone %q", m.TimeZone)})
		m.loc = time.UTC
	}
	if m.Comma == "" {
		m.Comma = ","
	}
	if len([]rune(m.Comma)) != 1 {
		ps = append(ps, Problem{File: name, Line: idx["comma"], Key: "comma", Msg: fmt.Sprintf("want one character, got %q", m.Comma)})
	}
	if m.OpenStatuses == nil {
		m.OpenStatuses = []string{"Open"}
	}
	if m.MinCategoryRecords == 0 {
		m.MinCategoryRecords = 500
	}
	if m.MinCategoryRecords < 0 {
		ps = append(ps, Problem{File: name, Line: idx["min_category_records"], Key: "min_category_records", Msg: "want a number ≥ 0"})
	}
	if m.MinSpanDays == 0 {
		m.MinSpanDays = 14
	}
	if m.TopCategories == 0 {
		m.TopCategories = 200
	}
	if m.TopCategories < 1 || m.TopCategories > 100_000 {
		ps = append(ps, Problem{File: name, Line: idx["top_categories"], Key: "top_categories", Msg: fmt.Sprintf("want a number of categories in [1, 100000], got %d", m.TopCategories)})
	}
	for c, t := range m.Types {
		if strings.TrimSpace(t) == "" || strings.ContainsAny(t, ".=") {
			ps = append(ps, Problem{File: name, Key: "types." + c, Msg: fmt.Sprintf("not a ticket type name: %q", t)})
		}
	}
	if m.MinSpanDays < 0 || math.IsNaN(m.MinSpanDays) || math.IsInf(m.MinSpanDays, 0) {
		ps = append(ps, Problem{File: name, Line: idx["min_span_days"], Key: "min_span_days", Msg: fmt.Sprintf("want a number of days ≥ 0, got %g", m.MinSpanDays)})
	}
	switch m.TimeFormat {
	case "rfc3339", "unix":
	default:
		if !strings.Contains(m.TimeFormat, "06") {
			ps = append(ps, Problem{File: name, Line: idx["time_format"], Key: "time_format", Msg: fmt.Sprintf("%q is not a Go time layout with a year (write 2006-01-02 15:04:05 for 2024-03-31 17:05:00), \"rfc3339\" or \"unix\"", m.TimeFormat)})
		}
	}
	cols := map[string]string{}
	for _, c := range []struct{ key, v string }{{"id", m.Columns.ID}, {"created", m.Columns.Created}, {"closed", m.Columns.Closed},
		{"category", m.Columns.Category}, {"agency", m.Columns.Agency}, {"area", m.Columns.Area}, {"status", m.Columns.Status},
		{"transfers", m.Columns.Transfers}, {"work_start", m.Columns.WorkStart}} {
		if c.v == "" {
			continue
		}
		if k, dup := cols[c.v]; dup {
			ps = append(ps, Problem{File: name, Line: idx["columns\x00"+c.key], Key: "columns." + c.key, Msg: fmt.Sprintf("column %q is already columns.%s", c.v, k)})
		}
		cols[c.v] = c.key
	}
	for _, st := range m.DropStatuses {
		if slices.Contains(m.OpenStatuses, st) {
			ps = append(ps, Problem{File: name, Line: idx["drop_statuses"], Key: "drop_statuses", Msg: fmt.Sprintf("%q is also in open_statuses: a case cannot be both open and not handled", st)})
		}
	}
	if m.AsOf != "" {
		if _, err := m.ParseTime(m.AsOf); err != nil {
			ps = append(ps, Problem{File: name, Line: idx["as_of"], Key: "as_of", Msg: fmt.Sprintf("not a time in time_format %q: %v", m.TimeFormat, err)})
		}
	}
	if m.TransferTime != "" {
		d, err := dist.Parse(m.TransferTime, dist.Duration, nil)
		switch {
		case err != nil:
			ps = append(ps, Problem{File: name, Line: idx["transfer_time"], Key: "transfer_time", Msg: fmt.Sprintf("want a duration or distribution (\"4h\", \"exp(2h)\"): %v", err)})
		case m.Columns.Transfers == "":
			ps = append(ps, Problem{File: name, Line: idx["transfer_time"], Key: "transfer_time", Msg: "needs columns.transfers (the transfers it times)"})
		default:
			m.Transfer = d
		}
	}
	for a, d := range m.Departments {
		if d == "" || strings.ContainsAny(d, ".=") {
			ps = append(ps, Problem{File: name, Key: "departments." + a, Msg: fmt.Sprintf("not a department name: %q", d)})
		}
	}
	if len(ps) > 0 {
		return nil, &Error{sortProblems(ps)}
	}
	return m, nil
}
