package experiments

import (
	"math"
	"strings"
	"testing"
)

// analysisExp varies two uncertainties with sample = KIND: the online
// channel's usability, which drives the online share, and the hall's
// windows, which do nothing while one window is off.
const analysisExp = `
base = "classroom"
[set]
"run.horizon" = "2w"
"platform.online" = true
[uncertainties]
sample = "KIND"
n = 4
[[uncertainty]]
name = "usability"
path = "citizens.b0"
range = [-4.0, -1.0]
[[uncertainty]]
name = "hall"
path = "hall.windows"
range = [1, 6]
integer = true
[replications]
n = REPS
[output]
timeseries = false
`

func analysisSweep(t *testing.T, kind string, reps int) string {
	t.Helper()
	text := strings.NewReplacer("KIND", kind, "REPS", string(rune('0'+reps))).Replace(analysisExp)
	dir := t.TempDir()
	sweep(t, writeExp(t, text), dir, 2, Shard{})
	return dir
}

// TestMorrisRanksInputs: on the model itself, Morris screening puts the
// usability first and gives the unused hall exactly no effect (common
// random numbers make its elementary effects exactly zero).
func TestMorrisRanksInputs(t *testing.T) {
	dir := analysisSweep(t, "morris", 1)
	res, err := Sensitivity(dir, "matters.overall.online_share", 0)
	if err != nil {
		t.Fatal(err)
	}
	g := res.Groups[0]
	use, hall := g.Morris[0], g.Morris[1]
	if !(use.MuStar > 0.1) || hall.MuStar != 0 {
		t.Errorf("mu*: usability %v (want > 0.1), hall %v (want 0)", use.MuStar, hall.MuStar)
	}
}

// TestSobolOnModel: Sobol indices of the online share: the usability
// explains most of it (4 base samples: the estimate is rough), the unused
// hall exactly nothing; with two replications per sample the replication
// noise is a small share of the variance.
func TestSobolOnModel(t *testing.T) {
	dir := analysisSweep(t, "saltelli", 2)
	res, err := Sensitivity(dir, "matters.overall.online_share", 100)
	if err != nil {
		t.Fatal(err)
	}
	g := res.Groups[0]
	if g.Method != "sobol" || len(g.S1) != 2 {
		t.Fatalf("group %+v", g)
	}
	if g.ST[1].Value != 0 || g.S1[1].Value != 0 {
		t.Errorf("hall: S1 %v ST %v, want exactly 0", g.S1[1], g.ST[1])
	}
	if !(g.ST[0].Value > 0.5) {
		t.Errorf("usability: ST %v, want most of the variance", g.ST[0])
	}
	if !(g.NoiseShare >= 0 && g.NoiseShare < 0.2) || math.IsNaN(g.CRNNoiseShare) {
		t.Errorf("noise share %v, CRN share %v", g.NoiseShare, g.CRNNoiseShare)
	}
	if _, err := Sensitivity(dir, "matters.overall.latency_mean", 0); err == nil || !strings.Contains(err.Error(), `did you mean "matters.overall.latency_mean_days"`) {
		t.Errorf("unknown KPI: %v", err)
	}
}

// TestRobustness: minimax regret picks the lever set with the smallest
// worst-case regret, and PRIM finds the worlds where the online share
// stays low: those of poor usability.
func TestRobustness(t *testing.T) {
	text := strings.Replace(strings.Replace(analysisExp, `sample = "KIND"`, `sample = "lhs"`, 1), "n = 4", "n = 10", 1)
	text = strings.Replace(text, "REPS", "1", 1) + `
[[lever]]
path = "platform.data_sharing"
values = [0.1, 0.9]
`
	dir := t.TempDir()
	sweep(t, writeExp(t, text), dir, 2, Shard{})
	cond, err := ParseCondition("matters.overall.online_share < 0.5")
	if err != nil {
		t.Fatal(err)
	}
	res, err := Robustness(dir, "matters.overall.latency_mean_days", false, &cond, -1)
	if err != nil {
		t.Fatal(err)
	}
	tb := res.Tables[0]
	if len(tb.Outcomes) != 2 || len(tb.Outcomes[0]) != 10 {
		t.Fatalf("outcomes %v", tb.Outcomes)
	}
	for l := range tb.MaxRegret {
		if tb.MaxRegret[l] < tb.MaxRegret[tb.Best] {
			t.Errorf("lever set %d has a smaller max regret than the choice %d", l, tb.Best)
		}
	}
	b := res.Box
	if b == nil || b.LeverSet != tb.Best {
		t.Fatalf("box %+v", b)
	}
	if b.Density < 0.99 || b.Failing == 0 || math.IsInf(b.Hi[0], 1) {
		t.Errorf("box: density %v, %d failing, usability ≤ %v: want a pure box bounding the usability from above", b.Density, b.Failing, b.Hi[0])
	}
	for _, bad := range []string{"x", "x>", ">3", "x>y"} {
		if _, err := ParseCondition(bad); err == nil {
			t.Errorf("ParseCondition(%q) accepted", bad)
		}
	}
}
