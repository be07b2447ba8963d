package stats

import (
	"math"
	"math/rand/v2"
	"testing"
)

func TestMSER5Hand(t *testing.T) {
	// Five 10s then 45 zeros: batch means 10, 0, …, 0 (b = 10). By hand,
	// MSER(0) = (9² + 9·1²)/10² = 0.9 and MSER(d ≥ 1) = 0, so the first
	// zero-statistic candidate d = 1 wins: delete 5 observations.
	xs := make([]float64, 50)
	for i := range 5 {
		xs[i] = 10
	}
	if d, ok := MSER5(xs); d != 5 || !ok {
		t.Errorf("MSER5 = %d, %v, want 5, true", d, ok)
	}
	// A trailing partial batch is ignored: 52 values give the same answer.
	if d, ok := MSER5(append(xs, 99, 99)); d != 5 || !ok {
		t.Errorf("MSER5 with 2 extra = %d, %v, want 5, true", d, ok)
	}
	if d, ok := MSER5(make([]float64, 9)); d != 0 || ok {
		t.Errorf("MSER5 of 9 values = %d, %v, want 0, false", d, ok)
	}
}

func TestMSER5Transient(t *testing.T) {
	// X_t = 10·exp(−t/100) + AR(1) noise with φ = 0.5, σ_ε = 1 (marginal SD
	// 1/√0.75 = 1.155, long-run SD σ_ε/(1−φ) = 2), n = 5000. Untruncated, the
	// bias of the mean is ≈ 1000/5000 = 0.2, seven standard errors (2/√5000
	// = 0.028). For each of 20 seeds the cut must land after the transient,
	// where the bias has fallen below two marginal SDs (t ≥ 147), and leave a
	// residual bias of the truncated mean below 1.5 standard errors of it.
	const n, tau, phi = 5000, 100.0, 0.5
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 7))
		xs := make([]float64, n)
		e := r.NormFloat64() / math.Sqrt(1-phi*phi)
		for i := range xs {
			xs[i] = 10*math.Exp(-float64(i)/tau) + e
			e = phi*e + r.NormFloat64()
		}
		d, ok := MSER5(xs)
		if !ok {
			t.Errorf("seed %d: ok = false, want true", seed)
		}
		if bias := 10 * math.Exp(-float64(d)/tau); bias > 2/math.Sqrt(1-phi*phi) {
			t.Errorf("seed %d: cut at %d, where the bias %v is still above 2 marginal SDs", seed, d, bias)
		}
		kept := float64(n - d)
		residual := 10 * math.Exp(-float64(d)/tau) * (1 - math.Exp(-kept/tau)) / (1 - math.Exp(-1/tau)) / kept
		if se := 2 / math.Sqrt(kept); residual > 1.5*se {
			t.Errorf("seed %d: cut at %d leaves bias %v > 1.5 SE = %v", seed, d, residual, 1.5*se)
		}
	}
}

func TestMSER5Stationary(t *testing.T) {
	// iid N(0, 1): no warm-up. For each of 20 seeds the cut must be near 0:
	// at most 5% of the 5000 observations.
	for seed := uint64(1); seed <= 20; seed++ {
		r := rand.New(rand.NewPCG(seed, 8))
		xs := make([]float64, 5000)
		for i := range xs {
			xs[i] = r.NormFloat64()
		}
		if d, ok := MSER5(xs); !ok || d > 250 {
			t.Errorf("seed %d: MSER5 = %d, %v, want ≤ 250, true", seed, d, ok)
		}
	}
}

func TestMSER5TooShort(t *testing.T) {
	// A series that trends throughout never settles: deleting more always
	// helps, the minimum falls on the boundary (half the series) and ok is
	// false.
	xs := make([]float64, 1000)
	for i := range xs {
		xs[i] = 1000 - float64(i)
	}
	if d, ok := MSER5(xs); ok || d != 500 {
		t.Errorf("MSER5 of a ramp = %d, %v, want 500, false", d, ok)
	}
}
