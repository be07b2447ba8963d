package search

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/tiaokuai/tiaokuai/model/rng"
)

// NSGA2 is multi-objective search by NSGA-II (Deb, Pratap, Agarwal and
// Meyarivan 2002) over the unit cube of the space: binary tournaments on
// rank and crowding, simulated binary crossover and polynomial mutation,
// and (μ+λ) survival by non-domination fronts and crowding distance, with
// Deb's constraint domination. Every generation of offspring is one batch.
type NSGA2 struct {
	Population int     // even; default 100
	Crossover  float64 // probability of crossover of a pair (default 0.9)
	EtaC       float64 // SBX distribution index (default 15)
	EtaM       float64 // mutation distribution index (default 20)
	// Mutation is the per-variable mutation probability (default 1/d).
	Mutation float64
	// Initial, when set, are unit-cube points put in the first
	// generation before the random ones (a known good package, say).
	Initial [][]float64
}

type member struct {
	u []float64
	c *Candidate
}

func (g NSGA2) run(st *state) error {
	d := len(st.p.Space)
	n := g.Population
	if n == 0 {
		n = 100
	}
	if n < 4 || n%2 != 0 {
		return fmt.Errorf("search: NSGA2: population must be even and at least 4, got %d", n)
	}
	pc, etaC, etaM, pm := g.Crossover, g.EtaC, g.EtaM, g.Mutation
	if pc == 0 {
		pc = 0.9
	}
	if etaC == 0 {
		etaC = 15
	}
	if etaM == 0 {
		etaM = 20
	}
	if pm == 0 {
		pm = 1 / float64(d)
	}
	a, b := rng.Seeds(st.s.Seed, "search.nsga2", 0)
	r := rand.New(rand.NewPCG(a, b))
	us := make([][]float64, n)
	for i := range us {
		if i < len(g.Initial) {
			if len(g.Initial[i]) != d {
				return fmt.Errorf("search: NSGA2: initial point %d has %d values for %d variables", i, len(g.Initial[i]), d)
			}
			us[i] = slices.Clone(g.Initial[i])
			continue
		}
		us[i] = make([]float64, d)
		for j := range us[i] {
			us[i][j] = r.Float64()
		}
	}
	cs, err := st.evaluate(us)
	if err != nil {
		return err
	}
	pop := make([]member, n)
	for i := range pop {
		pop[i] = member{us[i], cs[i]}
	}
	rank, crowd := rankCrowd(pop)
	for {
		// tournament selection and variation
		pick := func() int {
			i, j := r.IntN(n), r.IntN(n)
			if rank[i] < rank[j] || (rank[i] == rank[j] && crowd[i] > crowd[j]) {
				return i
			}
			return j
		}
		kids := make([][]float64, 0, n)
		for len(kids) < n {
			p1, p2 := pop[pick()].u, pop[pick()].u
			c1, c2 := slices.Clone(p1), slices.Clone(p2)
			if r.Float64() < pc {
				sbx(r, c1, c2, etaC)
			}
			mutate(r, c1, etaM, pm)
			mutate(r, c2, etaM, pm)
			kids = append(kids, c1, c2)
		}
		kc, err := st.evaluate(kids)
		if err != nil && err != errStop {
			return err
		}
		all := slices.Clone(pop)
		for i := range kids {
			all = append(all, member{kids[i], kc[i]})
		}
		pop = survive(all, n)
		rank, crowd = rankCrowd(pop)
		if err == errStop {
			return err
		}
	}
}

// rankCrowd gives each member its front number and crowding distance.
func rankCrowd(pop []member) ([]int, []float64) {
	cs := make([]*Candidate, len(pop))
	for i := range pop {
		cs[i] = pop[i].c
	}
	rank := make([]int, len(pop))
	crowd := make([]float64, len(pop))
	for k, f := range fronts(cs) {
		cd := crowding(cs, f)
		for i, m := range f {
			rank[m] = k
			crowd[m] = cd[i]
		}
	}
	return rank, crowd
}

// survive keeps the n best of all by front, then crowding distance.
func survive(all []member, n int) []member {
	cs := make([]*Candidate, len(all))
	for i := range all {
		cs[i] = all[i].c
	}
	var out []member
	for _, f := range fronts(cs) {
		if len(out)+len(f) <= n {
			for _, i := range f {
				out = append(out, all[i])
			}
			continue
		}
		cd := crowding(cs, f)
		idx := make([]int, len(f))
		for i := range idx {
			idx[i] = i
		}
		slices.SortStableFunc(idx, func(a, b int) int {
			switch {
			case cd[a] > cd[b]:
				return -1
			case cd[a] < cd[b]:
				return 1
			}
			return 0
		})
		for _, i := range idx[:n-len(out)] {
			out = append(out, all[f[i]])
		}
		break
	}
	return out
}

// sbx is simulated binary crossover on [0, 1] (Deb and Agrawal 1995, with
// the bounded spread of Deb's NSGA-II code).
func sbx(r *rand.Rand, x1, x2 []float64, eta float64) {
	for i := range x1 {
		if r.Float64() > 0.5 {
			continue
		}
		a, b := clamp01(x1[i]), clamp01(x2[i])
		if math.Abs(a-b) < 1e-14 {
			continue
		}
		y1, y2 := math.Min(a, b), math.Max(a, b)
		u := r.Float64()
		child := func(beta float64) float64 {
			alpha := 2 - math.Pow(beta, -(eta+1))
			var bq float64
			if u <= 1/alpha {
				bq = math.Pow(u*alpha, 1/(eta+1))
			} else {
				bq = math.Pow(1/(2-u*alpha), 1/(eta+1))
			}
			return bq
		}
		bq := child(1 + 2*y1/(y2-y1))
		c1 := 0.5 * ((y1 + y2) - bq*(y2-y1))
		bq = child(1 + 2*(1-y2)/(y2-y1))
		c2 := 0.5 * ((y1 + y2) + bq*(y2-y1))
		c1, c2 = clamp01(c1), clamp01(c2)
		if r.Float64() <= 0.5 {
			c1, c2 = c2, c1
		}
		x1[i], x2[i] = c1, c2
	}
}

// mutate is polynomial mutation on [0, 1].
func mutate(r *rand.Rand, x []float64, eta, pm float64) {
	for i := range x {
		if r.Float64() >= pm {
			continue
		}
		y := clamp01(x[i])
		u := r.Float64()
		p := 1 / (eta + 1)
		var dq float64
		if u < 0.5 {
			v := 2*u + (1-2*u)*math.Pow(1-y, eta+1)
			dq = math.Pow(v, p) - 1
		} else {
			v := 2*(1-u) + 2*(u-0.5)*math.Pow(y, eta+1)
			dq = 1 - math.Pow(v, p)
		}
		x[i] = clamp01(y + dq)
	}
}
