package main

import (
	"flag"
	"fmt"
	"github.com/tiaokuai/tiaokuai/internal/atomicfile"
	"io"
	"math"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/twin"
)

func cmdRun(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run", stderr, "SCENARIO [--seed N] [--set key=value ...] [--warmup D] [--horizon D] [--out DIR]")
	var sets scenarios.Sets
	fs.Var(&sets, "set", "override a parameter (repeatable), e.g. --set platform.one_window=true")
	seed := fs.String("seed", "", "root seed (default: the scenario's run.seed)")
	warmup := fs.String("warmup", "", "warm-up duration, e.g. 4w (default: the scenario's run.warmup)")
	horizon := fs.String("horizon", "", "observation window, e.g. 52w (default: the scenario's run.horizon)")
	out := fs.String("out", "", "output directory (default out/SCENARIO-sSEED)")
	quiet := fs.Bool("q", false, "print no table")
	cpuprof := fs.String("cpuprofile", "", "write a CPU profile (pprof) to this file")
	events := fs.String("events", "", "write every journey event to this CSV event log")
	eventsOCEL := fs.String("events-ocel", "", "write every journey event to this OCEL 2.0 JSON event log")
	eventsXES := fs.String("events-xes", "", "write the case view (a trace per matter or ticket) to this XES (IEEE 1849) event log")
	cases := fs.String("cases", "", "write one row per case (matter or ticket) to this CSV, for sim fit")
	overwrite := fs.Bool("overwrite", false, "write into an --out that holds a sweep's results")
	maxLive := fs.Int("max-live", 0, maxLiveHelp)
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim run: %v", err)
	}
	if len(pos) != 1 {
		return usageErr("sim run: want one scenario, got %d arguments", len(pos))
	}
	if *warmup != "" {
		sets = append(sets, "run.warmup="+strconv.Quote(*warmup))
	}
	if *horizon != "" {
		sets = append(sets, "run.horizon="+strconv.Quote(*horizon))
	}
	cfg, res, err := scenarios.Load(pos[0], sets)
	if err != nil {
		return inputErr(err)
	}
	s := cfg.Run.Seed
	if *seed != "" {
		s, err = strconv.ParseUint(*seed, 10, 64)
		if err != nil {
			return usageErr("sim run: --seed wants a non-negative integer, got %q", *seed)
		}
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", fmt.Sprintf("%s-s%d", cfg.Name, s))
	}
	if err := checkOut("run", dir, "run", *overwrite); err != nil {
		return err
	}
	spec := experiments.RunSpec{Config: cfg, Resolved: res, Seed: s, OutDir: dir, MaxLive: *maxLive}
	warnOverload(stderr, cfg)
	spec.Progress = progressLine(stderr, cfg.Name)
	if *cpuprof != "" {
		f, err := atomicfile.Create(*cpuprof)
		if err != nil {
			return usageErr("sim run: %v", err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			f.Abort()
			return err
		}
		defer func() {
			pprof.StopCPUProfile()
			if err := f.Commit(); err != nil {
				fmt.Fprintln(stderr, "sim run: --cpuprofile:", err)
			}
		}()
	}
	logs, err := openEventLogs(cfg, logRequest{*events, twin.NewCSV}, logRequest{*eventsOCEL, twin.NewOCEL},
		logRequest{*eventsXES, twin.NewXES}, logRequest{*cases, twin.NewCases})
	if err != nil {
		return usageErr("sim run: %v", err)
	}
	spec.Observer = logs.observer()
	r, tm, err := experiments.Run(spec)
	if err != nil {
		logs.abort()
	} else {
		err = logs.close()
	}
	if err != nil {
		return err
	}
	if !*quiet {
		printTable(stdout, r)
		fmt.Fprintf(stdout, "\n%d events in %.2f s (%.2f M events/s); results in %s\n", tm.Events, tm.WallSeconds, tm.EventsPerSecond/1e6, dir)
	}
	switch w := r.Warmup; {
	case !w.Reliable:
		fmt.Fprintf(stderr, "sim: warning: %s shows no steady state within the run (MSER-5); averages over the window may depend on its length\n", w.Series)
	case !w.Sufficient:
		fmt.Fprintf(stderr, "sim: warning: the warm-up (%.0f days) looks too short: MSER-5 on %s suggests %.0f days; set run.warmup or --warmup\n",
			w.ConfiguredDays, w.Series, w.SuggestedDays)
	}
	return nil
}

