package arrival

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"
)

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 99)) }

// Office-like weights: nothing at night, a morning peak, a quiet weekend.
var (
	hours = []float64{0, 0, 0, 0, 0, 0, 0.5, 1, 3, 6, 8, 7, 4, 5, 6, 6, 5, 3, 2, 1, 1, 0.5, 0, 0}
	days  = []float64{5, 4, 4, 4, 5, 1.5, 0.5}
)

func TestNewProfile(t *testing.T) {
	p, err := NewProfile(hours, days)
	if err != nil {
		t.Fatal(err)
	}
	var sh, sd float64
	for _, v := range p.Hour {
		sh += v
	}
	for _, v := range p.Weekday {
		sd += v
	}
	if math.Abs(sh/24-1) > 1e-12 || math.Abs(sd/7-1) > 1e-12 {
		t.Errorf("means %v, %v; want 1", sh/24, sd/7)
	}
	if p.Hour[10] != 8/(sumOf(hours)/24) {
		t.Errorf("Hour[10] = %v", p.Hour[10])
	}
	flat, err := NewProfile(nil, nil)
	if err != nil || flat.Hour[5] != 1 || flat.Weekday[6] != 1 {
		t.Errorf("NewProfile(nil, nil) = %v, %v", flat, err)
	}
	for _, tc := range []struct {
		h, d []float64
		msg  string
	}{
		{[]float64{1, 2}, nil, "arrival: profile hours wants 24 weights, got 2"},
		{nil, make([]float64, 7), "arrival: profile weekdays are all zero"},
		{nil, []float64{1, 1, 1, 1, 1, -1, 1}, "arrival: profile weekdays[5] = -1, want a finite weight >= 0"},
		{nil, []float64{1, 1, 1, math.NaN(), 1, 1, 1}, "arrival: profile weekdays[3] = NaN, want a finite weight >= 0"},
		{nil, []float64{1, 1, 1, 1, 1, 1, math.Inf(1)}, "arrival: profile weekdays[6] = +Inf, want a finite weight >= 0"},
		{nil, []float64{1e308, 1e308, 1, 1, 1, 1, 1}, "arrival: profile weekdays are all zero"},
	} {
		if _, err := NewProfile(tc.h, tc.d); err == nil || err.Error() != tc.msg {
			t.Errorf("NewProfile(%v, %v) = %v, want %s", tc.h, tc.d, err, tc.msg)
		}
	}
}

func sumOf(xs []float64) float64 {
	var s float64
	for _, x := range xs {
		s += x
	}
	return s
}

// count runs p over [0, horizon) and calls f for every arrival.
func count(p *Process, horizon float64, f func(t float64)) int {
	n := 0
	for t := p.Next(0); t < horizon; t = p.Next(t) {
		f(t)
		n++
	}
	return n
}

// TestHomogeneous: a flat process of rate λ over T has Poisson(λT)
// arrivals, and its daily counts have variance ≈ mean (index of
// dispersion within 5 standard errors, √(2/(n−1)) for n days).
func TestHomogeneous(t *testing.T) {
	const rate, weeks = 0.2, 30
	p := New(rate, nil, nil, newRand(1))
	var perDay [weeks * 7]float64
	n := count(p, weeks*week, func(t float64) { perDay[int(t/day)]++ })
	want := rate * weeks * week
	if z := (float64(n) - want) / math.Sqrt(want); math.Abs(z) > 4 {
		t.Errorf("%d arrivals, want %.0f (z = %.1f)", n, want, z)
	}
	mean := sumOf(perDay[:]) / float64(len(perDay))
	var v float64
	for _, c := range perDay {
		v += (c - mean) * (c - mean)
	}
	v /= float64(len(perDay) - 1)
	if z := (v/mean - 1) / math.Sqrt(2.0/float64(len(perDay)-1)); math.Abs(z) > 5 {
		t.Errorf("index of dispersion %.3f, want 1 (z = %.1f)", v/mean, z)
	}
}

// chiSquare compares observed counts with expected ones; bins with zero
// expectation must have zero counts. It returns the statistic, the degrees
// of freedom and whether an impossible bin was hit.
func chiSquare(obs, exp []float64) (x2 float64, df int, impossible bool) {
	for i := range obs {
		if exp[i] == 0 {
			impossible = impossible || obs[i] != 0
			continue
		}
		x2 += (obs[i] - exp[i]) * (obs[i] - exp[i]) / exp[i]
		df++
	}
	return x2, df - 1, impossible
}

