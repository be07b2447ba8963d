//go:build viewer

package main

import (
	"fmt"
	"github.com/tiaokuai/tiaokuai/internal/atomicfile"
	"image"
	"os"

	"github.com/hajimehoshi/ebiten/v2"

	"github.com/tiaokuai/tiaokuai/viz/anim"
	"github.com/tiaokuai/tiaokuai/viz/glyph"
	"github.com/tiaokuai/tiaokuai/viz/play"
	"github.com/tiaokuai/tiaokuai/viz/raster"
)

// NewGame builds the game for c: fonts, the session, the canvas.
func newGame(c *config) (*anim.Game, error) {
	fonts, err := glyph.Open(raster.Sizes())
	if err != nil {
		return nil, err
	}
	s, err := play.NewSession(c.spec, c.opt)
	if err != nil {
		return nil, err
	}
	return anim.NewGame(s, anim.NewCanvas(fonts)), nil
}

func runWindow(c *config) error {
	g, err := newGame(c)
	if err != nil {
		return err
	}
	ebiten.SetWindowSize(anim.Width, anim.Height)
	ebiten.SetWindowTitle("tiaokuai — " + g.S.Panes[0].Title)
	ebiten.SetWindowResizingMode(ebiten.WindowResizingModeEnabled)
	ebiten.SetVsyncEnabled(c.vsync)
	ebiten.SetRunnableOnUnfocused(true)
	var shot []byte
	g.AfterDraw = func(screen *ebiten.Image) {
		publish(g)
		if c.frames > 0 && g.Frames >= c.frames {
			if c.screenshot != "" && shot == nil {
				shot = make([]byte, 4*anim.Width*anim.Height)
				screen.ReadPixels(shot)
			}
			g.Quit = true
		}
	}
	if err := ebiten.RunGame(g); err != nil {
		return err
	}
	if g.Err != nil {
		return g.Err
	}
	fps, speed := g.Rates()
	fmt.Fprintf(os.Stderr, "simview: %d frames, %.1f frames/s, simulation at %.0f× real time, %.2f ms per update+draw (CPU)\n", g.Frames, fps, speed, g.MsPerFrame())
	if shot != nil {
		img := &image.RGBA{Pix: shot, Stride: 4 * anim.Width, Rect: image.Rect(0, 0, anim.Width, anim.Height)}
		f, err := atomicfile.Create(c.screenshot)
		if err != nil {
			return err
		}
		if err := raster.PNG(f, img); err != nil {
			f.Abort()
			return err
		}
		return f.Commit()
	}
	return nil
}
