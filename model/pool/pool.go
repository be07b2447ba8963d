package pool

import (
	"fmt"
	"math"

	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/sim"
)

// Mode is what happens to service in progress when the calendar closes.
type Mode uint8

const (
	// FinishAfterClose lets a service that started before closing finish.
	FinishAfterClose Mode = iota
	// PreemptResume pauses work at closing and resumes it at the next opening.
	PreemptResume
)

// Config describes a pool.
type Config struct {
	Name      string
	Calendar  *calendar.Calendar // nil = 24/7
	Staffing  calendar.Staffing  // servers; ignored when Unlimited
	Unlimited bool
	Mode      Mode
	Classes   int        // priority classes; 0 or 1 = one class
	Window    [2]float64 // observation window [start, end) for statistics
}

// Job is what the pool tells its listener about a job.
type Job struct {
	ID     ID
	Ref    int64   // the client's reference, opaque to the pool
	Class  int     // priority class
	Arrive float64 // when it was submitted
	Start  float64 // when service started (NaN before)
	Work   float64 // service work, minutes (working time in PreemptResume mode)
}

// Wait returns the time from submission to the start of service.
func (j Job) Wait() float64 { return j.Start - j.Arrive }

// ID identifies a job in its pool while it is there.
type ID int32

// Listener receives a pool's job events. Calls happen inside the kernel's
// event handling, at the simulated time given.
type Listener interface {
	Started(p *Pool, j Job, now float64)
	Done(p *Pool, j Job, now float64)
	Reneged(p *Pool, j Job, now float64)
}

type state uint8

const (
	free state = iota
	queued
	serving
	reneged // left the queue; the slot is freed when the queue passes it
)

type job struct {
	Job
	state  state
	renege sim.Handle
	done   sim.Handle
}

const (
	evDone sim.Kind = iota
	evRenege
	evBoundary
)

// Pool is a set of identical servers with one queue.
type Pool struct {
	cfg    Config
	s      *sim.Sim
	target sim.Target
	lis    Listener

	jobs   []job
	free   []ID
	queues []fifo
	nQueue int // live queued jobs
	busy   int

	boundary sim.Handle // pending calendar/staffing boundary event, 0 = none

	st Stats
	lt float64 // time statistics were last advanced to

	workIn, workDone float64 // over the whole run, for conservation checks
	queuedWork       float64 // work of the live queued jobs (a running sum)
	weekCap          float64 // server-minutes per week, computed on first use

	// The open stretch of the calendar last looked up: [openFrom, openTo).
	openFrom, openTo float64
}

// New creates a pool registered with the kernel.
func New(s *sim.Sim, cfg Config, lis Listener) *Pool {
	if cfg.Classes < 1 {
		cfg.Classes = 1
	}
	if !cfg.Unlimited && cfg.Staffing.Max() < 1 {
		panic(fmt.Sprintf("pool %s: no servers", cfg.Name))
	}
	p := &Pool{cfg: cfg, s: s, lis: lis, queues: make([]fifo, cfg.Classes)}
	p.target = s.Register(p)
	p.st.Name = cfg.Name
	p.lt = s.Now()
	return p
}

// Name returns the pool's name.
func (p *Pool) Name() string { return p.cfg.Name }

// Queued returns the number of jobs waiting.
func (p *Pool) Queued() int { return p.nQueue }

// Busy returns the number of jobs in service (paused ones included).
func (p *Pool) Busy() int { return p.busy }

// InSystem returns queued + busy.
func (p *Pool) InSystem() int { return p.nQueue + p.busy }

// Calendar returns the pool's calendar (nil = 24/7).
func (p *Pool) Calendar() *calendar.Calendar { return p.cfg.Calendar }

// Submit adds a job needing work minutes of service. patience is how long
// it will wait before reneging (+Inf = forever). Higher classes wait for
// lower ones.
func (p *Pool) Submit(ref int64, class int, work, patience float64) ID {
	if class < 0 || class >= len(p.queues) {
		panic(fmt.Sprintf("pool %s: class %d out of range", p.cfg.Name, class))
	}
	if !(work >= 0) {
		panic(fmt.Sprintf("pool %s: negative or NaN work %v", p.cfg.Name, work))
	}
	now := p.s.Now()
	p.advance(now)
	var id ID
	if n := len(p.free); n > 0 {
		id = p.free[n-1]
		p.free = p.free[:n-1]
	} else {
		id = ID(len(p.jobs))
		p.jobs = append(p.jobs, job{})
	}
	p.jobs[id] = job{Job: Job{ID: id, Ref: ref, Class: class, Arrive: now, Start: math.NaN(), Work: work}, state: queued}
	p.workIn += work
	if p.inWindow(now) {
		p.st.Arrivals++
	}
	p.queues[class].push(id)
	p.nQueue++
	p.queuedWork += work
	if patience < math.Inf(1) {
		p.jobs[id].renege = p.s.After(patience, p.target, evRenege, int32(id), 0)
	}
	p.dispatch(now)
	return id
}

