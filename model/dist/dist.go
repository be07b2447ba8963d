package dist

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
)

// Kind names a distribution family.
type Kind uint8

const (
	KindConst Kind = iota
	KindExp
	KindLogNormal
	KindGamma
	KindUniform
	KindTriangular
	KindEmpirical
	KindBeta
)

// names are the spec names of the kinds, indexed by Kind.
var names = [...]string{
	KindConst:      "const",
	KindExp:        "exp",
	KindLogNormal:  "lognormal",
	KindGamma:      "gamma",
	KindUniform:    "uniform",
	KindTriangular: "triangular",
	KindEmpirical:  "empirical",
	KindBeta:       "beta",
}

// params are the argument lists of the kinds, for error messages.
var params = [...]string{
	KindConst:      "(value)",
	KindExp:        "(mean)",
	KindLogNormal:  "(mean, cv)",
	KindGamma:      "(mean, cv)",
	KindUniform:    "(min, max)",
	KindTriangular: "(min, mode, max)",
	KindEmpirical:  "(v1, v2, ...) or (file = \"name\")",
	KindBeta:       "(mean, concentration)",
}

// String returns the kind's name in specs ("lognormal").
func (k Kind) String() string {
	if int(k) < len(names) {
		return names[k]
	}
	return "Kind(" + strconv.Itoa(int(k)) + ")"
}

// Unit says how bare numbers in a distribution spec are read.
type Unit uint8

const (
	// Number: values are plain numbers ("uniform(0.2, 0.8)").
	Number Unit = iota
	// Duration: values carry a time suffix ("exp(12m)", "lognormal(2h, 0.5)");
	// the result is in minutes. A bare number is an error.
	Duration
)

// MaxCV bounds the coefficient of variation of lognormal and gamma. Beyond
// it the gamma shape 1/cv² is below 10⁻⁶ and nearly every draw underflows
// to 0 in double precision, so such a spec is almost certainly a mistake.
const MaxCV = 1000

// Dist is an immutable distribution. The zero value is const(0).
type Dist struct {
	Kind Kind
	// Parameters by kind: Const: A = value; Exp: A = mean; LogNormal and
	// Gamma: A = mean, B = coefficient of variation; Uniform: A = min, B = max;
	// Triangular: A = min, B = mode, C = max; Beta: A = mean, B = concentration (a+b).
	A, B, C float64
	// Values holds an empirical distribution's sample, sorted.
	Values []float64
	unit   Unit
	// Precomputed by Prepared for the lognormal: scale = mean·exp(−σ²/2)
	// and σ, so a draw costs one exp. Zero when not prepared.
	lnScale, lnSigma float64
}

// Prepared returns d with its per-draw constants precomputed (Parse does
// this). Sample gives the same values either way; prepared is faster.
func (d Dist) Prepared() Dist {
	if d.Kind == KindLogNormal && d.B > 0 {
		s2 := math.Log1p(d.B * d.B)
		d.lnSigma = math.Sqrt(s2)
		d.lnScale = math.Exp(math.Log(d.A) - s2/2)
	}
	return d
}

