package report

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model/stats"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/viz/chart"
)

// ChartOptions choose what a chart of a study shows.
type ChartOptions struct {
	Lang Lang
	// KPI of a response curve or a Sobol chart (default: the headline).
	KPI string
	// X and By are the factors of a response curve: X on the horizontal
	// axis, one line per level of By (default: the first two columns).
	X, By string
	// Column of the daily series (default backlog_hours).
	Column string
	// Scenario of a workload map: its index in the study (default 0).
	Scenario int
	// Sobol is the file of Sobol indices (default DIR/sensitivity.csv);
	// Group picks its group ("SCENARIO" or "SCENARIO/N", default the first).
	Sobol, Group string
}

// Figure is a chart of a report with its caption.
type Figure struct {
	Name    string // file stem, e.g. "latency"
	Chart   *chart.Chart
	Caption string
}

func (o ChartOptions) chartOpts() chart.Options {
	return chart.Options{Lang: chart.Lang(o.Lang)}
}

// ChartKind is one kind of chart a study can be drawn as: its name, what
// it needs, and how it is drawn. Kinds is the one list of them: adding a
// chart is an entry here and its drawing function.
type ChartKind struct {
	Kind  chart.Kind
	Needs string
	draw  func(*Study, ChartOptions) (*chart.Chart, error)
}

// Kinds lists the chart kinds with what each needs.
var Kinds = []ChartKind{
	{chart.KindLatency, "run directories (latency histograms)", (*Study).latencyChart},
	{chart.KindVisits, "run directories (visit counts)", (*Study).visitsChart},
	{chart.KindSeries, "run directories (timeseries.csv); --column picks the series (backlog_hours, hours_per_worker, in_flight, …)", (*Study).columnChart},
	{chart.KindWorkloadMap, "run directories (street workloads and positions); --scenario picks the scenario", (*Study).mapChart},
	{chart.KindLorenz, "any output with street workloads", (*Study).lorenzChart},
	{chart.KindResponse, "a sweep directory (points.csv); --x, --by and --kpi pick what is drawn", (*Study).responseChart},
	{chart.KindForest, "two or more scenarios: reforms against the first (the baseline)", (*Study).forestChart},
	{chart.KindCost, "two or more scenarios with costs", (*Study).costChart},
	{chart.KindRates, "any output of scenarios with hotline tickets: the three rates 三率 per scenario with CIs", (*Study).ratesChart},
	{chart.KindSobol, "a sweep directory after `sim sensitivity` (sensitivity.csv); --group picks scenario/lever set", (*Study).sobolChart},
	{KindFrontier, "a `sim optimize` directory (optimize.json): the finalists' cost against improvement", (*Study).frontierChart},
}

// Chart draws one kind of chart from a study.
func (s *Study) Chart(kind chart.Kind, o ChartOptions) (*chart.Chart, error) {
	var names []string
	for _, k := range Kinds {
		if k.Kind == kind {
			return k.draw(s, o)
		}
		names = append(names, string(k.Kind))
	}
	return nil, fmt.Errorf("report: unknown chart kind %q (want one of %s)", kind, strings.Join(names, ", "))
}

func (s *Study) needRuns(kind chart.Kind) error {
	for _, sc := range s.Scenarios {
		if len(sc.Runs) == 0 {
			return fmt.Errorf("report: the %s chart needs `sim run` directories: a %s directory keeps only scalar KPIs", kind, s.Source)
		}
	}
	return nil
}

