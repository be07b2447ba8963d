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
	"slices"
	"strconv"
	"strings"

	"github.com/BurntSushi/toml"
)

// Experiment is a validated experiment file (experiments/FORMAT.md): the
// base scenarios, the factors that vary between points — levers, which
// policy controls, kept apart from uncertainties, which it does not — the
// parameters fixed for every run, the root seed and the replication rule.
// It says what to run; package experiments expands it into points and runs
// them.
type Experiment struct {
	Name        string
	Description string
	File        File   // the experiment file: its name as given and its sha256
	Bases       []Base // at least one
	Seed        uint64 // root seed; default 1
	// Set holds "path=value" overrides applied to every run, before the
	// factors, sorted by path.
	Set           []string
	Levers        Design
	Uncertainties Design
	Replications  Replications
	Output        ExperimentOutput
	// Calibrate is the [calibrate] section, for `sim calibrate` (nil when
	// absent).
	Calibrate *Calibrate
	// Optimize is the [optimize] section, for `sim optimize` (nil when
	// absent).
	Optimize *Optimize
}

// Calibrate says which parameters `sim calibrate` fits, within bounds, so
// that simulated KPIs match targets.
type Calibrate struct {
	Reps     int // replications per evaluation (common random numbers); default 3
	MaxEvals int // objective evaluations at most; default 200
	Params   []CalibrateParam
	Targets  []CalibrateTarget
}

// CalibrateParam is a free parameter: a --set path and its bounds.
type CalibrateParam struct {
	Path   string
	Lo, Hi float64
}

// CalibrateTarget is a KPI (a flattened name as in runs.csv) and the value
// it should take, with a weight in the distance.
type CalibrateTarget struct {
	KPI           string
	Value, Weight float64
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
	Sample  string
	N       int // points of a sampled design; 0 for a grid
	Levels  int // grid levels of a Morris design (even, default 4)
	Factors []Factor
}

// Sampled says whether the design draws points from a sample.
func (d Design) Sampled() bool { return d.Sample != "" && d.Sample != "grid" }

// Factor is one varied parameter (or one choice among named variants).
type Factor struct {
	Name string // column name: the name given, else the path
	Path string // the --set path; "" for a factor of variants
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
	N int // fixed number of replications (without targets); default 5
	// With targets: Min replications first (default 5, at least 2), then
	// Batch more (default 5) at a time until every target is met or Max
	// (default 100) is reached.
	Min, Batch, Max int
	Level           float64 // confidence level of the intervals; default 0.95
	// Paired makes one block of all points: every point gets the same
	// number of replications, and the targets apply to each point's paired
	// difference with the first point (common random numbers).
	Paired  bool
	Targets []Target
}

// Precision says whether replications are added until targets are met.
func (r Replications) Precision() bool { return len(r.Targets) > 0 }

// Target is a precision target: the confidence interval half-width of KPI
// must be at most HalfWidth (in the KPI's unit) or Relative × |mean|.
type Target struct {
	KPI       string
	HalfWidth float64
	Relative  float64
	Line      int
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
	KPIs []string
	// Timeseries writes the per-run daily series; default true.
	Timeseries bool
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
	x.l.problem(p, key, format, args...)
}

// keys reports the unknown keys of a table, with a suggestion.
func (x *experimentDecoder) keys(n *node, prefix string, known ...string) {
	for _, k := range sortedKeys(n.tab) {
		if !slices.Contains(known, k) {
			x.problem(n.tab[k].pos, join(prefix, k), "unknown key%s", suggest(k, known))
		}
	}
}

