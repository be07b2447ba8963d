package analysis

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ishigami is the Ishigami–Homma function with a = 7, b = 0.1 on
// x ∈ [−π, π]^3, here from u ∈ [0, 1)^3.
func ishigami(u []float64) float64 {
	x1, x2, x3 := -math.Pi+2*math.Pi*u[0], -math.Pi+2*math.Pi*u[1], -math.Pi+2*math.Pi*u[2]
	return math.Sin(x1) + 7*math.Pow(math.Sin(x2), 2) + 0.1*math.Pow(x3, 4)*math.Sin(x1)
}

// ishigamiIndices returns the analytic Sobol indices of the Ishigami
// function (Ishigami and Homma 1990), from its closed-form partial variances:
//
//	V   = a²/8 + bπ⁴/5 + b²π⁸/18 + 1/2
//	V1  = (1 + bπ⁴/5)²/2,  V2 = a²/8,  V3 = 0
//	VT1 = V1 + 8b²π⁸/225,  VT2 = V2,  VT3 = 8b²π⁸/225
func ishigamiIndices() (s1, st [3]float64) {
	a, b := 7.0, 0.1
	p4, p8 := math.Pow(math.Pi, 4), math.Pow(math.Pi, 8)
	v := a*a/8 + b*p4/5 + b*b*p8/18 + 0.5
	v1 := math.Pow(1+b*p4/5, 2) / 2
	v2 := a * a / 8
	v13 := 8 * b * b * p8 / 225
	return [3]float64{v1 / v, v2 / v, 0}, [3]float64{(v1 + v13) / v, v2 / v, v13 / v}
}

func TestIshigamiAnalytic(t *testing.T) {
	// The values usually quoted, to four decimals.
	s1, st := ishigamiIndices()
	for i, w := range [3]float64{0.3139, 0.4424, 0} {
		if math.Abs(s1[i]-w) > 5e-5 {
			t.Errorf("analytic S%d = %.5f, published %.4f", i+1, s1[i], w)
		}
	}
	for i, w := range [3]float64{0.5576, 0.4424, 0.2437} {
		if math.Abs(st[i]-w) > 5e-5 {
			t.Errorf("analytic ST%d = %.5f, published %.4f", i+1, st[i], w)
		}
	}
}

// evalSaltelli runs f on a Saltelli design.
func evalSaltelli(t *testing.T, n, dims int, f func([]float64) float64) (fA, fB []float64, fAB [][]float64) {
	t.Helper()
	A, B, AB, err := SaltelliDesign(n, dims)
	if err != nil {
		t.Fatal(err)
	}
	fA, fB = make([]float64, n), make([]float64, n)
	for j := range n {
		fA[j], fB[j] = f(A[j]), f(B[j])
	}
	fAB = make([][]float64, dims)
	for i := range dims {
		fAB[i] = make([]float64, n)
		for j := range n {
			fAB[i][j] = f(AB[i][j])
		}
	}
	return fA, fB, fAB
}

// Sobol indices of the Ishigami function from 2^13 base samples (5·2^13 =
// 40960 runs) are within 0.01 of the analytic values, and the bootstrap 95%
// intervals contain them. The errors at this n are about 0.001 (logged; the
// design is deterministic, so they vary only with rounding across
// platforms); 0.01 is about half the bootstrap half-width, tight enough to
// catch a wrong estimator.
func TestSobolIndicesIshigami(t *testing.T) {
	const n, tol = 1 << 13, 0.01
	fA, fB, fAB := evalSaltelli(t, n, 3, ishigami)
	S1, ST, err := SobolIndices(fA, fB, fAB, 500, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		t.Fatal(err)
	}
	s1, st := ishigamiIndices()
	for i := range 3 {
		t.Logf("x%d: S1 %.4f [%.4f, %.4f] (exact %.4f), ST %.4f [%.4f, %.4f] (exact %.4f)",
			i+1, S1[i].Value, S1[i].Lo, S1[i].Hi, s1[i], ST[i].Value, ST[i].Lo, ST[i].Hi, st[i])
		if math.Abs(S1[i].Value-s1[i]) > tol {
			t.Errorf("S1[%d] = %.4f, exact %.4f (tolerance %v)", i, S1[i].Value, s1[i], tol)
		}
		if math.Abs(ST[i].Value-st[i]) > tol {
			t.Errorf("ST[%d] = %.4f, exact %.4f (tolerance %v)", i, ST[i].Value, st[i], tol)
		}
		for _, c := range []struct {
			name  string
			ix    Index
			exact float64
		}{{"S1", S1[i], s1[i]}, {"ST", ST[i], st[i]}} {
			if !(c.ix.Lo <= c.exact && c.exact <= c.ix.Hi) {
				t.Errorf("%s[%d]: 95%% interval [%.4f, %.4f] misses the exact %.4f", c.name, i, c.ix.Lo, c.ix.Hi, c.exact)
			}
			if !(c.ix.Lo <= c.ix.Value && c.ix.Value <= c.ix.Hi) || c.ix.Hi-c.ix.Lo > 0.1 {
				t.Errorf("%s[%d]: interval [%.4f, %.4f] around %.4f is not a plausible 95%% interval", c.name, i, c.ix.Lo, c.ix.Hi, c.ix.Value)
			}
		}
	}
}

