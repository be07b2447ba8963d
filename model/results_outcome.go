package model

import (
	"cmp"
	"math"
	"slices"

	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// outcomeAcc accumulates the outcome KPIs of docs/OUTPUT.md for one group of
// counted tickets: the three rates over rated closures, the true outcomes
// over final closures.
type outcomeAcc struct {
	closures, rated, ratedResp, ratedRes, ratedSat int64
	final, solved, falseC, neglected, reopened     int64
	reopens, respOnTime                            int64
	hwait                                          stats.Moments // hours, the final handling job
}

func (o *outcomeAcc) closure(oc *outcome, satisfied bool) {
	o.closures++
	if !oc.rated {
		return
	}
	o.rated++
	if oc.respOnTime {
		o.ratedResp++
	}
	if oc.solved {
		o.ratedRes++
	}
	if satisfied {
		o.ratedSat++
	}
}

func (o *outcomeAcc) finalClosure(oc *outcome) {
	o.final++
	switch {
	case oc.solved:
		o.solved++
	case oc.falseClose:
		o.falseC++
	}
	if oc.parked {
		o.neglected++
	}
	if oc.reopens > 0 {
		o.reopened++
		o.reopens += int64(oc.reopens)
	}
	if oc.respOnTime {
		o.respOnTime++
	}
	o.hwait.Add(oc.hwait / 60)
}

// OutcomeGroup is the outcome KPIs of one group of tickets (docs/ODD.md §6.7,
// §7): by handling-unit kind, district and literacy quintile of the caller.
// The rates are over rated closures; the shares over final closures.
type OutcomeGroup struct {
	Name                     string  `json:"name"`
	Closures                 int64   `json:"closures"`       // every closure, reopened ones included
	RatedClosures            int64   `json:"rated_closures"` // called back and rated
	ResponseRate             float64 `json:"response_rate"`
	ResolutionRate           float64 `json:"resolution_rate"`
	SatisfactionRate         float64 `json:"satisfaction_rate"`
	FinalClosures            int64   `json:"final_closures"`
	SolvedShare              float64 `json:"solved_share"`
	RecognisedResolutionRate float64 `json:"recognised_resolution_rate"` // solved + false closures
	ExplainedShare           float64 `json:"explained_share"`
	FalseClosureShare        float64 `json:"false_closure_share"`
	NeglectedShare           float64 `json:"neglected_share"`
	ReopenShare              float64 `json:"reopen_share"`
	Reopens                  int64   `json:"reopens"`
	ResponseOnTimeShare      float64 `json:"response_on_time_share"` // every final closure, rated or not
	HandlingWaitMean         float64 `json:"handling_wait_mean_hours"`
}

func (o *outcomeAcc) out(name string) OutcomeGroup {
	r, n := float64(o.rated), float64(o.final)
	return OutcomeGroup{
		Name: name, Closures: o.closures, RatedClosures: o.rated,
		ResponseRate: float64(o.ratedResp) / r, ResolutionRate: float64(o.ratedRes) / r, SatisfactionRate: float64(o.ratedSat) / r,
		FinalClosures: o.final, SolvedShare: float64(o.solved) / n, RecognisedResolutionRate: float64(o.solved+o.falseC) / n,
		ExplainedShare: float64(o.final-o.solved-o.falseC) / n, FalseClosureShare: float64(o.falseC) / n,
		NeglectedShare: float64(o.neglected) / n, ReopenShare: float64(o.reopened) / n, Reopens: o.reopens,
		ResponseOnTimeShare: float64(o.respOnTime) / n, HandlingWaitMean: o.hwait.Mean(),
	}
}

// setOutcomes copies the outcome KPIs into a ticket group.
func (g *TicketGroup) setOutcomes(o OutcomeGroup) {
	g.Closures, g.RatedClosures = o.Closures, o.RatedClosures
	g.ResponseRate, g.ResolutionRate, g.SatisfactionRate = o.ResponseRate, o.ResolutionRate, o.SatisfactionRate
	g.SolvedShare, g.RecognisedResolutionRate = o.SolvedShare, o.RecognisedResolutionRate
	g.ExplainedShare, g.FalseClosureShare = o.ExplainedShare, o.FalseClosureShare
	g.NeglectedShare, g.ReopenShare, g.Reopens = o.NeglectedShare, o.ReopenShare, o.Reopens
	g.ResponseOnTimeShare, g.HandlingWaitMean = o.ResponseOnTimeShare, o.HandlingWaitMean
}

// Handling-unit kinds of the outcome groups.
var handlerKinds = [...]string{"department", "street", "community"}

func handlerKind(u UnitRef) int {
	switch u.Kind {
	case UnitStreet:
		return 1
	case UnitCommunity:
		return 2
	}
	return 0
}

// outcomeResults are the outcome groups beyond overall and by type.
type outcomeResults struct {
	byKind     [len(handlerKinds)]outcomeAcc
	byDistrict []outcomeAcc
	byQuintile [5]outcomeAcc
}

func (r *ticketResults) outcomeGroups(m *Model, t *ticket) [5]*outcomeAcc {
	o := &r.oc
	return [5]*outcomeAcc{&r.overall.outcomeAcc, &r.byType[t.typ].outcomeAcc, &o.byKind[handlerKind(t.handler)],
		&o.byDistrict[m.city.comDistrict[t.com]], &o.byQuintile[m.cit.quintile[t.citizen]]}
}

func (r *ticketResults) closure(m *Model, t *ticket, satisfied bool) {
	for _, g := range r.outcomeGroups(m, t) {
		g.closure(&t.oc, satisfied)
	}
}

func (r *ticketResults) finalClosure(m *Model, t *ticket) {
	for _, g := range r.outcomeGroups(m, t) {
		g.finalClosure(&t.oc)
	}
}

func (m *Model) outcomeKPIs(out *TicketKPIs) {
	o := &m.tres.oc
	for i := range o.byKind {
		out.ByHandler = append(out.ByHandler, o.byKind[i].out(handlerKinds[i]))
	}
	for i := range o.byDistrict {
		out.ByDistrict = append(out.ByDistrict, o.byDistrict[i].out(m.cfg.City.Districts[i].Name))
	}
	for i := range o.byQuintile {
		out.ByQuintile = append(out.ByQuintile, o.byQuintile[i].out([]string{"q1", "q2", "q3", "q4", "q5"}[i]))
	}
}

// Daily three rates (every rated closure of the day, counted or not).
type dayOutcomes struct {
	rated, resp, res, sat int64
}

func (d *dayAcc) closures(oc *outcome, satisfied bool) {
	if !oc.rated {
		return
	}
	o := &d.oc
	o.rated++
	if oc.respOnTime {
		o.resp++
	}
	if oc.solved {
		o.res++
	}
	if satisfied {
		o.sat++
	}
}

func (d *dayAcc) outcomeRow(row *DayRow) {
	o := &d.oc
	n := float64(o.rated)
	row.RatedClosures = o.rated
	row.ResponseRate, row.ResolutionRate, row.SatisfactionRate = float64(o.resp)/n, float64(o.res)/n, float64(o.sat)/n
	d.oc = dayOutcomes{}
}

// The 4-weekly 三率 ranking (docs/ODD.md §6.7): streets (credited with
// the closures of their staff, their communities and work that followed
// their whistle, i.e. every closure whose handler is the street or one of
// its communities) and departments (all offices together). Every closure
// counts, counted or not, since the ranking is the units' month.

// rankPeriod is the length of a ranking period.
const rankPeriod = 4 * calendar.Week

type rankAcc struct {
	closures, rated, resp, res, sat int64
}

type ranking struct {
	streets, depts []rankAcc
	period         int // periods closed so far
	rows           []RankRow
}

// RankRow is one unit in one 4-weekly ranking (ranking.csv).
type RankRow struct {
	Period       int     // from 0: [28·period, 28·(period+1)) days
	StartDay     float64 // first day of the period
	EndDay       float64 // end of the period (the run's end for a partial last period)
	Kind         string  // street or department
	Unit         string  // its name
	Closures     int64   // closures credited to it in the period
	Rated        int64   // of which rated
	Response     float64 // rates over its rated closures (NaN when none)
	Resolution   float64
	Satisfaction float64
	Score        float64 // w·(response, resolution, satisfaction); NaN when unranked
	Rank         int     // 1 = best among its kind; 0 = unranked (no rated closure)
}

func newRanking(m *Model) *ranking {
	return &ranking{streets: make([]rankAcc, len(m.streets)), depts: make([]rankAcc, len(m.cfg.Departments))}
}

func (r *ranking) closure(m *Model, t *ticket, satisfied bool) {
	var a *rankAcc
	switch t.handler.Kind {
	case UnitOffice:
		a = &r.depts[m.offices[t.handler.Index].dept]
	case UnitStreet:
		a = &r.streets[t.handler.Index]
	default:
		a = &r.streets[m.city.comStreet[t.handler.Index]]
	}
	a.closures++
	oc := &t.oc
	if !oc.rated {
		return
	}
	a.rated++
	if oc.respOnTime {
		a.resp++
	}
	if oc.solved {
		a.res++
	}
	if satisfied {
		a.sat++
	}
}

// rows returns the ranking rows of the period from start to end.
func (r *ranking) rowsOf(m *Model, period int, start, end float64) []RankRow {
	w := m.cfg.Accountability.Weights
	var out []RankRow
	add := func(kind string, accs []rankAcc, name func(i int) string) {
		first := len(out)
		for i := range accs {
			a := &accs[i]
			n := float64(a.rated)
			row := RankRow{Period: period, StartDay: start / calendar.Day, EndDay: end / calendar.Day, Kind: kind, Unit: name(i),
				Closures: a.closures, Rated: a.rated, Response: float64(a.resp) / n, Resolution: float64(a.res) / n, Satisfaction: float64(a.sat) / n,
				Score: math.NaN()}
			if a.rated > 0 {
				row.Score = (w[0]*row.Response + w[1]*row.Resolution + w[2]*row.Satisfaction) / (w[0] + w[1] + w[2])
			}
			out = append(out, row)
		}
		ranked := make([]int, 0, len(accs))
		for i := first; i < len(out); i++ {
			if !math.IsNaN(out[i].Score) {
				ranked = append(ranked, i)
			}
		}
		slices.SortStableFunc(ranked, func(a, b int) int { return cmp.Compare(out[b].Score, out[a].Score) })
		for k, i := range ranked {
			out[i].Rank = k + 1
		}
	}
	add("street", r.streets, func(i int) string { return m.streets[i].Name() })
	add("department", r.depts, func(i int) string { return m.cfg.Departments[i].Name })
	return out
}

// endOfDay closes a ranking period every 4 weeks from t = 0.
func (r *ranking) endOfDay(m *Model, now float64) {
	if now < float64(r.period+1)*rankPeriod-1 {
		return
	}
	start := float64(r.period) * rankPeriod
	r.rows = append(r.rows, r.rowsOf(m, r.period, start, start+rankPeriod)...)
	r.period++
	clear(r.streets)
	clear(r.depts)
}

// Ranking returns the ranking rows of the closed periods and of the
// current partial one (when it has any closure).
func (m *Model) Ranking() []RankRow {
	r := m.rank
	out := slices.Clone(r.rows)
	var any bool
	for _, a := range append(slices.Clone(r.streets), r.depts...) {
		any = any || a.closures > 0
	}
	if any {
		start := float64(r.period) * rankPeriod
		out = append(out, r.rowsOf(m, r.period, start, m.s.Now())...)
	}
	return out
}

// catalogue returns the catalogue view of visits (docs/OUTPUT.md): the share
// of matter types, each counted once, whose completed cases make at most
// one (zero) visits in at least half of the cases; types with no completed
// case are left out.
func catalogue(types []Group) (maxOne, zero float64) {
	var n, one, z float64
	for _, g := range types {
		if g.Completed == 0 {
			continue
		}
		n++
		if 2*(g.VisitCounts[0]+g.VisitCounts[1]) >= g.Completed {
			one++
		}
		if 2*g.VisitCounts[0] >= g.Completed {
			z++
		}
	}
	return one / n, z / n
}
