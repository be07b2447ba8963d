package model

import (
	"fmt"
	"math"

	"github.com/tiaokuai/tiaokuai/model/arrival"
	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/pool"
	"github.com/tiaokuai/tiaokuai/model/sim"
)

// Options are a run's optional hooks. The zero value runs silently.
type Options struct {
	// Observer receives journey events; nil costs nothing.
	Observer Observer
	// Daily receives one row at the end of each simulated day.
	Daily func(row *DayRow)
	// MaxLive bounds the live entities (Model.Live); 0 = the default
	// DefaultMaxLive, negative = no bound.
	MaxLive int
}

// Model is one run of a scenario with one seed. It is single-threaded and
// deterministic: a pure function of (Config, seed).
type Model struct {
	cfg  *Config
	seed uint64
	s    *sim.Sim
	tg   sim.Target
	obs  Observer
	opt  Options

	city  *city
	cit   *citizens
	byPop where // communities weighted by population

	offices  []office
	officeAt [][]int32 // [dept][district] → office index
	halls    []*pool.Pool
	streets  []*pool.Pool
	coms     []*pool.Pool

	levers  []leverSet // versions; matters keep the version they started with
	curLv   int
	leverAt []float64 // time each version took effect

	procs   []matterProc
	matters slab[matter]
	active  int

	// tickets (docs/ODD.md §6.3)
	hotline    *pool.Pool
	dispatch   *pool.Pool
	propensity []float64 // current return propensity by department
	dstats     []deptAcc
	tprocs     []ticketProc
	tickets    slab[ticket]
	activeT    int
	countedT   int   // counted tickets still open
	inFlight   int   // dispatched and not yet accepted by the final handler
	repeats    int64 // repeat complaints generated
	tres       *ticketResults
	rank       *ranking // the 4-weekly 三率 ranking (docs/ODD.md §6.7)

	// grassroots work (docs/ODD.md §6.4)
	taskProcs []taskProc
	gStreets  []gacc
	gComs     []gacc
	refused   int64 // tasks refused by access control

	// demand feedback (docs/ODD.md §6.5, adaptation.go)
	satDays [30][2]float64 // satisfaction sum and count, by day mod 30
	s0      float64        // running satisfaction at the end of the warm-up

	w0, w1, end float64
	counted     int // counted matters (arrived in the window) still open
	drained     bool
	res         *results
	day         dayAcc

	guard guardState
}

type office struct {
	dept     int
	district int32 // -1 for a city-level office
	pos      [2]float64
	windows  *pool.Pool
	back     *pool.Pool
	handlers *pool.Pool // ticket handlers: classes by urgency, whistle first within each (deptClass)
}

// deptAcc is a department's ticket accounting.
type deptAcc struct {
	returns, audited int64
	hoursIn          float64 // handler work arrived in the window, minutes
}

type leverSet struct {
	Levers
	Responsibility
}

// matterProc is a matter type's city-wide arrival process: arrivals land
// in a community drawn by population.
type matterProc struct {
	typ int32
	cityArrivals
}

const (
	evMatterArrival sim.Kind = iota
	evArrive                 // a travelling citizen reaches the unit
	evTransferDone
	evMailDone
	evResubmitDone
	evIntervention
	evDay
	evTicketArrival
	evRedial
	evEnforce
	evTaskArrival
	evUnpark // a parked ticket joins the handling queue (docs/ODD.md §6.7)
	evReopen // a reopened ticket goes back to dispatch
)

