package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/model/stats"
	"github.com/tiaokuai/tiaokuai/viz/chart"
)

// The three rates 三率 of hotline tickets (docs/OUTPUT.md "Outcome keys"),
// key indicators of every report: response (响应率), resolution as the
// citizens rate it (解决率) and satisfaction (满意率), over rated closures;
// beside them what the handling units report solved (recognised
// resolution) and the false closures that make the gap.
var (
	ResponseRate = KPI{Key: "tickets.overall.response_rate",
		Short: tr("response rate (%)", "响应率（%）"),
		Name:  tr("response rate (响应率)", "响应率"),
		Unit:  uPct, DiffUnit: uPP, Scale: 100, Better: +1, Digits: 1}
	ResolutionRate = KPI{Key: "tickets.overall.resolution_rate",
		Short: tr("resolution rate, citizen-rated (%)", "解决率（%）"),
		Name:  tr("resolution rate as citizens rate it (解决率)", "解决率（群众评价）"),
		Unit:  uPct, DiffUnit: uPP, Scale: 100, Better: +1, Digits: 1}
	SatisfactionRate = KPI{Key: "tickets.overall.satisfaction_rate",
		Short: tr("satisfaction rate (%)", "满意率（%）"),
		Name:  tr("satisfaction rate (满意率)", "满意率"),
		Unit:  uPct, DiffUnit: uPP, Scale: 100, Better: +1, Digits: 1}
	RecognisedRate = KPI{Key: "tickets.overall.recognised_resolution_rate",
		Short: tr("resolved as units report (%)", "单位上报解决率（%）"),
		Name:  tr("resolution rate the handling units report (solved plus false closures)", "承办单位上报的解决率（实际解决加虚假办结）"),
		Unit:  uPct, DiffUnit: uPP, Scale: 100, Better: +1, Digits: 1}
	FalseClosureShare = KPI{Key: "tickets.overall.false_closure_share",
		Short: tr("false closures (%)", "虚假办结（%）"),
		Name:  tr("share of false closures (reported solved, not solved)", "虚假办结占比（上报已解决而实际未解决）"),
		Unit:  uPct, DiffUnit: uPP, Scale: 100, Better: -1, Digits: 1}
)

// HasRates says whether some scenario of the study has rated hotline
// closures, and so the three rates.
func (s *Study) HasRates() bool { return s.present(ResolutionRate.Key) }

// RateKPIs are the three rates, in their customary order.
var RateKPIs = []KPI{ResponseRate, ResolutionRate, SatisfactionRate}

// isRate says whether a KPI is one of the rates or the reported-resolution
// gap, which the findings treat in sentences of their own.
func isRate(key string) bool {
	switch key {
	case ResponseRate.Key, ResolutionRate.Key, SatisfactionRate.Key, RecognisedRate.Key, FalseClosureShare.Key:
		return true
	}
	return false
}

// showGap says whether the study shows the reported resolution and the
// false closures: only where some run has false closures, since otherwise
// units report just what is solved.
func (s *Study) showGap() bool { return s.present(FalseClosureShare.Key) }

// rateClause is one rate's part of RatesSentence: "the response rate
// (…) rises from 30.3% to 42.5% (+12.2 percentage points, 95% CI +10.1 to
// +14.3)", claiming only what the CI supports.
func rateClause(lang Lang, k KPI, d Diff, level float64) string {
	zh := lang == Chinese
	name := k.Name[lang]
	if !stats.Finite(d.Est) {
		if zh {
			return name + "无法比较（至少一方没有回访评价的办结）"
		}
		return "the " + name + " cannot be compared (no rated closure in at least one of them)"
	}
	vb, vr, de := k.Display(d.Base), k.Display(d.Reform), k.Display(d.Est)
	dg := digitsFor(k.Digits, vb, vr)
	b, r := withUnit(Num(vb, dg), "%", lang), withUnit(Num(vr, dg), "%", lang)
	ddg := digitsFor(k.Digits, de)
	if d.HasCI {
		ddg = max(ddg, ciDigits(k.Digits, k.Display(d.Lo), k.Display(d.Hi)))
	}
	diff := Signed(de, ddg)
	switch {
	case !d.HasCI:
		if zh {
			return fmt.Sprintf("%s从 %s 到 %s（%s 个百分点；单次运行，没有置信区间，可能出于偶然）", name, b, r, diff)
		}
		return fmt.Sprintf("the %s goes from %s to %s (%s percentage points; single runs, no CI: this may be chance)", name, b, r, diff)
	case d.Lo == d.Hi:
		if zh {
			return fmt.Sprintf("%s从 %s 到 %s（%s 个百分点，每次重复运行都相同）", name, b, r, diff)
		}
		return fmt.Sprintf("the %s goes from %s to %s (%s percentage points in every replication)", name, b, r, diff)
	}
	lo, hi := Signed(k.Display(d.Lo), ddg), Signed(k.Display(d.Hi), ddg)
	switch {
	case !d.Excludes0() && zh:
		return fmt.Sprintf("%s没有可分辨的变化：%s 对 %s（%s 个百分点，%s 置信区间 %s 至 %s，包含零）", name, r, b, diff, pct(level), lo, hi)
	case !d.Excludes0():
		return fmt.Sprintf("the %s shows no distinguishable change: %s against %s (%s percentage points, %s CI %s to %s, which includes zero)", name, r, b, diff, pct(level), lo, hi)
	case zh:
		verb := map[bool]string{true: "升至", false: "降至"}[d.Est > 0]
		return fmt.Sprintf("%s从 %s %s %s（%s 个百分点，%s 置信区间 %s 至 %s）", name, b, verb, r, diff, pct(level), lo, hi)
	}
	verb := map[bool]string{true: "rises", false: "falls"}[d.Est > 0]
	return fmt.Sprintf("the %s %s from %s to %s (%s percentage points, %s CI %s to %s)", name, verb, b, r, diff, pct(level), lo, hi)
}

