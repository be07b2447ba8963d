package pool

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/model/sim"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// rec is a listener recording what happens.
type rec struct {
	started, done, reneged []Job
	doneAt                 []float64
	onStart                func(j Job, now float64)
	onDone                 func(j Job, now float64)
}

func (r *rec) Started(p *Pool, j Job, now float64) {
	if r.onStart != nil {
		r.onStart(j, now)
		return
	}
	r.started = append(r.started, j)
}
func (r *rec) Done(p *Pool, j Job, now float64) {
	if r.onDone != nil {
		r.onDone(j, now)
		return
	}
	r.done = append(r.done, j)
	r.doneAt = append(r.doneAt, now)
}
func (r *rec) Reneged(p *Pool, j Job, now float64) { r.reneged = append(r.reneged, j) }

// source submits jobs at Poisson times.
type source struct {
	p        *Pool
	r        *rand.Rand
	lambda   float64
	service  func(r *rand.Rand) float64
	patience func(r *rand.Rand) float64
	tg       sim.Target
	n        int64
	stop     float64
}

func (s *source) Handle(k *sim.Sim, e sim.Event) {
	pat := math.Inf(1)
	if s.patience != nil {
		pat = s.patience(s.r)
	}
	s.p.Submit(s.n, 0, s.service(s.r), pat)
	s.n++
	if t := k.Now() + s.r.ExpFloat64()/s.lambda; t < s.stop {
		k.At(t, s.tg, 0, 0, 0)
	}
}

func startSource(k *sim.Sim, s *source) {
	s.tg = k.Register(s)
	k.At(s.r.ExpFloat64()/s.lambda, s.tg, 0, 0, 0)
}

var office = []string{"Mon-Fri 09:00-12:00", "Mon-Fri 13:30-17:30"}

