package twin

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/tiaokuai/tiaokuai/scenarios"
)

// driftMapping reads the synthetic exports of synthDrift.
const driftMapping = `
time_format = "unix"
[columns]
id = "id"
created = "created"
closed = "closed"
category = "cat"
agency = "agency"
`

// synthDrift writes 28 days of Poisson arrivals of three request types
// (40, 60 and 25 a day) with lognormal, gamma and exponential resolution
// times (means 10 h, 6 h, 20 h), exported 60 days after the last. From day
// 14 on, rateX multiplies the pothole rate and delayX the noise delays.
func synthDrift(r *rand.Rand, rateX, delayX float64) []byte {
	return synthDriftNB(r, rateX, delayX, 0)
}

// synthDriftNB is synthDrift with negative-binomial daily counts when k >
// 0: each type's rate on each day is multiplied by a gamma variate of
// shape k and mean 1, so a day's count has variance μ + μ²/k (dispersion
// 1 + μ/k: 3, 4 and 2.25 for k = 20).
func synthDriftNB(r *rand.Rand, rateX, delayX float64, k int) []byte {
	var b bytes.Buffer
	b.WriteString("id,created,closed,cat,agency\n")
	t0 := 1700000000.0
	id := 0
	for _, ty := range []struct {
		cat, agency string
		perDay      float64
		draw        func(after bool) float64 // hours
	}{
		{"pothole", "roads", 40, func(bool) float64 { return math.Exp(math.Log(10) - 0.18 + 0.6*r.NormFloat64()) }},
		{"noise", "police", 60, func(after bool) float64 {
			x := (r.ExpFloat64() + r.ExpFloat64()) * 3
			if after {
				x *= delayX
			}
			return x
		}},
		{"lights", "power", 25, func(bool) float64 { return r.ExpFloat64() * 20 }},
	} {
		t, day, g := 0.0, -1, 1.0
		for {
			if k > 0 && int(t) != day {
				day, g = int(t), 0
				for range k {
					g += r.ExpFloat64() / float64(k)
				}
			}
			rate := ty.perDay * g
			if t >= 14 && ty.cat == "pothole" {
				rate *= rateX
			}
			next := t + r.ExpFloat64()/rate
			if k > 0 && int(next) != day {
				t = float64(day + 1) // memoryless: restart at the next day's rate
				if t >= 28 {
					break
				}
				continue
			}
			t = next
			if t >= 28 {
				break
			}
			created := t0 + t*86400
			closed := created + ty.draw(t >= 14)*3600
			id++
			fmt.Fprintf(&b, "%d,%d,%d,%s,%s\n", id, int64(created), int64(closed), ty.cat, ty.agency)
		}
	}
	return b.Bytes()
}

