package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/viz/chart"
)

// KindFrontier is the chart of a policy search's finalists: cost over the
// cheapest against improvement, the efficient ones joined (drawn by
// chart.CostEffect).
const KindFrontier chart.Kind = "frontier"

func (s *Study) frontierChart(o ChartOptions) (*chart.Chart, error) {
	if s.Optimize == nil {
		return nil, fmt.Errorf("report: the %s chart needs a `sim optimize` directory (optimize.json)", KindFrontier)
	}
	return FrontierChart(s.Optimize, o.Lang)
}

// BuildOptimize writes the report of a policy search (`sim optimize`):
// the section "best packages under budget", with the finalists, how sure
// their ranking is, and the cost frontier.
func BuildOptimize(sum *experiments.OptimizeSummary, o Options) (*Report, error) {
	if o.Lang >= i18n.NumLangs {
		return nil, fmt.Errorf("report: unknown language %q (want en or zh)", o.Lang)
	}
	r := &Report{Lang: o.Lang}
	r.Title = r.t("Policy search: ", "政策搜索：") + sum.Experiment
	sec := Section{ID: "best-packages", Title: r.t("Best packages under budget", "预算内的最佳改革方案")}
	var objs []string
	for _, ob := range sum.Objectives {
		dir, kpi, _ := strings.Cut(ob, " ")
		if dir == "max" {
			objs = append(objs, r.t("the highest "+kpi, "最大化 "+kpi))
		} else {
			objs = append(objs, r.t("the lowest "+kpi, "最小化 "+kpi))
		}
	}
	stat := map[string][2]string{"mean": {"mean over", "平均值"}, "worst": {"worst case over", "最坏情况"}, "regret": {"largest regret over", "最大遗憾值"}}
	st, ok := stat[sum.Robustness]
	if !ok {
		st = [2]string{sum.Robustness + " percentile over", "第 " + strings.TrimPrefix(sum.Robustness, "p") + " 百分位"}
	}
	cons := r.t("no constraint", "无约束")
	if len(sum.Constraints) > 0 {
		cons = strings.Join(sum.Constraints, r.t(", ", "，"))
	}
	sec.Paragraphs = append(sec.Paragraphs, fmt.Sprintf(r.t(
		"The search (%s) looked for the package of %s with %s, judged by its %s %d worlds, subject to %s. Every candidate ran on the same seeds in every world (common random numbers).",
		"本次搜索（%[1]s）在 %[2]s 中寻找使 %[3]s 的方案，以其在 %[5]d 个情景下的%[4]s来评判，约束条件为 %[6]s。每个候选方案在每个情景下都使用相同的随机种子（公共随机数）。"),
		sum.Method, strings.Join(sum.Levers, r.t(", ", "、")), strings.Join(objs, r.t(" and ", "且")),
		r.t(st[0], st[1]), sum.Worlds, cons))
	if len(sum.Screen) > 0 {
		sec.Paragraphs = append(sec.Paragraphs, fmt.Sprintf(r.t(
			"It screened %d candidates over %d generations at a cheaper fidelity (%s) in %d runs, then confirmed the finalists at full fidelity in %d runs.",
			"搜索先以较低精度（%[3]s）筛选，历经 %[2]d 代、%[1]d 个候选方案、%[4]d 次运行，再以全精度确认入围方案，共 %[5]d 次运行。"),
			sum.Candidates, sum.Generations, strings.Join(sum.Screen, ", "), sum.ScreenRuns, sum.FullRuns))
	} else {
		sec.Paragraphs = append(sec.Paragraphs, fmt.Sprintf(r.t(
			"It evaluated %d candidates over %d generations, all at full fidelity, in %d runs.",
			"搜索历经 %[2]d 代，评估了 %[1]d 个候选方案，全部为全精度，共 %[3]d 次运行。"),
			sum.Candidates, sum.Generations, sum.FullRuns))
	}
	sec.Paragraphs = append(sec.Paragraphs, r.sure(sum))
	status := map[string][2]string{"best": {"best", "最优"}, "tied": {"tied with the best", "与最优并列"}, "worse": {"worse", "较差"},
		"front": {"on the front", "在前沿上"}, "dominated": {"dominated", "被支配"}, "infeasible": {"fails a constraint", "不满足约束"}}
	t := Table{Caption: r.t("Finalists at full fidelity, best first (± is the half-width of the confidence interval)", "全精度入围方案，最优在前（± 为置信区间半宽）")}
	t.Head = append([]string{"#", r.t("candidate", "候选"), r.t("status", "状态")}, sum.Levers...)
	t.Head = append(t.Head, r.t("replications", "重复次数"), r.t("cost", "成本"))
	t.Head = append(t.Head, sum.Objectives...)
	for i, f := range sum.Finalists {
		w := status[f.Status]
		row := []string{strconv.Itoa(i + 1), strconv.Itoa(f.Candidate), r.t(w[0], w[1])}
		for _, l := range f.Levers {
			row = append(row, shortLabel(l))
		}
		row = append(row, strconv.Itoa(f.Replications), fmt.Sprintf("%.4g", f.Cost))
		for j := range f.Value {
			row = append(row, fmt.Sprintf("%.4g ± %.2g", f.Value[j], f.HalfWidth[j]))
		}
		t.Rows = append(t.Rows, row)
	}
	t.Numeric = make([]bool, len(t.Head))
	t.Numeric[0], t.Numeric[1] = true, true
	sec.Tables = append(sec.Tables, t)
	if c, err := FrontierChart(sum, o.Lang); err == nil {
		sec.Figures = append(sec.Figures, Figure{Name: "frontier", Chart: c, Caption: r.t(
			"Cost against improvement over the cheapest finalist; the efficient packages are joined.",
			"成本与相对最便宜入围方案的改进；有效方案以线相连。")})
	} else {
		r.Warnings = append(r.Warnings, err.Error())
	}
	if o.Command != "" {
		sec.Code = append(sec.Code, o.Command)
	}
	r.Sections = append(r.Sections, sec)
	return r, nil
}

