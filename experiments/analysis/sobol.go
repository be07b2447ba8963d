package analysis

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"strings"
	"sync"
)

// MaxSobolDims is the number of dimensions of the Sobol sequence: the
// direction numbers of Joe and Kuo embedded in this package cover
// dimensions 1 to 128. A Saltelli design of k factors uses 2k of them.
const MaxSobolDims = 128

// sobolBits is the number of bits of each coordinate: at most 2^32 points.
const sobolBits = 32

// MaxSobolPoints is the largest number of points Sobol generates: with 32-bit
// direction numbers the sequence repeats after 2^32 points.
const MaxSobolPoints = 1 << 32

// sobolDirections returns the 32 direction numbers v_1 … v_32 of every
// dimension (v_k = m_k / 2^k as a 32-bit binary fraction), parsed once from
// the embedded table. A malformed table is a broken invariant and panics;
// the tests parse it.
var sobolDirections = sync.OnceValue(func() [][sobolBits]uint32 {
	v, err := parseJoeKuo(joeKuo)
	if err != nil {
		panic(err)
	}
	return v
})

// parseJoeKuo reads direction numbers in the format of new-joe-kuo-6.21201
// (a header line, then rows "d s a m_1 … m_s" for d = 2, 3, …) and expands
// them to 32 direction numbers per dimension by the recurrence of Bratley
// and Fox (1988, eq. 2): with the primitive polynomial
// x^s + a_1 x^(s−1) + … + a_(s−1) x + 1,
//
//	v_k = a_1 v_(k−1) ⊕ … ⊕ a_(s−1) v_(k−s+1) ⊕ v_(k−s) ⊕ (v_(k−s) >> s).
//
// Dimension 1 (all m_k = 1) is prepended.
func parseJoeKuo(text string) ([][sobolBits]uint32, error) {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	dirs := make([][sobolBits]uint32, 1, len(lines))
	for k := range sobolBits {
		dirs[0][k] = 1 << (sobolBits - 1 - k)
	}
	for i, line := range lines[1:] {
		f := strings.Fields(line)
		nums := make([]uint64, len(f))
		for j, s := range f {
			x, err := strconv.ParseUint(s, 10, 32)
			if err != nil {
				return nil, fmt.Errorf("analysis: Joe–Kuo row %d: %v", i+2, err)
			}
			nums[j] = x
		}
		if len(nums) < 4 || nums[0] != uint64(i+2) {
			return nil, fmt.Errorf("analysis: Joe–Kuo row %d: want \"d s a m_1 … m_s\" with d = %d, got %q", i+2, i+2, line)
		}
		s, a, m := int(nums[1]), nums[2], nums[3:]
		if s < 1 || s > sobolBits || len(m) != s || a>>max(s-1, 0) != 0 {
			return nil, fmt.Errorf("analysis: Joe–Kuo row %d: degree %d with a = %d and %d initial numbers", i+2, s, a, len(m))
		}
		var v [sobolBits]uint32
		for k := range s {
			if m[k]%2 == 0 || m[k] >= 1<<(k+1) {
				return nil, fmt.Errorf("analysis: Joe–Kuo row %d: m_%d = %d is not odd and below 2^%d", i+2, k+1, m[k], k+1)
			}
			v[k] = uint32(m[k]) << (sobolBits - 1 - k)
		}
		for k := s; k < sobolBits; k++ {
			x := v[k-s] ^ v[k-s]>>s
			for j := 1; j < s; j++ {
				if a>>(s-1-j)&1 == 1 {
					x ^= v[k-j]
				}
			}
			v[k] = x
		}
		dirs = append(dirs, v)
	}
	return dirs, nil
}

// Sobol returns the first n points of the Sobol sequence in dims dimensions
// (1 ≤ dims ≤ MaxSobolDims), with the direction numbers of Joe and Kuo
// (2008, new-joe-kuo-6.21201), unscrambled, in Gray-code order: exactly the
// points, in the order, printed by Joe and Kuo's reference program sobol.cc
// and returned by scipy.stats.qmc.Sobol(d, scramble=False).
//
// The first point, the origin, is kept. Dropping it would break the property
// that makes the sequence worth using: the first 2^m points, for any m, put
// exactly one point in each of the 2^m intervals [j/2^m, (j+1)/2^m) of every
// coordinate, and (in the first two coordinates) in every dyadic box of area
// 2^−m (Owen, "On dropping the first Sobol' point", 2022). Ask for a power of
// two when the balance matters. Coordinates are multiples of 2^−32 in [0, 1).
//
// Sobol returns an error when dims is outside [1, MaxSobolDims] or n is
// outside [0, MaxSobolPoints]; n = 0 gives no points.
//
// References: I. M. Sobol', USSR Comput. Math. Math. Phys. 7 (1967) 86–112;
// P. Bratley and B. L. Fox, ACM TOMS 14 (1988) 88–100 (Gray-code
// construction, Antonov and Saleev 1979); S. Joe and F. Y. Kuo, SIAM J. Sci.
// Comput. 30 (2008) 2635–2654.
func Sobol(n, dims int) ([][]float64, error) {
	if dims < 1 || dims > MaxSobolDims {
		return nil, fmt.Errorf("analysis: Sobol: %d dimensions, want 1 to %d", dims, MaxSobolDims)
	}
	if n < 0 || uint64(n) > MaxSobolPoints {
		return nil, fmt.Errorf("analysis: Sobol: %d points, want 0 to 2^%d", n, sobolBits)
	}
	dirs := sobolDirections()[:dims]
	x := make([]uint32, dims)
	pts := make([][]float64, n)
	flat := make([]float64, n*dims)
	const scale = 1.0 / (1 << sobolBits)
	for i := range n {
		if i > 0 {
			// Gray code: point i differs from point i−1 by the direction
			// number of the lowest zero bit of i−1.
			c := bits.TrailingZeros64(^uint64(i - 1))
			for d := range x {
				x[d] ^= dirs[d][c]
			}
		}
		p := flat[i*dims : (i+1)*dims : (i+1)*dims]
		for d, xd := range x {
			p[d] = float64(xd) * scale
		}
		pts[i] = p
	}
	return pts, nil
}

// clampUnit maps 1 (reached only by rounding) to the largest float below 1,
// so that every design point lies in [0, 1).
func clampUnit(x float64) float64 {
	if x >= 1 {
		return math.Nextafter(1, 0)
	}
	return x
}
