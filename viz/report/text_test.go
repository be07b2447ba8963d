package report

import (
	"math"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

var p90 = KPIs[0] // matters.overall.latency_p90_days

// The example sentence, in both languages.
func TestDiffSentenceCIExcludesZero(t *testing.T) {
	d := Diff{Base: 9.1, Reform: 3.4, Est: -5.7, Lo: -6.1, Hi: -5.2, HasCI: true, N: 10, Paired: true}
	for lang, want := range map[Lang]string{
		English: "Reform B cuts the 90th-percentile time to finish a matter from 9.1 to 3.4 days (95% CI 5.2 to 6.1 days fewer).",
		Chinese: "Reform B使事项办结时间的第 90 百分位数从 9.1 天降至 3.4 天（95% 置信区间：减少 5.2 至 6.1 天）。",
	} {
		if got := DiffSentence(lang, "Reform B", "baseline", p90, d, 0.95); got != want {
			t.Errorf("%s:\n got %s\nwant %s", lang, got, want)
		}
	}
	// a rise of a share, in percentage points
	share := kpiFor("matters.overall.max_one_visit_share")
	d = Diff{Base: 0.12, Reform: 0.30, Est: 0.18, Lo: 0.15, Hi: 0.21, HasCI: true}
	for lang, want := range map[Lang]string{
		English: "R raises the share of matters done with at most one visit from 12.0% to 30.0% (95% CI 15.0 to 21.0 percentage points higher).",
		Chinese: "R使最多跑一次的事项占比从 12.0%升至 30.0%（95% 置信区间：增加 15.0 至 21.0 个百分点）。",
	} {
		if got := DiffSentence(lang, "R", "B", share, d, 0.95); got != want {
			t.Errorf("%s:\n got %s\nwant %s", lang, got, want)
		}
	}
}

// twoScenarios is a study of a baseline and a reform with the given
// values of the p90 latency per replication.
func twoScenarios(base, reform []float64, baseSeeds, reformSeeds []uint64) *Study {
	return &Study{Source: "runs", Level: 0.95, Scenarios: []*Scenario{
		{Name: "A", Label: "A", Seeds: baseSeeds, KPI: map[string][]float64{p90.Key: base}},
		{Name: "B", Label: "B", Seeds: reformSeeds, KPI: map[string][]float64{p90.Key: reform}},
	}}
}

// Paired by seed: differences −2, −3, −1, mean −2, sd 1, so the 95% CI is
// −2 ± t(0.975, 2)/√3 = −2 ± 4.302653/1.732051 = [−4.484, +0.484]: it
// spans zero.
func TestDiffOfPairedSpansZero(t *testing.T) {
	s := twoScenarios([]float64{10, 12, 14}, []float64{8, 9, 13}, []uint64{1, 2, 3}, []uint64{1, 2, 3})
	d := s.DiffOf(s.Scenarios[0], s.Scenarios[1], p90.Key)
	half := 4.302652729911275 / math.Sqrt(3)
	if !d.Paired || !d.HasCI || d.N != 3 || d.Base != 12 || d.Reform != 10 || math.Abs(d.Est+2) > 1e-12 ||
		math.Abs(d.Lo-(-2-half)) > 1e-9 || math.Abs(d.Hi-(-2+half)) > 1e-9 {
		t.Fatalf("diff %+v, want paired −2 ± %.6f", d, half)
	}
	if d.Excludes0() {
		t.Fatal("the CI spans zero")
	}
	for lang, want := range map[Lang]string{
		English: "There is no distinguishable difference in the 90th-percentile time to finish a matter between B and A: 10.0 days against 12.0 days (95% CI of the difference −4.48 to +0.48 days, which includes zero).",
		Chinese: "B与A的事项办结时间的第 90 百分位数没有可分辨的差异：10.0 天 对 12.0 天（差值的 95% 置信区间为 −4.48 至 +0.48 天，包含零）。",
	} {
		if got := DiffSentence(lang, "B", "A", p90, d, 0.95); got != want {
			t.Errorf("%s:\n got %s\nwant %s", lang, got, want)
		}
	}
}

// Different seeds: Welch's interval. Means 12 and 10, variances 4 and 7
// over 3 runs each: se = √(4/3 + 7/3) = 1.9149, df = (11/3)² / ((4/3)²/2 +
// (7/3)²/2) = 3.723.
func TestDiffOfUnpairedWelch(t *testing.T) {
	s := twoScenarios([]float64{10, 12, 14}, []float64{8, 9, 13}, []uint64{1, 2, 3}, []uint64{4, 5, 6})
	d := s.DiffOf(s.Scenarios[0], s.Scenarios[1], p90.Key)
	se := math.Sqrt(11.0 / 3)
	df := (11.0 / 3) * (11.0 / 3) / ((4.0/3)*(4.0/3)/2 + (7.0/3)*(7.0/3)/2)
	half := stats.TQuantile(0.975, df) * se
	if d.Paired || !d.HasCI || math.Abs(d.Est+2) > 1e-12 || math.Abs(d.Hi-d.Lo-2*half) > 1e-9 {
		t.Fatalf("diff %+v, want unpaired −2 ± %.4f (df %.3f)", d, half, df)
	}
	if math.Abs(df-3.723) > 0.001 {
		t.Errorf("df %.4f, by hand 3.723", df)
	}
}

func TestDiffSentenceSingleRuns(t *testing.T) {
	s := twoScenarios([]float64{12}, []float64{10}, []uint64{1}, []uint64{1})
	d := s.DiffOf(s.Scenarios[0], s.Scenarios[1], p90.Key)
	if d.HasCI || d.Est != -2 {
		t.Fatalf("diff %+v", d)
	}
	for lang, want := range map[Lang]string{
		English: "In single runs, the 90th-percentile time to finish a matter was 10.0 days for B against 12.0 days for A; with one run each there is no confidence interval, so the difference (−2.0 days) may be chance.",
		Chinese: "单次运行中，B的事项办结时间的第 90 百分位数为 10.0 天，A为 12.0 天：各只运行一次，没有置信区间，这一差异（−2.0 天）可能出于偶然。",
	} {
		if got := DiffSentence(lang, "B", "A", p90, d, 0.95); got != want {
			t.Errorf("%s:\n got %s\nwant %s", lang, got, want)
		}
	}
	v := Diff{Base: 3.46, Reform: 3.08, Est: -0.38}
	item := SingleRunItem(English, kpiFor("matters.overall.visits_mean"), v)
	if want := "the visits per matter: 3.08 against 3.46 visits (−0.38 visits)"; item != want {
		t.Errorf("got %s\nwant %s", item, want)
	}
	if got := SingleRunsSentence(Chinese, "B", "A", []string{SingleRunItem(Chinese, kpiFor("matters.overall.visits_mean"), v)}); got != "B对比A的其他指标（单次运行，没有置信区间，差异可能出于偶然）：每件事项的平均跑动次数 3.08 次 对 3.46 次（−0.38 次）。" {
		t.Errorf("got %s", got)
	}
}

func TestDiffSentenceIdenticalAndConstant(t *testing.T) {
	same := Diff{Base: 5, Reform: 5, Est: 0, Lo: 0, Hi: 0, HasCI: true}
	if got, want := DiffSentence(English, "B", "A", p90, same, 0.95), "B and A have the same 90th-percentile time to finish a matter in every replication (5.0 days)."; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	cost := kpiFor(CostKPI)
	c := Diff{Base: 0, Reform: 69945.2, Est: 69945.2, Lo: 69945.2, Hi: 69945.2, HasCI: true}
	if got, want := DiffSentence(English, "B", "A", cost, c, 0.95), "B raises the cost from 0 to 69,945 cost units (the same difference in every replication)."; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
	if got, want := DiffSentence(Chinese, "B", "A", cost, c, 0.95), "B使成本从 0 成本单位升至 69,945 成本单位（每次重复运行的差值都相同）。"; got != want {
		t.Errorf("got %s\nwant %s", got, want)
	}
}

func TestGroupAndGapSentences(t *testing.T) {
	gs := []GroupDiff{
		{"old-town", Diff{Est: -2, Lo: -3, Hi: -1, HasCI: true}},
		{"new-town", Diff{Est: 1, Lo: 0.5, Hi: 1.5, HasCI: true}},
		{"hill", Diff{Est: 0.2, Lo: -0.5, Hi: 0.9, HasCI: true}},
	}
	for lang, want := range map[Lang]string{
		English: "By district, the change in the 90th-percentile time to finish a matter is distinguishably better in old-town (−2.0 days); distinguishably worse in new-town (+1.0 days); not distinguishable from zero in hill.",
		Chinese: "按区，事项办结时间的第 90 百分位数：可分辨地改善的有old-town（−2.0 天）；可分辨地变差的有new-town（+1.0 天）；变化与零无法区分的有hill。",
	} {
		what := map[Lang]string{English: "By district", Chinese: "按区"}[lang]
		if got := GroupSentence(lang, what, p90, gs); got != want {
			t.Errorf("%s:\n got %s\nwant %s", lang, got, want)
		}
	}
	// q1 − q5 change of +1.5 days [0.5, 2.5] on a lower-is-better KPI: q1
	// gains less, it is left behind
	dd := Diff{Est: 1.5, Lo: 0.5, Hi: 2.5, HasCI: true}
	for lang, want := range map[Lang]string{
		English: "on the 90th-percentile time to finish a matter, the lowest literacy quintile (q1) gains less than the highest (q5): it is left behind (difference +1.50 days, 95% CI +0.50 to +2.50 days).",
		Chinese: "就事项办结时间的第 90 百分位数而言，最低文化程度五分位组（q1）获益少于最高组（q5），被落在后面（差值 +1.50 天，95% 置信区间 +0.50 至 +2.50 天）。",
	} {
		if got := GapSentence(lang, p90, dd, 0.95); got != want {
			t.Errorf("%s:\n got %s\nwant %s", lang, got, want)
		}
	}
	dd = Diff{Est: 0.3, Lo: -0.2, Hi: 0.8, HasCI: true}
	if got := GapSentence(English, p90, dd, 0.95); !strings.Contains(got, "is not distinguishable from that for the highest (q5)") {
		t.Errorf("spanning zero: %s", got)
	}
	if got := GapSentence(Chinese, p90, dd, 0.95); !strings.Contains(got, "没有可分辨的差别") {
		t.Errorf("spanning zero (zh): %s", got)
	}
}

// A reform costing 100,000 more that cuts the p90 by 2 days [1, 3] costs
// 50,000 per day, 33,333 to 100,000 over the CI.
func TestCostSentence(t *testing.T) {
	cost := Diff{Est: 100000, Lo: 100000, Hi: 100000, HasCI: true}
	eff := Diff{Est: -2, Lo: -3, Hi: -1, HasCI: true}
	for lang, want := range map[Lang]string{
		English: "R costs 100,000 cost units more than the baseline and improves the 90th-percentile time to finish a matter by 2.0 days: about 50,000 cost units per day (33,333 to 100,000 over the 95% CI of the improvement).",
		Chinese: "R的成本比基线多 100,000 成本单位，使事项办结时间的第 90 百分位数改善 2.0 天：每改善 1 天 约需 50,000 成本单位（按改善幅度的 95% 置信区间为 33,333 至 100,000）。",
	} {
		if got := CostSentence(lang, "R", p90, cost, eff, 0.95); got != want {
			t.Errorf("%s:\n got %s\nwant %s", lang, got, want)
		}
	}
	spans := Diff{Est: -2, Lo: -5, Hi: 1, HasCI: true}
	if got := CostSentence(English, "R", p90, cost, spans, 0.95); !strings.Contains(got, "not distinguishable from zero, so no cost per unit of improvement can be given") {
		t.Errorf("spanning zero: %s", got)
	}
	if got := CostSentence(Chinese, "R", p90, cost, spans, 0.95); !strings.Contains(got, "与零无法区分，因此无法给出单位改善成本") {
		t.Errorf("spanning zero (zh): %s", got)
	}
}

func TestDominanceSentence(t *testing.T) {
	// q − p on the p90: −1 day [−1.5, −0.5]: q is distinguishably better
	better := Diff{Est: -1, Lo: -1.5, Hi: -0.5, HasCI: true}
	if got := DominanceSentence(English, "P", "Q", 10, 5, p90, better, 0.95); got != "P is dominated by Q, which costs no more and does distinguishably better on the 90th-percentile time to finish a matter (the 95% CI of the difference excludes zero)." {
		t.Errorf("got %s", got)
	}
	unclear := Diff{Est: -1, Lo: -2, Hi: 0.5, HasCI: true}
	if got := DominanceSentence(English, "P", "Q", 10, 5, p90, unclear, 0.95); got != "Q costs less than P with no distinguishable difference in the 90th-percentile time to finish a matter." {
		t.Errorf("got %s", got)
	}
	if got := DominanceSentence(English, "P", "Q", 5, 10, p90, better, 0.95); got != "" {
		t.Errorf("Q costs more, yet: %s", got)
	}
	worse := Diff{Est: 1, Lo: 0.5, Hi: 1.5, HasCI: true}
	if got := DominanceSentence(Chinese, "P", "Q", 10, 10, p90, worse, 0.95); got != "" {
		t.Errorf("Q is worse, yet: %s", got)
	}
}

func TestNumbers(t *testing.T) {
	for _, c := range []struct {
		v    float64
		d    int
		want string
	}{{12345.6, 1, "12,345.6"}, {1234.5, 1, "1234.5"}, {-0.04, 1, "0.0"}, {-2.25, 2, "−2.25"}, {1e6, 0, "1,000,000"}, {math.NaN(), 1, "–"}} {
		if got := Num(c.v, c.d); got != c.want {
			t.Errorf("Num(%v, %d) = %q, want %q", c.v, c.d, got, c.want)
		}
	}
	if Signed(0.5, 1) != "+0.5" || Signed(-0.5, 1) != "−0.5" || Signed(0.01, 1) != "0.0" {
		t.Errorf("Signed: %q %q %q", Signed(0.5, 1), Signed(-0.5, 1), Signed(0.01, 1))
	}
	if d := digitsFor(1, 0.0571); d != 3 {
		t.Errorf("digitsFor(1, 0.0571) = %d, want 3", d)
	}
	if d := ciDigits(2, -0.341, -0.336); Num(-0.341, d) == Num(-0.336, d) {
		t.Errorf("ciDigits %d does not tell the bounds apart", d)
	}
	if got := compactSeeds([]string{"1", "2", "3", "4", "7", "9", "10"}); got != "1–4, 7, 9, 10" {
		t.Errorf("compactSeeds: %q", got)
	}
}
