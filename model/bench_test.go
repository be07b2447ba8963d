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

// The outcome rules (docs/ODD.md §6.7) at their defaults and on, for the
// stage-1 mid-size year: the rules may cost at most 10% more time. Run
// with `go test -run X -bench MidcityYearOutcomes -benchtime 1x -count 3
// ./model`.
var (
	outcomesDefault = []string{`ticket.utilities.urgency="normal"`, `ticket.emergency.urgency="normal"`,
		"accountability.coord_success=1", "accountability.effort_gain=0", "accountability.effort_cost=0", "accountability.false_close=0"}
	outcomesOn = []string{"accountability.neglect=0.2", "accountability.load_penalty=0.5", "accountability.reopen=0.2",
		"responsibility.evaluation=0.5", "responsibility.evaluation_departments=0.5", "ticket.noise.resolve=0.8", "ticket.property.resolve=0.7"}
)

func BenchmarkMidcityYearOutcomesDefault(b *testing.B) { benchRuns(b, "midcity", outcomesDefault...) }
func BenchmarkMidcityYearOutcomesOn(b *testing.B)      { benchRuns(b, "midcity", outcomesOn...) }
