package scenarios

import (
	"reflect"
	"slices"
	"testing"
)

// cityFile is a base scenario for experiment tests: lines 1–7.
const cityFile = city + dept

func loadExp(files map[string]string) (*Experiment, error) {
	return memSource(files).LoadExperiment("exp.toml")
}

func TestExperimentGood(t *testing.T) {
	e, err := loadExp(map[string]string{"city.toml": cityFile, "exp.toml": `
name = "e"
base = "city.toml"
seed = 3
[set]
"run.horizon" = "4w"
[set.platform]
online = true
[levers]
sample = "grid"
[[lever]]
path = "platform.one_window"
values = [false, true]
[[lever]]
name = "rules"
[[lever.variant]]
name = "plain"
[[lever.variant]]
name = "strict"
[lever.variant.set.responsibility]
clarity = 0.9
[uncertainties]
sample = "lhs"
n = 4
[[uncertainty]]
path = "department.housing.windows"
range = [1, 3]
integer = true
[replications]
min = 3
batch = 2
max = 9
[[replications.target]]
kpi = "matters.overall.latency_mean_days"
relative = 0.05
[output]
kpis = ["matters.*"]
timeseries = false
`})
	if err != nil {
		t.Fatal(err)
	}
	if e.Name != "e" || e.Seed != 3 || len(e.Bases) != 1 || e.Bases[0].Path != "city.toml" {
		t.Errorf("experiment %+v", e)
	}
	if want := []string{"platform.online=true", `run.horizon="4w"`}; !slices.Equal(e.Set, want) {
		t.Errorf("set %v, want %v", e.Set, want)
	}
	if len(e.Levers.Factors) != 2 || e.Uncertainties.Sample != "lhs" || e.Uncertainties.N != 4 {
		t.Fatalf("designs %+v %+v", e.Levers, e.Uncertainties)
	}
	rules := e.Levers.Factors[1]
	if rules.Levels[1].Label != "strict" || !slices.Equal(rules.Levels[1].Sets, []string{"responsibility.clarity=0.9"}) || len(rules.Levels[0].Sets) != 0 {
		t.Errorf("variants %+v", rules.Levels)
	}
	w := e.Uncertainties.Factors[0]
	if lv := w.At(0.999); lv.Value != int64(3) || lv.Sets[0] != "department.housing.windows=3" {
		t.Errorf("integer range at 0.999: %+v", lv)
	}
	if lv := w.At(0); lv.Value != int64(1) {
		t.Errorf("integer range at 0: %+v", lv)
	}
	r := e.Replications
	if !r.Precision() || r.Min != 3 || r.Batch != 2 || r.Max != 9 || r.Level != 0.95 || r.Targets[0].Relative != 0.05 {
		t.Errorf("replications %+v", r)
	}
	if e.Output.Timeseries || !slices.Equal(e.Output.KPIs, []string{"matters.*"}) {
		t.Errorf("output %+v", e.Output)
	}
}

func TestExperimentGridLevels(t *testing.T) {
	f := Factor{Path: "x", Range: &Range{Lo: 1, Hi: 100, Levels: 3, Log: true}}
	var got []string
	for _, lv := range f.GridLevels() {
		got = append(got, lv.Label)
	}
	if want := []string{"1.0", "10.000000000000002", "100.0"}; !slices.Equal(got, want) && got[1] != "10.0" {
		t.Errorf("log levels %v", got)
	}
	f = Factor{Path: "x", Range: &Range{Lo: 10, Hi: 30, Format: "exp({}m)"}}
	if lv := f.At(0.5); lv.Sets[0] != `x="exp(20m)"` || lv.Value != 20.0 {
		t.Errorf("format: %+v", lv)
	}
}

