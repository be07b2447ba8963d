package scene

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model"
)

// Animation constants, in seconds of animation time (not simulated time:
// a hop stays visible for the same time at every speed).
const (
	HopSeconds   = 0.9  // a ticket or file travelling between two places
	MaxParticles = 900  // older particles are dropped beyond this
	TripMinutes  = 50.0 // longest drawn trip; earlier the citizen is still at home
	DotRadius    = 2.6
)

// Scene is one city drawn in a rectangle: its geometry, the latest
// snapshot and the particles in flight. It knows nothing of windows or
// pixels: it issues drawing calls against a Canvas.
//
// Update is deterministic: the same snapshots and time steps give the same
// drawing calls, so recordings are reproducible.
type Scene struct {
	Layout *model.Layout
	Geo    *Geometry
	Lang   i18n.Lang

	snap model.Snapshot
	anim float64 // animation clock, seconds
	gen  uint32

	officeLoad, hallLoad, streetLoad, comLoad []model.UnitLoad

	matterAt map[int64]mark
	ticketAt map[int64]mark
	parts    []particle

	// Per frame: where things were drawn, for hit testing.
	dots     []dot
	tcount   map[PlaceRef]int // tickets resting at each place
	slots    map[PlaceRef]int // citizens in person at each place
	platform int              // matters at the online platform
}

type mark struct {
	place   PlaceRef
	bounces int16
	gen     uint32
}

type particle struct {
	x0, y0, x1, y1 float32
	t0             float64
	col            color.NRGBA
	doc            bool // a file (square) rather than a ticket (diamond)
}

type dot struct {
	x, y float32
	i    int32 // index into snap.Matters
}

// New lays out l in the map rectangle r.
func New(l *model.Layout, r Rect, lang i18n.Lang) *Scene {
	s := &Scene{Layout: l, Lang: lang, matterAt: map[int64]mark{}, ticketAt: map[int64]mark{}, slots: map[PlaceRef]int{}, tcount: map[PlaceRef]int{}}
	s.Geo = NewGeometry(l, r)
	s.officeLoad = make([]model.UnitLoad, len(l.Offices))
	s.hallLoad = make([]model.UnitLoad, len(l.Halls))
	s.streetLoad = make([]model.UnitLoad, len(l.Streets))
	s.comLoad = make([]model.UnitLoad, len(l.Communities))
	return s
}

// Resize lays the city out again in r (particles in flight are dropped).
func (s *Scene) Resize(r Rect) {
	s.Geo = NewGeometry(s.Layout, r)
	s.parts = s.parts[:0]
}

// Reset forgets the history (after a restart).
func (s *Scene) Reset() {
	clear(s.matterAt)
	clear(s.ticketAt)
	s.parts = s.parts[:0]
	s.snap.T = 0
	s.snap.Matters = s.snap.Matters[:0]
	s.snap.Tickets = s.snap.Tickets[:0]
	s.snap.Units = s.snap.Units[:0]
}

// Snapshot is the latest snapshot given to Update.
func (s *Scene) Snapshot() *model.Snapshot { return &s.snap }

// Anim is the animation clock in seconds.
func (s *Scene) Anim() float64 { return s.anim }

// Particles is the number of hops in flight.
func (s *Scene) Particles() int { return len(s.parts) }

