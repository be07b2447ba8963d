package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

// plantedBox draws n points uniformly in [0, 1)^dims and marks those in
// x0 > 0.7 ∧ x1 < 0.3, then flips each mark with probability flip.
func plantedBox(n, dims int, flip float64, seed uint64) ([][]float64, []bool) {
	r := rand.New(rand.NewPCG(seed, 99))
	X := make([][]float64, n)
	y := make([]bool, n)
	for k := range X {
		X[k] = make([]float64, dims)
		for i := range X[k] {
			X[k][i] = r.Float64()
		}
		y[k] = X[k][0] > 0.7 && X[k][1] < 0.3
		if r.Float64() < flip {
			y[k] = !y[k]
		}
	}
	return X, y
}

// PRIM recovers a planted box: with 2000 points in 5 dimensions, 9% of them
// in the box x0 > 0.7 ∧ x1 < 0.3 and 5% of all labels flipped, the chosen
// box bounds x0 from below and x1 from above within 0.03 of the planted
// values (observed: within 0.012), restricts no other input, both
// restrictions are significant (quasi-p below 1e-6), and its coverage and
// density are within 0.05 of those of the planted box on the same data
// (about 0.65 and 0.95: the flipped labels outside it are positives no box
// can cover). Five seeds, with and without pasting.
func TestPRIMFindsPlantedBox(t *testing.T) {
	const n, dims, flip, tol = 2000, 5, 0.05, 0.03
	for seed := uint64(1); seed <= 5; seed++ {
		X, y := plantedBox(n, dims, flip, seed)
		var pos, in, inPos int
		for k, x := range X {
			if y[k] {
				pos++
			}
			if x[0] > 0.7 && x[1] < 0.3 {
				in++
				if y[k] {
					inPos++
				}
			}
		}
		trueCov, trueDen := float64(inPos)/float64(pos), float64(inPos)/float64(in)
		for _, paste := range []bool{false, true} {
			b, err := PRIM(X, y, PRIMOptions{Paste: paste})
			if err != nil {
				t.Fatal(err)
			}
			t.Logf("seed %d paste %v: x0 ≥ %.3f, x1 ≤ %.3f, coverage %.3f (planted %.3f), density %.3f (planted %.3f), step %d/%d, quasi-p %.2g",
				seed, paste, b.Lo[0], b.Hi[1], b.Coverage, trueCov, b.Density, trueDen, b.Step, len(b.Trajectory)-1, b.QuasiP)
			if math.Abs(b.Lo[0]-0.7) > tol || math.Abs(b.Hi[1]-0.3) > tol {
				t.Errorf("seed %d paste %v: box x0 ≥ %.3f, x1 ≤ %.3f; planted 0.7, 0.3", seed, paste, b.Lo[0], b.Hi[1])
			}
			if got := b.Restricted(); !slices.Equal(got, []int{0, 1}) {
				t.Errorf("seed %d paste %v: restricted inputs %v, want [0 1] (box %v %v)", seed, paste, got, b.Lo, b.Hi)
			} else if !(b.QuasiP[0] < 1e-6 && b.QuasiP[1] < 1e-6) {
				t.Errorf("seed %d paste %v: quasi-p %v, want both < 1e-6", seed, paste, b.QuasiP)
			}
			if math.Abs(b.Coverage-trueCov) > 0.05 || math.Abs(b.Density-trueDen) > 0.05 {
				t.Errorf("seed %d paste %v: coverage %.3f density %.3f, planted box %.3f %.3f", seed, paste, b.Coverage, b.Density, trueCov, trueDen)
			}
		}
	}
}

// A restriction peeled on noise has a large quasi-p-value: with no
// relation between inputs and outcome, whatever PRIM returns is not
// significant.
func TestPRIMQuasiPOnNoise(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 5))
	X := make([][]float64, 1000)
	y := make([]bool, 1000)
	for k := range X {
		X[k] = []float64{r.Float64(), r.Float64()}
		y[k] = r.Float64() < 0.3
	}
	b, err := PRIM(X, y, PRIMOptions{MinDensity: 0.45})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range b.Restricted() {
		if b.QuasiP[i] < 0.001 {
			t.Errorf("input %d restricted to [%.3f, %.3f] on noise with quasi-p %.2g", i, b.Lo[i], b.Hi[i], b.QuasiP[i])
		}
	}
	t.Logf("box %v %v density %.3f quasi-p %.2g", b.Lo, b.Hi, b.Density, b.QuasiP)
}

