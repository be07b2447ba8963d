package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestLogHistLayout(t *testing.T) {
	// [1, 1000) with 10 bins per decade: 30 regular bins whose edges are
	// 10^(k/10), plus underflow and overflow.
	h := NewLogHist(1, 1000, 10)
	bins := h.Bins()
	if len(bins) != 32 {
		t.Fatalf("len(Bins) = %d, want 32", len(bins))
	}
	if bins[0].Lo != 0 || bins[0].Hi != 1 || bins[31].Lo != 1000 || !math.IsInf(bins[31].Hi, 1) {
		t.Errorf("extreme bins %+v, %+v, want [0,1) and [1000,+Inf)", bins[0], bins[31])
	}
	for k := 1; k <= 30; k++ {
		want := math.Pow(10, float64(k-1)/10)
		if !relClose(bins[k].Lo, want, 1e-14) || bins[k].Hi != bins[k+1].Lo {
			t.Errorf("bin %d = [%v, %v), want Lo = 10^(%d/10) = %v and contiguous", k, bins[k].Lo, bins[k].Hi, k-1, want)
		}
	}
	// A value exactly on an edge belongs to the bin it opens.
	for k := 1; k <= 31; k++ {
		h.Add(bins[k].Lo)
	}
	for k, b := range h.Bins() {
		if want := int64(min(k, 1)); b.Count != want {
			t.Errorf("bin %d [%v, %v) count %d, want %d", k, b.Lo, b.Hi, b.Count, want)
		}
	}
	// hi off the grid: ⌈10·log10(500)⌉ = 27 regular bins, the last cut at 500.
	b2 := NewLogHist(1, 500, 10).Bins()
	if len(b2) != 29 || b2[27].Hi != 500 || b2[27].Lo != math.Pow(10, 2.6) {
		t.Errorf("off-grid layout: %d bins, last regular %+v; want 29 bins, last [10^2.6, 500)", len(b2), b2[27])
	}
}

