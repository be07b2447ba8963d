package twin

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"strings"
	"time"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

// BadReason is why a row was not used (or used only in part).
type BadReason uint8

const (
	BadCSV                 BadReason = iota // the line is not valid CSV
	BadShort                                // fewer fields than the mapped columns need
	BadCreated                              // created time blank or unparseable
	BadClosed                               // closed time present but unparseable (row kept as an arrival)
	BadClosedBeforeCreated                  // closed before created (row kept as an arrival)
	BadWorkStart                            // work-start time present but unparseable (created used instead)
	BadCategory                             // category blank
	BadArea                                 // area blank (row kept for category rates, not area rates)
	numBad
)

var badNames = [...]string{"malformed CSV line", "too few fields", "created time blank or unparseable", "closed time unparseable (kept as an arrival, no delay)", "closed before created (kept as an arrival, no delay)", "work-start unparseable (created used)", "category blank", "area blank (kept, not in area rates)"}

func (b BadReason) String() string { return badNames[b] }

// ReservoirCap is the most durations kept per (category, agency) cell.
const ReservoirCap = 100_000

type cellKey struct{ cat, agency string }

// cell accumulates one (category, agency).
type cell struct {
	n, handled, censored, dropped int
	seen                          int // durations offered to the reservoir
	x                             []float64
	cens                          []bool // censored: x holds the created time, minutes since the Unix epoch, until Finish
}

func (c *cell) offer(x float64, censored bool, r *rand.Rand) {
	c.seen++
	if len(c.x) < ReservoirCap {
		c.x = append(c.x, x)
		c.cens = append(c.cens, censored)
		return
	}
	if j := r.IntN(c.seen); j < ReservoirCap {
		c.x[j], c.cens[j] = x, censored
	}
}

// category accumulates one category over all agencies.
type category struct {
	n        int
	hours    [24]int
	weekdays [7]int // Monday first
	areas    map[string]int
}

// Records is the streaming summary of case records: counts, profiles and a
// bounded reservoir of durations per cell. Memory grows with the number of
// distinct categories, agencies and areas, not with the number of rows.
type Records struct {
	Mapping  *scenarios.Mapping
	Files    []string
	Rows     int // data rows read
	Used     int // rows counted as arrivals
	Bad      [numBad]int
	Start    time.Time // earliest created
	End      time.Time // latest created
	Latest   time.Time // latest timestamp of any kind (the default as_of)
	cells    map[cellKey]*cell
	cats     map[string]*category
	rng      *rand.Rand
	asOf     time.Time
	hasClose bool
}

// NewRecords starts an empty summary.
func NewRecords(m *scenarios.Mapping) *Records {
	rs := &Records{Mapping: m, cells: map[cellKey]*cell{}, cats: map[string]*category{}, rng: rand.New(rand.NewPCG(0x7431, 0x1))}
	if m.AsOf != "" {
		rs.asOf, _ = m.ParseTime(m.AsOf)
	}
	return rs
}

// columns are the indices of the mapped columns in one file (−1: absent).
type columns struct {
	id, created, closed, category, agency, area, status, transfers, workStart int
	need                                                                      int // fields a row must have
}

func resolveColumns(file string, header []string, m *scenarios.Mapping) (columns, error) {
	idx := map[string]int{}
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		if _, dup := idx[h]; !dup {
			idx[h] = i
		}
	}
	var missing []string
	get := func(key, name string) int {
		if name == "" {
			return -1
		}
		i, ok := idx[name]
		if !ok {
			missing = append(missing, fmt.Sprintf("columns.%s = %q", key, name))
			return -1
		}
		return i
	}
	mc := m.Columns
	c := columns{id: get("id", mc.ID), created: get("created", mc.Created), closed: get("closed", mc.Closed),
		category: get("category", mc.Category), agency: get("agency", mc.Agency), area: get("area", mc.Area),
		status: get("status", mc.Status), transfers: get("transfers", mc.Transfers), workStart: get("work_start", mc.WorkStart)}
	if len(missing) > 0 {
		return c, fmt.Errorf("twin: %s: the mapping names columns that are not in the header: %s (the header has: %s)",
			file, strings.Join(missing, ", "), strings.Join(header, ", "))
	}
	for _, i := range []int{c.id, c.created, c.closed, c.category, c.agency, c.area, c.status, c.transfers, c.workStart} {
		c.need = max(c.need, i+1)
	}
	return c, nil
}

// ReadFile streams one file of records into rs.
func (rs *Records) ReadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("twin: %w", err)
	}
	defer f.Close()
	return rs.Read(path, f)
}

