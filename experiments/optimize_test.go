package experiments

import (
	"errors"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

// optExp is a small search on the classroom town: one window (on or off)
// and data sharing (a share) against citizens' online skills in two
// worlds, minimising mean latency under a cost ceiling.
const optExp = `
name = "test-optimize"
base = "classroom"
seed = 3

[set]
"run.horizon" = "2w"
"platform.online" = true

[[lever]]
path = "platform.one_window"
values = [false, true]

[[lever]]
name = "data_sharing"
path = "platform.data_sharing"
values = [0.0, 1.0]

[[uncertainty]]
name = "usability"
path = "citizens.b0"
values = [-3.5, -1.5]
`

// optExperiment loads optExp and gives it an [optimize] section (set here
// until the file decoder reads one), with data sharing as a range.
func optExperiment(t testing.TB, o scenarios.Optimize) (*scenarios.Experiment, scenarios.Source) {
	t.Helper()
	src := CachedSource()
	e, err := src.LoadExperiment(writeExp(t, optExp))
	if err != nil {
		t.Fatal(err)
	}
	f := &e.Levers.Factors[1]
	f.Levels, f.Range = nil, &scenarios.Range{Lo: 0, Hi: 1}
	e.Optimize = &o
	return e, src
}

func smallOpt() scenarios.Optimize {
	return scenarios.Optimize{Budget: math.NaN(), Population: 4, Generations: 2, Reps: 2, Confirm: 2,
		Objectives: []scenarios.OptimizeObjective{{KPI: "matters.overall.latency_mean_days"}},
		Race:       scenarios.OptimizeRace{Min: 2, Batch: 2, Max: 4}}
}

var optOutputs = []string{optRunsCSV, optRunsParquet, optCandidatesCSV, optParetoCSV, OptimizeJSON}

// Same seed, byte-identical outputs with 1 and 2 workers; and a search
// whose journal lost its later half (a kill) ends with the same outputs,
// running only what was lost.
func TestOptimizeWorkersResume(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the classroom town")
	}
	dirs := []string{t.TempDir(), t.TempDir()}
	var runs []int
	for i, w := range []int{1, 2} {
		e, src := optExperiment(t, smallOpt())
		sum, err := Optimize(OptimizeSpec{Experiment: e, Source: src, OutDir: dirs[i], Workers: w})
		if err != nil {
			t.Fatal(err)
		}
		runs = append(runs, sum.ScreenRuns+sum.FullRuns)
		if len(sum.Finalists) == 0 || sum.Sure == "" {
			t.Errorf("no finalists or no word on how sure: %+v", sum)
		}
	}
	sameOutputs(t, dirs[0], dirs[1], optOutputs...)
	// cut the journal after half its lines, mid-line
	jp := filepath.Join(dirs[1], "journal.txt")
	data, err := os.ReadFile(jp)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	keep := strings.Join(lines[:len(lines)/2], "") + lines[len(lines)/2][:10]
	if err := os.WriteFile(jp, []byte(keep), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, f := range optOutputs {
		os.Remove(filepath.Join(dirs[1], f))
	}
	e, src := optExperiment(t, smallOpt())
	if _, err := Optimize(OptimizeSpec{Experiment: e, Source: src, OutDir: dirs[1], Workers: 2}); err != nil {
		t.Fatal(err)
	}
	sameOutputs(t, dirs[0], dirs[1], optOutputs...)
	_ = runs
}

// Bad input: an unknown KPI is named at its line with a suggestion; a
// budget on a scenario without cost items; an unknown robustness; a
// constraint nothing meets gives the closest candidates.
func TestOptimizeBadInput(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the classroom town")
	}
	for _, tc := range []struct {
		name string
		edit func(o *scenarios.Optimize)
		want []string
	}{
		{"unknown KPI", func(o *scenarios.Optimize) {
			o.Objectives[0].KPI = "matters.overall.latency_mean"
			o.Objectives[0].Line = 40
		}, []string{":40", "optimize.objective.0.kpi", `no KPI named "matters.overall.latency_mean"`, "latency_mean_days"}},
		{"budget without costs", func(o *scenarios.Optimize) { o.Budget, o.BudgetLine = 100, 41 }, []string{":41", "optimize.budget", "[[cost.item]]"}},
		{"robustness", func(o *scenarios.Optimize) { o.Robustness = "median" }, []string{"optimize.robustness", "percentile"}},
		{"infeasible", func(o *scenarios.Optimize) {
			o.Constraints = []scenarios.OptimizeConstraint{{KPI: "matters.overall.latency_mean_days", Min: math.NaN(), Max: 0.001, Line: 42}}
		}, []string{":42", "no candidate of", "the closest", "candidate ", "matters.overall.latency_mean_days = "}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			o := smallOpt()
			o.Generations = 1
			tc.edit(&o)
			e, src := optExperiment(t, o)
			_, err := Optimize(OptimizeSpec{Experiment: e, Source: src, OutDir: t.TempDir(), Workers: 2})
			var se *scenarios.Error
			if !errors.As(err, &se) {
				t.Fatalf("error %v, want a scenarios.Error", err)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not say %q", err, w)
				}
			}
		})
	}
}

