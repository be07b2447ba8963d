package dist_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/tiaokuai/tiaokuai/model/dist"
)

func Example() {
	d, err := dist.Parse("lognormal(2h, 0.5)", dist.Duration, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(d, d.Mean()) // minutes

	r := rand.New(rand.NewPCG(1, 2))
	var sum float64
	for range 100000 {
		sum += d.Sample(r)
	}
	fmt.Printf("sample mean ≈ %.0f\n", sum/100000)
	// Output:
	// lognormal(2h, 0.5) 120
	// sample mean ≈ 120
}

// Durations need a unit; errors say what is wrong.
func ExampleParse_errors() {
	for _, spec := range []string{"12", "exp(4wh)", "lognormal(2h)", "90s", "exp(1.5h)"} {
		d, err := dist.Parse(spec, dist.Duration, nil)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(d)
	}
	// Output:
	// dist: 12: a duration needs a unit (s, m, h, d, w)
	// dist: 4wh: working time is not allowed in a distribution
	// dist: lognormal wants (mean, cv), got 1 argument
	// 90s
	// exp(90m)
}