// Read streams records from r (named name in errors) into rs.
func (rs *Records) Read(name string, r io.Reader) error {
	m := rs.Mapping
	cr := csv.NewReader(r)
	cr.Comma = []rune(m.Comma)[0]
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return fmt.Errorf("twin: %s: empty file (no header line)", name)
	}
	if err != nil {
		return fmt.Errorf("twin: %s: reading the header: %w", name, err)
	}
	header = append([]string(nil), header...)
	cols, err := resolveColumns(name, header, m)
	if err != nil {
		return err
	}
	rs.Files = append(rs.Files, name)
	rs.hasClose = rs.hasClose || cols.closed >= 0
	open := map[string]bool{}
	for _, s := range m.OpenStatuses {
		open[s] = true
	}
	drop := map[string]bool{}
	for _, s := range m.DropStatuses {
		drop[s] = true
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				rs.Rows++
				rs.Bad[BadCSV]++
				continue
			}
			return fmt.Errorf("twin: %s: %w", name, err)
		}
		rs.Rows++
		if len(rec) < cols.need {
			rs.Bad[BadShort]++
			continue
		}
		rs.row(rec, &cols, open, drop)
	}
}

func (rs *Records) parse(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false
	}
	t, err := rs.Mapping.ParseTime(s)
	return t, err == nil
}

func minutes(t time.Time) float64 { return float64(t.UnixNano()) / 6e10 }

func (rs *Records) row(rec []string, c *columns, open, drop map[string]bool) {
	created, ok := rs.parse(rec[c.created])
	if !ok {
		rs.Bad[BadCreated]++
		return
	}
	catName := strings.TrimSpace(rec[c.category])
	if catName == "" {
		rs.Bad[BadCategory]++
		return
	}
	agency := "agency"
	if c.agency >= 0 {
		if a := strings.TrimSpace(rec[c.agency]); a != "" {
			agency = a
		}
	}
	rs.Used++
	if rs.Start.IsZero() || created.Before(rs.Start) {
		rs.Start = created
	}
	if created.After(rs.End) {
		rs.End = created
	}
	if created.After(rs.Latest) {
		rs.Latest = created
	}
	cat := rs.cats[catName]
	if cat == nil {
		cat = &category{areas: map[string]int{}}
		rs.cats[catName] = cat
	}
	cat.n++
	cat.hours[created.Hour()]++
	cat.weekdays[(int(created.Weekday())+6)%7]++
	if c.area >= 0 {
		if a := strings.TrimSpace(rec[c.area]); a != "" {
			cat.areas[a]++
		} else {
			rs.Bad[BadArea]++
		}
	}
	k := cellKey{catName, agency}
	cl := rs.cells[k]
	if cl == nil {
		cl = &cell{}
		rs.cells[k] = cl
	}
	cl.n++
	status := ""
	if c.status >= 0 {
		status = strings.TrimSpace(rec[c.status])
	}
	if drop[status] {
		cl.dropped++
		return
	}
	start := created
	if c.workStart >= 0 {
		if s := strings.TrimSpace(rec[c.workStart]); s != "" {
			if t, ok := rs.parse(s); ok {
				start = t
			} else {
				rs.Bad[BadWorkStart]++
			}
		}
	}
	closedStr := ""
	if c.closed >= 0 {
		closedStr = strings.TrimSpace(rec[c.closed])
	}
	if open[status] || closedStr == "" {
		cl.censored++
		cl.offer(minutes(start), true, rs.rng)
		return
	}
	closed, ok := rs.parse(closedStr)
	if !ok {
		rs.Bad[BadClosed]++
		return
	}
	if closed.Before(start) {
		rs.Bad[BadClosedBeforeCreated]++
		return
	}
	if closed.After(rs.Latest) {
		rs.Latest = closed
	}
	cl.handled++
	cl.offer(closed.Sub(start).Minutes(), false, rs.rng)
}

// AsOf is the censoring time: the mapping's as_of, or the latest timestamp
// in the records.
func (rs *Records) AsOf() time.Time {
	if !rs.asOf.IsZero() {
		return rs.asOf
	}
	return rs.Latest
}

// sample returns a cell's durations with censored ones measured to as_of.
func (rs *Records) sample(c *cell) *Sample {
	asOf := minutes(rs.AsOf())
	s := &Sample{X: make([]float64, len(c.x)), Censored: append([]bool(nil), c.cens...)}
	for i, x := range c.x {
		if c.cens[i] {
			x = math.Max(asOf-x, 0)
		}
		s.X[i] = x
	}
	return s
}
