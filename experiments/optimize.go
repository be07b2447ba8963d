package experiments

import (
	"errors"
	"fmt"
	"math"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/tiaokuai/tiaokuai/experiments/search"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// OptimizeSpec is a policy search: an experiment with an [optimize]
// section, run by `sim optimize`.
type OptimizeSpec struct {
	Experiment *scenarios.Experiment
	// Source reads scenario files (CachedSource).
	Source  scenarios.Source
	OutDir  string
	Workers int // default GOMAXPROCS
	// Shard, when not whole, makes this process one of several that
	// search in lockstep over a shared OutDir: each runs its share of
	// every batch and reads the others' runs from their journals, so all
	// take the same steps and write the same outputs.
	Shard Shard
	// MaxLive bounds every run's live entities (RunSpec.MaxLive): 0 = the
	// default derived from each run's scenario.
	MaxLive int
	// Progress, when set, receives a line after each generation and
	// stage.
	Progress func(string)
}

// OptimizeSummary is the content of optimize.json: what was searched, how,
// and what came out, with how sure the ranking is.
type OptimizeSummary struct {
	Experiment  string   `json:"experiment"`
	Method      string   `json:"method"`
	Robustness  string   `json:"robustness"`
	Level       float64  `json:"level"`
	Objectives  []string `json:"objectives"` // "min KPI" or "max KPI"
	Constraints []string `json:"constraints"`
	Budget      *float64 `json:"budget,omitempty"`
	Levers      []string `json:"levers"`
	Worlds      int      `json:"worlds"`
	Screen      []string `json:"screen"` // the screening fidelity's overrides; empty: none
	Generations int      `json:"generations"`
	Status      string   `json:"status"` // why the search stopped
	Candidates  int      `json:"candidates"`
	ScreenRuns  int      `json:"screen_runs"` // runs at the screening fidelity (0 without one)
	FullRuns    int      `json:"full_runs"`   // runs at full fidelity
	// Finalists are the candidates run at full fidelity, best first (a
	// single objective) or along the front (several).
	Finalists []Finalist `json:"finalists"`
	// Winner says a single-objective race separated the best finalist
	// from every other; otherwise Tied lists those it could not separate.
	Winner bool  `json:"winner"`
	Tied   []int `json:"tied"`
	// RaceLevel is the per-comparison confidence level of the race
	// (Bonferroni-adjusted for looks and comparisons).
	RaceLevel float64 `json:"race_level"`
	// FrontPairs and FrontSeparated count the neighbouring pairs on a
	// confirmed Pareto front, and those that differ in every objective.
	FrontPairs     int `json:"front_pairs"`
	FrontSeparated int `json:"front_separated"`
	// RaceReps is the most replications a finalist had.
	RaceReps int `json:"race_reps"`
	// Sure says in English how sure the ranking is (the report words it
	// in either language from the fields above).
	Sure string `json:"sure"`
}

// Finalist is a candidate confirmed at full fidelity.
type Finalist struct {
	Candidate    int       `json:"candidate"`
	Levers       []string  `json:"levers"` // lever values as text, in lever order
	Replications int       `json:"replications"`
	Value        []float64 `json:"value"`      // robust objective values (in the KPI's own sense)
	HalfWidth    []float64 `json:"half_width"` // their CI half-widths
	Cost         float64   `json:"cost"`       // mean cost.total across worlds (NaN without cost items)
	Feasible     bool      `json:"feasible"`
	Pareto       bool      `json:"pareto"`
	// Diff and DiffHalf are the paired differences from the best finalist
	// (single objective) in the first objective, with the race's interval.
	Diff     float64 `json:"diff"`
	DiffHalf float64 `json:"diff_half"`
	Status   string  `json:"status"` // "best", "tied", "worse", "dominated", "infeasible", "front"
}

// optimizer holds a search's state.
type optimizer struct {
	spec    OptimizeSpec
	e       *scenarios.Experiment
	o       scenarios.Optimize
	space   search.Space
	factors []scenarios.Factor
	worlds  []designPoint
	tracked []string // KPI names kept per run: objectives, constraints, cost.total
	sense   []float64
	workers int
	dir     string

	j     *optJournal
	cands []*optCandidate // every candidate, by ID
	rows  []optRow        // every run, in job order, for runs.csv

	runSeconds float64
	runsDone   int
	start      time.Time
	progress   func(string)

	fullCost map[string]float64 // cost.total at full fidelity, by the screened run's scenario hash
}

// optCandidate is a lever package and what is known of it at each
// fidelity.
type optCandidate struct {
	id     int
	gen    int
	x      []float64
	sets   []string
	labels []string
	screen *optEval
	full   *optEval
}

// optEval is a candidate's values at one fidelity: vals[world][rep][kpi].
type optEval struct {
	vals      [][][]float64
	obj, half []float64 // robust objective values, minimised (sense applied), and half-widths
	violation float64
	cost      float64
}

type optRow struct {
	cand, world, rep int
	full             bool
	seed             uint64
	vals             []float64
}

// Fidelities.
const (
	fidScreen = "screen"
	fidFull   = "full"
)

// Optimize runs the search of an experiment's [optimize] section and
// writes runs.csv, runs.parquet, candidates.csv, pareto.csv, optimize.json
// and timing.json. Every run is committed to a journal as it finishes; run
// again on the same directory, the search takes the same steps and reruns
// only what is not there.
func Optimize(spec OptimizeSpec) (*OptimizeSummary, error) {
	e := spec.Experiment
	if e == nil || e.Optimize == nil {
		return nil, errors.New("experiments: the experiment has no [optimize] section")
	}
	op := &optimizer{spec: spec, e: e, o: *e.Optimize, start: time.Now(), progress: spec.Progress}
	if op.o.Budget == 0 && op.o.BudgetLine == 0 {
		op.o.Budget = math.NaN() // an Optimize made in Go without a budget
	}
	if op.progress == nil {
		op.progress = func(string) {}
	}
	if err := op.setup(); err != nil {
		return nil, err
	}
	defer op.j.close()
	sum, err := op.run()
	if err != nil {
		return nil, err
	}
	return sum, nil
}

func (op *optimizer) setup() error {
	e, o := op.e, &op.o
	if o.Population == 0 {
		o.Population = 8
	}
	if o.Generations == 0 && o.MaxEvaluations == 0 {
		o.Generations = 10
	}
	if o.Reps == 0 {
		o.Reps = 2
	}
	if o.Level == 0 {
		o.Level = scenarios.DefaultLevel
	}
	if o.Robustness == "" {
		o.Robustness = "mean"
	}
	if o.Confirm == 0 {
		o.Confirm = 4
	}
	if o.Race.Min == 0 {
		o.Race.Min = 3
	}
	if o.Race.Batch == 0 {
		o.Race.Batch = 2
	}
	if o.Race.Max == 0 {
		o.Race.Max = max(10, o.Race.Min)
	}
	if o.Method == "" {
		o.Method = "cmaes"
		if len(o.Objectives) > 1 {
			o.Method = "nsga2"
		}
	}
	if len(e.Bases) != 1 {
		return fmt.Errorf("experiments: sim optimize needs exactly one base scenario, %s has %d", e.File.Name, len(e.Bases))
	}
	if len(o.Objectives) == 0 {
		return problem(e, o.Line, "optimize.objective", "expected at least one [[optimize.objective]]")
	}
	if o.Method == "cmaes" && len(o.Objectives) > 1 {
		return problem(e, o.Line, "optimize.method", fmt.Sprintf("cmaes searches one objective; with %d use nsga2", len(o.Objectives)))
	}
	if len(e.Levers.Factors) == 0 {
		return problem(e, o.Line, "optimize", "expected at least one [[lever]] to search over")
	}
	if _, i := robustStat(o.Robustness, []float64{1}); i == -2 {
		return problem(e, o.Line, "optimize.robustness", fmt.Sprintf("expected mean, worst, regret or a percentile p1…p100, got %q", o.Robustness))
	}
	op.factors = e.Levers.Factors
	for _, f := range op.factors {
		v := search.Var{Name: f.Name}
		switch {
		case f.Range != nil && f.Range.Integer && !f.Range.Log:
			v.Kind, v.Lo, v.Hi = search.Int, f.Range.Lo, f.Range.Hi
		case f.Range != nil:
			v.Kind, v.Lo, v.Hi = search.Real, 0, 1 // u, mapped by the factor (log or linear)
		default:
			v.Kind = search.Choice
			for _, l := range f.Levels {
				v.Choices = append(v.Choices, l.Label)
			}
		}
		op.space = append(op.space, v)
	}
	worlds, _, err := expand(e.Uncertainties, "uncertainty", e.Seed)
	if err != nil {
		return err
	}
	op.worlds = worlds
	src := op.spec.Source
	cfg, _, err := src.Load(e.Bases[0].Path, e.Set)
	if err != nil {
		return err
	}
	for _, ob := range o.Objectives {
		op.tracked = appendNew(op.tracked, ob.KPI)
		s := 1.0
		if ob.Maximize() {
			s = -1
		}
		op.sense = append(op.sense, s)
	}
	for _, c := range o.Constraints {
		op.tracked = appendNew(op.tracked, c.KPI)
	}
	if !math.IsNaN(o.Budget) {
		if len(cfg.Cost.Items) == 0 {
			return problem(e, o.BudgetLine, "optimize.budget", fmt.Sprintf("a budget needs the base scenario %s to price the levers with [[cost.item]] entries, and it has none", e.Bases[0].Name))
		}
	}
	op.tracked = appendNew(op.tracked, "cost.total")
	op.workers = op.spec.Workers
	if op.workers <= 0 {
		op.workers = runtime.GOMAXPROCS(0)
	}
	op.dir = op.spec.OutDir
	if err := os.MkdirAll(op.dir, 0o755); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	op.j, err = openOptJournal(op.dir, op.spec.Shard, op.header())
	return err
}

func appendNew(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}

// header identifies a search in its journal: the experiment file's hash
// and the tracked KPIs.
func (op *optimizer) header() string {
	return fmt.Sprintf("tiaokuai optimize %s %s %s", Version, op.e.File.SHA256, strings.Join(op.tracked, ","))
}

// job is one run: a candidate in a world, a replication, a fidelity.
type job struct {
	cand, world, rep int
	full             bool
}

func (op *optimizer) jobSets(jb job) []string {
	c := op.cands[jb.cand]
	sets := slices.Clone(op.e.Set)
	if !jb.full {
		sets = append(sets, op.o.Screen...)
	}
	sets = append(sets, c.sets...)
	return append(sets, op.worlds[jb.world].sets...)
}

// runJobs runs a batch: each worker resolves a job's scenario, takes its
// KPIs from the journal when there, and otherwise runs it if it is this
// shard's (every job of a whole search), committing it to the journal at
// once; then it waits for the other shards' share. It returns the
// tracked KPIs of each job, in order.
func (op *optimizer) runJobs(jobs []job) ([][]float64, error) {
	out := make([][]float64, len(jobs))
	keys := make([]string, len(jobs))
	var mu sync.Mutex
	var firstErr error
	fail := func(i int, err error) {
		mu.Lock()
		defer mu.Unlock()
		if firstErr == nil {
			jb := jobs[i]
			firstErr = fmt.Errorf("experiments: candidate %d, world %d, replication %d: %w", jb.cand, jb.world, jb.rep, err)
			var se *scenarios.Error
			if errors.As(err, &se) {
				firstErr = err // a user-input error speaks for itself
			}
		}
	}
	ch := make(chan int)
	var wg sync.WaitGroup
	for range min(op.workers, max(1, len(jobs))) {
		wg.Go(func() {
			for i := range ch {
				jb := jobs[i]
				seed := ReplicationSeed(op.e.Seed, jb.rep)
				cfg, res, err := op.spec.Source.Load(op.e.Bases[0].Path, op.jobSets(jb))
				if err != nil {
					fail(i, err)
					continue
				}
				key := res.Hash + "/" + strconv.FormatUint(seed, 10)
				mu.Lock()
				keys[i] = key
				v, ok := op.j.get(key)
				if ok {
					out[i] = v
				}
				mu.Unlock()
				if ok || !(op.spec.Shard.Whole() || op.spec.Shard.Has(i)) {
					continue
				}
				vals, wall, err := op.runOne(cfg, res, seed)
				if err == nil && !jb.full {
					err = op.priceAtFullFidelity(jb, res.Hash, vals, &mu)
				}
				if err != nil {
					fail(i, err)
					continue
				}
				mu.Lock()
				if err := op.j.put(key, vals); err != nil && firstErr == nil {
					firstErr = err
				}
				out[i] = vals
				op.runSeconds += wall
				op.runsDone++
				mu.Unlock()
			}
		})
	}
	for i := range jobs {
		mu.Lock()
		stop := firstErr != nil
		mu.Unlock()
		if stop {
			break
		}
		ch <- i
	}
	close(ch)
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	// the other shards' share
	for i := range jobs {
		for out[i] == nil {
			if v, ok := op.j.get(keys[i]); ok {
				out[i] = v
				break
			}
			if op.spec.Shard.Whole() {
				return nil, fmt.Errorf("experiments: run %s is missing from the journal", keys[i])
			}
			if err := op.j.waitOthers(); err != nil {
				return nil, err
			}
		}
	}
	for i, jb := range jobs {
		op.rows = append(op.rows, optRow{cand: jb.cand, world: jb.world, rep: jb.rep, full: jb.full, seed: ReplicationSeed(op.e.Seed, jb.rep), vals: out[i]})
	}
	return out, nil
}

// priceAtFullFidelity replaces a screened run's cost.total by the cost of
// the same candidate and world at full fidelity: a screen's smaller city
// or shorter window would otherwise price it by another measure than the
// confirmation, and a budget would mean two things. The cost follows from
// the scenario alone (model.CostOf), so no run is needed.
func (op *optimizer) priceAtFullFidelity(jb job, hash string, vals []float64, mu *sync.Mutex) error {
	k := slices.Index(op.tracked, "cost.total")
	if k < 0 || math.IsNaN(vals[k]) {
		return nil
	}
	mu.Lock()
	c, ok := op.fullCost[hash]
	mu.Unlock()
	if !ok {
		full := jb
		full.full = true
		cfg, _, err := op.spec.Source.Load(op.e.Bases[0].Path, op.jobSets(full))
		if err != nil {
			return err
		}
		cost, err := model.CostOf(cfg)
		if err != nil {
			return err
		}
		c = cost.Total
		mu.Lock()
		if op.fullCost == nil {
			op.fullCost = map[string]float64{}
		}
		op.fullCost[hash] = c
		mu.Unlock()
	}
	vals[k] = c
	return nil
}

// runOne runs one scenario and returns its tracked KPIs.
func (op *optimizer) runOne(cfg *model.Config, res *scenarios.Resolved, seed uint64) (vals []float64, wall float64, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("panic: %v", p)
		}
	}()
	out, tm, err := Run(RunSpec{Config: cfg, Resolved: res, Seed: seed, MaxLive: op.spec.MaxLive})
	if err != nil {
		return nil, 0, err
	}
	names, all := FlattenKPIs(out)
	vals = make([]float64, len(op.tracked))
	for k, name := range op.tracked {
		i := slices.Index(names, name)
		if i < 0 {
			if name == "cost.total" {
				vals[k] = math.NaN()
				continue
			}
			return nil, 0, op.kpiProblem(name, names)
		}
		vals[k] = all[i]
	}
	return vals, tm.WallSeconds, nil
}

