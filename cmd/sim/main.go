// Command sim runs tiaokuai scenarios headless: single runs, checks and
// listings, sweeps, comparisons and the merging of cluster shards. It never imports the
// viewer, so it builds with CGO_ENABLED=0 and runs on cluster nodes.
//
// Exit codes: 0 success, 1 run failure, 2 usage error or invalid input,
// 3 internal error (a bug: a panic, reported with a request to report it).
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"strings"
)

// exitError carries an exit code.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }

func usageErr(format string, a ...any) error {
	return &exitError{2, fmt.Errorf(format, a...)}
}

func inputErr(err error) error { return &exitError{2, err} }

type command struct {
	name, args, help string
	run              func(args []string, stdout, stderr io.Writer) error
}

var commands []command

func init() {
	commands = []command{
		{"run", "SCENARIO [flags]", "run a scenario once and write its results", cmdRun},
		{"check", "SCENARIO [--set k=v ...]", "validate a scenario and print it fully resolved", cmdCheck},
		{"scenarios", "", "list the shipped scenarios", cmdScenarios},
		{"record", "SCENARIO --gif F [--png F]", "render the animated city to GIF, MP4 or PNG (no display)", cmdRecord},
		{"sweep", "EXPERIMENT [flags]", "run an experiment: points × replications, on every core", cmdSweep},
		{"compare", "BASE REFORM... [flags]", "paired comparison of reforms with a baseline", cmdCompare},
		{"merge", "DIR... [--out DIR]", "combine the shards of a sweep", cmdMerge},
		{"sensitivity", "SWEEPDIR --kpi KPI", "Sobol indices or Morris effects of a Saltelli or Morris sweep", cmdSensitivity},
		{"robustness", "SWEEPDIR --kpi KPI", "minimax regret of lever sets, PRIM box of a failure", cmdRobustness},
		{"chart", "KIND DIR... [-o FILE]", "draw a chart (PNG or SVG) from output directories", cmdChart},
		{"report", "DIR... [-o report.html]", "write a policy report (HTML and Markdown, en or zh)", cmdReport},
		{"fit", "RECORDS... --mapping M", "fit a scenario fragment from case records (digital twin)", cmdFit},
		{"score", "FITTED RECORDS... --mapping M", "score a fitted scenario against new records: drift per ticket type", cmdScore},
		{"backtest", "RECORDS... --mapping M", "fit one window of records and score the next", cmdBacktest},
		{"calibrate", "SCENARIO --param --target", "fit free parameters so simulated KPIs match targets", cmdCalibrate},
		{"optimize", "EXPERIMENT [flags]", "search the levers for the best reform packages under a budget, robust across worlds", cmdOptimize},
		{"trace", "SCENARIO --case ID", "print one case's journey as a timeline", cmdTrace},
		{"version", "", "print the version", cmdVersion},
	}
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: sim COMMAND [arguments]")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "commands:")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-10s %-28s %s\n", c.name, c.args, c.help)
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Run 'sim COMMAND -h' for a command's flags. A shipped scenario can be named")
	fmt.Fprintln(w, "without a path (see 'sim scenarios').")
}

func main() {
	// A run keeps its live state small and allocates little once started,
	// so the collector mostly re-scans the same entities: a larger GC target
	// saves about a tenth of a big run's time (megacity: 927 MB peak at the
	// default) for memory that stays well inside a node. GOGC overrides it.
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(200)
	}
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run runs one command and returns its exit code. A panic is a bug, not a
// usage error: it exits 3 with "internal error", the stack and a request
// to report it.
func run(args []string, stdout, stderr io.Writer) (code int) {
	defer func() {
		if r := recover(); r != nil {
			fmt.Fprintf(stderr, "sim: internal error: %v\n\n%s\nThis is a bug in sim, not in your input: please report it, with this message and the command line:\n  sim %s\n", r, debug.Stack(), strings.Join(args, " "))
			code = 3
		}
	}()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		usage(stderr)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	for _, c := range commands {
		if c.name == args[0] {
			err := c.run(args[1:], stdout, stderr)
			if err == nil {
				return 0
			}
			if errors.Is(err, flag.ErrHelp) {
				return 0
			}
			var ee *exitError
			if errors.As(err, &ee) {
				fmt.Fprintln(stderr, strings.TrimRight(ee.Error(), "\n"))
				return ee.code
			}
			fmt.Fprintln(stderr, "sim:", err)
			return 1
		}
	}
	fmt.Fprintf(stderr, "sim: unknown command %q\n\n", args[0])
	usage(stderr)
	return 2
}

// parseInterleaved parses flags that may come before or after the one
// positional argument.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

func newFlagSet(name string, stderr io.Writer, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: sim %s %s\n\nflags:\n", name, synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func cmdVersion(args []string, stdout, stderr io.Writer) error {
	fmt.Fprintln(stdout, "tiaokuai", version())
	return nil
}