// backtest fits days 0–14 of data (as known on day 14) and scores days
// 14–28 against the fit.
func backtest(t testing.TB, data []byte, dir string, alpha float64) *Score {
	m, err := scenarios.ParseMapping("drift.toml", []byte(driftMapping))
	if err != nil {
		t.Fatal(err)
	}
	split := time.Unix(1700000000+14*86400, 0)
	a := NewRecords(m)
	a.SetWindow(time.Time{}, split)
	if err := a.Read("old.csv", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	fa, err := Fit(a, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var frag bytes.Buffer
	if err := WriteFragment(&frag, fa, "drift", FragmentOptions{}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, "fitted.toml")
	os.WriteFile(path, frag.Bytes(), 0o644)
	cfg, _, err := scenarios.Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := NewRecords(m)
	b.SetWindow(split, time.Time{})
	if err := b.Read("new.csv", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	fb, err := Fit(b, FitOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return ScoreFit(cfg, ProvenanceOf(frag.Bytes()), fb, alpha)
}

func flagsOf(s *Score) map[string][]string {
	out := map[string][]string{}
	for _, ty := range s.Types {
		if len(ty.Flags) > 0 {
			out[ty.Ticket] = ty.Flags
		}
	}
	return out
}

// TestDriftFound: a 40% rise in pothole requests and noise complaints taking
// 1.5 times as long from day 14 are found by the backtest, and nothing else
// is flagged.
func TestDriftFound(t *testing.T) {
	r := rand.New(rand.NewPCG(21, 22))
	s := backtest(t, synthDrift(r, 1.4, 1.5), t.TempDir(), 0.05)
	f := flagsOf(s)
	if !s.Drift || !slices.Equal(f["pothole--roads"], []string{"rate"}) || !slices.Equal(f["noise--police"], []string{"delay"}) || len(f) != 2 {
		var rep bytes.Buffer
		WriteScore(&rep, s)
		t.Errorf("flags %v, want pothole rate and noise delay:\n%s", f, rep.String())
	}
}

// TestNoDriftFalseAlarms: with no change, the backtest flags drift in at
// most 10% of 50 synthetic exports (200 with TIAOKUAI_LONG=1, at most
// 7.5%): the family-wise false-alarm rate is 5% and the tests are
// conservative.
func TestNoDriftFalseAlarms(t *testing.T) {
	sets, limit := 50, 0.10
	if os.Getenv("TIAOKUAI_LONG") == "1" {
		sets, limit = 200, 0.075
	}
	dir := t.TempDir()
	alarms := 0
	for i := range sets {
		r := rand.New(rand.NewPCG(100+uint64(i), 7))
		if s := backtest(t, synthDrift(r, 1, 1), dir, 0.05); s.Drift {
			alarms++
			t.Logf("set %d: %v", i, flagsOf(s))
		}
	}
	t.Logf("%d of %d null sets flagged", alarms, sets)
	if float64(alarms) > limit*float64(sets) {
		t.Errorf("%d of %d null sets flagged drift (limit %.0f%%)", alarms, sets, 100*limit)
	}
}

// TestScoreByCategory: records whose categories are the scenario's ticket
// names (a twin's --cases log read with tiaokuai-cases.toml) are matched
// by category, every agency merged: planted drift is found there too and
// no type is "new".
func TestScoreByCategory(t *testing.T) {
	r := rand.New(rand.NewPCG(23, 24))
	data := synthDrift(r, 1.4, 1)
	for _, c := range [][2]string{{",pothole,roads", ",pothole--roads,x"}, {",noise,police", ",noise--police,y"}, {",lights,power", ",lights--power,x"}} {
		data = bytes.ReplaceAll(data, []byte(c[0]), []byte(c[1]))
	}
	m, _ := scenarios.ParseMapping("drift.toml", []byte(driftMapping))
	split := time.Unix(1700000000+14*86400, 0)
	// the fit, from the original layout's first window
	a := NewRecords(m)
	a.SetWindow(time.Time{}, split)
	a.Read("old.csv", bytes.NewReader(synthDrift(rand.New(rand.NewPCG(23, 24)), 1.4, 1)))
	fa, _ := Fit(a, FitOptions{})
	var frag bytes.Buffer
	WriteFragment(&frag, fa, "drift", FragmentOptions{})
	path := filepath.Join(t.TempDir(), "fitted.toml")
	os.WriteFile(path, frag.Bytes(), 0o644)
	cfg, _, err := scenarios.Load(path, nil)
	if err != nil {
		t.Fatal(err)
	}
	b := NewRecords(m)
	b.SetWindow(split, time.Time{})
	if err := b.Read("cases.csv", bytes.NewReader(data)); err != nil {
		t.Fatal(err)
	}
	fb, _ := Fit(b, FitOptions{})
	s := ScoreFit(cfg, ProvenanceOf(frag.Bytes()), fb, 0.05)
	f := flagsOf(s)
	if len(s.Types) != 3 || !slices.Equal(f["pothole--roads"], []string{"rate"}) || len(f) != 1 {
		var rep bytes.Buffer
		WriteScore(&rep, s)
		t.Errorf("flags %v over %d types, want the pothole rate only:\n%s", f, len(s.Types), rep.String())
	}
}

// TestOverDispersedCounts: with negative-binomial daily counts (dispersion
// 2.25–4) and no change, the dispersion is estimated (within 40% of the
// planted one, on average over the sets) and the backtest flags drift in
// at most 10% of 50 exports (200 with TIAOKUAI_LONG=1, at most 7.5%) — the
// Poisson rate test would flag most of them — while a planted 40% rise in
// pothole requests is still found.
func TestOverDispersedCounts(t *testing.T) {
	sets, limit := 50, 0.10
	if os.Getenv("TIAOKUAI_LONG") == "1" {
		sets, limit = 200, 0.075
	}
	if testing.Short() {
		sets = 20
	}
	dir := t.TempDir()
	want := map[string]float64{"pothole--roads": 3, "noise--police": 4, "lights--power": 2.25}
	sum := map[string]float64{}
	alarms, poissonAlarms := 0, 0
	for i := range sets {
		r := rand.New(rand.NewPCG(300+uint64(i), 9))
		s := backtest(t, synthDriftNB(r, 1, 1, 20), dir, 0.05)
		if s.Drift {
			alarms++
			t.Logf("set %d: %v", i, flagsOf(s))
		}
		for _, ty := range s.Types {
			sum[ty.Ticket] += ty.Dispersion
			// the same counts under the Poisson test
			if _, _, _, p := rateTest(ty.N, ty.Days, ty.FitRate, ty.Prov, ty.HasProv, 0.05, 1); p < 0.05/6 {
				poissonAlarms++
			}
		}
	}
	for ty, w := range want {
		if got := sum[ty] / float64(sets); math.Abs(got/w-1) > 0.4 {
			t.Errorf("%s: mean dispersion %.2f, planted %.2f", ty, got, w)
		}
	}
	t.Logf("%d of %d null sets flagged (Poisson rate tests alone: %d type-windows at α/6)", alarms, sets, poissonAlarms)
	if float64(alarms) > limit*float64(sets) {
		t.Errorf("%d of %d null over-dispersed sets flagged drift (limit %.0f%%)", alarms, sets, 100*limit)
	}
	if poissonAlarms < sets/4 {
		t.Errorf("the Poisson rate test flagged only %d type-windows of %d sets: the data are not over-dispersed enough to test the correction", poissonAlarms, sets)
	}
	found := 0
	for i := range 10 {
		r := rand.New(rand.NewPCG(900+uint64(i), 9))
		s := backtest(t, synthDriftNB(r, 1.4, 1, 20), dir, 0.05)
		if slices.Contains(flagsOf(s)["pothole--roads"], "rate") {
			found++
		}
	}
	t.Logf("planted +40%%: found in %d of 10 sets", found)
	if found < 7 {
		t.Errorf("a planted 40%% rise in over-dispersed counts found in %d of 10 sets, want ≥ 7", found)
	}
}

// TestDailyDispersion: Poisson daily counts with a strong weekly cycle
// (weekends a fifth of weekdays) over 8 weeks have dispersion near 1 —
// the cycle is taken out by weekday — and negative-binomial ones (shape
// 10, mean 50: dispersion 6) near 6; under two weeks, no weekday levels.
func TestDailyDispersion(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	poisson := func(mu float64) int32 {
		k, s := int32(0), r.ExpFloat64()
		for s < mu {
			k++
			s += r.ExpFloat64()
		}
		return k
	}
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC) // a Monday
	end := start.AddDate(0, 0, 56)
	for _, c := range []struct {
		name   string
		mean   func(day int) float64
		lo, hi float64
	}{
		{"weekly cycle", func(d int) float64 {
			if d%7 >= 5 {
				return 10
			}
			return 50
		}, 0.6, 1.5},
		{"negative binomial", func(int) float64 {
			g := 0.0
			for range 10 {
				g += r.ExpFloat64() / 10
			}
			return 50 * g
		}, 4, 8.5},
	} {
		daily := map[int32]int32{}
		for d := range 56 {
			daily[localDay(start)+int32(d)] = poisson(c.mean(d))
		}
		phi, df := DailyDispersion(daily, start, end)
		t.Logf("%s: dispersion %.2f on %d df", c.name, phi, df)
		if df != 49 || phi < c.lo || phi > c.hi {
			t.Errorf("%s: dispersion %.2f on %d df, want [%g, %g] on 49", c.name, phi, df, c.lo, c.hi)
		}
	}
	if _, df := DailyDispersion(map[int32]int32{}, start, start.AddDate(0, 0, 10)); df != 0 {
		t.Errorf("no arrivals: df %d", df)
	}
	if _, df := DailyDispersion(map[int32]int32{localDay(start): 3}, start, start.AddDate(0, 0, 10)); df != 9 {
		t.Errorf("10 days: df %d, want 9 (no weekday levels)", df)
	}
}
