package main

import (
	"flag"
	"fmt"
	"io"
	"math"
	"strings"

	"github.com/tiaokuai/tiaokuai/experiments"
)

func cmdRobustness(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("robustness", stderr, "SWEEPDIR --kpi KPI [--larger] [--fail \"KPI>LIMIT\"] [--lever-set N]")
	kpi := fs.String("kpi", "matters.overall.latency_mean_days", "the KPI to judge the lever sets by (mean over replications)")
	larger := fs.Bool("larger", false, "larger values of the KPI are better (default: smaller)")
	fail := fs.String("fail", "", "a failure condition for scenario discovery (PRIM), e.g. \"matters.overall.latency_p90_days>30\"")
	leverSet := fs.Int("lever-set", -1, "look for the failure box among the worlds of this lever set (default: the minimax-regret choice)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim robustness: %v", err)
	}
	if len(pos) != 1 {
		return usageErr("sim robustness: want the directory of a finished sweep of levers × uncertainties")
	}
	var cond *experiments.Condition
	if *fail != "" {
		c, err := experiments.ParseCondition(*fail)
		if err != nil {
			return usageErr("sim robustness: %v", err)
		}
		cond = &c
	}
	res, err := experiments.Robustness(pos[0], *kpi, *larger, cond, *leverSet)
	if err != nil {
		return inputErr(err)
	}
	better := "smaller"
	if res.Larger {
		better = "larger"
	}
	for _, t := range res.Tables {
		fmt.Fprintf(stdout, "\n%s: regret in %s (%s is better) of each lever set across %d worlds\n", t.Scenario, res.KPI, better, len(t.Outcomes[0]))
		fmt.Fprintf(stdout, "%-9s %-48s %12s %12s\n", "lever set", strings.Join(res.Levers, ", "), "max regret", "mean regret")
		for l := range t.Outcomes {
			var vals []string
			for _, v := range t.LeverSets[l] {
				vals = append(vals, fmt.Sprint(v))
			}
			mark := ""
			if l == t.Best {
				mark = "  ← minimax regret"
			}
			m := 0.0
			for _, r := range t.Regret[l] {
				m += r
			}
			fmt.Fprintf(stdout, "%-9d %-48s %12.4g %12.4g%s\n", l, trunc(strings.Join(vals, ", "), 48), t.MaxRegret[l], m/float64(len(t.Regret[l])), mark)
		}
	}
	if b := res.Box; b != nil {
		where := fmt.Sprintf("the worlds of lever set %d of %s", b.LeverSet, b.Scenario)
		fmt.Fprintf(stdout, "\nPRIM box for %s over %s: %d points, %d failing (density %.2f, coverage %.2f, support %.2f)\n", b.Condition, where, b.Points, b.Failing, b.Density, b.Coverage, b.Support)
		any := false
		for i, in := range b.Inputs {
			if math.IsInf(b.Lo[i], -1) && math.IsInf(b.Hi[i], 1) {
				continue
			}
			any = true
			fmt.Fprintf(stdout, "  %-36s %10.4g ≤ x ≤ %-10.4g (quasi-p %.3g)\n", trunc(in, 36), b.Lo[i], b.Hi[i], b.QuasiP[i])
		}
		if !any {
			fmt.Fprintln(stdout, "  the box restricts no uncertainty")
		}
	}
	fmt.Fprintf(stdout, "\nwritten to %s/robustness.csv and robustness.json\n", pos[0])
	return nil
}
