package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Manifest is a run's manifest.json (docs/OUTPUT.md), as the run wrote it.
type Manifest = experiments.Manifest

// Daily is a run's timeseries.csv: one row per simulated day.
type Daily struct {
	Columns []string    // the numeric columns, in file order
	Day     []float64   // day numbers
	Phase   []string    // warmup, observe, drain
	Values  [][]float64 // Values[c][row]; NaN where the cell is empty
}

// Column returns the values of a named column.
func (d *Daily) Column(name string) ([]float64, bool) {
	i := slices.Index(d.Columns, name)
	if i < 0 {
		return nil, false
	}
	return d.Values[i], true
}

// Run is one `sim run` output directory.
type Run struct {
	Dir      string
	Summary  *model.Results
	KPI      map[string]float64 // summary.json flattened (scenarios/EXPERIMENTS.md names)
	Manifest Manifest
	Daily    *Daily // nil when timeseries.csv is missing
}

// ReadRun reads a `sim run` output directory: summary.json and
// manifest.json (required) and timeseries.csv (optional).
func ReadRun(dir string) (*Run, error) {
	r := &Run{Dir: dir}
	data, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	r.Summary = new(model.Results)
	if err := experiments.DecodeJSON(data, r.Summary); err != nil {
		return nil, fmt.Errorf("report: %s: %w", filepath.Join(dir, "summary.json"), err)
	}
	r.KPI = map[string]float64{}
	names, values := experiments.FlattenKPIs(r.Summary)
	for i, n := range names {
		r.KPI[n] = values[i]
	}
	mpath := filepath.Join(dir, "manifest.json")
	data, err = os.ReadFile(mpath)
	if err != nil {
		return nil, fmt.Errorf("report: %w (a run directory has summary.json and manifest.json)", err)
	}
	if err := experiments.DecodeJSON(data, &r.Manifest); err != nil {
		return nil, fmt.Errorf("report: %s: %w", mpath, err)
	}
	if r.Manifest.ScenarioHash == "" {
		return nil, fmt.Errorf("report: %s: no scenario_hash: not the manifest of a run", mpath)
	}
	f, err := os.Open(filepath.Join(dir, "timeseries.csv"))
	switch {
	case errors.Is(err, os.ErrNotExist):
	case err != nil:
		return nil, fmt.Errorf("report: %w", err)
	default:
		defer f.Close()
		r.Daily, err = ReadDaily(f)
		if err != nil {
			return nil, fmt.Errorf("report: %s: %w", filepath.Join(dir, "timeseries.csv"), err)
		}
	}
	return r, nil
}

// ReadDaily reads a timeseries.csv.
func ReadDaily(rd io.Reader) (*Daily, error) {
	cr := csv.NewReader(rd)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("no header: %w", err)
	}
	d := &Daily{}
	dayCol, phaseCol := -1, -1
	var cols []int
	for i, h := range head {
		switch h {
		case "day":
			dayCol = i
		case "phase":
			phaseCol = i
		default:
			cols = append(cols, i)
			d.Columns = append(d.Columns, h)
		}
	}
	if dayCol < 0 {
		return nil, errors.New("no day column")
	}
	d.Values = make([][]float64, len(cols))
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		day, err := strconv.ParseFloat(rec[dayCol], 64)
		if err != nil {
			return nil, fmt.Errorf("line %d: day %q: %w", line, rec[dayCol], err)
		}
		d.Day = append(d.Day, day)
		if phaseCol >= 0 {
			d.Phase = append(d.Phase, rec[phaseCol])
		}
		for j, c := range cols {
			v := math.NaN()
			if s := rec[c]; s != "" {
				if v, err = strconv.ParseFloat(s, 64); err != nil {
					return nil, fmt.Errorf("line %d: %s %q: %w", line, head[c], s, err)
				}
			}
			d.Values[j] = append(d.Values[j], v)
		}
	}
	return d, nil
}