// LatencyInputs pools each scenario's latency histograms over its
// replications (the bins are the same in every run) and averages its
// percentiles.
func (s *Study) LatencyInputs() ([]chart.LatencySeries, error) {
	if err := s.needRuns(chart.KindLatency); err != nil {
		return nil, err
	}
	var out []chart.LatencySeries
	for _, sc := range s.Scenarios {
		counts := map[[2]float64]float64{}
		var edges [][2]float64
		var p50, p90 []float64
		for _, r := range sc.Runs {
			g := r.Summary.Matters.Overall
			for _, b := range g.Histogram {
				e := [2]float64{b.Lo, b.Hi}
				if _, ok := counts[e]; !ok {
					edges = append(edges, e)
				}
				counts[e] += float64(b.Count)
			}
			p50, p90 = append(p50, g.LatencyP50), append(p90, g.LatencyP90)
		}
		slices.SortFunc(edges, func(a, b [2]float64) int { return stats.CompareFloat(a[0], b[0]) })
		ls := chart.LatencySeries{Name: sc.Label, P50: meanCI(p50, s.Level).Mean, P90: meanCI(p90, s.Level).Mean}
		for _, e := range edges {
			hi := e[1]
			if hi == 0 && e[0] > 0 { // the open last bin is written with hi = +Inf → null → NaN or 0
				hi = math.Inf(1)
			}
			ls.Bins = append(ls.Bins, chart.Bin{Lo: e[0], Hi: hi, Count: counts[e] / float64(len(sc.Runs))})
		}
		out = append(out, ls)
	}
	return out, nil
}

func (s *Study) latencyChart(o ChartOptions) (*chart.Chart, error) {
	in, err := s.LatencyInputs()
	if err != nil {
		return nil, err
	}
	return chart.Latency(in, o.chartOpts())
}

// VisitInputs averages each scenario's visit counts over its replications.
func (s *Study) VisitInputs() ([]chart.VisitSeries, error) {
	if err := s.needRuns(chart.KindVisits); err != nil {
		return nil, err
	}
	var out []chart.VisitSeries
	for _, sc := range s.Scenarios {
		vs := chart.VisitSeries{Name: sc.Label, Counts: make([]float64, 7)}
		for _, r := range sc.Runs {
			for i, n := range r.Summary.Matters.Overall.VisitCounts {
				vs.Counts[i] += float64(n) / float64(len(sc.Runs))
			}
		}
		out = append(out, vs)
	}
	return out, nil
}

func (s *Study) visitsChart(o ChartOptions) (*chart.Chart, error) {
	in, err := s.VisitInputs()
	if err != nil {
		return nil, err
	}
	return chart.Visits(in, o.chartOpts())
}

// seriesText names the daily columns a report draws. Every series is
// drawn as its centred 7-day mean: the city works in weeks, and the daily
// values saw up and down with the weekend.
var seriesText = map[string]axisText{
	"backlog_hours":    {i18n.T("grassroots backlog", "基层积压工作"), i18n.T("h of work, 7-day mean", "小时，7 日均值")},
	"hours_per_worker": {i18n.T("new grassroots work per worker", "基层人均新增工作"), i18n.T("h a day, 7-day mean", "小时/天，7 日均值")},
	"in_flight":        {i18n.T("tickets in flight", "在途工单"), i18n.T("tickets, 7-day mean", "件，7 日均值")},
	"in_progress":      {i18n.T("matters in progress", "在办事项"), i18n.T("matters, 7-day mean", "件，7 日均值")},
	"queued":           {i18n.T("citizens queued at day end", "日终排队人数"), i18n.T("people, 7-day mean", "人，7 日均值")},
	"tickets_open":     {i18n.T("tickets open", "未办结工单"), i18n.T("tickets, 7-day mean", "件，7 日均值")},
}

// axisText is an axis's words in every language.
type axisText struct{ Label, Unit i18n.Text }

// in is the axis's words in language l.
func (a axisText) in(l Lang) chart.AxisText {
	return chart.AxisText{Label: a.Label.In(l), Unit: a.Unit.In(l)}
}

// nonNegative columns cannot go below zero: their bands are cut at 0.
var nonNegative = map[string]bool{"backlog_hours": true, "hours_per_worker": true, "in_flight": true, "in_progress": true, "queued": true, "tickets_open": true, "arrived": true, "completed": true}

// SmoothDays is the width of the moving mean applied to daily series.
const SmoothDays = 7