// Parse reads a spec such as "exp(12m)". readFile loads empirical(file=...)
// (relative names are the caller's business); it may be nil.
//
// The grammar, whitespace-tolerant and with case-insensitive names:
//
//	const(v) | v | exp(mean) | lognormal(mean, cv) | gamma(mean, cv)
//	uniform(min, max) | triangular(min, mode, max)
//	empirical(v1, v2, ...) | empirical(file = "name.csv")
//	beta(mean, concentration)                        (Number only)
//
// With unit Duration every value carries an elapsed-time suffix (s, m, h,
// d, w; decimals allowed) and is returned in minutes; cv and concentration
// are plain numbers. Values are never negative, since drawn values never are.
func Parse(spec string, unit Unit, readFile func(name string) ([]byte, error)) (Dist, error) {
	s := strings.TrimSpace(spec)
	if s == "" {
		return Dist{}, errors.New("dist: empty distribution")
	}
	open := strings.IndexByte(s, '(')
	if open < 0 {
		v, err := parseValue(s, unit)
		if err != nil {
			return Dist{}, err
		}
		return validate(Dist{Kind: KindConst, A: v, unit: unit})
	}
	if s[len(s)-1] != ')' {
		return Dist{}, fmt.Errorf("dist: %q: want name(arguments)", s)
	}
	name := strings.ToLower(strings.TrimSpace(s[:open]))
	idx := slices.Index(names[:], name)
	if idx < 0 {
		return Dist{}, fmt.Errorf("dist: unknown distribution %q (want %s)", s[:open], strings.Join(names[:], ", "))
	}
	kind := Kind(idx)
	if kind == KindBeta && unit == Duration {
		return Dist{}, errors.New("dist: beta is a distribution of numbers, not of durations")
	}
	body := strings.TrimSpace(s[open+1 : len(s)-1])
	d := Dist{Kind: kind, unit: unit}

	if kind == KindEmpirical {
		if file, ok := fileArg(body); ok {
			vs, err := readValues(file, unit, readFile)
			if err != nil {
				return Dist{}, err
			}
			d.Values = vs
			return validate(d)
		}
	}

	var args []string
	if body != "" {
		args = strings.Split(body, ",")
		for i := range args {
			args[i] = strings.TrimSpace(args[i])
		}
	}
	want := strings.Count(params[kind], ",") + 1
	if kind == KindEmpirical {
		if len(args) == 0 {
			return Dist{}, errors.New("dist: empirical wants at least one value")
		}
	} else if len(args) != want {
		plural := "s"
		if len(args) == 1 {
			plural = ""
		}
		return Dist{}, fmt.Errorf("dist: %s wants %s, got %d argument%s", kind, params[kind], len(args), plural)
	}
	for _, a := range args {
		if a == "" {
			return Dist{}, fmt.Errorf("dist: %s: empty argument", kind)
		}
	}

	// Which arguments are plain numbers whatever the unit.
	plain := func(i int) bool {
		return kind == KindBeta || ((kind == KindLogNormal || kind == KindGamma) && i == 1)
	}
	vals := make([]float64, len(args))
	for i, a := range args {
		var err error
		if plain(i) {
			vals[i], err = parseNumber(a)
			if err != nil && unit == Duration {
				err = fmt.Errorf("dist: %s: the %s of %s is a plain number", a, paramName(kind, i), kind)
			}
		} else {
			vals[i], err = parseValue(a, unit)
		}
		if err != nil {
			return Dist{}, err
		}
	}
	if kind == KindEmpirical {
		slices.Sort(vals)
		d.Values = vals
	} else {
		d.A = vals[0]
		if len(vals) > 1 {
			d.B = vals[1]
		}
		if len(vals) > 2 {
			d.C = vals[2]
		}
	}
	return validate(d)
}

// paramName returns the name of argument i of kind k ("cv").
func paramName(k Kind, i int) string {
	ps := strings.Split(strings.Trim(params[k], "()"), ", ")
	if i < len(ps) {
		return ps[i]
	}
	return "value"
}

// fileArg recognises `file = "name"` (quotes optional) in an empirical body.
func fileArg(body string) (string, bool) {
	if len(body) < 4 || !strings.EqualFold(body[:4], "file") {
		return "", false
	}
	rest := strings.TrimSpace(body[4:])
	if !strings.HasPrefix(rest, "=") {
		return "", false
	}
	name := strings.TrimSpace(rest[1:])
	if len(name) >= 2 && (name[0] == '"' || name[0] == '\'') && name[len(name)-1] == name[0] {
		name = name[1 : len(name)-1]
	}
	return name, true
}

