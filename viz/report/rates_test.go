package report

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/viz/chart"
)

// The rates fixtures: the classroom town with the outcome rules on
// (neglect, coordination failures, false closures), without and with the
// 三率 ranking of streets and departments, five seeds each, and a cost
// for the ranking.
var (
	ratesOnce sync.Once
	ratesDirs []string
	ratesErr  error
	ratesRoot string // removed by TestMain
)

const ratesBase = `extend = "classroom.toml"
name = "acct-base"

[accountability]
neglect = 0.3
coord_success = 0.4
load_penalty = 0.5
effort_gain = 0.3
effort_cost = 0.25
false_close = 0.5
reopen = 0.3

[[cost.item]]
what = "evaluation"
one_off = 500
annual = 2000

[[cost.item]]
what = "evaluation_departments"
one_off = 300
annual = 1000
`

const ratesEval = `extend = "acct-base.toml"
name = "acct-eval"

[responsibility]
evaluation = 1
evaluation_departments = 1
`

func ratesFixtures(t *testing.T) []string {
	t.Helper()
	ratesOnce.Do(func() {
		root, err := os.MkdirTemp("", "report-rates")
		if err != nil {
			ratesErr = err
			return
		}
		ratesRoot = root
		for name, text := range map[string]string{"acct-base.toml": ratesBase, "acct-eval.toml": ratesEval} {
			if ratesErr = os.WriteFile(filepath.Join(root, name), []byte(text), 0o644); ratesErr != nil {
				return
			}
		}
		for _, sc := range []string{"acct-base", "acct-eval"} {
			for _, seed := range []uint64{1, 2, 3, 4, 5} {
				cfg, res, err := scenarios.Load(filepath.Join(root, sc+".toml"), nil)
				if err != nil {
					ratesErr = err
					return
				}
				dir := filepath.Join(root, fmt.Sprintf("%s-s%d", sc, seed))
				if _, _, err := experiments.Run(experiments.RunSpec{Config: cfg, Resolved: res, Seed: seed, OutDir: dir}); err != nil {
					ratesErr = err
					return
				}
				ratesDirs = append(ratesDirs, dir)
			}
		}
	})
	if ratesErr != nil {
		t.Fatal(ratesErr)
	}
	return ratesDirs
}

func findBullet(bs []string, sub string) string {
	for _, b := range bs {
		if strings.Contains(b, sub) {
			return b
		}
	}
	return ""
}

func section(r *Report, id string) *Section {
	for i := range r.Sections {
		if r.Sections[i].ID == id {
			return &r.Sections[i]
		}
	}
	return nil
}

