package analysis

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mathext"
)

// PRIMOptions are the settings of PRIM. The zero value means the defaults.
type PRIMOptions struct {
	// Alpha is the share of the points in the box that one peeling step
	// removes, in (0, 0.5). Default 0.05, at the low end of the range
	// Friedman and Fisher recommend: small steps make a patient, less
	// greedy search.
	Alpha float64
	// MinSupport is the smallest box, as a share of all points, in (0, 1].
	// Peeling stops before a box would hold fewer. Default 0.05.
	MinSupport float64
	// PasteAlpha is the share of the box's points one pasting step adds,
	// in (0, 0.5). Default 0.01: pasting is a fine adjustment of the edges
	// the coarser peeling left.
	PasteAlpha float64
	// MinDensity, when positive, chooses from the peeling trajectory the
	// box of largest coverage whose density is at least MinDensity (e.g.
	// 0.8: "where at least 80% of runs fail"); if no box is that dense, the
	// densest. Zero (the default) chooses the box with the largest F1 score,
	// the harmonic mean 2·coverage·density/(coverage + density), which
	// balances the two without a threshold.
	MinDensity float64
	// Paste, when set, grows the chosen box back after peeling, one side
	// at a time by PasteAlpha of its points, for as long as that does not
	// lower its density (Friedman and Fisher paste while the density rises;
	// accepting an equal density also recovers the coverage a coarse peel
	// of a pure box lost).
	Paste bool
}

// Box is a box found by PRIM: the conjunction of Lo[i] ≤ x_i ≤ Hi[i] over
// the inputs, with Lo[i] = −Inf and Hi[i] = +Inf where the box does not
// restrict input i. Bounds are values of the data (the last point kept on
// each side).
type Box struct {
	Lo, Hi []float64
	// Count is the number of points inside and Positives the number of
	// them for which the condition holds.
	Count, Positives int
	// Coverage is the share of all positive points that lie in the box
	// (recall); Density the share of the points in the box that are
	// positive (precision); Support the share of all points in the box.
	Coverage, Density, Support float64
	// QuasiP[i] is the quasi-p-value of the restriction on input i (NaN
	// where the box does not restrict it): the one-sided binomial
	// probability of at least Positives positives among Count points if the
	// density were that of the same box without the restriction on i
	// (Bryant and Lempert 2010). A restriction with QuasiP above about
	// 0.05 may be an artefact of peeling on noise and can be dropped.
	QuasiP []float64
	// Trajectory is the peeling trajectory, from the whole input space
	// (step 0) to the smallest box peeled; Step is the index of the box
	// chosen from it, and Pasted tells whether pasting then grew it (so
	// that this box differs from Trajectory[Step]). Boxes in Trajectory
	// have neither a trajectory nor quasi-p-values of their own.
	Trajectory []Box
	Step       int
	Pasted     bool
}

// Restricted returns the inputs the box bounds on at least one side, in
// increasing order: the inputs that describe the scenario.
func (b Box) Restricted() []int {
	var out []int
	for i := range b.Lo {
		if !math.IsInf(b.Lo[i], -1) || !math.IsInf(b.Hi[i], 1) {
			out = append(out, i)
		}
	}
	return out
}

