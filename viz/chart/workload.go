package chart

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Place is a point of the city layout (km) with a value.
type Place struct {
	Name  string
	X, Y  float64 // km
	Value float64
}

// MapGrid is the number of heat-map cells across the wider side of the
// city.
const MapGrid = 120

// NearestCells tessellates the city into a grid of cells, each taking the
// value of the nearest street (a Voronoi map of the streets), and leaves
// out the cells farther than reach from every point of the city (the
// streets and communities). Neighbouring cells of one row with the same
// street are merged into one cell.
func NearestCells(streets []Place, city [][2]float64, reach float64) []Cell {
	pts := append([][2]float64(nil), city...)
	for _, s := range streets {
		pts = append(pts, [2]float64{s.X, s.Y})
	}
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		x0, x1 = math.Min(x0, p[0]), math.Max(x1, p[0])
		y0, y1 = math.Min(y0, p[1]), math.Max(y1, p[1])
	}
	x0, y0, x1, y1 = x0-reach, y0-reach, x1+reach, y1+reach
	side := math.Max(x1-x0, y1-y0) / MapGrid
	nx, ny := int(math.Ceil((x1-x0)/side)), int(math.Ceil((y1-y0)/side))
	var cells []Cell
	for r := range ny {
		cy := y0 + (float64(r)+0.5)*side
		run := -1
		var start float64
		flush := func(end float64) {
			if run >= 0 {
				cells = append(cells, Cell{X0: start, Y0: cy - side/2, X1: end, Y1: cy + side/2, V: streets[run].Value})
			}
		}
		for q := range nx {
			cx := x0 + (float64(q)+0.5)*side
			in := false
			for _, p := range pts {
				if math.Hypot(p[0]-cx, p[1]-cy) <= reach {
					in = true
					break
				}
			}
			near := -1
			if in {
				best := math.Inf(1)
				for i, s := range streets {
					if d := math.Hypot(s.X-cx, s.Y-cy); d < best {
						best, near = d, i
					}
				}
			}
			if near != run {
				flush(cx - side/2)
				run, start = near, cx-side/2
			}
		}
		flush(x0 + float64(nx)*side)
	}
	return cells
}

// reachOf is how far the city extends around its points: three quarters of
// the largest distance from a point to its nearest neighbour, so a regular
// grid of communities fills in without holes.
func reachOf(pts [][2]float64) float64 {
	var far float64
	for i, p := range pts {
		best := math.Inf(1)
		for j, q := range pts {
			if i != j {
				if d := math.Hypot(p[0]-q[0], p[1]-q[1]); d > 0 {
					best = math.Min(best, d)
				}
			}
		}
		if !math.IsInf(best, 1) {
			far = math.Max(far, best)
		}
	}
	if far == 0 {
		return 1
	}
	return 0.75 * far
}

// KindWorkloadMap is the kind of chart WorkloadMap draws: grassroots workload by street over the city layout.
const KindWorkloadMap Kind = "workload-map"

