package twin

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// FragmentOptions says what of the base the fragment replaces.
type FragmentOptions struct {
	// BaseTickets are the base's ticket types: the fragment removes them,
	// so the twin's tickets are the data's only.
	BaseTickets []string
	// BaseDistricts and Population are the base's districts and residents.
	// When the records have areas and BaseDistricts is not empty, the
	// fragment replaces the base's city by one district per area (at most
	// MaxAreas; the rest pooled) holding Population residents in
	// proportion to the area's records, and gives every ticket type its
	// per-area rates ([[ticket.area]]).
	BaseDistricts []string
	Population    int
}

// MaxAreas is the most areas that become districts; smaller ones are
// pooled into one district, "other-areas".
const MaxAreas = 50

// DrainQuantile is the quantile of every fitted delay the fragment's
// drain covers.
const DrainQuantile = 0.99

// WriteFragment writes the fitted scenario fragment. It extends the
// mapping's base and makes it a working twin of the data:
//
//   - the base's ticket types are removed (opt.BaseTickets) and one ticket
//     type per (category, agency) added, arriving at the fitted rate and
//     profile off the hotline (hotline_share 0, so the hotline does not
//     close them at intake), unambiguous and needing no enforcement;
//   - each goes to the department the data names: one per agency not
//     mapped to a department of the base (city level, open 24/7, unlimited
//     handlers), whose work is the fitted created→closed delay; mapped
//     base departments get unlimited handlers too, so no unit queues by
//     construction;
//   - triage is exact and dispatch, review and the grid report take no
//     time (the data's delay already holds them) — unless the records
//     count transfers (columns.transfers): then each type with transfers
//     routes as its records did (triage_accuracy = the share never
//     transferred, retriage_accuracy = transferred records per transfer,
//     misroutes to the other departments, which return them), with no
//     bounce limit, and review takes the mapping's transfer_time (whose
//     (k + 1) × mean the fit took off each delay);
//   - the drain covers every fitted delay's 99th percentile.
//
// ElsewhereDept is the department a fragment adds when a type with
// transfers has no other department to be misrouted to.
const ElsewhereDept = "transfer-elsewhere"