func TestLogHistHandQuantiles(t *testing.T) {
	// One bin per decade: {1, 2, 3, 4} all fall in [1, 10), clipped to the
	// exact range [1, 4]. The median has rank 2 of 4, so f = 2/4 and the
	// geometric interpolation gives 1·4^0.5 = 2, the exact sample median
	// (order statistic 2). q = 0.75: 4^0.75 = 2.828…
	h := NewLogHist(1, 10, 1)
	for _, x := range []float64{1, 2, 3, 4} {
		h.Add(x)
	}
	cases := []struct{ q, want float64 }{{0, 1}, {0.5, 2}, {0.75, math.Pow(4, 0.75)}, {1, 4}}
	for _, c := range cases {
		if got := h.Quantile(c.q); !relClose(got, c.want, 1e-15) {
			t.Errorf("Quantile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if h.Mean() != 2.5 || h.N() != 4 {
		t.Errorf("Mean, N = %v, %d, want 2.5, 4", h.Mean(), h.N())
	}
	// Underflow bin: linear between 0-side min and lo. {0, 0.5} in [0, 1):
	// median rank 1 of 2 → f = 0.5 → 0 + 0.5·(0.5 − 0) = 0.25.
	u := NewLogHist(1, 10, 1)
	u.Add(0)
	u.Add(0.5)
	if got := u.Quantile(0.5); got != 0.25 {
		t.Errorf("underflow median = %v, want 0.25", got)
	}
	if !math.IsNaN(NewLogHist(1, 10, 1).Quantile(0.5)) || !math.IsNaN(NewLogHist(1, 10, 1).Mean()) {
		t.Error("empty histogram: Quantile and Mean should be NaN")
	}
}

// checkQuantiles draws n values with draw, and checks the histogram
// quantiles two ways: against the exact sample quantile (order statistic
// ⌈qn⌉) within the documented bound RelErr, which is a guarantee; and against
// the true quantile of the distribution within RelErr plus 5 standard errors
// of the sample quantile, sqrt(q(1−q)/n)/f(x_q) (asymptotic normality of
// order statistics).
func checkQuantiles(t *testing.T, h *LogHist, n int, draw func() float64, quantile, pdf func(float64) float64) {
	t.Helper()
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = draw()
		h.Add(xs[i])
	}
	slices.Sort(xs)
	bound := h.RelErr()
	for _, q := range []float64{0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999} {
		got := h.Quantile(q)
		sample := xs[int(math.Ceil(q*float64(n)))-1]
		if rel := math.Abs(got-sample) / sample; rel > bound {
			t.Errorf("q=%v: histogram %v vs sample quantile %v: rel error %.3g > bound %.3g", q, got, sample, rel, bound)
		}
		truth := quantile(q)
		se := math.Sqrt(q*(1-q)/float64(n)) / pdf(truth) / truth
		if rel := math.Abs(got-truth) / truth; rel > bound+5*se {
			t.Errorf("q=%v: histogram %v vs true quantile %v: rel error %.3g > %.3g", q, got, truth, rel, bound+5*se)
		}
	}
	if h.Quantile(0) != xs[0] || h.Quantile(1) != xs[n-1] {
		t.Errorf("Quantile(0), Quantile(1) = %v, %v, want exact min %v, max %v", h.Quantile(0), h.Quantile(1), xs[0], xs[n-1])
	}
}

func TestLogHistQuantilesExponential(t *testing.T) {
	d := distuv.Exponential{Rate: 1, Src: rand.NewPCG(11, 12)}
	h := NewLogHist(1e-3, 1e3, 20) // bound 10^(1/20) − 1 ≈ 12.2%
	checkQuantiles(t, h, 1_000_000, d.Rand, d.Quantile, d.Prob)
}

func TestLogHistQuantilesLognormal(t *testing.T) {
	d := distuv.LogNormal{Mu: 1, Sigma: 1.5, Src: rand.NewPCG(13, 14)}
	h := NewLogHist(1e-3, 1e4, 100) // bound 10^(1/100) − 1 ≈ 2.33%
	checkQuantiles(t, h, 1_000_000, d.Rand, d.Quantile, d.Prob)
}

func TestLogHistMergeEqualsSingleStream(t *testing.T) {
	// Merging two halves must reproduce the single-stream histogram: counts,
	// N, min and max exactly (integer and order-free operations), the mean
	// to 1e-12 (the sum is added in a different order), and hence every
	// quantile exactly.
	r := rand.New(rand.NewPCG(3, 4))
	all := NewLogHist(0.01, 100, 10)
	a, b := NewLogHist(0.01, 100, 10), NewLogHist(0.01, 100, 10)
	for i := range 20000 {
		x := math.Exp(2 * r.NormFloat64())
		all.Add(x)
		if i%3 == 0 {
			a.Add(x)
		} else {
			b.Add(x)
		}
	}
	a.Merge(b)
	if !slices.Equal(a.Bins(), all.Bins()) || a.N() != all.N() || a.Min() != all.Min() || a.Max() != all.Max() {
		t.Fatal("merged bins, N, min or max differ from the single stream")
	}
	if !relClose(a.Mean(), all.Mean(), 1e-12) {
		t.Errorf("merged mean %v, single stream %v", a.Mean(), all.Mean())
	}
	for _, q := range []float64{0, 0.001, 0.5, 0.9, 0.999, 1} {
		if a.Quantile(q) != all.Quantile(q) {
			t.Errorf("Quantile(%v): merged %v, single stream %v", q, a.Quantile(q), all.Quantile(q))
		}
	}
	a.Reset()
	if a.N() != 0 || !math.IsNaN(a.Quantile(0.5)) || slices.ContainsFunc(a.Bins(), func(b Bin) bool { return b.Count != 0 }) {
		t.Error("Reset left observations behind")
	}
}

func TestLogHistPanics(t *testing.T) {
	expectPanics(t, []namedFunc{
		{"lo 0", func() { NewLogHist(0, 1, 10) }},
		{"hi ≤ lo", func() { NewLogHist(1, 1, 10) }},
		{"perDecade 0", func() { NewLogHist(1, 10, 0) }},
		{"hi Inf", func() { NewLogHist(1, math.Inf(1), 10) }},
		{"negative value", func() { NewLogHist(1, 10, 1).Add(-1) }},
		{"NaN value", func() { NewLogHist(1, 10, 1).Add(math.NaN()) }},
		{"q > 1", func() { NewLogHist(1, 10, 1).Quantile(1.5) }},
		{"layout mismatch", func() { NewLogHist(1, 10, 1).Merge(NewLogHist(1, 10, 2)) }},
	})
}

type namedFunc struct {
	name string
	f    func()
}

// expectPanics checks that each function panics: broken invariants must
// fail loudly.
func expectPanics(t *testing.T, cases []namedFunc) {
	t.Helper()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", c.name)
				}
			}()
			c.f()
		})
	}
}

func BenchmarkLogHistAdd(b *testing.B) {
	h := NewLogHist(1e-3, 1e5, 50)
	x := 0.37
	for b.Loop() {
		h.Add(x)
		x *= 1.618
		if x > 1e4 {
			x *= 1e-7
		}
	}
}