// kpiProblem names the [optimize] entry with an unknown KPI.
func (op *optimizer) kpiProblem(name string, names []string) error {
	for i, ob := range op.o.Objectives {
		if ob.KPI == name {
			return op.e.KPIProblem(ob.Line, fmt.Sprintf("optimize.objective.%d.kpi", i), name, names)
		}
	}
	for i, c := range op.o.Constraints {
		if c.KPI == name {
			return op.e.KPIProblem(c.Line, fmt.Sprintf("optimize.constraint.%d.kpi", i), name, names)
		}
	}
	return op.e.KPIProblem(op.o.Line, "optimize", name, names)
}

// candidate returns the candidate with decoded values x, making it.
func (op *optimizer) candidate(x []float64, gen int) *optCandidate {
	for _, c := range op.cands {
		if slices.Equal(c.x, x) {
			return c
		}
	}
	c := &optCandidate{id: len(op.cands), gen: gen, x: slices.Clone(x)}
	for i, f := range op.factors {
		var lv scenarios.Level
		switch v := op.space[i]; v.Kind {
		case search.Int:
			lv = f.At((x[i] - v.Lo + 0.5) / (v.Hi - v.Lo + 1))
		case search.Real:
			lv = f.At(x[i])
		default:
			lv = f.Levels[int(x[i])]
		}
		c.sets = append(c.sets, lv.Sets...)
		c.labels = append(c.labels, lv.Label)
	}
	op.cands = append(op.cands, c)
	return c
}

