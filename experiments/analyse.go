package experiments

import (
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/experiments/analysis"
	"github.com/tiaokuai/tiaokuai/model/rng"
	"github.com/tiaokuai/tiaokuai/model/stats"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// finishedSweep is a sweep directory read back: its plan and journals.
type finishedSweep struct {
	plan *Plan
	set  journalSet
}

func (f *finishedSweep) close() {
	for _, j := range f.set.js {
		j.close()
	}
}

// openSweep reads a finished sweep: a directory with a journal, or one
// whose shards (shard-*-of-*) hold the journals.
func openSweep(dir string) (*finishedSweep, error) {
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("experiments: %s is not a sweep directory (no manifest.json)", dir)
	}
	plan, err := ReadPlan(data)
	if err != nil {
		return nil, err
	}
	if plan.Shard != nil && !plan.Shard.Whole() {
		return nil, fmt.Errorf("experiments: %s is one shard of a sweep: analyse the directory its shards were merged into", dir)
	}
	f := &finishedSweep{plan: plan}
	var paths []string
	if _, err := os.Stat(filepath.Join(dir, journalName)); err == nil {
		paths = []string{filepath.Join(dir, journalName)}
	} else {
		for _, d := range ShardDirs([]string{dir}) {
			paths = append(paths, filepath.Join(d, journalName))
		}
	}
	for _, p := range paths {
		j, err := openJournal(p, false)
		if err != nil {
			f.close()
			return nil, err
		}
		if j.hash() != plan.Hash {
			f.close()
			return nil, fmt.Errorf("experiments: %s holds runs of another plan than %s", p, filepath.Join(dir, "manifest.json"))
		}
		f.set.js = append(f.set.js, j)
	}
	n := len(f.set.js)
	f.set.shard = func(p int) int { return p % n }
	for p := range plan.Points {
		if _, ok := f.set.of(p).done[p]; !ok {
			f.close()
			return nil, fmt.Errorf("experiments: the sweep in %s is not finished (point %d has no final replication count): run or resume it first", dir, p)
		}
	}
	return f, nil
}

// values returns a KPI's value in every replication of a point.
func (f *finishedSweep) values(p int, kpi string) ([]float64, error) {
	j := f.set.of(p)
	d := j.done[p]
	out := make([]float64, 0, d.n)
	for r := range d.n {
		rec, err := j.readRun(j.runs[runKey(p, r)], false)
		if err != nil {
			return nil, err
		}
		names := j.schemas[rec.schema]
		k := slices.Index(names, kpi)
		if k < 0 {
			return nil, fmt.Errorf("experiments: no KPI named %q in the runs of point %d%s", kpi, p, closest(kpi, names))
		}
		out = append(out, rec.values[k])
	}
	return out, nil
}

