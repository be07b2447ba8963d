package dist

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		spec string
		unit Unit
		want Dist
		str  string // canonical String
	}{
		{"30m", Duration, Dist{Kind: KindConst, A: 30}, "30m"},
		{" const( 2h ) ", Duration, Dist{Kind: KindConst, A: 120}, "2h"},
		{"0s", Duration, Dist{Kind: KindConst}, "0s"},
		{"90s", Duration, Dist{Kind: KindConst, A: 1.5}, "90s"},
		{"1.5h", Duration, Dist{Kind: KindConst, A: 90}, "90m"},
		{"3d", Duration, Dist{Kind: KindConst, A: 3 * 1440}, "3d"},
		{"52w", Duration, Dist{Kind: KindConst, A: 52 * 10080}, "52w"},
		{"7d", Duration, Dist{Kind: KindConst, A: 10080}, "1w"},
		{"0.1s", Duration, Dist{Kind: KindConst, A: 0.1 / 60}, "0.0016666666666666668m"},
		{"EXP(12M)", Duration, Dist{Kind: KindExp, A: 12}, "exp(12m)"},
		{"exp(150s)", Duration, Dist{Kind: KindExp, A: 2.5}, "exp(150s)"},
		{"lognormal(2h, 0.5)", Duration, Dist{Kind: KindLogNormal, A: 120, B: 0.5}, "lognormal(2h, 0.5)"},
		{"lognormal(12m,0.6)", Duration, Dist{Kind: KindLogNormal, A: 12, B: 0.6}, "lognormal(12m, 0.6)"},
		{"gamma(1d, 0)", Duration, Dist{Kind: KindGamma, A: 1440}, "gamma(1d, 0)"},
		{"uniform(0.2, 0.8)", Number, Dist{Kind: KindUniform, A: 0.2, B: 0.8}, "uniform(0.2, 0.8)"},
		{"uniform(5m, 5m)", Duration, Dist{Kind: KindUniform, A: 5, B: 5}, "uniform(5m, 5m)"},
		{"triangular(1h, 2h, 8h)", Duration, Dist{Kind: KindTriangular, A: 60, B: 120, C: 480}, "triangular(1h, 2h, 8h)"},
		{"empirical(3m, 1m, 2m, 1m)", Duration, Dist{Kind: KindEmpirical, Values: []float64{1, 1, 2, 3}}, "empirical(1m, 1m, 2m, 3m)"},
		{"beta(0.6, 4)", Number, Dist{Kind: KindBeta, A: 0.6, B: 4}, "beta(0.6, 4)"},
		{"12", Number, Dist{Kind: KindConst, A: 12}, "12"},
		{"1e3", Number, Dist{Kind: KindConst, A: 1000}, "1000"},
		{"-0", Number, Dist{Kind: KindConst}, "0"},
	} {
		got, err := Parse(tc.spec, tc.unit, nil)
		if err != nil {
			t.Errorf("Parse(%q): %v", tc.spec, err)
			continue
		}
		want := tc.want.WithUnit(tc.unit)
		if !got.Equal(want) {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.spec, got, want)
		}
		if s := got.String(); s != tc.str {
			t.Errorf("Parse(%q).String() = %q, want %q", tc.spec, s, tc.str)
		}
		back, err := Parse(got.String(), tc.unit, nil)
		if err != nil || !back.Equal(got) {
			t.Errorf("%q does not round-trip: %+v, %v", got.String(), back, err)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		spec string
		unit Unit
		msg  string
	}{
		{"", Duration, "dist: empty distribution"},
		{"12", Duration, "dist: 12: a duration needs a unit (s, m, h, d, w)"},
		{"exp(12)", Duration, "dist: 12: a duration needs a unit (s, m, h, d, w)"},
		{"4wh", Duration, "dist: 4wh: working time is not allowed in a distribution"},
		{"exp(3wd)", Duration, "dist: 3wd: working time is not allowed in a distribution"},
		{"12x", Duration, `dist: 12x: unknown unit "x" (want s, m, h, d, w)`},
		{"abc", Duration, "dist: abc: not a duration"},
		{"infm", Duration, "dist: infm: not a duration"},
		{"1e400h", Duration, "dist: 1e400h: not a duration"},
		{"1e306w", Duration, "dist: 1e306w: not a finite number"},
		{"12m", Number, "dist: 12m: not a number"},
		{"NaN", Number, "dist: NaN: not a number"},
		{"0x10", Number, "dist: 0x10: not a number"},
		{"1e999", Number, "dist: 1e999: not a finite number"},
		{"lognormal(2h)", Duration, "dist: lognormal wants (mean, cv), got 1 argument"},
		{"lognormal(2h, 0.5, 1)", Duration, "dist: lognormal wants (mean, cv), got 3 arguments"},
		{"exp()", Duration, "dist: exp wants (mean), got 0 arguments"},
		{"triangular(1m, 2m)", Duration, "dist: triangular wants (min, mode, max), got 2 arguments"},
		{"weibull(1, 2)", Number, `dist: unknown distribution "weibull" (want const, exp, lognormal, gamma, uniform, triangular, empirical, beta)`},
		{"(1)", Number, `dist: unknown distribution "" (want const, exp, lognormal, gamma, uniform, triangular, empirical, beta)`},
		{"exp(12m", Duration, `dist: "exp(12m": want name(arguments)`},
		{"exp(0s)", Duration, "dist: exp mean must be positive, got 0s"},
		{"gamma(-1h, 1)", Duration, "dist: gamma mean must be positive, got -1h"},
		{"lognormal(2h, -0.5)", Duration, "dist: lognormal cv must be in [0, 1000], got -0.5"},
		{"lognormal(2h, 1e4)", Duration, "dist: lognormal cv must be in [0, 1000], got 10000"},
		{"lognormal(2h, 30m)", Duration, "dist: 30m: the cv of lognormal is a plain number"},
		{"const(-1m)", Duration, "dist: const value must not be negative, got -1m"},
		{"-2", Number, "dist: const value must not be negative, got -2"},
		{"uniform(-1, 1)", Number, "dist: uniform min must not be negative, got -1"},
		{"uniform(5m, 2m)", Duration, "dist: uniform wants min <= max, got (5m, 2m)"},
		{"triangular(1, 3, 2)", Number, "dist: triangular wants min <= mode <= max, got (1, 3, 2)"},
		{"triangular(2h, 1h, 3h)", Duration, "dist: triangular wants min <= mode <= max, got (2h, 1h, 3h)"},
		{"empirical()", Number, "dist: empirical wants at least one value"},
		{"empirical(1, , 2)", Number, "dist: empirical: empty argument"},
		{"empirical(1m, -1m)", Duration, "dist: empirical value must not be negative, got -1m"},
		{"beta(0.5, 2)", Duration, "dist: beta is a distribution of numbers, not of durations"},
		{"beta(1, 2)", Number, "dist: beta mean must be in (0, 1), got 1"},
		{"beta(0.5, 0)", Number, "dist: beta concentration must be positive, got 0"},
		{"empirical(file = x.csv)", Duration, `dist: empirical file "x.csv": no file reader`},
		{`empirical(file = "")`, Duration, "dist: empirical(file = ...) needs a file name"},
	} {
		_, err := Parse(tc.spec, tc.unit, nil)
		if err == nil {
			t.Errorf("Parse(%q) succeeded, want %q", tc.spec, tc.msg)
		} else if err.Error() != tc.msg {
			t.Errorf("Parse(%q):\n got %q\nwant %q", tc.spec, err, tc.msg)
		}
	}
}

