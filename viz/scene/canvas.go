package scene

import "image/color"

// Canvas is everything the scene needs from a back end: filled and
// stroked rectangles, discs, lines and text. Coordinates are pixels with
// the origin at the top left; colours are non-premultiplied.
//
// Two back ends implement it: viz/raster (pure Go, for recording) and
// viz/anim (ebiten, for the window and the browser).
type Canvas interface {
	FillRect(r Rect, c color.NRGBA)
	StrokeRect(r Rect, width float32, c color.NRGBA)
	FillCircle(x, y, radius float32, c color.NRGBA)
	Line(x0, y0, x1, y1, width float32, c color.NRGBA)
	// Text draws s with its line box's top-left corner at (x, y).
	Text(s string, x, y float32, size TextSize, c color.NRGBA)
	// TextWidth is the advance of s in pixels.
	TextWidth(s string, size TextSize) float32
}

// TextSize is one of the scene's four text sizes.
type TextSize uint8

const (
	TextSmall  TextSize = iota // 11 px: labels of small places
	TextNormal                 // 13 px: the panel
	TextLarge                  // 16 px: district names, headings
	TextTitle                  // 20 px: the title
	NumTextSizes
)

// Pixels is the font size (em) in pixels.
func (s TextSize) Pixels() float64 {
	return [...]float64{11, 13, 16, 20}[s]
}

// LineHeight is the height of a line of text of size s in pixels.
func (s TextSize) LineHeight() float32 { return float32(s.Pixels() * 1.35) }

// Rect is an axis-aligned rectangle in pixels.
type Rect struct{ X, Y, W, H float32 }

// Contains reports whether (x, y) lies in r.
func (r Rect) Contains(x, y float32) bool {
	return x >= r.X && x < r.X+r.W && y >= r.Y && y < r.Y+r.H
}

// Centre is r's centre.
func (r Rect) Centre() (float32, float32) { return r.X + r.W/2, r.Y + r.H/2 }

// Inset shrinks r by d on every side.
func (r Rect) Inset(d float32) Rect {
	return Rect{r.X + d, r.Y + d, max(0, r.W-2*d), max(0, r.H-2*d)}
}

func rgb(v uint32) color.NRGBA {
	return color.NRGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xff}
}

// Theme colours. Every colour the scene draws is one of these (or a blend
// of one with a background, from anti-aliasing), so a recording can use a
// fixed palette built from Palette.
var (
	ColMapBG       = rgb(0xF4F1EA)
	ColDistrict    = rgb(0xE7E1D3)
	ColDistrictRim = rgb(0xB9AE98)
	ColStreetRim   = rgb(0xCFC6B3)
	ColCityStrip   = rgb(0xE1E6EA)
	ColBox         = rgb(0xFFFFFF)
	ColBoxRim      = rgb(0x7D8A94)
	ColText        = rgb(0x263238)
	ColMuted       = rgb(0x6B7780)
	ColPanelBG     = rgb(0x1F2B35)
	ColPanelRule   = rgb(0x3A4B58)
	ColPanelText   = rgb(0xECEFF1)
	ColPanelMuted  = rgb(0x98A8B4)
	ColOn          = rgb(0x4CD18A)
	ColOff         = rgb(0x6E7E8A)
	ColHighlight   = rgb(0xFFD23F)
	ColWhite       = rgb(0xFFFFFF)
	ColBlack       = rgb(0x000000)

	ColHall     = rgb(0x12807E)
	ColHotline  = rgb(0x8E44AD)
	ColDispatch = rgb(0x34495E)
	ColPlatform = rgb(0x1E9E5A)

	// Citizens by channel.
	ColFragmented = rgb(0xE8743B)
	ColOneWindow  = rgb(0x2E6FD8)
	ColOnline     = rgb(0x1E9E5A)

	// Tickets by bounces so far: none, one, two or more.
	ColTicket  = [3]color.NRGBA{rgb(0x7B3FC4), rgb(0xF2A900), rgb(0xE02020)}
	ColDoc     = rgb(0x455A64) // a file handed between offices
	ColLoadLow = rgb(0xA8CFA8)

	// Load ramp for streets and communities, from calm to drowning.
	LoadRamp = []color.NRGBA{rgb(0xA8CFA8), rgb(0xD9E3A0), rgb(0xF4D35E), rgb(0xF29B4B), rgb(0xD9483B), rgb(0x9E1F1F)}

	// Department colours, by department index (cycled).
	DeptColours = []color.NRGBA{
		rgb(0x4E79A7), rgb(0xF28E2B), rgb(0xE15759), rgb(0x76B7B2), rgb(0x59A14F),
		rgb(0xB8A22E), rgb(0xB07AA1), rgb(0xFF9DA7), rgb(0x9C755F), rgb(0x8C8C8C),
		rgb(0x2F4B7C), rgb(0xA05195),
	}

	// Chart line colours.
	ChartColours = []color.NRGBA{rgb(0x6CB4EE), rgb(0xF6A04D), rgb(0x4CD18A), rgb(0xEF6F6C)}
)

// DeptColour is department d's colour.
func DeptColour(d int) color.NRGBA {
	if d < 0 {
		return ColBoxRim
	}
	return DeptColours[d%len(DeptColours)]
}

// LoadColour maps a load in [0, 1] (1 = drowning) to the load ramp,
// interpolating between its stops.
func LoadColour(v float64) color.NRGBA {
	if !(v > 0) {
		return LoadRamp[0]
	}
	if v >= 1 {
		return LoadRamp[len(LoadRamp)-1]
	}
	x := v * float64(len(LoadRamp)-1)
	i := int(x)
	f := x - float64(i)
	return Blend(LoadRamp[i], LoadRamp[i+1], f)
}

// Blend mixes a and b: f = 0 gives a, f = 1 gives b.
func Blend(a, b color.NRGBA, f float64) color.NRGBA {
	mix := func(x, y uint8) uint8 { return uint8(float64(x)*(1-f) + float64(y)*f + 0.5) }
	return color.NRGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), mix(a.A, b.A)}
}

// Palette lists every base colour of the theme; recorders add blends.
func Palette() []color.NRGBA {
	p := []color.NRGBA{
		ColMapBG, ColDistrict, ColDistrictRim, ColStreetRim, ColCityStrip, ColBox, ColBoxRim,
		ColText, ColMuted, ColPanelBG, ColPanelRule, ColPanelText, ColPanelMuted, ColOn, ColOff,
		ColHighlight, ColWhite, ColBlack, ColHall, ColHotline, ColDispatch, ColPlatform,
		ColFragmented, ColOneWindow, ColOnline, ColDoc,
	}
	p = append(p, ColTicket[:]...)
	p = append(p, LoadRamp...)
	for i := 1; i < len(LoadRamp); i++ { // mid-stops of the ramp
		p = append(p, Blend(LoadRamp[i-1], LoadRamp[i], 0.5))
	}
	p = append(p, DeptColours...)
	p = append(p, ChartColours...)
	return p
}
