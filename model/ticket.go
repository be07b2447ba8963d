package model

import (
	"math"
	"math/rand/v2"

	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/pool"
	"github.com/tiaokuai/tiaokuai/model/rng"
)

// ticket is an urban-governance problem (docs/ODD.md §6.3).
type ticket struct {
	live    bool
	slot    int32
	id      int64
	typ     int16
	com     int32
	citizen int32
	hotline bool
	counted bool // first contact in the observation window
	order   bool // became a work order
	lv      int16

	first    float64 // first contact
	deadline float64

	ambiguous, enforce bool
	bounces            int16
	whistled           bool
	inFlight           bool
	recipient          UnitRef // of the current dispatch
	handler            UnitRef // the final handler once accepted
	firstRecv          bool    // the current dispatch is the first and first-receiver applies

	// pending enforcement job, scheduled by evEnforce
	pendClass int
	pendWork  float64

	stage TicketStage
	src   pcgRand
	r     *rand.Rand

	// outcomes (docs/ODD.md §6.7), drawn from the second stream ro
	oc   outcome
	osrc pcgRand
	ro   *rand.Rand
}

// ticketProc is a ticket type's city-wide arrival process from one source
// (hotline or grid): tickets land in a community drawn by population, or
// by the type's area weights (TicketType.Areas) and population within
// each area.
type ticketProc struct {
	typ     int32
	hotline bool
	areas   *where // nil: by population
	cityArrivals
}

// areaPicker returns the picker of a ticket type with area weights (nil
// without): a community's weight is its area's weight (its street's, else
// its district's) times its share of the area's population.
func (m *Model) areaPicker(tt *TicketType) *where {
	if len(tt.Areas) == 0 {
		return nil
	}
	c := m.city
	var streets []string // by global street index
	for _, d := range m.cfg.City.Districts {
		for _, st := range d.Streets {
			streets = append(streets, st.Name)
		}
	}
	weight := map[string]float64{}
	for _, a := range tt.Areas {
		weight[a.Name] = a.Weight
	}
	areaOf := func(com int) (string, bool) {
		if name := streets[c.comStreet[com]]; weight[name] > 0 {
			return name, true
		}
		name := m.cfg.City.Districts[c.comDistrict[com]].Name
		_, ok := weight[name]
		return name, ok
	}
	pop := map[string]float64{}
	for com, p := range c.comPop {
		if a, ok := areaOf(com); ok {
			pop[a] += float64(p)
		}
	}
	ws := make([]float64, len(c.comPop))
	for com, p := range c.comPop {
		if a, ok := areaOf(com); ok && pop[a] > 0 {
			ws[com] = weight[a] * float64(p) / pop[a]
		}
	}
	w := weightedFloat(ws)
	return &w
}

var ticketKey = rng.Name("ticket")

// buildTicketArrivals creates one city-wide arrival process per ticket
// type and source, named "arrival/ticket/TYPE/hotline" or ".../grid".
func (m *Model) buildTicketArrivals() {
	cfg := m.cfg
	for t := range cfg.Tickets {
		tt := &cfg.Tickets[t]
		for _, src := range []struct {
			hotline bool
			share   float64
			name    string
		}{{true, tt.HotlineShare, "hotline"}, {false, 1 - tt.HotlineShare, "grid"}} {
			perDay := m.perCity(tt.RatePer1000, tt.Rate) * src.share
			if perDay <= 0 {
				continue
			}
			idx := int32(len(m.tprocs))
			ca := m.newCityArrivals("arrival/ticket/"+tt.Name+"/"+src.name, perDay, profileOf(cfg, tt.Profile), shocksFor(cfg, tt.Name, "tickets"))
			m.tprocs = append(m.tprocs, ticketProc{typ: int32(t), hotline: src.hotline, areas: m.areaPicker(tt), cityArrivals: ca})
			m.next(&m.tprocs[idx].cityArrivals, 0, evTicketArrival, idx)
		}
	}
}

func newTicketSlot(slot int32) *ticket {
	t := &ticket{slot: slot}
	t.r = t.src.rand()
	t.ro = t.osrc.rand()
	return t
}

