package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// TestPerTypeRouting: a ticket type with its own triage_accuracy a₁ and
// retriage_accuracy a₂ (docs/ODD.md §6.3) bounces at least once with
// probability 1 − a₁ and (1 − a₁)/a₂ times on average, whatever the
// platform's triage_accuracy, and is always handled by its owner: its
// misroutes go to other plausible departments, never to the street.
func TestPerTypeRouting(t *testing.T) {
	for _, c := range []struct{ a1, a2 float64 }{{0.7, 0.5}, {0.4, 0.8}, {1, 1}} {
		t.Run(fmt.Sprint(c.a1, c.a2), func(t *testing.T) {
			cfg := load(t, fmt.Sprintf(ticketTown, ""), "platform.triage_accuracy=0.2", "ticket.t.ambiguity=0",
				`ticket.t.plausible=["a", "b", "c"]`, fmt.Sprintf("ticket.t.triage_accuracy=%v", c.a1), fmt.Sprintf("ticket.t.retriage_accuracy=%v", c.a2))
			bm, any := stats.NewBatchMeans(200), stats.NewBatchMeans(200)
			notOwner := 0
			m, err := model.New(cfg, 5, model.Options{Observer: model.ObserverFunc(func(j *model.Journey) {
				if j.Entity != model.EntityTicket {
					return
				}
				switch j.Kind {
				case model.JResolution:
					bm.Add(float64(j.Visit))
					b := 0.0
					if j.Visit > 0 {
						b = 1
					}
					any.Add(b)
				case model.JAccept:
					if j.Unit.Kind != model.UnitOffice {
						notOwner++
					}
				}
			})})
			if err != nil {
				t.Fatal(err)
			}
			if r := m.Run(); r.Tickets.Overall.OpenAtEnd != 0 {
				t.Fatalf("%d tickets open at the end", r.Tickets.Overall.OpenAtEnd)
			}
			wantMean, wantAny := (1-c.a1)/c.a2, 1-c.a1
			t.Logf("bounces %.4f ± %.4f (closed form %.4f); share with ≥ 1 %.4f ± %.4f (%.4f)", bm.Mean(), bm.HalfWidth(0.99), wantMean, any.Mean(), any.HalfWidth(0.99), wantAny)
			if math.Abs(bm.Mean()-wantMean) > bm.HalfWidth(0.99)+1e-12 {
				t.Errorf("mean bounces %.4f, closed form %.4f: outside the 99%% CI ± %.4f", bm.Mean(), wantMean, bm.HalfWidth(0.99))
			}
			if math.Abs(any.Mean()-wantAny) > any.HalfWidth(0.99)+1e-12 {
				t.Errorf("share bounced %.4f, closed form %.4f: outside the 99%% CI ± %.4f", any.Mean(), wantAny, any.HalfWidth(0.99))
			}
			if notOwner > 0 {
				t.Errorf("%d tickets accepted by a street or community", notOwner)
			}
		})
	}
}
