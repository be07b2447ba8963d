package twin

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/dist"
)

// Provenance is what `sim fit` recorded about one ticket type's fit (a
// "# fit:" comment in the fragment): the records behind it, so that new
// records can be compared with the old ones rather than with a fit taken
// as exact.
type Provenance struct {
	Records int
	Days    float64
	Closed  int
	KS      float64 // the fit's own KS distance to its records
	Reach   float64 // minutes: the last closure seen (KS is compared up to it)
	// Dispersion of the fitted window's daily counts (DailyDispersion) and
	// its degrees of freedom (0: not recorded).
	Dispersion float64
	DispDF     int
}

var provLine = regexp.MustCompile(`^# fit: records (\d+), days ([0-9.e+-]+), closed (\d+), ks ([0-9.]+), reach ([0-9.e+-]+)m(?:, dispersion ([0-9.e+-]+) on (\d+) df)?$`)

// ProvenanceOf reads the "# fit:" comments of a fragment written by
// WriteFragment, by ticket name.
func ProvenanceOf(fragment []byte) map[string]Provenance {
	out := map[string]Provenance{}
	sc := bufio.NewScanner(bytes.NewReader(fragment))
	sc.Buffer(make([]byte, 1<<20), 1<<26)
	inTicket, name := false, ""
	for sc.Scan() {
		l := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(l, "[["):
			inTicket, name = l == "[[ticket]]", ""
		case inTicket && name == "" && strings.HasPrefix(l, "name = "):
			name, _ = strconv.Unquote(strings.TrimPrefix(l, "name = "))
		case inTicket && name != "":
			if m := provLine.FindStringSubmatch(l); m != nil {
				var p Provenance
				p.Records, _ = strconv.Atoi(m[1])
				p.Days, _ = strconv.ParseFloat(m[2], 64)
				p.Closed, _ = strconv.Atoi(m[3])
				p.KS, _ = strconv.ParseFloat(m[4], 64)
				p.Reach, _ = strconv.ParseFloat(m[5], 64)
				if m[6] != "" {
					p.Dispersion, _ = strconv.ParseFloat(m[6], 64)
					p.DispDF, _ = strconv.Atoi(m[7])
				}
				out[name] = p
			}
		}
	}
	return out
}

// TypeScore compares one ticket type's new records with its fit.
type TypeScore struct {
	Ticket string
	// Fitted: the scenario's rate (per day) and delay; Prov what sim fit
	// recorded (HasProv false for a hand-written type: the fit is then
	// taken as exact).
	FitRate     float64
	Prov        Provenance
	HasProv     bool
	FitMedian   float64 // minutes
	FitP90      float64
	N, Closed   int     // new records, closed ones
	Days        float64 // the new window
	NewRate     float64 // per day
	Median, P90 float64 // Kaplan–Meier of the new records (NaN beyond reach)
	// Dispersion of the daily counts (quasi-Poisson: Pearson χ² over its
	// degrees of freedom, the fitted and the new window's pooled, floored
	// at 1) and its degrees of freedom (0: not estimable, 1 used).
	Dispersion float64
	DispDF     int
	// Rate ratio new/fitted with its confidence interval (1 − Alpha) and
	// p-value (exact: conditional binomial on the two counts, or Poisson
	// against the fitted rate without provenance; both with the counts
	// divided by Dispersion, so over-dispersed counts widen them).
	RateRatio, RateLo, RateHi, RateP float64
	// KS: sup |Kaplan–Meier of the new records − fitted CDF| up to the
	// fit's reach; KSP its p-value (two-sample Kolmogorov with effective n
	// = n_old·n_new/(n_old+n_new), the fit's own KS subtracted first, so
	// conservative). NaN when not tested (fewer than MinScoreClosed closed).
	KS, KSP float64
	// Flags say what drifted after multiple-testing control ("rate",
	// "delay"), or "new type" / "no new records".
	Flags []string
}

