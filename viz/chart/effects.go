package chart

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// signed writes a value with its sign and three significant digits.
func signed(v float64) string {
	s := strconv.FormatFloat(v, 'g', 3, 64)
	if math.Abs(v) >= 1000 {
		s = strconv.FormatFloat(v, 'f', 0, 64)
	}
	if v > 0 {
		s = "+" + s
	}
	return strings.Replace(s, "-", "−", 1)
}

// Effect is one row of a forest plot: a reform's difference from the
// baseline on one KPI, with its confidence interval.
type Effect struct {
	Label    string
	Estimate float64
	// Lo and Hi bound the CI; NoCI marks a difference of single runs,
	// which has none (Lo and Hi are then ignored).
	Lo, Hi float64
	NoCI   bool
	// Header makes the row a heading for the rows below it (a reform's
	// name): no mark, only the label.
	Header bool
}

// KindForest is the kind of chart Forest draws: reform − baseline differences with CIs.
const KindForest Kind = "forest"

// Forest draws reform − baseline differences, one row each, top to bottom
// in the order given, with their CIs and a line at zero. A row whose CI
// excludes zero has a filled marker; one whose CI spans zero, a hollow
// one. The X axis text (Options.X) is required. With Options.Range set,
// the axis spans that range and a mark beyond it is drawn at the edge with
// its value written beside it.
func Forest(effects []Effect, o Options) (*Chart, error) {
	const k = KindForest
	if o.X.Label == "" || o.X.Unit == "" {
		return nil, fmt.Errorf("chart: %s: say what the differences measure and their unit (Options.X)", k)
	}
	if len(effects) == 0 {
		return nil, fmt.Errorf("chart: %s: no effects", k)
	}
	c := newChart(k, o, o.word("forest.title"), o.X, AxisText{})
	n := len(effects)
	var sig, non, noci Layer
	sig = Layer{Kind: Points, Name: o.word("forest.sig"), Style: Series(2)}
	sig.Marker = Square
	non = sig
	non.Name, non.Hollow = o.word("forest.nonsig"), true
	noci = Layer{Kind: Points, Name: o.word("forest.noci"), Style: Style{Color: Series(0).Color, Marker: Cross}}
	bars := Layer{Kind: ErrorBars, Horizontal: true, Style: Series(2), Width: 0}
	out := Layer{Kind: Labels, Style: Style{Color: black}, Anchor: 1, Dy: 9}
	heads := Layer{Kind: SpanY, Style: Style{Color: hex("#eeeeee")}}
	if r := o.Range; r[1] > r[0] {
		c.X.Fixed, c.X.Min, c.X.Max = true, r[0], r[1]
	}
	for i, e := range effects {
		if err := checkName(k, "effect", i, e.Label); err != nil {
			return nil, err
		}
		y := float64(n - 1 - i)
		c.Y.Categories = append(c.Y.Categories, "")
		if e.Header {
			heads.Lo, heads.Hi = append(heads.Lo, y-0.5), append(heads.Hi, y+0.5)
			continue
		}
		vals := []float64{e.Estimate}
		if !e.NoCI {
			vals = append(vals, e.Lo, e.Hi)
		}
		if err := checkValues(k, fmt.Sprintf("effect %q", e.Label), vals); err != nil {
			return nil, err
		}
		if !e.NoCI && !(e.Lo <= e.Estimate && e.Estimate <= e.Hi) {
			return nil, fmt.Errorf("chart: %s: effect %q: the estimate %v is outside its CI [%v, %v]", k, e.Label, e.Estimate, e.Lo, e.Hi)
		}
		if r := o.Range; r[1] > r[0] {
			clip := func(v float64) float64 { return math.Max(r[0], math.Min(r[1], v)) }
			if e.Estimate != clip(e.Estimate) {
				out.X, out.Y = append(out.X, clip(e.Estimate)), append(out.Y, y)
				out.Text = append(out.Text, signed(e.Estimate))
			}
			e.Estimate, e.Lo, e.Hi = clip(e.Estimate), clip(e.Lo), clip(e.Hi)
		}
		switch {
		case e.NoCI:
			noci.X, noci.Y = append(noci.X, e.Estimate), append(noci.Y, y)
		case e.Lo > 0 || e.Hi < 0:
			sig.X, sig.Y = append(sig.X, e.Estimate), append(sig.Y, y)
		default:
			non.X, non.Y = append(non.X, e.Estimate), append(non.Y, y)
		}
		if !e.NoCI {
			bars.Y, bars.Lo, bars.Hi = append(bars.Y, y), append(bars.Lo, e.Lo), append(bars.Hi, e.Hi)
		}
	}
	for i, e := range effects {
		c.Y.Categories[n-1-i] = e.Label
	}
	if len(heads.Lo) > 0 {
		c.add(heads)
	}
	c.add(Layer{Kind: RuleX, X: []float64{0}, Style: Style{Color: black, Dashes: dash(3, 2)}, Thin: true})
	if len(bars.Y) > 0 {
		c.add(bars)
	}
	for _, l := range []Layer{sig, non, noci, out} {
		if len(l.X) > 0 {
			c.add(l)
		}
	}
	return c.finish()
}

