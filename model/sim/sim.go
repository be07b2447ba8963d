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
	qt        []float64 // heap of event times
	qk        []uint64  // heap of keys, parallel to qt
	slots     []slot
	free      []uint32
	handlers  []Handler
	processed uint64
	stopped   bool
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
func (s *Sim) Pending() int { return len(s.qt) }

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
	s.push(t, key)
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
	for len(s.qt) > 0 {
		k := s.qk[0]
		if s.slots[k&slotMask].live != k {
			s.pop()
			s.free = append(s.free, uint32(k&slotMask))
			continue
		}
		return s.qt[0]
	}
	return math.Inf(1)
}

// Step handles the next event if its time is ≤ until. It reports whether an
// event was handled.
func (s *Sim) Step(until float64) bool {
	for len(s.qt) > 0 {
		t := s.qt[0]
		if t > until {
			return false
		}
		key := s.pop()
		idx := uint32(key & slotMask)
		sl := s.slots[idx]
		s.free = append(s.free, idx)
		if sl.live != key {
			continue // cancelled
		}
		s.slots[idx].live = 0
		s.now = t
		s.processed++
		s.handlers[sl.target].Handle(s, Event{T: t, Target: sl.target, Kind: sl.kind, A: sl.a, B: sl.b, h: Handle(key)})
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

// The event list is a 4-ary min-heap ordered by (time, key), stored as two
// parallel slices so that the four children's times share one cache line.

func (s *Sim) push(t float64, key uint64) {
	qt, qk := append(s.qt, t), append(s.qk, key)
	i := len(qt) - 1
	for i > 0 {
		p := (i - 1) >> 2
		if qt[p] < t || (qt[p] == t && qk[p] < key) {
			break
		}
		qt[i], qk[i] = qt[p], qk[p]
		i = p
	}
	qt[i], qk[i] = t, key
	s.qt, s.qk = qt, qk
}

// pop removes the minimum and returns its key. It walks the hole left by
// the root down to a leaf along minimum children (a tournament of the four
// siblings, three comparisons), then sifts the last element up from there:
// fewer comparisons than the textbook sift-down, since the last element
// usually belongs near the bottom.
func (s *Sim) pop() uint64 {
	qt, qk := s.qt, s.qk
	top := qk[0]
	n := len(qt) - 1
	lt, lk := qt[n], qk[n]
	qt, qk = qt[:n], qk[:n]
	s.qt, s.qk = qt, qk
	if n == 0 {
		return top
	}
	i := 0
	for {
		c := 4*i + 1
		if c+3 < n {
			// Tournament of four siblings; ties on time go to the lower key.
			t0, t1, t2, t3 := qt[c], qt[c+1], qt[c+2], qt[c+3]
			a, ta := c, t0
			if t1 < t0 || (t1 == t0 && qk[c+1] < qk[c]) {
				a, ta = c+1, t1
			}
			b, tb := c+2, t2
			if t3 < t2 || (t3 == t2 && qk[c+3] < qk[c+2]) {
				b, tb = c+3, t3
			}
			if tb < ta || (tb == ta && qk[b] < qk[a]) {
				a = b
			}
			qt[i], qk[i] = qt[a], qk[a]
			i = a
			continue
		}
		if c >= n {
			break
		}
		m := c
		for j := c + 1; j < n; j++ {
			if qt[j] < qt[m] || (qt[j] == qt[m] && qk[j] < qk[m]) {
				m = j
			}
		}
		qt[i], qk[i] = qt[m], qk[m]
		i = m
		break
	}
	for i > 0 {
		p := (i - 1) >> 2
		if qt[p] < lt || (qt[p] == lt && qk[p] < lk) {
			break
		}
		qt[i], qk[i] = qt[p], qk[p]
		i = p
	}
	qt[i], qk[i] = lt, lk
	return top
}
