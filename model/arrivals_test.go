package model_test

import (
	"sort"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestArrivalsFollowPopulation: matters and tickets arrive from one
// city-wide process per type, each arrival landing in a community drawn by
// population. Over three weeks of the mid-size city (communities of
// 3,250–5,000 residents by district) the arrivals of each kind split over
// its communities in proportion to their residents: Pearson's χ² against
// its 0.999 quantile with communities − 1 degrees of freedom (a pick that
// ignored the weights gives 2,034 and 1,057 against the critical 574).
func TestArrivalsFollowPopulation(t *testing.T) {
	cfg, _, err := scenarios.Load("midcity", []string{"run.warmup=0s", "run.horizon=3w", "run.drain=0s"})
	if err != nil {
		t.Fatal(err)
	}
	var first []int32 // first citizen of each community, then the total
	var pops []float64
	n := int32(0)
	for _, d := range cfg.City.Districts {
		for _, s := range d.Streets {
			for _, c := range s.Communities {
				first = append(first, n)
				pops = append(pops, float64(c.Population))
				n += int32(c.Population)
			}
		}
	}
	first = append(first, n)
	counts := [2][]float64{make([]float64, len(pops)), make([]float64, len(pops))}
	obs := model.ObserverFunc(func(j *model.Journey) {
		if j.Kind != model.JArrival {
			return
		}
		c := sort.Search(len(first), func(i int) bool { return first[i] > j.Citizen }) - 1
		counts[j.Entity][c]++
	})
	m, err := model.New(cfg, 3, model.Options{Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	m.Run()
	lo, hi := pops[0], pops[0]
	for _, p := range pops {
		lo, hi = min(lo, p), max(hi, p)
	}
	if hi < 1.2*lo {
		t.Fatalf("communities of %v–%v residents: too alike for the test to tell weights from none", lo, hi)
	}
	c := distuv.ChiSquared{K: float64(len(pops) - 1)}.Quantile(0.999)
	for e, name := range []string{"matters", "tickets"} {
		var total, chi float64
		for _, x := range counts[e] {
			total += x
		}
		if total < 1000 {
			t.Fatalf("%s: only %v arrivals", name, total)
		}
		for i, p := range pops {
			exp := total * p / float64(n)
			chi += (counts[e][i] - exp) * (counts[e][i] - exp) / exp
		}
		if chi > c {
			t.Errorf("%s: χ² = %.1f > %.1f over %d communities (counts %v, populations %v)", name, chi, c, len(pops), counts[e], pops)
		}
		t.Logf("%s: %v arrivals over %d communities of %v–%v residents, χ² = %.1f (critical %.1f)", name, total, len(pops), lo, hi, chi, c)
	}
}
