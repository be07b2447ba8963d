package stats

import (
	"errors"
	"fmt"
	"math"
)

// ErrUnstable is returned, wrapped, by ErlangC (and ErlangA without
// abandonment) when the offered load ρ = λ/(cμ) is at least 1, so that the
// queue grows without bound and has no steady state.
var ErrUnstable = errors.New("offered load ρ = λ/(cμ) ≥ 1, no steady state")

// maxErlangAStates bounds the birth–death chain of ErlangA.
const maxErlangAStates = 10_000_000

func checkQueue(op string, c int, lambda, mu float64) error {
	switch {
	case c < 1:
		return fmt.Errorf("stats: %s: %d servers, need at least 1", op, c)
	case !(lambda >= 0) || math.IsInf(lambda, 1):
		return fmt.Errorf("stats: %s: arrival rate λ = %v, need a finite value ≥ 0", op, lambda)
	case !(mu > 0) || math.IsInf(mu, 1):
		return fmt.Errorf("stats: %s: service rate μ = %v, need a finite value > 0", op, mu)
	}
	return nil
}

// ErlangC returns the steady-state probability that an arrival waits and the
// mean wait in queue Wq of the M/M/c queue with arrival rate lambda, service
// rate mu per server and c servers (rates in any consistent unit; Wq is in
// the reciprocal unit).
//
// It runs the Erlang-B recursion B₀ = 1, B_k = aB_{k−1}/(k + aB_{k−1}) with
// a = λ/μ, whose terms stay in (0, 1], then C = B/(1 − ρ(1 − B)) and
// Wq = C/(cμ − λ); so it is accurate for thousands of servers, where the
// textbook formula with a^c/c! overflows. It returns an error wrapping
// ErrUnstable when ρ = λ/(cμ) ≥ 1 and an error for invalid inputs.
func ErlangC(c int, lambda, mu float64) (pWait, meanWait float64, err error) {
	if err := checkQueue("ErlangC", c, lambda, mu); err != nil {
		return math.NaN(), math.NaN(), err
	}
	a := lambda / mu
	rho := a / float64(c)
	if rho >= 1 {
		return math.NaN(), math.NaN(), fmt.Errorf("stats: ErlangC(c=%d, λ=%v, μ=%v): ρ = %v: %w", c, lambda, mu, rho, ErrUnstable)
	}
	b := 1.0
	for k := 1; k <= c; k++ {
		b = a * b / (float64(k) + a*b)
	}
	pWait = b / (1 - rho*(1-b))
	return pWait, pWait / (float64(c)*mu - lambda), nil
}

// ErlangA returns the steady-state performance of the M/M/c+M queue (Erlang
// A, Palm's model): Poisson arrivals at rate lambda, c servers of rate mu,
// and callers who abandon after an exponential patience of rate theta (mean
// patience 1/θ) if not yet served — the hotline of the model.
//
//   - pAbandon is the share of arrivals who abandon, θ·E[Lq]/λ;
//   - meanWait is the mean time in queue over all arrivals, served or not,
//     E[Lq]/λ by Little's law;
//   - pWait is the probability that an arrival finds all servers busy
//     (PASTA).
//
// The values come from the exact stationary distribution of the birth–death
// chain with birth rate λ and death rate min(n, c)μ + max(n − c, 0)θ in
// state n, summed until the neglected tail is below 1e-16 of the total
// (relative to E[Lq] too), with rescaling so that no term overflows. Unlike
// Erlang C it has a steady state for any load when θ > 0. With θ = 0 it is
// Erlang C and needs ρ < 1. It returns an error when the inputs are invalid,
// or when the chain would need more than 10⁷ states (a tiny θ with ρ > 1).
func ErlangA(c int, lambda, mu, theta float64) (pAbandon, meanWait, pWait float64, err error) {
	nan := math.NaN()
	if err := checkQueue("ErlangA", c, lambda, mu); err != nil {
		return nan, nan, nan, err
	}
	if !(theta >= 0) || math.IsInf(theta, 1) {
		return nan, nan, nan, fmt.Errorf("stats: ErlangA: abandonment rate θ = %v, need a finite value ≥ 0", theta)
	}
	if lambda == 0 {
		return 0, 0, 0, nil
	}
	if rho := lambda / (float64(c) * mu); theta == 0 && rho >= 1 {
		return nan, nan, nan, fmt.Errorf("stats: ErlangA(c=%d, λ=%v, μ=%v, θ=0): ρ = %v: %w", c, lambda, mu, rho, ErrUnstable)
	}
	death := func(n int) float64 {
		if n <= c {
			return float64(n) * mu
		}
		return float64(c)*mu + float64(n-c)*theta
	}
	// t is the unnormalised probability of state n; s, busy and lq
	// accumulate Σt, Σ_{n≥c} t and Σ (n−c)⁺ t.
	t, s, busy, lq := 1.0, 1.0, 0.0, 0.0
	for n := 1; ; n++ {
		if n > maxErlangAStates {
			return nan, nan, nan, fmt.Errorf("stats: ErlangA(c=%d, λ=%v, μ=%v, θ=%v): more than %d states needed", c, lambda, mu, theta, maxErlangAStates)
		}
		t *= lambda / death(n)
		s += t
		if n >= c {
			busy += t
			lq += float64(n-c) * t
		}
		if t > 1e250 {
			const k = 1e-250
			t, s, busy, lq = t*k, s*k, busy*k, lq*k
		}
		if n < c {
			continue
		}
		// From here on the ratio of successive terms, r_k = λ/death(k), does
		// not increase, so the tail after n is bounded by geometric series.
		r := lambda / death(n+1)
		if r >= 1 {
			continue
		}
		g := r / (1 - r)
		tailMass := t * g
		tailLq := t * (float64(n-c)*g + g/(1-r))
		if tailMass <= 1e-16*s && tailLq <= 1e-16*lq {
			break
		}
	}
	elq := lq / s
	return theta * elq / lambda, elq / lambda, busy / s, nil
}
