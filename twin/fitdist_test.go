package twin

import (
	"math"
	"math/rand/v2"
	"testing"

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
