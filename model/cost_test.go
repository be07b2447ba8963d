package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
)

// TestCost: a share lever costs its one-off times the highest level reached
// and its annual cost times the time-weighted level; staff cost by count;
// hall windows only while one window is on (here from mid-window).
func TestCost(t *testing.T) {
	src := fmt.Sprintf(visitsTown, "in-person", `
[[cost.item]]
what = "data_sharing"
one_off = 1000
annual = 100
[[cost.item]]
what = "windows"
annual = 10
[[cost.item]]
what = "hall_windows"
one_off = 5
annual = 2
[[intervention]]
name = "ow"
at = "14w"
set = { "platform.one_window" = true }
`)
	cfg := load(t, src, `run.horizon="26w"`)
	m, err := model.New(cfg, 1, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Run()
	// The cost without running is the cost the run reports, to the bit.
	if c, err := model.CostOf(cfg); err != nil || fmt.Sprint(c) != fmt.Sprint(r.Cost) {
		t.Errorf("CostOf = %v, %v; the run reports %v", c, err, r.Cost)
	}
	years := 26.0 * 7 / 365
	want := []struct{ oneOff, annual float64 }{
		{1000 * 0.5, 100 * 0.5 * years}, // data sharing at 0.5 all along
		{0, 10 * 60 * years},            // 3 departments × 20 windows
		{5 * 40, 2 * 40 * 0.5 * years},  // one hall of 40 windows, on for half the window (weeks 14–27 of 1–27)
	}
	for i, w := range want {
		got := r.Cost.Items[i]
		if math.Abs(got.OneOff-w.oneOff) > 1e-9 || math.Abs(got.Annual-w.annual) > 1e-9 {
			t.Errorf("%s: one-off %v annual %v, want %v and %v", got.What, got.OneOff, got.Annual, w.oneOff, w.annual)
		}
	}
}

// TestCostKindsPriced: every kind a scenario may price gives a number.
func TestCostKindsPriced(t *testing.T) {
	extra := ""
	for _, k := range model.CostKinds {
		extra += fmt.Sprintf("[[cost.item]]\nwhat = %q\none_off = 1\nannual = 1\n", k)
	}
	cfg := load(t, fmt.Sprintf(visitsTown, "in-person", extra), `run.horizon="1w"`, "cost.item.whistle.annual=7")
	if cfg.Cost.Items[12].What != "whistle" || cfg.Cost.Items[12].Annual != 7 {
		t.Errorf("--set cost.item.whistle.annual did not address the whistle item: %+v", cfg.Cost.Items[12])
	}
	m, err := model.New(cfg, 1, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range m.Run().Cost.Items {
		if math.IsNaN(it.OneOff) || math.IsNaN(it.Annual) {
			t.Errorf("%s is not priced: %+v", it.What, it)
		}
	}
}
