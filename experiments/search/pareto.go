package search

import (
	"math"
	"slices"
)

// dominates says whether a constraint-dominates b (Deb): a feasible
// candidate dominates an infeasible one, of two infeasible ones the less
// violating dominates, and of two feasible ones a dominates b when it is no
// worse in every objective and better in one. NaN objectives count as
// worst.
func dominates(a, b *Candidate) bool {
	af, bf := a.Feasible(), b.Feasible()
	switch {
	case af && !bf:
		return true
	case !af && bf:
		return false
	case !af:
		return a.Violation < b.Violation
	}
	return dominatesF(a.F, b.F)
}

func dominatesF(a, b []float64) bool {
	strict := false
	for i := range a {
		if lessNaN(b[i], a[i]) {
			return false
		}
		if lessNaN(a[i], b[i]) {
			strict = true
		}
	}
	return strict
}

// fronts sorts candidates into non-domination fronts (Deb's fast
// non-dominated sort), each front in input order.
func fronts(cs []*Candidate) [][]int {
	n := len(cs)
	count := make([]int, n)
	dom := make([][]int, n)
	var cur []int
	for i := range n {
		for j := range n {
			if i == j {
				continue
			}
			if dominates(cs[i], cs[j]) {
				dom[i] = append(dom[i], j)
			} else if dominates(cs[j], cs[i]) {
				count[i]++
			}
		}
		if count[i] == 0 {
			cur = append(cur, i)
		}
	}
	var out [][]int
	for len(cur) > 0 {
		out = append(out, cur)
		var next []int
		for _, i := range cur {
			for _, j := range dom[i] {
				count[j]--
				if count[j] == 0 {
					next = append(next, j)
				}
			}
		}
		slices.Sort(next)
		cur = next
	}
	return out
}

// crowding returns the crowding distance of each member of a front.
func crowding(cs []*Candidate, front []int) []float64 {
	d := make([]float64, len(front))
	if len(front) == 0 {
		return d
	}
	m := len(cs[front[0]].F)
	idx := make([]int, len(front))
	for k := range m {
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			fa, fb := cs[front[a]].F[k], cs[front[b]].F[k]
			switch {
			case lessNaN(fa, fb):
				return -1
			case lessNaN(fb, fa):
				return 1
			}
			return 0
		})
		lo, hi := cs[front[idx[0]]].F[k], cs[front[idx[len(idx)-1]]].F[k]
		d[idx[0]], d[idx[len(idx)-1]] = math.Inf(1), math.Inf(1)
		if !(hi > lo) {
			continue
		}
		for i := 1; i < len(idx)-1; i++ {
			d[idx[i]] += (cs[front[idx[i+1]]].F[k] - cs[front[idx[i-1]]].F[k]) / (hi - lo)
		}
	}
	return d
}

// Pareto returns the feasible candidates that no other feasible candidate
// dominates, in input order; candidates with equal objectives are all kept.
// Candidates with a NaN objective are left out.
func Pareto(cs []*Candidate) []*Candidate {
	idx := make([]int, 0, len(cs))
	for i, c := range cs {
		if c.Feasible() && !slices.ContainsFunc(c.F, math.IsNaN) {
			idx = append(idx, i)
		}
	}
	// In lexicographic order a candidate can only be dominated by one
	// before it, and a dominated one by a non-dominated one before it; so
	// one pass against the front so far is enough.
	slices.SortStableFunc(idx, func(a, b int) int { return slices.Compare(cs[a].F, cs[b].F) })
	var front []int
	for _, i := range idx {
		ok := true
		for _, j := range front {
			if dominatesF(cs[j].F, cs[i].F) {
				ok = false
				break
			}
		}
		if ok {
			front = append(front, i)
		}
	}
	slices.Sort(front)
	out := make([]*Candidate, len(front))
	for k, i := range front {
		out[k] = cs[i]
	}
	return out
}

// Hypervolume returns the volume of objective space (minimised) that the
// points dominate and that is bounded by the reference point; points not
// strictly better than the reference in every objective add nothing. It is
// exact, by slicing objectives (HSO): fine for the few objectives and
// hundreds of points of a policy search.
func Hypervolume(points [][]float64, ref []float64) float64 {
	var ps [][]float64
	for _, p := range points {
		ok := len(p) == len(ref)
		for i := range p {
			if ok && !(p[i] < ref[i]) {
				ok = false
			}
		}
		if ok {
			ps = append(ps, p)
		}
	}
	return hso(ps, ref)
}

func hso(ps [][]float64, ref []float64) float64 {
	if len(ps) == 0 {
		return 0
	}
	d := len(ref)
	if d == 1 {
		m := ps[0][0]
		for _, p := range ps {
			m = math.Min(m, p[0])
		}
		return ref[0] - m
	}
	// sort by the last objective and sweep slices along it
	s := slices.Clone(ps)
	slices.SortFunc(s, func(a, b []float64) int {
		switch {
		case a[d-1] < b[d-1]:
			return -1
		case a[d-1] > b[d-1]:
			return 1
		}
		return 0
	})
	if d == 2 {
		v, best := 0.0, ref[0]
		for i, p := range s {
			best = math.Min(best, p[0])
			next := ref[1]
			if i+1 < len(s) {
				next = s[i+1][1]
			}
			v += (ref[0] - best) * (next - p[1])
		}
		return v
	}
	v := 0.0
	var sub [][]float64
	for i, p := range s {
		sub = append(sub, p[:d-1])
		next := ref[d-1]
		if i+1 < len(s) {
			next = s[i+1][d-1]
		}
		if next > p[d-1] {
			v += hso(nondominated(sub), ref[:d-1]) * (next - p[d-1])
		}
	}
	return v
}

func nondominated(ps [][]float64) [][]float64 {
	var out [][]float64
	for i, a := range ps {
		ok := true
		for j, b := range ps {
			if i != j && (dominatesF(b, a) || (j < i && slices.Equal(a, b))) {
				ok = false
				break
			}
		}
		if ok {
			out = append(out, a)
		}
	}
	return out
}
