package play

import (
	"fmt"

	"github.com/tiaokuai/tiaokuai/i18n"
	"github.com/tiaokuai/tiaokuai/model/calendar"
	"github.com/tiaokuai/tiaokuai/viz/scene"
)

// Speeds are the speed settings: simulated seconds per real second, from
// real time to a simulated day per second.
var Speeds = []float64{1, 10, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 86400}

// DefaultSpeed is the index of 600× (ten simulated minutes a second).
const DefaultSpeed = 5

// PanelWidth is the width of the side panel in pixels.
const PanelWidth = 340

// Action is something the user asks for. The ebiten back end maps keys and
// clicks to actions; tests send them directly.
type Action uint8

const (
	ActPause Action = iota
	ActFaster
	ActSlower
	ActStep
	ActRestart
	ActSplit
	ActFocus
	ActLang
	ActKeys
	ActLever // with Lever
)

// Session is the viewer's world: one or two panes on one clock, the speed,
// pause, language and what the mouse points at. It knows nothing of
// ebiten: each Update advances the clock by a fixed amount of simulated
// time (speed ÷ TPS), never by the wall clock, and Draw renders the
// latest snapshots against any scene.Canvas.
type Session struct {
	Panes    []*Pane
	Focus    int
	Speed    int // index into Speeds
	Paused   bool
	ShowKeys bool
	Lang     i18n.Lang
	TPS      float64 // updates per real second
	W, H     float32

	t     float64 // simulated minutes
	start float64
	vs    *Spec // the second scenario for split screen, if given

	rate float64 // simulated minutes per update, when set (recording)

	mouseX, mouseY float32
	pinned         *pin
	Updates        int64
}

type pin struct {
	pane int
	hit  scene.Hit
}

// Options configure a session. Zero values mean the defaults.
type Options struct {
	W, H  float32   // canvas size; default 1280×720
	TPS   float64   // updates per real second; default 60
	Start float64   // simulated minutes to start at; default 1 week + 8 h (Monday 08:00 of week 2)
	Lang  i18n.Lang // default English
	Speed float64   // simulated seconds per real second (nearest setting); default 600
	Vs    *Spec     // a second scenario side by side (split screen)
}

// DefaultStart is Monday 08:00 of the second week: the warm-up has filled
// the offices, and the first opening of the day is about to come.
const DefaultStart = calendar.Week + 8*calendar.Hour

// NewSession starts spec (and opt.Vs beside it) at opt.Start.
func NewSession(spec Spec, opt Options) (*Session, error) {
	s := &Session{W: opt.W, H: opt.H, TPS: opt.TPS, Lang: opt.Lang, Speed: DefaultSpeed, start: opt.Start, ShowKeys: true, vs: opt.Vs}
	if opt.Speed > 0 {
		s.Speed = NearestSpeed(opt.Speed)
	}
	if s.W == 0 {
		s.W, s.H = 1280, 720
	}
	if s.TPS == 0 {
		s.TPS = 60
	}
	if s.start == 0 {
		s.start = DefaultStart
	}
	p, err := NewPane(spec, s.mapRect(0, 1), s.Lang)
	if err != nil {
		return nil, err
	}
	s.Panes = []*Pane{p}
	if opt.Vs != nil {
		q, err := NewPane(*opt.Vs, s.mapRect(1, 2), s.Lang)
		if err != nil {
			return nil, err
		}
		s.Panes = append(s.Panes, q)
		p.Scene.Resize(s.mapRect(0, 2))
	}
	s.seek(s.start)
	return s, nil
}

func (s *Session) mapRect(i, n int) scene.Rect {
	w := (s.W - PanelWidth) / float32(n)
	return scene.Rect{X: float32(i) * w, Y: 0, W: w, H: s.H}
}

// Now is the session's simulated time in minutes.
func (s *Session) Now() float64 { return s.t }

// Step is the simulated time one Update advances, in minutes.
func (s *Session) Step() float64 {
	if s.rate > 0 {
		return s.rate
	}
	return Speeds[s.Speed] / s.TPS / 60
}

// SetRate fixes the simulated minutes each Update advances, overriding
// the speed setting (recordings cover a given span in a given number of
// frames). Zero returns to the speed setting.
func (s *Session) SetRate(minutes float64) { s.rate = minutes }

// SpeedFactor is the simulated seconds per real second now.
func (s *Session) SpeedFactor() float64 { return s.Step() * 60 * s.TPS }

func (s *Session) seek(t float64) {
	s.t = t
	for _, p := range s.Panes {
		p.Advance(t, 0)
	}
}

// Update is one tick: unless paused, the clock moves on by Step().
func (s *Session) Update() {
	s.Updates++
	dt := 1 / s.TPS
	if !s.Paused && !s.Finished() {
		s.t += s.Step()
	}
	for _, p := range s.Panes {
		p.Advance(s.t, dt)
	}
}

// Finished reports whether every pane's run is over.
func (s *Session) Finished() bool {
	for _, p := range s.Panes {
		if !p.Finished() {
			return false
		}
	}
	return true
}

