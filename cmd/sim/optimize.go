package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/viz/chart"
	"github.com/tiaokuai/tiaokuai/viz/report"
)

func cmdOptimize(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("optimize", stderr, "EXPERIMENT [--workers N] [--out DIR] [--shard i/n] [--seed N]")
	workers := fs.Int("workers", 0, "runs at once (default: all cores)")
	out := fs.String("out", "", "output directory (default out/EXPERIMENT); shards of one search share it")
	shardFlag := fs.String("shard", "", "be shard i of n (i/n, from 0) of a search run in lockstep by n processes over one --out; inside a Slurm job array or a Kubernetes Indexed Job the shard is picked up from the environment")
	seed := fs.String("seed", "", "root seed (default: the experiment's seed)")
	quiet := fs.Bool("q", false, "print no progress and no summary")
	charts := fs.Bool("charts", false, "draw the frontier chart into DIR/charts")
	maxLive := fs.Int("max-live", 0, maxLiveHelp+"; applies to every run, and a run it stops stops the search (finished runs are kept: resume with a higher bound)")
	a, err := parseExpArgs("optimize", fs, args, workers, seed, shardFlag)
	if err != nil {
		return err
	}
	src, e, shard, nw := a.src, a.e, a.shard, a.workers
	if e.Optimize == nil {
		return usageErr("sim optimize: %s has no [optimize] section (scenarios/EXPERIMENTS.md)", a.path)
	}
	dir := *out
	if dir == "" {
		dir = filepath.Join("out", e.Name)
	}
	spec := experiments.OptimizeSpec{Experiment: e, Source: src, OutDir: dir, Workers: nw, Shard: shard, MaxLive: *maxLive}
	start := time.Now()
	if !*quiet {
		spec.Progress = func(s string) { fmt.Fprintf(stderr, "optimize %s: %s\n", e.Name, s) }
	}
	sum, err := experiments.Optimize(spec)
	if err != nil {
		if isInput(err) {
			return inputErr(err)
		}
		return err
	}
	if *charts && (shard.Whole() || shard.Index == 0) {
		if err := writeFrontierChart(dir, stdout); err != nil {
			return err
		}
	}
	if *quiet {
		return nil
	}
	printOptimize(stdout, sum)
	fmt.Fprintf(stdout, "%s: %d candidates in %d generations (%s); %d screening and %d full-fidelity runs in %.1f s on %d workers; results in %s\n",
		e.Name, sum.Candidates, sum.Generations, sum.Status, sum.ScreenRuns, sum.FullRuns, time.Since(start).Seconds(), nw, dir)
	return nil
}

// printOptimize prints the finalists and how sure their ranking is.
func printOptimize(w io.Writer, s *experiments.OptimizeSummary) {
	fmt.Fprintf(w, "%s by %s, robust by %s over %d worlds", strings.Join(s.Objectives, ", "), s.Method, s.Robustness, s.Worlds)
	if len(s.Constraints) > 0 {
		fmt.Fprintf(w, ", subject to %s", strings.Join(s.Constraints, ", "))
	}
	fmt.Fprintln(w)
	if len(s.Screen) > 0 {
		fmt.Fprintf(w, "searched at a screening fidelity (%s); finalists confirmed at full fidelity\n", strings.Join(s.Screen, ", "))
	}
	head := []string{"#", "candidate", "status"}
	head = append(head, s.Levers...)
	head = append(head, "reps", "cost")
	for _, o := range s.Objectives {
		head = append(head, o)
	}
	fmt.Fprintln(w, strings.Join(head, "\t"))
	for i, f := range s.Finalists {
		row := []string{strconv.Itoa(i + 1), strconv.Itoa(f.Candidate), f.Status}
		row = append(row, f.Levers...)
		row = append(row, strconv.Itoa(f.Replications), fmt.Sprintf("%.4g", f.Cost))
		for j := range f.Value {
			row = append(row, fmt.Sprintf("%.4g ± %.2g", f.Value[j], f.HalfWidth[j]))
		}
		fmt.Fprintln(w, strings.Join(row, "\t"))
	}
	fmt.Fprintf(w, "how sure: %s\n", s.Sure)
}

// writeFrontierChart draws the finalists' cost against their improvement
// in the first objective over the cheapest finalist, the efficient ones
// joined (DIR/charts/frontier.png), through the chart registry.
func writeFrontierChart(dir string, stdout io.Writer) error {
	st, err := report.Load(dir)
	if err != nil {
		return err
	}
	c, err := st.Chart(report.KindFrontier, report.ChartOptions{})
	if err != nil {
		return err
	}
	file := filepath.Join(dir, "charts", "frontier.png")
	if err := writeChart(c, file, chart.PNG, 150); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "frontier chart of %d finalists written to %s\n", len(st.Optimize.Finalists), file)
	return nil
}
