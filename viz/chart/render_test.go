package chart

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// samples builds one chart of every kind from numbers like a run's, in
// the given language.
func samples(t testing.TB, lang Lang) map[Kind]*Chart {
	t.Helper()
	o := Options{Lang: lang}
	must := func(c *Chart, err error) *Chart {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	names := []string{"baseline", "one window", "data sharing"}
	districts := []string{"老城区", "新城区"}
	if lang == Chinese {
		names = []string{"基线", "一窗受理", "数据共享"}
	}
	out := map[Kind]*Chart{}
	var lat []LatencySeries
	for i, n := range names {
		var bins []Bin
		for k := range 40 {
			lo := math.Pow(10, -1+float64(k)/10)
			mid := math.Log10(lo) - (1.2 - 0.3*float64(i))
			bins = append(bins, Bin{Lo: lo, Hi: lo * math.Pow(10, 0.1), Count: math.Round(1000 * math.Exp(-mid*mid*4))})
		}
		lat = append(lat, LatencySeries{Name: n, Bins: bins, P50: math.Pow(10, 1.2-0.3*float64(i)), P90: math.Pow(10, 1.2-0.3*float64(i)+0.35)})
	}
	out[KindLatency] = must(Latency(lat, o))
	out[KindVisits] = must(Visits([]VisitSeries{
		{names[0], []float64{0, 58, 1711, 4041, 723, 1030, 808}},
		{names[1], []float64{0, 2900, 4000, 1200, 200, 50, 21}},
		{names[2], []float64{1500, 3100, 2800, 700, 200, 50, 21}},
	}, o))
	var ls []LineSeries
	for i, n := range names[:2] {
		var s LineSeries
		s.Name = n
		for d := range 120 {
			y := 40 + 10*float64(i) + 8*math.Sin(float64(d)/9) + float64(d)/10
			s.X, s.Y, s.Lo, s.Hi = append(s.X, float64(d)), append(s.Y, y), append(s.Lo, y-3-float64(i)), append(s.Hi, y+3+float64(i))
		}
		ls = append(ls, s)
	}
	so := o
	so.Y = AxisText{"grassroots backlog", "h"}
	warm := "warm-up"
	if lang == Chinese {
		so.Y = AxisText{"基层积压", "小时"}
		warm = "预热期"
	}
	out[KindSeries] = must(TimeSeries(ls, []Shade{{0, 28, warm}}, so))
	var streets []Place
	var coms [][2]float64
	for s := range 4 {
		sx, sy := float64(s%2)*2.5, float64(s/2)*2.5
		name := fmt.Sprintf("%s-街道%d", districts[s/2], s%2+1)
		streets = append(streets, Place{Name: name, X: sx + 0.6, Y: sy + 0.5, Value: 10 + 7*float64(s)})
		for cmy := range 3 {
			for cmx := range 3 {
				coms = append(coms, [2]float64{sx + 0.5*float64(cmx), sy + 0.5*float64(cmy)})
			}
		}
	}
	out[KindWorkloadMap] = must(WorkloadMap(streets, coms, o))
	out[KindLorenz] = must(Lorenz([]Distribution{
		{names[0], []float64{10, 12, 15, 30, 33, 40, 41, 60}},
		{names[1], []float64{20, 22, 25, 28, 30, 31, 33, 35}},
	}, o))
	ro := o
	ro.X, ro.Y = AxisText{"data-sharing coverage", "share, 0–1"}, AxisText{"p90 time to finish", "days"}
	var rs []LineSeries
	for i, lvl := range []string{"one window off", "one window on"} {
		var s LineSeries
		s.Name = lvl
		for _, x := range []float64{0.1, 0.3, 0.5, 0.7, 0.9} {
			y := 30 - 15*x - 6*float64(i)
			s.X, s.Y, s.Lo, s.Hi = append(s.X, x), append(s.Y, y), append(s.Lo, y-1.5), append(s.Hi, y+1.5)
		}
		rs = append(rs, s)
	}
	out[KindResponse] = must(Response(rs, ro))
	fo := o
	fo.X = AxisText{"change from baseline", "%"}
	out[KindForest] = must(Forest([]Effect{
		{Label: names[1] + ": p90 latency", Estimate: -40, Lo: -45, Hi: -35},
		{Label: names[1] + ": visits", Estimate: -30, Lo: -33, Hi: -27},
		{Label: names[2] + ": p90 latency", Estimate: -2, Lo: -6, Hi: 2},
		{Label: names[2] + ": visits", Estimate: 5, NoCI: true},
	}, fo))
	co := o
	co.X, co.Y = AxisText{"extra cost", "million yuan per year"}, AxisText{"p90 time cut", "days"}
	out[KindCost] = must(CostEffect([]Package{
		{Name: names[0], Cost: 0, Gain: 0, NoCI: true},
		{Name: names[1], Cost: 2, Gain: 8, Lo: 7, Hi: 9},
		{Name: names[2], Cost: 3, Gain: 5, Lo: 4, Hi: 6},
		{Name: "both", Cost: 5, Gain: 11, Lo: 9.5, Hi: 12.5},
	}, co))
	out[KindSobol] = must(Sobol([]Index{
		{"platform.data_sharing", 0.45, 0.40, 0.50, 0.55, 0.50, 0.61},
		{"department.housing.windows", 0.20, 0.15, 0.25, 0.30, 0.25, 0.36},
		{"citizens.literacy_mean", -0.01, -0.04, 0.02, 0.03, 0.01, 0.05},
	}, o))
	nan := Rate{Mean: math.NaN()}
	out[KindRates] = must(Rates([]RateSet{
		{Name: names[0], Rates: [3]Rate{{40, 38, 42, false}, {53, 51, 55, false}, {65, 63, 67, false}}, Recognised: Rate{Mean: 60, Lo: 58, Hi: 62}},
		{Name: names[1], Rates: [3]Rate{{90, 89, 91, false}, {80, 78, 82, false}, {88, 86, 90, false}}, Recognised: Rate{Mean: 97, Lo: 96, Hi: 98}},
		{Name: names[2], Rates: [3]Rate{{70, 0, 0, true}, {60, 0, 0, true}, {75, 0, 0, true}}, Recognised: nan},
	}, o))
	return out
}

var allKinds = []Kind{KindLatency, KindVisits, KindSeries, KindWorkloadMap, KindLorenz, KindResponse, KindForest, KindCost, KindSobol, KindRates}

// TestRenderEveryKind renders every chart kind as PNG and SVG in both
// languages: the PNG has the right size and is not blank (many distinct
// colours, ink in every quarter of the plot), the SVG is well-formed XML
// of the right size with the chart's texts in it. With CHART_OUT set the
// files are kept there for a look.
func TestRenderEveryKind(t *testing.T) {
	keep := os.Getenv("CHART_OUT")
	for _, lang := range []Lang{English, Chinese} {
		cs := samples(t, lang)
		for _, k := range allKinds {
			c := cs[k]
			if c == nil {
				t.Fatalf("no sample of %s", k)
			}
			t.Run(lang.String()+"/"+string(k), func(t *testing.T) {
				if len(c.Warnings) > 0 && Fonts().CJK {
					t.Errorf("warnings with a CJK font installed: %v", c.Warnings)
				}
				b, err := c.Bytes(PNG, DefaultDPI)
				if err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("not a PNG: %v", err)
				}
				w, h := c.PixelSize(DefaultDPI)
				if sz := img.Bounds().Size(); sz.X != w || sz.Y != h || w != 768 || h != 480 {
					t.Errorf("PNG is %v, want %d×%d (768×480)", sz, w, h)
				}
				checkNotBlank(t, img)
				s, err := c.Bytes(SVG, 0)
				if err != nil {
					t.Fatal(err)
				}
				checkSVG(t, s, c)
				if keep != "" {
					os.MkdirAll(keep, 0o755)
					base := filepath.Join(keep, string(k)+"-"+lang.String())
					os.WriteFile(base+".png", b, 0o644)
					os.WriteFile(base+".svg", s, 0o644)
				}
			})
		}
	}
}

