package search

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/optimize"

	"github.com/tiaokuai/tiaokuai/model/rng"
)

// CMAES is single-objective search by gonum's optimize.CmaEsChol over the
// unit cube of the space. Each generation is evaluated as one batch; the
// method sees each candidate's rank within its generation under Deb's
// constraint rule (feasible by objective, then infeasible by violation),
// with a penalty for samples outside the cube (they are evaluated at the
// nearest point inside), so it never needs a penalty weight.
type CMAES struct {
	// Population is the number of candidates per generation (default
	// gonum's 4 + ⌊3 ln d⌋).
	Population int
	// StepSize is the initial standard deviation in the unit cube
	// (default 0.3).
	StepSize float64
	// Start is the initial mean in the unit cube (default its centre).
	Start []float64
}

func (c CMAES) run(st *state) error {
	dim := len(st.p.Space)
	step := c.StepSize
	if step == 0 {
		step = 0.3
	}
	if step < 0 || c.Population < 0 {
		return fmt.Errorf("search: CMAES: negative step size or population")
	}
	start := make([]float64, dim)
	for i := range start {
		start[i] = 0.5
	}
	if c.Start != nil {
		if len(c.Start) != dim {
			return fmt.Errorf("search: CMAES: start has %d values for %d variables", len(c.Start), dim)
		}
		copy(start, c.Start)
	}
	a, b := rng.Seeds(st.s.Seed, "search.cmaes", 0)
	// CmaEsChol samples from N(mean, InitCholesky) with the identity as
	// default, and its updates are tuned to that scale: so it searches z
	// with u = start + step·z.
	m := &optimize.CmaEsChol{Population: c.Population, Src: rand.NewPCG(a, b)}
	pop := m.Init(dim, math.MaxInt32)
	ops := make(chan optimize.Task, pop+1)
	res := make(chan optimize.Task, pop+1)
	tasks := make([]optimize.Task, pop)
	for i := range tasks {
		tasks[i].Location = &optimize.Location{X: make([]float64, dim)}
	}
	// tasks[0].X is the initial mean: z = 0
	tasks[0].Op = optimize.FuncEvaluation
	go m.Run(ops, res, tasks)
	stop := func() {
		res <- optimize.Task{Op: optimize.PostIteration}
		close(res)
		for range ops {
		}
	}
	for {
		batch := make([]optimize.Task, 0, pop)
		for len(batch) < pop {
			t := <-ops
			if t.Op != optimize.FuncEvaluation {
				stop()
				return fmt.Errorf("search: CMAES: unexpected operation %v", t.Op)
			}
			batch = append(batch, t)
		}
		slices.SortFunc(batch, func(a, b optimize.Task) int { return a.ID - b.ID })
		us := make([][]float64, pop)
		for i, t := range batch {
			us[i] = make([]float64, dim)
			for j, z := range t.X {
				us[i][j] = start[j] + step*z
			}
		}
		cands, err := st.evaluate(us)
		if err != nil && err != errStop {
			stop()
			return err
		}
		ranks := rankGeneration(cands, us)
		for i, t := range batch {
			t.F = ranks[i]
			res <- t
		}
		t := <-ops
		if err == errStop || t.Op != optimize.MajorIteration {
			stop()
			return err
		}
		res <- t
	}
}

// rankGeneration returns each candidate's rank (0 best) under Deb's rule,
// with samples outside the unit cube penalised by their squared distance
// to it, scaled to the generation's spread of objective values.
func rankGeneration(cs []*Candidate, us [][]float64) []float64 {
	n := len(cs)
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, c := range cs {
		if c.Feasible() && !math.IsNaN(c.F[0]) {
			lo, hi = math.Min(lo, c.F[0]), math.Max(hi, c.F[0])
		}
	}
	scale := 1.0
	if hi > lo {
		scale = hi - lo
	}
	val := make([]float64, n)
	for i, c := range cs {
		d := 0.0
		for _, u := range us[i] {
			e := u - clamp01(u)
			d += e * e
		}
		if c.Feasible() {
			val[i] = c.F[0] + scale*d
		} else {
			val[i] = c.Violation * (1 + d)
		}
	}
	idx := make([]int, n)
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		fa, fb := cs[a].Feasible(), cs[b].Feasible()
		if fa != fb {
			if fa {
				return -1
			}
			return 1
		}
		switch {
		case lessNaN(val[a], val[b]):
			return -1
		case lessNaN(val[b], val[a]):
			return 1
		}
		return 0
	})
	r := make([]float64, n)
	for k, i := range idx {
		r[i] = float64(k)
	}
	return r
}
