package arrival

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// Time constants in minutes; t = 0 is Monday 00:00.
const (
	hour = 60.0
	day  = 24 * hour
	week = 7 * day
)

// Profile modulates a rate by hour of day and day of week (each normalised
// to mean 1 over the week). The zero value is flat.
type Profile struct {
	Hour    [24]float64
	Weekday [7]float64
}

// NewProfile checks and normalises hour-of-day and day-of-week weights:
// 24 and 7 non-negative finite numbers (Monday first), not all zero, each
// scaled to mean 1 so that the profile moves arrivals around the week
// without changing their mean rate. An empty slice means flat.
func NewProfile(hours, weekdays []float64) (Profile, error) {
	var p Profile
	if err := normalise(p.Hour[:], hours, "hours", 24); err != nil {
		return Profile{}, err
	}
	if err := normalise(p.Weekday[:], weekdays, "weekdays", 7); err != nil {
		return Profile{}, err
	}
	return p, nil
}

func normalise(dst, src []float64, what string, n int) error {
	if len(src) == 0 {
		for i := range dst {
			dst[i] = 1
		}
		return nil
	}
	if len(src) != n {
		return fmt.Errorf("arrival: profile %s wants %d weights, got %d", what, n, len(src))
	}
	var sum float64
	for i, w := range src {
		if !(w >= 0) || math.IsInf(w, 1) {
			return fmt.Errorf("arrival: profile %s[%d] = %v, want a finite weight >= 0", what, i, w)
		}
		sum += w
	}
	if !(sum > 0) || math.IsInf(sum, 1) {
		return fmt.Errorf("arrival: profile %s are all zero", what)
	}
	mean := sum / float64(n)
	for i, w := range src {
		dst[i] = w / mean
	}
	return nil
}

// isZero reports whether all weights are zero (an unset half of a
// Profile, which means flat).
func isZero(ws []float64) bool {
	for _, w := range ws {
		if w != 0 {
			return false
		}
	}
	return true
}

// Shock multiplies a rate by Mult on [Start, End).
type Shock struct{ Start, End, Mult float64 }

// Process is a non-homogeneous Poisson arrival process with intensity
//
//	λ(t) = rate × Hour[hour of day] × Weekday[day of week] × Π Mult of the shocks active at t × scale.
//
// It owns its generator (one stream per arrival process, see package rng)
// and is not safe for concurrent use.
type Process struct {
	rate, scale float64
	prof        *Profile // nil: flat
	hflat       bool     // prof.Hour is all zero: flat
	dflat       bool     // prof.Weekday is all zero: flat
	peak        float64  // max of Hour × max of Weekday
	// The shocks as a piecewise-constant multiplier: mult[i] on
	// [bound[i], bound[i+1]); 1 before bound[0] and from the last bound on.
	bound, mult []float64
	r           *rand.Rand
}

// New returns a process of ratePerMin arrivals per minute (its mean over
// the week before shocks and scale), modulated by p (nil = flat) and the
// shocks, drawing from r. p is shared, not copied: do not change it
// afterwards. A zero Hour or Weekday array in p is flat.
//
// New panics on a negative or non-finite rate, a negative or non-finite
// profile weight or shock multiplier, a NaN shock bound, or a nil r: the
// scenario loader validates these, so they are bugs here.
func New(ratePerMin float64, p *Profile, shocks []Shock, r *rand.Rand) *Process {
	if !(ratePerMin >= 0) || math.IsInf(ratePerMin, 1) {
		panic(fmt.Sprintf("arrival: rate %v, want a finite rate >= 0", ratePerMin))
	}
	if r == nil {
		panic("arrival: nil *rand.Rand")
	}
	pr := &Process{rate: ratePerMin, scale: 1, peak: 1, r: r}
	if p != nil {
		pr.hflat, pr.dflat = isZero(p.Hour[:]), isZero(p.Weekday[:])
		if !pr.hflat || !pr.dflat {
			pr.prof = p
			mh, md := 1.0, 1.0
			if !pr.hflat {
				mh = checkedMax(p.Hour[:])
			}
			if !pr.dflat {
				md = checkedMax(p.Weekday[:])
			}
			pr.peak = mh * md
		}
	}
	var bounds []float64
	for _, s := range shocks {
		if math.IsNaN(s.Start) || math.IsNaN(s.End) || !(s.Mult >= 0) || math.IsInf(s.Mult, 1) {
			panic(fmt.Sprintf("arrival: invalid shock %+v", s))
		}
		if s.End > s.Start && s.Mult != 1 {
			bounds = append(bounds, s.Start, s.End)
		}
	}
	if len(bounds) > 0 {
		slices.Sort(bounds)
		bounds = slices.Compact(bounds)
		pr.bound = bounds
		pr.mult = make([]float64, len(bounds)-1)
		for i := range pr.mult {
			m := 1.0
			for _, s := range shocks {
				if s.Start <= bounds[i] && bounds[i] < s.End {
					m *= s.Mult
				}
			}
			pr.mult[i] = m
		}
	}
	return pr
}