// New builds a model. The Config must come from the scenarios package (or
// be equally complete and valid).
func New(cfg *Config, seed uint64, opt Options) (*Model, error) {
	if len(cfg.Matters) == 0 && len(cfg.Tickets) == 0 {
		return nil, fmt.Errorf("model: scenario %q has no matter or ticket types", cfg.Name)
	}
	if err := checkConfig(cfg); err != nil {
		return nil, err
	}
	m := &Model{cfg: cfg, seed: seed, s: sim.New(), obs: opt.Observer, opt: opt}
	m.tg = m.s.Register(m)
	m.w0 = cfg.Run.Warmup
	m.w1 = cfg.Run.Warmup + cfg.Run.Horizon
	m.end = m.w1 + cfg.Run.Drain
	m.city = newCity(cfg)
	if m.city.total == 0 {
		return nil, fmt.Errorf("model: scenario %q has no residents", cfg.Name)
	}
	m.cit = newCitizens(cfg, m.city, seed)
	m.byPop = weighted(m.city.comPop)
	m.levers = []leverSet{{cfg.Platform, cfg.Responsibility}}
	m.leverAt = []float64{0}
	m.buildUnits()
	m.res = newResults(m)
	m.tres = newTicketResults(m)
	m.rank = newRanking(m)
	m.buildArrivals()
	m.buildTicketArrivals()
	m.buildGrassrootsArrivals()
	for i, iv := range cfg.Interventions {
		m.s.At(iv.At, m.tg, evIntervention, int32(i), 0)
	}
	m.s.At(calendar.Day, m.tg, evDay, 0, 0)
	m.initGuard(opt.MaxLive)
	return m, nil
}

func (m *Model) window() [2]float64 { return [2]float64{m.w0, m.w1} }

func (m *Model) buildUnits() {
	cfg := m.cfg
	nd := len(cfg.City.Districts)
	m.officeAt = make([][]int32, len(cfg.Departments))
	for d := range cfg.Departments {
		dep := &cfg.Departments[d]
		m.officeAt[d] = make([]int32, nd)
		add := func(district int32, pos [2]float64, name string) int32 {
			o := office{dept: d, district: district, pos: pos}
			o.windows = pool.New(m.s, staffed(pool.Config{Name: name, Calendar: dep.Calendar, Staffing: dep.Staffing, Mode: pool.FinishAfterClose, Window: m.window()}), m)
			bo := pool.Config{Name: name + "/back", Calendar: dep.Calendar, Mode: pool.PreemptResume, Window: m.window()}
			if dep.BackOfficeStaff > 0 {
				bo.Staffing = calendar.Flat(dep.BackOfficeStaff)
			} else {
				bo.Unlimited = true
			}
			o.back = pool.New(m.s, bo, m)
			o.handlers = pool.New(m.s, pool.Config{Name: name + "/handlers", Calendar: dep.Calendar, Staffing: calendar.Flat(max(1, dep.Handlers)), Mode: pool.PreemptResume, Classes: deptClasses, Window: m.window()}, m)
			idx := int32(len(m.offices))
			m.offices = append(m.offices, o)
			return idx
		}
		if dep.Level == LevelCity {
			idx := add(-1, cityCentre(m.city), dep.Name)
			for k := range m.officeAt[d] {
				m.officeAt[d][k] = idx
			}
		} else {
			for k := 0; k < nd; k++ {
				m.officeAt[d][k] = add(int32(k), m.city.distPos[k], dep.Name+"@"+cfg.City.Districts[k].Name)
			}
		}
	}
	for k := 0; k < nd; k++ {
		h := pool.New(m.s, staffed(pool.Config{Name: "hall@" + cfg.City.Districts[k].Name, Calendar: cfg.Halls.Calendar, Staffing: cfg.Halls.Staffing, Mode: pool.FinishAfterClose, Window: m.window()}), m)
		m.halls = append(m.halls, h)
	}
	m.hotline = pool.New(m.s, staffed(pool.Config{Name: "hotline", Calendar: cfg.Hotline.Calendar, Staffing: cfg.Hotline.Staffing, Mode: pool.FinishAfterClose, Window: m.window()}), m)
	dc := pool.Config{Name: "dispatch", Calendar: cfg.Hotline.Calendar, Mode: pool.PreemptResume, Classes: int(numUrgency), Window: m.window()}
	if cfg.Dispatch.Staff > 0 {
		dc.Staffing = calendar.Flat(cfg.Dispatch.Staff)
	} else {
		dc.Unlimited = true
	}
	m.dispatch = pool.New(m.s, dc, m)
	m.propensity = make([]float64, len(cfg.Departments))
	for d := range cfg.Departments {
		m.propensity[d] = cfg.Departments[d].ReturnPropensity
	}
	m.dstats = make([]deptAcc, len(cfg.Departments))
	classes := gClasses
	for d := range cfg.City.Districts {
		for s := range cfg.City.Districts[d].Streets {
			st := &cfg.City.Districts[d].Streets[s]
			p := pool.New(m.s, pool.Config{Name: st.Name, Calendar: cfg.Grassroots.StreetCalendar, Staffing: calendar.Flat(max(1, st.Workers)), Mode: pool.PreemptResume, Classes: classes, Window: m.window()}, m)
			m.streets = append(m.streets, p)
			m.gStreets = append(m.gStreets, gacc{workers: max(1, st.Workers), backlogW: math.NaN()})
			for c := range st.Communities {
				cm := &st.Communities[c]
				q := pool.New(m.s, pool.Config{Name: cm.Name, Calendar: cfg.Grassroots.CommunityCalendar, Staffing: calendar.Flat(max(1, cm.Workers)), Mode: pool.PreemptResume, Classes: classes, Window: m.window()}, m)
				m.coms = append(m.coms, q)
				m.gComs = append(m.gComs, gacc{workers: max(1, cm.Workers), backlogW: math.NaN()})
			}
		}
	}
}

