package stats

import (
	"fmt"
	"math"
)

// TimeAverage integrates a piecewise-constant level (a queue length, the
// number of busy servers, a backlog) over an observation window
// [start, end], the way §7 of the model defines time-averaged KPIs: the run
// may start before the window and go on after it, and only the part of each
// constant piece inside the window counts.
//
// The level is 0 until the first Set. Times passed to Set and Add must not
// decrease; going back in time is a broken invariant and panics. Memory is
// constant.
type TimeAverage struct {
	start, end float64
	last       float64 // time of the latest Set
	level      float64 // level in force since last
	integral   float64 // integral over [start, end] ∩ (-Inf, last]
	max        float64 // largest level in force during the window before last
}

// NewTimeAverage returns a TimeAverage over the window [start, end]. The
// window comes from the run settings; end < start or a NaN bound panics.
func NewTimeAverage(start, end float64) *TimeAverage {
	if !(end >= start) {
		panic(fmt.Sprintf("stats: NewTimeAverage(%v, %v): need start ≤ end", start, end))
	}
	return &TimeAverage{start: start, end: end, last: math.Inf(-1), max: math.Inf(-1)}
}

// overlap returns the length of [a, b] ∩ [start, end].
func (ta *TimeAverage) overlap(a, b float64) float64 {
	return math.Max(0, math.Min(b, ta.end)-math.Max(a, ta.start))
}

// Set makes level the level in force from time t on.
func (ta *TimeAverage) Set(t, level float64) {
	if !(t >= ta.last) {
		panic(fmt.Sprintf("stats: TimeAverage.Set at %v before the previous time %v", t, ta.last))
	}
	if d := ta.overlap(ta.last, t); d > 0 {
		ta.integral += ta.level * d
		ta.max = math.Max(ta.max, ta.level)
	}
	ta.last, ta.level = t, level
}

// Add changes the level by delta from time t on: Add(t, +1) when a customer
// joins a queue, Add(t, −1) when one leaves.
func (ta *TimeAverage) Add(t, delta float64) { ta.Set(t, ta.level+delta) }

// Level returns the level in force now.
func (ta *TimeAverage) Level() float64 { return ta.level }

// Integral returns the integral of the level over [start, min(t, end)]
// (0 when t ≤ start). The history before the latest Set is not kept, so t
// must be at least the time of the latest Set unless t ≥ end; otherwise it
// panics.
func (ta *TimeAverage) Integral(t float64) float64 {
	if t < ta.last && t < ta.end || math.IsNaN(t) {
		panic(fmt.Sprintf("stats: TimeAverage.Integral(%v) before the latest Set at %v", t, ta.last))
	}
	return ta.integral + ta.level*ta.overlap(ta.last, t)
}

// Mean returns the time average over the covered part of the window,
// Integral(t) / (min(t, end) − start), or NaN when that length is 0.
func (ta *TimeAverage) Mean(t float64) float64 {
	w := math.Min(t, ta.end) - ta.start
	if !(w > 0) {
		return math.NaN()
	}
	return ta.Integral(t) / w
}

// Max returns the largest level in force for a positive length of time
// inside the window. It assumes the clock has reached the window: the level
// set last counts if it was set before end, as it is in force from
// max(its time, start) on. Max is 0 before any Set (the initial level) and
// NaN for a zero-length window.
func (ta *TimeAverage) Max() float64 {
	if ta.start == ta.end {
		return math.NaN()
	}
	if ta.last < ta.end {
		return math.Max(ta.max, ta.level)
	}
	return ta.max
}

// Window returns the observation window.
func (ta *TimeAverage) Window() (start, end float64) { return ta.start, ta.end }
