package twin

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/model/dist"

	"gonum.org/v1/gonum/stat/distuv"
)

// synth draws n durations from d, censoring those beyond an independent
// uniform(0, cmax) censoring time (cmax 0: no censoring).
func synth(d interface{ Rand() float64 }, n int, cmax float64, r *rand.Rand) *Sample {
	s := &Sample{}
	for range n {
		x := d.Rand()
		if cmax > 0 {
			if c := r.Float64() * cmax; c < x {
				s.Add(c, true)
				continue
			}
		}
		s.Add(x, false)
	}
	return s
}

// TestFitsRecoverParameters: with 20,000 values, means within 3% and CVs
// within 5% of the truth, with and without ~30% censoring, and AIC picks
// the true family.
func TestFitsRecoverParameters(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	src := rand.NewPCG(3, 4)
	cases := []struct {
		family   string
		d        interface{ Rand() float64 }
		mean, cv float64
	}{
		{"exp", distuv.Exponential{Rate: 1.0 / 120, Src: src}, 120, 1},
		{"lognormal", distuv.LogNormal{Mu: math.Log(300) - 0.18, Sigma: 0.6, Src: src}, 300, math.Sqrt(math.Expm1(0.36))},
		{"gamma", distuv.Gamma{Alpha: 2.5, Beta: 2.5 / 600, Src: src}, 600, 1 / math.Sqrt(2.5)},
	}
	for _, c := range cases {
		for _, cmax := range []float64{0, 4 * c.mean} {
			s := synth(c.d, 20000, cmax, r)
			d, err := FitDelay(s, FitOptions{KSMax: 0.05})
			if err != nil {
				t.Fatal(err)
			}
			var fit *DistFit
			for i := range d.Candidates {
				if d.Candidates[i].Family == c.family {
					fit = &d.Candidates[i]
				}
			}
			if got := d.Best().Family; got != c.family {
				t.Errorf("%s censor %g: chose %s (AIC %v)", c.family, cmax, got, d.Candidates)
			}
			if e := math.Abs(fit.Mean/c.mean - 1); e > 0.03 {
				t.Errorf("%s censor %g (%d censored): mean %.1f, want %.1f", c.family, cmax, d.Censored, fit.Mean, c.mean)
			}
			if e := math.Abs(fit.CV/c.cv - 1); e > 0.05 {
				t.Errorf("%s censor %g: cv %.3f, want %.3f", c.family, cmax, fit.CV, c.cv)
			}
			if fit.KS > 0.02 {
				t.Errorf("%s censor %g: KS %.3f for the true family", c.family, cmax, fit.KS)
			}
			if cmax > 0 && d.Censored < 2000 {
				t.Errorf("%s: only %d censored; the test means to censor many", c.family, d.Censored)
			}
		}
	}
}

