package stats

import (
	"fmt"
	"math"
	"slices"
)

// sortedCopy returns xs sorted ascending, leaving xs untouched, and reports
// whether all values are non-negative (and not NaN).
func sortedCopy(xs []float64) ([]float64, bool) {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s, len(s) == 0 || s[0] >= 0
}

// Gini returns the Gini coefficient of non-negative values (workloads of
// grassroots units): 0 when all are equal, (n−1)/n when one unit holds
// everything. It uses the sorted formula
//
//	G = Σᵢ (2i − n − 1)·x₍ᵢ₎ / (n·Σx),   i = 1…n ascending,
//
// which equals the mean absolute difference over all ordered pairs divided
// by twice the mean, without a small-sample correction. It returns 0 when all
// values are 0 and NaN when xs is empty or holds a negative or NaN value. xs
// is not modified.
func Gini(xs []float64) float64 {
	s, ok := sortedCopy(xs)
	if len(s) == 0 || !ok {
		return math.NaN()
	}
	n := float64(len(s))
	var num, sum float64
	for i, x := range s {
		num += (2*float64(i+1) - n - 1) * x
		sum += x
	}
	if sum == 0 {
		return 0
	}
	return num / (n * sum)
}

// TopShare returns the share of the total held by the ⌈frac·n⌉ largest
// values (frac = 0.1: the top decile of units). frac must be in [0, 1],
// else it panics; frac·n is rounded up after forgiving a relative error of
// 1e-9, so TopShare(xs, 0.07) with 100 values takes 7, not 8, although
// 0.07·100 is 7.000000000000001 in floating point. It returns NaN when xs is
// empty, holds a negative or NaN value, or sums to 0. xs is not modified.
func TopShare(xs []float64, frac float64) float64 {
	if !(frac >= 0 && frac <= 1) {
		panic(fmt.Sprintf("stats: TopShare fraction %v outside [0, 1]", frac))
	}
	s, ok := sortedCopy(xs)
	if len(s) == 0 || !ok {
		return math.NaN()
	}
	kf := frac * float64(len(s))
	k := int(math.Ceil(kf - 1e-9*kf))
	var top, sum float64
	for i, x := range s {
		sum += x
		if i >= len(s)-k {
			top += x
		}
	}
	if sum == 0 {
		return math.NaN()
	}
	return top / sum
}

// Lorenz returns the points of the Lorenz curve of non-negative values, for
// charts: p[i] = i/n is the share of units and l[i] the share of the total
// held by the i smallest, for i = 0…n, so both start at 0 and end at 1. It
// returns nil slices when xs is empty, holds a negative or NaN value, or sums
// to 0. xs is not modified.
func Lorenz(xs []float64) (p, l []float64) {
	s, ok := sortedCopy(xs)
	if len(s) == 0 || !ok {
		return nil, nil
	}
	n := len(s)
	p = make([]float64, n+1)
	l = make([]float64, n+1)
	var cum float64
	for i, x := range s {
		cum += x
		p[i+1] = float64(i+1) / float64(n)
		l[i+1] = cum
	}
	if cum == 0 {
		return nil, nil
	}
	for i := range l {
		l[i] /= cum
	}
	l[n] = 1 // exact, whatever the rounding of the division
	return p, l
}

// Percentile returns the q-quantile (0 ≤ q ≤ 1) of an ascending sorted
// sample by linear interpolation between order statistics, Hyndman and
// Fan's type 7 (the default of R and NumPy): with h = (n−1)q, the value
// x[⌊h⌋] + (h − ⌊h⌋)(x[⌊h⌋+1] − x[⌊h⌋]). It is meant for small samples,
// such as one KPI over replications; use LogHist for streams. It returns NaN
// for an empty sample and panics when q is outside [0, 1]. sorted is not
// checked for order.
func Percentile(sorted []float64, q float64) float64 {
	if !(q >= 0 && q <= 1) {
		panic(fmt.Sprintf("stats: Percentile(%v): need 0 ≤ q ≤ 1", q))
	}
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * q
	i := int(h)
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}