// Update takes a new snapshot (copied) and advances the animation clock by
// dt seconds. Places that tickets and files move between become particles.
func (s *Scene) Update(snap *model.Snapshot, dt float64) {
	s.anim += dt
	s.gen++
	s.snap.T = snap.T
	s.snap.Matters = append(s.snap.Matters[:0], snap.Matters...)
	s.snap.Tickets = append(s.snap.Tickets[:0], snap.Tickets...)
	s.snap.Units = append(s.snap.Units[:0], snap.Units...)
	for _, u := range snap.Units {
		i := int(u.Unit.Index)
		switch u.Unit.Kind {
		case model.UnitOffice:
			if i < len(s.officeLoad) {
				s.officeLoad[i] = u
			}
		case model.UnitHall:
			if i < len(s.hallLoad) {
				s.hallLoad[i] = u
			}
		case model.UnitStreet:
			if i < len(s.streetLoad) {
				s.streetLoad[i] = u
			}
		case model.UnitCommunity:
			if i < len(s.comLoad) {
				s.comLoad[i] = u
			}
		}
	}
	g := s.Geo
	for i := range s.snap.Matters {
		ms := &s.snap.Matters[i]
		p, doc := matterPlace(ms)
		old, seen := s.matterAt[ms.Matter]
		if doc && p.Kind != PlaceNone {
			switch {
			case seen && old.place.Kind != PlaceNone && old.place != p:
				x0, y0 := g.Anchor(old.place)
				x1, y1 := g.Anchor(p)
				s.spawn(particle{x0, y0, x1, y1, s.anim, ColDoc, true})
			case !seen && p.Kind == PlacePlatform:
				x0, y0 := g.Anchor(PlaceRef{PlaceCommunity, ms.Home})
				x1, y1 := g.Anchor(p)
				s.spawn(particle{x0, y0, x1, y1, s.anim, ColOnline, true})
			}
		}
		if p.Kind == PlaceNone && seen {
			p = old.place
		}
		s.matterAt[ms.Matter] = mark{place: p, gen: s.gen}
	}
	for i := range s.snap.Tickets {
		ts := &s.snap.Tickets[i]
		p := ticketPlace(ts)
		old, seen := s.ticketAt[ts.Ticket]
		if !seen {
			old.place = PlaceRef{PlaceCommunity, ts.Home}
		}
		if old.place != p && p.Kind != PlaceNone {
			x0, y0 := g.Anchor(old.place)
			x1, y1 := g.Anchor(p)
			col := ColTicket[min(2, int(ts.Bounces))]
			s.spawn(particle{x0, y0, x1, y1, s.anim, col, false})
		}
		s.ticketAt[ts.Ticket] = mark{place: p, bounces: ts.Bounces, gen: s.gen}
	}
	for id, m := range s.matterAt {
		if m.gen != s.gen {
			delete(s.matterAt, id)
		}
	}
	for id, m := range s.ticketAt {
		if m.gen != s.gen {
			delete(s.ticketAt, id)
		}
	}
	k := 0
	for _, p := range s.parts {
		if s.anim-p.t0 < HopSeconds {
			s.parts[k] = p
			k++
		}
	}
	s.parts = s.parts[:k]
}

func (s *Scene) spawn(p particle) {
	if len(s.parts) >= MaxParticles {
		copy(s.parts, s.parts[1:])
		s.parts = s.parts[:len(s.parts)-1]
	}
	s.parts = append(s.parts, p)
}

// matterPlace is where a matter's file is (doc = true) or its citizen goes.
func matterPlace(ms *model.MatterState) (PlaceRef, bool) {
	switch ms.Stage {
	case model.StageTransfer, model.StageBackOffice:
		return PlaceOf(ms.Unit), true
	case model.StageResubmit:
		return PlaceRef{PlacePlatform, 0}, true
	case model.StageMail:
		return PlaceRef{}, false
	}
	if ms.Unit.Kind == model.UnitOnline {
		return PlaceRef{PlacePlatform, 0}, true
	}
	return PlaceOf(ms.Unit), false
}

// ticketPlace is where a ticket is: the hotline, dispatch, or its unit.
func ticketPlace(ts *model.TicketState) PlaceRef {
	switch ts.Stage {
	case model.TicketHotline, model.TicketRedial:
		return PlaceRef{PlaceHotline, 0}
	case model.TicketDispatch:
		return PlaceRef{PlaceDispatch, 0}
	}
	return PlaceOf(ts.Unit)
}

// Load is a street's or community's load in [0, 1]: hours of backlog per
// worker against a working day (8 h = drowning), or the share of workers
// busy, whichever is higher.
func Load(u model.UnitLoad, workers int) float64 {
	w := float64(max(1, workers))
	v := u.Backlog / w / 8
	if u.Servers > 0 {
		v = max(v, 0.5*float64(u.Busy)/float64(u.Servers))
	}
	return math.Min(1, v)
}