// MinScoreClosed is the number of closed new records a delay needs to be
// tested.
const MinScoreClosed = 20

// Score is the comparison of a fitted scenario with new records.
type Score struct {
	Alpha  float64 // family-wise false-alarm rate (Holm)
	Types  []TypeScore
	Tests  int // hypotheses tested
	Drift  bool
	Window string // the new records' window, for reports
}

// ScoreFit compares the ticket types of cfg (a fitted scenario; prov from
// its fragment) with new records fitted by Fit (res, same mapping). Every
// rate and delay p-value enters one Holm–Bonferroni procedure at alpha,
// so the chance that a scenario that still holds is flagged at all is at
// most alpha. Ticket types of the records not in the scenario are flagged
// "new type"; types of the scenario with no new records get a rate test
// like any other.
func ScoreFit(cfg *model.Config, prov map[string]Provenance, res *Result, alpha float64) *Score {
	sc := &Score{Alpha: alpha}
	cells := map[string]*CellFit{}
	byCat := map[string][]*CellFit{}
	for i := range res.Cells {
		cells[res.Cells[i].Ticket] = &res.Cells[i]
		byCat[res.Cells[i].Category] = append(byCat[res.Cells[i].Category], &res.Cells[i])
	}
	used := map[*CellFit]bool{}
	// find is the new records' cell of a ticket type: the one of that name,
	// else every agency of the category of that name (as in a --cases log
	// of the twin read with mappings/tiaokuai-cases.toml) merged.
	find := func(name string) *CellFit {
		if c := cells[name]; c != nil {
			used[c] = true
			return c
		}
		cs := byCat[name]
		if len(cs) == 0 {
			return nil
		}
		m := &CellFit{Ticket: name, Category: name, Sample: &Sample{}}
		for _, c := range cs {
			used[c] = true
			m.N += c.N
			m.Daily = addDaily(m.Daily, c.Daily)
			m.Handled += c.Handled
			m.Sample.X = append(m.Sample.X, c.Sample.X...)
			m.Sample.Censored = append(m.Sample.Censored, c.Sample.Censored...)
		}
		return m
	}
	type pv struct {
		p    float64
		t    int
		what string
	}
	var ps []pv
	for _, tt := range cfg.Tickets {
		p, has := prov[tt.Name]
		if !has && tt.Rate == 0 {
			continue // not a fitted type (a base's per-1,000 type)
		}
		ts := TypeScore{Ticket: tt.Name, FitRate: tt.Rate, Prov: p, HasProv: has, Days: res.SpanDays,
			FitMedian: distQuantile(tt.Work, 0.5), FitP90: distQuantile(tt.Work, 0.9), KS: math.NaN(), KSP: math.NaN(),
			Median: math.NaN(), P90: math.NaN()}
		c := find(tt.Name)
		var daily map[int32]int32
		if c != nil {
			ts.N, ts.Closed, daily = c.N, c.Handled, c.Daily
		}
		ts.NewRate = float64(ts.N) / ts.Days
		ts.Dispersion, ts.DispDF = pooledDispersion(daily, res, p)
		ts.RateRatio, ts.RateLo, ts.RateHi, ts.RateP = rateTest(ts.N, ts.Days, tt.Rate, p, has, alpha, ts.Dispersion)
		i := len(sc.Types)
		ps = append(ps, pv{ts.RateP, i, "rate"})
		if c != nil && c.Handled >= MinScoreClosed {
			t, F := KaplanMeier(c.Sample)
			ts.Median, ts.P90 = kmQuantile(t, F, 0.5), kmQuantile(t, F, 0.9)
			reach := math.Inf(1)
			if has && p.Reach > 0 {
				reach = p.Reach
			}
			k, _ := slices.BinarySearch(t, math.Nextafter(reach, math.Inf(1)))
			// durations are compared at a relative resolution of 5·10⁻⁴, finer
			// than the 4 significant digits the fragment writes them with: an
			// atom written as 0.008333m is the one the records hold at 0.5 s
			cdf0, left0 := distCDF(tt.Work)
			cdf := func(x float64) float64 { return cdf0(x * (1 + 5e-4)) }
			left := func(x float64) float64 {
				if left0 == nil {
					return cdf0(x * (1 - 5e-4))
				}
				return left0(x * (1 - 5e-4))
			}
			ts.KS = ksDistance(t[:k], F[:k], cdf, left)
			ne := float64(c.Handled)
			if has {
				ne = float64(p.Closed) * ne / float64(p.Closed+c.Handled)
			}
			d := ts.KS
			if has {
				d = math.Max(0, d-p.KS)
			}
			ts.KSP = kolmogorovP(d, ne)
			ps = append(ps, pv{ts.KSP, i, "delay"})
		}
		sc.Types = append(sc.Types, ts)
	}
	for _, mt := range cfg.Matters {
		for _, c := range byCat[mt.Name] {
			used[c] = true // a --cases log also holds the scenario's matters
		}
	}
	for i := range res.Cells {
		if c := &res.Cells[i]; !used[c] {
			nan := math.NaN()
			sc.Types = append(sc.Types, TypeScore{Ticket: c.Ticket, N: c.N, Closed: c.Handled, Days: res.SpanDays, NewRate: float64(c.N) / res.SpanDays,
				FitRate: nan, FitMedian: nan, FitP90: nan, Dispersion: nan, RateRatio: nan, RateLo: nan, RateHi: nan, RateP: nan,
				KS: nan, KSP: nan, Median: nan, P90: nan, Flags: []string{"new type"}})
			sc.Drift = true
		}
	}
	// Holm–Bonferroni
	sc.Tests = len(ps)
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].p < ps[b].p })
	for k, p := range ps {
		if p.p > alpha/float64(len(ps)-k) {
			break
		}
		sc.Types[p.t].Flags = append(sc.Types[p.t].Flags, p.what)
		sc.Drift = true
	}
	return sc
}

