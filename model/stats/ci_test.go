package stats

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// t2 is the closed-form quantile of Student's t with 2 degrees of freedom,
// (2p − 1)/√(2p(1 − p)), from inverting F(t) = ½ + t/(2√(2 + t²)).
func t2(p float64) float64 { return (2*p - 1) / math.Sqrt(2*p*(1-p)) }

func TestTQuantile(t *testing.T) {
	cases := []struct {
		name    string
		p, df   float64
		want    float64
		tol     float64 // absolute
		wantSrc string
	}{
		// ν = 1 is the Cauchy distribution: tan(π(p − ½)).
		{"cauchy 0.975", 0.975, 1, math.Tan(math.Pi * 0.475), 1e-9, "closed form"},
		{"cauchy 0.9", 0.9, 1, math.Tan(math.Pi * 0.4), 1e-12, "closed form"},
		{"nu2 0.975", 0.975, 2, t2(0.975), 1e-12, "closed form"},
		{"nu2 0.005", 0.005, 2, t2(0.005), 1e-12, "closed form"},
		// ν = 4: 2·√(cos(θ/3)/√α − 1), α = 4p(1−p), θ = arccos √α (p > ½).
		{"nu4 0.975", 0.975, 4, 2 * math.Sqrt(math.Cos(math.Acos(math.Sqrt(0.0975))/3)/math.Sqrt(0.0975)-1), 1e-12, "closed form"},
		// Three-decimal values of the NIST/SEMATECH e-Handbook t table (1.3.6.7.2).
		{"nist 10", 0.975, 10, 2.228, 5e-4, "NIST table"},
		{"nist 30", 0.995, 30, 2.750, 5e-4, "NIST table"},
		{"nist 100", 0.95, 100, 1.660, 5e-4, "NIST table"},
		// Huge ν: the normal quantile z₀.₉₇₅ = 1.959963984540054.
		{"normal limit", 0.975, 1e12, 1.959963984540054, 1e-8, "normal quantile"},
	}
	for _, c := range cases {
		if got := TQuantile(c.p, c.df); math.Abs(got-c.want) > c.tol {
			t.Errorf("%s: TQuantile(%v, %v) = %v, want %v ± %g (%s)", c.name, c.p, c.df, got, c.want, c.tol, c.wantSrc)
		}
	}
	// Near the switch from gonum to the expansion the two methods agree:
	// at ν = 10⁴ and 10⁵ gonum is still accurate to ~1e-11.
	for _, nu := range []float64{1e4, tLargeDF} {
		for _, p := range []float64{0.6, 0.975, 0.9995} {
			g := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile(p)
			if got := tCornishFisher(p, nu); math.Abs(got-g) > 1e-10 {
				t.Errorf("ν=%v p=%v: expansion %v, gonum %v", nu, p, got, g)
			}
		}
	}
	if !math.IsInf(TQuantile(1, 1e9), 1) || !math.IsInf(TQuantile(0, 1e9), -1) {
		t.Error("TQuantile(1), TQuantile(0) should be ±Inf")
	}
}

func TestMeanCIHand(t *testing.T) {
	// {1,2,3}: mean 2, sample SD 1, 95% half-width t₂(0.975)·1/√3 with the
	// closed-form ν = 2 quantile.
	mean, half := MeanCI([]float64{1, 2, 3}, 0.95)
	if mean != 2 || !relClose(half, t2(0.975)/math.Sqrt(3), 1e-12) {
		t.Errorf("MeanCI = %v ± %v, want 2 ± %v", mean, half, t2(0.975)/math.Sqrt(3))
	}
	if m, h := MeanCI([]float64{7}, 0.95); m != 7 || !math.IsNaN(h) {
		t.Errorf("one value: %v ± %v, want 7 ± NaN", m, h)
	}
	if m, h := MeanCI(nil, 0.95); !math.IsNaN(m) || !math.IsNaN(h) {
		t.Errorf("no value: %v ± %v, want NaN ± NaN", m, h)
	}
}

func TestMeanCICoverage(t *testing.T) {
	// 2000 intervals from 10 iid N(5, 2²) draws: the 95% t interval is exact
	// for normal data, so the coverage is Binomial(2000, 0.95)/2000, whose
	// SD is 0.0049; accept ±3 SD.
	r := rand.New(rand.NewPCG(21, 22))
	const reps = 2000
	covered := 0
	xs := make([]float64, 10)
	for range reps {
		for i := range xs {
			xs[i] = 5 + 2*r.NormFloat64()
		}
		m, h := MeanCI(xs, 0.95)
		if math.Abs(m-5) <= h {
			covered++
		}
	}
	cov := float64(covered) / reps
	if sd := math.Sqrt(0.95 * 0.05 / reps); math.Abs(cov-0.95) > 3*sd {
		t.Errorf("coverage %v, want 0.95 ± %v", cov, 3*sd)
	}
}

