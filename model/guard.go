package model

import (
	"fmt"
	"math"
	"strings"

	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/pool"
)

// Guard rails (issue 14): checks that keep a run from panicking, hanging
// or growing without bound, in one place so that the scenarios package
// can report them as validation problems and the model refuses the same
// configurations when built directly.

// ConfigProblem is a fault the model finds in a resolved Config: Key is
// the scenario path ("hotline.operators"), Msg what is wrong.
type ConfigProblem struct {
	Key, Msg string
}

// StaffingProblems lists every unit that has no staff at any hour but
// receives work: the hotline when tickets call it, a department's windows
// when a matter visits them (in person, under some lever set without the
// one window), the halls when a lever set opens the one window. MODEL.md
// does not say what such a unit does with its queue, so the scenario is
// refused. A unit without staff that receives no work is fine.
func StaffingProblems(cfg *Config) []ConfigProblem {
	var out []ConfigProblem
	hotline := false
	for i := range cfg.Tickets {
		t := &cfg.Tickets[i]
		if (t.Rate > 0 || t.RatePer1000 > 0) && t.HotlineShare > 0 {
			hotline = true
		}
	}
	if hotline && cfg.Hotline.Staffing.Max() < 1 {
		out = append(out, ConfigProblem{"hotline.operators", "the hotline has no operator at any hour but ticket types call it (hotline_share > 0): give operators ≥ 1 for some hours, or set every ticket's hotline_share to 0"})
	}
	oneWindow, fragmented := cfg.Platform.OneWindow, !cfg.Platform.OneWindow
	for i := range cfg.Interventions {
		if cfg.Interventions[i].Levers.OneWindow {
			oneWindow = true
		} else {
			fragmented = true
		}
	}
	anyMatter := false
	visits := make([]bool, len(cfg.Departments))
	for i := range cfg.Matters {
		mt := &cfg.Matters[i]
		if !(mt.Rate > 0 || mt.RatePer1000 > 0) {
			continue
		}
		anyMatter = true
		for _, s := range mt.Steps {
			if s.Dept >= 0 && s.Dept < len(visits) {
				visits[s.Dept] = true
			}
		}
	}
	if oneWindow && anyMatter && cfg.Halls.Staffing.Max() < 1 {
		out = append(out, ConfigProblem{"hall.windows", "the halls have no window open at any hour but the one window is on (platform.one_window or an intervention): give windows ≥ 1 for some hours"})
	}
	if fragmented {
		for d := range cfg.Departments {
			if visits[d] && cfg.Departments[d].Staffing.Max() < 1 {
				out = append(out, ConfigProblem{"department." + cfg.Departments[d].Name + ".windows",
					fmt.Sprintf("department %s has no window open at any hour but matters visit it in person: give windows ≥ 1 for some hours", cfg.Departments[d].Name)})
			}
		}
	}
	return out
}

// staffed returns c unchanged, or, for a unit without staff at any hour
// (which StaffingProblems has shown receives no work), an unlimited pool
// that never serves anything.
func staffed(c pool.Config) pool.Config {
	if !c.Unlimited && c.Staffing.Max() < 1 {
		c.Unlimited = true
	}
	return c
}

// checkConfig refuses a Config the guards find faulty (the scenarios
// package reports the same problems with file and line before this).
func checkConfig(cfg *Config) error {
	probs := StaffingProblems(cfg)
	if len(probs) == 0 {
		return nil
	}
	msg := fmt.Sprintf("model: scenario %q:", cfg.Name)
	for _, p := range probs {
		msg += "\n  " + p.Key + ": " + p.Msg
	}
	return fmt.Errorf("%s", msg)
}

// liveCheckEvery is how many events pass between two counts of the live
// entities (a power of two); the count walks every unit, so it is not
// done on every event, and 16,384 events allocate a few megabytes at most.
const liveCheckEvery = 1 << 14

// Live-entity bound defaults: DefaultMaxLive is LiveFactor times the
// Little's-law estimate, and at least LiveFloor.
const (
	LiveFactor = 2
	LiveFloor  = 200_000
)

type guardState struct {
	maxLive int // 0 = no bound
	err     error
	peak    int // most live entities counted
}

// LiveError is the error of a run stopped by the live-entity bound.
type LiveError struct {
	Live, Limit int
	Day         float64 // simulated day it stopped on
	Expected    float64 // the Little's-law estimate of live entities
	Overloaded  []string
}

func (e *LiveError) Error() string {
	msg := fmt.Sprintf("run stopped on day %.1f: %d live entities (matters and tickets in progress, and work items at units) exceed the bound of %d (Little's law expects about %.0f); demand exceeds what the units can serve, or a rate is far too high",
		e.Day, e.Live, e.Limit, e.Expected)
	if len(e.Overloaded) > 0 {
		msg += "; offered load ≥ 1 at " + strings.Join(e.Overloaded, ", ")
	}
	return msg + ". Raise the bound with --max-live N if this is intended (each costs a few hundred bytes of memory)"
}

func (m *Model) initGuard(maxLive int) {
	switch {
	case maxLive == 0:
		m.guard.maxLive = DefaultMaxLive(m.cfg)
	case maxLive > 0:
		m.guard.maxLive = maxLive
	}
}