// WorkloadMap draws grassroots workload by street over the city layout:
// each place of the city takes the colour of its nearest street's workload
// (hours per worker per week), light to dark, with the streets marked and
// their values written. communities are the positions (km) of the city's
// communities, which give the map its outline (nil: the streets alone).
func WorkloadMap(streets []Place, communities [][2]float64, o Options) (*Chart, error) {
	const k = KindWorkloadMap
	if len(streets) == 0 {
		return nil, fmt.Errorf("chart: %s: no streets", k)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	pts := append([][2]float64(nil), communities...)
	for i, s := range streets {
		if err := checkName(k, "street", i, s.Name); err != nil {
			return nil, err
		}
		if err := checkValues(k, fmt.Sprintf("street %q position and value", s.Name), []float64{s.X, s.Y, s.Value}); err != nil {
			return nil, err
		}
		lo, hi = math.Min(lo, s.Value), math.Max(hi, s.Value)
		pts = append(pts, [2]float64{s.X, s.Y})
	}
	for i, p := range communities {
		if err := checkValues(k, fmt.Sprintf("community %d position", i), p[:]); err != nil {
			return nil, err
		}
	}
	unit := o.word("map.unit")
	c := newChart(k, o, o.word("map.title"), AxisText{o.word("map.x"), unit}, AxisText{o.word("map.y"), unit})
	c.EqualAspect = true
	// The scale spans the values (widened to round numbers), not 0 to the
	// maximum: the map is there to show which streets carry more; the
	// colour bar states the range.
	c.Scale = &ColorScale{AxisText: o.axis("map.scale")}
	c.Scale.Min, c.Scale.Max = niceRange(lo, hi)
	if c.Scale.Max <= c.Scale.Min {
		c.Scale.Min, c.Scale.Max = lo-1, hi+1
	}
	c.add(Layer{Kind: Cells, Cells: NearestCells(streets, communities, reachOf(pts))})
	if len(communities) > 0 {
		xs, ys := make([]float64, len(communities)), make([]float64, len(communities))
		for i, p := range communities {
			xs[i], ys[i] = p[0], p[1]
		}
		c.add(Layer{Kind: Points, Style: Style{Color: withAlpha(grey, 160), Marker: Circle}, X: xs, Y: ys, Hollow: true})
	}
	// Each street: a dot, and beside it its name (when there is room: few
	// streets) and value, in dark text on light cells and light text on
	// dark ones.
	var xs, ys []float64
	light := Layer{Kind: Labels, Style: Style{Color: black}, Anchor: -1}
	dark := Layer{Kind: Labels, Style: Style{Color: hex("#ffffff")}, Anchor: -1}
	named := len(streets) <= 24
	for _, s := range streets {
		xs = append(xs, s.X)
		ys = append(ys, s.Y)
		l := &light
		if c.Scale.frac(s.Value) > 0.55 {
			l = &dark
		}
		txt := sig3(s.Value)
		if named {
			txt = s.Name + " " + txt
		}
		l.X, l.Y, l.Text = append(l.X, s.X), append(l.Y, s.Y), append(l.Text, txt)
	}
	c.add(Layer{Kind: Points, Style: Style{Color: black, Marker: Circle}, X: xs, Y: ys})
	for _, l := range []Layer{light, dark} {
		if len(l.X) > 0 {
			c.add(l)
		}
	}
	return c.finish()
}

// niceRange widens [lo, hi] to the round numbers of its tick step.
func niceRange(lo, hi float64) (float64, float64) {
	var labelled []float64
	for _, t := range (niceTicks{}).Ticks(lo, hi) {
		if t.Label != "" {
			labelled = append(labelled, t.Value)
		}
	}
	if len(labelled) < 2 {
		return lo, hi
	}
	slices.Sort(labelled)
	step := labelled[1] - labelled[0]
	return math.Floor(lo/step+1e-9) * step, math.Ceil(hi/step-1e-9) * step
}

// sig3 writes a value with three significant digits (at most one decimal
// from 100 up).
func sig3(v float64) string {
	switch a := math.Abs(v); {
	case a >= 100:
		return strconv.FormatFloat(v, 'f', 0, 64)
	case a >= 10:
		return strconv.FormatFloat(v, 'f', 1, 64)
	case a >= 1:
		return strconv.FormatFloat(v, 'f', 2, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}

// Distribution is a set of values across units (hours per worker per week
// of each street or community), for a Lorenz curve.
type Distribution struct {
	Name   string
	Values []float64
}

// LorenzCurve returns the Lorenz curve of xs (≥ 0, not all 0): the
// cumulative share (%) of units, least loaded first, against the
// cumulative share (%) of the total, from (0, 0) to (100, 100); and the
// Gini coefficient, 1 − twice the area under the curve (the trapezoid rule
// on the curve's own points is exact).
func LorenzCurve(xs []float64) (x, y []float64, gini float64) {
	s := slices.Clone(xs)
	slices.Sort(s)
	var total float64
	for _, v := range s {
		total += v
	}
	n := float64(len(s))
	x, y = []float64{0}, []float64{0}
	var cum, area float64
	for i, v := range s {
		prev := cum
		cum += v
		x = append(x, 100*float64(i+1)/n)
		y = append(y, 100*cum/total)
		area += (prev + cum) / total / 2 / n
	}
	return x, y, 1 - 2*area
}

// KindLorenz is the kind of chart Lorenz draws: Lorenz curve of workload across units, with its Gini.
const KindLorenz Kind = "lorenz"

// Lorenz draws the Lorenz curve of each distribution with its Gini in the
// legend, and the line of equal shares.
func Lorenz(ds []Distribution, o Options) (*Chart, error) {
	const k = KindLorenz
	if len(ds) == 0 {
		return nil, fmt.Errorf("chart: %s: no distributions", k)
	}
	c := newChart(k, o, o.word("lorenz.title"), o.axis("lorenz.x"), o.axis("lorenz.y"))
	c.X.Fixed, c.X.Min, c.X.Max = true, 0, 100
	c.Y.Fixed, c.Y.Min, c.Y.Max = true, 0, 100
	c.add(Layer{Kind: Line, Name: o.word("lorenz.equal"), Style: Style{Color: grey, Dashes: dash(2, 2)}, Thin: true, X: []float64{0, 100}, Y: []float64{0, 100}})
	for i, d := range ds {
		if err := checkName(k, "distribution", i, d.Name); err != nil {
			return nil, err
		}
		if len(d.Values) < 2 {
			return nil, fmt.Errorf("chart: %s: %q has %d values: a Lorenz curve needs at least 2 units", k, d.Name, len(d.Values))
		}
		if err := checkShares(k, fmt.Sprintf("%q values", d.Name), d.Values, "every value is 0, there is nothing to share"); err != nil {
			return nil, err
		}
		x, y, g := LorenzCurve(d.Values)
		name := fmt.Sprintf("%s (%s %.2f)", d.Name, o.word("lorenz.gini"), g)
		c.add(Layer{Kind: Line, Name: name, Style: Series(i), X: x, Y: y})
		if len(x) <= 40 {
			c.add(Layer{Kind: Points, Name: name, Style: Series(i), X: x[1:], Y: y[1:]})
		}
	}
	return c.finish()
}
