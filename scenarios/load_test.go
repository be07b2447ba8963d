package scenarios

import (
	"errors"
	"math"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/dist"
)

func mustLoad(t *testing.T, src Source, name string, sets ...string) (*model.Config, *Resolved) {
	t.Helper()
	cfg, res, err := src.Load(name, sets)
	if err != nil {
		t.Fatalf("load %s: %v", name, err)
	}
	return cfg, res
}

func deptByName(t *testing.T, cfg *model.Config, name string) *model.Department {
	t.Helper()
	for i := range cfg.Departments {
		if cfg.Departments[i].Name == name {
			return &cfg.Departments[i]
		}
	}
	t.Fatalf("no department %q", name)
	return nil
}

const base = city + `
[platform]
data_sharing = 0.2
online = true

[[department]]
name = "housing"
windows = 3
handlers = 5

[[department]]
name = "police"
windows = 2

[[item]]
name = "hukou"
owner = "police"

[[matter]]
name = "buy"
rate_per_1000 = 1
  [[matter.step]]
  department = "housing"
  [[matter.step]]
  department = "police"
  items = ["hukou"]
`

func TestExtendMerge(t *testing.T) {
	files := map[string]string{
		"dir/base.toml": base,
		"dir/reform.toml": `extend = "base.toml"
remove = ["department.police", "item.hukou"]
name = "reform"

[platform]
one_window = true

[[department]]
name = "housing"
windows = 6

[[department]]
name = "ecology"

[[matter]]
name = "buy"
  [[matter.step]]
  department = "ecology"
`,
	}
	cfg, res := mustLoad(t, memSource(files), "dir/reform.toml")

	// tables merge key by key
	if !cfg.Platform.OneWindow || !cfg.Platform.Online || cfg.Platform.DataSharing != 0.2 {
		t.Errorf("platform not merged key by key: %+v", cfg.Platform)
	}
	// named elements merge field by field, new names append, removed ones go
	var names []string
	for _, d := range cfg.Departments {
		names = append(names, d.Name)
	}
	if !slices.Equal(names, []string{"housing", "ecology"}) {
		t.Errorf("departments %v, want [housing ecology]", names)
	}
	h := deptByName(t, cfg, "housing")
	if h.Windows != 6 || h.Handlers != 5 {
		t.Errorf("housing windows %d handlers %d, want 6 (override) and 5 (kept)", h.Windows, h.Handlers)
	}
	if len(cfg.Items) != 0 {
		t.Errorf("items %v, want none", cfg.Items)
	}
	// unnamed lists (steps) are replaced whole
	m := cfg.Matters[0]
	if len(m.Steps) != 1 || m.Steps[0].DeptName != "ecology" || m.Steps[0].Dept != 1 || m.RatePer1000 != 1 {
		t.Errorf("matter %+v: want one ecology step (index 1) and the base's rate", m)
	}
	// the chain is recorded, top file first
	if len(res.Files) != 2 || res.Files[0].Name != "dir/reform.toml" || res.Files[0].Extends != "base.toml" ||
		res.Files[1].Name != filepath.Join("dir", "base.toml") || res.Files[1].Extends != "" {
		t.Errorf("files %+v", res.Files)
	}
	if cfg.Name != "reform" || cfg.City.Name != "reform" {
		t.Errorf("name %q city %q, want reform", cfg.Name, cfg.City.Name)
	}
}

func TestExtendShipped(t *testing.T) {
	src := Source{ReadFile: memSource(map[string]string{
		"mine.toml": "extend = \"classroom\"\n[platform]\none_window = true\n",
	}).ReadFile}
	cfg, res := mustLoad(t, src, "mine.toml")
	if !cfg.Platform.OneWindow || len(cfg.Departments) == 0 {
		t.Errorf("one window %v, %d departments", cfg.Platform.OneWindow, len(cfg.Departments))
	}
	if cfg.Name != "mine" {
		t.Errorf("name %q, want mine: a scenario is named by its own file, not its base", cfg.Name)
	}
	if len(res.Files) != 2 || !res.Files[1].Shipped || res.Files[1].Name != "shipped:classroom.toml" {
		t.Errorf("files %+v", res.Files)
	}
}

