package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/twin"
	"github.com/tiaokuai/tiaokuai/viz/chart"
)

func cmdFit(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("fit", stderr, "RECORDS... --mapping MAPPING [-o fitted.toml] [--base SCENARIO]")
	mapping := fs.String("mapping", "", "the mapping file naming the records' columns (required; see docs/TWIN.md)")
	out := fs.String("o", "fitted.toml", "the scenario fragment to write; the report goes beside it (NAME-report.md, NAME-fits.csv, NAME-delays.png)")
	base := fs.String("base", "", "the scenario the fragment extends (default: the mapping's base)")
	name := fs.String("name", "", "the fitted scenario's name (default: fitted-MAPPINGNAME)")
	baseCity := fs.Bool("base-city", false, "keep the base's city instead of one district per area of the records (with per-area ticket rates)")
	ksMax := fs.Float64("ks-max", 0.05, "KS distance (over the observed part) above which the Kaplan–Meier curve replaces the best parametric fit")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim fit: %v", err)
	}
	if len(pos) == 0 || *mapping == "" {
		return usageErr("sim fit: want RECORDS... and --mapping MAPPING")
	}
	if !(*ksMax > 0 && *ksMax <= 1) {
		return usageErr("sim fit: --ks-max wants a distance in (0, 1], got %g", *ksMax)
	}
	m, err := scenarios.LoadMapping(*mapping)
	if err != nil {
		return inputErr(err)
	}
	if *base != "" {
		m.Base = *base
	}
	if *name == "" {
		*name = "fitted-" + m.Name
	}
	start := time.Now()
	rs := twin.NewRecords(m)
	if err := rs.ReadFiles(pos); err != nil {
		return inputErr(err)
	}
	read := time.Since(start)
	res, err := twin.Fit(rs, twin.FitOptions{KSMax: *ksMax})
	if err != nil {
		return inputErr(err)
	}
	total := time.Since(start)
	stem := strings.TrimSuffix(*out, filepath.Ext(*out))
	if err := os.MkdirAll(filepath.Dir(*out), 0o755); err != nil {
		return err
	}
	// The base, resolved as the fragment's extend will be: its ticket types
	// are replaced by the data's.
	baseCfg, _, err := scenarios.LoadBytes(*out, []byte(fmt.Sprintf("extend = %q\n", m.Base)), nil)
	if err != nil {
		return inputErr(fmt.Errorf("sim fit: the base %q: %w", m.Base, err))
	}
	var fopt twin.FragmentOptions
	for _, t := range baseCfg.Tickets {
		fopt.BaseTickets = append(fopt.BaseTickets, t.Name)
	}
	var bad []string
	for _, cat := range slices.Sorted(maps.Keys(m.Types)) {
		if t := m.Types[cat]; !slices.Contains(fopt.BaseTickets, t) {
			bad = append(bad, fmt.Sprintf("%s: types.%q: no ticket type %q in the base %q (it has: %s)", *mapping, cat, t, m.Base, strings.Join(fopt.BaseTickets, ", ")))
		}
	}
	if len(bad) > 0 {
		return inputErr(fmt.Errorf("sim fit: %s", strings.Join(bad, "\n")))
	}
	if !*baseCity {
		for _, d := range baseCfg.City.Districts {
			fopt.BaseDistricts = append(fopt.BaseDistricts, d.Name)
			for _, st := range d.Streets {
				for _, c := range st.Communities {
					fopt.Population += c.Population
				}
			}
		}
	}
	var frag, rep, fits bytes.Buffer
	if err := twin.WriteFragment(&frag, res, *name, fopt); err != nil {
		return err
	}
	if _, _, err := scenarios.LoadBytes(*out, frag.Bytes(), nil); err != nil {
		return fmt.Errorf("sim fit: the fitted fragment does not load (a bug; please report it): %w", err)
	}
	if err := twin.WriteReport(&rep, res); err != nil {
		return err
	}
	if err := twin.WriteCSV(&fits, res); err != nil {
		return err
	}
	chart := stem + "-delays.png"
	if err := writeDelayChart(chart, res); err != nil {
		fmt.Fprintf(stderr, "sim fit: warning: no chart: %v\n", err)
		chart = ""
	}
	for _, f := range []struct {
		path string
		data []byte
	}{{*out, frag.Bytes()}, {stem + "-report.md", rep.Bytes()}, {stem + "-fits.csv", fits.Bytes()}} {
		if err := experiments.WriteAtomic(f.path, f.data); err != nil {
			return err
		}
	}
	fmt.Fprintf(stdout, "%d rows (%d used) from %d file(s) over %.2f days; %d categories, %d ticket types\n",
		rs.Rows, rs.Used, len(rs.Files), res.SpanDays, len(res.Categories), len(res.Cells))
	fmt.Fprintf(stdout, "read %.0f records/s, fitted in %.2f s in all\n", float64(rs.Rows)/read.Seconds(), total.Seconds())
	if p := rs.Pooled; p != [3]int{} {
		fmt.Fprintf(stdout, "pooled: %d categories beyond the top %d into %q, %d agencies beyond %d, %d areas beyond %d\n",
			p[0], m.TopCategories, twin.OtherCategory, p[1], twin.MaxAgencies, p[2], twin.MaxAreas)
	}
	if bad := rs.BadSummary(); bad != "" {
		fmt.Fprintf(stdout, "rows not used or used in part, by reason:\n%s", bad)
	}
	if res.Unreliable {
		fmt.Fprintf(stdout, "warning: under %g days of data: rates and weekday profiles are unreliable\n", m.MinSpanDays)
	}
	printSources(stdout, res)
	if m.Columns.Transfers != "" {
		var all twin.Transfers
		routed := 0
		for _, c := range res.Cells {
			all.N += c.Transfers.N
			all.Any += c.Transfers.Any
			all.Sum += c.Transfers.Sum
			if c.Transfers.Any > 0 && !c.BaseType {
				routed++
			}
		}
		if all.N > 0 {
			fmt.Fprintf(stdout, "routing from the transfers column: %d of %d types with transfers; %d of %d records (%.1f%%) transferred, %.3g transfers per record", routed, len(res.Cells), all.Any, all.N, 100*all.Share(), all.Mean())
			if m.TransferTime != "" {
				fmt.Fprintf(stdout, "; each routing step takes transfer_time %s", m.Transfer.String())
			}
			fmt.Fprintln(stdout)
		}
	}
	fmt.Fprintf(stdout, "wrote %s, %s-report.md, %s-fits.csv", *out, stem, stem)
	if chart != "" {
		fmt.Fprintf(stdout, ", %s", chart)
	}
	fmt.Fprintf(stdout, "\nthe fragment loads (sim check %s); run it with: sim run %s\n", *out, *out)
	return nil
}