// sure says how sure the ranking is, in the report's language.
func (r *Report) sure(s *experiments.OptimizeSummary) string {
	if len(s.Objectives) > 1 && s.FrontPairs == 0 {
		for _, f := range s.Finalists {
			if f.Pareto {
				return fmt.Sprintf(r.t(
					"How sure: the confirmed front is one package, candidate %d: its means at full fidelity (%d replications) are at least as good as every other finalist's in every objective.",
					"把握程度：确认的前沿只有一个方案，即候选方案 %d：在全精度下（%d 次重复），它在每个目标上的均值都不劣于其他任何入围方案。"), f.Candidate, s.RaceReps)
			}
		}
	}
	if len(s.Objectives) > 1 {
		return fmt.Sprintf(r.t(
			"How sure: %d of %d neighbouring pairs on the confirmed front differ in every objective (paired %.0f%% intervals over %d full-fidelity replications); the others trade off within the noise.",
			"把握程度：在确认的前沿上，%d 对相邻方案中有 %d 对在每个目标上都有差异（%.0f%% 配对区间，%d 次全精度重复）；其余的差别在噪声范围之内。"),
			pick(r, s.FrontSeparated, s.FrontPairs), pick(r, s.FrontPairs, s.FrontSeparated), 100*s.Level, s.RaceReps)
	}
	if len(s.Finalists) == 0 {
		return r.t("No finalist.", "没有入围方案。")
	}
	b := s.Finalists[0]
	switch {
	case s.Winner && len(s.Finalists) > 1:
		return fmt.Sprintf(r.t(
			"How sure: candidate %d is best. Paired intervals (%.1f%% each, %.0f%% overall) separate it from every other finalist after %d full-fidelity replications.",
			"把握程度：候选方案 %d 最优。经过 %[4]d 次全精度重复，配对区间（单次 %.1[2]f%%，总体 %.0[3]f%%）把它与其他所有入围方案区分开来。"),
			b.Candidate, 100*s.RaceLevel, 100*s.Level, s.RaceReps)
	case s.Winner:
		return fmt.Sprintf(r.t("How sure: candidate %d was the only feasible finalist.", "把握程度：候选方案 %d 是唯一满足约束的入围方案。"), b.Candidate)
	}
	var ids []string
	for _, id := range s.Tied {
		ids = append(ids, strconv.Itoa(id))
	}
	return fmt.Sprintf(r.t(
		"How sure: candidates %s cannot be told apart within %d replications (their paired intervals at %.0f%% overall include zero), so the ranking among them is not sure; any of them is a defensible choice, and cost may decide.",
		"把握程度：候选方案 %s 在 %d 次重复内无法区分（总体 %.0f%% 的配对区间包含零），它们之间的排序并不可靠；其中任何一个都是站得住的选择，可由成本决定。"),
		strings.Join(ids, r.t(", ", "、")), s.RaceReps, 100*s.Level)
}

