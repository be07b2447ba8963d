package model_test

import (
	"fmt"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
)

// TestInvariants runs a mixed scenario with an intervention and checks:
// time never goes back; every active matter is in exactly one place in
// every daily snapshot; completed + open at end = arrived, overall and per
// group; Little's law holds for every office, hall and back office.
func TestInvariants(t *testing.T) {
	src := fmt.Sprintf(visitsTown, "in-person", `
[[intervention]]
name = "reform"
at = "10w"
set = { "platform.one_window" = true, "platform.online" = true, "platform.parallel_approval" = true }
`)
	cfg := load(t, src)
	last := -1.0
	var back int
	obs := model.ObserverFunc(func(j *model.Journey) {
		if j.T < last {
			back++
		}
		last = j.T
	})
	m, err := model.New(cfg, 5, model.Options{Observer: obs})
	if err != nil {
		t.Fatal(err)
	}
	eachDay(t, m, func(float64) {})
	if back > 0 {
		t.Errorf("time went back %d times", back)
	}
	r := m.Results()
	for _, g := range append(append([]model.Group{r.Matters.Overall}, r.Matters.ByType...), r.Matters.ByChannel...) {
		if g.Completed+g.OpenAtEnd != g.Arrived {
			t.Errorf("%s: completed %d + open %d != arrived %d", g.Name, g.Completed, g.OpenAtEnd, g.Arrived)
		}
	}
	if r.Matters.Overall.Arrived == 0 {
		t.Fatal("no matters arrived")
	}
	var byCh int64
	for _, g := range r.Matters.ByChannel {
		byCh += g.Arrived
	}
	if byCh != r.Matters.Overall.Arrived {
		t.Errorf("channels sum to %d, overall %d", byCh, r.Matters.Overall.Arrived)
	}
	for _, u := range append(append(append([]model.UnitStats{}, r.Offices...), r.Halls...), r.BackOffices...) {
		if u.Arrivals < 1000 {
			continue
		}
		lw := u.ArrivalRate * u.SojournMean
		if d := u.InSystemMean - lw; d > 0.03*u.InSystemMean || -d > 0.03*u.InSystemMean {
			t.Errorf("%s: Little's law L = %.4f, λW = %.4f", u.Name, u.InSystemMean, lw)
		}
	}
}

// eachDay runs m to the end a simulated day at a time, checks that every
// active matter and ticket is in exactly one place in each day's snapshot,
// and calls f after each day.
func eachDay(t *testing.T, m *model.Model, f func(day float64)) {
	t.Helper()
	var snap model.Snapshot
	for day := 1.0; !m.Finished(); day++ {
		m.RunUntil(day * 1440)
		m.Snapshot(&snap)
		matters, tickets := map[int64]bool{}, map[int64]bool{}
		for _, s := range snap.Matters {
			if matters[s.Matter] {
				t.Fatalf("day %v: matter %d in two places", day, s.Matter)
			}
			matters[s.Matter] = true
		}
		for _, s := range snap.Tickets {
			if tickets[s.Ticket] {
				t.Fatalf("day %v: ticket %d in two places", day, s.Ticket)
			}
			tickets[s.Ticket] = true
		}
		f(day)
	}
}

// sameArrivals runs src with seed 77 as it is and with reform sets, and
// checks that the arrivals of entity (time, ID, type, citizen) are the
// same — common random numbers. Repeat complaints (IDs with the top bit
// set) are left out: they follow late resolutions, which reforms change.
func sameArrivals(t *testing.T, src string, entity model.Entity, reform ...string) {
	t.Helper()
	type arr struct {
		t       float64
		id      int64
		typ     int16
		citizen int32
	}
	collect := func(sets ...string) []arr {
		var out []arr
		cfg := load(t, src, append([]string{`run.horizon="4w"`}, sets...)...)
		m, err := model.New(cfg, 77, model.Options{Observer: model.ObserverFunc(func(j *model.Journey) {
			if j.Kind == model.JArrival && j.Entity == entity && j.ID < 1<<62 {
				out = append(out, arr{j.T, j.ID, j.Type, j.Citizen})
			}
		})})
		if err != nil {
			t.Fatal(err)
		}
		m.Run()
		return out
	}
	a, b := collect(), collect(reform...)
	n := min(len(a), len(b))
	if n < 1000 {
		t.Fatalf("too few arrivals: %d", n)
	}
	for i := 0; i < n; i++ {
		if a[i] != b[i] {
			t.Fatalf("arrival %d differs: %+v vs %+v", i, a[i], b[i])
		}
	}
}

// TestCommonRandomNumbers: the same seed under two reforms gives the same
// matter arrivals (time, matter, type) and the same citizens.
func TestCommonRandomNumbers(t *testing.T) {
	sameArrivals(t, fmt.Sprintf(visitsTown, "in-person", ""), model.EntityMatter,
		"platform.one_window=true", "platform.online=true", "platform.data_sharing=0.9")
}

// TestCommonRandomNumbersTickets: tickets and their citizens are the same
// under reforms that change routing, handling and the whistle.
func TestCommonRandomNumbersTickets(t *testing.T) {
	sameArrivals(t, fmt.Sprintf(ticketTown, fmt.Sprintf(whistleExtra, 0.5)), model.EntityTicket,
		"responsibility.whistle=true", "responsibility.clarity=0.9", "platform.triage_accuracy=0.95", "responsibility.bounce_limit=1")
}
