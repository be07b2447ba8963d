// Package scenarios reads scenario files into a validated, fully resolved
// model.Config, and writes a Config back as canonical TOML.
//
// It is the only package that knows TOML. The format is specified in
// FORMAT.md next to this file; the meaning of every parameter is in
// docs/ODD.md.
//
// # Loading
//
// Load takes a file path or the name of a shipped scenario (embedded from
// this directory) and a list of "key=value" overrides (the CLI's --set):
//
//	cfg, res, err := scenarios.Load("midcity", []string{"platform.one_window=true"})
//
// A scenario is built in four steps:
//
//  1. Each file is decoded loosely into a tree of tables, arrays of tables
//     and values. A small scanner (lines.go) maps every key path of the file
//     to its line, because the TOML decoder reports lines for syntax errors
//     only; each value of the tree keeps the file and line where it was set.
//  2. Files are merged along "extend" (base first): tables key by key, lists
//     of named elements by name, other values replaced; each file's "remove"
//     deletes named elements of its base. Then the --set values are applied
//     with the same paths ("department.housing.windows",
//     "matter.birth.step.0.window_time").
//  3. The merged tree is walked against model.Config by reflection over its
//     toml tags, starting from the defaults of FORMAT.md, so a default
//     applies only to a missing key. Hooks handle distributions, durations,
//     calendars, enumerations, positions and the *_schedule companions;
//     schema.go holds the ranges and required keys.
//  4. Names are resolved to indices, generated districts are written out,
//     staffing, profiles, interventions and the drain default are computed,
//     and run.scale is folded into populations and absolute rates.
//
// Every problem of every step is collected: Load returns an *Error listing
// them all, each as "file:line: key: what was expected", sorted by file and
// line. Load never panics on any input.
//
// # Canonical form
//
// Encode writes a resolved Config as TOML with every key explicit and every
// value in canonical form, so that loading it gives a deep-equal Config.
// Resolved.Hash, the sha256 of that text, identifies a scenario in a run's
// manifest whatever files, bases and overrides produced it.
//
// # Experiment files
//
// LoadExperiment reads an experiment file (EXPERIMENTS.md next to this
// file) the same way: the toml tags of Experiment and the types it holds
// are its keys, experimentSchema holds their rules, and the decoder of step
// 3 reads every value, so unknown keys, wrong types and ranges are reported
// as a scenario's are. The factor tables and [replications], whose keys
// depend on each other, are walked key by key; then every level of every
// factor is loaded on every base. Package experiments runs the result.
package scenarios
