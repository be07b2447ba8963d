// Package report reads the outputs of `sim run`, `sim sweep` and `sim
// compare` and turns them into charts (through package chart) and into a
// policy report a reader understands without the tool, in English or
// Simplified Chinese, as one self-contained HTML page and as Markdown.
//
// Load reads output directories into a Study: `sim run` directories
// (summary.json, timeseries.csv, manifest.json) grouped into scenarios by
// scenario hash, several seeds of one scenario being its replications; or
// one sweep or comparison directory (manifest.json, runs.csv, points.csv,
// compare.json). The first scenario is the baseline. It reads the files by
// their documented formats (docs/OUTPUT.md, scenarios/EXPERIMENTS.md), the
// JSON through experiments.DecodeJSON, the walk that wrote it (null as NaN); the
// KPIs of a run flattened by experiments.FlattenKPIs, as a sweep names
// them, and the scenario of a manifest through scenarios.Settings.
//
// Kinds is the one list of the charts a study can be drawn as (`sim chart`
// lists it): adding a chart is a constructor in package chart and an entry
// in Kinds with the function that draws it from a study.
//
// Every number the report states comes with what supports it: the mean
// over replications with a Student-t confidence interval; a difference
// from the baseline paired by seed (common random numbers) when the
// scenarios ran the same seeds (stats.Paired, as `sim compare` computes
// it), or Welch's interval when not, or the interval `sim compare` wrote. The generated sentences claim a change only
// when its interval excludes zero, say "no distinguishable difference"
// when it includes zero, and say that single runs have no interval and
// their differences may be chance.
package report
