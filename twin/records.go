package twin

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

// BadReason is why a row was not used (or used only in part).
type BadReason uint8

const (
	BadCSV                 BadReason = iota // the line is not valid CSV
	BadShort                                // fewer fields than the mapped columns need
	BadCreatedBlank                         // created time blank
	BadCreated                              // created time unparseable
	BadClosed                               // closed time present but unparseable (row kept as an arrival)
	BadClosedBeforeCreated                  // closed before created (row kept as an arrival)
	BadWorkStart                            // work-start time present but unparseable (created used instead)
	BadCategory                             // category blank
	BadArea                                 // area blank (row kept for category rates, not area rates)
	BadDuplicate                            // the id was seen before (the repeat is dropped)
	BadTransfers                            // transfers not a count ≥ 0 (counted as 0)
	numBad
)

var badNames = [...]string{"malformed CSV line", "too few fields", "created time blank", "created time unparseable",
	"closed time unparseable (kept as an arrival, no delay)", "closed before created (kept as an arrival, no delay)",
	"work-start unparseable (created used)", "category blank", "area blank (kept, not in area rates)", "duplicate id (repeat dropped)",
	"transfers not a count (counted as 0)"}

func (b BadReason) String() string { return badNames[b] }

// MaxExamples is how many examples of each reason are kept.
const MaxExamples = 3

// MaxIDs is how many distinct ids duplicate detection holds exactly (a
// 64-bit hash each); ids after that are checked against those held but
// not added.
const MaxIDs = 10_000_000

// ReservoirCap is the most durations kept per (category, agency) cell.
const ReservoirCap = 100_000

type cellKey struct{ cat, agency string }

// Transfers summarises a transfers column: N records with it (blank
// counts as 0), Any of them transferred at least once, Sum transfers.
type Transfers struct{ N, Any, Sum int }

// Share is the share of records transferred at least once.
func (t Transfers) Share() float64 { return float64(t.Any) / float64(t.N) }

// Mean is the mean number of transfers per record.
func (t Transfers) Mean() float64 { return float64(t.Sum) / float64(t.N) }

// cell accumulates one (category, agency).
type cell struct {
	n, handled, censored, dropped int
	seen                          int // durations offered to the reservoir
	// daily counts arrivals by local day (localDay), for the dispersion of
	// daily counts (DailyDispersion)
	daily map[int32]int32
	tr    Transfers
	x     []float64
	cens  []bool // censored: x holds the created time, minutes since the Unix epoch, until Finish
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
	Mapping *scenarios.Mapping
	Files   []string
	Rows    int // data rows read
	Used    int // rows counted as arrivals
	Bad     [numBad]int
	// Examples holds up to MaxExamples rows of each reason: "file:line: value".
	Examples [numBad][]string
	// IDsFull: more than MaxIDs distinct ids, so later ones were not held.
	IDsFull bool
	ids     map[uint64]struct{}
	// Pooled counts the categories, agencies and areas pooled by ReadFiles.
	Pooled                            [3]int
	keepCats, keepAgencies, keepAreas map[string]bool
	guard                             *guard
	Start                             time.Time // earliest created
	End                               time.Time // latest created
	Latest                            time.Time // latest timestamp of any kind (the default as_of)
	// Outside counts rows whose created time is outside the window set by
	// SetWindow (not used, not bad).
	Outside  int
	from, to time.Time
	cells    map[cellKey]*cell
	cats     map[string]*category
	rng      *rand.Rand
	asOf     time.Time
	hasClose bool
}

// NewRecords starts an empty summary.
func NewRecords(m *scenarios.Mapping) *Records {
	rs := &Records{Mapping: m, cells: map[cellKey]*cell{}, cats: map[string]*category{}, rng: rand.New(rand.NewPCG(0x7431, 0x1)), ids: map[uint64]struct{}{}}
	if m.AsOf != "" {
		rs.asOf, _ = m.ParseTime(m.AsOf)
	}
	return rs
}

// SetWindow keeps only records created in [from, to) (a zero time is no
// bound). With a to bound the records are seen as of to: cases closed
// after it count as open then, censored at to — what was known at that
// time, as a backtest needs.
func (rs *Records) SetWindow(from, to time.Time) {
	rs.from, rs.to = from, to
	if !to.IsZero() {
		rs.asOf = to
	}
}

