package twin

import (
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
)

// WriteFragment writes the fitted scenario fragment: it extends the
// mapping's base, adds a profile per category with enough records (the
// pooled one otherwise), a department per agency not mapped to one of the
// base (city level, open 24/7, unlimited handlers: the fitted delay is the
// whole resolution time), and a ticket type per (category, agency) whose
// work is the fitted delay. Tickets arrive off the hotline (hotline_share
// 0) so the hotline does not close them at intake.
func WriteFragment(w io.Writer, res *Result, name string) error {
	m := res.Records.Mapping
	var b strings.Builder
	fmt.Fprintf(&b, "# Fitted by `sim fit` from %s with mapping %q.\n", strings.Join(res.Records.Files, ", "), m.Name)
	fmt.Fprintf(&b, "# %d records over %.2f days (%s to %s); as_of %s.\n", res.Records.Used, res.SpanDays,
		res.Records.Start.Format("2006-01-02 15:04"), res.Records.End.Format("2006-01-02 15:04"), res.AsOf.Format("2006-01-02 15:04"))
	if res.Unreliable {
		fmt.Fprintf(&b, "# UNRELIABLE: under %g days of data; weekday profiles and rates rest on few days.\n", m.MinSpanDays)
	}
	fmt.Fprintf(&b, "extend = %q\nname = %q\n", m.Base, name)
	for _, p := range res.Profiles {
		fmt.Fprintf(&b, "\n[[profile]]\nname = %q\nhours = [%s]\nweekdays = [%s]\n", p.Name, floats(p.Hours[:]), floats(p.Weekdays[:]))
	}
	seen := map[string]bool{}
	for _, c := range res.Cells {
		if _, mapped := m.Departments[c.Agency]; mapped || seen[c.Department] {
			continue
		}
		seen[c.Department] = true
		fmt.Fprintf(&b, "\n[[department]]\nname = %q\nlabel = %q\nlevel = \"city\"\ncalendar = \"24/7\"\nhandlers = 1000000 # unlimited: the delay is fitted as a whole\n", c.Department, c.Agency)
	}
	prof := map[string]string{}
	for _, c := range res.Categories {
		prof[c.Name] = c.Profile
	}
	for _, c := range res.Cells {
		fmt.Fprintf(&b, "\n[[ticket]]\nname = %q\nlabel = %q\nrate = %s # per day; %d records, %.1f%% of the category\n", c.Ticket, c.Category+" ("+c.Agency+")", num(c.PerDay), c.N, 100*c.Share)
		fmt.Fprintf(&b, "profile = %q\nhotline_share = 0\nowner = %q\nplausible = [%q]\n", prof[c.Category], c.Department, c.Department)
		if c.Delay != nil {
			bf := c.Delay.Best()
			fmt.Fprintf(&b, "work = %q # %s, KS %.3f, n %d (%d censored)\n", bf.Spec(), bf.Family, bf.KS, c.Delay.N, c.Delay.Censored)
		} else {
			fmt.Fprintf(&b, "# work not fitted: %s (the default applies)\n", c.Problem)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
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
	b.WriteString("## Rows not used, by reason\n\n| reason | rows |\n|---|---:|\n")
	any := false
	for r := BadReason(0); r < numBad; r++ {
		if rs.Bad[r] > 0 {
			fmt.Fprintf(&b, "| %s | %d |\n", r, rs.Bad[r])
			any = true
		}
	}
	if !any {
		b.WriteString("| (none) | 0 |\n")
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
	b.WriteString("Durations in hours. AIC picks among the parametric fits; the empirical fallback is used when the best one's KS distance exceeds " + strconv.FormatFloat(res.Options.KSMax, 'g', -1, 64) + ".\n\n")
	b.WriteString("| ticket | n | share | handled | censored | dropped | chosen | mean h | cv | KS exp | KS lognormal | KS gamma | KS chosen | best by AIC | ΔAIC ln−γ |\n|---|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|---:|\n")
	for _, c := range res.Cells {
		if c.Delay == nil {
			fmt.Fprintf(&b, "| %s | %d | %.3f | %d | %d | %d | — (%s) | | | | | | | | |\n", c.Ticket, c.N, c.Share, c.Handled, c.Censored, c.Dropped, c.Problem)
			continue
		}
		cs := c.Delay.Candidates
		bf := c.Delay.Best()
		fmt.Fprintf(&b, "| %s | %d | %.3f | %d | %d | %d | %s | %.2f | %.2f | %.3f | %.3f | %.3f | %.3f | %s | %.0f |\n", c.Ticket, c.N, c.Share, c.Handled, c.Censored, c.Dropped,
			bf.Family, bf.Mean/60, bf.CV, cs[0].KS, cs[1].KS, cs[2].KS, bf.KS, cs[c.Delay.BestAIC].Family, cs[1].AIC-cs[2].AIC)
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
	cw.Write([]string{"ticket", "category", "agency", "n", "share", "per_day", "handled", "censored", "dropped", "family", "chosen", "mean_min", "cv", "p1", "p2", "loglik", "aic", "ks"})
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }
	for _, c := range res.Cells {
		base := []string{c.Ticket, c.Category, c.Agency, strconv.Itoa(c.N), f(c.Share), f(c.PerDay), strconv.Itoa(c.Handled), strconv.Itoa(c.Censored), strconv.Itoa(c.Dropped)}
		if c.Delay == nil {
			cw.Write(append(base, "", "", "", "", "", "", "", "", ""))
			continue
		}
		for i, d := range c.Delay.Candidates {
			cw.Write(append(append([]string(nil), base...), d.Family, strconv.FormatBool(i == c.Delay.Chosen), f(d.Mean), f(d.CV), f(d.P1), f(d.P2), f(d.LogLik), f(d.AIC), f(d.KS)))
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
// have a fit, the Kaplan–Meier curve and the best parametric fit (by AIC)
// at points points up to the 95th percentile.
func DelayCurves(res *Result, k, points int) []Curve {
	cells := make([]*CellFit, 0, len(res.Cells))
	for i := range res.Cells {
		if res.Cells[i].Delay != nil {
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
		p := &c.Delay.Candidates[c.Delay.BestAIC]
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
