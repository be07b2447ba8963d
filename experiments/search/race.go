package search

import (
	"fmt"
	"math"
	"slices"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Race settles which of several candidates is best (lowest mean) on
// paired replications: replication r of every candidate uses the same
// seed (common random numbers), so the comparison uses the differences
// x_c,r − x_best,r, whose variance is far below that of either value.
//
// It runs Min replications of every candidate, then after each batch
// drops every candidate whose paired confidence interval against the
// current leader lies wholly above zero, until one is left (a winner) or
// the survivors have Max replications (a tie among them). The level of
// each interval is Bonferroni-adjusted for the number of looks and
// comparisons, so that with no true difference a winner is declared with
// probability at most 1 − Level. Decisions are taken on whole batches, in
// candidate order, never on the order in which runs finish.
type Race struct {
	Min, Batch, Max int     // replications: first, added per round, most
	Level           float64 // family-wise confidence, default 0.95
}

// RaceResult is the outcome of a race.
type RaceResult struct {
	Best int // the candidate with the lowest mean among the survivors
	// Winner is true when every other candidate was separated from Best;
	// otherwise Tied lists the survivors (Best among them) that the paired
	// intervals could not separate within the budget.
	Winner bool
	Tied   []int
	N      []int     // replications run per candidate
	Mean   []float64 // mean over its replications
	// Diff and Half are each candidate's paired mean difference from
	// Best, and the half-width of its adjusted interval, over the
	// replications both have (0 and NaN for Best itself).
	Diff, Half []float64
	Level      float64 // the per-comparison level used
	Runs       int
}

// Sample returns the values of replications from…to−1 of each listed
// candidate: out[i][r−from] for cands[i]. It may run them in parallel.
type Sample func(cands []int, from, to int) ([][]float64, error)

// Run races k candidates.
func (rc Race) Run(k int, sample Sample) (*RaceResult, error) {
	if rc.Level == 0 {
		rc.Level = 0.95
	}
	if k < 1 || rc.Min < 2 || rc.Batch < 1 || rc.Max < rc.Min || rc.Level <= 0 || rc.Level >= 1 {
		return nil, fmt.Errorf("search: race of %d candidates with min %d, batch %d, max %d, level %v: want min ≥ 2, batch ≥ 1, max ≥ min, 0 < level < 1", k, rc.Min, rc.Batch, rc.Max, rc.Level)
	}
	looks := 1 + (rc.Max-rc.Min+rc.Batch-1)/rc.Batch
	level := 1 - (1-rc.Level)/float64(looks*max(1, k-1))
	vals := make([][]float64, k)
	alive := make([]int, k)
	for i := range alive {
		alive[i] = i
	}
	out := &RaceResult{N: make([]int, k), Mean: make([]float64, k), Diff: make([]float64, k), Half: make([]float64, k), Level: level}
	n, to := 0, rc.Min
	for {
		got, err := sample(alive, n, to)
		if err != nil {
			return nil, err
		}
		if len(got) != len(alive) {
			return nil, fmt.Errorf("search: race: sample returned %d rows for %d candidates", len(got), len(alive))
		}
		for i, c := range alive {
			if len(got[i]) != to-n {
				return nil, fmt.Errorf("search: race: sample returned %d values for %d replications", len(got[i]), to-n)
			}
			vals[c] = append(vals[c], got[i]...)
			out.Runs += to - n
		}
		n = to
		best := alive[0]
		for _, c := range alive {
			if lessNaN(mean(vals[c]), mean(vals[best])) {
				best = c
			}
		}
		var keep []int
		for _, c := range alive {
			if c == best {
				keep = append(keep, c)
				continue
			}
			d, h, _ := stats.PairedCI(vals[best], vals[c], level)
			if !(d-h > 0) { // not separated (a NaN interval never is)
				keep = append(keep, c)
			}
		}
		alive = keep
		out.Best = best
		if len(alive) == 1 || n >= rc.Max {
			break
		}
		to = min(n+rc.Batch, rc.Max)
	}
	out.Winner = len(alive) == 1
	if !out.Winner {
		out.Tied = slices.Clone(alive)
	}
	for c := range k {
		out.N[c] = len(vals[c])
		out.Mean[c] = mean(vals[c])
		if c == out.Best {
			out.Half[c] = math.NaN()
			continue
		}
		m := min(len(vals[c]), len(vals[out.Best]))
		out.Diff[c], out.Half[c], _ = stats.PairedCI(vals[out.Best][:m], vals[c][:m], level)
	}
	return out, nil
}

func mean(xs []float64) float64 {
	if len(xs) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}
