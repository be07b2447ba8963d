package stats

import (
	"fmt"
	"math"
)

// Bin is one bin of a histogram: Count observations x with Lo ≤ x < Hi.
type Bin struct {
	Lo, Hi float64
	Count  int64
}

// LogHist is a histogram with fixed, logarithmically spaced bins, for
// positive quantities spanning several orders of magnitude (latencies from
// minutes to months). Its memory is fixed by its layout, whatever the number
// of observations, and two histograms of the same layout can be merged
// exactly, so per-replication or per-district histograms add up.
//
// The layout is an underflow bin [0, lo), regular bins with edges
// lo·10^(k/perDecade) for k = 0, 1, … up to hi (the last regular bin is cut
// at hi when hi is not on the grid), and an overflow bin [hi, +Inf). The exact
// count, sum, minimum and maximum are kept alongside the bins.
//
// Quantile error bound: a quantile that falls in a regular bin is within a
// relative error of RelErr() = 10^(1/perDecade) − 1 of the exact sample
// quantile (both lie in the same bin [a, b), and b/a ≤ 10^(1/perDecade)):
// 2.33% for perDecade = 100, 12.2% for 20. In practice the geometric
// interpolation does much better. In the underflow bin the error is below lo
// in absolute terms; in the overflow bin it is bounded only by Max/hi.
type LogHist struct {
	lo, hi    float64
	perDecade int
	edges     []float64 // edges of the regular bins: edges[0] = lo, last = hi
	counts    []int64   // counts[0] underflow, counts[1..len(edges)-1] regular, last overflow
	n         int64
	sum       float64
	min, max  float64
}

// NewLogHist returns an empty histogram covering [lo, hi) with perDecade
// bins per factor of ten. The layout is fixed by the program, not by data,
// so invalid arguments (lo ≤ 0, hi ≤ lo, perDecade < 1, non-finite bounds,
// or more than 10⁶ bins) panic.
func NewLogHist(lo, hi float64, perDecade int) *LogHist {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 1) || perDecade < 1 {
		panic(fmt.Sprintf("stats: NewLogHist(%v, %v, %d): need 0 < lo < hi < Inf and perDecade ≥ 1", lo, hi, perDecade))
	}
	k := math.Ceil(float64(perDecade)*math.Log10(hi/lo) - 1e-9)
	if k > 1e6 {
		panic(fmt.Sprintf("stats: NewLogHist(%v, %v, %d): %v bins is too many", lo, hi, perDecade, k))
	}
	nb := max(int(k), 1)
	edges := make([]float64, nb+1)
	for i := range nb {
		edges[i] = lo * math.Pow(10, float64(i)/float64(perDecade))
	}
	edges[nb] = hi
	h := &LogHist{lo: lo, hi: hi, perDecade: perDecade, edges: edges, counts: make([]int64, nb+2)}
	h.Reset()
	return h
}

// RelErr returns the bound 10^(1/perDecade) − 1 on the relative error of a
// quantile falling in a regular bin.
func (h *LogHist) RelErr() float64 { return math.Pow(10, 1/float64(h.perDecade)) - 1 }

// Reset empties the histogram, keeping its layout.
func (h *LogHist) Reset() {
	clear(h.counts)
	h.n, h.sum = 0, 0
	h.min, h.max = math.Inf(1), math.Inf(-1)
}

// bin returns the index in counts of the bin holding x ≥ 0.
func (h *LogHist) bin(x float64) int {
	switch {
	case x < h.lo:
		return 0
	case x >= h.hi:
		return len(h.counts) - 1
	}
	// Guess from the logarithm, then correct the last-bit rounding against
	// the stored edges, so the bin of x always agrees with Bins().
	e := h.edges
	k := int(float64(h.perDecade) * math.Log10(x/h.lo))
	k = min(max(k, 0), len(e)-2)
	for k > 0 && x < e[k] {
		k--
	}
	for k < len(e)-2 && x >= e[k+1] {
		k++
	}
	return k + 1
}

