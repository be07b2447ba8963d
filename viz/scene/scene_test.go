package scene

import (
	"fmt"
	"hash/fnv"
	"image/color"
	"math"
	"testing"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model"
	"github.com/tiaokuai/tiaokuai/scenarios"
)

// logCanvas records drawing calls; text is 7 px per rune.
type logCanvas struct {
	calls   []string
	circles []circle
}

type circle struct {
	x, y, r float32
	c       color.NRGBA
}

func (l *logCanvas) FillRect(r Rect, c color.NRGBA) {
	l.calls = append(l.calls, fmt.Sprintf("R %.2f %.2f %.2f %.2f %v", r.X, r.Y, r.W, r.H, c))
}
func (l *logCanvas) StrokeRect(r Rect, w float32, c color.NRGBA) {
	l.calls = append(l.calls, fmt.Sprintf("S %.2f %.2f %.2f %.2f %.1f %v", r.X, r.Y, r.W, r.H, w, c))
}
func (l *logCanvas) FillCircle(x, y, r float32, c color.NRGBA) {
	l.calls = append(l.calls, fmt.Sprintf("C %.2f %.2f %.2f %v", x, y, r, c))
	l.circles = append(l.circles, circle{x, y, r, c})
}
func (l *logCanvas) Line(x0, y0, x1, y1, w float32, c color.NRGBA) {
	l.calls = append(l.calls, fmt.Sprintf("L %.2f %.2f %.2f %.2f %.1f %v", x0, y0, x1, y1, w, c))
}
func (l *logCanvas) Text(s string, x, y float32, size TextSize, c color.NRGBA) {
	l.calls = append(l.calls, fmt.Sprintf("T %q %.2f %.2f %d %v", s, x, y, size, c))
}
func (l *logCanvas) TextWidth(s string, size TextSize) float32 {
	return 7 * float32(len([]rune(s)))
}

func (l *logCanvas) hash() uint64 {
	h := fnv.New64a()
	for _, c := range l.calls {
		h.Write([]byte(c))
	}
	return h.Sum64()
}

