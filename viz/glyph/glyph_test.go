package glyph

import (
	"image"
	"image/draw"
	"testing"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

var sizes = []float64{11, 16}

// An atlas made from the run-time font draws the same glyphs, with the
// same advances, after a round trip through its encoding.
func TestAtlasRoundTrip(t *testing.T) {
	path := Find()
	if path == "" {
		t.Skip("no CJK font here (apt-get install fonts-noto-cjk)")
	}
	src, err := OpenFile(path, sizes)
	if err != nil {
		t.Fatal(err)
	}
	if !src.CJK {
		t.Fatalf("%s has no Chinese glyphs", path)
	}
	a := MakeAtlas(src, sizes, []rune("城市 ab□"))
	data, err := a.Encode()
	if err != nil {
		t.Fatal(err)
	}
	b, err := ReadAtlas(data)
	if err != nil {
		t.Fatal(err)
	}
	set, err := b.Set([]float64{16, 11.2})
	if err != nil {
		t.Fatal(err)
	}
	if set.Source != SourceAtlas || !set.CJK {
		t.Errorf("source %v", set.Source)
	}
	want, _ := src.Face(1).GlyphAdvance('城')
	got, ok := set.Face(0).GlyphAdvance('城')
	if !ok || got != want {
		t.Errorf("advance of 城: %v %v, want %v", got, ok, want)
	}
	draw1 := func(f font.Face, r rune) *image.Gray {
		img := image.NewGray(image.Rect(0, 0, 24, 24))
		draw.Draw(img, img.Rect, image.White, image.Point{}, draw.Src)
		d := font.Drawer{Dst: img, Src: image.Black, Face: f, Dot: fixed.P(2, 18)}
		d.DrawString(string(r))
		return img
	}
	x, y := draw1(src.Face(1), '城'), draw1(set.Face(0), '城')
	diff, ink := 0, 0
	for i := range x.Pix {
		if x.Pix[i] != y.Pix[i] {
			diff++
		}
		if y.Pix[i] < 128 {
			ink++
		}
	}
	if diff > 0 || ink < 20 {
		t.Errorf("atlas glyph differs in %d pixels (ink %d)", diff, ink)
	}
	// A rune not in the atlas draws the box glyph instead of nothing.
	if _, ok := set.Face(0).GlyphAdvance('龍'); !ok {
		t.Error("missing rune has no fallback")
	}
}

func TestOpenNamedFontMissing(t *testing.T) {
	t.Setenv(FontEnv, "/nonexistent/font.ttc")
	if _, err := Open(sizes); err == nil {
		t.Error("a missing font named by the environment was ignored")
	}
}
