package scene

import (
	"math"
	"sort"
	"strings"

	"github.com/tiaokuai/tiaokuai/model"
)

// PlaceKind is the kind of a drawn place.
type PlaceKind uint8

const (
	PlaceNone PlaceKind = iota
	PlaceDistrict
	PlaceStreet
	PlaceCommunity
	PlaceOffice
	PlaceHall
	PlaceHotline
	PlaceDispatch
	PlacePlatform
)

// PlaceRef names a drawn place: its kind and index among places of that
// kind (the model's index for districts, streets, communities, offices and
// halls).
type PlaceRef struct {
	Kind  PlaceKind
	Index int32
}

// Box is a service place drawn as a box with window cells: an office, a
// hall, the hotline, the dispatch centre or the platform hub.
type Box struct {
	Ref  PlaceRef
	Rect Rect
	// Queue is where queueing citizens line up (below the box).
	Queue Rect
}

// Geometry is the city laid out on screen: a strip of city-level service
// places at the top, then one tile per district, each with a civic strip
// (its hall and district offices) above a grid of street tiles holding
// their communities. The layout is schematic: it keeps the tree
// (district → street → community) and the order of positions, not
// distances, so that every place is readable at any city size.
type Geometry struct {
	Map         Rect
	CityStrip   Rect
	Districts   []Rect
	Civic       []Rect // civic strip of each district
	Streets     []Rect
	Communities []Rect
	Offices     []Box // index = model office index
	Halls       []Box // index = district
	Hotline     Box
	Dispatch    Box
	Platform    Box
}

const (
	stripH    = 62 // city strip and civic strips: box + queue row
	boxH      = 38
	headerH   = 20
	tileGap   = 8
	streetGap = 4
)

// NewGeometry lays out l in the map rectangle r.
func NewGeometry(l *model.Layout, r Rect) *Geometry {
	g := &Geometry{Map: r}
	g.CityStrip = Rect{r.X + tileGap, r.Y + tileGap, r.W - 2*tileGap, stripH}

	// City-level boxes: city offices, then hotline, dispatch, platform.
	var cityOffices []int
	byDistrict := make([][]int, len(l.Districts))
	for i, o := range l.Offices {
		if o.Parent < 0 || int(o.Parent) >= len(l.Districts) {
			cityOffices = append(cityOffices, i)
		} else {
			byDistrict[o.Parent] = append(byDistrict[o.Parent], i)
		}
	}
	g.Offices = make([]Box, len(l.Offices))
	g.Halls = make([]Box, len(l.Districts))
	n := len(cityOffices) + 3
	cells := row(g.CityStrip.Inset(4), n, 8, 96)
	for k, i := range cityOffices {
		g.Offices[i] = makeBox(PlaceRef{PlaceOffice, int32(i)}, cells[k])
	}
	g.Hotline = makeBox(PlaceRef{PlaceHotline, 0}, cells[n-3])
	g.Dispatch = makeBox(PlaceRef{PlaceDispatch, 0}, cells[n-2])
	g.Platform = makeBox(PlaceRef{PlacePlatform, 0}, cells[n-1])

	// District tiles in a grid, ordered by position (rows top to bottom).
	area := Rect{r.X + tileGap, g.CityStrip.Y + stripH + tileGap, r.W - 2*tileGap, r.H - stripH - 3*tileGap}
	nd := len(l.Districts)
	order := make([]int, nd)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool {
		pa, pb := l.Districts[order[a]].Pos, l.Districts[order[b]].Pos
		if ra, rb := math.Round(pa[1]), math.Round(pb[1]); ra != rb {
			return ra < rb
		}
		return pa[0] < pb[0]
	})
	tiles := grid(area, nd, tileGap, 1.2)
	g.Districts = make([]Rect, nd)
	g.Civic = make([]Rect, nd)
	streetsOf := make([][]int, nd)
	for s, st := range l.Streets {
		if st.Parent >= 0 && int(st.Parent) < nd {
			streetsOf[st.Parent] = append(streetsOf[st.Parent], s)
		}
	}
	comsOf := make([][]int, len(l.Streets))
	for c, cm := range l.Communities {
		if cm.Parent >= 0 && int(cm.Parent) < len(l.Streets) {
			comsOf[cm.Parent] = append(comsOf[cm.Parent], c)
		}
	}
	g.Streets = make([]Rect, len(l.Streets))
	g.Communities = make([]Rect, len(l.Communities))
	for k, d := range order {
		t := tiles[k]
		g.Districts[d] = t
		civic := Rect{t.X + 4, t.Y + headerH, t.W - 8, stripH}
		g.Civic[d] = civic
		boxes := row(civic, len(byDistrict[d])+1, 6, 88)
		g.Halls[d] = makeBox(PlaceRef{PlaceHall, int32(d)}, boxes[0])
		for j, i := range byDistrict[d] {
			g.Offices[i] = makeBox(PlaceRef{PlaceOffice, int32(i)}, boxes[j+1])
		}
		sarea := Rect{t.X + 4, civic.Y + stripH + 4, t.W - 8, t.Y + t.H - (civic.Y + stripH + 4) - 4}
		sts := streetsOf[d]
		sortByPos(sts, func(i int) [2]float64 { return l.Streets[i].Pos })
		srects := grid(sarea, len(sts), streetGap, 1.6)
		for j, s := range sts {
			sr := srects[j]
			g.Streets[s] = sr
			cs := comsOf[s]
			sortByPos(cs, func(i int) [2]float64 { return l.Communities[i].Pos })
			inner := Rect{sr.X + 3, sr.Y + 15, sr.W - 6, sr.H - 18}
			crects := grid(inner, len(cs), 3, 1)
			for m, c := range cs {
				cr := crects[m]
				side := min(cr.W, cr.H, 56)
				g.Communities[c] = Rect{cr.X + (cr.W-side)/2, cr.Y + (cr.H-side)/2, side, side}
			}
		}
	}
	return g
}

