package twin

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/optimize"
	"gonum.org/v1/gonum/stat/distuv"
)

// Sample is a set of durations (minutes), some right-censored: a censored
// value is a lower bound (the case was still open at as_of).
type Sample struct {
	X        []float64
	Censored []bool
}

// Add appends one duration.
func (s *Sample) Add(x float64, censored bool) {
	s.X = append(s.X, x)
	s.Censored = append(s.Censored, censored)
}

// MinDuration is the smallest duration fitted (minutes): shorter ones
// (timestamps equal to the second) are raised to half a second, so that
// lognormal and gamma densities are defined.
const MinDuration = 0.5 / 60

// DistFit is one distribution fitted by maximum likelihood.
type DistFit struct {
	Family string  // "exp", "lognormal", "gamma" or "empirical"
	Mean   float64 // minutes
	CV     float64 // coefficient of variation
	// P1, P2 are the natural parameters: exp rate (1/min); lognormal μ, σ
	// of log minutes; gamma shape, rate (1/min).
	P1, P2 float64
	LogLik float64
	AIC    float64 // 2k − 2 logL; +Inf for the empirical fallback
	KS     float64 // sup |Kaplan–Meier − fitted CDF|
	// Quantiles (empirical only): the Kaplan–Meier quantiles written out.
	Quantiles []float64
	cdf       func(float64) float64
}

// CDF is the fitted distribution function.
func (f *DistFit) CDF(x float64) float64 { return f.cdf(x) }

// Spec is the distribution in scenario syntax, durations in minutes.
func (f *DistFit) Spec() string {
	switch f.Family {
	case "exp":
		return fmt.Sprintf("exp(%sm)", num(f.Mean))
	case "lognormal", "gamma":
		return fmt.Sprintf("%s(%sm, %s)", f.Family, num(f.Mean), num(f.CV))
	}
	b := []byte("empirical(")
	for i, q := range f.Quantiles {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, num(q)...)
		b = append(b, 'm')
	}
	return string(append(b, ')'))
}

func num(x float64) string { return fmt.Sprintf("%.4g", x) }

// stats are the sufficient statistics of the uncensored values.
type sampleStats struct {
	n, nc            int     // uncensored, censored
	sum, sumLog, ss2 float64 // Σx, Σlog x, Σ(log x)² over uncensored
	sumC             float64 // Σx over censored
	cens             []float64
}

func statsOf(s *Sample) sampleStats {
	var st sampleStats
	for i, x := range s.X {
		x = math.Max(x, MinDuration)
		if s.Censored[i] {
			st.nc++
			st.sumC += x
			st.cens = append(st.cens, x)
			continue
		}
		st.n++
		st.sum += x
		l := math.Log(x)
		st.sumLog += l
		st.ss2 += l * l
	}
	return st
}

func logSurv(s float64) float64 { return math.Log(math.Max(s, 1e-300)) }

// FitExponential fits an exponential: rate = events / total time on test.
func FitExponential(s *Sample) DistFit {
	st := statsOf(s)
	rate := float64(st.n) / (st.sum + st.sumC)
	ll := float64(st.n)*math.Log(rate) - rate*(st.sum+st.sumC)
	return DistFit{Family: "exp", P1: rate, Mean: 1 / rate, CV: 1, LogLik: ll, AIC: 2 - 2*ll,
		cdf: func(x float64) float64 { return 1 - math.Exp(-rate*x) }}
}

// minimize2 runs Nelder–Mead on a two-parameter negative log-likelihood.
func minimize2(nll func(a, b float64) float64, a0, b0 float64) (float64, float64, float64) {
	p := optimize.Problem{Func: func(x []float64) float64 {
		v := nll(x[0], x[1])
		if math.IsNaN(v) {
			return math.Inf(1)
		}
		return v
	}}
	res, err := optimize.Minimize(p, []float64{a0, b0}, &optimize.Settings{MajorIterations: 2000}, &optimize.NelderMead{})
	if err != nil && res == nil {
		return a0, b0, nll(a0, b0)
	}
	return res.X[0], res.X[1], res.F
}

