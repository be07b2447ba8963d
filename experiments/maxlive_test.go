package experiments

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/model"
)

// overloadExp: point 1 gives births at 1,000× their rate, far more than the
// windows can serve; points 0 and 2 are the classroom as shipped.
const overloadExp = `
name = "test-overload"
base = "classroom"
[set]
"run.horizon" = "2w"
"run.warmup" = "0s"
[[lever]]
path = "matter.birth.rate_per_1000"
values = [0.05, 50, 0.1]
[replications]
n = 2
`

// A sweep passes MaxLive to every run: the overloaded point's run stops
// with the live-entity error, which names the point, and stops the sweep;
// the runs finished before are kept in the journal, and the sweep resumed
// under another bound (the bound is not part of the plan) keeps them and
// completes (issue 14, --max-live of sim sweep).
func TestSweepMaxLive(t *testing.T) {
	file := writeExp(t, overloadExp)
	dir := t.TempDir()
	src := CachedSource()
	e, err := src.LoadExperiment(file)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := NewPlan(e, src, 1)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Sweep(SweepSpec{Plan: plan, Experiment: e, Source: src, OutDir: dir, Workers: 1, MaxLive: 3000})
	var le *model.LiveError
	if !errors.As(err, &le) || le.Limit != 3000 {
		t.Fatalf("sweep error %v, want a LiveError with bound 3000", err)
	}
	for _, w := range []string{"point 1 (", "rate_per_1000=50", "exceed the bound of 3000", "--max-live"} {
		if !strings.Contains(err.Error(), w) {
			t.Errorf("error lacks %q: %v", w, err)
		}
	}
	j, err := openJournal(filepath.Join(dir, journalName), false)
	if err != nil {
		t.Fatal(err)
	}
	d, ok := j.done[0]
	runs := len(j.runs)
	_, bad := j.done[1]
	j.close()
	if !ok || d.n != 2 || runs != 2 || bad {
		t.Errorf("journal after the stop: point 0 done %v (%d runs), %d runs in all, point 1 done %v; want point 0's 2 runs alone", ok, d.n, runs, bad)
	}
	tm, err := Sweep(SweepSpec{Plan: plan, Experiment: e, Source: src, OutDir: dir, Workers: 1})
	if err != nil {
		t.Fatalf("resumed under the default bound: %v", err)
	}
	if tm.Resumed != 2 || tm.Runs != 4 {
		t.Errorf("resumed %d and ran %d runs, want 2 and 4", tm.Resumed, tm.Runs)
	}
}