func checkedMax(ws []float64) float64 {
	m := 0.0
	for _, w := range ws {
		if !(w >= 0) || math.IsInf(w, 1) {
			panic(fmt.Sprintf("arrival: profile weight %v, want a finite weight >= 0", w))
		}
		m = max(m, w)
	}
	return m
}

// ShockRate returns the mean rate over a week (profiles average to 1) at
// the current scale, times the largest shock multiplier (at least 1), in
// arrivals per minute: the rate of the busiest stretch of the run, hour
// profiles aside.
func (p *Process) ShockRate() float64 {
	m := 1.0
	for _, x := range p.mult {
		m = max(m, x)
	}
	return p.rate * p.scale * m
}

// SetScale sets a run-time multiplier of the rate (1 by default), e.g.
// demand feedback. It applies to arrivals drawn by later calls of Next.
func (p *Process) SetScale(s float64) {
	if !(s >= 0) || math.IsInf(s, 1) {
		panic(fmt.Sprintf("arrival: scale %v, want a finite scale >= 0", s))
	}
	p.scale = s
}

// Scale returns the run-time multiplier set by SetScale.
func (p *Process) Scale() float64 { return p.scale }

// shock returns the shock multiplier at t and the end of the stretch on
// which it holds.
func (p *Process) shock(t float64) (mult, until float64) {
	b := p.bound
	if len(b) == 0 {
		return 1, math.Inf(1)
	}
	lo, hi := 0, len(b)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if b[m] <= t {
			lo = m + 1
		} else {
			hi = m
		}
	}
	switch i := lo - 1; {
	case i < 0:
		return 1, b[0]
	case i == len(b)-1:
		return 1, math.Inf(1)
	default:
		return p.mult[i], b[i+1]
	}
}

// profile returns Hour × Weekday at t.
func (p *Process) profile(t float64) float64 {
	if p.prof == nil {
		return 1
	}
	w := math.Floor(t / week)
	off := t - w*week
	h := min(167, max(0, int(off/hour)))
	v := 1.0
	if !p.hflat {
		v = p.prof.Hour[h%24]
	}
	if !p.dflat {
		v *= p.prof.Weekday[h/24]
	}
	return v
}

// Rate returns the intensity λ(t), in arrivals per minute.
func (p *Process) Rate(t float64) float64 {
	m, _ := p.shock(t)
	return p.rate * p.scale * m * p.profile(t)
}

// Next returns the first arrival strictly after t, or +Inf if there is
// none (the rate is 0 from t on).
//
// It thins (Lewis and Shedler 1979) a homogeneous process whose rate is
// the peak of λ until the next shock boundary: candidates come at that
// rate and each is kept with probability λ(candidate)/peak. A candidate
// beyond the boundary is dropped and the search restarts there with the
// next stretch's peak, which is exact because the Poisson process is
// memoryless. No allocation.
func (p *Process) Next(t float64) float64 {
	base := p.rate * p.scale * p.peak
	s := t
	for !math.IsInf(s, 1) && !math.IsNaN(s) {
		m, until := p.shock(s)
		bound := base * m
		if !(bound > 0) {
			s = until
			continue
		}
		s += p.r.ExpFloat64() / bound
		if s >= until {
			s = until
			continue
		}
		if p.prof == nil || p.r.Float64()*p.peak < p.profile(s) {
			if s <= t { // a gap below the resolution of t
				s = math.Nextafter(t, math.Inf(1))
			}
			return s
		}
	}
	return math.Inf(1)
}

// Expected returns the expected number of arrivals in [a, b) at the
// current scale: ∫ λ. It walks the span hour by hour (O((b−a)/60)), for
// checks and reports rather than the event loop.
func (p *Process) Expected(a, b float64) float64 {
	if !(b > a) {
		return 0
	}
	if math.IsInf(b, 1) || math.IsInf(a, -1) {
		return math.Inf(1)
	}
	var sum float64
	for s := a; s < b; {
		_, until := p.shock(s)
		e := min(b, until, (math.Floor(s/hour)+1)*hour)
		if e <= s { // rounding at very large s
			e = math.Nextafter(s, math.Inf(1))
		}
		sum += p.Rate(s) * (e - s)
		s = e
	}
	return sum
}