func TestSetPaths(t *testing.T) {
	files := map[string]string{"base.toml": base, "a.toml": "extend = \"base.toml\"\nremove = [\"matter.buy\"]\n" +
		"[[matter]]\nname = \"sell\"\n[[matter.step]]\ndepartment = \"housing\"\n"}
	sets := []string{
		"platform.one_window=true",                  // a table key
		"department.housing.windows=4",              // a named element (from the base file)
		"city.district.east.literacy_mean=0.4",      // a nested named element
		`matter.sell.step.0.window_time="exp(10m)"`, // an unnamed element by index
		"run.horizon=26w",                           // not TOML: read as a string
		"grassroots.delegate=0.3",                   // a table the files do not have
		`department.police.calendar=["Sat 10:00-12:00"]`,
		"department.1.handlers = 9", // an element by index
	}
	cfg, res := mustLoad(t, memSource(files), "a.toml", sets...)
	if !cfg.Platform.OneWindow {
		t.Error("platform.one_window not set")
	}
	if w := deptByName(t, cfg, "housing").Windows; w != 4 {
		t.Errorf("housing windows %d, want 4", w)
	}
	if lm := cfg.City.Districts[0].LiteracyMean; lm != 0.4 {
		t.Errorf("literacy_mean %v, want 0.4", lm)
	}
	if wt := cfg.Matters[0].Steps[0].WindowTime; wt.Kind != dist.KindExp || wt.A != 10 {
		t.Errorf("window_time %v, want exp(10m)", wt)
	}
	if cfg.Run.Horizon != 26*calendar.Week {
		t.Errorf("horizon %v, want 26w", cfg.Run.Horizon)
	}
	if cfg.Grassroots.Delegate != 0.3 {
		t.Errorf("delegate %v", cfg.Grassroots.Delegate)
	}
	police := deptByName(t, cfg, "police")
	if got := police.Calendar.Specs(); !slices.Equal(got, []string{"Sat 10:00-12:00"}) {
		t.Errorf("police calendar %v", got)
	}
	if police.Handlers != 9 {
		t.Errorf("police handlers %d, want 9", police.Handlers)
	}
	if !slices.Equal(res.Sets, sets) {
		t.Errorf("sets recorded %v", res.Sets)
	}
}

func TestDefaultsOnlyForMissingKeys(t *testing.T) {
	explicit := city + `
[platform]
triage_accuracy = 0
hall_factor = 2

[citizens]
b0 = 0

[hall]
windows = 1

[[department]]
name = "zero"
shares_data = 0
return_propensity = 0
handlers = 1

[[matter]]
name = "m"
online_eligible = false
time_limit = "3d"
  [[matter.step]]
  department = "zero"
`
	files := map[string]string{"e.toml": explicit, "d.toml": city + "[[department]]\nname = \"d\"\n[[matter]]\nname = \"m\"\n[[matter.step]]\ndepartment = \"d\"\n"}
	e, _ := mustLoad(t, memSource(files), "e.toml")
	d, _ := mustLoad(t, memSource(files), "d.toml")

	check := func(what string, got, want any) {
		t.Helper()
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s = %v, want %v", what, got, want)
		}
	}
	// explicit zeros and falses are kept
	check("explicit triage_accuracy", e.Platform.TriageAccuracy, 0.0)
	check("explicit b0", e.Citizens.B0, 0.0)
	check("explicit shares_data", e.Departments[0].SharesData, 0.0)
	check("explicit return_propensity", e.Departments[0].ReturnPropensity, 0.0)
	check("explicit online_eligible", e.Matters[0].Online, false)
	check("explicit hall_factor", e.Platform.HallFactor, 2.0)
	// missing keys take FORMAT.md's defaults
	check("seed", d.Run.Seed, uint64(1))
	check("warmup", d.Run.Warmup, 4*calendar.Week)
	check("horizon", d.Run.Horizon, 52*calendar.Week)
	check("triage_accuracy", d.Platform.TriageAccuracy, 0.7)
	check("hall_factor", d.Platform.HallFactor, 1.0)
	check("b0", d.Citizens.B0, -2.0)
	check("clarity", d.Responsibility.Clarity, 0.5)
	check("whistle_response", d.Responsibility.WhistleResponse, calendar.Duration{Value: calendar.Day})
	check("hall windows", d.Halls.Windows, 10)
	check("operators", d.Hotline.Operators, 10)
	check("answer_directly", d.Hotline.AnswerDirectly, 0.6)
	check("street_workers", d.Grassroots.StreetWorkers, 60)
	check("community_workers_per_10k", d.Grassroots.CommunityWorkersPer10k, 18.0)
	check("grassroots shares_data", d.Grassroots.SharesData, 1.0)
	check("drift", d.Adaptation.Drift, 1.0)
	dep := d.Departments[0]
	check("department level", dep.Level, model.LevelDistrict)
	check("department windows", dep.Windows, 2)
	check("department handlers", dep.Handlers, 4)
	check("department shares_data", dep.SharesData, 1.0)
	check("department return_propensity", dep.ReturnPropensity, 0.3)
	check("department label", dep.Label, "d")
	check("certificate_time", dep.CertificateTime.String(), "exp(10m)")
	check("office calendar", dep.Calendar.Specs(), []string{"Mon-Fri 09:00-12:00", "Mon-Fri 13:30-17:30"})
	check("hotline calendar", d.Hotline.Calendar.AlwaysOpen(), true)
	m := d.Matters[0]
	check("online_eligible", m.Online, true)
	check("time_limit", m.TimeLimit, calendar.Duration{Value: 20, Unit: calendar.WorkDays})
	check("window_time", m.Steps[0].WindowTime.String(), "exp(15m)")
	check("collect_time", m.CollectTime.String(), "exp(5m)")
	check("profile", m.Profile, -1)
	check("has hall_time", m.HasHallTime, false)
	// drain: twice the 20wd limit on the office calendar (7 h a day, 35 h a
	// week): 20 × 7 h of work spread over a week of 168 h = 4 weeks, so 8 weeks.
	check("drain", d.Run.Drain, 8*calendar.Week)
	check("explicit-limit drain", e.Run.Drain, 6*calendar.Day)
}

