package play

import (
	"image/color"

	"testing"

	"github.com/tiaokuai/tiaokuai/viz/scene"
)

type nullCanvas struct{}

func (nullCanvas) FillRect(scene.Rect, color.NRGBA)                                {}
func (nullCanvas) StrokeRect(scene.Rect, float32, color.NRGBA)                     {}
func (nullCanvas) FillCircle(x, y, r float32, c color.NRGBA)                       {}
func (nullCanvas) Line(x0, y0, x1, y1, w float32, c color.NRGBA)                   {}
func (nullCanvas) Text(s string, x, y float32, size scene.TextSize, c color.NRGBA) {}
func (nullCanvas) TextWidth(s string, size scene.TextSize) float32                 { return float32(len(s)) * 6 }

// BenchmarkFrame is one update and one draw (CPU side, no back end) of a
// shipped scenario at 600×.
func BenchmarkFrame(b *testing.B) {
	for _, name := range []string{"classroom", "midcity"} {
		b.Run(name, func(b *testing.B) {
			s, err := NewSession(Spec{Scenario: name}, Options{})
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				s.Update()
				s.Draw(nullCanvas{})
			}
		})
	}
}
