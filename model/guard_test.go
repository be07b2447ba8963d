package model_test

import (
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// loadTown: one city-level office with two windows open 35 h a week
// (office calendar), one matter type taken in person only, collected by
// mail, so the windows' offered load has the closed form
// 7 × rate × mean window time ÷ (2 × 35 h).
const loadTown = `
name = "load-town"
[run]
warmup = "2w"
horizon = "30w"
[[city.district]]
name = "d"
population = 10000
streets = 1
communities_per_street = 1
[hotline]
operators = 2
[[department]]
name = "office"
level = "city"
windows = 2
[[matter]]
name = "permit"
rate = %g
online_eligible = false
collect = "mail"
[[matter.step]]
department = "office"
window_time = "exp(30m)"
[[ticket]]
name = "noise"
owner = "office"
rate = 10
`

func loadTownConfig(t *testing.T, rate float64) *model.Config {
	t.Helper()
	cfg, _, err := scenarios.LoadBytes("load-town.toml", []byte(fmt.Sprintf(loadTown, rate)), nil)
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func findLoad(ls []model.OfferedLoad, unit string) (model.OfferedLoad, bool) {
	for _, l := range ls {
		if l.Unit == unit {
			return l, true
		}
	}
	return model.OfferedLoad{}, false
}

// The offered load is the closed form, and the simulated utilisation of
// the windows matches it (issue 14, item 5).
func TestOfferedLoadClosedForm(t *testing.T) {
	cfg := loadTownConfig(t, 10)
	ls := model.OfferedLoads(cfg)
	w, ok := findLoad(ls, "windows office")
	if !ok {
		t.Fatalf("no windows office in %v", ls)
	}
	if want := 7 * 10 * 30.0 / (2 * 35 * 60); math.Abs(w.Load-want) > 1e-9 {
		t.Errorf("windows load %g, want %g", w.Load, want)
	}
	// hotline: 10 calls a day × (150 s talk + 150 s wrap-up) on 2 operators 24/7.
	h, ok := findLoad(ls, "hotline")
	if want := 10 * 5.0 / (2 * 24 * 60); !ok || math.Abs(h.Load-want) > 1e-9 || h.Bound != model.LoadExact {
		t.Errorf("hotline %+v, want load %g exact", h, want)
	}
	if len(model.Overloaded(cfg)) != 0 {
		t.Errorf("overloaded at load 0.5: %v", model.Overloaded(cfg))
	}
	m, err := model.New(cfg, 3, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Run()
	for _, u := range r.Offices {
		if u.Name == "office" {
			// 30 weeks × 70 arrivals; the utilisation within open hours
			// is the offered load less the work done after closing.
			if math.Abs(u.Utilisation-w.Load) > 0.05 {
				t.Errorf("simulated utilisation %.3f, offered load %.3f", u.Utilisation, w.Load)
			}
			t.Logf("offered load %.3f, simulated utilisation %.3f", w.Load, u.Utilisation)
		}
	}
	// Doubling the rate reaches 1: reported.
	over := model.Overloaded(loadTownConfig(t, 20))
	if len(over) != 1 || over[0].Unit != "windows office" || math.Abs(over[0].Load-1) > 1e-9 {
		t.Errorf("at rate 20: overloaded %v, want windows office at 1", over)
	}
}

// A run whose live entities pass the bound stops with a LiveError soon
// after (the count is taken every 16,384 events), holding bounded memory
// (issue 14, items 4–6).
func TestLiveBound(t *testing.T) {
	cfg, _, err := scenarios.Load("classroom", []string{"matter.birth.rate_per_1000=1000"})
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(cfg, 1, model.Options{MaxLive: 20000})
	if err != nil {
		t.Fatal(err)
	}
	m.Run()
	var le *model.LiveError
	if !errors.As(m.Err(), &le) {
		t.Fatalf("no LiveError: %v", m.Err())
	}
	if le.Limit != 20000 || le.Live <= 20000 || le.Live > 20000+4*16384 || !m.Finished() {
		t.Errorf("stopped at %d live with bound %d (finished %v)", le.Live, le.Limit, m.Finished())
	}
	if len(le.Overloaded) == 0 {
		t.Errorf("the error names no overloaded unit: %v", le)
	}
	if m.Live() > 20000+4*16384 {
		t.Errorf("%d live after the stop", m.Live())
	}
}

// Every shipped scenario's default bound is above the floor, and the
// megacity's leaves room for its known peak of about 200,000 live entities
// many times over (computed, not run: the megacity takes minutes).
func TestDefaultMaxLiveShipped(t *testing.T) {
	for _, in := range scenarios.Shipped() {
		cfg, _, err := scenarios.Load(in.Name, nil)
		if err != nil {
			t.Fatal(err)
		}
		b, e := model.DefaultMaxLive(cfg), model.ExpectedLive(cfg)
		if b < model.LiveFloor || float64(b) < model.LiveFactor*e-1 {
			t.Errorf("%s: bound %d, expected %.0f", in.Name, b, e)
		}
		if in.Name == "megacity" && b < 10*200_000 {
			t.Errorf("megacity: bound %d leaves less than 10× its known 200,000 live entities", b)
		}
	}
	// The classroom runs a year under its default (the floor).
	cfg, _, _ := scenarios.Load("classroom", nil)
	m, err := model.New(cfg, 1, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	m.Run()
	if m.Err() != nil || m.PeakLive() == 0 || m.PeakLive() > m.MaxLive()/10 {
		t.Errorf("classroom: err %v, peak %d of bound %d", m.Err(), m.PeakLive(), m.MaxLive())
	}
}

// Units without staff that receive work are refused by the model itself
// (issue 14, item 1); without work they are fine.
func TestStaffingProblems(t *testing.T) {
	cfg := loadTownConfig(t, 10)
	c := *cfg
	c.Hotline.Staffing = cfg.Hotline.Staffing
	c.Hotline.Operators = 0
	c.Hotline.Staffing = model.ZeroStaff()
	if _, err := model.New(&c, 1, model.Options{}); err == nil {
		t.Error("a hotline without operators that tickets call was accepted")
	}
	c.Tickets = nil
	if _, err := model.New(&c, 1, model.Options{}); err != nil {
		t.Errorf("a hotline without operators and without tickets: %v", err)
	}
	d := *cfg
	d.Departments = append([]model.Department(nil), cfg.Departments...)
	d.Departments[0].Staffing = model.ZeroStaff()
	if ps := model.StaffingProblems(&d); len(ps) != 1 || ps[0].Key != "department.office.windows" {
		t.Errorf("problems %v", ps)
	}
	d.Platform.OneWindow = true // matters go to the halls, not the windows
	if ps := model.StaffingProblems(&d); len(ps) != 0 {
		t.Errorf("with one window: %v", ps)
	}
}

// A demand-feedback scale that is not finite stops the run with an error
// instead of a panic (issue 14, item 2); within the key's range
// [-10, 10] a run finishes.
func TestDemandFeedbackExtremes(t *testing.T) {
	for _, e := range []string{"-10", "10"} {
		cfg, _, err := scenarios.Load("classroom", []string{"demand.elasticity=" + e, `run.horizon="8w"`})
		if err != nil {
			t.Fatal(err)
		}
		m, err := model.New(cfg, 1, model.Options{})
		if err != nil {
			t.Fatal(err)
		}
		m.Run()
		if err := m.Err(); err != nil {
			t.Errorf("elasticity %s: %v", e, err)
		}
	}
}