// SeriesInputs returns each scenario's daily column, as its centred
// SmoothDays-day moving mean, over the warm-up and the observation window
// (not the drain), averaged across replications
// day by day with a Student-t band when there are two or more, and the
// warm-up as a shaded stretch.
func (s *Study) SeriesInputs(column string) ([]chart.LineSeries, []chart.Shade, error) {
	if err := s.needRuns(chart.KindSeries); err != nil {
		return nil, nil, err
	}
	var out []chart.LineSeries
	warm := math.NaN()
	for _, sc := range s.Scenarios {
		byDay := map[float64][]float64{}
		var days []float64
		for _, r := range sc.Runs {
			if r.Daily == nil {
				return nil, nil, fmt.Errorf("report: %s has no timeseries.csv", r.Dir)
			}
			vals, ok := r.Daily.Column(column)
			if !ok {
				return nil, nil, fmt.Errorf("report: %s/timeseries.csv has no column %q (it has %s)", r.Dir, column, strings.Join(r.Daily.Columns, ", "))
			}
			vals = movingMean(vals, SmoothDays)
			for i, d := range r.Daily.Day {
				ph := ""
				if i < len(r.Daily.Phase) {
					ph = r.Daily.Phase[i]
				}
				if ph == "drain" || !stats.Finite(vals[i]) {
					continue
				}
				if ph == "warmup" && !(warm >= d+1) {
					warm = d + 1
				}
				if _, ok := byDay[d]; !ok {
					days = append(days, d)
				}
				byDay[d] = append(byDay[d], vals[i])
			}
		}
		slices.Sort(days)
		ls := chart.LineSeries{Name: sc.Label}
		band := len(sc.Runs) >= 2
		for _, d := range days {
			e := meanCI(byDay[d], s.Level)
			ls.X, ls.Y = append(ls.X, d), append(ls.Y, e.Mean)
			if band {
				lo, hi := e.Lo, e.Hi
				if !e.HasCI {
					lo, hi = e.Mean, e.Mean
				}
				if nonNegative[column] {
					lo = math.Max(0, lo) // a mean of quantities ≥ 0 is ≥ 0
				}
				ls.Lo, ls.Hi = append(ls.Lo, lo), append(ls.Hi, hi)
			}
		}
		if len(ls.X) == 0 {
			return nil, nil, fmt.Errorf("report: %s: no values of %q", sc.Label, column)
		}
		out = append(out, ls)
	}
	var shades []chart.Shade
	if stats.Finite(warm) {
		shades = append(shades, chart.Shade{From: 0, To: warm})
	}
	return out, shades, nil
}

// movingMean is the centred moving mean over w values (fewer at the ends).
func movingMean(xs []float64, w int) []float64 {
	out := make([]float64, len(xs))
	for i := range xs {
		var sum float64
		n := 0
		for j := max(0, i-w/2); j <= min(len(xs)-1, i+w/2); j++ {
			if stats.Finite(xs[j]) {
				sum += xs[j]
				n++
			}
		}
		out[i] = math.NaN()
		if n > 0 {
			out[i] = sum / float64(n)
		}
	}
	return out
}

// columnChart is the series chart of o.Column (default backlog_hours).
func (s *Study) columnChart(o ChartOptions) (*chart.Chart, error) {
	col := o.Column
	if col == "" {
		col = "backlog_hours"
	}
	return s.seriesChart(col, o)
}

func (s *Study) seriesChart(column string, o ChartOptions) (*chart.Chart, error) {
	in, shades, err := s.SeriesInputs(column)
	if err != nil {
		return nil, err
	}
	co := o.chartOpts()
	if t, ok := seriesText[column]; ok {
		co.Y = t.in(o.Lang)
	} else {
		co.Y = chart.AxisText{Label: column, Unit: i18n.T("as in timeseries.csv, 7-day mean", "同 timeseries.csv，7 日均值").In(o.Lang)}
	}
	for i := range shades {
		shades[i].Label = i18n.T("warm-up (not counted)", "预热期（不计入）").In(o.Lang)
	}
	if !s.Replicated() {
		co.Title = co.Y.Label + i18n.T(" (single runs: no CI band)", "（单次运行，无置信带）").In(o.Lang)
	}
	return chart.TimeSeries(in, shades, co)
}