// TestEmpiricalFallback: a two-point mixture no family fits falls back to
// the empirical distribution, whose quantiles reproduce it.
func TestEmpiricalFallback(t *testing.T) {
	s := &Sample{}
	r := rand.New(rand.NewPCG(5, 6))
	for i := range 10000 {
		if i%2 == 0 {
			s.Add(1+r.Float64(), false)
		} else {
			s.Add(1000+r.Float64()*10, false)
		}
	}
	d, err := FitDelay(s, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	b := d.Best()
	if b.Family != "empirical" {
		t.Fatalf("chose %s", b.Family)
	}
	if math.Abs(b.Mean-502.8) > 10 || b.KS > 0.03 {
		t.Errorf("empirical mean %.1f KS %.3f", b.Mean, b.KS)
	}
}

func TestFitDelayTooFew(t *testing.T) {
	s := &Sample{}
	s.Add(3, false)
	s.Add(5, true)
	if _, err := FitDelay(s, FitOptions{}); err == nil {
		t.Fatal("want an error for one uncensored value")
	}
}

// TestEmpiricalMeanMatchesKM: the Kaplan–Meier-based distribution's mean is
// within 2% of the restricted Kaplan–Meier mean, heavy tail or not, and its
// median and p90 within one 1/200 step of the curve's.
func TestEmpiricalMeanMatchesKM(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	src := rand.NewPCG(11, 12)
	for _, c := range []struct {
		name string
		d    interface{ Rand() float64 }
	}{
		{"lognormal cv 3", distuv.LogNormal{Mu: 5, Sigma: math.Sqrt(math.Log(10)), Src: src}},
		{"pareto-like", distuv.Pareto{Xm: 10, Alpha: 1.5, Src: src}},
		{"gamma", distuv.Gamma{Alpha: 0.3, Beta: 0.01, Src: src}},
	} {
		s := synth(c.d, 5000, 0, r)
		d, err := FitDelay(s, FitOptions{KSMax: 1e-9}) // always the empirical one
		if err != nil {
			t.Fatal(err)
		}
		b := d.Best()
		if b.Family != "empirical" || len(b.Quantiles) != 200 {
			t.Fatalf("%s: %s with %d values", c.name, b.Family, len(b.Quantiles))
		}
		if e := math.Abs(b.Mean/d.Restricted - 1); e > 0.02 {
			t.Errorf("%s: mean %.4g, restricted KM mean %.4g (%.1f%% off)", c.name, b.Mean, d.Restricted, 100*e)
		}
		xs := append([]float64(nil), s.X...)
		slices.Sort(xs)
		for _, p := range []float64{0.5, 0.9} {
			lo, hi := xs[int((p-0.005)*5000)], xs[int((p+0.005)*5000)]
			if q := b.Quantile(p); q < lo || q > hi {
				t.Errorf("%s: q%.2f %.4g outside [%.4g, %.4g]", c.name, p, q, lo, hi)
			}
		}
	}
}

// TestHeavyCensoring: most records still open (a lognormal with mean 100 h
// censored uniformly within 5 h): no absurd parameters, the Kaplan–Meier
// curve with an exponential tail is chosen and flagged extrapolated, its
// values are finite and within MaxDuration, and the spec parses.
func TestHeavyCensoring(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 14))
	d := distuv.LogNormal{Mu: math.Log(6000) - 2.0, Sigma: 2, Src: rand.NewPCG(15, 16)}
	for _, n := range []int{60, 500, 5000} {
		s := synth(d, n, 300, r)
		f, err := FitDelay(s, FitOptions{})
		if err != nil {
			t.Fatalf("n %d: %v", n, err)
		}
		b := f.Best()
		if b.Family != "empirical" || f.Source != SourceExtrapolated || f.Coverage > 0.9 {
			t.Errorf("n %d: chose %s, source %s, coverage %.3f (%s)", n, b.Family, f.Source, f.Coverage, f.Why)
		}
		if !(b.Mean > 0) || b.Mean > MaxDuration || b.Quantiles[len(b.Quantiles)-1] > MaxDuration {
			t.Errorf("n %d: mean %.4g, largest value %.4g", n, b.Mean, b.Quantiles[len(b.Quantiles)-1])
		}
		if _, err := dist.Parse(b.Spec(), dist.Duration, nil); err != nil {
			t.Errorf("n %d: %s does not parse: %v", n, b.Spec(), err)
		}
		if f.Tail.Mass < 0.5 || !(f.Tail.Rate > 0) {
			t.Errorf("n %d: tail %+v", n, f.Tail)
		}
	}
}

// TestParametricNeedsCoverage: a lognormal censored so that the curve
// reaches under 90% of the mass is not fitted parametrically even though
// its family fits the observed part; with coverage it is.
func TestParametricNeedsCoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(17, 18))
	d := distuv.LogNormal{Mu: 5, Sigma: 0.5, Src: rand.NewPCG(19, 20)}
	s := synth(d, 4000, 250, r) // the median is 148: much is censored
	f, _ := FitDelay(s, FitOptions{})
	if f.Coverage >= 0.9 || f.Best().Family != "empirical" || !strings.HasPrefix(f.Why, "coverage") {
		t.Errorf("coverage %.3f: chose %s (%s)", f.Coverage, f.Best().Family, f.Why)
	}
	s = synth(d, 4000, 0, r)
	if f, _ = FitDelay(s, FitOptions{}); f.Best().Family != "lognormal" || f.Source != SourceFitted {
		t.Errorf("uncensored: chose %s (%s), source %s", f.Best().Family, f.Why, f.Source)
	}
}
