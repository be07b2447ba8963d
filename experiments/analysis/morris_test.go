package analysis

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// runMorris evaluates f on a Morris design and returns the effects.
func runMorris(t *testing.T, r, dims, levels int, seed uint64, f func([]float64) float64) []MorrisResult {
	t.Helper()
	ms, err := MorrisDesign(r, dims, levels, rand.New(rand.NewPCG(seed, 1)))
	if err != nil {
		t.Fatal(err)
	}
	y := make([]float64, len(ms.Points))
	for k, p := range ms.Points {
		y[k] = f(p)
	}
	res, err := MorrisEffects(ms, y)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// byMuStar returns the factors in decreasing order of MuStar.
func byMuStar(res []MorrisResult) []int {
	order := make([]int, len(res))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return -stats.CompareFloat(res[a].MuStar, res[b].MuStar)
	})
	return order
}

// For a linear function every elementary effect of factor i is its
// coefficient: MuStar = |c_i|, Mu = c_i and Sigma = 0, exactly up to
// rounding, whatever the trajectories.
func TestMorrisLinear(t *testing.T) {
	c := []float64{-5, 3, 0.5, 0, 8}
	res := runMorris(t, 10, len(c), 4, 1, func(x []float64) float64 {
		var y float64
		for i, ci := range c {
			y += ci * x[i]
		}
		return y
	})
	for i, ci := range c {
		if math.Abs(res[i].MuStar-math.Abs(ci)) > 1e-9 || math.Abs(res[i].Mu-ci) > 1e-9 || res[i].Sigma > 1e-9 {
			t.Errorf("factor %d: %+v, want MuStar %v Mu %v Sigma 0", i, res[i], math.Abs(ci), ci)
		}
	}
	if got, want := byMuStar(res), []int{4, 0, 1, 2, 3}; !slices.Equal(got, want) {
		t.Errorf("ranking %v, want %v", got, want)
	}
}

// Sobol's g-function, g(x) = Π (|4x_i − 2| + a_i)/(1 + a_i): the smaller
// a_i, the more important x_i (first-order index ∝ 1/(3(1+a_i)²)), and all
// factors interact. With a = (0, 1, 4.5, 9, 99, 99) (Saltelli and Sobol'
// 1995) and 20 trajectories on 4 levels, MuStar ranks the four
// important factors in order ahead of the two negligible ones, whose MuStar
// is below 5% of the largest, and Sigma is non-zero (interactions).
func TestMorrisGFunction(t *testing.T) {
	a := []float64{0, 1, 4.5, 9, 99, 99}
	g := func(x []float64) float64 {
		y := 1.0
		for i, ai := range a {
			y *= (math.Abs(4*x[i]-2) + ai) / (1 + ai)
		}
		return y
	}
	for seed := uint64(1); seed <= 5; seed++ {
		res := runMorris(t, 20, len(a), 4, seed, g)
		order := byMuStar(res)
		if !slices.Equal(order[:4], []int{0, 1, 2, 3}) {
			t.Errorf("seed %d: ranking %v, want 0 1 2 3 first", seed, order)
		}
		for _, i := range []int{4, 5} {
			if res[i].MuStar > 0.05*res[0].MuStar {
				t.Errorf("seed %d: negligible factor %d has MuStar %.4f against %.4f", seed, i, res[i].MuStar, res[0].MuStar)
			}
		}
		if !(res[0].Sigma > 0) {
			t.Errorf("seed %d: Sigma of x0 = %v, want > 0 (interactions)", seed, res[0].Sigma)
		}
	}
}

// Each trajectory moves every factor exactly once by ±Delta on the grid,
// and every level of every factor appears about equally often.
func TestMorrisDesignProperties(t *testing.T) {
	const r, dims, levels = 200, 5, 6
	ms, err := MorrisDesign(r, dims, levels, rand.New(rand.NewPCG(2, 3)))
	if err != nil {
		t.Fatal(err)
	}
	if len(ms.Points) != r*(dims+1) || ms.Delta != 3.0/5 {
		t.Fatalf("%d points, Delta %v", len(ms.Points), ms.Delta)
	}
	count := make([]int, levels)
	for tr := range r {
		moved := make([]bool, dims)
		for s := range dims + 1 {
			p := ms.Points[tr*(dims+1)+s]
			for _, x := range p {
				l := x * (levels - 1)
				if x < 0 || x > 1 || math.Abs(l-math.Round(l)) > 1e-12 {
					t.Fatalf("coordinate %v off the grid", x)
				}
				count[int(math.Round(l))]++
			}
			if s == 0 {
				continue
			}
			q := ms.Points[tr*(dims+1)+s-1]
			for i := range dims {
				if p[i] != q[i] {
					if moved[i] || math.Abs(math.Abs(p[i]-q[i])-ms.Delta) > 1e-12 {
						t.Fatalf("trajectory %d step %d: factor %d moves %v", tr, s, i, p[i]-q[i])
					}
					moved[i] = true
				}
			}
		}
		if slices.Contains(moved, false) {
			t.Fatalf("trajectory %d leaves a factor unmoved: %v", tr, moved)
		}
	}
	total := r * (dims + 1) * dims
	for l, c := range count {
		// Binomial(total, 1/levels): sd ≈ 35; allow 5 sd.
		if exp := float64(total) / levels; math.Abs(float64(c)-exp) > 5*math.Sqrt(exp) {
			t.Errorf("level %d appears %d times, expected about %.0f", l, c, exp)
		}
	}
}

func TestMorrisErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, c := range []struct{ r, d, p int }{{0, 2, 4}, {2, 0, 4}, {2, 2, 3}, {2, 2, 0}} {
		if _, err := MorrisDesign(c.r, c.d, c.p, r); err == nil {
			t.Errorf("MorrisDesign(%d, %d, %d): no error", c.r, c.d, c.p)
		}
	}
	if _, err := MorrisDesign(2, 2, 4, nil); err == nil {
		t.Error("MorrisDesign with nil rand: no error")
	}
	ms, _ := MorrisDesign(2, 2, 4, r)
	if _, err := MorrisEffects(ms, make([]float64, 5)); err == nil {
		t.Error("too few outputs: no error")
	}
	y := make([]float64, 6)
	y[2] = math.NaN()
	if _, err := MorrisEffects(ms, y); err == nil {
		t.Error("NaN output: no error")
	}
	bad := ms
	bad.Points = slices.Clone(ms.Points)
	bad.Points[1] = []float64{1 - ms.Points[0][0], 1 - ms.Points[0][1]} // both move
	if _, err := MorrisEffects(bad, make([]float64, 6)); err == nil {
		t.Error("a step moving two factors: no error")
	}
	bad.Points[1] = ms.Points[0] // none moves
	if _, err := MorrisEffects(bad, make([]float64, 6)); err == nil {
		t.Error("a step moving no factor: no error")
	}
	bad.Trajectories = 3
	if _, err := MorrisEffects(bad, make([]float64, 6)); err == nil {
		t.Error("wrong trajectory count: no error")
	}
}
