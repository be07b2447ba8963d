package model

import (
	"math"
	"strings"
	"testing"
)

// A scale that is not finite stops the run with an error saying what to
// change, not a panic in the arrival process.
func TestDemandScaleStops(t *testing.T) {
	m := &Model{cfg: &Config{Demand: DemandFeedback{Elasticity: -10}}}
	if !m.demandScaleOK(3, 0.5, 40) {
		t.Fatal("a finite scale stopped the run")
	}
	if m.demandScaleOK(math.Inf(1), 1e-300, 40) || m.Err() == nil || !m.drained {
		t.Fatal("an infinite scale did not stop the run")
	}
	if !strings.Contains(m.Err().Error(), "demand.elasticity") {
		t.Errorf("message %q does not say what to change", m.Err())
	}
}