// RatesSentence says what a reform does to the three rates 三率, each with
// its numbers and how sure: d holds the differences of RateKPIs in order.
func RatesSentence(lang Lang, reform, baseline string, d []Diff, level float64) string {
	var parts []string
	for i, k := range RateKPIs {
		if i < len(d) {
			parts = append(parts, rateClause(lang, k, d[i], level))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	if lang == Chinese {
		return fmt.Sprintf("三率（12345 工单办结后回访评价；响应率即按时响应的比例）：%s对比%s，%s。", reform, baseline, strings.Join(parts, "；"))
	}
	return fmt.Sprintf("The three rates 三率 of hotline tickets (shares of the closures called back and rated; response means contact within the response limit), %s against %s: %s.", reform, baseline, list(parts))
}

// ReportedGapSentence says how far what the units report solved (recognised
// resolution) lies from what the citizens rate solved, and what the reform
// does to the false closures that make the difference: the story behind a
// rising resolution rate.
func ReportedGapSentence(lang Lang, reform, baseline string, recognised, rated, falseClosures Diff, level float64) string {
	if !stats.Finite(recognised.Reform) || !stats.Finite(rated.Reform) || !stats.Finite(falseClosures.Est) {
		return ""
	}
	p := func(v float64) string { return withUnit(Num(100*v, 1), "%", lang) }
	fc := rateClause(lang, FalseClosureShare, falseClosures, level)
	if lang == Chinese {
		return fmt.Sprintf("上报与评价之间的差距：%s的承办单位上报解决 %s 的最终办结（基线 %s），而群众评价的解决率为 %s（基线 %s）；%s。",
			reform, p(recognised.Reform), p(recognised.Base), p(rated.Reform), p(rated.Base), fc)
	}
	return fmt.Sprintf("The gap between what units report and what citizens rate: under %s the handling units report %s of final closures solved (%s under %s) while citizens rate %s resolved (%s under %s); %s.",
		reform, p(recognised.Reform), p(recognised.Base), baseline, p(rated.Reform), p(rated.Base), baseline, fc)
}

// ratesFindings are the findings on the three rates of one reform.
func (s *Study) ratesFindings(lang Lang, base, sc *Scenario) []string {
	if !s.present(ResolutionRate.Key) {
		return nil
	}
	var ds []Diff
	for _, k := range RateKPIs {
		ds = append(ds, s.DiffOf(base, sc, k.Key))
	}
	out := []string{RatesSentence(lang, sc.Label, base.Label, ds, s.Level)}
	if s.showGap() {
		if p := ReportedGapSentence(lang, sc.Label, base.Label, s.DiffOf(base, sc, RecognisedRate.Key), ds[1],
			s.DiffOf(base, sc, FalseClosureShare.Key), s.Level); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// ticketGroups are the outcome breakdowns of tickets (docs/OUTPUT.md):
// list name in the KPI keys and how a report introduces it.
var ticketGroups = []struct {
	list string
	what i18n.Text
}{
	{"by_district", tr("%s, by district", "%s，按区")},
	{"by_literacy_quintile", tr("%s, by the caller's literacy quintile (q1 lowest, q5 highest)", "%s，按来电人文化程度五分位组（q1 最低，q5 最高）")},
	{"by_handler", tr("%s, by the kind of unit that handled the ticket", "%s，按承办单位类型")},
}

// handlerKinds name the kinds of handling unit of tickets.by_handler.
var handlerKinds = map[string]i18n.Text{
	"department": tr("department", "部门"),
	"street":     tr("street", "街道"),
	"community":  tr("community", "社区"),
}

// ticketGroupNames returns the names of a ticket outcome breakdown in the
// baseline, in the order of summary.json (of the KPI names for a sweep).
func (s *Study) ticketGroupNames(list string) []string {
	b := s.Scenarios[0]
	if len(b.Runs) > 0 {
		t := &b.Runs[0].Summary.Tickets
		var gs []string
		for _, g := range map[string][]model.OutcomeGroup{"by_district": t.ByDistrict, "by_literacy_quintile": t.ByQuintile, "by_handler": t.ByHandler}[list] {
			gs = append(gs, g.Name)
		}
		return gs
	}
	prefix := "tickets." + list + "."
	var gs []string
	for k := range b.KPI {
		if strings.HasPrefix(k, prefix) && strings.HasSuffix(k, ".rated_closures") {
			gs = append(gs, strings.TrimSuffix(strings.TrimPrefix(k, prefix), ".rated_closures"))
		}
	}
	slices.Sort(gs)
	return gs
}

// ticketGroup is a rate within a ticket breakdown:
// tickets.by_district.old-town.resolution_rate.
func (k KPI) ticketGroup(list, name string) KPI {
	g := k
	g.Key = "tickets." + list + "." + name + "." + k.Key[strings.LastIndex(k.Key, ".")+1:]
	return g
}

// ratesEquity are the "who gains" sentences of the three rates: each rate
// by district, literacy quintile and handling-unit kind, and the change of
// the lowest literacy quintile against the highest.
func (s *Study) ratesEquity(lang Lang, base, sc *Scenario) []string {
	if !s.present(ResolutionRate.Key) {
		return nil
	}
	var out []string
	for _, k := range RateKPIs {
		for _, g := range ticketGroups {
			var gds []GroupDiff
			for _, n := range s.ticketGroupNames(g.list) {
				label := n
				if t, ok := handlerKinds[n]; ok && g.list == "by_handler" {
					label = t[lang]
				}
				gds = append(gds, GroupDiff{Group: label, Diff: s.DiffOf(base, sc, k.ticketGroup(g.list, n).Key)})
			}
			if p := GroupSentence(lang, fmt.Sprintf(g.what[lang], sc.Label), k, gds); p != "" {
				out = append(out, p)
			}
		}
		q := s.ticketGroupNames("by_literacy_quintile")
		if len(q) >= 2 {
			dd := s.gapDiff(base, sc, k.ticketGroup("by_literacy_quintile", q[0]).Key, k.ticketGroup("by_literacy_quintile", q[len(q)-1]).Key)
			if p := GapSentence(lang, k, dd, s.Level); p != "" {
				out = append(out, sc.Label+tr(": ", "：").In(lang)+p)
			}
		}
	}
	return out
}

// ratesCost prices each rate a reform distinguishably improves: extra cost
// per percentage point.
func (s *Study) ratesCost(lang Lang, base, sc *Scenario) []string {
	if !s.present(ResolutionRate.Key) {
		return nil
	}
	c := s.DiffOf(base, sc, CostKPI)
	var out []string
	for _, k := range RateKPIs {
		if p := CostSentence(lang, sc.Label, k, c, s.DiffOf(base, sc, k.Key), s.Level); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// RatesInputs returns each scenario's three rates (%) with their CIs
// across replications, and the reported (recognised) resolution rate
// where some run has false closures.
func (s *Study) RatesInputs() ([]chart.RateSet, error) {
	if !s.present(ResolutionRate.Key) {
		return nil, fmt.Errorf("report: the rates chart needs hotline tickets: no scenario has %s", ResolutionRate.Key)
	}
	gap := s.showGap()
	var out []chart.RateSet
	for _, sc := range s.Scenarios {
		rs := chart.RateSet{Name: sc.Label, Recognised: chart.Rate{Mean: math.NaN()}}
		conv := func(key string) chart.Rate {
			e := s.EstimateOf(sc, key)
			r := chart.Rate{Mean: 100 * e.Mean, Lo: 100 * e.Lo, Hi: 100 * e.Hi, NoCI: !e.HasCI}
			if r.NoCI {
				r.Lo, r.Hi = r.Mean, r.Mean
			}
			return r
		}
		for i, k := range RateKPIs {
			rs.Rates[i] = conv(k.Key)
		}
		if gap {
			rs.Recognised = conv(RecognisedRate.Key)
		}
		out = append(out, rs)
	}
	return out, nil
}

func (s *Study) ratesChart(o ChartOptions) (*chart.Chart, error) {
	in, err := s.RatesInputs()
	if err != nil {
		return nil, err
	}
	co := o.chartOpts()
	if !s.Replicated() {
		co.Title = words3Single.In(o.Lang)
	}
	return chart.Rates(in, co)
}

var words3Single = tr("The three rates of hotline tickets (三率; single runs: no CIs)", "12345 工单“三率”（单次运行，无置信区间）")

func init() {
	for c, label := range map[string]i18n.Text{
		"response_rate":     tr("response rate", "响应率"),
		"resolution_rate":   tr("resolution rate (citizen-rated)", "解决率"),
		"satisfaction_rate": tr("satisfaction rate", "满意率"),
	} {
		seriesText[c] = axisText{Label: label, Unit: tr("share of the day's rated closures, 7-day mean", "当日回访评价工单中的比例，7 日均值")}
		nonNegative[c] = true
	}
}