// newTicket creates a ticket of type typ in community com. id is stable
// across reforms: (process << 32 | arrival number) for arrivals; repeats
// get IDs with the top bit set.
func (m *Model) newTicket(id int64, typ, com int32, hotline bool) {
	cfg := m.cfg
	now := m.s.Now()
	t := m.tickets.alloc(newTicketSlot)
	ticketKey.Reseed(&t.src.pcg, m.seed, uint64(id))
	ticketOutcomeKey.Reseed(&t.osrc.pcg, m.seed, uint64(id))
	t.oc = outcome{}
	r := t.r
	tt := &cfg.Tickets[typ]
	first, last := m.city.comFirst[com], m.city.comFirst[com+1]
	t.live, t.id, t.typ, t.com, t.hotline = true, id, int16(typ), com, hotline
	t.citizen = first + int32(r.IntN(int(last-first)))
	t.first = now
	t.counted = now >= m.w0 && now < m.w1
	t.order, t.bounces, t.whistled, t.inFlight, t.firstRecv = false, 0, false, false, false
	t.handler, t.recipient = UnitRef{}, UnitRef{}
	t.lv = int16(m.curLv)
	lv := &m.levers[t.lv]
	// Drawn once per ticket (docs/ODD.md §6.3).
	t.ambiguous = r.Float64() < tt.Ambiguity*(1-lv.Clarity)
	t.enforce = r.Float64() < tt.NeedsEnforce
	t.deadline = tt.Deadline.End(m.ticketCalendar(tt), now)
	m.activeT++
	if t.counted {
		m.tres.arrived(m, t)
		m.countedT++
	}
	m.day.tArrived++
	m.observeT(t, JArrival, UnitRef{})
	if hotline {
		m.hotlineContact(t)
		return
	}
	// A grid report: the reporting community spends grid_report_work; the
	// ticket goes to dispatch at once.
	m.cost(UnitRef{UnitCommunity, com}, cfg.Grassroots.GridReportWork.Sample(r), catTicket)
	m.workOrder(t)
}

// ticketCalendar is the clock of a ticket's deadline: its owner's calendar,
// or the street calendar for territorial tickets.
func (m *Model) ticketCalendar(tt *TicketType) *calendar.Calendar {
	if tt.Owner >= 0 {
		return m.cfg.Departments[tt.Owner].Calendar
	}
	return m.cfg.Grassroots.StreetCalendar
}

func (m *Model) hotlineContact(t *ticket) {
	h := &m.cfg.Hotline
	t.stage = TicketHotline
	work := h.Talk.Sample(t.r) + h.Wrapup.Sample(t.r)
	m.hotline.Submit(ref(t.slot, 0, pHotline), 0, work, h.Patience.Sample(t.r))
}

// workOrder sends a ticket to dispatch for the first time.
func (m *Model) workOrder(t *ticket) {
	t.order = true
	if t.counted {
		m.tres.workOrder(m, t)
	}
	m.dispatchStart(t)
}

func (m *Model) dispatchStart(t *ticket) {
	t.stage = TicketDispatch
	if !t.inFlight {
		t.inFlight = true
		m.inFlight++
	}
	t.lv = int16(m.curLv) // a ticket keeps the routing rules of the dispatch it is in
	m.dispatch.Submit(ref(t.slot, 0, pDispatch), int(m.urgency(t)), m.cfg.Dispatch.DispatchTime.Sample(t.r), math.Inf(1))
}

// dispatchTo picks the recipient: the true owner with probability
// triage_accuracy, otherwise uniformly one of the other plausible units
// (the plausible departments other than the owner, plus the community's
// street unless the street is the owner). A type with its own routing
// (TicketType.TriageAccuracy, RetriageAccuracy) uses its accuracies and
// leaves the street out.
func (m *Model) dispatchTo(t *ticket) UnitRef {
	tt := &m.cfg.Tickets[t.typ]
	lv := &m.levers[t.lv]
	street := UnitRef{UnitStreet, m.city.comStreet[t.com]}
	district := m.city.comDistrict[t.com]
	dept := func(d int) UnitRef { return UnitRef{UnitOffice, m.officeAt[d][district]} }
	acc, own := lv.TriageAccuracy, tt.TriageAccuracy >= 0 || tt.RetriageAccuracy >= 0
	if tt.TriageAccuracy >= 0 {
		acc = tt.TriageAccuracy
	}
	if t.bounces > 0 && tt.RetriageAccuracy >= 0 {
		acc = tt.RetriageAccuracy
	}
	if t.r.Float64() < acc {
		if tt.Owner < 0 {
			return street
		}
		return dept(tt.Owner)
	}
	others := len(tt.Plausible)
	if tt.Owner >= 0 {
		for _, d := range tt.Plausible {
			if d == tt.Owner {
				others--
				break
			}
		}
		if !own {
			others++ // the street
		}
	}
	if others == 0 {
		if tt.Owner < 0 {
			return street
		}
		return dept(tt.Owner)
	}
	k := t.r.IntN(others)
	for _, d := range tt.Plausible {
		if d == tt.Owner {
			continue
		}
		if k == 0 {
			return dept(d)
		}
		k--
	}
	return street
}