// For an additive linear model y = Σ c_i x_i with independent uniform x_i,
// S1_i = ST_i = c_i² / Σ c_j² exactly; the estimators get there with few
// samples.
func TestSobolIndicesLinear(t *testing.T) {
	c := []float64{4, 2, 1, 0}
	f := func(u []float64) float64 {
		var y float64
		for i, ci := range c {
			y += ci * u[i]
		}
		return y
	}
	fA, fB, fAB := evalSaltelli(t, 1<<10, len(c), f)
	S1, ST, err := SobolIndices(fA, fB, fAB, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, ci := range c {
		want := ci * ci / 21
		if math.Abs(S1[i].Value-want) > 0.01 || math.Abs(ST[i].Value-want) > 0.01 {
			t.Errorf("factor %d: S1 %.4f ST %.4f, want %.4f", i, S1[i].Value, ST[i].Value, want)
		}
		if !math.IsNaN(S1[i].Lo) || !math.IsNaN(ST[i].Hi) {
			t.Errorf("factor %d: interval without bootstrap: %+v %+v", i, S1[i], ST[i])
		}
	}
	if ST[3].Value != 0 {
		t.Errorf("a factor the model ignores has ST = %v, want exactly 0", ST[3].Value)
	}
}

func TestSaltelliDesignShape(t *testing.T) {
	A, B, AB, err := SaltelliDesign(16, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(A) != 16 || len(B) != 16 || len(AB) != 3 {
		t.Fatalf("shapes %d %d %d", len(A), len(B), len(AB))
	}
	for i := range AB {
		for j := range AB[i] {
			for k := range 3 {
				want := A[j][k]
				if k == i {
					want = B[j][k]
				}
				if AB[i][j][k] != want {
					t.Fatalf("AB[%d][%d][%d] = %v, want %v", i, j, k, AB[i][j][k], want)
				}
			}
		}
	}
	// Changing an AB point leaves A alone.
	AB[0][5][1] = 99
	if A[5][1] == 99 {
		t.Error("AB shares memory with A")
	}
	for _, c := range []struct{ n, d int }{{1, 3}, {16, 0}, {16, MaxSobolDims/2 + 1}} {
		if _, _, _, err := SaltelliDesign(c.n, c.d); err == nil {
			t.Errorf("SaltelliDesign(%d, %d): no error", c.n, c.d)
		}
	}
}

func TestSobolIndicesErrors(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	ok := []float64{1, 2, 3}
	for _, c := range []struct {
		name    string
		fA, fB  []float64
		fAB     [][]float64
		boot    int
		r       *rand.Rand
		wantErr bool
	}{
		{"fine", ok, []float64{3, 1, 2}, [][]float64{{2, 2, 1}}, 10, r, false},
		{"B shorter", ok, []float64{1, 2}, [][]float64{ok}, 0, nil, true},
		{"AB shorter", ok, ok, [][]float64{{1, 2}}, 0, nil, true},
		{"no AB", ok, ok, nil, 0, nil, true},
		{"one sample", []float64{1}, []float64{2}, [][]float64{{1}}, 0, nil, true},
		{"NaN", []float64{1, math.NaN(), 3}, ok, [][]float64{ok}, 0, nil, true},
		{"Inf in AB", ok, ok, [][]float64{{1, math.Inf(1), 3}}, 0, nil, true},
		{"constant", []float64{2, 2, 2}, []float64{2, 2, 2}, [][]float64{ok}, 0, nil, true},
		{"negative boot", ok, ok, [][]float64{ok}, -1, r, true},
		{"boot without rand", ok, ok, [][]float64{ok}, 5, nil, true},
	} {
		_, _, err := SobolIndices(c.fA, c.fB, c.fAB, c.boot, c.r)
		if (err != nil) != c.wantErr {
			t.Errorf("%s: err = %v, want error %v", c.name, err, c.wantErr)
		}
	}
}

// A synthetic replicated model y_jr = g(x_j) + c_r + e_jr: c_r is noise
// common to all samples of replication r (what common random numbers
// produce), e_jr independent noise. ReplicateNoise's Share sees both,
// CRNShare only the part common random numbers do not cancel.
func TestReplicateNoise(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 7))
	const n, R = 400, 10
	const sdSignal, sdCommon, sdOwn = 2.0, 1.5, 1.0
	common := make([]float64, R)
	for k := range common {
		common[k] = sdCommon * r.NormFloat64()
	}
	signal := make([]float64, n)
	reps := make([][]float64, n)
	for j := range reps {
		g := sdSignal * r.NormFloat64()
		signal[j] = g
		reps[j] = make([]float64, R)
		for k := range R {
			reps[j][k] = g + common[k] + sdOwn*r.NormFloat64()
		}
	}
	nz, err := ReplicateNoise(reps)
	if err != nil {
		t.Fatal(err)
	}
	// Expected variances given the drawn signal and common noise (with R =
	// 10 replications the spread of the common values is itself uncertain).
	sampleVar := func(xs []float64) float64 {
		var m, ss float64
		for _, x := range xs {
			m += x / float64(len(xs))
		}
		for _, x := range xs {
			ss += (x - m) * (x - m)
		}
		return ss / float64(len(xs)-1)
	}
	between := sampleVar(signal) + sdOwn*sdOwn/R // variance of the means across samples
	wantShare := (sampleVar(common) + sdOwn*sdOwn) / R / between
	wantCRN := sdOwn * sdOwn / R / between
	t.Logf("within %.3f (df %d), between %.3f, share %.4f (≈%.4f), CRN share %.4f (≈%.4f)",
		nz.Within, nz.WithinDF, nz.Between, nz.Share, wantShare, nz.CRNShare, wantCRN)
	// Tolerances: 15% relative, two to three standard errors of these
	// variance ratios at n = 400 (between-sample variance: √(2/399) ≈ 7%).
	if math.Abs(nz.Share-wantShare) > 0.15*wantShare {
		t.Errorf("Share = %.4f, want ≈ %.4f", nz.Share, wantShare)
	}
	if math.Abs(nz.CRNShare-wantCRN) > 0.15*wantCRN {
		t.Errorf("CRNShare = %.4f, want ≈ %.4f", nz.CRNShare, wantCRN)
	}
	if nz.WithinDF != n*(R-1) || len(nz.Means) != n {
		t.Errorf("df %d, %d means", nz.WithinDF, len(nz.Means))
	}

	// Unequal replication counts: Share still defined, CRNShare not.
	reps[3] = reps[3][:4]
	nz, err = ReplicateNoise(reps)
	if err != nil || !math.IsNaN(nz.CRNShare) || !(nz.Share > 0 && nz.Share < 1) {
		t.Errorf("unequal replications: %+v, %v", nz.Share, err)
	}

	for name, bad := range map[string][][]float64{
		"one sample":      {{1, 2}},
		"empty sample":    {{1, 2}, {}},
		"no replication":  {{1}, {2}},
		"NaN":             {{1, math.NaN()}, {2, 3}},
		"constant means":  {{1, 3}, {2, 2}},
		"no samples":      nil,
		"Inf replication": {{1, 2}, {math.Inf(-1), 3}},
	} {
		if _, err := ReplicateNoise(bad); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

// Noise on the outputs shows up as a noise share and lowers the indices of
// the inputs accordingly: S1 of the linear model scales by 1 − Share.
func TestNoiseLowersIndices(t *testing.T) {
	const n, R = 1 << 12, 4
	r := rand.New(rand.NewPCG(3, 9))
	A, B, AB, err := SaltelliDesign(n, 2)
	if err != nil {
		t.Fatal(err)
	}
	run := func(pts [][]float64) []float64 {
		reps := make([][]float64, len(pts))
		for j, p := range pts {
			reps[j] = make([]float64, R)
			for k := range reps[j] {
				reps[j][k] = 3*p[0] + p[1] + 0.5*r.NormFloat64()
			}
		}
		nz, err := ReplicateNoise(reps)
		if err != nil {
			t.Fatal(err)
		}
		return nz.Means
	}
	fA, fB := run(A), run(B)
	fAB := [][]float64{run(AB[0]), run(AB[1])}
	S1, _, err := SobolIndices(fA, fB, fAB, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Var(signal) = (9 + 1)/12, noise variance of a mean 0.25/4.
	share := 0.0625 / (10.0/12 + 0.0625)
	for i, c := range []float64{9, 1} {
		want := c / 12 / (10.0/12 + 0.0625)
		if math.Abs(S1[i].Value-want) > 0.03 {
			t.Errorf("S1[%d] = %.4f, want %.4f (noise share %.3f)", i, S1[i].Value, want, share)
		}
	}
}
