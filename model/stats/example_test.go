package stats_test

import (
	"fmt"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// A latency histogram: 50 bins per decade bound the quantile error by
// 10^(1/50) − 1 ≈ 4.7%; the mean is exact.
func ExampleLogHist() {
	h := stats.NewLogHist(1, 1e4, 50) // minutes
	for i := 1; i <= 1000; i++ {
		h.Add(float64(i))
	}
	fmt.Printf("n=%d mean=%.1f\n", h.N(), h.Mean())
	fmt.Printf("p50=%.0f p90=%.0f max=%.0f (bound %.1f%%)\n",
		h.Quantile(0.5), h.Quantile(0.9), h.Quantile(1), 100*h.RelErr())
	// Output:
	// n=1000 mean=500.5
	// p50=500 p90=900 max=1000 (bound 4.7%)
}

// A queue length integrated over the observation window [60, 120] minutes
// of a run that starts at 0: only the part inside the window counts.
func ExampleTimeAverage() {
	q := stats.NewTimeAverage(60, 120)
	q.Add(30, +1)  // 1 waiting from 30 (counts from 60)
	q.Add(90, +1)  // 2 from 90
	q.Add(100, -2) // empty from 100
	q.Add(150, +5) // after the window: ignored
	fmt.Printf("integral=%v mean=%.3f max=%v\n", q.Integral(120), q.Mean(120), q.Max())
	// Output:
	// integral=50 mean=0.833 max=2
}

// An office with 5 windows, 0.9 arrivals per minute and 5-minute service
// (ρ = 0.9), and a hotline whose callers hang up after 2 minutes on average.
func ExampleErlangC() {
	p, wq, err := stats.ErlangC(5, 0.9, 0.2)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("office: P(wait)=%.4f Wq=%.2f min\n", p, wq)

	pa, w, pw, err := stats.ErlangA(5, 0.9, 0.2, 0.5)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("hotline: P(wait)=%.4f wait=%.2f min abandon=%.4f\n", pw, w, pa)

	_, _, err = stats.ErlangC(4, 0.9, 0.2)
	fmt.Println(err)
	// Output:
	// office: P(wait)=0.7625 Wq=7.62 min
	// hotline: P(wait)=0.3917 wait=0.35 min abandon=0.1735
	// stats: ErlangC(c=4, λ=0.9, μ=0.2): ρ = 1.125: offered load ρ = λ/(cμ) ≥ 1, no steady state
}

// Comparing a reform with a baseline on the same five seeds: the paired
// interval is what decides whether an effect is reproduced.
func ExamplePairedCI() {
	baseline := []float64{6.1, 5.8, 6.4, 6.0, 6.2} // mean visits per matter
	reform := []float64{1.2, 1.1, 1.4, 1.0, 1.3}
	d, half, err := stats.PairedCI(baseline, reform, 0.95)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("effect %.2f ± %.2f visits\n", d, half)
	// Output:
	// effect -4.90 ± 0.15 visits
}

// Workload inequality across grassroots units.
func ExampleGini() {
	hours := []float64{10, 10, 20, 40, 120} // hours per worker per week
	fmt.Printf("Gini=%.2f top 20%%=%.2f\n", stats.Gini(hours), stats.TopShare(hours, 0.2))
	// Output:
	// Gini=0.50 top 20%=0.60
}
