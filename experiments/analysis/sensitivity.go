package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/tiaokuai/tiaokuai/model/stats"
)

// Index is an estimate with a bootstrap confidence interval: Value is the
// estimate from all samples and [Lo, Hi] the 95% percentile interval of its
// bootstrap replicates. Lo and Hi are NaN when no bootstrap was asked for.
type Index struct {
	Value, Lo, Hi float64
}

// SaltelliDesign returns the sampling matrices of a Saltelli design for
// Sobol indices of dims factors with n base samples, all in [0, 1)^dims:
// A and B (n points each) are the first and last dims coordinates of the
// first n points of a 2·dims-dimensional Sobol sequence, and AB[i] (i <
// dims) is A with its column i taken from B. The model is evaluated at the
// n(dims + 2) points of A, B and every AB[i], in any order, and the outputs
// are passed to SobolIndices in the same layout.
//
// Like Sobol, the design starts at the origin (row 0 of A and B); n should
// be a power of two, where the Sobol points are balanced. SaltelliDesign
// returns an error when n < 2, dims < 1 or 2·dims > MaxSobolDims.
//
// Reference: A. Saltelli et al., "Variance based sensitivity analysis of
// model output. Design and estimator for the total sensitivity index",
// Comput. Phys. Commun. 181 (2010) 259–270.
func SaltelliDesign(n, dims int) (A, B [][]float64, AB [][][]float64, err error) {
	if dims < 1 || 2*dims > MaxSobolDims {
		return nil, nil, nil, fmt.Errorf("analysis: SaltelliDesign: %d factors, want 1 to %d", dims, MaxSobolDims/2)
	}
	if n < 2 {
		return nil, nil, nil, fmt.Errorf("analysis: SaltelliDesign: %d base samples, want at least 2", n)
	}
	base, err := Sobol(n, 2*dims)
	if err != nil {
		return nil, nil, nil, err
	}
	A = make([][]float64, n)
	B = make([][]float64, n)
	for j, p := range base {
		A[j] = p[:dims:dims]
		B[j] = p[dims:]
	}
	AB = make([][][]float64, dims)
	for i := range AB {
		AB[i] = make([][]float64, n)
		for j := range n {
			q := slices.Clone(A[j])
			q[i] = B[j][i]
			AB[i][j] = q
		}
	}
	return A, B, AB, nil
}

