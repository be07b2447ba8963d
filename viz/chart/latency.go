package chart

import (
	"fmt"
	"math"
	"strconv"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Bin is one bin of a histogram: Count values in [Lo, Hi).
type Bin struct {
	Lo, Hi float64
	Count  float64
}

// LatencySeries is one scenario's distribution of the time to finish a
// matter: the latency histogram of summary.json (days) and its 50th and
// 90th percentiles.
type LatencySeries struct {
	Name     string
	Bins     []Bin
	P50, P90 float64 // days
}

// ECDF returns the cumulative share (%) of the histogram at each bin edge:
// X[0] is the lower edge of the first bin (Y 0), then each bin's upper
// edge with the share of values below it. Between edges the curve is
// drawn straight (on the log axis): the histogram says no more. A first
// bin that starts at 0 starts one bin width (on the log scale) below its
// upper edge instead, so it can be drawn on a log axis.
func ECDF(bins []Bin) (x, y []float64) {
	var total float64
	for _, b := range bins {
		total += b.Count
	}
	if len(bins) == 0 || total <= 0 {
		return nil, nil
	}
	lo := bins[0].Lo
	if lo <= 0 {
		lo = bins[0].Hi / math.Pow(10, 0.1)
		if len(bins) > 1 && bins[1].Hi > bins[1].Lo && bins[1].Lo > 0 {
			lo = bins[0].Hi * bins[1].Lo / bins[1].Hi
		}
	}
	x, y = []float64{lo}, []float64{0}
	var cum float64
	for _, b := range bins {
		cum += b.Count
		hi := b.Hi
		if math.IsInf(hi, 1) { // the last, open bin: draw it one bin wide
			hi = b.Lo * math.Pow(10, 0.1)
		}
		x = append(x, hi)
		y = append(y, 100*cum/total)
	}
	return x, y
}

// KindLatency is the kind of chart Latency draws: ECDF of the time to finish a matter, p50 and p90 marked.
const KindLatency Kind = "latency"

// Latency draws the distribution of the time to finish a matter as an
// ECDF per scenario on a log time axis, with the 50th and 90th percentiles
// marked.
func Latency(series []LatencySeries, o Options) (*Chart, error) {
	const k = KindLatency
	if len(series) == 0 {
		return nil, fmt.Errorf("chart: %s: no series", k)
	}
	c := newChart(k, o, o.word("latency.title"), o.axis("latency.x"), o.axis("latency.y"))
	c.X.Log = true
	c.Y.Fixed, c.Y.Min, c.Y.Max = true, 0, 100
	c.add(Layer{Kind: RuleY, Y: []float64{50, 90}, Style: Style{Color: grey, Dashes: dash(2, 2)}, Thin: true})
	for i, s := range series {
		if err := checkName(k, "series", i, s.Name); err != nil {
			return nil, err
		}
		if len(s.Bins) == 0 {
			return nil, fmt.Errorf("chart: %s: series %q has no histogram bins", k, s.Name)
		}
		for j, b := range s.Bins {
			if math.IsNaN(b.Lo) || math.IsNaN(b.Hi) || math.IsNaN(b.Count) || math.IsInf(b.Lo, 0) || math.IsInf(b.Count, 0) || b.Count < 0 || !(b.Hi > b.Lo) {
				return nil, fmt.Errorf("chart: %s: series %q bin %d [%v, %v) count %v: want finite edges lo < hi and a count ≥ 0", k, s.Name, j, b.Lo, b.Hi, b.Count)
			}
			if j > 0 && b.Lo < s.Bins[j-1].Hi*(1-1e-9) {
				return nil, fmt.Errorf("chart: %s: series %q bin %d starts at %v, before bin %d ends (%v): bins must be in order", k, s.Name, j, b.Lo, j-1, s.Bins[j-1].Hi)
			}
		}
		for _, p := range []struct {
			n string
			v float64
		}{{"p50", s.P50}, {"p90", s.P90}} {
			if !stats.Finite(p.v) || p.v <= 0 {
				return nil, fmt.Errorf("chart: %s: series %q: %s is %v, want a finite number of days > 0", k, s.Name, p.n, p.v)
			}
		}
		x, y := ECDF(s.Bins)
		if x == nil {
			return nil, fmt.Errorf("chart: %s: series %q: the histogram is empty (no completed matters)", k, s.Name)
		}
		st := Series(i)
		name := fmt.Sprintf("%s (p50 %s, p90 %s%s)", s.Name, days(s.P50), days(s.P90), o.word("unit.days"))
		c.add(Layer{Kind: Line, Name: name, Style: st, X: x, Y: y})
		c.add(Layer{Kind: Points, Name: name, Style: st, X: []float64{s.P50, s.P90}, Y: []float64{50, 90}})
	}
	c.Note = o.word("latency.note")
	return c.finish()
}

// days writes a number of days with three significant digits.
func days(d float64) string {
	switch {
	case d >= 100:
		return strconv.FormatFloat(d, 'f', 0, 64)
	case d >= 10:
		return strconv.FormatFloat(d, 'f', 1, 64)
	}
	return strconv.FormatFloat(d, 'f', 2, 64)
}
