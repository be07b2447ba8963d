package model

import (
	"cmp"
	"slices"

	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/dist"
)

// OfferedLoad is a unit's offered load over a week: the work that arrives in
// a week divided by the staff time the unit has open in a week (staff ×
// open hours, by its staffing schedule and calendar). At 1 or more the
// unit cannot keep up: its queue grows for as long as the demand lasts.
type OfferedLoad struct {
	Unit string  // "window police@old-town", "hotline", "community old-town-s1-c1"
	Load float64 // work ÷ capacity
	// WorkHours and CapacityHours are per week.
	WorkHours, CapacityHours float64
	// Bound says how Load relates to the model's load: "exact" (closed
	// form of rates and mean work), "upper bound" (every matter taken in
	// person: the online share depends on trust, which adapts), "lower
	// bound" (the figure leaves out work that routing adds: returns and
	// reviews at dispatch, certificate visits and tickets at grassroots
	// units) or "estimate" (ticket handlers: see LoadEstimate).
	Bound string
}

// Bounds of a OfferedLoad.
const (
	LoadExact = "exact"
	LoadUpper = "upper bound"
	LoadLower = "lower bound"
	// LoadEstimate: routing moves work between units (a misrouted ticket
	// may be accepted by another unit after arbitration), so the figure is
	// the work of the unit that should handle it, neither bound.
	LoadEstimate = "estimate"
)

