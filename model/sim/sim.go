package sim

import (
	"fmt"
	"math"
)

// Target identifies a registered Handler.
type Target uint16

// Kind is a handler-defined event kind.
type Kind uint16

// Handle identifies a scheduled event for cancellation. The zero Handle is
// never issued.
type Handle uint64

// Event is one scheduled occurrence, as delivered to a Handler.
type Event struct {
	T      float64 // time, minutes
	Target Target
	Kind   Kind
	A      int32
	B      int64
	h      Handle
}

// Handle returns the event's handle.
func (e *Event) Handle() Handle { return e.h }

// Handler receives the events addressed to it.
type Handler interface {
	Handle(s *Sim, e Event)
}

// Sim owns the clock and the event list of one run. It is not safe for
// concurrent use: one run is single-threaded.
type Sim struct {
	now       float64
	seq       uint64
	q         []node
	slots     []slot
	free      []uint32
	handlers  []Handler
	processed uint64
	stopped   bool
}

// node is a heap entry: 16 bytes, so a node's four children share one cache
// line. key = seq<<slotBits | slot orders ties by scheduling sequence.
type node struct {
	t   float64
	key uint64
}

// slot holds an event's payload while it is pending.
type slot struct {
	b      int64
	a      int32
	target Target
	kind   Kind
	live   uint64 // the key of the event occupying the slot; 0 = cancelled or free
}

const (
	slotBits = 24 // up to 16.7 million pending events
	slotMask = 1<<slotBits - 1
	maxSeq   = 1<<(64-slotBits) - 1
)

// New returns an empty simulation at time 0.
func New() *Sim { return &Sim{} }

// Register adds a handler and returns its target.
func (s *Sim) Register(h Handler) Target {
	if len(s.handlers) >= math.MaxUint16 {
		panic("sim: too many handlers")
	}
	s.handlers = append(s.handlers, h)
	return Target(len(s.handlers) - 1)
}

// Now returns the current simulated time in minutes.
func (s *Sim) Now() float64 { return s.now }

// Processed returns the number of events handled so far.
func (s *Sim) Processed() uint64 { return s.processed }

// Pending returns the number of events in the list (cancelled ones included
// until they reach the front).
func (s *Sim) Pending() int { return len(s.q) }

// At schedules an event at absolute time t ≥ Now.
func (s *Sim) At(t float64, target Target, kind Kind, a int32, b int64) Handle {
	if !(t >= s.now) { // also catches NaN
		panic(fmt.Sprintf("sim: event scheduled in the past (t=%v, now=%v, target=%d, kind=%d)", t, s.now, target, kind))
	}
	s.seq++
	if s.seq > maxSeq {
		panic("sim: event sequence exhausted")
	}
	var idx uint32
	if n := len(s.free); n > 0 {
		idx = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		if len(s.slots) > slotMask {
			panic("sim: more than 16.7 million pending events")
		}
		idx = uint32(len(s.slots))
		s.slots = append(s.slots, slot{})
	}
	key := s.seq<<slotBits | uint64(idx)
	s.slots[idx] = slot{b: b, a: a, target: target, kind: kind, live: key}
	s.push(node{t: t, key: key})
	return Handle(key)
}

// After schedules an event d ≥ 0 minutes from now.
func (s *Sim) After(d float64, target Target, kind Kind, a int32, b int64) Handle {
	return s.At(s.now+d, target, kind, a, b)
}

// Cancel removes a scheduled event. Cancelling an event that has already
// run or was already cancelled is a no-op.
func (s *Sim) Cancel(h Handle) {
	idx := uint64(h) & slotMask
	if h == 0 || idx >= uint64(len(s.slots)) {
		return
	}
	if sl := &s.slots[idx]; sl.live == uint64(h) {
		sl.live = 0 // the slot is freed when the node reaches the front
	}
}

// Stop makes Run return after the current event.
func (s *Sim) Stop() { s.stopped = true }

// NextTime returns the time of the next pending event, or +Inf.
func (s *Sim) NextTime() float64 {
	for len(s.q) > 0 {
		n := s.q[0]
		if s.slots[n.key&slotMask].live != n.key {
			s.pop()
			s.free = append(s.free, uint32(n.key&slotMask))
			continue
		}
		return n.t
	}
	return math.Inf(1)
}

// Step handles the next event if its time is ≤ until. It reports whether an
// event was handled.
func (s *Sim) Step(until float64) bool {
	for len(s.q) > 0 {
		if s.q[0].t > until {
			return false
		}
		n := s.pop()
		idx := uint32(n.key & slotMask)
		sl := s.slots[idx]
		s.free = append(s.free, idx)
		if sl.live != n.key {
			continue // cancelled
		}
		s.slots[idx].live = 0
		s.now = n.t
		s.processed++
		s.handlers[sl.target].Handle(s, Event{T: n.t, Target: sl.target, Kind: sl.kind, A: sl.a, B: sl.b, h: Handle(n.key)})
		return true
	}
	return false
}

// Run handles events up to and including time until, then sets the clock to
// until (if it is finite and later than now). It returns early after Stop.
func (s *Sim) Run(until float64) {
	s.stopped = false
	for !s.stopped && s.Step(until) {
	}
	if !s.stopped && !math.IsInf(until, 1) && until > s.now {
		s.now = until
	}
}

// The event list is a 4-ary min-heap ordered by (t, key).

func (a node) before(b node) bool {
	return a.t < b.t || (a.t == b.t && a.key < b.key)
}

func (s *Sim) push(e node) {
	h := append(s.q, e)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) >> 2
		if !e.before(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = e
	s.q = h
}

// pop removes the minimum. It walks the hole left by the root down to a
// leaf along minimum children (a tournament of the four siblings, three
// comparisons), then sifts the last element up from there: fewer
// comparisons than the textbook sift-down, since the last element usually
// belongs near the bottom.
func (s *Sim) pop() node {
	h := s.q
	top := h[0]
	n := len(h) - 1
	last := h[n]
	h = h[:n]
	if n == 0 {
		s.q = h
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c+3 < n {
			a, b := c, c+2
			if h[c+1].before(h[c]) {
				a = c + 1
			}
			if h[c+3].before(h[c+2]) {
				b = c + 3
			}
			if h[b].before(h[a]) {
				a = b
			}
			h[i] = h[a]
			i = a
			continue
		}
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < n; j++ {
			if h[j].before(h[m]) {
				m = j
			}
		}
		h[i] = h[m]
		i = m
		break
	}
	for i > 0 {
		p := (i - 1) >> 2
		if !last.before(h[p]) {
			break
		}
		h[i] = h[p]
		i = p
	}
	h[i] = last
	s.q = h
	return top
}
