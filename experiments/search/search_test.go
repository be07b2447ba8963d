package search

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

func unitSpace(d int) Space {
	s := make(Space, d)
	for i := range s {
		s[i] = Var{Name: "x", Kind: Real, Lo: 0, Hi: 1}
	}
	return s
}

// zdt returns the ZDT1 (square root) or ZDT2 (square) problem with d
// variables, evaluated serially.
func zdt(d int, h func(f1, g float64) float64, evals *int) Problem {
	return Problem{Space: unitSpace(d), Objectives: 2, Evaluate: func(xs [][]float64) ([]Eval, error) {
		out := make([]Eval, len(xs))
		for i, x := range xs {
			g := 0.0
			for _, v := range x[1:] {
				g += v
			}
			g = 1 + 9*g/float64(d-1)
			out[i] = Eval{F: []float64{x[0], g * h(x[0], g)}}
		}
		*evals += len(xs)
		return out, nil
	}}
}

func zdt1h(f1, g float64) float64 { return 1 - math.Sqrt(f1/g) }
func zdt2h(f1, g float64) float64 { return 1 - (f1/g)*(f1/g) }

// trueHV is the hypervolume of a front f2 = 1 − t(f1), f1 ∈ [0, 1], from
// the reference point (1.1, 1.1), by the closed-form integral of t.
func trueHV(intT float64) float64 {
	// ∫₀¹ (1.1 − (1 − t(x))) dx + 0.1·1.1
	return 0.1 + intT + 0.11
}

// The acceptance figure: on ZDT1 and ZDT2 with 30 variables,
// NSGA-II (population 100, 250 generations: 25 100 evaluations) reaches a
// hypervolume within 2% of the true front's (reference point (1.1, 1.1)).
func TestNSGA2ZDT(t *testing.T) {
	for _, tc := range []struct {
		name string
		h    func(f1, g float64) float64
		hv   float64
	}{
		{"ZDT1", zdt1h, trueHV(2.0 / 3)}, // t = √x
		{"ZDT2", zdt2h, trueHV(1.0 / 3)}, // t = x²
	} {
		t.Run(tc.name, func(t *testing.T) {
			evals := 0
			res, err := Run(zdt(30, tc.h, &evals), NSGA2{Population: 100}, Settings{Seed: 1, MaxGenerations: 251})
			if err != nil {
				t.Fatal(err)
			}
			var ps [][]float64
			for _, c := range Pareto(res.Candidates) {
				ps = append(ps, c.F)
			}
			hv := Hypervolume(ps, []float64{1.1, 1.1})
			rel := (tc.hv - hv) / tc.hv
			t.Logf("%s: %d evaluations, %d on the front, hypervolume %.5f of %.5f (%.2f%% short)", tc.name, evals, len(ps), hv, tc.hv, 100*rel)
			if math.Abs(rel) > 0.02 {
				t.Errorf("hypervolume %.5f is %.2f%% from the true front's %.5f; want within 2%%", hv, 100*rel, tc.hv)
			}
			if evals > 25100 {
				t.Errorf("%d evaluations, want at most 25100", evals)
			}
		})
	}
}

func TestHypervolumeHand(t *testing.T) {
	for _, tc := range []struct {
		ps   [][]float64
		ref  []float64
		want float64
	}{
		{[][]float64{{0, 0}}, []float64{1, 1}, 1},
		// (0,2) dominates 3×1, (1,0) 2×3, overlapping in 2×1; (2,2) adds nothing
		{[][]float64{{0, 2}, {1, 0}, {2, 2}}, []float64{3, 3}, 3 + 6 - 2},
		{[][]float64{{0.5, 0.5, 0.5}}, []float64{1, 1, 1}, 0.125},
		// two boxes in 3-d: 1×1×2 and 2×1×1 (ref 2) overlapping in 1×1×1
		{[][]float64{{1, 0, 0}, {0, 1, 0}}, []float64{2, 2, 2}, 4 + 4 - 2},
		{[][]float64{{3, 0}}, []float64{1, 1}, 0}, // outside the reference
	} {
		if got := Hypervolume(tc.ps, tc.ref); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("Hypervolume(%v, %v) = %v, want %v", tc.ps, tc.ref, got, tc.want)
		}
	}
}

