package model

import (
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/model/rng"
)

// TestWherePicksByWeight: a weighted pick lands in unit i with probability
// w_i / Σ w (Pearson's χ² over 2·10⁵ draws, against the 0.999 quantile of
// χ² with 4 degrees of freedom, 18.47; a unit of weight 0 is never drawn),
// and a uniform pick over 7 units likewise (6 degrees of freedom, 22.46).
func TestWherePicksByWeight(t *testing.T) {
	for _, tc := range []struct {
		w    where
		ws   []float64
		crit float64
	}{
		{weighted([]int{4706, 0, 3750, 5200, 1, 12000}), []float64{4706, 0, 3750, 5200, 1, 12000}, 18.47},
		{uniform(7), []float64{1, 1, 1, 1, 1, 1, 1}, 22.46},
	} {
		r := rng.New(1, "test/where", 0)
		const n = 200000
		count := make([]float64, len(tc.ws))
		for range n {
			count[tc.w.pick(r)]++
		}
		var sum, chi float64
		for _, x := range tc.ws {
			sum += x
		}
		for i, x := range tc.ws {
			e := n * x / sum
			if e == 0 {
				if count[i] != 0 {
					t.Errorf("unit %d of weight 0 drawn %v times", i, count[i])
				}
				continue
			}
			chi += (count[i] - e) * (count[i] - e) / e
		}
		if chi > tc.crit || math.IsNaN(chi) {
			t.Errorf("weights %v: χ² = %.2f > %.2f (counts %v)", tc.ws, chi, tc.crit, count)
		}
	}
}
