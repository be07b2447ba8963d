package model

import (
	"math"
	"math/rand/v2"

	"github.com/tiaokuai/tiaokuai/model/pool"
	"github.com/tiaokuai/tiaokuai/model/rng"
)

// Channel is how a matter is handled (docs/ODD.md §6.2).
type Channel uint8

const (
	Fragmented Channel = iota
	OneWindow
	Online
)

var channelNames = [...]string{"fragmented", "one_window", "online"}

func (c Channel) String() string { return channelNames[c] }

// cert is one certificate visit: to a unit holding missing items, due
// before step `before` (fragmented) or before anything else.
type cert struct {
	unit   UnitRef // office, street or community
	before int16
}

// phase of a matter's program.
type phase uint8

const (
	phCerts phase = iota
	phStepVisit
	phBack
	phHall
	phSubmit
	phCollect
)

type matter struct {
	live    bool
	slot    int32
	id      int64
	typ     int16
	citizen int32
	com     int32
	lv      int16
	channel Channel
	counted bool

	arrive   float64
	deadline float64
	visits   int16
	calls    int32

	ph      phase
	step    int16
	certs   []cert
	nextC   int
	fetched uint64 // bit k: step k had a successful electronic fetch
	pending int    // parallel branches still running

	stage        Stage
	loc          UnitRef
	since, until float64  // stage start; arrival time while travelling
	visit        struct { // the visit in progress
		unit UnitRef
		p    *pool.Pool
		work float64
		pur  purpose
	}

	src pcgRand
	r   *rand.Rand
}

var matterKey = rng.Name("matter")

func newMatterSlot(slot int32) *matter {
	mt := &matter{slot: slot}
	mt.r = mt.src.rand()
	return mt
}

// newMatter creates the k-th matter of arrival process pi. Its stream is
// (seed, "matter", id): the same matter draws the same numbers under every
// reform, for as long as it makes the same decisions.
func (m *Model) newMatter(pi int32, pr *matterProc) {
	cfg := m.cfg
	now := m.s.Now()
	mt := m.matters.alloc(newMatterSlot)
	id := int64(pi)<<32 | int64(pr.k)
	matterKey.Reseed(&mt.src.pcg, m.seed, uint64(id))
	r := mt.r
	ty := &cfg.Matters[pr.typ]
	com := m.byPop.pick(pr.at)
	first, last := m.city.comFirst[com], m.city.comFirst[com+1]
	mt.live, mt.id, mt.typ, mt.com = true, id, int16(pr.typ), com
	mt.citizen = first + int32(r.IntN(int(last-first)))
	mt.lv = int16(m.curLv)
	mt.arrive = now
	mt.visits, mt.calls, mt.step, mt.nextC, mt.fetched, mt.pending = 0, 0, 0, 0, 0, 0
	mt.certs = mt.certs[:0]
	mt.counted = now >= m.w0 && now < m.w1
	m.active++
	if mt.counted {
		m.counted++
	}
	lv := &m.levers[mt.lv]

	mt.channel = m.chooseChannel(ty, lv, mt.citizen, r)

	// Deadline: the time limit on the first step's office calendar.
	mt.deadline = ty.TimeLimit.End(cfg.Departments[ty.Steps[0].Dept].Calendar, now)

	m.resolveItems(mt, ty, lv, r)
	if mt.counted {
		m.res.matterArrived(m, mt)
	}
	m.day.arrived++
	if mt.channel == Online {
		m.day.online++
	}
	m.observe(mt, JArrival, UnitRef{})
	mt.ph = phCerts
	m.proceed(mt)
}