func (x *experimentDecoder) decode(root *node) {
	e := x.e
	x.keys(root, "", "name", "description", "base", "seed", "set", "levers", "uncertainties", "lever", "uncertainty", "replications", "output", "calibrate")
	e.Name = strings.TrimSuffix(path.Base(filepath.ToSlash(x.f.name)), ".toml")
	if n, ok := root.tab["name"]; ok {
		if s, ok := x.str(n, "name"); ok {
			if s == "" {
				x.problem(n.pos, "name", "must not be empty")
			}
			e.Name = s
		}
	}
	if n, ok := root.tab["description"]; ok {
		e.Description, _ = x.str(n, "description")
	}
	x.bases(root)
	e.Seed = 1
	if n, ok := root.tab["seed"]; ok {
		if i, ok := n.val.(int64); ok && !n.isTable() && !n.isList && i >= 0 {
			e.Seed = uint64(i)
		} else {
			x.problem(n.pos, "seed", "expected a non-negative integer, got %s", describe(n))
		}
	}
	if n, ok := root.tab["set"]; ok {
		if !n.isTable() {
			x.problem(n.pos, "set", "expected a table of parameters like { \"run.horizon\" = \"8w\" }, got %s", describe(n))
		} else {
			for _, s := range x.sets(n, "set") {
				x.fixed = append(x.fixed, s)
				e.Set = append(e.Set, s.set)
			}
		}
	}
	e.Levers = x.design(root, "levers", "lever")
	e.Uncertainties = x.design(root, "uncertainties", "uncertainty")
	x.overlaps()
	x.replications(root)
	x.output(root)
	x.calibrate(root)
}

// number reads a finite number (integers allowed).
func (x *experimentDecoder) number(n *node, key string) (float64, bool) {
	switch v := n.val.(type) {
	case float64:
		if !n.isTable() && !n.isList && !math.IsInf(v, 0) && !math.IsNaN(v) {
			return v, true
		}
	case int64:
		if !n.isTable() && !n.isList {
			return float64(v), true
		}
	}
	x.problem(n.pos, key, "expected a number, got %s", describe(n))
	return 0, false
}

// calibrate reads the [calibrate] section: reps, max_evals,
// [[calibrate.param]] (path, lo, hi) and [[calibrate.target]] (kpi, value,
// weight). Each parameter path is checked against the bases at both bounds.
func (x *experimentDecoder) calibrate(root *node) {
	n, ok := root.tab["calibrate"]
	if !ok {
		return
	}
	if !n.isTable() {
		x.problem(n.pos, "calibrate", "expected a table, got %s", describe(n))
		return
	}
	x.keys(n, "calibrate", "reps", "max_evals", "param", "target")
	c := &Calibrate{Reps: 3, MaxEvals: 200}
	x.e.Calibrate = c
	if v, ok := n.tab["reps"]; ok {
		c.Reps, _ = x.integer(v, "calibrate.reps", 1)
	}
	if v, ok := n.tab["max_evals"]; ok {
		c.MaxEvals, _ = x.integer(v, "calibrate.max_evals", 1)
	}
	list := func(key string) []*node {
		l, ok := n.tab[key]
		if !ok || !l.isList {
			at := n.pos
			if ok {
				at = l.pos
			}
			x.problem(at, "calibrate."+key, "expected at least one [[calibrate.%s]] table", key)
			return nil
		}
		return l.list
	}
	for i, pn := range list("param") {
		key := fmt.Sprintf("calibrate.param.%d", i)
		x.keys(pn, key, "path", "lo", "hi")
		var p CalibrateParam
		okAll := true
		if v, ok := pn.tab["path"]; ok {
			p.Path, ok = x.str(v, key+".path")
			okAll = okAll && ok
		} else {
			x.problem(pn.pos, key+".path", "required: the --set path of the parameter")
			okAll = false
		}
		for _, b := range []struct {
			k string
			v *float64
		}{{"lo", &p.Lo}, {"hi", &p.Hi}} {
			if v, ok := pn.tab[b.k]; ok {
				*b.v, ok = x.number(v, key+"."+b.k)
				okAll = okAll && ok
			} else {
				x.problem(pn.pos, key+"."+b.k, "required: the parameter's bound")
				okAll = false
			}
		}
		if okAll && !(p.Hi > p.Lo) {
			x.problem(pn.pos, key, "wants lo < hi, got %g and %g", p.Lo, p.Hi)
			okAll = false
		}
		if okAll {
			for _, b := range x.e.Bases {
				for _, v := range []float64{p.Lo, p.Hi} {
					sets := append(append([]string{}, x.e.Set...), fmt.Sprintf("%s=%v", p.Path, v))
					if _, _, err := x.l.src.Load(b.Path, sets); err != nil {
						x.problem(pn.pos, key+".path", "%s = %g does not load on base %s: %v", p.Path, v, b.Name, err)
						okAll = false
						break
					}
				}
				if !okAll {
					break
				}
			}
		}
		c.Params = append(c.Params, p)
	}
	for i, tn := range list("target") {
		key := fmt.Sprintf("calibrate.target.%d", i)
		x.keys(tn, key, "kpi", "value", "weight")
		t := CalibrateTarget{Weight: 1}
		if v, ok := tn.tab["kpi"]; ok {
			t.KPI, _ = x.str(v, key+".kpi")
		} else {
			x.problem(tn.pos, key+".kpi", "required: a KPI name as in runs.csv, e.g. matters.overall.online_share")
		}
		if v, ok := tn.tab["value"]; ok {
			t.Value, _ = x.number(v, key+".value")
		} else {
			x.problem(tn.pos, key+".value", "required: the value the KPI should take")
		}
		if v, ok := tn.tab["weight"]; ok {
			if w, ok := x.number(v, key+".weight"); ok {
				if w <= 0 {
					x.problem(v.pos, key+".weight", "must be > 0, got %g", w)
				}
				t.Weight = w
			}
		}
		c.Targets = append(c.Targets, t)
	}
}

