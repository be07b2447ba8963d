package main

import (
	"bufio"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/twin"
)

// maxLiveHelp documents --max-live of sim run, sweep and compare.
const maxLiveHelp = "stop a run when more entities are live than this (default: 2 × the scenario's Little's-law estimate, at least 200000; -1 = no bound)"

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
		case model.LoadOnline:
			what = onlineLabel(u) + "; " + inPersonFigure(u)
		}
		out = append(out, fmt.Sprintf("offered load %.2f at %s (%.0f h of work a week for %.0f staff-hours open): %s",
			u.Load, u.Unit, u.WorkHours, u.CapacityHours, what))
	}
	return out
}

// onlineLabel says how a LoadOnline figure is made.
func onlineLabel(u model.OfferedLoad) string {
	return fmt.Sprintf("estimate (online uptake at the start %.0f%%; trust adapts during the run)", 100*u.OnlineShare)
}

// inPersonFigure gives a LoadOnline unit's second figure: its load if
// everyone came in person, an upper bound.
func inPersonFigure(u model.OfferedLoad) string {
	return fmt.Sprintf("everyone in person (upper bound) %.2f", u.InPerson)
}

// inPersonLines describes the units whose load under the expected channel
// split is below 1 but whose everyone-in-person upper bound reaches 1:
// sim check prints them as notes, sim run says nothing.
func inPersonLines(cfg *model.Config) []string {
	var out []string
	for _, u := range model.OfferedLoads(cfg) {
		if u.Bound == model.LoadOnline && u.Load < 1 && u.InPerson >= 1 {
			out = append(out, fmt.Sprintf("offered load %.2f at %s, an %s; %s, so the queue grows if online uptake falls below about %.0f%%",
				u.Load, u.Unit, onlineLabel(u), inPersonFigure(u), 100*(1-1/u.InPerson)/(1-u.Load/u.InPerson)*u.OnlineShare))
		}
	}
	return out
}

// warnOverload prints overloadLines as warnings, the ten highest and a
// count of the rest (sim check lists them all).
func warnOverload(w io.Writer, cfg *model.Config) {
	ls := overloadLines(cfg)
	for i, l := range ls {
		if i == 10 {
			fmt.Fprintf(w, "sim: warning: and %d more units with offered load ≥ 1 (sim check lists them)\n", len(ls)-i)
			break
		}
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

// structuralDiff lists how two scenarios differ in more than levers: the
// city (its districts and residents), the departments, the matter and
// ticket types, the run's phases. A comparison of such scenarios compares
// two different cities, not a reform.
func structuralDiff(a, b *model.Config) []string {
	var out []string
	pop := func(c *model.Config) (n int64) {
		for _, d := range c.City.Districts {
			for _, s := range d.Streets {
				for _, cm := range s.Communities {
					n += int64(cm.Population)
				}
			}
		}
		return n
	}
	names := func(n int, name func(int) string) []string {
		var s []string
		for i := range n {
			s = append(s, name(i))
		}
		return s
	}
	cmpList := func(what string, x, y []string) {
		if slices.Equal(x, y) {
			return
		}
		in := func(s []string, v string) bool { return slices.Contains(s, v) }
		var only1, only2 []string
		for _, v := range x {
			if !in(y, v) {
				only1 = append(only1, v)
			}
		}
		for _, v := range y {
			if !in(x, v) {
				only2 = append(only2, v)
			}
		}
		msg := what + " differ"
		if len(only1) > 0 {
			msg += fmt.Sprintf("; only in %s: %s", a.Name, trunc(strings.Join(only1, ", "), 120))
		}
		if len(only2) > 0 {
			msg += fmt.Sprintf("; only in %s: %s", b.Name, trunc(strings.Join(only2, ", "), 120))
		}
		if len(only1)+len(only2) == 0 {
			msg += " in order"
		}
		out = append(out, msg)
	}
	if a.City.Name != b.City.Name {
		out = append(out, fmt.Sprintf("city %q against city %q", a.City.Name, b.City.Name))
	}
	if pa, pb := pop(a), pop(b); pa != pb {
		out = append(out, fmt.Sprintf("residents %d against %d", pa, pb))
	}
	cmpList("districts", names(len(a.City.Districts), func(i int) string { return a.City.Districts[i].Name }), names(len(b.City.Districts), func(i int) string { return b.City.Districts[i].Name }))
	cmpList("departments", names(len(a.Departments), func(i int) string { return a.Departments[i].Name }), names(len(b.Departments), func(i int) string { return b.Departments[i].Name }))
	cmpList("matter types", names(len(a.Matters), func(i int) string { return a.Matters[i].Name }), names(len(b.Matters), func(i int) string { return b.Matters[i].Name }))
	cmpList("ticket types", names(len(a.Tickets), func(i int) string { return a.Tickets[i].Name }), names(len(b.Tickets), func(i int) string { return b.Tickets[i].Name }))
	if a.Run.Warmup != b.Run.Warmup || a.Run.Horizon != b.Run.Horizon {
		out = append(out, fmt.Sprintf("run phases differ (warm-up %.0f against %.0f days, window %.0f against %.0f days)", a.Run.Warmup/1440, b.Run.Warmup/1440, a.Run.Horizon/1440, b.Run.Horizon/1440))
	}
	return out
}

// warnStructural warns, before a comparison runs, about every reform that
// differs from the base in more than levers.
func warnStructural(w io.Writer, base string, reforms []string, sets []string) {
	bc, _, err := scenarios.Load(base, sets)
	if err != nil {
		return // Compare reports it
	}
	for _, r := range reforms {
		rc, _, err := scenarios.Load(r, sets)
		if err != nil {
			continue
		}
		if d := structuralDiff(bc, rc); len(d) > 0 {
			fmt.Fprintf(w, "sim: warning: %s and %s differ in more than levers, so the comparison is of two different cities: %s\n", base, r, strings.Join(d, "; "))
		}
	}
}

// warnNonFinite says how many numbers of the runs.csv and timeseries.csv
// files in dirs are NaN or ±Inf: the report's statistics leave them out
// (a baseline and its intervals move) and a chart would draw them as gaps
// or spikes, so the user is told rather than left to guess.
func warnNonFinite(w io.Writer, dirs []string) {
	for _, d := range dirs {
		for _, name := range []string{"runs.csv", "timeseries.csv"} {
			p := filepath.Join(d, name)
			rows, cells := countNonFinite(p)
			if cells > 0 {
				fmt.Fprintf(w, "sim: warning: %s: %d values in %d rows are NaN or ±Inf; the statistics leave them out and charts show gaps there\n", p, cells, rows)
			}
		}
	}
}

func countNonFinite(path string) (rows, cells int) {
	f, err := os.Open(path)
	if err != nil {
		return 0, 0
	}
	defer f.Close()
	r := csv.NewReader(bufio.NewReader(f))
	r.FieldsPerRecord = -1
	r.ReuseRecord = true
	for first := true; ; first = false {
		rec, err := r.Read()
		if err != nil {
			return rows, cells
		}
		if first {
			continue
		}
		bad := 0
		for _, s := range rec {
			switch strings.ToLower(strings.TrimSpace(s)) {
			case "nan", "inf", "+inf", "-inf", "infinity", "+infinity", "-infinity":
				bad++
			}
		}
		if bad > 0 {
			rows++
			cells += bad
		}
	}
}
