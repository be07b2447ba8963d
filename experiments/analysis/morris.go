package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
)

// MorrisSample is a Morris screening design: Trajectories trajectories of
// Dims + 1 points each on the grid {0, 1/(Levels−1), …, 1}^Dims. Within a
// trajectory consecutive points differ in exactly one factor, by ±Delta,
// and every factor moves exactly once.
type MorrisSample struct {
	// Points holds the trajectories one after another: trajectory t is
	// Points[t(Dims+1)] … Points[t(Dims+1)+Dims]. Coordinates lie in
	// [0, 1], both ends included (the grid's end levels).
	Points [][]float64
	// Trajectories, Dims and Levels are the sizes the design was made with.
	Trajectories, Dims, Levels int
	// Delta is the step, Levels / (2(Levels − 1)): half the levels apart,
	// which makes every level equally likely in the design.
	Delta float64
}

// MorrisResult holds the elementary-effect statistics of one factor over
// the trajectories, in output units per unit of the factor's [0, 1] range:
// the change of output when the factor goes across its whole range, so that
// factors of different physical ranges compare directly.
type MorrisResult struct {
	// MuStar is the mean absolute elementary effect (Campolongo, Cariboni and
	// Saltelli 2007): the factor's overall influence, and the measure to
	// rank factors by (effects of opposite signs do not cancel).
	MuStar float64
	// Mu is the mean elementary effect; |Mu| much below MuStar means the
	// effect changes sign over the input space.
	Mu float64
	// Sigma is the standard deviation of the elementary effects (divisor
	// r − 1; NaN for one trajectory): large Sigma means a non-linear effect
	// or interactions with other factors.
	Sigma float64
}

// MorrisDesign returns r random Morris trajectories in dims factors on a grid
// of levels levels per factor (levels even, at least 2; 4 to 8 are
// customary), drawn with rnd. Each trajectory starts at a random grid point,
// with every factor on the side of the grid from which a step of Delta stays
// inside [0, 1], and moves the factors one at a time, in a random order, by
// Delta up or down. The model is run at the r(dims + 1) points of Points and
// the outputs passed, in the same order, to MorrisEffects.
//
// It returns an error when r < 1, dims < 1, levels is odd or below 2, or
// rnd is nil.
//
// Reference: M. D. Morris, "Factorial sampling plans for preliminary
// computational experiments", Technometrics 33 (1991) 161–174.
func MorrisDesign(r, dims, levels int, rnd *rand.Rand) (MorrisSample, error) {
	switch {
	case r < 1:
		return MorrisSample{}, fmt.Errorf("analysis: MorrisDesign: %d trajectories, want at least 1", r)
	case dims < 1:
		return MorrisSample{}, fmt.Errorf("analysis: MorrisDesign: %d factors, want at least 1", dims)
	case levels < 2 || levels%2 != 0:
		return MorrisSample{}, fmt.Errorf("analysis: MorrisDesign: %d levels, want an even number ≥ 2", levels)
	case rnd == nil:
		return MorrisSample{}, fmt.Errorf("analysis: MorrisDesign: nil *rand.Rand")
	}
	half := levels / 2 // Delta in grid steps
	grid := float64(levels - 1)
	ms := MorrisSample{
		Points:       make([][]float64, 0, r*(dims+1)),
		Trajectories: r,
		Dims:         dims,
		Levels:       levels,
		Delta:        float64(half) / grid,
	}
	level := make([]int, dims)
	step := make([]int, dims)
	for range r {
		for i := range dims {
			// Upward steps start in the lower half of the grid, downward
			// ones in the upper half.
			level[i] = rnd.IntN(half)
			step[i] = half
			if rnd.IntN(2) == 1 {
				level[i] += half
				step[i] = -half
			}
		}
		ms.Points = append(ms.Points, gridPoint(level, grid))
		for _, i := range rnd.Perm(dims) {
			level[i] += step[i]
			ms.Points = append(ms.Points, gridPoint(level, grid))
		}
	}
	return ms, nil
}

func gridPoint(level []int, grid float64) []float64 {
	p := make([]float64, len(level))
	for i, l := range level {
		p[i] = float64(l) / grid
	}
	return p
}

// MorrisEffects computes each factor's elementary effects
// (y(x′) − y(x)) / (x′_i − x_i) along the trajectories of design, where x and
// x′ are consecutive points that differ in factor i alone, and summarises
// them per factor. outputs[k] is the model output at design.Points[k]; when
// points were run with replications, pass the means.
//
// It returns an error when the number of outputs differs from the number of
// points, an output is NaN or infinite, or the points are not trajectories
// of the design's shape (consecutive points must differ in one factor).
func MorrisEffects(design MorrisSample, outputs []float64) ([]MorrisResult, error) {
	k, r := design.Dims, design.Trajectories
	if k < 1 || r < 1 || len(design.Points) != r*(k+1) {
		return nil, fmt.Errorf("analysis: MorrisEffects: %d points do not make %d trajectories of %d factors", len(design.Points), r, k)
	}
	if len(outputs) != len(design.Points) {
		return nil, fmt.Errorf("analysis: MorrisEffects: %d outputs for %d points", len(outputs), len(design.Points))
	}
	if j := nonFinite(outputs); j >= 0 {
		return nil, fmt.Errorf("analysis: MorrisEffects: output %d is %v", j, outputs[j])
	}
	effects := make([][]float64, k)
	for t := range r {
		for s := range k {
			a := t*(k+1) + s
			x, y := design.Points[a], design.Points[a+1]
			if len(x) != k || len(y) != k {
				return nil, fmt.Errorf("analysis: MorrisEffects: point %d or %d does not have %d coordinates", a, a+1, k)
			}
			moved := -1
			for i := range k {
				if x[i] != y[i] {
					if moved >= 0 {
						return nil, fmt.Errorf("analysis: MorrisEffects: points %d and %d differ in factors %d and %d", a, a+1, moved, i)
					}
					moved = i
				}
			}
			if moved < 0 {
				return nil, fmt.Errorf("analysis: MorrisEffects: points %d and %d are equal", a, a+1)
			}
			effects[moved] = append(effects[moved], (outputs[a+1]-outputs[a])/(y[moved]-x[moved]))
		}
	}
	res := make([]MorrisResult, k)
	for i, ee := range effects {
		if len(ee) != r {
			return nil, fmt.Errorf("analysis: MorrisEffects: factor %d moves %d times in %d trajectories, want once in each", i, len(ee), r)
		}
		var sum, abs float64
		for _, e := range ee {
			sum += e
			abs += math.Abs(e)
		}
		mu := sum / float64(r)
		sigma := math.NaN()
		if r > 1 {
			var ss float64
			for _, e := range ee {
				ss += (e - mu) * (e - mu)
			}
			sigma = math.Sqrt(ss / float64(r-1))
		}
		res[i] = MorrisResult{MuStar: abs / float64(r), Mu: mu, Sigma: sigma}
	}
	return res, nil
}
