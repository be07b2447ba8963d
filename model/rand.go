package model

import (
	"math/rand/v2"

	"github.com/tiaokuai/tiaokuai/model/dist"
)

// pcgRand is a PCG source with its Rand, both held inline (an entity's
// draws touch no memory outside the entity) and reseeded per entity so that
// entities get their own streams without allocating.
type pcgRand struct {
	pcg rand.PCG
	r   rand.Rand
}

// rand returns the Rand over the source, setting it up on first use.
func (p *pcgRand) rand() *rand.Rand {
	if p.r == (rand.Rand{}) {
		p.r = *rand.New(&p.pcg)
	}
	return &p.r
}

func betaSample(r *rand.Rand, a, b float64) float64 {
	d := dist.Dist{Kind: dist.KindBeta, A: a / (a + b), B: a + b}
	return d.Sample(r)
}