// evaluate runs candidates at a fidelity with reps replications in every
// world and summarises them.
func (op *optimizer) evaluate(cs []*optCandidate, full bool, reps int) error {
	var jobs []job
	for _, c := range cs {
		for w := range op.worlds {
			for r := range reps {
				jobs = append(jobs, job{cand: c.id, world: w, rep: r, full: full})
			}
		}
	}
	vals, err := op.runJobs(jobs)
	if err != nil {
		return err
	}
	k := 0
	for _, c := range cs {
		ev := &optEval{vals: make([][][]float64, len(op.worlds))}
		for w := range op.worlds {
			ev.vals[w] = vals[k : k+reps]
			k += reps
		}
		if full {
			c.full = ev
		} else {
			c.screen = ev
		}
	}
	return nil
}

// summarise computes the robust objectives and the violation of an eval;
// best[j][w] is the best (minimised) world mean of objective j among the
// candidates compared, for regret.
func (op *optimizer) summarise(ev *optEval, best [][]float64) {
	nobj := len(op.o.Objectives)
	ev.obj, ev.half = make([]float64, nobj), make([]float64, nobj)
	for j, ob := range op.o.Objectives {
		k := slices.Index(op.tracked, ob.KPI)
		wm, wh := op.worldStats(ev, k, op.sense[j])
		if op.o.Robustness == "regret" {
			for w := range wm {
				wm[w] -= best[j][w]
			}
		}
		v, wi := robustStat(op.o.Robustness, wm)
		ev.obj[j] = v
		if op.o.Robustness == "mean" {
			ev.half[j] = op.acrossWorldsHalf(ev, k, op.sense[j])
		} else if wi >= 0 {
			ev.half[j] = wh[wi]
		}
	}
	ev.violation = 0
	for _, c := range op.o.Constraints {
		k := slices.Index(op.tracked, c.KPI)
		ev.violation += op.violation(ev, k, bound(c.Min), bound(c.Max))
	}
	if b := bound(op.o.Budget); b != nil {
		k := slices.Index(op.tracked, "cost.total")
		ev.violation += op.violation(ev, k, nil, b)
	}
	k := slices.Index(op.tracked, "cost.total")
	wm, _ := op.worldStats(ev, k, 1)
	ev.cost = mean(wm)
}