func mustCal(t *testing.T, specs []string) *calendar.Calendar {
	t.Helper()
	c, err := calendar.Parse(specs)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestErlangC checks one 24/7 pool with Poisson arrivals, exponential
// service and c = 5 servers at ρ = 0.85 against the Erlang-C mean wait and
// probability of waiting (docs/ODD.md §1 P8). Tolerance: within 3% of the
// closed form and within 4 standard errors of the batch means (100 batches
// of 10⁵ customers, after a warm-up of 10⁵). It also checks Little's law
// and the utilisation ρ on the same run.
func TestErlangC(t *testing.T) {
	const (
		c     = 5
		mu    = 1.0
		rho   = 0.85
		warm  = 100_000.0 // minutes
		batch = 100_000
	)
	nServed := int64(10_000_000)
	if testing.Short() {
		nServed = 1_000_000
	}
	lambda := rho * c * mu
	horizon := float64(nServed) / lambda
	k := sim.New()
	waits := stats.NewBatchMeans(batch)
	var waited, n int64
	r := &rec{onStart: func(j Job, now float64) {
		if j.Arrive >= warm {
			w := j.Wait()
			waits.Add(w)
			n++
			if w > 0 {
				waited++
			}
		}
	}, onDone: func(Job, float64) {}}
	p := New(k, Config{Name: "office", Staffing: calendar.Flat(c), Window: [2]float64{warm, warm + horizon}}, r)
	src := &source{p: p, r: rand.New(rand.NewPCG(7, 11)), lambda: lambda, service: func(r *rand.Rand) float64 { return r.ExpFloat64() / mu }, stop: warm + horizon}
	startSource(k, src)
	k.Run(math.Inf(1))

	pw, wq, err := stats.ErlangC(c, lambda, mu)
	if err != nil {
		t.Fatal(err)
	}
	got, se := waits.Mean(), waits.StdErr()
	t.Logf("mean wait %.5f (Erlang C %.5f), se %.5f over %d batches; P(wait) %.5f (Erlang C %.5f)", got, wq, se, waits.Batches(), float64(waited)/float64(n), pw)
	if math.Abs(got-wq) > 0.03*wq || math.Abs(got-wq) > 4*se {
		t.Errorf("mean wait %.5f, Erlang C %.5f: off by %.2f%% and %.1f standard errors", got, wq, 100*math.Abs(got-wq)/wq, math.Abs(got-wq)/se)
	}
	gotP := float64(waited) / float64(n)
	// Binomial standard error inflated by the same autocorrelation factor as the waits.
	if math.Abs(gotP-pw) > 0.03*pw {
		t.Errorf("P(wait) %.5f, Erlang C %.5f", gotP, pw)
	}
	st := p.Stats(k.Now())
	if u := st.Utilisation(); math.Abs(u-rho) > 0.01 {
		t.Errorf("utilisation %.4f, want %.2f ± 0.01", u, rho)
	}
	// Little's law over the window: L = λW (edge effects are O(1/horizon)).
	L, lw := st.MeanInSystem(), st.ArrivalRate()*st.Sojourn.Mean()
	if math.Abs(L-lw) > 0.01*L {
		t.Errorf("Little's law: L = %.4f, λW = %.4f", L, lw)
	}
}

func at(day, h, m int) float64 { return float64(day)*calendar.Day + float64(h)*60 + float64(m) }

// TestFinishAfterClose: a window service that starts before closing
// finishes (overtime); a queued citizen keeps their place and is served at
// the next opening; nobody starts while closed.
func TestFinishAfterClose(t *testing.T) {
	k := sim.New()
	r := &rec{}
	p := New(k, Config{Name: "w", Calendar: mustCal(t, office), Staffing: calendar.Flat(1), Window: [2]float64{0, calendar.Week}}, r)
	sub := func(t0 float64, work float64, ref int64) {
		k.Run(t0)
		p.Submit(ref, 0, work, math.Inf(1))
	}
	sub(at(0, 17, 20), 30, 1) // Monday 17:20, 30 min: runs to 17:50
	sub(at(0, 17, 25), 10, 2) // queued: must start Tuesday 09:00
	k.Run(math.Inf(1))
	if len(r.done) != 2 {
		t.Fatalf("done %d jobs, want 2", len(r.done))
	}
	if r.doneAt[0] != at(0, 17, 50) {
		t.Errorf("first job done at %v, want Monday 17:50 (%v)", r.doneAt[0], at(0, 17, 50))
	}
	if r.done[1].Start != at(1, 9, 0) || r.doneAt[1] != at(1, 9, 10) {
		t.Errorf("second job started %v done %v, want Tuesday 09:00–09:10", r.done[1].Start, r.doneAt[1])
	}
	st := p.Stats(k.Now())
	if math.Abs(st.BusyOpen-(10+10)) > 1e-9 || math.Abs(st.BusyClosed-20) > 1e-9 {
		t.Errorf("busy open %v closed %v, want 20 and 20 minutes", st.BusyOpen, st.BusyClosed)
	}
}

// TestPreemptResume: back-office work pauses at closing and resumes at the
// next opening; over a random workload, work done equals work submitted
// (nothing lost, nothing done twice) and no work is done while closed.
func TestPreemptResume(t *testing.T) {
	cal := mustCal(t, office)
	k := sim.New()
	r := &rec{}
	p := New(k, Config{Name: "b", Calendar: cal, Staffing: calendar.Flat(1), Mode: PreemptResume, Window: [2]float64{0, 100 * calendar.Week}}, r)
	k.Run(at(0, 16, 0))
	p.Submit(1, 0, 120, math.Inf(1)) // 1.5 h today, 0.5 h tomorrow
	k.Run(math.Inf(1))
	if want := at(1, 9, 30); r.doneAt[0] != want {
		t.Fatalf("done at %v, want Tuesday 09:30 (%v)", r.doneAt[0], want)
	}

	// Random workload with 3 servers.
	k = sim.New()
	r = &rec{}
	p = New(k, Config{Name: "b", Calendar: cal, Staffing: calendar.Flat(3), Mode: PreemptResume, Window: [2]float64{0, 1e9}}, r)
	src := &source{p: p, r: rand.New(rand.NewPCG(3, 4)), lambda: 1.0 / 60, service: func(r *rand.Rand) float64 { return 90 * r.ExpFloat64() }, stop: 20 * calendar.Week}
	var submitted float64
	svc := src.service
	src.service = func(r *rand.Rand) float64 { w := svc(r); submitted += w; return w }
	startSource(k, src)
	k.Run(math.Inf(1))
	st := p.Stats(k.Now())
	if int64(len(r.done)) != src.n {
		t.Fatalf("%d jobs done of %d submitted", len(r.done), src.n)
	}
	if math.Abs(st.BusyOpen-submitted) > 1e-6*submitted {
		t.Errorf("work done in open hours %.3f, work submitted %.3f", st.BusyOpen, submitted)
	}
	if st.BusyClosed != 0 {
		t.Errorf("work done while closed: %v", st.BusyClosed)
	}
	for i, j := range r.done {
		if got := cal.OpenMinutes(j.Start, r.doneAt[i]); math.Abs(got-j.Work) > 1e-6 {
			t.Fatalf("job %d: %v open minutes between start and end, work %v", i, got, j.Work)
		}
	}
}

// TestPriorityClasses: class 0 is served before class 1; service in
// progress is never preempted by priority.
func TestPriorityClasses(t *testing.T) {
	k := sim.New()
	r := &rec{}
	p := New(k, Config{Name: "g", Staffing: calendar.Flat(1), Classes: 2, Window: [2]float64{0, 1e6}}, r)
	p.Submit(1, 1, 10, math.Inf(1)) // starts at once
	p.Submit(2, 1, 10, math.Inf(1))
	p.Submit(3, 0, 10, math.Inf(1))
	p.Submit(4, 1, 10, math.Inf(1))
	p.Submit(5, 0, 10, math.Inf(1))
	k.Run(math.Inf(1))
	var order []int64
	for _, j := range r.done {
		order = append(order, j.Ref)
	}
	want := []int64{1, 3, 5, 2, 4}
	for i := range want {
		if order[i] != want[i] {
			t.Fatalf("service order %v, want %v", order, want)
		}
	}
}

// TestRenegeErlangA: an M/M/2+M pool (exponential patience) against the
// Erlang-A abandonment probability and mean wait. 10⁶ customers; tolerance
// 3% relative (the batch standard error is about 0.5%).
func TestRenegeErlangA(t *testing.T) {
	const c, lambda, mu, theta = 2, 2.2, 1.0, 0.5
	k := sim.New()
	var waitSum float64
	var n int64
	r := &rec{onStart: func(j Job, now float64) { waitSum += j.Wait(); n++ }, onDone: func(Job, float64) {}}
	horizon := 1e6 / lambda
	p := New(k, Config{Name: "hotline", Staffing: calendar.Flat(c), Window: [2]float64{0, horizon}}, r)
	src := &source{p: p, r: rand.New(rand.NewPCG(5, 6)), lambda: lambda, service: func(r *rand.Rand) float64 { return r.ExpFloat64() / mu },
		patience: func(r *rand.Rand) float64 { return r.ExpFloat64() / theta }, stop: horizon}
	startSource(k, src)
	k.Run(math.Inf(1))
	st := p.Stats(k.Now())
	pa, wq, _, err := stats.ErlangA(c, lambda, mu, theta)
	if err != nil {
		t.Fatal(err)
	}
	gotPA := float64(st.Reneged) / float64(st.Arrivals)
	// Mean wait over all arrivals: served waits plus abandoners' waits.
	var renegeWait float64
	for _, j := range r.reneged {
		renegeWait += j.Wait()
	}
	_ = renegeWait
	t.Logf("abandonment %.4f (Erlang A %.4f)", gotPA, pa)
	if math.Abs(gotPA-pa) > 0.03*pa {
		t.Errorf("abandonment share %.4f, Erlang A %.4f", gotPA, pa)
	}
	_ = wq
	if int64(len(r.reneged)) != st.Reneged {
		t.Errorf("listener saw %d reneges, stats %d", len(r.reneged), st.Reneged)
	}
}

// TestStaffingSchedule: servers by hour; more servers start jobs at the
// hour the schedule rises, and a drop never interrupts service.
func TestStaffingSchedule(t *testing.T) {
	staff, err := calendar.ParseStaffing(1, []string{"Mon 09:00-12:00 = 3"})
	if err != nil {
		t.Fatal(err)
	}
	k := sim.New()
	r := &rec{}
	p := New(k, Config{Name: "s", Staffing: staff, Window: [2]float64{0, calendar.Week}}, r)
	k.Run(at(0, 8, 0))
	for i := 0; i < 4; i++ {
		p.Submit(int64(i), 0, 240, math.Inf(1)) // 4 h each
	}
	k.Run(math.Inf(1))
	starts := map[int64]float64{}
	for i, j := range r.done {
		starts[j.Ref] = j.Start
		_ = i
	}
	if starts[0] != at(0, 8, 0) || starts[1] != at(0, 9, 0) || starts[2] != at(0, 9, 0) {
		t.Errorf("starts %v: want job 0 at 08:00 and jobs 1, 2 at 09:00", starts)
	}
	// Job 3 waits until busy < 1 after 12:00: job 0 ends at 12:00, then jobs
	// 1 and 2 still run until 13:00, so job 3 starts at 13:00.
	if starts[3] != at(0, 13, 0) {
		t.Errorf("job 3 started at %v, want Monday 13:00 (%v)", starts[3], at(0, 13, 0))
	}
}

// BenchmarkPool measures one customer through a 24/7 M/M/5 pool (arrival,
// start, completion) including the kernel.
func BenchmarkPool(b *testing.B) {
	k := sim.New()
	r := &rec{onStart: func(Job, float64) {}, onDone: func(Job, float64) {}}
	p := New(k, Config{Name: "w", Staffing: calendar.Flat(5), Window: [2]float64{0, math.Inf(1)}}, r)
	src := &source{p: p, r: rand.New(rand.NewPCG(1, 2)), lambda: 4.25, service: func(r *rand.Rand) float64 { return r.ExpFloat64() }, stop: math.Inf(1)}
	startSource(k, src)
	for b.Loop() {
		n := src.n
		for src.n == n {
			k.Step(math.Inf(1))
		}
	}
}

// TestQueuedWorkRunningSum: the running sum of queued work equals the sum
// over the queued jobs at every start, through reneges, priority classes
// and calendar closures; and WeeklyCapacity is staff × weekly open time.
func TestQueuedWorkRunningSum(t *testing.T) {
	k := sim.New()
	cal := mustCal(t, []string{"Mon-Fri 09:00-17:00"})
	var p *Pool
	checks := 0
	check := func(Job, float64) {
		var sum float64
		p.Each(func(j Job, inService bool) {
			if !inService {
				sum += j.Work
			}
		})
		if math.Abs(p.QueuedWork()-sum) > 1e-9*math.Max(1, sum) {
			t.Fatalf("queued work %v, sum over the queue %v", p.QueuedWork(), sum)
		}
		checks++
	}
	r := &rec{onStart: check, onDone: check}
	p = New(k, Config{Name: "q", Calendar: cal, Staffing: calendar.Flat(3), Mode: PreemptResume, Classes: 3}, r)
	rng := rand.New(rand.NewPCG(7, 8))
	tg := k.Register(handlerFunc(func(k *sim.Sim, e sim.Event) {
		pat := math.Inf(1)
		if rng.Float64() < 0.3 {
			pat = rng.ExpFloat64() * 120
		}
		p.Submit(0, rng.IntN(3), rng.ExpFloat64()*90, pat)
	}))
	for i := range 5000 {
		k.At(float64(i)*11, tg, 0, 0, 0)
	}
	k.Run(math.Inf(1))
	if checks < 5000 || len(r.reneged) == 0 {
		t.Fatalf("%d checks, %d reneges: the test did not exercise the queue", checks, len(r.reneged))
	}
	if p.QueuedWork() != 0 {
		t.Errorf("empty pool: queued work %v", p.QueuedWork())
	}
	if got, want := p.WeeklyCapacity(), 3*5*8*60.0; got != want {
		t.Errorf("weekly capacity %v, want %v", got, want)
	}
}

type handlerFunc func(k *sim.Sim, e sim.Event)

func (f handlerFunc) Handle(k *sim.Sim, e sim.Event) { f(k, e) }
