package chart

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/model/stats"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

func near(a, b float64) bool { return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b)) }

func sameFloats(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values %v, want %d %v", what, len(got), got, len(want), want)
	}
	for i := range got {
		if !near(got[i], want[i]) {
			t.Fatalf("%s[%d] = %v, want %v (all: %v)", what, i, got[i], want[i], got)
		}
	}
}

func TestECDF(t *testing.T) {
	x, y := ECDF([]Bin{{1, 2, 10}, {2, 4, 30}, {4, 8, 60}})
	sameFloats(t, "x", x, []float64{1, 2, 4, 8})
	sameFloats(t, "y", y, []float64{0, 10, 40, 100})
	// the first bin of summary.json starts at 0: start one log-bin below
	x, _ = ECDF([]Bin{{0, 0.001, 5}, {0.001, 0.002, 5}})
	sameFloats(t, "x from 0", x, []float64{0.0005, 0.001, 0.002})
	// the last bin is open
	x, y = ECDF([]Bin{{100, 1000, 1}, {10000, math.Inf(1), 3}})
	sameFloats(t, "x open", x, []float64{100, 1000, 10000 * math.Pow(10, 0.1)})
	sameFloats(t, "y open", y, []float64{0, 25, 100})
}

func TestLatencyDrawsTheECDFAndPercentiles(t *testing.T) {
	bins := []Bin{{1, 2, 10}, {2, 4, 30}, {4, 8, 60}}
	c, err := Latency([]LatencySeries{{Name: "base", Bins: bins, P50: 4.5, P90: 7}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	name := "base (p50 4.50, p90 7.00 d)"
	l := c.Layer(Line, name)
	if l == nil {
		t.Fatalf("no line %q; legend %q", name, c.Legend())
	}
	sameFloats(t, "line x", l.X, []float64{1, 2, 4, 8})
	sameFloats(t, "line y", l.Y, []float64{0, 10, 40, 100})
	p := c.Layer(Points, name)
	sameFloats(t, "marker x", p.X, []float64{4.5, 7})
	sameFloats(t, "marker y", p.Y, []float64{50, 90})
	if !c.X.Log || c.X.Unit == "" || c.Y.Unit == "" {
		t.Errorf("axes %+v %+v: want a log x axis and units on both", c.X, c.Y)
	}
	if l.Style.Color != Series(0).Color {
		t.Errorf("first series colour %v, want %v", l.Style.Color, Series(0).Color)
	}
}

func TestVisitShares(t *testing.T) {
	counts := []float64{0, 58, 1711, 4041, 723, 1030, 808} // classroom, seed 1
	got := VisitShares(counts)
	want := [4]float64{0, 100 * 58.0 / 8371, 100 * 1711.0 / 8371, 100 * 6602.0 / 8371}
	sameFloats(t, "shares", got[:], want[:])

	c, err := Visits([]VisitSeries{{"a", counts}, {"b", []float64{1, 1, 1, 1}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	// stacked: each category's bar starts where the previous ended
	var cum [2]float64
	for k, name := range []string{"0 visits", "1 visit", "2 visits", "3 or more"} {
		l := c.Layer(Bars, name)
		if l == nil {
			t.Fatalf("no bars %q", name)
		}
		wantB := []float64{25, 25, 25, 25}
		sameFloats(t, name+" lo", l.Lo, cum[:])
		cum[0] += want[k]
		cum[1] += wantB[k]
		sameFloats(t, name+" hi", l.Hi, cum[:])
	}
	sameFloats(t, "top", cum[:], []float64{100, 100})
	if !slices.Equal(c.X.Categories, []string{"a", "b"}) {
		t.Errorf("categories %q", c.X.Categories)
	}
}

func TestLorenzAndGini(t *testing.T) {
	x, y, g := LorenzCurve([]float64{4, 1, 3, 2})
	sameFloats(t, "x", x, []float64{0, 25, 50, 75, 100})
	sameFloats(t, "y", y, []float64{0, 10, 30, 60, 100})
	if !near(g, 0.25) {
		t.Errorf("Gini %v, want 0.25 (by hand)", g)
	}
	r := rand.New(rand.NewPCG(1, 2))
	for range 20 {
		xs := make([]float64, 2+r.IntN(50))
		for i := range xs {
			xs[i] = r.ExpFloat64() * 10
		}
		if _, _, g := LorenzCurve(xs); math.Abs(g-stats.Gini(xs)) > 1e-12 {
			t.Fatalf("Gini from the curve %v, stats.Gini %v", g, stats.Gini(xs))
		}
	}
	c, err := Lorenz([]Distribution{{"streets", []float64{4, 1, 3, 2}}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	l := c.Layer(Line, "streets (Gini 0.25)")
	if l == nil {
		t.Fatalf("legend %q: want the Gini in it", c.Legend())
	}
	sameFloats(t, "drawn y", l.Y, y)
}

func TestDominated(t *testing.T) {
	ps := []Package{
		{Name: "base", Cost: 0, Gain: 0, NoCI: true},
		{Name: "cheap good", Cost: 1, Gain: 5, NoCI: true},
		{Name: "dear worse", Cost: 2, Gain: 4, NoCI: true},     // beaten by cheap good
		{Name: "dear better", Cost: 3, Gain: 8, NoCI: true},    // frontier
		{Name: "same gain dear", Cost: 4, Gain: 8, NoCI: true}, // beaten by dear better
		{Name: "tie", Cost: 3, Gain: 8, NoCI: true},            // equal to dear better: not dominated
	}
	got := Dominated(ps)
	want := []bool{false, false, true, false, true, false}
	if !slices.Equal(got, want) {
		t.Errorf("dominated %v, want %v", got, want)
	}
	o := Options{X: AxisText{"cost", "yuan"}, Y: AxisText{"gain", "days"}}
	c, err := CostEffect(ps, o)
	if err != nil {
		t.Fatal(err)
	}
	bad := c.Layer(Points, "dominated")
	sameFloats(t, "dominated cost", bad.X, []float64{2, 4})
	if !bad.Hollow {
		t.Error("dominated packages should be hollow")
	}
	front := c.Layer(Line, "efficient packages")
	sameFloats(t, "frontier cost", front.X, []float64{0, 1, 3, 3})
	sameFloats(t, "frontier gain", front.Y, []float64{0, 5, 8, 8})
}

func TestForestRowsAndSignificance(t *testing.T) {
	o := Options{X: AxisText{"change", "days"}}
	c, err := Forest([]Effect{
		{Label: "A", Estimate: -5, Lo: -6, Hi: -4},
		{Label: "B", Estimate: 1, Lo: -1, Hi: 3},
		{Label: "C", Estimate: 2, NoCI: true},
	}, o)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(c.Y.Categories, []string{"C", "B", "A"}) {
		t.Errorf("rows bottom-up %q, want C B A (A on top)", c.Y.Categories)
	}
	sig := c.Layer(Points, "CI excludes zero")
	sameFloats(t, "significant at", sig.Y, []float64{2})
	non := c.Layer(Points, "CI spans zero")
	sameFloats(t, "spanning at", non.Y, []float64{1})
	if !non.Hollow || sig.Hollow {
		t.Error("want filled markers for CIs that exclude zero, hollow for those that span it")
	}
	bars := c.Layer(ErrorBars, "")
	sameFloats(t, "CI lo", bars.Lo, []float64{-6, -1})
	sameFloats(t, "CI hi", bars.Hi, []float64{-4, 3})
	if c.Layer(Points, "single run, no CI") == nil {
		t.Error("the single-run row is not marked")
	}
}

func TestSobolBars(t *testing.T) {
	c, err := Sobol([]Index{{"a", 0.5, 0.4, 0.6, 0.7, 0.6, 0.8}, {"b", 0.1, 0, 0.2, 0.2, 0.1, 0.3}}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	st := c.Layer(Bars, "total ST")
	s1 := c.Layer(Bars, "first order S1")
	sameFloats(t, "ST", st.Hi, []float64{0.7, 0.2})
	sameFloats(t, "S1", s1.Hi, []float64{0.5, 0.1})
	if !slices.Equal(c.Y.Categories, []string{"b", "a"}) {
		t.Errorf("rows %q", c.Y.Categories)
	}
	e := c.Layer(ErrorBars, "")
	sameFloats(t, "CI lo", e.Lo, []float64{0.6, 0.4, 0.1, 0})
}

func TestTimeSeriesBands(t *testing.T) {
	o := Options{Y: AxisText{"backlog", "h"}}
	s := LineSeries{Name: "a", X: []float64{0, 1, 2}, Y: []float64{5, 6, 7}, Lo: []float64{4, 5, 6}, Hi: []float64{6, 7, 8}}
	c, err := TimeSeries([]LineSeries{s}, []Shade{{0, 1, "warm-up"}}, o)
	if err != nil {
		t.Fatal(err)
	}
	b := c.Layer(Band, "a")
	sameFloats(t, "band lo", b.Lo, s.Lo)
	sameFloats(t, "band hi", b.Hi, s.Hi)
	sameFloats(t, "line", c.Layer(Line, "a").Y, s.Y)
	if c.Layer(Span, "warm-up") == nil {
		t.Error("no warm-up span")
	}
	if !strings.Contains(c.Note, "95%") {
		t.Errorf("note %q should say what the band is", c.Note)
	}
}

func TestWorkloadMapCellsTakeTheNearestStreet(t *testing.T) {
	streets := []Place{{"s1", 0, 0, 10}, {"s2", 3, 0, 20}, {"s3", 0, 3, 30}}
	coms := [][2]float64{{0, 0}, {1, 0}, {2, 0}, {3, 0}, {0, 1}, {0, 2}, {0, 3}}
	c, err := WorkloadMap(streets, coms, Options{})
	if err != nil {
		t.Fatal(err)
	}
	cells := c.Layers[0].Cells
	if len(cells) == 0 {
		t.Fatal("no cells")
	}
	reach := reachOf(append(coms, [2]float64{0, 0}, [2]float64{3, 0}, [2]float64{0, 3}))
	if !near(reach, 0.75) {
		t.Errorf("reach %v, want 0.75 (¾ of the 1 km spacing)", reach)
	}
	seen := map[float64]bool{}
	for _, cl := range cells {
		// every sub-cell of a merged run is nearest to the run's street
		side := cl.Y1 - cl.Y0
		for x := cl.X0 + side/2; x < cl.X1; x += side {
			y := (cl.Y0 + cl.Y1) / 2
			best, v := math.Inf(1), 0.0
			for _, s := range streets {
				if d := math.Hypot(s.X-x, s.Y-y); d < best {
					best, v = d, s.Value
				}
			}
			if v != cl.V {
				t.Fatalf("cell at (%.2f, %.2f) has %v, its nearest street %v", x, y, cl.V, v)
			}
		}
		seen[cl.V] = true
	}
	if len(seen) != 3 {
		t.Errorf("cells show values %v, want all three streets", seen)
	}
	// the scale spans the values, widened to round numbers
	if c.Scale.Min != 10 || c.Scale.Max != 30 {
		t.Errorf("scale %v–%v, want 10–30", c.Scale.Min, c.Scale.Max)
	}
	if a, b := niceRange(23.4, 26.2); a != 23 || b != 27 {
		t.Errorf("niceRange(23.4, 26.2) = %v, %v; want 23, 27", a, b)
	}
	// nothing drawn far from the city: the corner (3, 3) is 2.2 km from any point
	for _, cl := range cells {
		if cl.X1 > 2.5 && cl.Y1 > 2.5 && cl.X0 < 3.2 && cl.Y0 < 3.2 && cl.X0 > 2.5 && cl.Y0 > 2.5 {
			t.Fatalf("cell %+v drawn outside the city", cl)
		}
	}
}

func TestBadInputs(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	yo := Options{Y: AxisText{"y", "u"}}
	xo := Options{X: AxisText{"x", "u"}, Y: AxisText{"y", "u"}}
	cases := []struct {
		name string
		f    func() (*Chart, error)
		want string
	}{
		{"latency empty", func() (*Chart, error) { return Latency(nil, Options{}) }, "no series"},
		{"latency no bins", func() (*Chart, error) { return Latency([]LatencySeries{{Name: "a", P50: 1, P90: 2}}, Options{}) }, "no histogram bins"},
		{"latency NaN count", func() (*Chart, error) {
			return Latency([]LatencySeries{{Name: "a", Bins: []Bin{{1, 2, nan}}, P50: 1, P90: 2}}, Options{})
		}, "count NaN"},
		{"latency NaN p90", func() (*Chart, error) {
			return Latency([]LatencySeries{{Name: "a", Bins: []Bin{{1, 2, 1}}, P50: 1, P90: nan}}, Options{})
		}, "p90 is NaN"},
		{"latency unnamed", func() (*Chart, error) {
			return Latency([]LatencySeries{{Bins: []Bin{{1, 2, 1}}, P50: 1, P90: 2}}, Options{})
		}, "has no name"},
		{"visits Inf", func() (*Chart, error) { return Visits([]VisitSeries{{"a", []float64{1, inf}}}, Options{}) }, "+Inf"},
		{"visits nothing", func() (*Chart, error) { return Visits([]VisitSeries{{"a", []float64{0, 0}}}, Options{}) }, "no completed"},
		{"series no y text", func() (*Chart, error) {
			return TimeSeries([]LineSeries{{Name: "a", X: []float64{1}, Y: []float64{1}}}, nil, Options{})
		}, "Options.Y"},
		{"series NaN", func() (*Chart, error) {
			return TimeSeries([]LineSeries{{Name: "a", X: []float64{1, 2}, Y: []float64{1, nan}}}, nil, yo)
		}, "y[1] is NaN"},
		{"series empty", func() (*Chart, error) { return TimeSeries([]LineSeries{{Name: "a"}}, nil, yo) }, "no points"},
		{"series band inverted", func() (*Chart, error) {
			return TimeSeries([]LineSeries{{Name: "a", X: []float64{1}, Y: []float64{1}, Lo: []float64{2}, Hi: []float64{0}}}, nil, yo)
		}, "lo[0] = 2 > hi"},
		{"series x not increasing", func() (*Chart, error) {
			return TimeSeries([]LineSeries{{Name: "a", X: []float64{2, 1}, Y: []float64{1, 1}}}, nil, yo)
		}, "x must increase"},
		{"response no axes", func() (*Chart, error) {
			return Response([]LineSeries{{Name: "a", X: []float64{1}, Y: []float64{1}}}, yo)
		}, "both axes"},
		{"map NaN", func() (*Chart, error) { return WorkloadMap([]Place{{"a", 0, 0, nan}}, nil, Options{}) }, "NaN"},
		{"map empty", func() (*Chart, error) { return WorkloadMap(nil, nil, Options{}) }, "no streets"},
		{"lorenz one unit", func() (*Chart, error) { return Lorenz([]Distribution{{"a", []float64{1}}}, Options{}) }, "at least 2"},
		{"lorenz negative", func() (*Chart, error) { return Lorenz([]Distribution{{"a", []float64{1, -1}}}, Options{}) }, "want ≥ 0"},
		{"forest outside CI", func() (*Chart, error) {
			return Forest([]Effect{{Label: "a", Estimate: 5, Lo: 0, Hi: 1}}, xo)
		}, "outside its CI"},
		{"forest Inf", func() (*Chart, error) { return Forest([]Effect{{Label: "a", Estimate: inf, NoCI: true}}, xo) }, "+Inf"},
		{"forest empty", func() (*Chart, error) { return Forest(nil, xo) }, "no effects"},
		{"cost NaN", func() (*Chart, error) { return CostEffect([]Package{{Name: "a", Cost: nan, NoCI: true}}, xo) }, "NaN"},
		{"cost no axes", func() (*Chart, error) { return CostEffect([]Package{{Name: "a", NoCI: true}}, Options{}) }, "Options.X"},
		{"sobol NaN", func() (*Chart, error) { return Sobol([]Index{{"p", nan, 0, 0, 0, 0, 0}}, Options{}) }, "NaN"},
		{"sobol empty", func() (*Chart, error) { return Sobol(nil, Options{}) }, "no parameters"},
		{"unit missing", func() (*Chart, error) {
			return TimeSeries([]LineSeries{{Name: "a", X: []float64{1}, Y: []float64{1}}}, nil, Options{Y: AxisText{"backlog", ""}})
		}, "Options.Y"},
	}
	for _, tc := range cases {
		c, err := tc.f()
		if err == nil {
			t.Errorf("%s: no error (chart %v)", tc.name, c != nil)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "chart: ") {
			t.Errorf("%s: error %q, want it to start with \"chart: \" and contain %q", tc.name, err, tc.want)
		}
	}
}

func TestFormatOf(t *testing.T) {
	for in, want := range map[string]Format{"a.png": PNG, "b/C.SVG": SVG} {
		if f, err := FormatOf(in); err != nil || f != want {
			t.Errorf("FormatOf(%q) = %q, %v", in, f, err)
		}
	}
	if _, err := FormatOf("x.pdf"); err == nil {
		t.Error("pdf accepted")
	}
}

// TestChineseLabelRendering draws three Chinese characters one by one
// with the CJK font found at run time: each must leave ink, and all three
// must differ (a missing glyph would draw the same empty box for each).
// Without a CJK font it checks the warning instead, unless
// TIAOKUAI_REQUIRE_CJK is set: scripts/test.sh installs fonts-noto-cjk and
// runs it again with it set.
func TestChineseLabelRendering(t *testing.T) {
	info := Fonts()
	if !info.CJK {
		if os.Getenv("TIAOKUAI_REQUIRE_CJK") != "" {
			t.Fatalf("TIAOKUAI_REQUIRE_CJK is set and there is no CJK font: %s", info.Problem)
		}
		c, err := Visits([]VisitSeries{{"老城区", []float64{1, 2}}}, Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(c.Warnings) == 0 || !strings.Contains(c.Warnings[0], "fonts-noto-cjk") {
			t.Fatalf("no CJK font and no useful warning: %q", c.Warnings)
		}
		t.Skipf("no CJK font here (%s); the warning is right", info.Problem)
	}
	t.Logf("CJK font: %s (%s)", info.Family, info.Path)
	if m := fonts().missingGlyphs("老城区新城区街道社区办结时长"); len(m) > 0 {
		t.Fatalf("%s lacks %q", info.Family, string(m))
	}
	var imgs []image.Image
	for _, r := range []string{"老", "城", "区"} {
		img := drawText(t, r)
		ink := 0
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if r, _, _, _ := img.At(x, y).RGBA(); r < 0x8000 {
					ink++
				}
			}
		}
		if ink < 30 {
			t.Fatalf("%q drew %d dark pixels", r, ink)
		}
		imgs = append(imgs, img)
	}
	for i := range imgs {
		for j := i + 1; j < len(imgs); j++ {
			if samePixels(imgs[i], imgs[j]) {
				t.Fatalf("characters %d and %d render identically: boxes, not glyphs", i, j)
			}
		}
	}
	// and a whole chart with Chinese names renders without warnings
	c, err := Visits([]VisitSeries{{"老城区", []float64{1, 2}}, {"新城区", []float64{2, 1}}}, Options{Lang: Chinese})
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Warnings) > 0 {
		t.Fatalf("warnings: %q", c.Warnings)
	}
	if _, err := c.Bytes(PNG, DefaultDPI); err != nil {
		t.Fatal(err)
	}
}

func drawText(t *testing.T, s string) image.Image {
	t.Helper()
	cv := vgimg.NewWith(vgimg.UseWH(40, 40), vgimg.UseDPI(144))
	dc := draw.New(cv)
	st := textStyle(24, false)
	dc.FillText(st, vg.Point{X: 4, Y: 20}, s)
	var b bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: cv}).WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

func samePixels(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return false
			}
		}
	}
	return true
}

// TestNoCJKFontFallsBack loads the fonts as on a machine without a CJK
// font: charts fall back to Liberation Sans, which draws Latin text, and
// Chinese text gets a warning that says what to install.
func TestNoCJKFontFallsBack(t *testing.T) {
	t.Setenv(FontEnv, "/nonexistent/font.ttc")
	fs := loadFonts()
	if fs.info.CJK || fs.info.Family != "Liberation Sans" || fs.check == nil {
		t.Fatalf("fonts %+v, want the Liberation Sans fallback", fs.info)
	}
	if !strings.Contains(fs.info.Problem, FontEnv) {
		t.Errorf("problem %q should name %s", fs.info.Problem, FontEnv)
	}
	if m := fs.missingGlyphs("abc 老城区"); string(m) != "老城区" {
		t.Errorf("missing %q, want 老城区", string(m))
	}
	if m := fs.missingGlyphs("days (log scale) – p90 ≥ 0–1 %"); len(m) > 0 {
		t.Errorf("Liberation lacks %q?", string(m))
	}
	t.Setenv(FontEnv, "")
	if !Fonts().CJK {
		return
	}
	// with a CJK font, a warning names the font that lacks the glyphs
	w := fontWarnings([]string{"ok", "\U0001F600 smile"})
	if len(w) != 1 || !strings.Contains(w[0], "empty boxes") {
		t.Errorf("warnings %q", w)
	}
}

func TestResponseDrawsEveryLevel(t *testing.T) {
	o := Options{X: AxisText{"data sharing", "share"}, Y: AxisText{"p90", "days"}}
	a := LineSeries{Name: "off", X: []float64{0.1, 0.5, 0.9}, Y: []float64{30, 25, 20}, Lo: []float64{29, 24, 19}, Hi: []float64{31, 26, 21}}
	b := LineSeries{Name: "on", X: []float64{0.1, 0.5, 0.9}, Y: []float64{24, 20, 15}}
	c, err := Response([]LineSeries{a, b}, o)
	if err != nil {
		t.Fatal(err)
	}
	for i, s := range []LineSeries{a, b} {
		l := c.Layer(Line, s.Name)
		p := c.Layer(Points, s.Name)
		sameFloats(t, s.Name+" line", l.Y, s.Y)
		sameFloats(t, s.Name+" points x", p.X, s.X)
		if l.Style.Color != Series(i).Color || p.Marker != Series(i).Marker {
			t.Errorf("%s: style %+v, want series %d's", s.Name, l.Style, i)
		}
	}
	band := c.Layer(Band, "off")
	sameFloats(t, "band lo", band.Lo, a.Lo)
	if c.Layer(Band, "on") != nil {
		t.Error("a band drawn for a line without one")
	}
	if !slices.Equal(c.Legend(), []string{"off", "on"}) {
		t.Errorf("legend %q", c.Legend())
	}
}

// lightness is CIE L* of an sRGB colour.
func lightness(c interface{ RGBA() (r, g, b, a uint32) }) float64 {
	r, g, b, _ := c.RGBA()
	lin := func(v uint32) float64 {
		x := float64(v) / 0xffff
		if x <= 0.04045 {
			return x / 12.92
		}
		return math.Pow((x+0.055)/1.055, 2.4)
	}
	y := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	if y > 0.008856 {
		return 116*math.Cbrt(y) - 16
	}
	return 903.3 * y
}

// TestGreyscale: the first three series differ by at least 20 in
// lightness, every series has its own dash pattern and marker among the
// first six, and the sequential scales darken monotonically.
func TestGreyscale(t *testing.T) {
	for i := range 3 {
		for j := i + 1; j < 3; j++ {
			if d := math.Abs(lightness(Series(i).Color) - lightness(Series(j).Color)); d < 20 {
				t.Errorf("series %d and %d differ by %.0f in L*", i, j, d)
			}
		}
	}
	for i := range 6 {
		for j := i + 1; j < 6; j++ {
			if slices.Equal(Series(i).Dashes, Series(j).Dashes) || Series(i).Marker == Series(j).Marker {
				t.Errorf("series %d and %d share a dash pattern or marker", i, j)
			}
		}
	}
	for i := 1; i < len(sequential); i++ {
		if !(lightness(sequential[i]) < lightness(sequential[i-1])-10) {
			t.Errorf("visits scale: step %d is not darker", i)
		}
	}
	prev := 101.0
	for f := 0.0; f <= 1; f += 0.05 {
		if l := lightness(HeatColor(f)); l >= prev {
			t.Errorf("heat scale not darkening at %.2f (L* %.1f after %.1f)", f, l, prev)
		} else {
			prev = l
		}
	}
}

// TestRates checks what the rates chart draws: one bar per scenario and
// rate at the mean, an error bar per rate with a CI (none for single runs),
// the reported resolution as a square over the resolution bar, and that
// it rejects a rate outside 0–100 or outside its CI.
func TestRates(t *testing.T) {
	nan := Rate{Mean: math.NaN()}
	sets := []RateSet{
		{Name: "base", Rates: [3]Rate{{40, 38, 42, false}, {53, 51, 55, false}, {65, 63, 67, false}}, Recognised: Rate{Mean: 60, Lo: 58, Hi: 62}},
		{Name: "single", Rates: [3]Rate{{70, 0, 0, true}, nan, {75, 0, 0, true}}, Recognised: nan},
	}
	c, err := Rates(sets, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.X.Categories; len(got) != 2 || got[0] != "base" || got[1] != "single" {
		t.Fatalf("categories %v", got)
	}
	var bars, errs, rec []*Layer
	for i := range c.Layers {
		l := &c.Layers[i]
		switch {
		case l.Kind == Bars:
			bars = append(bars, l)
		case l.Kind == ErrorBars:
			errs = append(errs, l)
		case l.Kind == Points:
			rec = append(rec, l)
		}
	}
	if len(bars) != 3 || len(errs) != 1 || len(rec) != 1 {
		t.Fatalf("%d bar layers, %d error-bar layers, %d point layers; want 3, 1, 1", len(bars), len(errs), len(rec))
	}
	// response: base at 0−w, single at 1−w; resolution only for base (NaN is not drawn)
	if b := bars[0]; len(b.X) != 2 || b.Hi[0] != 40 || b.Hi[1] != 70 || !(b.X[0] < 0) || !(b.X[1] < 1) {
		t.Errorf("response bars X %v Hi %v", b.X, b.Hi)
	}
	if b := bars[1]; len(b.X) != 1 || b.X[0] != 0 || b.Hi[0] != 53 {
		t.Errorf("resolution bars X %v Hi %v", b.X, b.Hi)
	}
	if e := errs[0]; len(e.X) != 3 || e.Lo[1] != 51 || e.Hi[1] != 55 {
		t.Errorf("error bars (only the base has CIs) X %v Lo %v Hi %v", e.X, e.Lo, e.Hi)
	}
	if r := rec[0]; len(r.X) != 1 || r.X[0] != 0 || r.Y[0] != 60 {
		t.Errorf("recognised X %v Y %v", r.X, r.Y)
	}
	for _, bad := range []RateSet{
		{Name: "x", Rates: [3]Rate{{140, 130, 150, false}, nan, nan}, Recognised: nan},
		{Name: "x", Rates: [3]Rate{{40, 41, 45, false}, nan, nan}, Recognised: nan},
		{Name: "x", Rates: [3]Rate{nan, nan, nan}, Recognised: nan},
		{Name: "", Rates: [3]Rate{{40, 0, 0, true}, nan, nan}, Recognised: nan},
	} {
		if _, err := Rates([]RateSet{bad}, Options{}); err == nil {
			t.Errorf("%+v: no error", bad)
		}
	}
}
