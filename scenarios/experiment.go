package scenarios

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"path"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Experiment is a validated experiment file (EXPERIMENTS.md): the
// base scenarios, the factors that vary between points — levers, which
// policy controls, kept apart from uncertainties, which it does not — the
// parameters fixed for every run, the root seed and the replication rule.
// It says what to run; package experiments expands it into points and runs
// them.
//
// Its toml tags, with those of the types it holds, are the keys of the file
// and experimentSchema their rules, as model.Config's tags and the rules of
// schema.go are a scenario's; the factor tables [[lever]] and
// [[uncertainty]] have the keys of factorFile. EXPERIMENTS.md documents
// every key (a test keeps it so).
type Experiment struct {
	Name        string `toml:"name"`
	Description string `toml:"description"`
	File        File   `toml:"-"`    // the experiment file: its name as given and its sha256
	Bases       []Base `toml:"base"` // at least one
	Seed        uint64 `toml:"seed"` // root seed; default 1
	// Set holds "path=value" overrides applied to every run, before the
	// factors, sorted by path.
	Set           []string         `toml:"set"`
	Levers        Design           `toml:"levers"`
	Uncertainties Design           `toml:"uncertainties"`
	Replications  Replications     `toml:"replications"`
	Output        ExperimentOutput `toml:"output"`
	// Calibrate is the [calibrate] section, for `sim calibrate` (nil when
	// absent).
	Calibrate *Calibrate `toml:"calibrate"`
	// Optimize is the [optimize] section, for `sim optimize` (nil when
	// absent).
	Optimize *Optimize `toml:"optimize"`
}

// Calibrate says which parameters `sim calibrate` fits, within bounds, so
// that simulated KPIs match targets.
type Calibrate struct {
	Reps     int               `toml:"reps"`      // replications per evaluation (common random numbers); default 3
	MaxEvals int               `toml:"max_evals"` // objective evaluations at most; default 200
	Params   []CalibrateParam  `toml:"param"`
	Targets  []CalibrateTarget `toml:"target"`
}

// CalibrateParam is a free parameter: a --set path (or several paths that
// take the same value, such as one key of every ticket type) and its
// bounds. With Format the value set is the template with "{}" replaced by
// the number, so one element of an array can be free:
// path = "accountability.gamma", format = "[{}, 3, 1, 1]".
type CalibrateParam struct {
	Path   string   `toml:"path"`
	Paths  []string `toml:"paths"`
	Format string   `toml:"format"`
	Lo     float64  `toml:"lo"`
	Hi     float64  `toml:"hi"`
}

// SetPaths are the --set paths the parameter's value goes to.
func (p CalibrateParam) SetPaths() []string {
	if p.Path != "" {
		return []string{p.Path}
	}
	return p.Paths
}

// SetValue is the --set value text of the number x.
func (p CalibrateParam) SetValue(x float64) string {
	v := strconv.FormatFloat(x, 'g', -1, 64)
	if p.Format != "" {
		return strings.Replace(p.Format, "{}", v, 1)
	}
	return v
}

// CalibrateTarget is a KPI (a flattened name as in runs.csv) and the value
// it should take, with a weight in the distance.
type CalibrateTarget struct {
	KPI    string  `toml:"kpi"`
	Value  float64 `toml:"value"`
	Weight float64 `toml:"weight"`
}

// Base is one base scenario of an experiment.
type Base struct {
	Name string // as written in the experiment file
	// Path is what to pass to Source.Load: a file path (relative to the
	// experiment file when written relative) or a shipped scenario's name.
	Path string
}

// Design is how the factors of one role combine into points.
type Design struct {
	// Sample is "grid" (every combination of the factors' levels, the last
	// factor varying fastest), or "lhs", "halton" or "sobol": N points of a
	// Latin hypercube, Halton or Sobol sample of the unit cube, one
	// dimension per factor; or an analysis design: "saltelli", N base
	// samples of a Saltelli design for Sobol indices (N(factors + 2)
	// points), or "morris", N Morris trajectories (N(factors + 1) points) on
	// a grid of Levels levels (`sim sensitivity` analyses both).
	Sample  string   `toml:"sample"`
	N       int      `toml:"n"`      // points of a sampled design; 0 for a grid
	Levels  int      `toml:"levels"` // grid levels of a Morris design (even, default 4)
	Factors []Factor `toml:"-"`      // from [[lever]] or [[uncertainty]]
}

// Sampled says whether the design draws points from a sample.
func (d Design) Sampled() bool { return d.Sample != "" && d.Sample != "grid" }

// Factor is one varied parameter (or one choice among named variants).
type Factor struct {
	Name string // column name: the name given, else the path
	Path string // the --set path; "" for a factor of variants
	// Paths are all the paths the factor's value is set at, when the file
	// gives several (paths = [...]: one key of every ticket type); Path is
	// then the first.
	Paths []string
	// Levels are the discrete levels (values or variants); nil for a range.
	Levels []Level
	// Range is the continuous range; nil for discrete levels.
	Range *Range
	Line  int // where the factor starts in the experiment file
}

// Level is one level of a factor.
type Level struct {
	// Label is the level as text: a variant's name, a string value, or the
	// TOML text of any other value.
	Label string
	// Value is the level for the output columns: an int64, float64, bool or
	// string (the Label for variants, arrays and tables).
	Value any
	// Sets are the "path=value" overrides this level applies.
	Sets []string
}

// Range is a continuous factor.
type Range struct {
	Lo, Hi float64
	// Levels is the number of evenly spaced levels of a grid design,
	// including both ends; 0 in a sampled design, and for an integer range
	// in a grid, where every integer of [Lo, Hi] is a level.
	Levels  int
	Log     bool   // spaced evenly (or sampled uniformly) in log(x)
	Integer bool   // rounded to an integer
	Format  string // the --set value with "{}" replaced by the number; "" for the number itself
}

// Replications is the replication rule: a fixed count, or precision-driven
// stopping when Targets are given.
type Replications struct {
	N int `toml:"n"` // fixed number of replications (without targets); default 5
	// With targets: Min replications first (default 5, at least 2), then
	// Batch more (default 5) at a time until every target is met or Max
	// (default 100) is reached.
	Min   int     `toml:"min"`
	Batch int     `toml:"batch"`
	Max   int     `toml:"max"`
	Level float64 `toml:"level"` // confidence level of the intervals; default 0.95
	// Paired makes one block of all points: every point gets the same
	// number of replications, and the targets apply to each point's paired
	// difference with the first point (common random numbers).
	Paired  bool     `toml:"paired"`
	Targets []Target `toml:"target"`
}

