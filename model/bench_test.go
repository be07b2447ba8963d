package model_test

import (
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// benchRuns runs a shipped scenario (with sets) once per iteration and
// reports events per second.
func benchRuns(b *testing.B, name string, sets ...string) {
	cfg, _, err := scenarios.Load(name, sets)
	if err != nil {
		b.Fatal(err)
	}
	var events uint64
	for b.Loop() {
		m, err := model.New(cfg, 1, model.Options{})
		if err != nil {
			b.Fatal(err)
		}
		events += m.Run().Events
	}
	b.ReportMetric(float64(events)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkClassroomYear runs the shipped classroom town for its default
// warm-up, year and drain.
func BenchmarkClassroomYear(b *testing.B) { benchRuns(b, "classroom") }

// BenchmarkMidcityQuarter runs the mid-size city (stage 1) for 13 weeks
// after a one-week warm-up.
func BenchmarkMidcityQuarter(b *testing.B) {
	benchRuns(b, "midcity", `run.horizon="13w"`, `run.warmup="1w"`, `run.drain="4w"`)
}
