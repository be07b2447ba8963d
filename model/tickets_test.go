package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// ticketTown is a purpose-built scenario for docs/ODD.md §6.3: four
// departments, one ticket type, tickets from grid patrol (no hotline) and
// ample handlers so that queues do not matter. %s takes extra TOML.
const ticketTown = `
name = "ticket-town"
[run]
warmup = "1w"
horizon = "52w"
[city]
[[city.district]]
name = "d"
population = 20000
streets = 1
communities_per_street = 2
[grassroots]
street_workers = 400
community_workers_per_10k = 300
[platform]
triage_accuracy = 0.6
[responsibility]
clarity = 0.5
[dispatch]
dispatch_time = "5m"
review_time = "30m"
[[department]]
name = "a"
handlers = 60
return_propensity = 0.4
enforcement = true
[[department]]
name = "b"
handlers = 60
[[department]]
name = "c"
handlers = 60
[[department]]
name = "e"
handlers = 60
[[ticket]]
name = "t"
rate = 60
hotline_share = 0
owner = "a"
ambiguity = 0.6
work = "exp(1h)"
deadline = "7d"
%s
`

func g(b float64, L int) float64 {
	if L == 0 {
		return b / (1 - b)
	}
	return b * (1 - math.Pow(b, float64(L))) / (1 - b)
}

// bouncesOf returns batch means of bounces per resolved ticket.
func bouncesOf(t *testing.T, src string, sets ...string) (*stats.BatchMeans, *model.Results) {
	t.Helper()
	cfg := load(t, src, sets...)
	bm := stats.NewBatchMeans(200)
	m, err := model.New(cfg, 21, model.Options{Observer: model.ObserverFunc(func(j *model.Journey) {
		if j.Entity == model.EntityTicket && j.Kind == model.JResolution {
			bm.Add(float64(j.Visit))
		}
	})})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Run()
	if r.Tickets.Overall.OpenAtEnd != 0 {
		t.Fatalf("%d tickets open at the end", r.Tickets.Overall.OpenAtEnd)
	}
	return bm, r
}

// TestBouncesClosedForm: mean bounces per ticket match docs/ODD.md §6.3 with
// learning_rate = 0, inside the 99% CI of batch means (docs/ODD.md §1).
func TestBouncesClosedForm(t *testing.T) {
	cases := []struct {
		acc, amb, clar, prop float64
		plausible            string // department names; m = len − 1 + 1 (the street)
		m                    int
		L                    int
		territorial          bool
	}{
		{0.6, 0.6, 0.5, 0.4, `["a", "b", "c", "e"]`, 4, 0, false},
		{0.6, 0.6, 0.5, 0.4, `["a", "b", "c", "e"]`, 4, 2, false},
		{0.9, 0.2, 0.8, 0.7, `["a", "b", "c", "e"]`, 4, 0, false},
		{0.5, 1.0, 0.0, 0.5, `["a", "b"]`, 2, 3, false},
		{0.3, 0.5, 0.2, 0.9, `["a", "b", "c", "e"]`, 4, 1, false},
		{0.7, 0, 0, 0, `["a", "b", "c"]`, 3, 0, true},
		{0.4, 0, 0, 0, `["a", "b", "c", "e"]`, 4, 2, true},
	}
	for i, c := range cases {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			sets := []string{
				fmt.Sprintf("platform.triage_accuracy=%v", c.acc),
				fmt.Sprintf("ticket.t.ambiguity=%v", c.amb),
				fmt.Sprintf("responsibility.clarity=%v", c.clar),
				fmt.Sprintf("department.a.return_propensity=%v", c.prop),
				fmt.Sprintf("responsibility.bounce_limit=%d", c.L),
				"ticket.t.plausible=" + c.plausible,
			}
			var want float64
			if c.territorial {
				sets = append(sets, `ticket.t.owner="territorial"`, `ticket.t.enforcer="a"`)
				want = g(1-c.acc, c.L)
			} else {
				alpha := c.amb * (1 - c.clar)
				b0 := (1 - c.acc) * float64(c.m-1) / float64(c.m)
				b1 := b0 + c.acc*c.prop
				want = (1-alpha)*g(b0, c.L) + alpha*g(b1, c.L)
			}
			bm, _ := bouncesOf(t, fmt.Sprintf(ticketTown, ""), sets...)
			half := bm.HalfWidth(0.99)
			t.Logf("bounces %.4f ± %.4f (99%%, %d batches), closed form %.4f", bm.Mean(), half, bm.Batches(), want)
			if math.Abs(bm.Mean()-want) > half {
				t.Errorf("mean bounces %.4f, closed form %.4f: outside the 99%% CI ± %.4f", bm.Mean(), want, half)
			}
		})
	}
}

// TestFirstReceiverNoBounce: under first-receiver nothing bounces.
func TestFirstReceiverNoBounce(t *testing.T) {
	bm, r := bouncesOf(t, fmt.Sprintf(ticketTown, ""), "responsibility.first_receiver=true")
	if bm.Mean() != 0 || r.Tickets.Overall.BouncedShare != 0 {
		t.Errorf("first receiver: %.3f bounces per ticket, want 0", bm.Mean())
	}
}
