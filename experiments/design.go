package experiments

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/tiaokuai/tiaokuai/experiments/analysis"
	"github.com/tiaokuai/tiaokuai/model/rng"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// Plan is an experiment expanded into points: the content of a sweep's
// manifest.json, and everything, with the journal of finished runs, that
// the output files are written from. Two plans with the same Hash describe
// the same runs.
type Plan struct {
	Tool          string           `json:"tool"`
	Version       string           `json:"version"`
	Experiment    string           `json:"experiment"`
	Description   string           `json:"description"`
	File          string           `json:"file"` // the experiment file's base name
	FileSHA256    string           `json:"file_sha256"`
	Hash          string           `json:"hash"` // sha256 of this manifest without hash and shard
	Seed          uint64           `json:"seed"`
	Set           []string         `json:"set"`
	Bases         []PlanBase       `json:"bases"`
	Levers        PlanDesign       `json:"levers"`
	Uncertainties PlanDesign       `json:"uncertainties"`
	Replications  PlanReplications `json:"replications"`
	Output        PlanOutput       `json:"output"`
	Columns       []Column         `json:"columns"` // the point columns of every output row, after scenario
	Points        []Point          `json:"points"`
	Shard         *Shard           `json:"shard,omitempty"`
}

// PlanBase is a base scenario and the hash of its resolved form (with the
// experiment's fixed sets).
type PlanBase struct {
	Name string `json:"name"`
	Hash string `json:"scenario_hash"`
}

// PlanDesign records how one role's points were made.
type PlanDesign struct {
	Sample  string       `json:"sample"`
	N       int          `json:"n"`
	Levels  int          `json:"levels,omitempty"` // of a Morris grid
	Factors []PlanFactor `json:"factors"`
	Points  int          `json:"points"` // lever sets or worlds
}

// PlanFactor is a factor as run.
type PlanFactor struct {
	Name   string     `json:"name"`
	Path   string     `json:"path,omitempty"`
	Levels []string   `json:"levels,omitempty"`
	Range  *PlanRange `json:"range,omitempty"`
}

// PlanRange is a continuous factor's range (scenarios.Range).
type PlanRange struct {
	Lo      float64 `json:"lo"`
	Hi      float64 `json:"hi"`
	Levels  int     `json:"levels,omitempty"`
	Log     bool    `json:"log,omitempty"`
	Integer bool    `json:"integer,omitempty"`
	Format  string  `json:"format,omitempty"`
}

// PlanReplications is the replication rule.
type PlanReplications struct {
	N       int          `json:"n,omitempty"`
	Min     int          `json:"min,omitempty"`
	Batch   int          `json:"batch,omitempty"`
	Max     int          `json:"max,omitempty"`
	Level   float64      `json:"level"`
	Paired  bool         `json:"paired"`
	Targets []PlanTarget `json:"targets"`
}

// PlanTarget is a precision target.
type PlanTarget struct {
	KPI       string  `json:"kpi"`
	HalfWidth float64 `json:"half_width,omitempty"`
	Relative  float64 `json:"relative,omitempty"`
	Line      int     `json:"-"`
}

// PlanOutput says what a sweep writes.
type PlanOutput struct {
	KPIs       []string `json:"kpis"`
	Timeseries bool     `json:"timeseries"`
}

// Column is a point column of the outputs: a lever or an uncertainty.
type Column struct {
	Name string `json:"name"` // "lever.platform.one_window", "uncertainty.citizens.b0"
	Role string `json:"role"` // "lever" or "uncertainty"
	Type string `json:"type"` // "number", "bool" or "string"
}

// Point is one combination of a base, a lever set and a world.
type Point struct {
	ID       int      `json:"id"`
	Scenario string   `json:"scenario"` // the base, as named in the experiment
	LeverSet int      `json:"lever_set"`
	World    int      `json:"world"`
	Values   []any    `json:"values"` // one per Column: float64 (or int64), bool or string
	Sets     []string `json:"sets"`   // the factors' overrides, after the experiment's fixed ones
	Hash     string   `json:"scenario_hash"`
	base     int
}

// Runs returns the number of runs of a fixed-replication plan, or the
// minimum of a precision-driven one.
func (p *Plan) Runs() int {
	r := p.Replications
	if r.N > 0 {
		return r.N * len(p.Points)
	}
	return r.Min * len(p.Points)
}

