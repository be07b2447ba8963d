package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/internal/atomicfile"
	"github.com/tiaokuai/tiaokuai/viz/chart"
	"github.com/tiaokuai/tiaokuai/viz/report"
)

func chartKinds() string {
	var b strings.Builder
	for _, k := range report.Kinds {
		fmt.Fprintf(&b, "  %-13s %s\n", k.Kind, k.Needs)
	}
	return b.String()
}

func cmdChart(args []string, stdout, stderr io.Writer) error {
	const synopsis = "KIND DIR... [-o FILE.png|FILE.svg] [--lang en|zh] [flags]"
	fs := newFlagSet("chart", stderr, synopsis)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: sim chart %s\n\nDraws a chart from `sim run` directories (the first scenario is the baseline;\nseveral seeds of a scenario are its replications) or one sweep or compare directory.\n\nkinds:\n%s\nflags:\n", synopsis, chartKinds())
		fs.PrintDefaults()
	}
	out := fs.String("o", "", "output file, .png or .svg (default KIND.png)")
	lang := fs.String("lang", "en", "language of the chart's words: en or zh")
	kpi := fs.String("kpi", "", "KPI of a response curve (a dotted name, default "+report.Headline.Key+")")
	x := fs.String("x", "", "response: the factor on the x axis (default the sweep's first)")
	by := fs.String("by", "", "response: one line per level of this factor (default the second)")
	column := fs.String("column", "backlog_hours", "series: the column of timeseries.csv")
	scenario := fs.Int("scenario", 0, "workload-map: which scenario (0 = the first directory's)")
	group := fs.String("group", "", "sobol: the group of sensitivity.csv, SCENARIO or SCENARIO/N (default the first)")
	dpi := fs.Int("dpi", chart.DefaultDPI, "PNG resolution (pixels per inch; the chart is 8 × 5 in)")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim chart: %v", err)
	}
	if len(pos) < 2 {
		return usageErr("sim chart: want a chart kind and at least one output directory\n\nkinds:\n%s", chartKinds())
	}
	language, err := i18n.Parse(*lang)
	if err != nil {
		return usageErr("sim chart: --lang wants en or zh, got %q", *lang)
	}
	if *dpi < 24 || *dpi > 1200 {
		return usageErr("sim chart: --dpi wants 24…1200, got %d", *dpi)
	}
	kind := chart.Kind(pos[0])
	file := *out
	if file == "" {
		file = string(kind) + ".png"
	}
	format, err := chart.FormatOf(file)
	if err != nil {
		return usageErr("sim chart: -o: %v", err)
	}
	st, err := report.Load(pos[1:]...)
	if err != nil {
		return inputErr(err)
	}
	warnNonFinite(stderr, pos[1:])
	c, err := st.Chart(kind, report.ChartOptions{Lang: language, KPI: *kpi, X: *x, By: *by, Column: *column, Scenario: *scenario, Group: *group})
	if err != nil {
		return inputErr(err)
	}
	for _, w := range c.Warnings {
		fmt.Fprintln(stderr, "sim: warning:", w)
	}
	if err := writeChart(c, file, format, *dpi); err != nil {
		return err
	}
	if st.Optimize != nil {
		fmt.Fprintf(stdout, "%s chart of %d finalists written to %s\n", kind, len(st.Optimize.Finalists), file)
		return nil
	}
	fmt.Fprintf(stdout, "%s chart of %d scenario(s) written to %s\n", kind, len(st.Scenarios), file)
	return nil
}

// writeChart renders a chart to a file.
func writeChart(c *chart.Chart, file string, f chart.Format, dpi int) error {
	b, err := c.Bytes(f, dpi)
	if err != nil {
		return err
	}
	if dir := filepath.Dir(file); dir != "." {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	return atomicfile.Write(file, b)
}

// writeStandardCharts draws the standard charts of a finished sweep or
// comparison into DIR/charts (`sim sweep --charts`, `sim compare
// --charts`): for a comparison, the forest plot of reform − baseline and
// cost against improvement; for a sweep, the response of the headline KPI
// to its first numeric factor; for both, the Lorenz curve of street
// workload when the outputs have it (and a sweep has at most four points). A chart the outputs cannot support is
// named on stderr with the reason, and the others are still drawn.
func writeStandardCharts(dir string, stdout, stderr io.Writer) error {
	st, err := report.Load(dir)
	if err != nil {
		return err
	}
	kinds := []chart.Kind{chart.KindResponse}
	if len(st.Scenarios) <= 4 {
		kinds = append(kinds, chart.KindLorenz) // one curve per point: a few at most
	}
	if st.Source == "compare" {
		kinds = []chart.Kind{chart.KindForest, chart.KindCost, chart.KindLorenz}
		if st.HasRates() {
			kinds = append(kinds, chart.KindRates)
		}
	}
	var wrote []string
	for _, k := range kinds {
		c, err := st.Chart(k, report.ChartOptions{})
		if err != nil {
			fmt.Fprintf(stderr, "sim: chart %s not drawn: %v\n", k, err)
			continue
		}
		for _, w := range c.Warnings {
			fmt.Fprintln(stderr, "sim: warning:", w)
		}
		file := filepath.Join(dir, "charts", string(k)+".png")
		if err := writeChart(c, file, chart.PNG, chart.DefaultDPI); err != nil {
			return err
		}
		wrote = append(wrote, file)
	}
	if len(wrote) > 0 {
		fmt.Fprintf(stdout, "charts: %s\n", strings.Join(wrote, ", "))
	}
	return nil
}