func TestGeneratedCity(t *testing.T) {
	src := `[city]
spacing_km = 2

[[city.district]]
name = "west"
population = 10007
streets = 3
communities_per_street = 3

[[city.district]]
name = "east"
population = 50
streets = 1
communities_per_street = 2

[grassroots]
street_workers = 7
community_workers_per_10k = 18
`
	cfg, _ := mustLoad(t, memSource(map[string]string{"g.toml": src}), "g.toml")
	west := cfg.City.Districts[0]
	if len(west.Streets) != 3 {
		t.Fatalf("%d streets, want 3", len(west.Streets))
	}
	total := 0
	var pops []int
	for s, st := range west.Streets {
		if want := "west-s" + string(rune('1'+s)); st.Name != want || st.Label != want || st.Workers != 7 {
			t.Errorf("street %d: %q label %q workers %d", s, st.Name, st.Label, st.Workers)
		}
		if len(st.Communities) != 3 {
			t.Fatalf("street %s: %d communities", st.Name, len(st.Communities))
		}
		var cx, cy float64
		for c, co := range st.Communities {
			if want := st.Name + "-c" + string(rune('1'+c)); co.Name != want {
				t.Errorf("community %q, want %q", co.Name, want)
			}
			total += co.Population
			pops = append(pops, co.Population)
			if want := max(1, int(math.Round(18*float64(co.Population)/1e4))); co.Workers != want {
				t.Errorf("%s workers %d, want %d", co.Name, co.Workers, want)
			}
			cx += co.Position[0]
			cy += co.Position[1]
		}
		if want := [2]float64{metre(cx / 3), metre(cy / 3)}; st.Position != want {
			t.Errorf("street %s at %v, want its communities' centroid %v", st.Name, st.Position, want)
		}
	}
	// 10007 = 9 × 1111 + 8: the first eight communities get one more
	if total != 10007 || !slices.Equal(pops, []int{1112, 1112, 1112, 1112, 1112, 1112, 1112, 1112, 1111}) {
		t.Errorf("populations %v (sum %d)", pops, total)
	}
	// a 3 × 3 grid, 2 km apart, row by row
	var got [][2]float64
	for _, st := range west.Streets {
		for _, co := range st.Communities {
			got = append(got, co.Position)
		}
	}
	want := [][2]float64{{0, 0}, {2, 0}, {4, 0}, {0, 2}, {2, 2}, {4, 2}, {0, 4}, {2, 4}, {4, 4}}
	if !slices.Equal(got, want) {
		t.Errorf("positions %v, want %v", got, want)
	}
	if west.Position != [2]float64{2, 2} {
		t.Errorf("district at %v, want the centroid [2 2]", west.Position)
	}
	// districts on a grid of cells one community wider than the widest district
	east := cfg.City.Districts[1]
	if p := east.Streets[0].Communities[0].Position; p != [2]float64{8, 0} {
		t.Errorf("east's first community at %v, want [8 0]", p)
	}
	if pops := []int{east.Streets[0].Communities[0].Population, east.Streets[0].Communities[1].Population}; pops[0]+pops[1] != 50 {
		t.Errorf("east populations %v", pops)
	}

	// with run.scale the district population is scaled, then split
	cfg, res := mustLoad(t, memSource(map[string]string{"g.toml": src}), "g.toml", "run.scale=0.1")
	total = 0
	for _, st := range cfg.City.Districts[0].Streets {
		for _, co := range st.Communities {
			total += co.Population
		}
	}
	if total != 1001 || res.Scale != 0.1 || cfg.Run.Scale != 1 {
		t.Errorf("scaled population %d (want 1001), res.Scale %v, cfg scale %v", total, res.Scale, cfg.Run.Scale)
	}
}

