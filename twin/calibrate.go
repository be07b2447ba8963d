package twin

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/optimize"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// Param is a free parameter: a --set path and its bounds. Paths, when
// given, are further paths set to the same value (one key of every ticket
// type); Format, when given, is the value's template with "{}" for the
// number (one element of an array: "[{}, 3, 1, 1]").
type Param struct {
	Path   string
	Paths  []string
	Format string
	Lo, Hi float64
}

// Sets are the --set lines that give the parameter the value x.
func (p Param) Sets(x float64) []string {
	v := strconv.FormatFloat(x, 'g', -1, 64)
	if p.Format != "" {
		v = strings.Replace(p.Format, "{}", v, 1)
	}
	var out []string
	for _, q := range append([]string{p.Path}, p.Paths...) {
		if q != "" {
			out = append(out, q+"="+v)
		}
	}
	return out
}

// Name is the parameter's name in reports: its path, or its first path and
// how many more share the value.
func (p Param) Name() string {
	all := p.Sets(0)
	name, _, _ := strings.Cut(all[0], "=")
	if len(all) > 1 {
		name += fmt.Sprintf(" (+%d paths)", len(all)-1)
	}
	return name
}

// Target is a KPI (a name of experiments.FlattenKPIs) and the value it
// should take; Weight (default 1) scales its term of the distance.
type Target struct {
	KPI           string
	Value, Weight float64
}

// Calibration is a calibration problem. The zero values of Reps, Seed and
// MaxEvals mean 3, 1 and 200.
type Calibration struct {
	Scenario string   // a scenario name or file
	Sets     []string // fixed --set values
	Params   []Param
	Targets  []Target
	Reps     int    // replications per evaluation, seeds shared by every evaluation (common random numbers)
	Seed     uint64 // root seed
	MaxEvals int    // objective evaluations (each Reps runs)
}

// ParamReport says how well the data determine one parameter.
type ParamReport struct {
	Value float64
	// Sensitivity is the norm of the targets' relative change per unit of
	// the parameter's range, at the optimum (central differences over 5%
	// of the range, common random numbers).
	Sensitivity float64
	// VIF is the variance inflation factor among the parameters that move
	// the targets (1: independent of the others; +Inf: more such
	// parameters than targets, or exactly collinear).
	VIF float64
	// Identifiable is false when Sensitivity is below 0.01 (moving the
	// parameter across its whole range would change the targets by under
	// 1%) or VIF exceeds 100 (other parameters can stand in for it).
	Identifiable bool
}

// CalibrationResult is what Calibrate found.
type CalibrationResult struct {
	Params    []ParamReport
	Achieved  []float64 // each target's KPI at the optimum (mean over replications)
	Distance  float64   // the weighted squared relative distance at the optimum
	Evals     int
	Condition float64 // largest / smallest singular value of the Jacobian of the parameters that move the targets
}

