// Package search finds good decision values for a noisy, batch-evaluated
// objective: the policy search behind `sim optimize`. It knows nothing of
// the simulator; the caller states the problem and evaluates batches.
//
// The split follows gonum/optimize:
//
//   - a Problem: the decision variables (Space), the number of objectives
//     (all minimised; negate one to maximise it) and a function that
//     evaluates a batch of candidates, returning objective values and a
//     constraint violation for each;
//   - a Method: CMAES (gonum's optimize.CmaEsChol, single objective) or
//     NSGA2 (multi-objective, written here: no maintained Go library of it
//     is served);
//   - Settings: the seed and the stopping rule (evaluations, generations);
//   - an Observer called after every generation with what it evaluated.
//
// Determinism: a method proposes a whole generation, the problem evaluates
// it as one batch, and the method updates only after the whole batch is
// back, so the result depends on the seed alone, never on the order in
// which parallel evaluations finish. Candidates that decode to values seen
// before (integer, boolean and named-variant variables make this common)
// are taken from the archive and not evaluated again.
//
// Race compares candidates on paired (common-random-number) replications,
// adding batches until paired confidence intervals separate them or a
// budget is spent, and reports a tie when they do not.
package search