// Precision says whether replications are added until targets are met.
func (r Replications) Precision() bool { return len(r.Targets) > 0 }

// Target is a precision target: the confidence interval half-width of KPI
// must be at most HalfWidth (in the KPI's unit) or Relative × |mean|.
type Target struct {
	KPI       string  `toml:"kpi"`
	HalfWidth float64 `toml:"half_width"`
	Relative  float64 `toml:"relative"`
	Line      int     `toml:"-"`
}

// String writes the target as in --precision: "kpi=0.5" or "kpi=5%".
func (t Target) String() string {
	if t.Relative > 0 {
		return t.KPI + "=" + formatFloat(t.Relative*100) + "%"
	}
	return t.KPI + "=" + formatFloat(t.HalfWidth)
}

// ExperimentOutput says what a sweep writes.
type ExperimentOutput struct {
	// KPIs are patterns of the KPI columns to write ("*" matches any run
	// of characters, dots included); default every scalar KPI.
	KPIs []string `toml:"kpis"`
	// Timeseries writes the per-run daily series; default true.
	Timeseries bool `toml:"timeseries"`
}

// Defaults of an experiment file.
const (
	DefaultReplications = 5
	DefaultMin          = 5
	DefaultBatch        = 5
	DefaultMax          = 100
	DefaultLevel        = 0.95
	maxGridLevels       = 1000
)

// Samples are the sampled designs an experiment may name.
var Samples = []string{"grid", "lhs", "halton", "sobol", "saltelli", "morris"}

// factorFile is the shape of a [[lever]] or [[uncertainty]] table. Its keys
// depend on each other (one of values, range or variant; levels, log,
// integer and format with a range only), so factor decodes it key by key,
// each value by the rules of experimentSchema.
type factorFile struct {
	Name    string        `toml:"name"`
	Path    string        `toml:"path"`
	Paths   []string      `toml:"paths"`
	Values  []any         `toml:"values"`
	Range   [2]float64    `toml:"range"`
	Levels  int           `toml:"levels"`
	Log     bool          `toml:"log"`
	Integer bool          `toml:"integer"`
	Format  string        `toml:"format"`
	Variant []variantFile `toml:"variant"`
}

// variantFile is the shape of a [[lever.variant]] table.
type variantFile struct {
	Name string   `toml:"name"`
	Set  []string `toml:"set"` // a table of parameters, like [set]
}

// roles are the two roles of a factor: the key of the design table and of
// the factor tables of each.
var roles = []struct{ table, list string }{{"levers", "lever"}, {"uncertainties", "uncertainty"}}

// design is the design of the factors of list ("lever" or "uncertainty").
func (e *Experiment) design(list string) *Design {
	if list == "uncertainty" {
		return &e.Uncertainties
	}
	return &e.Levers
}

// experimentSchema holds the rules of an experiment file's keys, by schema
// path, as rules does for scenarios; see Experiment. A new section is a
// field of Experiment with toml tags (a pointer for an optional table, like
// Calibrate), its rules and defaults here and its lines in EXPERIMENTS.md
// (tests hold the two to the tags); what depends on several keys, or on the
// bases, is checked after the walk in decode, as calibrate does.
var experimentSchema = &schema{
	rules: experimentRules(),
	extras: map[reflect.Type][]string{
		reflect.TypeFor[Experiment](): {roles[0].list, roles[1].list},
	},
	element: func(v any) any {
		switch v.(type) {
		case Calibrate:
			return Calibrate{Reps: 3, MaxEvals: 200}
		case CalibrateTarget:
			return CalibrateTarget{Weight: 1}
		}
		return nil
	},
}

func experimentRules() map[string]rule {
	r := map[string]rule{
		"name": {text: nonEmpty},
		"seed": {want: "a non-negative integer", wantAll: true, check: nonNeg},
		"base": {decode: func(d *decoder, _ string, n *node, _ reflect.Value) bool { return d.x.bases(n) }},
		"set":  {decode: func(d *decoder, _ string, n *node, rv reflect.Value) bool { return d.x.fixedSets(n, rv) }},

		"replications":       {decode: func(d *decoder, _ string, n *node, _ reflect.Value) bool { return d.x.replications(n) }},
		"replications.n":     {check: intAtLeast(1)},
		"replications.min":   {check: intAtLeast(2)},
		"replications.batch": {check: intAtLeast(1)},
		"replications.max":   {check: intAtLeast(1)},
		"replications.level": {want: "a number like 0.95", check: func(x float64) string {
			if !(x > 0 && x < 1) {
				return "must be in (0, 1)"
			}
			return ""
		}},
		"replications.target.*.half_width": {want: "a positive number", wantAll: true, check: positive},
		"replications.target.*.relative":   {want: "a positive number", wantAll: true, check: positive},

		"output.kpis": {decode: func(d *decoder, _ string, n *node, rv reflect.Value) bool { return d.x.kpiPatterns(n, rv) }},

		"calibrate.reps":          {check: intAtLeast(1)},
		"calibrate.max_evals":     {check: intAtLeast(1)},
		"calibrate.param":         {decode: calibrateList},
		"calibrate.param.*.path":  {text: nonEmpty},
		"calibrate.param.*.paths": {want: "a list of --set paths"},
		"calibrate.param.*.format": {text: func(s string) string {
			if strings.Count(s, "{}") != 1 {
				return fmt.Sprintf("expected a template with one {} for the number, like \"[{}, 3, 1, 1]\", got %q", s)
			}
			return ""
		}},
		"calibrate.param.*.lo":     {want: "a number", wantAll: true, need: "the parameter's bound"},
		"calibrate.param.*.hi":     {want: "a number", wantAll: true, need: "the parameter's bound"},
		"calibrate.target":         {decode: calibrateList},
		"calibrate.target.*.kpi":   {need: "a KPI name as in runs.csv, e.g. matters.overall.online_share"},
		"calibrate.target.*.value": {want: "a number", wantAll: true, need: "the value the KPI should take"},
		"calibrate.target.*.weight": {want: "a number", check: func(x float64) string {
			if x <= 0 {
				return "must be > 0"
			}
			return ""
		}},
	}
	for _, role := range roles {
		table, list := role.table, role.list
		r[table] = rule{want: "a table with sample and n"}
		r[table+".sample"] = rule{text: oneOf(Samples)}
		r[table+".n"] = rule{check: intAtLeast(1)}
		r[table+".levels"] = rule{check: intAtLeast(2)}
		r[list+".*.name"] = rule{text: nonEmpty}
		r[list+".*.levels"] = rule{check: intAtLeast(2)}
		r[list+".*.format"] = rule{text: func(s string) string {
			if strings.Count(s, "{}") != 1 {
				return fmt.Sprintf("expected a template with one {} for the number, like \"lognormal({}m, 0.5)\", got %q", s)
			}
			return ""
		}}
	}
	return r
}

