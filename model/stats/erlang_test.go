package stats

import (
	"errors"
	"math"
	"math/big"
	"testing"
)

func TestErlangCOneServer(t *testing.T) {
	// M/M/1: P(wait) = ρ, Wq = ρ/(μ − λ) (any queueing text).
	for _, c := range []struct{ lambda, mu float64 }{{0.5, 1}, {9, 10}, {0.001, 3}, {99.9, 100}} {
		rho := c.lambda / c.mu
		p, w, err := ErlangC(1, c.lambda, c.mu)
		if err != nil || !relClose(p, rho, 1e-12) || !relClose(w, rho/(c.mu-c.lambda), 1e-10) {
			t.Errorf("ErlangC(1, %v, %v) = %v, %v, %v; want %v, %v", c.lambda, c.mu, p, w, err, rho, rho/(c.mu-c.lambda))
		}
	}
}

func TestErlangCTwoServers(t *testing.T) {
	// M/M/2 closed form: P0 = (1−ρ)/(1+ρ), P(wait) = 2ρ²/(1+ρ),
	// Wq = ρ²/(μ(1 − ρ²)).
	for _, rho := range []float64{0.1, 0.5, 0.9, 0.999} {
		mu := 2.5
		lambda := 2 * mu * rho
		p, w, err := ErlangC(2, lambda, mu)
		wantP, wantW := 2*rho*rho/(1+rho), rho*rho/(mu*(1-rho*rho))
		if err != nil || !relClose(p, wantP, 1e-10) || !relClose(w, wantW, 1e-10) {
			t.Errorf("ErlangC(2, ρ=%v) = %v, %v, %v; want %v, %v", rho, p, w, err, wantP, wantW)
		}
	}
}

func TestErlangCHand(t *testing.T) {
	// c = 3, a = λ/μ = 2: Σ_{k<3} a^k/k! = 1 + 2 + 2 = 5 and
	// a³/3!·1/(1−ρ) = (8/6)·3 = 4, so C = 4/9 and Wq = C/(cμ − λ) = 4/9.
	p, w, err := ErlangC(3, 2, 1)
	if err != nil || !relClose(p, 4.0/9, 1e-14) || !relClose(w, 4.0/9, 1e-14) {
		t.Errorf("ErlangC(3, 2, 1) = %v, %v, %v; want 4/9, 4/9", p, w, err)
	}
}

// erlangCBig evaluates the textbook Erlang C formula
//
//	C = [a^c/c!·c/(c−a)] / [Σ_{k<c} a^k/k! + a^c/c!·c/(c−a)]
//
// directly in 256-bit floating point, where a^c/c! cannot overflow: an
// independent reference for the float64 recursion.
func erlangCBig(c int, a float64) float64 {
	const prec = 256
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	sum := new(big.Float).SetPrec(prec)
	ba := new(big.Float).SetPrec(prec).SetFloat64(a)
	for k := range c {
		sum.Add(sum, term)
		term.Mul(term, ba)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(int64(k+1)))
	}
	fc := new(big.Float).SetPrec(prec).SetInt64(int64(c))
	last := new(big.Float).SetPrec(prec).Mul(term, fc)
	last.Quo(last, new(big.Float).SetPrec(prec).Sub(fc, ba))
	sum.Add(sum, last)
	r, _ := new(big.Float).Quo(last, sum).Float64()
	return r
}

func TestErlangCManyServers(t *testing.T) {
	// Up to 10⁴ servers, against the direct formula in 256-bit arithmetic
	// (a^c/c! reaches e^{±4000}, far beyond float64). Tolerance 1e-10
	// relative.
	for _, c := range []struct {
		n int
		a float64
	}{{50, 45}, {500, 480}, {10000, 9900}, {10000, 9999}, {10000, 5000}} {
		want := erlangCBig(c.n, c.a)
		p, w, err := ErlangC(c.n, c.a, 1)
		wantW := want / (float64(c.n) - c.a)
		if err != nil || !relClose(p, want, 1e-10) || !relClose(w, wantW, 1e-10) {
			t.Errorf("ErlangC(%d, %v, 1) = %v, %v, %v; want %v, %v", c.n, c.a, p, w, err, want, wantW)
		}
	}
}

func TestErlangCErrors(t *testing.T) {
	cases := []struct {
		name        string
		c           int
		lambda, mu  float64
		wantUnstabl bool
	}{
		{"rho = 1", 2, 2, 1, true},
		{"rho > 1", 1, 2, 1, true},
		{"no servers", 0, 1, 1, false},
		{"negative lambda", 1, -1, 1, false},
		{"NaN lambda", 1, math.NaN(), 1, false},
		{"zero mu", 1, 0.5, 0, false},
		{"Inf mu", 1, 0.5, math.Inf(1), false},
	}
	for _, c := range cases {
		_, _, err := ErlangC(c.c, c.lambda, c.mu)
		if err == nil || errors.Is(err, ErrUnstable) != c.wantUnstabl {
			t.Errorf("%s: err = %v, want an error (unstable: %v)", c.name, err, c.wantUnstabl)
		}
	}
	if p, w, err := ErlangC(3, 0, 1); err != nil || p != 0 || w != 0 {
		t.Errorf("no arrivals: %v, %v, %v; want 0, 0, nil", p, w, err)
	}
}

