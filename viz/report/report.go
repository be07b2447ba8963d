package report

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model/stats"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/viz/chart"
)

// Report is a policy report: sections of sentences, tables and charts, in
// one language, rendered as HTML (HTML) or Markdown (Markdown).
type Report struct {
	Lang     Lang
	Title    string
	Lead     []string // what was compared, under which assumptions
	Sections []Section
	// Warnings are problems met while drawing (fonts), for the command to
	// print; they are not in the report.
	Warnings []string

	images map[*Figure][]byte // rendered charts
}

// Section is one part of a report.
type Section struct {
	ID, Title  string
	Paragraphs []string
	Bullets    []string
	Tables     []Table
	Figures    []Figure
	Code       []string // commands, shown verbatim
}

// Table is a table of text.
type Table struct {
	Caption string
	Head    []string
	Rows    [][]string
	Numeric []bool // columns aligned right
}

// Options of a report.
type Options struct {
	Lang Lang
	// Command is the command line that made the report (for provenance).
	Command string
	// MaxChanges caps the parameter changes listed per reform (default 60).
	MaxChanges int
}

// t picks the text of the report's language.
func (r *Report) t(en, zh string) string { return i18n.T(en, zh).In(r.Lang) }

// Build writes the report of a study.
func Build(s *Study, o Options) (*Report, error) {
	if o.Lang >= i18n.NumLangs {
		return nil, fmt.Errorf("report: unknown language %q (want en or zh)", o.Lang)
	}
	if o.MaxChanges <= 0 {
		o.MaxChanges = 60
	}
	if s.Optimize != nil {
		return BuildOptimize(s.Optimize, o)
	}
	if len(s.Scenarios) == 0 {
		return nil, fmt.Errorf("report: no scenarios")
	}
	r := &Report{Lang: o.Lang}
	lang := o.Lang
	base := s.Scenarios[0]
	reforms := s.Scenarios[1:]
	var names []string
	for _, sc := range reforms {
		names = append(names, sc.Label)
	}
	if len(reforms) > 0 {
		r.Title = r.t("Policy report: ", "政策评估报告：") + strings.Join(names, r.t(", ", "、")) + r.t(" against ", " 对比 ") + base.Label
	} else {
		r.Title = r.t("Policy report: ", "政策评估报告：") + base.Label
	}
	r.lead(s)
	kpis := s.TableKPIs()

	// Findings
	if len(reforms) > 0 {
		sec := Section{ID: "findings", Title: r.t("Findings", "主要发现")}
		for _, sc := range reforms {
			// the headline in full, then every distinguishable change, then
			// one sentence for the rest
			var none, single []string
			rates := func() { sec.Bullets = append(sec.Bullets, s.ratesFindings(lang, base, sc)...) }
			for i, k := range kpis {
				if i == 1 { // the three rates right after the headline
					rates()
				}
				d := s.DiffOf(base, sc, k.Key)
				if !stats.Finite(d.Est) || isRate(k.Key) {
					continue // the three rates have sentences of their own
				}
				switch {
				case i > 0 && d.HasCI && !d.Excludes0():
					none = append(none, k.Name[lang])
				case i > 0 && !d.HasCI:
					single = append(single, SingleRunItem(lang, k, d))
				default:
					sec.Bullets = append(sec.Bullets, DiffSentence(lang, sc.Label, base.Label, k, d, s.Level))
				}
			}
			if len(kpis) < 2 {
				rates()
			}
			if p := NoDiffSentence(lang, sc.Label, none); p != "" {
				sec.Bullets = append(sec.Bullets, p)
			}
			if p := SingleRunsSentence(lang, sc.Label, base.Label, single); p != "" {
				sec.Bullets = append(sec.Bullets, p)
			}
		}
		r.Sections = append(r.Sections, sec)
	}

	// KPI table
	r.Sections = append(r.Sections, r.kpiSection(s, kpis))

	// Who gains, who is left behind
	if len(reforms) > 0 {
		sec := Section{ID: "equity", Title: r.t("Who gains and who is left behind", "谁受益，谁被落下")}
		for _, sc := range reforms {
			for _, k := range GroupKPIs {
				if !s.present(k.Key) {
					continue
				}
				for _, g := range []struct{ list, what string }{
					{"by_district", r.t(sc.Label+", by district", sc.Label+"，按区")},
					{"by_literacy_quintile", r.t(sc.Label+", by literacy quintile (q1 lowest, q5 highest)", sc.Label+"，按文化程度五分位组（q1 最低，q5 最高）")},
				} {
					var gds []GroupDiff
					for _, n := range s.groupNames(g.list) {
						gds = append(gds, GroupDiff{Group: n, Diff: s.DiffOf(base, sc, k.group(g.list, n).Key)})
					}
					if p := GroupSentence(lang, g.what, k, gds); p != "" {
						sec.Bullets = append(sec.Bullets, p)
					}
				}
				q := s.groupNames("by_literacy_quintile")
				if len(q) >= 2 {
					dd := s.gapDiff(base, sc, k.group("by_literacy_quintile", q[0]).Key, k.group("by_literacy_quintile", q[len(q)-1]).Key)
					if p := GapSentence(lang, k, dd, s.Level); p != "" {
						sec.Bullets = append(sec.Bullets, sc.Label+r.t(": ", "：")+p)
					}
				}
			}
		}
		for _, sc := range reforms {
			sec.Bullets = append(sec.Bullets, s.ratesEquity(lang, base, sc)...)
		}
		if len(sec.Bullets) == 0 {
			sec.Paragraphs = append(sec.Paragraphs, r.t("The outputs have no breakdown by district or literacy quintile.", "输出中没有按区或文化程度的分组数据。"))
		}
		r.Sections = append(r.Sections, sec)
	}

	// Cost-effectiveness
	if len(reforms) > 0 {
		sec := Section{ID: "cost", Title: r.t("Cost-effectiveness", "成本效益")}
		if !s.present(CostKPI) {
			sec.Paragraphs = append(sec.Paragraphs, r.t("No scenario has costs (no [[cost.item]]): cost-effectiveness cannot be assessed.", "各情景均未设定成本（没有 [[cost.item]]），无法评估成本效益。"))
		} else {
			for _, sc := range reforms {
				c := s.DiffOf(base, sc, CostKPI)
				d := s.DiffOf(base, sc, Headline.Key)
				if p := CostSentence(lang, sc.Label, Headline, c, d, s.Level); p != "" {
					sec.Bullets = append(sec.Bullets, p)
				}
				sec.Bullets = append(sec.Bullets, s.ratesCost(lang, base, sc)...)
			}
			// dominance, as far as the CIs support it
			all := append([]*Scenario{base}, reforms...)
			for _, p := range reforms {
				cp := s.DiffOf(base, p, CostKPI).Est
				for _, q := range all {
					if q == p {
						continue
					}
					cq := 0.0
					if q != base {
						cq = s.DiffOf(base, q, CostKPI).Est
					}
					if x := DominanceSentence(lang, p.Label, q.Label, cp, cq, Headline, s.DiffOf(p, q, Headline.Key), s.Level); x != "" {
						sec.Bullets = append(sec.Bullets, x)
					}
				}
			}
			if c, err := s.costChart(ChartOptions{Lang: lang}); err == nil {
				r.Warnings = append(r.Warnings, c.Warnings...)
				sec.Figures = append(sec.Figures, Figure{Name: "cost", Chart: c, Caption: r.t(
					"Extra cost against the cut in the 90th-percentile time to finish a matter (means). Packages no other beats on the means (costs no more, improves at least as much) are joined; dominated ones are hollow grey. Whiskers: CIs of the improvement. The sentences above say which comparisons the CIs support.",
					"新增成本与办结时间 p90 的缩短（均值）。按均值未被其他方案占优（成本不更高且改善不更少）的方案以线相连；被占优的方案为灰色空心。须线：改善幅度的置信区间。上文说明哪些比较有置信区间支持。")})
			}
		}
		r.Sections = append(r.Sections, sec)
	}

	// Charts
	r.Sections = append(r.Sections, r.chartSection(s))

	// Parameters that differ
	if len(reforms) > 0 {
		sec := Section{ID: "params", Title: r.t("What differs between the scenarios", "各情景的参数差异")}
		for _, sc := range reforms {
			ch := ParamChanges(base, sc)
			t := Table{Caption: sc.Label + r.t(" against ", " 对比 ") + base.Label, Head: []string{r.t("parameter", "参数"), base.Label, sc.Label}}
			if len(ch) == 0 {
				sec.Paragraphs = append(sec.Paragraphs, sc.Label+r.t(": no parameter differs from the baseline.", "：与基线没有参数差异。"))
				continue
			}
			for i, c := range ch {
				if i == o.MaxChanges {
					t.Rows = append(t.Rows, []string{fmt.Sprintf(r.t("… and %d more", "……另有 %d 项"), len(ch)-i), "", ""})
					break
				}
				t.Rows = append(t.Rows, []string{c.Key, dash(c.Base), dash(c.Reform)})
			}
			sec.Tables = append(sec.Tables, t)
		}
		r.Sections = append(r.Sections, sec)
	}

	r.Sections = append(r.Sections, r.provenance(s, o))
	return r, nil
}