// resolveItems draws, once per matter, whether each needed item is fetched
// electronically, and turns the missing ones into certificate visits: one
// per distinct owner office, before the first step that needs any of them.
func (m *Model) resolveItems(mt *matter, ty *MatterType, lv *leverSet, r *rand.Rand) {
	cfg := m.cfg
	var seen [4]uint64 // items already drawn (up to 256 items)
	district := m.city.comDistrict[mt.com]
	for k := range ty.Steps {
		st := &ty.Steps[k]
		for _, it := range st.Items {
			if seen[it>>6]&(1<<(it&63)) != 0 {
				continue
			}
			seen[it>>6] |= 1 << (it & 63)
			item := &cfg.Items[it]
			if item.Owner == OwnerDepartment && m.ownedByNeeders(ty, it) {
				continue
			}
			var shares float64
			var unit UnitRef
			switch item.Owner {
			case OwnerDepartment:
				shares = cfg.Departments[item.Dept].SharesData
				unit = UnitRef{UnitOffice, m.officeAt[item.Dept][district]}
			case OwnerStreet:
				shares = cfg.Grassroots.SharesData
				unit = UnitRef{UnitStreet, m.city.comStreet[mt.com]}
			case OwnerCommunity:
				shares = cfg.Grassroots.SharesData
				unit = UnitRef{UnitCommunity, mt.com}
			}
			if r.Float64() < lv.DataSharing*shares {
				mt.calls++
				if r.Float64() >= lv.APIFailure {
					mt.fetched |= 1 << k
					continue
				}
			}
			// Missing: one certificate visit per distinct owner unit.
			dup := false
			for _, c := range mt.certs {
				if c.unit == unit {
					dup = true
					break
				}
			}
			if !dup {
				mt.certs = append(mt.certs, cert{unit: unit, before: int16(k)})
			}
		}
	}
}

// ownedByNeeders reports whether every step of ty that needs item it is at
// the item's owner department (so the item needs no draw).
func (m *Model) ownedByNeeders(ty *MatterType, it int) bool {
	owner := m.cfg.Items[it].Dept
	for k := range ty.Steps {
		for _, x := range ty.Steps[k].Items {
			if x == it && ty.Steps[k].Dept != owner {
				return false
			}
		}
	}
	return true
}

// proceed runs the matter's program from its current phase until it waits
// for something (travel, a queue, a transfer, a delay) or completes.
func (m *Model) proceed(mt *matter) {
	ty := &m.cfg.Matters[mt.typ]
	lv := &m.levers[mt.lv]
	r := mt.r
	for {
		switch mt.ph {
		case phCerts:
			if mt.nextC < len(mt.certs) && (mt.channel != Fragmented || int(mt.certs[mt.nextC].before) <= int(mt.step)) {
				m.certVisit(mt, mt.certs[mt.nextC].unit)
				return
			}
			switch mt.channel {
			case Fragmented:
				if int(mt.step) >= len(ty.Steps) {
					mt.ph = phCollect
					continue
				}
				mt.ph = phStepVisit
			case OneWindow:
				mt.ph = phHall
			case Online:
				mt.ph = phSubmit
			}
		case phStepVisit:
			st := &ty.Steps[mt.step]
			o := m.officeAt[st.Dept][m.city.comDistrict[mt.com]]
			m.visitPool(mt, UnitRef{UnitOffice, o}, m.offices[o].windows, st.WindowTime.Sample(r), pStepVisit)
			return
		case phHall:
			d := m.city.comDistrict[mt.com]
			m.visitPool(mt, UnitRef{UnitHall, d}, m.halls[d], m.hallTime(ty, lv, r), pHallVisit)
			return
		case phSubmit:
			m.onlineSubmit(mt)
			return
		case phBack:
			m.startBackOffices(mt, ty, lv)
			return
		case phCollect:
			coll := ty.Collect
			if lv.ELicence {
				coll = CollectELicence
			}
			switch coll {
			case CollectELicence:
				m.complete(mt)
			case CollectMail:
				mt.stage = StageMail
				m.s.After(ty.MailDelay.Sample(r), m.tg, evMailDone, mt.slot, 0)
			default:
				if lv.OneWindow {
					d := m.city.comDistrict[mt.com]
					m.visitPool(mt, UnitRef{UnitHall, d}, m.halls[d], ty.CollectTime.Sample(r), pCollect)
				} else {
					last := &ty.Steps[len(ty.Steps)-1]
					o := m.officeAt[last.Dept][m.city.comDistrict[mt.com]]
					m.visitPool(mt, UnitRef{UnitOffice, o}, m.offices[o].windows, ty.CollectTime.Sample(r), pCollect)
				}
			}
			return
		}
	}
}

func (m *Model) hallTime(ty *MatterType, lv *leverSet, r *rand.Rand) float64 {
	if ty.HasHallTime {
		return ty.HallTime.Sample(r)
	}
	var t float64
	for k := range ty.Steps {
		t += ty.Steps[k].WindowTime.Sample(r)
	}
	return t * lv.HallFactor
}

