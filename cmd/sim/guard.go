package main

import (
	"fmt"
	"io"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/twin"
)

// overloadLines describes every unit whose offered load over a week
// reaches 1 (model.OfferedLoads), one line each, saying whether the
// figure is exact or a bound.
func overloadLines(cfg *model.Config) []string {
	var out []string
	for _, u := range model.Overloaded(cfg) {
		what := "its queue grows for as long as this demand lasts"
		switch u.Bound {
		case model.LoadUpper:
			what = "an upper bound (everyone in person): the queue grows unless enough go online"
		case model.LoadEstimate:
			what = "an estimate (routing moves ticket work between units)"
		case model.LoadLower:
			what = "a lower bound: its queue grows for as long as this demand lasts"
		}
		out = append(out, fmt.Sprintf("offered load %.2f at %s (%.0f h of work a week for %.0f staff-hours open): %s",
			u.Load, u.Unit, u.WorkHours, u.CapacityHours, what))
	}
	return out
}

// warnOverload prints overloadLines as warnings.
func warnOverload(w io.Writer, cfg *model.Config) {
	for _, l := range overloadLines(cfg) {
		fmt.Fprintln(w, "sim: warning:", l)
	}
}

// abort closes the logs of a run that did not finish: each is left under
// its .partial name (twin.Abort).
func (ls eventLogs) abort() {
	for _, l := range ls {
		twin.Abort(l)
	}
}

// checkOut refuses to write results of one kind (want: "run" or "sweep")
// into a directory that holds the other, unless overwrite is set: a run's
// manifest.json over a sweep's would make the sweep unreadable.
func checkOut(cmd, dir, want string, overwrite bool) error {
	have := experiments.OutKind(dir)
	if have == "" || have == want || overwrite {
		return nil
	}
	return usageErr("sim %s: %s holds the results of a %s; give another --out, or --overwrite to replace its files", cmd, dir, have)
}

// warnJournalCut says on the console when a sweep's journal ended in bytes
// that were not complete records — a killed sweep's last record, or a
// corruption, after which every later record is dropped — and were cut off.
func warnJournalCut(w io.Writer, tm *experiments.SweepTiming) {
	if tm != nil && tm.Cut > 0 {
		fmt.Fprintf(w, "sim: warning: the sweep's journal ended in %d bytes that were not complete, valid records (a killed sweep, or corruption: every record after a bad one is dropped); they were cut off and their runs done again\n", tm.Cut)
	}
}