// TestProfile runs 40 weeks at 0.5 per minute (≈ 2·10⁵ arrivals) and
// compares the counts per hour of day and per weekday with the profile by
// a chi-square test at p = 10⁻⁴ (fixed seed).
func TestProfile(t *testing.T) {
	prof, err := NewProfile(hours, days)
	if err != nil {
		t.Fatal(err)
	}
	const rate, weeks = 0.5, 40
	p := New(rate, &prof, nil, newRand(2))
	var byHour [24]float64
	var byDay [7]float64
	var byHourOfWeek [168]float64
	n := count(p, weeks*week, func(t float64) {
		h := int(math.Mod(t, week) / hour)
		byHour[h%24]++
		byDay[h/24]++
		byHourOfWeek[h]++
	})
	total := rate * weeks * week
	if z := (float64(n) - total) / math.Sqrt(total); math.Abs(z) > 4 {
		t.Errorf("%d arrivals, want %.0f (z = %.1f)", n, total, z)
	}
	var expHour [24]float64
	var expDay [7]float64
	var expHourOfWeek [168]float64
	for h := range 168 {
		e := rate * hour * weeks * prof.Hour[h%24] * prof.Weekday[h/24]
		expHour[h%24] += e
		expDay[h/24] += e
		expHourOfWeek[h] = e
	}
	for _, tc := range []struct {
		name     string
		obs, exp []float64
	}{
		{"hour of day", byHour[:], expHour[:]},
		{"weekday", byDay[:], expDay[:]},
		{"hour of week", byHourOfWeek[:], expHourOfWeek[:]},
	} {
		x2, df, bad := chiSquare(tc.obs, tc.exp)
		crit := distuv.ChiSquared{K: float64(df)}.Quantile(1 - 1e-4)
		if bad {
			t.Errorf("%s: arrivals in a bin of weight 0", tc.name)
		}
		if x2 > crit {
			t.Errorf("%s: chi-square %.1f on %d df, want < %.1f", tc.name, x2, df, crit)
		}
	}
	// Rate follows the profile: Tuesday 10:00-11:00.
	at := 1*day + 10*hour + 30
	if got, want := p.Rate(at), rate*prof.Hour[10]*prof.Weekday[1]; got != want {
		t.Errorf("Rate(Tue 10:30) = %v, want %v", got, want)
	}
}

// TestShocks: counts inside each stretch of overlapping shocks match
// ∫ rate × profile × multipliers within 4 standard deviations.
func TestShocks(t *testing.T) {
	prof, err := NewProfile(hours, nil)
	if err != nil {
		t.Fatal(err)
	}
	shocks := []Shock{
		{Start: 2 * week, End: 4 * week, Mult: 3},       // an epidemic surge
		{Start: 3 * week, End: 5*week + 7, Mult: 0.5},   // overlapping relief
		{Start: 6 * week, End: 6*week + 3*day, Mult: 0}, // a closure
		{Start: 7 * week, End: 7 * week, Mult: 10},      // empty: ignored
	}
	const rate = 0.3
	p := New(rate, &prof, shocks, newRand(3))
	edges := []float64{0, 2 * week, 3 * week, 4 * week, 5*week + 7, 6 * week, 6*week + 3*day, 8 * week}
	mults := []float64{1, 3, 1.5, 0.5, 1, 0, 1}
	obs := make([]float64, len(mults))
	count(p, edges[len(edges)-1], func(t float64) {
		for i := range mults {
			if edges[i] <= t && t < edges[i+1] {
				obs[i]++
			}
		}
	})
	for i, m := range mults {
		exp := p.Expected(edges[i], edges[i+1])
		// Without the profile's variation inside the window, the expected
		// count is rate × length × mult (the profile has mean 1 per day).
		if plain := rate * (edges[i+1] - edges[i]) * m; math.Abs(exp-plain) > 0.01*plain+rate*day {
			t.Errorf("stretch %d: Expected %.0f, want about %.0f", i, exp, plain)
		}
		if m == 0 {
			if obs[i] != 0 {
				t.Errorf("stretch %d: %v arrivals during a closure", i, obs[i])
			}
			continue
		}
		if z := (obs[i] - exp) / math.Sqrt(exp); math.Abs(z) > 4 {
			t.Errorf("stretch %d (×%v): %v arrivals, want %.0f (z = %.1f)", i, m, obs[i], exp, z)
		}
	}
	if got, want := p.Rate(3*week+10*hour+1), rate*1.5*prof.Hour[10]; math.Abs(got-want) > 1e-12 {
		t.Errorf("Rate in overlap = %v, want %v", got, want)
	}
}

