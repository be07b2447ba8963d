package record

import (
	"bytes"
	"crypto/sha256"
	"image"
	"image/color"
	"image/gif"
	"os"
	"testing"

	"github.com/tiaokuai/tiaokuai/viz/glyph"
	"github.com/tiaokuai/tiaokuai/viz/play"
	"github.com/tiaokuai/tiaokuai/viz/raster"
	"github.com/tiaokuai/tiaokuai/viz/scene"
)

func fonts(t testing.TB) *glyph.Set {
	t.Helper()
	f, err := glyph.Open(raster.Sizes())
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func recordGIF(t testing.TB, spec play.Spec, opt Options) []byte {
	t.Helper()
	g := raster.NewGIF(opt.FPS)
	if err := Frames(spec, opt, func(img *image.RGBA) error { g.Add(img); return nil }); err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := g.Encode(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// The same scenario and seed give the same GIF bytes; another seed gives
// other bytes. The GIF has the frames asked for, each ≤ 256 colours.
func TestGIFDeterministic(t *testing.T) {
	opt := Options{W: 640, H: 360, Frames: 12, FPS: 12, Span: 4 * 60, Start: play.DefaultStart + 60, Fonts: fonts(t)}
	spec := play.Spec{Scenario: "classroom", Seed: 1}
	a := recordGIF(t, spec, opt)
	b := recordGIF(t, spec, opt)
	if !bytes.Equal(a, b) {
		t.Fatalf("same scenario and seed: GIFs differ (%x vs %x)", sha256.Sum256(a), sha256.Sum256(b))
	}
	spec.Seed = 2
	if c := recordGIF(t, spec, opt); bytes.Equal(a, c) {
		t.Error("seeds 1 and 2 give the same GIF")
	}
	g, err := gif.DecodeAll(bytes.NewReader(a))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 12 || g.Config.Width != 640 || g.Config.Height != 360 {
		t.Errorf("%d frames %dx%d, want 12 at 640x360", len(g.Image), g.Config.Width, g.Config.Height)
	}
	if len(raster.Palette()) > 256 {
		t.Errorf("palette has %d colours", len(raster.Palette()))
	}
	t.Logf("GIF: %d bytes, sha256 %x", len(a), sha256.Sum256(a))
}

func near(a, b color.Color, tol int) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(x, y uint32) int { return abs(int(x>>8) - int(y>>8)) }
	return d(r1, r2) <= tol && d(g1, g2) <= tol && d(b1, b2) <= tol
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// A still at a time shows the map, the panel, the hall boxes and at least
// one citizen; it is written where TIAOKUAI_SHOTS says, to look at.
func TestStill(t *testing.T) {
	spec := play.Spec{Scenario: "classroom", Seed: 1}
	at := play.DefaultStart + 2*60 // Monday 10:00
	img, err := Still(spec, at, Options{Fonts: fonts(t)})
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 720 {
		t.Fatalf("size %v", b)
	}
	if !near(img.At(1280-5, 400), scene.ColPanelBG, 2) {
		t.Errorf("panel pixel %v, want %v", img.At(1280-5, 400), scene.ColPanelBG)
	}
	if !near(img.At(2, 360), scene.ColMapBG, 2) {
		t.Errorf("map pixel %v, want %v", img.At(2, 360), scene.ColMapBG)
	}
	// The same session layout tells where the first hall is.
	s, err := play.NewSession(spec, play.Options{})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Panes[0].Scene.Geo.Halls[0].Rect
	if c := img.At(int(h.X+h.W/2), int(h.Y+2)); !near(c, scene.ColHall, 2) {
		t.Errorf("hall bar pixel %v, want %v", c, scene.ColHall)
	}
	orange := 0
	for y := 0; y < 720; y++ {
		for x := 0; x < 900; x++ {
			if near(img.At(x, y), scene.ColFragmented, 6) {
				orange++
			}
		}
	}
	if orange < 20 {
		t.Errorf("only %d citizen pixels on a Monday morning", orange)
	}
	if dir := os.Getenv("TIAOKUAI_SHOTS"); dir != "" {
		f, err := os.Create(dir + "/still-classroom.png")
		if err == nil {
			raster.PNG(f, img)
			f.Close()
		}
	}
}
