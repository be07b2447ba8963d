package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// hotlineTown: one ticket type through the hotline only; talk is
// exponential and wrap-up zero, so the front end is M/M/c+M (Erlang A).
const hotlineTown = `
name = "hotline-town"
[run]
warmup = "1w"
horizon = "8w"
[city]
[[city.district]]
name = "d"
population = 100000
streets = 1
communities_per_street = 4
[hotline]
operators = 10
talk = "exp(5m)"
wrapup = "0s"
patience = "exp(2m)"
redial_p = 0
answer_directly = 1
[[department]]
name = "a"
[[ticket]]
name = "call"
rate = 3168
owner = "a"
`

// TestHotlineErlangA: abandonment share matches Erlang A (c = 10, λ = 2.2
// per minute, μ = 0.2, θ = 0.5) within 3% relative (the binomial standard
// error over ~1.3·10⁵ contacts is about 0.5%); more operators and more
// patience move abandonment and waits the right way.
func TestHotlineErlangA(t *testing.T) {
	run := func(sets ...string) *model.Results {
		cfg := load(t, hotlineTown, sets...)
		m, err := model.New(cfg, 1, model.Options{})
		if err != nil {
			t.Fatal(err)
		}
		return m.Run()
	}
	base := run()
	pa, _, _, err := stats.ErlangA(10, 2.2, 0.2, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	got := base.Tickets.Overall.AbandonShare
	t.Logf("abandonment %.4f (Erlang A %.4f) over %d contacts; answer wait %.2f min", got, pa, base.Tickets.Overall.Contacts, base.Tickets.Overall.AnswerWaitMean)
	if math.Abs(got-pa) > 0.03*pa {
		t.Errorf("abandonment %.4f, Erlang A %.4f", got, pa)
	}
	more := run("hotline.operators=12")
	if !(more.Tickets.Overall.AbandonShare < got && more.Tickets.Overall.AnswerWaitMean < base.Tickets.Overall.AnswerWaitMean) {
		t.Errorf("more operators: abandonment %.4f→%.4f, wait %.2f→%.2f; both should fall", got, more.Tickets.Overall.AbandonShare, base.Tickets.Overall.AnswerWaitMean, more.Tickets.Overall.AnswerWaitMean)
	}
	patient := run(`hotline.patience="exp(6m)"`)
	if !(patient.Tickets.Overall.AbandonShare < got && patient.Tickets.Overall.AnswerWaitMean > base.Tickets.Overall.AnswerWaitMean) {
		t.Errorf("more patience: abandonment %.4f→%.4f should fall, wait %.2f→%.2f should rise", got, patient.Tickets.Overall.AbandonShare, base.Tickets.Overall.AnswerWaitMean, patient.Tickets.Overall.AnswerWaitMean)
	}
}

func ticketsShort(t *testing.T, sets ...string) *model.Config {
	return load(t, fmt.Sprintf(ticketTown, ""), append([]string{`run.horizon="8w"`}, sets...)...)
}

func bouncesMean(r *model.Results) float64 { return r.Tickets.Overall.BouncesMean }

// TestP4Bounces: docs/ODD.md §1 P4 with 10 paired seeds: bounces rise with
// ambiguity and return propensity, fall with clarity and triage accuracy;
// grassroots_share and downward_shift rise as the bounce limit binds.
func TestP4Bounces(t *testing.T) {
	up := func(name string, a, b *model.Config, kpi func(*model.Results) float64) {
		d, h := pairedEffect(t, a, b, 10, kpi)
		t.Logf("%s: %+.4f ± %.4f", name, d, h)
		if !(d-h > 0) {
			t.Errorf("%s: effect %+.4f ± %.4f should be > 0", name, d, h)
		}
	}
	up("ambiguity ↑ → bounces ↑", ticketsShort(t, "ticket.t.ambiguity=0.2"), ticketsShort(t, "ticket.t.ambiguity=0.9"), bouncesMean)
	up("propensity ↑ → bounces ↑", ticketsShort(t, "department.a.return_propensity=0.1"), ticketsShort(t, "department.a.return_propensity=0.8"), bouncesMean)
	up("clarity ↓ → bounces ↑", ticketsShort(t, "responsibility.clarity=0.9"), ticketsShort(t, "responsibility.clarity=0.1"), bouncesMean)
	up("accuracy ↓ → bounces ↑", ticketsShort(t, "platform.triage_accuracy=0.9"), ticketsShort(t, "platform.triage_accuracy=0.5"), bouncesMean)
	up("limit binds → grassroots_share ↑", ticketsShort(t), ticketsShort(t, "responsibility.bounce_limit=1"), func(r *model.Results) float64 { return r.Tickets.Overall.Grassroots })
	up("limit binds → downward_shift ↑", ticketsShort(t), ticketsShort(t, "responsibility.bounce_limit=1"), func(r *model.Results) float64 { return r.Tickets.Overall.DownwardShift })
}

// whistleTown adds territorial enforcement tickets that land at the
// grassroots. Work times are constant so that hours move by exact amounts.
const whistleExtra = `
[[ticket]]
name = "enf"
rate = 40
hotline_share = 0
owner = "territorial"
enforcer = "a"
needs_enforcement = %v
work = "2h"
deadline = "3d"
`

// TestP5Whistle: with the whistle on, the enforcer's handler hours rise and
// the streets' hours fall, each by a fixed amount per enforcement ticket
// landing at the grassroots (whistle_work = 1h joins the department;
// informal_work 3h → whistle_work 1h at the street), at two enforcement
// shares; and resolution time falls (paired CI, 10 seeds).
func TestP5Whistle(t *testing.T) {
	for _, share := range []float64{0.3, 0.8} {
		src := fmt.Sprintf(ticketTown, fmt.Sprintf(whistleExtra, share))
		sets := []string{`run.horizon="8w"`, `grassroots.whistle_work="1h"`, `grassroots.informal_work="3h"`, `grassroots.informal_delay="2d"`, `responsibility.whistle_response="4h"`, "grassroots.delegate=0", `ticket.t.rate=0.0001`}
		off := load(t, src, sets...)
		on := load(t, src, append(sets, "responsibility.whistle=true")...)
		run := func(cfg *model.Config) *model.Results {
			m, err := model.New(cfg, 3, model.Options{})
			if err != nil {
				t.Fatal(err)
			}
			return m.Run()
		}
		a, b := run(off), run(on)
		n := float64(b.Tickets.ByType[1].Whistles)
		if n < 100 {
			t.Fatalf("share %v: only %v whistles", share, n)
		}
		streetHours := func(r *model.Results) float64 {
			var h float64
			for _, s := range r.Grassroots.Streets {
				h += s.HoursPerWorkerWk * float64(s.Workers) * r.HorizonDays / 7
			}
			return h
		}
		dDept := b.Tickets.Departments[0].HandlerHours - a.Tickets.Departments[0].HandlerHours
		dStreet := streetHours(b) - streetHours(a)
		t.Logf("share %.1f: %v whistles; department +%.1f h (%.3f per whistle), streets %+.1f h (%.3f per whistle)", share, n, dDept, dDept/n, dStreet, dStreet/n)
		// Tolerance 3%: enforcer work submitted after the window's end is
		// not counted in the window.
		if math.Abs(dDept/n-1) > 0.03 || math.Abs(dStreet/n+2) > 0.06 {
			t.Errorf("share %v: per whistle department %+.3f h (want +1), streets %+.3f h (want −2)", share, dDept/n, dStreet/n)
		}
		d, h := pairedEffect(t, off, on, 10, func(r *model.Results) float64 { return r.Tickets.ByType[1].ResolutionMean })
		if !(d+h < 0) {
			t.Errorf("share %v: the whistle did not cut resolution time: %+.3f ± %.3f days", share, d, h)
		}
	}
}

// taskTown: streets and communities with downward tasks and resident
// services.
const taskExtra = `
[[department.task]]
name = "forms"
target = "community"
per_week = %v
hours = "exp(3h)"
listed = false
duplicated = 0.5
prefillable = 0.2
`

func taskTown(perWeek float64) string {
	src := fmt.Sprintf(ticketTown, "")
	// Put the task stream under department a: insert before [[department]] b.
	i := indexOf(src, "[[department]]\nname = \"b\"")
	return src[:i] + fmt.Sprintf(taskExtra, perWeek) + src[i:]
}

func indexOf(s, sub string) int {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return i
		}
	}
	panic("not found: " + sub)
}