// TestReportSpeaksOfTheThreeRates: the report's findings state each of
// the three rates 三率 with the baseline and reform means and the CI of
// the difference as the table has them, right after the headline; the gap
// between the reported and the citizen-rated resolution with the false
// closures; the rates in the KPI table; who gains by district, literacy
// quintile and handling-unit kind; and the cost per percentage point — in
// English and in Chinese.
func TestReportSpeaksOfTheThreeRates(t *testing.T) {
	s, err := Load(ratesFixtures(t)...)
	if err != nil {
		t.Fatal(err)
	}
	base, ev := s.Scenarios[0], s.Scenarios[1]
	if base.Label != "acct-base" || ev.Label != "acct-eval" || !s.Replicated() {
		t.Fatalf("scenarios %q, %q", base.Label, ev.Label)
	}
	for _, lang := range []Lang{English, Chinese} {
		r, err := Build(s, Options{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		f := section(r, "findings")
		rates := findBullet(f.Bullets, map[Lang]string{English: "The three rates 三率", Chinese: "三率（"}[lang])
		if rates == "" {
			t.Fatalf("%s: no finding on the three rates: %q", lang, f.Bullets)
		}
		if f.Bullets[1] != rates {
			t.Errorf("%s: the three rates come after %q", lang, f.Bullets[:2])
		}
		for _, k := range RateKPIs {
			d := s.DiffOf(base, ev, k.Key)
			if !d.Excludes0() {
				t.Fatalf("%s: the ranking makes no distinguishable difference in this fixture: %+v", k.Key, d)
			}
			dg := digitsFor(k.Digits, 100*d.Base, 100*d.Reform)
			ddg := max(digitsFor(k.Digits, 100*d.Est), ciDigits(k.Digits, 100*d.Lo, 100*d.Hi))
			for _, want := range []string{k.Name[lang], Num(100*d.Base, dg) + "%", Num(100*d.Reform, dg) + "%",
				Signed(100*d.Est, ddg), Signed(100*d.Lo, ddg) + map[Lang]string{English: " to ", Chinese: " 至 "}[lang] + Signed(100*d.Hi, ddg)} {
				if !strings.Contains(rates, want) {
					t.Errorf("%s: the three-rates finding lacks %q: %s", lang, want, rates)
				}
			}
		}
		for _, w := range map[Lang][]string{English: {"响应率", "解决率", "满意率"}, Chinese: {"响应率", "解决率", "满意率"}}[lang] {
			if !strings.Contains(rates, w) {
				t.Errorf("%s: %q not named: %s", lang, w, rates)
			}
		}
		gap := findBullet(f.Bullets, map[Lang]string{English: "what units report", Chinese: "上报与评价之间的差距"}[lang])
		rec := s.DiffOf(base, ev, RecognisedRate.Key)
		if gap == "" || !strings.Contains(gap, Num(100*rec.Reform, 1)+"%") || !strings.Contains(gap, FalseClosureShare.Name[lang]) {
			t.Errorf("%s: the gap finding (reported %.1f%%) is %q", lang, 100*rec.Reform, gap)
		}
		// in the table, with CIs
		var rows []string
		for _, row := range section(r, "kpis").Tables[0].Rows {
			rows = append(rows, row[0])
		}
		for _, k := range []KPI{ResponseRate, ResolutionRate, SatisfactionRate, RecognisedRate, FalseClosureShare} {
			if !strings.Contains(strings.Join(rows, "|"), k.Short[lang]) {
				t.Errorf("%s: the KPI table has no row %q: %q", lang, k.Short[lang], rows)
			}
		}
		// who gains: by district, quintile and unit kind, with each group's change
		eq := section(r, "equity").Bullets
		for _, list := range []string{"by_district", "by_literacy_quintile", "by_handler"} {
			names := s.ticketGroupNames(list)
			if len(names) < 2 {
				t.Fatalf("%s: groups %v", list, names)
			}
			d := s.DiffOf(base, ev, SatisfactionRate.ticketGroup(list, names[0]).Key)
			label := names[0]
			if list == "by_handler" { // the unit kinds in the report's language
				if names[0] != "department" {
					t.Fatalf("handler kinds %v", names)
				}
				label = map[Lang]string{English: "department", Chinese: "部门"}[lang]
			}
			item := label + map[Lang]string{English: " (", Chinese: "（"}[lang] + Signed(100*d.Est, digitsFor(1, 100*d.Est))
			if b := findBullet(eq, item); b == "" || !strings.Contains(b, SatisfactionRate.Name[lang]) {
				t.Errorf("%s: no who-gains sentence on the satisfaction rate %s with %q", lang, list, item)
			}
		}
		// cost per percentage point of each rate
		cost := s.DiffOf(base, ev, CostKPI).Est
		for _, k := range RateKPIs {
			d := s.DiffOf(base, ev, k.Key)
			per := Num(cost/(100*math.Abs(d.Est)), 0)
			b := findBullet(section(r, "cost").Bullets, k.Name[lang])
			if b == "" || !strings.Contains(b, per) {
				t.Errorf("%s: cost per point of %s (%s) not stated: %q", lang, k.Key, per, b)
			}
		}
		// the chart is in the report
		found := false
		for _, fig := range section(r, "charts").Figures {
			found = found || fig.Name == "rates"
		}
		if !found {
			t.Errorf("%s: no rates chart in the report", lang)
		}
	}
}

// TestRatesChartFromRuns: the rates kind is in the chart registry and
// draws, from run directories, each scenario's mean rates as bars and
// their 95% CIs across replications as error bars, and the reported
// resolution where there are false closures; it renders.
func TestRatesChartFromRuns(t *testing.T) {
	inRegistry := false
	for _, k := range Kinds {
		inRegistry = inRegistry || k.Kind == chart.KindRates
	}
	if !inRegistry {
		t.Fatal("the rates kind is not in Kinds")
	}
	s, err := Load(ratesFixtures(t)...)
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range []Lang{English, Chinese} {
		c, err := s.Chart(chart.KindRates, ChartOptions{Lang: lang})
		if err != nil {
			t.Fatal(err)
		}
		var bars []chart.Layer
		var errs, rec *chart.Layer
		for i, l := range c.Layers {
			switch l.Kind {
			case chart.Bars:
				bars = append(bars, l)
			case chart.ErrorBars:
				errs = &c.Layers[i]
			case chart.Points:
				rec = &c.Layers[i]
			}
		}
		if len(bars) != 3 || errs == nil || rec == nil || len(rec.Y) != 2 {
			t.Fatalf("%s: %d bar layers, error bars %v, recognised %v", lang, len(bars), errs != nil, rec)
		}
		for i, sc := range s.Scenarios {
			for r, k := range RateKPIs {
				e := s.EstimateOf(sc, k.Key)
				if !e.HasCI {
					t.Fatalf("%s %s: no CI", sc.Label, k.Key)
				}
				if got := bars[r].Hi[i]; math.Abs(got-100*e.Mean) > 1e-9 {
					t.Errorf("%s %s: bar %v, mean %v%%", sc.Label, k.Key, got, 100*e.Mean)
				}
				j := 3*i + r
				if math.Abs(errs.Lo[j]-100*e.Lo) > 1e-9 || math.Abs(errs.Hi[j]-100*e.Hi) > 1e-9 {
					t.Errorf("%s %s: error bar [%v, %v], CI [%v, %v]", sc.Label, k.Key, errs.Lo[j], errs.Hi[j], 100*e.Lo, 100*e.Hi)
				}
			}
			if e := s.EstimateOf(sc, RecognisedRate.Key); math.Abs(rec.Y[i]-100*e.Mean) > 1e-9 {
				t.Errorf("%s: recognised %v, mean %v", sc.Label, rec.Y[i], 100*e.Mean)
			}
		}
		var b bytes.Buffer
		if err := c.Render(&b, chart.PNG); err != nil || b.Len() < 10000 {
			t.Errorf("%s: render: %v, %d bytes", lang, err, b.Len())
		}
	}
}

// RatesSentence claims only what the CIs support: a rate whose CI spans
// zero is "no distinguishable change", single runs say they may be chance.
func TestRatesSentence(t *testing.T) {
	ds := []Diff{
		{Base: 0.30, Reform: 0.40, Est: 0.10, Lo: 0.08, Hi: 0.12, HasCI: true},
		{Base: 0.80, Reform: 0.81, Est: 0.01, Lo: -0.01, Hi: 0.03, HasCI: true},
		{Base: 0.70, Reform: 0.65, Est: -0.05, Lo: -0.07, Hi: -0.03, HasCI: true},
	}
	got := RatesSentence(English, "R", "B", ds, 0.95)
	for _, want := range []string{
		"the response rate (响应率) rises from 30.0% to 40.0% (+10.0 percentage points, 95% CI +8.0 to +12.0)",
		"the resolution rate as citizens rate it (解决率) shows no distinguishable change: 81.0% against 80.0% (+1.0 percentage points, 95% CI −1.0 to +3.0, which includes zero)",
		"the satisfaction rate (满意率) falls from 70.0% to 65.0% (−5.0 percentage points, 95% CI −7.0 to −3.0)",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in\n%s", want, got)
		}
	}
	zh := RatesSentence(Chinese, "R", "B", ds, 0.95)
	for _, want := range []string{"响应率从 30.0% 升至 40.0%", "解决率（群众评价）没有可分辨的变化", "满意率从 70.0% 降至 65.0%"} {
		if !strings.Contains(zh, want) {
			t.Errorf("want %q in\n%s", want, zh)
		}
	}
	single := RatesSentence(English, "R", "B", []Diff{{Base: 0.3, Reform: 0.4, Est: 0.1, Lo: math.NaN(), Hi: math.NaN()}}, 0.95)
	if !strings.Contains(single, "single runs, no CI: this may be chance") {
		t.Errorf("single runs: %s", single)
	}
}
