package main

import (
	"flag"
	"fmt"
	"io"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

func cmdCheck(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr, "SCENARIO [--set key=value ...]")
	var sets scenarios.Sets
	fs.Var(&sets, "set", "override a parameter (repeatable), e.g. --set platform.one_window=true")
	quiet := fs.Bool("q", false, "only validate; print nothing on success")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim check: %v", err)
	}
	if len(pos) != 1 {
		return usageErr("sim check: want one scenario, got %d arguments", len(pos))
	}
	cfg, res, err := scenarios.Load(pos[0], sets)
	if err != nil {
		return inputErr(err)
	}
	if *quiet {
		warnOverload(stderr, cfg)
		return nil
	}
	fmt.Fprintf(stdout, "# %s: valid\n", pos[0])
	for _, f := range res.Files {
		fmt.Fprintf(stdout, "# read %s (sha256 %s)\n", f.Name, f.SHA256[:12])
	}
	for _, s := range res.Sets {
		fmt.Fprintf(stdout, "# --set %s\n", s)
	}
	fmt.Fprintf(stdout, "# scenario hash %s\n", res.Hash)
	loads := model.OfferedLoads(cfg)
	if len(loads) > 0 {
		fmt.Fprintf(stdout, "# offered load over a week (work ÷ staff time open) of %d units: highest %.2f at %s (%s)\n", len(loads), loads[0].Load, loads[0].Unit, loads[0].Bound)
	}
	for _, l := range overloadLines(cfg) {
		fmt.Fprintf(stdout, "# warning: %s\n", l)
	}
	for _, l := range inPersonLines(cfg) {
		fmt.Fprintf(stdout, "# note: %s\n", l)
	}
	fmt.Fprintf(stdout, "# live-entity bound of a run (sim run --max-live default): %d (Little's-law estimate %.0f)\n", model.DefaultMaxLive(cfg), model.ExpectedLive(cfg))
	fmt.Fprintln(stdout)
	_, err = stdout.Write(res.Canonical)
	return err
}

func cmdScenarios(args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		return usageErr("sim scenarios: takes no arguments")
	}
	for _, in := range scenarios.Shipped() {
		fmt.Fprintf(stdout, "%-32s %s\n", in.Name, in.Description)
	}
	return nil
}