// PRIM finds a box in input space where a condition is unusually frequent
// (scenario discovery): X[k] are the inputs of run k (uncertainties and
// levers, any units) and y[k] whether the condition, e.g. "p90 latency above
// the limit", held in it.
//
// Starting from the whole space, each peeling step removes the Alpha share
// of the points in the box at the low or the high end of one input,
// whichever raises the share of positive points the most per point removed,
// until the box would fall below MinSupport. The box is then chosen from
// this trajectory as MinDensity says, by default the one with the best F1
// score (denser boxes further along tend to be peeled on noise, at a loss
// of coverage), and optionally pasted. The whole trajectory is returned, so
// that a different trade-off of coverage against density can be picked.
//
// PRIM returns an error when X and y differ in length, there are no points,
// the rows of X differ in length or hold NaN or infinite values, no point
// is positive, or an option is out of range.
//
// Reference: J. H. Friedman and N. I. Fisher, "Bump hunting in
// high-dimensional data", Statistics and Computing 9 (1999) 123–143; B. P.
// Bryant and R. J. Lempert, "Thinking inside the box", Technological
// Forecasting and Social Change 77 (2010) 34–49.
func PRIM(X [][]float64, y []bool, opts PRIMOptions) (Box, error) {
	n := len(X)
	if n != len(y) {
		return Box{}, fmt.Errorf("analysis: PRIM: %d input rows but %d outcomes", n, len(y))
	}
	if n == 0 {
		return Box{}, fmt.Errorf("analysis: PRIM: no points")
	}
	alpha, minSupport := opts.Alpha, opts.MinSupport
	if alpha == 0 {
		alpha = 0.05
	}
	if minSupport == 0 {
		minSupport = 0.05
	}
	if !(alpha > 0 && alpha < 0.5) {
		return Box{}, fmt.Errorf("analysis: PRIM: Alpha %v outside (0, 0.5)", opts.Alpha)
	}
	if !(minSupport > 0 && minSupport <= 1) {
		return Box{}, fmt.Errorf("analysis: PRIM: MinSupport %v outside (0, 1]", opts.MinSupport)
	}
	pasteAlpha := opts.PasteAlpha
	if pasteAlpha == 0 {
		pasteAlpha = 0.01
	}
	if !(pasteAlpha > 0 && pasteAlpha < 0.5) {
		return Box{}, fmt.Errorf("analysis: PRIM: PasteAlpha %v outside (0, 0.5)", opts.PasteAlpha)
	}
	if !(opts.MinDensity >= 0 && opts.MinDensity <= 1) {
		return Box{}, fmt.Errorf("analysis: PRIM: MinDensity %v outside [0, 1]", opts.MinDensity)
	}
	d := len(X[0])
	if d == 0 {
		return Box{}, fmt.Errorf("analysis: PRIM: points have no inputs")
	}
	totalPos := 0
	for k, x := range X {
		if len(x) != d {
			return Box{}, fmt.Errorf("analysis: PRIM: row %d has %d inputs, row 0 has %d", k, len(x), d)
		}
		if i := nonFinite(x); i >= 0 {
			return Box{}, fmt.Errorf("analysis: PRIM: input %d of row %d is %v", i, k, x[i])
		}
		if y[k] {
			totalPos++
		}
	}
	if totalPos == 0 {
		return Box{}, fmt.Errorf("analysis: PRIM: the condition holds for no point")
	}
	p := primSearch{X: X, y: y, n: n, d: d, totalPos: totalPos, alpha: alpha, pasteAlpha: pasteAlpha}

	lo, hi := make([]float64, d), make([]float64, d)
	for i := range d {
		lo[i], hi[i] = math.Inf(-1), math.Inf(1)
	}
	in := make([]int, n)
	for k := range in {
		in[k] = k
	}
	minCount := max(1, int(math.Ceil(minSupport*float64(n))))
	traj := []Box{p.box(lo, hi, in)}
	for {
		nlo, nhi, nin, ok := p.peel(lo, hi, in, minCount)
		if !ok {
			break
		}
		lo, hi, in = nlo, nhi, nin
		traj = append(traj, p.box(lo, hi, in))
	}

	step := chooseBox(traj, opts.MinDensity)
	chosen := traj[step]
	if opts.Paste {
		if pasted, grew := p.paste(chosen); grew {
			chosen = pasted
			chosen.Pasted = true
		}
	}
	chosen.QuasiP = p.quasiP(chosen)
	chosen.Trajectory = traj
	chosen.Step = step
	return chosen, nil
}

// chooseBox returns the index of the box chosen from the trajectory: with
// minDensity > 0 the first (largest) box at least that dense, or else the
// densest; otherwise the box of largest F1 score. Ties go to the earlier,
// larger box.
func chooseBox(traj []Box, minDensity float64) int {
	if minDensity > 0 {
		densest := 0
		for s, b := range traj {
			if b.Density >= minDensity {
				return s
			}
			if b.Density > traj[densest].Density {
				densest = s
			}
		}
		return densest
	}
	best, bestF1 := 0, -1.0
	for s, b := range traj {
		f1 := 0.0
		if b.Coverage+b.Density > 0 {
			f1 = 2 * b.Coverage * b.Density / (b.Coverage + b.Density)
		}
		if f1 > bestF1 {
			best, bestF1 = s, f1
		}
	}
	return best
}

// quasiP computes the quasi-p-value of each restriction of box b.
func (p *primSearch) quasiP(b Box) []float64 {
	qp := make([]float64, p.d)
	for i := range qp {
		qp[i] = math.NaN()
		if math.IsInf(b.Lo[i], -1) && math.IsInf(b.Hi[i], 1) {
			continue
		}
		lo, hi := slices.Clone(b.Lo), slices.Clone(b.Hi)
		lo[i], hi[i] = math.Inf(-1), math.Inf(1)
		wider := p.box(lo, hi, p.members(lo, hi))
		// P(X ≥ k) for X ~ Binomial(n, q) is the regularized incomplete
		// beta function I_q(k, n − k + 1).
		k, n := b.Positives, b.Count
		switch {
		case k == 0:
			qp[i] = 1
		case wider.Density >= 1:
			qp[i] = 1
		default:
			qp[i] = mathext.RegIncBeta(float64(k), float64(n-k+1), wider.Density)
		}
	}
	return qp
}

type primSearch struct {
	X        [][]float64
	y        []bool
	n, d     int
	totalPos int

	alpha, pasteAlpha float64
}