// OfferedLoads computes the offered load of every staffed unit of a
// resolved scenario from its rates and mean work (shocks aside: a shock is
// temporary; profiles only move work within the week). The result is
// sorted by load, highest first; units without work or staff are left out.
func OfferedLoads(cfg *Config) []OfferedLoad {
	nd := len(cfg.City.Districts)
	distPop := make([]float64, nd)
	var total float64
	for k := range cfg.City.Districts {
		for _, st := range cfg.City.Districts[k].Streets {
			for _, c := range st.Communities {
				distPop[k] += float64(c.Population)
			}
		}
		total += distPop[k]
	}
	if total <= 0 {
		return nil
	}
	perWeek := func(per1000, rate float64) float64 {
		if rate > 0 {
			return 7 * rate
		}
		return 7 * per1000 * total / 1000
	}
	mean := func(d *dist.Dist) float64 {
		if m := d.Mean(); m > 0 && m < 1e300 {
			return m
		}
		return 0
	}
	oneWindow, fragmented := cfg.Platform.OneWindow, !cfg.Platform.OneWindow
	for i := range cfg.Interventions {
		if cfg.Interventions[i].Levers.OneWindow {
			oneWindow = true
		} else {
			fragmented = true
		}
	}
	hallFactor := cfg.Platform.HallFactor
	for i := range cfg.Interventions {
		hallFactor = max(hallFactor, cfg.Interventions[i].Levers.HallFactor)
	}

	// Work per week, minutes, by department (to be split by district for
	// district-level departments): windows, back office, handlers.
	nDept := len(cfg.Departments)
	windows := make([]float64, nDept)
	back := make([]float64, nDept)
	handlers := make([]float64, nDept)
	var hall, hotline, dispatch float64
	for i := range cfg.Matters {
		mt := &cfg.Matters[i]
		n := perWeek(mt.RatePer1000, mt.Rate)
		if n <= 0 || len(mt.Steps) == 0 {
			continue
		}
		visits := 1 / (1 - mt.Rework)
		var stepSum float64
		for j := range mt.Steps {
			s := &mt.Steps[j]
			if s.Dept < 0 || s.Dept >= nDept {
				continue
			}
			w := mean(&s.WindowTime)
			stepSum += w
			windows[s.Dept] += n * visits * w
			back[s.Dept] += n * mean(&s.BackOffice)
		}
		collect := 0.0
		if mt.Collect == CollectInPerson {
			collect = mean(&mt.CollectTime)
			if last := mt.Steps[len(mt.Steps)-1].Dept; last >= 0 && last < nDept {
				windows[last] += n * collect
			}
		}
		ht := stepSum * hallFactor
		if mt.HasHallTime {
			ht = mean(&mt.HallTime)
		}
		hall += n * (visits*ht + collect)
	}
	for i := range cfg.Tickets {
		t := &cfg.Tickets[i]
		n := perWeek(t.RatePer1000, t.Rate)
		if n <= 0 {
			continue
		}
		hotline += n * t.HotlineShare * (mean(&cfg.Hotline.Talk) + mean(&cfg.Hotline.Wrapup))
		// Work orders: grid reports, and calls not answered at intake.
		wo := n * (1 - t.HotlineShare*cfg.Hotline.AnswerDirectly)
		dispatch += wo * mean(&cfg.Dispatch.DispatchTime)
		w := wo * mean(&t.Work)
		enf := t.Enforcer
		if enf < 0 || enf >= nDept {
			enf = t.Owner
		}
		if t.Owner >= 0 && t.Owner < nDept {
			handlers[t.Owner] += w * (1 - t.NeedsEnforce)
		}
		if enf >= 0 && enf < nDept {
			handlers[enf] += w * t.NeedsEnforce
		}
	}

	var out []OfferedLoad
	add := func(unit string, work float64, st calendar.Staffing, c *calendar.Calendar, bound string) {
		if work <= 0 || c == nil {
			return
		}
		capa := st.CapacityMinutes(c, 0, calendar.Week)
		if !(capa > 0) {
			return // a unit without staff: StaffingProblems refuses it when it gets work
		}
		out = append(out, OfferedLoad{Unit: unit, Load: work / capa, WorkHours: work / 60, CapacityHours: capa / 60, Bound: bound})
	}
	for d := range cfg.Departments {
		dep := &cfg.Departments[d]
		offices := []struct {
			name  string
			share float64
		}{{dep.Name, 1}}
		if dep.Level != LevelCity {
			offices = offices[:0]
			for k := range cfg.City.Districts {
				offices = append(offices, struct {
					name  string
					share float64
				}{dep.Name + "@" + cfg.City.Districts[k].Name, distPop[k] / total})
			}
		}
		for _, o := range offices {
			if fragmented {
				add("windows "+o.name, o.share*windows[d], dep.Staffing, dep.Calendar, LoadUpper)
			}
			if dep.BackOfficeStaff > 0 {
				add("back office "+o.name, o.share*back[d], calendar.Flat(dep.BackOfficeStaff), dep.Calendar, LoadUpper)
			}
			add("handlers "+o.name, o.share*handlers[d], calendar.Flat(max(1, dep.Handlers)), dep.Calendar, LoadEstimate)
		}
	}
	if oneWindow {
		for k := range cfg.City.Districts {
			add("hall@"+cfg.City.Districts[k].Name, hall*distPop[k]/total, cfg.Halls.Staffing, cfg.Halls.Calendar, LoadUpper)
		}
	}
	add("hotline", hotline, cfg.Hotline.Staffing, cfg.Hotline.Calendar, LoadExact)
	if cfg.Dispatch.Staff > 0 {
		add("dispatch", dispatch, calendar.Flat(cfg.Dispatch.Staff), cfg.Hotline.Calendar, LoadLower)
	}
	g := &cfg.Grassroots
	resident := 7 * g.ResidentRatePer1000 / 1000 * mean(&g.ResidentWork)
	for k := range cfg.City.Districts {
		for _, st := range cfg.City.Districts[k].Streets {
			var sw, cw float64
			for d := range cfg.Departments {
				for _, ts := range cfg.Departments[d].Tasks {
					if ts.Target == OwnerStreet {
						sw += ts.PerWeek * mean(&ts.Hours)
					} else {
						cw += ts.PerWeek * mean(&ts.Hours)
					}
				}
			}
			add("street "+st.Name, sw, calendar.Flat(max(1, st.Workers)), g.StreetCalendar, LoadLower)
			for _, c := range st.Communities {
				add("community "+c.Name, cw+resident*float64(c.Population), calendar.Flat(max(1, c.Workers)), g.CommunityCalendar, LoadLower)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b OfferedLoad) int { return cmp.Compare(b.Load, a.Load) })
	return out
}

// Overloaded returns the units of OfferedLoads whose load reaches 1.
func Overloaded(cfg *Config) []OfferedLoad {
	var out []OfferedLoad
	for _, u := range OfferedLoads(cfg) {
		if u.Load >= 1 {
			out = append(out, u)
		}
	}
	return out
}
