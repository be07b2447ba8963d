package main

import (
	"bytes"
	"fmt"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/viz/report"
)

// TestCompareAndReportAgree: `sim compare` and `sim report` print the same
// numbers for the same runs. The comparison runs the baseline and a reform
// on three replications; the same six runs are then made one by one with
// `sim run` on the replication seeds, and the report's reform − baseline
// (computed from the run directories, paired by seed) must equal every row
// of compare.json: the same pairs, means, difference, interval and
// significance, as sim compare's table prints them (4 significant digits)
// and to 1e-12 relative beneath that.
func TestCompareAndReportAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("twelve runs")
	}
	dir := t.TempDir()
	reform := filepath.Join("..", "..", "experiments", "testdata", "classroom-one-window.toml")
	const seed, reps = 7, 3
	sim := func(args ...string) string {
		t.Helper()
		var so, se bytes.Buffer
		if code := run(args, &so, &se); code != 0 {
			t.Fatalf("sim %v: exit %d: %s", args, code, se.String())
		}
		return so.String()
	}
	cdir := filepath.Join(dir, "compare")
	sim("compare", "classroom", reform, "--reps", strconv.Itoa(reps), "--seed", strconv.Itoa(seed), "--horizon", "2w", "--workers", "2", "-q", "--out", cdir)
	var dirs []string
	for i, sc := range []string{"classroom", reform} {
		for r := range reps {
			d := filepath.Join(dir, fmt.Sprintf("s%d-r%d", i, r))
			sim("run", sc, "--seed", strconv.FormatUint(experiments.ReplicationSeed(seed, r), 10), "--horizon", "2w", "-q", "--out", d)
			dirs = append(dirs, d)
		}
	}
	cst, err := report.Load(cdir)
	if err != nil {
		t.Fatal(err)
	}
	rst, err := report.Load(dirs...)
	if err != nil {
		t.Fatal(err)
	}
	if len(rst.Scenarios) != 2 || len(rst.Scenarios[0].Seeds) != reps || len(cst.Comparisons) < 50 {
		t.Fatalf("%d scenarios of %v runs, %d comparisons", len(rst.Scenarios), rst.Scenarios[0].Seeds, len(cst.Comparisons))
	}
	same := func(a, b float64) bool {
		if math.IsNaN(a) || math.IsNaN(b) {
			return math.IsNaN(a) && math.IsNaN(b)
		}
		return num(a) == num(b) && math.Abs(a-b) <= 1e-12*math.Max(1, math.Abs(a))
	}
	withCI := 0
	for _, c := range cst.Comparisons {
		d := rst.DiffOf(rst.Scenarios[0], rst.Scenarios[1], c.KPI)
		if !d.Paired || d.N != c.N || d.Excludes0() != c.Excludes0 || !same(d.Base, c.BaseMean) || !same(d.Reform, c.ReformMean) ||
			!same(d.Est, c.Diff) || !same(d.Lo, c.Low) || !same(d.Hi, c.High) {
			t.Errorf("%s: report n=%d %s %s %s [%s, %s] significant=%v; compare n=%d %s %s %s [%s, %s] significant=%v", c.KPI,
				d.N, num(d.Base), num(d.Reform), num(d.Est), num(d.Lo), num(d.Hi), d.Excludes0(),
				c.N, num(c.BaseMean), num(c.ReformMean), num(c.Diff), num(c.Low), num(c.High), c.Excludes0)
		}
		if d.HasCI {
			withCI++
		}
	}
	t.Logf("%d KPIs agree, %d of them with an interval", len(cst.Comparisons), withCI)
	if withCI < 20 {
		t.Errorf("only %d KPIs with an interval", withCI)
	}
}

// TestCompareShowsTheThreeRates: sim compare's default table lists the
// three rates 三率 of hotline tickets after the headline KPIs when the
// scenarios have tickets, the reported resolution and false closures only
// where some scenario has false closures, and the cost per percentage
// point of each rate a reform distinguishably raises.
func TestCompareShowsTheThreeRates(t *testing.T) {
	if testing.Short() {
		t.Skip("four runs")
	}
	dir := t.TempDir()
	reform := filepath.Join("..", "..", "experiments", "testdata", "classroom-one-window.toml")
	var so, se bytes.Buffer
	if code := run([]string{"compare", "classroom", reform, "--reps", "2", "--horizon", "2w", "--workers", "2", "-q", "--out", dir}, &so, &se); code != 0 {
		t.Fatalf("exit %d: %s", code, se.String())
	}
	out := so.String()
	for _, k := range rateKPIs {
		if !strings.Contains(out, "\n"+k+" ") {
			t.Errorf("the table has no row %s:\n%s", k, out)
		}
	}
	for _, k := range gapKPIs { // classroom has no false closures
		if strings.Contains(out, k) {
			t.Errorf("the table shows %s without false closures:\n%s", k, out)
		}
	}

	// the gap rows and the cost per point, from a result made by hand
	res := &experiments.CompareResult{Base: "b", Reforms: []string{"r"}, Replications: 5, Level: 0.95, Seed: 1}
	add := func(kpi string, b, r, lo, hi float64) {
		res.Comparisons = append(res.Comparisons, experiments.Comparison{Reform: "r", KPI: kpi, N: 5, BaseMean: b, ReformMean: r,
			Diff: r - b, Low: lo, High: hi, Excludes0: lo > 0 || hi < 0})
	}
	add("cost.total", 1000, 3000, 2000, 2000)
	add("tickets.overall.response_rate", 0.3, 0.4, 0.08, 0.12)      // +10 pp: 200 per point (167–250)
	add("tickets.overall.resolution_rate", 0.8, 0.81, -0.01, 0.03)  // not distinguishable: not priced
	add("tickets.overall.satisfaction_rate", 0.7, 0.75, 0.04, 0.06) // +5 pp: 400 per point (333–500)
	add("tickets.overall.recognised_resolution_rate", 0.8, 0.9, 0.09, 0.11)
	add("tickets.overall.false_closure_share", 0, 0.05, 0.04, 0.06)
	show := defaultKPIs(res)
	var b bytes.Buffer
	printComparison(&b, res, show)
	got := b.String()
	for _, want := range []string{
		"\ntickets.overall.recognised_resolution_rate ", "\ntickets.overall.false_closure_share ",
		"extra cost.total per percentage point (over the 95% CI of the rise): response rate 200 (167–250), satisfaction rate 400 (333–500)\n",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in:\n%s", want, got)
		}
	}
	if strings.Contains(got, "resolution rate 1") {
		t.Errorf("a rise whose CI spans zero is priced:\n%s", got)
	}
}
