package sim

import (
	"container/heap"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// eventList is the part of the kernel's API that refList implements too.
type eventList interface {
	Now() float64
	At(t float64, target Target, kind Kind, a int32, b int64) Handle
	Cancel(h Handle)
	Stop()
	NextTime() float64
	Step(until float64) bool
	Run(until float64)
}

// refList is the reference the kernel is checked against: container/heap
// ordered by (time, sequence number), cancelled events skipped at the front.
type refList struct {
	now     float64
	q       stdQueue
	dead    []bool // by sequence number - 1
	stopped bool
	handle  func(Event)
}

func (r *refList) Now() float64 { return r.now }

func (r *refList) At(t float64, target Target, kind Kind, a int32, b int64) Handle {
	r.dead = append(r.dead, false)
	seq := uint64(len(r.dead))
	heap.Push(&r.q, stdItem{t: t, seq: seq, b: b, a: a, target: target, kind: kind})
	return Handle(seq)
}

func (r *refList) Cancel(h Handle) { r.dead[h-1] = true }

func (r *refList) Stop() { r.stopped = true }

func (r *refList) NextTime() float64 {
	for len(r.q) > 0 {
		if !r.dead[r.q[0].seq-1] {
			return r.q[0].t
		}
		heap.Pop(&r.q)
	}
	return math.Inf(1)
}

func (r *refList) Step(until float64) bool {
	for len(r.q) > 0 && r.q[0].t <= until {
		e := heap.Pop(&r.q).(stdItem)
		if r.dead[e.seq-1] {
			continue
		}
		r.now = e.t
		r.handle(Event{T: e.t, Target: e.target, Kind: e.kind, A: e.a, B: e.b, h: Handle(e.seq)})
		return true
	}
	return false
}

func (r *refList) Run(until float64) {
	r.stopped = false
	for !r.stopped && r.Step(until) {
	}
	if !r.stopped && !math.IsInf(until, 1) && until > r.now {
		r.now = until
	}
}

// observation is one thing a driver saw: an event handled ('h'), a clock
// other than the event's time during its handling ('!'), or the result of
// NextTime ('n'), Step ('s') or Run ('r', the clock after it).
type observation struct {
	what   byte
	t      float64
	target Target
	kind   Kind
	a      int32
	b      int64
	ok     bool
}

// driver runs a program of (operation, argument) byte pairs against an
// event list and records what it observes. Handlers schedule, cancel and
// stop as their events' payloads say, so the program also exercises an
// event list used from inside a handler.
type driver struct {
	l       eventList
	handles []Handle
	seen    []observation
}

func (d *driver) Handle(_ *Sim, e Event) { d.handle(e) }

func (d *driver) handle(e Event) {
	d.seen = append(d.seen, observation{what: 'h', t: e.T, target: e.Target, kind: e.Kind, a: e.A, b: e.B})
	if d.l.Now() != e.T {
		d.seen = append(d.seen, observation{what: '!', t: d.l.Now()})
	}
	switch e.A % 8 { // A shrinks along a chain, so chains end
	case 0:
		if e.A > 0 {
			d.at(e.T, e.A/8, e.B+1) // due now: runs after the events already due now
		}
	case 1:
		d.at(e.T+float64(e.B%64), e.A/8, e.B/3)
	case 2:
		d.cancel(int(e.B))
	case 3:
		if e.B%4 == 0 {
			d.l.Stop()
		}
	}
}

func (d *driver) at(t float64, a int32, b int64) {
	d.handles = append(d.handles, d.l.At(t, Target(a&1), Kind(b%3), a, b))
}

// cancel cancels the i-th most recent handle: pending, run or cancelled.
func (d *driver) cancel(i int) {
	if n := len(d.handles); n > 0 {
		d.l.Cancel(d.handles[n-1-i%n])
	}
}

// farTimes reach beyond the bucket arithmetic (⌊t/Δ⌋ ≥ 2⁵²) for most Δ.
var farTimes = [...]float64{1e15, 1e18, 1e300, math.Inf(1)}

// run executes prog, then drains the list.
func (d *driver) run(prog []byte) {
	for ; len(prog) >= 2; prog = prog[2:] {
		op, arg := prog[0], prog[1]
		now := d.l.Now()
		a := int32(len(d.handles)) * 7
		switch op % 10 {
		case 0:
			d.at(now, a, int64(arg))
		case 1: // a coarse grid: ties between events scheduled at different times
			d.at(math.Ceil(now)+float64(arg%16), a, int64(arg))
		case 2: // minutes to hours
			d.at(now+float64(arg)*0.731, a, int64(arg))
		case 3: // a second to a hundred thousand years
			d.at(now+math.Exp2(float64(arg)/6-6), a, int64(arg))
		case 4:
			d.at(max(now, farTimes[arg%4]), a, int64(arg))
		case 5:
			d.cancel(int(arg))
		case 6:
			d.seen = append(d.seen, observation{what: 's', ok: d.l.Step(now + float64(arg))})
		case 7:
			d.l.Run(now + float64(arg)*float64(arg)/4)
			d.seen = append(d.seen, observation{what: 'r', t: d.l.Now()})
		case 8:
			d.seen = append(d.seen, observation{what: 'n', t: d.l.NextTime()})
		case 9:
			d.burst(8*(int(arg)+1), uint64(arg))
		}
	}
	for d.l.Step(math.Inf(1)) { // unlike Run, not cut short by Stop
	}
	d.seen = append(d.seen, observation{what: 'r', t: d.l.Now()})
}

// burst schedules n events with the large city's delays, a third of them
// rounded to whole minutes.
func (d *driver) burst(n int, seed uint64) {
	h := cityHold{rng: rand.New(rand.NewPCG(seed, uint64(len(d.handles))))}
	now := d.l.Now()
	for i := range n {
		t := now + h.delay()
		if i%3 == 0 {
			t = math.Ceil(t)
		}
		d.at(t, int32(len(d.handles))*7, int64(i))
	}
}

// checkProgram runs prog on the kernel and on the reference and fails if
// they observe anything different.
func checkProgram(t *testing.T, prog []byte) {
	t.Helper()
	s := New()
	got := &driver{l: s}
	s.Register(got)
	s.Register(got)
	got.run(prog)

	r := &refList{}
	want := &driver{l: r}
	r.handle = want.handle
	want.run(prog)

	if i := firstDiff(got.seen, want.seen); i >= 0 {
		t.Fatalf("observation %d of %d: kernel saw %+v, reference %+v", i, len(want.seen), at(got.seen, i), at(want.seen, i))
	}
	if s.Pending() != 0 || len(s.free) != len(s.slots) {
		t.Fatalf("drained list: %d pending, %d of %d slots free", s.Pending(), len(s.free), len(s.slots))
	}
}

func firstDiff(a, b []observation) int {
	for i := range max(len(a), len(b)) {
		if i >= len(a) || i >= len(b) || a[i] != b[i] {
			return i
		}
	}
	return -1
}

func at(o []observation, i int) any {
	if i < len(o) {
		return o[i]
	}
	return "nothing"
}

// TestMatchesReference runs random programs, and programs large enough for
// Δ to adapt, on the kernel and on the reference: the events must come out
// in the same order with the same payloads, at the same clock.
func TestMatchesReference(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100 {
		prog := make([]byte, 2*rng.IntN(300))
		for i := range prog {
			prog[i] = byte(rng.Uint32())
		}
		checkProgram(t, prog)
	}
	// A dense phase (bursts of the city's delays) then a sparse one (long
	// delays, few events): Δ shrinks, then grows.
	var prog []byte
	for i := range 60 {
		prog = append(prog, 9, 255, 7, byte(i), 0, 0, 5, byte(i))
	}
	for i := range 3000 {
		prog = append(prog, 3, byte(i), 6, byte(i), 8, 0)
	}
	checkProgram(t, prog)
}

// FuzzMatchesReference is TestMatchesReference on programs from the fuzzer.
func FuzzMatchesReference(f *testing.F) {
	f.Add([]byte{0, 0, 1, 5, 2, 9, 6, 1, 7, 3})
	f.Add([]byte{9, 40, 3, 200, 4, 3, 5, 1, 7, 100, 8, 0, 9, 255, 7, 255})
	f.Add([]byte{4, 0, 4, 1, 4, 2, 4, 3, 8, 0, 0, 0, 1, 1, 7, 255})
	f.Fuzz(func(t *testing.T, prog []byte) {
		if len(prog) > 1024 {
			prog = prog[:1024]
		}
		checkProgram(t, prog)
	})
}

// TestHeapStaysSmall checks the point of the two tiers: with the large
// city's pending set, the heap holds a few thousand events, not all of them.
func TestHeapStaysSmall(t *testing.T) {
	const n = 300_000
	s := New()
	h := &cityHold{rng: rand.New(rand.NewPCG(5, 6))}
	h.tg = s.Register(h)
	for range n {
		s.At(h.residual(), h.tg, 0, 0, 0)
	}
	var sizes []int
	for i := range 1_000_000 {
		s.Step(math.Inf(1))
		if i >= 100_000 { // past the first adaptation of Δ
			sizes = append(sizes, len(s.qt))
		}
	}
	if s.Pending() != n {
		t.Fatalf("%d pending, want %d", s.Pending(), n)
	}
	// Δ keeps the mean load per bucket at most 4·bucketLoad.
	if m := slices.Max(sizes); m > 8*bucketLoad {
		t.Fatalf("heap held up to %d of %d pending events, want ≤ %d", m, n, 8*bucketLoad)
	}
}