// closest suggests a KPI name sharing the longest prefix with name.
func closest(name string, names []string) string {
	best, bl := "", 0
	for _, n := range names {
		l := 0
		for l < len(n) && l < len(name) && n[l] == name[l] {
			l++
		}
		if l > bl {
			best, bl = n, l
		}
	}
	if bl < 4 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

func mean(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s / float64(len(xs))
}

// SensitivityGroup is the sensitivity of a KPI to the factors of the
// analysed role, for one base and one point of the other role (a lever set
// when the uncertainties were sampled).
type SensitivityGroup struct {
	Scenario string   `json:"scenario"`
	Other    int      `json:"other"` // the lever set (or world) held fixed
	Method   string   `json:"method"`
	Factors  []string `json:"factors"`
	// Sobol first-order and total indices with 95% bootstrap intervals
	// (method "sobol").
	S1 []analysis.Index `json:"s1,omitempty"`
	ST []analysis.Index `json:"st,omitempty"`
	// Morris elementary-effect statistics (method "morris"), per unit of
	// each factor's whole range.
	Morris []analysis.MorrisResult `json:"morris,omitempty"`
	// NoiseShare is the share of the variance of the per-sample means that
	// replication noise accounts for (NaN with one replication);
	// CRNNoiseShare the part common random numbers do not cancel.
	NoiseShare    float64 `json:"noise_share"`
	CRNNoiseShare float64 `json:"crn_noise_share"`
	Replications  int     `json:"replications"` // per sample, at least
}

// SensitivityResult is the content of sensitivity.json.
type SensitivityResult struct {
	KPI    string             `json:"kpi"`
	Role   string             `json:"role"` // "uncertainty" or "lever": the factors analysed
	Groups []SensitivityGroup `json:"groups"`
}

// Sensitivity analyses a finished sweep whose uncertainties (or levers)
// were sampled with sample = "saltelli" (Sobol first-order and total
// indices, Saltelli–Jansen, with bootstrap CIs) or "morris" (elementary
// effects). Each sample's output is the mean of the KPI over its
// replications, which share seeds across samples (common random numbers),
// and the share of variance due to replication noise is reported. It
// writes sensitivity.csv and sensitivity.json into dir.
func Sensitivity(dir, kpi string, boot int) (*SensitivityResult, error) {
	f, err := openSweep(dir)
	if err != nil {
		return nil, err
	}
	defer f.close()
	plan := f.plan
	role, d, other := "uncertainty", plan.Uncertainties, func(pt *Point) int { return pt.LeverSet }
	idx := func(pt *Point) int { return pt.World }
	if !isAnalysisDesign(d.Sample) {
		role, d, other, idx = "lever", plan.Levers, func(pt *Point) int { return pt.World }, func(pt *Point) int { return pt.LeverSet }
	}
	if !isAnalysisDesign(d.Sample) {
		return nil, errors.New(`experiments: sensitivity: the sweep's design is not an analysis design: set [uncertainties] sample = "saltelli" (Sobol indices) or "morris" (screening) in the experiment`)
	}
	res := &SensitivityResult{KPI: kpi, Role: role}
	type key struct {
		scenario string
		other    int
	}
	groups := map[key][]*Point{}
	var order []key
	for i := range plan.Points {
		pt := &plan.Points[i]
		k := key{pt.Scenario, other(pt)}
		if _, ok := groups[k]; !ok {
			order = append(order, k)
		}
		groups[k] = append(groups[k], pt)
	}
	for _, k := range order {
		pts := groups[k]
		slices.SortFunc(pts, func(a, b *Point) int { return idx(a) - idx(b) })
		reps := make([][]float64, len(pts))
		g := SensitivityGroup{Scenario: k.scenario, Other: k.other, Method: "sobol", NoiseShare: nan, CRNNoiseShare: nan, Replications: math.MaxInt}
		if d.Sample == "morris" {
			g.Method = "morris"
		}
		for _, fc := range d.Factors {
			g.Factors = append(g.Factors, fc.Name)
		}
		many := false
		for i, pt := range pts {
			v, err := f.values(pt.ID, kpi)
			if err != nil {
				return nil, err
			}
			for _, x := range v {
				if !stats.Finite(x) {
					return nil, fmt.Errorf("experiments: sensitivity: %s is undefined in a replication of point %d: choose a KPI every run has", kpi, pt.ID)
				}
			}
			reps[i] = v
			g.Replications = min(g.Replications, len(v))
			many = many || len(v) > 1
		}
		means := make([]float64, len(reps))
		for i, v := range reps {
			means[i] = mean(v)
		}
		if many {
			if nz, err := analysis.ReplicateNoise(reps); err == nil {
				means, g.NoiseShare, g.CRNNoiseShare = nz.Means, nz.Share, nz.CRNShare
			}
		}
		dims := len(d.Factors)
		switch d.Sample {
		case "saltelli":
			n := d.N
			if len(means) != n*(dims+2) {
				return nil, fmt.Errorf("experiments: sensitivity: %d samples, want %d for a Saltelli design of %d × (%d + 2)", len(means), n*(dims+2), n, dims)
			}
			fAB := make([][]float64, dims)
			for i := range fAB {
				fAB[i] = means[(2+i)*n : (3+i)*n]
			}
			g.S1, g.ST, err = analysis.SobolIndices(means[:n], means[n:2*n], fAB, boot, rng.New(plan.Seed, "experiments.sensitivity.bootstrap", 0))
			if err != nil {
				return nil, fmt.Errorf("experiments: sensitivity of %s: %w", kpi, err)
			}
		case "morris":
			m, err := morrisDesign(scenarios.Design{Sample: "morris", N: d.N, Levels: d.Levels, Factors: make([]scenarios.Factor, dims)}, plan.Seed, role)
			if err != nil {
				return nil, err
			}
			g.Morris, err = analysis.MorrisEffects(m, means)
			if err != nil {
				return nil, fmt.Errorf("experiments: sensitivity of %s: %w", kpi, err)
			}
		}
		res.Groups = append(res.Groups, g)
	}
	if err := writeSensitivity(res, dir); err != nil {
		return nil, err
	}
	return res, nil
}

func isAnalysisDesign(s string) bool { return s == "saltelli" || s == "morris" }

func writeSensitivity(res *SensitivityResult, dir string) error {
	other := "lever_set"
	if res.Role == "lever" {
		other = "world"
	}
	rows := [][]string{{"kpi", "scenario", other, "method", "factor", "s1", "s1_low", "s1_high", "st", "st_low", "st_high", "mu_star", "mu", "sigma", "noise_share", "crn_noise_share", "replications"}}
	for _, g := range res.Groups {
		for i, fc := range g.Factors {
			r := []string{res.KPI, g.Scenario, strconv.Itoa(g.Other), g.Method, fc}
			if g.Method == "sobol" {
				s1, st := g.S1[i], g.ST[i]
				r = append(r, formatNumber(s1.Value), formatNumber(s1.Lo), formatNumber(s1.Hi), formatNumber(st.Value), formatNumber(st.Lo), formatNumber(st.Hi), "", "", "")
			} else {
				m := g.Morris[i]
				r = append(r, "", "", "", "", "", "", formatNumber(m.MuStar), formatNumber(m.Mu), formatNumber(m.Sigma))
			}
			r = append(r, formatNumber(g.NoiseShare), formatNumber(g.CRNNoiseShare), strconv.Itoa(g.Replications))
			rows = append(rows, r)
		}
	}
	if err := writeCSVAtomic(filepath.Join(dir, "sensitivity.csv"), rows); err != nil {
		return err
	}
	return WriteAtomic(filepath.Join(dir, "sensitivity.json"), jsonBytes(res))
}

func writeCSVAtomic(path string, rows [][]string) error {
	var b strings.Builder
	w := csv.NewWriter(&b)
	if err := w.WriteAll(rows); err != nil {
		return fmt.Errorf("experiments: %w", err)
	}
	return WriteAtomic(path, []byte(b.String()))
}

// Condition is a failure condition on a KPI's mean, like
// "matters.overall.latency_p90_days > 20".
type Condition struct {
	KPI   string
	Op    string // ">", ">=", "<", "<="
	Limit float64
}

// ParseCondition reads "kpi>limit" (also >=, <, <=; spaces allowed).
func ParseCondition(text string) (Condition, error) {
	for _, op := range []string{">=", "<=", ">", "<"} {
		if k, v, ok := strings.Cut(text, op); ok {
			x, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
			k = strings.TrimSpace(k)
			if err != nil || k == "" || !stats.Finite(x) {
				break
			}
			return Condition{KPI: k, Op: op, Limit: x}, nil
		}
	}
	return Condition{}, fmt.Errorf("experiments: bad condition %q: want KPI>LIMIT (or >=, <, <=), like \"matters.overall.latency_p90_days>20\"", text)
}

func (c Condition) holds(x float64) bool {
	switch c.Op {
	case ">":
		return x > c.Limit
	case ">=":
		return x >= c.Limit
	case "<":
		return x < c.Limit
	}
	return x <= c.Limit
}

func (c Condition) String() string { return c.KPI + " " + c.Op + " " + formatNumber(c.Limit) }

// RegretTable is the minimax-regret analysis of one base scenario.
type RegretTable struct {
	Scenario  string      `json:"scenario"`
	LeverSets [][]any     `json:"lever_sets"` // the lever values of each set
	Outcomes  [][]float64 `json:"outcomes"`   // [lever set][world]: mean over replications
	Regret    [][]float64 `json:"regret"`
	MaxRegret []float64   `json:"max_regret"`
	Best      int         `json:"best"`
}

// PRIMBox is a scenario-discovery box for a failure condition.
type PRIMBox struct {
	Condition string    `json:"condition"`
	Scenario  string    `json:"scenario"`
	LeverSet  int       `json:"lever_set"`
	Inputs    []string  `json:"inputs"`
	Lo        []float64 `json:"lo"`
	Hi        []float64 `json:"hi"`
	QuasiP    []float64 `json:"quasi_p"`
	Points    int       `json:"points"`
	Failing   int       `json:"failing"`
	Coverage  float64   `json:"coverage"`
	Density   float64   `json:"density"`
	Support   float64   `json:"support"`
}

// RobustnessResult is the content of robustness.json.
type RobustnessResult struct {
	KPI    string        `json:"kpi"`
	Larger bool          `json:"larger_is_better"`
	Levers []string      `json:"levers"`
	Tables []RegretTable `json:"tables"`
	Box    *PRIMBox      `json:"box,omitempty"`
}

// Robustness analyses a finished sweep of lever sets × worlds: the
// minimax-regret lever set for a KPI (mean over replications; larger
// better or not), per base scenario, and, given a failure condition, the
// PRIM box of the uncertainties where it holds among the worlds of one
// lever set of the first base — by default (leverSet < 0) the
// minimax-regret choice: where the recommended policy still fails. (Each
// world once: the same world under several lever sets would give PRIM
// tied points.) It writes robustness.csv and robustness.json into dir.
func Robustness(dir, kpi string, larger bool, fail *Condition, leverSet int) (*RobustnessResult, error) {
	f, err := openSweep(dir)
	if err != nil {
		return nil, err
	}
	defer f.close()
	plan := f.plan
	res := &RobustnessResult{KPI: kpi, Larger: larger}
	var leverCols, worldCols []int
	for i, c := range plan.Columns {
		if c.Role == "lever" {
			leverCols = append(leverCols, i)
			res.Levers = append(res.Levers, c.Name)
		} else if c.Type != "string" {
			worldCols = append(worldCols, i)
		}
	}
	nl, nw := plan.Levers.Points, plan.Uncertainties.Points
	means := map[int]float64{}
	for _, b := range plan.Bases {
		t := RegretTable{Scenario: b.Name, Outcomes: make([][]float64, nl), LeverSets: make([][]any, nl)}
		for l := range t.Outcomes {
			t.Outcomes[l] = make([]float64, nw)
		}
		for i := range plan.Points {
			pt := &plan.Points[i]
			if pt.Scenario != b.Name {
				continue
			}
			v, err := f.values(pt.ID, kpi)
			if err != nil {
				return nil, err
			}
			var m float64
			n := 0
			for _, x := range v {
				if stats.Finite(x) {
					m += x
					n++
				}
			}
			if n == 0 {
				return nil, fmt.Errorf("experiments: robustness: %s is undefined in every replication of point %d", kpi, pt.ID)
			}
			means[pt.ID] = m / float64(n)
			t.Outcomes[pt.LeverSet][pt.World] = means[pt.ID]
			if t.LeverSets[pt.LeverSet] == nil {
				for _, c := range leverCols {
					t.LeverSets[pt.LeverSet] = append(t.LeverSets[pt.LeverSet], pt.Values[c])
				}
				if t.LeverSets[pt.LeverSet] == nil {
					t.LeverSets[pt.LeverSet] = []any{}
				}
			}
		}
		r, err := analysis.MinimaxRegret(t.Outcomes, larger)
		if err != nil {
			return nil, fmt.Errorf("experiments: robustness: %w", err)
		}
		t.Regret, t.MaxRegret, t.Best = r.Table, r.Max, r.Best
		res.Tables = append(res.Tables, t)
	}
	if fail != nil {
		if len(worldCols) == 0 {
			return nil, errors.New("experiments: robustness: no numeric uncertainty to find a box in")
		}
		if leverSet < 0 {
			leverSet = res.Tables[0].Best
		}
		if leverSet >= nl {
			return nil, fmt.Errorf("experiments: robustness: no lever set %d (there are %d)", leverSet, nl)
		}
		box := &PRIMBox{Condition: fail.String(), LeverSet: leverSet, Scenario: plan.Bases[0].Name}
		for _, c := range worldCols {
			box.Inputs = append(box.Inputs, plan.Columns[c].Name)
		}
		var X [][]float64
		var y []bool
		for i := range plan.Points {
			pt := &plan.Points[i]
			if pt.LeverSet != leverSet || pt.Scenario != box.Scenario {
				continue
			}
			x := make([]float64, len(worldCols))
			for k, c := range worldCols {
				switch v := pt.Values[c].(type) {
				case float64:
					x[k] = v
				case bool:
					if v {
						x[k] = 1
					}
				}
			}
			m := means[pt.ID]
			if fail.KPI != kpi {
				v, err := f.values(pt.ID, fail.KPI)
				if err != nil {
					return nil, err
				}
				m = mean(v)
			}
			X = append(X, x)
			y = append(y, fail.holds(m))
		}
		b, err := analysis.PRIM(X, y, analysis.PRIMOptions{Paste: true})
		if err != nil {
			return nil, fmt.Errorf("experiments: robustness: PRIM: %w", err)
		}
		box.Lo, box.Hi, box.QuasiP = b.Lo, b.Hi, b.QuasiP
		box.Points, box.Failing, box.Coverage, box.Density, box.Support = b.Count, b.Positives, b.Coverage, b.Density, b.Support
		res.Box = box
	}
	rows := [][]string{append(append([]string{"scenario", "lever_set"}, res.Levers...), "max_regret", "minimax_regret")}
	for _, t := range res.Tables {
		for l := range t.Outcomes {
			r := []string{t.Scenario, strconv.Itoa(l)}
			for _, v := range t.LeverSets[l] {
				r = append(r, valueText(v))
			}
			r = append(r, formatNumber(t.MaxRegret[l]), strconv.FormatBool(l == t.Best))
			rows = append(rows, r)
		}
	}
	if err := writeCSVAtomic(filepath.Join(dir, "robustness.csv"), rows); err != nil {
		return nil, err
	}
	if err := WriteAtomic(filepath.Join(dir, "robustness.json"), jsonBytes(res)); err != nil {
		return nil, err
	}
	return res, nil
}