// Err returns why the run stopped early, or nil. After a stop, Finished
// is true and Results must not be used as a run's results.
func (m *Model) Err() error { return m.guard.err }

func (m *Model) stop(err error) {
	if m.guard.err == nil {
		m.guard.err = err
	}
	m.drained = true
}

// Live counts the live entities: matters and tickets in progress plus the
// work items waiting or in service at every unit (downward tasks and
// resident services have no entity of their own). An entity queued at a
// unit counts twice, so this is at most about twice what is held.
func (m *Model) Live() int {
	n := m.active + m.activeT
	for i := range m.offices {
		o := &m.offices[i]
		n += o.windows.InSystem() + o.back.InSystem() + o.handlers.InSystem()
	}
	for _, ps := range [][]*pool.Pool{m.halls, m.streets, m.coms} {
		for _, p := range ps {
			n += p.InSystem()
		}
	}
	return n + m.hotline.InSystem() + m.dispatch.InSystem()
}

// MaxLive returns the live-entity bound in force (0 = none).
func (m *Model) MaxLive() int { return m.guard.maxLive }

// PeakLive returns the most live entities counted during the run so far.
func (m *Model) PeakLive() int { return m.guard.peak }

func (m *Model) checkLive() {
	if m.guard.maxLive <= 0 {
		return
	}
	n := m.Live()
	m.guard.peak = max(m.guard.peak, n)
	if n > m.guard.maxLive {
		var over []string
		for _, u := range Overloaded(m.cfg) {
			over = append(over, u.Unit)
		}
		if len(over) > 5 {
			over = append(over[:5], fmt.Sprintf("and %d more", len(over)-5))
		}
		m.stop(&LiveError{Live: n, Limit: m.guard.maxLive, Day: m.s.Now() / calendar.Day, Expected: ExpectedLive(m.cfg), Overloaded: over})
	}
}

// ExpectedLive is a Little's-law estimate of the live entities of a
// scenario, L = λW summed over every arrival stream: λ its mean rate
// (profiles average to 1) times the product of the shock multipliers
// above 1 that apply to it, and W a matter type's time limit, a ticket
// type's deadline, a week for downward tasks and resident services — the
// time an entity stays while units keep their limits, so an upper
// estimate for a system that keeps up. It counts an entity twice (the
// entity and its work item at a unit), as Live does. It needs only the
// Config: no city is built.
func ExpectedLive(cfg *Config) float64 {
	var pop float64
	var streets, coms int
	for _, d := range cfg.City.Districts {
		streets += len(d.Streets)
		for _, st := range d.Streets {
			coms += len(st.Communities)
			for _, c := range st.Communities {
				pop += float64(c.Population)
			}
		}
	}
	perMin := func(per1000, rate float64) float64 {
		if rate > 0 {
			return rate / calendar.Day
		}
		return per1000 * pop / 1000 / calendar.Day
	}
	surge := func(name, group string) float64 {
		m := 1.0
		for _, s := range shocksFor(cfg, name, group) {
			if s.End > s.Start && s.Mult > 1 {
				m *= s.Mult
			}
		}
		return m
	}
	var l float64
	for i := range cfg.Matters {
		mt := &cfg.Matters[i]
		l += perMin(mt.RatePer1000, mt.Rate) * surge(mt.Name, "matters") * mt.TimeLimit.Approx(cfg.Halls.Calendar)
	}
	for i := range cfg.Tickets {
		t := &cfg.Tickets[i]
		c := cfg.Grassroots.StreetCalendar
		if t.Owner >= 0 && t.Owner < len(cfg.Departments) {
			c = cfg.Departments[t.Owner].Calendar
		}
		l += perMin(t.RatePer1000, t.Rate) * surge(t.Name, "tickets") * t.Deadline.Approx(c)
	}
	for d := range cfg.Departments {
		for _, ts := range cfg.Departments[d].Tasks {
			n := streets
			if ts.Target == OwnerCommunity {
				n = coms
			}
			l += ts.PerWeek * float64(n) / calendar.Week * surge(ts.Name, "tasks") * calendar.Week
		}
	}
	l += perMin(cfg.Grassroots.ResidentRatePer1000, 0) * surge("residents", "residents") * calendar.Week
	return 2 * l
}

// DefaultMaxLive is the live-entity bound of a run without --max-live:
// LiveFactor × ExpectedLive, at least LiveFloor.
func DefaultMaxLive(cfg *Config) int {
	e := LiveFactor * ExpectedLive(cfg)
	if !(e < 1e15) {
		e = 1e15
	}
	return max(LiveFloor, int(math.Ceil(e)))
}

// demandScaleOK stops the run when demand feedback gives a scale that is
// not a finite number ≥ 0 ((S/S₀)^elasticity with S near 0 and a negative
// elasticity, say).
func (m *Model) demandScaleOK(scale, sat float64, day int) bool {
	if scale >= 0 && !math.IsInf(scale, 1) {
		return true
	}
	m.stop(fmt.Errorf("run stopped on day %d: demand feedback gives a hotline demand scale of %v ((S/S₀)^elasticity with S = %.3g, S₀ = %.3g, elasticity = %g): lower |demand.elasticity|",
		day, scale, sat, m.s0, m.cfg.Demand.Elasticity))
	return false
}
