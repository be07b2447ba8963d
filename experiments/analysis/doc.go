// Package analysis holds the statistics of experiments over many runs: the
// sampling designs that choose which parameter values to run, the
// sensitivity analyses that say which parameters matter, and the
// robustness analyses that compare policies across uncertain worlds.
//
// It is pure: no files, no goroutines, no clocks, no global random state.
// Every function that draws random numbers takes a *rand.Rand, so a result
// is a function of its inputs and the generator's seed. The package knows
// nothing of scenarios or the simulator; the sweep machinery maps design
// points to parameter values, runs them, and hands the outputs back.
//
// # Designs
//
// A design is a list of points in the unit cube [0, 1)^d, one coordinate per
// varied parameter; Scale maps them to the parameters' ranges.
//
//   - Sobol: the Sobol low-discrepancy sequence with the direction numbers
//     of Joe and Kuo (2008), up to MaxSobolDims dimensions, checked against
//     the output of the authors' reference program. The most uniform of the
//     three for a given n, and the base of the Saltelli design; take n a
//     power of two.
//   - Halton: the Halton sequence with a fixed digit scramble (HaltonRand for
//     others); good in a few dimensions and for any n.
//   - LatinHypercube: random, with each parameter's range cut into n
//     strata and one point in each; the classic design when n is small or
//     replicated designs must be independent.
//
// Low-discrepancy sequences are deterministic, so the points of a sweep are
// the same on every machine and every shard; a Latin hypercube is the same
// for the same seed.
//
// # Sensitivity
//
// Morris screening (MorrisDesign, MorrisEffects) costs r(d + 1) runs,
// typically r = 10–50, and ranks parameters by μ*, the mean absolute
// elementary effect, with σ flagging non-linearity and interactions: use it
// first, to drop parameters that do not matter. Sobol indices (SaltelliDesign,
// SobolIndices) cost n(d + 2) runs, typically n = 2^10 or more, and say
// what share of the output variance each parameter explains alone (S1) and
// with its interactions (ST), with bootstrap confidence intervals.
//
// Simulation outputs are noisy. Run each design point several times on
// common random numbers (replication r of every point uses seed r) and
// analyse the mean of each point; ReplicateNoise returns those means and
// the share of their variance that is replication noise, which no input
// explains and which bounds what the indices can add up to.
//
// # Robustness
//
// For policy questions the parameters split into levers (what policy sets)
// and uncertainties (what it does not control). MinimaxRegret takes the
// outcome of each lever set in each world (a combination of uncertainties)
// and picks the lever set whose worst regret, against the best choice in
// hindsight for each world, is smallest. PRIM (scenario discovery) takes
// all runs and a failure condition, such as p90 latency above its limit,
// and finds a box of inputs, "demand above 0.6 and staff below 0.4", where
// failure is concentrated, with its coverage, density and the significance
// of each restriction.
//
// # References
//
//   - S. Joe and F. Y. Kuo, Constructing Sobol sequences with better
//     two-dimensional projections, SIAM J. Sci. Comput. 30 (2008).
//   - A. Saltelli et al., Variance based sensitivity analysis of model
//     output, Comput. Phys. Commun. 181 (2010); Global Sensitivity
//     Analysis: The Primer, Wiley (2008).
//   - M. D. Morris, Factorial sampling plans for preliminary computational
//     experiments, Technometrics 33 (1991); F. Campolongo, J. Cariboni and
//     A. Saltelli, An effective screening design for sensitivity analysis
//     of large models, Environ. Model. Softw. 22 (2007).
//   - R. J. Lempert, S. W. Popper and S. C. Bankes, Shaping the Next One
//     Hundred Years, RAND (2003).
//   - J. H. Friedman and N. I. Fisher, Bump hunting in high-dimensional
//     data, Stat. Comput. 9 (1999); B. P. Bryant and R. J. Lempert, Thinking
//     inside the box, Technol. Forecast. Soc. Change 77 (2010).
package analysis
