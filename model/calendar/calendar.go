package calendar

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
)

// Week is the length of a week in minutes; t = 0 is Monday 00:00.
const (
	Hour = 60.0
	Day  = 24 * Hour
	Week = 7 * Day
)

// weekMinutes is Week as an int, for minute-resolution tables.
const weekMinutes = 7 * 24 * 60

// Calendar is an immutable weekly opening schedule. Build one with Always
// or Parse; the zero Calendar is never open. Its methods do not allocate
// (except Specs and String) and are safe for concurrent use.
type Calendar struct {
	always bool
	// start and end are the open intervals of one week, in minutes from
	// Monday 00:00: sorted, disjoint and not touching (touching intervals
	// are merged when parsed), each within [0, Week].
	start, end []float64
	// cum[i] is the open time of the week before start[i]; cum[len(start)]
	// is the week's open time.
	cum []float64
	// wrap: open across the week boundary (Sunday 24:00 = Monday 00:00),
	// so the last interval of a week continues into the first of the next.
	wrap bool
	days int // weekdays with any opening
}

var always = &Calendar{always: true, days: 7}

// Always returns the 24/7 calendar.
func Always() *Calendar { return always }

// Parse reads "24/7" or a list of "Mon-Fri 09:00-12:00" style intervals.
//
// An interval is a set of days — Mon Tue Wed Thu Fri Sat Sun (any case),
// ranges "Mon-Fri", lists "Mon,Wed,Fri" or "Mon-Wed,Sat", or "daily" — and
// a time range HH:MM-HH:MM within one day, "24:00" allowed as its end. The
// calendar is open on the union of the intervals; "24/7" must be alone.
// A schedule that turns out open all week is the 24/7 calendar.
func Parse(specs []string) (*Calendar, error) {
	if len(specs) == 0 {
		return nil, errors.New(`calendar: no opening hours (want "24/7" or intervals like "Mon-Fri 09:00-17:00")`)
	}
	var open [weekMinutes]bool
	for _, spec := range specs {
		if strings.TrimSpace(spec) == "24/7" {
			if len(specs) != 1 {
				return nil, errors.New(`calendar: "24/7" must be the only entry`)
			}
			return Always(), nil
		}
		days, from, to, err := parseInterval(spec)
		if err != nil {
			return nil, fmt.Errorf("calendar: %q: %v", spec, err)
		}
		for d := range 7 {
			if days&(1<<d) != 0 {
				for m := d*1440 + from; m < d*1440+to; m++ {
					open[m] = true
				}
			}
		}
	}
	return fromMinutes(&open), nil
}

// fromMinutes builds a calendar from a minute-by-minute open table.
func fromMinutes(open *[weekMinutes]bool) *Calendar {
	c := &Calendar{}
	for m := 0; m < weekMinutes; {
		if !open[m] {
			m++
			continue
		}
		s := m
		for m < weekMinutes && open[m] {
			m++
		}
		c.start = append(c.start, float64(s))
		c.end = append(c.end, float64(m))
	}
	n := len(c.start)
	if n == 1 && c.start[0] == 0 && c.end[0] == Week {
		return Always()
	}
	c.cum = make([]float64, n+1)
	for i := range n {
		c.cum[i+1] = c.cum[i] + c.end[i] - c.start[i]
	}
	c.wrap = n > 0 && c.start[0] == 0 && c.end[n-1] == Week
	for d := range 7 {
		if slices.Contains(open[d*1440:(d+1)*1440], true) {
			c.days++
		}
	}
	return c
}

var dayNames = [7]string{"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"}

// parseInterval reads "Mon-Fri 09:00-12:00" into a day mask (bit 0 =
// Monday) and minutes of the day [from, to). Its errors say what is wrong,
// without naming the spec.
func parseInterval(spec string) (days uint8, from, to int, err error) {
	fail := func(format string, args ...any) (uint8, int, int, error) {
		return 0, 0, 0, fmt.Errorf(format, args...)
	}
	i := strings.IndexAny(spec, "0123456789")
	if i < 0 {
		return fail("want days and HH:MM-HH:MM")
	}
	dayPart := strings.ToLower(strings.Join(strings.Fields(spec[:i]), ""))
	timePart := strings.Join(strings.Fields(spec[i:]), "")
	if dayPart == "" {
		return fail("missing days (Mon-Fri, Sat, daily, ...)")
	}
	for _, item := range strings.Split(dayPart, ",") {
		if item == "daily" {
			days |= 0x7f
			continue
		}
		a, b, isRange := strings.Cut(item, "-")
		lo, ok1 := dayIndex(a)
		hi, ok2 := lo, true
		if isRange {
			hi, ok2 = dayIndex(b)
		}
		if !ok1 || !ok2 {
			return fail("unknown day %q (want Mon, Tue, Wed, Thu, Fri, Sat, Sun, a range Mon-Fri, or daily)", item)
		}
		if hi < lo {
			return fail("day range %q goes backwards", item)
		}
		for d := lo; d <= hi; d++ {
			days |= 1 << d
		}
	}
	a, b, ok := strings.Cut(timePart, "-")
	if !ok {
		return fail("want HH:MM-HH:MM")
	}
	from, ok1 := clock(a)
	to, ok2 := clock(b)
	if !ok1 || !ok2 || from == 1440 {
		return fail("want HH:MM-HH:MM between 00:00 and 24:00")
	}
	if to <= from {
		return fail("end must be after start")
	}
	return days, from, to, nil
}

