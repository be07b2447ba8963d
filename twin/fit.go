package twin

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
)

// CategoryFit is one category's arrivals.
type CategoryFit struct {
	Name    string
	N       int
	PerDay  float64 // arrivals per day, whole city
	Areas   []AreaRate
	Profile string // profile name in the fragment
	Pooled  bool   // its profile is the pooled one (fewer than min_category_records)
}

// AreaRate is one area's arrivals of a category.
type AreaRate struct {
	Area   string
	N      int
	PerDay float64
}

// CellFit is one (category, agency): a ticket type.
type CellFit struct {
	Category, Agency string
	Ticket           string // ticket type name in the fragment
	Department       string // department name in the fragment
	N                int
	Share            float64 // of the category's records
	PerDay           float64 // the category's rate × Share
	Handled          int     // closed cases with a usable delay
	Censored         int     // open cases, censored at as_of
	Dropped          int     // statuses counted as not handled
	Delay            *DelayFit
	Sample           *Sample // the reservoir (for charts)
	Problem          string  // why the delay is not the type's own fit
	Source           string  // SourceFitted, SourceExtrapolated or SourceDefault
	// BaseType: the mapping's [types] maps the category onto this ticket
	// type of the base, which the fragment overrides (its owner kept).
	BaseType bool
	Profile  string     // the profile of its arrivals
	Areas    []AreaRate // its arrivals by area (per day)
	// Daily counts its arrivals by local day (localDay).
	Daily map[int32]int32
	// Transfers of its records (all zero without a transfers column).
	Transfers Transfers
}

// Profile is an hour-of-day and day-of-week profile: arrivals per hour of
// exposure, normalised to mean 1.
type Profile struct {
	Name     string
	Hours    [24]float64
	Weekdays [7]float64
}

// Result is what Fit found.
type Result struct {
	Records    *Records
	SpanDays   float64 // from the first to the last created time
	Unreliable bool    // SpanDays < the mapping's min_span_days
	AsOf       time.Time
	Categories []CategoryFit
	Cells      []CellFit
	Profiles   []Profile // "fit-all" (pooled) first
	Options    FitOptions
}