func newModel(t testing.TB, name string, seed uint64) *model.Model {
	t.Helper()
	cfg, _, err := scenarios.Load(name, nil)
	if err != nil {
		t.Fatal(err)
	}
	m, err := model.New(cfg, seed, model.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func inside(a, b Rect) bool {
	const eps = 0.01
	return a.X >= b.X-eps && a.Y >= b.Y-eps && a.X+a.W <= b.X+b.W+eps && a.Y+a.H <= b.Y+b.H+eps
}

func overlap(a, b Rect) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}

// The layout keeps the tree: every community inside its street, every
// street inside its district, every office and hall inside its district's
// civic strip (or the city strip), nothing overlapping its siblings, and
// every community big enough to see.
func TestLayoutKeepsTheTree(t *testing.T) {
	for _, name := range []string{"classroom", "midcity"} {
		t.Run(name, func(t *testing.T) {
			m := newModel(t, name, 1)
			l := m.Layout()
			area := Rect{0, 0, 940, 720}
			g := NewGeometry(l, area)
			if len(g.Communities) != len(l.Communities) || len(g.Offices) != len(l.Offices) || len(g.Halls) != len(l.Districts) {
				t.Fatalf("counts: %d/%d communities, %d/%d offices", len(g.Communities), len(l.Communities), len(g.Offices), len(l.Offices))
			}
			for d, r := range g.Districts {
				if !inside(r, area) {
					t.Errorf("district %d %v outside the map", d, r)
				}
				for e := d + 1; e < len(g.Districts); e++ {
					if overlap(r, g.Districts[e]) {
						t.Errorf("districts %d and %d overlap", d, e)
					}
				}
				if !inside(g.Halls[d].Rect, g.Civic[d]) {
					t.Errorf("hall %d not in its civic strip", d)
				}
			}
			for s, r := range g.Streets {
				if !inside(r, g.Districts[l.Streets[s].Parent]) {
					t.Errorf("street %d %v outside its district %v", s, r, g.Districts[l.Streets[s].Parent])
				}
			}
			minSide := float32(math.Inf(1))
			for c, r := range g.Communities {
				if !inside(r, g.Streets[l.Communities[c].Parent]) {
					t.Errorf("community %d outside its street", c)
				}
				minSide = min(minSide, r.W)
			}
			if minSide < 8 {
				t.Errorf("smallest community is %.1f px", minSide)
			}
			var boxes []Rect
			for i, o := range l.Offices {
				r := g.Offices[i].Rect
				want := g.CityStrip
				if o.Parent >= 0 {
					want = g.Civic[o.Parent]
				}
				if !inside(r, want) {
					t.Errorf("office %s %v not in %v", o.Name, r, want)
				}
				boxes = append(boxes, r)
			}
			for _, h := range g.Halls {
				boxes = append(boxes, h.Rect)
			}
			boxes = append(boxes, g.Hotline.Rect, g.Dispatch.Rect, g.Platform.Rect)
			for i := range boxes {
				if boxes[i].W < 12 {
					t.Errorf("box %d is %.1f px wide", i, boxes[i].W)
				}
				for j := i + 1; j < len(boxes); j++ {
					if overlap(boxes[i], boxes[j]) {
						t.Errorf("boxes %d %v and %d %v overlap", i, boxes[i], j, boxes[j])
					}
				}
			}
		})
	}
}

func TestLoadColour(t *testing.T) {
	if LoadColour(0) != LoadRamp[0] || LoadColour(math.NaN()) != LoadRamp[0] || LoadColour(-1) != LoadRamp[0] {
		t.Error("no load is not the calm colour")
	}
	if LoadColour(1) != LoadRamp[len(LoadRamp)-1] || LoadColour(7) != LoadRamp[len(LoadRamp)-1] {
		t.Error("full load is not the drowning colour")
	}
	// Along the ramp the share of red in red+green only grows: the colour
	// moves from green through yellow to red.
	redness := func(c color.NRGBA) float64 { return float64(c.R) / (float64(c.R) + float64(c.G)) }
	prev := LoadColour(0)
	for v := 0.1; v <= 1.0001; v += 0.1 {
		c := LoadColour(v)
		if redness(c) < redness(prev) {
			t.Errorf("load %.1f: %v is less red than %v", v, c, prev)
		}
		prev = c
	}
	if got := Load(model.UnitLoad{Backlog: 0}, 5); got != 0 {
		t.Errorf("empty unit load %v", got)
	}
	if got := Load(model.UnitLoad{Backlog: 20}, 5); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("4 h per worker: load %v, want 0.5", got)
	}
	if got := Load(model.UnitLoad{Busy: 2, Servers: 2}, 2); got != 0.5 {
		t.Errorf("all busy, no backlog: load %v, want 0.5", got)
	}
	if got := Load(model.UnitLoad{Backlog: 1000}, 1); got != 1 {
		t.Errorf("drowning load %v, want 1", got)
	}
}

func TestColoursDistinct(t *testing.T) {
	ch := []color.NRGBA{ChannelColour(model.Fragmented), ChannelColour(model.OneWindow), ChannelColour(model.Online)}
	for i := range ch {
		for j := i + 1; j < len(ch); j++ {
			if ch[i] == ch[j] {
				t.Errorf("channels %d and %d share a colour", i, j)
			}
		}
	}
	for i := 0; i < 10; i++ {
		for j := i + 1; j < 10; j++ {
			if DeptColour(i) == DeptColour(j) {
				t.Errorf("departments %d and %d share a colour", i, j)
			}
		}
	}
	if ColTicket[0] == ColTicket[2] {
		t.Error("a bounced ticket looks like a fresh one")
	}
}