// unqueue removes a job's work from the running sum of queued work; the
// sum is reset exactly when the queue empties so rounding cannot build up.
func (p *Pool) unqueue(work float64) {
	p.queuedWork -= work
	if p.nQueue == 0 {
		p.queuedWork = 0
	}
}

// QueuedWork returns the work of the jobs waiting (not in service),
// minutes: a running sum, O(1).
func (p *Pool) QueuedWork() float64 { return p.queuedWork }

// WeeklyCapacity returns the pool's server-minutes in the week from t = 0
// (staff × the calendar's weekly open time); +Inf when unlimited.
func (p *Pool) WeeklyCapacity() float64 {
	if p.cfg.Unlimited {
		return math.Inf(1)
	}
	if p.weekCap == 0 {
		cal := p.cfg.Calendar
		if cal == nil {
			cal = calendar.Always()
		}
		p.weekCap = p.cfg.Staffing.CapacityMinutes(cal, 0, calendar.Week)
	}
	return p.weekCap
}

// Handle implements sim.Handler.
func (p *Pool) Handle(s *sim.Sim, e sim.Event) {
	now := e.T
	p.advance(now)
	switch e.Kind {
	case evDone:
		j := &p.jobs[e.A]
		jj := j.Job
		j.state = free
		p.free = append(p.free, jj.ID)
		p.busy--
		p.workDone += jj.Work
		if p.inWindow(jj.Arrive) {
			p.st.Sojourn.add(now - jj.Arrive)
		}
		p.st.Served++
		p.lis.Done(p, jj, now)
		p.dispatch(now)
	case evRenege:
		j := &p.jobs[e.A]
		if j.state != queued {
			panic(fmt.Sprintf("pool %s: renege timer fired for a job in state %d", p.cfg.Name, j.state))
		}
		j.state = reneged
		p.nQueue--
		p.unqueue(j.Work)
		p.workIn -= j.Work // never served: it leaves with its work
		if p.inWindow(j.Arrive) {
			p.st.Reneged++
			p.st.Sojourn.add(now - j.Arrive)
		}
		p.lis.Reneged(p, j.Job, now)
	case evBoundary:
		p.boundary = 0
		p.dispatch(now)
	}
}

// Servers returns the number of servers that may work at t (0 while
// closed; -1 when unlimited).
func (p *Pool) Servers(t float64) int {
	c := p.capacity(t)
	if c == math.MaxInt {
		return -1
	}
	return c
}

// capacity returns the number of servers that may be busy at t for new
// starts (0 while closed).
func (p *Pool) capacity(t float64) int {
	if c := p.cfg.Calendar; c != nil && !c.IsOpen(t) {
		return 0
	}
	if p.cfg.Unlimited {
		return math.MaxInt
	}
	return p.cfg.Staffing.At(t)
}

// dispatch starts queued jobs while servers are free, and arranges to be
// woken at the next calendar or staffing change while jobs wait.
func (p *Pool) dispatch(now float64) {
	for p.nQueue > 0 && p.busy < p.capacity(now) {
		id := p.next()
		j := &p.jobs[id]
		j.state = serving
		j.Start = now
		p.nQueue--
		p.unqueue(j.Work)
		p.busy++
		if j.renege != 0 {
			p.s.Cancel(j.renege)
			j.renege = 0
		}
		if p.inWindow(j.Arrive) {
			w := now - j.Arrive
			p.st.Wait.add(w)
			if w > 0 {
				p.st.Waited++
			}
		}
		end := now + j.Work
		if p.cfg.Mode == PreemptResume && p.cfg.Calendar != nil {
			end = p.cfg.Calendar.AddWork(now, j.Work)
		}
		j.done = p.s.At(end, p.target, evDone, int32(id), 0)
		p.lis.Started(p, j.Job, now)
	}
	if p.nQueue > 0 && p.boundary == 0 {
		t := p.nextChange(now)
		if t < math.Inf(1) {
			p.boundary = p.s.At(t, p.target, evBoundary, 0, 0)
		}
	}
}

// nextChange returns the next time the capacity may change.
func (p *Pool) nextChange(now float64) float64 {
	t := math.Inf(1)
	if c := p.cfg.Calendar; c != nil {
		t = c.NextChange(now)
	}
	if !p.cfg.Unlimited {
		if u := p.cfg.Staffing.NextChange(now); u < t {
			t = u
		}
	}
	return t
}