func (x *experimentDecoder) str(n *node, key string) (string, bool) {
	s, ok := n.val.(string)
	if !ok || n.isTable() || n.isList {
		x.problem(n.pos, key, "expected a string, got %s", describe(n))
		return "", false
	}
	return s, true
}

func (x *experimentDecoder) boolean(n *node, key string) (bool, bool) {
	b, ok := n.val.(bool)
	if !ok || n.isTable() || n.isList {
		x.problem(n.pos, key, "expected true or false, got %s", describe(n))
		return false, false
	}
	return b, true
}

// integer reads an integer of at least lo.
func (x *experimentDecoder) integer(n *node, key string, lo int64) (int, bool) {
	i, ok := n.val.(int64)
	if !ok || n.isTable() || n.isList {
		x.problem(n.pos, key, "expected an integer, got %s", describe(n))
		return 0, false
	}
	if i < lo {
		x.problem(n.pos, key, "must be at least %d, got %d", lo, i)
		return 0, false
	}
	if i > 1<<31 {
		x.problem(n.pos, key, "must be at most %d, got %d", 1<<31, i)
		return 0, false
	}
	return int(i), true
}

// elemLine is the line of element i of an array at path (raw, indexed).
func (x *experimentDecoder) elemLine(n *node, rawPath []string, i int) pos {
	p := n.pos
	if line, ok := x.l.lineOf(x.f, append(slices.Clone(rawPath), strconv.Itoa(i))); ok {
		p.line = line
	}
	return p
}

func (x *experimentDecoder) bases(root *node) {
	n, ok := root.tab["base"]
	if !ok {
		x.problem(root.pos, "base", "missing required key %q: the base scenario (a shipped name or a file), or a list of them", "base")
		return
	}
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
				return
			}
			names = append(names, s)
			at = append(at, x.elemLine(n, []string{"base"}, i))
		}
		if len(names) == 0 {
			x.problem(n.pos, "base", "empty list: name at least one scenario")
			return
		}
	}
	if names == nil {
		x.problem(n.pos, "base", "expected a scenario name or a list of them, got %s", describe(n))
		return
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
}

// sets flattens a table of parameters into sets, in path order.
func (x *experimentDecoder) sets(n *node, key string) []setAt {
	var entries []setEntry
	flattenSet("", n, &entries)
	var out []setAt
	for _, en := range entries {
		if _, err := splitPath(en.key); err != nil {
			x.problem(en.n.pos, join(key, en.key), "%v", err)
			continue
		}
		if seg, _, _ := strings.Cut(en.key, "."); seg == "extend" || seg == "remove" {
			x.problem(en.n.pos, join(key, en.key), "extend and remove cannot be set")
			continue
		}
		out = append(out, setAt{key: join(key, en.key), path: en.key, set: en.key + "=" + inlineTOML(en.n), at: en.n.pos})
	}
	return out
}