// columns are the indices of the mapped columns in one file (−1: absent).
type columns struct {
	id, created, closed, category, agency, area, status, transfers, workStart int
	need                                                                      int // fields a row must have
	header                                                                    []string
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

// Names of the pools of values beyond the limits.
const (
	OtherCategory = "(other)"          // categories beyond the mapping's top_categories
	OtherAgency   = "(other agencies)" // agencies beyond MaxAgencies
	OtherArea     = "(other areas)"    // areas beyond MaxAreas
)

// MaxAgencies is the most agencies kept apart (by records); the rest are
// pooled.
const MaxAgencies = 100

// ReadFiles reads files in two passes: the first counts the categories,
// agencies and areas, the second reads the records keeping the mapping's
// top_categories categories, MaxAgencies agencies and MaxAreas areas by
// records (ties by name) and pooling the rest (OtherCategory, …), so
// memory and the fragment stay bounded however many distinct values the
// records hold.
//
// The first pass is skipped while the limits hold: the files are read once
// with the distinct values counted, and only when a limit is passed is the
// summary restarted with both passes.
func (rs *Records) ReadFiles(paths []string) error {
	fresh := *rs
	rs.guard = &guard{agencies: map[string]bool{}, areas: map[string]bool{}}
	err := rs.readAll(paths)
	rs.guard = nil
	if err != errTooMany {
		return err
	}
	*rs = fresh
	rs.cells, rs.cats, rs.ids = map[cellKey]*cell{}, map[string]*category{}, map[uint64]struct{}{}
	rs.rng = rand.New(rand.NewPCG(0x7431, 0x1))
	count := [3]map[string]int{{}, {}, {}}
	for _, p := range paths {
		if err := rs.prescan(p, count); err != nil {
			return err
		}
	}
	top := func(c map[string]int, n int) map[string]bool {
		if len(c) <= n {
			return nil
		}
		names := slices.Sorted(mapsKeys(c))
		slices.SortStableFunc(names, func(a, b string) int { return c[b] - c[a] })
		keep := make(map[string]bool, n)
		for _, v := range names[:n] {
			keep[v] = true
		}
		return keep
	}
	rs.keepCats, rs.keepAgencies, rs.keepAreas = top(count[0], rs.Mapping.TopCategories), top(count[1], MaxAgencies), top(count[2], MaxAreas)
	rs.Pooled = [3]int{max(len(count[0])-rs.Mapping.TopCategories, 0), max(len(count[1])-MaxAgencies, 0), max(len(count[2])-MaxAreas, 0)}
	count = [3]map[string]int{}
	runtime.GC() // the counts of a million distinct values go before the second pass grows
	return rs.readAll(paths)
}

func (rs *Records) readAll(paths []string) error {
	for _, p := range paths {
		if err := rs.ReadFile(p); err != nil {
			return err
		}
	}
	return nil
}

// guard watches the distinct values of a single pass of ReadFiles.
type guard struct {
	agencies, areas map[string]bool
}

var errTooMany = errors.New("twin: too many distinct values for one pass")

// over says whether a value passes a limit of the single pass.
func (rs *Records) over(cat, agency, area string) bool {
	g := rs.guard
	if _, ok := rs.cats[cat]; !ok && len(rs.cats) >= rs.Mapping.TopCategories {
		return true
	}
	if !g.agencies[agency] {
		if len(g.agencies) >= MaxAgencies {
			return true
		}
		g.agencies[agency] = true
	}
	if area != "" && !g.areas[area] {
		if len(g.areas) >= MaxAreas {
			return true
		}
		g.areas[area] = true
	}
	return false
}

// prescan counts the category, agency and area values of one file.
func (rs *Records) prescan(path string, count [3]map[string]int) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("twin: %w", err)
	}
	defer f.Close()
	r, err := sniff(path, f)
	if err != nil {
		return err
	}
	cr := csv.NewReader(r)
	cr.Comma = []rune(rs.Mapping.Comma)[0]
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		return nil // the second pass reports it
	}
	cols, err := resolveColumns(path, append([]string(nil), header...), rs.Mapping)
	if err != nil {
		return err
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				continue
			}
			return fmt.Errorf("twin: %s: %w", path, err)
		}
		if len(rec) < cols.need {
			continue
		}
		for i, c := range []int{cols.category, cols.agency, cols.area} {
			if c >= 0 {
				if v := strings.TrimSpace(rec[c]); v != "" {
					count[i][v]++
				}
			}
		}
	}
}