// FitLognormal fits a lognormal by maximum likelihood (censored values
// enter through the survival function).
func FitLognormal(s *Sample) DistFit {
	st := statsOf(s)
	n := float64(st.n)
	mu0 := st.sumLog / math.Max(n, 1)
	sd0 := math.Sqrt(math.Max(st.ss2/math.Max(n, 1)-mu0*mu0, 1e-6))
	nll := func(mu, ls float64) float64 {
		sg := math.Exp(ls)
		// Σ (l − μ)² = ss2 − 2μ Σl + n μ²
		q := st.ss2 - 2*mu*st.sumLog + n*mu*mu
		ll := -st.sumLog - n*ls - n*0.5*math.Log(2*math.Pi) - q/(2*sg*sg)
		if st.nc > 0 {
			d := distuv.LogNormal{Mu: mu, Sigma: sg}
			for _, x := range st.cens {
				ll += logSurv(d.Survival(x))
			}
		}
		return -ll
	}
	mu, ls, f := mu0, math.Log(sd0), nll(mu0, math.Log(sd0))
	if st.nc > 0 {
		mu, ls, f = minimize2(nll, mu0, math.Log(sd0))
	}
	sg := math.Exp(ls)
	d := distuv.LogNormal{Mu: mu, Sigma: sg}
	return DistFit{Family: "lognormal", P1: mu, P2: sg, Mean: d.Mean(), CV: math.Sqrt(math.Expm1(sg * sg)),
		LogLik: -f, AIC: 4 + 2*f, cdf: d.CDF}
}

// FitGamma fits a gamma by maximum likelihood over (log shape, log rate).
func FitGamma(s *Sample) DistFit {
	st := statsOf(s)
	n := float64(st.n)
	m := (st.sum + st.sumC) / math.Max(n, 1)
	// method-of-moments-like start: shape from Σlog (Minka's approximation)
	sdl := math.Log(st.sum/math.Max(n, 1)) - st.sumLog/math.Max(n, 1)
	k0 := 1.0
	if sdl > 0 {
		k0 = (3 - sdl + math.Sqrt((sdl-3)*(sdl-3)+24*sdl)) / (12 * sdl)
	}
	nll := func(lk, lr float64) float64 {
		k, r := math.Exp(lk), math.Exp(lr)
		lg, _ := math.Lgamma(k)
		ll := n*(k*lr-lg) + (k-1)*st.sumLog - r*st.sum
		if st.nc > 0 {
			d := distuv.Gamma{Alpha: k, Beta: r}
			for _, x := range st.cens {
				ll += logSurv(d.Survival(x))
			}
		}
		return -ll
	}
	lk, lr, f := minimize2(nll, math.Log(k0), math.Log(k0/m))
	k, r := math.Exp(lk), math.Exp(lr)
	d := distuv.Gamma{Alpha: k, Beta: r}
	return DistFit{Family: "gamma", P1: k, P2: r, Mean: k / r, CV: 1 / math.Sqrt(k), LogLik: -f, AIC: 4 + 2*f, cdf: d.CDF}
}

// KaplanMeier returns the distinct uncensored times and the estimated
// distribution function just after each.
func KaplanMeier(s *Sample) (t, F []float64) {
	type obs struct {
		x float64
		c bool
	}
	o := make([]obs, len(s.X))
	for i, x := range s.X {
		o[i] = obs{math.Max(x, MinDuration), s.Censored[i]}
	}
	slices.SortFunc(o, func(a, b obs) int {
		if a.x != b.x {
			if a.x < b.x {
				return -1
			}
			return 1
		}
		if a.c == b.c {
			return 0
		}
		if !a.c { // events before censorings at the same time
			return -1
		}
		return 1
	})
	surv := 1.0
	atRisk := len(o)
	for i := 0; i < len(o); {
		j, d := i, 0
		for j < len(o) && o[j].x == o[i].x {
			if !o[j].c {
				d++
			}
			j++
		}
		if d > 0 {
			surv *= 1 - float64(d)/float64(atRisk)
			t = append(t, o[i].x)
			F = append(F, 1-surv)
		}
		atRisk -= j - i
		i = j
	}
	return t, F
}

