package twin

import (
	"math"
	"slices"
	"testing"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// TestCalibrateIdentifiability: the online share produced by b0 = −2.5
// is matched by calibrating b0 over [−4, −1] (recovered within 0.2), while
// the hotline's answer_directly, which no matter KPI depends on, is
// reported as not identifiable.
func TestCalibrateIdentifiability(t *testing.T) {
	sets := []string{`run.warmup="2w"`, `run.horizon="8w"`, `run.drain="4w"`, "platform.online=true"}
	const kpi = "matters.overall.online_share"
	var target float64
	for r := range 2 {
		cfg, _, err := scenarios.Load("classroom", append(append([]string(nil), sets...), "citizens.b0=-2.5"))
		if err != nil {
			t.Fatal(err)
		}
		res, _, err := experiments.Run(experiments.RunSpec{Config: cfg, Seed: experiments.ReplicationSeed(1, r)})
		if err != nil {
			t.Fatal(err)
		}
		v, err := lookup(res, []Target{{KPI: kpi}})
		if err != nil {
			t.Fatal(err)
		}
		target += v[0] / 2
	}
	cal, err := Calibrate(Calibration{Scenario: "classroom", Sets: sets, Reps: 2, MaxEvals: 80,
		Params:  []Param{{Path: "citizens.b0", Lo: -4, Hi: -1}, {Path: "hotline.answer_directly", Lo: 0.2, Hi: 0.9}},
		Targets: []Target{{KPI: kpi, Value: target}}})
	if err != nil {
		t.Fatal(err)
	}
	b0 := cal.Params[0]
	if math.Abs(b0.Value+2.5) > 0.2 || !b0.Identifiable {
		t.Errorf("b0 %.3f (want −2.5 ± 0.2), identifiable %v, sensitivity %.3f", b0.Value, b0.Identifiable, b0.Sensitivity)
	}
	if ad := cal.Params[1]; ad.Identifiable || ad.Sensitivity != 0 {
		t.Errorf("answer_directly reported identifiable (sensitivity %g)", ad.Sensitivity)
	}
	if math.Abs(cal.Achieved[0]/target-1) > 0.02 {
		t.Errorf("achieved %.4f, target %.4f", cal.Achieved[0], target)
	}
	t.Logf("b0 %.3f sens %.2f; %d evaluations; target %.4f achieved %.4f", b0.Value, b0.Sensitivity, cal.Evals, target, cal.Achieved[0])
}

func TestCalibrateBadInput(t *testing.T) {
	if _, err := Calibrate(Calibration{Scenario: "classroom", Params: []Param{{Path: "citizens.b0", Lo: 1, Hi: 0}}, Targets: []Target{{KPI: "x", Value: 1}}}); err == nil {
		t.Error("lo > hi accepted")
	}
	_, err := Calibrate(Calibration{Scenario: "classroom", Sets: []string{`run.horizon="1w"`}, MaxEvals: 2, Reps: 1,
		Params: []Param{{Path: "citizens.b0", Lo: -3, Hi: -1}}, Targets: []Target{{KPI: "matters.overall.no_such_kpi", Value: 1}}})
	if err == nil {
		t.Error("unknown KPI accepted")
	}
}

// A parameter with several paths sets the same value at each; a format
// puts the number into its template (one element of an array).
func TestParamSets(t *testing.T) {
	p := Param{Paths: []string{"ticket.a.resolve", "ticket.b.resolve"}, Lo: 0, Hi: 1}
	if got := p.Sets(0.25); !slices.Equal(got, []string{"ticket.a.resolve=0.25", "ticket.b.resolve=0.25"}) {
		t.Errorf("paths: %q", got)
	}
	if p.Name() != "ticket.a.resolve (+1 paths)" {
		t.Errorf("name %q", p.Name())
	}
	g := Param{Path: "accountability.gamma", Format: "[{}, 3, 1, 1]", Lo: -2, Hi: 1}
	if got := g.Sets(-1.5); !slices.Equal(got, []string{"accountability.gamma=[-1.5, 3, 1, 1]"}) || g.Name() != "accountability.gamma" {
		t.Errorf("format: %q, %q", got, g.Name())
	}
	if _, err := Calibrate(Calibration{Scenario: "classroom", Params: []Param{{Path: "accountability.gamma", Format: "[3, 1, 1]", Lo: 0, Hi: 1}}, Targets: []Target{{KPI: "x", Value: 1}}}); err == nil {
		t.Error("a format without {} was accepted")
	}
	if _, err := Calibrate(Calibration{Scenario: "classroom", Params: []Param{{Lo: 0, Hi: 1}}, Targets: []Target{{KPI: "x", Value: 1}}}); err == nil {
		t.Error("a parameter without a path was accepted")
	}
}