func hoursPerWorker(r *model.Results) float64 { return r.Grassroots.CommDist.Mean }

// TestP6BurdenReduction: docs/ODD.md §1 P6 — task access control and form
// de-duplication cut grassroots hours per worker (10 paired seeds).
func TestP6BurdenReduction(t *testing.T) {
	sets := []string{`run.horizon="8w"`, "grassroots.community_workers_per_10k=18"}
	base := load(t, taskTown(6), sets...)
	access := load(t, taskTown(6), append(sets, "responsibility.task_access=0.6")...)
	dedup := load(t, taskTown(6), append(sets, "platform.form_dedup=0.8")...)
	for name, reform := range map[string]*model.Config{"task_access": access, "form_dedup": dedup} {
		d, h := pairedEffect(t, base, reform, 10, hoursPerWorker)
		t.Logf("%s: hours per worker per week %+.3f ± %.3f", name, d, h)
		if !(d+h < 0) {
			t.Errorf("%s did not cut hours per worker: %+.3f ± %.3f", name, d, h)
		}
	}
}

// TestP7TopDownFirst: docs/ODD.md §1 P7 — under topdown-first, the delay of
// resident services grows with the downward-task load (10 paired seeds).
func TestP7TopDownFirst(t *testing.T) {
	sets := []string{`run.horizon="8w"`, `grassroots.priority="topdown-first"`, "grassroots.community_workers_per_10k=10", "grassroots.resident_rate_per_1000=4", `grassroots.resident_work="1h"`}
	lo := load(t, taskTown(2), sets...)
	hi := load(t, taskTown(12), sets...)
	delay := func(r *model.Results) float64 {
		var s float64
		for _, c := range r.Grassroots.Communities {
			s += c.ResidentDelayMean
		}
		return s / float64(len(r.Grassroots.Communities))
	}
	d, h := pairedEffect(t, lo, hi, 10, delay)
	t.Logf("resident delay, heavy − light task load: %+.2f ± %.2f hours", d, h)
	if !(d-h > 0) {
		t.Errorf("resident delay did not grow with task load: %+.2f ± %.2f", d, h)
	}
}