// next pops the next live queued job, highest class first.
func (p *Pool) next() ID {
	for c := range p.queues {
		q := &p.queues[c]
		for q.len() > 0 {
			id := q.pop()
			if p.jobs[id].state == reneged {
				p.jobs[id].state = free
				p.free = append(p.free, id)
				continue
			}
			return id
		}
	}
	panic(fmt.Sprintf("pool %s: queue count %d but no queued job", p.cfg.Name, p.nQueue))
}

// Work returns, over the whole run up to now, the work submitted (reneged
// jobs excluded), the work done (finished jobs, plus the progress of jobs in
// service) and the backlog (queued work plus the remaining work of jobs in
// service): in = done + backlog, up to rounding. Minutes.
func (p *Pool) Work(now float64) (in, done, backlog float64) {
	done = p.workDone
	for i := range p.jobs {
		j := &p.jobs[i]
		switch j.state {
		case queued:
			backlog += j.Work
		case serving:
			d := now - j.Start
			if p.cfg.Mode == PreemptResume && p.cfg.Calendar != nil {
				d = p.cfg.Calendar.OpenMinutes(j.Start, now)
			}
			d = math.Min(j.Work, math.Max(0, d))
			done += d
			backlog += j.Work - d
		}
	}
	return p.workIn, done, backlog
}

// Backlog returns the work not yet done at now (see Work).
func (p *Pool) Backlog(now float64) float64 {
	_, _, b := p.Work(now)
	return b
}

// Each calls f for every job in the pool, queued ones first in queue order,
// then those in service (for snapshots; allocation-free).
func (p *Pool) Each(f func(j Job, inService bool)) {
	for c := range p.queues {
		q := &p.queues[c]
		for i := q.head; i < len(q.ids); i++ {
			if j := &p.jobs[q.ids[i]]; j.state == queued {
				f(j.Job, false)
			}
		}
	}
	for i := range p.jobs {
		if p.jobs[i].state == serving {
			f(p.jobs[i].Job, true)
		}
	}
}

func (p *Pool) inWindow(t float64) bool {
	return t >= p.cfg.Window[0] && t < p.cfg.Window[1]
}

// advance integrates the time statistics from the last change to now.
func (p *Pool) advance(now float64) {
	a, b := math.Max(p.lt, p.cfg.Window[0]), math.Min(now, p.cfg.Window[1])
	p.lt = now
	if b <= a {
		return
	}
	d := b - a
	p.st.QueueArea += float64(p.nQueue) * d
	p.st.SystemArea += float64(p.nQueue+p.busy) * d
	if p.busy == 0 {
		return
	}
	open := d
	if c := p.cfg.Calendar; c != nil {
		if a >= p.openFrom && b <= p.openTo {
			// Inside the open stretch found last time: all open.
		} else {
			open = c.OpenMinutes(a, b)
			if c.IsOpen(b) {
				p.openFrom, p.openTo = b, c.NextClose(b)
			}
		}
	}
	p.st.BusyOpen += float64(p.busy) * open
	if p.cfg.Mode == FinishAfterClose {
		p.st.BusyClosed += float64(p.busy) * (d - open)
	}
}

// Stats returns the pool's statistics with time integrals advanced to now.
func (p *Pool) Stats(now float64) Stats {
	p.advance(now)
	st := p.st
	w0, w1 := p.cfg.Window[0], math.Min(now, p.cfg.Window[1])
	st.Window = math.Max(0, w1-w0)
	if st.Window > 0 {
		if p.cfg.Unlimited {
			st.Capacity = math.NaN()
		} else {
			cal := p.cfg.Calendar
			if cal == nil {
				cal = calendar.Always()
			}
			st.Capacity = p.cfg.Staffing.CapacityMinutes(cal, w0, w1)
		}
	}
	return st
}

// fifo is a queue of job IDs in one slice with a moving head.
type fifo struct {
	ids  []ID
	head int
}

func (q *fifo) len() int { return len(q.ids) - q.head }

func (q *fifo) push(id ID) {
	if q.head > 0 && q.head >= len(q.ids)/2 && len(q.ids) == cap(q.ids) {
		n := copy(q.ids, q.ids[q.head:])
		q.ids = q.ids[:n]
		q.head = 0
	}
	q.ids = append(q.ids, id)
}

func (q *fifo) pop() ID {
	id := q.ids[q.head]
	q.head++
	if q.head == len(q.ids) {
		q.ids = q.ids[:0]
		q.head = 0
	}
	return id
}
