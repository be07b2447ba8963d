// Package experiments runs scenarios and writes their results: a single run
// to an output directory (summary.json, timeseries.csv, manifest.json,
// timing.json), and, built on it, sweeps, replications and comparisons.
//
// Everything written except timing.json is a pure function of the scenario
// and the seed: the same inputs give byte-identical files.
package experiments