func WriteFragment(w io.Writer, res *Result, name string, opt FragmentOptions) error {
	m := res.Records.Mapping
	var b strings.Builder
	fmt.Fprintf(&b, "# Fitted by `sim fit` from %s with mapping %q.\n", strings.Join(res.Records.Files, ", "), m.Name)
	fmt.Fprintf(&b, "# %d records over %.2f days (%s to %s); as_of %s.\n", res.Records.Used, res.SpanDays,
		res.Records.Start.Format("2006-01-02 15:04"), res.Records.End.Format("2006-01-02 15:04"), res.AsOf.Format("2006-01-02 15:04"))
	types, recs := res.Sources()
	fmt.Fprintf(&b, "# Delays: %s.\n", sourceLine(types, recs))
	if res.Unreliable {
		fmt.Fprintf(&b, "# UNRELIABLE: under %g days of data; weekday profiles and rates rest on few days.\n", m.MinSpanDays)
	}
	fmt.Fprintf(&b, "extend = %q\nname = %q\n", m.Base, name)
	areas, district := cityAreas(res, opt)
	var rm []string
	overridden := map[string]bool{}
	for _, c := range res.Cells {
		overridden[c.Ticket] = c.BaseType
	}
	for _, t := range opt.BaseTickets {
		if !overridden[t] {
			rm = append(rm, strconv.Quote("ticket."+t))
		}
	}
	if len(areas) > 0 {
		for _, d := range opt.BaseDistricts {
			rm = append(rm, strconv.Quote("city.district."+d))
		}
	}
	if len(rm) > 0 {
		fmt.Fprintf(&b, "# the base's ticket types (the twin's are the data's)")
		if len(areas) > 0 {
			fmt.Fprintf(&b, " and districts (the twin's are the data's areas)")
		}
		fmt.Fprintf(&b, "\nremove = [%s]\n", strings.Join(rm, ", "))
	}
	drain := 0.0
	for _, c := range res.Cells {
		if c.Delay != nil {
			drain = math.Max(drain, c.Delay.Best().Quantile(DrainQuantile))
		}
	}
	days := math.Max(7, math.Ceil(drain/(24*60)))
	fmt.Fprintf(&b, "\n[run]\ndrain = \"%gd\" # covers every fitted delay's %g%% quantile (%.1f days)\n", days, 100*DrainQuantile, drain/(24*60))
	routed := m.Columns.Transfers != ""
	b.WriteString("\n[platform]\ntriage_accuracy = 1.0 # tickets reach the owner the data names\n")
	if routed {
		review := "0s"
		if m.TransferTime != "" {
			review = m.Transfer.String()
		}
		fmt.Fprintf(&b, "\n[dispatch]\n# each routing step (a dispatch and its review; k + 1 for a case with k transfers) takes the mapping's\n# transfer_time, which the fit took off each delay\ndispatch_time = \"0s\"\nreview_time = %q\n", review)
		b.WriteString("\n[responsibility]\n# transfers as the records have them: no limit, every recipient reviews\nbounce_limit = 0\nfirst_receiver = false\n")
	} else {
		b.WriteString("\n[dispatch]\n# the data's created→closed delay already holds dispatch and review\ndispatch_time = \"0s\"\nreview_time = \"0s\"\n")
	}
	b.WriteString("\n[grassroots]\ngrid_report_work = \"0s\" # the fitted tickets arrive as grid reports (hotline_share 0); reporting costs nothing\n")
	for _, a := range areas {
		fmt.Fprintf(&b, "\n[[city.district]]\nname = %q\nlabel = %q\npopulation = %d # in proportion to its %d records\nstreets = 1\ncommunities_per_street = 1\n", a.name, a.label, a.pop, a.n)
	}
	for _, p := range res.Profiles {
		fmt.Fprintf(&b, "\n[[profile]]\nname = %q\nhours = [%s]\nweekdays = [%s]\n", p.Name, floats(p.Hours[:]), floats(p.Weekdays[:]))
	}
	seen := map[string]bool{}
	var depts []string // the fragment's departments, for plausible lists
	elsewhere := false // a type with transfers has no other department to be misrouted to
	for _, c := range res.Cells {
		if !c.BaseType && !seen[c.Department] {
			seen[c.Department] = true
			depts = append(depts, c.Department)
		}
	}
	for _, c := range res.Cells {
		if !c.BaseType && c.Transfers.Any > 0 && len(depts) < 2 {
			elsewhere = true
		}
	}
	clear(seen)
	if elsewhere {
		fmt.Fprintf(&b, "\n[[department]]\nname = %q\nlabel = \"the wrong owner of a transfer\"\nlevel = \"city\"\ncalendar = \"24/7\"\nhandlers = 1000000 # only reviews and returns misrouted tickets\n", ElsewhereDept)
	}
	for _, c := range res.Cells {
		if c.BaseType || seen[c.Department] {
			continue
		}
		seen[c.Department] = true
		if _, mapped := m.Departments[c.Agency]; mapped {
			fmt.Fprintf(&b, "\n[[department]]\nname = %q\nhandlers = 1000000 # unlimited: the delay is fitted as a whole\n", c.Department)
			continue
		}
		fmt.Fprintf(&b, "\n[[department]]\nname = %q\nlabel = %q\nlevel = \"city\"\ncalendar = \"24/7\"\nhandlers = 1000000 # unlimited: the delay is fitted as a whole\n", c.Department, c.Agency)
	}
	for _, c := range res.Cells {
		if c.BaseType {
			fmt.Fprintf(&b, "\n[[ticket]] # the base's, its owner and routing kept: %s\nname = %q\nrate_per_1000 = 0\nrate = %s # per day; %d records\n", c.Category, c.Ticket, num(c.PerDay), c.N)
			fmt.Fprintf(&b, "profile = %q\nhotline_share = 0\n", c.Profile)
		} else {
			fmt.Fprintf(&b, "\n[[ticket]]\nname = %q\nlabel = %q\nrate = %s # per day; %d records, %.1f%% of the category\n", c.Ticket, c.Category+" ("+c.Agency+")", num(c.PerDay), c.N, 100*c.Share)
			if tr := c.Transfers; tr.Any > 0 {
				// routed as the records: misroutes to the other departments
				pl := []string{strconv.Quote(c.Department)}
				for _, d := range depts {
					if d != c.Department {
						pl = append(pl, strconv.Quote(d))
					}
				}
				if elsewhere {
					pl = append(pl, strconv.Quote(ElsewhereDept))
				}
				fmt.Fprintf(&b, "profile = %q\nhotline_share = 0\nambiguity = 0\nneeds_enforcement = 0\nowner = %q\nplausible = [%s]\n", c.Profile, c.Department, strings.Join(pl, ", "))
				fmt.Fprintf(&b, "# transfers: %d of %d records (%.2f%%) transferred, %.4g transfers per record\ntriage_accuracy = %s\nretriage_accuracy = %s\n",
					tr.Any, tr.N, 100*tr.Share(), tr.Mean(), num(1-tr.Share()), num(float64(tr.Any)/float64(tr.Sum)))
			} else {
				fmt.Fprintf(&b, "profile = %q\nhotline_share = 0\nambiguity = 0\nneeds_enforcement = 0\nowner = %q\nplausible = [%q]\n", c.Profile, c.Department, c.Department)
			}
		}
		if len(areas) > 0 {
			w := map[string]float64{}
			for _, ar := range c.Areas {
				w[district[ar.Area]] += ar.PerDay
			}
			var parts []string
			for _, a := range areas {
				if w[a.name] > 0 {
					parts = append(parts, fmt.Sprintf("{name = %q, weight = %s}", a.name, num(w[a.name])))
				}
			}
			if len(parts) > 0 {
				fmt.Fprintf(&b, "area = [%s] # per day\n", strings.Join(parts, ", "))
			}
		}
		if c.Delay == nil {
			fmt.Fprintf(&b, "# work: %s: %s\n", c.Source, c.Problem)
			continue
		}
		bf := c.Delay.Best()
		note := fmt.Sprintf("%s: %s, KS %.3f over coverage %.3f, n %d (%d closed, %d open)", c.Source, bf.Family, bf.KS, c.Delay.Coverage, c.Delay.N, c.Delay.Closed, c.Delay.Censored)
		if c.Problem != "" {
			note = c.Source + ": " + c.Problem
		}
		fmt.Fprintf(&b, "# work: %s\nwork = %q\n", note, bf.Spec())
		if c.Source != SourceDefault {
			// read back by sim score (ProvenanceOf)
			disp := ""
			if phi, df := DailyDispersion(c.Daily, res.Records.Start, res.Records.End); df > 0 {
				disp = fmt.Sprintf(", dispersion %.4g on %d df", phi, df)
			}
			fmt.Fprintf(&b, "# fit: records %d, days %s, closed %d, ks %.4f, reach %sm%s\n", c.N, num(res.SpanDays), c.Delay.Closed, bf.KS, num(c.Delay.Tail.Start), disp)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

type fitArea struct {
	name, label string
	n, pop      int
}

// cityAreas returns the districts the fragment's city has (none when the
// records have no areas or opt keeps the base's city) and each area's
// district.
func cityAreas(res *Result, opt FragmentOptions) ([]fitArea, map[string]string) {
	if len(opt.BaseDistricts) == 0 {
		return nil, nil
	}
	count := map[string]int{}
	total := 0
	for _, c := range res.Categories {
		for _, a := range c.Areas {
			count[a.Area] += a.N
			total += a.N
		}
	}
	if total == 0 {
		return nil, nil
	}
	names := slices.Sorted(mapsKeys(count))
	slices.SortStableFunc(names, func(a, b string) int { return count[b] - count[a] })
	district := map[string]string{}
	used := map[string]bool{}
	var out []fitArea
	for i, a := range names {
		if i >= MaxAreas {
			district[a] = "other-areas"
			if i == MaxAreas {
				out = append(out, fitArea{name: "other-areas", label: fmt.Sprintf("%d smaller areas", len(names)-MaxAreas)})
			}
			out[len(out)-1].n += count[a]
			continue
		}
		d := uniqueName("area-"+slug(a), used)
		district[a] = d
		out = append(out, fitArea{name: d, label: a, n: count[a]})
	}
	for i := range out {
		out[i].pop = max(1, int(math.Round(float64(opt.Population)*float64(out[i].n)/float64(total))))
	}
	return out, district
}

// sourceLine is "12 types fitted (19,600 records), 2 default (4)".
func sourceLine(types, recs map[string]int) string {
	var parts []string
	for _, s := range []string{SourceFitted, SourceExtrapolated, SourceDefault} {
		if types[s] > 0 {
			plural := "s"
			if types[s] == 1 {
				plural = ""
			}
			parts = append(parts, fmt.Sprintf("%d type%s %s (%d records)", types[s], plural, s, recs[s]))
		}
	}
	return strings.Join(parts, ", ")
}

func floats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = strconv.FormatFloat(x, 'f', 3, 64)
	}
	return strings.Join(s, ", ")
}

// WriteReport writes the fit report in Markdown.
func WriteReport(w io.Writer, res *Result) error {
	rs := res.Records
	var b strings.Builder
	fmt.Fprintf(&b, "# Fit report: %s\n\n", rs.Mapping.Name)
	fmt.Fprintf(&b, "Files: %s.  \n", strings.Join(rs.Files, ", "))
	fmt.Fprintf(&b, "Rows read %d, used as arrivals %d; created %s to %s (%.2f days); as_of %s.\n\n", rs.Rows, rs.Used,
		rs.Start.Format("2006-01-02 15:04"), rs.End.Format("2006-01-02 15:04"), res.SpanDays, res.AsOf.Format("2006-01-02 15:04"))
	if res.Unreliable {
		fmt.Fprintf(&b, "**Unreliable:** under %g days of data. Rates and weekday profiles rest on few days.\n\n", rs.Mapping.MinSpanDays)
	}
	b.WriteString("## Rows not used, by reason\n\n| reason | rows | examples (file:line: value) |\n|---|---:|---|\n")
	any := false
	for r := BadReason(0); r < numBad; r++ {
		if rs.Bad[r] > 0 {
			fmt.Fprintf(&b, "| %s | %d | %s |\n", r, rs.Bad[r], strings.ReplaceAll(strings.Join(rs.Examples[r], "; "), "|", "\\|"))
			any = true
		}
	}
	if !any {
		b.WriteString("| (none) | 0 | |\n")
	}
	if rs.IDsFull {
		fmt.Fprintf(&b, "\nDuplicate ids are detected exactly among the first %d distinct ids only.\n", MaxIDs)
	}
	b.WriteString("\n## Categories\n\n| category | records | per day | areas | profile |\n|---|---:|---:|---:|---|\n")
	for _, c := range res.Categories {
		p := c.Profile
		if c.Pooled {
			p += " (pooled)"
		}
		fmt.Fprintf(&b, "| %s | %d | %.2f | %d | %s |\n", c.Name, c.N, c.PerDay, len(c.Areas), p)
	}
	b.WriteString("\n## Resolution delays per ticket type (category × agency)\n\n")
	types, recs := res.Sources()
	fmt.Fprintf(&b, "Sources: %s.\n\n", sourceLine(types, recs))
	o := res.Options
	fmt.Fprintf(&b, "Durations in hours. A parametric family (exponential, lognormal, gamma by censored maximum likelihood) is used only with at least %d closed records, a Kaplan–Meier curve reaching at least %g of the mass (coverage), parameters that are not absurd (finite, cv ≤ 20, mean ≤ 10× the longest duration seen) and a KS distance to the curve of at most %g; the one with the lowest AIC among those wins. Otherwise the delay is the Kaplan–Meier curve itself (%d equally likely values, each the curve's mean over its 1/%d of probability), continued beyond its reach by an exponential tail with the hazard of the last half of the observed mass: **extrapolated** when that tail holds over %g%% of the mass. KS distances are measured over the coverage only. Types with fewer than %d closed records are **default**: they get the fit of their agency's pooled records (or of all records).\n\n",
		o.MinParametric, o.MinCoverage, o.KSMax, o.Quantiles, o.Quantiles, 100*ExtrapolatedMass, o.MinClosed)
	b.WriteString("| ticket | n | share | closed | open | dropped | source | chosen | mean h | cv | KM mean h | KM p50 h | KM p90 h | coverage | KS exp | KS lognormal | KS gamma | KS chosen | best by AIC | note |\n|---|---:|---:|---:|---:|---:|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|\n")
	for _, c := range res.Cells {
		if c.Delay == nil {
			fmt.Fprintf(&b, "| %s | %d | %.3f | %d | %d | %d | %s | — | | | | | | | | | | | | %s |\n", c.Ticket, c.N, c.Share, c.Handled, c.Censored, c.Dropped, c.Source, c.Problem)
			continue
		}
		cs := c.Delay.Candidates
		bf := c.Delay.Best()
		aic, note := "—", c.Delay.Why
		if c.Delay.BestAIC >= 0 {
			aic = cs[c.Delay.BestAIC].Family
		}
		if c.Problem != "" {
			note = c.Problem
		}
		d := c.Delay
		fmt.Fprintf(&b, "| %s | %d | %.3f | %d | %d | %d | %s | %s | %.2f | %.2f | %.2f | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %.3f | %s | %s |\n", c.Ticket, c.N, c.Share, c.Handled, c.Censored, c.Dropped,
			c.Source, bf.Family, bf.Mean/60, bf.CV, d.Restricted/60, d.Median/60, d.P90/60, d.Coverage, cs[0].KS, cs[1].KS, cs[2].KS, bf.KS, aic, note)
	}
	if m := res.Records.Mapping; m.Columns.Transfers != "" {
		tt := "0s"
		if m.TransferTime != "" {
			tt = m.Transfer.String()
		}
		fmt.Fprintf(&b, "\n## Routing from the transfers column %q\n\nA type with transfers is routed as its records: triage_accuracy = the share never transferred, retriage_accuracy = transferred records per transfer (so the twin's bounces per ticket are the records' transfers per record), misroutes to the other departments. Each routing step (k + 1 for k transfers) takes transfer_time %s, whose (k + 1) × mean was taken off each delay above.\n\n| ticket | records | transferred | share | transfers per record | triage_accuracy | retriage_accuracy |\n|---|---:|---:|---:|---:|---:|---:|\n", m.Columns.Transfers, tt)
		for _, c := range res.Cells {
			tr := c.Transfers
			if tr.N == 0 {
				continue
			}
			if tr.Any == 0 || c.BaseType {
				fmt.Fprintf(&b, "| %s | %d | %d | %.4f | %.4f | — | — |\n", c.Ticket, tr.N, tr.Any, tr.Share(), tr.Mean())
				continue
			}
			fmt.Fprintf(&b, "| %s | %d | %d | %.4f | %.4f | %s | %s |\n", c.Ticket, tr.N, tr.Any, tr.Share(), tr.Mean(), num(1-tr.Share()), num(float64(tr.Any)/float64(tr.Sum)))
		}
	}
	b.WriteString("\n## Arrivals by area (top 10 per category)\n\n")
	for _, c := range res.Categories {
		as := append([]AreaRate(nil), c.Areas...)
		sortAreas(as)
		fmt.Fprintf(&b, "- **%s**:", c.Name)
		for i, a := range as {
			if i == 10 {
				fmt.Fprintf(&b, " … (%d areas)", len(as))
				break
			}
			fmt.Fprintf(&b, " %s %.2f/d;", a.Area, a.PerDay)
		}
		b.WriteString("\n")
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sortAreas(as []AreaRate) {
	for i := 1; i < len(as); i++ {
		for j := i; j > 0 && (as[j].N > as[j-1].N || as[j].N == as[j-1].N && as[j].Area < as[j-1].Area); j-- {
			as[j], as[j-1] = as[j-1], as[j]
		}
	}
}

// WriteCSV writes one row per (ticket type, candidate distribution).
func WriteCSV(w io.Writer, res *Result) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"ticket", "category", "agency", "n", "share", "per_day", "handled", "censored", "dropped", "source", "coverage", "family", "chosen", "mean_min", "cv", "p1", "p2", "loglik", "aic", "ks"})
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
	for _, c := range res.Cells {
		base := []string{c.Ticket, c.Category, c.Agency, strconv.Itoa(c.N), f(c.Share), f(c.PerDay), strconv.Itoa(c.Handled), strconv.Itoa(c.Censored), strconv.Itoa(c.Dropped)}
		if c.Delay == nil {
			cw.Write(append(base, c.Source, "", "", "", "", "", "", "", "", "", ""))
			continue
		}
		for i, d := range c.Delay.Candidates {
			cw.Write(append(append([]string(nil), base...), c.Source, f(c.Delay.Coverage), d.Family, strconv.FormatBool(i == c.Delay.Chosen), f(d.Mean), f(d.CV), f(d.P1), f(d.P2), f(d.LogLik), f(d.AIC), f(d.KS)))
		}
	}
	cw.Flush()
	return cw.Error()
}