// pick orders two counts for the sentence of each language (Chinese says
// the total first).
func pick(r *Report, en, zh int) int {
	if r.Lang == Chinese {
		return zh
	}
	return en
}

// shortLabel writes a long number label with 4 significant digits.
func shortLabel(s string) string {
	if x, err := strconv.ParseFloat(s, 64); err == nil && strings.ContainsAny(s, ".eE") {
		return strconv.FormatFloat(x, 'g', 4, 64)
	}
	return s
}

// FrontierChart draws a search's feasible finalists: their cost over the
// cheapest one against their improvement in the first objective, the
// efficient ones joined.
func FrontierChart(sum *experiments.OptimizeSummary, lang Lang) (*chart.Chart, error) {
	var fin []experiments.Finalist
	for _, f := range sum.Finalists {
		if f.Feasible && !math.IsNaN(f.Cost) && len(f.Value) > 0 && !math.IsNaN(f.Value[0]) {
			fin = append(fin, f)
		}
	}
	if len(fin) == 0 {
		return nil, fmt.Errorf("report: no feasible finalist with a cost to chart")
	}
	ref := fin[0]
	for _, f := range fin {
		if f.Cost < ref.Cost {
			ref = f
		}
	}
	sense := 1.0 // improvement = reduction of a minimised KPI
	kpi, ok := strings.CutPrefix(sum.Objectives[0], "min ")
	if !ok {
		kpi = strings.TrimPrefix(sum.Objectives[0], "max ")
		sense = -1
	}
	var ps []chart.Package
	for _, f := range fin {
		g := sense * (ref.Value[0] - f.Value[0])
		p := chart.Package{Name: fmt.Sprintf("#%d", f.Candidate), Cost: f.Cost - ref.Cost, Gain: g, Lo: g - f.HalfWidth[0], Hi: g + f.HalfWidth[0]}
		if math.IsNaN(f.HalfWidth[0]) {
			p.NoCI = true
		}
		ps = append(ps, p)
	}
	unit := "KPI units"
	switch {
	case strings.HasSuffix(kpi, "_days"):
		unit = "days"
	case strings.HasSuffix(kpi, "_hours"), strings.HasSuffix(kpi, "_week"):
		unit = "h"
	case strings.Contains(kpi, "visits"):
		unit = "visits"
	case strings.HasSuffix(kpi, "_share"):
		unit = "share"
	}
	x := fmt.Sprintf("cost.total over the cheapest finalist #%d", ref.Candidate)
	y := fmt.Sprintf("improvement in %s (%s across worlds)", kpi, sum.Robustness)
	if lang == Chinese {
		x = fmt.Sprintf("相对最便宜入围方案 #%d 的 cost.total", ref.Candidate)
		y = fmt.Sprintf("%s 的改进（各情景%s）", kpi, sum.Robustness)
	}
	return chart.CostEffect(ps, chart.Options{Lang: lang, X: chart.AxisText{Label: x, Unit: "cost units"}, Y: chart.AxisText{Label: y, Unit: unit}})
}
