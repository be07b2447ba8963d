package chart

import (
	"fmt"
	"strings"
	"unicode"

	"gonum.org/v1/plot/vg"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Kind names a kind of chart. Each constructor declares its kind next to
// itself (KindLatency beside Latency, …); viz/report's Kinds is the one
// list of the kinds a study can be drawn as.
type Kind string

// Lang is the language of a chart's own words (axis titles, legends):
// i18n.Lang, named here for callers of this package.
type Lang = i18n.Lang

// The languages.
const (
	English = i18n.English
	Chinese = i18n.Chinese // Simplified Chinese
)

// Options are what every constructor accepts. The zero value means: the
// English default title and axis labels, 8 × 5 inches.
type Options struct {
	Lang  Lang
	Title string // default: the kind's own title; "-" for none
	// X and Y replace the default axis label and unit (a chart whose axes
	// measure something only the caller knows, such as a time series or a
	// response curve, requires them).
	X, Y AxisText
	// Width and Height of the drawing in inches (default 8 × 5).
	Width, Height float64
	// Range fixes the value axis of a forest plot (zero value: fit the
	// data); marks beyond it are drawn at its edge, their values written.
	Range [2]float64
}

// AxisText is an axis title: what is measured and in which unit.
type AxisText struct {
	Label string
	Unit  string // required: "days", "%", "h", "yuan" …
}

// String is "label (unit)".
func (a AxisText) String() string {
	switch {
	case a.Label == "":
		return ""
	case a.Unit == "":
		return a.Label
	case hasHan(a.Label):
		return a.Label + "（" + a.Unit + "）"
	}
	return a.Label + " (" + a.Unit + ")"
}

// Axis is one axis of a chart.
type Axis struct {
	AxisText
	Log bool // logarithmic scale
	// Min and Max fix the range when Fixed; otherwise it fits the data.
	Fixed    bool
	Min, Max float64
	// Categories label the integer positions 0, 1, … (a categorical axis).
	Categories []string
	// Hidden draws no axis at all.
	Hidden bool
}

// LayerKind is what a layer draws.
type LayerKind int

// The layer kinds.
const (
	Line      LayerKind = iota // a polyline through (X, Y)
	Band                       // the area between Lo and Hi over X (a CI band)
	Points                     // markers at (X, Y)
	Bars                       // bars at X from Lo to Hi (Horizontal: at Y from Lo to Hi), Width wide
	ErrorBars                  // at X from Lo to Hi (Horizontal: at Y from Lo to Hi)
	Labels                     // Text[i] at (X[i], Y[i])
	RuleX                      // vertical reference lines at X
	RuleY                      // horizontal reference lines at Y
	Cells                      // heat-map cells, coloured by V on the chart's colour scale
	Span                       // shaded vertical spans from Lo[i] to Hi[i] (e.g. the warm-up)
	SpanY                      // shaded horizontal stripes from Lo[i] to Hi[i] of Y (heading rows)
)

var layerNames = [...]string{"line", "band", "points", "bars", "error bars", "labels", "x rule", "y rule", "cells", "span", "y span"}

// String names the layer kind.
func (k LayerKind) String() string {
	if int(k) < len(layerNames) {
		return layerNames[k]
	}
	return fmt.Sprintf("layer(%d)", int(k))
}

// Layer is one set of marks, in data coordinates. It is plain data: what a
// constructor computed is exactly what Render draws.
type Layer struct {
	Kind LayerKind
	Name string // legend entry ("" for none); layers with the same name share one entry
	Style
	X, Y, Lo, Hi []float64
	Text         []string
	Cells        []Cell
	Width        float64 // bars: width in data units
	Horizontal   bool    // bars and error bars along X
	Hollow       bool    // markers drawn as outlines
	Fill         bool    // bars: filled with Style.Color (else outlined)
	Thin         bool    // thin line (reference lines, frontier)
	// Anchor of labels: 0 centred, -1 text starts at the point, +1 text ends there.
	Anchor int
	// Dy shifts labels up by that many points.
	Dy float64
}

// Cell is one rectangle of a heat map with its value.
type Cell struct {
	X0, Y0, X1, Y1 float64
	V              float64
}

// ColorScale maps values to the heat scale.
type ColorScale struct {
	AxisText
	Min, Max float64
}

// Chart is a chart ready to render.
type Chart struct {
	Kind   Kind
	Title  string
	X, Y   Axis
	Layers []Layer
	// Scale is the colour scale of Cells layers (the workload map).
	Scale *ColorScale
	// EqualAspect draws one unit of X as long as one unit of Y (maps).
	EqualAspect bool
	// Note is a line of small text under the chart (a source, a caveat).
	Note          string
	Width, Height vg.Length
	// Warnings are problems that do not stop rendering, such as text the
	// installed fonts cannot draw.
	Warnings []string
	// Legend entries in order, with the layers each one stands for.
	legendOrder []string
}

func newChart(kind Kind, o Options, title string, x, y AxisText) *Chart {
	c := &Chart{Kind: kind, Title: title, Width: vg.Length(o.Width) * vg.Inch, Height: vg.Length(o.Height) * vg.Inch}
	if o.Title != "" {
		c.Title = o.Title
	}
	if c.Title == "-" {
		c.Title = ""
	}
	if c.Width <= 0 {
		c.Width = 8 * vg.Inch
	}
	if c.Height <= 0 {
		c.Height = 5 * vg.Inch
	}
	c.X.AxisText, c.Y.AxisText = x, y
	if o.X.Label != "" || o.X.Unit != "" {
		c.X.AxisText = o.X
	}
	if o.Y.Label != "" || o.Y.Unit != "" {
		c.Y.AxisText = o.Y
	}
	return c
}

func (c *Chart) add(l Layer) { c.Layers = append(c.Layers, l) }

// finish checks the chart (units on every axis, finite numbers) and
// collects font warnings.
func (c *Chart) finish() (*Chart, error) {
	for _, a := range []struct {
		n string
		a Axis
	}{{"x", c.X}, {"y", c.Y}} {
		if a.a.Hidden || len(a.a.Categories) > 0 {
			continue // categories name themselves
		}
		if strings.TrimSpace(a.a.Label) == "" || strings.TrimSpace(a.a.Unit) == "" {
			return nil, fmt.Errorf("chart: %s: the %s axis needs a label and a unit (got %q, %q)", c.Kind, a.n, a.a.Label, a.a.Unit)
		}
	}
	if c.Scale != nil && (c.Scale.Label == "" || c.Scale.Unit == "") {
		return nil, fmt.Errorf("chart: %s: the colour scale needs a label and a unit", c.Kind)
	}
	for i := range c.Layers {
		l := &c.Layers[i]
		for _, s := range []struct {
			n  string
			xs []float64
		}{{"x", l.X}, {"y", l.Y}, {"lo", l.Lo}, {"hi", l.Hi}} {
			for j, v := range s.xs {
				if !stats.Finite(v) {
					// a constructor let a bad value through: a bug, not bad input
					panic(fmt.Sprintf("chart: %s: layer %d (%s %q): %s[%d] = %v", c.Kind, i, l.Kind, l.Name, s.n, j, v))
				}
			}
		}
		if l.Name != "" && !contains(c.legendOrder, l.Name) {
			c.legendOrder = append(c.legendOrder, l.Name)
		}
	}
	c.Warnings = fontWarnings(c.texts())
	// a long legend (many series) gets room of its own: beyond the first
	// 15% of the height asked for, the chart grows by its height
	if len(c.legendOrder) > 0 {
		fonts()
		h := vg.Length(len(c.legendRows(c.Width-vg.Points(12)))) * legendRowHeight()
		if h > 0.15*c.Height {
			c.Height += h - 0.15*c.Height
		}
	}
	return c, nil
}

// texts are every string the chart draws.
func (c *Chart) texts() []string {
	out := []string{c.Title, c.X.String(), c.Y.String(), c.Note}
	out = append(out, c.X.Categories...)
	out = append(out, c.Y.Categories...)
	if c.Scale != nil {
		out = append(out, c.Scale.String())
	}
	for _, l := range c.Layers {
		out = append(out, l.Name)
		out = append(out, l.Text...)
	}
	return out
}

// Layer returns the first layer of the given kind and name, or nil.
func (c *Chart) Layer(kind LayerKind, name string) *Layer {
	for i := range c.Layers {
		if c.Layers[i].Kind == kind && c.Layers[i].Name == name {
			return &c.Layers[i]
		}
	}
	return nil
}

// Legend returns the legend entries in order.
func (c *Chart) Legend() []string { return c.legendOrder }

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// checkValues reports the first NaN or ±Inf of xs.
func checkValues(kind Kind, what string, xs []float64) error {
	for i, x := range xs {
		if !stats.Finite(x) {
			return fmt.Errorf("chart: %s: %s[%d] is %v: every value must be a finite number", kind, what, i, x)
		}
	}
	return nil
}

// checkShares rejects values that cannot be split into shares: not finite,
// negative, or all zero (then the error ends with empty).
func checkShares(kind Kind, what string, xs []float64, empty string) error {
	if err := checkValues(kind, what, xs); err != nil {
		return err
	}
	var total float64
	for i, x := range xs {
		if x < 0 {
			return fmt.Errorf("chart: %s: %s[%d] is %v, want ≥ 0", kind, what, i, x)
		}
		total += x
	}
	if total == 0 {
		return fmt.Errorf("chart: %s: %s: %s", kind, what, empty)
	}
	return nil
}

// checkName rejects empty names.
func checkName(kind Kind, what string, i int, name string) error {
	if strings.TrimSpace(name) == "" {
		return fmt.Errorf("chart: %s: %s %d has no name", kind, what, i)
	}
	return nil
}