// SobolIndices estimates the first-order and total Sobol indices of each
// factor from the outputs of a Saltelli design: fA[j] and fB[j] are the
// outputs at A[j] and B[j], fAB[i][j] the output at AB[i][j]. With V the
// variance of all 2n outputs of A and B,
//
//	S1_i = (1/n) Σ_j (fB[j] − m) (fAB[i][j] − fA[j]) / V   (Saltelli 2010, Table 2 (b))
//	ST_i = (1/2n) Σ_j (fA[j] − fAB[i][j])² / V             (Jansen 1999; Saltelli 2010, Table 2 (f))
//
// where m is the mean of those outputs. Subtracting m changes nothing in
// expectation (fAB[i][j] − fA[j] has mean zero) but removes the variance an
// output far from zero adds to the first-order estimate (SALib centres the
// outputs for the same reason).
//
// S1_i is the share of the output variance explained by factor i alone, ST_i
// the share in which factor i takes part (alone or through interactions);
// ST_i ≈ 0 means the factor can be fixed anywhere in its range. Estimates
// can stray slightly outside [0, 1] with few samples.
//
// With boot > 0 each Index gets a 95% percentile bootstrap interval from
// boot resamples of the n rows drawn with r (r must then be non-nil; 1000 is
// customary). The rows of a Sobol design are not independent, so the
// interval is approximate; it is the interval SALib reports.
//
// When each output is a mean over replications, replication noise inflates
// V and the total indices; report ReplicateNoise alongside.
//
// SobolIndices returns an error when the lengths do not match, n < 2, an
// output is NaN or infinite, the outputs do not vary, or boot < 0.
//
// References: M. J. W. Jansen, Comput. Phys. Commun. 117 (1999) 35–43;
// A. Saltelli et al., Comput. Phys. Commun. 181 (2010) 259–270.
func SobolIndices(fA, fB []float64, fAB [][]float64, boot int, r *rand.Rand) (S1, ST []Index, err error) {
	n, d := len(fA), len(fAB)
	switch {
	case len(fB) != n:
		return nil, nil, fmt.Errorf("analysis: SobolIndices: %d outputs for A but %d for B", n, len(fB))
	case n < 2:
		return nil, nil, fmt.Errorf("analysis: SobolIndices: %d base samples, want at least 2", n)
	case d < 1:
		return nil, nil, fmt.Errorf("analysis: SobolIndices: no AB outputs (one row per factor)")
	case boot < 0:
		return nil, nil, fmt.Errorf("analysis: SobolIndices: %d bootstrap resamples", boot)
	case boot > 0 && r == nil:
		return nil, nil, fmt.Errorf("analysis: SobolIndices: bootstrap needs a *rand.Rand")
	}
	for i, f := range fAB {
		if len(f) != n {
			return nil, nil, fmt.Errorf("analysis: SobolIndices: factor %d has %d AB outputs, want %d", i, len(f), n)
		}
		if j := nonFinite(f); j >= 0 {
			return nil, nil, fmt.Errorf("analysis: SobolIndices: AB output %d of factor %d is %v", j, i, f[j])
		}
	}
	if j := nonFinite(fA); j >= 0 {
		return nil, nil, fmt.Errorf("analysis: SobolIndices: A output %d is %v", j, fA[j])
	}
	if j := nonFinite(fB); j >= 0 {
		return nil, nil, fmt.Errorf("analysis: SobolIndices: B output %d is %v", j, fB[j])
	}

	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	s1, st := make([]float64, d), make([]float64, d)
	if !sobolEstimate(fA, fB, fAB, all, s1, st) {
		return nil, nil, fmt.Errorf("analysis: SobolIndices: the outputs of A and B do not vary")
	}
	S1, ST = make([]Index, d), make([]Index, d)
	for i := range d {
		S1[i] = Index{s1[i], math.NaN(), math.NaN()}
		ST[i] = Index{st[i], math.NaN(), math.NaN()}
	}
	if boot == 0 {
		return S1, ST, nil
	}

	bs1, bst := make([][]float64, d), make([][]float64, d)
	for i := range d {
		bs1[i] = make([]float64, 0, boot)
		bst[i] = make([]float64, 0, boot)
	}
	idx := make([]int, n)
	for range boot {
		for j := range idx {
			idx[j] = r.IntN(n)
		}
		if !sobolEstimate(fA, fB, fAB, idx, s1, st) {
			continue // a resample without variance says nothing
		}
		for i := range d {
			bs1[i] = append(bs1[i], s1[i])
			bst[i] = append(bst[i], st[i])
		}
	}
	for i := range d {
		S1[i].Lo, S1[i].Hi = percentileInterval(bs1[i])
		ST[i].Lo, ST[i].Hi = percentileInterval(bst[i])
	}
	return S1, ST, nil
}

// sobolEstimate fills s1 and st with the estimates from rows idx of the
// outputs; it reports false when those rows have no variance.
func sobolEstimate(fA, fB []float64, fAB [][]float64, idx []int, s1, st []float64) bool {
	// Variance of the pooled A and B outputs, two-pass for accuracy.
	var mean float64
	for _, j := range idx {
		mean += fA[j] + fB[j]
	}
	m := float64(len(idx))
	mean /= 2 * m
	var v float64
	for _, j := range idx {
		a, b := fA[j]-mean, fB[j]-mean
		v += a*a + b*b
	}
	v /= 2 * m
	if !(v > 0) {
		return false
	}
	for i, f := range fAB {
		var first, total float64
		for _, j := range idx {
			first += (fB[j] - mean) * (f[j] - fA[j])
			e := fA[j] - f[j]
			total += e * e
		}
		s1[i] = first / m / v
		st[i] = total / (2 * m) / v
	}
	return true
}

// percentileInterval returns the 2.5% and 97.5% percentiles of xs (sorted
// in place), NaN when xs is empty.
func percentileInterval(xs []float64) (lo, hi float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	slices.Sort(xs)
	return stats.Percentile(xs, 0.025), stats.Percentile(xs, 0.975)
}

