package model

import (
	"math/rand/v2"
	"sort"
)

// where picks the unit an arrival of a city-wide process lands in. A type's
// arrivals in every community (or street) are independent Poisson processes
// with the same time profile and rates proportional to fixed weights, so
// their superposition is one process at the summed rate whose arrivals fall
// in unit i with probability weight_i / Σ weights (MODEL.md §6.1 arrivals
// are "per community"; this is the same law, drawn with one pending event
// per type instead of one per type and community).
type where struct {
	cum []float64 // cumulative weights; nil = uniform over n units
	n   int
}

// weighted returns a picker over units with the given weights (≥ 0).
func weighted(ws []int) where {
	cum := make([]float64, len(ws))
	var s float64
	for i, w := range ws {
		s += float64(w)
		cum[i] = s
	}
	return where{cum: cum, n: len(ws)}
}

// uniform returns a picker over n equally likely units.
func uniform(n int) where { return where{n: n} }

// pick draws a unit. Units of zero weight are never drawn.
func (w *where) pick(r *rand.Rand) int32 {
	if w.cum == nil {
		return int32(r.IntN(w.n))
	}
	u := r.Float64() * w.cum[len(w.cum)-1]
	return int32(sort.Search(len(w.cum), func(i int) bool { return w.cum[i] > u }))
}
