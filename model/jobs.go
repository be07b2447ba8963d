package model

import "github.com/tiaokuai/tiaokuai/model/pool"

// purpose is what a pool job is for. The model is the pool.Listener of
// every pool; a job's Ref carries its entity's slot, a branch and its
// purpose (ref), and the purpose says which entity a start, a reneging or
// a completion belongs to.
type purpose uint8

// The purposes of pool jobs, for every entity.
const (
	// A matter's jobs (matter.go); the slot is the matter's.
	pStepVisit purpose = iota // a step's visit to an office's windows
	pCertVisit                // a certificate visit to a department office's windows
	pCertWork                 // a street or community's certificate work
	pHallVisit                // the visit to the one-window hall
	pCollect                  // collecting the result in person
	pBack                     // a step's back-office work; the branch is the step

	// A ticket's jobs (ticket.go); the slot is the ticket's.
	pHotline  // a call to an operator
	pDispatch // the dispatch centre's work
	pReview   // the recipient's review
	pHandle   // the final handler's work
	pEnforce  // the enforcer's handlers' work after coordination

	// Grassroots work (grassroots.go) that no matter or ticket waits for.
	pCost     // work that only costs a unit time (grid reports, whistle and coordination work)
	pTask     // a downward task
	pResident // a resident service; the slot is the community
)

// ofMatter reports whether a job of purpose p is a matter's.
func (p purpose) ofMatter() bool { return p <= pBack }

// ofTicket reports whether a job of purpose p is a ticket's.
func (p purpose) ofTicket() bool { return p >= pHotline && p <= pEnforce }

func ref(slot int32, branch int, p purpose) int64 {
	return int64(slot)<<16 | int64(branch)<<8 | int64(p)
}

func unref(r int64) (slot int32, branch int, p purpose) {
	return int32(r >> 16), int(r>>8) & 0xff, purpose(r & 0xff)
}

// Started implements pool.Listener.
func (m *Model) Started(p *pool.Pool, j pool.Job, now float64) {
	slot, _, pur := unref(j.Ref)
	switch {
	case pur.ofMatter():
		m.matterStarted(m.matters.items[slot], pur)
	case pur == pHandle || pur == pEnforce:
		m.handleStarted(p, j) // the backlog B at the start of the work (outcome.go)
	}
}

// Reneged implements pool.Listener: only hotline callers renege.
func (m *Model) Reneged(p *pool.Pool, j pool.Job, now float64) {
	m.ticketReneged(j)
}

// Done implements pool.Listener: it hands a finished job to its entity.
func (m *Model) Done(p *pool.Pool, j pool.Job, now float64) {
	slot, branch, pur := unref(j.Ref)
	switch {
	case pur.ofMatter():
		m.matterJobDone(m.matters.items[slot], branch, pur)
	case pur.ofTicket():
		m.ticketDone(j, pur)
	case pur == pResident:
		m.residentDone(slot, j.Arrive, now)
	}
	// pCost, pTask: nothing waits for them.
}