// worldStats returns per world the mean of KPI k (times sense) over the
// replications and its CI half-width.
func (op *optimizer) worldStats(ev *optEval, k int, sense float64) (means, halves []float64) {
	for _, reps := range ev.vals {
		xs := make([]float64, len(reps))
		for r, v := range reps {
			xs[r] = sense * v[k]
		}
		m, _, h, _ := meanCI(xs, op.o.Level)
		means = append(means, m)
		halves = append(halves, h)
	}
	return means, halves
}

// acrossWorldsHalf is the CI half-width of the mean across worlds, from
// the replications' world averages (worlds share the replications' seeds).
func (op *optimizer) acrossWorldsHalf(ev *optEval, k int, sense float64) float64 {
	n := len(ev.vals[0])
	xs := make([]float64, n)
	for r := range n {
		for w := range ev.vals {
			xs[r] += sense * ev.vals[w][r][k] / float64(len(ev.vals))
		}
	}
	_, _, h, _ := meanCI(xs, op.o.Level)
	return h
}

// violation is how far KPI k is outside [lo, hi] in its worst world, by
// the relevant bound of its CI (the mean alone with one replication),
// relative to the bound.
func (op *optimizer) violation(ev *optEval, k int, lo, hi *float64) float64 {
	wm, wh := op.worldStats(ev, k, 1)
	v := 0.0
	for w := range wm {
		h := wh[w]
		if math.IsNaN(h) {
			h = 0
		}
		m := wm[w]
		if math.IsNaN(m) {
			return math.Inf(1)
		}
		if hi != nil && m+h > *hi {
			v = math.Max(v, (m+h-*hi)/math.Max(math.Abs(*hi), 1e-9))
		}
		if lo != nil && m-h < *lo {
			v = math.Max(v, (*lo-(m-h))/math.Max(math.Abs(*lo), 1e-9))
		}
	}
	return v
}

