package main

import (
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// headline KPIs shown by sim compare unless --kpis says otherwise.
var headlineKPIs = []string{
	"matters.overall.latency_mean_days", "matters.overall.latency_p90_days", "matters.overall.visits_mean",
	"matters.overall.zero_visit_share", "matters.overall.max_one_visit_share", "matters.overall.on_time_share",
	"matters.overall.online_share", "cost.total",
}

// rateKPIs are the three rates 三率 of hotline tickets, shown by sim
// compare after the headline KPIs when the scenarios have rated ticket
// closures; gapKPIs, what units report solved and the false closures that
// set it apart from the citizen-rated resolution rate, only where some
// scenario has false closures.
var (
	rateKPIs = []string{"tickets.overall.response_rate", "tickets.overall.resolution_rate", "tickets.overall.satisfaction_rate"}
	gapKPIs  = []string{"tickets.overall.recognised_resolution_rate", "tickets.overall.false_closure_share"}
)

// defaultKPIs are the KPIs of the table without --kpis: the headline KPIs,
// then the three rates where they are defined, then the reported-resolution
// gap where there are false closures.
func defaultKPIs(res *experiments.CompareResult) []string {
	has := func(kpi string, nonZero bool) bool {
		for _, c := range res.Comparisons {
			if c.KPI != kpi {
				continue
			}
			for _, v := range []float64{c.BaseMean, c.ReformMean} {
				if v == v && (!nonZero || v != 0) {
					return true
				}
			}
		}
		return false
	}
	show := slices.Clone(headlineKPIs)
	for _, k := range rateKPIs {
		if has(k, false) {
			show = append(show, k)
		}
	}
	if has(gapKPIs[1], true) {
		show = append(show, gapKPIs...)
	}
	return show
}

func cmdCompare(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compare", stderr, "BASE REFORM... [--reps N | --precision KPI=HALF[,KPI=P%] [--max N]] [--set k=v ...] [--out DIR]")
	var sets scenarios.Sets
	fs.Var(&sets, "set", "override a parameter of every scenario (repeatable)")
	reps := fs.Int("reps", 0, "replications of each scenario (default 10)")
	precision := fs.String("precision", "", "add replications until the paired CI half-width of each KPI's difference is below a target: KPI=HALF (in the KPI's unit) or KPI=P% (of the baseline mean), comma-separated")
	minReps := fs.Int("min", 0, "with --precision: replications of the first batch (default 5)")
	batch := fs.Int("batch", 0, "with --precision: replications added at a time (default 5)")
	maxReps := fs.Int("max", 0, "with --precision: at most this many replications (default 100)")
	seed := fs.Uint64("seed", 1, "root seed")
	out := fs.String("out", "", "output directory (default out/compare-BASE)")
	workers := fs.Int("workers", 0, "runs at once (default: all cores)")
	kpis := fs.String("kpis", "", "KPI patterns for the table, comma-separated (default: the headline KPIs); the files have every KPI")
	warmup := fs.String("warmup", "", "warm-up duration of every scenario, e.g. 4w")
	horizon := fs.String("horizon", "", "observation window of every scenario, e.g. 26w")
	quiet := fs.Bool("q", false, "print no progress")
	charts := fs.Bool("charts", false, "draw the standard charts into DIR/charts")
	maxLive := fs.Int("max-live", 0, maxLiveHelp+"; applies to every run")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim compare: %v", err)
	}
	if len(pos) < 2 {
		return usageErr("sim compare: want a baseline and at least one reform, got %d scenarios", len(pos))
	}
	if *reps != 0 && *precision != "" {
		return usageErr("sim compare: --reps and --precision exclude each other")
	}
	if *reps < 0 || *minReps < 0 || *batch < 0 || *maxReps < 0 || *workers < 0 {
		return usageErr("sim compare: counts must be positive")
	}
	if *precision == "" && (*minReps != 0 || *batch != 0 || *maxReps != 0) {
		return usageErr("sim compare: --min, --batch and --max go with --precision")
	}
	if *minReps == 1 {
		return usageErr("sim compare: --min must be at least 2 (a CI needs two replications)")
	}
	if *warmup != "" {
		sets = append(sets, "run.warmup="+strconv.Quote(*warmup))
	}
	if *horizon != "" {
		sets = append(sets, "run.horizon="+strconv.Quote(*horizon))
	}
	spec := experiments.CompareSpec{Base: pos[0], Reforms: pos[1:], Sets: sets, Seed: *seed, Reps: *reps,
		Min: *minReps, Batch: *batch, Max: *maxReps, Workers: *workers, MaxLive: *maxLive}
	if *precision != "" {
		spec.Targets, err = parsePrecision(*precision)
		if err != nil {
			return usageErr("sim compare: %v", err)
		}
		if spec.Max > 0 && spec.Max < max(spec.Min, 2) {
			return usageErr("sim compare: --max must be at least --min")
		}
	}
	if spec.Workers == 0 {
		spec.Workers = runtime.GOMAXPROCS(0)
	}
	spec.OutDir = *out
	if spec.OutDir == "" {
		spec.OutDir = filepath.Join("out", "compare-"+strings.TrimSuffix(filepath.Base(pos[0]), ".toml"))
	}
	if !*quiet {
		spec.Progress = sweepProgress(stderr, "compare")
	}
	warnStructural(stderr, pos[0], pos[1:], sets)
	res, _, err := experiments.Compare(spec)
	if err != nil {
		if isInput(err) {
			return inputErr(err)
		}
		return err
	}
	show := defaultKPIs(res)
	if *kpis != "" {
		show = strings.Split(*kpis, ",")
	}
	for _, t := range spec.Targets {
		show = append(show, t.KPI)
	}
	printComparison(stdout, res, show)
	fmt.Fprintf(stdout, "\nevery KPI in %s and %s\n", filepath.Join(spec.OutDir, "compare.csv"), filepath.Join(spec.OutDir, "compare.json"))
	if *charts {
		return writeStandardCharts(spec.OutDir, stdout, stderr)
	}
	return nil
}