// Curve is one line of an observed-vs-fitted chart: the cumulative share
// (%) resolved by each time (hours).
type Curve struct {
	Name string
	X, Y []float64
}

// DelayCurves returns, for the k ticket types with the most records that
// have a fit of their own, the Kaplan–Meier curve and the chosen fit at
// points points up to the 95th percentile.
func DelayCurves(res *Result, k, points int) []Curve {
	cells := make([]*CellFit, 0, len(res.Cells))
	for i := range res.Cells {
		if res.Cells[i].Delay != nil && res.Cells[i].Source != SourceDefault {
			cells = append(cells, &res.Cells[i])
		}
	}
	for i := 1; i < len(cells); i++ {
		for j := i; j > 0 && cells[j].N > cells[j-1].N; j-- {
			cells[j], cells[j-1] = cells[j-1], cells[j]
		}
	}
	var out []Curve
	for _, c := range cells[:min(k, len(cells))] {
		t, F := KaplanMeier(c.Sample)
		i95, _ := slices.BinarySearch(F, 0.95*F[len(F)-1])
		hi := t[min(i95, len(t)-1)]
		p := c.Delay.Best()
		obs := Curve{Name: c.Ticket + " observed"}
		fit := Curve{Name: c.Ticket + " " + p.Family}
		for i := 0; i <= points; i++ {
			x := hi * float64(i) / float64(points)
			j, _ := slices.BinarySearch(t, x+1e-12)
			y := 0.0
			if j > 0 {
				y = F[j-1]
			}
			obs.X, obs.Y = append(obs.X, x/60), append(obs.Y, 100*y)
			fit.X, fit.Y = append(fit.X, x/60), append(fit.Y, 100*p.CDF(x))
		}
		out = append(out, obs, fit)
	}
	return out
}