func checkNotBlank(t *testing.T, img image.Image) {
	t.Helper()
	b := img.Bounds()
	colours := map[color.RGBA]bool{}
	var ink [2][2]int
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			c := color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(bl >> 8), 255}
			colours[c] = true
			if c.R < 200 || c.G < 200 || c.B < 200 {
				ink[2*(y-b.Min.Y)/b.Dy()][2*(x-b.Min.X)/b.Dx()]++
			}
		}
	}
	if len(colours) < 20 {
		t.Errorf("only %d distinct colours: blank?", len(colours))
	}
	for i := range ink {
		for j := range ink[i] {
			if ink[i][j] < 200 {
				t.Errorf("quarter (%d,%d) has %d inked pixels: blank?", i, j, ink[i][j])
			}
		}
	}
}

func checkSVG(t *testing.T, s []byte, c *Chart) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(s))
	var root struct {
		XMLName xml.Name
		Width   string `xml:"width,attr"`
		Height  string `xml:"height,attr"`
	}
	if err := d.Decode(&root); err != nil {
		t.Fatalf("SVG does not parse: %v", err)
	}
	if root.XMLName.Local != "svg" {
		t.Fatalf("root element %q", root.XMLName.Local)
	}
	if want := fmt.Sprintf("%gpt", c.Width.Points()); root.Width != want {
		t.Errorf("SVG width %q, want %q", root.Width, want)
	}
	for _, want := range []string{c.Title, c.Y.String()} {
		if want != "" && !strings.Contains(string(s), xmlEscape(want)) {
			t.Errorf("SVG lacks the text %q", want)
		}
	}
	if n := strings.Count(string(s), "<path"); n < 10 {
		t.Errorf("SVG has %d paths: blank?", n)
	}
}

func xmlEscape(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return strings.ReplaceAll(b.String(), "&#39;", "'")
}