func tinyLayout() *model.Layout {
	return &model.Layout{
		Districts:   []model.Place{{Name: "d", Label: "老城区", Population: 2000, Parent: -1, Dept: -1}},
		Streets:     []model.Place{{Name: "d-s1", Parent: 0, Workers: 4, Dept: -1}},
		Communities: []model.Place{{Name: "d-s1-c1", Parent: 0, Population: 1000, Workers: 2, Dept: -1}, {Name: "d-s1-c2", Parent: 0, Population: 1000, Workers: 2, Dept: -1}},
		Offices:     []model.Place{{Name: "police@d", Parent: 0, Windows: 2, Dept: 0}},
		Halls:       []model.Place{{Name: "hall@d", Parent: 0, Windows: 2, Dept: -1}},
		Departments: []string{"police"},
		DeptLabels:  []string{"公安局"},
	}
}

// A travelling citizen is drawn on the line from home to the unit over the
// last TripMinutes of the trip (earlier it is still at home).
func TestTravelInterpolation(t *testing.T) {
	s := New(tinyLayout(), Rect{0, 0, 600, 400}, i18n.English)
	x0, y0 := s.Geo.Anchor(PlaceRef{PlaceCommunity, 1})
	x1, y1 := s.Geo.Anchor(PlaceRef{PlaceOffice, 0})
	ms := model.MatterState{Matter: 7, Home: 1, Channel: model.OneWindow, Stage: model.StageTravel, Unit: model.UnitRef{Kind: model.UnitOffice, Index: 0}, Since: 0, Until: 200}
	units := []model.UnitLoad{{Unit: model.UnitRef{Kind: model.UnitOffice}, Servers: 2}}
	for _, tc := range []struct {
		t     float64
		drawn bool
		f     float32
	}{{100, false, 0}, {150, true, 0}, {175, true, 0.5}, {200, true, 1}} {
		snap := &model.Snapshot{T: tc.t, Matters: []model.MatterState{ms}, Units: units}
		s.Update(snap, 1.0/60)
		var c logCanvas
		s.Draw(&c)
		var found []circle
		for _, ci := range c.circles {
			if ci.c == ColOneWindow && ci.r == DotRadius {
				found = append(found, ci)
			}
		}
		if !tc.drawn {
			if len(found) != 0 {
				t.Errorf("t=%v: citizen drawn before setting out: %v", tc.t, found)
			}
			continue
		}
		if len(found) != 1 {
			t.Fatalf("t=%v: %d citizens drawn, want 1", tc.t, len(found))
		}
		wx, wy := x0+(x1-x0)*tc.f, y0+(y1-y0)*tc.f
		// The sideways offset is at most 4 px (none at the ends).
		if d := math.Hypot(float64(found[0].x-wx), float64(found[0].y-wy)); d > 4.01 || ((tc.f == 0 || tc.f == 1) && d > 0.01) {
			t.Errorf("t=%v: citizen at (%.1f, %.1f), want (%.1f, %.1f) ± 4", tc.t, found[0].x, found[0].y, wx, wy)
		}
	}
}

