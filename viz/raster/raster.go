// Package raster is the pure-Go back end of the scene: a scene.Canvas that
// draws into an image.RGBA with golang.org/x/image/vector and
// golang.org/x/image/font, and writers for GIF (a fixed palette, so the
// same frames give the same bytes), PNG and MP4 (through ffmpeg when it is
// installed). It needs no cgo and no display: `sim record` uses it.
package raster

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"github.com/tiaokuai/tiaokuai/viz/glyph"
	"github.com/tiaokuai/tiaokuai/viz/scene"
)

// Sizes are the pixel sizes of scene.TextSize, in order.
func Sizes() []float64 {
	var s []float64
	for t := scene.TextSize(0); t < scene.NumTextSizes; t++ {
		s = append(s, t.Pixels())
	}
	return s
}

// Canvas draws into Img.
type Canvas struct {
	Img   *image.RGBA
	Fonts *glyph.Set
	z     vector.Rasterizer
	src   image.Uniform
}

// New makes a w×h canvas drawing text with fonts (opened at Sizes()).
func New(w, h int, fonts *glyph.Set) *Canvas {
	return &Canvas{Img: image.NewRGBA(image.Rect(0, 0, w, h)), Fonts: fonts}
}

var _ scene.Canvas = (*Canvas)(nil)

func (c *Canvas) uniform(col color.NRGBA) *image.Uniform {
	c.src.C = col
	return &c.src
}

// FillRect fills r snapped to whole pixels (crisp edges, few colours).
func (c *Canvas) FillRect(r scene.Rect, col color.NRGBA) {
	ir := image.Rect(round(r.X), round(r.Y), round(r.X+r.W), round(r.Y+r.H))
	if ir.Empty() && r.W > 0 && r.H > 0 {
		ir.Max = ir.Min.Add(image.Pt(max(1, ir.Dx()), max(1, ir.Dy())))
	}
	op := draw.Over
	if col.A == 0xff {
		op = draw.Src
	}
	draw.Draw(c.Img, ir.Intersect(c.Img.Rect), c.uniform(col), image.Point{}, op)
}

// StrokeRect outlines r inside its edges.
func (c *Canvas) StrokeRect(r scene.Rect, width float32, col color.NRGBA) {
	w := float32(max(1, round(width)))
	c.FillRect(scene.Rect{X: r.X, Y: r.Y, W: r.W, H: w}, col)
	c.FillRect(scene.Rect{X: r.X, Y: r.Y + r.H - w, W: r.W, H: w}, col)
	c.FillRect(scene.Rect{X: r.X, Y: r.Y + w, W: w, H: r.H - 2*w}, col)
	c.FillRect(scene.Rect{X: r.X + r.W - w, Y: r.Y + w, W: w, H: r.H - 2*w}, col)
}

// FillCircle fills an anti-aliased disc.
func (c *Canvas) FillCircle(x, y, radius float32, col color.NRGBA) {
	x0, y0 := int(math.Floor(float64(x-radius)))-1, int(math.Floor(float64(y-radius)))-1
	x1, y1 := int(math.Ceil(float64(x+radius)))+1, int(math.Ceil(float64(y+radius)))+1
	c.z.Reset(x1-x0, y1-y0)
	cx, cy := x-float32(x0), y-float32(y0)
	const k = 0.5522847 // control point distance of a quarter circle
	r := radius
	c.z.MoveTo(cx+r, cy)
	c.z.CubeTo(cx+r, cy+k*r, cx+k*r, cy+r, cx, cy+r)
	c.z.CubeTo(cx-k*r, cy+r, cx-r, cy+k*r, cx-r, cy)
	c.z.CubeTo(cx-r, cy-k*r, cx-k*r, cy-r, cx, cy-r)
	c.z.CubeTo(cx+k*r, cy-r, cx+r, cy-k*r, cx+r, cy)
	c.z.ClosePath()
	c.drawZ(image.Rect(x0, y0, x1, y1), col)
}

// drawZ draws the rasteriser's path, whose origin is r.Min, clipped to the
// image (the rasteriser itself does not clip).
func (c *Canvas) drawZ(r image.Rectangle, col color.NRGBA) {
	if r.In(c.Img.Rect) {
		c.z.Draw(c.Img, r, c.uniform(col), image.Point{})
		return
	}
	if !r.Overlaps(c.Img.Rect) {
		return
	}
	mask := image.NewAlpha(image.Rect(0, 0, r.Dx(), r.Dy()))
	c.z.Draw(mask, mask.Rect, image.Opaque, image.Point{})
	draw.DrawMask(c.Img, r, c.uniform(col), image.Point{}, mask, image.Point{}, draw.Over)
}

// Line draws a segment of the given width with butt ends.
func (c *Canvas) Line(x0, y0, x1, y1, width float32, col color.NRGBA) {
	dx, dy := x1-x0, y1-y0
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	nx, ny := -dy/l*width/2, dx/l*width/2
	bx0 := int(math.Floor(float64(min(x0, x1)-width))) - 1
	by0 := int(math.Floor(float64(min(y0, y1)-width))) - 1
	bx1 := int(math.Ceil(float64(max(x0, x1)+width))) + 1
	by1 := int(math.Ceil(float64(max(y0, y1)+width))) + 1
	c.z.Reset(bx1-bx0, by1-by0)
	ox, oy := float32(bx0), float32(by0)
	c.z.MoveTo(x0+nx-ox, y0+ny-oy)
	c.z.LineTo(x1+nx-ox, y1+ny-oy)
	c.z.LineTo(x1-nx-ox, y1-ny-oy)
	c.z.LineTo(x0-nx-ox, y0-ny-oy)
	c.z.ClosePath()
	c.drawZ(image.Rect(bx0, by0, bx1, by1), col)
}

// Text draws s with its line box's top-left corner at (x, y).
func (c *Canvas) Text(s string, x, y float32, size scene.TextSize, col color.NRGBA) {
	face := c.Fonts.Face(int(size))
	d := font.Drawer{Dst: c.Img, Src: c.uniform(col), Face: face, Dot: fixed.Point26_6{
		X: fixed.Int26_6(math.Round(float64(x) * 64)),
		Y: fixed.I(round(y + Baseline(face, size))),
	}}
	d.DrawString(s)
}

// TextWidth is the advance of s.
func (c *Canvas) TextWidth(s string, size scene.TextSize) float32 {
	return float32(font.MeasureString(c.Fonts.Face(int(size)), s)) / 64
}

// Baseline is the distance from the top of a line box of size to the
// baseline of face: the text is centred in the line.
func Baseline(face font.Face, size scene.TextSize) float32 {
	m := face.Metrics()
	asc := float32(m.Ascent) / 64
	desc := float32(m.Descent) / 64
	return (size.LineHeight()-(asc+desc))/2 + asc
}

func round(v float32) int { return int(math.Floor(float64(v) + 0.5)) }
