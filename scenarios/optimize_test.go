package scenarios

import (
	"math"
	"testing"
)

// optHead is an experiment with two levers, a range and a choice.
const optHead = `base = "city.toml"
[[lever]]
name = "share"
path = "platform.data_sharing"
range = [0.1, 0.9]
[[lever]]
path = "platform.one_window"
values = [false, true]
`

func TestOptimizeSection(t *testing.T) {
	e, err := loadExp(map[string]string{"city.toml": cityFile, "exp.toml": optHead + `
[optimize]
method = "nsga2"
robustness = "p90"
budget = 500
[optimize.screen]
"run.horizon" = "2w"
[[optimize.objective]]
kpi = "matters.overall.latency_mean_days"
[[optimize.objective]]
kpi = "matters.overall.online_share"
sense = "max"
[[optimize.constraint]]
kpi = "matters.overall.visits_mean"
max = 2.5
`})
	if err != nil {
		t.Fatal(err)
	}
	o := e.Optimize
	if o == nil || o.Method != "nsga2" || o.Robustness != "p90" || o.Budget != 500 || o.BudgetLine != 13 {
		t.Fatalf("optimize %+v", o)
	}
	if len(o.Screen) != 1 || o.Screen[0] != `run.horizon="2w"` {
		t.Errorf("screen %q", o.Screen)
	}
	if len(o.Objectives) != 2 || o.Objectives[0].Sense != "min" || !o.Objectives[1].Maximize() || o.Objectives[1].Line != 18 {
		t.Errorf("objectives %+v", o.Objectives)
	}
	if c := o.Constraints; len(c) != 1 || !math.IsNaN(c[0].Min) || c[0].Max != 2.5 || c[0].Line != 21 {
		t.Errorf("constraints %+v", c)
	}
	if r := e.Levers.Factors[0].Range; r == nil || r.Levels != 0 {
		t.Errorf("a lever range without levels is searched whole: %+v", r)
	}
}

func TestOptimizeBad(t *testing.T) {
	for _, c := range []struct {
		name, body string
		want       []want
	}{
		{"bounds reversed", "[[lever]]\npath = \"platform.data_sharing\"\nrange = [0.9, 0.1]\n[optimize]\n[[optimize.objective]]\nkpi = \"k\"\n",
			[]want{{"exp.toml", 4, "lever.platform.data_sharing.range", "low must be below high, got [0.9, 0.1]"}}},
		{"no levers", "[optimize]\n[[optimize.objective]]\nkpi = \"k\"\n",
			[]want{{"exp.toml", 2, "optimize", "there are no [[lever]] tables to search over"}}},
		{"no objective", optHead + "[optimize]\nreps = 2\n",
			[]want{{"exp.toml", 9, "optimize.objective", "expected at least one [[optimize.objective]] table"}}},
		{"bad method, robustness and level", optHead + "[optimize]\nmethod = \"nsga3\"\nrobustness = \"median\"\nlevel = 95\n[[optimize.objective]]\nkpi = \"k\"\n",
			[]want{
				{"exp.toml", 10, "optimize.method", `expected one of "cmaes", "nsga2", got "nsga3" (did you mean "nsga2"?)`},
				{"exp.toml", 11, "optimize.robustness", `expected mean, worst, regret or a percentile like p90, got "median"`},
				{"exp.toml", 12, "optimize.level", "must be in (0, 1), got 95"},
			}},
		{"cmaes with two objectives", optHead + "[optimize]\nmethod = \"cmaes\"\n[[optimize.objective]]\nkpi = \"a\"\n[[optimize.objective]]\nkpi = \"b\"\n",
			[]want{{"exp.toml", 10, "optimize.method", "cmaes searches one objective, and there are 2"}}},
		{"constraints without bounds or with min above max", optHead + "[optimize]\n[[optimize.objective]]\nkpi = \"a\"\n[[optimize.constraint]]\nkpi = \"b\"\n[[optimize.constraint]]\nkpi = \"c\"\nmin = 3\nmax = 1\n",
			[]want{
				{"exp.toml", 12, "optimize.constraint.0", "a constraint needs min, max or both"},
				{"exp.toml", 14, "optimize.constraint.1", "min 3 is above max 1"},
			}},
		{"unknown key and race", optHead + "[optimize]\nbugdet = 5\n[optimize.race]\nmin = 5\nmax = 3\n[[optimize.objective]]\nkpi = \"a\"\n",
			[]want{
				{"exp.toml", 10, "optimize.bugdet", `unknown key (did you mean "budget"?)`},
				{"exp.toml", 13, "optimize.race.max", "must be at least race.min (5), got 3"},
			}},
		{"race max below min", optHead + "[optimize]\n[optimize.race]\nmin = 5\nmax = 3\n[[optimize.objective]]\nkpi = \"a\"\n",
			[]want{{"exp.toml", 12, "optimize.race.max", "must be at least race.min (5), got 3"}}},
		{"screen that does not load", optHead + "[optimize]\n[optimize.screen]\n\"run.scael\" = 0.1\n[[optimize.objective]]\nkpi = \"a\"\n",
			[]want{{"exp.toml", 10, "optimize.screen", "does not load on base city.toml"}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadExp(map[string]string{"city.toml": cityFile, "exp.toml": "base = \"city.toml\"\n" + c.body})
			if c.body[:4] == "base" {
				_, err = loadExp(map[string]string{"city.toml": cityFile, "exp.toml": c.body})
			}
			checkProblems(t, err, c.want)
		})
	}
}
