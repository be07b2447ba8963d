package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Tests of docs/ODD.md §6.7 (outcomes and accountability): its closed forms,
// conservation, and patterns P9–P13 of §8.

const z99 = 2.5758293035489 // two-sided 99% normal quantile

// binomialCI returns the 99% half-width of a share p over n independent
// tickets (outcomes here are independent Bernoulli draws from each
// ticket's own stream).
func binomialCI(p float64, n int64) float64 { return z99 * math.Sqrt(p*(1-p)/float64(n)) }

func run1(t *testing.T, cfg *model.Config, seed uint64) *model.Results {
	t.Helper()
	m, err := model.New(cfg, seed, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m.Run()
}

// TestSolvedClosedForm: P(solved) = (1 − s)·min(1, q₀(1 + g·e)) +
// s·min(1, q₀(1 + g·e)·cs) with s = (1 − a)/(1 − a + a·m), for a
// department-owned type with ambiguity 0, no bounce limit, no
// first-receiver and no enforcement, dispatched among the owner and m = 2
// other plausible units (department b and the street, which keeps what it
// gets). Inside the 99% binomial CI, four settings.
func TestSolvedClosedForm(t *testing.T) {
	const a, mOthers = 0.6, 2
	s := (1 - a) / (1 - a + a*mOthers)
	for _, c := range []struct{ q0, cs, gain, e float64 }{
		{0.8, 0.4, 0, 0},
		{0.6, 0.5, 0.5, 1},
		{0.7, 0.3, 0.2, 0.5},
		{0.9, 0.6, 0.5, 0.6}, // the owner's q capped at 1
	} {
		t.Run(fmt.Sprint(c), func(t *testing.T) {
			cfg := load(t, fmt.Sprintf(ticketTown, ""), `run.horizon="26w"`, fmt.Sprintf("platform.triage_accuracy=%v", a),
				"ticket.t.ambiguity=0", `ticket.t.plausible=["a", "b"]`, fmt.Sprintf("ticket.t.resolve=%v", c.q0),
				fmt.Sprintf("accountability.coord_success=%v", c.cs), fmt.Sprintf("accountability.effort_gain=%v", c.gain),
				fmt.Sprintf("responsibility.evaluation=%v", c.e), fmt.Sprintf("responsibility.evaluation_departments=%v", c.e))
			r := run1(t, cfg, 5)
			o := r.Tickets.Overall
			q := math.Min(1, c.q0*(1+c.gain*c.e))
			want := (1-s)*q + s*math.Min(1, c.q0*(1+c.gain*c.e)*c.cs)
			half := binomialCI(want, o.Resolved)
			t.Logf("solved %.4f, closed form %.4f ± %.4f (99%%, n = %d; s = %.3f, grassroots share %.4f)", o.SolvedShare, want, half, o.Resolved, s, o.Grassroots)
			if math.Abs(o.SolvedShare-want) > half {
				t.Errorf("solved share %.4f outside %.4f ± %.4f", o.SolvedShare, want, half)
			}
			if math.Abs(o.Grassroots-s) > binomialCI(s, o.Resolved) {
				t.Errorf("share handled without authority %.4f, closed form s = %.4f", o.Grassroots, s)
			}
			if o.RecognisedResolutionRate != o.SolvedShare || o.FalseClosureShare != 0 {
				t.Errorf("false_close = 0 but recognised %.4f ≠ solved %.4f", o.RecognisedResolutionRate, o.SolvedShare)
			}
		})
	}
}

// cobhamTown: one 24/7 department with c handlers; one ticket type per
// urgency class, from grid patrol, Poisson, exponential work of one mean;
// first-receiver with perfect triage, so no review job enters the
// handlers' pool and nothing bounces.
const cobhamTown = `
name = "cobham"
[run]
warmup = "2w"
horizon = "%s"
[[city.district]]
name = "d"
population = 10000
streets = 1
communities_per_street = 1
[grassroots]
grid_report_work = "0s"
[platform]
triage_accuracy = 1
[responsibility]
first_receiver = true
[[department]]
name = "a"
calendar = "24/7"
handlers = %d
`

const cobhamType = `
[[ticket]]
name = "k%d"
rate = %v
hotline_share = 0
owner = "a"
plausible = ["a"]
urgency = "%s"
work = "exp(1h)"
`

// TestUrgencyCobham: the mean handling wait of each urgency class matches
// Cobham's formula W_k = C(c, λ/μ) / [cμ(1 − σ_{k−1})(1 − σ_k)] within the
// 99% CI over 12 replications, with two and with three classes.
func TestUrgencyCobham(t *testing.T) {
	const c, mu = 4, 1.0 // handlers; per hour
	for _, classes := range [][]struct {
		urg  string
		frac float64
	}{
		{{"emergency", 0.3}, {"normal", 0.7}},
		{{"emergency", 0.2}, {"urgent", 0.3}, {"normal", 0.5}},
	} {
		lambda := 0.8 * c * mu // per hour, ρ = 0.8
		src := fmt.Sprintf(cobhamTown, "20w", c)
		for k, cl := range classes {
			src += fmt.Sprintf(cobhamType, k, lambda*cl.frac*24, cl.urg)
		}
		cfg := load(t, src)
		const reps = 12
		waits := make([][]float64, len(classes))
		for s := uint64(1); s <= reps; s++ {
			r := run1(t, cfg, s)
			for k := range classes {
				waits[k] = append(waits[k], r.Tickets.ByType[k].HandlingWaitMean)
			}
		}
		pw, _, err := stats.ErlangC(c, lambda, mu)
		if err != nil {
			t.Fatal(err)
		}
		var sigma float64
		for k, cl := range classes {
			prev := sigma
			sigma += lambda * cl.frac / (c * mu)
			want := pw / (c * mu * (1 - prev) * (1 - sigma))
			mean, half := stats.MeanCI(waits[k], 0.99)
			t.Logf("%d classes, %s: wait %.4f ± %.4f h (99%%), Cobham %.4f h", len(classes), cl.urg, mean, half, want)
			if math.Abs(mean-want) > half {
				t.Errorf("%d classes, %s: mean wait %.4f h outside Cobham %.4f ± %.4f", len(classes), cl.urg, mean, want, half)
			}
		}
	}
}

// TestNeglectShare: the share of accepted tickets parked is ν = neglect ×
// (1 − e); emergencies are never parked.
func TestNeglectShare(t *testing.T) {
	src := fmt.Sprintf(ticketTown, `
[[ticket]]
name = "fire"
rate = 30
hotline_share = 0
owner = "a"
urgency = "emergency"
`)
	cfg := load(t, src, `run.horizon="26w"`, "accountability.neglect=0.4", "responsibility.evaluation=0.5", "responsibility.evaluation_departments=0.5", `accountability.neglect_delay="exp(2d)"`)
	r := run1(t, cfg, 3)
	o := r.Tickets.ByType[0]
	const nu = 0.4 * 0.5
	half := binomialCI(nu, o.Resolved)
	t.Logf("neglected %.4f, ν = %.2f ± %.4f (99%%, n = %d)", o.NeglectedShare, nu, half, o.Resolved)
	if math.Abs(o.NeglectedShare-nu) > half {
		t.Errorf("neglected share %.4f outside ν = %.2f ± %.4f", o.NeglectedShare, nu, half)
	}
	if f := r.Tickets.ByType[1]; f.Resolved == 0 || f.NeglectedShare != 0 {
		t.Errorf("emergencies: %d resolved, neglected share %v, want > 0 and 0", f.Resolved, f.NeglectedShare)
	}
}

// TestResponseOnTimeByHand: a grid ticket reaches its owner 5 minutes
// after the first contact (constant dispatch, first-receiver, perfect
// triage). Unparked, the contact is U(0, 48h) later; parked (probability
// 0.5) it waits a day first and is always late. So P(on time) = 0.5 ×
// (24h − 5m)/48h.
func TestResponseOnTimeByHand(t *testing.T) {
	cfg := load(t, fmt.Sprintf(ticketTown, ""), `run.horizon="26w"`, "platform.triage_accuracy=1", "responsibility.first_receiver=true",
		`accountability.contact_delay="uniform(0s, 48h)"`, "accountability.neglect=0.5", `accountability.neglect_delay="1d"`)
	r := run1(t, cfg, 4)
	o := r.Tickets.Overall
	want := 0.5 * (24*60 - 5) / (48 * 60.0)
	half := binomialCI(want, o.Resolved)
	t.Logf("responded on time %.4f, by hand %.4f ± %.4f (99%%, n = %d)", o.ResponseOnTimeShare, want, half, o.Resolved)
	if math.Abs(o.ResponseOnTimeShare-want) > half {
		t.Errorf("response on time %.4f outside %.4f ± %.4f", o.ResponseOnTimeShare, want, half)
	}
}

// TestOutcomeConservation: with reopening, neglect, whistles and a bounce
// limit, every counted work order is closed exactly once in its final
// state or counted open; reopens keep the ticket's id; every 4-weekly
// ranking period's rows add up to the closures in it.
func TestOutcomeConservation(t *testing.T) {
	src := fmt.Sprintf(ticketTown, fmt.Sprintf(whistleExtra, 0.5))
	cfg := load(t, src, `run.horizon="12w"`, `run.drain="20w"`, "ticket.t.hotline_share=0.5", "ticket.t.resolve=0.6", "ticket.enf.resolve=0.7",
		"accountability.reopen=0.6", `accountability.reopen_delay="1d"`, "accountability.neglect=0.3", `accountability.neglect_delay="3d"`,
		"accountability.coord_success=0.5", "accountability.false_close=0.5", "responsibility.evaluation=0.5",
		"responsibility.whistle=true", "responsibility.bounce_limit=2", "grassroots.delegate=0.5")
	arrived := map[int64]bool{}
	resolved := map[int64]int{}
	var reopensSeen int64
	closures := map[int]int64{} // by ranking period
	period := func(tm float64) int { return int(tm / (28 * 1440)) }
	dayRated := map[int]int64{} // by ranking period
	lastDay := 0
	m, err := model.New(cfg, 9, model.Options{
		Observer: model.ObserverFunc(func(j *model.Journey) {
			if j.Entity != model.EntityTicket {
				return
			}
			switch j.Kind {
			case model.JArrival:
				if arrived[j.ID] {
					t.Fatalf("ticket id %d arrived twice", j.ID)
				}
				arrived[j.ID] = true
			case model.JReopen:
				if !arrived[j.ID] || resolved[j.ID] > 0 {
					t.Fatalf("ticket %d reopened without being live", j.ID)
				}
				reopensSeen++
				closures[period(j.T-1440)]++ // the unsolved closure a day before
			case model.JResolution:
				resolved[j.ID]++
				closures[period(j.T)]++
			}
		}),
		Daily: func(r *model.DayRow) { dayRated[r.Day/28] += r.RatedClosures; lastDay = r.Day },
	})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Run()
	for id, n := range resolved {
		if n != 1 {
			t.Errorf("ticket %d resolved %d times", id, n)
		}
	}
	o := r.Tickets.Overall
	if o.Resolved+o.OpenAtEnd != o.WorkOrders || o.OpenAtEnd != 0 {
		t.Errorf("resolved %d + open %d ≠ work orders %d (the long drain should close all)", o.Resolved, o.OpenAtEnd, o.WorkOrders)
	}
	if o.Reopens == 0 || o.Closures != o.Resolved+o.Reopens {
		t.Errorf("counted closures %d ≠ final %d + reopens %d (reopens must be > 0)", o.Closures, o.Resolved, o.Reopens)
	}
	if reopensSeen < o.Reopens {
		t.Errorf("%d reopen events, fewer than the %d counted reopens", reopensSeen, o.Reopens)
	}
	if d := o.SolvedShare + o.ExplainedShare + o.FalseClosureShare; math.Abs(d-1) > 1e-12 || o.FalseClosureShare == 0 {
		t.Errorf("solved + explained + false = %v, want 1 (false %v must be > 0)", d, o.FalseClosureShare)
	}
	sum, rated := map[int]int64{}, map[int]int64{}
	for _, row := range m.Ranking() {
		sum[row.Period] += row.Closures
		rated[row.Period] += row.Rated
		if (row.Rank == 0) != (row.Rated == 0) {
			t.Errorf("period %d %s %s: rank %d with %d rated closures", row.Period, row.Kind, row.Unit, row.Rank, row.Rated)
		}
	}
	if len(sum) < 4 {
		t.Fatalf("only %d ranking periods", len(sum))
	}
	// Periods that ended before the run stopped (the last, partial one may
	// hold closures whose reopening was still pending).
	full := (lastDay + 1) / 28
	if full < 3 {
		t.Fatalf("only %d full ranking periods", full)
	}
	for p := range full {
		if sum[p] != closures[p] || sum[p] == 0 {
			t.Errorf("period %d: ranking rows sum to %d closures, the run closed %d", p, sum[p], closures[p])
		}
		if rated[p] != dayRated[p] || rated[p] == 0 {
			t.Errorf("period %d: ranking rated closures %d ≠ daily series %d", p, rated[p], dayRated[p])
		}
	}
}

// P9–P13 (docs/ODD.md §1) with 10 paired seeds: the paired 95% CI of the
// effect excludes zero in the stated direction.

func effect(t *testing.T, name string, base, reform *model.Config, sign float64, kpi func(*model.Results) float64) {
	t.Helper()
	d, h := pairedEffect(t, base, reform, 10, kpi)
	t.Logf("%s: %+.4f ± %.4f", name, d, h)
	if !(sign*d-h > 0) {
		t.Errorf("%s: effect %+.4f ± %.4f, want %s zero", name, d, h, map[bool]string{true: "above", false: "below"}[sign > 0])
	}
}

// outcomeTown: hotline tickets (no intake closures) owned by department a
// and territorial ones handled at the grassroots.
func outcomeTown(t *testing.T, sets ...string) *model.Config {
	src := fmt.Sprintf(ticketTown, `
[[ticket]]
name = "local"
rate = 40
owner = "territorial"
work = "exp(2h)"
deadline = "7d"
`)
	base := []string{`run.horizon="8w"`, "hotline.answer_directly=0", "ticket.t.hotline_share=1", "ticket.t.resolve=0.7", "ticket.local.resolve=0.7"}
	return load(t, src, append(base, sets...)...)
}

func TestP9Evaluation(t *testing.T) {
	params := []string{"accountability.neglect=0.3", "accountability.effort_gain=0.3", "accountability.effort_cost=0.5", "accountability.false_close=0.5"}
	base := outcomeTown(t, params...)
	reform := outcomeTown(t, append(params, "responsibility.evaluation=1", "responsibility.evaluation_departments=1")...)
	all := func(f func(g model.TicketGroup) float64) func(*model.Results) float64 {
		return func(r *model.Results) float64 { return f(r.Tickets.Overall) }
	}
	effect(t, "P9 response rate ↑", base, reform, 1, all(func(g model.TicketGroup) float64 { return g.ResponseRate }))
	effect(t, "P9 resolution rate ↑", base, reform, 1, all(func(g model.TicketGroup) float64 { return g.ResolutionRate }))
	effect(t, "P9 satisfaction rate ↑", base, reform, 1, all(func(g model.TicketGroup) float64 { return g.SatisfactionRate }))
	effect(t, "P9 false-closure share ↑", base, reform, 1, all(func(g model.TicketGroup) float64 { return g.FalseClosureShare }))
	effect(t, "P9 grassroots hours per worker ↑", base, reform, 1, func(r *model.Results) float64 { return r.Grassroots.CommDist.Mean + r.Grassroots.StreetDist.Mean })
}

func TestP10ClarityAndWhistle(t *testing.T) {
	sets := []string{"accountability.coord_success=0.4", "ticket.t.ambiguity=0.9", "department.a.return_propensity=0.8", "responsibility.bounce_limit=1"}
	resolution := func(r *model.Results) float64 { return r.Tickets.ByType[0].ResolutionRate }
	effect(t, "P10 clarity → resolution rate ↑", outcomeTown(t, append(sets, "responsibility.clarity=0.1")...), outcomeTown(t, append(sets, "responsibility.clarity=0.9")...), 1, resolution)
	enf := []string{"accountability.coord_success=0.4", "ticket.local.needs_enforcement=1", `ticket.local.enforcer="a"`}
	effect(t, "P10 whistle → resolution rate of enforcement tickets ↑", outcomeTown(t, enf...), outcomeTown(t, append(enf, "responsibility.whistle=true")...), 1,
		func(r *model.Results) float64 { return r.Tickets.ByType[1].ResolutionRate })
}

func TestP11UrgencyOnTime(t *testing.T) {
	// Department a's 4 handlers on office hours are loaded; the "t" type
	// has a 1-day deadline.
	sets := []string{"department.a.handlers=4", `ticket.t.deadline="1d"`, "ticket.t.rate=20", "platform.triage_accuracy=1", "responsibility.first_receiver=true",
		"department.b.handlers=1", "department.c.handlers=1", "department.e.handlers=1"}
	src := fmt.Sprintf(ticketTown, `
[[ticket]]
name = "routine"
rate = 6
owner = "a"
work = "exp(4h)"
`)
	base := load(t, src, append([]string{`run.horizon="8w"`}, sets...)...)
	reform := load(t, src, append([]string{`run.horizon="8w"`, `ticket.t.urgency="emergency"`}, sets...)...)
	effect(t, "P11 urgency → on-time share of emergencies ↑", base, reform, 1, func(r *model.Results) float64 { return r.Tickets.ByType[0].OnTimeShare })
}

func TestP12NeglectAndEvaluation(t *testing.T) {
	onTime := func(r *model.Results) float64 { return r.Tickets.Overall.OnTimeShare }
	effect(t, "P12 neglect → on-time share ↓", outcomeTown(t), outcomeTown(t, "accountability.neglect=0.3"), -1, onTime)
	effect(t, "P12 evaluation restores it ↑", outcomeTown(t, "accountability.neglect=0.3"),
		outcomeTown(t, "accountability.neglect=0.3", "responsibility.evaluation=1", "responsibility.evaluation_departments=1"), 1, onTime)
}

func TestP13SurgeUnderLoad(t *testing.T) {
	sets := []string{"accountability.load_penalty=2", "department.a.handlers=4", "ticket.t.rate=8", "ticket.local.rate=0.001"}
	surge := `
[[shock]]
name = "surge"
start = "1w"
end = "9w"
multiplier = 1.8
applies_to = ["tickets"]
`
	base := outcomeTown(t, sets...)
	src := fmt.Sprintf(ticketTown, `
[[ticket]]
name = "local"
rate = 40
owner = "territorial"
`+surge)
	reform := load(t, src, append([]string{`run.horizon="8w"`, "hotline.answer_directly=0", "ticket.t.hotline_share=1", "ticket.t.resolve=0.7", "ticket.local.resolve=0.7"}, sets...)...)
	effect(t, "P13 surge → resolution rate ↓", base, reform, -1, func(r *model.Results) float64 { return r.Tickets.ByType[0].ResolutionRate })
	effect(t, "P13 surge → explained share ↑", base, reform, 1, func(r *model.Results) float64 { return r.Tickets.ByType[0].ExplainedShare })
}

// TestOutcomeDrawsLeavePathsAlone: outcome parameters that change no path
// (q₀, coord_success, effort_gain, false_close, callback, γ, evaluation
// without neglect or effort cost) draw only from the second stream, so
// every existing KPI and the event count are exactly as without them,
// while the outcome KPIs move.
func TestOutcomeDrawsLeavePathsAlone(t *testing.T) {
	src := fmt.Sprintf(ticketTown, fmt.Sprintf(whistleExtra, 0.5))
	sets := []string{`run.horizon="8w"`, "ticket.t.hotline_share=0.5", "responsibility.whistle=true"}
	a := run1(t, load(t, src, sets...), 2)
	b := run1(t, load(t, src, append(sets, "ticket.t.resolve=0.5", "accountability.coord_success=0.3", "accountability.effort_gain=0.5",
		"accountability.false_close=1", "accountability.callback=0.5", "accountability.gamma=[0, 1, 2, 3]", "responsibility.evaluation=0.7")...), 2)
	x, y := a.Tickets.Overall, b.Tickets.Overall
	if a.Events != b.Events || x.ResolutionMean != y.ResolutionMean || x.BouncesMean != y.BouncesMean || x.OnTimeShare != y.OnTimeShare ||
		x.Resolved != y.Resolved || x.HandlingWaitMean != y.HandlingWaitMean || x.ResponseOnTimeShare != y.ResponseOnTimeShare {
		t.Errorf("paths changed: events %d → %d, resolution %v → %v, bounces %v → %v", a.Events, b.Events, x.ResolutionMean, y.ResolutionMean, x.BouncesMean, y.BouncesMean)
	}
	if x.SolvedShare != 1 || !(y.SolvedShare < 0.9) || !(y.FalseClosureShare > 0) || !(y.RatedClosures < x.RatedClosures) {
		t.Errorf("outcomes did not move: solved %v → %v, false %v, rated %d → %d", x.SolvedShare, y.SolvedShare, y.FalseClosureShare, x.RatedClosures, y.RatedClosures)
	}
}