func dayIndex(s string) (int, bool) {
	for d, n := range dayNames {
		if strings.EqualFold(s, n) {
			return d, true
		}
	}
	return 0, false
}

// clock reads "H:MM" or "HH:MM" (00:00 to 24:00) as minutes of the day.
func clock(s string) (int, bool) {
	h, m, ok := strings.Cut(s, ":")
	if !ok || len(h) < 1 || len(h) > 2 || len(m) != 2 {
		return 0, false
	}
	hh, mm := 0, 0
	for _, ch := range h {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		hh = 10*hh + int(ch-'0')
	}
	for _, ch := range m {
		if ch < '0' || ch > '9' {
			return 0, false
		}
		mm = 10*mm + int(ch-'0')
	}
	if mm > 59 || hh > 24 || (hh == 24 && mm != 0) {
		return 0, false
	}
	return hh*60 + mm, true
}

// split writes t as w·Week + off with w whole and 0 ≤ off < Week. Both
// parts are exact (off = t − w·Week loses nothing), so times far from 0 are
// handled as precisely as their float representation allows.
func split(t float64) (w, off float64) {
	w = math.Floor(t / Week)
	off = t - w*Week
	if off < 0 {
		w--
		off += Week
	}
	if off >= Week { // t/Week rounded down, or the line above rounded up
		w++
		off = max(0, off-Week)
	}
	return w, off
}

// locate returns the index of the last interval starting at or before off,
// -1 if none.
func (c *Calendar) locate(off float64) int {
	lo, hi := 0, len(c.start)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.start[m] <= off {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo - 1
}

// cumAt returns the open time in [0, off) of a week.
func (c *Calendar) cumAt(off float64) float64 {
	i := c.locate(off)
	if i < 0 {
		return 0
	}
	return c.cum[i] + min(off, c.end[i]) - c.start[i]
}

// AlwaysOpen reports whether c is open all week.
func (c *Calendar) AlwaysOpen() bool { return c.always }

// IsOpen reports whether c is open at t.
func (c *Calendar) IsOpen(t float64) bool {
	if c.always {
		return true
	}
	_, off := split(t)
	i := c.locate(off)
	return i >= 0 && off < c.end[i]
}

// NextOpen returns t if c is open at t, else the next opening after t
// (+Inf if c is never open).
func (c *Calendar) NextOpen(t float64) float64 {
	if c.always || math.IsInf(t, 0) || math.IsNaN(t) {
		return t
	}
	if len(c.start) == 0 {
		return math.Inf(1)
	}
	w, off := split(t)
	i := c.locate(off)
	if i >= 0 && off < c.end[i] {
		return t
	}
	if i+1 < len(c.start) {
		return w*Week + c.start[i+1]
	}
	return (w+1)*Week + c.start[0]
}

// NextClose returns, if c is open at t, the end of the open stretch
// containing t (an opening that continues past midnight or past Sunday
// 24:00 is one stretch); +Inf for the 24/7 calendar. If c is closed at t it
// returns t.
func (c *Calendar) NextClose(t float64) float64 {
	if c.always {
		return math.Inf(1)
	}
	if math.IsInf(t, 0) || math.IsNaN(t) {
		return t
	}
	w, off := split(t)
	i := c.locate(off)
	if i < 0 || off >= c.end[i] {
		return t
	}
	if c.wrap && i == len(c.start)-1 {
		return (w+1)*Week + c.end[0]
	}
	return w*Week + c.end[i]
}

// NextChange returns the first time after t at which c opens or closes;
// +Inf if it never does.
func (c *Calendar) NextChange(t float64) float64 {
	if c.always || len(c.start) == 0 {
		return math.Inf(1)
	}
	if c.IsOpen(t) {
		return c.NextClose(t)
	}
	return c.NextOpen(t)
}

// OpenMinutes returns the open time in [a, b) (0 if b ≤ a). Whole weeks
// are counted arithmetically.
func (c *Calendar) OpenMinutes(a, b float64) float64 {
	if !(b > a) {
		return 0
	}
	if c.always {
		return b - a
	}
	if len(c.start) == 0 {
		return 0
	}
	if math.IsInf(b, 1) || math.IsInf(a, -1) {
		return math.Inf(1)
	}
	wa, oa := split(a)
	wb, ob := split(b)
	return (wb-wa)*c.WeeklyOpen() + (c.cumAt(ob) - c.cumAt(oa))
}

// AddWork returns the earliest time T ≥ t at which c has been open for
// work minutes since t: when work started at t and paused while c is
// closed finishes. Whole weeks of work are skipped arithmetically. AddWork
// returns t for work ≤ 0 and +Inf if c is never open.
func (c *Calendar) AddWork(t, work float64) float64 {
	if !(work > 0) {
		return t
	}
	if c.always {
		return t + work
	}
	open := c.WeeklyOpen()
	if open == 0 || math.IsInf(work, 1) || math.IsInf(t, 0) || math.IsNaN(t) {
		return math.Inf(1)
	}
	w, off := split(t)
	// Work counted from the start of week w, as whole weeks k plus rem.
	k := math.Floor(work / open)
	rem := c.cumAt(off) + (work - k*open)
	for rem > open {
		k++
		rem -= open
	}
	for rem <= 0 { // only by rounding
		k--
		rem += open
	}
	// The first interval whose end reaches rem: ending exactly at an
	// interval's end means finishing there, not at the next opening.
	lo, hi := 0, len(c.start)-1
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if c.cum[m+1] >= rem {
			hi = m
		} else {
			lo = m + 1
		}
	}
	in := c.start[lo] + (rem - c.cum[lo])
	return max(t, (w+k)*Week+min(in, c.end[lo]))
}