func nonEmpty(s string) string {
	if s == "" {
		return "must not be empty"
	}
	return ""
}

// intAtLeast bounds an integer below by lo and above by 2^31.
func intAtLeast(lo float64) func(float64) string {
	return func(x float64) string {
		switch {
		case x < lo:
			return fmt.Sprintf("must be at least %d", int64(lo))
		case x > 1<<31:
			return fmt.Sprintf("must be at most %d", 1<<31)
		}
		return ""
	}
}

// calibrateList decodes [[calibrate.param]] and [[calibrate.target]].
func calibrateList(d *decoder, path string, n *node, rv reflect.Value) bool {
	if !n.isList {
		d.problem(n.pos, path, "expected at least one [[%s]] table", path)
		return false
	}
	return d.list(path, path, n, rv)
}

// LoadExperiment reads and validates an experiment file with the default
// Source.
func LoadExperiment(path string) (*Experiment, error) { return Source{}.LoadExperiment(path) }

// LoadExperiment reads and validates an experiment file: its keys and
// values, its base scenarios, and every level of every factor applied to
// every base (so a typo in a factor's path is reported at the factor's line,
// not when its point runs). Every problem is reported in one *Error, each as
// "file:line: key: what was expected".
func (s Source) LoadExperiment(file string) (*Experiment, error) {
	l := s.loader()
	data, err := l.src.ReadFile(file)
	if err != nil {
		msg := "no such file"
		if !errors.Is(err, fs.ErrNotExist) {
			msg = fmt.Sprintf("cannot read: %v", unwrapPathErr(err))
		}
		l.problem(pos{file: file}, "", "%s", msg)
		return nil, l.fail()
	}
	return s.LoadExperimentBytes(file, data)
}

// LoadExperimentBytes is LoadExperiment of a file held in memory; name is
// used in messages and to find bases relative to it.
func (s Source) LoadExperimentBytes(name string, data []byte) (*Experiment, error) {
	l := s.loader()
	f := &srcFile{name: name, dir: filepath.Dir(name), id: diskID(name), data: data}
	root := l.parse(f)
	if root == nil {
		return nil, l.fail()
	}
	sum := sha256.Sum256(data)
	x := &experimentDecoder{l: l, f: f, e: &Experiment{File: File{Name: name, SHA256: hex.EncodeToString(sum[:])}}}
	x.d = &decoder{l: l, sc: experimentSchema, x: x, where: map[string]pos{"": root.pos}, failed: map[string]bool{}, elems: map[string][]string{}}
	x.decode(root)
	if len(l.probs) > 0 {
		return nil, l.fail()
	}
	x.checkAgainstBases()
	if len(l.probs) > 0 {
		return nil, l.fail()
	}
	return x.e, nil
}

type experimentDecoder struct {
	l     *loader
	d     *decoder // the decoder of scenarios, with experimentSchema
	f     *srcFile
	e     *Experiment
	fixed []setAt // the fixed sets and where they were written
}

type setAt struct {
	key  string // the experiment key, "set.run.horizon"
	path string // the scenario path, "run.horizon"
	set  string // "run.horizon=\"4w\""
	at   pos
}

func (x *experimentDecoder) problem(p pos, key, format string, args ...any) {
	x.d.problem(p, key, format, args...)
}

// keys reports the keys of a table that are not toml tags of t, with a
// suggestion.
func (x *experimentDecoder) keys(n *node, prefix string, t reflect.Type) {
	_, known := tomlFields(t)
	for _, k := range sortedKeys(n.tab) {
		if !slices.Contains(known, k) {
			x.problem(n.tab[k].pos, join(prefix, k), "unknown key%s", suggest(k, known))
		}
	}
}

// field decodes the value n of key path (schema path schema) into *dst by
// the schema's rules; it reports whether it succeeded.
func (x *experimentDecoder) field(n *node, path, schema string, dst any) bool {
	return x.d.value(path, schema, n, reflect.ValueOf(dst).Elem())
}

// valid says whether a key was given and decoded without a problem.
func (x *experimentDecoder) valid(path string) bool {
	_, given := x.d.where[path]
	return given && !x.d.failed[path]
}

// decode decodes the file into x.e by its toml tags, then the factors,
// whose keys depend on each other, and then what depends on several keys.
func (x *experimentDecoder) decode(root *node) {
	e := x.e
	e.Name = strings.TrimSuffix(path.Base(filepath.ToSlash(x.f.name)), ".toml")
	e.Seed = 1
	e.Levers = Design{Sample: "grid"}
	e.Uncertainties = Design{Sample: "grid"}
	e.Replications = Replications{N: DefaultReplications, Level: DefaultLevel}
	e.Output.Timeseries = true
	x.d.table("", "", root, reflect.ValueOf(e).Elem())
	if _, ok := root.tab["base"]; !ok {
		x.problem(root.pos, "base", "missing required key %q: the base scenario (a shipped name or a file), or a list of them", "base")
	}
	for _, r := range roles {
		x.design(root, r.table, r.list, e.design(r.list))
	}
	x.overlaps()
	x.calibrate(root)
	x.optimize(root)
}