// Do carries out an action. For ActLever, lv names the lever.
func (s *Session) Do(a Action, lv Lever) error {
	switch a {
	case ActPause:
		s.Paused = !s.Paused
	case ActFaster:
		s.Speed = min(len(Speeds)-1, s.Speed+1)
	case ActSlower:
		s.Speed = max(0, s.Speed-1)
	case ActStep:
		// One real second's worth of simulated time at the current speed.
		s.t += Speeds[s.Speed] / 60
		for _, p := range s.Panes {
			p.Advance(s.t, 0)
		}
	case ActRestart:
		for _, p := range s.Panes {
			if err := p.Restart(); err != nil {
				return err
			}
		}
		s.pinned = nil
		s.seek(s.start)
	case ActSplit:
		s.pinned = nil
		if len(s.Panes) > 1 {
			s.Panes = s.Panes[:1]
			s.Focus = 0
			s.Panes[0].Scene.Resize(s.mapRect(0, 1))
			return nil
		}
		var q *Pane
		var err error
		if s.vs != nil {
			q, err = NewPane(*s.vs, s.mapRect(1, 2), s.Lang)
			if err == nil {
				q.Advance(s.t, 0)
			}
		} else {
			q, err = s.Panes[0].Clone(s.t, s.mapRect(1, 2))
		}
		if err != nil {
			return err
		}
		s.Panes[0].Scene.Resize(s.mapRect(0, 2))
		s.Panes = append(s.Panes, q)
		s.Focus = 1
	case ActFocus:
		s.Focus = (s.Focus + 1) % len(s.Panes)
	case ActLang:
		s.Lang = s.Lang.Next()
		for _, p := range s.Panes {
			p.Scene.Lang = s.Lang
		}
	case ActKeys:
		s.ShowKeys = !s.ShowKeys
	case ActLever:
		s.Panes[s.Focus].Flip(lv)
	default:
		return fmt.Errorf("play: unknown action %d", a)
	}
	return nil
}

// Mouse tells the session where the pointer is.
func (s *Session) Mouse(x, y float32) { s.mouseX, s.mouseY = x, y }

// Click pins the details of what is under (x, y), or unpins.
func (s *Session) Click(x, y float32) {
	for i, p := range s.Panes {
		if p.Scene.Geo.Map.Contains(x, y) {
			if h, ok := p.Scene.HitTest(x, y); ok && h.Matter < 0 {
				s.pinned = &pin{i, h}
				return
			}
		}
	}
	s.pinned = nil
}

// Panel is what the side panel shows now.
func (s *Session) Panel() *scene.Panel {
	p := &scene.Panel{Time: s.t, Speed: s.SpeedFactor(), Paused: s.Paused, ShowKeys: s.ShowKeys, Focus: s.Focus}
	for _, q := range s.Panes {
		p.Panes = append(p.Panes, q.PanePanel(s.Lang))
	}
	return p
}

// Draw renders the latest snapshots: the maps, the side panel, the key and
// the details of what the mouse points at (or what was clicked).
func (s *Session) Draw(c scene.Canvas) {
	s.DrawBase(c)
	s.DrawLive(c)
}

// BaseKey changes whenever DrawBase would draw something different (see
// scene.Scene.BaseKey).
func (s *Session) BaseKey() uint64 {
	h := uint64(len(s.Panes))<<8 | uint64(s.Lang)
	for _, p := range s.Panes {
		h = h*1099511628211 ^ p.Scene.BaseKey()
	}
	return h
}

// DrawBase draws the slowly changing layer: each pane's map and the
// panel's background.
func (s *Session) DrawBase(c scene.Canvas) {
	for _, p := range s.Panes {
		p.Scene.DrawBase(c)
	}
	c.FillRect(s.panelRect(), scene.ColPanelBG)
}

func (s *Session) panelRect() scene.Rect {
	return scene.Rect{X: s.W - PanelWidth, Y: 0, W: PanelWidth, H: s.H}
}

// DrawLive draws everything else over DrawBase.
func (s *Session) DrawLive(c scene.Canvas) {
	for i, p := range s.Panes {
		p.Scene.DrawLive(c)
		if len(s.Panes) > 1 {
			r := p.Scene.Geo.Map
			col := scene.PaneColour(i)
			c.FillRect(scene.Rect{X: r.X, Y: r.Y + r.H - 4, W: r.W, H: 4}, col)
			if i == s.Focus {
				c.StrokeRect(r.Inset(1), 2, scene.ColHighlight)
			}
		}
	}
	panel := s.Panel()
	panel.NoBackground = true
	scene.DrawPanel(c, s.panelRect(), panel, s.Lang)
	if s.ShowKeys {
		scene.DrawKeys(c, s.Panes[0].Scene.Geo.Map, s.Lang, LeverKeyRange())
	}
	pi, h, ok := s.hover()
	if ok {
		sc := s.Panes[pi].Scene
		sc.Highlight(c, h)
		x, y := s.mouseX, s.mouseY
		if s.pinned != nil {
			if r, ok := sc.Geo.Rect(h.Place); ok && h.Matter < 0 {
				x, y = r.X+r.W, r.Y
			}
		}
		scene.DrawInfo(c, scene.Rect{X: 0, Y: 0, W: s.W, H: s.H}, x, y, sc.Details(h))
	}
}

func (s *Session) hover() (int, scene.Hit, bool) {
	if s.pinned != nil && s.pinned.pane < len(s.Panes) {
		return s.pinned.pane, s.pinned.hit, true
	}
	for i, p := range s.Panes {
		if p.Scene.Geo.Map.Contains(s.mouseX, s.mouseY) {
			h, ok := p.Scene.HitTest(s.mouseX, s.mouseY)
			if ok && (h.Matter >= 0 || h.Place.Kind != scene.PlaceDistrict) {
				return i, h, true
			}
		}
	}
	return 0, scene.Hit{}, false
}
