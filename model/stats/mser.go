package stats

// MSER5 estimates how many initial observations of an output series to
// delete as warm-up, by the MSER-5 rule (White 1997; White, Cobb and Spratt
// 2000).
//
// The series is cut into b = ⌊n/5⌋ non-overlapping batch means Z₁…Z_b (a
// trailing partial batch is ignored). For each candidate d the statistic
//
//	MSER(d) = 1/(b−d)² · Σ_{j>d} (Z_j − Z̄_d)²,   Z̄_d the mean of Z_{d+1…b},
//
// is the squared width of the marginal confidence interval of the truncated
// mean: deleting biased early batches shrinks it, deleting good ones widens
// it. The d with the smallest statistic (the first, on ties) is chosen and
// truncate = 5·d.
//
// Candidates are d = 0 … ⌊b/2⌋ (White, Cobb and Spratt 2000 keep at least
// half of the data): over all d, the statistic computed from a handful of
// late batches that happen to be close is spuriously small, and a noisy
// stationary series would often be cut near its end. ok is false when the
// minimum lies on the boundary d = ⌊b/2⌋ — the series is still moving after
// half the run, which is too short to show a steady state — or when n < 10
// (fewer than two batches), in which case truncate is 0.
func MSER5(series []float64) (truncate int, ok bool) {
	const m = 5
	b := len(series) / m
	if b < 2 {
		return 0, false
	}
	z := make([]float64, b)
	for j := range z {
		s := 0.0
		for _, x := range series[j*m : (j+1)*m] {
			s += x
		}
		z[j] = s / m
	}
	half := b / 2
	// Welford from the end: after adding z[d], acc summarises z[d:].
	var acc Moments
	for j := b - 1; j > half; j-- {
		acc.Add(z[j])
	}
	best, bestStat := -1, 0.0
	for d := half; d >= 0; d-- {
		acc.Add(z[d])
		k := float64(b - d)
		st := acc.m2 / (k * k)
		if best < 0 || st <= bestStat { // <=: the smallest d wins ties
			best, bestStat = d, st
		}
	}
	return best * m, best < half
}
