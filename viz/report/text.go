package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Num writes a number with the given decimals, a proper minus sign, and
// thousands grouped (12,345.6).
func Num(v float64, digits int) string {
	if !stats.Finite(v) {
		return "–"
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', digits, 64)
	if s == strconv.FormatFloat(0, 'f', digits, 64) {
		return s // no "−0.0"
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if len(intPart) > 4 {
		var b strings.Builder
		for i, r := range intPart {
			if i > 0 && (len(intPart)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(r)
		}
		intPart = b.String()
	}
	if frac != "" {
		intPart += "." + frac
	}
	if v < 0 {
		return "−" + intPart
	}
	return intPart
}

// digitsFor returns the decimals that show every non-zero value of vs
// with at least two significant digits, and never fewer than least (at most
// 6): 0.0571 needs 3, 16.9 needs min.
func digitsFor(least int, vs ...float64) int {
	d := least
	for _, v := range vs {
		if a := math.Abs(v); a > 0 && stats.Finite(a) {
			need := 1 - int(math.Floor(math.Log10(a)))
			d = max(d, need)
		}
	}
	return min(max(0, d), 6)
}

// ciDigits returns the decimals that show two bounds with two
// significant digits each and, when they differ, as different numbers.
func ciDigits(least int, lo, hi float64) int {
	d := digitsFor(least, lo, hi)
	for d < 6 && lo != hi && Num(lo, d) == Num(hi, d) {
		d++
	}
	return d
}

// Signed writes a number with its sign, + or −.
func Signed(v float64, digits int) string {
	s := Num(v, digits)
	if v > 0 && s != Num(0, digits) {
		return "+" + s
	}
	return s
}

// withUnit writes a value and its unit: "12.3 days", "45.0%", "0.123".
func withUnit(v string, unit string, lang Lang) string {
	switch {
	case unit == "":
		return v
	case unit == "%":
		return v + "%"
	case lang == Chinese:
		return v + " " + unit
	}
	return v + " " + unit
}

// fromTo writes "from 9.1 to 3.4 days" (en) or the pair of values (zh).
func fromTo(b, r string, unit string, lang Lang) (string, string) {
	if unit == "%" || lang == Chinese {
		return withUnit(b, unit, lang), withUnit(r, unit, lang)
	}
	return b, withUnit(r, unit, lang)
}

func pct(level float64) string { return strconv.FormatFloat(100*level, 'f', -1, 64) + "%" }

// DiffSentence says what a reform does to a KPI, claiming only what the CI
// supports: a change with its interval when the CI excludes zero, "no
// distinguishable difference" when it spans zero, and, for single runs
// (no CI), the two values with a warning that the difference may be
// chance.
func DiffSentence(lang Lang, reform, baseline string, k KPI, d Diff, level float64) string {
	name, unit, dunit := k.Name[lang], k.Unit[lang], k.DiffUnit[lang]
	if !stats.Finite(d.Est) {
		if lang == Chinese {
			return fmt.Sprintf("%s与%s的%s无法比较：至少一方没有数值。", reform, baseline, name)
		}
		return fmt.Sprintf("The %s of %s cannot be compared with %s: at least one of them has no value.", name, reform, baseline)
	}
	vb, vr := k.Display(d.Base), k.Display(d.Reform)
	dg := digitsFor(k.Digits, vb, vr)
	if d.HasCI && d.Excludes0() {
		dg = max(dg, digitsFor(k.Digits, k.Display(d.Est))) // show the change in the two values
	}
	b, r := Num(vb, dg), Num(vr, dg)
	if !d.HasCI {
		de := k.Display(d.Est)
		diff := Signed(de, digitsFor(k.Digits, de))
		if lang == Chinese {
			return fmt.Sprintf("单次运行中，%s的%s为 %s，%s为 %s：各只运行一次，没有置信区间，这一差异（%s）可能出于偶然。",
				reform, name, withUnit(r, unit, lang), baseline, withUnit(b, unit, lang), withUnit(diff, dunit, lang))
		}
		return fmt.Sprintf("In single runs, the %s was %s for %s against %s for %s; with one run each there is no confidence interval, so the difference (%s) may be chance.",
			name, withUnit(r, unit, lang), reform, withUnit(b, unit, lang), baseline, withUnit(diff, dunit, lang))
	}
	lo, hi := k.Display(d.Lo), k.Display(d.Hi)
	if d.Lo == d.Hi && d.Est == 0 {
		if lang == Chinese {
			return fmt.Sprintf("%s与%s的%s在每次重复运行中都相同（%s）。", reform, baseline, name, withUnit(b, unit, lang))
		}
		return fmt.Sprintf("%s and %s have the same %s in every replication (%s).", reform, baseline, name, withUnit(b, unit, lang))
	}
	cdg := ciDigits(k.Digits, lo, hi)
	if !d.Excludes0() {
		span := Signed(lo, cdg) + i18n.T(" to ", " 至 ").In(lang) + Signed(hi, cdg)
		if lang == Chinese {
			return fmt.Sprintf("%s与%s的%s没有可分辨的差异：%s 对 %s（差值的 %s 置信区间为 %s，包含零）。",
				reform, baseline, name, withUnit(r, unit, lang), withUnit(b, unit, lang), pct(level), withUnit(span, dunit, lang))
		}
		return fmt.Sprintf("There is no distinguishable difference in the %s between %s and %s: %s against %s (%s CI of the difference %s, which includes zero).",
			name, reform, baseline, withUnit(r, unit, lang), withUnit(b, unit, lang), pct(level), withUnit(span, dunit, lang))
	}
	x, y := math.Min(math.Abs(lo), math.Abs(hi)), math.Max(math.Abs(lo), math.Abs(hi))
	bs, rs := fromTo(b, r, unit, lang)
	down := d.Est < 0
	same := d.Lo == d.Hi // no variation across replications: no interval to give
	if lang == Chinese {
		verb, by := "升至", "增加"
		if down {
			verb, by = "降至", "减少"
		}
		if same {
			return fmt.Sprintf("%s使%s从 %s%s %s（每次重复运行的差值都相同）。", reform, name, bs, verb, rs)
		}
		return fmt.Sprintf("%s使%s从 %s%s %s（%s 置信区间：%s %s 至 %s）。",
			reform, name, bs, verb, rs, pct(level), by, Num(x, cdg), withUnit(Num(y, cdg), dunit, lang))
	}
	verb, more := "raises", "more"
	if !k.Countable {
		more = "higher"
	}
	if down {
		verb, more = "cuts", "fewer"
		if !k.Countable {
			more = "lower"
		}
	}
	if same {
		return fmt.Sprintf("%s %s the %s from %s to %s (the same difference in every replication).", reform, verb, name, bs, rs)
	}
	ci := Num(x, cdg) + " to " + withUnit(Num(y, cdg), dunit, lang) + " " + more
	return fmt.Sprintf("%s %s the %s from %s to %s (%s CI %s).", reform, verb, name, bs, rs, pct(level), ci)
}

// SingleRunItem is one KPI of SingleRunsSentence: "the visits per matter:
// 3.08 against 3.46 visits (−0.39 visits)".
func SingleRunItem(lang Lang, k KPI, d Diff) string {
	vb, vr := k.Display(d.Base), k.Display(d.Reform)
	dg := digitsFor(k.Digits, vb, vr)
	de := k.Display(d.Est)
	r, b := fromTo(Num(vr, dg), Num(vb, dg), k.Unit[lang], lang)
	diff := withUnit(Signed(de, digitsFor(k.Digits, de)), k.DiffUnit[lang], lang)
	if lang == Chinese {
		return fmt.Sprintf("%s %s 对 %s（%s）", k.Name[lang], r, b, diff)
	}
	return fmt.Sprintf("the %s: %s against %s (%s)", k.Name[lang], r, b, diff)
}

// SingleRunsSentence lists the differences of single runs, which have no
// confidence intervals.
func SingleRunsSentence(lang Lang, reform, baseline string, items []string) string {
	if len(items) == 0 {
		return ""
	}
	if lang == Chinese {
		return fmt.Sprintf("%s对比%s的其他指标（单次运行，没有置信区间，差异可能出于偶然）：%s。", reform, baseline, strings.Join(items, "；"))
	}
	return fmt.Sprintf("Other indicators of %s against %s (single runs: no confidence intervals, the differences may be chance): %s.", reform, baseline, strings.Join(items, "; "))
}

// NoDiffSentence sums up the KPIs on which a reform makes no
// distinguishable difference.
func NoDiffSentence(lang Lang, reform string, names []string) string {
	if len(names) == 0 {
		return ""
	}
	if lang == Chinese {
		return fmt.Sprintf("%s对%s没有可分辨的影响（各差值的置信区间均包含零，数值见下表）。", reform, strings.Join(names, "、"))
	}
	the := make([]string, len(names))
	for i, n := range names {
		the[i] = "the " + n
	}
	return fmt.Sprintf("%s makes no distinguishable difference to %s (each difference's confidence interval includes zero; the numbers are in the table below).", reform, list(the))
}

// gain is how much better a difference is, in the KPI's good direction.
func gain(k KPI, d float64) float64 {
	if k.Better < 0 {
		return -d
	}
	return d
}

// GroupDiff is one group's difference.
type GroupDiff struct {
	Group string
	Diff
}

// GroupSentence sorts the groups of a breakdown (districts, literacy
// quintiles) into those distinguishably better off, those distinguishably
// worse off and those with no distinguishable change, naming each change;
// without CIs it lists the changes and says they may be chance.
func GroupSentence(lang Lang, what string, k KPI, gs []GroupDiff) string {
	dg := k.Digits
	var better, worse, unclear, all []string
	for _, g := range gs {
		if !stats.Finite(g.Est) {
			continue
		}
		item := g.Group
		val := withUnit(Signed(k.Display(g.Est), digitsFor(dg, k.Display(g.Est))), k.DiffUnit[lang], lang)
		all = append(all, item+" "+val)
		switch {
		case !g.HasCI:
		case !g.Excludes0():
			unclear = append(unclear, item)
		case gain(k, g.Est) > 0:
			better = append(better, fmt.Sprintf(i18n.T("%s (%s)", "%s（%s）").In(lang), item, val))
		default:
			worse = append(worse, fmt.Sprintf(i18n.T("%s (%s)", "%s（%s）").In(lang), item, val))
		}
	}
	if len(all) == 0 {
		return ""
	}
	name := k.Name[lang]
	if lang == Chinese {
		if len(better)+len(worse)+len(unclear) == 0 {
			return fmt.Sprintf("%s，%s的变化：%s（单次运行，没有置信区间，差异可能出于偶然）。", what, name, strings.Join(all, "，"))
		}
		var parts []string
		if len(better) > 0 {
			parts = append(parts, "可分辨地改善的有"+strings.Join(better, "、"))
		}
		if len(worse) > 0 {
			parts = append(parts, "可分辨地变差的有"+strings.Join(worse, "、"))
		}
		if len(unclear) > 0 {
			parts = append(parts, "变化与零无法区分的有"+strings.Join(unclear, "、"))
		}
		return fmt.Sprintf("%s，%s：%s。", what, name, strings.Join(parts, "；"))
	}
	if len(better)+len(worse)+len(unclear) == 0 {
		return fmt.Sprintf("%s, the change in the %s: %s (single runs: no confidence intervals, the differences may be chance).", what, name, strings.Join(all, ", "))
	}
	var parts []string
	if len(better) > 0 {
		parts = append(parts, "distinguishably better in "+list(better))
	}
	if len(worse) > 0 {
		parts = append(parts, "distinguishably worse in "+list(worse))
	}
	if len(unclear) > 0 {
		parts = append(parts, "not distinguishable from zero in "+list(unclear))
	}
	return fmt.Sprintf("%s, the change in the %s is %s.", what, name, strings.Join(parts, "; "))
}

func list(xs []string) string {
	switch len(xs) {
	case 0:
		return ""
	case 1:
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " and " + xs[len(xs)-1]
}

// GapSentence compares the change for the lowest literacy quintile with
// that for the highest: dd is (reform − baseline) for q1 minus (reform −
// baseline) for q5, with its CI.
func GapSentence(lang Lang, k KPI, dd Diff, level float64) string {
	if !stats.Finite(dd.Est) {
		return ""
	}
	dg := digitsFor(k.Digits, k.Display(dd.Est))
	if dd.HasCI {
		dg = max(dg, ciDigits(k.Digits, k.Display(dd.Lo), k.Display(dd.Hi)))
	}
	g := gain(k, dd.Est) // > 0: q1 gains more than q5
	val := withUnit(Signed(k.Display(dd.Est), dg), k.DiffUnit[lang], lang)
	name := k.Name[lang]
	if !dd.HasCI {
		if lang == Chinese {
			return fmt.Sprintf("就%s而言，最低文化程度五分位组（q1）与最高组（q5）的变化之差为 %s（单次运行，没有置信区间，无法判断谁被落下）。", name, val)
		}
		return fmt.Sprintf("on the %s, the change for the lowest literacy quintile (q1) differs from that for the highest (q5) by %s (single runs: no confidence interval, so who is left behind cannot be told).", name, val)
	}
	span := Signed(k.Display(dd.Lo), dg) + i18n.T(" to ", " 至 ").In(lang) + withUnit(Signed(k.Display(dd.Hi), dg), k.DiffUnit[lang], lang)
	switch {
	case !dd.Excludes0():
		if lang == Chinese {
			return fmt.Sprintf("就%s而言，最低文化程度五分位组（q1）与最高组（q5）的变化没有可分辨的差别（差值 %s，%s 置信区间 %s）。", name, val, pct(level), span)
		}
		return fmt.Sprintf("on the %s, the change for the lowest literacy quintile (q1) is not distinguishable from that for the highest (q5) (difference %s, %s CI %s).", name, val, pct(level), span)
	case g > 0:
		if lang == Chinese {
			return fmt.Sprintf("就%s而言，最低文化程度五分位组（q1）比最高组（q5）获益更多（差值 %s，%s 置信区间 %s）。", name, val, pct(level), span)
		}
		return fmt.Sprintf("on the %s, the lowest literacy quintile (q1) gains more than the highest (q5) (difference %s, %s CI %s).", name, val, pct(level), span)
	}
	if lang == Chinese {
		return fmt.Sprintf("就%s而言，最低文化程度五分位组（q1）获益少于最高组（q5），被落在后面（差值 %s，%s 置信区间 %s）。", name, val, pct(level), span)
	}
	return fmt.Sprintf("on the %s, the lowest literacy quintile (q1) gains less than the highest (q5): it is left behind (difference %s, %s CI %s).", name, val, pct(level), span)
}

// CostSentence prices a reform's improvement of the headline KPI: a cost
// per unit of improvement only when the improvement's CI excludes zero.
func CostSentence(lang Lang, reform string, k KPI, cost, effect Diff, level float64) string {
	if !stats.Finite(cost.Est) || !stats.Finite(effect.Est) {
		return ""
	}
	zh := lang == Chinese
	c := withUnit(Num(math.Abs(cost.Est), 0), uCost[lang], lang)
	var costs string
	switch {
	case cost.Est == 0 && zh:
		costs = reform + "的成本与基线相同"
	case cost.Est == 0:
		costs = reform + " costs the same as the baseline"
	case zh:
		costs = fmt.Sprintf("%s的成本比基线%s %s", reform, map[bool]string{true: "多", false: "少"}[cost.Est > 0], c)
	default:
		costs = fmt.Sprintf("%s costs %s %s than the baseline", reform, c, map[bool]string{true: "more", false: "less"}[cost.Est > 0])
	}
	name := k.Name[lang]
	dunit := k.DiffUnit[lang]
	g := gain(k, effect.Est)
	de := k.Display(effect.Est)
	switch {
	case !effect.HasCI:
		ch := withUnit(Signed(de, digitsFor(k.Digits, de)), dunit, lang)
		if zh {
			return fmt.Sprintf("%s，%s变化 %s（单次运行，没有置信区间，无法判断成本效益）。", costs, name, ch)
		}
		return fmt.Sprintf("%s and changes the %s by %s (single runs: no confidence interval, so cost-effectiveness cannot be judged).", costs, name, ch)
	case !effect.Excludes0():
		if zh {
			return fmt.Sprintf("%s，但对%s的影响与零无法区分，因此无法给出单位改善成本。", costs, name)
		}
		return fmt.Sprintf("%s, but its effect on the %s is not distinguishable from zero, so no cost per unit of improvement can be given.", costs, name)
	case g < 0:
		if zh {
			return fmt.Sprintf("%s，而%s可分辨地变差了。", costs, name)
		}
		return fmt.Sprintf("%s and makes the %s distinguishably worse.", costs, name)
	case cost.Est <= 0:
		if zh {
			return fmt.Sprintf("%s，并可分辨地改善了%s：改善无需新增成本。", costs, name)
		}
		return fmt.Sprintf("%s and distinguishably improves the %s: the improvement costs nothing extra.", costs, name)
	}
	lo, hi := gain(k, k.Display(effect.Lo)), gain(k, k.Display(effect.Hi))
	lo, hi = math.Min(lo, hi), math.Max(lo, hi)
	mid := math.Abs(de)
	per := func(x float64) string { return Num(math.Abs(cost.Est)/x, 0) }
	if zh {
		return fmt.Sprintf("%s，使%s改善 %s：每改善 1 %s 约需 %s 成本单位（按改善幅度的 %s 置信区间为 %s 至 %s）。",
			costs, name, withUnit(Num(mid, digitsFor(k.Digits, mid)), dunit, lang), strings.TrimSpace(dunit), per(mid), pct(level), per(hi), per(lo))
	}
	return fmt.Sprintf("%s and improves the %s by %s: about %s cost units per %s (%s to %s over the %s CI of the improvement).",
		costs, name, withUnit(Num(mid, digitsFor(k.Digits, mid)), dunit, lang), per(mid), singular(dunit), per(hi), per(lo), pct(level))
}

func singular(u string) string {
	switch u {
	case "days":
		return "day"
	case "visits":
		return "visit"
	case "percentage points":
		return "percentage point"
	case "":
		return "unit"
	}
	return u
}

// DominanceSentence says that package q beats package p on cost and the
// headline KPI, claiming only what the CI of their difference supports:
// dq is q − p on the KPI. It returns "" when nothing can be claimed.
func DominanceSentence(lang Lang, p, q string, costP, costQ float64, k KPI, dq Diff, level float64) string {
	if !(costQ <= costP) || !stats.Finite(dq.Est) {
		return ""
	}
	zh := lang == Chinese
	name := k.Name[lang]
	better := gain(k, dq.Est)
	switch {
	case !dq.HasCI:
		if better < 0 || costQ == costP && better == 0 {
			return ""
		}
		if zh {
			return fmt.Sprintf("在这些单次运行中，%s的成本不高于%s，%s也不差于后者（没有置信区间，可能出于偶然）。", q, p, name)
		}
		return fmt.Sprintf("In these single runs, %s costs no more than %s and does at least as well on the %s (no confidence interval: this may be chance).", q, p, name)
	case dq.Excludes0() && better > 0:
		if zh {
			return fmt.Sprintf("%s被%s占优：后者成本不更高，且%s可分辨地更好（%s 置信区间不含零）。", p, q, name, pct(level))
		}
		return fmt.Sprintf("%s is dominated by %s, which costs no more and does distinguishably better on the %s (the %s CI of the difference excludes zero).", p, q, name, pct(level))
	case !dq.Excludes0() && costQ < costP:
		if zh {
			return fmt.Sprintf("%s的成本低于%s，而两者在%s上没有可分辨的差异。", q, p, name)
		}
		return fmt.Sprintf("%s costs less than %s with no distinguishable difference in the %s.", q, p, name)
	}
	return ""
}