// printSources prints how many ticket types (and records) got their delay
// from which source, and lists the extrapolated and default ones.
func printSources(w io.Writer, res *twin.Result) {
	types, recs := res.Sources()
	fmt.Fprintf(w, "delays:")
	for _, s := range []string{twin.SourceFitted, twin.SourceExtrapolated, twin.SourceDefault} {
		fmt.Fprintf(w, " %d %s (%d records);", types[s], s, recs[s])
	}
	fmt.Fprintln(w)
	listed := 0
	for _, c := range res.Cells {
		if c.Source != twin.SourceFitted {
			if listed++; listed > 10 {
				fmt.Fprintf(w, "  … and %d more (see the report)\n", types[twin.SourceExtrapolated]+types[twin.SourceDefault]-10)
				break
			}
		}
		switch c.Source {
		case twin.SourceExtrapolated:
			fmt.Fprintf(w, "  extrapolated %s: the records reach %.1f%% of the mass; an exponential tail (mean %.3g h beyond %.3g h) carries the rest\n",
				c.Ticket, 100*c.Delay.Coverage, 1/c.Delay.Tail.Rate/60, c.Delay.Tail.Start/60)
		case twin.SourceDefault:
			fmt.Fprintf(w, "  default %s: %s\n", c.Ticket, c.Problem)
		}
	}
}

// writeDelayChart draws observed (Kaplan–Meier) against fitted (chosen) resolution
// delays of the three biggest ticket types.
func writeDelayChart(path string, res *twin.Result) error {
	var series []chart.LineSeries
	for _, c := range twin.DelayCurves(res, 3, 40) {
		series = append(series, chart.LineSeries{Name: c.Name, X: c.X, Y: c.Y})
	}
	if len(series) == 0 {
		return fmt.Errorf("no ticket type has a fitted delay")
	}
	ch, err := chart.Response(series, chart.Options{Title: "Resolution delay: observed (Kaplan–Meier) vs fitted",
		X: chart.AxisText{Label: "time since created", Unit: "h"}, Y: chart.AxisText{Label: "resolved", Unit: "%"}})
	if err != nil {
		return err
	}
	b, err := ch.Bytes(chart.PNG, chart.DefaultDPI)
	if err != nil {
		return err
	}
	return experiments.WriteAtomic(path, b)
}
