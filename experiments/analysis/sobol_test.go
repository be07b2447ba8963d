package analysis

import (
	"bufio"
	"math"
	"math/bits"
	"os"
	"strconv"
	"strings"
	"testing"
)

// readSobolCC reads testdata/sobolcc_d100.txt: index → published point.
func readSobolCC(t *testing.T) map[int][]float64 {
	t.Helper()
	f, err := os.Open("testdata/sobolcc_d100.txt")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	out := map[int][]float64{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		idx, rest, ok := strings.Cut(line, ":")
		if !ok {
			t.Fatalf("bad line %q", line)
		}
		i, err := strconv.Atoi(idx)
		if err != nil {
			t.Fatal(err)
		}
		var p []float64
		for _, s := range strings.Fields(rest) {
			x, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			p = append(p, x)
		}
		if len(p) != 100 {
			t.Fatalf("line %d has %d values, want 100", i, len(p))
		}
		out[i] = p
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// The sequence equals the output of Joe and Kuo's sobol.cc in all 100
// published dimensions. The published values have 6 significant digits;
// points up to index 1023 are multiples of 2^−10 ≈ 0.00098, so a tolerance
// of 1e-6 identifies each value exactly.
func TestSobolMatchesSobolCC(t *testing.T) {
	want := readSobolCC(t)
	maxIdx := 0
	for i := range want {
		maxIdx = max(maxIdx, i)
	}
	got, err := Sobol(maxIdx+1, 100)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for i, w := range want {
		for d := range w {
			if math.Abs(got[i][d]-w[d]) > 1e-6 {
				t.Errorf("point %d dimension %d = %v, sobol.cc prints %v", i, d+1, got[i][d], w[d])
			}
		}
		checked++
	}
	// Every direction number v_k, k = 1 … 10, of every dimension is pinned
	// by point 2^k − 1.
	for k := 1; k <= 10; k++ {
		if _, ok := want[1<<k-1]; !ok {
			t.Errorf("testdata lacks point %d (direction number v_%d)", 1<<k-1, k)
		}
	}
	t.Logf("compared %d published points × 100 dimensions", checked)
}

// scipy.stats.qmc.Sobol(d=2, scramble=False).random(8), the reference of
// scipy's own tests ("theoretical values from Joe Kuo 2010").
func TestSobolFirstPointsScipy(t *testing.T) {
	want := [][]float64{
		{0, 0}, {0.5, 0.5}, {0.75, 0.25}, {0.25, 0.75},
		{0.375, 0.375}, {0.875, 0.875}, {0.625, 0.125}, {0.125, 0.625},
	}
	got, err := Sobol(8, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range want {
		for d := range want[i] {
			if got[i][d] != want[i][d] {
				t.Errorf("point %d = %v, want %v", i, got[i], want[i])
			}
		}
	}
}

// The first 2^m points put exactly one point in each interval
// [j/2^m, (j+1)/2^m) of every coordinate (every dimension's generator
// matrix is non-singular), and the first two coordinates form a (0, m, 2)-net:
// one point in each dyadic box of area 2^−m.
func TestSobolStratification(t *testing.T) {
	const m = 10
	n := 1 << m
	pts, err := Sobol(n, MaxSobolDims)
	if err != nil {
		t.Fatal(err)
	}
	for d := range MaxSobolDims {
		seen := make([]bool, n)
		for _, p := range pts {
			if p[d] < 0 || p[d] >= 1 {
				t.Fatalf("dimension %d: %v outside [0, 1)", d+1, p[d])
			}
			j := int(p[d] * float64(n))
			if seen[j] {
				t.Fatalf("dimension %d: two of the first %d points in interval %d", d+1, n, j)
			}
			seen[j] = true
		}
	}
	for a := 0; a <= m; a++ {
		na, nb := 1<<a, 1<<(m-a)
		count := make([]int, n)
		for _, p := range pts {
			count[int(p[0]*float64(na))*nb+int(p[1]*float64(nb))]++
		}
		for box, c := range count {
			if c != 1 {
				t.Fatalf("boxes 2^-%d × 2^-%d: box %d holds %d points, want 1", a, m-a, box, c)
			}
		}
	}
}

// Every row of the embedded table is a primitive polynomial of its degree,
// the rows list all primitive polynomials of each degree in increasing
// order of a (as new-joe-kuo-6.21201 does), and the table parses.
func TestJoeKuoTableStructure(t *testing.T) {
	dirs, err := parseJoeKuo(joeKuo)
	if err != nil {
		t.Fatal(err)
	}
	if len(dirs) != MaxSobolDims {
		t.Fatalf("table has %d dimensions, want %d", len(dirs), MaxSobolDims)
	}
	// Enumerate primitive polynomials degree by degree, in increasing a.
	var want [][2]int // (s, a)
	for s := 1; len(want) < MaxSobolDims-1; s++ {
		for a := 0; a < 1<<max(s-1, 0); a++ {
			// polynomial bits: x^s + (a's bits) x^(s-1..1) + 1
			poly := uint64(1)<<s | uint64(a)<<1 | 1
			if isPrimitive(poly, s) {
				want = append(want, [2]int{s, a})
			}
		}
	}
	sc := bufio.NewScanner(strings.NewReader(joeKuo))
	sc.Scan() // header
	for i := 0; sc.Scan(); i++ {
		f := strings.Fields(sc.Text())
		s, _ := strconv.Atoi(f[1])
		a, _ := strconv.Atoi(f[2])
		if i >= len(want) {
			break
		}
		if s != want[i][0] || a != want[i][1] {
			t.Errorf("dimension %d: (s, a) = (%d, %d), the %d-th primitive polynomial is (%d, %d)", i+2, s, a, i+1, want[i][0], want[i][1])
		}
	}
	// A malformed table is rejected.
	for _, bad := range []string{
		"d s a m_i\n2 1 0 2",     // m_1 even
		"d s a m_i\n2 1 0 1 1",   // too many numbers
		"d s a m_i\n3 1 0 1",     // wrong dimension number
		"d s a m_i\n2 2 1 1 5",   // m_2 ≥ 4
		"d s a m_i\n2 2 x 1 3",   // not a number
		"d s a m_i\n2 2 2 1 3",   // a too wide for degree 2
		"d s a m_i\n2 0 0",       // no degree
		"d s a m_i\n2 1 0 1\n3x", // junk
	} {
		if _, err := parseJoeKuo(bad); err == nil {
			t.Errorf("parseJoeKuo(%q) accepted a malformed table", bad)
		}
	}
}

// isPrimitive reports whether the polynomial over GF(2) with coefficient
// bits poly (degree s) is primitive: x has multiplicative order 2^s − 1
// modulo it.
func isPrimitive(poly uint64, s int) bool {
	order := uint64(1)<<s - 1
	mulmod := func(a, b uint64) uint64 {
		var r uint64
		for b != 0 {
			if b&1 == 1 {
				r ^= a
			}
			b >>= 1
			a <<= 1
			if a>>s&1 == 1 {
				a ^= poly
			}
		}
		return r
	}
	powmod := func(e uint64) uint64 {
		r, b := uint64(1), uint64(2) // x
		if b>>s&1 == 1 {
			b ^= poly // s = 1: x mod (x + 1) = 1
		}
		for ; e > 0; e >>= 1 {
			if e&1 == 1 {
				r = mulmod(r, b)
			}
			b = mulmod(b, b)
		}
		return r
	}
	if powmod(order) != 1 {
		return false
	}
	// No smaller order: check order/p for each prime p dividing order.
	o := order
	for p := uint64(2); p*p <= o; p++ {
		if o%p == 0 {
			if powmod(order/p) == 1 {
				return false
			}
			for o%p == 0 {
				o /= p
			}
		}
	}
	if o > 1 && powmod(order/o) == 1 {
		return false
	}
	return true
}

func TestSobolErrors(t *testing.T) {
	for _, c := range []struct{ n, dims int }{
		{10, 0}, {10, -1}, {10, MaxSobolDims + 1}, {-1, 2},
	} {
		if _, err := Sobol(c.n, c.dims); err == nil {
			t.Errorf("Sobol(%d, %d): no error", c.n, c.dims)
		}
	}
	if tooMany := uint64(MaxSobolPoints) + 1; bits.UintSize == 64 {
		if _, err := Sobol(int(tooMany), 1); err == nil {
			t.Errorf("Sobol(2^32+1, 1): no error")
		}
	}
	pts, err := Sobol(0, 3)
	if err != nil || len(pts) != 0 {
		t.Errorf("Sobol(0, 3) = %v, %v; want no points", pts, err)
	}
}