func TestEmpiricalFile(t *testing.T) {
	files := map[string]string{
		"times.csv": "\xef\xbb\xbfminutes,who\n# measured 2024\n12,a\n\n3.5, b\r\n 90s,c # seconds\n1h\n",
		"numbers":   "0.5\n0.25\n",
		"bad.csv":   "t\n1\nx\n",
		"neg.csv":   "1\n-2\n",
		"empty.csv": "# nothing\n\nheader\n",
		"wh.csv":    "2wh\n",
	}
	read := func(name string) ([]byte, error) {
		if s, ok := files[name]; ok {
			return []byte(s), nil
		}
		return nil, errors.New("no such file")
	}
	d, err := Parse(`Empirical( file = "times.csv" )`, Duration, read)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float64{1.5, 3.5, 12, 60}; !slices.Equal(d.Values, want) {
		t.Errorf("values = %v, want %v", d.Values, want)
	}
	if s := d.String(); s != "empirical(90s, 210s, 12m, 1h)" {
		t.Errorf("String = %q", s)
	}
	if d.Mean() != (1.5+3.5+12+60)/4 {
		t.Errorf("Mean = %v", d.Mean())
	}
	d, err = Parse(`empirical(file='numbers')`, Number, read)
	if err != nil || !slices.Equal(d.Values, []float64{0.25, 0.5}) {
		t.Errorf("numbers: %v, %v", d.Values, err)
	}
	for spec, msg := range map[string]string{
		`empirical(file = "bad.csv")`:   "dist: bad.csv:3: not a duration (the line is not shown)",
		`empirical(file = "neg.csv")`:   "dist: empirical value must not be negative, got -2m",
		`empirical(file = "empty.csv")`: `dist: empirical file "empty.csv" holds no values`,
		`empirical(file = "wh.csv")`:    "dist: wh.csv:1: 2wh: working time is not allowed in a distribution",
		`empirical(file = "none.csv")`:  `dist: empirical file "none.csv": no such file`,
	} {
		if _, err := Parse(spec, Duration, read); err == nil || err.Error() != msg {
			t.Errorf("Parse(%q) = %v, want %q", spec, err, msg)
		}
	}
}