// deliver hands a dispatched ticket to its recipient: review, or, under
// first-receiver on the first dispatch, straight to handling.
func (m *Model) deliver(t *ticket, u UnitRef) {
	lv := &m.levers[t.lv]
	t.recipient = u
	m.observeT(t, JDispatch, u)
	if lv.FirstReceiver && t.bounces == 0 && t.oc.reopens == 0 {
		m.accept(t, u)
		return
	}
	t.stage = TicketReview
	work := m.cfg.Dispatch.ReviewTime.Sample(t.r)
	m.unitWorkU(u, ref(t.slot, 0, pReview), catTicket, work, m.urgency(t))
}

// reviewed decides after review: a department that is not the owner
// returns the ticket; the owner returns an ambiguous ticket with its
// current return propensity; a street never returns.
func (m *Model) reviewed(t *ticket) {
	u := t.recipient
	if u.Kind != UnitOffice {
		m.accept(t, u)
		return
	}
	tt := &m.cfg.Tickets[t.typ]
	d := m.offices[u.Index].dept
	if d != tt.Owner {
		m.returnTicket(t, d, false)
		return
	}
	if t.ambiguous && t.r.Float64() < m.propensity[d] {
		m.returnTicket(t, d, true)
		return
	}
	m.accept(t, u)
}

// returnTicket is one bounce. An owner's return of an ambiguous ticket may
// be audited (docs/ODD.md §6.5); audits never change the ticket's path. After
// the bounce limit the ticket goes to its street with no further dispatch.
func (m *Model) returnTicket(t *ticket, d int, owner bool) {
	t.bounces++
	m.dstats[d].returns++
	if owner {
		m.auditReturn(t, d)
	}
	m.observeT(t, JReturn, t.recipient)
	if L := m.levers[t.lv].BounceLimit; L > 0 && int(t.bounces) >= L {
		m.accept(t, UnitRef{UnitStreet, m.city.comStreet[t.com]})
		return
	}
	m.dispatchStart(t)
}

// accept makes u the ticket's final handler and starts the handling. A
// street passes a share `delegate` of what it handles to the community.
func (m *Model) accept(t *ticket, u UnitRef) {
	if t.inFlight {
		t.inFlight = false
		m.inFlight--
	}
	if u.Kind == UnitStreet && t.r.Float64() < m.cfg.Grassroots.Delegate {
		u = UnitRef{UnitCommunity, t.com}
	}
	t.handler = u
	m.observeT(t, JAccept, u)
	if m.acceptOutcome(t) {
		return // parked (docs/ODD.md §6.7); evUnpark resumes it
	}
	m.handle(t)
}

// handle starts the accepted ticket's handling work: its handler's, or
// the enforcer's after a whistle or informal coordination.
func (m *Model) handle(t *ticket) {
	u := t.handler
	tt := &m.cfg.Tickets[t.typ]
	g := &m.cfg.Grassroots
	work := m.effortWork(t, tt.Work.Sample(t.r))
	urg := tt.Urgency
	t.oc.work = workOwn
	if t.enforce && m.needsCoordination(u, tt) {
		lv := &m.levers[t.lv]
		enf := UnitRef{UnitOffice, m.officeAt[tt.Enforcer][m.city.comDistrict[t.com]]}
		t.stage = TicketWhistle
		if lv.Whistle {
			// 街乡吹哨、部门报到: the unit spends whistle_work; the enforcer's
			// handlers take the ticket ahead of ordinary work after
			// whistle_response, join the unit's meeting (whistle_work) and do
			// the handling work.
			t.whistled = true
			m.observeT(t, JWhistle, enf)
			ww := g.WhistleWork.Sample(t.r)
			m.cost(u, ww, catTicket)
			at := lv.WhistleResponse.End(m.cfg.Departments[tt.Enforcer].Calendar, m.s.Now())
			t.pendClass, t.pendWork = deptClass(urg, true), ww+work
			t.oc.work = workWhistle
			m.s.At(at, m.tg, evEnforce, t.slot, 0)
		} else {
			// Informal coordination: the unit spends informal_work; the ticket
			// waits informal_delay, then the enforcer works at normal priority.
			m.cost(u, g.InformalWork.Sample(t.r), catTicket)
			at := m.s.Now() + g.InformalDelay.Sample(t.r)
			t.pendClass, t.pendWork = deptClass(urg, false), work
			t.oc.work = workInformal
			m.s.At(at, m.tg, evEnforce, t.slot, 0)
		}
		return
	}
	t.stage = TicketHandling
	m.unitWorkU(u, ref(t.slot, 0, pHandle), catTicket, work, urg)
}