// calibrate checks [calibrate] beyond its keys: both lists given, lo < hi,
// and each parameter path loads on the bases at both bounds.
func (x *experimentDecoder) calibrate(root *node) {
	c := x.e.Calibrate
	if c == nil {
		return
	}
	n := root.tab["calibrate"]
	for _, key := range []string{"param", "target"} {
		if _, ok := n.tab[key]; !ok {
			x.problem(n.pos, "calibrate."+key, "expected at least one [[calibrate.%s]] table", key)
		}
	}
	for i, p := range c.Params {
		key := fmt.Sprintf("calibrate.param.%d", i)
		if !x.valid(key+".lo") || !x.valid(key+".hi") || x.d.failed[key+".path"] || x.d.failed[key+".paths"] || x.d.failed[key+".format"] {
			continue
		}
		at := x.d.where[key]
		if (p.Path == "") == (len(p.Paths) == 0) {
			x.problem(at, key, "wants exactly one of path (a --set path) and paths (a list of them, set to the same value)")
			continue
		}
		pathKey := key + ".path"
		if p.Path == "" {
			pathKey = key + ".paths"
		}
		for j, q := range p.Paths {
			if q == "" || slices.Contains(p.Paths[:j], q) {
				x.problem(at, pathKey, "wants each path once and not empty, got %q", q)
				continue
			}
		}
		if !(p.Hi > p.Lo) {
			x.problem(at, key, "wants lo < hi, got %g and %g", p.Lo, p.Hi)
			continue
		}
	bases:
		for _, b := range x.e.Bases {
			for _, v := range []float64{p.Lo, p.Hi} {
				sets := append([]string{}, x.e.Set...)
				for _, q := range p.SetPaths() {
					sets = append(sets, q+"="+p.SetValue(v))
				}
				if _, _, err := x.l.src.Load(b.Path, sets); err != nil {
					x.problem(at, pathKey, "%s = %s does not load on base %s: %v", strings.Join(p.SetPaths(), ", "), p.SetValue(v), b.Name, err)
					break bases
				}
			}
		}
	}
}

// elemLine is the line of element i of an array at path (raw, indexed).
func (x *experimentDecoder) elemLine(n *node, rawPath []string, i int) pos {
	p := n.pos
	if line, ok := x.l.lineOf(x.f, append(slices.Clone(rawPath), strconv.Itoa(i))); ok {
		p.line = line
	}
	return p
}

// bases decodes base: one scenario or a list, each a file next to the
// experiment file or a shipped scenario.
func (x *experimentDecoder) bases(n *node) bool {
	var names []string
	var at []pos
	switch v := n.val.(type) {
	case string:
		names, at = []string{v}, []pos{n.pos}
	case []any:
		if n.isTable() || n.isList {
			break
		}
		for i, it := range v {
			s, ok := it.(string)
			if !ok {
				x.problem(x.elemLine(n, []string{"base"}, i), "base", "expected scenario names, got %s", describe(&node{val: it}))
				return false
			}
			names = append(names, s)
			at = append(at, x.elemLine(n, []string{"base"}, i))
		}
		if len(names) == 0 {
			x.problem(n.pos, "base", "empty list: name at least one scenario")
			return false
		}
	}
	if names == nil {
		x.problem(n.pos, "base", "expected a scenario name or a list of them, got %s", describe(n))
		return false
	}
	seen := map[string]bool{}
	for i, name := range names {
		if seen[name] {
			x.problem(at[i], "base", "%q is listed twice", name)
			continue
		}
		seen[name] = true
		if name == "" {
			x.problem(at[i], "base", "empty scenario name")
			continue
		}
		p := name
		if !filepath.IsAbs(p) {
			p = filepath.Join(x.f.dir, name)
		}
		if _, err := x.l.src.ReadFile(p); err == nil {
			x.e.Bases = append(x.e.Bases, Base{Name: name, Path: p})
			continue
		}
		if x.l.shipped(name) != nil {
			x.e.Bases = append(x.e.Bases, Base{Name: name, Path: strings.TrimSuffix(name, ".toml")})
			continue
		}
		x.problem(at[i], "base", "no file %q next to this file and no shipped scenario of that name%s", name, suggest(strings.TrimSuffix(name, ".toml"), x.l.shippedNames()))
	}
	return true
}

// fixedSets decodes [set] into rv ([]string) and x.fixed.
func (x *experimentDecoder) fixedSets(n *node, rv reflect.Value) bool {
	if !n.isTable() {
		x.problem(n.pos, "set", "expected a table of parameters like { \"run.horizon\" = \"8w\" }, got %s", describe(n))
		return false
	}
	var set []string
	for _, s := range x.sets(n, "set") {
		x.fixed = append(x.fixed, s)
		set = append(set, s.set)
	}
	rv.Set(reflect.ValueOf(set))
	return true
}

// sets flattens a table of parameters into sets, in path order.
func (x *experimentDecoder) sets(n *node, key string) []setAt {
	var entries []setEntry
	flattenSet("", n, &entries)
	var out []setAt
	for _, en := range entries {
		if msg := settable(en.key, "extend and remove cannot be set"); msg != "" {
			x.problem(en.n.pos, join(key, en.key), "%s", msg)
			continue
		}
		out = append(out, setAt{key: join(key, en.key), path: en.key, set: en.key + "=" + inlineTOML(en.n), at: en.n.pos})
	}
	return out
}

// settable checks a parameter path: "" when fine, else what is wrong
// (onExtend when it names extend or remove).
func settable(p, onExtend string) string {
	if _, err := splitPath(p); err != nil {
		return err.Error()
	}
	if seg, _, _ := strings.Cut(p, "."); seg == "extend" || seg == "remove" {
		return onExtend
	}
	return ""
}