// moments returns the sample mean and variance of xs, and the standard
// errors of both (the latter from the sample fourth central moment).
func moments(xs []float64) (mean, vr, seMean, seVar float64) {
	n := float64(len(xs))
	for _, x := range xs {
		mean += x
	}
	mean /= n
	var m2, m4 float64
	for _, x := range xs {
		d := (x - mean) * (x - mean)
		m2 += d
		m4 += d * d
	}
	m2 /= n
	m4 /= n
	return mean, m2, math.Sqrt(m2 / n), math.Sqrt((m4 - m2*m2) / n)
}

// TestMoments draws 2·10⁵ values of each kind at a fixed seed and checks
// that the sample mean and variance are within 5 standard errors of Mean()
// and Var().
func TestMoments(t *testing.T) {
	const n = 200000
	specs := []struct {
		spec string
		unit Unit
	}{
		{"12m", Duration},
		{"exp(12m)", Duration},
		{"lognormal(2h, 0.5)", Duration},
		{"lognormal(10m, 1.5)", Duration},
		{"gamma(1h, 0.3)", Duration},
		{"gamma(1h, 1)", Duration},
		{"gamma(1h, 2)", Duration},
		{"uniform(0.2, 0.8)", Number},
		{"triangular(1h, 2h, 8h)", Duration},
		{"triangular(0, 0, 1)", Number},
		{"empirical(1, 2, 2, 7, 30)", Number},
		{"beta(0.6, 4)", Number},
		{"beta(0.1, 0.5)", Number},
		{"beta(0.9, 200)", Number},
	}
	xs := make([]float64, n)
	for i, s := range specs {
		d, err := Parse(s.spec, s.unit, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(uint64(i), 12345))
		for j := range xs {
			xs[j] = d.Sample(r)
			if xs[j] < 0 || math.IsNaN(xs[j]) || math.IsInf(xs[j], 0) {
				t.Fatalf("%s: drew %v", s.spec, xs[j])
			}
		}
		m, v, sem, sev := moments(xs)
		if d.Kind == KindConst {
			if m != d.A || v != 0 {
				t.Errorf("%s: mean %v, var %v", s.spec, m, v)
			}
			continue
		}
		if z := (m - d.Mean()) / sem; math.Abs(z) > 5 {
			t.Errorf("%s: sample mean %.5g, want %.5g (z = %.1f)", s.spec, m, d.Mean(), z)
		}
		if z := (v - d.Var()) / sev; math.Abs(z) > 5 {
			t.Errorf("%s: sample variance %.5g, want %.5g (z = %.1f)", s.spec, v, d.Var(), z)
		}
	}
}