// certVisit sends the citizen to the unit holding missing items.
func (m *Model) certVisit(mt *matter, u UnitRef) {
	r := mt.r
	switch u.Kind {
	case UnitOffice:
		o := &m.offices[u.Index]
		m.visitPool(mt, u, o.windows, m.cfg.Departments[o.dept].CertificateTime.Sample(r), pCertVisit)
	case UnitStreet:
		m.visitPool(mt, u, m.streets[u.Index], m.cfg.Grassroots.CertificateWork.Sample(r), pCertWork)
	case UnitCommunity:
		m.visitPool(mt, u, m.coms[u.Index], m.cfg.Grassroots.CertificateWork.Sample(r), pCertWork)
	}
}

// unitPos returns a unit's position.
func (m *Model) unitPos(u UnitRef) [2]float64 {
	switch u.Kind {
	case UnitOffice:
		return m.offices[u.Index].pos
	case UnitHall:
		return m.city.distPos[u.Index]
	case UnitStreet:
		return m.city.strPos[u.Index]
	case UnitCommunity:
		return m.city.comPos[u.Index]
	}
	return [2]float64{}
}

// visitPool starts an in-person visit: travel, then the unit's queue. A
// citizen who would arrive while the unit is closed arrives at its next
// opening.
func (m *Model) visitPool(mt *matter, u UnitRef, p *pool.Pool, work float64, pur purpose) {
	tr := m.cfg.Travel.Time.Sample(mt.r)
	if m.cfg.Travel.PerKm > 0 {
		tr += m.cfg.Travel.PerKm * distance(m.city.comPos[mt.com], m.unitPos(u))
	}
	at := m.s.Now() + tr
	if c := p.Calendar(); c != nil {
		at = c.NextOpen(at)
	}
	mt.visit.unit, mt.visit.p, mt.visit.work, mt.visit.pur = u, p, work, pur
	mt.stage, mt.loc = StageTravel, u
	mt.since, mt.until = m.s.Now(), at
	m.observe(mt, JTravel, u)
	m.s.At(at, m.tg, evArrive, mt.slot, 0)
}

// arrive puts the citizen in the unit's queue.
func (m *Model) arrive(mt *matter) {
	v := &mt.visit
	mt.stage = StageQueue
	mt.since = m.s.Now()
	if v.pur == pCertWork {
		mt.stage = StageWaitCertificate
	}
	m.observe(mt, JQueueJoin, v.unit)
	if v.pur == pCertWork {
		m.gsubmit(v.unit, ref(mt.slot, 0, v.pur), catCert, v.work)
		return
	}
	v.p.Submit(ref(mt.slot, 0, v.pur), 0, v.work, math.Inf(1))
}

// onlineSubmit submits the application online; a rework costs a resubmit
// delay and no visit.
func (m *Model) onlineSubmit(mt *matter) {
	ty := &m.cfg.Matters[mt.typ]
	lv := &m.levers[mt.lv]
	mt.loc = UnitRef{UnitOnline, 0}
	if mt.r.Float64() < ty.Rework {
		mt.stage = StageResubmit
		m.observe(mt, JRejected, mt.loc)
		m.s.After(lv.OnlineResubmit.Sample(mt.r), m.tg, evResubmitDone, mt.slot, 0)
		return
	}
	mt.ph = phBack
	m.proceed(mt)
}

// startBackOffices hands the matter to the back offices: sequentially, or
// in parallel branches (one per step) when parallel approval is on. In
// fragmented mode the citizen carries the file (no transfer); otherwise
// every hand-off to another department costs one transfer.
func (m *Model) startBackOffices(mt *matter, ty *MatterType, lv *leverSet) {
	if mt.channel != Fragmented && lv.ParallelApproval && len(ty.Steps) > 1 {
		mt.pending = len(ty.Steps)
		for k := range ty.Steps {
			m.transfer(mt, k, lv)
		}
		return
	}
	k := int(mt.step)
	if mt.channel != Fragmented && (k == 0 || ty.Steps[k].Dept != ty.Steps[k-1].Dept) {
		m.transfer(mt, k, lv)
		return
	}
	m.backOffice(mt, k)
}