// nonFinite returns the index of the first NaN or infinite value, or −1.
func nonFinite(xs []float64) int {
	for i, x := range xs {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return i
		}
	}
	return -1
}

// Noise describes how much of the variation of per-sample outputs is
// replication noise rather than the effect of the sampled inputs, for a
// design where every sample is run several times and its output is the mean
// of its replications (see ReplicateNoise).
type Noise struct {
	// Means holds each sample's output, the mean of its replications: the
	// values to analyse (SobolIndices, MorrisEffects).
	Means []float64
	// Within is the pooled variance of one replication about its sample's
	// mean (one-way analysis of variance), with WithinDF degrees of freedom.
	Within   float64
	WithinDF int
	// Between is the variance of Means across samples (divisor n − 1).
	Between float64
	// Share is the part of Between that replication noise accounts for,
	// Within·mean_j(1/R_j)/Between, capped at 1, with R_j the replications
	// of sample j. For independent seeds it estimates the share of the
	// variance that no input explains; the Sobol indices of the inputs sum
	// to at most about 1 − Share. Under common random numbers the noise of
	// different samples is positively correlated and cancels partly in the
	// comparison of samples, so Share is then an upper bound: see CRNShare.
	Share float64
	// CRNShare is Share computed from the sample × replication interaction
	// instead of the whole within-sample variance (two-way analysis of
	// variance with one observation per cell): the noise that common random
	// numbers do not cancel. It needs every sample to have the same number R ≥ 2 of
	// replications, listed in replication (seed) order; otherwise it is NaN.
	CRNShare float64
}

// ReplicateNoise summarises replicated outputs: reps[j][r] is the output of
// replication r of sample j. Samples may have different numbers of
// replications (precision-driven stopping), at least one each; at least two
// samples and one sample with two replications are needed. It returns an
// error for fewer, for NaN or infinite outputs, or when the sample means do
// not vary (Between = 0).
func ReplicateNoise(reps [][]float64) (Noise, error) {
	n := len(reps)
	if n < 2 {
		return Noise{}, fmt.Errorf("analysis: ReplicateNoise: %d samples, want at least 2", n)
	}
	nz := Noise{Means: make([]float64, n), CRNShare: math.NaN()}
	var ss, invR float64
	equalR := len(reps[0])
	for j, ys := range reps {
		if len(ys) == 0 {
			return Noise{}, fmt.Errorf("analysis: ReplicateNoise: sample %d has no replications", j)
		}
		if k := nonFinite(ys); k >= 0 {
			return Noise{}, fmt.Errorf("analysis: ReplicateNoise: replication %d of sample %d is %v", k, j, ys[k])
		}
		if len(ys) != equalR {
			equalR = 0
		}
		var m stats.Moments
		for _, y := range ys {
			m.Add(y)
		}
		nz.Means[j] = m.Mean()
		if m.N() > 1 {
			ss += m.Var() * float64(m.N()-1)
			nz.WithinDF += int(m.N() - 1)
		}
		invR += 1 / float64(len(ys))
	}
	if nz.WithinDF == 0 {
		return Noise{}, fmt.Errorf("analysis: ReplicateNoise: no sample has two replications")
	}
	nz.Within = ss / float64(nz.WithinDF)
	var mb stats.Moments
	for _, y := range nz.Means {
		mb.Add(y)
	}
	nz.Between = mb.Var()
	if !(nz.Between > 0) {
		return Noise{}, fmt.Errorf("analysis: ReplicateNoise: the sample means do not vary")
	}
	nz.Share = math.Min(1, nz.Within*invR/float64(n)/nz.Between)

	if R := equalR; R >= 2 {
		// Residual of the additive model sample + replication.
		repMean := make([]float64, R)
		for _, ys := range reps {
			for r, y := range ys {
				repMean[r] += y / float64(n)
			}
		}
		grand := mb.Mean()
		var sr float64
		for j, ys := range reps {
			for r, y := range ys {
				e := y - nz.Means[j] - repMean[r] + grand
				sr += e * e
			}
		}
		interaction := sr / float64((n-1)*(R-1))
		nz.CRNShare = math.Min(1, interaction/float64(R)/nz.Between)
	}
	return nz, nil
}
