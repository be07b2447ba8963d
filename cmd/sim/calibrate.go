package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/twin"
)

// listFlag collects a repeated flag.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, " ") }
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

func cmdCalibrate(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("calibrate", stderr, "EXPERIMENT | SCENARIO --param PATH=LO:HI ... --target KPI=VALUE[@WEIGHT] ... [--reps N] [--seed N] [--max-evals N] [--set k=v ...]")
	var sets scenarios.Sets
	var params, targets listFlag
	fs.Var(&sets, "set", "fix a parameter for every run (repeatable)")
	fs.Var(&params, "param", "a free parameter and its bounds, PATH=LO:HI (repeatable), e.g. citizens.b0=-4:-1")
	fs.Var(&targets, "target", "a KPI and its target value, KPI=VALUE or KPI=VALUE@WEIGHT (repeatable)")
	reps := fs.Int("reps", 3, "replications per evaluation (the same seeds for every evaluation)")
	seed := fs.Uint64("seed", 1, "root seed")
	maxEvals := fs.Int("max-evals", 200, "objective evaluations at most (each is --reps runs)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim calibrate: %v", err)
	}
	if len(pos) != 1 {
		return usageErr("sim calibrate: want one experiment file, or one scenario with at least one --param and one --target")
	}
	c := twin.Calibration{Scenario: pos[0], Sets: sets, Reps: *reps, Seed: *seed, MaxEvals: *maxEvals}
	if len(params) == 0 && len(targets) == 0 {
		// An experiment file with a [calibrate] section (scenarios/EXPERIMENTS.md).
		e, err := scenarios.LoadExperiment(pos[0])
		if err != nil {
			return inputErr(err)
		}
		if e.Calibrate == nil || len(e.Bases) != 1 {
			return usageErr("sim calibrate: %s needs a [calibrate] section and exactly one base (or give a scenario with --param and --target)", pos[0])
		}
		k := e.Calibrate
		c = twin.Calibration{Scenario: e.Bases[0].Path, Sets: append(append([]string{}, e.Set...), sets...), Reps: k.Reps, Seed: e.Seed, MaxEvals: k.MaxEvals}
		for _, p := range k.Params {
			c.Params = append(c.Params, twin.Param{Path: p.Path, Lo: p.Lo, Hi: p.Hi})
		}
		for _, t := range k.Targets {
			c.Targets = append(c.Targets, twin.Target{KPI: t.KPI, Value: t.Value, Weight: t.Weight})
		}
		sets = c.Sets
		pos[0] = e.Bases[0].Path
	} else if len(params) == 0 || len(targets) == 0 {
		return usageErr("sim calibrate: with a scenario, give at least one --param and one --target")
	}
	for _, p := range params {
		path, rng, ok := strings.Cut(p, "=")
		los, his, ok2 := strings.Cut(rng, ":")
		lo, err1 := strconv.ParseFloat(los, 64)
		hi, err2 := strconv.ParseFloat(his, 64)
		if !ok || !ok2 || err1 != nil || err2 != nil || !(hi > lo) {
			return usageErr("sim calibrate: --param wants PATH=LO:HI with LO < HI, got %q", p)
		}
		c.Params = append(c.Params, twin.Param{Path: path, Lo: lo, Hi: hi})
	}
	for _, t := range targets {
		kpi, val, ok := strings.Cut(t, "=")
		vs, ws, hasW := strings.Cut(val, "@")
		v, err1 := strconv.ParseFloat(vs, 64)
		w, err2 := 1.0, error(nil)
		if hasW {
			w, err2 = strconv.ParseFloat(ws, 64)
		}
		if !ok || err1 != nil || err2 != nil || w <= 0 {
			return usageErr("sim calibrate: --target wants KPI=VALUE or KPI=VALUE@WEIGHT (weight > 0), got %q", t)
		}
		c.Targets = append(c.Targets, twin.Target{KPI: kpi, Value: v, Weight: w})
	}
	res, err := twin.Calibrate(c)
	if err != nil {
		return inputErr(err)
	}
	fmt.Fprintf(stdout, "%d evaluations × %d replications; distance %.3g\n\n", res.Evals, c.Reps, res.Distance)
	fmt.Fprintf(stdout, "%-36s %12s %12s %12s %8s  %s\n", "parameter", "value", "bounds", "sensitivity", "VIF", "identifiable")
	var line []string
	for _, s := range sets {
		line = append(line, "--set "+s)
	}
	for i, p := range c.Params {
		r := res.Params[i]
		id := "yes"
		if !r.Identifiable {
			id = "NO: the targets do not determine it"
		}
		fmt.Fprintf(stdout, "%-36s %12.4g %12s %12.3g %8.3g  %s\n", p.Path, r.Value, fmt.Sprintf("%g:%g", p.Lo, p.Hi), r.Sensitivity, r.VIF, id)
		line = append(line, fmt.Sprintf("--set %s=%.6g", p.Path, r.Value))
	}
	fmt.Fprintf(stdout, "\n%-44s %12s %12s %9s\n", "target", "wanted", "achieved", "rel.err")
	for i, t := range c.Targets {
		a := res.Achieved[i]
		fmt.Fprintf(stdout, "%-44s %12.4g %12.4g %8.2f%%\n", t.KPI, t.Value, a, 100*(a-t.Value)/t.Value)
	}
	fmt.Fprintf(stdout, "\nrun it: sim run %s %s\n", pos[0], strings.Join(line, " "))
	return nil
}