// Scenario is one scenario of a study with its replications.
type Scenario struct {
	Name     string   // the scenario's name
	Label    string   // what the report calls it (unique within the study)
	Hash     string   // sha256 of the resolved scenario
	Resolved string   // the canonical resolved scenario (TOML); "" for sweep points
	Sets     []string // --set values, or a sweep point's factor settings
	Values   map[string]string
	Seeds    []uint64
	// KPI holds each KPI's value per replication, in the order of Seeds.
	KPI  map[string][]float64
	Runs []*Run // run directories (nil for a sweep)
	// Summary holds the point statistics of a sweep (points.csv): the CI
	// of each KPI's mean as the sweep computed it.
	Summary map[string]Estimate
}

// Study is what a report or chart is drawn from: scenarios and their
// replications, the first scenario being the baseline.
type Study struct {
	Source    string // "runs", "sweep", "compare" or "optimize"
	Dirs      []string
	Scenarios []*Scenario
	Level     float64 // confidence level of every CI
	Version   string  // tool version (of the first manifest)
	Seed      uint64  // the root seed of a sweep or comparison
	// Comparisons are the paired reform − baseline differences a `sim
	// compare` wrote (compare.json), used as they are.
	Comparisons []Comparison
	// Columns are a sweep's factor columns (points.csv), in order.
	Columns  []string
	Commands []string // commands that reproduce the outputs
	Notes    []string // what the data could not support (said in the report)
	// Optimize is a policy search's summary (`sim optimize`,
	// optimize.json); the study then has no scenarios.
	Optimize *experiments.OptimizeSummary
}

// Comparison is one row of compare.json.
type Comparison struct {
	Reform     string  `json:"reform"`
	KPI        string  `json:"kpi"`
	N          int     `json:"n"`
	BaseMean   float64 `json:"base_mean"`
	ReformMean float64 `json:"reform_mean"`
	Diff       float64 `json:"diff"`
	HalfWidth  float64 `json:"half_width"`
	Low        float64 `json:"ci_low"`
	High       float64 `json:"ci_high"`
	Relative   float64 `json:"relative"`
	Excludes0  bool    `json:"significant"`
	PerCost    float64 `json:"per_cost"`
}

type compareFile struct {
	Base         string       `json:"base"`
	Reforms      []string     `json:"reforms"`
	Seed         uint64       `json:"seed"`
	Level        float64      `json:"level"`
	Replications int          `json:"replications"`
	Comparisons  []Comparison `json:"comparisons"`
}

// DefaultLevel is the confidence level of CIs computed here.
const DefaultLevel = 0.95

// Load reads output directories into a study: any number of `sim run`
// directories (grouped into scenarios by scenario hash, the first
// directory's scenario being the baseline; several seeds of a scenario are
// its replications), or one `sim sweep` or `sim compare` directory.
func Load(dirs ...string) (*Study, error) {
	if len(dirs) == 0 {
		return nil, errors.New("report: no output directories given")
	}
	var runDirs, other []string
	for _, d := range dirs {
		st, err := os.Stat(d)
		if err != nil {
			return nil, fmt.Errorf("report: %w", err)
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("report: %s is not a directory", d)
		}
		if len(dirs) == 1 && exists(filepath.Join(d, experiments.OptimizeJSON)) {
			sum, err := experiments.ReadOptimizeSummary(d)
			if err != nil {
				return nil, fmt.Errorf("report: %w", err)
			}
			return &Study{Source: "optimize", Dirs: dirs, Level: sum.Level, Optimize: sum}, nil
		}
		switch {
		case exists(filepath.Join(d, "summary.json")):
			runDirs = append(runDirs, d)
		case exists(filepath.Join(d, "runs.csv")):
			other = append(other, d)
		default:
			return nil, fmt.Errorf("report: %s holds neither summary.json (a `sim run` directory) nor runs.csv (a `sim sweep` or `sim compare` directory)", d)
		}
	}
	switch {
	case len(other) > 1 || len(other) == 1 && len(runDirs) > 0:
		return nil, fmt.Errorf("report: give one sweep or comparison directory, or any number of run directories (got %d run and %d sweep directories)", len(runDirs), len(other))
	case len(other) == 1:
		return loadSweep(other[0])
	}
	return loadRuns(runDirs)
}