// readValues loads an empirical sample: one value per line, the first
// comma-separated column; blank lines, # comments and a non-numeric header
// are skipped. In Duration mode a value without a unit is in minutes.
func readValues(name string, unit Unit, readFile func(string) ([]byte, error)) ([]float64, error) {
	if name == "" {
		return nil, errors.New("dist: empirical(file = ...) needs a file name")
	}
	if readFile == nil {
		return nil, fmt.Errorf("dist: empirical file %q: no file reader", name)
	}
	data, err := readFile(name)
	if err != nil {
		return nil, fmt.Errorf("dist: empirical file %q: %w", name, err)
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var vs []float64
	first := true
	for i, line := range strings.Split(string(data), "\n") {
		if c := strings.IndexByte(line, '#'); c >= 0 {
			line = line[:c]
		}
		if c := strings.IndexByte(line, ','); c >= 0 {
			line = line[:c]
		}
		f := strings.Trim(strings.TrimSpace(line), `"`)
		if f == "" {
			continue
		}
		header := first && !strings.ContainsAny(f[:1], "0123456789.+-")
		first = false
		if header {
			continue
		}
		var v float64
		if unit == Duration {
			if v, err = parseNumber(f); err != nil {
				v, err = parseValue(f, unit)
			}
		} else {
			v, err = parseValue(f, unit)
		}
		if err != nil {
			// A value is shown only when it looks like a number with a
			// unit: the file may be anything a scenario names (issue 14:
			// /etc/passwd), and its lines are not for the console.
			if looksNumeric(f) {
				return nil, fmt.Errorf("dist: %s:%d: %s", name, i+1, strings.TrimPrefix(err.Error(), "dist: "))
			}
			what := "a number"
			if unit == Duration {
				what = "a duration"
			}
			return nil, fmt.Errorf("dist: %s:%d: not %s (the line is not shown)", name, i+1, what)
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("dist: empirical file %q holds no values", name)
	}
	slices.Sort(vs)
	return vs, nil
}

// unitMinutes are the elapsed-time suffixes, largest first.
var unitMinutes = []struct {
	suffix string
	min    float64
}{{"w", 7 * 24 * 60}, {"d", 24 * 60}, {"h", 60}, {"m", 1}}

// parseNumber reads a plain decimal number (no hex, no inf, no nan).
func parseNumber(s string) (float64, error) {
	s = strings.TrimSpace(s)
	if s == "" || strings.Trim(s, "0123456789.+-eE") != "" {
		return 0, fmt.Errorf("dist: %s: not a number", s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) {
		if err != nil && !errors.Is(err, strconv.ErrRange) {
			return 0, fmt.Errorf("dist: %s: not a number", s)
		}
		return 0, fmt.Errorf("dist: %s: not a finite number", s)
	}
	if v == 0 {
		v = 0 // no negative zero
	}
	return v, nil
}

// parseValue reads a number (Number) or an elapsed duration in minutes
// (Duration).
func parseValue(s string, unit Unit) (float64, error) {
	if unit == Number {
		return parseNumber(s)
	}
	s = strings.TrimSpace(s)
	i := len(s)
	for i > 0 && ('a' <= s[i-1]|0x20 && s[i-1]|0x20 <= 'z') {
		i--
	}
	num, suf := strings.TrimSpace(s[:i]), strings.ToLower(s[i:])
	q, err := parseNumber(num)
	if err != nil {
		return 0, fmt.Errorf("dist: %s: not a duration", s)
	}
	switch suf {
	case "":
		return 0, fmt.Errorf("dist: %s: a duration needs a unit (s, m, h, d, w)", s)
	case "wh", "wd":
		return 0, fmt.Errorf("dist: %s: working time is not allowed in a distribution", s)
	case "s":
		return q / 60, nil
	}
	for _, u := range unitMinutes {
		if suf == u.suffix {
			v := q * u.min
			if math.IsInf(v, 0) {
				return 0, fmt.Errorf("dist: %s: not a finite number", s)
			}
			return v, nil
		}
	}
	return 0, fmt.Errorf("dist: %s: unknown unit %q (want s, m, h, d, w)", s, suf)
}

// validate checks a parsed distribution's parameters.
func validate(d Dist) (Dist, error) {
	f := func(v float64) string { return formatValue(v, d.unit) }
	neg := func(what string, v float64) error {
		return fmt.Errorf("dist: %s %s must not be negative, got %s", d.Kind, what, f(v))
	}
	switch d.Kind {
	case KindConst:
		if d.A < 0 {
			return Dist{}, neg("value", d.A)
		}
	case KindExp, KindLogNormal, KindGamma:
		if d.A <= 0 {
			return Dist{}, fmt.Errorf("dist: %s mean must be positive, got %s", d.Kind, f(d.A))
		}
		if d.Kind != KindExp && !(d.B >= 0 && d.B <= MaxCV) {
			return Dist{}, fmt.Errorf("dist: %s cv must be in [0, %d], got %s", d.Kind, MaxCV, formatNumber(d.B))
		}
	case KindUniform:
		if d.A < 0 {
			return Dist{}, neg("min", d.A)
		}
		if d.A > d.B {
			return Dist{}, fmt.Errorf("dist: uniform wants min <= max, got (%s, %s)", f(d.A), f(d.B))
		}
	case KindTriangular:
		if d.A < 0 {
			return Dist{}, neg("min", d.A)
		}
		if !(d.A <= d.B && d.B <= d.C) {
			return Dist{}, fmt.Errorf("dist: triangular wants min <= mode <= max, got (%s, %s, %s)", f(d.A), f(d.B), f(d.C))
		}
	case KindEmpirical:
		if len(d.Values) == 0 {
			return Dist{}, errors.New("dist: empirical wants at least one value")
		}
		if d.Values[0] < 0 {
			return Dist{}, neg("value", d.Values[0])
		}
	case KindBeta:
		if !(d.A > 0 && d.A < 1) {
			return Dist{}, fmt.Errorf("dist: beta mean must be in (0, 1), got %s", formatNumber(d.A))
		}
		if !(d.B > 0) {
			return Dist{}, fmt.Errorf("dist: beta concentration must be positive, got %s", formatNumber(d.B))
		}
	}
	return d.Prepared(), nil
}

// Const returns the degenerate distribution at v.
func Const(v float64) Dist { return Dist{Kind: KindConst, A: v} }

// Exp returns the exponential distribution with the given mean.
func Exp(mean float64) Dist { return Dist{Kind: KindExp, A: mean} }

// Unit returns the unit the distribution was parsed with (Number for the
// constructors); String prints values in it.
func (d Dist) Unit() Unit { return d.unit }

// WithUnit returns d with unit u, so that a distribution built in code
// (Exp(15).WithUnit(Duration)) prints as a duration ("exp(15m)").
func (d Dist) WithUnit(u Unit) Dist {
	d.unit = u
	return d
}

// Equal reports whether d and e are the same distribution in the same unit.
func (d Dist) Equal(e Dist) bool {
	return d.Kind == e.Kind && d.A == e.A && d.B == e.B && d.C == e.C &&
		d.unit == e.unit && slices.Equal(d.Values, e.Values)
}

// Sample draws one value (never negative for non-negative parameters).
// It does not allocate.
func (d *Dist) Sample(r *rand.Rand) float64 {
	switch d.Kind {
	case KindConst:
		return d.A
	case KindExp:
		return d.A * r.ExpFloat64()
	case KindLogNormal:
		if d.B == 0 {
			return d.A
		}
		if d.lnSigma > 0 {
			return d.lnScale * math.Exp(d.lnSigma*r.NormFloat64())
		}
		s2 := math.Log1p(d.B * d.B)
		return math.Exp(math.Log(d.A) - s2/2 + math.Sqrt(s2)*r.NormFloat64())
	case KindGamma:
		if d.B == 0 {
			return d.A
		}
		cv2 := d.B * d.B
		return gammaRand(r, 1/cv2) * (d.A * cv2)
	case KindUniform:
		return d.A + (d.B-d.A)*r.Float64()
	case KindTriangular:
		a, m, b := d.A, d.B, d.C
		if b <= a {
			return a
		}
		u := r.Float64()
		if u*(b-a) < m-a {
			return a + math.Sqrt(u*(b-a)*(m-a))
		}
		return max(a, b-math.Sqrt((1-u)*(b-a)*(b-m)))
	case KindEmpirical:
		if len(d.Values) == 0 {
			return 0
		}
		return d.Values[r.IntN(len(d.Values))]
	case KindBeta:
		if a, b := d.A*d.B, (1-d.A)*d.B; a >= 1 && b >= 1 {
			// Both shapes ≥ 1: plain gamma draws cannot underflow.
			x, y := mtGamma(r, a), mtGamma(r, b)
			return x / (x + y)
		}
		// X = Ga/(Ga+Gb), computed from log-gammas so that small shapes,
		// whose gamma draws underflow, still give a proper value.
		la := logGammaRand(r, d.A*d.B)
		lb := logGammaRand(r, (1-d.A)*d.B)
		if la == lb { // both -Inf: the mass sits at 0 and 1
			if r.Float64() < d.A {
				return 1
			}
			return 0
		}
		return 1 / (1 + math.Exp(lb-la))
	}
	panic("dist: sample of invalid kind " + d.Kind.String())
}

// mtGamma draws Gamma(k, 1) for k ≥ 1 by Marsaglia and Tsang (2000),
// "A simple method for generating gamma variables", ACM TOMS 26(3).
func mtGamma(r *rand.Rand, k float64) float64 {
	d := k - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := r.Float64()
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return d * v
		}
	}
}

// gammaRand draws Gamma(k, 1) for any k > 0: for k < 1 it boosts the shape
// to k+1 and multiplies by U^(1/k) (Marsaglia and Tsang, §6).
func gammaRand(r *rand.Rand, k float64) float64 {
	if k >= 1 {
		return mtGamma(r, k)
	}
	return mtGamma(r, k+1) * math.Pow(1-r.Float64(), 1/k)
}

// logGammaRand returns the log of a Gamma(k, 1) draw without underflow.
func logGammaRand(r *rand.Rand, k float64) float64 {
	if k >= 1 {
		return math.Log(mtGamma(r, k))
	}
	return math.Log(mtGamma(r, k+1)) + math.Log(1-r.Float64())/k
}

// Mean returns the distribution's mean.
func (d *Dist) Mean() float64 {
	switch d.Kind {
	case KindUniform:
		return (d.A + d.B) / 2
	case KindTriangular:
		return (d.A + d.B + d.C) / 3
	case KindEmpirical:
		if len(d.Values) == 0 {
			return 0
		}
		var s float64
		for _, v := range d.Values {
			s += v
		}
		return s / float64(len(d.Values))
	}
	return d.A // const, exp, lognormal, gamma, beta
}

// Var returns the distribution's variance (population variance of the
// sample for empirical).
func (d *Dist) Var() float64 {
	switch d.Kind {
	case KindExp:
		return d.A * d.A
	case KindLogNormal, KindGamma:
		return d.A * d.A * d.B * d.B
	case KindUniform:
		return (d.B - d.A) * (d.B - d.A) / 12
	case KindTriangular:
		a, b, c := d.A, d.B, d.C
		return (a*a + b*b + c*c - a*b - a*c - b*c) / 18
	case KindEmpirical:
		m := d.Mean()
		var s float64
		for _, v := range d.Values {
			s += (v - m) * (v - m)
		}
		if len(d.Values) == 0 {
			return 0
		}
		return s / float64(len(d.Values))
	case KindBeta:
		return d.A * (1 - d.A) / (d.B + 1)
	}
	return 0
}

// String returns a spec that Parse reads back to the same distribution.
// Durations are printed in the largest unit in which they are a whole
// number ("exp(12m)", "lognormal(2h, 0.5)", "90s"); a constant prints as a
// bare value; an empirical sample read from a file prints inline.
func (d Dist) String() string {
	f := func(v float64) string { return formatValue(v, d.unit) }
	switch d.Kind {
	case KindConst:
		return f(d.A)
	case KindExp:
		return "exp(" + f(d.A) + ")"
	case KindLogNormal, KindGamma:
		return d.Kind.String() + "(" + f(d.A) + ", " + formatNumber(d.B) + ")"
	case KindUniform:
		return "uniform(" + f(d.A) + ", " + f(d.B) + ")"
	case KindTriangular:
		return "triangular(" + f(d.A) + ", " + f(d.B) + ", " + f(d.C) + ")"
	case KindEmpirical:
		vs := make([]string, len(d.Values))
		for i, v := range d.Values {
			vs[i] = f(v)
		}
		return "empirical(" + strings.Join(vs, ", ") + ")"
	case KindBeta:
		return "beta(" + formatNumber(d.A) + ", " + formatNumber(d.B) + ")"
	}
	return d.Kind.String()
}

func formatNumber(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }

func formatValue(v float64, unit Unit) string {
	if unit == Number {
		return formatNumber(v)
	}
	return FormatDuration(v)
}

// FormatDuration prints minutes as an elapsed duration that parses back to
// exactly v: in the largest unit in which v is a whole number ("2h",
// "90s"), else in minutes with full precision ("12.345m"). Zero is "0s".
func FormatDuration(v float64) string {
	if v == 0 {
		return "0s"
	}
	whole := func(q float64) bool { return q == math.Trunc(q) && math.Abs(q) < 1<<53 }
	for _, u := range unitMinutes {
		if q := v / u.min; whole(q) && q*u.min == v {
			return formatNumber(q) + u.suffix
		}
	}
	if q := v * 60; whole(q) && q/60 == v {
		return formatNumber(q) + "s"
	}
	return formatNumber(v) + "m"
}

// looksNumeric says whether s is short and made of a number and a unit
// ("2wh", "1e400h", "-3"), so that an error may quote it.
func looksNumeric(s string) bool {
	if s == "" || len(s) > 24 || !strings.ContainsAny(s[:1], "0123456789.+-") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c == '.' || c == '+' || c == '-' || c == 'E') {
			return false
		}
	}
	return true
}
