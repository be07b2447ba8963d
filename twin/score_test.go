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
		t := 0.0
		for {
			rate := ty.perDay
			if t >= 14 && ty.cat == "pothole" {
				rate *= rateX
			}
			t += r.ExpFloat64() / rate
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
