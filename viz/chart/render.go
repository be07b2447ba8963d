package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Format is an output format.
type Format string

// The output formats.
const (
	PNG Format = "png"
	SVG Format = "svg"
)

// DefaultDPI is the resolution of PNG output: an 8 × 5 inch chart is
// 768 × 480 pixels.
const DefaultDPI = 96

// FormatOf returns the format a file name asks for by its extension.
func FormatOf(path string) (Format, error) {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png":
		return PNG, nil
	case ".svg":
		return SVG, nil
	}
	return "", fmt.Errorf("chart: %s: unknown format (want a .png or .svg file name)", path)
}

// PixelSize is the size in pixels of the chart as a PNG at dpi.
func (c *Chart) PixelSize(dpi int) (w, h int) {
	return int(c.Width.Dots(float64(dpi)) + 0.5), int(c.Height.Dots(float64(dpi)) + 0.5)
}

// Render writes the chart as PNG (at DefaultDPI) or SVG.
func (c *Chart) Render(w io.Writer, f Format) error { return c.RenderDPI(w, f, DefaultDPI) }

// RenderDPI writes the chart as PNG at dpi pixels per inch, or as SVG
// (dpi is then ignored: SVG is measured in points).
func (c *Chart) RenderDPI(w io.Writer, f Format, dpi int) (err error) {
	fonts()
	defer func() {
		// gonum/plot panics on drawing problems; report them as errors.
		if r := recover(); r != nil {
			err = fmt.Errorf("chart: drawing %s: %v", c.Kind, r)
		}
	}()
	var cw vg.CanvasWriterTo
	switch f {
	case PNG:
		if dpi <= 0 {
			dpi = DefaultDPI
		}
		cw = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(c.Width, c.Height), vgimg.UseDPI(dpi), vgimg.UseBackgroundColor(color.White))}
	case SVG:
		cw = vgsvg.New(c.Width, c.Height)
	default:
		return fmt.Errorf("chart: unknown format %q (want png or svg)", f)
	}
	dc := draw.New(cw)
	if f == SVG {
		// vgsvg has a transparent background
		dc.SetColor(color.White)
		dc.Fill(dc.Rectangle.Path())
	}
	c.draw(dc)
	var buf bytes.Buffer
	if _, err := cw.WriteTo(&buf); err != nil {
		return fmt.Errorf("chart: writing %s: %w", f, err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// Bytes renders the chart to memory.
func (c *Chart) Bytes(f Format, dpi int) ([]byte, error) {
	var b bytes.Buffer
	err := c.RenderDPI(&b, f, dpi)
	return b.Bytes(), err
}

// Text sizes, in points.
const (
	titleSize  = 13
	labelSize  = 11
	tickSize   = 9.5
	legendSize = 10
	noteSize   = 8
	markerSize = 3.4
	lineWidth  = 1.7
	thinWidth  = 0.8
)

func textStyle(size float64, bold bool) text.Style {
	fs := fonts()
	f := fs.face
	if bold {
		f = fs.bold
	}
	return text.Style{Color: color.Black, Font: font.From(f, vg.Length(size)), XAlign: draw.XLeft, YAlign: draw.YCenter, Handler: plot.DefaultTextHandler}
}

func (c *Chart) draw(dc draw.Canvas) {
	p := plot.New()
	p.Title.Text = c.Title
	p.Title.TextStyle.Font = font.From(fonts().bold, titleSize)
	p.Title.Padding = vg.Points(8)
	setupAxis(&p.X, c.X)
	setupAxis(&p.Y, c.Y)
	if len(c.X.Categories) == 0 && !c.X.Hidden || len(c.Y.Categories) == 0 && !c.Y.Hidden {
		g := plotter.NewGrid()
		g.Vertical.Color, g.Horizontal.Color = lightGrey, lightGrey
		g.Vertical.Width, g.Horizontal.Width = vg.Points(0.5), vg.Points(0.5)
		if len(c.X.Categories) > 0 || c.X.Hidden || c.Scale != nil {
			g.Vertical.Color = nil
		}
		if len(c.Y.Categories) > 0 || c.Y.Hidden || c.Scale != nil {
			g.Horizontal.Color = nil
		}
		p.Add(g)
	}
	for i := range c.Layers {
		p.Add(&layerPlotter{c: c, l: &c.Layers[i]})
	}
	fixRange(&p.X, c.X)
	fixRange(&p.Y, c.Y)

	area := dc
	pad := vg.Points(6)
	area = draw.Crop(area, pad, -pad, pad, -pad)
	if c.Note != "" {
		ns := textStyle(noteSize, false)
		ns.Color = color.NRGBA{80, 80, 80, 255}
		ns.YAlign = draw.YBottom
		area.FillText(ns, vg.Point{X: area.Min.X, Y: area.Min.Y}, c.Note)
		area = draw.Crop(area, 0, 0, ns.Height(c.Note)+vg.Points(4), 0)
	}
	if len(c.legendOrder) > 0 {
		rows := c.legendRows(area.Max.X - area.Min.X)
		h := vg.Length(len(rows)) * legendRowHeight()
		strip := area
		strip.Max.Y = strip.Min.Y + h
		c.drawLegend(strip, rows)
		area = draw.Crop(area, 0, 0, h+vg.Points(6), 0)
	}
	if c.Scale != nil {
		w := vg.Points(80)
		strip := area
		strip.Min.X = strip.Max.X - w
		area = draw.Crop(area, 0, -w, 0, 0)
		c.drawScale(strip, area)
	}
	if c.EqualAspect {
		equalAspect(p, area)
	}
	// an axis title longer than its axis is set smaller (down to 7 pt)
	fit := func(a *plot.Axis, room vg.Length) {
		if w := a.Label.TextStyle.Width(a.Label.Text); w > room && w > 0 {
			a.Label.TextStyle.Font.Size = max(vg.Points(7), a.Label.TextStyle.Font.Size*room/w)
		}
	}
	fit(&p.Y, 0.92*(area.Max.Y-area.Min.Y-vg.Points(titleSize*2.5)))
	fit(&p.X, 0.92*(area.Max.X-area.Min.X))
	p.Draw(area)
}

func setupAxis(a *plot.Axis, ax Axis) {
	a.Label.Text = ax.String()
	a.Label.TextStyle.Font = font.From(fonts().face, labelSize)
	a.Tick.Label.Font = font.From(fonts().face, tickSize)
	a.Tick.Length = vg.Points(4)
	a.Padding = vg.Points(3)
	switch {
	case ax.Hidden:
		a.Label.Text = ""
		a.LineStyle.Width = 0
		a.Tick.Marker = plot.ConstantTicks{}
	case len(ax.Categories) > 0:
		var ts []plot.Tick
		for i, s := range ax.Categories {
			ts = append(ts, plot.Tick{Value: float64(i), Label: s})
		}
		a.Tick.Marker = plot.ConstantTicks(ts)
		a.Tick.Length = 0
	case ax.Log:
		a.Scale = plot.LogScale{}
		a.Tick.Marker = logTicks{}
	default:
		a.Tick.Marker = niceTicks{}
	}
}

func fixRange(a *plot.Axis, ax Axis) {
	switch {
	case ax.Fixed:
		a.Min, a.Max = ax.Min, ax.Max
	case len(ax.Categories) > 0:
		a.Min, a.Max = -0.6, float64(len(ax.Categories))-0.4
	case ax.Log:
		if !(a.Min > 0) {
			a.Min = 1e-3
		}
		if !(a.Max > a.Min) {
			a.Max = a.Min * 10
		}
		m := math.Pow(a.Max/a.Min, 0.02)
		a.Min, a.Max = a.Min/m, a.Max*m
	default:
		// a margin of 3% each side, except at zero (a baseline of counts)
		m := (a.Max - a.Min) * 0.03
		if a.Min != 0 {
			a.Min -= m
		}
		if a.Max != 0 {
			a.Max += m
		}
	}
}

// equalAspect widens one axis range so that a unit of X is as long as a
// unit of Y on the page.
func equalAspect(p *plot.Plot, area draw.Canvas) {
	for range 2 {
		da := p.DataCanvas(area)
		w := float64(da.Max.X - da.Min.X)
		h := float64(da.Max.Y - da.Min.Y)
		rx, ry := p.X.Max-p.X.Min, p.Y.Max-p.Y.Min
		if w <= 0 || h <= 0 || rx <= 0 || ry <= 0 {
			return
		}
		if rx/w > ry/h { // X is the tighter: widen Y
			grow := (rx/w*h - ry) / 2
			p.Y.Min -= grow
			p.Y.Max += grow
		} else {
			grow := (ry/h*w - rx) / 2
			p.X.Min -= grow
			p.X.Max += grow
		}
	}
}

// niceTicks labels 1, 2 or 5 × 10^k steps, with numbers written without
// needless digits.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) {
		return []plot.Tick{{Value: lo, Label: num(lo)}}
	}
	raw := (hi - lo) / 5
	e := math.Floor(math.Log10(raw))
	mag := math.Pow(10, e)
	step, digits := mag, -e
	for _, m := range []float64{1, 2, 2.5, 5, 10} {
		if m*mag >= raw*(1-1e-9) {
			step = m * mag
			if m == 2.5 {
				digits++
			} else if m == 10 {
				digits--
			}
			break
		}
	}
	digits = math.Max(0, digits)
	var ts []plot.Tick
	i0, i1 := math.Ceil(lo/step-1e-9), math.Floor(hi/step+1e-9)
	for i := i0; i <= i1; i++ {
		v := i * step
		ts = append(ts, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', int(digits), 64)})
		if m := v - step/2; m >= lo {
			ts = append(ts, plot.Tick{Value: m})
		}
	}
	if m := i1*step + step/2; m <= hi {
		ts = append(ts, plot.Tick{Value: m})
	}
	for i := range ts {
		if ts[i].Label != "" && strings.Trim(ts[i].Label, "-0.") == "" {
			ts[i].Label = strings.TrimPrefix(ts[i].Label, "-") // no "-0.0"
		}
		ts[i].Label = strings.Replace(ts[i].Label, "-", "−", 1)
	}
	return ts
}

// logTicks labels decades, and 2 and 5 between them when the range is
// narrow.
type logTicks struct{}

func (logTicks) Ticks(lo, hi float64) []plot.Tick {
	k0, k1 := int(math.Floor(math.Log10(lo))), int(math.Ceil(math.Log10(hi)))
	narrow := k1-k0 <= 3
	var ts []plot.Tick
	for k := k0; k <= k1; k++ {
		d := math.Pow(10, float64(k))
		for m := 1; m <= 9; m++ {
			v := float64(m) * d
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || narrow && (m == 2 || m == 5) {
				t.Label = num(v)
			}
			ts = append(ts, t)
		}
	}
	return ts
}

// num writes a tick value briefly: 0.001, 2.5, 10, 1200, 1.5e+06.
func num(v float64) string {
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a >= 1e6 || a < 1e-4 {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

// layerPlotter draws one layer.
type layerPlotter struct {
	c *Chart
	l *Layer
}

func (lp *layerPlotter) DataRange() (xmin, xmax, ymin, ymax float64) {
	l := lp.l
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	grow := func(x, y float64) {
		if !math.IsNaN(x) {
			xmin, xmax = math.Min(xmin, x), math.Max(xmax, x)
		}
		if !math.IsNaN(y) {
			ymin, ymax = math.Min(ymin, y), math.Max(ymax, y)
		}
	}
	nan := math.NaN()
	switch l.Kind {
	case Line, Points, Labels:
		for i := range l.X {
			grow(l.X[i], l.Y[i])
		}
	case Band:
		for i := range l.X {
			grow(l.X[i], l.Lo[i])
			grow(l.X[i], l.Hi[i])
		}
	case Bars, ErrorBars:
		pos := l.X
		if l.Horizontal {
			pos = l.Y
		}
		for i := range pos {
			a, b := pos[i]-l.Width/2, pos[i]+l.Width/2
			if l.Horizontal {
				grow(l.Lo[i], a)
				grow(l.Hi[i], b)
			} else {
				grow(a, l.Lo[i])
				grow(b, l.Hi[i])
			}
		}
	case RuleX:
		for _, x := range l.X {
			grow(x, nan)
		}
	case RuleY:
		for _, y := range l.Y {
			grow(nan, y)
		}
	case Span:
		for i := range l.Lo {
			grow(l.Lo[i], nan)
			grow(l.Hi[i], nan)
		}
	case SpanY:
		for i := range l.Lo {
			grow(nan, l.Lo[i])
			grow(nan, l.Hi[i])
		}
	case Cells:
		for _, cl := range l.Cells {
			grow(cl.X0, cl.Y0)
			grow(cl.X1, cl.Y1)
		}
	}
	return
}

func (l *Layer) lineStyle() draw.LineStyle {
	w := vg.Points(lineWidth)
	if l.Thin {
		w = vg.Points(thinWidth)
	}
	return draw.LineStyle{Color: l.Color, Width: w, Dashes: l.Dashes}
}

func (l *Layer) glyphStyle() draw.GlyphStyle {
	g := l.Marker.glyph()
	if l.Hollow {
		g = l.Marker.hollow()
	}
	return draw.GlyphStyle{Color: l.Color, Radius: vg.Points(markerSize), Shape: g}
}

func (lp *layerPlotter) Plot(dc draw.Canvas, p *plot.Plot) {
	l := lp.l
	tx, ty := p.Transforms(&dc)
	pt := func(x, y float64) vg.Point { return vg.Point{X: tx(x), Y: ty(y)} }
	switch l.Kind {
	case Line:
		pts := make([]vg.Point, len(l.X))
		for i := range l.X {
			pts[i] = pt(l.X[i], l.Y[i])
		}
		dc.StrokeLines(l.lineStyle(), dc.ClipLinesXY(pts)...)
	case Band:
		pts := make([]vg.Point, 0, 2*len(l.X))
		for i := range l.X {
			pts = append(pts, pt(l.X[i], l.Hi[i]))
		}
		for i := len(l.X) - 1; i >= 0; i-- {
			pts = append(pts, pt(l.X[i], l.Lo[i]))
		}
		dc.FillPolygon(withAlpha(l.Color, 56), dc.ClipPolygonXY(pts))
	case Points:
		gs := l.glyphStyle()
		for i := range l.X {
			q := pt(l.X[i], l.Y[i])
			if dc.Contains(q) {
				dc.DrawGlyph(gs, q)
			}
		}
	case Bars:
		for i := range l.Lo {
			var a, b vg.Point
			if l.Horizontal {
				a, b = pt(l.Lo[i], l.Y[i]-l.Width/2), pt(l.Hi[i], l.Y[i]+l.Width/2)
			} else {
				a, b = pt(l.X[i]-l.Width/2, l.Lo[i]), pt(l.X[i]+l.Width/2, l.Hi[i])
			}
			rect := []vg.Point{a, {X: b.X, Y: a.Y}, b, {X: a.X, Y: b.Y}}
			if l.Fill {
				dc.FillPolygon(l.Color, dc.ClipPolygonXY(rect))
			}
			edge := draw.LineStyle{Color: color.NRGBA{40, 40, 40, 255}, Width: vg.Points(0.5)}
			if !l.Fill {
				edge = l.lineStyle()
			}
			dc.StrokeLines(edge, dc.ClipLinesXY(append(rect, rect[0]))...)
		}
	case ErrorBars:
		st := l.lineStyle()
		st.Dashes = nil
		st.Width = vg.Points(1.1)
		cap := vg.Points(3)
		for i := range l.Lo {
			if l.Horizontal {
				a, b := pt(l.Lo[i], l.Y[i]), pt(l.Hi[i], l.Y[i])
				dc.StrokeLines(st, dc.ClipLinesXY([]vg.Point{a, b})...)
				dc.StrokeLines(st, dc.ClipLinesXY([]vg.Point{{X: a.X, Y: a.Y - cap}, {X: a.X, Y: a.Y + cap}}, []vg.Point{{X: b.X, Y: b.Y - cap}, {X: b.X, Y: b.Y + cap}})...)
			} else {
				a, b := pt(l.X[i], l.Lo[i]), pt(l.X[i], l.Hi[i])
				dc.StrokeLines(st, dc.ClipLinesXY([]vg.Point{a, b})...)
				dc.StrokeLines(st, dc.ClipLinesXY([]vg.Point{{X: a.X - cap, Y: a.Y}, {X: a.X + cap, Y: a.Y}}, []vg.Point{{X: b.X - cap, Y: b.Y}, {X: b.X + cap, Y: b.Y}})...)
			}
		}
	case Labels:
		ts := textStyle(tickSize, false)
		ts.Color = l.Color
		for i := range l.X {
			q := pt(l.X[i], l.Y[i])
			q.Y += vg.Points(l.Dy)
			st := ts
			w := ts.Width(l.Text[i])
			anchor := l.Anchor
			// keep the text inside the plot: flip it to the other side
			// of its point when it would run off
			if anchor < 0 && q.X+vg.Points(markerSize+2)+w > dc.Max.X {
				anchor = 1
			} else if anchor > 0 && q.X-vg.Points(markerSize+2)-w < dc.Min.X {
				anchor = -1
			}
			st.XAlign = draw.XAlignment(-0.5 - 0.5*float64(anchor))
			switch {
			case anchor < 0:
				q.X += vg.Points(markerSize + 2)
			case anchor > 0:
				q.X -= vg.Points(markerSize + 2)
			default:
				q.X = max(dc.Min.X+w/2, min(dc.Max.X-w/2, q.X))
			}
			dc.FillText(st, q, l.Text[i])
		}
	case RuleX:
		for _, x := range l.X {
			a := tx(x)
			if a >= dc.Min.X && a <= dc.Max.X {
				dc.StrokeLine2(l.lineStyle(), a, dc.Min.Y, a, dc.Max.Y)
			}
		}
	case RuleY:
		for _, y := range l.Y {
			a := ty(y)
			if a >= dc.Min.Y && a <= dc.Max.Y {
				dc.StrokeLine2(l.lineStyle(), dc.Min.X, a, dc.Max.X, a)
			}
		}
	case Span:
		for i := range l.Lo {
			a, b := tx(l.Lo[i]), tx(l.Hi[i])
			rect := []vg.Point{{X: a, Y: dc.Min.Y}, {X: b, Y: dc.Min.Y}, {X: b, Y: dc.Max.Y}, {X: a, Y: dc.Max.Y}}
			dc.FillPolygon(l.Color, dc.ClipPolygonXY(rect))
		}
	case SpanY:
		for i := range l.Lo {
			a, b := ty(l.Lo[i]), ty(l.Hi[i])
			rect := []vg.Point{{X: dc.Min.X, Y: a}, {X: dc.Max.X, Y: a}, {X: dc.Max.X, Y: b}, {X: dc.Min.X, Y: b}}
			dc.FillPolygon(l.Color, dc.ClipPolygonXY(rect))
		}
	case Cells:
		s := lp.c.Scale
		eps := vg.Points(0.25) // overlap, so anti-aliasing leaves no seams
		for _, cl := range l.Cells {
			a, b := pt(cl.X0, cl.Y0), pt(cl.X1, cl.Y1)
			rect := []vg.Point{{X: a.X - eps, Y: a.Y - eps}, {X: b.X + eps, Y: a.Y - eps}, {X: b.X + eps, Y: b.Y + eps}, {X: a.X - eps, Y: b.Y + eps}}
			dc.FillPolygon(HeatColor(s.frac(cl.V)), dc.ClipPolygonXY(rect))
		}
	}
}

func (s *ColorScale) frac(v float64) float64 {
	if s.Max <= s.Min {
		return 0.5
	}
	return (v - s.Min) / (s.Max - s.Min)
}

// thumbnail draws a layer's legend sample in a small box.
func (l *Layer) thumbnail(c draw.Canvas) {
	mid := (c.Min.Y + c.Max.Y) / 2
	switch l.Kind {
	case Line, RuleX, RuleY:
		c.StrokeLine2(l.lineStyle(), c.Min.X, mid, c.Max.X, mid)
	case Band:
		h := (c.Max.Y - c.Min.Y) / 2
		c.FillPolygon(withAlpha(l.Color, 56), []vg.Point{{X: c.Min.X, Y: mid - h}, {X: c.Max.X, Y: mid - h}, {X: c.Max.X, Y: mid + h}, {X: c.Min.X, Y: mid + h}})
	case Points:
		c.DrawGlyphNoClip(l.glyphStyle(), vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: mid})
	case Bars, Span, SpanY:
		h := (c.Max.Y - c.Min.Y) / 2
		x0, x1 := c.Min.X+vg.Points(6), c.Max.X-vg.Points(6)
		rect := []vg.Point{{X: x0, Y: mid - h}, {X: x1, Y: mid - h}, {X: x1, Y: mid + h}, {X: x0, Y: mid + h}}
		if l.Fill || l.Kind != Bars {
			c.FillPolygon(l.Color, rect)
		}
		if l.Kind == Bars {
			c.StrokeLines(draw.LineStyle{Color: color.NRGBA{40, 40, 40, 255}, Width: vg.Points(0.5)}, append(rect, rect[0]))
		}
	case ErrorBars:
		st := l.lineStyle()
		st.Dashes = nil
		c.StrokeLine2(st, c.Min.X+vg.Points(4), mid, c.Max.X-vg.Points(4), mid)
	}
}

const thumbWidth = 28

func legendRowHeight() vg.Length { return vg.Points(legendSize * 1.6) }

type legendEntry struct {
	name  string
	width vg.Length
}

// legendRows lays the legend entries out in rows no wider than w.
func (c *Chart) legendRows(w vg.Length) [][]legendEntry {
	ts := textStyle(legendSize, false)
	var rows [][]legendEntry
	var row []legendEntry
	var used vg.Length
	for _, n := range c.legendOrder {
		e := legendEntry{name: n, width: vg.Points(thumbWidth+5+14) + ts.Width(n)}
		if len(row) > 0 && used+e.width > w {
			rows = append(rows, row)
			row, used = nil, 0
		}
		row = append(row, e)
		used += e.width
	}
	if len(row) > 0 {
		rows = append(rows, row)
	}
	return rows
}

func (c *Chart) drawLegend(strip draw.Canvas, rows [][]legendEntry) {
	ts := textStyle(legendSize, false)
	rh := legendRowHeight()
	for r, row := range rows {
		var total vg.Length
		for _, e := range row {
			total += e.width
		}
		x := strip.Min.X + (strip.Max.X-strip.Min.X-total)/2 // one row: centred
		if len(rows) > 1 {
			x = strip.Min.X + vg.Points(4) // several: in columns from the left
		}
		y := strip.Max.Y - vg.Length(r+1)*rh
		for _, e := range row {
			box := draw.Canvas{Canvas: strip.Canvas, Rectangle: vg.Rectangle{Min: vg.Point{X: x, Y: y + rh*0.25}, Max: vg.Point{X: x + vg.Points(thumbWidth), Y: y + rh*0.75}}}
			for i := range c.Layers {
				if c.Layers[i].Name == e.name {
					c.Layers[i].thumbnail(box)
				}
			}
			strip.FillText(ts, vg.Point{X: x + vg.Points(thumbWidth+5), Y: y + rh/2}, e.name)
			x += e.width
		}
	}
}

// drawScale draws the colour bar of a heat map in strip, beside area.
func (c *Chart) drawScale(strip, area draw.Canvas) {
	s := c.Scale
	top := area.Max.Y - vg.Points(titleSize*2.2)
	bottom := area.Min.Y + vg.Points(labelSize*3.5)
	x0 := strip.Min.X + vg.Points(12)
	x1 := x0 + vg.Points(14)
	const steps = 64
	for i := range steps {
		y0 := bottom + (top-bottom)*vg.Length(i)/steps
		y1 := bottom + (top-bottom)*vg.Length(i+1)/steps + vg.Points(0.3)
		strip.FillPolygon(HeatColor((float64(i)+0.5)/steps), []vg.Point{{X: x0, Y: y0}, {X: x1, Y: y0}, {X: x1, Y: y1}, {X: x0, Y: y1}})
	}
	edge := draw.LineStyle{Color: black, Width: vg.Points(0.5)}
	strip.StrokeLines(edge, []vg.Point{{X: x0, Y: bottom}, {X: x1, Y: bottom}, {X: x1, Y: top}, {X: x0, Y: top}, {X: x0, Y: bottom}})
	ts := textStyle(tickSize, false)
	for _, t := range (niceTicks{}).Ticks(s.Min, s.Max) {
		if t.Label == "" || t.Value < s.Min || t.Value > s.Max {
			continue
		}
		y := bottom + (top-bottom)*vg.Length(s.frac(t.Value))
		strip.StrokeLine2(edge, x1, y, x1+vg.Points(3), y)
		strip.FillText(ts, vg.Point{X: x1 + vg.Points(5), Y: y}, t.Label)
	}
	ls := textStyle(labelSize, false)
	ls.Rotation = math.Pi / 2
	ls.XAlign = draw.XCenter
	ls.YAlign = draw.YBottom
	strip.FillText(ls, vg.Point{X: strip.Max.X - vg.Points(2), Y: (top + bottom) / 2}, s.String())
}