// Precision says whether replications are precision-driven.
func (p *Plan) Precision() bool { return len(p.Replications.Targets) > 0 }

// designPoint is one point of one role's design: its values and sets.
type designPoint struct {
	values []any
	sets   []string
}

// NewPlan expands an experiment into points and resolves the scenario of
// every point (in parallel, with workers goroutines), so that a point that
// does not load fails now, not hours into a sweep. src reads the scenario
// files; use a Source whose ReadFile keeps what it read (see CachedSource)
// so that a sweep runs exactly the files that were planned.
func NewPlan(e *scenarios.Experiment, src scenarios.Source, workers int) (*Plan, error) {
	p := &Plan{
		Tool: "tiaokuai", Version: Version, Experiment: e.Name, Description: e.Description,
		File: filepath.Base(e.File.Name), FileSHA256: e.File.SHA256, Seed: e.Seed, Set: slices.Clone(e.Set),
		Output: PlanOutput{KPIs: slices.Clone(e.Output.KPIs), Timeseries: e.Output.Timeseries},
	}
	if p.Set == nil {
		p.Set = []string{}
	}
	if len(p.Output.KPIs) == 0 {
		p.Output.KPIs = []string{"*"}
	}
	r := e.Replications
	p.Replications = PlanReplications{Level: r.Level, Paired: r.Paired, Targets: []PlanTarget{}}
	if r.Level == 0 {
		p.Replications.Level = scenarios.DefaultLevel
	}
	if r.Precision() {
		p.Replications.Min, p.Replications.Batch, p.Replications.Max = r.Min, r.Batch, r.Max
		for _, t := range r.Targets {
			p.Replications.Targets = append(p.Replications.Targets, PlanTarget{KPI: t.KPI, HalfWidth: t.HalfWidth, Relative: t.Relative, Line: t.Line})
		}
		if r.Min < 2 || r.Batch < 1 || r.Max < r.Min {
			return nil, fmt.Errorf("experiments: replications need min ≥ 2, batch ≥ 1 and max ≥ min, got %d, %d, %d", r.Min, r.Batch, r.Max)
		}
	} else {
		p.Replications.N = r.N
		if r.N < 1 {
			return nil, fmt.Errorf("experiments: replications.n must be at least 1, got %d", r.N)
		}
	}
	if len(e.Bases) == 0 {
		return nil, errors.New("experiments: the experiment has no base scenario")
	}
	levers, ld, err := expand(e.Levers, "lever", e.Seed)
	if err != nil {
		return nil, err
	}
	worlds, ud, err := expand(e.Uncertainties, "uncertainty", e.Seed)
	if err != nil {
		return nil, err
	}
	p.Levers, p.Uncertainties = ld, ud
	p.Columns = append(columns(e.Levers, "lever", levers), columns(e.Uncertainties, "uncertainty", worlds)...)
	for bi, b := range e.Bases {
		p.Bases = append(p.Bases, PlanBase{Name: b.Name})
		for li, l := range levers {
			for wi, w := range worlds {
				pt := Point{ID: len(p.Points), Scenario: b.Name, LeverSet: li, World: wi, base: bi}
				pt.Values = append(slices.Clone(l.values), w.values...)
				pt.Sets = append(slices.Clone(l.sets), w.sets...)
				if pt.Values == nil {
					pt.Values = []any{}
				}
				if pt.Sets == nil {
					pt.Sets = []string{}
				}
				p.Points = append(p.Points, pt)
			}
		}
	}
	if err := p.resolve(e, src, workers); err != nil {
		return nil, err
	}
	p.Hash = p.hash()
	// Hand out the plan as a merge reads it back from a manifest.
	return p.canonical()
}