// ReadFile streams one file of records into rs. A gzip file is
// decompressed; other binary files (zip archives such as .xlsx, PDF, any
// file with NUL bytes at its start) are refused. A file given twice is
// refused.
func (rs *Records) ReadFile(path string) error {
	for _, f := range rs.Files {
		if sameFile(f, path) {
			return fmt.Errorf("twin: %s: given twice (it would count every record twice)", path)
		}
	}
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("twin: %w", err)
	}
	defer f.Close()
	return rs.Read(path, f)
}

func sameFile(a, b string) bool {
	fa, err1 := os.Stat(a)
	fb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(fa, fb)
}

// sniff returns a reader of the records: r itself, or r decompressed if it
// is gzip; an error if it is another binary format.
func sniff(name string, r io.Reader) (io.Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(512)
	switch {
	case len(head) >= 2 && head[0] == 0x1f && head[1] == 0x8b:
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, fmt.Errorf("twin: %s: a broken gzip file: %w", name, err)
		}
		return sniff(name, zr)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return nil, fmt.Errorf("twin: %s: a zip archive (an .xlsx workbook?), not CSV: export it as CSV or unzip it", name)
	case bytes.HasPrefix(head, []byte("%PDF")):
		return nil, fmt.Errorf("twin: %s: a PDF file, not CSV", name)
	case bytes.HasPrefix(head, []byte("BZh")) || bytes.HasPrefix(head, []byte("\xfd7zXZ")) || bytes.HasPrefix(head, []byte("\x28\xb5\x2f\xfd")):
		return nil, fmt.Errorf("twin: %s: compressed (bzip2, xz or zstd), not CSV: decompress it (gzip is read as it is)", name)
	case bytes.IndexByte(head, 0) >= 0:
		return nil, fmt.Errorf("twin: %s: a binary file (NUL bytes at its start), not CSV; a UTF-16 export must be saved as UTF-8", name)
	}
	return br, nil
}

// Read streams records from r (named name in errors) into rs.
func (rs *Records) Read(name string, r io.Reader) error {
	m := rs.Mapping
	r, err := sniff(name, r)
	if err != nil {
		return err
	}
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
	cols.header = header
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
				rs.bad(BadCSV, name, pe.StartLine, pe.Err.Error())
				continue
			}
			return fmt.Errorf("twin: %s: %w", name, err)
		}
		rs.Rows++
		line, _ := cr.FieldPos(0)
		if len(rec) < cols.need {
			rs.bad(BadShort, name, line, fmt.Sprintf("%d fields, need %d", len(rec), cols.need))
			continue
		}
		if err := rs.row(rec, &cols, open, drop, name, line); err != nil {
			return err
		}
	}
}

// bad counts a row under reason r and keeps it as an example.
func (rs *Records) bad(r BadReason, file string, line int, v string) {
	rs.Bad[r]++
	if len(rs.Examples[r]) < MaxExamples {
		if len(v) > 60 {
			v = v[:60] + "…"
		}
		rs.Examples[r] = append(rs.Examples[r], fmt.Sprintf("%s:%d: %q", file, line, v))
	}
}

// BadSummary lists the reasons with counts and examples, one per line.
func (rs *Records) BadSummary() string {
	var b strings.Builder
	for r := BadReason(0); r < numBad; r++ {
		if rs.Bad[r] > 0 {
			fmt.Fprintf(&b, "  %s: %d (e.g. %s)\n", r, rs.Bad[r], strings.Join(rs.Examples[r], "; "))
		}
	}
	return b.String()
}

func (rs *Records) parse(s string) (time.Time, bool, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, false, nil
	}
	t, err := rs.Mapping.ParseTime(s)
	var ze *scenarios.ZoneError
	if errors.As(err, &ze) {
		return t, false, err
	}
	return t, err == nil, nil
}

