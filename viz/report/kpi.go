package report

import (
	"math"
	"slices"
	"strings"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Lang is the language of a report: i18n.Lang, named here for callers of
// this package.
type Lang = i18n.Lang

// The languages.
const (
	English = i18n.English
	Chinese = i18n.Chinese // Simplified Chinese
)

// KPI describes how the report speaks of one KPI column.
type KPI struct {
	Key string // the dotted name (scenarios/EXPERIMENTS.md)
	// Name is what the KPI is, for a sentence ("the 90th-percentile time to
	// finish a matter"); Unit its unit after a number ("days"); DiffUnit the
	// unit of a difference ("days", "percentage points").
	Name, Unit, DiffUnit i18n.Text
	Short                i18n.Text // for table rows and chart labels
	Scale                float64   // display = value × Scale (shares as %)
	Better               int       // −1: lower is better, +1: higher is better
	Countable            bool      // "fewer"/"more" rather than "lower"/"higher"
	Digits               int       // decimals shown
}

var tr = i18n.T

// Display converts a value to the unit shown.
func (k KPI) Display(v float64) float64 {
	if k.Scale == 0 {
		return v
	}
	return v * k.Scale
}

var (
	uDays   = tr("days", "天")
	uVisits = tr("visits", "次")
	uPct    = tr("%", "%")
	uPP     = tr("percentage points", "个百分点")
	uHours  = tr("h a week", "小时/周")
	uNone   = tr("", "")
	uCost   = tr("cost units", "成本单位")
	uTicket = tr("tickets", "件")
)

// KPIs are the KPIs a report tabulates, in order. Those a study lacks, or
// that are 0 everywhere (tickets in a town without a hotline), are left
// out.
var KPIs = []KPI{
	{Key: "matters.overall.latency_p90_days", Short: tr("p90 time to finish (days)", "办结时间 p90（天）"), Name: tr("90th-percentile time to finish a matter", "事项办结时间的第 90 百分位数"), Unit: uDays, DiffUnit: uDays, Better: -1, Countable: true, Digits: 1},
	{Key: "matters.overall.latency_mean_days", Short: tr("mean time to finish (days)", "平均办结时间（天）"), Name: tr("mean time to finish a matter", "事项平均办结时间"), Unit: uDays, DiffUnit: uDays, Better: -1, Countable: true, Digits: 1},
	{Key: "matters.overall.visits_mean", Short: tr("visits per matter", "每件事项跑动次数"), Name: tr("visits per matter", "每件事项的平均跑动次数"), Unit: uVisits, DiffUnit: uVisits, Better: -1, Countable: true, Digits: 2},
	{Key: "matters.overall.max_one_visit_share", Short: tr("at most one visit (%)", "最多跑一次（%）"), Name: tr("share of matters done with at most one visit", "最多跑一次的事项占比"), Unit: uPct, DiffUnit: uPP, Scale: 100, Better: +1, Digits: 1},
	{Key: "matters.overall.on_time_share", Short: tr("on time (%)", "按时办结（%）"), Name: tr("share of matters finished on time", "按时办结率"), Unit: uPct, DiffUnit: uPP, Scale: 100, Better: +1, Digits: 1},
	{Key: "matters.overall.online_share", Short: tr("online (%)", "网上办理（%）"), Name: tr("share of matters handled online", "网上办理占比"), Unit: uPct, DiffUnit: uPP, Scale: 100, Better: +1, Digits: 1},
	ResponseRate, ResolutionRate, SatisfactionRate, RecognisedRate, FalseClosureShare,
	{Key: "tickets.overall.resolution_p90_days", Short: tr("p90 ticket resolution (days)", "工单解决 p90（天）"), Name: tr("90th-percentile time to resolve a hotline ticket", "12345 工单解决时间的第 90 百分位数"), Unit: uDays, DiffUnit: uDays, Better: -1, Countable: true, Digits: 2},
	{Key: "tickets.overall.bounces_mean", Short: tr("bounces per ticket", "每件工单退回次数"), Name: tr("bounces per ticket", "每件工单被退回的次数"), Unit: uNone, DiffUnit: uNone, Better: -1, Digits: 2},
	{Key: "tickets.in_flight_mean", Short: tr("tickets in flight", "在途工单（件）"), Name: tr("tickets in flight (dispatched, not yet accepted)", "在途工单（已派发未接收）"), Unit: uTicket, DiffUnit: uTicket, Better: -1, Countable: true, Digits: 0},
	{Key: "grassroots.street_distribution.mean", Short: tr("street work per worker (h/week)", "街道人均工作量（小时/周）"), Name: tr("street workload per worker", "街道人均工作量"), Unit: uHours, DiffUnit: uHours, Better: -1, Digits: 1},
	{Key: "grassroots.street_distribution.gini", Short: tr("Gini of street workload", "街道工作量基尼系数"), Name: tr("inequality of street workload (Gini)", "街道工作量不均衡程度（基尼系数）"), Unit: uNone, DiffUnit: uNone, Better: -1, Digits: 3},
	{Key: "grassroots.community_distribution.mean", Short: tr("community work per worker (h/week)", "社区人均工作量（小时/周）"), Name: tr("community workload per worker", "社区人均工作量"), Unit: uHours, DiffUnit: uHours, Better: -1, Digits: 1},
	{Key: "cost.total", Short: tr("cost (cost units)", "成本（成本单位）"), Name: tr("cost", "成本"), Unit: uCost, DiffUnit: uCost, Better: -1, Digits: 0},
}

// Headline is the KPI the report leads with, prices reforms by and breaks
// down by district and literacy quintile.
var Headline = KPIs[0]

// CostKPI is the KPI whose difference is a reform's cost.
const CostKPI = "cost.total"

// GroupKPIs are broken down by district and literacy quintile.
var GroupKPIs = []KPI{KPIs[0], KPIs[2]}

// kpiFor returns the KPI description of a key, or a plain one named by
// the key itself.
func kpiFor(key string) KPI {
	for _, k := range KPIs {
		if k.Key == key {
			return k
		}
	}
	name := key[strings.LastIndex(key, ".")+1:]
	for _, k := range KPIs { // the same field of a group: by_type.birth.latency_p90_days
		if strings.HasSuffix(k.Key, "."+name) && strings.HasPrefix(k.Key, "matters.overall.") && strings.HasPrefix(key, "matters.") {
			g := k
			g.Key = key
			grp := strings.TrimSuffix(strings.TrimPrefix(key, "matters."), "."+name)
			g.Name = tr(k.Name[English]+" ("+grp+")", k.Name[Chinese]+"（"+grp+"）")
			return g
		}
	}
	return KPI{Key: key, Name: tr(name, name), Short: tr(key, key), Unit: uNone, DiffUnit: uNone, Digits: 2}
}

// group returns the key of a KPI within a group, e.g. the p90 latency of
// the district old-town: matters.by_district.old-town.latency_p90_days.
func (k KPI) group(list, name string) KPI {
	g := k
	field := k.Key[strings.LastIndex(k.Key, ".")+1:]
	g.Key = "matters." + list + "." + name + "." + field
	return g
}

// present says whether a study has the KPI with some non-zero value.
func (s *Study) present(key string) bool {
	any := false
	for _, sc := range s.Scenarios {
		for _, v := range sc.KPI[key] {
			if stats.Finite(v) && v != 0 {
				any = true
			}
		}
		if e, ok := sc.Summary[key]; ok && stats.Finite(e.Mean) && e.Mean != 0 {
			any = true
		}
	}
	return any
}

// groupNames returns the names of a group list (by_district, …) in the
// baseline, in the order of summary.json.
func (s *Study) groupNames(list string) []string {
	if len(s.Scenarios) == 0 {
		return nil
	}
	b := s.Scenarios[0]
	if len(b.Runs) > 0 {
		m := &b.Runs[0].Summary.Matters
		var gs []string
		switch list {
		case "by_district":
			for _, g := range m.ByDistrict {
				gs = append(gs, g.Name)
			}
		case "by_literacy_quintile":
			for _, g := range m.ByQuintile {
				gs = append(gs, g.Name)
			}
		}
		return gs
	}
	// a sweep: from the KPI names
	prefix := "matters." + list + "."
	var gs []string
	for k := range b.KPI {
		if strings.HasPrefix(k, prefix) && strings.HasSuffix(k, ".arrived") {
			gs = append(gs, strings.TrimSuffix(strings.TrimPrefix(k, prefix), ".arrived"))
		}
	}
	slices.Sort(gs)
	return gs
}

func round(x float64, digits int) float64 {
	p := math.Pow(10, float64(digits))
	return math.Round(x*p) / p
}
