package experiments

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestMeanCICoverage: the 95% Student-t interval reported in points.csv
// covers the true mean of normal samples 95% of the time (n = 5 and 20,
// 4000 trials each: the binomial standard error of the coverage is 0.34%,
// so the tolerance of ±1.4% is four of them), and of skewed exponential
// samples of 30 nearly so (±2.5%).
func TestMeanCICoverage(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	cases := []struct {
		name string
		n    int
		draw func() float64
		mean float64
		tol  float64
	}{
		{"normal n=5", 5, func() float64 { return 10 + 3*r.NormFloat64() }, 10, 0.014},
		{"normal n=20", 20, func() float64 { return -2 + 0.5*r.NormFloat64() }, -2, 0.014},
		{"exponential n=30", 30, func() float64 { return r.ExpFloat64() * 4 }, 4, 0.025},
	}
	for _, c := range cases {
		const trials = 4000
		hit := 0
		xs := make([]float64, c.n)
		for range trials {
			for i := range xs {
				xs[i] = c.draw()
			}
			mean, _, half, n := meanCI(xs, 0.95)
			if n != c.n {
				t.Fatalf("%s: n = %d", c.name, n)
			}
			if math.Abs(mean-c.mean) <= half {
				hit++
			}
		}
		if cov := float64(hit) / trials; math.Abs(cov-0.95) > c.tol {
			t.Errorf("%s: coverage %.4f, want 0.95 ± %.3f", c.name, cov, c.tol)
		}
	}
	// A hand-checked case: 1, 2, 3, 4, 5 has mean 3, sd √2.5, and
	// t(0.975, 4) = 2.7764451, so half = 2.7764451 × 1.5811388 / √5.
	mean, sd, half, _ := meanCI([]float64{1, 2, 3, 4, math.NaN(), 5}, 0.95)
	if mean != 3 || math.Abs(sd-math.Sqrt(2.5)) > 1e-12 || math.Abs(half-1.9633) > 1e-4 {
		t.Errorf("meanCI(1…5, NaN) = %v, %v, %v; want 3, 1.5811, 1.9633 (NaN skipped)", mean, sd, half)
	}
	if _, _, half, _ := meanCI([]float64{1}, 0.95); !math.IsNaN(half) {
		t.Errorf("one value: half-width %v, want NaN", half)
	}
}

// TestStopRule: a precision rule stops at the first batch boundary where
// every target is met, never before, and at max otherwise; a paired rule
// judges the differences from the first point, not the points' spread.
func TestStopRule(t *testing.T) {
	rule := stopRule{PlanReplications{Min: 3, Batch: 2, Max: 9, Level: 0.95, Targets: []PlanTarget{{KPI: "x", HalfWidth: 1}}}}
	// Values whose half-width falls below 1 first at n = 7: computed here.
	r := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, 9)
	for i := range xs {
		xs[i] = 50 + 1.3*r.NormFloat64()
	}
	firstMet := 0
	for n := 3; n <= 9; n += 2 {
		if _, _, h, _ := meanCI(xs[:n], 0.95); h <= 1 && firstMet == 0 {
			firstMet = n
		}
	}
	if firstMet == 0 || firstMet == 3 {
		t.Fatalf("test data: met first at %d; pick data met after a batch or two", firstMet)
	}
	n := rule.first()
	for {
		done, next, reason := rule.decide(n, [][][]float64{{xs[:n]}})
		if done {
			if n != firstMet || reason != stopTarget {
				t.Errorf("stopped at %d (%s), want %d (target)", n, reason, firstMet)
			}
			break
		}
		if next != n+2 {
			t.Fatalf("after %d: next %d, want %d", n, next, n+2)
		}
		n = next
	}
	// Never met: stops at max with "cap", batches clipped to max.
	wide := [][][]float64{{{0, 100, 0, 100, 0, 100, 0, 100, 0}}}
	if done, next, _ := rule.decide(7, wide); done || next != 9 {
		t.Errorf("unmet at 7: done %v next %d, want 9", done, next)
	}
	if done, _, reason := rule.decide(9, wide); !done || reason != stopCap {
		t.Errorf("unmet at max: done %v reason %q", done, reason)
	}
	// Relative target: half ≤ 1% of |mean|.
	rel := stopRule{PlanReplications{Min: 3, Batch: 1, Max: 5, Level: 0.95, Targets: []PlanTarget{{KPI: "x", Relative: 0.01}}}}
	if done, _, _ := rel.decide(3, [][][]float64{{{100, 100.1, 99.9}}}); !done {
		t.Error("relative target of 1% not met by 100 ± 0.1")
	}
	// Paired: two points far apart with a constant difference meet any
	// target on the difference, which unpaired they would not.
	paired := stopRule{PlanReplications{Min: 3, Batch: 1, Max: 5, Level: 0.95, Paired: true, Targets: []PlanTarget{{KPI: "x", HalfWidth: 0.01}}}}
	base := []float64{10, 20, 30}
	vals := [][][]float64{{base}, {{12, 22, 32}}}
	if done, _, reason := paired.decide(3, vals); !done || reason != stopTarget {
		t.Errorf("paired constant difference: done %v %q", done, reason)
	}
	paired.r.Paired = false
	if done, _, _ := paired.decide(3, vals); done {
		t.Error("unpaired rule met a 0.01 target on values spread 10…30")
	}
	// Fixed: done after the first batch.
	fixed := stopRule{PlanReplications{N: 4}}
	if fixed.first() != 4 {
		t.Error("fixed rule does not start at N")
	}
	if done, _, reason := fixed.decide(4, nil); !done || reason != stopFixed {
		t.Error("fixed rule not done at N")
	}
}
