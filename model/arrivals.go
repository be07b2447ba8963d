package model

import (
	"math/rand/v2"
	"sort"

	"github.com/tiaokuai/tiaokuai/model/arrival"
	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/rng"
	"github.com/tiaokuai/tiaokuai/model/sim"
)

// cityArrivals is one city-wide arrival process of a matter type, a ticket
// type and source, a task stream or the resident services: its times, the
// stream that draws each arrival's unit, and how many have arrived (the
// arrival number in entity IDs).
type cityArrivals struct {
	p  *arrival.Process
	at *rand.Rand // the unit draws
	k  uint32
}

// newCityArrivals returns the process at perDay arrivals a day over the
// city, with streams (seed, name, 0) for its times and (seed, name+"/where",
// 0) for its units.
func (m *Model) newCityArrivals(name string, perDay float64, prof *arrival.Profile, shocks []arrival.Shock) cityArrivals {
	return cityArrivals{p: arrival.New(perDay/calendar.Day, prof, shocks, rng.New(m.seed, name, 0)), at: rng.New(m.seed, name+"/where", 0)}
}

// next schedules the process's first arrival after t (if it falls before
// the end of the run) as an event of the given kind for process idx.
func (m *Model) next(c *cityArrivals, t float64, kind sim.Kind, idx int32) {
	if t := c.p.Next(t); t <= m.end {
		m.s.At(t, m.tg, kind, idx, 0)
	}
}

// perCity returns a matter or ticket type's arrivals a day over the whole
// city: rate when it is set, else rate_per_1000 per 1,000 residents.
func (m *Model) perCity(per1000, rate float64) float64 {
	if rate > 0 {
		return rate
	}
	return per1000 * float64(m.city.total) / 1000
}

// profileOf returns the arrival profile with index i (nil = flat).
func profileOf(cfg *Config, i int) *arrival.Profile {
	if i >= 0 && i < len(cfg.Profiles) {
		return &cfg.Profiles[i].Profile
	}
	return nil
}

// where picks the unit an arrival of a city-wide process lands in. A type's
// arrivals in every community (or street) are independent Poisson processes
// with the same time profile and rates proportional to fixed weights, so
// their superposition is one process at the summed rate whose arrivals fall
// in unit i with probability weight_i / Σ weights (docs/ODD.md §4
// "Arrivals": rates are per community; this is the same law, drawn with
// one pending event per type instead of one per type and community).
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

// weightedFloat returns a picker over units with the given weights (≥ 0,
// not all 0).
func weightedFloat(ws []float64) where {
	cum := make([]float64, len(ws))
	var s float64
	for i, w := range ws {
		s += w
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
