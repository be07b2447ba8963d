package main

import (
	"bytes"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/tiaokuai/tiaokuai/experiments"
	"github.com/tiaokuai/tiaokuai/scenarios"
	"github.com/tiaokuai/tiaokuai/twin"
)

// readRecords reads files through a mapping into one summary, kept to the
// window [from, to) (zero: unbounded).
func readRecords(m *scenarios.Mapping, files []string, from, to time.Time) (*twin.Records, error) {
	rs := twin.NewRecords(m)
	rs.SetWindow(from, to)
	if err := rs.ReadFiles(files); err != nil {
		return nil, err
	}
	return rs, nil
}

// scoreAgainst fits the new records, scores the fitted scenario at path
// (its fragment text frag) against them and prints and writes the result.
func scoreAgainst(path string, frag []byte, rs *twin.Records, alpha float64, out string, stdout io.Writer) error {
	cfg, _, err := scenarios.Load(path, nil)
	if err != nil {
		return inputErr(err)
	}
	res, err := twin.Fit(rs, twin.FitOptions{})
	if err != nil {
		return inputErr(err)
	}
	sc := twin.ScoreFit(cfg, twin.ProvenanceOf(frag), res, alpha)
	sc.Window = fmt.Sprintf("; new records: %d over %.2f days from %s", rs.Used, res.SpanDays, strings.Join(rs.Files, ", "))
	var b bytes.Buffer
	if err := twin.WriteScore(&b, sc); err != nil {
		return err
	}
	stdout.Write(b.Bytes())
	if out != "" {
		if err := experiments.WriteAtomic(out, b.Bytes()); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "wrote %s\n", out)
	}
	return nil
}

func cmdScore(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("score", stderr, "FITTED RECORDS... --mapping MAPPING [--alpha 0.05] [-o score.md]")
	mapping := fs.String("mapping", "", "the mapping file the new records are read with (required)")
	alpha := fs.Float64("alpha", 0.05, "family-wise false-alarm rate over all ticket types and tests (Holm–Bonferroni)")
	out := fs.String("o", "", "also write the table to this Markdown file")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim score: %v", err)
	}
	if len(pos) < 2 || *mapping == "" {
		return usageErr("sim score: want FITTED RECORDS... and --mapping MAPPING")
	}
	if !(*alpha > 0 && *alpha < 1) {
		return usageErr("sim score: --alpha wants a number in (0, 1), got %g", *alpha)
	}
	m, err := scenarios.LoadMapping(*mapping)
	if err != nil {
		return inputErr(err)
	}
	frag, err := os.ReadFile(pos[0])
	if err != nil {
		return inputErr(err)
	}
	rs, err := readRecords(m, pos[1:], time.Time{}, time.Time{})
	if err != nil {
		return inputErr(err)
	}
	return scoreAgainst(pos[0], frag, rs, *alpha, *out, stdout)
}

func cmdBacktest(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("backtest", stderr, "RECORDS... --mapping MAPPING [--split TIME] [--alpha 0.05] [-o DIR]")
	mapping := fs.String("mapping", "", "the mapping file naming the records' columns (required)")
	split := fs.String("split", "", "where the windows meet, in the mapping's time_format (default: half-way through the records' span)")
	alpha := fs.Float64("alpha", 0.05, "family-wise false-alarm rate over all ticket types and tests (Holm–Bonferroni)")
	out := fs.String("o", "backtest", "directory for the fit of the first window (fitted.toml and its report) and score.md")
	pos, err := parseInterleaved(fs, args)
	if err != nil {
		if err == flag.ErrHelp {
			return err
		}
		return usageErr("sim backtest: %v", err)
	}
	if len(pos) == 0 || *mapping == "" {
		return usageErr("sim backtest: want RECORDS... and --mapping MAPPING")
	}
	if !(*alpha > 0 && *alpha < 1) {
		return usageErr("sim backtest: --alpha wants a number in (0, 1), got %g", *alpha)
	}
	m, err := scenarios.LoadMapping(*mapping)
	if err != nil {
		return inputErr(err)
	}
	var at time.Time
	if *split != "" {
		if at, err = m.ParseTime(*split); err != nil {
			return usageErr("sim backtest: --split: %v", err)
		}
	} else {
		all, err := readRecords(m, pos, time.Time{}, time.Time{})
		if err != nil {
			return inputErr(err)
		}
		if all.Used == 0 {
			return inputErr(fmt.Errorf("sim backtest: no usable records in %s", strings.Join(pos, ", ")))
		}
		at = all.Start.Add(all.End.Sub(all.Start) / 2)
	}
	old, err := readRecords(m, pos, time.Time{}, at)
	if err != nil {
		return inputErr(err)
	}
	res, err := twin.Fit(old, twin.FitOptions{})
	if err != nil {
		return inputErr(fmt.Errorf("sim backtest: the window before %s: %w", at.Format(time.RFC3339), err))
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	path := filepath.Join(*out, "fitted.toml")
	var frag, rep bytes.Buffer
	if err := twin.WriteFragment(&frag, res, "backtest-"+m.Name, twin.FragmentOptions{}); err != nil {
		return err
	}
	twin.WriteReport(&rep, res)
	if err := experiments.WriteAtomic(path, frag.Bytes()); err != nil {
		return err
	}
	if err := experiments.WriteAtomic(filepath.Join(*out, "fitted-report.md"), rep.Bytes()); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "fitted %d records created before %s (as known then) into %s\n", old.Used, at.Format(time.RFC3339), path)
	recent, err := readRecords(m, pos, at, time.Time{})
	if err != nil {
		return inputErr(err)
	}
	return scoreAgainst(path, frag.Bytes(), recent, *alpha, filepath.Join(*out, "score.md"), stdout)
}
