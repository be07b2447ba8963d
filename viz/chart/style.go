package chart

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Style is how one series is drawn: colour, line dashes and marker.
type Style struct {
	Color  color.NRGBA
	Dashes []vg.Length // nil: solid
	Marker Marker
}

// Marker is a marker shape.
type Marker int

// Marker shapes, in the order the series styles use them.
const (
	Circle Marker = iota
	Triangle
	Square
	Cross
	Plus
	Ring // an outline circle
)

var seriesMarkers = []Marker{Circle, Triangle, Square, Cross, Plus, Ring, Triangle, Square}

// glyph is the filled shape. (gonum's names differ: its Circle, Box and
// Pyramid are filled, its Ring, Square and Triangle outlines.)
func (m Marker) glyph() draw.GlyphDrawer {
	switch m {
	case Triangle:
		return draw.PyramidGlyph{}
	case Square:
		return draw.BoxGlyph{}
	case Cross:
		return draw.CrossGlyph{}
	case Plus:
		return draw.PlusGlyph{}
	case Ring:
		return draw.RingGlyph{}
	}
	return draw.CircleGlyph{}
}

// hollow returns the outline version of a marker.
func (m Marker) hollow() draw.GlyphDrawer {
	switch m {
	case Circle, Ring:
		return draw.RingGlyph{}
	case Square:
		return draw.SquareGlyph{}
	case Triangle:
		return draw.TriangleGlyph{}
	}
	return m.glyph()
}

func hex(s string) color.NRGBA {
	var c [3]uint8
	for i := range c {
		c[i] = uint8(unhex(s[1+2*i])<<4 | unhex(s[2+2*i]))
	}
	return color.NRGBA{c[0], c[1], c[2], 255}
}

func unhex(b byte) byte {
	switch {
	case b >= 'a':
		return b - 'a' + 10
	case b >= 'A':
		return b - 'A' + 10
	}
	return b - '0'
}

// seriesColors is the qualitative scheme: Okabe–Ito hues (safe for the
// common colour-vision deficiencies) ordered so that neighbours differ in
// lightness (CIE L* 9, 71, 46, 61, 58, 70, 54, 53): the first three are
// told apart in greyscale by lightness alone, the rest by their dashes and
// markers as well.
var seriesColors = []color.NRGBA{
	hex("#1a1a1a"), hex("#E69F00"), hex("#0072B2"), hex("#CC79A7"),
	hex("#009E73"), hex("#56B4E9"), hex("#D55E00"), hex("#7F7F7F"),
}

var seriesDashes = [][]vg.Length{
	nil,
	{vg.Points(7), vg.Points(3)},
	{vg.Points(2.5), vg.Points(2.5)},
	{vg.Points(7), vg.Points(2.5), vg.Points(1.5), vg.Points(2.5)},
	{vg.Points(1), vg.Points(2)},
	{vg.Points(10), vg.Points(3), vg.Points(2), vg.Points(3), vg.Points(2), vg.Points(3)},
	{vg.Points(4), vg.Points(4)},
	{vg.Points(12), vg.Points(4)},
}

// Series returns the style of the i-th series of a chart. Every chart
// gives its series styles in the same order, so a scenario drawn first in
// one chart looks the same in the next.
func Series(i int) Style {
	n := len(seriesColors)
	i = ((i % n) + n) % n
	return Style{Color: seriesColors[i], Dashes: seriesDashes[i], Marker: seriesMarkers[i]}
}

// sequential is a light-to-dark blue scale (ColorBrewer Blues), for ordered
// categories such as numbers of visits: lightness falls monotonically
// (L* 86, 68, 46, 21), so the order survives greyscale printing.
var sequential = []color.NRGBA{hex("#c6dbef"), hex("#6baed6"), hex("#2171b5"), hex("#08306b")}

// heatScale is a light-to-dark orange scale (ColorBrewer Oranges, L* 97 →
// 29) for workload maps: more work is darker, in colour and in grey.
var heatScale = []color.NRGBA{
	hex("#fff5eb"), hex("#fee6ce"), hex("#fdd0a2"), hex("#fdae6b"), hex("#fd8d3c"),
	hex("#f16913"), hex("#d94801"), hex("#a63603"), hex("#7f2704"),
}

// HeatColor returns the colour of the fraction f (0…1, clamped) of the
// heat scale, interpolated linearly between its stops.
func HeatColor(f float64) color.NRGBA {
	if f != f || f < 0 {
		f = 0
	}
	if f > 1 {
		f = 1
	}
	x := f * float64(len(heatScale)-1)
	i := int(x)
	if i >= len(heatScale)-1 {
		return heatScale[len(heatScale)-1]
	}
	t := x - float64(i)
	a, b := heatScale[i], heatScale[i+1]
	mix := func(p, q uint8) uint8 { return uint8(float64(p) + t*(float64(q)-float64(p)) + 0.5) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

// withAlpha returns c with alpha a (0…255). Translucent fills must be
// non-premultiplied: a color.RGBA with a low alpha is drawn solid.
func withAlpha(c color.NRGBA, a uint8) color.NRGBA {
	c.A = a
	return c
}

var (
	grey      = hex("#7F7F7F")
	lightGrey = hex("#d9d9d9")
	black     = color.NRGBA{0, 0, 0, 255}
)

// dash returns a dash pattern in points.
func dash(on ...float64) []vg.Length {
	out := make([]vg.Length, len(on))
	for i, v := range on {
		out[i] = vg.Points(v)
	}
	return out
}