// box summarises the points in (indices of the box's members).
func (p *primSearch) box(lo, hi []float64, in []int) Box {
	pos := 0
	for _, k := range in {
		if p.y[k] {
			pos++
		}
	}
	b := Box{
		Lo: slices.Clone(lo), Hi: slices.Clone(hi),
		Count: len(in), Positives: pos,
		Coverage: float64(pos) / float64(p.totalPos),
		Support:  float64(len(in)) / float64(p.n),
	}
	if len(in) > 0 {
		b.Density = float64(pos) / float64(len(in))
	}
	return b
}

// peel makes the best peeling step from the box (lo, hi) with members in,
// or reports false when every step would leave fewer than minCount points.
func (p *primSearch) peel(lo, hi []float64, in []int, minCount int) (nlo, nhi []float64, nin []int, ok bool) {
	m := len(in)
	pos := 0
	for _, k := range in {
		if p.y[k] {
			pos++
		}
	}
	mean := float64(pos) / float64(m)
	cut := max(1, int(p.alpha*float64(m)))
	if cut >= m {
		return nil, nil, nil, false // a single point cannot be peeled
	}
	vals := make([]float64, m)
	bestGain, bestDim, bestLow, bestAt := math.Inf(-1), -1, false, 0.0
	for i := range p.d {
		for j, k := range in {
			vals[j] = p.X[k][i]
		}
		slices.Sort(vals)
		for _, low := range []bool{true, false} {
			at := vals[cut]
			if !low {
				at = vals[m-1-cut]
			}
			keep, keepPos := 0, 0
			for _, k := range in {
				x := p.X[k][i]
				if (low && x >= at) || (!low && x <= at) {
					keep++
					if p.y[k] {
						keepPos++
					}
				}
			}
			removed := m - keep
			if removed == 0 || keep < minCount {
				continue
			}
			gain := (float64(keepPos)/float64(keep) - mean) / float64(removed)
			if gain > bestGain {
				bestGain, bestDim, bestLow, bestAt = gain, i, low, at
			}
		}
	}
	if bestDim < 0 {
		return nil, nil, nil, false
	}
	nlo, nhi = slices.Clone(lo), slices.Clone(hi)
	if bestLow {
		nlo[bestDim] = bestAt
	} else {
		nhi[bestDim] = bestAt
	}
	nin = make([]int, 0, m)
	for _, k := range in {
		if x := p.X[k][bestDim]; x >= nlo[bestDim] && x <= nhi[bestDim] {
			nin = append(nin, k)
		}
	}
	return nlo, nhi, nin, true
}

// paste grows box b one side at a time while that keeps or raises its
// density, and reports whether it grew at all. Each accepted step adds
// points, so the loop ends.
func (p *primSearch) paste(b Box) (Box, bool) {
	grew := false
	lo, hi := slices.Clone(b.Lo), slices.Clone(b.Hi)
	for {
		in := p.members(lo, hi)
		m := len(in)
		cur := float64(p.box(lo, hi, in).Positives) / float64(m)
		add := max(1, int(p.pasteAlpha*float64(m)))
		// A paste must keep the density and add points; the best raises the
		// density most, then adds the most points.
		bestDensity, bestCount, bestDim, bestLow, bestAt := cur, m, -1, false, 0.0
		for i := range p.d {
			for _, low := range []bool{true, false} {
				// Points outside the box on this side of input i alone.
				var out []float64
				for _, x := range p.X {
					if p.insideExcept(x, lo, hi, i) && ((low && x[i] < lo[i]) || (!low && x[i] > hi[i])) {
						out = append(out, x[i])
					}
				}
				if len(out) == 0 {
					continue
				}
				slices.Sort(out)
				if low {
					slices.Reverse(out) // nearest first
				}
				at := out[min(add, len(out))-1]
				if len(out) <= add {
					at = math.Inf(1)
					if low {
						at = math.Inf(-1)
					}
				}
				nlo, nhi := slices.Clone(lo), slices.Clone(hi)
				if low {
					nlo[i] = at
				} else {
					nhi[i] = at
				}
				nb := p.box(nlo, nhi, p.members(nlo, nhi))
				if nb.Density > bestDensity || (nb.Density == bestDensity && nb.Count > bestCount) {
					bestDensity, bestCount, bestDim, bestLow, bestAt = nb.Density, nb.Count, i, low, at
				}
			}
		}
		if bestDim < 0 {
			break
		}
		if bestLow {
			lo[bestDim] = bestAt
		} else {
			hi[bestDim] = bestAt
		}
		grew = true
	}
	return p.box(lo, hi, p.members(lo, hi)), grew
}

func (p *primSearch) members(lo, hi []float64) []int {
	var in []int
	for k, x := range p.X {
		if p.insideExcept(x, lo, hi, -1) {
			in = append(in, k)
		}
	}
	return in
}

// insideExcept reports whether x lies within the bounds on every input but
// skip.
func (p *primSearch) insideExcept(x, lo, hi []float64, skip int) bool {
	for i, v := range x {
		if i != skip && (v < lo[i] || v > hi[i]) {
			return false
		}
	}
	return true
}
