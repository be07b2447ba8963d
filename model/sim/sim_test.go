package sim

import (
	"container/heap"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"
)

type recorder struct {
	times []float64
	args  []int32
}

func (r *recorder) Handle(s *Sim, e Event) {
	r.times = append(r.times, s.Now())
	r.args = append(r.args, e.A)
}

func TestOrderAndTies(t *testing.T) {
	s := New()
	r := &recorder{}
	tg := s.Register(r)
	rng := rand.New(rand.NewPCG(1, 2))
	const n = 20000
	for i := 0; i < n; i++ {
		// Coarse times force many ties.
		s.At(float64(rng.IntN(500)), tg, 0, int32(i), 0)
	}
	s.Run(math.Inf(1))
	if len(r.times) != n {
		t.Fatalf("handled %d events, want %d", len(r.times), n)
	}
	for i := 1; i < n; i++ {
		if r.times[i] < r.times[i-1] {
			t.Fatalf("time went back at %d: %v < %v", i, r.times[i], r.times[i-1])
		}
		if r.times[i] == r.times[i-1] && r.args[i] < r.args[i-1] {
			t.Fatalf("tie at t=%v not in scheduling order: %d after %d", r.times[i], r.args[i], r.args[i-1])
		}
	}
}

func TestCancel(t *testing.T) {
	s := New()
	r := &recorder{}
	tg := s.Register(r)
	var hs []Handle
	for i := 0; i < 10; i++ {
		hs = append(hs, s.At(float64(i), tg, 0, int32(i), 0))
	}
	s.Cancel(hs[3])
	s.Cancel(hs[7])
	s.Cancel(hs[7]) // twice is harmless
	s.Run(math.Inf(1))
	want := []int32{0, 1, 2, 4, 5, 6, 8, 9}
	if len(r.args) != len(want) {
		t.Fatalf("got %v, want %v", r.args, want)
	}
	for i := range want {
		if r.args[i] != want[i] {
			t.Fatalf("got %v, want %v", r.args, want)
		}
	}
	if len(s.free) != len(s.slots) {
		t.Fatalf("slots not recycled: %d free of %d", len(s.free), len(s.slots))
	}
}

func TestRunUntilAdvancesClock(t *testing.T) {
	s := New()
	r := &recorder{}
	tg := s.Register(r)
	s.At(5, tg, 0, 1, 0)
	s.At(15, tg, 0, 2, 0)
	s.Run(10)
	if s.Now() != 10 || len(r.args) != 1 {
		t.Fatalf("now=%v handled=%d, want now=10 handled=1", s.Now(), len(r.args))
	}
	s.Run(20)
	if s.Now() != 20 || len(r.args) != 2 {
		t.Fatalf("now=%v handled=%d, want now=20 handled=2", s.Now(), len(r.args))
	}
}

func TestPastPanics(t *testing.T) {
	s := New()
	tg := s.Register(&recorder{})
	s.At(10, tg, 0, 0, 0)
	s.Run(10)
	defer func() {
		if recover() == nil {
			t.Fatal("scheduling into the past did not panic")
		}
	}()
	s.At(9, tg, 0, 0, 0)
}

// holdHandler reschedules itself with an exponential increment: the classic
// hold model.
type holdHandler struct {
	rng *rand.Rand
	tg  Target
}

func (h *holdHandler) Handle(s *Sim, e Event) {
	s.After(h.rng.ExpFloat64(), h.tg, 0, 0, 0)
}

const holdPending = 10000

