package calendar

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Staffing is a number of servers by hour of the week. It is a small value
// (copy it freely); the zero value is flat at 0 servers.
type Staffing struct {
	base int
	tab  *staffTable // nil: flat at base
}

type staffTable struct {
	level [168]int32
	next  [168]uint8 // hours from the start of hour h to the next change
	max   int
}

// Flat returns n servers at all times.
func Flat(n int) Staffing { return Staffing{base: n} }

// ParseStaffing reads a schedule: base servers outside the listed hours,
// and specs like "Mon-Fri 09:00-12:00 = 6" (the days and times of Parse,
// whole hours only); later specs override earlier ones. A schedule that
// ends up with one level at all hours is Flat at that level.
func ParseStaffing(base int, specs []string) (Staffing, error) {
	if base < 0 || base > math.MaxInt32 {
		return Staffing{}, fmt.Errorf("calendar: staffing base %d out of range [0, %d]", base, math.MaxInt32)
	}
	if len(specs) == 0 {
		return Flat(base), nil
	}
	t := &staffTable{}
	for h := range t.level {
		t.level[h] = int32(base)
	}
	for _, spec := range specs {
		iv, n, ok := strings.Cut(spec, "=")
		if !ok {
			return Staffing{}, fmt.Errorf("calendar: %q: want \"Mon-Fri 09:00-12:00 = N\"", spec)
		}
		k, err := strconv.Atoi(strings.TrimSpace(n))
		if err != nil || k < 0 || k > math.MaxInt32 {
			return Staffing{}, fmt.Errorf("calendar: %q: want a whole number of servers >= 0 after \"=\"", spec)
		}
		days, from, to, err := parseInterval(iv)
		if err != nil {
			return Staffing{}, fmt.Errorf("calendar: %q: %v", spec, err)
		}
		if from%60 != 0 || to%60 != 0 {
			return Staffing{}, fmt.Errorf("calendar: %q: staffing changes on whole hours only", spec)
		}
		for d := range 7 {
			if days&(1<<d) != 0 {
				for h := from / 60; h < to/60; h++ {
					t.level[d*24+h] = int32(k)
				}
			}
		}
	}
	flat := true
	for h := range t.level {
		flat = flat && t.level[h] == t.level[0]
		t.max = max(t.max, int(t.level[h]))
	}
	if flat {
		return Flat(int(t.level[0])), nil
	}
	for h := range t.level {
		k := 1
		for t.level[(h+k)%168] == t.level[h] {
			k++
		}
		t.next[h] = uint8(k)
	}
	return Staffing{base: base, tab: t}, nil
}

// hourOfWeek returns the hour of the week (0 = Monday 00:00-01:00) of t.
func hourOfWeek(t float64) int {
	_, off := split(t)
	return min(167, max(0, int(off/Hour)))
}

// At returns the number of servers at t.
func (s Staffing) At(t float64) int {
	if s.tab == nil {
		return s.base
	}
	return int(s.tab.level[hourOfWeek(t)])
}

// NextChange returns the first time after t at which the number of servers
// changes; +Inf for flat staffing.
func (s Staffing) NextChange(t float64) float64 {
	if s.tab == nil || math.IsInf(t, 0) || math.IsNaN(t) {
		return math.Inf(1)
	}
	w, off := split(t)
	h := min(167, max(0, int(off/Hour)))
	return w*Week + float64(h+int(s.tab.next[h]))*Hour
}

// Max returns the largest number of servers at any time.
func (s Staffing) Max() int {
	if s.tab == nil {
		return s.base
	}
	return s.tab.max
}

// Base returns the number of servers outside the listed hours.
func (s Staffing) Base() int { return s.base }

// IsFlat reports whether the number of servers never changes.
func (s Staffing) IsFlat() bool { return s.tab == nil }

// Specs returns canonical specs that ParseStaffing reads back, with Base,
// to an equal schedule: the hours whose level differs from the base, one
// entry per daily range and level ("Mon-Fri 09:00-12:00 = 6").
func (s Staffing) Specs() []string {
	if s.tab == nil {
		return nil
	}
	var ps pieces
	for d := range 7 {
		for h := 0; h < 24; {
			l := s.tab.level[d*24+h]
			e := h + 1
			for e < 24 && s.tab.level[d*24+e] == l {
				e++
			}
			if int(l) != s.base {
				ps.add(d, h*60, e*60, int(l))
			}
			h = e
		}
	}
	return ps.specs(true)
}

// String describes the schedule ("4" or "2; Mon 09:00-12:00 = 4").
func (s Staffing) String() string {
	return strings.Join(append([]string{strconv.Itoa(s.base)}, s.Specs()...), "; ")
}

// Equal reports whether s and r have the same servers at all times and the
// same base.
func (s Staffing) Equal(r Staffing) bool {
	if s.base != r.base || (s.tab == nil) != (r.tab == nil) {
		return false
	}
	return s.tab == nil || s.tab.level == r.tab.level
}

// CapacityMinutes returns ∫ At(t)·[c open at t] dt over [a, b): the server
// time available while c is open, the denominator of a utilisation. Whole
// weeks are computed once and multiplied.
func (s Staffing) CapacityMinutes(c *Calendar, a, b float64) float64 {
	if !(b > a) {
		return 0
	}
	if s.tab == nil {
		return float64(s.base) * c.OpenMinutes(a, b)
	}
	if math.IsInf(a, 0) || math.IsInf(b, 0) {
		return math.Inf(1)
	}
	wa, _ := split(a)
	wb, _ := split(b)
	if wb-wa >= 2 {
		return s.span(c, a, (wa+1)*Week) + (wb-wa-1)*s.span(c, 0, Week) + s.span(c, wb*Week, b)
	}
	return s.span(c, a, b)
}

// span integrates servers × open over [a, b) run by run.
func (s Staffing) span(c *Calendar, a, b float64) float64 {
	var sum float64
	for t := a; t < b; {
		e := min(s.NextChange(t), b)
		if e <= t { // t too large to tell hours apart
			e = b
		}
		if n := s.At(t); n != 0 {
			sum += float64(n) * c.OpenMinutes(t, e)
		}
		t = e
	}
	return sum
}