// expand makes the design points of one role: every combination of the
// factors' levels for a grid, else the sampler's points mapped through
// each factor. With no factors there is one empty point.
func expand(d scenarios.Design, role string, seed uint64) ([]designPoint, PlanDesign, error) {
	pd := PlanDesign{Sample: d.Sample, N: d.N, Levels: d.Levels, Factors: []PlanFactor{}}
	if pd.Sample == "" {
		pd.Sample = "grid"
	}
	for _, f := range d.Factors {
		pf := PlanFactor{Name: f.Name, Path: f.Path}
		if r := f.Range; r != nil {
			pf.Range = &PlanRange{Lo: r.Lo, Hi: r.Hi, Levels: r.Levels, Log: r.Log, Integer: r.Integer, Format: r.Format}
		}
		for _, lv := range f.Levels {
			pf.Levels = append(pf.Levels, lv.Label)
		}
		pd.Factors = append(pd.Factors, pf)
	}
	out := []designPoint{{}}
	if len(d.Factors) == 0 {
		pd.Points = 1
		return out, pd, nil
	}
	if !d.Sampled() {
		for _, f := range d.Factors {
			if r := f.Range; r != nil && r.Levels == 0 && !r.Integer {
				return nil, pd, fmt.Errorf("experiments: %s %s is a range without levels, which only sim optimize searches; a sweep needs levels (or a sampled design)", role, f.Name)
			}
		}
		for i := range d.Factors {
			levels := d.Factors[i].GridLevels()
			next := make([]designPoint, 0, len(out)*len(levels))
			for _, o := range out {
				for _, lv := range levels {
					next = append(next, designPoint{
						values: append(slices.Clone(o.values), lv.Value),
						sets:   append(slices.Clone(o.sets), lv.Sets...),
					})
				}
			}
			out = next
			if len(out) > 1<<22 {
				return nil, pd, fmt.Errorf("experiments: the %s grid has more than %d points", role, 1<<22)
			}
		}
		pd.Points = len(out)
		return out, pd, nil
	}
	u, err := sample(d, seed, role)
	if err != nil {
		return nil, pd, err
	}
	out = out[:0]
	for _, row := range u {
		var dp designPoint
		for i := range d.Factors {
			lv := d.Factors[i].At(row[i])
			dp.values = append(dp.values, lv.Value)
			dp.sets = append(dp.sets, lv.Sets...)
		}
		out = append(out, dp)
	}
	pd.Points = len(out)
	return out, pd, nil
}

// sample draws n points of [0, 1)^dims with the named sampler. The Latin
// hypercube's random permutations come from a stream derived from the root
// seed, so the design is a pure function of the experiment.
func sample(d scenarios.Design, seed uint64, role string) ([][]float64, error) {
	kind, n, dims := d.Sample, d.N, len(d.Factors)
	switch kind {
	case "lhs":
		return analysis.LatinHypercube(n, dims, rng.New(seed, "experiments.design."+role, 0)), nil
	case "halton":
		if dims > analysis.MaxHaltonDims {
			return nil, fmt.Errorf("experiments: a Halton design has at most %d factors, got %d", analysis.MaxHaltonDims, dims)
		}
		return analysis.Halton(n, dims), nil
	case "sobol":
		pts, err := analysis.Sobol(n, dims)
		if err != nil {
			return nil, fmt.Errorf("experiments: %w", err)
		}
		return pts, nil
	case "saltelli":
		A, B, AB, err := analysis.SaltelliDesign(n, dims)
		if err != nil {
			return nil, fmt.Errorf("experiments: %w", err)
		}
		pts := append(A, B...)
		for _, m := range AB {
			pts = append(pts, m...)
		}
		return pts, nil
	case "morris":
		m, err := morrisDesign(d, seed, role)
		if err != nil {
			return nil, err
		}
		return m.Points, nil
	}
	return nil, fmt.Errorf("experiments: unknown sample %q", kind)
}

// morrisDesign draws a Morris design from a stream of the root seed, so
// `sim sensitivity` can draw it again to pair the outputs with it.
func morrisDesign(d scenarios.Design, seed uint64, role string) (analysis.MorrisSample, error) {
	m, err := analysis.MorrisDesign(d.N, len(d.Factors), d.Levels, rng.New(seed, "experiments.design."+role+".morris", 0))
	if err != nil {
		return m, fmt.Errorf("experiments: %w", err)
	}
	return m, nil
}

// columns types the point columns of one role from the values they take.
func columns(d scenarios.Design, role string, pts []designPoint) []Column {
	var out []Column
	for i, f := range d.Factors {
		c := Column{Name: role + "." + f.Name, Role: role}
		kinds := map[string]bool{}
		for _, p := range pts {
			switch p.values[i].(type) {
			case int64, float64:
				kinds["number"] = true
			case bool:
				kinds["bool"] = true
			default:
				kinds["string"] = true
			}
		}
		switch {
		case len(kinds) == 1 && kinds["number"]:
			c.Type = "number"
		case len(kinds) == 1 && kinds["bool"]:
			c.Type = "bool"
		default:
			c.Type = "string"
		}
		out = append(out, c)
	}
	return out
}

