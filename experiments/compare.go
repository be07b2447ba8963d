package experiments

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"

	"github.com/tiaokuai/tiaokuai/model/stats"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// CompareSpec is a paired comparison of reforms with a baseline: every
// scenario runs on the same replication seeds (common random numbers), so
// each reform's difference from the baseline is measured replication by
// replication.
type CompareSpec struct {
	Base    string   // the baseline scenario: a shipped name or a file
	Reforms []string // at least one
	Sets    []string // --set values applied to every scenario
	Seed    uint64   // root seed
	// Reps is a fixed number of replications (default 10). With Targets,
	// replications are added Batch at a time from Min, up to Max, until the
	// CI half-width of every target's paired difference is small enough.
	Reps            int
	Targets         []scenarios.Target
	Min, Batch, Max int
	Level           float64 // default 0.95
	OutDir          string
	Workers         int
	Progress        func(Progress)
	MaxLive         int // every run's live-entity bound (SweepSpec.MaxLive)
}

// Comparison is one reform's effect on one KPI.
type Comparison struct {
	Reform     string  `json:"reform"`
	KPI        string  `json:"kpi"`
	N          int     `json:"n"` // replications with the KPI defined in both
	BaseMean   float64 `json:"base_mean"`
	ReformMean float64 `json:"reform_mean"`
	Diff       float64 `json:"diff"`       // mean of reform − base, paired by replication
	HalfWidth  float64 `json:"half_width"` // of the paired CI of Diff
	Low        float64 `json:"ci_low"`
	High       float64 `json:"ci_high"`
	Relative   float64 `json:"relative"`    // Diff / |BaseMean|
	Excludes0  bool    `json:"significant"` // the CI excludes zero
	PerCost    float64 `json:"per_cost"`    // Diff per unit of extra cost (cost.total)
	// IndependentHalf is the half-width the CI of Diff would have from
	// independent runs with the same variances (Welch): what pairing saves.
	IndependentHalf float64 `json:"independent_half_width"`
}

// CompareResult is the content of compare.json.
type CompareResult struct {
	Base         string       `json:"base"`
	Reforms      []string     `json:"reforms"`
	Seed         uint64       `json:"seed"`
	Level        float64      `json:"level"`
	Replications int          `json:"replications"`
	Stop         string       `json:"stop"`
	Comparisons  []Comparison `json:"comparisons"`
}

// CostKPI is the KPI whose difference prices a reform's effects.
const CostKPI = "cost.total"

// Compare runs the baseline and the reforms as one paired sweep into
// OutDir (so it resumes like a sweep), then writes compare.csv and
// compare.json there.
func Compare(spec CompareSpec) (*CompareResult, *SweepTiming, error) {
	if len(spec.Reforms) == 0 {
		return nil, nil, errors.New("experiments: compare needs a baseline and at least one reform")
	}
	e := &scenarios.Experiment{Name: "compare", File: scenarios.File{Name: "compare"}, Seed: spec.Seed, Set: spec.Sets,
		Output: scenarios.ExperimentOutput{Timeseries: false}}
	seen := map[string]bool{}
	for _, name := range append([]string{spec.Base}, spec.Reforms...) {
		if seen[name] {
			return nil, nil, fmt.Errorf("experiments: compare: %q is named twice", name)
		}
		seen[name] = true
		// a file, else a shipped scenario (Load tries both)
		e.Bases = append(e.Bases, scenarios.Base{Name: name, Path: name})
	}
	level := spec.Level
	if level == 0 {
		level = scenarios.DefaultLevel
	}
	r := scenarios.Replications{Level: level}
	if len(spec.Targets) > 0 {
		r.Targets, r.Paired = spec.Targets, true
		r.Min, r.Batch, r.Max = orDefault(spec.Min, scenarios.DefaultMin), orDefault(spec.Batch, scenarios.DefaultBatch), orDefault(spec.Max, scenarios.DefaultMax)
	} else {
		r.N = orDefault(spec.Reps, 10)
	}
	e.Replications = r
	src := CachedSource()
	workers := spec.Workers
	plan, err := NewPlan(e, src, max(1, workers))
	if err != nil {
		return nil, nil, err
	}
	tm, err := Sweep(SweepSpec{Plan: plan, Experiment: e, Source: src, OutDir: spec.OutDir, Workers: workers, Progress: spec.Progress, MaxLive: spec.MaxLive})
	if err != nil {
		return nil, nil, err
	}
	res, err := comparePaired(plan, filepath.Join(spec.OutDir, journalName))
	if err != nil {
		return nil, nil, err
	}
	if err := writeComparison(res, spec.OutDir); err != nil {
		return nil, nil, err
	}
	return res, tm, nil
}

