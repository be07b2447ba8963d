package rng

import (
	"hash/fnv"
	"math"
	"math/rand/v2"
	"sort"
	"testing"
)

func TestDeterministic(t *testing.T) {
	for _, tc := range []struct {
		seed  uint64
		name  string
		index uint64
	}{
		{1, "matter/birth", 0},
		{1, "matter/birth", 7},
		{42, "citizen", 123456},
		{0, "", 0},
		{math.MaxUint64, "x", math.MaxUint64},
	} {
		a, b := New(tc.seed, tc.name, tc.index), New(tc.seed, tc.name, tc.index)
		for i := range 100 {
			if x, y := a.Uint64(), b.Uint64(); x != y {
				t.Fatalf("%v: draw %d differs: %x vs %x", tc, i, x, y)
			}
		}
		h1, l1 := Seeds(tc.seed, tc.name, tc.index)
		h2, l2 := Name(tc.name).Seeds(tc.seed, tc.index)
		if h1 != h2 || l1 != l2 {
			t.Errorf("%v: Seeds and Key.Seeds disagree", tc)
		}
		if x, y := New(tc.seed, tc.name, tc.index).Uint64(), Name(tc.name).New(tc.seed, tc.index).Uint64(); x != y {
			t.Errorf("%v: New and Key.New disagree", tc)
		}
	}
}

// TestPinned guards the derivation itself: changing it changes every
// stream of every run, and so every golden output of the project.
func TestPinned(t *testing.T) {
	if got := Name("matter/birth"); got != 0x1ec177237a17753e {
		t.Errorf("Name = %#x", uint64(got))
	}
	h, l := Seeds(1, "matter/birth", 3)
	if h != 0xd43aa8fb736e9568 || l != 0xc97fc1492633d3b4 {
		t.Errorf("Seeds = %#x, %#x", h, l)
	}
}

func TestNameIsFNV1a(t *testing.T) {
	for _, name := range []string{"", "a", "matter/birth", "ticket/noise/hotline", "社区"} {
		h := fnv.New64a()
		h.Write([]byte(name))
		if got, want := uint64(Name(name)), h.Sum64(); got != want {
			t.Errorf("Name(%q) = %#x, want FNV-1a %#x", name, got, want)
		}
	}
}

func TestDistinctStreams(t *testing.T) {
	// First draws of many (seed, name, index) triples must all differ; with
	// 64-bit outputs a collision among 3·10⁴ values has probability ~2.4e-11.
	seen := map[uint64]string{}
	check := func(what string, r *rand.Rand) {
		x := r.Uint64()
		if prev, ok := seen[x]; ok {
			t.Fatalf("%s and %s start with the same value", prev, what)
		}
		seen[x] = what
	}
	for i := range uint64(10000) {
		check("matter i", New(1, "matter", i))
		check("ticket i", New(1, "ticket", i))
		check("seed 2 matter i", New(2, "matter", i))
	}
	// Seed, name and index must not be interchangeable.
	a := New(5, "n", 7).Uint64()
	b := New(7, "n", 5).Uint64()
	if a == b {
		t.Error("swapping seed and index gives the same stream")
	}
}

func corr(x, y []float64) float64 {
	n := float64(len(x))
	var sx, sy, sxx, syy, sxy float64
	for i := range x {
		sx += x[i]
		sy += y[i]
		sxx += x[i] * x[i]
		syy += y[i] * y[i]
		sxy += x[i] * y[i]
	}
	cov := sxy/n - sx/n*sy/n
	return cov / math.Sqrt((sxx/n-sx/n*sx/n)*(syy/n-sy/n*sy/n))
}

func uniforms(r *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = r.Float64()
	}
	return x
}

// TestUncorrelated: the Pearson correlation of n independent uniform
// sequences has standard error 1/√n; we allow 5 standard errors.
func TestUncorrelated(t *testing.T) {
	const n = 10000
	tol := 5 / math.Sqrt(n)
	pairs := []struct {
		s1     uint64
		n1     string
		i1     uint64
		s2     uint64
		n2     string
		i2     uint64
		reason string
	}{
		{1, "a", 0, 1, "a", 1, "neighbouring indices"},
		{1, "a", 1, 1, "a", 2, "neighbouring indices"},
		{1, "a", 1000, 1, "a", 1001, "neighbouring indices"},
		{1, "a", 0, 2, "a", 0, "neighbouring seeds"},
		{1, "a", 0, 1, "b", 0, "neighbouring names"},
		{1, "matter/0", 0, 1, "matter/1", 0, "similar names"},
		{0, "", 0, 0, "", 1, "zero seed"},
	}
	for _, p := range pairs {
		x := uniforms(New(p.s1, p.n1, p.i1), n)
		y := uniforms(New(p.s2, p.n2, p.i2), n)
		if c := corr(x, y); math.Abs(c) > tol {
			t.Errorf("%s (%d,%q,%d) vs (%d,%q,%d): correlation %.4f, want |c| < %.4f",
				p.reason, p.s1, p.n1, p.i1, p.s2, p.n2, p.i2, c, tol)
		}
	}

	// Across streams: the first draw of stream i against that of stream
	// i+1 (what per-entity streams do), and their marginal uniformity by the
	// Kolmogorov–Smirnov distance (critical value 1.95/√n at α = 0.001).
	first := make([]float64, n+1)
	key := Name("citizen")
	var pcg rand.PCG
	r := rand.New(&pcg)
	for i := range first {
		key.Reseed(&pcg, 1, uint64(i))
		first[i] = r.Float64()
	}
	if c := corr(first[:n], first[1:]); math.Abs(c) > tol {
		t.Errorf("first draws of neighbouring streams: correlation %.4f, want |c| < %.4f", c, tol)
	}
	sorted := append([]float64(nil), first[:n]...)
	sort.Float64s(sorted)
	var d float64
	for i, v := range sorted {
		d = max(d, math.Abs(float64(i+1)/n-v), math.Abs(v-float64(i)/n))
	}
	if crit := 1.95 / math.Sqrt(n); d > crit {
		t.Errorf("first draws across streams: KS distance %.4f from uniform, want < %.4f", d, crit)
	}
}

func TestReseed(t *testing.T) {
	key := Name("citizen")
	var pcg rand.PCG
	r := rand.New(&pcg)
	for i := range uint64(5) {
		key.Reseed(&pcg, 9, i)
		if x, y := r.Uint64(), New(9, "citizen", i).Uint64(); x != y {
			t.Errorf("index %d: Reseed stream differs from New", i)
		}
	}
	i := uint64(0)
	allocs := testing.AllocsPerRun(1000, func() {
		key.Reseed(&pcg, 9, i)
		i++
		_ = r.Float64()
	})
	if allocs != 0 {
		t.Errorf("Reseed allocates %.1f times per call", allocs)
	}
	if allocs := testing.AllocsPerRun(1000, func() { _ = Name("matter/birth") }); allocs != 0 {
		t.Errorf("Name allocates %.1f times per call", allocs)
	}
}

func BenchmarkReseed(b *testing.B) {
	key := Name("citizen")
	var pcg rand.PCG
	var i uint64
	for b.Loop() {
		key.Reseed(&pcg, 1, i)
		i++
	}
}