func exists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

func loadRuns(dirs []string) (*Study, error) {
	s := &Study{Source: "runs", Dirs: dirs, Level: DefaultLevel}
	byHash := map[string]*Scenario{}
	for _, d := range dirs {
		r, err := ReadRun(d)
		if err != nil {
			return nil, err
		}
		m := &r.Manifest
		sc := byHash[m.ScenarioHash]
		if sc == nil {
			sc = &Scenario{Name: m.Scenario, Hash: m.ScenarioHash, Resolved: m.Resolved, Sets: m.Sets, KPI: map[string][]float64{}}
			byHash[m.ScenarioHash] = sc
			s.Scenarios = append(s.Scenarios, sc)
		}
		if slices.Contains(sc.Seeds, m.Seed) {
			continue // the same run twice (runs are pure functions of scenario and seed)
		}
		sc.Runs = append(sc.Runs, r)
		sc.Seeds = append(sc.Seeds, m.Seed)
		if s.Version == "" {
			s.Version = m.Version
		}
	}
	for _, sc := range s.Scenarios {
		// replications in seed order, KPIs aligned with them
		sort.SliceStable(sc.Runs, func(i, j int) bool { return sc.Runs[i].Manifest.Seed < sc.Runs[j].Manifest.Seed })
		sc.Seeds = sc.Seeds[:0]
		keys := map[string]bool{}
		for _, r := range sc.Runs {
			sc.Seeds = append(sc.Seeds, r.Manifest.Seed)
			for k := range r.KPI {
				keys[k] = true
			}
		}
		for k := range keys {
			vs := make([]float64, len(sc.Runs))
			for i, r := range sc.Runs {
				v, ok := r.KPI[k]
				if !ok {
					v = math.NaN()
				}
				vs[i] = v
			}
			sc.KPI[k] = vs
		}
		var sets []string
		for _, r := range sc.Runs {
			m := r.Manifest
			cmd := "sim run " + shellQuote(scenarioArg(m)) + " --seed " + strconv.FormatUint(m.Seed, 10)
			for _, st := range m.Sets {
				cmd += " --set " + shellQuote(st)
			}
			cmd += " --out " + shellQuote(r.Dir)
			s.Commands = append(s.Commands, cmd)
			sets = m.Sets
		}
		sc.Sets = sets
	}
	labelScenarios(s.Scenarios)
	return s, nil
}

