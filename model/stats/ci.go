package stats

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// tLargeDF is the number of degrees of freedom above which TQuantile uses
// the Cornish–Fisher expansion instead of gonum. gonum inverts the
// regularised incomplete beta function with parameter ν/2, which loses
// digits as ν grows (error 2e-11 at ν = 10⁵, 1e-8 at 10⁸, 2e-5 at 10¹²);
// the expansion's first omitted term is below 1e-13 from here on.
const tLargeDF = 1e5

// TQuantile returns the p-quantile of Student's t distribution with df
// degrees of freedom (df > 0, not necessarily an integer). TQuantile(0.975,
// 9) ≈ 2.262 is the factor of a 95% interval from 10 observations.
//
// Up to df = 10⁵ it is gonum's distuv.StudentsT; above, where that loses
// accuracy, it is the Cornish–Fisher expansion of t in powers of 1/ν around
// the normal quantile z (Abramowitz and Stegun 26.7.5, four terms).
func TQuantile(p, df float64) float64 {
	if df <= tLargeDF || p <= 0 || p >= 1 {
		return distuv.StudentsT{Mu: 0, Sigma: 1, Nu: df}.Quantile(p)
	}
	return tCornishFisher(p, df)
}

// tCornishFisher is the large-ν expansion of the t quantile, A&S 26.7.5.
func tCornishFisher(p, df float64) float64 {
	z := distuv.UnitNormal.Quantile(p)
	z2 := z * z
	z4 := z2 * z2
	z6 := z4 * z2
	g1 := (z2 + 1) / 4
	g2 := (5*z4 + 16*z2 + 3) / 96
	g3 := (3*z6 + 19*z4 + 17*z2 - 15) / 384
	g4 := (79*z6*z2 + 776*z6 + 1482*z4 - 1920*z2 - 945) / 92160
	v := 1 / df
	return z * (1 + v*(g1+v*(g2+v*(g3+v*g4))))
}

// tFactor returns the two-sided t factor of a confidence level for df
// degrees of freedom. A level outside (0, 1) is a programming error: the
// configuration layer validates user-supplied levels.
func tFactor(level, df float64) float64 {
	if !(level > 0 && level < 1) {
		panic(fmt.Sprintf("stats: confidence level %v outside (0, 1)", level))
	}
	return TQuantile((1+level)/2, df)
}

// MeanCI returns the sample mean of xs and the half-width of its Student-t
// confidence interval at the given level (0.95 for 95%): the interval is
// mean ± half. The observations are taken to be independent and roughly
// normal (replications of a run, batch means). With n < 2 the half-width is
// NaN (and the mean too when xs is empty).
func MeanCI(xs []float64, level float64) (mean, half float64) {
	n := len(xs)
	if n == 0 {
		tFactor(level, 1) // validate level all the same
		return math.NaN(), math.NaN()
	}
	if n == 1 {
		tFactor(level, 1)
		return xs[0], math.NaN()
	}
	mean, sd := stat.MeanStdDev(xs, nil)
	return mean, tFactor(level, float64(n-1)) * sd / math.Sqrt(float64(n))
}

// PairedCI returns the mean of the paired differences b[i] − a[i] and the
// half-width of its t confidence interval: the comparison of a reform b with
// a baseline a run on the same seeds (common random numbers), which is how
// §8 of the model judges that a pattern is reproduced. The slices must have
// the same length, else an error is returned.
func PairedCI(a, b []float64, level float64) (meanDiff, half float64, err error) {
	if len(a) != len(b) {
		return math.NaN(), math.NaN(), fmt.Errorf("stats: PairedCI: %d baseline values but %d paired values", len(a), len(b))
	}
	d := make([]float64, len(a))
	for i := range a {
		d[i] = b[i] - a[i]
	}
	meanDiff, half = MeanCI(d, level)
	return meanDiff, half, nil
}

// BatchMeans estimates the mean of a stationary, autocorrelated output
// series (waits of successive customers) and a confidence interval for it,
// by the method of non-overlapping batch means: consecutive observations are
// grouped into batches of a fixed size, and the batch means, nearly
// independent when batches are long compared with the correlation time, are
// treated as the sample. An incomplete last batch is left out.
//
// It keeps one float per completed batch.
type BatchMeans struct {
	size  int64
	cur   float64 // sum of the current batch
	curN  int64
	means []float64
}

// NewBatchMeans returns an empty accumulator with batches of batchSize
// observations; batchSize < 1 panics.
func NewBatchMeans(batchSize int64) *BatchMeans {
	if batchSize < 1 {
		panic(fmt.Sprintf("stats: NewBatchMeans(%d): need a batch size ≥ 1", batchSize))
	}
	return &BatchMeans{size: batchSize}
}

// Add records one observation.
func (bm *BatchMeans) Add(x float64) {
	bm.cur += x
	bm.curN++
	if bm.curN == bm.size {
		bm.means = append(bm.means, bm.cur/float64(bm.size))
		bm.cur, bm.curN = 0, 0
	}
}

// BatchSize returns the number of observations per batch.
func (bm *BatchMeans) BatchSize() int64 { return bm.size }

// Batches returns the number of completed batches.
func (bm *BatchMeans) Batches() int { return len(bm.means) }

// BatchMeans returns a copy of the means of the completed batches, in order.
func (bm *BatchMeans) BatchMeans() []float64 { return append([]float64(nil), bm.means...) }

// Mean returns the mean of the completed batches (the mean of the
// observations in them), or NaN when none is complete.
func (bm *BatchMeans) Mean() float64 {
	if len(bm.means) == 0 {
		return math.NaN()
	}
	return stat.Mean(bm.means, nil)
}

// StdErr returns the standard error of Mean, the standard deviation of the
// batch means over √(number of batches); NaN with fewer than two batches.
func (bm *BatchMeans) StdErr() float64 {
	if len(bm.means) < 2 {
		return math.NaN()
	}
	return stat.StdDev(bm.means, nil) / math.Sqrt(float64(len(bm.means)))
}

// HalfWidth returns the half-width of the t confidence interval for the mean
// at the given level, with (batches − 1) degrees of freedom; NaN with fewer
// than two batches.
func (bm *BatchMeans) HalfWidth(level float64) float64 {
	if len(bm.means) < 2 {
		tFactor(level, 1)
		return math.NaN()
	}
	return tFactor(level, float64(len(bm.means)-1)) * bm.StdErr()
}