// Calibrate minimises Σ w ((kpi − target)/target)² (absolute when the
// target is 0) over the parameters with Nelder–Mead, each parameter scaled
// to [0, 1] and clamped to its bounds, each evaluation the mean over Reps
// replications with the same seeds.
func Calibrate(c Calibration) (*CalibrationResult, error) {
	if c.Reps == 0 {
		c.Reps = 3
	}
	if c.Seed == 0 {
		c.Seed = 1
	}
	if c.MaxEvals == 0 {
		c.MaxEvals = 200
	}
	if len(c.Params) == 0 || len(c.Targets) == 0 {
		return nil, fmt.Errorf("twin: calibrate: want at least one parameter and one target")
	}
	for _, p := range c.Params {
		if len(p.Sets(0)) == 0 {
			return nil, fmt.Errorf("twin: calibrate: a parameter without a path")
		}
		if p.Format != "" && strings.Count(p.Format, "{}") != 1 {
			return nil, fmt.Errorf("twin: calibrate: %s: format %q wants one {} for the number", p.Name(), p.Format)
		}
		if !(p.Hi > p.Lo) {
			return nil, fmt.Errorf("twin: calibrate: %s: want lo < hi, got %g:%g", p.Name(), p.Lo, p.Hi)
		}
	}
	evals := 0
	var evalErr error
	kpis := func(z []float64) ([]float64, error) {
		sets := append([]string(nil), c.Sets...)
		for i, p := range c.Params {
			sets = append(sets, p.Sets(p.Lo+(p.Hi-p.Lo)*clamp01(z[i]))...)
		}
		// The replications of one evaluation run concurrently (each is a
		// pure function of its seed); their KPIs are summed in seed order.
		vals := make([][]float64, c.Reps)
		errs := make([]error, c.Reps)
		var wg sync.WaitGroup
		for r := 0; r < c.Reps; r++ {
			wg.Add(1)
			go func(r int) {
				defer wg.Done()
				cfg, _, err := scenarios.Load(c.Scenario, sets)
				if err != nil {
					errs[r] = err
					return
				}
				res, _, err := experiments.Run(experiments.RunSpec{Config: cfg, Seed: experiments.ReplicationSeed(c.Seed, r)})
				if err != nil {
					errs[r] = err
					return
				}
				vals[r], errs[r] = lookup(res, c.Targets)
			}(r)
		}
		wg.Wait()
		out := make([]float64, len(c.Targets))
		for r := range vals {
			if errs[r] != nil {
				return nil, errs[r]
			}
			for i := range out {
				out[i] += vals[r][i] / float64(c.Reps)
			}
		}
		evals++
		return out, nil
	}
	dist := func(k []float64) float64 {
		d := 0.0
		for i, t := range c.Targets {
			w := t.Weight
			if w == 0 {
				w = 1
			}
			e := k[i] - t.Value
			if t.Value != 0 {
				e /= t.Value
			}
			if math.IsNaN(e) {
				return math.Inf(1)
			}
			d += w * e * e
		}
		return d
	}
	obj := func(z []float64) float64 {
		if evalErr != nil {
			return math.Inf(1)
		}
		k, err := kpis(z)
		if err != nil {
			evalErr = err
			return math.Inf(1)
		}
		pen := 0.0
		for _, v := range z { // outside the bounds: the bound's value plus a penalty
			pen += math.Max(0, -v) + math.Max(0, v-1)
		}
		return dist(k) + pen
	}
	z0 := make([]float64, len(c.Params))
	for i := range z0 {
		z0[i] = 0.5
	}
	res, err := optimize.Minimize(optimize.Problem{Func: obj}, z0,
		&optimize.Settings{FuncEvaluations: c.MaxEvals, Converger: &optimize.FunctionConverge{Absolute: 1e-6, Iterations: 15}},
		&optimize.NelderMead{InitialVertices: nil, SimplexSize: 0.25})
	if evalErr != nil {
		return nil, evalErr
	}
	if err != nil && res == nil {
		return nil, fmt.Errorf("twin: calibrate: %w", err)
	}
	z := res.X
	for i := range z {
		z[i] = clamp01(z[i])
	}
	at, err := kpis(z)
	if err != nil {
		return nil, err
	}
	out := &CalibrationResult{Achieved: at, Distance: dist(at)}
	// Jacobian of relative target errors per unit of scaled range.
	J := mat.NewDense(len(c.Targets), len(c.Params), nil)
	for j := range c.Params {
		h := 0.05
		lo, hi := append([]float64(nil), z...), append([]float64(nil), z...)
		lo[j], hi[j] = math.Max(0, z[j]-h), math.Min(1, z[j]+h)
		kl, err := kpis(lo)
		if err != nil {
			return nil, err
		}
		kh, err := kpis(hi)
		if err != nil {
			return nil, err
		}
		for i, t := range c.Targets {
			s := math.Abs(t.Value)
			if s == 0 {
				s = 1
			}
			J.Set(i, j, (kh[i]-kl[i])/(hi[j]-lo[j])/s)
		}
	}
	// Parameters that move the targets at all; among them, the variance
	// inflation factor VIF_j = (JᵀJ)⁻¹_jj (JᵀJ)_jj says whether the
	// others can stand in for j.
	var live []int
	sens := make([]float64, len(c.Params))
	for j := range c.Params {
		sens[j] = mat.Norm(J.ColView(j), 2)
		if sens[j] >= 0.01 {
			live = append(live, j)
		}
	}
	vif := make([]float64, len(c.Params))
	if len(live) > 0 {
		sub := mat.NewDense(len(c.Targets), len(live), nil)
		for k, j := range live {
			for i := range c.Targets {
				sub.Set(i, k, J.At(i, j))
			}
		}
		var jtj, inv mat.Dense
		jtj.Mul(sub.T(), sub)
		var svd mat.SVD
		if svd.Factorize(&jtj, mat.SVDNone) {
			sv := svd.Values(nil)
			out.Condition = math.Sqrt(sv[0] / sv[len(sv)-1])
		}
		if err := inv.Inverse(&jtj); err != nil || len(live) > len(c.Targets) {
			for _, j := range live {
				vif[j] = math.Inf(1)
			}
		} else {
			for k, j := range live {
				vif[j] = inv.At(k, k) * jtj.At(k, k)
			}
		}
	}
	for j, p := range c.Params {
		out.Params = append(out.Params, ParamReport{Value: p.Lo + (p.Hi-p.Lo)*z[j], Sensitivity: sens[j], VIF: vif[j],
			Identifiable: sens[j] >= 0.01 && vif[j] <= 100})
	}
	out.Evals = evals
	return out, nil
}

func clamp01(v float64) float64 { return math.Min(1, math.Max(0, v)) }

func lookup(r *model.Results, ts []Target) ([]float64, error) {
	names, vals := experiments.FlattenKPIs(r)
	out := make([]float64, len(ts))
	for i, t := range ts {
		found := false
		for k, n := range names {
			if n == t.KPI {
				out[i], found = vals[k], true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("twin: calibrate: no KPI %q (see the names in runs.csv of a sweep)", t.KPI)
		}
	}
	return out, nil
}