func orDefault(v, d int) int {
	if v > 0 {
		return v
	}
	return d
}

// comparePaired reads the runs of a plan whose point 0 is the baseline and
// pairs every other point with it replication by replication.
func comparePaired(plan *Plan, journalPath string) (*CompareResult, error) {
	j, err := openJournal(journalPath, false)
	if err != nil {
		return nil, err
	}
	defer j.close()
	d, ok := j.done[0]
	if !ok {
		return nil, errors.New("experiments: compare: the sweep is not finished")
	}
	out := &CompareResult{Base: plan.Points[0].Scenario, Seed: plan.Seed, Level: plan.Replications.Level, Replications: d.n, Stop: d.reason}
	for p := 1; p < len(plan.Points); p++ {
		out.Reforms = append(out.Reforms, plan.Points[p].Scenario)
		var names []string
		var accs []stats.Paired
		var idxB, idxR []int
		for r := range d.n {
			rb, err := j.readRun(j.runs[runKey(0, r)], false)
			if err != nil {
				return nil, err
			}
			rr, err := j.readRun(j.runs[runKey(p, r)], false)
			if err != nil {
				return nil, err
			}
			if names == nil {
				// the baseline's KPIs that the reform has too
				rnames := map[string]int{}
				for i, n := range j.schemas[rr.schema] {
					rnames[n] = i
				}
				for i, n := range j.schemas[rb.schema] {
					if k, ok := rnames[n]; ok {
						names = append(names, n)
						idxB = append(idxB, i)
						idxR = append(idxR, k)
					}
				}
				accs = make([]stats.Paired, len(names))
			}
			for i := range names {
				accs[i].Add(rb.values[idxB[i]], rr.values[idxR[i]])
			}
		}
		costDiff := nan
		for i, n := range names {
			if n == CostKPI {
				costDiff = accs[i].Diff.Mean()
			}
		}
		for i, n := range names {
			e := accs[i].Effect(out.Level)
			c := Comparison{Reform: plan.Points[p].Scenario, KPI: n, N: e.N, BaseMean: e.Base, ReformMean: e.Reform,
				Diff: e.Diff, HalfWidth: e.Half, Low: e.Lo, High: e.Hi, Excludes0: e.Excludes0(), IndependentHalf: e.IndependentHalf}
			c.Relative = c.Diff / math.Abs(c.BaseMean)
			c.PerCost = nan
			if n != CostKPI && stats.Finite(costDiff) && costDiff != 0 {
				c.PerCost = c.Diff / costDiff
			}
			out.Comparisons = append(out.Comparisons, c)
		}
	}
	return out, nil
}

// writeComparison writes compare.csv and compare.json.
func writeComparison(res *CompareResult, dir string) error {
	tmp, err := os.CreateTemp(dir, ".compare.csv.tmp*")
	if err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	b := bufio.NewWriter(tmp)
	w := csv.NewWriter(b)
	w.Write([]string{"base", "reform", "kpi", "n", "base_mean", "reform_mean", "diff", "half_width", "ci_low", "ci_high", "relative", "significant", "per_cost", "independent_half_width"})
	for _, c := range res.Comparisons {
		w.Write([]string{res.Base, c.Reform, c.KPI, strconv.Itoa(c.N), formatNumber(c.BaseMean), formatNumber(c.ReformMean), formatNumber(c.Diff),
			formatNumber(c.HalfWidth), formatNumber(c.Low), formatNumber(c.High), formatNumber(c.Relative), strconv.FormatBool(c.Excludes0),
			formatNumber(c.PerCost), formatNumber(c.IndependentHalf)})
	}
	w.Flush()
	err = errors.Join(w.Error(), b.Flush(), tmp.Chmod(0o644), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), filepath.Join(dir, "compare.csv"))
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("experiments: writing compare.csv: %w", err)
	}
	return WriteAtomic(filepath.Join(dir, "compare.json"), jsonBytes(res))
}
