//go:build viewer

package anim

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/text/v2"
	"golang.org/x/image/font"
	"golang.org/x/image/vector"

	"github.com/tiaokuai/tiaokuai/viz/glyph"
	"github.com/tiaokuai/tiaokuai/viz/raster"
	"github.com/tiaokuai/tiaokuai/viz/scene"
)

// Canvas draws the scene on an ebiten image. Every shape is a textured
// quad from one of two small white sprites (a pixel and a disc) scaled,
// rotated and tinted, and text comes from ebiten's glyph cache; all use the
// same filter, so a whole frame batches into few draw calls (it matters
// with Mesa's software renderer).
type Canvas struct {
	Dst   *ebiten.Image
	fonts *glyph.Set
	faces [scene.NumTextSizes]*text.GoXFace
	xf    [scene.NumTextSizes]font.Face
	pixel *ebiten.Image
	disc  *ebiten.Image
	op    ebiten.DrawImageOptions
	top   op
}

type op = text.DrawOptions

const discR = 32 // radius of the disc sprite in pixels

// NewCanvas makes a canvas drawing text with fonts (opened at raster.Sizes()).
func NewCanvas(fonts *glyph.Set) *Canvas {
	c := &Canvas{fonts: fonts}
	for i := range c.faces {
		c.xf[i] = fonts.Face(i)
		c.faces[i] = text.NewGoXFace(c.xf[i])
	}
	// A 3×3 white image whose centre pixel is sampled: no bleeding at edges.
	w := ebiten.NewImage(3, 3)
	w.Fill(color.White)
	c.pixel = w.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
	// An anti-aliased white disc, rasterised once in pure Go.
	n := 2*discR + 2
	img := image.NewRGBA(image.Rect(0, 0, n, n))
	var z vector.Rasterizer
	z.Reset(n, n)
	const k = 0.5522847
	cx, cy, r := float32(n)/2, float32(n)/2, float32(discR)
	z.MoveTo(cx+r, cy)
	z.CubeTo(cx+r, cy+k*r, cx+k*r, cy+r, cx, cy+r)
	z.CubeTo(cx-k*r, cy+r, cx-r, cy+k*r, cx-r, cy)
	z.CubeTo(cx-r, cy-k*r, cx-k*r, cy-r, cx, cy-r)
	z.CubeTo(cx+k*r, cy-r, cx+r, cy-k*r, cx+r, cy)
	z.ClosePath()
	z.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{})
	c.disc = ebiten.NewImageFromImage(img)
	return c
}

var _ scene.Canvas = (*Canvas)(nil)

func (c *Canvas) tint(col color.NRGBA) {
	c.op.ColorScale.Reset()
	c.op.ColorScale.ScaleWithColor(col)
}

// FillRect fills r.
func (c *Canvas) FillRect(r scene.Rect, col color.NRGBA) {
	if r.W <= 0 || r.H <= 0 {
		return
	}
	c.op.GeoM.Reset()
	c.op.GeoM.Scale(float64(r.W), float64(r.H))
	c.op.GeoM.Translate(float64(r.X), float64(r.Y))
	c.op.Filter = ebiten.FilterLinear
	c.tint(col)
	c.Dst.DrawImage(c.pixel, &c.op)
}

// StrokeRect outlines r inside its edges.
func (c *Canvas) StrokeRect(r scene.Rect, width float32, col color.NRGBA) {
	w := max(1, float32(math.Round(float64(width))))
	c.FillRect(scene.Rect{X: r.X, Y: r.Y, W: r.W, H: w}, col)
	c.FillRect(scene.Rect{X: r.X, Y: r.Y + r.H - w, W: r.W, H: w}, col)
	c.FillRect(scene.Rect{X: r.X, Y: r.Y + w, W: w, H: r.H - 2*w}, col)
	c.FillRect(scene.Rect{X: r.X + r.W - w, Y: r.Y + w, W: w, H: r.H - 2*w}, col)
}

// FillCircle draws the disc sprite scaled to radius.
func (c *Canvas) FillCircle(x, y, radius float32, col color.NRGBA) {
	s := float64(radius) / discR
	c.op.GeoM.Reset()
	c.op.GeoM.Translate(-float64(discR+1), -float64(discR+1))
	c.op.GeoM.Scale(s, s)
	c.op.GeoM.Translate(float64(x), float64(y))
	c.op.Filter = ebiten.FilterLinear
	c.tint(col)
	c.Dst.DrawImage(c.disc, &c.op)
}

// Line draws a rotated, stretched pixel.
func (c *Canvas) Line(x0, y0, x1, y1, width float32, col color.NRGBA) {
	dx, dy := float64(x1-x0), float64(y1-y0)
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	c.op.GeoM.Reset()
	c.op.GeoM.Scale(l, float64(width))
	c.op.GeoM.Translate(0, -float64(width)/2)
	c.op.GeoM.Rotate(math.Atan2(dy, dx))
	c.op.GeoM.Translate(float64(x0), float64(y0))
	c.op.Filter = ebiten.FilterLinear
	c.tint(col)
	c.Dst.DrawImage(c.pixel, &c.op)
}

// Text draws s with its line box's top-left corner at (x, y), on whole
// pixels as the raster back end does.
func (c *Canvas) Text(s string, x, y float32, size scene.TextSize, col color.NRGBA) {
	face := c.xf[size]
	top := raster.Baseline(face, size) - float32(face.Metrics().Ascent)/64
	c.top.GeoM.Reset()
	c.top.GeoM.Translate(math.Round(float64(x)), math.Round(float64(y+top)))
	c.top.ColorScale.Reset()
	c.top.ColorScale.ScaleWithColor(col)
	c.top.Filter = ebiten.FilterLinear // the same filter as every shape: one batch
	text.Draw(c.Dst, s, c.faces[size], &c.top)
}

// TextWidth is the advance of s (the same as the raster back end's).
func (c *Canvas) TextWidth(s string, size scene.TextSize) float32 {
	return float32(font.MeasureString(c.xf[size], s)) / 64
}