var badExperiments = []struct {
	name string
	exp  string
	want []want
}{
	{
		name: "unknown key with suggestion",
		exp:  "base = \"city.toml\"\nreplicatons = 3\n",
		want: []want{{"exp.toml", 2, "replicatons", `unknown key (did you mean "replications"?)`}},
	},
	{
		name: "missing base",
		exp:  "name = \"x\"\n",
		want: []want{{"exp.toml", 0, "base", `missing required key "base"`}},
	},
	{
		name: "base that does not exist",
		exp:  "base = \"ctiy.toml\"\n",
		want: []want{{"exp.toml", 1, "base", `no file "ctiy.toml" next to this file`}},
	},
	{
		name: "syntax error",
		exp:  "base = \"city.toml\"\n[[lever]\n",
		want: []want{{"exp.toml", 2, "", "syntax error"}},
	},
	{
		name: "factor path typo, reported at the value's line",
		exp:  "base = \"city.toml\"\n[[lever]]\npath = \"platform.one_windw\"\nvalues = [false,\n  true]\n",
		want: []want{
			{"exp.toml", 4, "lever.platform.one_windw.values.0", `platform.one_windw: unknown key (did you mean "one_window"?)`},
			{"exp.toml", 5, "lever.platform.one_windw.values.1", `platform.one_windw: unknown key (did you mean "one_window"?)`},
		},
	},
	{
		name: "factor value out of range",
		exp:  "base = \"city.toml\"\n[[uncertainty]]\npath = \"platform.data_sharing\"\nvalues = [0.5, 2]\n",
		want: []want{{"exp.toml", 4, "uncertainty.platform.data_sharing.values.1", `platform.data_sharing: must be in [0, 1], got 2`}},
	},
	{
		name: "range outside the parameter's domain",
		exp:  "base = \"city.toml\"\n[uncertainties]\nsample = \"lhs\"\nn = 4\n[[uncertainty]]\npath = \"platform.data_sharing\"\nrange = [0.5, 1.5]\n",
		want: []want{{"exp.toml", 7, "uncertainty.platform.data_sharing.range", `platform.data_sharing: must be in [0, 1], got 1.5`}},
	},
	{
		name: "variant set problem",
		exp:  "base = \"city.toml\"\n[[lever]]\nname = \"rules\"\n[[lever.variant]]\nname = \"strict\"\nset = { \"responsibility.clarty\" = 0.9 }\n",
		want: []want{{"exp.toml", 4, "lever.rules.variant.strict", `responsibility.clarty: unknown key (did you mean "clarity"?)`}},
	},
	{
		name: "fixed set problem",
		exp:  "base = \"city.toml\"\n[set]\n\"run.horizon\" = 12\n",
		want: []want{{"exp.toml", 3, "set.run.horizon", `expected a duration like "4w", got integer 12`}},
	},
	{
		name: "factor with two kinds of levels",
		exp:  "base = \"city.toml\"\n[[lever]]\npath = \"hall.windows\"\nvalues = [1]\nrange = [1, 2]\n",
		want: []want{{"exp.toml", 2, "lever.hall.windows", "give exactly one of values, range or [[lever.variant]]"}},
	},
	{
		name: "range in a grid without levels",
		exp:  "base = \"city.toml\"\n[[lever]]\npath = \"citizens.b0\"\nrange = [-3.0, -1.0]\n",
		want: []want{{"exp.toml", 2, "lever.citizens.b0", "a range in a grid design needs levels"}},
	},
	{
		name: "bad range and format",
		exp:  "base = \"city.toml\"\n[uncertainties]\nsample = \"sobol\"\nn = 8\n[[uncertainty]]\npath = \"travel.time\"\nrange = [40, 10]\nformat = \"exp(m)\"\n",
		want: []want{
			{"exp.toml", 7, "uncertainty.travel.time.range", "low must be below high, got [40, 10]"},
			{"exp.toml", 8, "uncertainty.travel.time.format", "expected a template with one {}"},
		},
	},
	{
		name: "unknown sample with suggestion, and n missing",
		exp:  "base = \"city.toml\"\n[uncertainties]\nsample = \"lhc\"\n[[uncertainty]]\npath = \"citizens.b0\"\nvalues = [1.0]\n",
		want: []want{{"exp.toml", 3, "uncertainties.sample", `expected one of "grid", "lhs", "halton", "sobol", "saltelli", "morris", got "lhc" (did you mean "lhs"?)`}},
	},
	{
		name: "Morris levels: odd, and outside a Morris design",
		exp:  "base = \"city.toml\"\n[uncertainties]\nsample = \"morris\"\nn = 4\nlevels = 5\n[levers]\nsample = \"lhs\"\nn = 3\nlevels = 4\n[[uncertainty]]\npath = \"citizens.b0\"\nrange = [1, 2]\n[[lever]]\npath = \"hall.windows\"\nvalues = [1, 2]\n",
		want: []want{
			{"exp.toml", 5, "uncertainties.levels", "a Morris grid needs an even number of levels, got 5"},
			{"exp.toml", 9, "levers.levels", `levels is the grid of a Morris design (sample = "morris")`},
		},
	},
	{
		name: "sampled design without n",
		exp:  "base = \"city.toml\"\n[levers]\nsample = \"halton\"\n[[lever]]\npath = \"citizens.b0\"\nrange = [1, 2]\n",
		want: []want{{"exp.toml", 2, "levers", `missing required key "n"`}},
	},
	{
		name: "two factors on one parameter, and a fixed one varied",
		exp:  "base = \"city.toml\"\n[set]\n\"hall.windows\" = 2\n[[lever]]\npath = \"hall\"\nvalues = [{windows = 3}]\n[[uncertainty]]\npath = \"hall.windows\"\nvalues = [1, 2]\n",
		want: []want{
			{"exp.toml", 3, "set.hall.windows", "hall.windows is also varied by lever.hall: leave it out of [set]"},
			{"exp.toml", 3, "set.hall.windows", "hall.windows is also varied by uncertainty.hall.windows"},
			{"exp.toml", 7, "uncertainty.hall.windows", "sets hall.windows, which lever.hall also sets"},
		},
	},
	{
		name: "duplicate values and variants",
		exp:  "base = \"city.toml\"\n[[lever]]\npath = \"hall.windows\"\nvalues = [1, 1]\n[[lever]]\nname = \"v\"\n[[lever.variant]]\nname = \"a\"\n[[lever.variant]]\nname = \"a\"\n",
		want: []want{
			{"exp.toml", 4, "lever.hall.windows.values.1", "value 1 is listed twice"},
			{"exp.toml", 10, "lever.v.variant.a", `a second variant named "a"`},
		},
	},
	{
		name: "replications: n with targets, min too small, bad target",
		exp:  "base = \"city.toml\"\n[replications]\nn = 3\nmin = 1\n[[replications.target]]\nkpi = \"x\"\nhalf_width = -1\n[[replications.target]]\nhalf_width = 1\n",
		want: []want{
			{"exp.toml", 3, "replications.n", "a fixed n and precision targets exclude each other"},
			{"exp.toml", 4, "replications.min", "must be at least 2, got 1"},
			{"exp.toml", 7, "replications.target.0.half_width", "expected a positive number, got integer -1"},
			{"exp.toml", 8, "replications.target.1", `missing required key "kpi"`},
		},
	},
	{
		name: "min and max without targets, bad level",
		exp:  "base = \"city.toml\"\n[replications]\nmax = 10\nlevel = 95\n",
		want: []want{
			{"exp.toml", 3, "replications.max", "max applies to precision-driven replications"},
			{"exp.toml", 4, "replications.level", "must be in (0, 1), got 95"},
		},
	},
	{
		name: "wrong types everywhere",
		exp:  "base = 3\nseed = -1\n[output]\ntimeseries = \"yes\"\nkpis = []\n",
		want: []want{
			{"exp.toml", 1, "base", "expected a scenario name or a list of them, got integer 3"},
			{"exp.toml", 2, "seed", "expected a non-negative integer, got integer -1"},
			{"exp.toml", 4, "output.timeseries", `expected true or false, got string "yes"`},
			{"exp.toml", 5, "output.kpis", "expected a non-empty array of KPI patterns"},
		},
	},
	{
		name: "a variant changes the city so that a base reference dangles",
		exp:  "base = \"city.toml\"\n[[lever]]\nname = \"depts\"\n[[lever.variant]]\nname = \"other\"\n[[lever.variant.set.department]]\nname = \"health\"\n[[lever.variant.set.matter]]\nname = \"m\"\n[[lever.variant.set.matter.step]]\ndepartment = \"housing\"\n",
		want: []want{{"exp.toml", 4, "lever.depts.variant.other", `matter.m.step.0.department: no department named "housing"`}},
	},
	{
		name: "calibrate: bounds reversed, a target without a value, an unknown key",
		exp:  "base = \"city.toml\"\n[calibrate]\nrepz = 2\n[[calibrate.param]]\npath = \"citizens.b0\"\nlo = 1\nhi = -1\n[[calibrate.target]]\nkpi = \"matters.overall.online_share\"\n",
		want: []want{
			{"exp.toml", 3, "calibrate.repz", `unknown key (did you mean "reps"?)`},
			{"exp.toml", 4, "calibrate.param.0", "wants lo < hi, got 1 and -1"},
			{"exp.toml", 8, "calibrate.target.0.value", "required: the value the KPI should take"},
		},
	},
	{
		name: "calibrate: a parameter path the bases do not have",
		exp:  "base = \"city.toml\"\n[calibrate]\n[[calibrate.param]]\npath = \"platform.data_sharin\"\nlo = 0\nhi = 1\n[[calibrate.target]]\nkpi = \"x\"\nvalue = 1\n",
		want: []want{{"exp.toml", 3, "calibrate.param.0.path", "platform.data_sharin = 0 does not load on base city.toml"}},
	},
}

