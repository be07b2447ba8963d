package experiments

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/tiaokuai/tiaokuai/experiments/search"
)

func (op *optimizer) screened() bool { return len(op.o.Screen) > 0 }

// eval returns a candidate's values at the search's fidelity.
func (op *optimizer) eval(c *optCandidate) *optEval {
	if op.screened() {
		return c.screen
	}
	return c.full
}

// bestPerWorld is, per objective and world, the best world mean among the
// candidates' evals (for regret).
func (op *optimizer) bestPerWorld(evs []*optEval) [][]float64 {
	best := make([][]float64, len(op.o.Objectives))
	for j, ob := range op.o.Objectives {
		k := slices.Index(op.tracked, ob.KPI)
		best[j] = make([]float64, len(op.worlds))
		for w := range best[j] {
			best[j][w] = math.Inf(1)
		}
		for _, ev := range evs {
			wm, _ := op.worldStats(ev, k, op.sense[j])
			for w, v := range wm {
				if v < best[j][w] {
					best[j][w] = v
				}
			}
		}
	}
	return best
}

func (op *optimizer) searchEvals() []*optEval {
	var evs []*optEval
	for _, c := range op.cands {
		if ev := op.eval(c); ev != nil {
			evs = append(evs, ev)
		}
	}
	return evs
}

func (op *optimizer) run() (*OptimizeSummary, error) {
	o := op.o
	gen := 0
	prob := search.Problem{Space: op.space, Objectives: len(o.Objectives), Evaluate: func(xs [][]float64) ([]search.Eval, error) {
		cs := make([]*optCandidate, len(xs))
		for i, x := range xs {
			cs[i] = op.candidate(x, gen)
		}
		if err := op.evaluate(cs, !op.screened(), o.Reps); err != nil {
			return nil, err
		}
		var best [][]float64
		if o.Robustness == "regret" {
			best = op.bestPerWorld(op.searchEvals())
		}
		out := make([]search.Eval, len(cs))
		for i, c := range cs {
			ev := op.eval(c)
			op.summarise(ev, best)
			out[i] = search.Eval{F: slices.Clone(ev.obj), Violation: ev.violation}
		}
		return out, nil
	}}
	settings := search.Settings{Seed: op.e.Seed, MaxGenerations: o.Generations, MaxEvaluations: o.MaxEvaluations,
		Observer: func(g search.Generation) error {
			gen = g.Index + 1
			feas := 0
			for _, c := range op.cands {
				if op.eval(c).violation <= 0 {
					feas++
				}
			}
			op.progress(fmt.Sprintf("generation %d: %d candidates (%d new), %d meet the constraints, %d runs, %s", g.Index, g.Evaluations, len(g.New), feas, op.runsDone, time.Since(op.start).Round(time.Second)))
			return nil
		}}
	var m search.Method
	switch o.Method {
	case "nsga2":
		m = search.NSGA2{Population: max(4, o.Population+o.Population%2)} // NSGA-II pairs parents: even, ≥ 4
	default:
		m = search.CMAES{Population: o.Population}
	}
	res, err := search.Run(prob, m, settings)
	if err != nil {
		return nil, err
	}
	// final summaries at the search fidelity (regret against the best of all)
	var best [][]float64
	if o.Robustness == "regret" {
		best = op.bestPerWorld(op.searchEvals())
	}
	for _, c := range op.cands {
		op.summarise(op.eval(c), best)
	}
	sum := &OptimizeSummary{Experiment: op.e.Name, Method: o.Method, Robustness: o.Robustness, Level: o.Level, Budget: bound(o.Budget),
		Worlds: len(op.worlds), Screen: slices.Clone(o.Screen), Generations: res.Generations, Status: res.Status, Candidates: len(op.cands), Tied: []int{}}
	if sum.Screen == nil {
		sum.Screen = []string{}
	}
	for j, ob := range o.Objectives {
		dir := "min"
		if op.sense[j] < 0 {
			dir = "max"
		}
		sum.Objectives = append(sum.Objectives, dir+" "+ob.KPI)
	}
	for _, c := range o.Constraints {
		s := c.KPI
		if !math.IsNaN(c.Min) {
			s = fmt.Sprintf("%s ≥ %g", s, c.Min)
		}
		if !math.IsNaN(c.Max) {
			s = fmt.Sprintf("%s ≤ %g", s, c.Max)
		}
		sum.Constraints = append(sum.Constraints, s)
	}
	if !math.IsNaN(o.Budget) {
		sum.Constraints = append(sum.Constraints, fmt.Sprintf("cost.total ≤ %g", o.Budget))
	}
	if sum.Constraints == nil {
		sum.Constraints = []string{}
	}
	for _, f := range op.factors {
		sum.Levers = append(sum.Levers, f.Name)
	}
	// finalists
	var feasible []*optCandidate
	for _, c := range op.cands {
		if op.eval(c).violation <= 0 {
			feasible = append(feasible, c)
		}
	}
	if len(feasible) == 0 {
		if err := op.writeOutputs(sum); err != nil {
			return nil, err
		}
		return nil, op.infeasible()
	}
	if len(o.Objectives) == 1 {
		err = op.confirmOne(feasible, sum)
	} else {
		err = op.confirmFront(feasible, sum)
	}
	if err != nil {
		return nil, err
	}
	if err := op.writeOutputs(sum); err != nil {
		return nil, err
	}
	return sum, nil
}

