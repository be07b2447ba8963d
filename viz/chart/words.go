package chart

// words are the charts' own words in each language: titles, default axis
// texts and legend entries. Names of scenarios, districts and parameters
// come from the caller.
var words = map[Lang]map[string]string{
	English: {
		"latency.title":  "Time to finish a matter",
		"latency.x":      "time from arrival to completion",
		"latency.xunit":  "days, log scale",
		"latency.y":      "matters finished within that time",
		"latency.yunit":  "% of completed",
		"visits.title":   "Visits per matter",
		"visits.y":       "share of completed matters",
		"visits.yunit":   "%",
		"visits.0":       "0 visits",
		"visits.1":       "1 visit",
		"visits.2":       "2 visits",
		"visits.3":       "3 or more",
		"series.x":       "simulated day",
		"series.xunit":   "days from the first Monday",
		"series.mean":    "mean",
		"series.band":    "95% CI",
		"map.title":      "Grassroots workload by street",
		"map.x":          "east–west",
		"map.y":          "north–south",
		"map.unit":       "km",
		"map.scale":      "work per worker",
		"map.scaleunit":  "h per week",
		"lorenz.title":   "Inequality of grassroots workload",
		"lorenz.x":       "units, from least to most loaded",
		"lorenz.xunit":   "cumulative %",
		"lorenz.y":       "workload",
		"lorenz.yunit":   "cumulative %",
		"lorenz.equal":   "equal shares",
		"lorenz.gini":    "Gini",
		"forest.title":   "Reform minus baseline",
		"forest.sig":     "CI excludes zero",
		"forest.nonsig":  "CI spans zero",
		"forest.noci":    "single run, no CI",
		"cost.title":     "Cost against improvement",
		"cost.frontier":  "efficient packages",
		"cost.dominated": "dominated",
		"sobol.title":    "Which parameters drive the KPI (Sobol indices)",
		"sobol.x":        "Sobol index",
		"sobol.xunit":    "share of KPI variance, 0–1",
		"sobol.s1":       "first order S1",
		"sobol.st":       "total ST",
		"response.title": "Response",
		"unit.days":      " d",
		"latency.note":   "Markers: the 50th and 90th percentiles (p50, p90). Between histogram bin edges the curve is drawn straight.",
		"note.band":      "Shaded bands: 95% confidence intervals of the mean across replications.",
	},
	Chinese: {
		"latency.title":  "办结时长分布",
		"latency.x":      "从申请到办结的时间",
		"latency.xunit":  "天，对数刻度",
		"latency.y":      "在此时间内办结的事项",
		"latency.yunit":  "占已办结的 %",
		"visits.title":   "每件事项的跑动次数",
		"visits.y":       "占已办结事项的比例",
		"visits.yunit":   "%",
		"visits.0":       "0 次",
		"visits.1":       "1 次",
		"visits.2":       "2 次",
		"visits.3":       "3 次及以上",
		"series.x":       "模拟日",
		"series.xunit":   "自第一个星期一起的天数",
		"series.mean":    "均值",
		"series.band":    "95% 置信区间",
		"map.title":      "各街道基层工作负荷",
		"map.x":          "东西方向",
		"map.y":          "南北方向",
		"map.unit":       "公里",
		"map.scale":      "人均工作量",
		"map.scaleunit":  "小时/周",
		"lorenz.title":   "基层工作负荷的不均衡",
		"lorenz.x":       "单位，按负荷从低到高",
		"lorenz.xunit":   "累计 %",
		"lorenz.y":       "工作负荷",
		"lorenz.yunit":   "累计 %",
		"lorenz.equal":   "完全均等",
		"lorenz.gini":    "基尼系数",
		"forest.title":   "改革与基线之差",
		"forest.sig":     "置信区间不含零",
		"forest.nonsig":  "置信区间含零",
		"forest.noci":    "单次运行，无置信区间",
		"cost.title":     "成本与改善",
		"cost.frontier":  "有效方案",
		"cost.dominated": "被占优",
		"sobol.title":    "哪些参数决定该指标（Sobol 指数）",
		"sobol.x":        "Sobol 指数",
		"sobol.xunit":    "占指标方差的比例，0–1",
		"sobol.s1":       "一阶 S1",
		"sobol.st":       "总效应 ST",
		"response.title": "响应",
		"unit.days":      " 天",
		"latency.note":   "标记：第 50 和第 90 百分位数（p50、p90）。直方图分箱边界之间以直线连接。",
		"note.band":      "阴影：各次重复运行均值的 95% 置信区间。",
	},
}

func (o Options) word(key string) string {
	l := o.Lang
	if l == "" {
		l = English
	}
	if w, ok := words[l][key]; ok {
		return w
	}
	return words[English][key]
}

func (o Options) axis(key string) AxisText {
	return AxisText{Label: o.word(key), Unit: o.word(key + "unit")}
}
