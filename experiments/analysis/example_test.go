package analysis_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/tiaokuai/tiaokuai/experiments/analysis"
)

// The first points of the Sobol sequence in two dimensions, mapped to a
// range of staffing levels and arrival rates.
func ExampleSobol() {
	pts, err := analysis.Sobol(4, 2)
	if err != nil {
		panic(err)
	}
	fmt.Println(pts)
	scaled, err := analysis.Scale(pts, []float64{10, 0.5}, []float64{50, 1.5})
	if err != nil {
		panic(err)
	}
	fmt.Println(scaled)
	// Output:
	// [[0 0] [0.5 0.5] [0.75 0.25] [0.25 0.75]]
	// [[10 0.5] [30 1] [40 0.75] [20 1.25]]
}

// Sobol indices of y = 3·x1 + x2 + 4·(x1 − ½)(x3 − ½) on the unit cube.
// x1 acts alone and with x3; x3 acts only with x1, so its first-order index
// is zero and its total index is not. Exact: S1 = 0.79, 0.09, 0; ST = 0.91,
// 0.09, 0.12.
func ExampleSobolIndices() {
	model := func(x []float64) float64 { return 3*x[0] + x[1] + 4*(x[0]-0.5)*(x[2]-0.5) }
	const n = 1 << 12
	A, B, AB, err := analysis.SaltelliDesign(n, 3)
	if err != nil {
		panic(err)
	}
	fA, fB := make([]float64, n), make([]float64, n)
	fAB := make([][]float64, 3)
	for j := range n {
		fA[j], fB[j] = model(A[j]), model(B[j])
	}
	for i := range fAB {
		fAB[i] = make([]float64, n)
		for j := range n {
			fAB[i][j] = model(AB[i][j])
		}
	}
	S1, ST, err := analysis.SobolIndices(fA, fB, fAB, 200, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		panic(err)
	}
	for i := range S1 {
		fmt.Printf("x%d: S1 %.2f  ST %.2f\n", i+1, S1[i].Value, ST[i].Value)
	}
	// Output:
	// x1: S1 0.79  ST 0.91
	// x2: S1 0.09  ST 0.09
	// x3: S1 0.00  ST 0.12
}

// Each of 200 samples run three times with independent seeds: the means go
// to the analysis, the noise share says how much of their spread the inputs
// cannot explain.
func ExampleReplicateNoise() {
	r := rand.New(rand.NewPCG(4, 2))
	reps := make([][]float64, 200)
	for j := range reps {
		x := float64(j) / 200
		for range 3 {
			reps[j] = append(reps[j], 10*x+r.NormFloat64())
		}
	}
	nz, err := analysis.ReplicateNoise(reps)
	if err != nil {
		panic(err)
	}
	fmt.Printf("noise share %.2f of the variance of %d means\n", nz.Share, len(nz.Means))
	// Output:
	// noise share 0.04 of the variance of 200 means
}

// Morris screening of y = 5·x1 − 2·x2 + x1·x3 + 0·x4: factors by
// decreasing μ*, with σ showing the interaction of x1 and x3.
func ExampleMorrisEffects() {
	model := func(x []float64) float64 { return 5*x[0] - 2*x[1] + x[0]*x[2] }
	design, err := analysis.MorrisDesign(20, 4, 4, rand.New(rand.NewPCG(1, 1)))
	if err != nil {
		panic(err)
	}
	y := make([]float64, len(design.Points))
	for k, p := range design.Points {
		y[k] = model(p)
	}
	res, err := analysis.MorrisEffects(design, y)
	if err != nil {
		panic(err)
	}
	for i, m := range res {
		fmt.Printf("x%d: μ* %.2f  μ %+.2f  σ %.2f\n", i+1, m.MuStar, m.Mu, m.Sigma)
	}
	// Output:
	// x1: μ* 5.40  μ +5.40  σ 0.40
	// x2: μ* 2.00  μ -2.00  σ 0.00
	// x3: μ* 0.50  μ +0.50  σ 0.38
	// x4: μ* 0.00  μ +0.00  σ 0.00
}

// Three staffing plans (lever sets) in three demand worlds, outcome the
// mean wait in minutes (smaller is better).
func ExampleMinimaxRegret() {
	wait := [][]float64{
		{12, 30, 95}, // lean
		{15, 25, 60}, // balanced
		{28, 29, 45}, // heavy
	}
	rg, err := analysis.MinimaxRegret(wait, false)
	if err != nil {
		panic(err)
	}
	for l, row := range rg.Table {
		fmt.Printf("plan %d: regret %v, worst %v\n", l, row, rg.Max[l])
	}
	fmt.Println("choose plan", rg.Best)
	// Output:
	// plan 0: regret [0 5 50], worst 50
	// plan 1: regret [3 0 15], worst 15
	// plan 2: regret [16 4 0], worst 16
	// choose plan 1
}

// Scenario discovery: in which worlds does p90 latency exceed its limit?
// Here it does when demand is high and staff low, with some noise.
func ExamplePRIM() {
	r := rand.New(rand.NewPCG(8, 8))
	var X [][]float64
	var fail []bool
	for range 2000 {
		demand, staff, weather := r.Float64(), r.Float64(), r.Float64()
		X = append(X, []float64{demand, staff, weather})
		f := demand > 0.6 && staff < 0.4
		if r.Float64() < 0.03 {
			f = !f
		}
		fail = append(fail, f)
	}
	box, err := analysis.PRIM(X, fail, analysis.PRIMOptions{Paste: true})
	if err != nil {
		panic(err)
	}
	names := []string{"demand", "staff", "weather"}
	for _, i := range box.Restricted() {
		fmt.Printf("%s in [%.2f, %.2f] (quasi-p %.0e)\n", names[i], box.Lo[i], box.Hi[i], box.QuasiP[i])
	}
	fmt.Printf("coverage %.2f, density %.2f\n", box.Coverage, box.Density)
	// Output:
	// demand in [0.60, +Inf] (quasi-p 4e-101)
	// staff in [-Inf, 0.40] (quasi-p 2e-103)
	// coverage 0.87, density 0.96
}