func dash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

// lead says what was compared and under which assumptions.
func (r *Report) lead(s *Study) {
	base := s.Scenarios[0]
	var reps []string
	for _, sc := range s.Scenarios {
		reps = append(reps, fmt.Sprintf("%s (%d)", sc.Label, len(sc.Seeds)))
	}
	if len(s.Scenarios) > 1 {
		n := len(s.Scenarios) - 1
		what := r.t(fmt.Sprintf("%d reform scenarios", n), fmt.Sprintf("%d 个改革情景", n))
		if n == 1 {
			what = r.t("the reform scenario "+s.Scenarios[1].Label, "改革情景 "+s.Scenarios[1].Label)
		}
		r.Lead = append(r.Lead, fmt.Sprintf(r.t(
			"This report compares %s with the baseline %s. Replications per scenario: %s.",
			"本报告将%s与基线情景 %s 进行比较。各情景的重复运行次数：%s。"),
			what, base.Label, strings.Join(reps, r.t(", ", "、"))))
	} else {
		r.Lead = append(r.Lead, fmt.Sprintf(r.t("This report describes the scenario %s (replications: %d).", "本报告描述情景 %s（重复运行 %d 次）。"), base.Label, len(base.Seeds)))
	}
	if len(base.Runs) > 0 {
		res := base.Runs[0].Summary
		_, vals := scenarios.Settings(base.Resolved)
		desc, _ := strconv.Unquote(vals["description"])
		r.Lead = append(r.Lead, fmt.Sprintf(r.t(
			"Assumptions: a simulated city of %s residents; each run warms up for %s days, then counts the matters that arrive in a window of %s days and follows them until they finish (or %s more days pass). The baseline: %s",
			"假设：模拟城市常住人口 %s；每次运行先预热 %s 天，再统计 %s 天观察期内到达的事项，并跟踪至办结（最多再延续 %s 天）。基线情景：%s"),
			Num(float64(res.Population), 0), Num(res.WarmupDays, 0), Num(res.HorizonDays, 0), Num(res.DrainDays, 0), dash(desc)))
		for _, sc := range s.Scenarios[1:] {
			_, v := scenarios.Settings(sc.Resolved)
			if d, err := strconv.Unquote(v["description"]); err == nil && d != "" && d != desc {
				r.Lead = append(r.Lead, sc.Label+r.t(": ", "：")+d)
			}
		}
	}
	switch {
	case s.Replicated():
		r.Lead = append(r.Lead, fmt.Sprintf(r.t(
			"Every interval is a %s confidence interval over replications (Student t). Differences are paired by seed (common random numbers) where the scenarios ran the same seeds. A difference whose interval includes zero is reported as not distinguishable.",
			"所有区间均为基于重复运行的 %s 置信区间（t 分布）。各情景使用相同种子时，差值按种子配对（共同随机数）。置信区间包含零的差异报告为无法分辨。"), pct(s.Level)))
	default:
		r.Lead = append(r.Lead, r.t(
			"Some scenarios were run only once: they have no confidence intervals, and where they are compared the report compares single runs, whose differences may be chance. Run several seeds (sim run --seed) or sim compare for intervals.",
			"部分情景只运行了一次：它们没有置信区间，相关比较只能比较单次运行的结果，差异可能出于偶然。如需置信区间，请用多个种子运行（sim run --seed）或使用 sim compare。"))
	}
	r.Lead = append(r.Lead, r.t(
		"This is a model of service delivery, not a forecast: it shows how the mechanisms it contains respond to a reform under its assumptions.",
		"这是一个公共服务运行机制的模型，而非预测：它展示在其假设下，模型所包含的机制如何对改革作出反应。"))
}