// Package is a reform package: its extra cost over the baseline and its
// improvement (a KPI difference turned so that more is better), with an
// optional CI of the improvement.
type Package struct {
	Name       string
	Cost, Gain float64
	Lo, Hi     float64 // CI of Gain; ignored when NoCI
	NoCI       bool
}

// Dominated says, for each package, whether another package costs no more
// and improves at least as much, and is better in one of the two.
func Dominated(ps []Package) []bool {
	out := make([]bool, len(ps))
	for i, p := range ps {
		for j, q := range ps {
			if i != j && q.Cost <= p.Cost && q.Gain >= p.Gain && (q.Cost < p.Cost || q.Gain > p.Gain) {
				out[i] = true
				break
			}
		}
	}
	return out
}

// KindCost is the kind of chart CostEffect draws: cost against improvement, dominated packages marked.
const KindCost Kind = "cost"

// CostEffect draws each package's cost against its improvement, joins the
// packages no other beats (the efficient frontier, cheapest first) and
// marks the dominated ones with hollow grey markers. Both axis texts
// (Options.X: the cost, Options.Y: the improvement) are required.
func CostEffect(ps []Package, o Options) (*Chart, error) {
	const k = KindCost
	if o.X.Label == "" || o.X.Unit == "" || o.Y.Label == "" || o.Y.Unit == "" {
		return nil, fmt.Errorf("chart: %s: say what cost and improvement measure and their units (Options.X, Options.Y)", k)
	}
	if len(ps) == 0 {
		return nil, fmt.Errorf("chart: %s: no packages", k)
	}
	for i, p := range ps {
		if err := checkName(k, "package", i, p.Name); err != nil {
			return nil, err
		}
		vals := []float64{p.Cost, p.Gain}
		if !p.NoCI {
			vals = append(vals, p.Lo, p.Hi)
		}
		if err := checkValues(k, fmt.Sprintf("package %q", p.Name), vals); err != nil {
			return nil, err
		}
		if !p.NoCI && !(p.Lo <= p.Gain && p.Gain <= p.Hi) {
			return nil, fmt.Errorf("chart: %s: package %q: the improvement %v is outside its CI [%v, %v]", k, p.Name, p.Gain, p.Lo, p.Hi)
		}
	}
	c := newChart(k, o, o.word("cost.title"), o.X, o.Y)
	dom := Dominated(ps)
	var front []int
	for i := range ps {
		if !dom[i] {
			front = append(front, i)
		}
	}
	slices.SortFunc(front, func(a, b int) int {
		if ps[a].Cost != ps[b].Cost {
			return stats.CompareFloat(ps[a].Cost, ps[b].Cost)
		}
		return stats.CompareFloat(ps[a].Gain, ps[b].Gain)
	})
	eff := Layer{Kind: Points, Name: o.word("cost.frontier"), Style: Series(2)}
	eff.Marker = Circle
	line := Layer{Kind: Line, Name: eff.Name, Style: eff.Style, Thin: true}
	bad := Layer{Kind: Points, Name: o.word("cost.dominated"), Style: Style{Color: grey, Marker: Circle}, Hollow: true}
	bars := Layer{Kind: ErrorBars, Style: Style{Color: grey}, Thin: true}
	labels := Layer{Kind: Labels, Style: Style{Color: black}, Anchor: -1}
	for _, i := range front {
		line.X, line.Y = append(line.X, ps[i].Cost), append(line.Y, ps[i].Gain)
	}
	for i, p := range ps {
		if dom[i] {
			bad.X, bad.Y = append(bad.X, p.Cost), append(bad.Y, p.Gain)
		} else {
			eff.X, eff.Y = append(eff.X, p.Cost), append(eff.Y, p.Gain)
		}
		if !p.NoCI {
			bars.X, bars.Lo, bars.Hi = append(bars.X, p.Cost), append(bars.Lo, p.Lo), append(bars.Hi, p.Hi)
		}
		labels.X, labels.Y = append(labels.X, p.Cost), append(labels.Y, p.Gain)
		labels.Text = append(labels.Text, p.Name)
	}
	c.add(Layer{Kind: RuleY, Y: []float64{0}, Style: Style{Color: black}, Thin: true})
	if len(bars.X) > 0 {
		c.add(bars)
	}
	if len(line.X) > 1 {
		c.add(line)
	}
	c.add(eff)
	if len(bad.X) > 0 {
		c.add(bad)
	}
	c.add(labels)
	return c.finish()
}

