package search

import (
	"errors"
	"fmt"
	"math"
)

// Problem is what to search.
type Problem struct {
	Space Space
	// Objectives is the number of objective values of an evaluation, all
	// minimised.
	Objectives int
	// Evaluate evaluates a batch of candidates (decoded values, one slice
	// per candidate) and returns one Eval for each, in order. It may run
	// them in parallel; the search waits for the whole batch.
	Evaluate func(xs [][]float64) ([]Eval, error)
}

// Eval is the outcome of evaluating one candidate.
type Eval struct {
	F []float64 // objective values, minimised
	// Violation is how far the candidate is from meeting its constraints:
	// 0 when it meets them all, otherwise a positive number, smaller
	// nearer (Deb's constraint domination: a feasible candidate beats any
	// infeasible one, infeasible ones are ranked by violation).
	Violation float64
}

// Feasible says whether the candidate meets its constraints.
func (e Eval) Feasible() bool { return e.Violation <= 0 }

// Candidate is an evaluated point.
type Candidate struct {
	ID         int       // order of first evaluation, from 0
	Generation int       // generation of first evaluation, from 0
	X          []float64 // decoded values
	Eval
}

// Generation is what the observer sees after each generation.
type Generation struct {
	Index int
	// New are the candidates evaluated in this generation; Proposed are
	// all the candidates of the generation in proposal order, repeats of
	// earlier ones included.
	New, Proposed []*Candidate
	Evaluations   int // distinct candidates evaluated so far
}

// Settings are the seed and stopping rule of a search.
type Settings struct {
	Seed uint64
	// MaxEvaluations stops the search after the generation in which the
	// number of distinct evaluated candidates reaches it (0: no limit).
	// Generations are never cut short, so the stop does not depend on
	// timing.
	MaxEvaluations int
	// MaxGenerations stops the search after that many generations (0: no
	// limit; then MaxEvaluations or the method's own convergence stops it).
	MaxGenerations int
	// Observer, when set, is called after each generation; an error from
	// it stops the search and is returned.
	Observer func(Generation) error
}

// Method is a search method: CMAES or NSGA2.
type Method interface {
	run(*state) error
}

// Result is the outcome of a search.
type Result struct {
	// Candidates are every distinct evaluated candidate, in evaluation
	// order.
	Candidates  []*Candidate
	Generations int
	// Status says why the search stopped.
	Status string
}

// Stop reasons.
const (
	StopEvaluations = "evaluations" // MaxEvaluations reached
	StopGenerations = "generations" // MaxGenerations reached
	StopConverged   = "converged"   // the method converged
	StopExhausted   = "exhausted"   // every point of a finite space evaluated
)

// errStop ends a method's loop when a limit is reached.
var errStop = errors.New("search: stop")

// Run searches the problem with the method.
func Run(p Problem, m Method, s Settings) (*Result, error) {
	if err := p.Space.Check(); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	if p.Objectives < 1 {
		return nil, errors.New("search: the problem has no objectives")
	}
	if p.Evaluate == nil {
		return nil, errors.New("search: the problem has no Evaluate function")
	}
	if s.MaxEvaluations <= 0 && s.MaxGenerations <= 0 {
		return nil, errors.New("search: set MaxEvaluations or MaxGenerations")
	}
	st := &state{p: p, s: s, seen: map[string]*Candidate{}}
	err := m.run(st)
	if err == errStop {
		err = nil
	}
	if err != nil {
		return nil, err
	}
	if st.status == "" {
		st.status = StopConverged
	}
	return &Result{Candidates: st.all, Generations: st.gen, Status: st.status}, nil
}

type state struct {
	p      Problem
	s      Settings
	seen   map[string]*Candidate
	all    []*Candidate
	gen    int
	status string
}

// evaluate decodes a generation of unit-cube points, evaluates the new
// ones as one batch and returns a candidate per point. It returns errStop
// (with the candidates) once a limit is reached.
func (st *state) evaluate(us [][]float64) ([]*Candidate, error) {
	out := make([]*Candidate, len(us))
	var fresh []*Candidate
	var xs [][]float64
	for i, u := range us {
		x := st.p.Space.Decode(u)
		k := key(x)
		c, ok := st.seen[k]
		if !ok {
			c = &Candidate{ID: len(st.all) + len(fresh), Generation: st.gen, X: x}
			st.seen[k] = c
			fresh = append(fresh, c)
			xs = append(xs, x)
		}
		out[i] = c
	}
	if len(xs) > 0 {
		evs, err := st.p.Evaluate(xs)
		if err != nil {
			return nil, err
		}
		if len(evs) != len(xs) {
			return nil, fmt.Errorf("search: Evaluate returned %d results for %d candidates", len(evs), len(xs))
		}
		for i, c := range fresh {
			e := evs[i]
			if len(e.F) != st.p.Objectives {
				return nil, fmt.Errorf("search: Evaluate returned %d objective values, want %d", len(e.F), st.p.Objectives)
			}
			if math.IsNaN(e.Violation) {
				e.Violation = math.Inf(1)
			}
			c.Eval = e
		}
		st.all = append(st.all, fresh...)
	}
	if st.s.Observer != nil {
		if err := st.s.Observer(Generation{Index: st.gen, New: fresh, Proposed: out, Evaluations: len(st.all)}); err != nil {
			return nil, err
		}
	}
	st.gen++
	switch {
	case st.s.MaxEvaluations > 0 && len(st.all) >= st.s.MaxEvaluations:
		st.status = StopEvaluations
		return out, errStop
	case st.s.MaxGenerations > 0 && st.gen >= st.s.MaxGenerations:
		st.status = StopGenerations
		return out, errStop
	case st.p.Space.Size() > 0 && len(st.all) >= st.p.Space.Size():
		st.status = StopExhausted
		return out, errStop
	}
	return out, nil
}

// Best returns the best candidate of a single-objective search: the
// feasible one with the lowest objective, else the least violating one;
// ties go to the earlier candidate.
func Best(cs []*Candidate) *Candidate {
	var best *Candidate
	for _, c := range cs {
		if best == nil || better(c, best) {
			best = c
		}
	}
	return best
}

// better is Deb's rule on the first objective.
func better(a, b *Candidate) bool {
	switch {
	case a.Feasible() && !b.Feasible():
		return true
	case !a.Feasible() && b.Feasible():
		return false
	case !a.Feasible():
		return a.Violation < b.Violation
	}
	return lessNaN(a.F[0], b.F[0])
}

// lessNaN orders NaN last.
func lessNaN(a, b float64) bool {
	if math.IsNaN(b) {
		return !math.IsNaN(a)
	}
	return a < b
}
