// Package twin connects tiaokuai to the records of a real city (docs/TWIN.md,
// "Twin your city").
//
// It writes the model's journey events as event logs — CSV, OCEL 2.0 JSON
// (valid against the specification's schema), XES (IEEE 1849-2016) and one
// row per case — that process-mining tools read, and prints one case's
// journey as a timeline (Trace).
//
// It reads case records through a scenarios.Mapping (Records: streaming,
// bounded memory, bad rows counted by reason with examples, duplicate ids
// dropped, gzip read, other binary refused) and fits arrival rates,
// profiles, per-area rates and resolution delays (Fit, FitDelay: censored
// maximum likelihood where enough is observed, else the Kaplan–Meier curve
// with an explicit tail; every type's source reported) into a scenario
// fragment that extends a base scenario and is a working twin of the
// records (WriteFragment). ScoreFit compares a fitted scenario with new
// records and flags drift under family-wise false-alarm control; Calibrate
// fits free parameters to KPI targets.
//
// Event logs stream: each event is formatted into a buffered file as it
// happens, so memory does not grow with the length of a run, and a model
// run without an observer builds no events at all.
//
// Model time is minutes from t = 0, a Monday 00:00; logs render it as a
// calendar time from Origin (default 2024-01-01, a Monday, UTC).
package twin