// enforce submits the pending handling work to the enforcer's handlers.
func (m *Model) enforce(t *ticket) {
	class, work := t.pendClass, t.pendWork
	tt := &m.cfg.Tickets[t.typ]
	o := m.officeAt[tt.Enforcer][m.city.comDistrict[t.com]]
	t.stage = TicketHandling
	m.offices[o].handlers.Submit(ref(t.slot, 0, pEnforce), class, work, math.Inf(1))
	m.deptHours(UnitRef{UnitOffice, o}, work)
}

// needsCoordination reports whether a handler must call in the enforcer:
// grassroots units always, departments without enforcement power (which
// handle others' tickets only under first-receiver) unless they are the
// enforcer.
func (m *Model) needsCoordination(u UnitRef, tt *TicketType) bool {
	if u.Kind != UnitOffice {
		return true
	}
	d := m.offices[u.Index].dept
	return d != tt.Enforcer && !m.cfg.Departments[d].Enforcement
}

// resolve records a resolved ticket and may generate a repeat complaint.
func (m *Model) resolve(t *ticket) {
	now := m.s.Now()
	m.observeT(t, JResolution, t.handler)
	if t.counted {
		m.tres.resolved(m, t, now)
		m.tres.finalClosure(m, t)
		m.countedT--
	}
	m.day.tResolved++
	late := now > t.deadline
	m.ticketSatisfaction(t, now)
	tt := &m.cfg.Tickets[t.typ]
	if late && t.r.Float64() < tt.RepeatIfLate {
		if t.counted {
			m.tres.repeat(m, t)
		}
		m.repeats++
		m.newTicket(1<<62|m.repeats, int32(t.typ), t.com, t.hotline)
	}
	m.finishTicket(t)
}

func (m *Model) finishTicket(t *ticket) {
	if t.inFlight {
		t.inFlight = false
		m.inFlight--
	}
	t.live = false
	m.activeT--
	m.tickets.release(t.slot)
	m.checkDrained()
}

// ticketDone handles a pool completion for a ticket job.
func (m *Model) ticketDone(j pool.Job, pur purpose) {
	slot, _, _ := unref(j.Ref)
	t := m.tickets.items[slot]
	switch pur {
	case pHotline:
		if t.counted {
			m.tres.answered(m, t, j.Wait())
		}
		if t.r.Float64() < m.cfg.Hotline.AnswerDirectly {
			m.observeT(t, JIntake, UnitRef{})
			if t.counted {
				m.tres.intake(m, t)
				m.countedT--
			}
			m.finishTicket(t)
			return
		}
		m.workOrder(t)
	case pDispatch:
		m.deliver(t, m.dispatchTo(t))
	case pReview:
		m.reviewed(t)
	case pHandle, pEnforce:
		m.closure(t)
	}
}

// ticketReneged: a caller hangs up; with redial_p they call again after
// redial_delay (the same contact), otherwise the contact is abandoned.
func (m *Model) ticketReneged(j pool.Job) {
	slot, _, _ := unref(j.Ref)
	t := m.tickets.items[slot]
	h := &m.cfg.Hotline
	if t.r.Float64() < h.RedialP {
		t.stage = TicketRedial
		m.s.After(h.RedialDelay.Sample(t.r), m.tg, evRedial, t.slot, 0)
		return
	}
	m.observeT(t, JAbandon, UnitRef{})
	if t.counted {
		m.tres.abandoned(m, t)
		m.countedT--
	}
	m.finishTicket(t)
}

func (m *Model) observeT(t *ticket, k JourneyKind, u UnitRef) {
	if m.obs == nil {
		return
	}
	m.obs.Observe(&Journey{T: m.s.Now(), Kind: k, Entity: EntityTicket, ID: t.id, Type: t.typ, Citizen: t.citizen, Unit: u, Visit: t.bounces})
}
