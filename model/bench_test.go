package model_test

import (
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// BenchmarkClassroomYear runs the shipped classroom town for its default
// warm-up, year and drain; it reports events per second.
func BenchmarkClassroomYear(b *testing.B) {
	cfg, _, err := scenarios.Load("classroom", nil)
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

// BenchmarkMidcityQuarter runs the mid-size city (stage 1) for 13 weeks
// after a one-week warm-up.
func BenchmarkMidcityQuarter(b *testing.B) {
	cfg, _, err := scenarios.Load("midcity", []string{`run.horizon="13w"`, `run.warmup="1w"`, `run.drain="4w"`})
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
