package model

import "math"

// PopulationUptake is the mean over the residents the model built of
// logistic(b0 + b_trust·trust + b_literacy·literacy), by district: what
// OnlineUptake estimates, for the external tests.
func PopulationUptake(m *Model) []float64 {
	c := &m.cfg.Citizens
	sum := make([]float64, len(m.cfg.City.Districts))
	n := make([]float64, len(sum))
	for i := range m.cit.trust {
		d := m.city.comDistrict[m.cit.home[i]]
		x := c.B0 + c.BTrust*float64(m.cit.trust[i]) + c.BLiteracy*float64(m.cit.literacy[i])
		sum[d] += 1 / (1 + math.Exp(-x))
		n[d]++
	}
	for d := range sum {
		sum[d] /= n[d]
	}
	return sum
}