// progressLine returns a progress callback that draws one line on a
// terminal once a run has taken more than two seconds, and nothing when
// stderr is not a terminal.
func progressLine(w io.Writer, name string) func(float64) {
	f, ok := w.(*os.File)
	if !ok {
		return nil
	}
	if st, err := f.Stat(); err != nil || st.Mode()&os.ModeCharDevice == 0 {
		return nil
	}
	start := time.Now()
	var last time.Time
	return func(frac float64) {
		el := time.Since(start)
		if el < 2*time.Second || time.Since(last) < 250*time.Millisecond && frac < 1 {
			return
		}
		last = time.Now()
		eta := time.Duration(float64(el) * (1 - frac) / max(frac, 1e-9))
		bar := strings.Repeat("#", int(frac*30)) + strings.Repeat(".", 30-int(frac*30))
		fmt.Fprintf(w, "\r%s [%s] %3.0f%%  %s elapsed, ~%s left ", name, bar, frac*100, el.Round(time.Second), eta.Round(time.Second))
		if frac >= 1 {
			fmt.Fprintln(w)
		}
	}
}

func printTable(w io.Writer, r *model.Results) {
	fmt.Fprintf(w, "%s  seed %d  population %d  window %.0f days after %.0f days warm-up\n\n", r.Scenario, r.Seed, r.Population, r.HorizonDays, r.WarmupDays)
	fmt.Fprintf(w, "%-22s %9s %9s %8s %8s %8s %7s %7s %7s %7s %7s\n", "matters", "arrived", "done", "lat.mean", "lat.p50", "lat.p90", "visits", "0-visit", "≤1visit", "ontime", "online")
	row := func(g model.Group) {
		fmt.Fprintf(w, "%-22s %9d %9d %8s %8s %8s %7s %7s %7s %7s %7s\n", trunc(g.Name, 22), g.Arrived, g.Completed, cell(g.LatencyMean, 2), cell(g.LatencyP50, 2), cell(g.LatencyP90, 2), cell(g.VisitsMean, 2), cell(g.ZeroVisitShare, 3), cell(g.MaxOneVisitShare, 3), cell(g.OnTimeShare, 3), cell(g.OnlineShare, 3))
	}
	row(r.Matters.Overall)
	fmt.Fprintln(w, "  by channel")
	for _, g := range r.Matters.ByChannel {
		if g.Arrived > 0 {
			row(g)
		}
	}
	fmt.Fprintln(w, "  by type")
	for _, g := range r.Matters.ByType {
		row(g)
	}
	fmt.Fprintln(w, "  by district")
	for _, g := range r.Matters.ByDistrict {
		row(g)
	}
	fmt.Fprintln(w, "  by literacy quintile")
	for _, g := range r.Matters.ByQuintile {
		row(g)
	}
	fmt.Fprintln(w, "(latency in days; shares of completed matters)")
	if mk := r.Matters; len(mk.ByType) > 0 {
		fmt.Fprintf(w, "catalogue view: %.1f%% of matter types max-one-visit, %.1f%% zero-visit for at least half of their cases\n",
			100*mk.CatalogueMaxOneVisitShare, 100*mk.CatalogueZeroVisitShare)
	}
	fmt.Fprintf(w, "\n%-28s %9s %9s %8s %7s\n", "busiest windows and halls", "arrivals", "wait.min", "p_wait", "util")
	units := append(append([]model.UnitStats{}, r.Offices...), r.Halls...)
	// Show the five most utilised.
	for k := 0; k < 5 && k < len(units); k++ {
		best := k
		for j := k + 1; j < len(units); j++ {
			if units[j].Utilisation > units[best].Utilisation || units[best].Utilisation != units[best].Utilisation {
				best = j
			}
		}
		units[k], units[best] = units[best], units[k]
		u := units[k]
		if u.Arrivals == 0 {
			break
		}
		fmt.Fprintf(w, "%-28s %9d %9.1f %8.3f %7.3f\n", trunc(u.Name, 28), u.Arrivals, u.WaitMean, u.PWait, u.Utilisation)
	}
	if t := r.Tickets.Overall; t.Contacts+t.GridReports > 0 {
		fmt.Fprintf(w, "\n%-22s %9s %9s %9s %6s %8s %8s %7s %7s %7s %7s %7s %6s %6s %6s\n", "tickets", "contacts", "grid", "orders", "open", "res.mean", "res.p90", "bounce", "grass", "downw", "ontime", "whistle", "resp", "resol", "satis")
		trow := func(g model.TicketGroup) {
			fmt.Fprintf(w, "%-22s %9d %9d %9d %6d %8s %8s %7s %7s %7s %7s %7d %6s %6s %6s\n", trunc(g.Name, 22), g.Contacts, g.GridReports, g.WorkOrders, g.OpenAtEnd,
				cell(g.ResolutionMean, 2), cell(g.ResolutionP90, 2), cell(g.BouncesMean, 2), cell(g.Grassroots, 3), cell(g.DownwardShift, 3), cell(g.OnTimeShare, 3), g.Whistles,
				cell(g.ResponseRate, 3), cell(g.ResolutionRate, 3), cell(g.SatisfactionRate, 3))
		}
		trow(t)
		for _, g := range r.Tickets.ByType {
			trow(g)
		}
		h := r.Tickets.Hotline
		fmt.Fprintf(w, "(open: work orders of the window still open at the end; resolution in days from the first contact; shares of resolved work orders;\n resp, resol, satis: the three rates 三率 of rated closures — responded on time, rated resolved, satisfied)\n")
		fmt.Fprintf(w, "outcomes: %.1f%% solved, %.1f%% explained, %.1f%% false closures, %.1f%% neglected, %.1f%% reopened\n",
			100*t.SolvedShare, 100*t.ExplainedShare, 100*t.FalseClosureShare, 100*t.NeglectedShare, 100*t.ReopenShare)
		if t.Contacts > 0 {
			fmt.Fprintf(w, "hotline: %.1f%% closed at intake, %.1f%% abandoned, mean answer wait %.0f s, operators %.0f%% busy; ",
				100*float64(t.ClosedAtIntake)/float64(t.Contacts), 100*t.AbandonShare, 60*t.AnswerWaitMean, 100*h.Utilisation)
		} else {
			fmt.Fprintf(w, "hotline: no hotline contacts; ")
		}
		fmt.Fprintf(w, "%.1f tickets in flight on average\n", r.Tickets.InFlightMean)
	}
	if g := r.Grassroots; len(g.Streets) > 0 {
		fmt.Fprintf(w, "\ngrassroots work per worker per week: streets %.1f h (max %.1f, Gini %.3f), communities %.1f h (max %.1f, Gini %.3f); %d downward tasks refused\n",
			g.StreetDist.Mean, g.StreetDist.Max, g.StreetDist.Gini, g.CommDist.Mean, g.CommDist.Max, g.CommDist.Gini, g.TasksRefused)
	}
	if r.Cost.Total > 0 {
		fmt.Fprintf(w, "\ncost: %.0f (one-off %.0f, annual in window %.0f)\n", r.Cost.Total, r.Cost.OneOff, r.Cost.Annual)
	}
	if o := r.Tickets.Overall.OpenAtEnd; o > 0 {
		fmt.Fprintf(w, "\n%d ticket work orders of the window still open at the end of the drain\n", o)
	}
	if o := r.Matters.Overall.OpenAtEnd; o > 0 {
		fmt.Fprintf(w, "\n%d matters of the window still open at the end of the drain\n", o)
	}
}

// cell formats a KPI for the console table with prec decimals, or "–"
// where it is undefined (NaN: nothing to measure, e.g. no rated closure).
func cell(v float64, prec int) string {
	if math.IsNaN(v) {
		return "–"
	}
	return strconv.FormatFloat(v, 'f', prec, 64)
}

func trunc(s string, n int) string {
	if len([]rune(s)) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}

func version() string { return experiments.Version }
