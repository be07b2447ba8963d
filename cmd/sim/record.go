package main

import (
	"bufio"
	"flag"
	"fmt"
	"image"
	"io"
	"os"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/internal/atomicfile"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/viz/glyph"
	"github.com/tiaokuai/tiaokuai/viz/play"
	"github.com/tiaokuai/tiaokuai/viz/raster"
	"github.com/tiaokuai/tiaokuai/viz/record"
	"github.com/tiaokuai/tiaokuai/viz/scene"
)

// cmdRecord renders a scenario to a GIF, an MP4 (through ffmpeg) or a PNG
// still with the pure-Go back end: no display, no cgo, no ebiten.
func cmdRecord(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("record", stderr, "SCENARIO --gif out.gif [--mp4 out.mp4] [--at TIME --png out.png] [flags]")
	var sets, sets2 scenarios.Sets
	fs.Var(&sets, "set", "override a parameter (repeatable)")
	fs.Var(&sets2, "set2", "override a parameter of the --vs scenario (repeatable)")
	vs := fs.String("vs", "", "a second scenario side by side (split screen), same seed")
	seed := fs.Uint64("seed", 0, "run seed (default: the scenario's)")
	gifOut := fs.String("gif", "", "write an animated GIF")
	mp4Out := fs.String("mp4", "", "write an MP4 (needs ffmpeg on PATH)")
	pngOut := fs.String("png", "", "write a PNG still at --at")
	at := fs.String("at", "", "simulated time of the still, e.g. 1w2d10h30m (from Monday 00:00 of day 1)")
	start := fs.String("start", "1w8h", "simulated time of the first frame")
	span := fs.String("span", "12h", "simulated time the recording covers")
	frames := fs.Int("frames", 144, "number of frames")
	fps := fs.Float64("fps", 12, "frames per second of the recording")
	size := fs.String("size", "1280x720", "frame size WxH")
	lang := fs.String("lang", "en", "labels: en or zh")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim record: %v", err)
	}
	if len(pos) != 1 {
		return usageErr("sim record: want one scenario, got %d arguments", len(pos))
	}
	if *gifOut == "" && *mp4Out == "" && *pngOut == "" {
		return usageErr("sim record: nothing to write: give --gif, --mp4 or --png")
	}
	var opt record.Options
	if opt.Lang, err = i18n.Parse(*lang); err != nil {
		return usageErr("sim record: --lang: %v", err)
	}
	if _, err := fmt.Sscanf(*size, "%dx%d", &opt.W, &opt.H); err != nil || opt.W < 320 || opt.H < 240 {
		return usageErr("sim record: --size %q: want WxH, at least 320x240", *size)
	}
	if opt.Start, err = parseTime(*start); err != nil {
		return usageErr("sim record: --start: %v", err)
	}
	if opt.Span, err = parseTime(*span); err != nil {
		return usageErr("sim record: --span: %v", err)
	}
	if *frames < 1 || *fps <= 0 {
		return usageErr("sim record: --frames must be ≥ 1 and --fps > 0")
	}
	opt.Frames, opt.FPS = *frames, *fps
	spec := play.Spec{Scenario: pos[0], Sets: sets, Seed: *seed}
	if *vs != "" {
		opt.Vs = &play.Spec{Scenario: *vs, Sets: sets2, Seed: *seed}
	}
	if _, _, err := play.Load(spec); err != nil {
		return inputErr(err)
	}
	if opt.Vs != nil {
		if _, _, err := play.Load(*opt.Vs); err != nil {
			return inputErr(err)
		}
	}
	if opt.Fonts, err = glyph.Open(raster.Sizes()); err != nil {
		return err
	}
	if !opt.Fonts.CJK {
		fmt.Fprintln(stderr, "sim record: no CJK font found (apt-get install fonts-noto-cjk, or set "+glyph.FontEnv+"): Chinese labels show as boxes")
	}

	if *pngOut != "" {
		t := opt.Start
		if *at != "" {
			if t, err = parseTime(*at); err != nil {
				return usageErr("sim record: --at: %v", err)
			}
		}
		img, err := record.Still(spec, t, opt)
		if err != nil {
			return err
		}
		if err := writeFile(*pngOut, func(w io.Writer) error { return raster.PNG(w, img) }); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: %dx%d at %s\n", *pngOut, opt.W, opt.H, scene.Clock(i18n.English, t))
	}
	if *gifOut == "" && *mp4Out == "" {
		return nil
	}
	var g *raster.GIF
	if *gifOut != "" {
		g = raster.NewGIF(opt.FPS)
	}
	var mp4 *raster.MP4
	if *mp4Out != "" {
		if mp4, err = raster.NewMP4(*mp4Out, opt.W, opt.H, opt.FPS); err != nil {
			return err
		}
	}
	err = record.Frames(spec, opt, func(img *image.RGBA) error {
		if g != nil {
			g.Add(img)
		}
		if mp4 != nil {
			return mp4.Add(img)
		}
		return nil
	})
	if mp4 != nil {
		if err != nil {
			mp4.Abort()
		} else {
			err = mp4.Close()
		}
	}
	if err != nil {
		return err
	}
	span0 := scene.Clock(i18n.English, opt.Start) + " → " + scene.Clock(i18n.English, opt.Start+opt.Span)
	if g != nil {
		if err := writeFile(*gifOut, g.Encode); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s: %d frames %dx%d at %g fps, %s\n", *gifOut, g.Frames(), opt.W, opt.H, opt.FPS, span0)
	}
	if mp4 != nil {
		fmt.Fprintf(stdout, "wrote %s: %d frames %dx%d at %g fps, %s\n", *mp4Out, opt.Frames, opt.W, opt.H, opt.FPS, span0)
	}
	return nil
}

// writeFile writes path through write: to PATH.partial, renamed to path
// once complete (internal/atomicfile), so a failed write leaves nothing
// under the final name; the partial file is removed on an error (a killed
// process leaves only the .partial name).
func writeFile(path string, write func(w io.Writer) error) error {
	f, err := atomicfile.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if err == nil {
		err = f.Commit()
	}
	if err != nil {
		f.Abort()
		os.Remove(path + atomicfile.PartialSuffix)
	}
	return err
}

func parseTime(s string) (float64, error) { return play.ParseTime(s) }
