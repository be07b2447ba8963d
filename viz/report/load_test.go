package report

import (
	"bytes"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/model/stats"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/viz/chart"
)

// The tests read real outputs: the classroom town over a short window,
// baseline and one window, two seeds each, written by experiments.Run as
// `sim run` writes them. (Only the tests import experiments and
// scenarios: the package reads the files by their documented format.)
var (
	fixtureOnce sync.Once
	fixtureDirs []string
	fixtureErr  error
	fixtureRoot string
)

func fixtures(t *testing.T) []string {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureRoot, fixtureErr = os.MkdirTemp("", "report-test")
		if fixtureErr != nil {
			return
		}
		for _, sc := range []struct {
			name string
			sets []string
		}{{"classroom", nil}, {"classroom", []string{"platform.one_window=true"}}} {
			for _, seed := range []uint64{1, 2} {
				sets := append([]string{`run.horizon="8w"`, `run.drain="4w"`}, sc.sets...)
				cfg, res, err := scenarios.Load(sc.name, sets)
				if err != nil {
					fixtureErr = err
					return
				}
				dir := filepath.Join(fixtureRoot, cfg.Name+"-"+strings.Join(sc.sets, "")+"-s"+string(rune('0'+seed)))
				if _, _, err := experiments.Run(experiments.RunSpec{Config: cfg, Resolved: res, Seed: seed, OutDir: dir}); err != nil {
					fixtureErr = err
					return
				}
				fixtureDirs = append(fixtureDirs, dir)
			}
		}
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixtureDirs
}

func TestMain(m *testing.M) {
	code := m.Run()
	for _, dir := range []string{fixtureRoot, ratesRoot} {
		if dir != "" {
			os.RemoveAll(dir)
		}
	}
	os.Exit(code)
}

func TestLoadRunsGroupsReplications(t *testing.T) {
	dirs := fixtures(t)
	s, err := Load(dirs...)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Scenarios) != 2 || !s.Replicated() {
		t.Fatalf("%d scenarios, replicated %v", len(s.Scenarios), s.Replicated())
	}
	base, ow := s.Scenarios[0], s.Scenarios[1]
	if base.Label != "classroom" || ow.Label != "classroom + platform.one_window=true" {
		t.Errorf("labels %q, %q", base.Label, ow.Label)
	}
	if !slices.Equal(base.Seeds, []uint64{1, 2}) || base.Hash == ow.Hash || base.Resolved == "" {
		t.Errorf("seeds %v, hashes %s %s", base.Seeds, base.Hash, ow.Hash)
	}
	// the KPI columns are named and valued as a sweep names them
	for _, r := range base.Runs {
		names, values := experiments.FlattenKPIs(r.Summary)
		for i, n := range names {
			v, ok := r.KPI[n]
			if !ok {
				t.Fatalf("KPI %q of experiments.FlattenKPIs missing from the report's flattening", n)
			}
			if !(v == values[i] || math.IsNaN(v) && math.IsNaN(values[i])) {
				t.Fatalf("KPI %q: %v here, %v in experiments", n, v, values[i])
			}
		}
		if len(names) != len(r.KPI) {
			t.Errorf("%d KPIs here, %d in experiments", len(r.KPI), len(names))
		}
	}
	// null in summary.json reads as NaN, not 0, in the typed summary too
	// (the loop above compares them): there must be some null to test
	nulls := 0
	for _, v := range base.Runs[0].KPI {
		if math.IsNaN(v) {
			nulls++
		}
	}
	if nulls == 0 {
		t.Error("no null in summary.json: the NaN decoding is not exercised")
	}
	// estimates and paired differences are the stats package's
	k := Headline.Key
	e := s.EstimateOf(base, k)
	m, h := stats.MeanCI(base.KPI[k], 0.95)
	if e.Mean != m || math.Abs(e.Hi-e.Lo-2*h) > 1e-12 || !e.HasCI {
		t.Errorf("estimate %+v, stats %v ± %v", e, m, h)
	}
	d := s.DiffOf(base, ow, k)
	md, hd, _ := stats.PairedCI(base.KPI[k], ow.KPI[k], 0.95)
	if !d.Paired || d.Est != md || math.Abs(d.Hi-d.Lo-2*hd) > 1e-12 {
		t.Errorf("diff %+v, stats %v ± %v", d, md, hd)
	}
	// the parameters that differ: one window on
	ch := ParamChanges(base, ow)
	if len(ch) != 1 || ch[0] != (Change{Key: "platform.one_window", Base: "false", Reform: "true"}) {
		t.Errorf("changes %+v, want platform.one_window false → true", ch)
	}
	if len(s.Commands) != 4 || !strings.Contains(s.Commands[2], "sim run classroom --seed 1 --set 'run.horizon=\"8w\"'") {
		t.Errorf("commands %q", s.Commands)
	}
}

