package experiments

import (
	"fmt"
	"os"
	"runtime"
	"strings"
	"testing"
)

// long says whether the long checks run (TIAOKUAI_LONG=1, scripts/test.sh).
func long() bool { return os.Getenv("TIAOKUAI_LONG") == "1" }

// scaledExp is the classroom town at a larger scale: runs of about
// seconds (with tickets and grassroots work, scale 4: ~0.5 s, scale 15: ~1 s on the reference machine).
func scaledExp(scale float64, horizon string, reps int) string {
	return fmt.Sprintf(`
name = "scaled"
base = "classroom"
[set]
"run.scale" = %g
"run.horizon" = %q
[[lever]]
path = "platform.one_window"
values = [false, true]
[replications]
n = %d
[output]
timeseries = false
`, scale, horizon, reps)
}

// TestThroughputScales: two workers finish a sweep faster than one. The
// long check wants a speed-up of at least 1.8× for runs of a second or more
// on two cores. The short one shares the machine with the other test
// packages, so a wall-clock speed-up would measure them too; it asserts a
// generous floor on what the sweep controls: with two workers, on average
// at least 1.5 runs are in flight (the runs' summed wall time over the
// sweep's), and logs the speed-up.
func TestThroughputScales(t *testing.T) {
	if runtime.NumCPU() < 2 || runtime.GOMAXPROCS(0) < 2 {
		t.Skip("one core")
	}
	if !long() {
		exp := writeExp(t, scaledExp(2, "26w", 4))
		one := sweep(t, exp, t.TempDir(), 1, Shard{})
		two := sweep(t, exp, t.TempDir(), 2, Shard{})
		inFlight := two.RunSeconds / two.WallSeconds
		t.Logf("%d runs of %.2f s: 1 worker %.2f s, 2 workers %.2f s (speed-up %.2f×), %.2f runs in flight", one.Runs, one.RunSeconds/float64(one.Runs), one.WallSeconds, two.WallSeconds, one.WallSeconds/two.WallSeconds, inFlight)
		if inFlight < 1.5 {
			t.Errorf("two workers kept %.2f runs in flight on average, want ≥ 1.5", inFlight)
		}
		return
	}
	exp := writeExp(t, scaledExp(15, "52w", 4))
	best := 0.0
	for range 2 {
		one := sweep(t, exp, t.TempDir(), 1, Shard{})
		two := sweep(t, exp, t.TempDir(), 2, Shard{})
		speedup := one.WallSeconds / two.WallSeconds
		t.Logf("%d runs of %.2f s: 1 worker %.2f s, 2 workers %.2f s: speed-up %.2f×", one.Runs, one.RunSeconds/float64(one.Runs), one.WallSeconds, two.WallSeconds, speedup)
		best = max(best, speedup)
		if best >= 1.8 {
			break
		}
	}
	if best < 1.8 {
		t.Errorf("best speed-up %.2f× < 1.8× (is the machine otherwise idle?)", best)
	}
}

// TestLongMemory: a 10,000-run sweep of the classroom town holds the same
// memory after 2,000 runs as after 10,000 (long check).
func TestLongMemory(t *testing.T) {
	if !long() {
		t.Skip("TIAOKUAI_LONG=1")
	}
	exp := writeExp(t, strings.Replace(fixedExp, "n = 3", "n = 2500", 1)) // 4 points × 2,500
	src := CachedSource()
	e, err := src.LoadExperiment(exp)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := NewPlan(e, src, 2)
	if err != nil {
		t.Fatal(err)
	}
	var at2k, peak uint64
	var ms runtime.MemStats
	next := 1000
	spec := SweepSpec{Plan: plan, Experiment: e, Source: src, OutDir: t.TempDir(), Workers: 2, Progress: func(p Progress) {
		if p.Done < next {
			return
		}
		next += 1000
		runtime.GC()
		runtime.ReadMemStats(&ms)
		t.Logf("%5d runs: heap in use %.1f MiB, from the OS %.1f MiB", p.Done, float64(ms.HeapInuse)/(1<<20), float64(ms.Sys)/(1<<20))
		if p.Done >= 2000 && at2k == 0 {
			at2k = ms.HeapInuse
		}
		peak = max(peak, ms.HeapInuse)
	}}
	tm, err := Sweep(spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d runs in %.0f s, outputs written in %.1f s", tm.Runs, tm.WallSeconds, tm.OutputSeconds)
	if tm.Runs != 10000 {
		t.Fatalf("%d runs", tm.Runs)
	}
	if float64(peak) > 1.5*float64(at2k)+8<<20 {
		t.Errorf("heap grew from %.1f MiB at 2,000 runs to %.1f MiB", float64(at2k)/(1<<20), float64(peak)/(1<<20))
	}
}

// TestLongOverhead: for runs of 100 ms or more the experiment machinery
// (scenario loading per run, KPI flattening, the journal, the reorder and
// the output files) takes under 5% of the sweep's time.
func TestLongOverhead(t *testing.T) {
	if !long() {
		t.Skip("TIAOKUAI_LONG=1")
	}
	exp := writeExp(t, scaledExp(4, "52w", 20))
	tm := sweep(t, exp, t.TempDir(), 1, Shard{})
	t.Logf("%d runs of %.3f s: machinery %.1f%% of the time (outputs %.3f s)", tm.Runs, tm.RunSeconds/float64(tm.Runs), tm.Overhead*100, tm.OutputSeconds)
	if tm.RunSeconds/float64(tm.Runs) < 0.1 {
		t.Logf("runs shorter than 100 ms on this machine")
	}
	if tm.Overhead > 0.05 {
		t.Errorf("overhead %.1f%% > 5%%", tm.Overhead*100)
	}
}

// BenchmarkSweepOverhead reports the share of a one-worker sweep's time
// spent outside the runs (metric "overhead-%") for runs of about 0.15 s.
func BenchmarkSweepOverhead(b *testing.B) {
	exp := writeExp(b, scaledExp(4, "52w", 5))
	var over float64
	n := 0
	for b.Loop() {
		tm := sweep(b, exp, b.TempDir(), 1, Shard{})
		over += tm.Overhead
		n++
	}
	b.ReportMetric(100*over/float64(n), "overhead-%")
}
