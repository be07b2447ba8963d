package stats

import (
	"math"
	"slices"
	"testing"
)

func TestFiniteAndCompareFloat(t *testing.T) {
	for _, c := range []struct {
		x    float64
		want bool
	}{{0, true}, {-1e308, true}, {math.NaN(), false}, {math.Inf(1), false}, {math.Inf(-1), false}} {
		if Finite(c.x) != c.want {
			t.Errorf("Finite(%v) = %v", c.x, !c.want)
		}
	}
	if CompareFloat(1, 2) != -1 || CompareFloat(2, 1) != 1 || CompareFloat(3, 3) != 0 || CompareFloat(math.NaN(), 1) != 0 {
		t.Error("CompareFloat: want −1, +1, 0, and 0 for NaN")
	}
	// CompareFloat sorts
	xs := []float64{3, 1, 2}
	slices.SortStableFunc(xs, CompareFloat)
	if !slices.Equal(xs, []float64{1, 2, 3}) {
		t.Errorf("sorted %v", xs)
	}
}

func moments(xs ...float64) *Moments {
	var m Moments
	for _, x := range xs {
		m.Add(x)
	}
	return &m
}

// TestWelchHalfHand: {1, 2, 3} against {2, 4, 6, 8}. Variances of the
// means 1/3 and (20/3)/4 = 5/3, se = √2; Welch–Satterthwaite
// df = 4 / ((1/3)²/2 + (5/3)²/3) = 4 / (1/18 + 25/27) = 216/53.
func TestWelchHalfHand(t *testing.T) {
	want := TQuantile(0.975, 216.0/53) * math.Sqrt2
	if got := WelchHalf(moments(1, 2, 3), moments(2, 4, 6, 8), 0.95); math.Abs(got-want) > 1e-12 {
		t.Errorf("WelchHalf = %v, want %v", got, want)
	}
	// equal variances and sizes: df = 2(n−1), se = √(2σ²/n)
	want = TQuantile(0.975, 4) * math.Sqrt(2.0/3)
	if got := WelchHalf(moments(1, 2, 3), moments(11, 12, 13), 0.95); math.Abs(got-want) > 1e-12 {
		t.Errorf("WelchHalf equal variances = %v, want %v", got, want)
	}
	if got := WelchHalf(moments(5, 5), moments(7, 7, 7), 0.95); got != 0 {
		t.Errorf("no spread: %v, want 0", got)
	}
	// n < 2 on either side: the variance is unknown, no interval
	for _, c := range [][2]*Moments{{moments(1), moments(1, 2, 3)}, {moments(1, 2), moments(4)}, {moments(), moments(1, 2)}} {
		if got := WelchHalf(c[0], c[1], 0.95); !math.IsNaN(got) {
			t.Errorf("WelchHalf with n = %d, %d: %v, want NaN", c[0].N(), c[1].N(), got)
		}
	}
}

// TestPairedEffect: the paired interval is MeanCI of the differences; the
// means are those of the kept pairs; pairs with an undefined value are
// left out; fewer than two pairs give the plain difference without CI.
func TestPairedEffect(t *testing.T) {
	base := []float64{10, 12, math.NaN(), 11, 14}
	reform := []float64{8, 11, 5, 9, math.Inf(1)}
	var p Paired
	kept := 0
	for i := range base {
		if p.Add(base[i], reform[i]) {
			kept++
		}
	}
	e := p.Effect(0.9)
	m, h := MeanCI([]float64{-2, -1, -2}, 0.9)
	if kept != 3 || e.N != 3 || math.Abs(e.Diff-m) > 1e-12 || math.Abs(e.Half-h) > 1e-12 {
		t.Errorf("kept %d, effect %+v; want 3 pairs, diff %v ± %v", kept, e, m, h)
	}
	if e.Base != 11 || math.Abs(e.Reform-28.0/3) > 1e-12 || e.Lo != e.Diff-e.Half || e.Hi != e.Diff+e.Half {
		t.Errorf("means %v, %v, interval [%v, %v]", e.Base, e.Reform, e.Lo, e.Hi)
	}
	if !e.HasCI() || !e.Excludes0() {
		t.Errorf("HasCI %v, Excludes0 %v: want both (every difference < 0)", e.HasCI(), e.Excludes0())
	}
	if want := WelchHalf(moments(10, 12, 11), moments(8, 11, 9), 0.9); e.IndependentHalf != want {
		t.Errorf("IndependentHalf %v, want %v", e.IndependentHalf, want)
	}
	var one Paired
	one.Add(3, 5)
	e = one.Effect(0.95)
	if e.N != 1 || e.Diff != 2 || !math.IsNaN(e.Half) || e.HasCI() || e.Excludes0() || !math.IsNaN(e.IndependentHalf) {
		t.Errorf("one pair: %+v, want diff 2 without any interval", e)
	}
	var none Paired
	e = none.Effect(0.95)
	if e.N != 0 || !math.IsNaN(e.Diff) || !math.IsNaN(e.Base) || e.HasCI() {
		t.Errorf("no pairs: %+v", e)
	}
}