// resolve loads every point's scenario and records its hash.
func (p *Plan) resolve(e *scenarios.Experiment, src scenarios.Source, workers int) error {
	for i, b := range e.Bases {
		_, res, err := src.Load(b.Path, p.Set)
		if err != nil {
			return err
		}
		p.Bases[i].Hash = res.Hash
	}
	workers = max(1, workers)
	var (
		wg   sync.WaitGroup
		mu   sync.Mutex
		errs []error
		next = make(chan int)
	)
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				pt := &p.Points[i]
				_, res, err := src.Load(e.Bases[pt.base].Path, append(slices.Clone(p.Set), pt.Sets...))
				if err != nil {
					mu.Lock()
					errs = append(errs, fmt.Errorf("point %d (%s): %w", pt.ID, p.describe(pt), err))
					mu.Unlock()
					continue
				}
				pt.Hash = res.Hash
			}
		}()
	}
	for i := range p.Points {
		next <- i
	}
	close(next)
	wg.Wait()
	if len(errs) == 0 {
		return nil
	}
	slices.SortFunc(errs, func(a, b error) int { return strings.Compare(a.Error(), b.Error()) })
	if len(errs) > 3 {
		errs = append(errs[:3], fmt.Errorf("… and %d more points that do not load", len(errs)-3))
	}
	return fmt.Errorf("experiments: %w", errors.Join(errs...))
}

// describe names a point's base and factor values.
func (p *Plan) describe(pt *Point) string {
	parts := []string{pt.Scenario}
	for i, c := range p.Columns {
		parts = append(parts, c.Name+"="+valueText(pt.Values[i]))
	}
	return strings.Join(parts, ", ")
}

func valueText(v any) string {
	switch t := v.(type) {
	case float64:
		return formatNumber(t)
	case int64:
		return formatNumber(float64(t))
	case bool:
		if t {
			return "true"
		}
		return "false"
	case string:
		return t
	case json.Number:
		return t.String()
	}
	return fmt.Sprint(v)
}

// hash is the sha256 of the plan's JSON without its hash and shard.
func (p *Plan) hash() string {
	q := *p
	q.Hash, q.Shard = "", nil
	sum := sha256.Sum256(jsonBytes(&q))
	return hex.EncodeToString(sum[:])
}

// ManifestBytes is the plan as manifest.json.
func (p *Plan) ManifestBytes() []byte { return jsonBytes(p) }

// ReadPlan reads a manifest.json written by a sweep.
func ReadPlan(data []byte) (*Plan, error) {
	var p Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return nil, fmt.Errorf("experiments: not a sweep manifest: %v", err)
	}
	if p.Tool != "tiaokuai" || p.Hash == "" {
		return nil, errors.New("experiments: not a sweep manifest")
	}
	return &p, nil
}

// canonical returns the plan as another process reads it back from its
// manifest, so that a sweep and a merge write outputs from identical
// values (JSON numbers are float64 once read back).
func (p *Plan) canonical() (*Plan, error) {
	q, err := ReadPlan(p.ManifestBytes())
	if err != nil {
		return nil, err
	}
	for i := range q.Replications.Targets {
		if i < len(p.Replications.Targets) {
			q.Replications.Targets[i].Line = p.Replications.Targets[i].Line
		}
	}
	return q, nil
}

// CachedSource returns a scenario Source whose files are read from disk
// once and then served from memory, so that every run of a sweep reads
// exactly what the plan was resolved from, even if a file changes on disk
// meanwhile.
func CachedSource() scenarios.Source {
	c := &fileCache{files: map[string]cached{}}
	return scenarios.Source{ReadFile: c.read}
}

type cached struct {
	data []byte
	err  error
}

type fileCache struct {
	mu    sync.Mutex
	files map[string]cached
}

func (c *fileCache) read(name string) ([]byte, error) {
	key := name
	if abs, err := filepath.Abs(name); err == nil {
		key = abs
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if f, ok := c.files[key]; ok {
		return f.data, f.err
	}
	data, err := os.ReadFile(name)
	c.files[key] = cached{data, err}
	return data, err
}
