package stats

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// giniPairs is the definition of the Gini coefficient: the mean absolute
// difference over all n² ordered pairs divided by twice the mean. O(n²), an
// independent reference for the sorted formula.
func giniPairs(xs []float64) float64 {
	var diff, sum float64
	for _, x := range xs {
		sum += x
		for _, y := range xs {
			diff += math.Abs(x - y)
		}
	}
	n := float64(len(xs))
	return diff / (2 * n * sum)
}

func TestGiniHand(t *testing.T) {
	cases := []struct {
		name string
		xs   []float64
		want float64
	}{
		// Pairwise |differences| of {1,2,3,4} sum to 10 (20 ordered), so
		// G = 20/(2·16·2.5) = 0.25.
		{"1..4", []float64{4, 1, 3, 2}, 0.25},
		{"equal", []float64{7, 7, 7}, 0},
		{"all zero", []float64{0, 0}, 0},
		// One unit holds everything: (n−1)/n.
		{"one holds all", []float64{0, 0, 0, 5}, 0.75},
		{"single", []float64{3}, 0},
	}
	for _, c := range cases {
		if got := Gini(c.xs); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("Gini(%s) = %v, want %v", c.name, got, c.want)
		}
	}
	for _, bad := range [][]float64{nil, {1, -1}, {1, math.NaN()}} {
		if got := Gini(bad); !math.IsNaN(got) {
			t.Errorf("Gini(%v) = %v, want NaN", bad, got)
		}
	}
}

func TestGiniMatchesPairs(t *testing.T) {
	// Random workloads: the sorted formula equals the pairwise definition
	// (to 1e-12, rounding of different summations), and the input is left
	// unsorted.
	r := rand.New(rand.NewPCG(5, 6))
	xs := make([]float64, 300)
	for i := range xs {
		xs[i] = r.ExpFloat64() * 40
	}
	orig := slices.Clone(xs)
	if got, want := Gini(xs), giniPairs(xs); !relClose(got, want, 1e-12) {
		t.Errorf("Gini = %v, pairwise definition %v", got, want)
	}
	if !slices.Equal(xs, orig) {
		t.Error("Gini modified its input")
	}
}

func TestTopShare(t *testing.T) {
	ten := []float64{3, 1, 4, 10, 5, 9, 2, 6, 8, 7} // 1…10, total 55
	cases := []struct {
		frac, want float64
		why        string
	}{
		{0.1, 10.0 / 55, "top 1 of 10"},
		{0.3, 27.0 / 55, "top 3"},
		{0.25, 27.0 / 55, "⌈2.5⌉ = 3"},
		{0, 0, "nobody"},
		{1, 1, "everybody"},
	}
	for _, c := range cases {
		if got := TopShare(ten, c.frac); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("TopShare(1…10, %v) = %v, want %v (%s)", c.frac, got, c.want, c.why)
		}
	}
	// 0.07·100 = 7.000000000000001 in float64 but means the top 7:
	// 94 + … + 100 = 679 of 5050.
	hundred := make([]float64, 100)
	for i := range hundred {
		hundred[i] = float64(i + 1)
	}
	if got := TopShare(hundred, 0.07); math.Abs(got-679.0/5050) > 1e-15 {
		t.Errorf("TopShare(1…100, 0.07) = %v, want 679/5050", got)
	}
	if !math.IsNaN(TopShare([]float64{0, 0}, 0.5)) || !math.IsNaN(TopShare(nil, 0.5)) {
		t.Error("TopShare of a zero total or no data should be NaN")
	}
	expectPanics(t, []namedFunc{{"frac > 1", func() { TopShare(ten, 1.5) }}})
}

func TestLorenz(t *testing.T) {
	// {1,2,3,4}, total 10: cumulative shares 0, .1, .3, .6, 1 by hand.
	p, l := Lorenz([]float64{3, 1, 4, 2})
	wantP := []float64{0, 0.25, 0.5, 0.75, 1}
	wantL := []float64{0, 0.1, 0.3, 0.6, 1}
	for i := range wantP {
		if p[i] != wantP[i] || math.Abs(l[i]-wantL[i]) > 1e-15 {
			t.Fatalf("Lorenz = %v, %v, want %v, %v", p, l, wantP, wantL)
		}
	}
	// Gini is one minus twice the area under the Lorenz curve (trapezoids,
	// exact for a piecewise-linear curve).
	r := rand.New(rand.NewPCG(9, 10))
	xs := make([]float64, 101)
	for i := range xs {
		xs[i] = r.Float64() * r.Float64()
	}
	p, l = Lorenz(xs)
	area := 0.0
	for i := 1; i < len(p); i++ {
		area += (p[i] - p[i-1]) * (l[i] + l[i-1]) / 2
	}
	if g := Gini(xs); math.Abs(1-2*area-g) > 1e-12 {
		t.Errorf("1 − 2·area = %v, Gini = %v", 1-2*area, g)
	}
	if p, l := Lorenz([]float64{0, 0}); p != nil || l != nil {
		t.Error("Lorenz of a zero total should be nil")
	}
}

func TestPercentile(t *testing.T) {
	// Type 7 by hand on {1, 2, 4, 8}: h = 3q; q = 0.25 → 1 + 0.75·1 = 1.75;
	// q = 0.5 → 2 + 0.5·2 = 3; q = 0.9 → 4 + 0.7·4 = 6.8 (R's
	// quantile(c(1,2,4,8), c(.25,.5,.9)) gives 1.75, 3, 6.8).
	xs := []float64{1, 2, 4, 8}
	cases := []struct{ q, want float64 }{{0, 1}, {0.25, 1.75}, {0.5, 3}, {0.9, 6.8}, {1, 8}}
	for _, c := range cases {
		if got := Percentile(xs, c.q); math.Abs(got-c.want) > 1e-14 {
			t.Errorf("Percentile(%v) = %v, want %v", c.q, got, c.want)
		}
	}
	if Percentile([]float64{5}, 0.3) != 5 || !math.IsNaN(Percentile(nil, 0.5)) {
		t.Error("Percentile of one value should be it, of none NaN")
	}
	expectPanics(t, []namedFunc{{"q < 0", func() { Percentile(xs, -0.1) }}})
}