// Fit fits rates, profiles and delays from the summary.
func Fit(rs *Records, opt FitOptions) (*Result, error) {
	if rs.Used == 0 {
		why := rs.BadSummary()
		if why != "" {
			why = "; rows not used, by reason:\n" + strings.TrimRight(why, "\n")
		}
		return nil, fmt.Errorf("twin: no usable records in %s (%d rows read)%s", strings.Join(rs.Files, ", "), rs.Rows, why)
	}
	m := rs.Mapping
	opt = opt.withDefaults()
	res := &Result{Records: rs, AsOf: rs.AsOf(), Options: opt}
	start, end := rs.Start, rs.End
	if !rs.from.IsZero() {
		start = rs.from
	}
	if !rs.to.IsZero() {
		end = rs.to
	}
	res.SpanDays = end.Sub(start).Hours() / 24
	if res.SpanDays <= 0 {
		res.SpanDays = 1.0 / 24 // one hour, so rates are finite
	}
	res.Unreliable = res.SpanDays < m.MinSpanDays
	hourExp, dayExp := exposure(start, end)
	names := slices.Sorted(mapsKeys(rs.cats))
	var pooled Profile
	pooled.Name = "fit-all"
	var allH [24]int
	var allD [7]int
	for _, n := range names {
		c := rs.cats[n]
		for h, v := range c.hours {
			allH[h] += v
		}
		for d, v := range c.weekdays {
			allD[d] += v
		}
	}
	pooled.Hours, pooled.Weekdays = normProfile(allH, allD, hourExp, dayExp)
	res.Profiles = append(res.Profiles, pooled)
	used := map[string]bool{}
	for _, n := range names {
		c := rs.cats[n]
		cf := CategoryFit{Name: n, N: c.n, PerDay: float64(c.n) / res.SpanDays, Profile: pooled.Name, Pooled: true}
		if c.n >= m.MinCategoryRecords {
			p := Profile{Name: uniqueName("fit-"+slug(n), used)}
			p.Hours, p.Weekdays = normProfile(c.hours, c.weekdays, hourExp, dayExp)
			res.Profiles = append(res.Profiles, p)
			cf.Profile, cf.Pooled = p.Name, false
		}
		for _, a := range slices.Sorted(mapsKeys(c.areas)) {
			cf.Areas = append(cf.Areas, AreaRate{a, c.areas[a], float64(c.areas[a]) / res.SpanDays})
		}
		res.Categories = append(res.Categories, cf)
	}
	keys := slices.SortedFunc(mapsKeys(rs.cells), func(a, b cellKey) int {
		return cmp.Or(cmp.Compare(a.cat, b.cat), cmp.Compare(a.agency, b.agency))
	})
	tickets := map[string]bool{}
	profOf := map[string]string{}
	areasOf := map[string][]AreaRate{}
	for _, c := range res.Categories {
		profOf[c.Name], areasOf[c.Name] = c.Profile, c.Areas
	}
	scaled := func(as []AreaRate, f float64) []AreaRate {
		out := make([]AreaRate, len(as))
		for i, a := range as {
			out[i] = AreaRate{a.Area, a.N, a.PerDay * f}
		}
		return out
	}
	base := map[string]int{} // base type → index in res.Cells
	for _, k := range keys {
		cl := rs.cells[k]
		cat := rs.cats[k.cat]
		share := float64(cl.n) / float64(cat.n)
		if bt, ok := m.Types[k.cat]; ok {
			// onto a base type: every agency of every category mapped to it
			i, seen := base[bt]
			if !seen {
				i = len(res.Cells)
				base[bt] = i
				tickets[bt] = true
				res.Cells = append(res.Cells, CellFit{Category: k.cat, Agency: k.agency, Ticket: bt, BaseType: true, Profile: profOf[k.cat], Sample: &Sample{}})
			}
			cf := &res.Cells[i]
			if cf.Category != k.cat && !strings.Contains(cf.Category+" + ", k.cat+" + ") {
				cf.Category += " + " + k.cat
				cf.Profile = res.Profiles[0].Name // several categories: the pooled profile
			}
			if cf.Agency != k.agency {
				cf.Agency = "(all)"
			}
			cf.N += cl.n
			cf.Daily = addDaily(cf.Daily, cl.daily)
			cf.Transfers.N += cl.tr.N
			cf.Transfers.Any += cl.tr.Any
			cf.Transfers.Sum += cl.tr.Sum
			cf.Handled += cl.handled
			cf.Censored += cl.censored
			cf.Dropped += cl.dropped
			cf.PerDay += float64(cat.n) / res.SpanDays * share
			cf.Areas = append(cf.Areas, scaled(areasOf[k.cat], share)...)
			smp := rs.sample(cl)
			cf.Sample.X = append(cf.Sample.X, smp.X...)
			cf.Sample.Censored = append(cf.Sample.Censored, smp.Censored...)
			continue
		}
		dept := m.Departments[k.agency]
		if dept == "" {
			dept = slug(k.agency)
			if dept == "street" || dept == "community" || dept == "territorial" {
				dept = "agency-" + dept
			}
		}
		cf := CellFit{Category: k.cat, Agency: k.agency, Department: dept, N: cl.n,
			Share: share, Handled: cl.handled, Censored: cl.censored, Dropped: cl.dropped,
			Ticket: uniqueName(slug(k.cat)+"--"+slug(k.agency), tickets), Profile: profOf[k.cat], Areas: scaled(areasOf[k.cat], share)}
		cf.PerDay = float64(cat.n) / res.SpanDays * cf.Share
		cf.Daily = addDaily(nil, cl.daily)
		cf.Transfers = cl.tr
		cf.Sample = rs.sample(cl)
		res.Cells = append(res.Cells, cf)
	}
	for i := range res.Cells {
		cf := &res.Cells[i]
		if cf.BaseType {
			cf.Share = 1
		}
		if cf.Handled >= opt.MinClosed {
			if d, err := FitDelay(cf.Sample, opt); err == nil {
				cf.Delay, cf.Source = d, d.Source
			}
		}
	}
	res.fitDefaults(opt)
	return res, nil
}

// fitDefaults gives each ticket type with fewer than opt.MinClosed closed
// records the fit of the pooled records of its agency, or of all records
// when the agency has too few too; with fewer than two closed records in
// all, it keeps the base's default work.
func (res *Result) fitDefaults(opt FitOptions) {
	pools := map[string]*DelayFit{}
	pool := func(key string, keep func(*CellFit) bool) *DelayFit {
		if d, ok := pools[key]; ok {
			return d
		}
		s := &Sample{}
		closed := 0
		for i := range res.Cells {
			if c := &res.Cells[i]; keep(c) {
				s.X = append(s.X, c.Sample.X...)
				s.Censored = append(s.Censored, c.Sample.Censored...)
				closed += c.Handled
			}
		}
		var d *DelayFit
		if closed >= opt.MinClosed {
			d, _ = FitDelay(s, opt)
		}
		pools[key] = d
		return d
	}
	for i := range res.Cells {
		c := &res.Cells[i]
		if c.Delay != nil {
			continue
		}
		c.Source = SourceDefault
		if d := pool("agency "+c.Agency, func(o *CellFit) bool { return o.Agency == c.Agency }); d != nil {
			c.Delay, c.Problem = d, fmt.Sprintf("%d closed < %d: pooled over agency %s (%d closed)", c.Handled, opt.MinClosed, c.Agency, d.Closed)
		} else if d := pool("all", func(*CellFit) bool { return true }); d != nil {
			c.Delay, c.Problem = d, fmt.Sprintf("%d closed < %d: pooled over all records (%d closed)", c.Handled, opt.MinClosed, d.Closed)
		} else {
			c.Problem = fmt.Sprintf("%d closed < %d and too few in all records: the base's default work", c.Handled, opt.MinClosed)
		}
	}
}