func cityCentre(c *city) [2]float64 {
	var x, y float64
	for _, p := range c.distPos {
		x += p[0]
		y += p[1]
	}
	n := float64(len(c.distPos))
	return [2]float64{x / n, y / n}
}

// buildArrivals creates one city-wide arrival process per matter type,
// named "arrival/matter/TYPE".
func (m *Model) buildArrivals() {
	cfg := m.cfg
	for t := range cfg.Matters {
		mt := &cfg.Matters[t]
		perDay := m.perCity(mt.RatePer1000, mt.Rate)
		if perDay <= 0 {
			continue
		}
		idx := int32(len(m.procs))
		m.procs = append(m.procs, matterProc{typ: int32(t), cityArrivals: m.newCityArrivals("arrival/matter/"+mt.Name, perDay, profileOf(cfg, mt.Profile), shocksFor(cfg, mt.Name, "matters"))})
		m.next(&m.procs[idx].cityArrivals, 0, evMatterArrival, idx)
	}
}

func shocksFor(cfg *Config, name, group string) []arrival.Shock {
	var out []arrival.Shock
	for _, sh := range cfg.Shocks {
		applies := len(sh.AppliesTo) == 0
		for _, a := range sh.AppliesTo {
			if a == name || a == group {
				applies = true
			}
		}
		if applies {
			out = append(out, arrival.Shock{Start: sh.Start, End: sh.End, Mult: sh.Multiplier})
		}
	}
	return out
}

// Handle implements sim.Handler for the model's own events.
func (m *Model) Handle(s *sim.Sim, e sim.Event) {
	switch e.Kind {
	case evTicketArrival:
		pr := &m.tprocs[e.A]
		pr.k++
		by := &m.byPop
		if pr.areas != nil {
			by = pr.areas
		}
		m.newTicket(int64(e.A)<<32|int64(pr.k), pr.typ, by.pick(pr.at), pr.hotline)
		m.next(&pr.cityArrivals, e.T, evTicketArrival, e.A)
	case evRedial:
		m.hotlineContact(m.tickets.items[e.A])
	case evEnforce:
		m.enforce(m.tickets.items[e.A])
	case evUnpark:
		m.unpark(m.tickets.items[e.A])
	case evReopen:
		m.reopen(m.tickets.items[e.A])
	case evTaskArrival:
		tp := &m.taskProcs[e.A]
		m.taskArrival(tp)
		m.next(&tp.cityArrivals, e.T, evTaskArrival, e.A)
	case evMatterArrival:
		pr := &m.procs[e.A]
		pr.k++
		m.newMatter(e.A, pr)
		m.next(&pr.cityArrivals, e.T, evMatterArrival, e.A)
	case evArrive:
		m.arrive(m.matters.items[e.A])
	case evTransferDone:
		m.transferDone(m.matters.items[e.A], int(e.B))
	case evMailDone:
		m.complete(m.matters.items[e.A])
	case evResubmitDone:
		m.onlineSubmit(m.matters.items[e.A])
	case evIntervention:
		iv := &m.cfg.Interventions[e.A]
		m.Intervene(iv.Levers, iv.Responsibility)
	case evDay:
		m.endOfDay()
		if e.T+calendar.Day <= m.end {
			s.At(e.T+calendar.Day, m.tg, evDay, 0, 0)
		}
	}
}