// design checks a design table beyond its keys and reads its factors.
func (x *experimentDecoder) design(root *node, table, list string, d *Design) {
	if n, ok := root.tab[table]; ok && n.isTable() {
		if c, ok := n.tab["n"]; ok {
			if x.valid(table+".n") && !d.Sampled() {
				x.problem(c.pos, table+".n", "n is the size of a sampled design; a grid has every combination of the levels (set sample = \"lhs\", \"halton\" or \"sobol\")")
			}
		} else if d.Sampled() {
			x.problem(n.pos, table, "missing required key %q: the number of points to sample", "n")
		}
		if c, ok := n.tab["levels"]; ok {
			if x.valid(table + ".levels") {
				switch {
				case d.Sample != "morris":
					x.problem(c.pos, table+".levels", "levels is the grid of a Morris design (sample = \"morris\")")
				case d.Levels%2 != 0:
					x.problem(c.pos, table+".levels", "a Morris grid needs an even number of levels, got %d", d.Levels)
				}
			}
		} else if d.Sample == "morris" {
			d.Levels = 4
		}
		if d.Sample == "saltelli" && d.N == 1 {
			x.problem(n.tab["n"].pos, table+".n", "a Saltelli design needs at least 2 base samples (a power of two suits it)")
		}
	}
	n, ok := root.tab[list]
	if !ok {
		if d.Sampled() {
			x.problem(root.tab[table].pos, table, "a %s sample needs factors: add [[%s]] tables", d.Sample, list)
		}
		return
	}
	if !n.isList {
		x.problem(n.pos, list, "expected an array of tables ([[%s]]), got %s", list, describe(n))
		return
	}
	names := map[string]bool{}
	for i, fn := range n.list {
		f, ok := x.factor(fn, list, i, *d)
		if !ok {
			continue
		}
		if names[f.Name] {
			x.problem(fn.pos, list+"."+f.Name, "a second %s named %q (give it another name)", list, f.Name)
			continue
		}
		names[f.Name] = true
		d.Factors = append(d.Factors, f)
	}
}

// factorKey is a factor's key in messages: "lever.NAME".
func factorKey(list string, fn *node, i int) string {
	if s, ok := fn.name(); ok && s != "" {
		return list + "." + s
	}
	if fn.isTable() {
		if p, ok := fn.tab["path"]; ok {
			if s, ok := p.val.(string); ok && s != "" {
				return list + "." + s
			}
		}
	}
	return list + "." + strconv.Itoa(i)
}

func (x *experimentDecoder) factor(fn *node, list string, i int, d Design) (Factor, bool) {
	key := factorKey(list, fn, i)
	raw := []string{list, strconv.Itoa(i)}
	f := Factor{Line: fn.pos.line}
	before := len(x.l.probs)
	x.keys(fn, key, reflect.TypeFor[factorFile]())
	if n, ok := fn.tab["name"]; ok {
		x.field(n, key+".name", list+".*.name", &f.Name)
	}
	if n, ok := fn.tab["path"]; ok {
		var s string
		if x.field(n, key+".path", list+".*.path", &s) {
			if msg := settable(s, "extend and remove cannot be varied; use a factor of variants or several bases"); msg != "" {
				x.problem(n.pos, key+".path", "%s", msg)
			}
			f.Path = s
		}
	}
	if n, ok := fn.tab["paths"]; ok {
		var ps []string
		if _, hasPath := fn.tab["path"]; hasPath {
			x.problem(n.pos, key+".paths", "give path or paths, not both")
		} else if x.field(n, key+".paths", list+".*.paths", &ps) {
			if len(ps) == 0 {
				x.problem(n.pos, key+".paths", "empty: give at least one --set path")
			}
			for j, q := range ps {
				if msg := settable(q, "extend and remove cannot be varied; use a factor of variants or several bases"); msg != "" {
					x.problem(n.pos, key+".paths", "%s", msg)
				} else if slices.Contains(ps[:j], q) {
					x.problem(n.pos, key+".paths", "%q is listed twice", q)
				}
			}
			if len(ps) > 0 {
				f.Path, f.Paths = ps[0], ps
			}
		}
	}
	if f.Name == "" {
		f.Name = f.Path
	}
	given := 0
	for _, k := range []string{"values", "range", "variant"} {
		if _, ok := fn.tab[k]; ok {
			given++
		}
	}
	if given != 1 {
		x.problem(fn.pos, key, "give exactly one of values, range or [[%s.variant]]", list)
		return f, false
	}
	_, isVariant := fn.tab["variant"]
	switch {
	case isVariant && f.Path != "":
		x.problem(fn.tab["path"].pos, key+".path", "a factor of variants sets its parameters in each variant's set table; path is not used")
	case isVariant && f.Name == "":
		x.problem(fn.pos, key, "missing required key %q: a factor of variants needs a name", "name")
	case !isVariant && f.Path == "":
		if _, ok := fn.tab["path"]; !ok {
			x.problem(fn.pos, key, "missing required key %q: the parameter to vary, as in --set (\"platform.one_window\")", "path")
		}
	}
	_, isRange := fn.tab["range"]
	for _, k := range []string{"levels", "log", "integer", "format"} {
		if n, ok := fn.tab[k]; ok && !isRange {
			x.problem(n.pos, key+"."+k, "%s applies to a range only", k)
		}
	}
	switch {
	case isVariant:
		f.Levels = x.variants(fn.tab["variant"], key, list)
	case isRange:
		f.Range = x.rangeOf(fn, key, list, d)
	default:
		f.Levels = x.values(fn.tab["values"], key, raw, f.setPaths())
	}
	return f, len(x.l.probs) == before
}

// setPaths are the paths a level of the factor sets.
func (f *Factor) setPaths() []string {
	if len(f.Paths) > 0 {
		return f.Paths
	}
	return []string{f.Path}
}

// sets are the "path=value" lines of a level whose value is text.
func (f *Factor) sets(text string) []string {
	var out []string
	for _, p := range f.setPaths() {
		out = append(out, p+"="+text)
	}
	return out
}

func (x *experimentDecoder) values(n *node, key string, raw []string, ps []string) []Level {
	// The elements: plain values, or tables (whole sections, merged onto
	// the base like a --set of a table).
	var elems []*node
	switch arr, ok := n.val.([]any); {
	case n.isList:
		elems = n.list
	case ok && !n.isTable():
		for i, v := range arr {
			elems = append(elems, build(v, append(slices.Clone(raw), "values", strconv.Itoa(i)), x.f.name, x.f.idx, n.pos.line))
		}
	default:
		x.problem(n.pos, key+".values", "expected an array of values like [false, true], got %s", describe(n))
		return nil
	}
	if len(elems) == 0 {
		x.problem(n.pos, key+".values", "empty: give at least one value")
		return nil
	}
	var out []Level
	seen := map[string]bool{}
	for i, vn := range elems {
		at := x.elemLine(n, append(slices.Clone(raw), "values"), i)
		text := inlineTOML(vn)
		if seen[text] {
			x.problem(at, fmt.Sprintf("%s.values.%d", key, i), "value %s is listed twice", text)
			continue
		}
		seen[text] = true
		var sets []string
		for _, p := range ps {
			sets = append(sets, p+"="+text)
		}
		lv := Level{Label: text, Value: text, Sets: sets}
		if !vn.isTable() && !vn.isList {
			switch t := vn.val.(type) {
			case int64, float64, bool:
				lv.Value = t
			case string:
				lv.Label, lv.Value = t, t
			}
		}
		out = append(out, lv)
	}
	return out
}