// poissonTail returns E[(N − c)⁺] and P(N ≥ c) for N ~ Poisson(a), from the
// pmf of the first c states (log-gamma), using E[(N−c)⁺] = a − c +
// Σ_{n<c} (c − n)·p_n.
func poissonTail(c int, a float64) (lq, pWait float64) {
	lq = a - float64(c)
	pWait = 1
	for n := range c {
		lg, _ := math.Lgamma(float64(n + 1))
		p := math.Exp(float64(n)*math.Log(a) - a - lg)
		lq += float64(c-n) * p
		pWait -= p
	}
	return lq, pWait
}

func TestErlangAInfiniteServerCase(t *testing.T) {
	// With θ = μ a waiting caller leaves at the rate a server would finish,
	// so the number in system is that of M/M/∞: Poisson(a), a = λ/μ, for any
	// load. Then E[Lq] = E[(N−c)⁺], pWait = P(N ≥ c), Wq = E[Lq]/λ and
	// pAbandon = θE[Lq]/λ. For c = 1 this is the hand formula
	// E[Lq] = a − 1 + e^{−a}, pWait = 1 − e^{−a}. Tolerance 1e-9 relative.
	cases := []struct {
		c          int
		lambda, mu float64
	}{{1, 0.5, 1}, {1, 3, 1}, {1, 6, 2}, {5, 8, 1}, {5, 2, 1}, {1000, 1100, 1}}
	for _, k := range cases {
		a := k.lambda / k.mu
		lq, pw := poissonTail(k.c, a)
		if k.c == 1 {
			lq, pw = a-1+math.Exp(-a), 1-math.Exp(-a)
		}
		pa, w, pWait, err := ErlangA(k.c, k.lambda, k.mu, k.mu)
		if err != nil || !relClose(pWait, pw, 1e-9) || !relClose(w, lq/k.lambda, 1e-9) || !relClose(pa, k.mu*lq/k.lambda, 1e-9) {
			t.Errorf("ErlangA(%d, %v, %v, θ=μ) = %v, %v, %v, %v; want %v, %v, %v",
				k.c, k.lambda, k.mu, pa, w, pWait, err, k.mu*lq/k.lambda, lq/k.lambda, pw)
		}
	}
}

func TestErlangAApproachesErlangC(t *testing.T) {
	// θ = 0 is Erlang C exactly (tolerance 1e-12); θ = 1e-9 perturbs the
	// wait by O(θ·E[Wq²]/Wq), at most 2e-7 relative in these cases
	// (tolerance 1e-6), and abandonment is then θ·Wq to the same tolerance.
	for _, k := range []struct {
		c          int
		lambda, mu float64
	}{{1, 0.9, 1}, {5, 4, 1}, {100, 95, 1}} {
		pc, wc, _ := ErlangC(k.c, k.lambda, k.mu)
		for _, c := range []struct{ theta, tol float64 }{{0, 1e-12}, {1e-9, 1e-6}} {
			pa, w, pw, err := ErlangA(k.c, k.lambda, k.mu, c.theta)
			if err != nil || !relClose(pw, pc, c.tol) || !relClose(w, wc, c.tol) || math.Abs(pa-c.theta*wc) > c.tol*c.theta*wc {
				t.Errorf("ErlangA(%d, %v, %v, θ=%v) = %v, %v, %v, %v; want ≈ Erlang C %v, %v", k.c, k.lambda, k.mu, c.theta, pa, w, pw, err, pc, wc)
			}
		}
	}
}

func TestErlangAOverloaded(t *testing.T) {
	// ρ = 2 with patience: a steady state exists. Flow balance: the served
	// rate λ(1 − pAbandon) cannot exceed capacity cμ, so pAbandon ≥ 1 − 1/ρ
	// = 0.5; and every abandoner waited, so pAbandon ≤ pWait.
	pa, w, pw, err := ErlangA(10, 20, 1, 0.5)
	if err != nil || pa < 0.5 || pa > pw || pw > 1 || !(w > 0) {
		t.Errorf("ErlangA(10, 20, 1, 0.5) = %v, %v, %v, %v; want 0.5 ≤ pAbandon ≤ pWait ≤ 1, wait > 0", pa, w, pw, err)
	}
	// Without patience it is unstable.
	if _, _, _, err := ErlangA(10, 20, 1, 0); !errors.Is(err, ErrUnstable) {
		t.Errorf("θ = 0, ρ = 2: err = %v, want ErrUnstable", err)
	}
	if _, _, _, err := ErlangA(1, 1, 1, -1); err == nil {
		t.Error("negative θ: no error")
	}
	// ρ = 2 with θ = 1e-12: the chain only starts to shrink after 10¹²
	// waiting callers, beyond the 10⁷-state limit, which must be an error,
	// not a hang.
	if _, _, _, err := ErlangA(1, 2, 1, 1e-12); err == nil || errors.Is(err, ErrUnstable) {
		t.Errorf("tiny θ, ρ = 2: err = %v, want the state-limit error", err)
	}
}