// streetWork returns a scenario's mean hours per worker per week of each
// street, in the order of summary.json (or of the KPI names of a sweep).
func (s *Study) streetWork(sc *Scenario) (names []string, values []float64) {
	if len(sc.Runs) > 0 {
		for _, st := range sc.Runs[0].Summary.Grassroots.Streets {
			names = append(names, st.Name)
		}
	} else {
		const pre, suf = "grassroots.streets.", ".hours_per_worker_week"
		for k := range sc.KPI {
			if strings.HasPrefix(k, pre) && strings.HasSuffix(k, suf) {
				names = append(names, strings.TrimSuffix(strings.TrimPrefix(k, pre), suf))
			}
		}
		slices.Sort(names)
	}
	for _, n := range names {
		values = append(values, s.EstimateOf(sc, "grassroots.streets."+n+".hours_per_worker_week").Mean)
	}
	return names, values
}

// MapInputs returns the streets of a scenario with their positions and
// mean workloads, and the positions of its communities, read from the
// resolved scenario of its manifest.
func (s *Study) MapInputs(i int) ([]chart.Place, [][2]float64, error) {
	if i < 0 || i >= len(s.Scenarios) {
		return nil, nil, fmt.Errorf("report: no scenario %d (there are %d)", i, len(s.Scenarios))
	}
	sc := s.Scenarios[i]
	if sc.Resolved == "" {
		return nil, nil, fmt.Errorf("report: the workload map needs the city layout, which is in a run's manifest.json; a %s keeps none", s.Source)
	}
	pos, labels, coms := scenarios.Layout(sc.Resolved)
	names, vals := s.streetWork(sc)
	var out []chart.Place
	for j, n := range names {
		p, ok := pos[n]
		if !ok {
			return nil, nil, fmt.Errorf("report: street %q has no position in the resolved scenario", n)
		}
		if !stats.Finite(vals[j]) {
			continue // no workers: no workload per worker
		}
		name := n
		if l := labels[n]; l != "" && l != n {
			name = l
		}
		out = append(out, chart.Place{Name: name, X: p[0], Y: p[1], Value: vals[j]})
	}
	if len(out) == 0 {
		return nil, nil, fmt.Errorf("report: %s: no street workloads", sc.Label)
	}
	return out, coms, nil
}

func (s *Study) mapChart(o ChartOptions) (*chart.Chart, error) {
	pl, coms, err := s.MapInputs(o.Scenario)
	if err != nil {
		return nil, err
	}
	co := o.chartOpts()
	co.Title = i18n.T("Grassroots workload by street: ", "各街道基层工作负荷：").In(o.Lang) + s.Scenarios[o.Scenario].Label
	return chart.WorkloadMap(pl, coms, co)
}

// LorenzInputs returns each scenario's street workloads (means over
// replications).
func (s *Study) LorenzInputs() ([]chart.Distribution, error) {
	var out []chart.Distribution
	for _, sc := range s.Scenarios {
		names, vals := s.streetWork(sc)
		if len(names) == 0 {
			return nil, fmt.Errorf("report: %s has no street workloads (a sweep writes them only when its output.kpis include grassroots.streets.*)", sc.Label)
		}
		vals = definedValues(vals)
		if len(vals) < 2 {
			return nil, fmt.Errorf("report: %s: fewer than two streets with a workload", sc.Label)
		}
		out = append(out, chart.Distribution{Name: sc.Label, Values: vals})
	}
	return out, nil
}

func (s *Study) lorenzChart(o ChartOptions) (*chart.Chart, error) {
	in, err := s.LorenzInputs()
	if err != nil {
		return nil, err
	}
	co := o.chartOpts()
	co.Title = i18n.T("Inequality of workload across streets", "各街道工作负荷的不均衡").In(o.Lang)
	co.X = chart.AxisText{Label: i18n.T("streets, from least to most loaded", "街道，按人均负荷从低到高").In(o.Lang), Unit: i18n.T("cumulative %", "累计 %").In(o.Lang)}
	co.Y = chart.AxisText{Label: i18n.T("hours of work per worker", "人均工作小时").In(o.Lang), Unit: i18n.T("cumulative %", "累计 %").In(o.Lang)}
	return chart.Lorenz(in, co)
}