// StreetLoad and CommunityLoad are the load of street or community i.
func (s *Scene) StreetLoad(i int) float64 {
	return Load(s.streetLoad[i], s.Layout.Streets[i].Workers)
}

// CommunityLoad is the load of community i (see Load).
func (s *Scene) CommunityLoad(i int) float64 {
	return Load(s.comLoad[i], s.Layout.Communities[i].Workers)
}

func (s *Scene) placeLabel(p PlaceRef) string {
	l := s.Layout
	zh := s.Lang == i18n.Chinese
	pick := func(pl model.Place) string {
		if zh && pl.Label != "" {
			return Shorten(pl.Label)
		}
		return pl.Name
	}
	i := int(p.Index)
	switch p.Kind {
	case PlaceDistrict:
		return pick(l.Districts[i])
	case PlaceStreet:
		st := l.Streets[i]
		if zh && st.Label != "" && st.Label != st.Name {
			return Shorten(st.Label)
		}
		return shortStreet(st.Name, l.Districts[st.Parent].Name)
	case PlaceCommunity:
		cm := l.Communities[i]
		if zh && cm.Label != "" && cm.Label != cm.Name {
			return Shorten(cm.Label)
		}
		return shortStreet(cm.Name, l.Streets[cm.Parent].Name)
	case PlaceOffice:
		o := l.Offices[i]
		if o.Dept >= 0 && int(o.Dept) < len(l.Departments) {
			if zh && l.DeptLabels[o.Dept] != "" {
				return Shorten(l.DeptLabels[o.Dept])
			}
			return l.Departments[o.Dept]
		}
		return o.Name
	case PlaceHall:
		return MsgHall.In(s.Lang)
	case PlaceHotline:
		return MsgHotline.In(s.Lang)
	case PlaceDispatch:
		return MsgDispatch.In(s.Lang)
	case PlacePlatform:
		return MsgPlatform.In(s.Lang)
	}
	return ""
}

func (s *Scene) boxColour(p PlaceRef) color.NRGBA {
	switch p.Kind {
	case PlaceOffice:
		return DeptColour(int(s.Layout.Offices[p.Index].Dept))
	case PlaceHall:
		return ColHall
	case PlaceHotline:
		return ColHotline
	case PlaceDispatch:
		return ColDispatch
	case PlacePlatform:
		return ColPlatform
	}
	return ColBoxRim
}

func (s *Scene) boxLoad(p PlaceRef) model.UnitLoad {
	switch p.Kind {
	case PlaceOffice:
		return s.officeLoad[p.Index]
	case PlaceHall:
		return s.hallLoad[p.Index]
	}
	return model.UnitLoad{}
}

// ChannelColour is the colour of a citizen using channel ch.
func ChannelColour(ch model.Channel) color.NRGBA {
	switch ch {
	case model.OneWindow:
		return ColOneWindow
	case model.Online:
		return ColOnline
	}
	return ColFragmented
}

// Draw draws the map: districts, streets and communities coloured by
// load, the service places with their windows, citizens, tickets and the
// hops in flight.
func (s *Scene) Draw(c Canvas) {
	s.DrawBase(c)
	s.DrawLive(c)
}

// loadSteps quantises loads for colouring: the base layer changes only
// when a colour does.
const loadSteps = 24

func quant(v float64) float64 { return math.Round(v*loadSteps) / loadSteps }

// BaseKey changes whenever DrawBase would draw something different: the
// quantised loads, the language and the geometry. A back end may cache the
// base layer under this key (the ebiten back end does: it saves Mesa's
// software renderer most of the pixels of a frame).
func (s *Scene) BaseKey() uint64 {
	h := uint64(14695981039346656037)
	mix := func(v uint64) { h = (h ^ v) * 1099511628211 }
	for i := range s.streetLoad {
		mix(uint64(quant(s.StreetLoad(i)) * loadSteps))
	}
	for i := range s.comLoad {
		mix(uint64(quant(s.CommunityLoad(i)) * loadSteps))
	}
	mix(uint64(s.Lang))
	m := s.Geo.Map
	mix(uint64(math.Float32bits(m.X))<<32 | uint64(math.Float32bits(m.W)))
	mix(uint64(math.Float32bits(m.H)))
	return h
}