// A ticket moving from dispatch to an office becomes a particle that
// travels between their anchors over HopSeconds of animation time (not
// simulated time), coloured by its bounces.
func TestTicketHops(t *testing.T) {
	s := New(tinyLayout(), Rect{0, 0, 600, 400}, i18n.Chinese)
	at := func(stage model.TicketStage, bounces int16) *model.Snapshot {
		return &model.Snapshot{T: 10, Tickets: []model.TicketState{{Ticket: 3, Home: 0, Stage: stage, Unit: model.UnitRef{Kind: model.UnitOffice, Index: 0}, Bounces: bounces}}}
	}
	s.Update(at(model.TicketDispatch, 0), 0)
	n0 := s.Particles() // home → dispatch
	if n0 != 1 {
		t.Fatalf("new ticket: %d particles, want 1", n0)
	}
	s.Update(at(model.TicketDispatch, 0), HopSeconds)
	if s.Particles() != 0 {
		t.Fatalf("particle alive after %v s", HopSeconds)
	}
	s.Update(at(model.TicketReview, 0), 0) // dispatch → office
	if s.Particles() != 1 {
		t.Fatalf("dispatch: %d particles, want 1", s.Particles())
	}
	s.Update(at(model.TicketReview, 0), HopSeconds/2)
	var c logCanvas
	s.Draw(&c)
	x0, y0 := s.Geo.Anchor(PlaceRef{PlaceDispatch, 0})
	x1, y1 := s.Geo.Anchor(PlaceRef{PlaceOffice, 0})
	mx, my := x0+(x1-x0)*0.75, y0+(y1-y0)*0.75 // eased: 1−(1−½)² = ¾ of the way
	ok := false
	for _, ci := range c.circles {
		if ci.c == ColTicket[0] && math.Hypot(float64(ci.x-mx), float64(ci.y-my)) < 1 {
			ok = true
		}
	}
	if !ok {
		t.Errorf("no ticket half way between dispatch (%.0f,%.0f) and the office (%.0f,%.0f)", x0, y0, x1, y1)
	}
	s.Update(at(model.TicketDispatch, 1), HopSeconds) // returned: a bounce
	if len(s.parts) != 1 || s.parts[0].col != ColTicket[1] {
		t.Errorf("a returned ticket should hop back in the bounce colour: %+v", s.parts)
	}
	// The label is the Chinese one.
	if got := s.placeLabel(PlaceRef{PlaceOffice, 0}); got != "公安局" {
		t.Errorf("office label %q", got)
	}
}

// The same snapshots and time steps give the same drawing calls; the model
// running a different seed gives different ones.
func TestDrawDeterministic(t *testing.T) {
	run := func(seed uint64) uint64 {
		m := newModel(t, "classroom", seed)
		s := New(m.Layout(), Rect{0, 0, 940, 720}, i18n.English)
		var snap model.Snapshot
		var c logCanvas
		for i := 0; i < 40; i++ {
			m.RunUntil(7*1440 + 9*60 + float64(i)*5)
			m.Snapshot(&snap)
			s.Update(&snap, 1.0/12)
			s.Draw(&c)
		}
		return c.hash()
	}
	a, b, other := run(1), run(1), run(2)
	if a != b {
		t.Error("same seed, different drawing")
	}
	if a == other {
		t.Error("different seeds, same drawing")
	}
}

func TestHitTestAndDetails(t *testing.T) {
	s := New(tinyLayout(), Rect{0, 0, 600, 400}, i18n.English)
	s.Update(&model.Snapshot{Units: []model.UnitLoad{{Unit: model.UnitRef{Kind: model.UnitOffice}, Servers: 2, Busy: 1, Queued: 3}}}, 0)
	var c logCanvas
	s.Draw(&c)
	x, y := s.Geo.Offices[0].Rect.Centre()
	h, ok := s.HitTest(x, y)
	if !ok || h.Place != (PlaceRef{PlaceOffice, 0}) {
		t.Fatalf("hit %+v %v, want the office", h, ok)
	}
	d := s.Details(h)
	want := []string{"police · d", "windows open: 2", "serving: 1", "waiting: 3"}
	for i, w := range want {
		if i >= len(d) || d[i] != w {
			t.Errorf("details %q, want %q first", d, want)
			break
		}
	}
	cx, cy := s.Geo.Communities[1].Centre()
	if h, _ := s.HitTest(cx, cy); h.Place != (PlaceRef{PlaceCommunity, 1}) {
		t.Errorf("community hit %+v", h)
	}
}

func TestClockAndSpeed(t *testing.T) {
	if got := Clock(i18n.English, 7*1440+9*60+5); got != "day 8  Mon 09:05" {
		t.Errorf("clock %q", got)
	}
	if got := Clock(i18n.Chinese, 1440+23*60+59.9); got != "第2天 周二 23:59" {
		t.Errorf("clock %q", got)
	}
	if got := Speed(i18n.English, 86400); got != "86400× (1 d/s)" {
		t.Errorf("speed %q", got)
	}
	if got := Shorten("公安局(户政)"); got != "公安局" {
		t.Errorf("shorten %q", got)
	}
}