// WeeklyOpen returns the open time of one week in minutes.
func (c *Calendar) WeeklyOpen() float64 {
	if c.always {
		return Week
	}
	if len(c.cum) == 0 {
		return 0
	}
	return c.cum[len(c.cum)-1]
}

// WorkDay returns the length of one working day: the weekly open time
// divided by the number of weekdays with any opening (1440 for 24/7, 420 for
// Mon–Fri 09:00–12:00 and 13:30–17:30). 0 if c is never open.
func (c *Calendar) WorkDay() float64 {
	if c.days == 0 {
		return 0
	}
	return c.WeeklyOpen() / float64(c.days)
}

// Specs returns canonical interval specs that Parse reads back to an equal
// calendar: ["24/7"], or one entry per distinct daily time range with the
// days it applies to, ordered by first day and time
// (["Mon-Fri 09:00-12:00", "Mon-Fri 13:30-17:30", "Sat 09:00-12:00"]).
func (c *Calendar) Specs() []string {
	if c.always {
		return []string{"24/7"}
	}
	var ps pieces
	for i := range c.start {
		s, e := int(c.start[i]), int(c.end[i])
		for d := s / 1440; d < 7 && d*1440 < e; d++ {
			from, to := max(s, d*1440)-d*1440, min(e, (d+1)*1440)-d*1440
			if to > from {
				ps.add(d, from, to, 0)
			}
		}
	}
	return ps.specs(false)
}

// String returns the specs joined by ", ".
func (c *Calendar) String() string { return strings.Join(c.Specs(), ", ") }

// Equal reports whether c and d are open at the same times.
func (c *Calendar) Equal(d *Calendar) bool {
	if c == nil || d == nil {
		return c == d
	}
	return c.always == d.always && slices.Equal(c.start, d.start) && slices.Equal(c.end, d.end)
}

// pieces groups daily time ranges (with a level, for staffing) by the days
// they apply to.
type pieces []piece

type piece struct {
	from, to int // minutes of the day
	level    int
	days     uint8
}

func (ps *pieces) add(day, from, to, level int) {
	for i := range *ps {
		p := &(*ps)[i]
		if p.from == from && p.to == to && p.level == level {
			p.days |= 1 << day
			return
		}
	}
	*ps = append(*ps, piece{from, to, level, 1 << day})
}

func (ps pieces) specs(withLevel bool) []string {
	first := func(m uint8) int {
		for d := range 7 {
			if m&(1<<d) != 0 {
				return d
			}
		}
		return 7
	}
	slices.SortFunc(ps, func(a, b piece) int {
		if d := first(a.days) - first(b.days); d != 0 {
			return d
		}
		if a.from != b.from {
			return a.from - b.from
		}
		if a.to != b.to {
			return a.to - b.to
		}
		return a.level - b.level
	})
	out := make([]string, len(ps))
	for i, p := range ps {
		s := fmt.Sprintf("%s %02d:%02d-%02d:%02d", formatDays(p.days), p.from/60, p.from%60, p.to/60, p.to%60)
		if withLevel {
			s += fmt.Sprintf(" = %d", p.level)
		}
		out[i] = s
	}
	return out
}

// formatDays prints a day mask as "daily", "Mon-Fri", "Sat" or
// "Mon,Wed-Fri".
func formatDays(m uint8) string {
	if m == 0x7f {
		return "daily"
	}
	var parts []string
	for d := 0; d < 7; d++ {
		if m&(1<<d) == 0 {
			continue
		}
		e := d
		for e+1 < 7 && m&(1<<(e+1)) != 0 {
			e++
		}
		if e == d {
			parts = append(parts, dayNames[d])
		} else {
			parts = append(parts, dayNames[d]+"-"+dayNames[e])
		}
		d = e
	}
	return strings.Join(parts, ",")
}
