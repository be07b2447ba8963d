// Package twin connects tiaokuai to the records of a real city: it writes
// the model's journey events as event logs (CSV, OCEL 2.0 JSON and one row
// per case) that process-mining tools read, prints one case's journey as a
// timeline (Trace), fits arrival rates and resolution delays from case
// records read through a scenarios.Mapping (Records, Fit) into a scenario
// fragment that extends a base scenario (WriteFragment), and calibrates
// free parameters to KPI targets (Calibrate).
//
// Fitting streams: Records keeps counts and a reservoir of at most
// ReservoirCap durations per (category, agency), so memory does not grow
// with the file. Delays are fitted by maximum likelihood with right
// censoring (FitDelay); docs/TWIN.md documents the choices and what the Los
// Angeles data showed.
//
// Event logs stream: each event is formatted into a buffered writer as it
// happens, so memory does not grow with the length of a run, and a model
// run without an observer builds no events at all.
//
// Model time is minutes from t = 0, a Monday 00:00; logs render it as a
// calendar time from Origin (default 2024-01-01, a Monday, UTC).
package twin
