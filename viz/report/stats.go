package report

import (
	"math"
	"slices"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Estimate is a KPI's mean over replications and its confidence interval.
type Estimate struct {
	Mean   float64
	Lo, Hi float64 // NaN without a CI
	N      int     // replications with the KPI defined
	HasCI  bool    // N ≥ 2
}

// Diff is a reform's difference from the baseline on one KPI: reform −
// baseline, with its confidence interval.
type Diff struct {
	Base, Reform float64 // the means
	Est, Lo, Hi  float64 // the difference and its CI (NaN without)
	N            int     // replications (pairs, when Paired)
	HasCI        bool
	Paired       bool // by seed (common random numbers)
}

// Excludes0 says whether the CI lies wholly on one side of zero.
func (d Diff) Excludes0() bool { return d.HasCI && (d.Lo > 0 || d.Hi < 0) }

// Relative is the difference as a share of the baseline mean.
func (d Diff) Relative() float64 { return d.Est / math.Abs(d.Base) }

// definedValues returns the finite values.
func definedValues(xs []float64) []float64 {
	var out []float64
	for _, x := range xs {
		if stats.Finite(x) {
			out = append(out, x)
		}
	}
	return out
}

// EstimateOf returns the mean of a KPI over a scenario's replications with
// its Student-t CI at the study's level; a sweep's own CI (points.csv)
// when it has one.
func (s *Study) EstimateOf(sc *Scenario, kpi string) Estimate {
	if e, ok := sc.Summary[kpi]; ok {
		return e
	}
	return meanCI(sc.KPI[kpi], s.Level)
}

func meanCI(xs []float64, level float64) Estimate {
	v := definedValues(xs)
	e := Estimate{Mean: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), N: len(v)}
	if len(v) == 0 {
		return e
	}
	m, h := stats.MeanCI(v, level)
	e.Mean = m
	if len(v) >= 2 && stats.Finite(h) {
		e.Lo, e.Hi, e.HasCI = m-h, m+h, true
	}
	return e
}

// DiffOf returns reform − baseline on a KPI: from compare.json when the
// comparison wrote it; else paired by seed when both scenarios ran the
// same seeds (common random numbers); else Welch's unpaired interval; with
// one run each, the plain difference without a CI.
func (s *Study) DiffOf(base, reform *Scenario, kpi string) Diff {
	if s.Source == "compare" && base == s.Scenarios[0] {
		for _, c := range s.Comparisons {
			if c.KPI == kpi && scenarioName(c.Reform) == reform.Name {
				d := Diff{Base: c.BaseMean, Reform: c.ReformMean, Est: c.Diff, Lo: c.Low, Hi: c.High, N: c.N, Paired: true}
				d.HasCI = stats.Finite(d.Lo) && stats.Finite(d.Hi)
				return d
			}
		}
	}
	a, b := base.KPI[kpi], reform.KPI[kpi]
	d := Diff{Base: math.NaN(), Reform: math.NaN(), Est: math.NaN(), Lo: math.NaN(), Hi: math.NaN()}
	if slices.Equal(base.Seeds, reform.Seeds) && len(a) == len(b) {
		var p stats.Paired
		for i := range a {
			p.Add(a[i], b[i])
		}
		e := p.Effect(s.Level)
		d.N, d.Paired = e.N, true
		if e.N == 0 {
			return d
		}
		d.Base, d.Reform, d.Est = e.Base, e.Reform, e.Diff
		if e.HasCI() {
			d.Lo, d.Hi, d.HasCI = e.Lo, e.Hi, true
		}
		return d
	}
	x, y := definedValues(a), definedValues(b)
	d.N = min(len(x), len(y))
	if len(x) == 0 || len(y) == 0 {
		return d
	}
	ea, eb := meanCI(x, s.Level), meanCI(y, s.Level)
	d.Base, d.Reform, d.Est = ea.Mean, eb.Mean, eb.Mean-ea.Mean
	var ma, mb stats.Moments
	for _, v := range x {
		ma.Add(v)
	}
	for _, v := range y {
		mb.Add(v)
	}
	if h := stats.WelchHalf(&ma, &mb, s.Level); stats.Finite(h) {
		d.Lo, d.Hi, d.HasCI = d.Est-h, d.Est+h, true
	}
	return d
}

// Replicated says whether every scenario has at least two replications,
// so that CIs exist.
func (s *Study) Replicated() bool {
	for _, sc := range s.Scenarios {
		if len(sc.Seeds) < 2 {
			return false
		}
	}
	return true
}
