// Package glyph finds and opens the fonts the scene's text is drawn with:
// a CJK font found at run time (TIAOKUAI_CJK_FONT, else Debian's
// fonts-noto-cjk and a few others), else a bitmap atlas embedded into
// WebAssembly builds (made at build time from the same font by
// cmd/simview/mkweb), else Go's own Latin font (Chinese labels then show
// as boxes).
//
// Faces are golang.org/x/image/font faces, so the pure-Go raster back end
// draws them with font.Drawer and the ebiten back end wraps them with
// text.NewGoXFace: both measure text identically.
package glyph

import (
	"errors"
	"fmt"
	"os"
	"strings"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
)

// FontEnv names the environment variable that points at a CJK font file
// (.ttf, .otf or .ttc). The chart package reads the same variable.
const FontEnv = "TIAOKUAI_CJK_FONT"

// Candidates are well-known places of CJK fonts on Debian and friends,
// best first. From a collection the Simplified Chinese face is chosen.
var Candidates = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
}

// Source says where a Set's faces come from.
type Source uint8

const (
	SourceFile  Source = iota // a font file found at run time
	SourceAtlas               // the embedded bitmap atlas
	SourceLatin               // Go's Latin font: no CJK
)

// Set is a font at several pixel sizes.
type Set struct {
	Source Source
	Name   string // file path, "atlas" or "goregular"
	CJK    bool   // whether Chinese can be drawn
	faces  []font.Face
}

// Face is the face at the i-th size given to Open.
func (s *Set) Face(i int) font.Face { return s.faces[i] }

// Open opens the best font available at the given pixel sizes.
func Open(sizes []float64) (*Set, error) {
	if p := os.Getenv(FontEnv); p != "" {
		s, err := OpenFile(p, sizes)
		if err != nil {
			return nil, fmt.Errorf("glyph: %s=%s: %w", FontEnv, p, err)
		}
		return s, nil
	}
	for _, p := range Candidates {
		if _, err := os.Stat(p); err == nil {
			if s, err := OpenFile(p, sizes); err == nil {
				return s, nil
			}
		}
	}
	if len(embeddedAtlas) > 0 {
		a, err := ReadAtlas(embeddedAtlas)
		if err == nil {
			return a.Set(sizes)
		}
	}
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		return nil, err
	}
	return newSet(f, sizes, SourceLatin, "goregular", false)
}

// Find is the path of the CJK font Open would use, or "".
func Find() string {
	if p := os.Getenv(FontEnv); p != "" {
		return p
	}
	for _, p := range Candidates {
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

// OpenFile opens a font file (.ttf, .otf, or a .ttc collection, from which
// the Simplified Chinese face is chosen).
func OpenFile(path string, sizes []float64) (*Set, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := ParseFont(data)
	if err != nil {
		return nil, fmt.Errorf("glyph: %s: %w", path, err)
	}
	return newSet(f, sizes, SourceFile, path, hasHan(f))
}

// ParseFont parses a font or a collection, preferring a Simplified
// Chinese face ("SC" in its family name) in a collection.
func ParseFont(data []byte) (*sfnt.Font, error) {
	c, err := sfnt.ParseCollection(data)
	if err != nil {
		return nil, err
	}
	if c.NumFonts() == 0 {
		return nil, errors.New("no fonts in the file")
	}
	var buf sfnt.Buffer
	best := 0
	for i := 0; i < c.NumFonts(); i++ {
		f, err := c.Font(i)
		if err != nil {
			continue
		}
		name, _ := f.Name(&buf, sfnt.NameIDFamily)
		if strings.Contains(name, " SC") {
			best = i
			break
		}
	}
	return c.Font(best)
}

func hasHan(f *sfnt.Font) bool {
	var buf sfnt.Buffer
	i, err := f.GlyphIndex(&buf, '城')
	return err == nil && i != 0
}

func newSet(f *sfnt.Font, sizes []float64, src Source, name string, cjk bool) (*Set, error) {
	s := &Set{Source: src, Name: name, CJK: cjk}
	for _, px := range sizes {
		face, err := opentype.NewFace(f, &opentype.FaceOptions{Size: px, DPI: 72, Hinting: font.HintingFull})
		if err != nil {
			return nil, err
		}
		s.faces = append(s.faces, face)
	}
	return s, nil
}