// TableKPIs are the KPIs of the study's table: those of KPIs it has.
func (s *Study) TableKPIs() []KPI {
	var out []KPI
	for _, k := range KPIs {
		if k.Key == RecognisedRate.Key && !s.showGap() {
			continue // units report just what is solved
		}
		if s.present(k.Key) {
			out = append(out, k)
		}
	}
	return out
}

// ForestInputs returns, for each reform and each KPI of the table except
// cost, the difference from the baseline as a share of the baseline (%),
// with its CI.
func (s *Study) ForestInputs(lang Lang) ([]chart.Effect, error) {
	if len(s.Scenarios) < 2 {
		return nil, errors.New("report: a forest plot needs a baseline and at least one reform")
	}
	var out []chart.Effect
	base := s.Scenarios[0]
	for _, sc := range s.Scenarios[1:] {
		head := len(out)
		if len(s.Scenarios) > 2 {
			out = append(out, chart.Effect{Label: sc.Label, Header: true})
		}
		for _, k := range s.TableKPIs() {
			if k.Key == CostKPI {
				continue
			}
			d := s.DiffOf(base, sc, k.Key)
			b := math.Abs(d.Base)
			if !stats.Finite(d.Est) || b == 0 {
				continue
			}
			label := noUnit(k.Short[lang])
			if len(s.Scenarios) > 2 {
				label = "   " + label
			}
			e := chart.Effect{Label: label, Estimate: 100 * d.Est / b, NoCI: !d.HasCI}
			if d.HasCI {
				e.Lo, e.Hi = 100*d.Lo/b, 100*d.Hi/b
			}
			out = append(out, e)
		}
		if len(out) == head+1 {
			out = out[:head] // a header without rows
		}
	}
	if len(out) == 0 {
		return nil, errors.New("report: no KPI to compare")
	}
	return out, nil
}

// noUnit drops a trailing "(unit)" from a short KPI name.
func noUnit(s string) string {
	for _, open := range []string{" (", "（"} {
		if i := strings.LastIndex(s, open); i > 0 && (strings.HasSuffix(s, ")") || strings.HasSuffix(s, "）")) {
			return s[:i]
		}
	}
	return s
}

func (s *Study) forestChart(o ChartOptions) (*chart.Chart, error) {
	in, err := s.ForestInputs(o.Lang)
	if err != nil {
		return nil, err
	}
	co := o.chartOpts()
	co.X = axisText{i18n.T("reform − baseline, relative to the baseline", "改革 − 基线，相对于基线"), i18n.T("%", "%")}.in(o.Lang)
	if n := len(in); n > 10 {
		co.Height = 5 + 0.25*float64(n-10) // inches: room for every row
	}
	// Relative changes of small shares can be huge: keep the axis to ±100%
	// then, writing the values beyond it.
	for _, e := range in {
		if !e.Header && (math.Abs(e.Estimate) > 100 || !e.NoCI && (math.Abs(e.Lo) > 100 || math.Abs(e.Hi) > 100)) {
			co.Range = [2]float64{-100, 100}
		}
	}
	if len(s.Scenarios) == 2 {
		co.Title = i18n.T("Reform minus baseline: ", "改革与基线之差：").In(o.Lang) + s.Scenarios[1].Label
	}
	return chart.Forest(in, co)
}

// CostInputs returns the baseline and each reform as packages: extra cost
// against the improvement of the headline KPI (in its unit, more is
// better), with the CI of the improvement.
func (s *Study) CostInputs() ([]chart.Package, error) {
	if len(s.Scenarios) < 2 {
		return nil, errors.New("report: the cost chart needs a baseline and at least one reform")
	}
	if !s.hasKPI(CostKPI) {
		return nil, errors.New("report: the outputs have no cost.total")
	}
	base := s.Scenarios[0]
	k := Headline
	out := []chart.Package{{Name: base.Label, NoCI: true}}
	for _, sc := range s.Scenarios[1:] {
		c := s.DiffOf(base, sc, CostKPI)
		d := s.DiffOf(base, sc, k.Key)
		if !stats.Finite(c.Est) || !stats.Finite(d.Est) {
			continue
		}
		p := chart.Package{Name: sc.Label, Cost: c.Est, Gain: gain(k, k.Display(d.Est)), NoCI: !d.HasCI}
		if d.HasCI {
			a, b := gain(k, k.Display(d.Lo)), gain(k, k.Display(d.Hi))
			p.Lo, p.Hi = math.Min(a, b), math.Max(a, b)
		}
		out = append(out, p)
	}
	return out, nil
}

