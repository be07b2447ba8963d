package scenarios

import (
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Optimize is the [optimize] section, for `sim optimize` (nil when
// absent): a search over the experiment's levers — each [[lever]] with a
// range (continuous or integer) or with values or variants (one of them is
// picked) — for the packages that do best on the objectives, meet the
// constraints, and stay good across the [[uncertainty]] worlds by the
// robustness statistic. [calibrate] fits parameters to observed targets;
// [optimize] chooses levers for outcomes.
type Optimize struct {
	// Method is "nsga2" (multi-objective, a Pareto set) or "cmaes" (one
	// objective, gonum's CMA-ES); default cmaes for one objective, nsga2
	// for several.
	Method      string `toml:"method"`
	Population  int    `toml:"population"`  // candidates per generation; default 8 (cmaes: gonum's 4 + ⌊3 ln d⌋ if larger)
	Generations int    `toml:"generations"` // generations at most; default 10
	// MaxEvaluations stops the search after the generation in which this
	// many distinct candidates have been evaluated (0: no limit).
	MaxEvaluations int `toml:"max_evaluations"`
	// Reps is the replications per candidate and world while searching,
	// on common random numbers (the same seeds for every candidate);
	// default 2.
	Reps int `toml:"reps"`
	// Robustness is how a candidate's values across the worlds combine:
	// "mean", "worst", "p90" (any percentile pNN) or "regret" (the largest
	// shortfall from the best candidate in each world); default mean.
	Robustness string  `toml:"robustness"`
	Level      float64 `toml:"level"` // confidence level of intervals and races; default 0.95
	// Budget, unless NaN, is the constraint cost.total ≤ Budget; the
	// base scenario must have [[cost.item]] entries.
	Budget      float64              `toml:"budget"`
	Objectives  []OptimizeObjective  `toml:"objective"`
	Constraints []OptimizeConstraint `toml:"constraint"`
	// Screen holds --set overrides for a cheaper fidelity to search at
	// (run.scale < 1, a shorter run.horizon); the finalists are then run
	// at full fidelity. Empty: the search runs at full fidelity.
	Screen []string `toml:"screen"`
	// Confirm is how many finalists are run at full fidelity: the best
	// feasible candidates of a single-objective search, raced; the Pareto
	// set of a multi-objective one (at most this many, spread by crowding);
	// default 4.
	Confirm int `toml:"confirm"`
	// Race is the replication rule of the full-fidelity confirmation:
	// Min replications, then Batch more until paired intervals separate
	// the finalists or Max is reached; default 3, 2, 10.
	Race OptimizeRace `toml:"race"`
	Line int          `toml:"-"` // where [optimize] starts
	// BudgetLine is the line of budget.
	BudgetLine int `toml:"-"`
}

// OptimizeObjective is a KPI (a flattened name as in runs.csv) to minimise
// or maximise.
type OptimizeObjective struct {
	KPI   string `toml:"kpi"`
	Sense string `toml:"sense"` // "min" (default) or "max"
	Line  int    `toml:"-"`
}

// Maximize says whether the objective is maximised.
func (o OptimizeObjective) Maximize() bool { return o.Sense == "max" }

// OptimizeConstraint bounds a KPI: Min ≤ KPI ≤ Max (either may be NaN,
// for no bound). A
// noisy KPI meets it when the relevant bound of its confidence interval
// does, in every world.
type OptimizeConstraint struct {
	KPI  string  `toml:"kpi"`
	Min  float64 `toml:"min"`
	Max  float64 `toml:"max"`
	Line int     `toml:"-"`
}

// OptimizeRace is the replication rule of a race.
type OptimizeRace struct {
	Min   int `toml:"min"`
	Batch int `toml:"batch"`
	Max   int `toml:"max"`
}

// Methods are the search methods [optimize] may name.
var Methods = []string{"cmaes", "nsga2"}

// The rules of [optimize], added to experimentSchema's.
func init() {
	for k, r := range optimizeRules() {
		experimentSchema.rules[k] = r
	}
	element := experimentSchema.element
	experimentSchema.element = func(v any) any {
		switch v.(type) {
		case OptimizeObjective:
			return OptimizeObjective{Sense: "min"}
		case OptimizeConstraint:
			return OptimizeConstraint{Min: math.NaN(), Max: math.NaN()}
		case Optimize:
			return Optimize{Budget: math.NaN()}
		}
		return element(v)
	}
}

func optimizeRules() map[string]rule {
	share := func(x float64) string {
		if !(x > 0 && x < 1) {
			return "must be in (0, 1)"
		}
		return ""
	}
	list := func(d *decoder, path string, n *node, rv reflect.Value) bool {
		if !n.isList {
			d.problem(n.pos, path, "expected at least one [[%s]] table", path)
			return false
		}
		return d.list(path, path, n, rv)
	}
	return map[string]rule{
		"optimize.method":          {text: oneOf(Methods)},
		"optimize.population":      {check: intAtLeast(2)},
		"optimize.generations":     {check: intAtLeast(1)},
		"optimize.max_evaluations": {check: intAtLeast(1)},
		"optimize.reps":            {check: intAtLeast(1)},
		"optimize.robustness":      {text: robustness},
		"optimize.level":           {want: "a number like 0.95", check: share},
		"optimize.budget":          {want: "a non-negative number", wantAll: true, check: nonNeg},
		"optimize.screen": {decode: func(d *decoder, _ string, n *node, rv reflect.Value) bool {
			x := d.x
			if !n.isTable() {
				x.problem(n.pos, "optimize.screen", "expected a table of parameters like { \"run.scale\" = 0.25 }, got %s", describe(n))
				return false
			}
			var set []string
			for _, s := range x.sets(n, "optimize.screen") {
				set = append(set, s.set)
			}
			rv.Set(reflect.ValueOf(set))
			return true
		}},
		"optimize.confirm":           {check: intAtLeast(1)},
		"optimize.race.min":          {check: intAtLeast(2)},
		"optimize.race.batch":        {check: intAtLeast(1)},
		"optimize.race.max":          {check: intAtLeast(2)},
		"optimize.objective":         {decode: list},
		"optimize.objective.*.kpi":   {need: "a KPI name as in runs.csv, e.g. matters.overall.latency_mean_days"},
		"optimize.objective.*.sense": {text: oneOf([]string{"min", "max"})},
		"optimize.constraint":        {decode: list},
		"optimize.constraint.*.kpi":  {need: "a KPI name as in runs.csv, e.g. matters.overall.on_time_share"},
		"optimize.constraint.*.min":  {want: "a number", wantAll: true},
		"optimize.constraint.*.max":  {want: "a number", wantAll: true},
	}
}

// robustness checks a robustness statistic: mean, worst, regret or pNN.
func robustness(s string) string {
	switch s {
	case "mean", "worst", "regret":
		return ""
	}
	if p, err := strconv.ParseFloat(strings.TrimPrefix(s, "p"), 64); err == nil && strings.HasPrefix(s, "p") && p > 0 && p <= 100 {
		return ""
	}
	return fmt.Sprintf("expected mean, worst, regret or a percentile like p90, got %q%s", s, suggest(s, []string{"mean", "worst", "regret", "p90"}))
}

// optimize checks [optimize] beyond its keys, and records lines for the
// messages of `sim optimize`.
func (x *experimentDecoder) optimize(root *node) {
	o := x.e.Optimize
	if o == nil {
		return
	}
	n := root.tab["optimize"]
	o.Line = n.pos.line
	if _, ok := n.tab["objective"]; !ok {
		x.problem(n.pos, "optimize.objective", "expected at least one [[optimize.objective]] table: the KPI to minimise or maximise")
	}
	for i := range o.Objectives {
		o.Objectives[i].Line = x.d.where[fmt.Sprintf("optimize.objective.%d", i)].line
	}
	for i := range o.Constraints {
		key := fmt.Sprintf("optimize.constraint.%d", i)
		c := &o.Constraints[i]
		c.Line = x.d.where[key].line
		switch {
		case math.IsNaN(c.Min) && math.IsNaN(c.Max):
			x.problem(x.d.where[key], key, "a constraint needs min, max or both")
		case c.Min > c.Max:
			x.problem(x.d.where[key], key, "min %g is above max %g: no value can meet it", c.Min, c.Max)
		}
	}
	if !math.IsNaN(o.Budget) {
		o.BudgetLine = x.d.where["optimize.budget"].line
	}
	if o.Method == "cmaes" && len(o.Objectives) > 1 {
		x.problem(x.d.where["optimize.method"], "optimize.method", "cmaes searches one objective, and there are %d: use nsga2 for a Pareto set", len(o.Objectives))
	}
	if o.Race.Min > 0 && o.Race.Max > 0 && o.Race.Max < o.Race.Min {
		x.problem(x.d.where["optimize.race.max"], "optimize.race.max", "must be at least race.min (%d), got %d", o.Race.Min, o.Race.Max)
	}
	if _, ok := root.tab["lever"]; !ok {
		x.problem(n.pos, "optimize", "there are no [[lever]] tables to search over")
	}
	if len(o.Screen) > 0 && x.valid("optimize.screen") {
		for _, b := range x.e.Bases {
			if _, _, err := x.l.src.Load(b.Path, append(slices.Clone(x.e.Set), o.Screen...)); err != nil {
				x.problem(x.d.where["optimize.screen"], "optimize.screen", "does not load on base %s: %v", b.Name, err)
			}
		}
	}
}
