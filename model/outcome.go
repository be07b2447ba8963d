package model

import (
	"math"

	"github.com/tiaokuai/tiaokuai/model/pool"
	"github.com/tiaokuai/tiaokuai/model/rng"
)

// Outcomes and accountability (docs/ODD.md §6.7): urgency classes, response,
// neglect, handling outcome, callback and rating, reopening. Every draw
// here comes from the ticket's second stream (ticket-outcome × id), a fixed
// number of draws per acceptance and per closure, so the ticket's first
// stream, and with it every path and time, is the same whatever these
// parameters are; at their defaults no event is added.

var ticketOutcomeKey = rng.Name("ticket-outcome")

// How the current handling work was done, for m_auth.
const (
	workOwn      uint8 = iota // by the handler itself
	workWhistle               // by the enforcer after a whistle
	workInformal              // by the enforcer after informal coordination
)

// outcome is a ticket's §6.7 state.
type outcome struct {
	work       uint8 // how the current handling work is done
	parked     bool  // parked at least once
	contacted  bool  // the handler has contacted the citizen (first acceptance)
	respOnTime bool  // that contact was within the response limit
	solved     bool  // the last closure's true outcome
	falseClose bool  // the last closure was a false closure
	rated      bool  // the last closure was called back and rated
	reopens    int16
	loadB      float64 // B of the handling pool when the current work started, weeks
	hwait      float64 // wait of the current handling job in its queue, minutes
	satP       float64 // P(satisfied) of the last rated closure
}

// Department handler classes: urgency first, then the whistle (docs/ODD.md
// §6.7): class = 2·urgency + (0 whistle, 1 ordinary). At the
// default urgency (normal) the whistle and ordinary classes keep their
// order.
const deptClasses = 2 * int(numUrgency)

func deptClass(u Urgency, whistle bool) int {
	if whistle {
		return 2 * int(u)
	}
	return 2*int(u) + 1
}

// Grassroots classes: emergency and urgent tickets go ahead of all other
// work whatever the priority rule; then the rule's two classes.
const gClasses = 4

func (m *Model) gclass(c workCat, u Urgency) int {
	if c == catTicket && u < UrgencyNormal {
		return int(u)
	}
	return 2 + m.class(c)
}

func (m *Model) urgency(t *ticket) Urgency { return m.cfg.Tickets[t.typ].Urgency }

// eval returns the evaluation e of the kind of the ticket's handler: the
// unit accountable for it (for whistle and coordination work too, since the
// ranking credits that work to the street).
func (m *Model) eval(t *ticket) float64 {
	lv := &m.levers[t.lv]
	if t.handler.Kind == UnitOffice {
		return lv.EvaluationDepartments
	}
	return lv.Evaluation
}

// acceptOutcome runs at every acceptance: the neglect draw (step 3) and,
// unless the ticket is parked, the contact (step 2). It reports whether the
// ticket was parked (the caller then stops; evUnpark resumes it).
func (m *Model) acceptOutcome(t *ticket) bool {
	a := &m.cfg.Accountability
	u := t.ro.Float64()
	if nu := a.Neglect * (1 - m.eval(t)); u < nu && m.urgency(t) != UrgencyEmergency {
		t.oc.parked = true
		t.stage = TicketParked
		m.observeT(t, JParked, t.handler)
		m.s.After(a.NeglectDelay.Sample(t.ro), m.tg, evUnpark, t.slot, 0)
		return true
	}
	m.contact(t)
	return false
}

// unpark resumes a parked ticket: the contact, then the handling.
func (m *Model) unpark(t *ticket) {
	m.contact(t)
	m.handle(t)
}

// contact is the handler's contact with the citizen; only the first one
// (at the first acceptance that is not parked) is the ticket's response.
func (m *Model) contact(t *ticket) {
	d := m.cfg.Accountability.ContactDelay.Sample(t.ro)
	if t.oc.contacted {
		return
	}
	t.oc.contacted = true
	tt := &m.cfg.Tickets[t.typ]
	limit := tt.ResponseLimit.End(m.ticketCalendar(tt), t.first)
	t.oc.respOnTime = m.s.Now()+d <= limit
}