func (s *Study) hasKPI(key string) bool {
	for _, sc := range s.Scenarios {
		if _, ok := sc.KPI[key]; ok {
			return true
		}
	}
	return false
}

func (s *Study) costChart(o ChartOptions) (*chart.Chart, error) {
	in, err := s.CostInputs()
	if err != nil {
		return nil, err
	}
	co := o.chartOpts()
	co.X = axisText{i18n.T("extra cost over the baseline", "相对基线的新增成本"), i18n.T("cost units", "成本单位")}.in(o.Lang)
	co.Y = axisText{i18n.T("cut in the 90th-percentile time to finish", "办结时间 p90 的缩短"), i18n.T("days", "天")}.in(o.Lang)
	return chart.CostEffect(in, co)
}

// ResponseInputs returns a KPI against a numeric factor of a sweep, one
// line per level of a second factor (or one line), from the points' means
// and CIs; points that differ only in other factors are averaged.
func (s *Study) ResponseInputs(kpi, x, by string) ([]chart.LineSeries, string, string, error) {
	if s.Source == "runs" || len(s.Columns) == 0 {
		return nil, "", "", errors.New("report: a response curve needs a sweep directory whose points vary a factor")
	}
	// factors may be named short: data_sharing for lever.data_sharing
	for _, p := range []*string{&x, &by} {
		if *p == "" || slices.Contains(s.Columns, *p) {
			continue
		}
		for _, c := range s.Columns {
			if shortColumn(c) == *p || strings.HasSuffix(c, "."+*p) {
				*p = c
				break
			}
		}
	}
	numeric := func(c string) bool {
		for _, sc := range s.Scenarios {
			if _, err := strconv.ParseFloat(sc.Values[c], 64); err != nil {
				return false
			}
		}
		return true
	}
	nlevels := func(c string) int {
		seen := map[string]bool{}
		for _, sc := range s.Scenarios {
			seen[sc.Values[c]] = true
		}
		return len(seen)
	}
	if x == "" { // the first numeric factor that varies
		for _, c := range s.Columns {
			if c != by && numeric(c) && nlevels(c) > 1 {
				x = c
				break
			}
		}
		if x == "" {
			return nil, "", "", fmt.Errorf("report: no numeric factor varies in the sweep (factors: %s)", strings.Join(s.Columns, ", "))
		}
	}
	if by == "" { // then the first other factor with a few levels
		for _, c := range s.Columns {
			if c != x && nlevels(c) > 1 && nlevels(c) <= 8 {
				by = c
				break
			}
		}
	}
	for _, c := range []string{x, by} {
		if c != "" && !slices.Contains(s.Columns, c) {
			return nil, "", "", fmt.Errorf("report: the sweep has no factor %q (it has %s)", c, strings.Join(s.Columns, ", "))
		}
	}
	type key struct {
		level string
		x     float64
	}
	acc := map[key][]Estimate{}
	var levels []string
	for _, sc := range s.Scenarios {
		xv, err := strconv.ParseFloat(sc.Values[x], 64)
		if err != nil {
			return nil, "", "", fmt.Errorf("report: factor %q has the value %q, not a number: draw it with --by, and a numeric factor with --x", x, sc.Values[x])
		}
		lvl := ""
		if by != "" {
			lvl = shortColumn(by) + " = " + sc.Values[by]
		}
		if !slices.Contains(levels, lvl) {
			levels = append(levels, lvl)
		}
		e := s.EstimateOf(sc, kpi)
		if e.N == 0 {
			return nil, "", "", fmt.Errorf("report: the sweep has no KPI %q", kpi)
		}
		acc[key{lvl, xv}] = append(acc[key{lvl, xv}], e)
	}
	var out []chart.LineSeries
	for _, lvl := range levels {
		ls := chart.LineSeries{Name: lvl}
		if lvl == "" {
			ls.Name = kpi
		}
		var xs []float64
		for k := range acc {
			if k.level == lvl {
				xs = append(xs, k.x)
			}
		}
		slices.Sort(xs)
		band := true
		for _, xv := range xs {
			es := acc[key{lvl, xv}]
			var m, lo, hi float64
			for _, e := range es {
				m += e.Mean / float64(len(es))
				lo += e.Lo / float64(len(es))
				hi += e.Hi / float64(len(es))
				band = band && e.HasCI
			}
			ls.X, ls.Y, ls.Lo, ls.Hi = append(ls.X, xv), append(ls.Y, m), append(ls.Lo, lo), append(ls.Hi, hi)
		}
		if !band {
			ls.Lo, ls.Hi = nil, nil
		}
		out = append(out, ls)
	}
	return out, x, by, nil
}

