package chart

import "github.com/tiaokuai/tiaokuai/i18n"

// words are the charts' own words: titles, default axis texts and legend
// entries. Names of scenarios, districts and parameters come from the
// caller.
var words = map[string]i18n.Text{
	"latency.title":    {"Time to finish a matter", "办结时长分布"},
	"latency.x":        {"time from arrival to completion", "从申请到办结的时间"},
	"latency.xunit":    {"days, log scale", "天，对数刻度"},
	"latency.y":        {"matters finished within that time", "在此时间内办结的事项"},
	"latency.yunit":    {"% of completed", "占已办结的 %"},
	"visits.title":     {"Visits per matter", "每件事项的跑动次数"},
	"visits.y":         {"share of completed matters", "占已办结事项的比例"},
	"visits.yunit":     {"%", "%"},
	"visits.0":         {"0 visits", "0 次"},
	"visits.1":         {"1 visit", "1 次"},
	"visits.2":         {"2 visits", "2 次"},
	"visits.3":         {"3 or more", "3 次及以上"},
	"series.x":         {"simulated day", "模拟日"},
	"series.xunit":     {"days from the first Monday", "自第一个星期一起的天数"},
	"series.mean":      {"mean", "均值"},
	"series.band":      {"95% CI", "95% 置信区间"},
	"map.title":        {"Grassroots workload by street", "各街道基层工作负荷"},
	"map.x":            {"east–west", "东西方向"},
	"map.y":            {"north–south", "南北方向"},
	"map.unit":         {"km", "公里"},
	"map.scale":        {"work per worker", "人均工作量"},
	"map.scaleunit":    {"h per week", "小时/周"},
	"lorenz.title":     {"Inequality of grassroots workload", "基层工作负荷的不均衡"},
	"lorenz.x":         {"units, from least to most loaded", "单位，按负荷从低到高"},
	"lorenz.xunit":     {"cumulative %", "累计 %"},
	"lorenz.y":         {"workload", "工作负荷"},
	"lorenz.yunit":     {"cumulative %", "累计 %"},
	"lorenz.equal":     {"equal shares", "完全均等"},
	"lorenz.gini":      {"Gini", "基尼系数"},
	"forest.title":     {"Reform minus baseline", "改革与基线之差"},
	"forest.sig":       {"CI excludes zero", "置信区间不含零"},
	"forest.nonsig":    {"CI spans zero", "置信区间含零"},
	"forest.noci":      {"single run, no CI", "单次运行，无置信区间"},
	"cost.title":       {"Cost against improvement", "成本与改善"},
	"cost.frontier":    {"efficient packages", "有效方案"},
	"cost.dominated":   {"dominated", "被占优"},
	"sobol.title":      {"Which parameters drive the KPI (Sobol indices)", "哪些参数决定该指标（Sobol 指数）"},
	"sobol.x":          {"Sobol index", "Sobol 指数"},
	"sobol.xunit":      {"share of KPI variance, 0–1", "占指标方差的比例，0–1"},
	"sobol.s1":         {"first order S1", "一阶 S1"},
	"sobol.st":         {"total ST", "总效应 ST"},
	"response.title":   {"Response", "响应"},
	"rates.title":      {"The three rates of hotline tickets", "12345 工单“三率”"},
	"rates.y":          {"share of rated closures", "占回访评价的办结工单"},
	"rates.yunit":      {"%", "%"},
	"rates.0":          {"response rate", "响应率"},
	"rates.1":          {"resolution rate (citizen-rated)", "解决率（群众评价）"},
	"rates.2":          {"satisfaction rate", "满意率"},
	"rates.recognised": {"resolved as units report (recognised)", "承办单位上报的解决率（认定）"},
	"rates.note":       {"Bars: means over replications; whiskers: 95% CIs. Hollow squares: the resolution units report (solved plus false closures), of final closures.", "柱：重复运行均值；须线：95% 置信区间。空心方块：承办单位上报的解决率（实际解决加虚假办结），占最终办结的比例。"},
	"unit.days":        {" d", " 天"},
	"latency.note":     {"Markers: the 50th and 90th percentiles (p50, p90). Between histogram bin edges the curve is drawn straight.", "标记：第 50 和第 90 百分位数（p50、p90）。直方图分箱边界之间以直线连接。"},
	"note.band":        {"Shaded bands: 95% confidence intervals of the mean across replications.", "阴影：各次重复运行均值的 95% 置信区间。"},
}

func (o Options) word(key string) string { return words[key].In(o.Lang) }

func (o Options) axis(key string) AxisText {
	return AxisText{Label: o.word(key), Unit: o.word(key + "unit")}
}
