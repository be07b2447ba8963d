package model

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

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
	// units), "estimate" (ticket handlers: see LoadEstimate) or
	// LoadOnline (halls and windows when some matters may go online).
	Bound string
	// For Bound LoadOnline: OnlineShare is the expected share of the
	// unit's online-eligible residents who choose online at the start of a
	// run (OnlineUptake), and InPerson the load if everyone came in person
	// — an upper bound, as Load is with no online channel.
	OnlineShare, InPerson float64
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
	// LoadOnline: the in-person work of halls and windows under the
	// expected channel split at the start of a run (OnlineUptake); trust,
	// and with it the split, adapts during the run.
	LoadOnline = "online estimate"
)

// OnlineUptake returns, for each district, the expected probability that
// a resident chooses online when it is offered, at the start of a run:
// E[logistic(b0 + b_trust·trust + b_literacy·literacy)] over the initial
// trust ~ Beta(trust_a, trust_b) and the district's literacy ~ Beta with
// mean literacy_mean and concentration literacy_concentration, as
// newCitizens draws them (docs/ODD.md §6.5). It is computed by midpoint
// quadrature over 64 quantiles of each Beta: deterministic, and within
// about 1e-3 of the exact expectation (much closer than the sampling
// noise of a city's residents).
func OnlineUptake(cfg *Config) []float64 {
	const n = 64
	c := &cfg.Citizens
	quantiles := func(a, b float64) []float64 {
		q := make([]float64, n)
		switch {
		case !(a > 0) && !(b > 0):
			for i := range q {
				q[i] = 0.5
			}
		case !(a > 0):
			// all mass at 0: q stays 0
		case !(b > 0):
			for i := range q {
				q[i] = 1
			}
		default:
			d := distuv.Beta{Alpha: a, Beta: b}
			for i := range q {
				q[i] = d.Quantile((float64(i) + 0.5) / n)
			}
		}
		return q
	}
	trust := quantiles(c.TrustA, c.TrustB)
	out := make([]float64, len(cfg.City.Districts))
	k := c.LiteracyConcentration
	for d := range cfg.City.Districts {
		lm := cfg.City.Districts[d].LiteracyMean
		lit := quantiles(lm*k, (1-lm)*k)
		var sum float64
		for _, t := range trust {
			for _, l := range lit {
				sum += 1 / (1 + math.Exp(-(c.B0 + c.BTrust*t + c.BLiteracy*l)))
			}
		}
		out[d] = sum / (n * n)
	}
	return out
}

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
	// The lever sets a run may use: the platform's, then each
	// intervention's. A hall (windows) figure uses the online uptake only
	// when every lever set with (without) one window offers online, and
	// leaves out collection in person only when every set has e-licences.
	sets := []*Levers{&cfg.Platform}
	for i := range cfg.Interventions {
		sets = append(sets, &cfg.Interventions[i].Levers)
	}
	oneWindow, fragmented := false, false
	hallOnline, winOnline, eLicence := true, true, true
	for _, lv := range sets {
		if lv.OneWindow {
			oneWindow = true
			hallOnline = hallOnline && lv.Online
		} else {
			fragmented = true
			winOnline = winOnline && lv.Online
		}
		eLicence = eLicence && lv.ELicence
	}
	uptake := OnlineUptake(cfg)
	share := make([]float64, nd)
	var cityUptake float64
	for k := range share {
		share[k] = distPop[k] / total
		cityUptake += share[k] * uptake[k]
	}
	hallFactor := cfg.Platform.HallFactor
	for i := range cfg.Interventions {
		hallFactor = max(hallFactor, cfg.Interventions[i].Levers.HallFactor)
	}

	// Work per week, minutes, by department (to be split by district for
	// district-level departments): windows, back office, handlers; and the
	// windows' and halls' in-person work by district of residence under the
	// expected channel split (winEst, hallEst).
	nDept := len(cfg.Departments)
	windows := make([]float64, nDept)
	back := make([]float64, nDept)
	handlers := make([]float64, nDept)
	winEst := make([][]float64, nDept)
	for d := range winEst {
		winEst[d] = make([]float64, nd)
	}
	hallEst := make([]float64, nd)
	var hall, hotline, dispatch float64
	anyOnline := false
	for i := range cfg.Matters {
		mt := &cfg.Matters[i]
		n := perWeek(mt.RatePer1000, mt.Rate)
		if n <= 0 || len(mt.Steps) == 0 {
			continue
		}
		// inPerson(on, k): the share of district k's matters of this type
		// that come in person when every relevant lever set offers online.
		inPerson := func(on bool, k int) float64 {
			if on && mt.Online {
				return 1 - uptake[k]
			}
			return 1
		}
		anyOnline = anyOnline || mt.Online && (hallOnline && oneWindow || winOnline && fragmented)
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
			for k := range nd {
				winEst[s.Dept][k] += share[k] * n * visits * w * inPerson(winOnline, k)
			}
			back[s.Dept] += n * mean(&s.BackOffice)
		}
		collect := 0.0
		if mt.Collect == CollectInPerson {
			collect = mean(&mt.CollectTime)
			if last := mt.Steps[len(mt.Steps)-1].Dept; last >= 0 && last < nDept {
				windows[last] += n * collect
				if !eLicence {
					for k := range nd {
						winEst[last][k] += share[k] * n * collect
					}
				}
			}
		}
		ht := stepSum * hallFactor
		if mt.HasHallTime {
			ht = mean(&mt.HallTime)
		}
		hall += n * (visits*ht + collect)
		estCollect := collect
		if eLicence {
			estCollect = 0
		}
		for k := range nd {
			hallEst[k] += share[k] * n * (visits*ht*inPerson(hallOnline, k) + estCollect)
		}
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
	// addInPerson adds a hall or windows: under the expected channel split
	// (est, the online uptake p) when matters may go online, else everyone
	// in person (upper).
	addInPerson := func(unit string, upper, est, p float64, st calendar.Staffing, c *calendar.Calendar) {
		if !anyOnline || est >= upper*(1-1e-12) {
			add(unit, upper, st, c, LoadUpper)
			return
		}
		n := len(out)
		add(unit, upper, st, c, LoadOnline)
		if len(out) > n {
			u := &out[n]
			u.InPerson, u.OnlineShare = u.Load, p
			u.Load, u.WorkHours = u.Load*est/upper, est/60
		}
	}
	for d := range cfg.Departments {
		dep := &cfg.Departments[d]
		type office struct {
			name     string
			share    float64
			est, upt float64
		}
		var est float64
		for k := range nd {
			est += winEst[d][k]
		}
		offices := []office{{dep.Name, 1, est, cityUptake}}
		if dep.Level != LevelCity {
			offices = offices[:0]
			for k := range cfg.City.Districts {
				offices = append(offices, office{dep.Name + "@" + cfg.City.Districts[k].Name, share[k], winEst[d][k], uptake[k]})
			}
		}
		for _, o := range offices {
			if fragmented {
				addInPerson("windows "+o.name, o.share*windows[d], o.est, o.upt, dep.Staffing, dep.Calendar)
			}
			if dep.BackOfficeStaff > 0 {
				add("back office "+o.name, o.share*back[d], calendar.Flat(dep.BackOfficeStaff), dep.Calendar, LoadUpper)
			}
			add("handlers "+o.name, o.share*handlers[d], calendar.Flat(max(1, dep.Handlers)), dep.Calendar, LoadEstimate)
		}
	}
	if oneWindow {
		for k := range cfg.City.Districts {
			addInPerson("hall@"+cfg.City.Districts[k].Name, hall*share[k], hallEst[k], uptake[k], cfg.Halls.Staffing, cfg.Halls.Calendar)
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