func makeBox(ref PlaceRef, cell Rect) Box {
	b := Box{Ref: ref, Rect: Rect{cell.X, cell.Y, cell.W, min(cell.H, boxH)}}
	b.Queue = Rect{cell.X, b.Rect.Y + b.Rect.H + 3, cell.W, max(0, cell.H-b.Rect.H-3)}
	return b
}

// row splits r into n cells side by side, at most maxW wide each.
func row(r Rect, n int, gap, maxW float32) []Rect {
	out := make([]Rect, n)
	if n == 0 {
		return out
	}
	w := min(maxW, (r.W-gap*float32(n-1))/float32(n))
	for i := range out {
		out[i] = Rect{r.X + float32(i)*(w+gap), r.Y, w, r.H}
	}
	return out
}

// grid splits r into n cells in rows, choosing the column count whose
// cells come closest to the aspect ratio (width/height) wanted.
func grid(r Rect, n int, gap, aspect float32) []Rect {
	out := make([]Rect, n)
	if n == 0 || r.W <= 0 || r.H <= 0 {
		return out
	}
	best, bestCols := math.Inf(1), 1
	for cols := 1; cols <= n; cols++ {
		rows := (n + cols - 1) / cols
		w := (r.W - gap*float32(cols-1)) / float32(cols)
		h := (r.H - gap*float32(rows-1)) / float32(rows)
		if w <= 0 || h <= 0 {
			continue
		}
		bad := math.Abs(math.Log(float64(w / h / aspect)))
		if bad < best-1e-9 {
			best, bestCols = bad, cols
		}
	}
	cols := bestCols
	rows := (n + cols - 1) / cols
	w := (r.W - gap*float32(cols-1)) / float32(cols)
	h := (r.H - gap*float32(rows-1)) / float32(rows)
	for i := range out {
		c, rr := i%cols, i/cols
		out[i] = Rect{r.X + float32(c)*(w+gap), r.Y + float32(rr)*(h+gap), w, h}
	}
	return out
}

// sortByPos orders indices by position: rows (rounded km) top to bottom,
// then left to right; ties keep index order.
func sortByPos(ix []int, pos func(int) [2]float64) {
	sort.SliceStable(ix, func(a, b int) bool {
		pa, pb := pos(ix[a]), pos(ix[b])
		if math.Abs(pa[1]-pb[1]) > 1e-9 {
			return pa[1] < pb[1]
		}
		return pa[0] < pb[0]
	})
}

// Anchor is where citizens go at a place: the centre of a box, community
// or street.
func (g *Geometry) Anchor(p PlaceRef) (float32, float32) {
	if r, ok := g.Rect(p); ok {
		return r.Centre()
	}
	return g.Map.Centre()
}

// Rect is the drawn rectangle of a place.
func (g *Geometry) Rect(p PlaceRef) (Rect, bool) {
	i := int(p.Index)
	switch p.Kind {
	case PlaceDistrict:
		if i < len(g.Districts) {
			return g.Districts[i], true
		}
	case PlaceStreet:
		if i < len(g.Streets) {
			return g.Streets[i], true
		}
	case PlaceCommunity:
		if i < len(g.Communities) {
			return g.Communities[i], true
		}
	case PlaceOffice:
		if i < len(g.Offices) {
			return g.Offices[i].Rect, true
		}
	case PlaceHall:
		if i < len(g.Halls) {
			return g.Halls[i].Rect, true
		}
	case PlaceHotline:
		return g.Hotline.Rect, true
	case PlaceDispatch:
		return g.Dispatch.Rect, true
	case PlacePlatform:
		return g.Platform.Rect, true
	}
	return Rect{}, false
}

// Box returns the box of a service place.
func (g *Geometry) Box(p PlaceRef) *Box {
	i := int(p.Index)
	switch p.Kind {
	case PlaceOffice:
		if i < len(g.Offices) {
			return &g.Offices[i]
		}
	case PlaceHall:
		if i < len(g.Halls) {
			return &g.Halls[i]
		}
	case PlaceHotline:
		return &g.Hotline
	case PlaceDispatch:
		return &g.Dispatch
	case PlacePlatform:
		return &g.Platform
	}
	return nil
}

// PlaceOf maps a model unit to its drawn place.
func PlaceOf(u model.UnitRef) PlaceRef {
	switch u.Kind {
	case model.UnitOffice:
		return PlaceRef{PlaceOffice, u.Index}
	case model.UnitHall:
		return PlaceRef{PlaceHall, u.Index}
	case model.UnitStreet:
		return PlaceRef{PlaceStreet, u.Index}
	case model.UnitCommunity:
		return PlaceRef{PlaceCommunity, u.Index}
	case model.UnitOnline:
		return PlaceRef{PlacePlatform, 0}
	}
	return PlaceRef{}
}

// shortStreet drops the district prefix of a generated street name
// ("old-town-s1" → "s1").
func shortStreet(label, district string) string {
	if rest, ok := strings.CutPrefix(label, district+"-"); ok && rest != "" {
		return rest
	}
	return label
}