func (m *Model) transfer(mt *matter, k int, lv *leverSet) {
	mt.stage = StageTransfer
	st := &m.cfg.Matters[mt.typ].Steps[k]
	u := UnitRef{UnitOffice, m.officeAt[st.Dept][m.city.comDistrict[mt.com]]}
	mt.loc = u
	m.observe(mt, JTransfer, u)
	m.s.After(lv.Transfer.Sample(mt.r), m.tg, evTransferDone, mt.slot, int64(k))
}

func (m *Model) transferDone(mt *matter, k int) { m.backOffice(mt, k) }

func (m *Model) backOffice(mt *matter, k int) {
	ty := &m.cfg.Matters[mt.typ]
	st := &ty.Steps[k]
	lv := &m.levers[mt.lv]
	work := st.BackOffice.Sample(mt.r)
	if mt.fetched&(1<<k) != 0 {
		work += lv.APILatency.Sample(mt.r)
	}
	o := m.officeAt[st.Dept][m.city.comDistrict[mt.com]]
	mt.stage, mt.loc = StageBackOffice, UnitRef{UnitOffice, o}
	m.observe(mt, JBackOffice, mt.loc)
	m.offices[o].back.Submit(ref(mt.slot, k, pBack), 0, work, math.Inf(1))
}

// matterStarted marks a matter in service when one of its jobs reaches a
// server.
func (m *Model) matterStarted(mt *matter, pur purpose) {
	if pur != pBack {
		mt.stage = StageService
	}
	if m.obs != nil {
		m.observe(mt, JServiceStart, mt.loc)
	}
}

// matterJobDone moves a matter on after one of its jobs: a visit (with
// rework), a certificate, a back-office step or the collection.
func (m *Model) matterJobDone(mt *matter, branch int, pur purpose) {
	ty := &m.cfg.Matters[mt.typ]
	if pur != pBack {
		mt.visits++
	}
	m.observe(mt, JServiceEnd, mt.loc)
	switch pur {
	case pCertVisit, pCertWork:
		m.observe(mt, JCertificate, mt.loc)
		mt.nextC++
		m.proceed(mt)
	case pStepVisit:
		if mt.r.Float64() < ty.Rework {
			m.observe(mt, JRejected, mt.loc)
			m.proceed(mt) // phStepVisit again: a new visit, travel included
			return
		}
		mt.ph = phBack
		m.backOffice(mt, int(mt.step))
	case pHallVisit:
		if mt.r.Float64() < ty.Rework {
			m.observe(mt, JRejected, mt.loc)
			m.proceed(mt)
			return
		}
		mt.ph = phBack
		m.proceed(mt)
	case pBack:
		lv := &m.levers[mt.lv]
		if mt.pending > 0 { // parallel branches
			mt.pending--
			if mt.pending == 0 {
				mt.ph = phCollect
				m.proceed(mt)
			}
			return
		}
		mt.step = int16(branch) + 1
		switch {
		case mt.channel == Fragmented:
			mt.ph = phCerts
			m.proceed(mt)
		case int(mt.step) < len(ty.Steps):
			m.startBackOffices(mt, ty, lv)
		default:
			mt.ph = phCollect
			m.proceed(mt)
		}
	case pCollect:
		m.complete(mt)
	}
}

// complete records a finished matter, updates the citizen's trust and
// recycles the matter.
func (m *Model) complete(mt *matter) {
	now := m.s.Now()
	m.observe(mt, JComplete, UnitRef{})
	lat := now - mt.arrive
	if mt.counted {
		m.res.matterDone(m, mt, lat)
		m.counted--
	}
	m.day.done++
	m.day.latSum += lat
	m.day.visSum += float64(mt.visits)
	m.matterSatisfaction(mt, lat)
	mt.live = false
	m.active--
	m.matters.release(mt.slot)
	m.checkDrained()
}

func (m *Model) observe(mt *matter, k JourneyKind, u UnitRef) {
	if m.obs == nil {
		return
	}
	m.obs.Observe(&Journey{T: m.s.Now(), Kind: k, Entity: EntityMatter, ID: mt.id, Type: mt.typ, Citizen: mt.citizen, Unit: u, Visit: mt.visits, Channel: mt.channel})
}