// A shifted sphere in 6 variables: CMA-ES comes near the minimum. gonum's
// CmaEsChol samples from its adapted covariance without a separate step
// size, so it closes in slowly: with population 20, 3000 evaluations reach
// f ≈ 0.005 (0.06 with the default population of 9), which is finer than
// the noise of any simulated objective it is used on.
func TestCMAESSphere(t *testing.T) {
	s := make(Space, 6)
	for i := range s {
		s[i] = Var{Name: "x", Kind: Real, Lo: -5, Hi: 5}
	}
	p := Problem{Space: s, Objectives: 1, Evaluate: func(xs [][]float64) ([]Eval, error) {
		out := make([]Eval, len(xs))
		for i, x := range xs {
			f := 0.0
			for j, v := range x {
				f += (v - float64(j)/2) * (v - float64(j)/2)
			}
			out[i] = Eval{F: []float64{f}}
		}
		return out, nil
	}}
	res, err := Run(p, CMAES{Population: 20, StepSize: 0.1}, Settings{Seed: 3, MaxEvaluations: 3000})
	if err != nil {
		t.Fatal(err)
	}
	b := Best(res.Candidates)
	if b.F[0] > 0.01 {
		t.Errorf("best %v at %v after %d evaluations (%s); want f < 0.01 (from 23 at the start)", b.F[0], b.X, len(res.Candidates), res.Status)
	}
}

// Staffing to a service target: the fewest windows c with which an
// Erlang-C office (λ = 42 an hour, mean service 10 minutes) keeps the mean
// wait at most 3 minutes, at a cost of one per window. The search must
// find the closed-form c.
func TestErlangCStaffing(t *testing.T) {
	const lambda, mu, target = 42.0, 6.0, 0.05 // per hour; hours
	want := 0
	for c := 1; c < 100; c++ {
		if _, w, err := stats.ErlangC(c, lambda, mu); err == nil && w <= target {
			want = c
			break
		}
	}
	p := Problem{Space: Space{{Name: "windows", Kind: Int, Lo: 1, Hi: 40}}, Objectives: 1,
		Evaluate: func(xs [][]float64) ([]Eval, error) {
			out := make([]Eval, len(xs))
			for i, x := range xs {
				c := int(x[0])
				_, w, err := stats.ErlangC(c, lambda, mu)
				if err != nil {
					w = math.Inf(1) // unstable: the queue grows without bound
				}
				out[i] = Eval{F: []float64{float64(c)}, Violation: math.Max(0, w-target)}
				if math.IsInf(w, 1) {
					out[i].Violation = 1e6 + float64(100-c)
				}
			}
			return out, nil
		}}
	for _, m := range []Method{CMAES{}, NSGA2{Population: 8}} {
		res, err := Run(p, m, Settings{Seed: 5, MaxGenerations: 40})
		if err != nil {
			t.Fatal(err)
		}
		b := Best(res.Candidates)
		if int(b.X[0]) != want || !b.Feasible() {
			t.Errorf("%T: best %v windows (feasible %v), want the closed-form %d", m, b.X[0], b.Feasible(), want)
		}
	}
	if want != 9 {
		t.Errorf("closed form says %d windows; the hand check (load 7, Wq(8) = 0.070 h, Wq(9) = 0.019 h) says 9", want)
	}
}

