package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"

	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/twin"
)

func cmdTrace(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("trace", stderr, "SCENARIO --case ID [--ticket] [--seed N] [--set key=value ...]")
	var sets scenarios.Sets
	fs.Var(&sets, "set", "override a parameter (repeatable)")
	caseID := fs.String("case", "", "the case: PROCESS.NUMBER as in event logs (or a plain integer); empty lists the first cases")
	ticket := fs.Bool("ticket", false, "the case is a ticket (default: a matter)")
	seed := fs.String("seed", "", "root seed (default: the scenario's run.seed)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim trace: %v", err)
	}
	if len(pos) != 1 {
		return usageErr("sim trace: want one scenario, got %d arguments", len(pos))
	}
	cfg, _, err := scenarios.Load(pos[0], sets)
	if err != nil {
		return inputErr(err)
	}
	s := cfg.Run.Seed
	if *seed != "" {
		if s, err = strconv.ParseUint(*seed, 10, 64); err != nil {
			return usageErr("sim trace: --seed wants a non-negative integer, got %q", *seed)
		}
	}
	ent := model.EntityMatter
	if *ticket {
		ent = model.EntityTicket
	}
	names := twin.NewNames(cfg)
	if *caseID == "" {
		ids, err := twin.FirstCases(cfg, s, ent, 10)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "first cases of %s (seed %d); trace one with --case ID:\n", cfg.Name, s)
		for _, id := range ids {
			fmt.Fprintln(stdout, " ", twin.CaseID(id))
		}
		return nil
	}
	id, ok := twin.ParseCaseID(*caseID)
	if !ok {
		return usageErr("sim trace: --case wants PROCESS.NUMBER or an integer, got %q", *caseID)
	}
	tr, err := twin.Trace(cfg, s, ent, id)
	if err != nil {
		return err
	}
	if len(tr.Events) == 0 {
		kind := "matter"
		if *ticket {
			kind = "ticket"
		}
		return inputErr(fmt.Errorf("sim trace: no %s %s arrived in %s with seed %d (run without --case to list some; --ticket for tickets)", kind, *caseID, cfg.Name, s))
	}
	twin.WriteTimeline(stdout, tr, names)
	return nil
}

// eventLogs are the event logs `sim run` writes.
type eventLogs []twin.EventLog

// logRequest is one event log to write: its path ("" for none) and writer.
type logRequest struct {
	path string
	open func(path string, names *twin.Names) (twin.EventLog, error)
}

func openEventLogs(cfg *model.Config, reqs ...logRequest) (eventLogs, error) {
	var ls eventLogs
	names := twin.NewNames(cfg)
	for _, r := range reqs {
		if r.path == "" {
			continue
		}
		l, err := r.open(r.path, names)
		if err != nil {
			ls.abort()
			return nil, err
		}
		ls = append(ls, l)
	}
	return ls, nil
}

// observer is nil when no log is asked for, so the model builds no events.
func (ls eventLogs) observer() model.Observer {
	switch len(ls) {
	case 0:
		return nil
	case 1:
		return ls[0]
	}
	return model.ObserverFunc(func(j *model.Journey) {
		for _, l := range ls {
			l.Observe(j)
		}
	})
}

func (ls eventLogs) close() error {
	var first error
	for _, l := range ls {
		if err := l.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}