func TestBadExperiments(t *testing.T) {
	for _, c := range badExperiments {
		t.Run(c.name, func(t *testing.T) {
			_, err := loadExp(map[string]string{"city.toml": cityFile, "exp.toml": c.exp})
			checkProblems(t, err, c.want)
		})
	}
}

// experimentKeys lists the schema paths of every key of an experiment file:
// those of Experiment's tags and, for the factor tables, factorFile's.
func experimentKeys() []string {
	out := schemaKeys("", reflect.TypeFor[Experiment]())
	for _, list := range experimentSchema.extras[reflect.TypeFor[Experiment]()] {
		out = append(out, list)
		out = append(out, schemaKeys(list+".*", reflect.TypeFor[factorFile]())...)
	}
	return out
}

// TestExperimentsDocumentsEveryKey keeps EXPERIMENTS.md true as the
// experiment types grow: every key must appear in it in backticks, as
// `key`, `[table.key]` or `[[list.key]]`.
func TestExperimentsDocumentsEveryKey(t *testing.T) {
	checkDocumented(t, "EXPERIMENTS.md", "`\\[{0,2}(?:[a-z_0-9]+\\.)*([a-z_0-9]+)\\]{0,2}`", experimentKeys())
}

// TestExperimentRulesNameKeys catches a rule for a key that does not exist
// (a typo in experimentSchema would silently check nothing).
func TestExperimentRulesNameKeys(t *testing.T) {
	keys := experimentKeys()
	for p := range experimentSchema.rules {
		if !slices.Contains(keys, p) {
			t.Errorf("experimentSchema has a rule for %q, which is no key of an experiment file", p)
		}
	}
}