func TestScale(t *testing.T) {
	src := city + "[[department]]\nname = \"d\"\n[[matter]]\nname = \"m\"\nrate = 8\n[[matter.step]]\ndepartment = \"d\"\n" +
		"[[ticket]]\nname = \"t\"\nrate_per_1000 = 3\nowner = \"d\"\n"
	cfg, res := mustLoad(t, memSource(map[string]string{"s.toml": src}), "s.toml", "run.scale=0.25")
	if cfg.Matters[0].Rate != 2 || cfg.Tickets[0].RatePer1000 != 3 || cfg.City.Districts[0].Streets[0].Communities[0].Population != 25 {
		t.Errorf("rate %v, per 1000 %v, population %d: want 2, 3 (unscaled), 25",
			cfg.Matters[0].Rate, cfg.Tickets[0].RatePer1000, cfg.City.Districts[0].Streets[0].Communities[0].Population)
	}
	if res.Scale != 0.25 || cfg.Run.Scale != 1 {
		t.Errorf("scale %v in Resolved, %v in Config; want 0.25 and 1 (folded in)", res.Scale, cfg.Run.Scale)
	}
}

func TestInterventionsCumulative(t *testing.T) {
	cfg, _ := mustLoad(t, Source{}, "testdata/good/full.toml")
	if len(cfg.Interventions) != 2 {
		t.Fatalf("%d interventions", len(cfg.Interventions))
	}
	first, second := cfg.Interventions[0], cfg.Interventions[1]
	if first.Name != "one window" || first.At != 12*calendar.Week || second.Name != "whistle later" {
		t.Errorf("not sorted by time: %q at %v, then %q", first.Name, first.At, second.Name)
	}
	if !slices.Equal(first.Set, []string{"platform.data_sharing = 0.9", "platform.one_window = true", `platform.transfer = "2h"`}) {
		t.Errorf("set lines %q", first.Set)
	}
	if !first.Levers.OneWindow || first.Levers.DataSharing != 0.9 || first.Levers.Online != true || first.Responsibility.Whistle {
		t.Errorf("first levers %+v %+v", first.Levers, first.Responsibility)
	}
	// the second builds on the first
	if !second.Levers.OneWindow || second.Levers.DataSharing != 0.9 || !second.Responsibility.Whistle ||
		second.Responsibility.BounceLimit != 1 || second.Responsibility.Clarity != 0.3 {
		t.Errorf("second levers %+v %+v", second.Levers, second.Responsibility)
	}
	// the base levers are untouched
	if cfg.Platform.OneWindow || cfg.Responsibility.Whistle {
		t.Error("an intervention changed the initial levers")
	}
}