func (x *experimentDecoder) variants(n *node, key, list string) []Level {
	if !n.isList {
		x.problem(n.pos, key+".variant", "expected an array of tables ([[%s.variant]]), got %s", list, describe(n))
		return nil
	}
	var out []Level
	seen := map[string]bool{}
	for i, vn := range n.list {
		vkey := fmt.Sprintf("%s.variant.%d", key, i)
		name, ok := vn.name()
		if ok {
			vkey = key + ".variant." + name
		}
		x.keys(vn, vkey, reflect.TypeFor[variantFile]())
		if !ok || name == "" {
			x.problem(vn.pos, vkey, "missing required key %q: the variant's name (its value in the output columns)", "name")
			continue
		}
		if seen[name] {
			x.problem(vn.tab["name"].pos, vkey, "a second variant named %q", name)
			continue
		}
		seen[name] = true
		lv := Level{Label: name, Value: name}
		if sn, ok := vn.tab["set"]; ok {
			if !sn.isTable() {
				x.problem(sn.pos, vkey+".set", "expected a table of parameters like { \"responsibility.clarity\" = 0.9 }, got %s", describe(sn))
				continue
			}
			for _, s := range x.sets(sn, vkey+".set") {
				lv.Sets = append(lv.Sets, s.set)
			}
		}
		out = append(out, lv)
	}
	return out
}

func (x *experimentDecoder) rangeOf(fn *node, key, list string, d Design) *Range {
	n := fn.tab["range"]
	r := &Range{}
	arr, ok := n.val.([]any)
	if !ok || n.isTable() || n.isList || len(arr) != 2 {
		x.problem(n.pos, key+".range", "expected [low, high], got %s", describe(n))
		return nil
	}
	var lohi [2]float64
	for i, v := range arr {
		num, ok := number(&node{val: v})
		if !ok || !finite(num) {
			x.problem(n.pos, key+".range", "expected two finite numbers [low, high], got %s", describe(&node{val: v}))
			return nil
		}
		lohi[i] = num
	}
	r.Lo, r.Hi = lohi[0], lohi[1]
	bad := false
	if !(r.Lo < r.Hi) {
		x.problem(n.pos, key+".range", "low must be below high, got [%s, %s]", formatFloat(r.Lo), formatFloat(r.Hi))
		bad = true
	}
	schema := list + ".*."
	if c, ok := fn.tab["log"]; ok {
		x.field(c, key+".log", schema+"log", &r.Log)
		if r.Log && r.Lo <= 0 {
			x.problem(c.pos, key+".log", "a log range needs low > 0, got %s", formatFloat(r.Lo))
		}
	}
	if c, ok := fn.tab["integer"]; ok {
		x.field(c, key+".integer", schema+"integer", &r.Integer)
		if r.Integer && (r.Lo != math.Trunc(r.Lo) || r.Hi != math.Trunc(r.Hi)) {
			x.problem(n.pos, key+".range", "an integer range needs whole ends, got [%s, %s]", formatFloat(r.Lo), formatFloat(r.Hi))
		}
	}
	if c, ok := fn.tab["format"]; ok {
		x.field(c, key+".format", schema+"format", &r.Format)
	}
	if c, ok := fn.tab["levels"]; ok {
		if x.field(c, key+".levels", schema+"levels", &r.Levels) {
			if r.Levels > maxGridLevels {
				x.problem(c.pos, key+".levels", "must be at most %d, got %d", maxGridLevels, r.Levels)
			}
			if d.Sampled() {
				x.problem(c.pos, key+".levels", "levels makes a grid of a range; a %s sample draws from the whole range", d.Sample)
			}
		}
	} else if !d.Sampled() {
		switch {
		case r.Integer && r.Hi-r.Lo+1 <= maxGridLevels:
			// every integer is a level
		case r.Integer:
			x.problem(fn.pos, key, "an integer range of %s values is too many for a grid: set levels, or sample the design", formatFloat(r.Hi-r.Lo+1))
		case list == "lever" && x.e.Optimize != nil:
			// sim optimize searches the whole range
		default:
			x.problem(fn.pos, key, "a range in a grid design needs levels (how many evenly spaced values), or sample the design (sample = \"lhs\")")
		}
	}
	if bad {
		return nil
	}
	return r
}

