package rng_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/tiaokuai/tiaokuai/model/rng"
)

// Two runs with the same seed draw the same values from a named stream,
// however many other streams they create in between.
func Example() {
	a := rng.New(1, "matter/birth", 3)
	_ = rng.New(1, "matter/death", 3).Float64() // another stream: no effect
	b := rng.New(1, "matter/birth", 3)
	fmt.Println(a.Float64() == b.Float64())
	fmt.Printf("%.6f\n", rng.New(1, "matter/birth", 3).Float64())
	// Output:
	// true
	// 0.748486
}

// A Key hashes the name once; Reseed reuses one generator for many
// entities without allocating.
func ExampleKey_Reseed() {
	key := rng.Name("citizen")
	var pcg rand.PCG
	r := rand.New(&pcg)
	for i := range uint64(3) {
		key.Reseed(&pcg, 1, i)
		fmt.Printf("citizen %d: %.4f\n", i, r.Float64())
	}
	// Output:
	// citizen 0: 0.6340
	// citizen 1: 0.0566
	// citizen 2: 0.7358
}