// Index is a parameter's Sobol indices with their CIs.
type Index struct {
	Param          string
	S1, S1Lo, S1Hi float64
	ST, STLo, STHi float64
}

// KindSobol is the kind of chart Sobol draws: Sobol indices with CIs.
const KindSobol Kind = "sobol"

// Sobol draws first-order and total Sobol indices per parameter as
// horizontal bars with CI whiskers, one row per parameter in the order
// given (sort by ST first to read it as a ranking). Estimates below zero
// or above one (sampling noise) are drawn as they are; the axis spans at
// least 0–1.
func Sobol(idx []Index, o Options) (*Chart, error) {
	const k = KindSobol
	if len(idx) == 0 {
		return nil, fmt.Errorf("chart: %s: no parameters", k)
	}
	c := newChart(k, o, o.word("sobol.title"), o.axis("sobol.x"), AxisText{})
	n := len(idx)
	s1 := Layer{Kind: Bars, Name: o.word("sobol.s1"), Style: Style{Color: sequential[3]}, Fill: true, Horizontal: true, Width: 0.36}
	st := Layer{Kind: Bars, Name: o.word("sobol.st"), Style: Style{Color: sequential[1]}, Fill: true, Horizontal: true, Width: 0.36}
	e1 := Layer{Kind: ErrorBars, Style: Style{Color: black}, Horizontal: true}
	lo, hi := 0.0, 1.0
	c.Y.Categories = make([]string, n)
	for i, x := range idx {
		if err := checkName(k, "parameter", i, x.Param); err != nil {
			return nil, err
		}
		if err := checkValues(k, fmt.Sprintf("parameter %q indices", x.Param), []float64{x.S1, x.S1Lo, x.S1Hi, x.ST, x.STLo, x.STHi}); err != nil {
			return nil, err
		}
		// (a bootstrap percentile interval need not contain its estimate)
		if !(x.S1Lo <= x.S1Hi && x.STLo <= x.STHi) {
			return nil, fmt.Errorf("chart: %s: parameter %q: a CI is inverted (S1 [%v, %v], ST [%v, %v])", k, x.Param, x.S1Lo, x.S1Hi, x.STLo, x.STHi)
		}
		y := float64(n - 1 - i)
		c.Y.Categories[n-1-i] = x.Param
		// ST above S1 within the row
		st.Y, st.Lo, st.Hi = append(st.Y, y+0.2), append(st.Lo, 0), append(st.Hi, x.ST)
		s1.Y, s1.Lo, s1.Hi = append(s1.Y, y-0.2), append(s1.Lo, 0), append(s1.Hi, x.S1)
		e1.Y, e1.Lo, e1.Hi = append(e1.Y, y+0.2, y-0.2), append(e1.Lo, x.STLo, x.S1Lo), append(e1.Hi, x.STHi, x.S1Hi)
		lo = math.Min(lo, math.Min(x.S1Lo, x.STLo))
		hi = math.Max(hi, math.Max(x.S1Hi, x.STHi))
	}
	c.X.Fixed, c.X.Min, c.X.Max = true, lo, hi
	c.add(st)
	c.add(s1)
	c.add(e1)
	c.add(Layer{Kind: RuleX, X: []float64{0}, Style: Style{Color: black}, Thin: true})
	return c.finish()
}