// cell writes an estimate with its CI.
func cell(k KPI, e Estimate) string {
	if !stats.Finite(e.Mean) {
		return "–"
	}
	dg := digitsFor(k.Digits, k.Display(e.Mean))
	s := Num(k.Display(e.Mean), dg)
	if e.HasCI {
		s += " [" + Num(k.Display(e.Lo), dg) + ", " + Num(k.Display(e.Hi), dg) + "]"
	}
	return s
}

func (r *Report) kpiSection(s *Study, kpis []KPI) Section {
	sec := Section{ID: "kpis", Title: r.t("Key indicators", "关键指标")}
	t := Table{Head: []string{r.t("indicator", "指标")}, Numeric: []bool{false}}
	for _, sc := range s.Scenarios {
		t.Head = append(t.Head, sc.Label)
		t.Numeric = append(t.Numeric, true)
	}
	for _, k := range kpis {
		row := []string{k.Short[r.Lang]}
		for _, sc := range s.Scenarios {
			row = append(row, cell(k, s.EstimateOf(sc, k.Key)))
		}
		t.Rows = append(t.Rows, row)
	}
	if s.Replicated() {
		t.Caption = fmt.Sprintf(r.t("Means over replications with %s confidence intervals in brackets.", "重复运行的均值，方括号内为 %s 置信区间。"), pct(s.Level))
	} else {
		t.Caption = r.t("Values of single runs (scenarios run more than once show means with confidence intervals in brackets).", "单次运行的数值（多次运行的情景显示均值，方括号内为置信区间）。")
	}
	sec.Tables = append(sec.Tables, t)
	if len(s.Scenarios) > 1 {
		d := Table{Head: []string{r.t("indicator", "指标")}, Numeric: []bool{false}}
		for _, sc := range s.Scenarios[1:] {
			d.Head = append(d.Head, sc.Label+r.t(" − baseline", " − 基线"))
			d.Numeric = append(d.Numeric, true)
		}
		for _, k := range kpis {
			row := []string{k.Short[r.Lang]}
			for _, sc := range s.Scenarios[1:] {
				df := s.DiffOf(s.Scenarios[0], sc, k.Key)
				c := "–"
				if df.HasCI && df.Est == 0 && df.Lo == df.Hi {
					row = append(row, r.t("0 (identical in every replication)", "0（每次重复运行均相同）"))
					continue
				}
				if stats.Finite(df.Est) {
					dg := digitsFor(k.Digits, k.Display(df.Est))
					if df.HasCI {
						dg = ciDigits(k.Digits, k.Display(df.Lo), k.Display(df.Hi))
					}
					c = Signed(k.Display(df.Est), dg)
					if df.HasCI {
						c += " [" + Signed(k.Display(df.Lo), dg) + ", " + Signed(k.Display(df.Hi), dg) + "]"
						if !df.Excludes0() {
							c += r.t(" (n.d.)", "（无差异）")
						}
					}
				}
				row = append(row, c)
			}
			d.Rows = append(d.Rows, row)
		}
		d.Caption = r.t("Differences from the baseline; n.d.: not distinguishable from zero (the interval includes zero).", "与基线之差；“无差异”表示置信区间包含零，无法与零区分。")
		sec.Tables = append(sec.Tables, d)
	}
	return sec
}