// QuasiP is the binomial tail P(X ≥ Positives), X ~ Binomial(Count, q),
// with q the density of the box without the restriction: checked here by
// summing the probability mass function.
func TestPRIMQuasiPValue(t *testing.T) {
	X, y := plantedBox(300, 2, 0.2, 21)
	b, err := PRIM(X, y, PRIMOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range b.Restricted() {
		lo, hi := slices.Clone(b.Lo), slices.Clone(b.Hi)
		lo[i], hi[i] = math.Inf(-1), math.Inf(1)
		var n, pos int
		for k, x := range X {
			if x[0] >= lo[0] && x[0] <= hi[0] && x[1] >= lo[1] && x[1] <= hi[1] {
				n++
				if y[k] {
					pos++
				}
			}
		}
		bin := distuv.Binomial{N: float64(b.Count), P: float64(pos) / float64(n)}
		var tail float64
		for k := b.Positives; k <= b.Count; k++ {
			tail += bin.Prob(float64(k))
		}
		t.Logf("input %d: quasi-p %.6g, binomial tail %.6g", i, b.QuasiP[i], tail)
		if !(tail > 0) || math.Abs(b.QuasiP[i]-tail) > 1e-8*tail {
			t.Errorf("input %d: quasi-p %.6g, binomial tail %.6g", i, b.QuasiP[i], tail)
		}
	}
	if len(b.Restricted()) == 0 {
		t.Fatal("no restriction to check")
	}
}

// MinDensity picks the first box of the trajectory at least that dense.
func TestPRIMMinDensity(t *testing.T) {
	X, y := plantedBox(2000, 3, 0.05, 8)
	b, err := PRIM(X, y, PRIMOptions{MinDensity: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	if b.Density < 0.5 || (b.Step > 0 && b.Trajectory[b.Step-1].Density >= 0.5) {
		t.Errorf("step %d density %.3f; previous step %.3f", b.Step, b.Density, b.Trajectory[b.Step-1].Density)
	}
	// Unreachable density: the densest box.
	b, err = PRIM(X, y, PRIMOptions{MinDensity: 1})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range b.Trajectory {
		if s.Density > b.Density {
			t.Errorf("chose density %.3f, trajectory has %.3f", b.Density, s.Density)
		}
	}
}

// Pasting repairs a coarse peel: with Alpha = 0.3 on noiseless data the
// first pure box of the trajectory (MinDensity 1) has been cut well inside
// the planted one, and pasting grows it back to the edges of the positive
// points without admitting a negative one.
func TestPRIMPaste(t *testing.T) {
	X, y := plantedBox(1000, 2, 0, 11)
	opts := PRIMOptions{Alpha: 0.3, MinDensity: 1}
	peeled, err := PRIM(X, y, opts)
	if err != nil {
		t.Fatal(err)
	}
	opts.Paste = true
	pasted, err := PRIM(X, y, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("peeled %.3f %.3f coverage %.3f; pasted %.3f %.3f coverage %.3f", peeled.Lo, peeled.Hi, peeled.Coverage, pasted.Lo, pasted.Hi, pasted.Coverage)
	if peeled.Density != 1 || peeled.Coverage > 0.9 {
		t.Fatalf("test premise: peeled box density %.3f coverage %.3f, want a pure box well inside", peeled.Density, peeled.Coverage)
	}
	if !pasted.Pasted || pasted.Density != 1 || pasted.Coverage < 0.95 {
		t.Errorf("pasting: pasted %v, coverage %.3f → %.3f (want ≥ 0.95), density %.3f (want 1)", pasted.Pasted, peeled.Coverage, pasted.Coverage, pasted.Density)
	}
}

// Without noise the chosen box is pure (density 1) and its restricted
// inputs are exactly x0 and x1.
func TestPRIMNoiseless(t *testing.T) {
	X, y := plantedBox(1000, 4, 0, 3)
	b, err := PRIM(X, y, PRIMOptions{Paste: true})
	if err != nil {
		t.Fatal(err)
	}
	if b.Density != 1 || b.Coverage < 0.9 {
		t.Errorf("coverage %.3f density %.3f, want density 1", b.Coverage, b.Density)
	}
	if got := b.Restricted(); !slices.Equal(got, []int{0, 1}) {
		t.Errorf("restricted inputs %v, want [0 1] (box %v %v)", got, b.Lo, b.Hi)
	}
}

// The trajectory starts at the whole space, shrinks monotonically, never
// goes below the minimum support, and its statistics are consistent.
func TestPRIMTrajectory(t *testing.T) {
	X, y := plantedBox(1000, 3, 0.1, 4)
	b, err := PRIM(X, y, PRIMOptions{Alpha: 0.1, MinSupport: 0.1})
	if err != nil {
		t.Fatal(err)
	}
	tr := b.Trajectory
	if len(tr) < 2 || tr[0].Count != 1000 || tr[0].Coverage != 1 || tr[0].Support != 1 {
		t.Fatalf("trajectory starts with %+v", tr[0])
	}
	for s := 1; s < len(tr); s++ {
		if tr[s].Count >= tr[s-1].Count || tr[s].Count < 100 {
			t.Errorf("step %d: %d points after %d (minimum 100)", s, tr[s].Count, tr[s-1].Count)
		}
		if tr[s].Support != float64(tr[s].Count)/1000 || tr[s].Density != float64(tr[s].Positives)/float64(tr[s].Count) {
			t.Errorf("step %d: inconsistent %+v", s, tr[s])
		}
		for i := range tr[s].Lo {
			if tr[s].Lo[i] < tr[s-1].Lo[i] || tr[s].Hi[i] > tr[s-1].Hi[i] {
				t.Errorf("step %d grows input %d", s, i)
			}
		}
	}
	if b.Pasted || !slices.Equal(b.Lo, tr[b.Step].Lo) || b.Count != tr[b.Step].Count {
		t.Errorf("unpasted box differs from trajectory step %d", b.Step)
	}
	// Count the members directly.
	in := 0
	for _, x := range X {
		if x[0] >= b.Lo[0] && x[0] <= b.Hi[0] && x[1] >= b.Lo[1] && x[1] <= b.Hi[1] && x[2] >= b.Lo[2] && x[2] <= b.Hi[2] {
			in++
		}
	}
	if in != b.Count {
		t.Errorf("box holds %d points, reports %d", in, b.Count)
	}
}

// Tiny inputs do not break the peeling: two points, or all points equal.
func TestPRIMTiny(t *testing.T) {
	b, err := PRIM([][]float64{{0}, {1}}, []bool{true, false}, PRIMOptions{MinSupport: 0.01, Paste: true})
	if err != nil || b.Count < 1 || b.Positives != 1 {
		t.Errorf("two points: %+v, %v", b, err)
	}
	b, err = PRIM([][]float64{{3, 3}, {3, 3}, {3, 3}}, []bool{true, false, true}, PRIMOptions{})
	if err != nil || b.Count != 3 || len(b.Trajectory) != 1 || len(b.Restricted()) != 0 {
		t.Errorf("equal points: %+v, %v", b, err)
	}
}

func TestPRIMErrors(t *testing.T) {
	X := [][]float64{{0}, {1}}
	for _, c := range []struct {
		name string
		X    [][]float64
		y    []bool
		o    PRIMOptions
	}{
		{"length mismatch", X, []bool{true}, PRIMOptions{}},
		{"no points", nil, nil, PRIMOptions{}},
		{"no inputs", [][]float64{{}, {}}, []bool{true, false}, PRIMOptions{}},
		{"ragged", [][]float64{{0}, {1, 2}}, []bool{true, false}, PRIMOptions{}},
		{"NaN", [][]float64{{0}, {math.NaN()}}, []bool{true, false}, PRIMOptions{}},
		{"no positive", X, []bool{false, false}, PRIMOptions{}},
		{"alpha", X, []bool{true, false}, PRIMOptions{Alpha: 0.5}},
		{"negative alpha", X, []bool{true, false}, PRIMOptions{Alpha: -0.1}},
		{"support", X, []bool{true, false}, PRIMOptions{MinSupport: 1.5}},
		{"paste alpha", X, []bool{true, false}, PRIMOptions{PasteAlpha: 0.7}},
		{"density", X, []bool{true, false}, PRIMOptions{MinDensity: 1.2}},
	} {
		if _, err := PRIM(c.X, c.y, c.o); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}
