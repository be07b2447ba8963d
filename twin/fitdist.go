package twin

import (
	"fmt"
	"math"
	"slices"
	"strings"

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
	AIC    float64 // 2k − 2 logL; +Inf for the Kaplan–Meier-based distribution
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

// Tail is the model of the mass the Kaplan–Meier curve leaves unobserved
// (cases still open at as_of): an exponential beyond Start (the last
// closure) with rate Rate, the hazard of the last half of the observed
// mass (or, if that is not positive, the mean hazard of the observed
// part).
type Tail struct {
	Mass  float64 // 1 − coverage
	Start float64 // minutes
	Rate  float64 // per minute
}

// MaxDuration caps every value written (minutes): ten years. A tail whose
// extrapolation would go beyond it is cut there.
const MaxDuration = 10 * 365 * 24 * 60

// kmTail estimates the tail beyond the curve's reach.
func kmTail(t, F []float64) Tail {
	top := F[len(F)-1]
	tl := Tail{Mass: 1 - top, Start: t[len(t)-1]}
	if tl.Mass <= 1e-12 {
		tl.Mass = 0
		return tl
	}
	tau, sTau := t[len(t)-1], 1-top
	k, _ := slices.BinarySearch(F, top/2)
	ta, sa := t[min(k, len(t)-1)], 1-F[min(k, len(t)-1)]
	if ta < tau && sa > sTau {
		tl.Rate = math.Log(sa/sTau) / (tau - ta)
	}
	if !(tl.Rate > 0) || math.IsInf(tl.Rate, 0) {
		tl.Rate = -math.Log(sTau) / tau // the mean hazard over the observed part
	}
	tl.Rate = math.Max(tl.Rate, 1/float64(MaxDuration))
	return tl
}

// quantileIntegral integrates the quantile function of the Kaplan–Meier
// curve continued by the tail over [a, b] ⊂ [0, 1].
func quantileIntegral(t, F []float64, tl Tail, a, b float64) float64 {
	top := 1 - tl.Mass
	sum := 0.0
	if a < top {
		hi := math.Min(b, top)
		k, _ := slices.BinarySearch(F, a) // first jump with F ≥ a
		prev := 0.0
		if k > 0 {
			prev = F[k-1]
		}
		for ; k < len(F) && prev < hi; k++ {
			lo := math.Max(prev, a)
			up := math.Min(F[k], hi)
			if up > lo {
				sum += t[k] * (up - lo)
			}
			prev = F[k]
		}
	}
	if b > top && tl.Mass > 0 {
		// Q(p) = start + ln(mass/(1−p))/rate; ∫ −ln(1−p) dp = G(p) = (1−p)ln(1−p) − (1−p)
		lo := math.Max(a, top)
		g := func(p float64) float64 {
			if p >= 1 {
				return 0
			}
			return (1-p)*math.Log(1-p) - (1 - p)
		}
		sum += (b-lo)*(tl.Start+math.Log(tl.Mass)/tl.Rate) + (g(b)-g(lo))/tl.Rate
	}
	return sum
}

// Empirical returns the Kaplan–Meier-based distribution: q equally likely
// values, each the mean of the estimated distribution over its 1/q of
// probability, the curve continued beyond its reach by tl. Its mean is
// therefore the mean of the curve and the tail (the restricted Kaplan–Meier
// mean when nothing is censored beyond the last closure) and its
// quantiles lie within one 1/q step of the curve's. Values are capped at
// MaxDuration.
func Empirical(t, F []float64, tl Tail, q int) DistFit {
	f := DistFit{Family: "empirical", AIC: math.Inf(1), LogLik: math.NaN()}
	if len(t) == 0 {
		return f
	}
	for i := range q {
		a, b := float64(i)/float64(q), float64(i+1)/float64(q)
		v := quantileIntegral(t, F, tl, a, b) / (b - a)
		if len(f.Quantiles) > 0 {
			v = math.Max(v, f.Quantiles[len(f.Quantiles)-1]) // rounding
		}
		f.Quantiles = append(f.Quantiles, math.Min(v, MaxDuration))
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

// RestrictedMean is the area under the Kaplan–Meier survival curve up to
// its last closure (minutes).
func RestrictedMean(t, F []float64) float64 {
	m, prevT, prevF := 0.0, 0.0, 0.0
	for i := range t {
		m += (t[i] - prevT) * (1 - prevF)
		prevT, prevF = t[i], F[i]
	}
	return m
}

// FitOptions tunes FitDelay. The zero value means the defaults.
type FitOptions struct {
	// KSMax: when the best parametric fit by AIC is further than this from
	// the Kaplan–Meier estimate (over its reach), the Kaplan–Meier-based
	// distribution is chosen. Default 0.05.
	KSMax float64
	// Quantiles is the number of values of an empirical distribution.
	// Default 200.
	Quantiles int
	// MinClosed is the number of closed records under which a ticket type
	// gets no fit of its own but the default (see Fit). Default 20.
	MinClosed int
	// MinParametric and MinCoverage are what a parametric family needs:
	// this many closed records and a Kaplan–Meier curve that reaches this
	// share of the mass. Defaults 50 and 0.9.
	MinParametric int
	MinCoverage   float64
}

func (o FitOptions) withDefaults() FitOptions {
	if o.KSMax == 0 {
		o.KSMax = 0.05
	}
	if o.Quantiles == 0 {
		o.Quantiles = 200
	}
	if o.MinClosed == 0 {
		o.MinClosed = 20
	}
	if o.MinParametric == 0 {
		o.MinParametric = 50
	}
	if o.MinCoverage == 0 {
		o.MinCoverage = 0.9
	}
	return o
}

// Sources of a ticket type's delay.
const (
	SourceFitted       = "fitted"       // a parametric family or the Kaplan–Meier curve, which reaches ≥ 99% of the mass
	SourceExtrapolated = "extrapolated" // over 1% of the mass is beyond the curve's reach: the tail model carries it
	SourceDefault      = "default"      // too few closed records: a pooled fit (see Fit)
)

// ExtrapolatedMass is the tail mass from which a fit is "extrapolated".
const ExtrapolatedMass = 0.01

// DelayFit is every candidate fitted to a sample and the one chosen.
type DelayFit struct {
	N, Closed, Censored int
	Candidates          []DistFit // exp, lognormal, gamma, empirical
	Chosen              int       // index into Candidates
	BestAIC             int       // the parametric candidate with the lowest AIC (−1: none passed the guards)
	// Coverage is the share of the mass the Kaplan–Meier curve reaches:
	// KS distances are measured over that part only.
	Coverage float64
	Tail     Tail
	// Restricted is the restricted mean of the Kaplan–Meier curve (minutes).
	Restricted float64
	Source     string
	// Why says why no parametric family was chosen ("" when one was).
	Why string
	// Median and P90 of the Kaplan–Meier curve (minutes; NaN beyond its reach).
	Median, P90 float64
}

// Best is the chosen distribution.
func (d *DelayFit) Best() *DistFit { return &d.Candidates[d.Chosen] }

// Extrapolated says the tail model carries more than ExtrapolatedMass.
func (d *DelayFit) Extrapolated() bool { return d.Tail.Mass > ExtrapolatedMass }

// kmQuantile is the smallest time at which the curve reaches p (NaN if it
// never does).
func kmQuantile(t, F []float64, p float64) float64 {
	k, _ := slices.BinarySearch(F, p-1e-12)
	if k >= len(t) {
		return math.NaN()
	}
	return t[k]
}

// absurd says why a parametric fit is not believable: parameters that are
// not finite, a cv over 20, or a mean beyond ten times the longest
// duration seen or MaxDuration.
func absurd(f *DistFit, longest float64) string {
	switch {
	case math.IsNaN(f.Mean) || math.IsInf(f.Mean, 0) || math.IsNaN(f.CV) || math.IsInf(f.CV, 0) || !(f.Mean > 0):
		return "parameters not finite"
	case f.CV > 20:
		return fmt.Sprintf("cv %.3g > 20", f.CV)
	case f.Mean > 10*longest || f.Mean > MaxDuration:
		return fmt.Sprintf("mean %.3g min beyond 10× the longest duration seen (%.3g min)", f.Mean, longest)
	}
	return ""
}

// FitDelay fits exponential, lognormal and gamma by censored maximum
// likelihood and the Kaplan–Meier-based distribution (Empirical, with the
// tail model kmTail). A parametric family is chosen only when at least
// opt.MinParametric durations are closed, the curve reaches opt.MinCoverage
// of the mass, its parameters are not absurd, and its KS distance to the
// curve is at most opt.KSMax; the one with the lowest AIC among those
// wins. Otherwise the Kaplan–Meier-based distribution is chosen. It needs
// at least two closed durations.
func FitDelay(s *Sample, opt FitOptions) (*DelayFit, error) {
	opt = opt.withDefaults()
	st := statsOf(s)
	if st.n < 2 {
		return nil, fmt.Errorf("twin: %d closed durations, need at least 2", st.n)
	}
	t, F := KaplanMeier(s)
	longest := 0.0
	for _, x := range s.X {
		longest = math.Max(longest, x)
	}
	tl := kmTail(t, F)
	d := &DelayFit{N: len(s.X), Closed: st.n, Censored: st.nc, Coverage: F[len(F)-1], Tail: tl,
		Restricted: RestrictedMean(t, F), Median: kmQuantile(t, F, 0.5), P90: kmQuantile(t, F, 0.9), BestAIC: -1}
	var why []string
	for i, f := range []DistFit{FitExponential(s), FitLognormal(s), FitGamma(s)} {
		f.KS = ksDistance(t, F, f.cdf, nil)
		d.Candidates = append(d.Candidates, f)
		if a := absurd(&f, longest); a != "" {
			why = append(why, f.Family+": "+a)
			continue
		}
		if d.BestAIC < 0 || f.AIC < d.Candidates[d.BestAIC].AIC {
			d.BestAIC = i
		}
	}
	d.Candidates = append(d.Candidates, Empirical(t, F, tl, opt.Quantiles))
	d.Chosen = len(d.Candidates) - 1
	switch {
	case st.n < opt.MinParametric:
		d.Why = fmt.Sprintf("%d closed < %d", st.n, opt.MinParametric)
	case d.Coverage < opt.MinCoverage:
		d.Why = fmt.Sprintf("coverage %.3f < %g", d.Coverage, opt.MinCoverage)
	case d.BestAIC < 0:
		d.Why = "absurd parameters (" + strings.Join(why, "; ") + ")"
	case d.Candidates[d.BestAIC].KS > opt.KSMax:
		d.Why = fmt.Sprintf("best by AIC (%s) has KS %.3f > %g", d.Candidates[d.BestAIC].Family, d.Candidates[d.BestAIC].KS, opt.KSMax)
	default:
		d.Chosen = d.BestAIC
	}
	d.Source = SourceFitted
	if d.Extrapolated() {
		d.Source = SourceExtrapolated
	}
	return d, nil
}

// Quantile is the fitted distribution's p-quantile (minutes).
func (f *DistFit) Quantile(p float64) float64 {
	switch f.Family {
	case "exp":
		return -math.Log1p(-p) / f.P1
	case "lognormal":
		return distuv.LogNormal{Mu: f.P1, Sigma: f.P2}.Quantile(p)
	case "gamma":
		return distuv.Gamma{Alpha: f.P1, Beta: f.P2}.Quantile(p)
	}
	if len(f.Quantiles) == 0 {
		return 0
	}
	return f.Quantiles[min(int(p*float64(len(f.Quantiles))), len(f.Quantiles)-1)]
}
