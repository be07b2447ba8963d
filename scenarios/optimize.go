package scenarios

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
	// Budget, when set, is the constraint cost.total ≤ Budget; the base
	// scenario must have [[cost.item]] entries.
	Budget      *float64             `toml:"budget"`
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

// OptimizeConstraint bounds a KPI: Min ≤ KPI ≤ Max (either may be nil). A
// noisy KPI meets it when the relevant bound of its confidence interval
// does, in every world.
type OptimizeConstraint struct {
	KPI  string   `toml:"kpi"`
	Min  *float64 `toml:"min"`
	Max  *float64 `toml:"max"`
	Line int      `toml:"-"`
}

// OptimizeRace is the replication rule of a race.
type OptimizeRace struct {
	Min   int `toml:"min"`
	Batch int `toml:"batch"`
	Max   int `toml:"max"`
}
