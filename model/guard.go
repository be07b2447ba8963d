package model

import (
	"fmt"

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