// infeasible says that no candidate meets the constraints and which came
// closest.
func (op *optimizer) infeasible() error {
	cs := slices.Clone(op.cands)
	slices.SortStableFunc(cs, func(a, b *optCandidate) int {
		va, vb := op.eval(a).violation, op.eval(b).violation
		switch {
		case va < vb:
			return -1
		case va > vb:
			return 1
		}
		return 0
	})
	var b strings.Builder
	fmt.Fprintf(&b, "no candidate of %d meets the constraints in every world (by the %s bound of the %.0f%% CI); the closest:", len(op.cands), "relevant", op.o.Level*100)
	for _, c := range cs[:min(3, len(cs))] {
		ev := op.eval(c)
		fmt.Fprintf(&b, "\n    candidate %d (%s):", c.id, op.describe(c))
		for _, ct := range op.o.Constraints {
			k := slices.Index(op.tracked, ct.KPI)
			wm, _ := op.worldStats(ev, k, 1)
			fmt.Fprintf(&b, " %s = %.4g", ct.KPI, worstOf(wm, !math.IsNaN(ct.Max)))
		}
		if !math.IsNaN(op.o.Budget) {
			fmt.Fprintf(&b, " cost.total = %.4g (budget %g)", ev.cost, op.o.Budget)
		}
		fmt.Fprintf(&b, ", %.1f%% beyond", 100*ev.violation)
	}
	line, key := op.o.Line, "optimize"
	if len(op.o.Constraints) > 0 {
		line, key = op.o.Constraints[0].Line, "optimize.constraint"
	} else if !math.IsNaN(op.o.Budget) {
		line, key = op.o.BudgetLine, "optimize.budget"
	}
	return problem(op.e, line, key, b.String())
}

func worstOf(xs []float64, high bool) float64 {
	w := xs[0]
	for _, x := range xs {
		if (high && x > w) || (!high && x < w) {
			w = x
		}
	}
	return w
}

func (op *optimizer) describe(c *optCandidate) string {
	var parts []string
	for i, f := range op.factors {
		parts = append(parts, f.Name+"="+c.labels[i])
	}
	return strings.Join(parts, ", ")
}