// BenchmarkHold measures one hold (pop + push with an exponential
// increment) with 10⁴ pending events, for the kernel's 4-ary heap and, in
// the same benchmark, for container/heap on the same element type.
func BenchmarkHold(b *testing.B) {
	b.Run("kernel", func(b *testing.B) {
		s := New()
		h := &holdHandler{rng: rand.New(rand.NewPCG(1, 1))}
		h.tg = s.Register(h)
		for i := 0; i < holdPending; i++ {
			s.At(h.rng.ExpFloat64(), h.tg, 0, 0, 0)
		}
		for b.Loop() {
			s.Step(math.Inf(1))
		}
	})
	b.Run("container-heap", func(b *testing.B) {
		rng := rand.New(rand.NewPCG(1, 1))
		q := &stdQueue{}
		var seq uint64
		for i := 0; i < holdPending; i++ {
			seq++
			heap.Push(q, stdItem{t: rng.ExpFloat64(), seq: seq})
		}
		for b.Loop() {
			e := heap.Pop(q).(stdItem)
			seq++
			heap.Push(q, stdItem{t: e.t + rng.ExpFloat64(), seq: seq, target: e.target, kind: e.kind})
		}
	})
}

// stdItem carries what the kernel's events carry, in one value.
type stdItem struct {
	t      float64
	seq    uint64
	b      int64
	a      int32
	target Target
	kind   Kind
}

type stdQueue []stdItem

func (q stdQueue) Len() int { return len(q) }
func (q stdQueue) Less(i, j int) bool {
	return q[i].t < q[j].t || (q[i].t == q[j].t && q[i].seq < q[j].seq)
}
func (q stdQueue) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *stdQueue) Push(x any)   { *q = append(*q, x.(stdItem)) }
func (q *stdQueue) Pop() any {
	old := *q
	n := len(old)
	x := old[n-1]
	*q = old[:n-1]
	return x
}

const week = 7 * 24 * 60

// cityHold reschedules itself with the delays of the large city: 70%
// exponential with a mean of 30 minutes (service and travel), 30% uniform
// over a week (back-office completions, mail).
type cityHold struct {
	rng *rand.Rand
	tg  Target
}

func (h *cityHold) delay() float64 {
	if h.rng.Float64() < 0.7 {
		return 30 * h.rng.ExpFloat64()
	}
	return week * h.rng.Float64()
}

// residual draws the time until a pending event is due in the hold model's
// steady state. A pending event's remaining delay has density P(D > u)/E[D]:
// a mixture of the exponential part (its own residual, weight 0.7·30) and
// the uniform part over [0, W] (residual density 2(W-u)/W², weight 0.3·W/2).
func (h *cityHold) residual() float64 {
	if h.rng.Float64()*(0.7*30+0.3*week/2) < 0.7*30 {
		return 30 * h.rng.ExpFloat64()
	}
	return week * (1 - math.Sqrt(h.rng.Float64()))
}

func (h *cityHold) Handle(s *Sim, e Event) {
	s.After(h.delay(), h.tg, 0, 0, 0)
}

// BenchmarkHoldLarge measures one hold with the large city's pending set
// and delay mix, for the kernel and for container/heap on the same element
// type. The list starts in its steady state, so the figure is the cost of a
// hold in a long run, not of filling the list.
func BenchmarkHoldLarge(b *testing.B) {
	for _, n := range []int{300_000, 1_000_000} {
		b.Run(fmt.Sprintf("pending=%d/kernel", n), func(b *testing.B) {
			s := New()
			h := &cityHold{rng: rand.New(rand.NewPCG(1, 1))}
			h.tg = s.Register(h)
			for range n {
				s.At(h.residual(), h.tg, 0, 0, 0)
			}
			for b.Loop() {
				s.Step(math.Inf(1))
			}
		})
		b.Run(fmt.Sprintf("pending=%d/container-heap", n), func(b *testing.B) {
			h := &cityHold{rng: rand.New(rand.NewPCG(1, 1))}
			q := &stdQueue{}
			var seq uint64
			for range n {
				seq++
				heap.Push(q, stdItem{t: h.residual(), seq: seq})
			}
			for b.Loop() {
				e := heap.Pop(q).(stdItem)
				seq++
				heap.Push(q, stdItem{t: e.t + h.delay(), seq: seq, target: e.target, kind: e.kind})
			}
		})
	}
}