// fnv64 is the FNV-1a hash of s.
func fnv64(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

func minutes(t time.Time) float64 { return float64(t.UnixNano()) / 6e10 }

func (rs *Records) row(rec []string, c *columns, open, drop map[string]bool, file string, line int) error {
	zone := func(col int, err error) error {
		return fmt.Errorf("twin: %s:%d: column %q: %w", file, line, c.header[col], err)
	}
	cs := strings.TrimSpace(rec[c.created])
	created, ok, err := rs.parse(cs)
	if err != nil {
		return zone(c.created, err)
	}
	if !ok {
		if cs == "" {
			rs.bad(BadCreatedBlank, file, line, cs)
		} else {
			rs.bad(BadCreated, file, line, cs)
		}
		return nil
	}
	if !rs.from.IsZero() && created.Before(rs.from) || !rs.to.IsZero() && !created.Before(rs.to) {
		rs.Outside++
		return nil
	}
	if c.id >= 0 {
		id := strings.TrimSpace(rec[c.id])
		h := fnv64(id)
		if _, dup := rs.ids[h]; dup {
			rs.bad(BadDuplicate, file, line, id)
			return nil
		}
		if len(rs.ids) < MaxIDs {
			rs.ids[h] = struct{}{}
		} else {
			rs.IDsFull = true
		}
	}
	catName := strings.TrimSpace(rec[c.category])
	if catName == "" {
		rs.bad(BadCategory, file, line, "")
		return nil
	}
	if rs.keepCats != nil && !rs.keepCats[catName] {
		catName = OtherCategory
	}
	agency := "agency"
	if c.agency >= 0 {
		if a := strings.TrimSpace(rec[c.agency]); a != "" {
			agency = a
			if rs.keepAgencies != nil && !rs.keepAgencies[a] {
				agency = OtherAgency
			}
		}
	}
	if rs.guard != nil {
		area := ""
		if c.area >= 0 {
			area = strings.TrimSpace(rec[c.area])
		}
		if rs.over(catName, agency, area) {
			return errTooMany
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
			if rs.keepAreas != nil && !rs.keepAreas[a] {
				a = OtherArea
			}
			cat.areas[a]++
		} else {
			rs.bad(BadArea, file, line, "")
		}
	}
	k := cellKey{catName, agency}
	cl := rs.cells[k]
	if cl == nil {
		cl = &cell{}
		rs.cells[k] = cl
	}
	cl.n++
	if cl.daily == nil {
		cl.daily = map[int32]int32{}
	}
	cl.daily[localDay(created)]++
	hop := 0.0 // minutes of routing the twin simulates: (transfers + 1) × transfer_time
	if c.transfers >= 0 {
		k := 0
		if s := strings.TrimSpace(rec[c.transfers]); s != "" {
			var err error
			if k, err = strconv.Atoi(s); err != nil || k < 0 {
				if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && f >= 0 && f == math.Trunc(f) && f < 1e6 {
					k = int(f) // "2.0"
				} else {
					rs.bad(BadTransfers, file, line, s)
					k = 0
				}
			}
		}
		cl.tr.N++
		cl.tr.Sum += k
		if k > 0 {
			cl.tr.Any++
		}
		if rs.Mapping.TransferTime != "" {
			hop = float64(k+1) * rs.Mapping.Transfer.Mean()
		}
	}
	status := ""
	if c.status >= 0 {
		status = strings.TrimSpace(rec[c.status])
	}
	if drop[status] {
		cl.dropped++
		return nil
	}
	start := created
	if c.workStart >= 0 {
		if s := strings.TrimSpace(rec[c.workStart]); s != "" {
			t, ok, err := rs.parse(s)
			if err != nil {
				return zone(c.workStart, err)
			}
			if ok {
				start = t
			} else {
				rs.bad(BadWorkStart, file, line, s)
			}
		}
	}
	closedStr := ""
	if c.closed >= 0 {
		closedStr = strings.TrimSpace(rec[c.closed])
	}
	if open[status] || closedStr == "" {
		cl.censored++
		cl.offer(minutes(start)+hop, true, rs.rng)
		return nil
	}
	closed, ok, err := rs.parse(closedStr)
	if err != nil {
		return zone(c.closed, err)
	}
	if !ok {
		rs.bad(BadClosed, file, line, closedStr)
		return nil
	}
	if closed.Before(start) {
		rs.bad(BadClosedBeforeCreated, file, line, rec[c.created]+" → "+closedStr)
		return nil
	}
	if !rs.asOf.IsZero() && closed.After(rs.asOf) {
		// closed after as_of: still open then
		cl.censored++
		cl.offer(minutes(start)+hop, true, rs.rng)
		return nil
	}
	if closed.After(rs.Latest) {
		rs.Latest = closed
	}
	cl.handled++
	// the handling delay: what is left after the routing the twin simulates
	cl.offer(math.Max(0, closed.Sub(start).Minutes()-hop), false, rs.rng)
	return nil
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
