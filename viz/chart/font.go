package chart

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"unicode"

	xfont "golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/font/sfnt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/font/liberation"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
)

// FontEnv names the environment variable that points at a CJK font file
// (.ttf, .otf or .ttc) to use instead of searching for one.
const FontEnv = "TIAOKUAI_CJK_FONT"

// ErrNoCJKFont is wrapped by the warning of a chart whose text needs a
// CJK font when none was found.
var ErrNoCJKFont = errors.New("chart: no CJK font found")

// Well-known places of CJK fonts on Debian and friends, best first. Noto
// Sans CJK is a collection: its Simplified Chinese face ("SC") is chosen.
var cjkCandidates = []string{
	"/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/opentype/noto/NotoSansCJKsc-Regular.otf",
	"/usr/share/fonts/google-noto-cjk/NotoSansCJK-Regular.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
	"/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
	"/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf",
	"/usr/share/fonts/truetype/arphic/uming.ttc",
}

// FontInfo describes the fonts charts are drawn with.
type FontInfo struct {
	Family string // e.g. "Noto Sans CJK SC" or "Liberation Sans"
	Path   string // the CJK font file, "" when none was found
	CJK    bool   // whether Chinese text can be drawn
	// Problem says why no CJK font is used (not found, or unreadable).
	Problem string
}

type fontSet struct {
	info  FontInfo
	face  font.Font // the typeface every text is drawn in
	bold  font.Font
	check *opentype.Font // for glyph coverage
}

var (
	fontsOnce sync.Once
	theFonts  *fontSet
)

// Fonts returns the fonts in use, finding them on first call.
func Fonts() FontInfo { return fonts().info }

func fonts() *fontSet {
	fontsOnce.Do(func() {
		theFonts = loadFonts()
		plot.DefaultFont = theFonts.face
		plotter.DefaultFont = theFonts.face
		plot.DefaultTextHandler = text.Plain{Fonts: font.DefaultCache}
	})
	return theFonts
}

func loadFonts() *fontSet {
	lib := liberation.Collection()
	font.DefaultCache.Add(lib)
	fs := &fontSet{face: font.Font{Typeface: "Liberation", Variant: "Sans"}}
	fs.bold = fs.face
	fs.bold.Weight = xfont.WeightBold
	for _, f := range lib {
		if f.Font.Typeface == "Liberation" && f.Font.Variant == "Sans" && f.Font.Weight == xfont.WeightNormal && f.Font.Style == xfont.StyleNormal {
			fs.check = f.Face
		}
	}
	fs.info = FontInfo{Family: "Liberation Sans"}

	path, face, family, err := findCJK()
	if err != nil {
		fs.info.Problem = err.Error()
		return fs
	}
	tf := font.Typeface(family)
	reg := font.Font{Typeface: tf}
	coll := font.Collection{{Font: reg, Face: face}}
	if bp, bface, _, err := openCJK(boldSibling(path), family); err == nil && bp != "" {
		b := reg
		b.Weight = xfont.WeightBold
		coll = append(coll, font.Face{Font: b, Face: bface})
	}
	font.DefaultCache.Add(coll)
	fs.face = reg
	fs.bold = reg
	fs.bold.Weight = xfont.WeightBold
	fs.check = face
	fs.info = FontInfo{Family: family, Path: path, CJK: true}
	return fs
}

