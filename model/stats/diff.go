package stats

import "math"

// Finite says whether x is a number: neither NaN nor ±Inf.
func Finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// CompareFloat orders two numbers for sorting: −1 when a < b, +1 when
// a > b, else 0 (NaN is equal to everything, so a stable sort leaves it
// where it was).
func CompareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// WelchHalf is the half-width of Welch's confidence interval of the
// difference of the means of two independent samples, with the
// Welch–Satterthwaite degrees of freedom: what the interval of a reform's
// effect would be from runs on different seeds. With fewer than two
// observations in either sample the variance of that sample is unknown and
// there is no interval: NaN. Two samples without spread give 0.
func WelchHalf(a, b *Moments, level float64) float64 {
	na, nb := float64(a.N()), float64(b.N())
	if na < 2 || nb < 2 {
		return math.NaN()
	}
	va, vb := a.Var()/na, b.Var()/nb
	se := math.Sqrt(va + vb)
	if se == 0 {
		return 0
	}
	df := (va + vb) * (va + vb) / (va*va/(na-1) + vb*vb/(nb-1))
	return TQuantile((1+level)/2, df) * se
}

// Paired accumulates a reform's effect on one KPI: pairs of a baseline
// and a reform value from runs on the same seed (common random numbers).
// The zero value is empty and ready to use.
type Paired struct {
	Base, Reform, Diff Moments
}

// Add records one pair. A pair in which either value is undefined (NaN or
// ±Inf: a mean of nothing) is left out; Add says whether it was kept.
func (p *Paired) Add(base, reform float64) bool {
	if !Finite(base) || !Finite(reform) {
		return false
	}
	p.Base.Add(base)
	p.Reform.Add(reform)
	p.Diff.Add(reform - base)
	return true
}

// Effect is reform − baseline on one KPI with its confidence interval.
type Effect struct {
	N            int     // pairs (replications with the KPI defined in both)
	Base, Reform float64 // the means (NaN without pairs)
	Diff         float64 // the mean of reform − baseline
	// Half is the half-width of the paired t interval of Diff, Lo and Hi
	// its ends: NaN with fewer than two pairs.
	Half, Lo, Hi float64
	// IndependentHalf is what Half would be from independent runs with the
	// same variances (Welch): what the pairing saves. NaN with N < 2.
	IndependentHalf float64
}

// HasCI says whether the effect has a confidence interval (N ≥ 2).
func (e Effect) HasCI() bool { return Finite(e.Lo) && Finite(e.Hi) }

// Excludes0 says whether the interval lies wholly on one side of zero.
func (e Effect) Excludes0() bool { return e.Lo > 0 || e.Hi < 0 }

// Effect returns the paired effect at the given confidence level.
func (p *Paired) Effect(level float64) Effect {
	e := Effect{N: int(p.Diff.N()), Base: p.Base.Mean(), Reform: p.Reform.Mean(), Diff: p.Diff.Mean(), Half: math.NaN()}
	if n := p.Diff.N(); n >= 2 {
		e.Half = tFactor(level, float64(n-1)) / math.Sqrt(float64(n)) * p.Diff.SD()
	}
	e.Lo, e.Hi = e.Diff-e.Half, e.Diff+e.Half
	e.IndependentHalf = WelchHalf(&p.Base, &p.Reform, level)
	return e
}
