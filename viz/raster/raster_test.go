package raster

import (
	"image/color"
	"os"
	"testing"

	"github.com/tiaokuai/tiaokuai/viz/glyph"
	"github.com/tiaokuai/tiaokuai/viz/scene"
)

func cjkFonts(t *testing.T) *glyph.Set {
	f, err := glyph.Open(Sizes())
	if err != nil {
		t.Fatal(err)
	}
	if !f.CJK {
		if os.Getenv("TIAOKUAI_REQUIRE_CJK") == "1" {
			t.Fatalf("no CJK font (cmd/simview/ci.sh installs fonts-noto-cjk); got %s", f.Name)
		}
		t.Skipf("no CJK font here (apt-get install fonts-noto-cjk); got %s", f.Name)
	}
	return f
}

func ink(c *Canvas, x0, y0, x1, y1 int, bg color.NRGBA) int {
	n := 0
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			if c.Img.RGBAAt(x, y) != color.RGBA(bg) {
				n++
			}
		}
	}
	return n
}

// A Chinese label renders as ink, inside its line box, as wide as it
// measures; each glyph has its own shape (no boxes for missing glyphs).
func TestChineseLabel(t *testing.T) {
	f := cjkFonts(t)
	c := New(200, 60, f)
	c.FillRect(scene.Rect{W: 200, H: 60}, scene.ColWhite)
	c.Text("老城区", 10, 10, scene.TextLarge, scene.ColText)
	n := ink(c, 0, 0, 200, 60, scene.ColWhite)
	if n < 60 {
		t.Fatalf("老城区: %d inked pixels", n)
	}
	if out := ink(c, 0, 0, 200, 10, scene.ColWhite) + ink(c, 0, 10+int(scene.TextLarge.LineHeight())+1, 200, 60, scene.ColWhite); out > 0 {
		t.Errorf("%d pixels outside the line box", out)
	}
	w := c.TextWidth("老城区", scene.TextLarge)
	if w < 40 || w > 56 {
		t.Errorf("3 CJK glyphs at 16 px measure %.1f px", w)
	}
	// Two different characters do not draw the same pixels.
	a, b := New(40, 30, f), New(40, 30, f)
	a.Text("老", 2, 2, scene.TextLarge, scene.ColText)
	b.Text("新", 2, 2, scene.TextLarge, scene.ColText)
	same := true
	for i := range a.Img.Pix {
		if a.Img.Pix[i] != b.Img.Pix[i] {
			same = false
			break
		}
	}
	if same {
		t.Error("老 and 新 render identically (a missing-glyph box?)")
	}
}

func TestShapes(t *testing.T) {
	f, err := glyph.Open(Sizes())
	if err != nil {
		t.Fatal(err)
	}
	c := New(100, 100, f)
	c.FillRect(scene.Rect{W: 100, H: 100}, scene.ColWhite)
	c.FillCircle(50, 50, 10, scene.ColHall)
	if got := c.Img.RGBAAt(50, 50); got != (color.RGBA{scene.ColHall.R, scene.ColHall.G, scene.ColHall.B, 255}) {
		t.Errorf("disc centre %v", got)
	}
	if got := c.Img.RGBAAt(50, 38); got != (color.RGBA{255, 255, 255, 255}) {
		t.Errorf("outside the disc %v", got)
	}
	c.Line(10, 90, 90, 90, 2, scene.ColText)
	if got := c.Img.RGBAAt(50, 90); got.R > 100 {
		t.Errorf("line pixel %v", got)
	}
	c.StrokeRect(scene.Rect{X: 5, Y: 5, W: 20, H: 20}, 1, scene.ColText)
	if got := c.Img.RGBAAt(15, 5); got.R > 100 {
		t.Errorf("rect edge %v", got)
	}
	if got := c.Img.RGBAAt(15, 15); got.R != 255 {
		t.Errorf("inside a stroked rect %v", got)
	}
}

// Shapes partly or wholly outside the image are clipped, not a panic.
func TestClipping(t *testing.T) {
	f, err := glyph.Open(Sizes())
	if err != nil {
		t.Fatal(err)
	}
	c := New(50, 50, f)
	c.FillCircle(49, 49, 10, scene.ColHall)
	c.FillCircle(-100, 10, 5, scene.ColHall)
	c.Line(-10, 25, 70, 25, 3, scene.ColText)
	c.FillRect(scene.Rect{X: 40, Y: 40, W: 30, H: 30}, scene.ColText)
	c.Text("clipped 老城区", 30, 45, scene.TextTitle, scene.ColText)
	if got := c.Img.RGBAAt(49, 25); got.A == 0 {
		t.Error("line not drawn up to the edge")
	}
}
