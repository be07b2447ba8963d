package analysis

import (
	"math/rand/v2"
	"testing"
)

func BenchmarkSobol1024x20(b *testing.B) {
	for b.Loop() {
		if _, err := Sobol(1024, 20); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkHalton1024x20(b *testing.B) {
	for b.Loop() {
		Halton(1024, 20)
	}
}

// 4096 base samples, 10 factors, 100 bootstrap resamples.
func BenchmarkSobolIndices(b *testing.B) {
	const n, d = 4096, 10
	r := rand.New(rand.NewPCG(1, 1))
	fA, fB := make([]float64, n), make([]float64, n)
	fAB := make([][]float64, d)
	for j := range n {
		fA[j], fB[j] = r.Float64(), r.Float64()
	}
	for i := range fAB {
		fAB[i] = make([]float64, n)
		for j := range n {
			fAB[i][j] = r.Float64()
		}
	}
	for b.Loop() {
		if _, _, err := SobolIndices(fA, fB, fAB, 100, rand.New(rand.NewPCG(2, 2))); err != nil {
			b.Fatal(err)
		}
	}
}

// 5000 runs over 10 inputs, with pasting.
func BenchmarkPRIM(b *testing.B) {
	X, y := plantedBox(5000, 10, 0.05, 1)
	for b.Loop() {
		if _, err := PRIM(X, y, PRIMOptions{Paste: true}); err != nil {
			b.Fatal(err)
		}
	}
}