// pooledDispersion is the quasi-Poisson dispersion of a type's daily
// counts: the new window's Pearson χ² (DailyDispersion of the new records'
// whole days) and the fitted window's (from its provenance) pooled over their degrees of
// freedom, floored at 1; 1 with no whole days.
func pooledDispersion(daily map[int32]int32, res *Result, p Provenance) (float64, int) {
	chi2, df := 0.0, 0
	if res.Records != nil {
		if phi, d := DailyDispersion(daily, res.Records.Start, res.Records.End); d > 0 {
			chi2, df = phi*float64(d), d
		}
	}
	if p.DispDF > 0 && p.Dispersion >= 0 {
		chi2 += p.Dispersion * float64(p.DispDF)
		df += p.DispDF
	}
	if df == 0 {
		return 1, 0
	}
	return math.Max(1, chi2/float64(df)), df
}

// rateTest compares n new records over days with the fitted rate. With
// provenance the two counts are compared given their sum (exact binomial,
// Clopper–Pearson interval); without it the fitted rate is taken as exact
// (Poisson, Garwood interval). With dispersion phi > 1 (quasi-Poisson)
// the tests use the counts divided by phi, rounded: the variance of a
// count is phi times its mean, so n/phi carries the information of a
// Poisson count. The ratio itself is the counts'.
func rateTest(n int, days, rate float64, p Provenance, has bool, alpha, phi float64) (ratio, lo, hi, pval float64) {
	if phi > 1 {
		scale := func(k int) int { return int(math.Round(float64(k) / phi)) }
		if has && p.Records > 0 && p.Days > 0 {
			q := p
			q.Records = max(1, scale(p.Records))
			_, lo, hi, pval = rateTest(scale(n), days, rate, q, has, alpha, 1)
			ratio = float64(n) / float64(p.Records) * p.Days / days
			return
		}
		_, lo, hi, pval = rateTest(scale(n), days, rate/phi, p, has, alpha, 1)
		if mu := rate * days; mu > 0 {
			ratio = float64(n) / mu
		} else {
			ratio = math.NaN()
		}
		return
	}
	if has && p.Records > 0 && p.Days > 0 {
		m := n + p.Records
		p0 := days / (days + p.Days)
		pval = binomTwoSided(n, m, p0)
		odds := func(q float64) float64 { return q / (1 - q) * p.Days / days }
		ratio = odds(float64(n) / float64(m))
		qlo, qhi := 0.0, 1.0
		if n > 0 {
			qlo = distuv.Beta{Alpha: float64(n), Beta: float64(m - n + 1)}.Quantile(alpha / 2)
		}
		if n < m {
			qhi = distuv.Beta{Alpha: float64(n + 1), Beta: float64(m - n)}.Quantile(1 - alpha/2)
		}
		lo, hi = odds(qlo), math.Inf(1)
		if qhi < 1 {
			hi = odds(qhi)
		}
		return
	}
	mu := rate * days
	if !(mu > 0) {
		return math.NaN(), math.NaN(), math.NaN(), math.NaN()
	}
	ratio = float64(n) / mu
	pval = poissonTwoSided(n, mu)
	if n > 0 {
		lo = distuv.Gamma{Alpha: float64(n), Beta: 1}.Quantile(alpha/2) / mu
	}
	hi = distuv.Gamma{Alpha: float64(n + 1), Beta: 1}.Quantile(1-alpha/2) / mu
	return
}