func (s *Study) responseChart(o ChartOptions) (*chart.Chart, error) {
	kpi := o.KPI
	if kpi == "" {
		kpi = Headline.Key
	}
	in, x, _, err := s.ResponseInputs(kpi, o.X, o.By)
	if err != nil {
		return nil, err
	}
	k := kpiFor(kpi)
	for i := range in {
		if k.Scale != 0 {
			for j := range in[i].Y {
				in[i].Y[j] *= k.Scale
			}
			for j := range in[i].Lo {
				in[i].Lo[j] *= k.Scale
				in[i].Hi[j] *= k.Scale
			}
		}
	}
	co := o.chartOpts()
	unit := k.Unit[o.Lang]
	if unit == "" {
		unit = i18n.T("as in summary.json", "同 summary.json").In(o.Lang)
	}
	co.Y = chart.AxisText{Label: k.Name[o.Lang], Unit: unit}
	co.X = chart.AxisText{Label: shortColumn(x), Unit: i18n.T("factor level, as in the experiment", "因素水平，同实验文件").In(o.Lang)}
	return chart.Response(in, co)
}

// SobolInputs reads Sobol indices from the sensitivity.csv `sim
// sensitivity` writes (columns factor, s1, s1_low, s1_high, st, st_low,
// st_high; method sobol), taking the rows of its first group (scenario and
// lever set or world) unless group names one ("SCENARIO" or
// "SCENARIO/N"), sorted by total index, largest first. Without bootstrap
// intervals (empty bounds) an index is drawn with a zero-width interval
// and noCI is true.
func SobolInputs(path, group string) (out []chart.Index, kpi, which string, noCI bool, err error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, "", "", false, fmt.Errorf("report: %w", err)
	}
	defer f.Close()
	cr := csv.NewReader(f)
	head, err := cr.Read()
	if err != nil {
		return nil, "", "", false, fmt.Errorf("report: %s: %w", path, err)
	}
	idx := map[string]int{}
	for i, h := range head {
		idx[strings.TrimSpace(h)] = i
	}
	need := []string{"factor", "s1", "s1_low", "s1_high", "st", "st_low", "st_high"}
	for _, c := range need {
		if _, ok := idx[c]; !ok {
			return nil, "", "", false, fmt.Errorf("report: %s: no column %q (want the sensitivity.csv of `sim sensitivity`: %s)", path, c, strings.Join(need, ", "))
		}
	}
	get := func(rec []string, c string) string {
		if i, ok := idx[c]; ok && i < len(rec) {
			return rec[i]
		}
		return ""
	}
	otherCol := "lever_set"
	if _, ok := idx[otherCol]; !ok {
		otherCol = "world"
	}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", "", false, fmt.Errorf("report: %s: %w", path, err)
		}
		if m := get(rec, "method"); m != "" && m != "sobol" {
			continue
		}
		g := get(rec, "scenario") + "/" + get(rec, otherCol)
		if which == "" && (group == "" || group == g || group == get(rec, "scenario")) {
			which = g
		}
		if g != which {
			continue
		}
		kpi = get(rec, "kpi")
		var v [6]float64
		for i, c := range need[1:] {
			str := get(rec, c)
			if str == "" && (i == 1 || i == 2 || i == 4 || i == 5) {
				noCI = true
				v[i] = math.NaN()
				continue
			}
			if v[i], err = strconv.ParseFloat(str, 64); err != nil {
				return nil, "", "", false, fmt.Errorf("report: %s:%d: %s %q: %w", path, line, c, str, err)
			}
		}
		x := chart.Index{Param: get(rec, "factor"), S1: v[0], S1Lo: v[1], S1Hi: v[2], ST: v[3], STLo: v[4], STHi: v[5]}
		if !stats.Finite(x.S1Lo) || !stats.Finite(x.S1Hi) {
			x.S1Lo, x.S1Hi = x.S1, x.S1
		}
		if !stats.Finite(x.STLo) || !stats.Finite(x.STHi) {
			x.STLo, x.STHi = x.ST, x.ST
		}
		out = append(out, x)
	}
	if len(out) == 0 {
		return nil, "", "", false, fmt.Errorf("report: %s: no Sobol indices (of group %q)", path, group)
	}
	slices.SortStableFunc(out, func(a, b chart.Index) int { return stats.CompareFloat(b.ST, a.ST) })
	return out, kpi, which, noCI, nil
}

