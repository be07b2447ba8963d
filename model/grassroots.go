package model

import (
	"math"
	"math/rand/v2"

	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/pool"
	"github.com/tiaokuai/tiaokuai/model/rng"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Work categories of grassroots units (for topdown_share and priority).
type workCat uint8

const (
	catTask     workCat = iota // downward tasks (assessed from above)
	catTicket                  // tickets, whistle and coordination work, grid reports
	catResident                // resident services
	catCert                    // certificates for residents' matters
	numCats
)

// gacc is a grassroots unit's accounting.
type gacc struct {
	workers  int
	hoursIn  [numCats]float64 // work arrived in the window, minutes
	backlogW float64          // backlog at the end of the window, minutes (NaN before)
	resDelay stats.Moments    // resident services of the window: completion − arrival, hours
}

// class returns the priority class of a category under the unit's rule:
// topdown-first puts assessed work (tasks, tickets) before residents'
// work; residents-first the reverse; fifo is one class.
func (m *Model) class(c workCat) int {
	resident := c == catResident || c == catCert
	switch m.cfg.Grassroots.Priority {
	case PriorityTopDownFirst:
		if resident {
			return 1
		}
	case PriorityResidentsFirst:
		if !resident {
			return 1
		}
	}
	return 0
}

// gunit returns the accounting of a street or community.
func (m *Model) gunit(u UnitRef) *gacc {
	if u.Kind == UnitStreet {
		return &m.gStreets[u.Index]
	}
	return &m.gComs[u.Index]
}

// gsubmit submits work of a category to a street's or community's queue.
func (m *Model) gsubmit(u UnitRef, ref int64, c workCat, work float64) {
	m.gsubmitU(u, ref, c, work, UrgencyNormal)
}

// gsubmitU submits work of a ticket of urgency u2 (docs/ODD.md §6.7).
func (m *Model) gsubmitU(u UnitRef, ref int64, c workCat, work float64, u2 Urgency) {
	p := m.streets
	if u.Kind == UnitCommunity {
		p = m.coms
	}
	if now := m.s.Now(); now >= m.w0 && now < m.w1 {
		m.gunit(u).hoursIn[c] += work
	}
	p[u.Index].Submit(ref, m.gclass(c, u2), work, math.Inf(1))
}

// cost makes a unit spend work that no entity waits for.
func (m *Model) cost(u UnitRef, work float64, c workCat) {
	m.unitWork(u, ref(0, int(c), pCost), c, work)
}

// unitWork submits ordinary work to a unit: a department office's
// handlers, or a street's or community's queue (as category c).
func (m *Model) unitWork(u UnitRef, r int64, c workCat, work float64) {
	m.unitWorkU(u, r, c, work, UrgencyNormal)
}

// unitWorkU is unitWork for a ticket's own work, queued by its urgency.
func (m *Model) unitWorkU(u UnitRef, r int64, c workCat, work float64, urg Urgency) {
	if u.Kind == UnitOffice {
		m.offices[u.Index].handlers.Submit(r, deptClass(urg, false), work, math.Inf(1))
		m.deptHours(u, work)
		return
	}
	m.gsubmitU(u, r, c, work, urg)
}

// deptHours records handler work submitted to a department office.
func (m *Model) deptHours(u UnitRef, work float64) {
	if now := m.s.Now(); now >= m.w0 && now < m.w1 {
		m.dstats[m.offices[u.Index].dept].hoursIn += work
	}
}

// taskProc is a city-wide arrival process of one task stream (or of
// resident services): every target unit receives the stream at the same
// rate (resident services in proportion to population), so one process at
// the summed rate with a drawn unit is the same law.
type taskProc struct {
	dept, stream int32 // -1 for resident services
	kind         UnitKind
	units        where
	attr         *rand.Rand // the tasks' own stream
	cityArrivals
}

func (m *Model) buildGrassrootsArrivals() {
	cfg := m.cfg
	for d := range cfg.Departments {
		dep := &cfg.Departments[d]
		for s := range dep.Tasks {
			ts := &dep.Tasks[s]
			if ts.PerWeek <= 0 {
				continue
			}
			name := "task/" + dep.Name + "/" + ts.Name
			n, kind := len(m.streets), UnitStreet
			if ts.Target == OwnerCommunity {
				n, kind = len(m.coms), UnitCommunity
			}
			if n == 0 {
				continue
			}
			ca := m.newCityArrivals("arrival/"+name, ts.PerWeek*float64(n)*calendar.Day/calendar.Week, nil, shocksFor(cfg, ts.Name, "tasks"))
			m.addTaskProc(taskProc{dept: int32(d), stream: int32(s), kind: kind, units: uniform(n), attr: rng.New(m.seed, name, 0), cityArrivals: ca})
		}
	}
	if g := &cfg.Grassroots; g.ResidentRatePer1000 > 0 {
		ca := m.newCityArrivals("arrival/resident", m.perCity(g.ResidentRatePer1000, 0), nil, shocksFor(cfg, "residents", "residents"))
		m.addTaskProc(taskProc{dept: -1, stream: -1, kind: UnitCommunity, units: m.byPop, attr: rng.New(m.seed, "resident", 0), cityArrivals: ca})
	}
}

func (m *Model) addTaskProc(tp taskProc) {
	idx := int32(len(m.taskProcs))
	m.taskProcs = append(m.taskProcs, tp)
	m.next(&m.taskProcs[idx].cityArrivals, 0, evTaskArrival, idx)
}

// taskArrival creates a downward task or a resident service. A task from
// an unlisted stream is refused with probability task_access; one-table
// removes form_dedup of its duplicated hours, back-flow data_backflow of
// its prefillable hours (docs/ODD.md §6.4). Every arrival makes the same draws
// whatever the levers, so common random numbers hold.
func (m *Model) taskArrival(tp *taskProc) {
	r := tp.attr
	unit := UnitRef{tp.kind, tp.units.pick(tp.at)}
	if tp.dept < 0 {
		work := m.cfg.Grassroots.ResidentWork.Sample(r)
		m.gsubmit(unit, ref(unit.Index, 0, pResident), catResident, work)
		return
	}
	ts := &m.cfg.Departments[tp.dept].Tasks[tp.stream]
	lv := &m.levers[m.curLv]
	refuse := r.Float64()
	hours := ts.Hours.Sample(r)
	if !ts.Listed && refuse < lv.TaskAccess {
		m.refused++
		return
	}
	hours *= 1 - ts.Duplicated*lv.FormDedup - ts.Prefillable*lv.DataBackflow
	m.gsubmit(unit, ref(0, 0, pTask), catTask, hours)
}

// residentDone records the delay of a resident service of community com
// that arrived in the observation window.
func (m *Model) residentDone(com int32, arrive, now float64) {
	if arrive >= m.w0 && arrive < m.w1 {
		m.gComs[com].resDelay.Add((now - arrive) / 60)
	}
}

// endWindowBacklog records every grassroots unit's backlog at the end of
// the observation window.
func (m *Model) endWindowBacklog() {
	now := m.s.Now()
	for i, p := range m.streets {
		m.gStreets[i].backlogW = p.Backlog(now)
	}
	for i, p := range m.coms {
		m.gComs[i].backlogW = p.Backlog(now)
	}
}

// GrassrootsWork returns, over the whole run so far, the work submitted to
// every street and community, the work done and the backlog, in hours:
// in = done + backlog (work is conserved).
func (m *Model) GrassrootsWork() (in, done, backlog float64) {
	now := m.s.Now()
	for _, ps := range [][]*pool.Pool{m.streets, m.coms} {
		for _, p := range ps {
			a, b, c := p.Work(now)
			in, done, backlog = in+a/60, done+b/60, backlog+c/60
		}
	}
	return
}