// DrawBase draws what changes slowly: the map, districts, streets and
// communities coloured by load, and the frames and labels of the boxes.
func (s *Scene) DrawBase(c Canvas) {
	g := s.Geo
	l := s.Layout
	c.FillRect(g.Map, ColMapBG)
	c.FillRect(g.CityStrip, ColCityStrip)
	c.StrokeRect(g.CityStrip, 1, ColStreetRim)

	for d, r := range g.Districts {
		c.FillRect(r, ColDistrict)
		c.StrokeRect(r, 1.5, ColDistrictRim)
		name := s.placeLabel(PlaceRef{PlaceDistrict, int32(d)})
		pop := fmt.Sprintf("%s %s", thousands(l.Districts[d].Population), MsgPopulation.In(s.Lang))
		c.Text(Fit(c, name, TextLarge, r.W-8), r.X+6, r.Y+1, TextLarge, ColText)
		if w := c.TextWidth(pop, TextSmall); w < r.W-c.TextWidth(name, TextLarge)-24 {
			c.Text(pop, r.X+r.W-w-6, r.Y+4, TextSmall, ColMuted)
		}
	}
	for i, r := range g.Streets {
		col := Blend(ColDistrict, LoadColour(quant(s.StreetLoad(i))), 0.55)
		c.FillRect(r, col)
		c.StrokeRect(r, 1, ColStreetRim)
		if r.H > 24 && r.W > 30 {
			c.Text(Fit(c, s.placeLabel(PlaceRef{PlaceStreet, int32(i)}), TextSmall, r.W-6), r.X+3, r.Y, TextSmall, ColMuted)
		}
	}
	for i, r := range g.Communities {
		c.FillRect(r, LoadColour(quant(s.CommunityLoad(i))))
		c.StrokeRect(r, 1, ColStreetRim)
		if r.W >= 34 {
			c.Text(Fit(c, s.placeLabel(PlaceRef{PlaceCommunity, int32(i)}), TextSmall, r.W-4), r.X+3, r.Y+1, TextSmall, ColMuted)
		}
	}
	for _, b := range s.boxes() {
		s.drawBoxBase(c, b)
	}
}

func (s *Scene) boxes() []*Box {
	g := s.Geo
	out := make([]*Box, 0, len(g.Offices)+len(g.Halls)+3)
	for i := range g.Offices {
		out = append(out, &g.Offices[i])
	}
	for i := range g.Halls {
		out = append(out, &g.Halls[i])
	}
	return append(out, &g.Hotline, &g.Dispatch, &g.Platform)
}

// DrawLive draws what moves: open and busy windows, queues, citizens,
// tickets and the hops in flight, over DrawBase.
func (s *Scene) DrawLive(c Canvas) {
	g := s.Geo
	// Count tickets resting at each place.
	clear(s.tcount)
	for i := range s.snap.Tickets {
		s.tcount[ticketPlace(&s.snap.Tickets[i])]++
	}
	s.platform = 0
	for i := range s.snap.Matters {
		if p, doc := matterPlace(&s.snap.Matters[i]); doc && p.Kind == PlacePlatform {
			s.platform++
		}
	}
	for _, b := range s.boxes() {
		s.drawBox(c, b)
	}
	// Tickets at a community are counted at its street: communities are small.
	for i, r := range g.Streets {
		n := s.tcount[PlaceRef{PlaceStreet, int32(i)}] + s.comTickets(i)
		if n > 0 {
			s.ticketBadge(c, r.X+r.W-6, r.Y+7, n)
		}
	}
	s.drawCitizens(c)
	for _, p := range s.parts {
		f := float32((s.anim - p.t0) / HopSeconds)
		if f > 0.92 {
			continue // arrived: a file lingering in a box would look like part of it
		}
		f = 1 - (1-f)*(1-f) // fast start, gentle arrival
		x := p.x0 + (p.x1-p.x0)*f
		y := p.y0 + (p.y1-p.y0)*f
		if p.doc {
			c.FillRect(Rect{x - 3, y - 3.5, 6, 7}, p.col)
			c.StrokeRect(Rect{x - 3, y - 3.5, 6, 7}, 1, ColWhite)
			continue
		}
		// A ticket: a diamond with a short trail.
		tx := p.x0 + (p.x1-p.x0)*max(0, f-0.12)
		ty := p.y0 + (p.y1-p.y0)*max(0, f-0.12)
		c.Line(tx, ty, x, y, 2, p.col)
		diamond(c, x, y, 4.5, p.col)
	}
}

