package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"
)

// The Latin hypercube and Halton samplers are gonum's
// (gonum.org/v1/gonum/stat/samplemv) on the unit cube, returned as
// [][]float64.

// MaxHaltonDims is the largest dimension Halton supports (one prime base per
// dimension), gonum's limit.
const MaxHaltonDims = 1000

// haltonSeed fixes the digit scramble of Halton: part of the design's
// identity, like the direction numbers of Sobol.
const haltonSeed = 0x7469616f6b756169 // "tiaokuai"

// LatinHypercube returns a Latin hypercube sample of n points in [0, 1)^dims
// drawn with r: each coordinate's n values fall one in each of the n
// intervals [j/n, (j+1)/n), at a uniform position inside it, and the
// intervals are matched across coordinates by independent random
// permutations (McKay, Beckman and Conover, Technometrics 21, 1979). It
// returns what gonum's samplemv.LatinHypercube returns on the unit cube
// with r as its source.
//
// The design is a pure function of n, dims and the state of r. n = 0 gives
// no points and dims = 0 gives n empty points. Negative sizes and a nil r
// are programming errors and panic: the experiment layer validates the
// counts it reads from a file.
func LatinHypercube(n, dims int, r *rand.Rand) [][]float64 {
	checkSizes("LatinHypercube", n, dims)
	if r == nil {
		panic("analysis: LatinHypercube: nil *rand.Rand")
	}
	return sample(n, dims, samplemv.LatinHypercube{Q: distmv.NewUnitUniform(max(dims, 1), nil), Src: r})
}

// sample draws n points of a gonum sampler on the unit cube.
func sample(n, dims int, s samplemv.Sampler) [][]float64 {
	pts := newPoints(n, dims)
	if n == 0 || dims == 0 {
		return pts
	}
	batch := mat.NewDense(n, dims, nil)
	s.Sample(batch)
	for i := range pts {
		for d := range pts[i] {
			pts[i][d] = clampUnit(batch.At(i, d))
		}
	}
	return pts
}

// Halton returns the first n points of a scrambled Halton sequence in
// [0, 1)^dims (dims ≤ MaxHaltonDims): coordinate d is the radical inverse of
// the point's index in the d-th prime base with its digits permuted (Owen's
// randomized Halton, "A randomized Halton algorithm in R", 2017, as gonum's
// samplemv.Halton implements it), with one fixed scramble so that the design
// is the same in every run and every process.
//
// The scramble keeps what makes Halton useful, b^k consecutive points from
// index 0 fill the b^k intervals of width b^−k of the coordinate with base b
// one each, and removes the strong correlation between the coordinates of
// large neighbouring bases that makes the plain sequence fall on a few lines
// when n is small (Morokoff and Caflisch 1994). Use HaltonRand for an
// independent scramble, e.g. to estimate the error of a quasi-Monte Carlo
// mean from several scrambles.
//
// Negative sizes and dims > MaxHaltonDims are programming errors and panic;
// n = 0 gives no points and dims = 0 gives n empty points.
func Halton(n, dims int) [][]float64 {
	return HaltonRand(n, dims, rand.New(rand.NewPCG(haltonSeed, 0)))
}

// HaltonRand is Halton with the digit permutations drawn from r (one per
// digit position and dimension), so that different generators give
// independent randomizations of the same sequence. A nil r panics.
func HaltonRand(n, dims int, r *rand.Rand) [][]float64 {
	checkSizes("Halton", n, dims)
	if dims > MaxHaltonDims {
		panic(fmt.Sprintf("analysis: Halton: %d dimensions, at most %d", dims, MaxHaltonDims))
	}
	if r == nil {
		panic("analysis: Halton: nil *rand.Rand")
	}
	return sample(n, dims, samplemv.Halton{Kind: samplemv.Owen, Q: distmv.NewUnitUniform(max(dims, 1), nil), Src: r})
}

// Scale maps points of [0, 1)^d to the box with lower corners lo and upper
// corners hi: x_d ↦ lo_d + x_d (hi_d − lo_d). It returns new points and
// leaves the input alone. lo and hi must have one entry per coordinate of
// every point, be finite and have lo_d ≤ hi_d (lo_d = hi_d holds a factor
// fixed); otherwise Scale returns an error naming the first problem.
func Scale(points [][]float64, lo, hi []float64) ([][]float64, error) {
	if len(lo) != len(hi) {
		return nil, fmt.Errorf("analysis: Scale: %d lower bounds but %d upper bounds", len(lo), len(hi))
	}
	for d := range lo {
		if math.IsNaN(lo[d]) || math.IsInf(lo[d], 0) || math.IsNaN(hi[d]) || math.IsInf(hi[d], 0) {
			return nil, fmt.Errorf("analysis: Scale: coordinate %d: bounds [%v, %v] are not finite", d, lo[d], hi[d])
		}
		if lo[d] > hi[d] {
			return nil, fmt.Errorf("analysis: Scale: coordinate %d: lower bound %v above upper bound %v", d, lo[d], hi[d])
		}
	}
	out := make([][]float64, len(points))
	flat := make([]float64, len(points)*len(lo))
	for i, p := range points {
		if len(p) != len(lo) {
			return nil, fmt.Errorf("analysis: Scale: point %d has %d coordinates, bounds have %d", i, len(p), len(lo))
		}
		q := flat[i*len(lo) : (i+1)*len(lo) : (i+1)*len(lo)]
		for d, x := range p {
			q[d] = lo[d] + x*(hi[d]-lo[d])
		}
		out[i] = q
	}
	return out, nil
}

func checkSizes(op string, n, dims int) {
	if n < 0 || dims < 0 {
		panic(fmt.Sprintf("analysis: %s(%d points, %d dimensions): negative size", op, n, dims))
	}
}

// newPoints returns n zero points of dims coordinates in one allocation.
func newPoints(n, dims int) [][]float64 {
	out := make([][]float64, n)
	flat := make([]float64, n*dims)
	for i := range out {
		out[i] = flat[i*dims : (i+1)*dims : (i+1)*dims]
	}
	return out
}