// findCJK finds a CJK font: $TIAOKUAI_CJK_FONT, the well-known paths, then
// any file under the font directories whose name says CJK.
func findCJK() (path string, face *opentype.Font, family string, err error) {
	if p := os.Getenv(FontEnv); p != "" {
		path, face, family, err = openCJK(p, "")
		if err != nil {
			return "", nil, "", fmt.Errorf("%s=%s: %w", FontEnv, p, err)
		}
		return path, face, family, nil
	}
	var tried []string
	try := func(p string) bool {
		if _, err := os.Stat(p); err != nil {
			return false
		}
		path, face, family, err = openCJK(p, "")
		if err != nil {
			tried = append(tried, fmt.Sprintf("%s: %v", p, err))
			return false
		}
		return true
	}
	for _, p := range cjkCandidates {
		if try(p) {
			return path, face, family, nil
		}
	}
	var found []string
	for _, dir := range []string{"/usr/share/fonts", "/usr/local/share/fonts", filepath.Join(os.Getenv("HOME"), ".fonts"), filepath.Join(os.Getenv("HOME"), ".local/share/fonts")} {
		filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return nil
			}
			n := strings.ToLower(d.Name())
			ext := filepath.Ext(n)
			if ext != ".ttf" && ext != ".otf" && ext != ".ttc" {
				return nil
			}
			if strings.Contains(n, "cjk") || strings.Contains(n, "wqy") || strings.Contains(n, "fallback") || strings.Contains(n, "ming") || strings.Contains(n, "hei") || strings.Contains(n, "song") {
				if !strings.Contains(n, "bold") {
					found = append(found, p)
				}
			}
			return nil
		})
	}
	sort.Strings(found)
	for _, p := range found {
		if try(p) {
			return path, face, family, nil
		}
	}
	msg := "none of the usual CJK fonts is installed (install Debian's fonts-noto-cjk, or set " + FontEnv + " to a .ttf/.otf/.ttc file)"
	if len(tried) > 0 {
		msg += "; unreadable: " + strings.Join(tried, "; ")
	}
	return "", nil, "", fmt.Errorf("%w: %s", ErrNoCJKFont, msg)
}

// openCJK parses a font file and picks the face that draws Chinese,
// preferring Simplified Chinese ("SC") faces of a collection, or the face
// whose family is want.
func openCJK(path, want string) (string, *opentype.Font, string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil, "", err
	}
	coll, err := opentype.ParseCollection(data)
	if err != nil {
		return "", nil, "", err
	}
	var buf sfnt.Buffer
	best, bestScore, bestFamily := -1, -1, ""
	for i := range coll.NumFonts() {
		f, err := coll.Font(i)
		if err != nil {
			continue
		}
		if g, err := f.GlyphIndex(&buf, '区'); err != nil || g == 0 {
			continue
		}
		fam, _ := f.Name(&buf, sfnt.NameIDFamily)
		score := 1
		switch {
		case want != "" && fam == want:
			score = 4
		case strings.HasSuffix(fam, " SC") || strings.Contains(fam, " SC "):
			score = 3
		case strings.Contains(fam, "Mono"):
			score = 0
		}
		if score > bestScore {
			best, bestScore, bestFamily = i, score, fam
		}
	}
	if best < 0 {
		return "", nil, "", errors.New("has no Chinese glyphs")
	}
	if want != "" && bestFamily != want {
		return "", nil, "", fmt.Errorf("has no face %q", want)
	}
	f, _ := coll.Font(best)
	return path, f, bestFamily, nil
}

// boldSibling guesses the bold file beside a regular one.
func boldSibling(path string) string {
	for _, r := range []string{"-Regular.", "Regular."} {
		if strings.Contains(path, r) {
			return strings.Replace(path, r, strings.Replace(r, "Regular", "Bold", 1), 1)
		}
	}
	return ""
}

// missingGlyphs returns the distinct runes of s the chart font cannot draw.
func (fs *fontSet) missingGlyphs(s string) []rune {
	var buf sfnt.Buffer
	var out []rune
	for _, r := range s {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			continue
		}
		if g, err := fs.check.GlyphIndex(&buf, r); err == nil && g != 0 {
			continue
		}
		dup := false
		for _, o := range out {
			dup = dup || o == r
		}
		if !dup {
			out = append(out, r)
		}
	}
	return out
}

// fontWarnings checks every text of a chart against the font.
func fontWarnings(texts []string) []string {
	fs := fonts()
	var bad []string
	var runes []rune
	for _, t := range texts {
		if m := fs.missingGlyphs(t); len(m) > 0 {
			bad = append(bad, t)
			for _, r := range m {
				if !strings.ContainsRune(string(runes), r) {
					runes = append(runes, r)
				}
			}
		}
	}
	if len(bad) == 0 {
		return nil
	}
	if len(bad) > 3 {
		bad = append(bad[:3], "…")
	}
	why := fs.info.Problem
	if fs.info.CJK {
		why = fs.info.Family + " has no glyphs for them"
	} else if !strings.Contains(why, "fonts-noto-cjk") {
		why += " (install Debian's fonts-noto-cjk, or set " + FontEnv + " to a .ttf/.otf/.ttc file)"
	}
	return []string{fmt.Sprintf("chart: %d characters (%s) of %q will show as empty boxes: %s", len(runes), string(runes[:min(len(runes), 8)]), bad, why)}
}