// scenarioArg is how to name a run's scenario on the command line: a
// shipped name, or the file it was read from.
func scenarioArg(m Manifest) string {
	if len(m.Files) > 0 {
		f := m.Files[0]
		if f.Shipped {
			return strings.TrimSuffix(strings.TrimPrefix(f.Name, "shipped:"), ".toml")
		}
		return f.Name
	}
	return m.Scenario
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=@:,+", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// labelScenarios gives every scenario a unique label: its name, with the
// --set values that set it apart when names repeat (values every scenario
// of that name shares are left out), and a short hash when even those are
// equal.
func labelScenarios(ss []*Scenario) {
	byName := map[string][]*Scenario{}
	for _, s := range ss {
		byName[s.Name] = append(byName[s.Name], s)
	}
	for _, s := range ss {
		s.Label = s.Name
		same := byName[s.Name]
		if len(same) < 2 {
			continue
		}
		var own []string
		for _, set := range s.Sets {
			shared := true
			for _, o := range same {
				shared = shared && slices.Contains(o.Sets, set)
			}
			if !shared {
				own = append(own, set)
			}
		}
		if len(own) > 0 {
			s.Label += " + " + strings.Join(own, ", ")
		}
	}
	labels := map[string]int{}
	for _, s := range ss {
		labels[s.Label]++
	}
	for _, s := range ss {
		if labels[s.Label] > 1 {
			s.Label += fmt.Sprintf(" (%.8s)", s.Hash)
		}
	}
}

// plan is what the report reads of a sweep's manifest.json.
type plan struct {
	Tool       string   `json:"tool"`
	Version    string   `json:"version"`
	Experiment string   `json:"experiment"`
	File       string   `json:"file"`
	Seed       uint64   `json:"seed"`
	Set        []string `json:"set"`
	Bases      []struct {
		Name string `json:"name"`
		Hash string `json:"scenario_hash"`
	} `json:"bases"`
	Replications struct {
		Level float64 `json:"level"`
	} `json:"replications"`
	Columns []struct {
		Name string `json:"name"`
	} `json:"columns"`
	Points []struct {
		ID       int      `json:"id"`
		Scenario string   `json:"scenario"`
		Sets     []string `json:"sets"`
		Hash     string   `json:"scenario_hash"`
	} `json:"points"`
}

// loadSweep reads a sweep or comparison directory: manifest.json (the
// plan), runs.csv (every run's KPIs), points.csv (each point's CIs) and,
// for a comparison, compare.json.
func loadSweep(dir string) (*Study, error) {
	s := &Study{Source: "sweep", Dirs: []string{dir}, Level: DefaultLevel}
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	var p plan
	if err := experiments.DecodeJSON(data, &p); err != nil {
		return nil, fmt.Errorf("report: %s: %w", filepath.Join(dir, "manifest.json"), err)
	}
	if len(p.Points) == 0 {
		return nil, fmt.Errorf("report: %s: no points: not the manifest of a sweep", filepath.Join(dir, "manifest.json"))
	}
	s.Version, s.Seed = p.Version, p.Seed
	if p.Replications.Level > 0 {
		s.Level = p.Replications.Level
	}
	for _, c := range p.Columns {
		s.Columns = append(s.Columns, c.Name)
	}
	byID := map[int]*Scenario{}
	for _, pt := range p.Points {
		sc := &Scenario{Name: pt.Scenario, Hash: pt.Hash, Sets: pt.Sets, KPI: map[string][]float64{}, Values: map[string]string{}}
		byID[pt.ID] = sc
		s.Scenarios = append(s.Scenarios, sc)
	}
	// runs.csv: point, lever_set, world, replication, seed, scenario, columns…, KPIs…
	f, err := os.Open(filepath.Join(dir, "runs.csv"))
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("report: %s: %w", filepath.Join(dir, "runs.csv"), err)
	}
	col := func(n string) int { return slices.Index(head, n) }
	ip, iseed := col("point"), col("seed")
	if ip < 0 || iseed < 0 {
		return nil, fmt.Errorf("report: %s: no point or seed column", filepath.Join(dir, "runs.csv"))
	}
	first := max(col("scenario"), iseed) + 1 + len(s.Columns)
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("report: %s: %w", filepath.Join(dir, "runs.csv"), err)
		}
		id, err := strconv.Atoi(rec[ip])
		sc := byID[id]
		if err != nil || sc == nil {
			return nil, fmt.Errorf("report: %s:%d: point %q is not in the manifest", filepath.Join(dir, "runs.csv"), line, rec[ip])
		}
		seed, err := strconv.ParseUint(rec[iseed], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("report: %s:%d: seed %q: %w", filepath.Join(dir, "runs.csv"), line, rec[iseed], err)
		}
		sc.Seeds = append(sc.Seeds, seed)
		for j, c := range s.Columns {
			if k := first - len(s.Columns) + j; k < len(rec) {
				sc.Values[c] = rec[k]
			}
		}
		for k := first; k < len(head) && k < len(rec); k++ {
			v := math.NaN()
			if rec[k] != "" {
				if v, err = strconv.ParseFloat(rec[k], 64); err != nil {
					return nil, fmt.Errorf("report: %s:%d: %s %q: %w", filepath.Join(dir, "runs.csv"), line, head[k], rec[k], err)
				}
			}
			sc.KPI[head[k]] = append(sc.KPI[head[k]], v)
		}
	}
	// a sweep point is named by its factor values: "classroom: one_window
	// = true, data_sharing = 0.6" (the column names without role prefix)
	for _, sc := range s.Scenarios {
		var parts []string
		for _, c := range s.Columns {
			if v, ok := sc.Values[c]; ok {
				parts = append(parts, shortColumn(c)+"="+v)
			}
		}
		if len(parts) > 0 {
			sc.Label = sc.Name + ": " + strings.Join(parts, ", ")
		}
	}
	if err := readPoints(filepath.Join(dir, "points.csv"), byID); err != nil {
		return nil, err
	}
	if data, err := os.ReadFile(filepath.Join(dir, "compare.json")); err == nil {
		var cf compareFile
		if err := experiments.DecodeJSON(data, &cf); err != nil {
			return nil, fmt.Errorf("report: %s: %w", filepath.Join(dir, "compare.json"), err)
		}
		s.Source = "compare"
		s.Comparisons = cf.Comparisons
		if cf.Level > 0 {
			s.Level = cf.Level
		}
		s.Seed = cf.Seed
		// a comparison's points are its scenarios: name them as given
		for i, sc := range s.Scenarios {
			if i == 0 && cf.Base != "" {
				sc.Name = scenarioName(cf.Base)
			} else if i > 0 && i-1 < len(cf.Reforms) {
				sc.Name = scenarioName(cf.Reforms[i-1])
			}
		}
		cmd := "sim compare " + shellQuote(cf.Base)
		for _, r := range cf.Reforms {
			cmd += " " + shellQuote(r)
		}
		cmd += fmt.Sprintf(" --seed %d --out %s", cf.Seed, shellQuote(dir))
		s.Commands = append(s.Commands, cmd)
	} else {
		name := p.File
		if name == "" {
			name = p.Experiment + ".toml"
		}
		s.Commands = append(s.Commands, "sim sweep "+shellQuote(name)+" --out "+shellQuote(dir))
	}
	if s.Source == "compare" || len(s.Columns) == 0 {
		labelScenarios(s.Scenarios)
	}
	return s, nil
}