func TestScale(t *testing.T) {
	p := New(0.1, nil, nil, newRand(4))
	p.SetScale(2)
	if p.Rate(5) != 0.2 || p.Scale() != 2 {
		t.Errorf("Rate = %v with scale 2", p.Rate(5))
	}
	n := count(p, 20*week, func(float64) {})
	want := 0.2 * 20 * week
	if z := (float64(n) - want) / math.Sqrt(want); math.Abs(z) > 4 {
		t.Errorf("%d arrivals at scale 2, want %.0f (z = %.1f)", n, want, z)
	}
	p.SetScale(0)
	if got := p.Next(100); !math.IsInf(got, 1) {
		t.Errorf("Next at scale 0 = %v", got)
	}
}

func TestZeroRate(t *testing.T) {
	if got := New(0, nil, nil, newRand(5)).Next(0); !math.IsInf(got, 1) {
		t.Errorf("rate 0: Next = %v, want +Inf", got)
	}
	// A shock cannot revive a zero rate, and a closure to +Inf ends arrivals.
	if got := New(0, nil, []Shock{{0, week, 5}}, newRand(5)).Next(0); !math.IsInf(got, 1) {
		t.Errorf("rate 0 with shock: Next = %v, want +Inf", got)
	}
	p := New(1, nil, []Shock{{week, math.Inf(1), 0}}, newRand(5))
	if got := p.Next(week - 1e-9); !math.IsInf(got, 1) {
		t.Errorf("closed forever: Next = %v, want +Inf", got)
	}
}

func TestDeterministicAndStrictlyAfter(t *testing.T) {
	prof, _ := NewProfile(hours, days)
	a := New(2, &prof, []Shock{{week, 2 * week, 4}}, newRand(6))
	b := New(2, &prof, []Shock{{week, 2 * week, 4}}, newRand(6))
	ta, tb := 0.0, 0.0
	for i := range 20000 {
		na, nb := a.Next(ta), b.Next(tb)
		if na != nb {
			t.Fatalf("arrival %d: %v vs %v", i, na, nb)
		}
		if !(na > ta) {
			t.Fatalf("arrival %d at %v is not after %v", i, na, ta)
		}
		ta, tb = na, nb
	}
	// Far from t = 0 arrivals are still strictly increasing.
	p := New(1000, nil, nil, newRand(7))
	x := 1e8
	for range 10000 {
		y := p.Next(x)
		if !(y > x) {
			t.Fatalf("Next(%v) = %v", x, y)
		}
		x = y
	}
}

func TestNextDoesNotAllocate(t *testing.T) {
	prof, _ := NewProfile(hours, days)
	p := New(1, &prof, []Shock{{0, week, 2}}, newRand(8))
	x := 0.0
	if a := testing.AllocsPerRun(1000, func() { x = p.Next(x) }); a != 0 {
		t.Errorf("Next allocates %.1f times per call", a)
	}
}

func TestInvalidPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"negative rate": func() { New(-1, nil, nil, newRand(1)) },
		"NaN rate":      func() { New(math.NaN(), nil, nil, newRand(1)) },
		"nil rand":      func() { New(1, nil, nil, nil) },
		"bad shock":     func() { New(1, nil, []Shock{{0, 1, -2}}, newRand(1)) },
		"bad profile":   func() { New(1, &Profile{Hour: [24]float64{-1}}, nil, newRand(1)) },
		"bad scale":     func() { New(1, nil, nil, newRand(1)).SetScale(math.Inf(1)) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

func BenchmarkNext(b *testing.B) {
	prof, _ := NewProfile(hours, days)
	for _, tc := range []struct {
		name string
		prof *Profile
	}{{"flat", nil}, {"profile", &prof}} {
		p := New(1, tc.prof, []Shock{{week, 2 * week, 3}}, newRand(9))
		b.Run(tc.name, func(b *testing.B) {
			x := 0.0
			for b.Loop() {
				x = p.Next(x)
			}
		})
	}
}