// comTickets counts the tickets resting at the communities of street i.
func (s *Scene) comTickets(i int) int {
	n := 0
	for c, cm := range s.Layout.Communities {
		if int(cm.Parent) == i {
			n += s.tcount[PlaceRef{PlaceCommunity, int32(c)}]
		}
	}
	return n
}

func diamond(c Canvas, x, y, r float32, col color.NRGBA) {
	// Drawn as two thick crossing lines and a disc: every back end has those.
	c.FillCircle(x, y, r*0.75, col)
	c.Line(x-r, y, x+r, y, 2, col)
	c.Line(x, y-r, x, y+r, 2, col)
}

func (s *Scene) ticketBadge(c Canvas, x, y float32, n int) {
	col := ColTicket[0]
	diamond(c, x, y, 4, col)
	if n > 1 {
		t := fmt.Sprint(n)
		w := c.TextWidth(t, TextSmall)
		c.FillRect(Rect{x - w - 6, y - 7, w + 2, 13}, ColWhite)
		c.Text(t, x-w-5, y-8, TextSmall, col)
	}
}

func (s *Scene) drawBoxBase(c Canvas, b *Box) {
	r := b.Rect
	if r.W <= 0 {
		return
	}
	c.FillRect(r, ColBox)
	c.FillRect(Rect{r.X, r.Y, r.W, 5}, s.boxColour(b.Ref))
	c.StrokeRect(r, 1, ColBoxRim)
	c.Text(Fit(c, s.placeLabel(b.Ref), TextSmall, r.W-4), r.X+3, r.Y+4, TextSmall, ColText)
}

func (s *Scene) drawBox(c Canvas, b *Box) {
	r := b.Rect
	if r.W <= 0 {
		return
	}
	col := s.boxColour(b.Ref)
	ul := s.boxLoad(b.Ref)
	// Windows along the bottom: open ones outlined, busy ones filled.
	n := ul.Servers
	switch b.Ref.Kind {
	case PlaceHotline, PlaceDispatch, PlacePlatform:
		n = 0
		cnt := s.tcount[b.Ref]
		if b.Ref.Kind == PlacePlatform {
			cnt = s.platform
		}
		if cnt > 0 {
			t := fmt.Sprint(cnt)
			c.Text(t, r.X+3, r.Y+r.H-TextSmall.LineHeight()-1, TextSmall, col)
		}
	}
	if n > 0 {
		cw := min(9, (r.W-4)/float32(n))
		for k := 0; k < n; k++ {
			cell := Rect{r.X + 2 + float32(k)*cw, r.Y + r.H - 9, cw - 1.5, 7}
			if k < ul.Busy {
				c.FillRect(cell, col)
			} else {
				c.StrokeRect(cell, 1, col)
			}
		}
	} else if b.Ref.Kind == PlaceOffice || b.Ref.Kind == PlaceHall {
		c.Line(r.X+3, r.Y+r.H-5, r.X+r.W-3, r.Y+r.H-5, 1, ColBoxRim) // closed
	}
	if ul.Queued > 0 {
		t := fmt.Sprint(ul.Queued)
		w := c.TextWidth(t, TextSmall)
		c.Text(t, r.X+r.W-w-3, r.Y+4, TextSmall, ColFragmented)
	}
}