// scenarioName is a scenario as named on the command line, without its
// directory and .toml: reforms/one-window.toml → one-window.
func scenarioName(arg string) string {
	return strings.TrimSuffix(filepath.Base(arg), ".toml")
}

// shortColumn drops the role and path of a sweep's factor column:
// lever.platform.one_window → one_window.
func shortColumn(c string) string {
	for _, p := range []string{"lever.", "uncertainty."} {
		c = strings.TrimPrefix(c, p)
	}
	return c[strings.LastIndex(c, ".")+1:]
}

// readPoints reads points.csv, the CI of each KPI at each point (missing:
// the CIs are then computed from runs.csv).
func readPoints(path string, byID map[int]*Scenario) error {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	head, err := cr.Read()
	if err != nil {
		return fmt.Errorf("report: %s: %w", path, err)
	}
	col := func(n string) int { return slices.Index(head, n) }
	ip, ik, in, im, ilo, ihi := col("point"), col("kpi"), col("n"), col("mean"), col("ci_low"), col("ci_high")
	if ip < 0 || ik < 0 || im < 0 || ilo < 0 || ihi < 0 || in < 0 {
		return fmt.Errorf("report: %s: want columns point, kpi, n, mean, ci_low, ci_high", path)
	}
	num := func(s string) float64 {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return math.NaN()
		}
		return v
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("report: %s: %w", path, err)
		}
		id, _ := strconv.Atoi(rec[ip])
		sc := byID[id]
		if sc == nil {
			continue
		}
		if sc.Summary == nil {
			sc.Summary = map[string]Estimate{}
		}
		n, _ := strconv.Atoi(rec[in])
		e := Estimate{Mean: num(rec[im]), Lo: num(rec[ilo]), Hi: num(rec[ihi]), N: n}
		e.HasCI = stats.Finite(e.Lo) && stats.Finite(e.Hi)
		sc.Summary[rec[ik]] = e
	}
}