// chartSection draws every chart the study supports, and says which
// it could not draw and why.
func (r *Report) chartSection(s *Study) Section {
	sec := Section{ID: "charts", Title: r.t("Charts", "图表")}
	o := ChartOptions{Lang: r.Lang}
	add := func(name string, c *chart.Chart, err error, caption string) {
		if err != nil {
			sec.Bullets = append(sec.Bullets, r.t("Not drawn: ", "未绘制：")+name+r.t(" — ", "——")+strings.TrimPrefix(err.Error(), "report: "))
			return
		}
		r.Warnings = append(r.Warnings, c.Warnings...)
		sec.Figures = append(sec.Figures, Figure{Name: name, Chart: c, Caption: caption})
	}
	if len(s.Scenarios) > 1 {
		c, err := s.forestChart(o)
		add("forest", c, err, r.t(
			"Each reform's difference from the baseline on each indicator, as a share of the baseline value. Filled markers: the interval excludes zero; hollow: it includes zero (no distinguishable difference); crosses: single runs without an interval.",
			"各改革在各指标上与基线之差（占基线值的百分比）。实心标记：置信区间不含零；空心：含零（无可分辨差异）；叉号：单次运行，无置信区间。"))
	}
	if s.present(ResolutionRate.Key) {
		c, err := s.ratesChart(o)
		add("rates", c, err, r.t(
			"The three rates 三率 of hotline tickets — response (响应率), resolution as citizens rate it (解决率), satisfaction (满意率) — of rated closures: means over replications with their confidence intervals; hollow squares, where shown, are the resolution the handling units report (solved plus false closures).",
			"12345 工单“三率”——响应率、解决率（群众评价）、满意率——占回访评价办结工单的比例：重复运行均值及其置信区间；空心方块（如有）为承办单位上报的解决率（实际解决加虚假办结）。"))
	}
	if len(s.Scenarios[0].Runs) > 0 {
		c, err := s.latencyChart(o)
		add("latency", c, err, r.t(
			"Share of matters finished within a given time (log scale), pooled over replications; markers at the 50th and 90th percentiles.",
			"在给定时间内办结的事项比例（对数刻度），合并各次重复运行；标记为第 50 和第 90 百分位数。"))
		c, err = s.visitsChart(o)
		add("visits", c, err, r.t("Shares of completed matters by the number of visits citizens made.", "按群众跑动次数划分的已办结事项比例。"))
		for _, col := range []string{"backlog_hours", "hours_per_worker", "in_flight"} {
			if !s.dailyPresent(col) {
				continue
			}
			c, err := s.seriesChart(col, o)
			add("series-"+strings.ReplaceAll(col, "_", "-"), c, err, r.t(
				"Daily series over the warm-up (shaded) and the observation window, mean over replications with its confidence band.",
				"预热期（阴影）与观察期的逐日序列：重复运行的均值及其置信带。"))
		}
	}
	if s.present("grassroots.street_distribution.mean") {
		if s.Scenarios[0].Resolved != "" {
			for i := range s.Scenarios {
				if i >= 4 {
					break
				}
				c, err := s.mapChart(ChartOptions{Lang: r.Lang, Scenario: i})
				add(fmt.Sprintf("workload-map-%d", i), c, err, r.t(
					"Hours of work per worker per week at each street (mean over replications); every place takes the colour of its nearest street. Grey rings: communities.",
					"各街道每名工作人员每周的工作小时（重复运行均值）；每处位置取最近街道的颜色。灰色圆圈：社区。"))
			}
		}
		c, err := s.lorenzChart(o)
		add("lorenz", c, err, r.t(
			"Lorenz curves of the workload per worker across streets: the further below the diagonal, the more unequal; the Gini coefficient is in the legend.",
			"各街道人均工作负荷的洛伦兹曲线：越偏离对角线越不均衡；图例中为基尼系数。"))
	}
	if s.Source != "runs" && len(s.Columns) > 0 {
		c, err := s.responseChart(o)
		add("response", c, err, r.t("The headline indicator against the first factor of the sweep, one line per level of the second, with confidence bands.", "核心指标随扫描的第一个因素变化，第二个因素每个水平一条线，并带置信带。"))
	}
	if len(s.Dirs) == 1 && exists(filepath.Join(s.Dirs[0], SobolFile)) {
		c, err := s.sobolChart(o)
		add("sobol", c, err, r.t("First-order and total Sobol indices with their confidence intervals.", "一阶与总 Sobol 指数及其置信区间。"))
	}
	return sec
}