// Same seed, same result, however the batch is evaluated: serially or in
// goroutines finishing in random order.
func TestDeterministicBatches(t *testing.T) {
	run := func(parallel bool, m Method) []float64 {
		evals := 0
		p := zdt(10, zdt1h, &evals)
		serial := p.Evaluate
		if parallel {
			p.Evaluate = func(xs [][]float64) ([]Eval, error) {
				out := make([]Eval, len(xs))
				var wg sync.WaitGroup
				for i := range xs {
					wg.Go(func() {
						e, _ := serial(xs[i : i+1])
						out[i] = e[0]
					})
				}
				wg.Wait()
				return out, nil
			}
		}
		p.Objectives = 2
		if _, ok := m.(CMAES); ok {
			e := p.Evaluate
			p.Objectives = 1
			p.Evaluate = func(xs [][]float64) ([]Eval, error) {
				out, err := e(xs)
				for i := range out {
					out[i].F = out[i].F[:1:1]
					out[i].F[0] += out[i].F[0] * 0 // first objective alone
				}
				return out, err
			}
		}
		res, err := Run(p, m, Settings{Seed: 9, MaxGenerations: 20})
		if err != nil {
			t.Fatal(err)
		}
		var xs []float64
		for _, c := range res.Candidates {
			xs = append(xs, c.X...)
		}
		return xs
	}
	for _, m := range []Method{NSGA2{Population: 20}, CMAES{}} {
		a, b := run(false, m), run(true, m)
		if len(a) != len(b) {
			t.Fatalf("%T: %d values serially, %d in parallel", m, len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("%T: candidate value %d differs: %v serially, %v in parallel", m, i, a[i], b[i])
			}
		}
	}
}

func TestDecodeAndSize(t *testing.T) {
	s := Space{
		{Name: "n", Kind: Int, Lo: 2, Hi: 4},
		{Name: "b", Kind: Bool},
		{Name: "c", Kind: Choice, Choices: []string{"a", "b", "c"}},
	}
	if s.Size() != 18 {
		t.Errorf("size %d, want 3·2·3 = 18", s.Size())
	}
	for _, tc := range []struct {
		u    []float64
		want string
	}{
		{[]float64{0, 0, 0}, "2,false,a"},
		{[]float64{1, 1, 1}, "4,true,c"},
		{[]float64{0.5, 0.49, 0.5}, "3,false,b"},
		{[]float64{-3, 7, 0.34}, "2,true,b"},
	} {
		x := s.Decode(tc.u)
		got := s[0].Format(x[0]) + "," + s[1].Format(x[1]) + "," + s[2].Format(x[2])
		if got != tc.want {
			t.Errorf("Decode(%v) = %s, want %s", tc.u, got, tc.want)
		}
	}
	// a finite space is searched once and the search stops
	n := 0
	p := Problem{Space: s, Objectives: 1, Evaluate: func(xs [][]float64) ([]Eval, error) {
		n += len(xs)
		out := make([]Eval, len(xs))
		for i, x := range xs {
			f := 0.0
			for _, v := range x {
				f += v
			}
			out[i] = Eval{F: []float64{f}}
		}
		return out, nil
	}}
	res, err := Run(p, NSGA2{Population: 20}, Settings{Seed: 1, MaxGenerations: 500})
	if err != nil {
		t.Fatal(err)
	}
	if n > 18 || Best(res.Candidates).F[0] != 2 {
		t.Errorf("%d evaluations, best %v; want ≤ 18 (no point twice) and 2", n, Best(res.Candidates).F)
	}
	p.Space = s[1:2]
	n = 0
	res, err = Run(p, NSGA2{Population: 20}, Settings{Seed: 1, MaxGenerations: 500})
	if err != nil {
		t.Fatal(err)
	}
	if n != 2 || res.Status != StopExhausted || res.Generations != 1 {
		t.Errorf("a boolean: %d evaluations, status %s after %d generations; want 2, exhausted, 1", n, res.Status, res.Generations)
	}
}