// Add records one observation. Observations must be finite and ≥ 0 (they
// are durations); anything else is a broken invariant and panics.
func (h *LogHist) Add(x float64) {
	if !(x >= 0) || math.IsInf(x, 1) {
		panic(fmt.Sprintf("stats: LogHist.Add(%v): need a finite value ≥ 0", x))
	}
	h.counts[h.bin(x)]++
	h.n++
	h.sum += x
	h.min = math.Min(h.min, x)
	h.max = math.Max(h.max, x)
}

// N returns the number of observations.
func (h *LogHist) N() int64 { return h.n }

// Mean returns the exact mean of the observations, or NaN when empty.
func (h *LogHist) Mean() float64 {
	if h.n == 0 {
		return math.NaN()
	}
	return h.sum / float64(h.n)
}

// Min returns the smallest observation, or NaN when empty.
func (h *LogHist) Min() float64 {
	if h.n == 0 {
		return math.NaN()
	}
	return h.min
}

// Max returns the largest observation, or NaN when empty.
func (h *LogHist) Max() float64 {
	if h.n == 0 {
		return math.NaN()
	}
	return h.max
}

// binRange returns the bounds of bin i of counts.
func (h *LogHist) binRange(i int) (lo, hi float64) {
	switch i {
	case 0:
		return 0, h.lo
	case len(h.counts) - 1:
		return h.hi, math.Inf(1)
	}
	return h.edges[i-1], h.edges[i]
}

// Quantile returns an estimate of the q-quantile, 0 ≤ q ≤ 1, of the
// observations, or NaN when empty; q outside [0, 1] panics.
//
// The target is the order statistic of rank ⌈q·n⌉ (the inverse of the
// empirical distribution function). The estimate interpolates geometrically
// within the bin that holds it, with the bin clipped to the exact [Min, Max]
// (linearly in the underflow bin, which contains 0), so Quantile(0) = Min and
// Quantile(1) = Max exactly. See LogHist for the error bound.
func (h *LogHist) Quantile(q float64) float64 {
	if !(q >= 0 && q <= 1) {
		panic(fmt.Sprintf("stats: LogHist.Quantile(%v): need 0 ≤ q ≤ 1", q))
	}
	if h.n == 0 {
		return math.NaN()
	}
	r := q * float64(h.n)
	var before int64
	for i, c := range h.counts {
		if c == 0 || float64(before+c) < r {
			before += c
			continue
		}
		f := (r - float64(before)) / float64(c)
		a, b := h.binRange(i)
		a, b = math.Max(a, h.min), math.Min(b, h.max)
		if a <= 0 {
			return a + f*(b-a)
		}
		return a * math.Pow(b/a, f)
	}
	return h.max // unreachable: the last non-empty bin always qualifies
}

// Bins returns the bins in increasing order, underflow [0, lo) first and
// overflow [hi, +Inf) last, including empty ones.
func (h *LogHist) Bins() []Bin {
	out := make([]Bin, len(h.counts))
	for i, c := range h.counts {
		lo, hi := h.binRange(i)
		out[i] = Bin{Lo: lo, Hi: hi, Count: c}
	}
	return out
}

// Merge adds the observations of o to h. Both must have the same layout (lo,
// hi and perDecade); merging different layouts is a broken invariant and
// panics, because the bins could only be combined approximately.
func (h *LogHist) Merge(o *LogHist) {
	if h.lo != o.lo || h.hi != o.hi || h.perDecade != o.perDecade {
		panic(fmt.Sprintf("stats: LogHist.Merge: layout [%v, %v)/%d differs from [%v, %v)/%d",
			o.lo, o.hi, o.perDecade, h.lo, h.hi, h.perDecade))
	}
	for i, c := range o.counts {
		h.counts[i] += c
	}
	h.n += o.n
	h.sum += o.sum
	h.min = math.Min(h.min, o.min)
	h.max = math.Max(h.max, o.max)
}
