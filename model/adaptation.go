package model

import (
	"math"
	"math/rand/v2"
)

// Citizens, departments and demand (docs/ODD.md §6.5): how citizens choose
// a channel, how satisfaction moves their trust, how audits move
// departments' return propensity, and how satisfaction scales hotline
// demand. Each runs where its entity asks for it (newMatter, complete,
// returnTicket, resolve, endOfDay).

// chooseChannel picks a new matter's channel: online with probability
// logistic(b0 + b_trust·trust + b_literacy·literacy) when online is offered
// and the type is eligible (one draw), otherwise the hall under one window,
// else fragmented.
func (m *Model) chooseChannel(ty *MatterType, lv *leverSet, citizen int32, r *rand.Rand) Channel {
	c := &m.cfg.Citizens
	switch {
	case lv.Online && ty.Online:
		x := c.B0 + c.BTrust*float64(m.cit.trust[citizen]) + c.BLiteracy*float64(m.cit.literacy[citizen])
		if r.Float64() < 1/(1+math.Exp(-x)) {
			return Online
		}
		if lv.OneWindow {
			return OneWindow
		}
		return Fragmented
	case lv.OneWindow:
		return OneWindow
	}
	return Fragmented
}

// matterSatisfaction scores a completed matter of latency lat, s =
// exp(−s_visits·visits)·exp(−s_delay·max(0, lat − E)/E) with E the time
// limit as elapsed time from arrival, adds it to the day's satisfaction and
// moves the citizen's trust toward it at rate eta (online) or eta_offline.
func (m *Model) matterSatisfaction(mt *matter, lat float64) {
	c := &m.cfg.Citizens
	e := mt.deadline - mt.arrive
	s := math.Exp(-c.SVisits * float64(mt.visits))
	if e > 0 {
		s *= math.Exp(-c.SDelay * math.Max(0, lat-e) / e)
	}
	eta := c.EtaOffline
	if mt.channel == Online {
		eta = c.Eta
	}
	m.day.satSum += s
	m.day.satN++
	tr := float64(m.cit.trust[mt.citizen])
	m.cit.trust[mt.citizen] = float32(tr + eta*(s-tr))
}

// ticketSatisfaction adds a resolved ticket's satisfaction to the day's:
// the delay term alone, with E the deadline as elapsed time from the first
// contact; or, with accountability.rating_feedback on and a rated final
// closure, the rating's satisfaction probability (outcome.go, which also
// moves the caller's trust then). Otherwise tickets do not move trust.
func (m *Model) ticketSatisfaction(t *ticket, now float64) {
	s := 1.0
	if m.cfg.Accountability.RatingFeedback && t.oc.rated {
		s = t.oc.satP
	} else if e := t.deadline - t.first; e > 0 {
		s = math.Exp(-m.cfg.Citizens.SDelay * math.Max(0, now-t.deadline) / e)
	}
	m.day.satSum += s
	m.day.satN++
}

// auditReturn adapts department d's return propensity after it returned an
// ambiguous ticket it owns: audited with probability transparency, the
// propensity falls by learning_rate × propensity; unaudited it rises by
// learning_rate × (1 − propensity) × drift; it stays in [0, 1].
func (m *Model) auditReturn(t *ticket, d int) {
	a := &m.cfg.Adaptation
	p := m.propensity[d]
	if t.r.Float64() < m.levers[t.lv].Transparency {
		m.dstats[d].audited++
		p -= a.LearningRate * p
	} else {
		p += a.LearningRate * (1 - p) * a.Drift
	}
	m.propensity[d] = math.Min(1, math.Max(0, p))
}

// demandFeedback closes the day's satisfaction into the 30-day running mean
// S and returns S and the hotline demand scale (S/S₀)^elasticity, S₀ being
// S at the end of the warm-up; it applies the scale to every hotline
// arrival process from the warm-up's end on.
func (m *Model) demandFeedback(day int, now float64) (sat, scale float64) {
	d := &m.day
	slot := &m.satDays[day%30]
	slot[0], slot[1] = d.satSum, d.satN
	var ss, sn float64
	for _, x := range m.satDays {
		ss += x[0]
		sn += x[1]
	}
	sat = ss / sn
	scale = 1
	if math.Abs(now-m.w0) < 1 {
		m.s0 = sat
	}
	if e := m.cfg.Demand.Elasticity; e != 0 && now >= m.w0 && m.s0 > 0 && sn > 0 {
		scale = math.Pow(sat/m.s0, e)
		if !m.demandScaleOK(scale, sat, day) {
			return sat, scale
		}
		for i := range m.tprocs {
			if m.tprocs[i].hotline {
				m.tprocs[i].p.SetScale(scale)
			}
		}
	}
	return sat, scale
}
