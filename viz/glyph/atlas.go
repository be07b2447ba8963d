package glyph

import (
	"bytes"
	"compress/gzip"
	"encoding/gob"
	"fmt"
	"image"
	"math"
	"slices"

	"golang.org/x/image/font"
	"golang.org/x/image/math/fixed"
)

// Atlas is a bitmap font: pre-rendered glyphs of a set of runes at a few
// pixel sizes. WebAssembly builds embed one (the browser has no font files
// to read); it is made at build time from the CJK font by MakeAtlas.
type Atlas struct {
	Sizes []float64
	Faces []AtlasFace
}

// AtlasFace is one size of an Atlas.
type AtlasFace struct {
	Metrics font.Metrics
	Runes   []rune // sorted
	Advance []fixed.Int26_6
	Bounds  []image.Rectangle // of the mask, relative to the dot
	Masks   [][]byte          // alpha, row-major, Bounds[i].Dx() per row
}

// MakeAtlas renders runes with the faces of s (opened at sizes).
func MakeAtlas(s *Set, sizes []float64, runes []rune) *Atlas {
	rs := slices.Clone(runes)
	slices.Sort(rs)
	rs = slices.Compact(rs)
	a := &Atlas{Sizes: sizes}
	for i := range sizes {
		face := s.Face(i)
		af := AtlasFace{Metrics: face.Metrics()}
		for _, r := range rs {
			dr, mask, mp, adv, ok := face.Glyph(fixed.Point26_6{}, r)
			if !ok {
				continue
			}
			m := make([]byte, dr.Dx()*dr.Dy())
			for y := 0; y < dr.Dy(); y++ {
				for x := 0; x < dr.Dx(); x++ {
					_, _, _, al := mask.At(mp.X+x, mp.Y+y).RGBA()
					m[y*dr.Dx()+x] = uint8(al >> 8)
				}
			}
			af.Runes = append(af.Runes, r)
			af.Advance = append(af.Advance, adv)
			af.Bounds = append(af.Bounds, dr)
			af.Masks = append(af.Masks, m)
		}
		a.Faces = append(a.Faces, af)
	}
	return a
}

// Encode writes the atlas (gob, gzip).
func (a *Atlas) Encode() ([]byte, error) {
	var b bytes.Buffer
	z, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err := gob.NewEncoder(z).Encode(a); err != nil {
		return nil, err
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// ReadAtlas decodes an atlas written by Encode.
func ReadAtlas(data []byte) (*Atlas, error) {
	z, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("glyph: atlas: %w", err)
	}
	a := &Atlas{}
	if err := gob.NewDecoder(z).Decode(a); err != nil {
		return nil, fmt.Errorf("glyph: atlas: %w", err)
	}
	return a, nil
}

// Set gives faces at the sizes asked for (the nearest size of the atlas).
func (a *Atlas) Set(sizes []float64) (*Set, error) {
	if len(a.Faces) == 0 {
		return nil, fmt.Errorf("glyph: empty atlas")
	}
	s := &Set{Source: SourceAtlas, Name: "atlas", CJK: true}
	for _, px := range sizes {
		best := 0
		for i, q := range a.Sizes {
			if math.Abs(q-px) < math.Abs(a.Sizes[best]-px) {
				best = i
			}
		}
		s.faces = append(s.faces, newAtlasFace(&a.Faces[best]))
	}
	return s, nil
}

type atlasFace struct {
	f     *AtlasFace
	index map[rune]int
	masks []*image.Alpha
	tofu  int
}

func newAtlasFace(f *AtlasFace) *atlasFace {
	af := &atlasFace{f: f, index: make(map[rune]int, len(f.Runes)), tofu: -1}
	for i, r := range f.Runes {
		af.index[r] = i
		b := f.Bounds[i]
		af.masks = append(af.masks, &image.Alpha{Pix: f.Masks[i], Stride: b.Dx(), Rect: b})
	}
	for _, r := range []rune{'□', '?'} {
		if i, ok := af.index[r]; ok {
			af.tofu = i
			break
		}
	}
	return af
}

func (a *atlasFace) lookup(r rune) (int, bool) {
	if i, ok := a.index[r]; ok {
		return i, true
	}
	return a.tofu, a.tofu >= 0
}

// Glyph implements font.Face.
func (a *atlasFace) Glyph(dot fixed.Point26_6, r rune) (image.Rectangle, image.Image, image.Point, fixed.Int26_6, bool) {
	i, ok := a.lookup(r)
	if !ok {
		return image.Rectangle{}, nil, image.Point{}, 0, false
	}
	b := a.f.Bounds[i]
	d := image.Pt(dot.X.Round(), dot.Y.Round())
	return b.Add(d), a.masks[i], b.Min, a.f.Advance[i], true
}

// GlyphBounds implements font.Face.
func (a *atlasFace) GlyphBounds(r rune) (fixed.Rectangle26_6, fixed.Int26_6, bool) {
	i, ok := a.lookup(r)
	if !ok {
		return fixed.Rectangle26_6{}, 0, false
	}
	b := a.f.Bounds[i]
	return fixed.R(b.Min.X, b.Min.Y, b.Max.X, b.Max.Y), a.f.Advance[i], true
}

// GlyphAdvance implements font.Face.
func (a *atlasFace) GlyphAdvance(r rune) (fixed.Int26_6, bool) {
	i, ok := a.lookup(r)
	if !ok {
		return 0, false
	}
	return a.f.Advance[i], true
}

func (a *atlasFace) Kern(r0, r1 rune) fixed.Int26_6 { return 0 }
func (a *atlasFace) Metrics() font.Metrics          { return a.f.Metrics }
func (a *atlasFace) Close() error                   { return nil }
