package chart

import (
	"fmt"
	"math"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// LineSeries is one line of a time series or a response curve: Y at each X,
// with an optional confidence band [Lo, Hi] (both nil for none).
type LineSeries struct {
	Name   string
	X, Y   []float64
	Lo, Hi []float64
}

// Shade is a shaded stretch of the X axis (the warm-up, a reform's start).
type Shade struct {
	From, To float64
	Label    string
}

// KindSeries is the kind of chart TimeSeries draws: a daily series with a CI band across replications.
const KindSeries Kind = "series"

// TimeSeries draws daily series (backlog, grassroots hours per worker,
// tickets in flight, …) with their CI bands across replications. The Y
// axis text (Options.Y) is required: only the caller knows what is drawn.
func TimeSeries(series []LineSeries, shades []Shade, o Options) (*Chart, error) {
	if o.Y.Label == "" || o.Y.Unit == "" {
		return nil, fmt.Errorf("chart: %s: say what the y axis measures and its unit (Options.Y)", KindSeries)
	}
	c := newChart(KindSeries, o, o.Y.Label, o.axis("series.x"), o.Y)
	for i, s := range shades {
		if !stats.Finite(s.From) || !stats.Finite(s.To) || s.To < s.From {
			return nil, fmt.Errorf("chart: %s: shade %d [%v, %v]: want finite From ≤ To", KindSeries, i, s.From, s.To)
		}
		c.add(Layer{Kind: Span, Name: s.Label, Style: Style{Color: hex("#ececec")}, Lo: []float64{s.From}, Hi: []float64{s.To}})
	}
	if err := lines(c, series, false, o); err != nil {
		return nil, err
	}
	return c.finish()
}

// KindResponse is the kind of chart Response draws: a KPI against a factor, one line per level of another.
const KindResponse Kind = "response"

// Response draws a KPI against a factor, one line per level of a second
// factor (or one line), each with its CI band. Both axis texts are
// required.
func Response(series []LineSeries, o Options) (*Chart, error) {
	if o.X.Label == "" || o.X.Unit == "" || o.Y.Label == "" || o.Y.Unit == "" {
		return nil, fmt.Errorf("chart: %s: say what both axes measure and their units (Options.X, Options.Y)", KindResponse)
	}
	c := newChart(KindResponse, o, o.Y.Label+" – "+o.X.Label, o.X, o.Y)
	if err := lines(c, series, true, o); err != nil {
		return nil, err
	}
	return c.finish()
}

func lines(c *Chart, series []LineSeries, markers bool, o Options) error {
	k := c.Kind
	if len(series) == 0 {
		return fmt.Errorf("chart: %s: no series", k)
	}
	var bands bool
	for i, s := range series {
		if err := checkName(k, "series", i, s.Name); err != nil {
			return err
		}
		if len(s.X) == 0 {
			return fmt.Errorf("chart: %s: series %q has no points", k, s.Name)
		}
		if len(s.Y) != len(s.X) {
			return fmt.Errorf("chart: %s: series %q has %d x and %d y values", k, s.Name, len(s.X), len(s.Y))
		}
		if (s.Lo == nil) != (s.Hi == nil) || s.Lo != nil && (len(s.Lo) != len(s.X) || len(s.Hi) != len(s.X)) {
			return fmt.Errorf("chart: %s: series %q: the band needs as many lo and hi values as points (%d), or neither", k, s.Name, len(s.X))
		}
		for _, v := range []struct {
			n  string
			xs []float64
		}{{"x", s.X}, {"y", s.Y}, {"lo", s.Lo}, {"hi", s.Hi}} {
			if err := checkValues(k, fmt.Sprintf("series %q %s", s.Name, v.n), v.xs); err != nil {
				return err
			}
		}
		for j := 1; j < len(s.X); j++ {
			if !(s.X[j] > s.X[j-1]) {
				return fmt.Errorf("chart: %s: series %q: x[%d] = %v does not follow x[%d] = %v: x must increase", k, s.Name, j, s.X[j], j-1, s.X[j-1])
			}
		}
		for j := range s.Lo {
			if s.Lo[j] > s.Hi[j] {
				return fmt.Errorf("chart: %s: series %q: band lo[%d] = %v > hi = %v", k, s.Name, j, s.Lo[j], s.Hi[j])
			}
		}
		st := Series(i)
		if s.Lo != nil {
			bands = true
			c.add(Layer{Kind: Band, Name: s.Name, Style: st, X: s.X, Lo: s.Lo, Hi: s.Hi})
		}
	}
	for i, s := range series {
		st := Series(i)
		c.add(Layer{Kind: Line, Name: s.Name, Style: st, X: s.X, Y: s.Y})
		if markers {
			c.add(Layer{Kind: Points, Name: s.Name, Style: st, X: s.X, Y: s.Y})
		}
	}
	if bands {
		c.Note = o.word("note.band")
	}
	// start Y at zero when every value is ≥ 0 (counts, hours, shares)
	lo := math.Inf(1)
	for _, l := range c.Layers {
		for _, v := range append(append(append([]float64(nil), l.Y...), l.Lo...), l.Hi...) {
			lo = math.Min(lo, v)
		}
	}
	if lo >= 0 {
		c.add(Layer{Kind: RuleY, Y: []float64{0}, Style: Style{Color: black}, Thin: true})
	}
	return nil
}
