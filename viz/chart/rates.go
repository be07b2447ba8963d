package chart

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
)

// Rate is one rate (%) with the CI of its mean across replications; NoCI
// marks a single run (Lo and Hi are then ignored). A NaN Mean is a rate
// with nothing to count (no rated closure): it is not drawn.
type Rate struct {
	Mean, Lo, Hi float64
	NoCI         bool
}

// RateSet is one scenario (or stage) in a Rates chart: its three rates
// 三率 of hotline tickets — response, resolution (as citizens rate it),
// satisfaction — and the resolution rate the handling units report
// (recognised: solved plus false closures), NaN when not shown.
type RateSet struct {
	Name       string
	Rates      [3]Rate // response, resolution, satisfaction
	Recognised Rate
}

// KindRates is the kind of chart Rates draws: the three rates 三率 per scenario, with CIs.
const KindRates Kind = "rates"

// Rates draws one group of three bars per scenario, the response,
// resolution and satisfaction rates (%, 0–100), with their CIs as error
// bars and each mean written above its bar. Where a set has a recognised
// resolution rate, a hollow square marks it over the resolution bar: the
// distance between the two is what the units report solved but the
// citizens do not.
func Rates(sets []RateSet, o Options) (*Chart, error) {
	const k = KindRates
	if len(sets) == 0 {
		return nil, fmt.Errorf("chart: %s: no scenarios", k)
	}
	c := newChart(k, o, o.word("rates.title"), AxisText{}, o.axis("rates.y"))
	c.Y.Fixed, c.Y.Min, c.Y.Max = true, 0, 110 // room for the labels above 100%
	const w = 0.26
	offsets := [3]float64{-w, 0, w}
	var bars [3]Layer
	for r := range bars {
		bars[r] = Layer{Kind: Bars, Name: o.word("rates." + strconv.Itoa(r)), Style: Style{Color: rateColors[r]}, Fill: true, Width: w * 0.9}
	}
	errs := Layer{Kind: ErrorBars, Style: Style{Color: black}, Width: w * 0.35}
	labels := Layer{Kind: Labels, Style: Style{Color: black}, Dy: 9}
	rec := Layer{Kind: Points, Name: o.word("rates.recognised"), Style: Style{Color: black, Marker: Square}, Hollow: true}
	drawn := false
	for i, s := range sets {
		if err := checkName(k, "scenario", i, s.Name); err != nil {
			return nil, err
		}
		c.X.Categories = append(c.X.Categories, s.Name)
		for r, v := range s.Rates {
			if math.IsNaN(v.Mean) {
				continue
			}
			if err := checkRate(k, s.Name, r, v); err != nil {
				return nil, err
			}
			x := float64(i) + offsets[r]
			bars[r].X, bars[r].Lo, bars[r].Hi = append(bars[r].X, x), append(bars[r].Lo, 0), append(bars[r].Hi, v.Mean)
			top := v.Mean
			if !v.NoCI {
				errs.X, errs.Lo, errs.Hi = append(errs.X, x), append(errs.Lo, v.Lo), append(errs.Hi, v.Hi)
				top = math.Max(top, v.Hi)
			}
			if r == 1 && !math.IsNaN(s.Recognised.Mean) {
				top = math.Max(top, s.Recognised.Mean+1.5) // above the square
			}
			labels.X, labels.Y = append(labels.X, x), append(labels.Y, math.Min(top, 101))
			labels.Text = append(labels.Text, strconv.FormatFloat(v.Mean, 'f', 0, 64))
			drawn = true
		}
		if v := s.Recognised; !math.IsNaN(v.Mean) {
			if err := checkRate(k, s.Name, 3, v); err != nil {
				return nil, err
			}
			rec.X, rec.Y = append(rec.X, float64(i)+offsets[1]), append(rec.Y, v.Mean)
		}
	}
	if !drawn {
		return nil, fmt.Errorf("chart: %s: no scenario has a rated ticket closure", k)
	}
	for _, b := range bars {
		if len(b.X) > 0 {
			c.add(b)
		}
	}
	if len(errs.X) > 0 {
		c.add(errs)
	}
	if len(rec.X) > 0 {
		c.add(rec)
	}
	c.add(labels)
	c.Note = o.word("rates.note")
	return c.finish()
}

var rateNames = [4]string{"response", "resolution", "satisfaction", "recognised resolution"}

func checkRate(k Kind, name string, r int, v Rate) error {
	vals := []float64{v.Mean}
	if !v.NoCI {
		vals = append(vals, v.Lo, v.Hi)
	}
	what := fmt.Sprintf("scenario %q %s rate", name, rateNames[r])
	if err := checkValues(k, what, vals); err != nil {
		return err
	}
	if v.Mean < 0 || v.Mean > 100 {
		return fmt.Errorf("chart: %s: %s %v is not a percentage in [0, 100]", k, what, v.Mean)
	}
	if !v.NoCI && !(v.Lo <= v.Mean && v.Mean <= v.Hi) {
		return fmt.Errorf("chart: %s: %s %v is outside its CI [%v, %v]", k, what, v.Mean, v.Lo, v.Hi)
	}
	return nil
}

// rateColors: Okabe–Ito blue, orange-yellow and green, told apart in grey
// by lightness (L* 46, 71, 58 → dark, light, middle).
var rateColors = [3]color.NRGBA{hex("#0072B2"), hex("#E69F00"), hex("#009E73")}