// ksDistance is sup |KM − cdf| over the jumps of the Kaplan–Meier curve,
// comparing left limits with left limits (left is the fitted CDF just
// below x; nil for a continuous one).
func ksDistance(t, F []float64, cdf, left func(float64) float64) float64 {
	d, prev := 0.0, 0.0
	for i, x := range t {
		c, cl := cdf(x), cdf(x)
		if left != nil {
			cl = left(x)
		}
		d = math.Max(d, math.Max(math.Abs(F[i]-c), math.Abs(prev-cl)))
		prev = F[i]
	}
	return d
}

// Empirical returns the empirical fallback: q Kaplan–Meier quantiles at
// (i+0.5)/q of the estimated distribution's reach.
func Empirical(t, F []float64, q int) DistFit {
	f := DistFit{Family: "empirical", AIC: math.Inf(1), LogLik: math.NaN()}
	if len(t) == 0 {
		return f
	}
	top := F[len(F)-1]
	for i := 0; i < q; i++ {
		p := (float64(i) + 0.5) / float64(q) * top
		k, _ := slices.BinarySearch(F, p)
		f.Quantiles = append(f.Quantiles, t[min(k, len(t)-1)])
	}
	var s, s2 float64
	for _, v := range f.Quantiles {
		s += v
		s2 += v * v
	}
	f.Mean = s / float64(q)
	f.CV = math.Sqrt(math.Max(s2/float64(q)-f.Mean*f.Mean, 0)) / f.Mean
	qs := f.Quantiles
	f.cdf = func(x float64) float64 {
		k, _ := slices.BinarySearch(qs, math.Nextafter(x, math.Inf(1)))
		return float64(k) / float64(len(qs))
	}
	left := func(x float64) float64 {
		k, _ := slices.BinarySearch(qs, x)
		return float64(k) / float64(len(qs))
	}
	f.KS = ksDistance(t, F, f.cdf, left)
	return f
}

// FitOptions tunes FitDelay. The zero value means the defaults.
type FitOptions struct {
	// KSMax: when the best parametric fit by AIC is further than this from
	// the Kaplan–Meier estimate, the empirical fallback is chosen. Default 0.05.
	KSMax float64
	// Quantiles written for the empirical fallback. Default 50.
	Quantiles int
}

// DelayFit is every candidate fitted to a sample and the one chosen.
type DelayFit struct {
	N, Censored int
	Candidates  []DistFit // exp, lognormal, gamma, empirical
	Chosen      int       // index into Candidates
	BestAIC     int       // the parametric candidate with the lowest AIC
}

// Best is the chosen distribution.
func (d *DelayFit) Best() *DistFit { return &d.Candidates[d.Chosen] }

// FitDelay fits exponential, lognormal and gamma by censored maximum
// likelihood, picks the lowest AIC, and falls back to the empirical
// distribution when that fit's KS distance exceeds opt.KSMax. It needs at
// least two uncensored values.
func FitDelay(s *Sample, opt FitOptions) (*DelayFit, error) {
	if opt.KSMax == 0 {
		opt.KSMax = 0.05
	}
	if opt.Quantiles == 0 {
		opt.Quantiles = 50
	}
	st := statsOf(s)
	if st.n < 2 {
		return nil, fmt.Errorf("twin: %d uncensored durations, need at least 2", st.n)
	}
	t, F := KaplanMeier(s)
	d := &DelayFit{N: len(s.X), Censored: st.nc}
	for _, f := range []DistFit{FitExponential(s), FitLognormal(s), FitGamma(s)} {
		f.KS = ksDistance(t, F, f.cdf, nil)
		d.Candidates = append(d.Candidates, f)
	}
	for i := range d.Candidates {
		if d.Candidates[i].AIC < d.Candidates[d.Chosen].AIC {
			d.Chosen = i
		}
	}
	d.BestAIC = d.Chosen
	d.Candidates = append(d.Candidates, Empirical(t, F, opt.Quantiles))
	if d.Candidates[d.Chosen].KS > opt.KSMax {
		d.Chosen = len(d.Candidates) - 1
	}
	return d, nil
}
