package model_test

import (
	"os"
	"runtime"
	"testing"
	"time"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// TestLongMegacity runs the 25-million megacity at the construction stage
// for its full year (TIAOKUAI_LONG=1 only; ≈ 8 minutes on one core) and
// reports wall time, events per second and the memory the Go runtime took
// from the system (peak RSS is close to it; use /usr/bin/time -v for RSS).
// Reported, not gated: the targets (3 M events/s, 5 min, 4 GB) are in the
// issue notes with the figures measured.
func TestLongMegacity(t *testing.T) {
	if os.Getenv("TIAOKUAI_LONG") != "1" {
		t.Skip("TIAOKUAI_LONG=1")
	}
	cfg, _, err := scenarios.Load("megacity", nil)
	if err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	m, err := model.New(cfg, 1, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r := m.Run()
	wall := time.Since(start).Seconds()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("megacity year: %.0f s wall, %d events, %.2f M events/s, %.0f MiB from the system; %d matters, %d work orders, %d open at the end",
		wall, r.Events, float64(r.Events)/wall/1e6, float64(ms.Sys)/(1<<20), r.Matters.Overall.Completed, r.Tickets.Overall.WorkOrders, r.Matters.Overall.OpenAtEnd+r.Tickets.Overall.OpenAtEnd)
	if r.Matters.Overall.Completed == 0 || r.Tickets.Overall.WorkOrders == 0 {
		t.Error("the megacity ran no matters or tickets")
	}
}