func TestChartInputsAreTheOutputs(t *testing.T) {
	s, err := Load(fixtures(t)...)
	if err != nil {
		t.Fatal(err)
	}
	lat, err := s.LatencyInputs()
	if err != nil {
		t.Fatal(err)
	}
	for i, sc := range s.Scenarios {
		// pooled histogram: the mean count per run, bin by bin
		var want, got float64
		for _, r := range sc.Runs {
			for _, b := range r.Summary.Matters.Overall.Histogram {
				want += float64(b.Count) / float64(len(sc.Runs))
			}
		}
		for _, b := range lat[i].Bins {
			got += b.Count
		}
		if math.Abs(got-want) > 1e-9 || lat[i].Name != sc.Label {
			t.Errorf("%s: pooled %v matters, want %v", sc.Label, got, want)
		}
		p := (sc.Runs[0].Summary.Matters.Overall.LatencyP90 + sc.Runs[1].Summary.Matters.Overall.LatencyP90) / 2
		if math.Abs(lat[i].P90-p) > 1e-12 {
			t.Errorf("p90 %v, want the mean %v", lat[i].P90, p)
		}
	}
	vis, _ := s.VisitInputs()
	if got, want := vis[1].Counts[2], float64(s.Scenarios[1].Runs[0].Summary.Matters.Overall.VisitCounts[2]+s.Scenarios[1].Runs[1].Summary.Matters.Overall.VisitCounts[2])/2; got != want {
		t.Errorf("visits: %v matters with 2 visits, want %v", got, want)
	}
	series, shades, err := s.SeriesInputs("in_progress")
	if err != nil {
		t.Fatal(err)
	}
	if len(shades) != 1 || shades[0].To != 28 {
		t.Errorf("warm-up shade %+v, want days 0–28", shades)
	}
	r0, r1 := s.Scenarios[0].Runs[0].Daily, s.Scenarios[0].Runs[1].Daily
	c0, _ := r0.Column("in_progress")
	c1, _ := r1.Column("in_progress")
	m0, m1 := movingMean(c0, SmoothDays), movingMean(c1, SmoothDays)
	day := 40
	if series[0].X[day] != float64(day) || math.Abs(series[0].Y[day]-(m0[day]+m1[day])/2) > 1e-9 {
		t.Errorf("day %d: %v, want the mean of the runs' 7-day means %v", day, series[0].Y[day], (m0[day]+m1[day])/2)
	}
	if last := series[0].X[len(series[0].X)-1]; last >= 28+56 {
		t.Errorf("the series runs to day %v: the drain should be left out", last)
	}
	places, coms, err := s.MapInputs(0)
	if err != nil {
		t.Fatal(err)
	}
	if len(places) != 4 || len(coms) != 20 {
		t.Errorf("%d streets and %d communities, want 4 and 20", len(places), len(coms))
	}
	for _, p := range places {
		if p.Name == "old-town-s1" && (p.X != 0.6 || p.Y != 0.1) {
			t.Errorf("old-town-s1 at (%v, %v), want (0.6, 0.1) as in classroom.toml", p.X, p.Y)
		}
	}
	forest, err := s.ForestInputs(English)
	if err != nil {
		t.Fatal(err)
	}
	d := s.DiffOf(s.Scenarios[0], s.Scenarios[1], Headline.Key)
	if forest[0].Label != "p90 time to finish" || math.Abs(forest[0].Estimate-100*d.Est/d.Base) > 1e-9 {
		t.Errorf("forest row 0 %+v, want the p90 change %v%%", forest[0], 100*d.Est/d.Base)
	}
	// every chart kind that runs support draws
	for _, k := range []chart.Kind{chart.KindLatency, chart.KindVisits, chart.KindSeries, chart.KindWorkloadMap, chart.KindLorenz, chart.KindForest} {
		c, err := s.Chart(k, ChartOptions{Lang: Chinese})
		if err != nil {
			t.Errorf("%s: %v", k, err)
			continue
		}
		if _, err := c.Bytes(chart.SVG, 0); err != nil {
			t.Errorf("%s: %v", k, err)
		}
	}
	if _, err := s.Chart(chart.KindResponse, ChartOptions{}); err == nil || !strings.Contains(err.Error(), "sweep") {
		t.Errorf("a response curve of runs: %v, want an error saying it needs a sweep", err)
	}
	if _, err := s.Chart("pie", ChartOptions{}); err == nil || !strings.Contains(err.Error(), "unknown chart kind") {
		t.Errorf("pie: %v", err)
	}
}

