package stats

import (
	"math"
	"testing"
)

func TestTimeAverageStraddlingWindow(t *testing.T) {
	// Window [10, 20]. Levels: 2 on [0,5), 4 on [5,12), 1 on [12,15),
	// 3 on [15,25), 7 from 25. By hand, the parts inside the window are
	// 4·(12−10) + 1·(15−12) + 3·(20−15) = 8 + 3 + 15 = 26, mean 26/10, and
	// the largest level in force inside is 4 (2 ends before, 7 starts after).
	ta := NewTimeAverage(10, 20)
	ta.Set(0, 2)
	ta.Set(5, 4)
	if got := ta.Integral(9); got != 0 {
		t.Errorf("Integral(9) before the window = %v, want 0", got)
	}
	if got := ta.Integral(11); got != 4 {
		t.Errorf("Integral(11) = %v, want 4·1 = 4", got)
	}
	ta.Set(12, 1)
	if got, want := ta.Integral(13), 8.0+1; got != want {
		t.Errorf("Integral(13) = %v, want %v", got, want)
	}
	if got, want := ta.Mean(13), 9.0/3; got != want {
		t.Errorf("Mean(13) = %v, want %v", got, want)
	}
	ta.Set(15, 3)
	ta.Set(25, 7)
	for _, tq := range []float64{20, 25, 1e9} {
		if got := ta.Integral(tq); got != 26 {
			t.Errorf("Integral(%v) = %v, want 26", tq, got)
		}
		if got := ta.Mean(tq); got != 2.6 {
			t.Errorf("Mean(%v) = %v, want 2.6", tq, got)
		}
	}
	if got := ta.Max(); got != 4 {
		t.Errorf("Max = %v, want 4", got)
	}
	if got := ta.Level(); got != 7 {
		t.Errorf("Level = %v, want 7", got)
	}
}

func TestTimeAverageOnePieceCoversWindow(t *testing.T) {
	// A single level 3 set before the window and never changed: the
	// integral over [10, 20] is 3·10 = 30 and the maximum is 3.
	ta := NewTimeAverage(10, 20)
	ta.Set(5, 3)
	if got := ta.Integral(100); got != 30 {
		t.Errorf("Integral = %v, want 30", got)
	}
	if got := ta.Max(); got != 3 {
		t.Errorf("Max = %v, want 3", got)
	}
	if got := ta.Mean(15); got != 3 {
		t.Errorf("Mean(15) = %v, want 3", got)
	}
}

func TestTimeAverageAddQueue(t *testing.T) {
	// A queue over [0, 10]: arrivals at 1, 2, 3, departures at 4, 6, 9.
	// Length 0,1,2,3,2,1,0 on [0,1),[1,2),[2,3),[3,4),[4,6),[6,9),[9,10]:
	// integral 0+1+2+3+4+3+0 = 13 by hand, so the mean is 1.3 and, by
	// Little's law, the mean time in queue is 13/3 (waits 3, 4, 6).
	ta := NewTimeAverage(0, 10)
	for _, a := range []float64{1, 2, 3} {
		ta.Add(a, +1)
	}
	for _, d := range []float64{4, 6, 9} {
		ta.Add(d, -1)
	}
	if got := ta.Mean(10); math.Abs(got-1.3) > 1e-15 {
		t.Errorf("Mean = %v, want 1.3", got)
	}
	if got, want := ta.Integral(10)/3, (3.0+4+6)/3; got != want {
		t.Errorf("Little: integral/arrivals = %v, want mean wait %v", got, want)
	}
	if got := ta.Max(); got != 3 {
		t.Errorf("Max = %v, want 3", got)
	}
}

func TestTimeAverageZeroDurationLevel(t *testing.T) {
	// A customer who joins and leaves at the same instant never makes the
	// queue non-empty for any length of time: Max stays 0, the integral 0.
	ta := NewTimeAverage(0, 10)
	ta.Add(5, 1)
	ta.Add(5, -1)
	if ta.Max() != 0 || ta.Integral(10) != 0 {
		t.Errorf("Max, Integral = %v, %v, want 0, 0", ta.Max(), ta.Integral(10))
	}
	// Before any Set the level is 0 and Mean over an empty cover is NaN.
	fresh := NewTimeAverage(0, 10)
	if fresh.Max() != 0 || fresh.Level() != 0 || !math.IsNaN(fresh.Mean(0)) {
		t.Errorf("fresh: Max, Level, Mean(0) = %v, %v, %v, want 0, 0, NaN", fresh.Max(), fresh.Level(), fresh.Mean(0))
	}
	if !math.IsNaN(NewTimeAverage(3, 3).Max()) {
		t.Error("zero-length window: Max should be NaN")
	}
}

func TestTimeAveragePanics(t *testing.T) {
	expectPanics(t, []namedFunc{
		{"end before start", func() { NewTimeAverage(2, 1) }},
		{"Set back in time", func() {
			ta := NewTimeAverage(0, 10)
			ta.Set(5, 1)
			ta.Set(4, 2)
		}},
		{"Integral before latest Set inside window", func() {
			ta := NewTimeAverage(0, 10)
			ta.Set(5, 1)
			ta.Integral(4)
		}},
	})
}