// parsePrecision reads "kpi=0.5,kpi2=5%".
func parsePrecision(text string) ([]scenarios.Target, error) {
	var out []scenarios.Target
	for _, part := range strings.Split(text, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		k, v = strings.TrimSpace(k), strings.TrimSpace(v)
		if !ok || k == "" || v == "" {
			return nil, fmt.Errorf("--precision wants KPI=HALF or KPI=P%%, got %q", part)
		}
		t := scenarios.Target{KPI: k}
		rel := strings.HasSuffix(v, "%")
		x, err := strconv.ParseFloat(strings.TrimSuffix(v, "%"), 64)
		if err != nil || !(x > 0) {
			return nil, fmt.Errorf("--precision: %s wants a positive number, got %q", k, v)
		}
		if rel {
			t.Relative = x / 100
		} else {
			t.HalfWidth = x
		}
		out = append(out, t)
	}
	return out, nil
}

func printComparison(w io.Writer, res *experiments.CompareResult, patterns []string) {
	fmt.Fprintf(w, "paired comparison with %s: %d replications each on common random numbers (seed %d), %.0f%% CIs", res.Base, res.Replications, res.Seed, res.Level*100)
	if res.Stop == "cap" {
		fmt.Fprint(w, " (precision target not reached at --max)")
	}
	fmt.Fprintln(w)
	shown := map[string]bool{}
	for _, reform := range res.Reforms {
		fmt.Fprintf(w, "\n%s − %s\n", reform, res.Base)
		fmt.Fprintf(w, "%-44s %12s %12s %12s %25s %8s %12s\n", "kpi", "base", "reform", "diff", "95% CI", "rel.", "per cost")
		for _, pat := range patterns {
			for _, c := range res.Comparisons {
				key := reform + "\x00" + c.KPI
				if c.Reform != reform || shown[key] || !matchPattern(pat, c.KPI) {
					continue
				}
				shown[key] = true
				sig := " "
				if c.Excludes0 {
					sig = "*"
				}
				ci := fmt.Sprintf("[%s, %s]", num(c.Low), num(c.High))
				fmt.Fprintf(w, "%-44s %12s %12s %11s%s %25s %7s%% %12s\n", trunc(c.KPI, 44), num(c.BaseMean), num(c.ReformMean), num(c.Diff), sig, ci, num(c.Relative*100), num(c.PerCost))
			}
		}
		if line := costPerPoint(res, reform); line != "" {
			fmt.Fprintln(w, line)
		}
	}
	fmt.Fprintln(w, "\n* the CI of the difference excludes zero; per cost: difference per unit of extra cost.total")
	fmt.Fprintln(w, "tickets.overall.*_rate: the three rates 三率 (response 响应率, resolution 解决率 as citizens rate it, satisfaction 满意率) and other shares, 0–1")
}

// costPerPoint writes the extra cost.total per percentage point of each
// of the three rates a reform raises distinguishably, over the CI of the
// rise: "cost per percentage point: response rate 350 (336–365), …"; ""
// when the reform costs nothing extra or raises none of them.
func costPerPoint(res *experiments.CompareResult, reform string) string {
	find := func(kpi string) *experiments.Comparison {
		for i := range res.Comparisons {
			if c := &res.Comparisons[i]; c.Reform == reform && c.KPI == kpi {
				return c
			}
		}
		return nil
	}
	cost := find("cost.total")
	if cost == nil || !(cost.Diff > 0) {
		return ""
	}
	var parts []string
	for _, k := range rateKPIs {
		c := find(k)
		if c == nil || !c.Excludes0 || !(c.Low > 0) {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(k, "tickets.overall."), "_rate")
		per := func(d float64) string { return strconv.FormatFloat(cost.Diff/(100*d), 'f', 0, 64) }
		parts = append(parts, fmt.Sprintf("%s rate %s (%s–%s)", name, per(c.Diff), per(c.High), per(c.Low)))
	}
	if len(parts) == 0 {
		return ""
	}
	return "extra cost.total per percentage point (over the 95% CI of the rise): " + strings.Join(parts, ", ")
}

func matchPattern(pat, name string) bool {
	ok, err := filepath.Match(pat, name)
	return err == nil && ok
}

// num formats a number for the table in 4 significant digits, "–" for NaN.
func num(x float64) string {
	if x != x {
		return "–"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}
