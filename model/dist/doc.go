// Package dist parses and samples the distributions of scenario files
// (docs/ODD.md §6.1, scenarios/FORMAT.md "Value syntax").
//
// A spec names a family and its parameters:
//
//	spec                          mean            notes
//	const(v) or v                 v               "30m", or a TOML number as text
//	exp(mean)                     mean
//	lognormal(mean, cv)           mean            σ² = ln(1+cv²), μ = ln(mean) − σ²/2
//	gamma(mean, cv)               mean            shape 1/cv², scale mean·cv²
//	uniform(min, max)             (min+max)/2
//	triangular(min, mode, max)    (min+mode+max)/3
//	empirical(v1, v2, ...)        sample mean     each value equally likely
//	empirical(file = "t.csv")     sample mean     one value per line, see below
//	beta(mean, concentration)     mean            numbers only; a = mean·c, b = (1−mean)·c
//
// Names are case-insensitive and spaces are ignored. The cv (coefficient of
// variation, standard deviation ÷ mean) may be 0, which makes lognormal and
// gamma constant; it is at most MaxCV.
//
// # Units
//
// Parse reads specs in one of two units. With Number every value is a plain
// number. With Duration every value carries an elapsed-time suffix — s, m,
// h, d or w, decimals allowed ("1.5h") — and the distribution is in
// minutes; a bare number is an error (the unit is not guessed), and so is
// working time ("4wh", "3wd"), which only means something against a
// calendar (see package calendar). The cv of lognormal and gamma is a plain
// number in both units.
//
// Drawn values are never negative (docs/ODD.md §6.1), so Parse rejects
// negative values and means; exp, lognormal and gamma want a positive mean.
//
// # Files
//
// empirical(file = "name") asks the readFile function given to Parse for the
// file (resolving it against the scenario's directory is the caller's job).
// The file holds one value per line; only the first comma-separated column
// is read, blank lines and # comments are skipped, and so is a first line
// that does not start like a number (a header). In Duration mode a value
// without a unit is in minutes.
//
// # Round trip
//
// String prints a canonical spec that Parse reads back, in the same unit,
// to an Equal distribution: full float precision, durations in the largest
// unit in which they are a whole number ("exp(12m)", "lognormal(2h, 0.5)",
// "90s"), a constant as a bare value, a file's sample inline. Distributions
// built in code with Const and Exp are in Number; WithUnit(Duration) makes
// them print as durations.
//
// # Sampling
//
// Sample draws from an explicit *rand.Rand (one per stream, see package
// rng) and does not allocate. Gamma variates use Marsaglia and Tsang's
// method (shape < 1 boosted by U^(1/shape)); beta is the ratio of two
// gammas, computed in logs so that small shapes stay accurate.
package dist