// binomTwoSided is the exact two-sided p-value of x successes in n trials
// with probability p: the total probability of outcomes no more likely.
func binomTwoSided(x, n int, p float64) float64 {
	lp := func(k int) float64 {
		a, _ := math.Lgamma(float64(n + 1))
		b, _ := math.Lgamma(float64(k + 1))
		c, _ := math.Lgamma(float64(n - k + 1))
		return a - b - c + float64(k)*math.Log(p) + float64(n-k)*math.Log1p(-p)
	}
	return twoSided(x, 0, n, lp)
}

func poissonTwoSided(x int, mu float64) float64 {
	lp := func(k int) float64 {
		g, _ := math.Lgamma(float64(k + 1))
		return float64(k)*math.Log(mu) - mu - g
	}
	hi := int(mu + 20*math.Sqrt(mu) + 50)
	return twoSided(x, 0, max(hi, x+1), lp)
}

func twoSided(x, lo, hi int, lp func(int) float64) float64 {
	ref := lp(x) + 1e-9
	s := 0.0
	for k := lo; k <= hi; k++ {
		if l := lp(k); l <= ref {
			s += math.Exp(l)
		}
	}
	return math.Min(1, s)
}

// kolmogorovP is P(sup ≥ d) for n (effective) observations, with
// Stephens' correction.
func kolmogorovP(d, n float64) float64 {
	if d <= 0 || n <= 0 {
		return 1
	}
	l := (math.Sqrt(n) + 0.12 + 0.11/math.Sqrt(n)) * d
	if l < 0.2 {
		return 1
	}
	s := 0.0
	for k := 1; k <= 100; k++ {
		t := 2 * math.Exp(-2*float64(k*k)*l*l)
		if k%2 == 0 {
			t = -t
		}
		s += t
		if math.Abs(t) < 1e-12 {
			break
		}
	}
	return math.Min(1, math.Max(0, s))
}

