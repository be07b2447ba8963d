package chart

import (
	"fmt"
	"strconv"
)

// VisitSeries is one scenario's visits distribution: Counts[k] matters
// made k visits, the last count being that many or more (summary.json's
// visit_counts: 0, 1, …, 5, 6+). Counts may be means over replications.
type VisitSeries struct {
	Name   string
	Counts []float64
}

// VisitShares folds counts into the shares (%) of 0, 1, 2 and 3 or more
// visits.
func VisitShares(counts []float64) [4]float64 {
	var out [4]float64
	var total float64
	for k, n := range counts {
		out[min(k, 3)] += n
		total += n
	}
	if total > 0 {
		for i := range out {
			out[i] = 100 * out[i] / total
		}
	}
	return out
}

// KindVisits is the kind of chart Visits draws: shares of matters by visits (0, 1, 2, 3+), stacked.
const KindVisits Kind = "visits"

// Visits draws one stacked bar per scenario: the shares of completed
// matters that took 0, 1, 2 and 3 or more visits, light to dark, with the
// share written on every segment wide enough to hold it.
func Visits(series []VisitSeries, o Options) (*Chart, error) {
	const k = KindVisits
	if len(series) == 0 {
		return nil, fmt.Errorf("chart: %s: no series", k)
	}
	c := newChart(k, o, o.word("visits.title"), AxisText{}, o.axis("visits.y"))
	c.Y.Fixed, c.Y.Min, c.Y.Max = true, 0, 100
	n := len(series)
	shares := make([][4]float64, n)
	for i, s := range series {
		if err := checkName(k, "series", i, s.Name); err != nil {
			return nil, err
		}
		if len(s.Counts) == 0 {
			return nil, fmt.Errorf("chart: %s: series %q has no visit counts", k, s.Name)
		}
		if err := checkShares(k, fmt.Sprintf("series %q counts", s.Name), s.Counts, "no completed matters"); err != nil {
			return nil, err
		}
		shares[i] = VisitShares(s.Counts)
		c.X.Categories = append(c.X.Categories, s.Name)
	}
	base := make([]float64, n)
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = float64(i)
	}
	for cat := range 4 {
		lo := append([]float64(nil), base...)
		hi := make([]float64, n)
		for i := range n {
			hi[i] = lo[i] + shares[i][cat]
		}
		c.add(Layer{Kind: Bars, Name: o.word("visits." + strconv.Itoa(cat)), Style: Style{Color: sequential[cat]}, Fill: true,
			X: xs, Lo: lo, Hi: hi, Width: 0.6})
		// labels on segments of 4% or more, dark text on light fills
		var lx, ly []float64
		var lt []string
		for i := range n {
			if shares[i][cat] >= 4 {
				lx = append(lx, xs[i])
				ly = append(ly, (lo[i]+hi[i])/2)
				lt = append(lt, strconv.FormatFloat(shares[i][cat], 'f', 0, 64)+"%")
			}
		}
		txt := black
		if cat >= 2 {
			txt = hex("#ffffff")
		}
		if len(lx) > 0 {
			c.add(Layer{Kind: Labels, Style: Style{Color: txt}, X: lx, Y: ly, Text: lt})
		}
		base = hi
	}
	return c.finish()
}