// confirmOne races the best feasible candidates of a single-objective
// search at full fidelity on common random numbers.
func (op *optimizer) confirmOne(feasible []*optCandidate, sum *OptimizeSummary) error {
	slices.SortStableFunc(feasible, func(a, b *optCandidate) int {
		x, y := op.eval(a).obj[0], op.eval(b).obj[0]
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	fin := feasible[:min(op.o.Confirm, len(feasible))]
	k := slices.Index(op.tracked, op.o.Objectives[0].KPI)
	full := make([][][][]float64, len(fin)) // [finalist][world][rep][kpi]
	for i := range full {
		full[i] = make([][][]float64, len(op.worlds))
	}
	sample := func(idx []int, from, to int) ([][]float64, error) {
		var jobs []job
		for _, i := range idx {
			for w := range op.worlds {
				for r := from; r < to; r++ {
					jobs = append(jobs, job{cand: fin[i].id, world: w, rep: r, full: true})
				}
			}
		}
		vals, err := op.runJobs(jobs)
		if err != nil {
			return nil, err
		}
		n := 0
		for _, i := range idx {
			for w := range op.worlds {
				full[i][w] = append(full[i][w], vals[n:n+to-from]...)
				n += to - from
			}
		}
		// per replication, the robustness statistic of the world values
		out := make([][]float64, len(idx))
		for a, i := range idx {
			for r := from; r < to; r++ {
				ws := make([]float64, len(op.worlds))
				for w := range op.worlds {
					ws[w] = op.sense[0] * full[i][w][r][k]
					if op.o.Robustness == "regret" {
						b := math.Inf(1)
						for _, i2 := range idx {
							b = math.Min(b, op.sense[0]*full[i2][w][r][k])
						}
						ws[w] -= b
					}
				}
				v, _ := robustStat(op.o.Robustness, ws)
				out[a] = append(out[a], v)
			}
		}
		return out, nil
	}
	var rr *search.RaceResult
	if len(fin) == 1 {
		if _, err := sample([]int{0}, 0, op.o.Race.Min); err != nil {
			return err
		}
		rr = &search.RaceResult{Best: 0, Winner: true, N: []int{op.o.Race.Min}, Diff: []float64{0}, Half: []float64{math.NaN()}}
	} else {
		var err error
		rr, err = search.Race{Min: op.o.Race.Min, Batch: op.o.Race.Batch, Max: op.o.Race.Max, Level: op.o.Level}.Run(len(fin), sample)
		if err != nil {
			return err
		}
	}
	for i, c := range fin {
		c.full = &optEval{vals: full[i]}
	}
	var best [][]float64
	if op.o.Robustness == "regret" {
		var evs []*optEval
		for _, c := range fin {
			evs = append(evs, c.full)
		}
		best = op.bestPerWorld(evs)
	}
	order := make([]int, len(fin))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if a == rr.Best {
			return -1
		}
		if b == rr.Best {
			return 1
		}
		switch x, y := rr.Diff[a], rr.Diff[b]; {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
	sum.Winner = rr.Winner
	sum.RaceLevel = rr.Level
	sum.RaceReps = slices.Max(rr.N)
	for _, i := range order {
		c := fin[i]
		op.summarise(c.full, best)
		f := op.finalist(c)
		f.Diff, f.DiffHalf = op.sense[0]*rr.Diff[i], rr.Half[i]
		switch {
		case !f.Feasible:
			f.Status = "infeasible"
		case i == rr.Best:
			f.Status = "best"
		case slices.Contains(rr.Tied, i):
			f.Status = "tied"
			sum.Tied = append(sum.Tied, c.id)
		default:
			f.Status = "worse"
		}
		sum.Finalists = append(sum.Finalists, f)
	}
	if !rr.Winner {
		sum.Tied = append([]int{fin[rr.Best].id}, sum.Tied...)
	}
	b := sum.Finalists[0]
	switch {
	case rr.Winner && len(fin) > 1:
		sum.Sure = fmt.Sprintf("candidate %d is best: paired intervals (%.1f%% each, %.0f%% overall) separate it from every other finalist after %d full-fidelity replications", b.Candidate, 100*rr.Level, 100*op.o.Level, rr.N[rr.Best])
	case rr.Winner:
		sum.Sure = fmt.Sprintf("candidate %d was the only feasible finalist", b.Candidate)
	default:
		sum.Sure = fmt.Sprintf("candidates %s cannot be told apart within %d replications (paired intervals at %.0f%% overall overlap zero): the ranking among them is not sure", joinInts(sum.Tied), op.o.Race.Max, 100*op.o.Level)
	}
	return nil
}

func joinInts(xs []int) string {
	var s []string
	for _, x := range xs {
		s = append(s, strconv.Itoa(x))
	}
	return strings.Join(s, ", ")
}

// finalist describes a candidate's full-fidelity eval.
func (op *optimizer) finalist(c *optCandidate) Finalist {
	ev := c.full
	f := Finalist{Candidate: c.id, Levers: slices.Clone(c.labels), Replications: len(ev.vals[0]), Cost: ev.cost, Feasible: ev.violation <= 0, Diff: math.NaN(), DiffHalf: math.NaN()}
	for j := range op.o.Objectives {
		f.Value = append(f.Value, op.sense[j]*ev.obj[j])
		f.HalfWidth = append(f.HalfWidth, ev.half[j])
	}
	return f
}

// confirmFront runs the Pareto set of a multi-objective search (at most
// Confirm members, spread along the front) at full fidelity with
// Race.Max replications, and says which neighbours differ.
func (op *optimizer) confirmFront(feasible []*optCandidate, sum *OptimizeSummary) error {
	byID := map[*search.Candidate]*optCandidate{}
	var sc []*search.Candidate
	for _, c := range feasible {
		ev := op.eval(c)
		s := &search.Candidate{ID: c.id, X: c.x, Eval: search.Eval{F: ev.obj, Violation: ev.violation}}
		byID[s] = c
		sc = append(sc, s)
	}
	var front []*optCandidate
	for _, s := range search.Pareto(sc) {
		front = append(front, byID[s])
	}
	slices.SortStableFunc(front, func(a, b *optCandidate) int {
		x, y := op.eval(a).obj[0], op.eval(b).obj[0]
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return a.id - b.id
	})
	if n := op.o.Confirm; len(front) > n {
		var pick []*optCandidate
		for i := range n {
			pick = append(pick, front[i*(len(front)-1)/max(1, n-1)])
		}
		front = slices.CompactFunc(pick, func(a, b *optCandidate) bool { return a == b })
	}
	if err := op.evaluate(front, true, op.o.Race.Max); err != nil {
		return err
	}
	var best [][]float64
	if op.o.Robustness == "regret" {
		var evs []*optEval
		for _, c := range front {
			evs = append(evs, c.full)
		}
		best = op.bestPerWorld(evs)
	}
	var sc2 []*search.Candidate
	by2 := map[*search.Candidate]int{}
	for i, c := range front {
		op.summarise(c.full, best)
		s := &search.Candidate{ID: c.id, Eval: search.Eval{F: c.full.obj, Violation: c.full.violation}}
		by2[s] = i
		sc2 = append(sc2, s)
	}
	onFront := map[int]bool{}
	for _, s := range search.Pareto(sc2) {
		onFront[by2[s]] = true
	}
	for i, c := range front {
		f := op.finalist(c)
		f.Pareto = onFront[i]
		switch {
		case !f.Feasible:
			f.Status = "infeasible"
		case f.Pareto:
			f.Status = "front"
		default:
			f.Status = "dominated"
		}
		sum.Finalists = append(sum.Finalists, f)
	}
	// neighbours on the front: do they differ in every objective?
	sep, pairs := 0, 0
	var prev *optCandidate
	for i, c := range front {
		if !onFront[i] {
			continue
		}
		if prev != nil {
			pairs++
			all := true
			for j, ob := range op.o.Objectives {
				k := slices.Index(op.tracked, ob.KPI)
				a := perRep(prev.full, k)
				b := perRep(c.full, k)
				d := make([]float64, len(a))
				for r := range a {
					d[r] = op.sense[j] * (b[r] - a[r])
				}
				m, _, h, _ := meanCI(d, op.o.Level)
				if !(math.Abs(m) > h) {
					all = false
				}
			}
			if all {
				sep++
			}
		}
		prev = c
	}
	sum.Winner = false
	sum.FrontPairs, sum.FrontSeparated, sum.RaceReps = pairs, sep, op.o.Race.Max
	sum.Sure = fmt.Sprintf("%d of %d neighbouring pairs on the confirmed front differ in every objective (paired %.0f%% intervals over %d full-fidelity replications); the others trade off within the noise", sep, pairs, 100*op.o.Level, op.o.Race.Max)
	if pairs == 0 {
		for _, f := range sum.Finalists {
			if f.Pareto {
				sum.Sure = fmt.Sprintf("the confirmed front is one package, candidate %d: its means at full fidelity (%d replications) are at least as good as every other finalist's in every objective", f.Candidate, op.o.Race.Max)
				break
			}
		}
	}
	return nil
}

// perRep is KPI k averaged over the worlds, per replication.
func perRep(ev *optEval, k int) []float64 {
	n := len(ev.vals[0])
	out := make([]float64, n)
	for r := range n {
		for w := range ev.vals {
			out[r] += ev.vals[w][r][k] / float64(len(ev.vals))
		}
	}
	return out
}

// Optimize output files.
const (
	optRunsCSV       = "runs.csv"
	optRunsParquet   = "runs.parquet"
	optCandidatesCSV = "candidates.csv"
	optParetoCSV     = "pareto.csv"
	OptimizeJSON     = "optimize.json"
)

func (op *optimizer) writeOutputs(sum *OptimizeSummary) error {
	// the runs, once each, counted for the summary; shard 0 alone writes
	// the shared outputs
	sum.ScreenRuns, sum.FullRuns = 0, 0
	counted := map[[4]int]bool{}
	for _, r := range op.rows {
		key := [4]int{r.cand, r.world, r.rep, 0}
		if r.full {
			key[3] = 1
		}
		if !counted[key] {
			counted[key] = true
			if r.full {
				sum.FullRuns++
			} else {
				sum.ScreenRuns++
			}
		}
	}
	if !op.spec.Shard.Whole() && op.spec.Shard.Index != 0 {
		return nil
	}
	var levers, worlds []string
	for _, f := range op.factors {
		levers = append(levers, "lever."+f.Name)
	}
	for _, f := range op.e.Uncertainties.Factors {
		worlds = append(worlds, "uncertainty."+f.Name)
	}
	// runs, once each, in the order run
	seen := map[[4]int]bool{}
	head := append(append([]string{"candidate", "generation", "fidelity", "world", "replication", "seed"}, levers...), worlds...)
	head = append(head, op.tracked...)
	var rows [][]string
	cols := []pqColumn{{"candidate", pqInt64}, {"generation", pqInt64}, {"fidelity", pqString}, {"world", pqInt64}, {"replication", pqInt64}, {"seed", pqInt64}}
	for _, n := range append(slices.Clone(levers), worlds...) {
		cols = append(cols, pqColumn{n, pqString})
	}
	for _, n := range op.tracked {
		cols = append(cols, pqColumn{n, pqDouble})
	}
	tmp, err := os.CreateTemp(op.dir, ".runs.parquet.tmp*")
	if err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriter(tmp)
	pq := newPQWriter(bw, cols, 1024, 64<<10)
	for _, r := range op.rows {
		fid := 0
		if r.full {
			fid = 1
		}
		key := [4]int{r.cand, r.world, r.rep, fid}
		if seen[key] {
			continue
		}
		seen[key] = true
		c := op.cands[r.cand]
		fidName := fidScreen
		if r.full {
			fidName = fidFull
		}
		row := []string{strconv.Itoa(c.id), strconv.Itoa(c.gen), fidName, strconv.Itoa(r.world), strconv.Itoa(r.rep), strconv.FormatUint(r.seed, 10)}
		row = append(row, c.labels...)
		for _, v := range op.worlds[r.world].values {
			row = append(row, valueText(v))
		}
		for _, v := range r.vals {
			row = append(row, formatNumber(v))
		}
		rows = append(rows, row)
		pq.setInt(0, int64(c.id))
		pq.setInt(1, int64(c.gen))
		pq.setString(2, fidName)
		pq.setInt(3, int64(r.world))
		pq.setInt(4, int64(r.rep))
		pq.setInt(5, int64(r.seed))
		i := 6
		for _, l := range c.labels {
			pq.setString(i, l)
			i++
		}
		for _, v := range op.worlds[r.world].values {
			pq.setString(i, valueText(v))
			i++
		}
		for _, v := range r.vals {
			pq.setDouble(i, v)
			i++
		}
		if err := pq.writeRow(); err != nil {
			return fmt.Errorf("experiments: %w", err)
		}
	}
	if err := pq.close(); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	os.Chmod(tmp.Name(), 0o644)
	if err := os.Rename(tmp.Name(), filepath.Join(op.dir, optRunsParquet)); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	if err := writeCSV(filepath.Join(op.dir, optRunsCSV), head, rows); err != nil {
		return err
	}
	// candidates at each fidelity they were run at
	chead := append([]string{"candidate", "generation"}, levers...)
	chead = append(chead, "fidelity", "replications", "feasible", "violation", "cost")
	for j, ob := range op.o.Objectives {
		_ = j
		chead = append(chead, ob.KPI, ob.KPI+".half_width")
	}
	chead = append(chead, "pareto")
	var crows [][]string
	for _, fid := range []string{fidScreen, fidFull} {
		var evs []*search.Candidate
		byEv := map[*search.Candidate]*optCandidate{}
		for _, c := range op.cands {
			ev := c.screen
			if fid == fidFull {
				ev = c.full
			}
			if ev == nil || ev.obj == nil {
				continue
			}
			s := &search.Candidate{ID: c.id, Eval: search.Eval{F: ev.obj, Violation: ev.violation}}
			byEv[s] = c
			evs = append(evs, s)
		}
		onFront := map[*optCandidate]bool{}
		for _, s := range search.Pareto(evs) {
			onFront[byEv[s]] = true
		}
		for _, s := range evs {
			c := byEv[s]
			ev := c.screen
			if fid == fidFull {
				ev = c.full
			}
			row := append([]string{strconv.Itoa(c.id), strconv.Itoa(c.gen)}, c.labels...)
			row = append(row, fid, strconv.Itoa(len(ev.vals[0])), strconv.FormatBool(ev.violation <= 0), formatNumber(ev.violation), formatNumber(ev.cost))
			for j := range op.o.Objectives {
				row = append(row, formatNumber(op.sense[j]*ev.obj[j]), formatNumber(ev.half[j]))
			}
			row = append(row, strconv.FormatBool(onFront[c]))
			crows = append(crows, row)
		}
	}
	if err := writeCSV(filepath.Join(op.dir, optCandidatesCSV), chead, crows); err != nil {
		return err
	}
	// finalists (the Pareto set of a multi-objective search) with CIs
	phead := append([]string{"rank", "candidate", "status"}, levers...)
	phead = append(phead, "replications", "feasible", "cost")
	for _, ob := range op.o.Objectives {
		phead = append(phead, ob.KPI, ob.KPI+".half_width", ob.KPI+".ci_low", ob.KPI+".ci_high")
	}
	phead = append(phead, "diff_from_best", "diff_half_width")
	var prows [][]string
	for i, f := range sum.Finalists {
		row := append([]string{strconv.Itoa(i + 1), strconv.Itoa(f.Candidate), f.Status}, f.Levers...)
		row = append(row, strconv.Itoa(f.Replications), strconv.FormatBool(f.Feasible), formatNumber(f.Cost))
		for j := range f.Value {
			row = append(row, formatNumber(f.Value[j]), formatNumber(f.HalfWidth[j]), formatNumber(f.Value[j]-f.HalfWidth[j]), formatNumber(f.Value[j]+f.HalfWidth[j]))
		}
		row = append(row, formatNumber(f.Diff), formatNumber(f.DiffHalf))
		prows = append(prows, row)
	}
	if err := writeCSV(filepath.Join(op.dir, optParetoCSV), phead, prows); err != nil {
		return err
	}
	if sum.Finalists == nil {
		sum.Finalists = []Finalist{}
	}
	if err := WriteAtomic(filepath.Join(op.dir, OptimizeJSON), jsonBytes(sum)); err != nil {
		return err
	}
	wall := time.Since(op.start).Seconds()
	tm := struct {
		WallSeconds float64 `json:"wall_seconds"`
		Runs        int     `json:"runs"`
		RunSeconds  float64 `json:"run_seconds"`
		Workers     int     `json:"workers"`
		Overhead    float64 `json:"overhead"`
		Shard       string  `json:"shard"`
	}{wall, op.runsDone, op.runSeconds, op.workers, 0, op.spec.Shard.String()}
	if op.runsDone > 0 && wall > 0 {
		tm.Overhead = math.Max(0, 1-op.runSeconds/(float64(min(op.workers, op.runsDone))*wall))
	}
	return WriteAtomic(filepath.Join(op.dir, "timing.json"), jsonBytes(tm))
}

func writeCSV(path string, head []string, rows [][]string) error {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.Write(head)
	w.WriteAll(rows)
	if err := w.Error(); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	return WriteAtomic(path, []byte(b.String()))
}

// ReadOptimizeSummary reads DIR/optimize.json.
func ReadOptimizeSummary(dir string) (*OptimizeSummary, error) {
	data, err := os.ReadFile(filepath.Join(dir, OptimizeJSON))
	if err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	var s OptimizeSummary
	if err := json.Unmarshal(data, &s); err != nil {
		return nil, fmt.Errorf("experiments: %s: %w", filepath.Join(dir, OptimizeJSON), err)
	}
	return &s, nil
}