// replications decodes [replications] key by key: which keys apply depends
// on whether precision targets are given.
func (x *experimentDecoder) replications(n *node) bool {
	r := &x.e.Replications
	if !n.isTable() {
		x.problem(n.pos, "replications", "expected a table, got %s", describe(n))
		return false
	}
	x.keys(n, "replications", reflect.TypeFor[Replications]())
	tn, hasTargets := n.tab["target"]
	if c, ok := n.tab["n"]; ok {
		x.field(c, "replications.n", "replications.n", &r.N)
		if hasTargets {
			x.problem(c.pos, "replications.n", "a fixed n and precision targets exclude each other: with targets, use min, batch and max")
		}
	}
	if hasTargets {
		r.N = 0
		r.Min, r.Batch, r.Max = DefaultMin, DefaultBatch, DefaultMax
	}
	for _, k := range []struct {
		key string
		v   *int
	}{{"min", &r.Min}, {"batch", &r.Batch}, {"max", &r.Max}} {
		c, ok := n.tab[k.key]
		if !ok {
			continue
		}
		if !hasTargets {
			x.problem(c.pos, "replications."+k.key, "%s applies to precision-driven replications: add [[replications.target]] tables, or use n", k.key)
			continue
		}
		x.field(c, "replications."+k.key, "replications."+k.key, k.v)
	}
	if hasTargets && r.Max < r.Min {
		at := n.pos
		if c, ok := n.tab["max"]; ok {
			at = c.pos
		}
		x.problem(at, "replications.max", "must be at least min (%d), got %d", r.Min, r.Max)
	}
	if c, ok := n.tab["level"]; ok {
		x.field(c, "replications.level", "replications.level", &r.Level)
	}
	if c, ok := n.tab["paired"]; ok {
		x.field(c, "replications.paired", "replications.paired", &r.Paired)
		if r.Paired && !hasTargets {
			x.problem(c.pos, "replications.paired", "paired applies to precision targets: with a fixed n every point already gets the same replications")
		}
	}
	if !hasTargets {
		return true
	}
	if !tn.isList {
		x.problem(tn.pos, "replications.target", "expected an array of tables ([[replications.target]]), got %s", describe(tn))
		return false
	}
	for i, t := range tn.list {
		key := fmt.Sprintf("replications.target.%d", i)
		x.keys(t, key, reflect.TypeFor[Target]())
		tg := Target{Line: t.pos.line}
		if c, ok := t.tab["kpi"]; ok {
			if x.field(c, key+".kpi", "replications.target.*.kpi", &tg.KPI) {
				tg.Line = c.pos.line
			}
		} else {
			x.problem(t.pos, key, "missing required key %q: the KPI column, like \"matters.overall.latency_mean_days\"", "kpi")
		}
		hw, hasHW := t.tab["half_width"]
		rel, hasRel := t.tab["relative"]
		if hasHW == hasRel {
			x.problem(t.pos, key, "give one of half_width (in the KPI's unit) or relative (a share of the mean)")
			continue
		}
		switch {
		case hasRel && x.field(rel, key+".relative", "replications.target.*.relative", &tg.Relative):
		case hasHW && x.field(hw, key+".half_width", "replications.target.*.half_width", &tg.HalfWidth):
		default:
			continue
		}
		r.Targets = append(r.Targets, tg)
	}
	return true
}

// kpiPatterns decodes output.kpis: a non-empty list of patterns.
func (x *experimentDecoder) kpiPatterns(c *node, rv reflect.Value) bool {
	arr, ok := c.val.([]any)
	if !ok || c.isTable() || c.isList || len(arr) == 0 {
		x.problem(c.pos, "output.kpis", "expected a non-empty array of KPI patterns like [\"matters.overall.*\", \"cost.total\"], got %s", describe(c))
		return false
	}
	var kpis []string
	for i, v := range arr {
		s, ok := v.(string)
		if !ok || s == "" {
			x.problem(x.elemLine(c, []string{"output", "kpis"}, i), "output.kpis", "expected a pattern string, got %s", describe(&node{val: v}))
			continue
		}
		kpis = append(kpis, s)
	}
	rv.Set(reflect.ValueOf(kpis))
	return true
}

// overlaps reports two factors that set the same parameter, or one inside
// the other, and factors that vary a fixed parameter.
func (x *experimentDecoder) overlaps() {
	type owner struct {
		factor, path string
	}
	var all []owner
	for _, r := range roles {
		for _, f := range x.e.design(r.list).Factors {
			paths := map[string]bool{}
			if f.Path != "" {
				paths[f.Path] = true
			}
			for _, lv := range f.Levels {
				for _, s := range lv.Sets {
					k, _, _ := strings.Cut(s, "=")
					paths[k] = true
				}
			}
			for _, p := range sortedSet(paths) {
				all = append(all, owner{r.list + "." + f.Name, p})
			}
		}
	}
	for _, s := range x.fixed {
		for _, o := range all {
			if within(s.path, o.path) || within(o.path, s.path) {
				x.problem(s.at, s.key, "%s is also varied by %s: leave it out of [set]", s.path, o.factor)
			}
		}
	}
	reported := map[string]bool{}
	for i, a := range all {
		for _, b := range all[i+1:] {
			if a.factor == b.factor || reported[a.factor+"\x00"+b.factor] {
				continue
			}
			if within(a.path, b.path) || within(b.path, a.path) {
				reported[a.factor+"\x00"+b.factor] = true
				x.problem(pos{x.f.name, x.factorLine(b.factor)}, b.factor, "sets %s, which %s also sets: a parameter can be varied by one factor only", b.path, a.factor)
			}
		}
	}
}

func sortedSet(m map[string]bool) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// within says whether path a is b or inside b.
func within(a, b string) bool { return a == b || strings.HasPrefix(a, b+".") }

func (x *experimentDecoder) factorLine(key string) int {
	list, name, _ := strings.Cut(key, ".")
	for _, f := range x.e.design(list).Factors {
		if f.Name == name {
			return f.Line
		}
	}
	return 0
}

// checkAgainstBases loads every base with the fixed sets, then with each
// level of each factor, and reports what fails at the experiment line that
// caused it.
func (x *experimentDecoder) checkAgainstBases() {
	type lvl struct {
		key  string   // experiment key of the level
		at   pos      // where it was written
		what string   // "lever.rules = strict", for problems reported in a base file
		sets []string // the level's sets
	}
	var levels []lvl
	for _, r := range roles {
		for fi, f := range x.e.design(r.list).Factors {
			fkey := r.list + "." + f.Name
			// checkAgainstBases runs only on a file without problems, so
			// every factor was kept and fi is its index in the file.
			raw := []string{r.list, strconv.Itoa(fi)}
			for i, lv := range f.Levels {
				key, at := fkey, pos{x.f.name, f.Line}
				if f.Path != "" {
					key = fmt.Sprintf("%s.values.%d", fkey, i)
					if line, ok := x.l.lineOf(x.f, append(slices.Clone(raw), "values", strconv.Itoa(i))); ok {
						at.line = line
					}
				} else {
					key = fkey + ".variant." + lv.Label
					if line, ok := x.l.lineOf(x.f, append(slices.Clone(raw), "variant", strconv.Itoa(i))); ok {
						at.line = line
					}
				}
				levels = append(levels, lvl{key: key, at: at, what: fkey + " = " + lv.Label, sets: lv.Sets})
			}
			if f.Range != nil {
				at := pos{x.f.name, f.Line}
				if line, ok := x.l.lineOf(x.f, append(slices.Clone(raw), "range")); ok {
					at.line = line
				}
				for _, u := range []float64{0, math.Nextafter(1, 0)} {
					lv := f.At(u)
					levels = append(levels, lvl{key: fkey + ".range", at: at, what: fkey + " = " + lv.Label, sets: lv.Sets})
				}
			}
		}
	}
	src := x.l.src
	for _, b := range x.e.Bases {
		_, _, err := src.Load(b.Path, x.e.Set)
		if err != nil {
			var se *Error
			if !errors.As(err, &se) {
				x.problem(pos{x.f.name, 0}, "base", "%s: %v", b.Name, err)
				continue
			}
			for _, p := range se.Problems {
				if p.File == SetFile {
					x.remapFixed(p)
				} else {
					x.l.probs = append(x.l.probs, p)
				}
			}
			continue
		}
		for _, lv := range levels {
			_, _, err := src.Load(b.Path, append(slices.Clone(x.e.Set), lv.sets...))
			if err == nil {
				continue
			}
			var se *Error
			if !errors.As(err, &se) {
				x.problem(lv.at, lv.key, "%v", err)
				continue
			}
			for _, p := range se.Problems {
				if p.File == SetFile {
					msg := p.Msg
					if p.Key != "" {
						msg = p.Key + ": " + msg
					}
					x.problem(lv.at, lv.key, "%s", msg)
					continue
				}
				p.Msg += fmt.Sprintf(" (with %s, base %s)", lv.what, b.Name)
				x.l.probs = append(x.l.probs, p)
			}
		}
	}
}