// Intervene puts new levers in force from now on. Matters already started
// keep the levers they started with (docs/ODD.md §3).
func (m *Model) Intervene(l Levers, r Responsibility) {
	m.levers = append(m.levers, leverSet{l, r})
	m.leverAt = append(m.leverAt, m.s.Now())
	m.curLv = len(m.levers) - 1
}

// Levers returns the levers in force now.
func (m *Model) Levers() (Levers, Responsibility) {
	l := m.levers[m.curLv]
	return l.Levers, l.Responsibility
}

// Now returns the simulated time in minutes.
func (m *Model) Now() float64 { return m.s.Now() }

// End returns the time the run ends at the latest (window end + drain).
func (m *Model) End() float64 { return m.end }

// Events returns the number of events processed so far.
func (m *Model) Events() uint64 { return m.s.Processed() }

// Finished reports whether the run has finished: past the observation window
// with every counted entity finished, or at the end of the drain.
func (m *Model) Finished() bool { return m.drained || m.s.Now() >= m.end }

// RunUntil advances the simulation to time t (or until it is done).
func (m *Model) RunUntil(t float64) {
	if t > m.end {
		t = m.end
	}
	for n := 1; !m.Finished(); n++ {
		if !m.s.Step(t) {
			break
		}
		if n&(liveCheckEvery-1) == 0 {
			m.checkLive()
		}
	}
	if !m.Finished() && t > m.s.Now() {
		m.s.Run(t) // advance the clock (no events left before t)
	}
}

// Run runs to the end and returns the results.
func (m *Model) Run() *Results {
	m.RunUntil(m.end)
	return m.Results()
}

// checkDrained stops the run once the window is over and every counted
// matter and ticket has finished.
func (m *Model) checkDrained() {
	if m.counted == 0 && m.countedT == 0 && m.s.Now() >= m.w1 {
		m.drained = true
	}
}

// Snapshot fills snap with where every active matter is and each unit's load.
func (m *Model) Snapshot(snap *Snapshot) {
	snap.T = m.s.Now()
	snap.Matters = snap.Matters[:0]
	for _, mt := range m.matters.items {
		if mt.live {
			snap.Matters = append(snap.Matters, MatterState{Matter: mt.id, Type: mt.typ, Citizen: mt.citizen, Home: mt.com, Channel: mt.channel, Stage: mt.stage, Unit: mt.loc, Visits: mt.visits, Since: mt.since, Until: mt.until})
		}
	}
	snap.Tickets = snap.Tickets[:0]
	for _, t := range m.tickets.items {
		if t.live {
			u := t.handler
			if u.Kind == UnitNone {
				u = t.recipient
			}
			snap.Tickets = append(snap.Tickets, TicketState{Ticket: t.id, Type: t.typ, Home: t.com, Stage: t.stage, Unit: u, Bounces: t.bounces})
		}
	}
	snap.Units = snap.Units[:0]
	now := m.s.Now()
	add := func(p *pool.Pool, u UnitRef) {
		ul := UnitLoad{Unit: u, Queued: p.Queued(), Busy: p.Busy(), Servers: p.Servers(now)}
		if u.Kind == UnitStreet || u.Kind == UnitCommunity {
			ul.Backlog = p.Backlog(now) / 60
		}
		snap.Units = append(snap.Units, ul)
	}
	for i := range m.offices {
		add(m.offices[i].windows, UnitRef{UnitOffice, int32(i)})
	}
	for i, h := range m.halls {
		add(h, UnitRef{UnitHall, int32(i)})
	}
	for i, p := range m.streets {
		add(p, UnitRef{UnitStreet, int32(i)})
	}
	for i, p := range m.coms {
		add(p, UnitRef{UnitCommunity, int32(i)})
	}
}
