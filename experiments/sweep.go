package experiments

import (
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"time"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// SweepSpec is a sweep, or one shard of one.
type SweepSpec struct {
	Plan *Plan
	// Experiment is what the plan was made from: its bases say where the
	// scenario files are, its lines place problems with KPI names.
	Experiment *scenarios.Experiment
	// Source reads scenario files; use the one the plan was made with
	// (CachedSource), so the runs use the files as planned.
	Source scenarios.Source
	// OutDir receives the outputs; a shard of several writes into its
	// subdirectory Shard.Dir(), for `sim merge`.
	OutDir  string
	Workers int // default GOMAXPROCS
	Shard   Shard
	// Progress, when set, is called from the sweep's goroutine after each
	// run and once at the end.
	Progress func(Progress)
	// MaxLive bounds every run's live entities (RunSpec.MaxLive): 0 = the
	// default bound of each run's scenario, negative = none. It only stops
	// runs, never changes a finished run's results, so it is not part of
	// the plan: a sweep stopped by it resumes under another bound.
	MaxLive int
}

// Progress is how far a sweep has come.
type Progress struct {
	Done    int // runs finished, resumed ones included
	Total   int // runs planned so far (precision-driven sweeps add batches)
	Resumed int // runs found in the journal at start
	Points  int // points of the sweep (or shard)
	Settled int // points whose replications are decided and done
	Elapsed time.Duration
	Final   bool
}

// SweepTiming is the content of a sweep's timing.json: the only file that
// differs between sweeps that give the same outputs.
type SweepTiming struct {
	WallSeconds float64 `json:"wall_seconds"`
	Runs        int     `json:"runs"`         // run by this invocation
	Resumed     int     `json:"resumed_runs"` // found in the journal
	Cut         int64   `json:"cut_bytes"`    // partial last record cut off the journal
	Workers     int     `json:"workers"`
	Shard       string  `json:"shard"`
	// RunSeconds is the summed wall time of the runs themselves; Overhead
	// is the share of worker time spent outside them (planning, scheduling,
	// the journal, writing the outputs).
	RunSeconds    float64 `json:"run_seconds"`
	RunsPerSecond float64 `json:"runs_per_second"`
	Overhead      float64 `json:"overhead"`
	OutputSeconds float64 `json:"output_seconds"`
	Host          string  `json:"host"`
	GoVersion     string  `json:"go_version"`
	CPUs          int     `json:"cpus"`
}

type task struct {
	point, rep int
	seed       uint64
}

type result struct {
	task
	names  []string
	values []float64
	days   []dayRecord
	wall   float64
	err    error
}

// group is a set of points whose replications are decided together: one
// point, or every point of a paired plan.
type group struct {
	points  []int
	n       int           // replications scheduled
	vals    [][][]float64 // [point of group][target][rep]
	pending int           // runs of the current batch not yet committed
	done    bool
}

// Sweep runs a plan (or one shard of it) and, for a whole sweep, writes
// runs.csv, runs.parquet, timeseries.parquet, points.csv, manifest.json and
// timing.json. Every finished run is committed to the journal at once; a
// sweep started again on the same directory skips what is there and ends
// with the same files.
func Sweep(spec SweepSpec) (*SweepTiming, error) {
	start := time.Now()
	if spec.Experiment == nil || spec.Plan == nil {
		return nil, errors.New("experiments: Sweep needs a plan and its experiment")
	}
	plan, err := spec.Plan.canonical()
	if err != nil {
		return nil, err
	}
	workers := spec.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	shard := spec.Shard
	if shard.Whole() {
		shard = Shard{0, 1}
	}
	if plan.Replications.Paired && !shard.Whole() {
		return nil, errors.New("experiments: a paired experiment decides its replications over all points together, so it cannot be split into shards")
	}
	dir := spec.OutDir
	if !shard.Whole() {
		dir = filepath.Join(dir, shard.Dir())
		sh := shard
		plan.Shard = &sh
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("experiments: %w", err)
	}
	if err := checkOrWriteManifest(dir, plan); err != nil {
		return nil, err
	}
	j, err := createOrOpenJournal(filepath.Join(dir, journalName), plan.Hash)
	if err != nil {
		return nil, err
	}
	defer j.close()

	s := &sweeper{spec: spec, plan: plan, j: j, rule: stopRule{plan.Replications}, workers: workers, start: start,
		targetIdx: map[uint32][]int{}}
	for i, pt := range plan.Points {
		if !shard.Has(i) {
			continue
		}
		if plan.Replications.Paired {
			if len(s.groups) == 0 {
				s.groups = append(s.groups, &group{})
			}
			s.groups[0].points = append(s.groups[0].points, pt.ID)
		} else {
			s.groups = append(s.groups, &group{points: []int{pt.ID}})
		}
		s.npoints++
	}
	s.timing = SweepTiming{Workers: workers, Shard: shard.String(), Cut: j.truncated}
	s.total = s.npoints * s.rule.first()
	if err := s.run(); err != nil {
		return nil, err
	}
	s.timing.Resumed = s.resumed
	if shard.Whole() {
		t0 := time.Now()
		if err := writeOutputs(plan, []*journal{j}, dir); err != nil {
			return nil, err
		}
		s.timing.OutputSeconds = time.Since(t0).Seconds()
	}
	s.finishTiming()
	if err := WriteAtomic(filepath.Join(dir, "timing.json"), jsonBytes(&s.timing)); err != nil {
		return nil, err
	}
	return &s.timing, nil
}

// checkOrWriteManifest writes the plan as manifest.json, or checks that the
// one there is the same plan.
func checkOrWriteManifest(dir string, plan *Plan) error {
	path := filepath.Join(dir, "manifest.json")
	if data, err := os.ReadFile(path); err == nil {
		old, err := ReadPlan(data)
		if err != nil {
			return fmt.Errorf("experiments: %s: %w", path, err)
		}
		if old.Hash != plan.Hash || old.Version != plan.Version {
			return fmt.Errorf("experiments: %s is the manifest of another sweep (experiment %q, plan %.12s, version %s; this one is %q, plan %.12s, version %s): use another --out, or remove the directory to start again",
				path, old.Experiment, old.Hash, old.Version, plan.Experiment, plan.Hash, plan.Version)
		}
		return nil
	}
	return WriteAtomic(path, plan.ManifestBytes())
}

type sweeper struct {
	spec    SweepSpec
	plan    *Plan
	j       *journal
	rule    stopRule
	workers int
	start   time.Time

	groups    []*group
	npoints   int
	settled   int
	targetIdx map[uint32][]int

	queue   []task
	head    int
	open    int
	next    int // next group to open
	done    int // runs committed, resumed ones included
	total   int // runs planned so far
	resumed int
	timing  SweepTiming
	err     error
}

func (s *sweeper) run() error {
	tasks := make(chan task)
	results := make(chan result)
	for range s.workers {
		go s.worker(tasks, results)
	}
	defer close(tasks)
	maxOpen := 4*s.workers + 4
	inflight := 0
	s.progress(false)
	for {
		for s.err == nil && len(s.queue)-s.head < 2*s.workers && s.open < maxOpen && s.next < len(s.groups) {
			s.openGroup(s.groups[s.next])
			s.next++
		}
		if s.err != nil {
			s.head = len(s.queue)
		}
		if inflight == 0 && s.head == len(s.queue) {
			if s.err != nil || s.next == len(s.groups) {
				break
			}
			continue
		}
		var send chan<- task
		var t task
		if s.head < len(s.queue) {
			send, t = tasks, s.queue[s.head]
		}
		select {
		case send <- t:
			s.head++
			inflight++
			if s.head > 1024 && s.head*2 > len(s.queue) {
				s.queue = slices.Clone(s.queue[s.head:])
				s.head = 0
			}
		case r := <-results:
			inflight--
			// After a failed run no new run starts, but the runs that
			// were in flight are kept when they finish well: a resumed
			// sweep need not do them again.
			if s.err == nil || r.err == nil {
				s.commit(r)
				s.progress(false)
			}
		}
	}
	s.progress(true)
	return s.err
}

func (s *sweeper) progress(final bool) {
	if s.spec.Progress == nil {
		return
	}
	s.spec.Progress(Progress{Done: s.done, Total: s.total, Resumed: s.resumed, Points: s.npoints, Settled: s.settled, Elapsed: time.Since(s.start), Final: final})
}

// openGroup starts a group: its first batch, minus what the journal has.
func (s *sweeper) openGroup(g *group) {
	s.open++
	all := true
	for _, p := range g.points {
		if _, ok := s.j.done[p]; !ok {
			all = false
		}
	}
	if all {
		// decided in an earlier invocation
		for _, p := range g.points {
			s.done += s.j.done[p].n
			s.resumed += s.j.done[p].n
			s.total += s.j.done[p].n - s.rule.first()
		}
		s.close(g, false, "")
		return
	}
	g.vals = make([][][]float64, len(g.points))
	for pi := range g.points {
		g.vals[pi] = make([][]float64, len(s.plan.Replications.Targets))
	}
	s.schedule(g, s.rule.first())
}

// schedule extends a group to n replications.
func (s *sweeper) schedule(g *group, n int) {
	from := g.n
	g.n = n
	if from > 0 {
		s.total += (n - from) * len(g.points)
	}
	for pi := range g.points {
		for ti := range g.vals[pi] {
			for len(g.vals[pi][ti]) < n {
				g.vals[pi][ti] = append(g.vals[pi][ti], math.NaN())
			}
		}
	}
	for r := from; r < n; r++ {
		seed := ReplicationSeed(s.plan.Seed, r)
		for pi, p := range g.points {
			if ref, ok := s.j.runs[runKey(p, r)]; ok {
				rec, err := s.j.readRun(ref, false)
				if err != nil {
					s.fail(err)
					return
				}
				if err := s.keepTargets(g, pi, r, rec.schema, rec.values); err != nil {
					s.fail(err)
					return
				}
				s.done++
				s.resumed++
				continue
			}
			g.pending++
			s.queue = append(s.queue, task{point: p, rep: r, seed: seed})
		}
	}
	if g.pending == 0 {
		s.evaluate(g)
	}
}

func (s *sweeper) evaluate(g *group) {
	done, next, reason := s.rule.decide(g.n, g.vals)
	if done {
		s.close(g, true, reason)
		return
	}
	s.schedule(g, next)
}

func (s *sweeper) close(g *group, record bool, reason string) {
	if record {
		for _, p := range g.points {
			if err := s.j.addDone(p, g.n, reason); err != nil {
				s.fail(err)
				return
			}
		}
	}
	g.done = true
	g.vals = nil
	s.open--
	s.settled += len(g.points)
}

func (s *sweeper) fail(err error) {
	if s.err == nil {
		s.err = err
	}
}

// groupOf finds the group and index of a point.
func (s *sweeper) groupOf(point int) (*group, int) {
	if s.plan.Replications.Paired {
		g := s.groups[0]
		return g, slices.Index(g.points, point)
	}
	// groups are in point order, one per point of the shard
	i, _ := slices.BinarySearchFunc(s.groups, point, func(g *group, p int) int { return g.points[0] - p })
	return s.groups[i], 0
}

func (s *sweeper) commit(r result) {
	if r.err != nil {
		pt := &s.plan.Points[r.point]
		s.fail(fmt.Errorf("experiments: point %d (%s) replication %d (seed %d): %w", r.point, s.plan.describe(pt), r.rep, r.seed, r.err))
		return
	}
	id, err := s.j.schemaID(r.names)
	if err != nil {
		s.fail(err)
		return
	}
	rec := &runRecord{point: r.point, rep: r.rep, seed: r.seed, schema: id, values: r.values, days: r.days}
	if err := s.j.addRun(rec); err != nil {
		s.fail(err)
		return
	}
	s.timing.Runs++
	s.timing.RunSeconds += r.wall
	s.done++
	g, pi := s.groupOf(r.point)
	if err := s.keepTargets(g, pi, r.rep, id, r.values); err != nil {
		s.fail(err)
		return
	}
	g.pending--
	if g.pending == 0 {
		s.evaluate(g)
	}
}

// keepTargets stores a run's target KPIs in its group.
func (s *sweeper) keepTargets(g *group, pi, rep int, schema uint32, values []float64) error {
	targets := s.plan.Replications.Targets
	if len(targets) == 0 {
		return nil
	}
	idx, ok := s.targetIdx[schema]
	if !ok {
		names := s.j.schemas[schema]
		for ti, t := range targets {
			k := slices.Index(names, t.KPI)
			if k < 0 {
				return s.spec.Experiment.KPIProblem(t.Line, fmt.Sprintf("replications.target.%d.kpi", ti), t.KPI, names)
			}
			idx = append(idx, k)
		}
		s.targetIdx[schema] = idx
	}
	for ti, k := range idx {
		g.vals[pi][ti][rep] = values[k]
	}
	return nil
}

func (s *sweeper) worker(tasks <-chan task, results chan<- result) {
	for t := range tasks {
		results <- s.runOne(t)
	}
}

// runOne runs one (point, replication).
func (s *sweeper) runOne(t task) (r result) {
	r.task = t
	defer func() {
		// A panic is a broken invariant of the model: stop the sweep and
		// say which run, so it can be reproduced with sim run.
		if p := recover(); p != nil {
			r.err = fmt.Errorf("panic: %v", p)
		}
	}()
	pt := &s.plan.Points[t.point]
	bi := slices.IndexFunc(s.plan.Bases, func(b PlanBase) bool { return b.Name == pt.Scenario })
	if bi < 0 || bi >= len(s.spec.Experiment.Bases) {
		r.err = fmt.Errorf("no base scenario %q in the experiment", pt.Scenario)
		return r
	}
	cfg, res, err := s.spec.Source.Load(s.spec.Experiment.Bases[bi].Path, append(slices.Clone(s.plan.Set), pt.Sets...))
	if err != nil {
		r.err = err
		return r
	}
	if res.Hash != pt.Hash {
		r.err = fmt.Errorf("the scenario resolves to %.12s, not %.12s as planned: a scenario file changed since the sweep was planned; use another --out", res.Hash, pt.Hash)
		return r
	}
	spec := RunSpec{Config: cfg, Resolved: res, Seed: t.seed, MaxLive: s.spec.MaxLive}
	if s.plan.Output.Timeseries {
		spec.Daily = func(row *model.DayRow) {
			r.days = append(r.days, dayRecord{day: int32(row.Day), phase: row.Phase, values: dailyValues(nil, row)})
		}
	}
	out, tm, err := Run(spec)
	if err != nil {
		r.err = err
		return r
	}
	r.names, r.values = FlattenKPIs(out)
	r.wall = tm.WallSeconds
	return r
}

func (s *sweeper) finishTiming() {
	t := &s.timing
	t.WallSeconds = time.Since(s.start).Seconds()
	if t.WallSeconds > 0 {
		t.RunsPerSecond = float64(t.Runs) / t.WallSeconds
		if t.Runs > 0 {
			t.Overhead = math.Max(0, 1-t.RunSeconds/(float64(min(s.workers, t.Runs))*t.WallSeconds))
		}
	}
	t.Host, _ = os.Hostname()
	t.GoVersion = runtime.Version()
	t.CPUs = runtime.NumCPU()
}
