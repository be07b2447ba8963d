package raster

import (
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"io"
	"os"
	"os/exec"

	"github.com/tiaokuai/tiaokuai/viz/scene"
)

// Palette is the fixed GIF palette: the scene's theme colours, grey steps
// and blends of every theme colour with the backgrounds it is drawn on
// (the anti-aliased edges), at most 256 entries, always in the same order.
func Palette() color.Palette {
	seen := map[color.NRGBA]bool{}
	var out color.Palette
	add := func(c color.NRGBA) {
		c.A = 0xff
		if !seen[c] && len(out) < 256 {
			seen[c] = true
			out = append(out, c)
		}
	}
	base := scene.Palette()
	for _, c := range base {
		add(c)
	}
	for g := 0; g <= 255; g += 17 {
		add(color.NRGBA{uint8(g), uint8(g), uint8(g), 0xff})
	}
	for _, f := range []float64{0.5, 0.25, 0.75} {
		for _, bg := range []color.NRGBA{scene.ColPanelBG, scene.ColMapBG, scene.ColBox, scene.ColDistrict} {
			for _, c := range base {
				add(scene.Blend(bg, c, f))
			}
		}
	}
	return out
}

// GIF collects frames into an animated GIF with a fixed palette. Each
// frame after the first stores only the rectangle that changed. The same
// frames give the same bytes.
type GIF struct {
	pal   color.Palette
	cache map[uint32]uint8
	prev  *image.Paletted
	anim  gif.GIF
	delay int
}

// NewGIF starts a GIF shown at fps frames a second.
func NewGIF(fps float64) *GIF {
	g := &GIF{pal: Palette(), cache: map[uint32]uint8{}}
	g.delay = max(2, int(100/fps+0.5))
	return g
}

// Add quantises img to the palette and appends it.
func (g *GIF) Add(img *image.RGBA) {
	b := img.Bounds()
	p := image.NewPaletted(b, g.pal)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		row := img.Pix[img.PixOffset(b.Min.X, y):]
		prow := p.Pix[p.PixOffset(b.Min.X, y):]
		for x := 0; x < b.Dx(); x++ {
			r, gg, bb := row[4*x], row[4*x+1], row[4*x+2]
			key := uint32(r)<<16 | uint32(gg)<<8 | uint32(bb)
			i, ok := g.cache[key]
			if !ok {
				i = uint8(g.pal.Index(color.RGBA{r, gg, bb, 0xff}))
				g.cache[key] = i
			}
			prow[x] = i
		}
	}
	frame := p
	if g.prev != nil {
		if d := diffRect(g.prev, p); d.Empty() {
			frame = p.SubImage(image.Rect(b.Min.X, b.Min.Y, b.Min.X+1, b.Min.Y+1)).(*image.Paletted)
		} else {
			frame = p.SubImage(d).(*image.Paletted)
		}
	}
	g.prev = p
	g.anim.Image = append(g.anim.Image, frame)
	g.anim.Delay = append(g.anim.Delay, g.delay)
	g.anim.Disposal = append(g.anim.Disposal, gif.DisposalNone)
}

// Frames is the number of frames added.
func (g *GIF) Frames() int { return len(g.anim.Image) }

// Encode writes the GIF (looping forever).
func (g *GIF) Encode(w io.Writer) error {
	if len(g.anim.Image) == 0 {
		return errors.New("raster: no frames")
	}
	g.anim.Config = image.Config{ColorModel: g.pal, Width: g.prev.Rect.Dx(), Height: g.prev.Rect.Dy()}
	return gif.EncodeAll(w, &g.anim)
}

func diffRect(a, b *image.Paletted) image.Rectangle {
	r := b.Rect
	x0, y0, x1, y1 := r.Max.X, r.Max.Y, r.Min.X, r.Min.Y
	for y := r.Min.Y; y < r.Max.Y; y++ {
		ra := a.Pix[a.PixOffset(r.Min.X, y):][:r.Dx()]
		rb := b.Pix[b.PixOffset(r.Min.X, y):][:r.Dx()]
		for x := range ra {
			if ra[x] != rb[x] {
				x0, x1 = min(x0, r.Min.X+x), max(x1, r.Min.X+x+1)
				y0, y1 = min(y0, y), max(y1, y+1)
			}
		}
	}
	if x1 <= x0 {
		return image.Rectangle{}
	}
	return image.Rect(x0, y0, x1, y1)
}

// PNG writes img as a PNG.
func PNG(w io.Writer, img image.Image) error {
	return (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(w, img)
}

// FFmpegPath is the ffmpeg found on PATH, or "".
func FFmpegPath() string {
	p, err := exec.LookPath("ffmpeg")
	if err != nil {
		return ""
	}
	return p
}

// MP4 pipes raw frames into ffmpeg, which encodes an H.264 MP4.
// It writes to PATH.partial and renames it to PATH only when ffmpeg has
// finished without error, so a failed or interrupted recording leaves
// nothing under the final name (issue 14).
type MP4 struct {
	cmd       *exec.Cmd
	in        io.WriteCloser
	w, h      int
	log       []byte
	path, tmp string
}

// NewMP4 starts ffmpeg writing path at fps frames a second from w×h frames.
func NewMP4(path string, w, h int, fps float64) (*MP4, error) {
	tmp := path + ".partial"
	ff := FFmpegPath()
	if ff == "" {
		return nil, errors.New("raster: --mp4 needs ffmpeg on PATH (apt-get install ffmpeg)")
	}
	cmd := exec.Command(ff, "-hide_banner", "-loglevel", "error", "-y",
		"-f", "rawvideo", "-pix_fmt", "rgba", "-s", fmt.Sprintf("%dx%d", w, h), "-r", fmt.Sprint(fps), "-i", "-",
		"-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart", "-f", "mp4", tmp)
	in, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	m := &MP4{cmd: cmd, in: in, w: w, h: h, path: path, tmp: tmp}
	cmd.Stderr = (*logWriter)(&m.log)
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return m, nil
}

type logWriter []byte

func (l *logWriter) Write(p []byte) (int, error) { *l = append(*l, p...); return len(p), nil }

// Add writes one frame.
func (m *MP4) Add(img *image.RGBA) error {
	if img.Rect.Dx() != m.w || img.Rect.Dy() != m.h {
		return fmt.Errorf("raster: frame is %v, want %dx%d", img.Rect.Size(), m.w, m.h)
	}
	if _, err := m.in.Write(img.Pix); err != nil {
		// ffmpeg has stopped: say why (Abort then removes its file).
		m.in.Close()
		m.cmd.Wait()
		return fmt.Errorf("raster: ffmpeg stopped: %v: %s", err, m.log)
	}
	return nil
}

// Close finishes the file.
func (m *MP4) Close() error {
	m.in.Close()
	if err := m.cmd.Wait(); err != nil {
		os.Remove(m.tmp)
		return fmt.Errorf("raster: ffmpeg: %v: %s", err, m.log)
	}
	if err := os.Rename(m.tmp, m.path); err != nil {
		os.Remove(m.tmp)
		return fmt.Errorf("raster: writing %s: %v", m.path, err)
	}
	return nil
}

// Abort stops ffmpeg and removes what it wrote: nothing is left under
// the final name or the temporary one.
func (m *MP4) Abort() {
	m.in.Close()
	if m.cmd.Process != nil {
		m.cmd.Process.Kill()
	}
	m.cmd.Wait()
	os.Remove(m.tmp)
}