// effortWork scales handling work by 1 + effort_cost·e.
func (m *Model) effortWork(t *ticket, work float64) float64 {
	if c := m.cfg.Accountability.EffortCost; c > 0 {
		if e := m.eval(t); e > 0 {
			work *= 1 + c*e
		}
	}
	return work
}

// handleStarted records, when a handling job starts, its wait and the
// backlog B of its pool: waiting work ÷ (staff × weekly open time), in
// weeks per worker, from the pool's running sum.
func (m *Model) handleStarted(p *pool.Pool, j pool.Job) {
	t := m.tickets.items[j.Ref>>16]
	t.oc.hwait = j.Start - j.Arrive
	a := &m.cfg.Accountability
	if a.LoadPenalty > 0 || a.FalseClose > 0 {
		t.oc.loadB = p.QueuedWork() / p.WeeklyCapacity()
	} else {
		t.oc.loadB = 0
	}
}

// authority reports whether the current handling work had authority
// (m_auth = 1): the true owner handled it (for a territorial ticket its
// street or a community, the only grassroots units it reaches), or the
// work followed a whistle.
func (m *Model) authority(t *ticket) bool {
	switch t.oc.work {
	case workWhistle:
		return true
	case workInformal:
		return false
	}
	tt := &m.cfg.Tickets[t.typ]
	if t.handler.Kind == UnitOffice {
		return tt.Owner >= 0 && m.offices[t.handler.Index].dept == tt.Owner
	}
	return tt.Owner < 0
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// closure ends one piece of handling work: its outcome, callback and
// rating, and either a reopening or the ticket's final closure.
func (m *Model) closure(t *ticket) {
	now := m.s.Now()
	a := &m.cfg.Accountability
	tt := &m.cfg.Tickets[t.typ]
	r := t.ro
	uSolve, uFalse, uCall, uSat, uReopen := r.Float64(), r.Float64(), r.Float64(), r.Float64(), r.Float64()
	e := m.eval(t)
	q := tt.Resolve
	if q < 1 || a.CoordSuccess < 1 || a.LoadPenalty > 0 || a.EffortGain > 0 {
		if !m.authority(t) {
			q *= a.CoordSuccess
		}
		q /= 1 + a.LoadPenalty*t.oc.loadB
		q = math.Min(1, q*(1+a.EffortGain*e))
	}
	oc := &t.oc
	oc.solved = uSolve < q
	oc.falseClose = !oc.solved && uFalse < math.Min(1, a.FalseClose*e*(1+oc.loadB))
	oc.rated = t.hotline && uCall < a.Callback
	satisfied := false
	if oc.rated {
		g := a.Gamma
		x := g[0]
		if oc.solved {
			x += g[1]
		}
		if oc.respOnTime {
			x += g[2]
		}
		if d := t.deadline - t.first; d > 0 {
			x -= g[3] * math.Max(0, (now-t.first)/d-1)
		}
		oc.satP = sigmoid(x)
		satisfied = uSat < oc.satP
		if a.RatingFeedback {
			c := m.citizenTrust(t)
			*c = float32(float64(*c) + m.cfg.Citizens.Eta*(oc.satP-float64(*c)))
		}
	}
	m.rank.closure(m, t, satisfied)
	m.day.closures(oc, satisfied)
	if t.counted {
		m.tres.closure(m, t, satisfied)
	}
	if !oc.solved && uReopen < a.Reopen {
		oc.reopens++
		t.stage = TicketReopen
		m.s.After(a.ReopenDelay.Sample(r), m.tg, evReopen, t.slot, 0)
		return
	}
	m.resolve(t)
}

func (m *Model) citizenTrust(t *ticket) *float32 { return &m.cit.trust[t.citizen] }

// reopen sends a reopened ticket back to dispatch like a returned ticket:
// same id, bounces kept, first-receiver not applied again.
func (m *Model) reopen(t *ticket) {
	m.observeT(t, JReopen, t.handler)
	t.handler = UnitRef{}
	m.dispatchStart(t)
}
