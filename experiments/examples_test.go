package experiments

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestShippedExamples: every shipped example experiment loads and plans
// (every point resolves to a valid scenario).
func TestShippedExamples(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("examples", "*.toml"))
	if err != nil || len(files) < 4 {
		t.Fatalf("examples: %v %v", files, err)
	}
	for _, f := range files {
		src := CachedSource()
		e, err := src.LoadExperiment(f)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if e.Optimize != nil {
			// a policy search (sim optimize): its levers are ranges no grid
			// has; the classroom one runs one short generation here
			if strings.HasPrefix(filepath.Base(f), "classroom") && !testing.Short() {
				o := *e.Optimize
				o.Generations, o.Population, o.Reps, o.Confirm, o.Race.Min, o.Race.Max = 1, 4, 2, 2, 2, 2
				e.Optimize = &o
				if _, err := Optimize(OptimizeSpec{Experiment: e, Source: src, OutDir: t.TempDir(), Workers: 2}); err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
			continue
		}
		plan, err := NewPlan(e, src, 2)
		if err != nil {
			t.Errorf("%s: %v", f, err)
			continue
		}
		if e.Calibrate != nil {
			continue // a calibration: sim calibrate runs it (cmd/sim tests)
		}
		if len(plan.Points) < 2 || plan.Runs() < 4 {
			t.Errorf("%s: %d points, %d runs", f, len(plan.Points), plan.Runs())
		}
	}
}
