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
//
// The event list has two tiers. Time is cut into buckets of Δ = 1/inv
// minutes; an event at t is in bucket ⌊t·inv⌋. The heap holds the pending
// events of buckets up to cur, unsorted buckets the later ones: buckets
// cur+1 … horizon-1 in the ring (bucket j in ring[j mod ringSize]), later
// ones in the overflow list. An event's bucket never decreases with its
// time, so every heap event precedes every other one and the heap's front
// is the next event, whatever Δ is.
//
// A ring bucket is a chain of blocks from one pool. Every bucket takes its
// turn at the busy front, so buckets with arrays of their own would each
// keep the capacity of the largest; blocks keep the ring's memory near the
// number of events in it.
type Sim struct {
	now       float64
	seq       uint64
	qt        []float64       // heap of event times
	qk        []uint64        // heap of keys, parallel to qt
	ring      [ringSize]int32 // first block of each bucket's chain; 0 = empty
	blocks    []block         // blocks[0] is unused, so that 0 means none
	freeBlk   []int32         // blocks not in a chain
	nRing     int             // events in the ring
	over      []farEvent      // events of buckets ≥ horizon
	inv       float64         // buckets per minute, 1/Δ
	cur       int64           // last bucket moved into the heap
	horizon   int64           // first bucket of the overflow list; ≤ cur+ringSize
	near      int             // events through the heap since the last adapt
	stepped   int             // buckets stepped since the last adapt
	slots     []slot
	free      []uint32
	handlers  []Handler
	processed uint64
	stopped   bool
}

// farEvent is an event in the ring or the overflow list.
type farEvent struct {
	t   float64
	key uint64
}

// block holds events of one ring bucket, in no particular order.
type block struct {
	ev   [blockLen]farEvent
	n    int32 // events in ev
	next int32 // next block of the chain; 0 = last
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

	ringSize = 4096
	blockLen = 32
	// remote is the bucket of all events beyond 2⁵² buckets (+Inf
	// included), so that bucket numbers stay exact as float64 and int64.
	// Once remote is moved into the heap, new events go to the heap too
	// until the list runs empty: correct, only slower.
	remote = 1 << 52
	// Δ adapts so that about bucketLoad events pass through the heap per
	// bucket, few enough to keep the heap in cache. The load is measured
	// over at least adaptEvery events; Δ is retuned when the load is above
	// 4·bucketLoad or below bucketLoad/16, within [minDelta, maxDelta]
	// minutes. Erring on the small side is cheap (empty buckets are
	// stepped over), and a city's load swings with the time of day.
	bucketLoad = 256
	adaptEvery = 16 * bucketLoad
	minDelta   = 1.0 / (1 << 20)
	maxDelta   = 1 << 20
)

// New returns an empty simulation at time 0.
func New() *Sim { return &Sim{inv: 1, cur: -1, blocks: make([]block, 1)} }

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

// Pending returns the number of events in the list. Cancelled events count
// until they are dropped: when they reach the front, or when their bucket
// moves into the heap.
func (s *Sim) Pending() int { return len(s.qt) + s.nRing + len(s.over) }

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
	s.file(t, key)
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
		sl.live = 0 // the slot is freed when the event is dropped
	}
}

// Stop makes Run return after the current event.
func (s *Sim) Stop() { s.stopped = true }

// NextTime returns the time of the next pending event, or +Inf.
func (s *Sim) NextTime() float64 {
	for len(s.qt) > 0 || s.refill() {
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
	for len(s.qt) > 0 || s.refill() {
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

// file puts a new event into the tier of its bucket.
func (s *Sim) file(t float64, key uint64) {
	switch x := s.bucket(t); {
	case x < float64(s.cur+1):
		s.push(t, key)
		s.near++
	case x < float64(s.horizon):
		s.add(int64(x)&(ringSize-1), farEvent{t, key})
	default:
		s.over = append(s.over, farEvent{t, key})
	}
}

// bucket returns t·inv, whose floor is the bucket of an event at t. It is
// non-decreasing in t, so an event in an earlier bucket is earlier.
func (s *Sim) bucket(t float64) float64 { return min(t*s.inv, remote) }

// refill moves the next non-empty bucket into the empty heap and reports
// whether there was one.
func (s *Sim) refill() bool {
	s.adapt()
	for {
		if s.nRing == 0 {
			if len(s.over) == 0 {
				// Nothing is pending. New events go to the overflow
				// list, and the next refill opens a window at them.
				s.cur, s.horizon = -1, 0
				return false
			}
			s.spill()
		}
		s.cur++
		s.stepped++
		i := s.cur & (ringSize - 1)
		for b := s.ring[i]; b != 0; b = s.blocks[b].next {
			for _, e := range s.blocks[b].ev[:s.blocks[b].n] {
				if s.slots[e.key&slotMask].live != e.key {
					s.free = append(s.free, uint32(e.key&slotMask)) // cancelled
					continue
				}
				s.push(e.t, e.key)
				s.near++
			}
			s.nRing -= int(s.blocks[b].n)
			s.freeBlk = append(s.freeBlk, b)
		}
		s.ring[i] = 0
		if len(s.qt) > 0 {
			return true
		}
	}
}

// spill opens a window of ringSize buckets at the earliest overflow event
// and moves the overflow events inside it to the empty ring.
func (s *Sim) spill() {
	m := float64(remote)
	for _, e := range s.over {
		m = min(m, s.bucket(e.t))
	}
	s.cur = int64(m) - 1
	s.horizon = s.cur + ringSize
	keep := s.over[:0]
	for _, e := range s.over {
		if x := s.bucket(e.t); x < float64(s.horizon) {
			s.add(int64(x)&(ringSize-1), e)
		} else {
			keep = append(keep, e)
		}
	}
	s.over = keep
}

// adapt retunes Δ when the load per bucket measured since the last call is
// far from bucketLoad. The heap is empty, so the ring can be emptied into
// the overflow list and refill spills it again with the new Δ; the
// delivery order does not depend on Δ.
func (s *Sim) adapt() {
	if s.near < adaptEvery {
		return
	}
	load := float64(s.near) / float64(max(s.stepped, 1))
	s.near, s.stepped = 0, 0
	if load >= bucketLoad/16 && load <= 4*bucketLoad {
		return
	}
	inv := min(max(s.inv*load/bucketLoad, 1/maxDelta), 1/minDelta)
	if inv == s.inv {
		return
	}
	s.inv = inv
	for i := range s.ring {
		for b := s.ring[i]; b != 0; b = s.blocks[b].next {
			s.over = append(s.over, s.blocks[b].ev[:s.blocks[b].n]...)
			s.freeBlk = append(s.freeBlk, b)
		}
		s.ring[i] = 0
	}
	s.nRing = 0
}

// add appends an event to bucket i of the ring, starting a new block at the
// head of its chain when the head block is full.
func (s *Sim) add(i int64, e farEvent) {
	b := s.ring[i]
	if b == 0 || s.blocks[b].n == blockLen {
		var nb int32
		if n := len(s.freeBlk); n > 0 {
			nb = s.freeBlk[n-1]
			s.freeBlk = s.freeBlk[:n-1]
		} else {
			nb = int32(len(s.blocks))
			s.blocks = append(s.blocks, block{})
		}
		s.blocks[nb].n, s.blocks[nb].next = 0, b
		b = nb
		s.ring[i] = b
	}
	blk := &s.blocks[b]
	blk.ev[blk.n] = e
	blk.n++
	s.nRing++
}

// The heap is a 4-ary min-heap ordered by (time, key), stored as two
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