// Sources counts the ticket types and their arrivals (records) by the
// source of their delay.
func (res *Result) Sources() (types, records map[string]int) {
	types, records = map[string]int{}, map[string]int{}
	for _, c := range res.Cells {
		types[c.Source]++
		records[c.Source] += c.N
	}
	return
}

// exposure counts the hours of each hour of day and the days of each
// weekday covered by [start, end], so partial days and weeks do not bias
// the profiles.
func exposure(start, end time.Time) (h [24]float64, d [7]float64) {
	t := start
	for t.Before(end) {
		next := t.Truncate(time.Hour).Add(time.Hour)
		if next.After(end) {
			next = end
		}
		f := next.Sub(t).Hours()
		h[t.Hour()] += f
		d[(int(t.Weekday())+6)%7] += f / 24
		t = next
	}
	return
}

// normProfile turns counts per hour and weekday into rates per unit of
// exposure, normalised to mean 1 over the hours (weekdays) observed;
// unobserved ones get the mean (1).
func normProfile(hc [24]int, dc [7]int, he [24]float64, de [7]float64) (h [24]float64, d [7]float64) {
	norm := func(c []int, e []float64, out []float64) {
		sum, k := 0.0, 0
		for i := range c {
			if e[i] > 0 {
				out[i] = float64(c[i]) / e[i]
				sum += out[i]
				k++
			}
		}
		mean := sum / float64(max(k, 1))
		for i := range out {
			if e[i] > 0 && mean > 0 {
				out[i] /= mean
			} else {
				out[i] = 1
			}
		}
	}
	norm(hc[:], he[:], h[:])
	norm(dc[:], de[:], d[:])
	// a profile must have a positive sum; all zeros cannot happen with n > 0
	return
}

func mapsKeys[K comparable, V any](m map[K]V) func(func(K) bool) {
	return func(yield func(K) bool) {
		for k := range m {
			if !yield(k) {
				return
			}
		}
	}
}

// slug makes a scenario name: lower case letters, digits and '-'.
func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127 {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
	}
	out := strings.TrimRight(b.String(), "-")
	if out == "" {
		out = "x"
	}
	return out
}

func uniqueName(s string, used map[string]bool) string {
	n := s
	for i := 2; used[n]; i++ {
		n = fmt.Sprintf("%s-%d", s, i)
	}
	used[n] = true
	return n
}

func addDaily(to, from map[int32]int32) map[int32]int32 {
	if to == nil {
		to = map[int32]int32{}
	}
	for d, n := range from {
		to[d] += n
	}
	return to
}

// localDay is the day of t in its own zone (the mapping's), counted from
// 1970-01-01: the days of the weekday profiles.
func localDay(t time.Time) int32 {
	_, off := t.Zone()
	return int32(math.Floor(float64(t.Unix()+int64(off)) / 86400))
}

// DailyDispersion is the quasi-Poisson dispersion of daily arrival counts:
// Pearson's χ² of the counts of the whole local days inside [start, end]
// around their expectation over its degrees of freedom. With at least
// MinWeekdayDays whole days the expectation of a day is the mean of its
// weekday in the window (a weekly cycle adds no variance to a window's
// total: df = days − 7); with fewer, the mean of all days (df = days − 1).
// It is 1 for Poisson arrivals, more for over-dispersed ones; df is 0
// (and phi NaN) without a degree of freedom or without arrivals.
func DailyDispersion(daily map[int32]int32, start, end time.Time) (phi float64, df int) {
	first := localDay(start)
	if _, off := start.Zone(); (start.Unix()+int64(off))%86400 != 0 {
		first++ // start is inside its day
	}
	last := localDay(end) - 1 // the day before end's
	days := int(last) - int(first) + 1
	byWeekday := days >= MinWeekdayDays
	df = days - 1
	if byWeekday {
		df = days - 7
	}
	if df < 1 {
		return math.NaN(), 0
	}
	group := func(d int32) int {
		if byWeekday {
			return int(d) % 7
		}
		return 0
	}
	var sum, n [7]float64
	for d := first; d <= last; d++ {
		sum[group(d)] += float64(daily[d])
		n[group(d)]++
	}
	chi2, total := 0.0, 0.0
	for d := first; d <= last; d++ {
		g := group(d)
		mu := sum[g] / n[g]
		total += float64(daily[d])
		if mu > 0 {
			x := float64(daily[d]) - mu
			chi2 += x * x / mu
		}
	}
	if total <= 0 {
		return math.NaN(), 0
	}
	return chi2 / float64(df), df
}

// MinWeekdayDays is the number of whole days from which DailyDispersion
// takes out each weekday's own level.
const MinWeekdayDays = 14
