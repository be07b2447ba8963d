package experiments

import (
	"math"
	"sync"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Why a point (or a paired block) stopped adding replications.
const (
	stopFixed  = "fixed"  // the fixed number of replications
	stopTarget = "target" // every precision target met
	stopCap    = "cap"    // max reached with a target still unmet
)

// stopRule is the replication rule of a plan: a fixed count, or batches
// until every target is met. It decides from the values of the target KPIs
// over replications 0…n−1 only, after a whole batch, so the decision does
// not depend on which runs happened to finish first.
type stopRule struct {
	r PlanReplications
}

// first is the number of replications every group starts with.
func (s stopRule) first() int {
	if len(s.r.Targets) == 0 {
		return s.r.N
	}
	return s.r.Min
}

// decide says, after n replications, whether a group is done and why, or
// how many replications it needs next. vals[point][target][rep] holds the
// target KPIs of the group's points; in a paired rule, point 0 of the group
// is the baseline the others are compared with.
func (s stopRule) decide(n int, vals [][][]float64) (done bool, next int, reason string) {
	if len(s.r.Targets) == 0 {
		return true, n, stopFixed
	}
	if s.met(n, vals) {
		return true, n, stopTarget
	}
	if n >= s.r.Max {
		return true, n, stopCap
	}
	return false, min(n+s.r.Batch, s.r.Max), ""
}

// met says whether every target holds after n replications.
func (s stopRule) met(n int, vals [][][]float64) bool {
	for ti, t := range s.r.Targets {
		if s.r.Paired && len(vals) > 1 {
			base := vals[0][ti][:n]
			bm, _, _, _ := meanCI(base, s.r.Level)
			for pi := 1; pi < len(vals); pi++ {
				d := make([]float64, n)
				for r := range n {
					d[r] = vals[pi][ti][r] - base[r]
				}
				_, _, half, _ := meanCI(d, s.r.Level)
				if !t.holds(half, bm) {
					return false
				}
			}
			continue
		}
		for pi := range vals {
			mean, _, half, _ := meanCI(vals[pi][ti][:n], s.r.Level)
			if !t.holds(half, mean) {
				return false
			}
		}
	}
	return true
}

// holds says whether a half-width meets the target, relative to mean for a
// relative target. NaN (fewer than two finite values) never does.
func (t PlanTarget) holds(half, mean float64) bool {
	if math.IsNaN(half) {
		return false
	}
	if t.Relative > 0 {
		return half <= t.Relative*math.Abs(mean)
	}
	return half <= t.HalfWidth
}

// meanCI returns the mean, standard deviation and Student-t confidence
// interval half-width of the finite values of xs, and how many there were.
// With fewer than two finite values the half-width (and sd) is NaN.
func meanCI(xs []float64, level float64) (mean, sd, half float64, n int) {
	var m stats.Moments
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			m.Add(x)
		}
	}
	mean, sd, half = ciOf(&m, level)
	return mean, sd, half, int(m.N())
}

var nan = math.NaN()

// tHalf is the factor that turns a standard deviation of n values into the
// half-width of the Student-t interval for their mean at level.
func tHalf(level float64, n int64) float64 {
	k := tKey{level, n}
	tCache.Lock()
	defer tCache.Unlock()
	if v, ok := tCache.m[k]; ok {
		return v
	}
	v := stats.TQuantile((1+level)/2, float64(n-1)) / math.Sqrt(float64(n))
	if len(tCache.m) < 1<<16 {
		tCache.m[k] = v
	}
	return v
}

type tKey struct {
	level float64
	n     int64
}

// tCache keeps t factors: points.csv needs one per KPI of every point, and
// inverting the incomplete beta function each time would dominate it.
var tCache = struct {
	sync.Mutex
	m map[tKey]float64
}{m: map[tKey]float64{}}