func (x *experimentDecoder) design(root *node, table, list string) Design {
	d := Design{Sample: "grid"}
	if n, ok := root.tab[table]; ok {
		if !n.isTable() {
			x.problem(n.pos, table, "expected a table with sample and n, got %s", describe(n))
		} else {
			x.keys(n, table, "sample", "n", "levels")
			if s, ok := n.tab["sample"]; ok {
				if v, ok := x.str(s, table+".sample"); ok {
					if !slices.Contains(Samples, v) {
						x.problem(s.pos, table+".sample", "expected one of %s, got %q%s", quoteList(Samples), v, suggest(v, Samples))
					} else {
						d.Sample = v
					}
				}
			}
			if c, ok := n.tab["n"]; ok {
				if v, ok := x.integer(c, table+".n", 1); ok {
					d.N = v
					if !d.Sampled() {
						x.problem(c.pos, table+".n", "n is the size of a sampled design; a grid has every combination of the levels (set sample = \"lhs\", \"halton\" or \"sobol\")")
					}
				}
			} else if d.Sampled() {
				x.problem(n.pos, table, "missing required key %q: the number of points to sample", "n")
			}
			if c, ok := n.tab["levels"]; ok {
				if v, ok := x.integer(c, table+".levels", 2); ok {
					switch {
					case d.Sample != "morris":
						x.problem(c.pos, table+".levels", "levels is the grid of a Morris design (sample = \"morris\")")
					case v%2 != 0:
						x.problem(c.pos, table+".levels", "a Morris grid needs an even number of levels, got %d", v)
					default:
						d.Levels = v
					}
				}
			} else if d.Sample == "morris" {
				d.Levels = 4
			}
			if d.Sample == "saltelli" && d.N == 1 {
				x.problem(n.tab["n"].pos, table+".n", "a Saltelli design needs at least 2 base samples (a power of two suits it)")
			}
		}
	}
	n, ok := root.tab[list]
	if !ok {
		if d.Sampled() {
			x.problem(root.tab[table].pos, table, "a %s sample needs factors: add [[%s]] tables", d.Sample, list)
		}
		return d
	}
	if !n.isList {
		x.problem(n.pos, list, "expected an array of tables ([[%s]]), got %s", list, describe(n))
		return d
	}
	names := map[string]bool{}
	for i, fn := range n.list {
		f, ok := x.factor(fn, list, i, d)
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
	return d
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
	x.keys(fn, key, "name", "path", "values", "range", "levels", "log", "integer", "format", "variant")
	if n, ok := fn.tab["name"]; ok {
		if s, ok := x.str(n, key+".name"); ok {
			if s == "" {
				x.problem(n.pos, key+".name", "must not be empty")
			}
			f.Name = s
		}
	}
	if n, ok := fn.tab["path"]; ok {
		if s, ok := x.str(n, key+".path"); ok {
			if _, err := splitPath(s); err != nil {
				x.problem(n.pos, key+".path", "%v", err)
			} else if seg, _, _ := strings.Cut(s, "."); seg == "extend" || seg == "remove" {
				x.problem(n.pos, key+".path", "extend and remove cannot be varied; use a factor of variants or several bases")
			}
			f.Path = s
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
		f.Levels = x.variants(fn.tab["variant"], key, raw, list)
	case isRange:
		f.Range = x.rangeOf(fn, key, raw, d)
	default:
		f.Levels = x.values(fn.tab["values"], key, raw, f.Path)
	}
	return f, len(x.l.probs) == before
}

func (x *experimentDecoder) values(n *node, key string, raw []string, p string) []Level {
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
		lv := Level{Label: text, Value: text, Sets: []string{p + "=" + text}}
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

func (x *experimentDecoder) variants(n *node, key string, raw []string, list string) []Level {
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
		x.keys(vn, vkey, "name", "set")
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

func (x *experimentDecoder) rangeOf(fn *node, key string, raw []string, d Design) *Range {
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
	if c, ok := fn.tab["log"]; ok {
		r.Log, _ = x.boolean(c, key+".log")
		if r.Log && r.Lo <= 0 {
			x.problem(c.pos, key+".log", "a log range needs low > 0, got %s", formatFloat(r.Lo))
		}
	}
	if c, ok := fn.tab["integer"]; ok {
		r.Integer, _ = x.boolean(c, key+".integer")
		if r.Integer && (r.Lo != math.Trunc(r.Lo) || r.Hi != math.Trunc(r.Hi)) {
			x.problem(n.pos, key+".range", "an integer range needs whole ends, got [%s, %s]", formatFloat(r.Lo), formatFloat(r.Hi))
		}
	}
	if c, ok := fn.tab["format"]; ok {
		if s, ok := x.str(c, key+".format"); ok {
			if strings.Count(s, "{}") != 1 {
				x.problem(c.pos, key+".format", "expected a template with one {} for the number, like \"lognormal({}m, 0.5)\", got %q", s)
			}
			r.Format = s
		}
	}
	if c, ok := fn.tab["levels"]; ok {
		if v, ok := x.integer(c, key+".levels", 2); ok {
			r.Levels = v
			if v > maxGridLevels {
				x.problem(c.pos, key+".levels", "must be at most %d, got %d", maxGridLevels, v)
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
		default:
			x.problem(fn.pos, key, "a range in a grid design needs levels (how many evenly spaced values), or sample the design (sample = \"lhs\")")
		}
	}
	if bad {
		return nil
	}
	return r
}

// overlaps reports two factors that set the same parameter, or one inside
// the other, and factors that vary a fixed parameter.
func (x *experimentDecoder) overlaps() {
	type owner struct {
		factor, path string
	}
	var all []owner
	for _, d := range []struct {
		list string
		d    Design
	}{{"lever", x.e.Levers}, {"uncertainty", x.e.Uncertainties}} {
		for _, f := range d.d.Factors {
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
				all = append(all, owner{d.list + "." + f.Name, p})
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
	d := x.e.Levers
	if list == "uncertainty" {
		d = x.e.Uncertainties
	}
	for _, f := range d.Factors {
		if f.Name == name {
			return f.Line
		}
	}
	return 0
}

func (x *experimentDecoder) replications(root *node) {
	r := &x.e.Replications
	*r = Replications{N: DefaultReplications, Level: DefaultLevel}
	n, ok := root.tab["replications"]
	if !ok {
		return
	}
	if !n.isTable() {
		x.problem(n.pos, "replications", "expected a table, got %s", describe(n))
		return
	}
	x.keys(n, "replications", "n", "min", "batch", "max", "level", "paired", "target")
	tn, hasTargets := n.tab["target"]
	if c, ok := n.tab["n"]; ok {
		if v, ok := x.integer(c, "replications.n", 1); ok {
			r.N = v
		}
		if hasTargets {
			x.problem(c.pos, "replications.n", "a fixed n and precision targets exclude each other: with targets, use min, batch and max")
		}
	}
	if hasTargets {
		r.N = 0
		r.Min, r.Batch, r.Max = DefaultMin, DefaultBatch, DefaultMax
	}
	for _, k := range []string{"min", "batch", "max"} {
		c, ok := n.tab[k]
		if !ok {
			continue
		}
		if !hasTargets {
			x.problem(c.pos, "replications."+k, "%s applies to precision-driven replications: add [[replications.target]] tables, or use n", k)
			continue
		}
		lo := int64(1)
		if k == "min" {
			lo = 2
		}
		v, ok := x.integer(c, "replications."+k, lo)
		if !ok {
			continue
		}
		switch k {
		case "min":
			r.Min = v
		case "batch":
			r.Batch = v
		default:
			r.Max = v
		}
	}
	if hasTargets && r.Max < r.Min {
		at := n.pos
		if c, ok := n.tab["max"]; ok {
			at = c.pos
		}
		x.problem(at, "replications.max", "must be at least min (%d), got %d", r.Min, r.Max)
	}
	if c, ok := n.tab["level"]; ok {
		v, ok := number(c)
		if !ok || c.isTable() || c.isList {
			x.problem(c.pos, "replications.level", "expected a number like 0.95, got %s", describe(c))
		} else if !(v > 0 && v < 1) {
			x.problem(c.pos, "replications.level", "must be in (0, 1), got %s", formatFloat(v))
		} else {
			r.Level = v
		}
	}
	if c, ok := n.tab["paired"]; ok {
		r.Paired, _ = x.boolean(c, "replications.paired")
		if r.Paired && !hasTargets {
			x.problem(c.pos, "replications.paired", "paired applies to precision targets: with a fixed n every point already gets the same replications")
		}
	}
	if !hasTargets {
		return
	}
	if !tn.isList {
		x.problem(tn.pos, "replications.target", "expected an array of tables ([[replications.target]]), got %s", describe(tn))
		return
	}
	for i, t := range tn.list {
		key := fmt.Sprintf("replications.target.%d", i)
		x.keys(t, key, "kpi", "half_width", "relative")
		tg := Target{Line: t.pos.line}
		if c, ok := t.tab["kpi"]; ok {
			if s, ok := x.str(c, key+".kpi"); ok {
				tg.KPI = s
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
		c, k := hw, "half_width"
		if hasRel {
			c, k = rel, "relative"
		}
		v, ok := number(c)
		if !ok || c.isTable() || c.isList || !(v > 0) || !finite(v) {
			x.problem(c.pos, key+"."+k, "expected a positive number, got %s", describe(c))
			continue
		}
		if hasRel {
			tg.Relative = v
		} else {
			tg.HalfWidth = v
		}
		r.Targets = append(r.Targets, tg)
	}
}

func (x *experimentDecoder) output(root *node) {
	o := &x.e.Output
	o.Timeseries = true
	n, ok := root.tab["output"]
	if !ok {
		return
	}
	if !n.isTable() {
		x.problem(n.pos, "output", "expected a table, got %s", describe(n))
		return
	}
	x.keys(n, "output", "kpis", "timeseries")
	if c, ok := n.tab["timeseries"]; ok {
		o.Timeseries, _ = x.boolean(c, "output.timeseries")
	}
	if c, ok := n.tab["kpis"]; ok {
		arr, ok := c.val.([]any)
		if !ok || c.isTable() || c.isList || len(arr) == 0 {
			x.problem(c.pos, "output.kpis", "expected a non-empty array of KPI patterns like [\"matters.overall.*\", \"cost.total\"], got %s", describe(c))
			return
		}
		for i, v := range arr {
			s, ok := v.(string)
			if !ok || s == "" {
				x.problem(x.elemLine(c, []string{"output", "kpis"}, i), "output.kpis", "expected a pattern string, got %s", describe(&node{val: v}))
				continue
			}
			o.KPIs = append(o.KPIs, s)
		}
	}
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
	for _, d := range []struct {
		list string
		d    Design
	}{{"lever", x.e.Levers}, {"uncertainty", x.e.Uncertainties}} {
		for fi, f := range d.d.Factors {
			fkey := d.list + "." + f.Name
			// checkAgainstBases runs only on a file without problems, so
			// every factor was kept and fi is its index in the file.
			raw := []string{d.list, strconv.Itoa(fi)}
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
			if r := f.Range; r != nil {
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
		set = encodeString(strings.Replace(r.Format, "{}", label, 1))
	}
	return Level{Label: label, Value: value, Sets: []string{f.Path + "=" + set}}
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
		var b strings.Builder
		b.WriteString("{")
		for i, k := range sortedKeys(n.tab) {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(tomlKey(k))
			b.WriteString(" = ")
			b.WriteString(inlineTOML(n.tab[k]))
		}
		b.WriteString("}")
		return b.String()
	case n.isList:
		var b strings.Builder
		b.WriteString("[")
		for i, e := range n.list {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(inlineTOML(e))
		}
		b.WriteString("]")
		return b.String()
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
		var b strings.Builder
		b.WriteString("[")
		for i, e := range t {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(rawTOML(e))
		}
		b.WriteString("]")
		return b.String()
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