// Two lockstep shards over one directory (two cluster jobs) write the
// same outputs as one process, each running part of every batch.
func TestOptimizeShards(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the classroom town")
	}
	whole := t.TempDir()
	e, src := optExperiment(t, smallOpt())
	if _, err := Optimize(OptimizeSpec{Experiment: e, Source: src, OutDir: whole, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	errs := make(chan error, 2)
	for i := range 2 {
		go func() {
			e, src := optExperiment(t, smallOpt())
			_, err := Optimize(OptimizeSpec{Experiment: e, Source: src, OutDir: dir, Workers: 1, Shard: Shard{Index: i, Count: 2}})
			errs <- err
		}()
	}
	for range 2 {
		if err := <-errs; err != nil {
			t.Fatal(err)
		}
	}
	sameOutputs(t, whole, dir, optOutputs...)
	for i := range 2 {
		data, err := os.ReadFile(filepath.Join(dir, "journal-shard-"+[]string{"0", "1"}[i]+"-of-2.txt"))
		if err != nil {
			t.Fatal(err)
		}
		if n := strings.Count(string(data), "\n") - 1; n < 10 {
			t.Errorf("shard %d ran %d runs; each should run a share", i, n)
		}
	}
}

// A candidate screened at a smaller, shorter fidelity is priced at full
// fidelity: its screened runs' cost.total equals its confirmed runs' (cost
// follows from the scenario alone), so a budget means the same at both.
func TestOptimizeScreenPricedAtFullFidelity(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the classroom town")
	}
	o := smallOpt()
	o.Budget = 1e9
	o.Screen = []string{"run.scale=0.5", "run.horizon=1w"}
	e, src := optExperiment(t, o)
	e.Set = append(e.Set, `cost.item=[{ what = "data_sharing", one_off = 600, annual = 100 }, { what = "windows", annual = 120 }]`)
	dir := t.TempDir()
	if _, err := Optimize(OptimizeSpec{Experiment: e, Source: src, OutDir: dir, Workers: 2}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, optRunsCSV))
	if err != nil {
		t.Fatal(err)
	}
	rows := strings.Split(strings.TrimSpace(string(data)), "\n")
	head := strings.Split(rows[0], ",")
	col := func(name string) int {
		for i, h := range head {
			if h == name {
				return i
			}
		}
		t.Fatalf("runs.csv has no column %q: %v", name, head)
		return -1
	}
	ci, fi, wi, ki := col("candidate"), col("fidelity"), col("world"), col("cost.total")
	cost := map[string]map[string]string{} // candidate/world → fidelity → cost
	for _, r := range rows[1:] {
		f := strings.Split(r, ",")
		key := f[ci] + "/" + f[wi]
		if cost[key] == nil {
			cost[key] = map[string]string{}
		}
		cost[key][f[fi]] = f[ki]
	}
	both := 0
	for key, byFid := range cost {
		if len(byFid) == 2 {
			both++
			var vs []string
			for _, v := range byFid {
				vs = append(vs, v)
			}
			if vs[0] != vs[1] {
				t.Errorf("candidate/world %s: cost.total by fidelity %v, want one figure", key, byFid)
			}
		}
	}
	if both == 0 {
		t.Fatalf("no candidate was run at both fidelities: %v", cost)
	}
}
