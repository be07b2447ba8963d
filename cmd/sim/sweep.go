package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"time"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

func cmdSweep(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sweep", stderr, "EXPERIMENT [--workers N] [--out DIR] [--shard i/n] [--seed N] [--plan]")
	workers := fs.Int("workers", 0, "runs at once (default: all cores)")
	overwrite := fs.Bool("overwrite", false, "write into an --out that holds a single run's results")
	out := fs.String("out", "", "output directory (default out/EXPERIMENT); a shard writes into its subdirectory shard-I-of-N")
	shardFlag := fs.String("shard", "", "run shard i of n (i/n, from 0); inside a Slurm job array or a Kubernetes Indexed Job the shard is picked up from the environment")
	seed := fs.String("seed", "", "root seed (default: the experiment's seed)")
	planOnly := fs.Bool("plan", false, "validate, print the points and run nothing")
	quiet := fs.Bool("q", false, "print no progress and no summary")
	charts := fs.Bool("charts", false, "when the whole sweep is done, draw its standard charts into DIR/charts")
	cpuprof := fs.String("cpuprofile", "", "write a CPU profile (pprof) of the sweep to this file")
	maxLive := fs.Int("max-live", 0, maxLiveHelp+"; applies to every run, and a run it stops stops the sweep (finished runs are kept: resume with a higher bound)")
	a, err := parseExpArgs("sweep", fs, args, workers, seed, shardFlag)
	if err != nil {
		return err
	}
	src, e, shard, nw := a.src, a.e, a.shard, a.workers
	plan, err := experiments.NewPlan(e, src, nw)
	if err != nil {
		return inputErr(err)
	}
	if *planOnly {
		printPlan(stdout, plan)
		return nil
	}
	dir := *out
	if dir == "" {
		if msg := scenarios.NameProblem(plan.Experiment); msg != "" {
			return usageErr("sim sweep: %s: name: %s", a.path, msg)
		}
		dir = filepath.Join("out", plan.Experiment)
	}
	if err := checkOut("sweep", dir, "sweep", *overwrite); err != nil {
		return err
	}
	spec := experiments.SweepSpec{Plan: plan, Experiment: e, Source: src, OutDir: dir, Workers: nw, Shard: shard, MaxLive: *maxLive}
	if !*quiet {
		spec.Progress = sweepProgress(stderr, "sweep "+plan.Experiment)
		if !shard.Whole() {
			fmt.Fprintf(stderr, "sim sweep: shard %s (from %s) of %d points\n", shard, a.shardFrom, len(plan.Points))
		}
	}
	if *cpuprof != "" {
		f, err := os.Create(*cpuprof)
		if err != nil {
			return usageErr("sim sweep: %v", err)
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	tm, err := experiments.Sweep(spec)
	if err != nil {
		if isInput(err) {
			return inputErr(err)
		}
		return err
	}
	warnJournalCut(stderr, tm)
	if *charts && shard.Whole() {
		if err := writeStandardCharts(dir, stdout, stderr); err != nil {
			return err
		}
	}
	if *quiet {
		return nil
	}
	where := dir
	if !shard.Whole() {
		where = filepath.Join(dir, shard.Dir())
	}
	fmt.Fprintf(stdout, "%s: %d runs", plan.Experiment, tm.Runs)
	if tm.Resumed > 0 {
		fmt.Fprintf(stdout, " (and %d resumed from the journal)", tm.Resumed)
	}
	fmt.Fprintf(stdout, " of %d points in %.1f s on %d workers; results in %s\n", countPoints(plan, shard), tm.WallSeconds, tm.Workers, where)
	if !shard.Whole() {
		fmt.Fprintf(stdout, "shard %s done; when every shard is, combine them with: sim merge %s\n", shard, dir)
	}
	return nil
}

func countPoints(p *experiments.Plan, s experiments.Shard) int {
	n := 0
	for i := range p.Points {
		if s.Has(i) {
			n++
		}
	}
	return n
}

// isInput says whether an error is a fault in user input (a scenario or
// experiment problem), exit code 2.
func isInput(err error) bool {
	var se *scenarios.Error
	return errors.As(err, &se)
}

// printPlan lists a plan's points.
func printPlan(w io.Writer, p *experiments.Plan) {
	fmt.Fprintf(w, "# experiment %s: %d points (%d lever sets × %d worlds × %d bases), plan %.12s\n",
		p.Experiment, len(p.Points), p.Levers.Points, p.Uncertainties.Points, len(p.Bases), p.Hash)
	r := p.Replications
	if len(r.Targets) > 0 {
		var ts []string
		for _, t := range r.Targets {
			if t.Relative > 0 {
				ts = append(ts, fmt.Sprintf("%s ±%g%%", t.KPI, t.Relative*100))
			} else {
				ts = append(ts, fmt.Sprintf("%s ±%g", t.KPI, t.HalfWidth))
			}
		}
		fmt.Fprintf(w, "# replications: %d, then %d at a time up to %d, until %s (%.0f%% CI)", r.Min, r.Batch, r.Max, strings.Join(ts, ", "), r.Level*100)
		if r.Paired {
			fmt.Fprint(w, ", paired with point 0")
		}
		fmt.Fprintln(w)
	} else {
		fmt.Fprintf(w, "# replications: %d each, %d runs\n", r.N, p.Runs())
	}
	for _, s := range p.Set {
		fmt.Fprintf(w, "# set %s\n", s)
	}
	head := []string{"point", "lever_set", "world", "scenario"}
	for _, c := range p.Columns {
		head = append(head, c.Name)
	}
	fmt.Fprintln(w, strings.Join(head, "\t"))
	for _, pt := range p.Points {
		row := []string{strconv.Itoa(pt.ID), strconv.Itoa(pt.LeverSet), strconv.Itoa(pt.World), pt.Scenario}
		for _, v := range pt.Values {
			row = append(row, fmt.Sprint(v))
		}
		fmt.Fprintln(w, strings.Join(row, "\t"))
	}
}

// sweepProgress draws a progress bar with ETA on a terminal, and a plain
// line every ten seconds otherwise (a cluster job's log).
func sweepProgress(w io.Writer, name string) func(experiments.Progress) {
	tty := false
	if f, ok := w.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			tty = true
		}
	}
	var last time.Time
	return func(p experiments.Progress) {
		every := 10 * time.Second
		if tty {
			every = 200 * time.Millisecond
		}
		if !p.Final && time.Since(last) < every {
			return
		}
		last = time.Now()
		frac := 1.0
		if p.Total > 0 {
			frac = float64(p.Done) / float64(p.Total)
		}
		eta := "?"
		if ran := p.Done - p.Resumed; ran > 0 && p.Total > p.Done {
			left := time.Duration(float64(p.Elapsed) / float64(ran) * float64(p.Total-p.Done))
			eta = "~" + left.Round(time.Second).String()
		} else if p.Done >= p.Total {
			eta = "0s"
		}
		el := p.Elapsed.Round(time.Second)
		if tty {
			n := int(frac * 30)
			bar := strings.Repeat("#", n) + strings.Repeat(".", 30-n)
			fmt.Fprintf(w, "\r%s [%s] %d/%d runs %3.0f%%  %d/%d points  %s elapsed, %s left ", name, bar, p.Done, p.Total, frac*100, p.Settled, p.Points, el, eta)
			if p.Final {
				fmt.Fprintln(w)
			}
			return
		}
		fmt.Fprintf(w, "%s: %d/%d runs (%.0f%%), %d/%d points settled, %s elapsed, %s left\n", name, p.Done, p.Total, frac*100, p.Settled, p.Points, el, eta)
	}
}
