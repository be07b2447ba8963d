package analysis

import (
	"fmt"
	"math"
)

// Regret is the regret analysis of a set of policy options (lever sets)
// across a set of possible worlds (combinations of uncertainties).
type Regret struct {
	// Table[l][w] is the regret of lever set l in world w: how much worse
	// its outcome is than that of the best lever set for that world
	// (0 for the best; never negative).
	Table [][]float64
	// Max[l] is the worst regret of lever set l over all worlds.
	Max []float64
	// Best is the lever set with the smallest Max, the minimax-regret
	// choice; ties go to the lowest index.
	Best int
}

// MinimaxRegret computes the regret table of outcomes[l][w], the outcome
// (one KPI, e.g. a mean over replications) of lever set l in world w, and
// chooses the lever set whose worst-case regret is smallest (Savage 1951;
// the robustness measure of Lempert, Popper and Bankes, Shaping the Next One
// Hundred Years, RAND 2003). larger says whether larger outcomes are better
// (throughput, satisfaction) or smaller ones (latency, cost).
//
// Minimax regret judges each option against the best that could have been
// done in each world rather than by its absolute worst case (maximin), so a
// world that is bad for every option does not dominate the choice.
//
// It returns an error when there is no lever set or no world, the rows have
// different lengths, or an outcome is NaN or infinite.
func MinimaxRegret(outcomes [][]float64, larger bool) (Regret, error) {
	if len(outcomes) == 0 {
		return Regret{}, fmt.Errorf("analysis: MinimaxRegret: no lever sets")
	}
	worlds := len(outcomes[0])
	if worlds == 0 {
		return Regret{}, fmt.Errorf("analysis: MinimaxRegret: no worlds")
	}
	for l, row := range outcomes {
		if len(row) != worlds {
			return Regret{}, fmt.Errorf("analysis: MinimaxRegret: lever set %d has %d outcomes, lever set 0 has %d", l, len(row), worlds)
		}
		if w := nonFinite(row); w >= 0 {
			return Regret{}, fmt.Errorf("analysis: MinimaxRegret: outcome of lever set %d in world %d is %v", l, w, row[w])
		}
	}
	better := func(a, b float64) bool { return (larger && a > b) || (!larger && a < b) }
	best := make([]float64, worlds)
	for w := range worlds {
		best[w] = outcomes[0][w]
		for _, row := range outcomes[1:] {
			if better(row[w], best[w]) {
				best[w] = row[w]
			}
		}
	}
	rg := Regret{Table: make([][]float64, len(outcomes)), Max: make([]float64, len(outcomes))}
	for l, row := range outcomes {
		rg.Table[l] = make([]float64, worlds)
		rg.Max[l] = math.Inf(-1)
		for w, y := range row {
			if larger {
				rg.Table[l][w] = best[w] - y
			} else {
				rg.Table[l][w] = y - best[w]
			}
			rg.Max[l] = math.Max(rg.Max[l], rg.Table[l][w])
		}
		if rg.Max[l] < rg.Max[rg.Best] {
			rg.Best = l
		}
	}
	return rg, nil
}