func TestResolvedReferences(t *testing.T) {
	cfg, _ := mustLoad(t, Source{}, "testdata/good/full.toml")
	noise, leak := cfg.Tickets[0], cfg.Tickets[1]
	if noise.Owner != -1 || noise.Enforcer != 1 || !slices.Equal(noise.Plausible, []int{0, 1, 2}) {
		t.Errorf("noise owner %d enforcer %d plausible %v", noise.Owner, noise.Enforcer, noise.Plausible)
	}
	if leak.Owner != 0 || leak.Enforcer != 0 || leak.EnforcerName != "housing" || !slices.Equal(leak.Plausible, []int{0, 2}) {
		t.Errorf("leak owner %d enforcer %d %q plausible %v", leak.Owner, leak.Enforcer, leak.EnforcerName, leak.Plausible)
	}
	buy := cfg.Matters[0]
	if buy.Profile != 0 || !slices.Equal(buy.Steps[0].Items, []int{0, 1}) || buy.Steps[1].Dept != 1 || !buy.HasHallTime {
		t.Errorf("buy %+v", buy)
	}
	if it := cfg.Items[1]; it.Owner != model.OwnerCommunity || it.Dept != -1 || it.Label != "居住证明" {
		t.Errorf("item %+v", it)
	}
	if tk := cfg.Departments[0].Tasks[1]; tk.Target != model.OwnerCommunity {
		t.Errorf("task %+v", tk)
	}
	if p := cfg.Profiles[1].Profile; p.Weekday[0] != 2*7.0/6 || p.Hour[5] != 1 {
		t.Errorf("weekly profile %+v", p)
	}
	if st := cfg.Halls.Staffing; st.Max() != 8 || st.Base() != 4 {
		t.Errorf("hall staffing %v", st)
	}
	if d := cfg.Departments[0].CertificateTime; d.Kind != dist.KindEmpirical || len(d.Values) != 4 {
		t.Errorf("certificate time from file: %v", d)
	}
}

// TestRoundTrip loads every shipped scenario and every good test file,
// encodes it, loads the encoding and compares: deep-equal configs, equal
// hashes.
func TestRoundTrip(t *testing.T) {
	type job struct {
		name string
		sets []string
	}
	var jobs []job
	for _, in := range Shipped() {
		jobs = append(jobs, job{in.Name, nil})
	}
	good, _ := filepath.Glob("testdata/good/*.toml")
	for _, g := range good {
		jobs = append(jobs, job{g, nil})
	}
	jobs = append(jobs, job{"testdata/good/full.toml", []string{"run.scale=0.3", "platform.online=false"}})
	if len(jobs) < 3 {
		t.Fatalf("only %d scenarios", len(jobs))
	}
	for _, j := range jobs {
		t.Run(filepath.Base(j.name), func(t *testing.T) {
			cfg, res, err := Load(j.name, j.sets)
			if err != nil {
				t.Fatal(err)
			}
			cfg2, res2, err := LoadBytes(cfg.Name+".toml", res.Canonical, nil)
			if err != nil {
				t.Fatalf("canonical form does not load: %v", err)
			}
			if d := diff(cfg, cfg2); len(d) > 0 || !reflect.DeepEqual(cfg, cfg2) {
				t.Errorf("round trip differs: %v", d)
			}
			if res.Hash != res2.Hash || string(res.Canonical) != string(res2.Canonical) {
				t.Error("the canonical form is not a fixed point")
			}
		})
	}
}

func TestHashChangesWithContent(t *testing.T) {
	_, a := mustLoad(t, Source{}, "classroom")
	_, b := mustLoad(t, Source{}, "classroom.toml")
	_, c := mustLoad(t, Source{}, "classroom", "run.seed=2")
	if a.Hash != b.Hash || a.Hash == c.Hash || len(a.Hash) != 64 {
		t.Errorf("hashes %s %s %s", a.Hash, b.Hash, c.Hash)
	}
}