func TestBadInput(t *testing.T) {
	ok := func(xs [][]float64) ([]Eval, error) { return make([]Eval, len(xs)), nil }
	for _, tc := range []struct {
		p    Problem
		s    Settings
		want string
	}{
		{Problem{Space: Space{{Name: "share", Kind: Real, Lo: 0.9, Hi: 0.1}}, Objectives: 1, Evaluate: ok}, Settings{MaxGenerations: 1}, "share: bounds reversed"},
		{Problem{Space: Space{{Name: "staff", Kind: Int, Lo: 1.5, Hi: 3}}, Objectives: 1, Evaluate: ok}, Settings{MaxGenerations: 1}, "whole numbers"},
		{Problem{Space: Space{{Name: "v", Kind: Choice}}, Objectives: 1, Evaluate: ok}, Settings{MaxGenerations: 1}, "no choices"},
		{Problem{Space: unitSpace(1), Evaluate: ok}, Settings{MaxGenerations: 1}, "no objectives"},
		{Problem{Space: unitSpace(1), Objectives: 1, Evaluate: ok}, Settings{}, "MaxEvaluations or MaxGenerations"},
		{Problem{Space: unitSpace(1), Objectives: 2, Evaluate: func(xs [][]float64) ([]Eval, error) {
			return make([]Eval, len(xs)), nil
		}}, Settings{MaxGenerations: 1}, "0 objective values, want 2"},
	} {
		_, err := Run(tc.p, NSGA2{Population: 4}, tc.s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one saying %q", err, tc.want)
		}
	}
}

// noisy returns a Sample of candidates whose true means are mu, observed
// with a common (per-replication) disturbance of sd 1 and an own one of
// sd 1, as replications on common random numbers are.
func noisy(mu []float64, seed uint64) Sample {
	return func(cands []int, from, to int) ([][]float64, error) {
		out := make([][]float64, len(cands))
		for i, c := range cands {
			for r := from; r < to; r++ {
				common := rand.New(rand.NewPCG(seed, uint64(r)))
				own := rand.New(rand.NewPCG(seed^0x9e3779b97f4a7c15, uint64(r)<<8|uint64(c)))
				out[i] = append(out[i], mu[c]+common.NormFloat64()+own.NormFloat64())
			}
		}
		return out, nil
	}
}

// A planted effect of 0.5 (the sd of a paired difference is √2): the race
// picks the truly better candidate in at least 95% of 200 seeded trials.
func TestRacePlanted(t *testing.T) {
	rc := Race{Min: 10, Batch: 10, Max: 200}
	right, runs := 0, 0
	for trial := range 200 {
		res, err := rc.Run(2, noisy([]float64{0.5, 0}, uint64(trial)))
		if err != nil {
			t.Fatal(err)
		}
		if res.Winner && res.Best == 1 {
			right++
		}
		runs += res.Runs
	}
	t.Logf("right in %d of 200, %.0f runs a race on average", right, float64(runs)/200)
	if right < 190 {
		t.Errorf("right in %d of 200 trials, want at least 190 (95%%)", right)
	}
}

// No difference: the race reports a tie in at least 90% of 200 trials.
func TestRaceTie(t *testing.T) {
	rc := Race{Min: 10, Batch: 10, Max: 200}
	ties := 0
	for trial := range 200 {
		res, err := rc.Run(3, noisy([]float64{1, 1, 1}, uint64(1000+trial)))
		if err != nil {
			t.Fatal(err)
		}
		if !res.Winner {
			ties++
		}
	}
	t.Logf("tie in %d of 200", ties)
	if ties < 180 {
		t.Errorf("tie in %d of 200 trials, want at least 180 (90%%)", ties)
	}
}

// Several candidates, one clearly best and one tied with it: the clearly
// worse ones are dropped early and get fewer replications.
func TestRaceDropsWorse(t *testing.T) {
	res, err := Race{Min: 5, Batch: 5, Max: 100}.Run(4, noisy([]float64{0, 3, 0, 3}, 7))
	if err != nil {
		t.Fatal(err)
	}
	if res.Winner || len(res.Tied) != 2 || res.N[1] >= 100 || res.N[3] >= 100 || res.N[0] != 100 {
		t.Errorf("winner %v, tied %v, replications %v; want a tie of 0 and 2 at 100 runs with 1 and 3 dropped early", res.Winner, res.Tied, res.N)
	}
}
