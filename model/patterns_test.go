package model_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// pairedEffect runs base and reform on seeds 1..n and returns the paired
// 95% CI of reform − base for kpi.
func pairedEffect(t *testing.T, base, reform *model.Config, n int, kpi func(*model.Results) float64) (mean, half float64) {
	t.Helper()
	var a, b []float64
	for s := 1; s <= n; s++ {
		for i, cfg := range []*model.Config{base, reform} {
			m, err := model.New(cfg, uint64(s), model.Options{})
			if err != nil {
				t.Fatal(err)
			}
			v := kpi(m.Run())
			if i == 0 {
				a = append(a, v)
			} else {
				b = append(b, v)
			}
		}
	}
	mean, half, err := stats.PairedCI(a, b, 0.95)
	if err != nil {
		t.Fatal(err)
	}
	return mean, half
}

func visitsMean(r *model.Results) float64 { return r.Matters.Overall.VisitsMean }

func short(t *testing.T, src string, sets ...string) *model.Config {
	cfg := load(t, src, append([]string{`run.horizon="8w"`}, sets...)...)
	return cfg
}

// TestP1DataSharingCutsVisits: docs/ODD.md §1 P1 — fragmented visits fall as
// data_sharing rises (10 paired seeds, 95% CI excludes zero), toward
// k/(1 − rework) + c when every item is fetched.
func TestP1DataSharingCutsVisits(t *testing.T) {
	src := fmt.Sprintf(visitsTown, "in-person", "")
	lo := short(t, src, "platform.data_sharing=0.2")
	hi := short(t, src, "platform.data_sharing=0.8")
	d, h := pairedEffect(t, lo, hi, 10, visitsMean)
	t.Logf("visits(0.8) − visits(0.2) = %.3f ± %.3f", d, h)
	if !(d+h < 0) {
		t.Errorf("raising data sharing did not cut visits: %.3f ± %.3f", d, h)
	}
	// Full sharing: only step visits and collection remain.
	full := short(t, src, "platform.data_sharing=1", "platform.api_failure=0", "department.c.shares_data=1", "grassroots.shares_data=1")
	bm, _ := visitsOf(t, full, 3)
	want := 2/(1-0.2) + 1.0
	if math.Abs(bm.Mean()-want) > bm.HalfWidth(0.99) {
		t.Errorf("full sharing: visits %.3f, want k/(1−rework)+c = %.3f", bm.Mean(), want)
	}
}

// TestP1OneWindowAndOnlineToOne: with one window, or online plus
// e-licence, visits fall to ≤ 1 on average once sharing is full.
func TestP1OneWindowAndOnlineToOne(t *testing.T) {
	src := fmt.Sprintf(visitsTown, "in-person", "")
	full := []string{"platform.data_sharing=1", "platform.api_failure=0", "department.c.shares_data=1", "grassroots.shares_data=1", "matter.m.rework=0"}
	ow := short(t, src, append(full, "platform.one_window=true", "platform.e_licence=true")...)
	bm, _ := visitsOf(t, ow, 5)
	if bm.Mean() > 1+1e-12 {
		t.Errorf("one window with full sharing and e-licence: %.3f visits, want ≤ 1", bm.Mean())
	}
	on := short(t, src, append(full, "platform.online=true", "platform.e_licence=true", "citizens.b0=50")...)
	bm, _ = visitsOf(t, on, 5)
	if bm.Mean() != 0 {
		t.Errorf("online with e-licence and full sharing: %.3f visits, want 0", bm.Mean())
	}
}

// TestP2OneWindowBoundsStepVisits: docs/ODD.md §1 P2 — under one window no
// citizen queues at a department's windows except for certificates, so
// each matter's visits = certificate visits + hall visits (+ collection at
// the hall); and one window cuts mean visits (paired CI).
func TestP2OneWindowBoundsStepVisits(t *testing.T) {
	src := fmt.Sprintf(visitsTown, "in-person", "")
	cfg := short(t, src, "platform.one_window=true")
	type tally struct{ office, hall, grass int }
	per := map[int64]*tally{}
	var bad int
	obs := model.ObserverFunc(func(j *model.Journey) {
		switch j.Kind {
		case model.JQueueJoin:
			tl := per[j.ID]
			if tl == nil {
				tl = &tally{}
				per[j.ID] = tl
			}
			switch j.Unit.Kind {
			case model.UnitOffice:
				tl.office++
			case model.UnitHall:
				tl.hall++
			default:
				tl.grass++
			}
		case model.JComplete:
			tl := per[j.ID]
			if tl == nil {
				tl = &tally{}
			}
			// Offices visited only for certificates: at most one per owner
			// department (a, b, c), and the total adds up.
			if tl.office > 3 || tl.grass > 1 || int(j.Visit) != tl.office+tl.hall+tl.grass {
				bad++
			}
			delete(per, j.ID)
		}
	})
	m, err := model.New(cfg, 9, model.Options{Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	m.Run()
	if bad > 0 {
		t.Errorf("%d matters broke the one-window bound", bad)
	}
	frag := short(t, src)
	d, h := pairedEffect(t, frag, cfg, 10, visitsMean)
	if !(d+h < 0) {
		t.Errorf("one window did not cut visits: %.3f ± %.3f", d, h)
	}
}

// TestP3ZeroVisitsOnline: docs/ODD.md §1 P3 — online, full sharing, no API
// failure, e-licence: every matter submitted online makes zero visits,
// while in-person ones still visit.
func TestP3ZeroVisitsOnline(t *testing.T) {
	src := fmt.Sprintf(visitsTown, "in-person", "")
	cfg := short(t, src, "platform.online=true", "platform.data_sharing=1", "platform.api_failure=0", "department.c.shares_data=1", "grassroots.shares_data=1", "platform.e_licence=true")
	_, by := visitsOf(t, cfg, 11)
	on := by[model.Online]
	if on == nil || on.N() == 0 {
		t.Fatal("no online matters")
	}
	if on.Max() != 0 {
		t.Errorf("an online matter made %v visits, want 0", on.Max())
	}
	if off := by[model.Fragmented]; off == nil || off.Mean() < 1 {
		t.Errorf("in-person matters should still visit: %v", off)
	}
}
