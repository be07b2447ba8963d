package model

import (
	"math"

	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// ticketAcc accumulates the ticket KPIs of one group (overall or a type).
type ticketAcc struct {
	contacts, grid, intake, abandoned, orders, resolved int64
	answerWait                                          stats.Moments // minutes, every answered call (redials included)
	res                                                 stats.Moments // days, resolved work orders
	resHist                                             *stats.LogHist
	bounces                                             stats.Moments
	bounced                                             int64
	grassroots, downward, territorial, onTime           int64
	whistles, repeats                                   int64
	outcomeAcc
}

type ticketResults struct {
	overall *ticketAcc
	byType  []*ticketAcc
	oc      outcomeResults
}

func newTicketAcc() *ticketAcc {
	return &ticketAcc{resHist: stats.NewLogHist(latLo, latHi, latFine)}
}

func newTicketResults(m *Model) *ticketResults {
	r := &ticketResults{overall: newTicketAcc()}
	for range m.cfg.Tickets {
		r.byType = append(r.byType, newTicketAcc())
	}
	r.oc.byDistrict = make([]outcomeAcc, len(m.cfg.City.Districts))
	return r
}

func (r *ticketResults) groups(t *ticket) [2]*ticketAcc {
	return [2]*ticketAcc{r.overall, r.byType[t.typ]}
}

func (r *ticketResults) arrived(m *Model, t *ticket) {
	for _, g := range r.groups(t) {
		if t.hotline {
			g.contacts++
		} else {
			g.grid++
		}
	}
}

func (r *ticketResults) answered(m *Model, t *ticket, wait float64) {
	for _, g := range r.groups(t) {
		g.answerWait.Add(wait)
	}
}

func (r *ticketResults) intake(m *Model, t *ticket) {
	for _, g := range r.groups(t) {
		g.intake++
	}
}

func (r *ticketResults) abandoned(m *Model, t *ticket) {
	for _, g := range r.groups(t) {
		g.abandoned++
	}
}

func (r *ticketResults) workOrder(m *Model, t *ticket) {
	for _, g := range r.groups(t) {
		g.orders++
	}
}

func (r *ticketResults) repeat(m *Model, t *ticket) {
	for _, g := range r.groups(t) {
		g.repeats++
	}
}

func (r *ticketResults) resolved(m *Model, t *ticket, now float64) {
	tt := &m.cfg.Tickets[t.typ]
	days := (now - t.first) / calendar.Day
	grass := t.handler.Kind == UnitStreet || t.handler.Kind == UnitCommunity
	for _, g := range r.groups(t) {
		g.resolved++
		g.res.Add(days)
		g.resHist.Add(days)
		g.bounces.Add(float64(t.bounces))
		if t.bounces > 0 {
			g.bounced++
		}
		if grass {
			g.grassroots++
			if tt.Owner >= 0 {
				g.downward++
			}
		}
		if tt.Owner < 0 {
			g.territorial++
		}
		if now <= t.deadline {
			g.onTime++
		}
		if t.whistled {
			g.whistles++
		}
	}
}

// TicketGroup is the ticket KPIs of one group (docs/ODD.md §7). Shares other
// than the abandonment share are over resolved work orders; resolution
// times are in days from the first contact.
type TicketGroup struct {
	Name           string  `json:"name"`
	Contacts       int64   `json:"hotline_contacts"`     // first contacts by phone in the window
	GridReports    int64   `json:"grid_reports"`         // reported by grid patrol in the window
	ClosedAtIntake int64   `json:"closed_at_intake"`     // answered directly, no work order
	Abandoned      int64   `json:"abandoned"`            // hung up for good
	AbandonShare   float64 `json:"abandon_share"`        // of hotline contacts
	AnswerWaitMean float64 `json:"answer_wait_mean_min"` // every answered call
	WorkOrders     int64   `json:"work_orders"`
	Resolved       int64   `json:"resolved"`
	OpenAtEnd      int64   `json:"open_at_end"` // work orders not resolved by the end of the run
	ResolutionMean float64 `json:"resolution_mean_days"`
	ResolutionP50  float64 `json:"resolution_p50_days"`
	ResolutionP90  float64 `json:"resolution_p90_days"`
	BouncesMean    float64 `json:"bounces_mean"`
	BouncedShare   float64 `json:"bounced_share"`    // ≥ 1 bounce
	Grassroots     float64 `json:"grassroots_share"` // handled by a street or community
	DownwardShift  float64 `json:"downward_shift"`   // handled at the grassroots, true owner a department
	NetShift       float64 `json:"net_shift"`        // grassroots_share − share whose owner is territorial
	OnTimeShare    float64 `json:"on_time_share"`
	Whistles       int64   `json:"whistles"`
	Repeats        int64   `json:"repeats"`
	// Outcomes (docs/ODD.md §6.7, docs/OUTPUT.md): see OutcomeGroup.
	Closures                 int64   `json:"closures"`
	RatedClosures            int64   `json:"rated_closures"`
	ResponseRate             float64 `json:"response_rate"`
	ResolutionRate           float64 `json:"resolution_rate"`
	SatisfactionRate         float64 `json:"satisfaction_rate"`
	SolvedShare              float64 `json:"solved_share"`
	RecognisedResolutionRate float64 `json:"recognised_resolution_rate"`
	ExplainedShare           float64 `json:"explained_share"`
	FalseClosureShare        float64 `json:"false_closure_share"`
	NeglectedShare           float64 `json:"neglected_share"`
	ReopenShare              float64 `json:"reopen_share"`
	Reopens                  int64   `json:"reopens"`
	ResponseOnTimeShare      float64 `json:"response_on_time_share"`
	HandlingWaitMean         float64 `json:"handling_wait_mean_hours"`
}

func (g *ticketAcc) out(name string) TicketGroup {
	n := float64(g.resolved)
	o := TicketGroup{
		Name: name, Contacts: g.contacts, GridReports: g.grid, ClosedAtIntake: g.intake, Abandoned: g.abandoned,
		AbandonShare: float64(g.abandoned) / float64(g.contacts), AnswerWaitMean: g.answerWait.Mean(),
		WorkOrders: g.orders, Resolved: g.resolved, OpenAtEnd: g.orders - g.resolved,
		ResolutionMean: g.res.Mean(), ResolutionP50: g.resHist.Quantile(0.5), ResolutionP90: g.resHist.Quantile(0.9),
		BouncesMean: g.bounces.Mean(), BouncedShare: float64(g.bounced) / n,
		Grassroots: float64(g.grassroots) / n, DownwardShift: float64(g.downward) / n,
		NetShift: float64(g.grassroots-g.territorial) / n, OnTimeShare: float64(g.onTime) / n,
		Whistles: g.whistles, Repeats: g.repeats,
	}
	o.setOutcomes(g.outcomeAcc.out(name))
	return o
}

// TicketKPIs are the ticket, hotline and department KPIs.
type TicketKPIs struct {
	Overall  TicketGroup   `json:"overall"`
	ByType   []TicketGroup `json:"by_type"`
	Hotline  UnitStats     `json:"hotline"`
	Dispatch UnitStats     `json:"dispatch"`
	// InFlightMean is the mean over the window's days of the tickets in
	// flight at the end of the day (dispatched, not yet accepted).
	InFlightMean float64     `json:"in_flight_mean"`
	Departments  []DeptStats `json:"departments"`
	// Outcome KPIs by handling-unit kind (department, street, community),
	// by district and by literacy quintile of the caller (docs/OUTPUT.md).
	ByHandler  []OutcomeGroup `json:"by_handler"`
	ByDistrict []OutcomeGroup `json:"by_district"`
	ByQuintile []OutcomeGroup `json:"by_literacy_quintile"`
}

// DeptStats is one department's ticket handling.
type DeptStats struct {
	Name             string  `json:"name"`
	HandlerHours     float64 `json:"handler_hours"`       // handler work arrived in the window
	HandlerUtil      float64 `json:"handler_utilisation"` // over all its offices
	Returns          int64   `json:"returns"`
	AuditedReturns   int64   `json:"audited_returns"`
	ReturnPropensity float64 `json:"return_propensity_final"`
}

// GrassrootsKPIs are the streets' and communities' workloads (docs/ODD.md §7).
type GrassrootsKPIs struct {
	Streets      []UnitWork   `json:"streets"`
	Communities  []UnitWork   `json:"communities"`
	StreetDist   Distribution `json:"street_distribution"`
	CommDist     Distribution `json:"community_distribution"`
	TasksRefused int64        `json:"tasks_refused"`
}

// UnitWork is one grassroots unit's workload over the window.
type UnitWork struct {
	Name              string  `json:"name"`
	Workers           int     `json:"workers"`
	HoursPerWorkerWk  float64 `json:"hours_per_worker_week"` // work demanded
	Utilisation       float64 `json:"utilisation"`
	TopdownShare      float64 `json:"topdown_share"`  // share of hours on downward tasks
	TicketShare       float64 `json:"ticket_share"`   // share on tickets, whistles, coordination, grid reports
	ResidentShare     float64 `json:"resident_share"` // resident services and certificates
	BacklogHours      float64 `json:"backlog_hours"`  // at the end of the window
	ResidentDelayMean float64 `json:"resident_delay_mean_hours"`
}

// Distribution summarises hours per worker per week across units.
type Distribution struct {
	Mean           float64 `json:"mean"`
	Max            float64 `json:"max"`
	Gini           float64 `json:"gini"`
	TopDecileShare float64 `json:"top_decile_share"`
}

func (m *Model) ticketKPIs(now float64) TicketKPIs {
	var out TicketKPIs
	out.Overall = m.tres.overall.out("all")
	for i, g := range m.tres.byType {
		out.ByType = append(out.ByType, g.out(m.cfg.Tickets[i].Name))
	}
	out.Hotline = unitStats(m.hotline, "hotline", now)
	out.Dispatch = unitStats(m.dispatch, "dispatch", now)
	out.InFlightMean = m.day.inFlightSum / float64(max(1, m.day.obsDays))
	busy := make([]float64, len(m.cfg.Departments))
	capa := make([]float64, len(m.cfg.Departments))
	for i := range m.offices {
		st := m.offices[i].handlers.Stats(now)
		busy[m.offices[i].dept] += st.BusyOpen
		capa[m.offices[i].dept] += st.Capacity
	}
	for d, dep := range m.cfg.Departments {
		out.Departments = append(out.Departments, DeptStats{Name: dep.Name, HandlerHours: m.dstats[d].hoursIn / 60, HandlerUtil: busy[d] / capa[d],
			Returns: m.dstats[d].returns, AuditedReturns: m.dstats[d].audited, ReturnPropensity: m.propensity[d]})
	}
	m.outcomeKPIs(&out)
	return out
}

func (m *Model) grassrootsKPIs(now float64) GrassrootsKPIs {
	weeks := (m.w1 - m.w0) / calendar.Week
	var out GrassrootsKPIs
	unit := func(name string, a *gacc, util float64) UnitWork {
		var tot float64
		for _, h := range a.hoursIn {
			tot += h
		}
		return UnitWork{Name: name, Workers: a.workers, HoursPerWorkerWk: tot / 60 / float64(a.workers) / weeks, Utilisation: util,
			TopdownShare: a.hoursIn[catTask] / tot, TicketShare: a.hoursIn[catTicket] / tot, ResidentShare: (a.hoursIn[catResident] + a.hoursIn[catCert]) / tot,
			BacklogHours: a.backlogW / 60, ResidentDelayMean: a.resDelay.Mean()}
	}
	for i, p := range m.streets {
		st := p.Stats(now)
		out.Streets = append(out.Streets, unit(p.Name(), &m.gStreets[i], st.Utilisation()))
	}
	for i, p := range m.coms {
		st := p.Stats(now)
		out.Communities = append(out.Communities, unit(p.Name(), &m.gComs[i], st.Utilisation()))
	}
	out.StreetDist = distribution(out.Streets)
	out.CommDist = distribution(out.Communities)
	out.TasksRefused = m.refused
	return out
}

func distribution(us []UnitWork) Distribution {
	xs := make([]float64, len(us))
	var d Distribution
	for i, u := range us {
		xs[i] = u.HoursPerWorkerWk
		d.Mean += xs[i] / float64(len(us))
		d.Max = math.Max(d.Max, xs[i])
	}
	d.Gini = stats.Gini(xs)
	d.TopDecileShare = stats.TopShare(xs, 0.1)
	return d
}