func TestPairedCI(t *testing.T) {
	// Differences b − a = {1, 2, 3}: mean 2, SD 1, half t₂(0.975)/√3.
	d, h, err := PairedCI([]float64{1, 2, 3}, []float64{2, 4, 6}, 0.95)
	if err != nil || d != 2 || !relClose(h, t2(0.975)/math.Sqrt(3), 1e-12) {
		t.Errorf("PairedCI = %v ± %v, %v; want 2 ± %v, nil", d, h, err, t2(0.975)/math.Sqrt(3))
	}
	if _, _, err := PairedCI([]float64{1, 2}, []float64{1}, 0.95); err == nil {
		t.Error("PairedCI of unequal lengths: no error")
	}
}

func TestBatchMeansHand(t *testing.T) {
	// Batches of 2 over 1…7: means 1.5, 3.5, 5.5 and 7 left pending. Mean
	// 3.5, SD of the batch means 2, standard error 2/√3, 95% half-width
	// t₂(0.975)·2/√3 (closed form).
	bm := NewBatchMeans(2)
	if !math.IsNaN(bm.Mean()) || !math.IsNaN(bm.HalfWidth(0.95)) {
		t.Error("empty: Mean and HalfWidth should be NaN")
	}
	for x := 1.0; x <= 7; x++ {
		bm.Add(x)
	}
	if bm.Batches() != 3 || bm.Mean() != 3.5 {
		t.Errorf("Batches, Mean = %d, %v, want 3, 3.5", bm.Batches(), bm.Mean())
	}
	if want := 2 / math.Sqrt(3); !relClose(bm.StdErr(), want, 1e-15) {
		t.Errorf("StdErr = %v, want %v", bm.StdErr(), want)
	}
	if want := t2(0.975) * 2 / math.Sqrt(3); !relClose(bm.HalfWidth(0.95), want, 1e-12) {
		t.Errorf("HalfWidth = %v, want %v", bm.HalfWidth(0.95), want)
	}
	one := NewBatchMeans(5)
	for range 7 {
		one.Add(1)
	}
	if one.Batches() != 1 || one.Mean() != 1 || !math.IsNaN(one.StdErr()) || !math.IsNaN(one.HalfWidth(0.9)) {
		t.Error("one batch: want Mean 1, StdErr and HalfWidth NaN")
	}
}

func TestBatchMeansAR1(t *testing.T) {
	// AR(1) X_t = φX_{t−1} + ε_t, φ = 0.5, ε ~ N(0, 1), mean 0. The long-run
	// variance is σ²/(1−φ)² = 4, so the standard error of the mean of N = 10⁴
	// observations is 2/100 = 0.02 — twice what an iid formula would claim.
	// Over 300 runs of 20 batches of 500: the average StdErr times 1/c₄(20)
	// (c₄(20) = 0.9869, bias of a sample SD) must be within 5% of 0.02 (its
	// Monte Carlo SD is ≈1%), and 95% coverage within 3 binomial SDs (0.038).
	r := rand.New(rand.NewPCG(31, 32))
	const reps, batches, size = 300, 20, 500
	covered, seSum := 0, 0.0
	for range reps {
		bm := NewBatchMeans(size)
		x := r.NormFloat64() / math.Sqrt(1-0.25) // stationary start
		for range batches * size {
			bm.Add(x)
			x = 0.5*x + r.NormFloat64()
		}
		seSum += bm.StdErr()
		if math.Abs(bm.Mean()) <= bm.HalfWidth(0.95) {
			covered++
		}
	}
	if se := seSum / reps / 0.9869; math.Abs(se-0.02) > 0.05*0.02 {
		t.Errorf("mean StdErr/c4 = %v, want 0.02 ± 5%%", se)
	}
	cov := float64(covered) / reps
	if sd := math.Sqrt(0.95 * 0.05 / reps); math.Abs(cov-0.95) > 3*sd {
		t.Errorf("coverage %v, want 0.95 ± %v", cov, 3*sd)
	}
}

func TestCIPanics(t *testing.T) {
	expectPanics(t, []namedFunc{
		{"level 1", func() { MeanCI([]float64{1, 2}, 1) }},
		{"level 0 on empty", func() { MeanCI(nil, 0) }},
		{"batch size 0", func() { NewBatchMeans(0) }},
	})
}
