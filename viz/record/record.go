// Package record renders a scenario to frames without a display: the
// same scene and side panel as the viewer, drawn by the pure-Go raster
// back end, advanced by a fixed amount of simulated and animation time per
// frame. A recording is a pure function of (scenario, seed, options): the
// same inputs give the same GIF bytes.
package record

import (
	"fmt"
	"image"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/viz/glyph"
	"github.com/tiaokuai/tiaokuai/viz/play"
	"github.com/tiaokuai/tiaokuai/viz/raster"
)

// Options say what to record. Zero values mean the defaults.
type Options struct {
	Start  float64    // simulated minutes; default play.DefaultStart (Monday 08:00, week 2)
	Span   float64    // simulated minutes covered; default 12 h
	Frames int        // default 144
	FPS    float64    // frames per second of the recording; default 12
	W, H   int        // default 1280×720
	Lang   i18n.Lang  // default English
	Vs     *play.Spec // a second scenario side by side
	Fonts  *glyph.Set // default glyph.Open(raster.Sizes())
}

func (o *Options) defaults() error {
	if o.Start == 0 {
		o.Start = play.DefaultStart
	}
	if o.Span == 0 {
		o.Span = 12 * 60
	}
	if o.Frames == 0 {
		o.Frames = 144
	}
	if o.FPS == 0 {
		o.FPS = 12
	}
	if o.W == 0 {
		o.W, o.H = 1280, 720
	}
	if o.Frames < 1 || o.Span < 0 || o.FPS <= 0 || o.W < 320 || o.H < 240 {
		return fmt.Errorf("record: bad options: %d frames, span %g min, %g fps, %dx%d (at least 320x240)", o.Frames, o.Span, o.FPS, o.W, o.H)
	}
	if o.Fonts == nil {
		f, err := glyph.Open(raster.Sizes())
		if err != nil {
			return err
		}
		o.Fonts = f
	}
	return nil
}

// Frames renders spec from opt.Start over opt.Span in opt.Frames frames and
// hands each to sink (the image is reused: copy it to keep it).
func Frames(spec play.Spec, opt Options, sink func(img *image.RGBA) error) error {
	if err := opt.defaults(); err != nil {
		return err
	}
	s, err := play.NewSession(spec, play.Options{W: float32(opt.W), H: float32(opt.H), TPS: opt.FPS, Start: opt.Start, Lang: opt.Lang, Vs: opt.Vs})
	if err != nil {
		return err
	}
	s.ShowKeys = false
	if opt.Frames > 1 {
		s.SetRate(opt.Span / float64(opt.Frames-1))
	}
	c := raster.New(opt.W, opt.H, opt.Fonts)
	for i := 0; i < opt.Frames; i++ {
		if i > 0 {
			s.Update()
		}
		s.Draw(c)
		if err := sink(c.Img); err != nil {
			return err
		}
	}
	return nil
}

// Still renders spec at simulated time at (minutes). The scene is run
// for a simulated hour before it in one-minute frames, so that the
// citizens and hops in flight are as the viewer would show them.
func Still(spec play.Spec, at float64, opt Options) (*image.RGBA, error) {
	opt.Start = max(1, at-60)
	opt.Span = at - opt.Start
	opt.Frames = 61
	var last *image.RGBA
	err := Frames(spec, opt, func(img *image.RGBA) error {
		last = img
		return nil
	})
	return last, err
}