// ksDistance returns the Kolmogorov–Smirnov distance between the sample xs
// (sorted in place) and cdf.
func ksDistance(xs []float64, cdf func(float64) float64) float64 {
	slices.Sort(xs)
	n := float64(len(xs))
	var d float64
	for i, x := range xs {
		f := cdf(x)
		d = max(d, math.Abs(float64(i+1)/n-f), math.Abs(f-float64(i)/n))
	}
	return d
}

// TestKolmogorovSmirnov compares 2·10⁴ draws with gonum's CDFs. The
// critical distance at α = 0.001 is 1.95/√n ≈ 0.0138.
func TestKolmogorovSmirnov(t *testing.T) {
	const n = 20000
	crit := 1.95 / math.Sqrt(n)
	lognormal := func(m, cv float64) func(float64) float64 {
		s2 := math.Log1p(cv * cv)
		return distuv.LogNormal{Mu: math.Log(m) - s2/2, Sigma: math.Sqrt(s2)}.CDF
	}
	gamma := func(m, cv float64) func(float64) float64 {
		return distuv.Gamma{Alpha: 1 / (cv * cv), Beta: 1 / (m * cv * cv)}.CDF
	}
	for i, tc := range []struct {
		spec string
		cdf  func(float64) float64
	}{
		{"exp(12m)", distuv.Exponential{Rate: 1.0 / 12}.CDF},
		{"lognormal(2h, 0.5)", lognormal(120, 0.5)},
		{"lognormal(10m, 3)", lognormal(10, 3)},
		{"gamma(1h, 0.2)", gamma(60, 0.2)}, // shape 25
		{"gamma(1h, 1)", gamma(60, 1)},     // shape 1
		{"gamma(1h, 1.5)", gamma(60, 1.5)}, // shape 0.44
		{"gamma(30m, 3)", gamma(30, 3)},    // shape 0.11
		{"triangular(1h, 2h, 8h)", distuv.NewTriangle(60, 480, 120, nil).CDF},
		{"triangular(0s, 0s, 1h)", distuv.NewTriangle(0, 60, 0, nil).CDF},
		{"triangular(0s, 1h, 1h)", distuv.NewTriangle(0, 60, 60, nil).CDF},
		{"uniform(1h, 3h)", distuv.Uniform{Min: 60, Max: 180}.CDF},
	} {
		d, err := Parse(tc.spec, Duration, nil)
		if err != nil {
			t.Fatal(err)
		}
		r := rand.New(rand.NewPCG(uint64(i), 777))
		xs := make([]float64, n)
		for j := range xs {
			xs[j] = d.Sample(r)
		}
		if ks := ksDistance(xs, tc.cdf); ks > crit {
			t.Errorf("%s: KS distance %.4f, want < %.4f", tc.spec, ks, crit)
		}
	}
	for i, tc := range []struct{ mean, conc float64 }{{0.6, 4}, {0.3, 1}, {0.05, 2}, {0.5, 1000}} {
		d := Dist{Kind: KindBeta, A: tc.mean, B: tc.conc}
		r := rand.New(rand.NewPCG(uint64(i), 778))
		xs := make([]float64, n)
		for j := range xs {
			xs[j] = d.Sample(r)
		}
		cdf := distuv.Beta{Alpha: tc.mean * tc.conc, Beta: (1 - tc.mean) * tc.conc}.CDF
		if ks := ksDistance(xs, cdf); ks > crit {
			t.Errorf("%s: KS distance %.4f, want < %.4f", d, ks, crit)
		}
	}
}

