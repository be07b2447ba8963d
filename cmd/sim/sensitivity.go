package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/tiaokuai/tiaokuai/experiments"
)

func cmdSensitivity(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("sensitivity", stderr, "SWEEPDIR --kpi KPI [--boot N]")
	kpi := fs.String("kpi", "matters.overall.latency_mean_days", "the KPI to analyse (a column of runs.csv)")
	boot := fs.Int("boot", 1000, "bootstrap resamples for the CIs of Sobol indices (0: none)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim sensitivity: %v", err)
	}
	if len(pos) != 1 {
		return usageErr("sim sensitivity: want the directory of a finished sweep whose uncertainties were sampled with sample = \"saltelli\" or \"morris\"")
	}
	if *boot < 0 {
		return usageErr("sim sensitivity: --boot must not be negative")
	}
	res, err := experiments.Sensitivity(pos[0], *kpi, *boot)
	if err != nil {
		return inputErr(err)
	}
	other := "lever set"
	if res.Role == "lever" {
		other = "world"
	}
	for _, g := range res.Groups {
		fmt.Fprintf(stdout, "\n%s, %s %d: %s sensitivity of %s to the %s (%d+ replications per sample", g.Scenario, other, g.Other, g.Method, res.KPI, map[string]string{"lever": "levers", "uncertainty": "uncertainties"}[res.Role], g.Replications)
		if g.NoiseShare == g.NoiseShare {
			fmt.Fprintf(stdout, "; replication noise %.1f%% of the variance, %.1f%% not cancelled by common random numbers", 100*g.NoiseShare, 100*g.CRNNoiseShare)
		}
		fmt.Fprintln(stdout, ")")
		if g.Method == "sobol" {
			fmt.Fprintf(stdout, "%-36s %22s %22s\n", "factor", "first-order S1 [95%]", "total ST [95%]")
			for i, f := range g.Factors {
				s1, st := g.S1[i], g.ST[i]
				fmt.Fprintf(stdout, "%-36s %6.3f [%6.3f, %6.3f] %6.3f [%6.3f, %6.3f]\n", trunc(f, 36), s1.Value, s1.Lo, s1.Hi, st.Value, st.Lo, st.Hi)
			}
			continue
		}
		fmt.Fprintf(stdout, "%-36s %12s %12s %12s\n", "factor", "mu*", "mu", "sigma")
		for i, f := range g.Factors {
			m := g.Morris[i]
			fmt.Fprintf(stdout, "%-36s %12.4g %12.4g %12.4g\n", trunc(f, 36), m.MuStar, m.Mu, m.Sigma)
		}
	}
	fmt.Fprintf(stdout, "\nwritten to %s/sensitivity.csv and sensitivity.json\n", pos[0])
	return nil
}
