package stats

import "math"

// Moments accumulates the count, mean, variance, sum and range of a stream of
// observations in constant memory.
//
// The mean and the sum of squared deviations are updated with Welford's
// algorithm, which stays accurate when the mean is large compared with the
// spread (a naive sum of squares loses every digit of the variance of
// 1e9+{4, 7, 13, 16}; Welford returns 30 exactly). The zero value is an empty
// accumulator ready to use.
type Moments struct {
	n    int64
	mean float64
	m2   float64 // sum of squared deviations from the mean
	sum  float64
	min  float64
	max  float64
}

// Add records one observation.
func (m *Moments) Add(x float64) {
	m.n++
	if m.n == 1 {
		m.mean, m.m2, m.sum, m.min, m.max = x, 0, x, x, x
		return
	}
	d := x - m.mean
	m.mean += d / float64(m.n)
	m.m2 += d * (x - m.mean)
	m.sum += x
	m.min = math.Min(m.min, x)
	m.max = math.Max(m.max, x)
}

// N returns the number of observations.
func (m *Moments) N() int64 { return m.n }

// Mean returns the arithmetic mean, or NaN when empty.
func (m *Moments) Mean() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.mean
}

// Var returns the sample variance (divisor n−1), or NaN with fewer than two
// observations.
func (m *Moments) Var() float64 {
	if m.n < 2 {
		return math.NaN()
	}
	return m.m2 / float64(m.n-1)
}

// SD returns the sample standard deviation, the square root of Var.
func (m *Moments) SD() float64 { return math.Sqrt(m.Var()) }

// StdErr returns the standard error of the mean, SD/√n, under the
// assumption that the observations are independent; NaN with fewer than two.
func (m *Moments) StdErr() float64 { return m.SD() / math.Sqrt(float64(m.n)) }

// Sum returns the sum of the observations (0 when empty).
func (m *Moments) Sum() float64 { return m.sum }

// Min returns the smallest observation, or NaN when empty.
func (m *Moments) Min() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.min
}

// Max returns the largest observation, or NaN when empty.
func (m *Moments) Max() float64 {
	if m.n == 0 {
		return math.NaN()
	}
	return m.max
}

// Merge adds the observations summarised by o, as if they had been added to
// m one by one. It uses the pairwise update of Chan, Golub and LeVeque
// (1979), so per-unit accumulators can be combined into a city-wide one
// without keeping the observations.
func (m *Moments) Merge(o Moments) {
	switch {
	case o.n == 0:
		return
	case m.n == 0:
		*m = o
		return
	}
	n := m.n + o.n
	d := o.mean - m.mean
	fa, fb, fn := float64(m.n), float64(o.n), float64(n)
	m.mean += d * fb / fn
	m.m2 += o.m2 + d*d*fa*fb/fn
	m.n = n
	m.sum += o.sum
	m.min = math.Min(m.min, o.min)
	m.max = math.Max(m.max, o.max)
}
