// Package experiments runs scenarios and writes their results: a single run
// to an output directory (summary.json, timeseries.csv, manifest.json,
// timing.json), and, built on it, sweeps, replications, comparisons and the
// merging of cluster shards.
//
// Everything written except timing.json is a pure function of the scenario
// and the seed: the same inputs give byte-identical files.
//
// # Sweeps
//
// An experiment file (scenarios/EXPERIMENTS.md, beside its parser
// scenarios.LoadExperiment) becomes a Plan with NewPlan: every point — a
// base scenario × a lever set × a world — with its parameters and the hash
// of its resolved scenario. Sweep runs a plan on a pool of workers:
//
//	src := experiments.CachedSource()
//	e, err := src.LoadExperiment("experiments/examples/classroom-levers.toml")
//	plan, err := experiments.NewPlan(e, src, runtime.GOMAXPROCS(0))
//	timing, err := experiments.Sweep(experiments.SweepSpec{Plan: plan, Experiment: e, Source: src, OutDir: "out/x"})
//
// The pieces, one per file:
//
//   - design.go: the plan, grids and samples (experiments/analysis has the
//     Latin hypercube, Halton and Sobol samplers);
//   - seeds.go: ReplicationSeed, the seed of replication r of every point,
//     which depends on the root seed and r only (common random numbers);
//   - kpi.go: FlattenKPIs, every scalar KPI of model.Results as a dotted
//     name, by reflection, so new KPI fields need no change here;
//   - precision.go: the stopping rule, decided after each whole batch from
//     replications 0…n−1 only;
//   - sweep.go: the coordinator and the workers;
//   - store.go: the journal, where each finished run is committed as one
//     checksummed record the moment it finishes; a restarted sweep skips
//     what it holds;
//   - outputs.go, parquet.go: runs.csv, runs.parquet, timeseries.parquet
//     and points.csv, written from the journal in (point, replication)
//     order — the journal and its index are the reorder buffer, so the
//     bytes do not depend on the number of workers, the order runs
//     finished in, interruptions or shards, and memory is that of the live
//     runs;
//   - shard.go, merge.go: deterministic shards (points p with p mod n = i),
//     picked up from Slurm job arrays and Kubernetes Indexed Jobs, and Merge,
//     which writes from the shards' journals exactly what one sweep writes;
//   - compare.go: Compare, the paired comparison of reforms with a baseline;
//   - jsonout.go: the one walk over the output types that writes every JSON
//     file (NaN and ±Inf as null, via stats.Float) and reads them back
//     (DecodeJSON, null as NaN — the report reads through it).
package experiments
