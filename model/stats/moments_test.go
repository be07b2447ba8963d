package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// relClose reports whether got is within rel·|want| of want (or both NaN).
func relClose(got, want, rel float64) bool {
	if math.IsNaN(want) {
		return math.IsNaN(got)
	}
	return math.Abs(got-want) <= rel*math.Abs(want)
}

func TestMomentsHandValues(t *testing.T) {
	// Hand-computed: {2,4,4,4,5,5,7,9} has sum 40, mean 5, squared deviations
	// summing to 32, so sample variance 32/7.
	var m Moments
	for _, x := range []float64{2, 4, 4, 4, 5, 5, 7, 9} {
		m.Add(x)
	}
	const tol = 1e-15
	checks := []struct {
		name      string
		got, want float64
	}{
		{"N", float64(m.N()), 8},
		{"Sum", m.Sum(), 40},
		{"Mean", m.Mean(), 5},
		{"Var", m.Var(), 32.0 / 7},
		{"SD", m.SD(), math.Sqrt(32.0 / 7)},
		{"StdErr", m.StdErr(), math.Sqrt(32.0/7) / math.Sqrt(8)},
		{"Min", m.Min(), 2},
		{"Max", m.Max(), 9},
	}
	for _, c := range checks {
		if !relClose(c.got, c.want, tol) {
			t.Errorf("%s = %v, want %v (rel tol %g)", c.name, c.got, c.want, tol)
		}
	}
}

func TestMomentsLargeOffset(t *testing.T) {
	// The cancellation example of Wikipedia's "Algorithms for calculating
	// variance": 1e9 + {4, 7, 13, 16} has sample variance 30, which the naive
	// sum-of-squares formula gets badly wrong in float64.
	var m Moments
	for _, x := range []float64{4, 7, 13, 16} {
		m.Add(1e9 + x)
	}
	if !relClose(m.Var(), 30, 1e-12) {
		t.Errorf("Var = %v, want 30 (rel tol 1e-12)", m.Var())
	}
	if !relClose(m.Mean(), 1e9+10, 1e-15) {
		t.Errorf("Mean = %v, want 1e9+10", m.Mean())
	}
}

func TestMomentsEmpty(t *testing.T) {
	var m Moments
	for i, v := range []float64{m.Mean(), m.Var(), m.Min(), m.Max(), m.SD()} {
		if !math.IsNaN(v) {
			t.Errorf("empty accumulator: statistic %d (Mean, Var, Min, Max, SD) = %v, want NaN", i, v)
		}
	}
	if m.Sum() != 0 || m.N() != 0 {
		t.Errorf("empty Sum, N = %v, %v, want 0, 0", m.Sum(), m.N())
	}
	m.Add(3)
	if m.Mean() != 3 || !math.IsNaN(m.Var()) {
		t.Errorf("one value: Mean, Var = %v, %v, want 3, NaN", m.Mean(), m.Var())
	}
}

func TestMomentsMergeMatchesGonum(t *testing.T) {
	// Merging the accumulators of any split of a sample must give the
	// moments of the whole sample; gonum's two-pass stat.MeanVariance is the
	// independent reference. Tolerance 1e-12: the two orders of summation
	// differ by a few ulps per operation over 1000 values.
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = 50 + 10*r.NormFloat64()
	}
	wantMean, wantVar := stat.MeanVariance(xs, nil)
	for _, cut := range []int{0, 1, 2, 500, 999, 1000} {
		var a, b Moments
		for _, x := range xs[:cut] {
			a.Add(x)
		}
		for _, x := range xs[cut:] {
			b.Add(x)
		}
		a.Merge(b)
		if a.N() != 1000 {
			t.Errorf("cut %d: N = %d, want 1000", cut, a.N())
		}
		if !relClose(a.Mean(), wantMean, 1e-12) || !relClose(a.Var(), wantVar, 1e-12) {
			t.Errorf("cut %d: mean, var = %v, %v, want %v, %v (rel tol 1e-12)", cut, a.Mean(), a.Var(), wantMean, wantVar)
		}
		if a.Min() != minOf(xs) || a.Max() != maxOf(xs) {
			t.Errorf("cut %d: min, max = %v, %v, want %v, %v", cut, a.Min(), a.Max(), minOf(xs), maxOf(xs))
		}
	}
}

func minOf(xs []float64) float64 {
	m := math.Inf(1)
	for _, x := range xs {
		m = math.Min(m, x)
	}
	return m
}

func maxOf(xs []float64) float64 {
	m := math.Inf(-1)
	for _, x := range xs {
		m = math.Max(m, x)
	}
	return m
}