// SobolFile is where `sim sensitivity` writes its indices.
const SobolFile = "sensitivity.csv"

func (s *Study) sobolChart(o ChartOptions) (*chart.Chart, error) {
	path := o.Sobol
	if path == "" {
		if len(s.Dirs) == 0 {
			return nil, errors.New("report: no " + SobolFile)
		}
		path = filepath.Join(s.Dirs[0], SobolFile)
	}
	in, kpi, which, noCI, err := SobolInputs(path, o.Group)
	if err != nil {
		return nil, err
	}
	co := o.chartOpts()
	scen, other, _ := strings.Cut(which, "/")
	co.Title = fmt.Sprintf(i18n.T("Sobol indices of the %s (%s, lever set %s)", "%s的 Sobol 指数（%s，杠杆组合 %s）").In(o.Lang), kpiFor(kpi).Name[o.Lang], scen, other)
	c, err := chart.Sobol(in, co)
	if err == nil && noCI {
		c.Note = i18n.T("No bootstrap intervals in the input (sim sensitivity --boot 0).", "输入中没有 bootstrap 置信区间（sim sensitivity --boot 0）。").In(o.Lang)
	}
	return c, err
}

// gapDiff is the difference between two groups' changes: (reform −
// baseline) in group a minus (reform − baseline) in group b, paired by
// seed when both scenarios ran the same seeds.
func (s *Study) gapDiff(base, reform *Scenario, ka, kb string) Diff {
	d := Diff{Est: math.NaN(), Lo: math.NaN(), Hi: math.NaN(), Base: math.NaN(), Reform: math.NaN()}
	ba, bb, ra, rb := base.KPI[ka], base.KPI[kb], reform.KPI[ka], reform.KPI[kb]
	if slices.Equal(base.Seeds, reform.Seeds) && len(ba) == len(ra) && len(bb) == len(rb) && len(ba) == len(bb) {
		var xs []float64
		for i := range ba {
			x := (ra[i] - ba[i]) - (rb[i] - bb[i])
			if stats.Finite(x) {
				xs = append(xs, x)
			}
		}
		e := meanCI(xs, s.Level)
		d.Est, d.Lo, d.Hi, d.HasCI, d.N, d.Paired = e.Mean, e.Lo, e.Hi, e.HasCI, e.N, true
		return d
	}
	da, db := s.DiffOf(base, reform, ka), s.DiffOf(base, reform, kb)
	d.Est = da.Est - db.Est
	d.N = min(da.N, db.N)
	return d // unpaired: the two groups' changes are correlated, no honest CI here
}