func TestShipped(t *testing.T) {
	list := Shipped()
	if len(list) == 0 {
		t.Fatal("no shipped scenarios")
	}
	if !slices.IsSortedFunc(list, func(a, b Info) int { return strings.Compare(a.Name, b.Name) }) {
		t.Error("not sorted by name")
	}
	for _, in := range list {
		if in.Description == "" {
			t.Errorf("%s has no description", in.Name)
		}
		a, err1 := ReadShipped(in.Name)
		b, err2 := ReadShipped(in.Name + ".toml")
		if err1 != nil || err2 != nil || string(a) != string(b) || len(a) == 0 {
			t.Errorf("ReadShipped(%s): %v %v", in.Name, err1, err2)
		}
	}
	if _, err := ReadShipped("no-such"); err == nil {
		t.Error("ReadShipped of a missing name succeeded")
	}
	// a file on disk wins over a shipped scenario of the same name
	src := Source{ReadFile: memSource(map[string]string{"classroom": "name = \"local\"\n" + city}).ReadFile}
	_, res := mustLoad(t, src, "classroom")
	if res.Files[0].Shipped {
		t.Error("the shipped scenario won over the file on disk")
	}
	// an unknown name suggests a shipped one
	_, _, err := Load("clasroom", nil)
	if err == nil || !strings.Contains(err.Error(), `clasroom: no such file, and no shipped scenario of that name (did you mean "classroom"?)`) {
		t.Errorf("error %v", err)
	}
}

// TestFormatDocumentsEveryKey keeps FORMAT.md true as config.go grows:
// every TOML key of model.Config must appear in it as `key`.
func TestFormatDocumentsEveryKey(t *testing.T) {
	checkDocumented(t, "FORMAT.md", "[`\\[.]([a-z_0-9]+)", schemaKeys("", reflect.TypeFor[model.Config]()))
}

// TestDefaultsComplete catches a field added to config.go without a
// default here: every distribution must have been built from a spec
// (unit Duration), every calendar set.
func TestDefaultsComplete(t *testing.T) {
	df := newDefaults(mustCalendar(officeSpecs...))
	cfg := df.config()
	values := []any{cfg}
	for _, v := range []any{model.District{}, model.Department{}, model.TaskStream{}, model.MatterType{}, model.Step{}, model.TicketType{}} {
		if e := df.element(v); e != nil {
			values = append(values, e)
		}
	}
	var walk func(path string, v reflect.Value)
	walk = func(path string, v reflect.Value) {
		switch {
		case v.Type() == distType && !strings.HasSuffix(path, ".HallTime"): // HallTime: see HasHallTime
			if v.Interface().(dist.Dist).Unit() != dist.Duration {
				t.Errorf("%s has no default distribution", path)
			}
		case v.Type() == calendarType:
			if v.IsNil() {
				t.Errorf("%s has no default calendar", path)
			}
		case v.Kind() == reflect.Struct && v.Type() != durationType:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if f.IsExported() && f.Tag.Get("toml") != "-" {
					walk(path+"."+f.Name, v.Field(i))
				}
			}
		}
	}
	for _, v := range values {
		walk(reflect.TypeOf(v).Name(), reflect.ValueOf(v))
	}
}

// TestSchemaCoversConfig fails when config.go gains a field type that the
// decoder and the encoder do not know (instead of a panic at load time).
func TestSchemaCoversConfig(t *testing.T) {
	if u := unsupported(reflect.TypeFor[model.Config]()); len(u) > 0 {
		t.Errorf("fields of unsupported types: %v", u)
	}
}

func TestRemove(t *testing.T) {
	files := map[string]string{
		"base.toml": base + "[hotline]\noperators = 3\n",
		"a.toml":    "extend = \"base.toml\"\nremove = [\"hotline.operators\", \"matter.buy.step.1\"]\n",
	}
	cfg, _ := mustLoad(t, memSource(files), "a.toml")
	if cfg.Hotline.Operators != 10 {
		t.Errorf("operators %d, want the default 10 after removing the key", cfg.Hotline.Operators)
	}
	if steps := cfg.Matters[0].Steps; len(steps) != 1 || steps[0].DeptName != "housing" {
		t.Errorf("steps %+v, want the police step removed by index", steps)
	}
}

func TestLoadErrorsAreErrors(t *testing.T) {
	for _, name := range []string{"no-such-file.toml", ".", "testdata"} {
		_, _, err := Load(name, nil)
		var e *Error
		if !errors.As(err, &e) || len(e.Problems) != 1 || e.Problems[0].File != name || !strings.HasPrefix(err.Error(), "scenarios: ") {
			t.Errorf("Load(%q): %v", name, err)
		}
	}
}