func TestExtremeParametersStayFinite(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, d := range []Dist{
		{Kind: KindGamma, A: 1, B: MaxCV},
		{Kind: KindLogNormal, A: 1, B: MaxCV},
		{Kind: KindBeta, A: 0.5, B: 1e-300},
		{Kind: KindBeta, A: 1e-300, B: 1},
		{Kind: KindBeta, A: 0.5, B: 1e300},
	} {
		for range 1000 {
			if x := d.Sample(r); x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("%v drew %v", d, x)
			}
		}
	}
}

func TestSampleDoesNotAllocate(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, spec := range []string{"1", "exp(1)", "lognormal(1, 0.5)", "gamma(1, 2)", "gamma(1, 0.5)",
		"uniform(0, 1)", "triangular(0, 1, 2)", "empirical(1, 2, 3)", "beta(0.5, 2)"} {
		d, err := Parse(spec, Number, nil)
		if err != nil {
			t.Fatal(err)
		}
		if a := testing.AllocsPerRun(1000, func() { _ = d.Sample(r) }); a != 0 {
			t.Errorf("%s: %.1f allocations per Sample", spec, a)
		}
	}
}

func TestConstructors(t *testing.T) {
	if s := Exp(15).WithUnit(Duration).String(); s != "exp(15m)" {
		t.Errorf("Exp(15) in Duration = %q", s)
	}
	if s := Const(0.5).String(); s != "0.5" {
		t.Errorf("Const(0.5) = %q", s)
	}
	var zero Dist
	if zero.String() != "0" || zero.Sample(nil) != 0 || zero.Mean() != 0 {
		t.Errorf("zero Dist is not const(0): %q", zero)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"30m", "exp(12m)", "lognormal(2h, 0.5)", "gamma(1d, 0)", "uniform(0.2, 0.8)",
		"triangular(1h, 2h, 8h)", "empirical(3m, 1m, 2m)", "beta(0.6, 4)", "empirical(file = \"x\")",
		"12", "1e-320s", "0.1s", "4wh", "const(1e300w)", " EXP ( 7S ) "} {
		f.Add(s, false)
		f.Add(s, true)
	}
	read := func(string) ([]byte, error) { return []byte("t\n1\n2.5\n90s\n"), nil }
	f.Fuzz(func(t *testing.T, spec string, dur bool) {
		unit := Number
		if dur {
			unit = Duration
		}
		d, err := Parse(spec, unit, read)
		if err != nil {
			return
		}
		s := d.String()
		back, err := Parse(s, unit, nil)
		if err != nil {
			t.Fatalf("Parse(%q) = %+v; its String %q does not parse: %v", spec, d, s, err)
		}
		if !back.Equal(d) {
			t.Fatalf("Parse(%q) = %+v; String %q parses to %+v", spec, d, s, back)
		}
		r := rand.New(rand.NewPCG(1, 2))
		for range 3 {
			if x := d.Sample(r); x < 0 || math.IsNaN(x) {
				t.Fatalf("%q drew %v", spec, x)
			}
		}
	})
}

func BenchmarkSample(b *testing.B) {
	for _, spec := range []string{"exp(1)", "lognormal(1, 0.5)", "gamma(1, 0.5)", "gamma(1, 2)", "beta(0.5, 2)"} {
		d, _ := Parse(spec, Number, nil)
		r := rand.New(rand.NewPCG(1, 2))
		b.Run(spec, func(b *testing.B) {
			for b.Loop() {
				_ = d.Sample(r)
			}
		})
	}
}
