package model

import (
	"math"
	"sort"

	"github.com/tiaokuai/tiaokuai/model/rng"
)

// UnitKind says what kind of unit a UnitRef names.
type UnitKind uint8

const (
	UnitNone      UnitKind = iota
	UnitOffice             // a department's office (Index into Model.Offices)
	UnitHall               // a district's one-window hall (Index = district)
	UnitStreet             // a street office (Index = street)
	UnitCommunity          // a community (Index = community)
	UnitOnline             // the online channel / platform
)

// UnitRef names a place in the city.
type UnitRef struct {
	Kind  UnitKind
	Index int32
}

// city is the resolved kuai tree in flat arrays.
type city struct {
	// communities
	comPop      []int
	comStreet   []int32
	comDistrict []int32
	comPos      [][2]float64
	comFirst    []int32 // first citizen of each community; citizens of c are [comFirst[c], comFirst[c+1])
	// streets
	strDistrict []int32
	strPos      [][2]float64
	// districts
	distPos [][2]float64
	total   int
}

func newCity(cfg *Config) *city {
	c := &city{}
	for d, dist := range cfg.City.Districts {
		c.distPos = append(c.distPos, dist.Position)
		for _, st := range dist.Streets {
			s := int32(len(c.strDistrict))
			c.strDistrict = append(c.strDistrict, int32(d))
			c.strPos = append(c.strPos, st.Position)
			for _, cm := range st.Communities {
				c.comFirst = append(c.comFirst, int32(c.total))
				c.comPop = append(c.comPop, cm.Population)
				c.comStreet = append(c.comStreet, s)
				c.comDistrict = append(c.comDistrict, int32(d))
				c.comPos = append(c.comPos, cm.Position)
				c.total += cm.Population
			}
		}
	}
	c.comFirst = append(c.comFirst, int32(c.total))
	return c
}

func distance(a, b [2]float64) float64 {
	return math.Hypot(a[0]-b[0], a[1]-b[1])
}

// citizens are stored column-wise: one slice per attribute, indexed by
// citizen number.
type citizens struct {
	home     []int32
	literacy []float32
	trust    []float32
	quintile []uint8 // literacy quintile 0..4 within the whole population
	cuts     [4]float64
}

// newCitizens draws every resident's literacy and trust from the citizen
// stream (seed, "citizen", i): the same citizens under every reform.
func newCitizens(cfg *Config, c *city, seed uint64) *citizens {
	n := c.total
	z := &citizens{
		home:     make([]int32, n),
		literacy: make([]float32, n),
		trust:    make([]float32, n),
		quintile: make([]uint8, n),
	}
	key := rng.Name("citizen")
	k := cfg.Citizens.LiteracyConcentration
	src := &pcgRand{}
	for com := range c.comPop {
		lm := cfg.City.Districts[c.comDistrict[com]].LiteracyMean
		for i := c.comFirst[com]; i < c.comFirst[com+1]; i++ {
			key.Reseed(&src.pcg, seed, uint64(i))
			r := src.rand()
			z.home[i] = int32(com)
			z.literacy[i] = float32(betaSample(r, lm*k, (1-lm)*k))
			z.trust[i] = float32(betaSample(r, cfg.Citizens.TrustA, cfg.Citizens.TrustB))
		}
	}
	// Quintile cut points from a fine histogram (exact enough: bins of 1e-4).
	const bins = 10000
	var h [bins + 1]int
	for _, l := range z.literacy {
		h[int(float64(l)*bins)]++
	}
	cum, q := 0, 0
	for b := 0; b <= bins && q < 4; b++ {
		cum += h[b]
		for q < 4 && float64(cum) >= float64(n)*float64(q+1)/5 {
			z.cuts[q] = float64(b+1) / bins
			q++
		}
	}
	for i, l := range z.literacy {
		z.quintile[i] = uint8(sort.SearchFloat64s(z.cuts[:], float64(l)+1e-12))
		if z.quintile[i] > 4 {
			z.quintile[i] = 4
		}
	}
	return z
}
