// Package stats holds the streaming statistics every KPI of the model is
// built from, the interval estimates that compare scenarios, and the
// closed-form queueing results the model is checked against.
//
// # Streaming accumulators
//
// A run produces millions of observations; none is kept. Each accumulator
// has memory fixed by its layout, never by the number of observations, and
// two accumulators of the same kind can be merged, so per-unit statistics
// add up to district and city totals and replications can be pooled.
//
//   - Moments: count, mean, variance, sum, min, max (Welford; merged with
//     the formula of Chan, Golub and LeVeque). Visits per matter, bounces
//     per ticket, waits.
//   - LogHist: a histogram with fixed log-spaced bins for quantities that
//     span orders of magnitude, with the exact mean, min and max kept
//     alongside. Latency p50/p90/p95 and the latency histogram of §7 of the
//     model. A quantile in a regular bin is within a relative error of
//     10^(1/perDecade) − 1 of the exact sample quantile (2.3% with 100
//     bins per decade); on smooth densities it is an order of magnitude
//     better.
//   - TimeAverage: the integral and time average of a piecewise-constant
//     level over the observation window, for utilisation, queue lengths,
//     backlog and tickets in flight: the run starts before the window (warm-
//     up) and drains after it, and only the part inside counts.
//   - BatchMeans: the mean of one long autocorrelated output series and its
//     confidence interval by non-overlapping batch means (one float per
//     batch).
//
// # Comparing runs
//
// Every KPI of a sweep carries a confidence interval over replications:
// MeanCI (Student t), and PairedCI for a reform against a baseline on the
// same seeds, the test of the model's patterns ("the paired 95% CI excludes
// zero"). TQuantile wraps gonum's Student t quantile (with a Cornish–Fisher
// expansion for more than 10⁵ degrees of freedom, where gonum loses
// digits). MSER5 estimates how much warm-up to delete from an output series.
// Percentile (type 7) summarises small samples such as one KPI over
// replications; Gini, TopShare and Lorenz measure how unequally work falls
// on grassroots units.
//
// # Queueing references
//
// ErlangC (M/M/c) and ErlangA (M/M/c with exponential patience) give the
// steady-state waits the simulated offices and hotline must reproduce (§8,
// P8). Both are stable for thousands of servers: Erlang C through the
// Erlang-B recursion, Erlang A by summing the birth–death chain with
// rescaling.
//
// # Conventions
//
// A statistic of too few observations is NaN (the mean of nothing, the
// variance or interval of one value), never a silent 0. Arguments fixed by
// the program (a histogram layout, a confidence level, times that go back,
// negative durations) are invariants and panic with a message prefixed
// "stats:"; inputs that may come from users (queue parameters, paired
// samples of different lengths) return errors. The package never draws
// random numbers, prints or allocates per observation.
package stats