// drawCitizens draws every citizen in person: travelling (interpolated
// from home to the unit over the last TripMinutes of the trip), queueing
// under a box or around a community, being served at a window.
func (s *Scene) drawCitizens(c Canvas) {
	g := s.Geo
	s.dots = s.dots[:0]
	clear(s.slots)
	var over []PlaceRef // places with more citizens than slots, in first-seen order
	overflow := map[PlaceRef]int{}
	T := s.snap.T
	for i := range s.snap.Matters {
		ms := &s.snap.Matters[i]
		col := ChannelColour(ms.Channel)
		var x, y float32
		switch ms.Stage {
		case model.StageTravel:
			dur := math.Min(ms.Until-ms.Since, TripMinutes)
			start := ms.Until - dur
			if T < start || dur <= 0 {
				continue // still at home
			}
			f := float32(math.Min(1, (T-start)/dur))
			x0, y0 := g.Anchor(PlaceRef{PlaceCommunity, ms.Home})
			x1, y1 := g.Anchor(PlaceOf(ms.Unit))
			// A small sideways offset per matter keeps trips on one road apart.
			off := float32(int(uint64(ms.Matter)*0x9E3779B97F4A7C15>>58)-32) / 8
			dx, dy := x1-x0, y1-y0
			ln := float32(math.Hypot(float64(dx), float64(dy)))
			if ln > 0 {
				w := off * float32(math.Sin(float64(f)*math.Pi))
				x, y = x0+dx*f-dy/ln*w, y0+dy*f+dx/ln*w
			} else {
				x, y = x0, y0
			}
			c.FillCircle(x, y, DotRadius, col)
		case model.StageQueue, model.StageService, model.StageWaitCertificate:
			p := PlaceOf(ms.Unit)
			k := s.slots[p]
			s.slots[p] = k + 1
			var ok bool
			x, y, ok = s.slot(p, k, ms.Stage == model.StageService)
			if !ok {
				if overflow[p] == 0 {
					over = append(over, p)
				}
				overflow[p]++
				continue
			}
			c.FillCircle(x, y, DotRadius+0.8, ColWhite)
			c.FillCircle(x, y, DotRadius, col)
		default:
			continue
		}
		s.dots = append(s.dots, dot{x, y, int32(i)})
	}
	for _, p := range over {
		n := overflow[p]
		if b := g.Box(p); b != nil {
			t := "+" + fmt.Sprint(n)
			w := c.TextWidth(t, TextSmall)
			c.FillRect(Rect{b.Queue.X + b.Queue.W - w - 3, b.Queue.Y + b.Queue.H - 13, w + 3, 13}, ColMapBG)
			c.Text(t, b.Queue.X+b.Queue.W-w-1, b.Queue.Y+b.Queue.H-14, TextSmall, ColText)
		}
	}
}

// slot is the position of the k-th citizen in person at place p.
func (s *Scene) slot(p PlaceRef, k int, serving bool) (float32, float32, bool) {
	g := s.Geo
	if b := g.Box(p); b != nil {
		r := b.Rect
		if serving {
			n := max(1, s.boxLoad(p).Servers)
			cw := min(9, (r.W-4)/float32(n))
			kk := min(k, n-1)
			return r.X + 2 + float32(kk)*cw + cw/2 - 0.75, r.Y + r.H - 14, true
		}
		q := b.Queue
		cols := int((q.W - 4) / 7)
		rows := int((q.H - 1) / 7)
		if cols <= 0 || rows <= 0 {
			return 0, 0, false
		}
		if k >= cols*rows-2 { // keep room for the "+n" count
			return 0, 0, false
		}
		return q.X + 4 + float32(k%cols)*7, q.Y + 4 + float32(k/cols)*7, true
	}
	r, ok := g.Rect(p)
	if !ok {
		return 0, 0, false
	}
	cx, cy := r.Centre()
	// Around a community or street, on widening rings.
	a := float64(k) * 2.39996 // golden angle
	rad := float64(r.W/2+4) + 3*math.Sqrt(float64(k))
	return cx + float32(rad*math.Cos(a)), cy + float32(rad*math.Sin(a)), true
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(ch)
	}
	return b.String()
}