// TestTicketConservation: every ticket is in one place in every daily
// snapshot; grassroots hours done + backlog = hours arrived; every work
// order of the window is resolved or open; contacts add up.
func TestTicketConservation(t *testing.T) {
	src := taskTown(8)
	cfg := load(t, src, `run.horizon="6w"`, "grassroots.resident_rate_per_1000=3", "grassroots.delegate=0.5", "responsibility.whistle=true", "responsibility.bounce_limit=2")
	m, err := model.New(cfg, 8, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	eachDay(t, m, func(day float64) {
		in, done, backlog := m.GrassrootsWork()
		if math.Abs(in-done-backlog) > 1e-6*in {
			t.Fatalf("day %v: grassroots hours arrived %.6f ≠ done %.6f + backlog %.6f", day, in, done, backlog)
		}
	})
	r := m.Results()
	o := r.Tickets.Overall
	if o.Resolved+o.OpenAtEnd != o.WorkOrders {
		t.Errorf("resolved %d + open %d ≠ work orders %d", o.Resolved, o.OpenAtEnd, o.WorkOrders)
	}
	if o.WorkOrders != o.Contacts+o.GridReports-o.ClosedAtIntake-o.Abandoned {
		t.Errorf("work orders %d ≠ contacts %d + grid %d − intake %d − abandoned %d", o.WorkOrders, o.Contacts, o.GridReports, o.ClosedAtIntake, o.Abandoned)
	}
}