// distCDF returns the distribution function of a scenario distribution
// (minutes) and, for step ones, its left limit.
func distCDF(d dist.Dist) (cdf, left func(float64) float64) {
	switch d.Kind {
	case dist.KindConst:
		return func(x float64) float64 {
				if x >= d.A {
					return 1
				}
				return 0
			}, func(x float64) float64 {
				if x > d.A {
					return 1
				}
				return 0
			}
	case dist.KindExp:
		return func(x float64) float64 { return 1 - math.Exp(-x/d.A) }, nil
	case dist.KindLogNormal:
		s2 := math.Log1p(d.B * d.B)
		ln := distuv.LogNormal{Mu: math.Log(d.A) - s2/2, Sigma: math.Sqrt(s2)}
		return ln.CDF, nil
	case dist.KindGamma:
		k := 1 / (d.B * d.B)
		g := distuv.Gamma{Alpha: k, Beta: k / d.A}
		return g.CDF, nil
	case dist.KindEmpirical:
		vs := d.Values
		return func(x float64) float64 {
				k, _ := slices.BinarySearch(vs, math.Nextafter(x, math.Inf(1)))
				return float64(k) / float64(len(vs))
			}, func(x float64) float64 {
				k, _ := slices.BinarySearch(vs, x)
				return float64(k) / float64(len(vs))
			}
	}
	// sim fit writes none of the other kinds: a step at the mean
	m := d.Mean()
	return func(x float64) float64 {
		if x >= m {
			return 1
		}
		return 0
	}, nil
}

// distQuantile is the p-quantile of a scenario distribution (minutes), by
// bisection on its CDF.
func distQuantile(d dist.Dist, p float64) float64 {
	if d.Kind == dist.KindEmpirical && len(d.Values) > 0 {
		return d.Values[min(int(p*float64(len(d.Values))), len(d.Values)-1)]
	}
	cdf, _ := distCDF(d)
	lo, hi := 0.0, math.Max(d.Mean(), 1)
	for cdf(hi) < p && hi < 1e12 {
		hi *= 2
	}
	for range 100 {
		mid := (lo + hi) / 2
		if cdf(mid) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return hi
}

// WriteScore writes the comparison as a Markdown table.
func WriteScore(w io.Writer, s *Score) error {
	var b strings.Builder
	verdict := "no drift found"
	if s.Drift {
		verdict = "**DRIFT**"
	}
	fmt.Fprintf(&b, "%s: %d hypotheses, Holm–Bonferroni at a family-wise false-alarm rate of %g%s.\n\n", verdict, s.Tests, s.Alpha, s.Window)
	b.WriteString("| ticket | fitted /day | new /day | dispersion | rate ratio | 95% CI | p | fitted p50 h | new p50 h | fitted p90 h | new p90 h | KS | p | flags |\n|---|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|\n")
	h := func(x float64) string {
		if math.IsNaN(x) {
			return "—"
		}
		return strconv.FormatFloat(x/60, 'f', 2, 64)
	}
	f := func(x float64, prec int) string {
		if math.IsNaN(x) {
			return "—"
		}
		return strconv.FormatFloat(x, 'f', prec, 64)
	}
	for _, t := range s.Types {
		fmt.Fprintf(&b, "| %s | %s | %.2f | %s | %s | %s–%s | %s | %s | %s | %s | %s | %s | %s | %s |\n", t.Ticket, f(t.FitRate, 2), t.NewRate,
			f(t.Dispersion, 2), f(t.RateRatio, 3), f(t.RateLo, 3), f(t.RateHi, 3), pfmt(t.RateP), h(t.FitMedian), h(t.Median), h(t.FitP90), h(t.P90),
			f(t.KS, 3), pfmt(t.KSP), strings.Join(t.Flags, ", "))
	}
	b.WriteString("\n(The rate test compares the two windows' counts given their sum; the delay test is the KS distance between the new records' Kaplan–Meier curve and the fitted distribution up to the fit's reach, less the fit's own KS distance, with n = n_old·n_new/(n_old+n_new): conservative. Daily counts of real records are often over-dispersed: the dispersion is Pearson's χ² of the whole days' counts around their mean over its degrees of freedom, both windows pooled, floored at 1 (quasi-Poisson), and the rate test divides the counts by it.)\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func pfmt(p float64) string {
	switch {
	case math.IsNaN(p):
		return "—"
	case p < 1e-4:
		return "<1e-4"
	}
	return strconv.FormatFloat(p, 'f', 4, 64)
}