// dailyPresent says whether a daily column has a non-zero value.
func (s *Study) dailyPresent(col string) bool {
	for _, sc := range s.Scenarios {
		for _, r := range sc.Runs {
			if r.Daily == nil {
				return false
			}
			vs, ok := r.Daily.Column(col)
			if !ok {
				return false
			}
			for _, v := range vs {
				if stats.Finite(v) && v != 0 {
					return true
				}
			}
		}
	}
	return false
}

func (r *Report) provenance(s *Study, o Options) Section {
	sec := Section{ID: "provenance", Title: r.t("Provenance", "数据来源")}
	sec.Paragraphs = append(sec.Paragraphs, fmt.Sprintf(r.t("Made by tiaokuai %s from the %s outputs in: %s.", "由 tiaokuai %s 根据以下%s输出生成：%s。"),
		dash(s.Version), map[string]string{"runs": r.t("sim run", "sim run "), "sweep": r.t("sim sweep", "sim sweep "), "compare": r.t("sim compare", "sim compare ")}[s.Source], strings.Join(s.Dirs, ", ")))
	t := Table{Head: []string{r.t("scenario", "情景"), r.t("scenario hash (sha256)", "情景哈希（sha256）"), r.t("seeds", "种子"), r.t("--set", "--set")}}
	for _, sc := range s.Scenarios {
		var seeds []string
		for _, x := range sc.Seeds {
			seeds = append(seeds, strconv.FormatUint(x, 10))
		}
		t.Rows = append(t.Rows, []string{sc.Label, sc.Hash, compactSeeds(seeds), dash(strings.Join(sc.Sets, " "))})
	}
	sec.Tables = append(sec.Tables, t)
	ft := Table{Head: []string{r.t("scenario", "情景"), r.t("file read", "读取的文件"), "sha256"}}
	for _, sc := range s.Scenarios {
		if len(sc.Runs) == 0 {
			continue
		}
		for _, f := range sc.Runs[0].Manifest.Files {
			ft.Rows = append(ft.Rows, []string{sc.Label, f.Name, f.SHA256})
		}
	}
	if len(ft.Rows) > 0 {
		sec.Tables = append(sec.Tables, ft)
	}
	sec.Code = append(sec.Code, r.t("# to reproduce the outputs:", "# 复现这些输出："))
	sec.Code = append(sec.Code, s.Commands...)
	if o.Command != "" {
		sec.Code = append(sec.Code, r.t("# and this report:", "# 以及本报告："), o.Command)
	}
	return sec
}

// compactSeeds writes 1, 2, 3, 4, 7 as "1–4, 7".
func compactSeeds(ss []string) string {
	var out []string
	for i := 0; i < len(ss); {
		j := i
		a, err := strconv.ParseUint(ss[i], 10, 64)
		for err == nil && j+1 < len(ss) {
			b, err2 := strconv.ParseUint(ss[j+1], 10, 64)
			if err2 != nil || b != a+uint64(j+1-i) {
				break
			}
			j++
		}
		if j-i >= 2 {
			out = append(out, ss[i]+"–"+ss[j])
		} else {
			out = append(out, ss[i:j+1]...)
		}
		i = j + 1
	}
	return strings.Join(out, ", ")
}
