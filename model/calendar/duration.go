package calendar

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// DurUnit says whether a duration is elapsed or working time.
type DurUnit uint8

const (
	// Elapsed: wall-clock time ("90s", "12m", "2h", "3d", "1w").
	Elapsed DurUnit = iota
	// WorkHours: time that passes only while a calendar is open ("4wh").
	WorkHours
	// WorkDays: working days of a calendar ("3wd"), one being its weekly
	// open time ÷ the number of weekdays with any opening.
	WorkDays
)

// Duration is an elapsed or working-time duration.
type Duration struct {
	Value float64 // minutes for Elapsed and WorkHours; days for WorkDays
	Unit  DurUnit
}

// elapsedUnits are the elapsed-time suffixes, largest first, in minutes.
var elapsedUnits = []struct {
	suffix string
	min    float64
}{{"w", Week}, {"d", Day}, {"h", Hour}, {"m", 1}}

// ParseDuration reads an elapsed duration ("90s", "12m", "1.5h", "3d",
// "1w") or a working-time one ("4wh" open hours, "3wd" working days) of a
// unit's calendar. Decimals are allowed; negative values, a missing unit,
// hex, inf and nan are errors.
func ParseDuration(s string) (Duration, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if t == "" {
		return Duration{}, errors.New("calendar: empty duration")
	}
	i := len(t)
	for i > 0 && 'a' <= t[i-1] && t[i-1] <= 'z' {
		i--
	}
	num, suf := strings.TrimSpace(t[:i]), t[i:]
	if num == "" || strings.Trim(num, "0123456789.+-e") != "" {
		return Duration{}, fmt.Errorf("calendar: duration %q: not a number with a unit", s)
	}
	q, err := strconv.ParseFloat(num, 64)
	if err != nil && !errors.Is(err, strconv.ErrRange) {
		return Duration{}, fmt.Errorf("calendar: duration %q: not a number with a unit", s)
	}
	if math.IsInf(q, 0) {
		return Duration{}, fmt.Errorf("calendar: duration %q is not finite", s)
	}
	if q < 0 {
		return Duration{}, fmt.Errorf("calendar: duration %q is negative", s)
	}
	q += 0 // no negative zero
	var d Duration
	switch suf {
	case "":
		return Duration{}, fmt.Errorf("calendar: duration %q needs a unit (s, m, h, d, w, wh, wd)", s)
	case "wh":
		d = Duration{q * Hour, WorkHours}
	case "wd":
		d = Duration{q, WorkDays}
	case "s":
		d = Duration{q / 60, Elapsed}
	default:
		ok := false
		for _, u := range elapsedUnits {
			if suf == u.suffix {
				d, ok = Duration{q * u.min, Elapsed}, true
			}
		}
		if !ok {
			return Duration{}, fmt.Errorf("calendar: duration %q: unknown unit %q (want s, m, h, d, w, wh, wd)", s, suf)
		}
	}
	if math.IsInf(d.Value, 0) {
		return Duration{}, fmt.Errorf("calendar: duration %q is not finite", s)
	}
	return d, nil
}

// End returns when something of length d started at t ends: t + d for
// elapsed time; for working time, when c has been open that long since t.
func (d Duration) End(c *Calendar, t float64) float64 {
	switch d.Unit {
	case WorkHours:
		return c.AddWork(t, d.Value)
	case WorkDays:
		return c.AddWork(t, d.Value*c.WorkDay())
	}
	return t + d.Value
}

// Work returns the working minutes of d on c (its Value for elapsed time).
func (d Duration) Work(c *Calendar) float64 {
	if d.Unit == WorkDays {
		return d.Value * c.WorkDay()
	}
	return d.Value
}

// Approx returns d's typical elapsed length in minutes: its value for
// elapsed time; for working time, the working minutes stretched by the
// share of the week c is open (+Inf if c is never open). Use it to size
// things (a drain period, a histogram), never to schedule.
func (d Duration) Approx(c *Calendar) float64 {
	if d.Unit == Elapsed {
		return d.Value
	}
	w := d.Work(c)
	if w == 0 {
		return 0
	}
	if open := c.WeeklyOpen(); open < Week {
		return w * Week / open
	}
	return w
}

// String returns a spec that ParseDuration reads back to d: elapsed time
// in the largest unit in which it is a whole number ("2h", "90s", else
// minutes at full precision), working time in wh or wd.
func (d Duration) String() string {
	switch d.Unit {
	case WorkHours:
		return exactQuotient(d.Value, Hour) + "wh"
	case WorkDays:
		return strconv.FormatFloat(d.Value, 'g', -1, 64) + "wd"
	}
	return formatElapsed(d.Value)
}

// exactQuotient prints a number q with q·f == v, so that it reads back
// (times f) as exactly v, preferring the shortest text among v/f and its
// nearest neighbours; if none works (v was not made that way) it prints v/f.
func exactQuotient(v, f float64) string {
	q0 := v / f
	best := ""
	try := func(q float64) {
		if q*f == v {
			if s := strconv.FormatFloat(q, 'g', -1, 64); best == "" || len(s) < len(best) {
				best = s
			}
		}
	}
	try(q0)
	up, down := q0, q0
	for range 4 {
		up, down = math.Nextafter(up, math.Inf(1)), math.Nextafter(down, math.Inf(-1))
		try(up)
		try(down)
	}
	if best == "" {
		best = strconv.FormatFloat(q0, 'g', -1, 64)
	}
	return best
}

func formatElapsed(v float64) string {
	if v == 0 {
		return "0s"
	}
	whole := func(q float64) bool { return q == math.Trunc(q) && math.Abs(q) < 1<<53 }
	for _, u := range elapsedUnits {
		if q := v / u.min; whole(q) && q*u.min == v {
			return strconv.FormatFloat(q, 'g', -1, 64) + u.suffix
		}
	}
	if q := v * 60; whole(q) && q/60 == v {
		return strconv.FormatFloat(q, 'g', -1, 64) + "s"
	}
	return strconv.FormatFloat(v, 'g', -1, 64) + "m"
}