// bound is a bound given as NaN for none.
func bound(x float64) *float64 {
	if math.IsNaN(x) {
		return nil
	}
	return &x
}

// robustStat combines a candidate's per-world values (minimised) into one,
// and says which world gives it (-1 for the mean).
func robustStat(name string, ws []float64) (float64, int) {
	switch {
	case name == "mean":
		return mean(ws), -1
	case name == "worst" || name == "regret":
		i := 0
		for w, v := range ws {
			if v > ws[i] || math.IsNaN(v) {
				i = w
			}
		}
		return ws[i], i
	case strings.HasPrefix(name, "p"):
		p, err := strconv.ParseFloat(name[1:], 64)
		if err != nil || p <= 0 || p > 100 {
			return math.NaN(), -2
		}
		idx := make([]int, len(ws))
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return ws[idx[a]] < ws[idx[b]] })
		// nearest rank
		r := int(math.Ceil(p / 100 * float64(len(ws))))
		i := idx[max(0, min(len(ws)-1, r-1))]
		return ws[i], i
	}
	return math.NaN(), -2
}

// problem is a user-input error at a line of the experiment file.
func problem(e *scenarios.Experiment, line int, key, msg string) error {
	return &scenarios.Error{Problems: []scenarios.Problem{{File: e.File.Name, Line: line, Key: key, Msg: msg}}}
}