func TestReportHTMLAndMarkdown(t *testing.T) {
	s, err := Load(fixtures(t)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []Lang{English, Chinese} {
		r, err := Build(s, Options{Lang: lang, Command: "sim report x"})
		if err != nil {
			t.Fatal(err)
		}
		var h bytes.Buffer
		if err := r.HTML(&h); err != nil {
			t.Fatal(err)
		}
		page := h.String()
		// self-contained: nothing fetched, nothing run
		for _, bad := range []string{"<script", "http://", "https://", "src=\"/", "url("} {
			if strings.Contains(page, bad) {
				t.Errorf("%s: the page contains %q", lang, bad)
			}
		}
		want := map[Lang][]string{
			English: {"Findings", "Key indicators", "Who gains and who is left behind", "Cost-effectiveness", "What differs between the scenarios", "platform.one_window", "Provenance", s.Scenarios[0].Hash, "sim run classroom --seed 2", "95% confidence interval"},
			Chinese: {"主要发现", "关键指标", "谁受益，谁被落下", "成本效益", "各情景的参数差异", "数据来源", "置信区间"},
		}[lang]
		for _, w := range want {
			if !strings.Contains(page, w) {
				t.Errorf("%s: the page lacks %q", lang, w)
			}
		}
		if n := strings.Count(page, "data:image/png;base64,"); n < 6 {
			t.Errorf("%s: %d embedded charts, want at least 6", lang, n)
		}
		var md bytes.Buffer
		imgs, err := r.Markdown(&md, "report-charts")
		if err != nil {
			t.Fatal(err)
		}
		for name, b := range imgs {
			if !strings.Contains(md.String(), "(report-charts/"+name+")") {
				t.Errorf("%s: markdown does not link %s", lang, name)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil || img.Bounds().Dx() != 1536 {
				t.Errorf("%s: %s: %v, %v (want a 1536 px wide PNG)", lang, name, err, img.Bounds())
			}
		}
	}
}

// TestReportSentencesMatchTheTable checks the findings against the
// numbers: each reform's headline sentence states the means and CI the
// table shows.
func TestReportSentencesMatchTheTable(t *testing.T) {
	s, err := Load(fixtures(t)...)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Build(s, Options{})
	if err != nil {
		t.Fatal(err)
	}
	d := s.DiffOf(s.Scenarios[0], s.Scenarios[1], Headline.Key)
	first := r.Sections[0].Bullets[0]
	if first != DiffSentence(English, s.Scenarios[1].Label, s.Scenarios[0].Label, Headline, d, 0.95) {
		t.Errorf("first finding %q", first)
	}
	if !strings.Contains(first, Num(d.Base, digitsFor(1, d.Base, d.Reform))) {
		t.Errorf("%q does not state the baseline mean %v", first, d.Base)
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "neither summary.json") {
		t.Errorf("empty directory: %v", err)
	}
	if _, err := Load(); err == nil {
		t.Error("no directories accepted")
	}
	os.WriteFile(filepath.Join(dir, "summary.json"), []byte(`{"matters": {"overall": {"arrived": "x"}}}`), 0o644)
	if _, err := Load(dir); err == nil || !strings.Contains(err.Error(), "matters.overall.arrived") {
		t.Errorf("bad summary: %v", err)
	}
}

// TestLoadCompare reads a `sim compare` directory: the differences and
// CIs are compare.json's, the estimates points.csv's.
func TestLoadCompare(t *testing.T) {
	tmp := t.TempDir()
	reform := filepath.Join(tmp, "ow.toml")
	os.WriteFile(reform, []byte("extend = \"classroom\"\nname = \"classroom-ow\"\n[platform]\none_window = true\n"), 0o644)
	dir := filepath.Join(tmp, "cmp")
	res, _, err := experiments.Compare(experiments.CompareSpec{Base: "classroom", Reforms: []string{reform}, Sets: []string{"run.horizon=4w", "run.drain=4w"}, Seed: 1, Reps: 3, OutDir: dir, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	s, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.Source != "compare" || len(s.Scenarios) != 2 || len(s.Scenarios[0].Seeds) != 3 {
		t.Fatalf("source %s, %d scenarios", s.Source, len(s.Scenarios))
	}
	found := false
	for _, c := range res.Comparisons {
		if c.KPI != Headline.Key {
			continue
		}
		found = true
		d := s.DiffOf(s.Scenarios[0], s.Scenarios[1], c.KPI)
		if d.Est != c.Diff || d.Lo != c.Low || d.Hi != c.High || d.N != c.N {
			t.Errorf("diff %+v, compare.json %+v", d, c)
		}
		e := s.EstimateOf(s.Scenarios[1], c.KPI)
		if math.Abs(e.Mean-c.ReformMean) > 1e-9*math.Abs(c.ReformMean) || !e.HasCI {
			t.Errorf("estimate %+v, reform mean %v", e, c.ReformMean)
		}
	}
	if !found {
		t.Fatalf("compare.json has no %s", Headline.Key)
	}
	r, err := Build(s, Options{Lang: Chinese})
	if err != nil {
		t.Fatal(err)
	}
	var h bytes.Buffer
	if err := r.HTML(&h); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(h.String(), "sim compare classroom") {
		t.Error("no command to reproduce the comparison")
	}
	if _, err := s.Chart(chart.KindLatency, ChartOptions{}); err == nil || !strings.Contains(err.Error(), "sim run") {
		t.Errorf("latency chart of a comparison: %v, want an error saying it needs run directories", err)
	}
	if _, err := s.Chart(chart.KindForest, ChartOptions{}); err != nil {
		t.Errorf("forest chart of a comparison: %v", err)
	}
}