// remapFixed reports a problem of a fixed set at its line in [set].
func (x *experimentDecoder) remapFixed(p Problem) {
	for _, s := range x.fixed {
		if within(p.Key, s.path) || within(s.path, p.Key) {
			msg := p.Msg
			if p.Key != s.path {
				msg = p.Key + ": " + msg
			}
			x.problem(s.at, s.key, "%s", msg)
			return
		}
	}
	x.problem(pos{x.f.name, 0}, "set", "%s: %s", p.Key, p.Msg)
}

// At returns the level of a factor at u in [0, 1): for a range, the value
// at quantile u (uniform, or log-uniform; integers uniform over every
// integer of the range); for discrete levels, level ⌊u × count⌋.
func (f *Factor) At(u float64) Level {
	u = min(max(u, 0), math.Nextafter(1, 0))
	if f.Range == nil {
		return f.Levels[min(int(u*float64(len(f.Levels))), len(f.Levels)-1)]
	}
	r := f.Range
	var v float64
	switch {
	case r.Integer && !r.Log:
		v = math.Floor(r.Lo + u*(r.Hi-r.Lo+1))
		v = min(v, r.Hi)
	case r.Log:
		v = math.Exp(math.Log(r.Lo) + u*(math.Log(r.Hi)-math.Log(r.Lo)))
	default:
		v = r.Lo + u*(r.Hi-r.Lo)
	}
	return f.rangeLevel(v)
}

// GridLevels returns the levels of a factor in a grid design: its discrete
// levels, or a range's evenly spaced (log-spaced) values, or every integer
// of an integer range without levels.
func (f *Factor) GridLevels() []Level {
	if f.Range == nil {
		return f.Levels
	}
	r := f.Range
	var out []Level
	if r.Levels == 0 {
		for v := r.Lo; v <= r.Hi; v++ {
			out = append(out, f.rangeLevel(v))
		}
		return out
	}
	k := r.Levels
	for i := range k {
		t := float64(i) / float64(k-1)
		var v float64
		if r.Log {
			v = math.Exp(math.Log(r.Lo) + t*(math.Log(r.Hi)-math.Log(r.Lo)))
		} else {
			v = r.Lo + t*(r.Hi-r.Lo)
		}
		if i == k-1 {
			v = r.Hi
		}
		out = append(out, f.rangeLevel(v))
	}
	return out
}

func (f *Factor) rangeLevel(v float64) Level {
	r := f.Range
	var text string
	var value any
	if r.Integer {
		v = math.Round(v)
		value = int64(v)
		text = strconv.FormatInt(int64(v), 10)
	} else {
		value = v
		text = encodeFloat(v)
	}
	label := text
	set := text
	if r.Format != "" {
		if !r.Integer {
			label = formatFloat(v)
		}
		set = strings.Replace(r.Format, "{}", label, 1)
		if !isArray(set) { // an array template ("[{}, 3, 1, 1]") sets the array
			set = encodeString(set)
		}
	}
	return Level{Label: label, Value: value, Sets: f.sets(set)}
}

// isArray says whether text is a TOML array of values.
func isArray(text string) bool {
	_, ok := parseSetValue(text).val.([]any)
	return ok
}

// KPIProblem is a problem with a KPI name of the experiment (a target or an
// output pattern) found once the KPI columns are known: key is the
// experiment key ("replications.target.0.kpi"), line its line.
func (e *Experiment) KPIProblem(line int, key, name string, known []string) error {
	return &Error{Problems: []Problem{{File: e.File.Name, Line: line, Key: key, Msg: fmt.Sprintf("no KPI named %q%s", name, suggest(name, known))}}}
}

// inlineTOML writes a decoded value as TOML text for a --set.
func inlineTOML(n *node) string {
	switch {
	case n.isTable():
		keys := sortedKeys(n.tab)
		return inlineList("{", "}", len(keys), func(i int) string { return tomlKey(keys[i]) + " = " + inlineTOML(n.tab[keys[i]]) })
	case n.isList:
		return inlineList("[", "]", len(n.list), func(i int) string { return inlineTOML(n.list[i]) })
	}
	return rawTOML(n.val)
}

func rawTOML(v any) string {
	switch t := v.(type) {
	case string:
		return encodeString(t)
	case int64:
		return strconv.FormatInt(t, 10)
	case float64:
		return encodeFloat(t)
	case bool:
		return strconv.FormatBool(t)
	case []any:
		return inlineList("[", "]", len(t), func(i int) string { return rawTOML(t[i]) })
	case map[string]any:
		return inlineTOML(build(t, nil, "", nil, 0))
	case []map[string]any:
		return inlineTOML(build(t, nil, "", nil, 0))
	}
	// date-times and local dates/times print in TOML syntax
	var m map[string]any
	text := fmt.Sprint(v)
	if _, err := toml.Decode("v = "+text, &m); err == nil {
		return text
	}
	return encodeString(text)
}

// tomlKey quotes a key unless it is bare.
func tomlKey(k string) string {
	if k == "" {
		return `""`
	}
	for i := 0; i < len(k); i++ {
		if !isBare(k[i]) {
			return encodeString(k)
		}
	}
	return k
}
